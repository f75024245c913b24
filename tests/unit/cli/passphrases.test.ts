/** Where passphrases come from (files, variables, a prompt at a terminal) and what a wrong one gives. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, PASS, PASS2, tempDir } from './harness.js';

describe('passphrases', () => {
  const dir = tempDir();
  const home = join(dir, 'home');
  const project = join(dir, 'p.tandai');
  const env = { TANDAI_PASSPHRASE: PASS };

  beforeAll(async () => {
    expect((await cli(['identity', 'init', '--name', 'Amina Odhiambo'], { env, home })).code).toBe(0);
    // The project's own passphrase differs from the identity's: TANDAI_NEW_PASSPHRASE wins over the fallback.
    const r = await cli(['init', '--project', project, '--no-recovery-key'], { env: { ...env, TANDAI_NEW_PASSPHRASE: PASS2 }, home });
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hello.\nRespondent: Hello to you.\n');
    expect((await cli(['import', '--project', project, join(dir, 'a.txt')], { env, home })).code).toBe(0);
  });

  it('a wrong identity passphrase exits 1 with one line "tandai: wrong passphrase …" and nothing on stdout', async () => {
    const r = await cli(['list', '--project', project], { env: { TANDAI_PASSPHRASE: 'not the right passphrase at all' }, home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: wrong passphrase /)]);
  });

  it('a wrong project passphrase exits 1 with one line naming the project', async () => {
    const r = await cli(['list', '--project', project, '--json'], { env: { TANDAI_PROJECT_PASSPHRASE: PASS }, home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.errLines).toEqual(['tandai: wrong passphrase for p.tandai']);
  });

  it('TANDAI_PROJECT_PASSPHRASE opens the project with no identity on the computer at all', async () => {
    const r = await cli(['list', '--project', project, '--json'], { env: { TANDAI_PROJECT_PASSPHRASE: PASS2 }, home: join(dir, 'empty-home') });
    expect(r.code, r.stderr).toBe(0);
    expect(json<unknown[]>(r)).toHaveLength(1);
  });

  it('without an identity or a project passphrase, a non-interactive run exits 2 naming the options', async () => {
    const r = await cli(['list', '--project', project], { env: {}, home: join(dir, 'empty-home') });
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: no identity in .* to open .*p\.tandai with: use --project-passphrase-file FILE or set TANDAI_PROJECT_PASSPHRASE$/)]);
  });

  it('with an identity but no passphrase, a non-interactive run exits 2 naming TANDAI_PASSPHRASE and --passphrase-file', async () => {
    const r = await cli(['list', '--project', project], { env: {}, home });
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: no passphrase to unlock your identity: set TANDAI_PASSPHRASE or use --passphrase-file FILE/)]);
  });

  it('passphrase files lose one trailing newline and nothing else', async () => {
    writeFileSync(join(dir, 'one-newline'), `${PASS}\n`);
    writeFileSync(join(dir, 'two-newlines'), `${PASS}\n\n`);
    writeFileSync(join(dir, 'crlf'), `${PASS}\r\n`);
    for (const f of ['one-newline', 'crlf']) {
      const r = await cli(['list', '--project', project, '--passphrase-file', f], { env: {}, home, cwd: dir });
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
    }
    const r = await cli(['list', '--project', project, '--passphrase-file', 'two-newlines'], { env: {}, home, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: wrong passphrase/)]);
  });

  it('--passphrase-file wins over TANDAI_PASSPHRASE, and a missing file is named', async () => {
    writeFileSync(join(dir, 'right'), PASS);
    const ok = await cli(['list', '--project', project, '--passphrase-file', join(dir, 'right')], { env: { TANDAI_PASSPHRASE: 'some wrong passphrase here' }, home });
    expect(ok.code, ok.stderr).toBe(0);
    const missing = await cli(['list', '--project', project, '--passphrase-file', join(dir, 'nope')], { env, home });
    expect(missing.code).toBe(1);
    expect(missing.errLines).toEqual([expect.stringMatching(/^tandai: passphrase file .*nope cannot be read \(ENOENT\)$/)]);
  });

  it('a weak new passphrase is refused with the reason, and no project file is left behind', async () => {
    const r = await cli(['init', '--project', join(dir, 'weak.tandai'), '--no-recovery-key'], { env: { ...env, TANDAI_NEW_PASSPHRASE: 'password1' }, home });
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: weak passphrase: /)]);
    expect(() => readFileSync(join(dir, 'weak.tandai'))).toThrow();
  });

  it('at a terminal the identity passphrase is asked for (fake stdin), and what is typed is never echoed', async () => {
    const r = await cli(['list', '--project', project, '--json'], { env: {}, home, tty: { input: `${PASS}\n` } });
    expect(r.code, r.stderr).toBe(0);
    expect(json<unknown[]>(r)).toHaveLength(1);
    expect(r.stderr).toContain('Passphrase for your identity: ');
    expect(r.stderr).not.toContain(PASS);
  });

  it('at a terminal, a project not shared with this identity asks for its own passphrase', async () => {
    const other = join(dir, 'other-home');
    expect((await cli(['identity', 'init', '--name', 'Other Person'], { env: { TANDAI_PASSPHRASE: PASS2 }, home: other })).code).toBe(0);
    const r = await cli(['list', '--project', project, '--json'], { env: {}, home: other, tty: { input: `${PASS2}\n${PASS2}\n` } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/is not shared with your identity/);
    expect(r.stderr).toMatch(/Passphrase for .*p\.tandai: /);
    const noTty = await cli(['list', '--project', project], { env: { TANDAI_PASSPHRASE: PASS2 }, home: other });
    expect(noTty.code).toBe(1);
    expect(noTty.errLines).toEqual([expect.stringMatching(/^tandai: p\.tandai is not shared with your identity/)]);
  });

  it('passwd changes the project passphrase: the old one stops working, the new one opens it', async () => {
    const copy = join(dir, 'passwd.tandai');
    const made = await cli(['init', '--project', copy, '--no-recovery-key'], { env, home });
    expect(made.code, made.stderr).toBe(0);
    writeFileSync(join(dir, 'new-pass'), `${PASS2}\n`);
    const noCurrent = await cli(['passwd', '--project', copy, '--new-passphrase-file', join(dir, 'new-pass')], { env, home });
    expect(noCurrent.code).toBe(2);
    expect(noCurrent.errLines).toEqual(['tandai: no current project passphrase: use --project-passphrase-file FILE or set TANDAI_PROJECT_PASSPHRASE']);

    const r = await cli(['passwd', '--project', copy, '--new-passphrase-file', join(dir, 'new-pass')], { env: { ...env, TANDAI_PROJECT_PASSPHRASE: PASS }, home });
    expect(r.code, r.stderr).toBe(0);
    expect((await cli(['list', '--project', copy], { env: { TANDAI_PROJECT_PASSPHRASE: PASS }, home })).code).toBe(1);
    expect((await cli(['list', '--project', copy], { env: { TANDAI_PROJECT_PASSPHRASE: PASS2 }, home })).code).toBe(0);
  });

  it('recover opens the project with the recovery words from a file and sets the new passphrase', async () => {
    const p = join(dir, 'recover.tandai');
    const keyFile = join(dir, 'recover.key');
    expect((await cli(['init', '--project', p, '--recovery-key-out', keyFile], { env, home })).code).toBe(0);
    const noKey = await cli(['recover', '--project', p], { env: { TANDAI_NEW_PASSPHRASE: PASS2 }, home });
    expect(noKey.code).toBe(2);
    expect(noKey.errLines).toEqual(['tandai: no recovery key: use --recovery-key-file FILE']);

    writeFileSync(join(dir, 'wrong.key'), readFileSync(keyFile, 'utf8').split(' ').reverse().join(' '));
    const wrong = await cli(['recover', '--project', p, '--recovery-key-file', join(dir, 'wrong.key')], { env: { TANDAI_NEW_PASSPHRASE: PASS2 }, home });
    expect(wrong.code).toBe(1);
    expect(wrong.errLines).toEqual([expect.stringMatching(/^tandai: that recovery key/)]);

    const r = await cli(['recover', '--project', p, '--recovery-key-file', keyFile], { env: { TANDAI_NEW_PASSPHRASE: PASS2 }, home });
    expect(r.code, r.stderr).toBe(0);
    expect((await cli(['list', '--project', p], { env: { TANDAI_PROJECT_PASSPHRASE: PASS2 }, home })).code).toBe(0);
  });

  it('at a terminal the recovery key goes to stderr, never to stdout', async () => {
    const p = join(dir, 'tty.tandai');
    const r = await cli(['init', '--project', p], { env, home, tty: { input: '' } });
    expect(r.code, r.stderr).toBe(0);
    const words = r.stderr.match(/^ {2}((?:[a-z]+ ){23}[a-z]+)$/m)?.[1];
    expect(words?.split(' ')).toHaveLength(24);
    expect(r.stdout).not.toContain(words!);
    // The words shown are the real key: they recover the project.
    writeFileSync(join(dir, 'tty.key'), words!);
    const rec = await cli(['recover', '--project', p, '--recovery-key-file', join(dir, 'tty.key')], { env: { TANDAI_NEW_PASSPHRASE: PASS2 }, home });
    expect(rec.code, rec.stderr).toBe(0);
  });

  it('identity init at a terminal asks for the new passphrase twice and refuses a weak one with the reason', async () => {
    const fresh = join(dir, 'fresh-home');
    const r = await cli(['identity', 'init', '--name', 'Nadia'], { env: {}, home: fresh, tty: { input: `short\n${PASS}\n${PASS}\n` } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/too short/);
    expect(r.stderr.match(/New passphrase for your identity: /g)).toHaveLength(2);
    expect(r.stderr).toContain('Repeat it: ');
    expect((await cli(['identity', 'show', '--json'], { env, home: fresh })).code).toBe(0);
  });
});
