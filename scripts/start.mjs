#!/usr/bin/env node
// `npm start`: check for the Electron runtime, build the renderer and the Node bundles, build
// better-sqlite3 for Electron's ABI (kept apart from the Node build that tests and the CLI use),
// then run Electron on this folder (package.json "main" is build/app/main.cjs).
//
//   --check-electron   only report whether the Electron runtime is installed (exit 0 / 1)
//   --prepare-only     build everything, print the native binding path, do not start Electron
//   --no-download      do not try to fetch a missing Electron runtime
//
// Failures end with ONE line on stderr naming what is wrong and what to do; no stack traces.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);

// Tests point this at a stand-in folder; normally it is the installed electron package.
const electronDir = process.env.TANDAI_ELECTRON_DIR ? path.resolve(process.env.TANDAI_ELECTRON_DIR) : path.join(root, 'node_modules', 'electron');
// Electron >= 42 has no postinstall: its binary is fetched lazily by node_modules/electron/install.js,
// which is also the package's `install-electron` bin.
const INSTALL_COMMAND = 'npx install-electron';

class StartError extends Error {}
const fail = (line) => {
  throw new StartError(line);
};

/** Reads the electron package's own bookkeeping (path.txt + dist/), never `require('electron')`,
 *  which would start a download and throw with a stack trace when offline. */
export function findElectron(dir) {
  let version;
  try {
    version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return { version: null, binary: null };
  }
  let rel;
  try {
    rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
  } catch {
    rel = null; // never installed
  }
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist');
  if (!rel) return { version, binary: null };
  const binary = path.join(distDir, rel);
  return { version, binary: existsSync(binary) ? binary : null };
}

function ensureElectron({ download }) {
  let found = findElectron(electronDir);
  if (!found.version) fail(`Tandai needs the Electron runtime, but the electron package is not installed. Run: npm install, then npm start.`);
  if (!found.binary && download && existsSync(path.join(electronDir, 'install.js'))) {
    // Electron's own lazy install; its output (a stack trace when offline) stays captured.
    spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'pipe', timeout: 15 * 60_000 });
    found = findElectron(electronDir);
  }
  if (!found.binary) {
    fail(
      `Tandai needs the Electron ${found.version} runtime, which is not installed (no network to download it). On a machine with internet run: ${INSTALL_COMMAND} (in ${root}), then npm start.`,
    );
  }
  return found;
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

function buildRenderer() {
  const config = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs'].find((f) => existsSync(path.join(root, f)));
  const built = existsSync(path.join(root, 'build', 'renderer', 'index.html'));
  if (!config) {
    if (built) {
      console.log('start: no vite config yet; using the renderer already in build/renderer/.');
      return;
    }
    fail('The renderer cannot be built: there is no vite.config.ts yet, and build/renderer/index.html does not exist.');
  }
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = run(process.execPath, [vite, 'build']);
  if (r.status !== 0) fail(`The renderer build failed (vite build exited ${r.status ?? r.signal}); its output is above.`);
  if (!existsSync(path.join(root, 'build', 'renderer', 'index.html'))) {
    fail('vite build finished but build/renderer/index.html is missing: the vite config must set build.outDir to build/renderer.');
  }
}

function buildNode() {
  const r = run(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')]);
  if (r.status !== 0) fail('Building main, preload and worker failed (scripts/build-node.mjs); the reason is above.');
}

/** npm passes its config to scripts as npm_config_*; `nodedir=/usr` there would make node-gyp
 *  compile against Node's headers instead of Electron's (a silent wrong-ABI build). */
function buildEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_config_/i.test(k) && !/proxy|cafile|strict_ssl|^npm_config_ca$/i.test(k)) continue;
    env[k] = v;
  }
  return env;
}

/** better-sqlite3 for Electron's ABI in build/native/electron/, cached per Electron version. */
function ensureElectronSqlite(electronVersion) {
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const pkg = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8'));
  const nativeRoot = path.join(root, 'build', 'native', 'electron');
  const dest = path.join(nativeRoot, 'better-sqlite3');
  const binding = path.join(dest, 'build', 'Release', 'better_sqlite3.node');
  const stampFile = path.join(dest, '.tandai-build.json');
  const want = JSON.stringify({ electron: electronVersion, betterSqlite3: pkg.version, platform: process.platform, arch: process.arch });
  if (existsSync(binding) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) return binding;

  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  // Sources only: node_modules/better-sqlite3/build is the Node-ABI build and must not leak in.
  for (const entry of ['package.json', 'binding.gyp', 'lib', 'src', 'deps']) {
    if (existsSync(path.join(source, entry))) cpSync(path.join(source, entry), path.join(dest, entry), { recursive: true });
  }
  const env = buildEnv();
  const logFile = path.join(nativeRoot, 'build.log');
  const log = [];
  const target = [`--target=${electronVersion}`, `--arch=${process.arch}`];
  const quiet = { cwd: dest, env, stdio: 'pipe', encoding: 'utf8', timeout: 15 * 60_000 };

  const req = createRequire(path.join(source, 'package.json'));
  const resolveOrNull = (r, id) => {
    try {
      return r.resolve(id);
    } catch {
      return null;
    }
  };
  const prebuild = resolveOrNull(req, 'prebuild-install/bin.js');
  if (prebuild) {
    const r = spawnSync(process.execPath, [prebuild, '--runtime=electron', ...target, `--platform=${process.platform}`], quiet);
    log.push(`$ prebuild-install (exit ${r.status})`, r.stdout ?? '', r.stderr ?? '');
  }
  if (!existsSync(binding)) {
    console.log(`start: compiling better-sqlite3 for Electron ${electronVersion} (about a minute, once per Electron version)…`);
    const gyp = resolveOrNull(createRequire(path.join(root, 'package.json')), 'node-gyp/bin/node-gyp.js');
    const r = gyp
      ? spawnSync(process.execPath, [gyp, 'rebuild', '--release', '--runtime=electron', ...target, '--dist-url=https://electronjs.org/headers'], quiet)
      : { status: null, stdout: '', stderr: 'node-gyp is not installed' };
    log.push(`$ node-gyp rebuild --runtime=electron (exit ${r.status})`, r.stdout ?? '', r.stderr ?? '');
  }
  mkdirSync(nativeRoot, { recursive: true });
  writeFileSync(logFile, log.join('\n'));
  if (!existsSync(binding)) {
    fail(
      `Could not build better-sqlite3 for Electron ${electronVersion}: no prebuilt binary and no Electron headers could be downloaded (needs internet once). Details: ${path.relative(root, logFile)}`,
    );
  }
  writeFileSync(stampFile, want);
  return binding;
}

function startElectron(binary, nativeBinding) {
  const env = { ...process.env, TANDAI_NATIVE_BINDING: nativeBinding };
  // Would turn the app into a plain Node process.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, ['.'], { cwd: root, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function main() {
  const download = !flag('no-download');
  if (flag('check-electron')) {
    const { binary, version } = ensureElectron({ download });
    console.log(`Electron ${version}: ${binary}`);
    return;
  }
  // First, so that a machine without the runtime hears it in one line before any build output.
  const electron = ensureElectron({ download });
  buildRenderer();
  buildNode();
  const nativeBinding = ensureElectronSqlite(electron.version);
  if (flag('prepare-only')) {
    console.log(nativeBinding);
    return;
  }
  startElectron(electron.binary, nativeBinding);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    if (e instanceof StartError) {
      console.error(e.message);
      process.exit(1);
    }
    console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
