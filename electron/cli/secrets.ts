/**
 * Where passphrases come from, in order: a `--…-file` flag, an environment variable, a prompt with
 * echo off (only at a terminal). Without any of them a non-interactive run is a usage error that
 * names the option to use. Files lose one trailing newline and nothing else.
 */
import { readFileSync } from 'node:fs';
import { CliError, usageError } from './errors.js';
import type { CliContext } from './context.js';

export interface SecretFlags {
  passphraseFile?: string;
  projectPassphraseFile?: string;
  newPassphraseFile?: string;
}

export function readSecretFile(c: CliContext, file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(c.out.path(file), 'utf8');
  } catch (e) {
    throw new CliError(`${what} file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  }
  if (text.endsWith('\r\n')) text = text.slice(0, -2);
  else if (text.endsWith('\n')) text = text.slice(0, -1);
  if (text === '') throw new CliError(`${what} file ${file} is empty`);
  return text;
}

/** The identity passphrase, if one was given (never prompts). */
export function givenIdentityPassphrase(c: CliContext, flags: SecretFlags): string | null {
  if (flags.passphraseFile) return readSecretFile(c, flags.passphraseFile, 'passphrase');
  return c.out.envVar('TANDAI_PASSPHRASE') ?? null;
}

/** A project's own passphrase, if one was given (never prompts). */
export function givenProjectPassphrase(c: CliContext, flags: SecretFlags): string | null {
  if (flags.projectPassphraseFile) return readSecretFile(c, flags.projectPassphraseFile, 'project passphrase');
  return c.out.envVar('TANDAI_PROJECT_PASSPHRASE') ?? null;
}

/**
 * A new passphrase. `fallbackToIdentity` (identity init, init): with no new one given, the identity
 * passphrase is used, so one passphrase a day is enough for a scripted set-up.
 */
export async function newPassphrase(c: CliContext, flags: SecretFlags, opts: { what: string; fallbackToIdentity: boolean }): Promise<string> {
  if (flags.newPassphraseFile) return readSecretFile(c, flags.newPassphraseFile, 'new passphrase');
  const env = c.out.envVar('TANDAI_NEW_PASSPHRASE');
  if (env) return env;
  if (opts.fallbackToIdentity) {
    const id = givenIdentityPassphrase(c, flags);
    if (id) return id;
  }
  if (!c.out.interactive) {
    const alt = opts.fallbackToIdentity ? ', or set TANDAI_PASSPHRASE' : '';
    throw usageError(`no new passphrase for ${opts.what}: use --new-passphrase-file FILE or set TANDAI_NEW_PASSPHRASE${alt}`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await c.prompt.ask(`New passphrase for ${opts.what}: `, { hidden: true });
    const verdict = await c.client.call('passphrase.check', { passphrase: first });
    if (!verdict.ok) {
      c.out.note(`  ${verdict.reason ?? 'too weak'}`);
      continue;
    }
    const again = await c.prompt.ask('Repeat it: ', { hidden: true });
    if (again === first) return first;
    c.out.note('  the two entries differ; try again');
  }
  throw new CliError(`no acceptable passphrase for ${opts.what} after 3 tries`);
}
