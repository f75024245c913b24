/** Entry point of the Electron main process (bundled to build/app/main.cjs). */
import { app } from 'electron';
import { startApp } from './app.js';

// In the CommonJS bundle __dirname is build/app, beside preload.cjs and worker.cjs.
const running = startApp({ appDir: __dirname });
running.ready.catch((e: unknown) => {
  console.error(`tandai: could not start (${e instanceof Error ? e.message : String(e)})`);
  app.exit(1);
});
