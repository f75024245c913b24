/** `tandai identity init|show`: the person's local identity, shared with the app. */
import { Command } from 'commander';
import { z } from 'zod';
import type { IdentityInfo } from '../../../shared/contract/index.js';
import { unlockIdentity } from '../access.js';
import { JsonOpt, optionalPath, parseArgs, withJson } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { newPassphrase } from '../secrets.js';

function printIdentity(c: CliContext, who: IdentityInfo): void {
  c.out.line(`id:          ${who.id}`);
  c.out.line(`name:        ${who.displayName}`);
  c.out.line(`fingerprint: ${who.fingerprint}`);
  c.out.line(`card:        ${who.card}`);
}

const InitOpts = JsonOpt.extend({
  name: z.string().trim().min(1, 'a display name is needed').max(120, 'at most 120 characters').optional(),
  newPassphraseFile: optionalPath,
  passphraseFile: optionalPath,
});

const ShowOpts = JsonOpt.extend({ passphraseFile: optionalPath, card: z.boolean().optional() });

export function identityCommand(c: CliContext): Command {
  const identity = new Command('identity').description('your identity: keys that sign your work and open your projects (kept outside any project)');

  identity
    .command('init')
    .description('create your identity (once per computer user); the app uses the same one')
    .option('--name <name>', 'your display name, as teammates will see it')
    .option('--new-passphrase-file <file>', 'file holding the passphrase for it; default $TANDAI_NEW_PASSPHRASE, then $TANDAI_PASSPHRASE, else a prompt')
    .option('--passphrase-file <file>', 'used as the new passphrase when no new one is given')
    .option('--json', 'print the new identity as JSON')
    .addHelpText('after', '\nExample:\n  TANDAI_PASSPHRASE=… tandai identity init --name "Dewi Lestari"')
    .action(async (opts: unknown) => {
      const o = parseArgs(InitOpts, opts);
      let name = o.name;
      if (!name) {
        if (!c.out.interactive) throw usageError('--name: a display name is needed (tandai identity init --name NAME)');
        name = parseArgs(InitOpts, { name: await c.prompt.ask('Your display name: ') }).name;
        if (!name) throw usageError('--name: a display name is needed');
      }
      const status = await c.client.call('identity.status', {});
      if (status.exists) throw new CliError(`an identity already exists in ${c.client.home} ("tandai identity show" prints it)`);
      const passphrase = await newPassphrase(c, o, { what: 'your identity', fallbackToIdentity: true });
      const who = await c.client.call('identity.create', { displayName: name, passphrase });
      if (o.json) return c.out.json(who);
      c.out.line(`Created your identity in ${c.client.home}`);
      printIdentity(c, who);
      c.out.line('Give the card line to your lead so they can add you to a project.');
    });

  withJson(
    identity
      .command('show')
      .description('print your identity: id, name, fingerprint and public key card')
      .option('--passphrase-file <file>', 'file holding your identity passphrase; default $TANDAI_PASSPHRASE, else a prompt')
      .option('--card', 'print only the public key card (for "tandai team add … @FILE")'),
  ).action(async (opts: unknown) => {
    const o = parseArgs(ShowOpts, opts);
    const who = await unlockIdentity(c, o, 'required');
    if (!who) throw new CliError('no identity');
    if (o.json) return c.out.json(who);
    if (o.card) return c.out.line(who.card);
    printIdentity(c, who);
  });
  return identity;
}
