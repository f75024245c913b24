/** participants.*, transcripts.import/list/get/countWords and attributes.* */
import { attributeKey, BUILTIN_ATTRIBUTES } from '../../../shared/domain/attributes.js';
import { TandaiError } from '../../../shared/result.js';
import type { AttributeDef, AttributeValue } from '../../../shared/contract/index.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID } from '../store/project.js';
import { listParticipants } from './participants.js';
import { attributeDefs, checkAttributes, getTranscript, importTranscripts, listTranscripts, transcriptParticipant, writeAttribute } from './transcripts.js';
import { withdrawParticipant } from './withdraw.js';
import { countPendingWords } from './word-counts.js';

export function transcriptHandlers(
  ctx: Ctx,
): HandlerGroup<'participants.list' | 'participants.withdraw' | 'transcripts.import' | 'transcripts.list' | 'transcripts.countWords' | 'transcripts.get' | 'attributes.defs' | 'attributes.define' | 'attributes.set'> {
  return {
    'participants.list': () => {
      const p = ctx.requireProject();
      const counts = new Map((p.db.prepare('SELECT participant_id, COUNT(*) AS n FROM transcripts GROUP BY participant_id').all() as { participant_id: string; n: number }[]).map((r) => [r.participant_id, r.n]));
      const active = listParticipants(p).map((r) => ({ ...r, transcriptCount: counts.get(r.id) ?? 0, withdrawn: false }));
      // Withdrawn participants are listed by id only: their label was shredded with their key.
      const withdrawn = (p.db.prepare('SELECT participant_id FROM withdrawals ORDER BY at').all() as { participant_id: string }[]).map((r) => ({
        id: r.participant_id,
        label: '',
        transcriptCount: 0,
        withdrawn: true,
      }));
      return [...active, ...withdrawn];
    },
    'participants.withdraw': ({ participantId }) => withdrawParticipant(ctx.requireProject(), participantId),
    'transcripts.import': async (input, emit) => ({ results: await importTranscripts(ctx.requireProject(), input, emit) }),
    'transcripts.list': () => listTranscripts(ctx.requireProject()),
    'transcripts.countWords': (_input, emit) => countPendingWords(ctx.requireProject(), emit),
    'transcripts.get': ({ id, versionId }) => getTranscript(ctx.requireProject(), id, versionId),
    'attributes.defs': () => attributeDefs(ctx.requireProject()),
    'attributes.define': ({ name, type, choices }) => {
      const p = ctx.requireProject();
      const key = attributeKey(name);
      if (attributeDefs(p).some((d) => d.key === key)) throw new TandaiError('CONFLICT', `an attribute "${key}" already exists`);
      if (type === 'choice' && !choices?.length) throw new TandaiError('INVALID_INPUT', 'a choice attribute needs at least one choice');
      const def: AttributeDef = { key, name, type, ...(type === 'choice' ? { choices } : {}), builtin: false };
      p.tx(() => {
        const pos = (p.db.prepare('SELECT COUNT(*) AS n FROM attribute_defs').get() as { n: number }).n;
        p.db.prepare('INSERT INTO attribute_defs (key, def_ct, position, builtin) VALUES (?, ?, ?, 0)').run(key, p.sealJson('attribute_defs', key, 'def', PROJECT_KEY_ID, def), pos);
        p.audit('attribute.define', key, { type, choices: def.choices?.length ?? 0 });
      });
      return def;
    },
    'attributes.set': ({ transcriptId, key, value }) => {
      const p = ctx.requireProject();
      const pid = transcriptParticipant(p, transcriptId);
      const defs = attributeDefs(p);
      const checked = checkAttributes(defs, { [key]: value });
      p.tx(() => {
        writeAttribute(p, transcriptId, pid, key, checked[key]!);
        p.audit('attribute.set', transcriptId, auditedAttribute(defs, key, checked[key]!), pid);
      });
      return { ok: true as const };
    },
  };
}

/**
 * What an attribute change puts in the audit log: its key and type, never a value that could name
 * someone (de-identification rewrites values; the log cannot be rewritten). A yes/no, such as a
 * consent, names nobody and is what an auditor follows, so it is kept.
 */
function auditedAttribute(defs: readonly AttributeDef[], key: string, value: AttributeValue) {
  const type = defs.find((d) => d.key === key)?.type ?? null;
  return { key, type, cleared: value === null, ...(typeof value === 'boolean' ? { value } : {}) };
}

export { BUILTIN_ATTRIBUTES };
