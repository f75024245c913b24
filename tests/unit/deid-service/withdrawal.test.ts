/**
 * Withdrawal and de-identification: everything about the withdrawn participant — register entries
 * filed under them, candidates in their transcripts, decisions and pseudonyms of entities only they
 * had — goes with their key in the same transaction; an entity shared with another participant
 * keeps its decision (sealed under the project key) and their candidates.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFiles } from '../helpers/backend.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

const count = (path: string, sql: string, ...args: unknown[]) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(sql).get(...args) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('withdrawal', () => {
  it("takes the participant's register entries, candidates, decisions and pseudonyms with their key", async () => {
    env = await newProjectWithTranscript({ text: 'Interviewer: Hi.\nRespondent: My sister Zawadi Achieng and our friend Grace Njeri came. Call 0722 111 222.\n' });
    const { t } = env;
    const other = await env.importAnother('Interviewer: Hi.\nRespondent: Grace Njeri from the church helped us.\n', 'second.txt');
    const [csv] = writeFiles(join(env.dir, 'reg'), { 'r.csv': 'kind,value,aliases,note\nperson,Zawadi Achieng,Zawadi,participant\n' });
    await t.call('register.import', { path: csv!, participantId: env.participantId });
    await t.call('deid.scan', {});
    for (const e of (await t.call('deid.queue', { status: 'all', limit: 100 })).entities) await t.call('deid.decide', { entityId: e.id, action: e.type === 'PHONE' ? 'redact' : 'replace' });
    const grace = (await t.call('deid.list', {})).entities.find((e) => e.value === 'Grace Njeri')!;
    expect(new Set(grace.items.map((c) => c.transcriptId))).toEqual(new Set([env.transcriptId, other.transcriptId]));

    await t.call('participants.withdraw', { participantId: env.participantId });
    const p = env.projectPath;
    await t.call('project.lock', {});
    expect(count(p, 'SELECT COUNT(*) AS n FROM deid_register WHERE participant_id = ?', env.participantId)).toBe(0);
    expect(count(p, 'SELECT COUNT(*) AS n FROM deid_register')).toBe(0);
    expect(count(p, 'SELECT COUNT(*) AS n FROM deid_candidates WHERE participant_id = ? OR transcript_id = ?', env.participantId, env.transcriptId)).toBe(0);
    expect(count(p, 'SELECT COUNT(*) AS n FROM deid_decisions WHERE participant_id = ?', env.participantId)).toBe(0);
    expect(count(p, 'SELECT COUNT(*) AS n FROM deid_pseudonyms WHERE participant_id = ?', env.participantId)).toBe(0);
    expect(count(p, 'SELECT COUNT(*) AS n FROM deid_scanned WHERE participant_id = ?', env.participantId)).toBe(0);
    // The entity shared with the other participant stays, decided.
    expect(count(p, 'SELECT COUNT(*) AS n FROM deid_entities WHERE id = ? AND decision_id IS NOT NULL', grace.id)).toBe(1);
    expect(count(p, 'SELECT COUNT(*) AS n FROM deid_candidates WHERE entity_id = ?', grace.id)).toBe(1);
    // Nothing left refers to the withdrawn participant's transcript.
    expect(count(p, "SELECT COUNT(*) AS n FROM deid_candidates WHERE source_id = ?", env.transcriptId)).toBe(0);
  });
});
