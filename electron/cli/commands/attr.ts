/** `tandai attr set|define`: transcript attributes (country, interview type, team-defined ones). */
import { Command } from 'commander';
import { z } from 'zod';
import type { AttributeValue } from '../../../shared/contract/index.js';
import { coerceAttribute } from '../../../shared/domain/attributes.js';
import { openProject } from '../access.js';
import { AttrPair, AttributeTypeArg, ProjectOpts, parseArgs, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { formatValue } from '../format.js';
import { resolveTranscript } from '../transcript-ref.js';

const SetOpts = ProjectOpts.extend({
  transcript: z.string().trim().min(1, 'a transcript id is needed'),
  pairs: z.array(AttrPair).min(1, 'give at least one key=value'),
});

const DefineOpts = ProjectOpts.extend({
  name: z.string().trim().min(1, 'an attribute name is needed').max(120, 'at most 120 characters'),
  type: AttributeTypeArg,
  choices: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .optional(),
});

export function attrCommand(c: CliContext): Command {
  const attr = new Command('attr').description("transcripts' attributes: set values, define new attributes");

  withProjectOptions(
    attr
      .command('set')
      .description('set attribute values on one transcript (an empty value, key=, clears it)')
      .argument('<transcript>', 'the transcript id (or a unique prefix of 8+ characters, or its exact title)')
      .argument('<key=value...>', 'attribute key and value, e.g. country=Indonesia interview_type=caregiver'),
  )
    .addHelpText('after', '\nAll values are checked before any is written.\n\nExample:\n  tandai attr set --project study.tandai 3f2a9c1e country=Kenya date=2024-05-02')
    .action(async (transcript: string, pairs: string[], opts: Record<string, unknown>) => {
      const o = parseArgs(SetOpts, { ...opts, transcript, pairs }, { transcript: 'TRANSCRIPT_ID', pairs: 'key=value' });
      await openProject(c, o);
      const { id } = await resolveTranscript(c, o.transcript);
      const defs = await c.client.call('attributes.defs', {});
      // Check every pair first, so a typo in the third leaves the first two unwritten too.
      const values: [string, AttributeValue][] = o.pairs.map(({ key, value }) => {
        const def = defs.find((d) => d.key === key);
        if (!def) throw usageError(`unknown attribute "${key}" (known: ${defs.map((d) => d.key).join(', ')}; "tandai attr define" adds one)`);
        if (value === '') return [key, null];
        const v = coerceAttribute(def, value);
        if (!v.ok) throw usageError(v.error.message);
        return [key, v.value];
      });
      for (const [key, value] of values) await c.client.call('attributes.set', { transcriptId: id, key, value });
      for (const [key, value] of values) c.out.line(value === null ? `cleared ${key}` : `set ${key}=${formatValue(value)}`);
    });

  withProjectOptions(
    attr
      .command('define')
      .description('define a new attribute for every transcript')
      .argument('<name>', 'its name, e.g. "Region"; its key is the name in lower case with _ (region)')
      .option('--type <type>', 'text, number, date (YYYY-MM-DD), choice or boolean')
      .option('--choices <list>', 'for --type choice: the allowed values, comma-separated'),
  )
    .addHelpText('after', '\nExample:\n  tandai attr define --project study.tandai Region --type choice --choices North,South,Coast')
    .action(async (name: string, opts: Record<string, unknown>) => {
      if (opts.type === undefined) throw usageError(`--type: required (one of ${AttributeTypeArg.options.join(', ')})`);
      const o = parseArgs(DefineOpts, { ...opts, name }, { name: 'NAME' });
      if (o.type === 'choice' && !o.choices?.length) throw usageError('--choices: a choice attribute needs its values, e.g. --choices a,b,c');
      if (o.type !== 'choice' && o.choices) throw usageError(`--choices: only for --type choice (not ${o.type})`);
      await openProject(c, o);
      const def = await c.client.call('attributes.define', { name: o.name, type: o.type, ...(o.choices ? { choices: o.choices } : {}) });
      if (!def) throw new CliError('the attribute was not defined');
      c.out.line(`defined ${def.key} (${def.type}${def.choices ? `: ${def.choices.join(', ')}` : ''})`);
    });
  return attr;
}
