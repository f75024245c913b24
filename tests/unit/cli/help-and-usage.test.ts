/** The CLI's conventions: --help everywhere, usage errors exit 2 with one stderr line, nothing asked without a terminal. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHome } from '../../../electron/cli/home.js';
import { cli, PASS, tempDir } from './harness.js';

const COMMANDS: { path: string[]; mentions: string[] }[] = [
  { path: ['identity'], mentions: ['init', 'show'] },
  { path: ['identity', 'init'], mentions: ['--name', '--new-passphrase-file'] },
  { path: ['identity', 'show'], mentions: ['--json', '--card', '--passphrase-file'] },
  { path: ['init'], mentions: ['--project', '--name', '--recovery-key-out', '--no-recovery-key', '--new-passphrase-file'] },
  { path: ['import'], mentions: ['<paths...>', '--attr', '--participant', '--encoding', '--json'] },
  { path: ['list'], mentions: ['--project', '--json', '--passphrase-file', '--project-passphrase-file'] },
  { path: ['show'], mentions: ['<transcript>', '--json'] },
  { path: ['attr'], mentions: ['set', 'define'] },
  { path: ['attr', 'set'], mentions: ['<transcript>', '<key=value...>'] },
  { path: ['attr', 'define'], mentions: ['<name>', '--type', '--choices'] },
  { path: ['team'], mentions: ['add', 'list'] },
  { path: ['team', 'add'], mentions: ['<card>', '--role'] },
  { path: ['team', 'list'], mentions: ['--json'] },
  { path: ['participants'], mentions: ['--json'] },
  { path: ['withdraw'], mentions: ['--participant', '--yes'] },
  { path: ['passwd'], mentions: ['--project-passphrase-file', '--new-passphrase-file'] },
  { path: ['recover'], mentions: ['--recovery-key-file', '--new-passphrase-file'] },
  { path: ['backup'], mentions: ['--out'] },
  { path: ['audit'], mentions: ['verify', 'list'] },
  { path: ['audit', 'verify'], mentions: ['--json'] },
  { path: ['audit', 'list'], mentions: ['--limit', '--json'] },
];

describe('--help', () => {
  it('the top-level help lists every command, the environment variables and the exit codes', async () => {
    const home = join(tempDir(), 'home');
    const r = await cli(['--help'], { home });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const name of ['identity', 'init', 'import', 'list', 'show', 'attr', 'team', 'participants', 'withdraw', 'passwd', 'recover', 'backup', 'audit']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    for (const v of ['TANDAI_PROJECT', 'TANDAI_PASSPHRASE', 'TANDAI_PROJECT_PASSPHRASE', 'TANDAI_NEW_PASSPHRASE', 'TANDAI_HOME']) expect(r.stdout).toContain(v);
    expect(r.stdout).toContain('0 ok, 1 error');
  });

  it.each(COMMANDS.map((c) => ({ ...c, name: c.path.join(' ') })))('tandai $name --help prints its usage and options on stdout, exits 0 and touches nothing', async ({ path, mentions }) => {
    const home = join(tempDir(), 'home');
    const r = await cli([...path, '--help'], { home });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: tandai ${path.join(' ')} `));
    for (const m of mentions) expect(r.stdout).toContain(m);
    expect(existsSync(home)).toBe(false);
  });

  it('tandai help import is the same as tandai import --help', async () => {
    const home = join(tempDir(), 'home');
    const a = await cli(['help', 'import'], { home });
    const b = await cli(['import', '--help'], { home });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('--version prints the package version', async () => {
    const r = await cli(['--version'], { home: join(tempDir(), 'home') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('usage errors exit 2 with one line on stderr', () => {
  const home = join(tempDir(), 'home');
  const env = { TANDAI_PASSPHRASE: PASS };
  const cases: { argv: string[]; message: RegExp; env?: Record<string, string> }[] = [
    { argv: ['frobnicate'], message: /^tandai: unknown command 'frobnicate'/ },
    { argv: ['list', '--colour'], message: /^tandai: unknown option '--colour'/ },
    { argv: ['show', '--project', 'x.tandai'], message: /^tandai: missing required argument 'transcript'/ },
    { argv: ['list'], message: /^tandai: no project: use --project FILE\.tandai or set TANDAI_PROJECT$/ },
    { argv: ['list', 'extra', '--project', 'x.tandai'], message: /^tandai: too many arguments/ },
    { argv: ['import', '--project', 'x.tandai', 'a.txt', '--attr', 'country'], message: /^tandai: --attr: expected key=value, got "country"$/ },
    { argv: ['import', '--project', 'x.tandai', 'a.txt', '--attr', 'country='], message: /^tandai: --attr country=: a value is needed$/ },
    { argv: ['import', '--project', 'x.tandai', 'a.txt', '--encoding', 'klingon-8'], message: /^tandai: --encoding: unknown encoding label "klingon-8"/ },
    { argv: ['team', 'add', '--project', 'x.tandai', '--role', 'boss', 'tandai-id:1:abc'], message: /^tandai: --role: expected one of coder, lead, reviewer, got "boss"$/ },
    { argv: ['team', 'add', '--project', 'x.tandai', 'tandai-id:1:abc'], message: /^tandai: --role: required/ },
    { argv: ['attr', 'define', '--project', 'x.tandai', 'Region', '--type', 'colour'], message: /^tandai: --type: expected one of text, number, date, choice, boolean, got "colour"$/ },
    { argv: ['attr', 'define', '--project', 'x.tandai', 'Region', '--type', 'choice'], message: /^tandai: --choices: a choice attribute needs its values/ },
    { argv: ['attr', 'define', '--project', 'x.tandai', 'Age', '--type', 'number', '--choices', 'a,b'], message: /^tandai: --choices: only for --type choice/ },
    { argv: ['identity', 'init'], message: /^tandai: --name: a display name is needed/ },
    { argv: ['init', '--project', 'new.tandai'], message: /^tandai: the recovery key can only be shown on a terminal: use --recovery-key-out FILE or --no-recovery-key$/ },
    { argv: ['init', '--project', 'new.tandai', '--no-recovery-key', '--recovery-key-out', 'k.txt'], message: /^tandai: --recovery-key-out and --no-recovery-key contradict each other/ },
    { argv: ['init', '--project', 'new.db', '--no-recovery-key'], message: /^tandai: --project: a project file name must end in \.tandai/ },
    { argv: ['withdraw', '--project', 'x.tandai', '--participant', 'P001'], message: /^tandai: withdrawing P001 destroys their data for good: add --yes to confirm$/ },
    { argv: ['withdraw', '--project', 'x.tandai', '--yes'], message: /^tandai: --participant: required/ },
    { argv: ['backup', '--project', 'x.tandai'], message: /^tandai: --out: required/ },
  ];

  it.each(cases.map((c) => ({ ...c, line: c.argv.join(' ') })))('tandai $line', async ({ argv, message }) => {
    const r = await cli(argv, { env, home });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(message);
  });
});

describe('without a subcommand', () => {
  it.each([[[]], [['identity']], [['team']]])('tandai %j shows the help on stderr (not stdout) and exits 2', async (argv) => {
    const r = await cli(argv, { home: join(tempDir(), 'home') });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: tandai/);
  });
});

describe('the identity home', () => {
  it('is TANDAI_HOME when set, else the folder Electron uses as userData for the app "Tandai"', () => {
    expect(defaultHome({ TANDAI_HOME: '/srv/me' }, 'linux', '/home/u')).toBe('/srv/me');
    expect(defaultHome({}, 'linux', '/home/u')).toBe('/home/u/.config/Tandai');
    expect(defaultHome({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/Tandai');
    expect(defaultHome({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Tandai');
    expect(defaultHome({ APPDATA: '/c/Users/u/AppData/Roaming' }, 'win32', '/c/Users/u')).toBe(join('/c/Users/u/AppData/Roaming', 'Tandai'));
  });
});
