/** electron-builder.yml, checked by electron-builder 26's own validator, and the icons it names. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const require = createRequire(path.join(root, 'package.json'));
/** The parts of the loaded configuration these tests read. */
interface BuilderConfig {
  electronFuses: Record<string, boolean>;
  publish: unknown;
  files: Array<string | { filter: string[] }>;
  directories: { buildResources: string };
  asarUnpack: string[];
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const quietLogger = { isEnabled: false, add() {} };
const load = () => getConfig(root, path.join(root, 'electron-builder.yml'), null);

describe('electron-builder.yml', () => {
  it('passes electron-builder 26 configuration validation', async () => {
    await expect(validateConfiguration(await load(), quietLogger)).resolves.toBeUndefined();
  });

  it('the same validator rejects a misspelt fuse (so the check above can fail)', async () => {
    const config = await load();
    config.electronFuses = { ...config.electronFuses, runAsNodes: false };
    await expect(validateConfiguration(config, quietLogger)).rejects.toThrow(/configuration\.electronFuses/);
  });

  it('sets the fuses: no run-as-node, NODE_OPTIONS or --inspect; asar only, integrity-checked; cookies encrypted; no file:// privileges', async () => {
    expect((await load()).electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes nowhere, and nothing in the app can auto-update', async () => {
    const config = await load();
    expect(config.publish).toBeNull();
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('electron-updater');
  });

  it('packs the built app, renderer and resources, keeps build/ out of buildResources, unpacks the native module', async () => {
    const config = await load();
    // electron-builder normalises the list into one file set: [{ filter: [...] }].
    const patterns = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(patterns).toEqual(expect.arrayContaining(['package.json', 'build/app/**/*', 'build/renderer/**/*', 'resources/**/*', '!**/*.map']));
    expect(config.directories.buildResources).not.toBe('build');
    expect(config.asarUnpack.join(' ')).toContain('better-sqlite3');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('build/app/main.cjs');
  });

  it('names AppImage and deb, nsis, and dmg targets with icons that exist and are what they claim', async () => {
    const config = await load();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const png = readFileSync(path.join(root, config.linux.icon, `${size}x${size}.png`));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    const ico = readFileSync(path.join(root, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(1);
    expect(ico[6 + 16 * (ico.readUInt16LE(4) - 1)]).toBe(0); // largest entry is 256 px (stored as 0)
    const icns = readFileSync(path.join(root, config.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });
});
