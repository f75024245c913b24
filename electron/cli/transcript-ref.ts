/** Naming a transcript on the command line: its id, a unique id prefix (8+ characters), or its exact title. */
import { UUID_RE } from '../../shared/ids.js';
import type { CliContext } from './context.js';
import { CliError } from './errors.js';

export async function resolveTranscript(c: CliContext, ref: string): Promise<{ id: string; title: string | null }> {
  const wanted = ref.trim();
  if (UUID_RE.test(wanted)) return { id: wanted.toLowerCase(), title: null };
  const all = await c.client.call('transcripts.list', {});
  const byPrefix = /^[0-9a-f-]{8,}$/i.test(wanted) ? all.filter((t) => t.id.startsWith(wanted.toLowerCase())) : [];
  const matches = byPrefix.length ? byPrefix : all.filter((t) => t.title === wanted);
  if (matches.length === 1) return { id: matches[0]!.id, title: matches[0]!.title };
  if (matches.length === 0) throw new CliError(`no transcript "${wanted}" in this project ("tandai list" shows the ids)`);
  throw new CliError(`"${wanted}" names ${matches.length} transcripts: use the full id ("tandai list" shows them)`);
}
