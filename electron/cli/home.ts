/**
 * Where the identity keystore lives: `TANDAI_HOME`, else the folder Electron's
 * `app.getPath('userData')` gives the app (appData + "Tandai"), so the app and the CLI share one identity.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultHome(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.TANDAI_HOME) return env.TANDAI_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Tandai');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Tandai');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Tandai');
}
