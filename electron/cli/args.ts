/**
 * Argument checking at the CLI boundary (zod): a malformed flag is a usage error (exit 2) naming
 * the flag, before anything is unlocked or opened.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { AttributeType, Role } from '../../shared/contract/index.js';
import { attributeKey } from '../../shared/domain/attributes.js';
import { usageError } from './errors.js';

const kebab = (key: string) => `--${key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`;

/** Parses options (and positional arguments, named in `positional`) with a zod schema. */
export function parseArgs<S extends z.ZodType>(schema: S, value: unknown, positional: Record<string, string> = {}): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = issue.path[0];
  const name = typeof key === 'string' ? (positional[key] ?? kebab(key)) : 'arguments';
  throw usageError(`${name}: ${issue.message}`);
}

export const optionalPath = z.string().min(1, 'a file name is needed').optional();

/** The options every project command takes. */
export const ProjectOpts = z.object({
  project: optionalPath,
  passphraseFile: optionalPath,
  projectPassphraseFile: optionalPath,
});

export const JsonOpt = z.object({ json: z.boolean().optional() });

/** `key=value`: the key is an attribute key (or its name, normalised the same way); the value is kept as typed. */
export const AttrPair = z
  .string()
  .regex(/^[^=]+=[\s\S]*$/, { error: (i) => `expected key=value, got "${String(i.input)}"` })
  .transform((s) => {
    const at = s.indexOf('=');
    return { key: attributeKey(s.slice(0, at).trim()), value: s.slice(at + 1) };
  });

export const RoleArg = z.enum(Role.options, { error: (i) => `expected one of ${Role.options.join(', ')}, got "${String(i.input)}"` });
export const AttributeTypeArg = z.enum(AttributeType.options, { error: (i) => `expected one of ${AttributeType.options.join(', ')}, got "${String(i.input)}"` });

/** Adds --project, --passphrase-file and --project-passphrase-file. */
export function withProjectOptions(cmd: Command): Command {
  return cmd
    .option('--project <file>', 'the project file (.tandai); default $TANDAI_PROJECT')
    .option('--passphrase-file <file>', 'file holding your identity passphrase; default $TANDAI_PASSPHRASE, else a prompt')
    .option('--project-passphrase-file <file>', "open the project with its own passphrase from this file; default $TANDAI_PROJECT_PASSPHRASE");
}

export function withJson(cmd: Command): Command {
  return cmd.option('--json', 'print only JSON on stdout (schema in docs/cli.md)');
}
