import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

async function setup(options?: Parameters<typeof newProjectWithTranscript>[0]) {
  env = await newProjectWithTranscript(options);
  const code = await env.t.call('codes.create', { name: 'Staffing' });
  return { ...env, code };
}

/** Rows straight from the closed project file (ids and ranges are plaintext columns). */
function rows<T>(projectPath: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(projectPath, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('transcripts.correct', () => {
  it('makes a new current version whose parent is the old one, with the reason and normalised text', async () => {
    const { t, transcriptId, versionId, text } = await setup();
    const corrected = text.replace('Mostly', 'Mainly').replace(/\n/g, '\r\n').replace('café', 'cafe\u0301');
    const r = await t.call('transcripts.correct', { id: transcriptId, text: corrected, reason: 'misheard word' });
    expect(r.versionId).not.toBe(versionId);
    const now = await t.call('transcripts.get', { id: transcriptId });
    expect(now.versionId).toBe(r.versionId);
    expect(now.text).toBe(text.replace('Mostly', 'Mainly')); // CRLF → LF, NFD → NFC
    expect(now.versions.map((v) => [v.id, v.parentId, v.reason])).toEqual([
      [versionId, null, 'imported'],
      [r.versionId, versionId, 'misheard word'],
    ]);
    expect(now.utteranceList.length).toBe(4);
    // The old version is still there, unchanged.
    expect((await t.call('transcripts.get', { id: transcriptId, versionId })).text).toBe(text);
  });

  it('re-detects speaker turns in the corrected text', async () => {
    const { t, transcriptId, text } = await setup();
    await t.call('transcripts.correct', { id: transcriptId, text: `${text}Interviewer: Anything else?\nRespondent: No.\n`, reason: 'last page was missing' });
    const now = await t.call('transcripts.get', { id: transcriptId });
    expect(now.utteranceList.map((u) => u.speaker)).toEqual(['Interviewer', 'Respondent', 'Interviewer', 'Respondent', 'Interviewer', 'Respondent']);
    expect(now.utterances).toBe(6);
  });

  it('carries codings to the new version over the same words, as new rows derived from the old ones', async () => {
    const { t, transcriptId, versionId, text, range, code, projectPath } = await setup();
    const [s, e] = range('lack of trained staff');
    const [s2, e2] = range('child protection unit');
    const a = await t.call('codings.create', { transcriptId, versionId, start: s, end: e, codeId: code.id });
    const b = await t.call('codings.create', { transcriptId, versionId, start: s2, end: e2, codeId: code.id });
    const corrected = text.replace('Thank you', 'Thank you very much').replace('Mostly the', 'Mostly, the');
    const r = await t.call('transcripts.correct', { id: transcriptId, text: corrected, reason: 'punctuation' });
    expect(r).toMatchObject({ remapped: 2, orphaned: [] });
    const now = await t.call('codings.list', { transcriptId });
    expect(now.map((c) => corrected.slice(c.start, c.end))).toEqual(['child protection unit', 'lack of trained staff']);
    for (const c of now) expect(c).toMatchObject({ versionId: r.versionId, codeId: code.id, coderId: a.coderId, orphaned: false });
    expect(now.map((c) => c.id)).not.toContain(a.id);
    t.backend.close();
    const stored = rows<{ id: string; version_id: string; derived_from: string | null }>(projectPath, 'SELECT id, version_id, derived_from FROM codings ORDER BY start');
    expect(stored.filter((x) => x.version_id === versionId).map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(stored.filter((x) => x.version_id === r.versionId).map((x) => x.derived_from).sort()).toEqual([a.id, b.id].sort());
  });

  it('flags a coding whose text was deleted as orphaned instead of dropping it', async () => {
    const { t, transcriptId, versionId, text, range, code } = await setup();
    const [s, e] = range('The café owner helped once 🙂 but that was rare.');
    const gone = await t.call('codings.create', { transcriptId, versionId, start: s, end: e, codeId: code.id });
    const [ks, ke] = range('fear stigma');
    await t.call('codings.create', { transcriptId, versionId, start: ks, end: ke, codeId: code.id });
    const corrected = text.replace(' The café owner helped once 🙂 but that was rare.', '');
    const r = await t.call('transcripts.correct', { id: transcriptId, text: corrected, reason: 'not part of the interview' });
    expect(r.remapped).toBe(1);
    expect(r.orphaned).toHaveLength(1);
    expect((await t.call('codings.list', { transcriptId })).map((c) => corrected.slice(c.start, c.end))).toEqual(['fear stigma']);
    const all = await t.call('codings.list', { transcriptId, includeOrphaned: true });
    const orphan = all.find((c) => c.orphaned)!;
    expect(orphan).toMatchObject({ id: r.orphaned[0], versionId: r.versionId, codeId: code.id, createdAt: gone.createdAt });
    expect(orphan.start).toBe(orphan.end);
    expect(orphan.start).toBe(corrected.indexOf('do not report.') + 'do not report.'.length);
    // Listed as coded text nowhere, counted nowhere.
    expect((await t.call('transcripts.list', {}))[0]!.codings).toBe(1);

    // A later correction keeps the orphan visible and does not count it again.
    const r2 = await t.call('transcripts.correct', { id: transcriptId, text: `${corrected}Respondent: One more thing.\n`, reason: 'added' });
    expect(r2).toMatchObject({ remapped: 1, orphaned: [] });
    expect((await t.call('codings.list', { transcriptId, includeOrphaned: true })).filter((c) => c.orphaned)).toHaveLength(1);
  });

  it('moves memos on a coding to its new row', async () => {
    const { t, transcriptId, versionId, text, range, code } = await setup();
    const [s, e] = range('fear stigma');
    const c = await t.call('codings.create', { transcriptId, versionId, start: s, end: e, codeId: code.id });
    const memo = await t.call('memos.create', { target: { kind: 'coding', id: c.id }, body: 'key quote' });
    await t.call('transcripts.correct', { id: transcriptId, text: `Note added at the top.\n${text}`, reason: 'header' });
    const [now] = await t.call('codings.list', { transcriptId });
    expect(await t.call('memos.list', { target: { kind: 'coding', id: now!.id } })).toEqual([{ ...memo, target: { kind: 'coding', id: now!.id } }]);
  });

  it('carries distress marks so they still cover what replaced their text, and drops ones whose text is gone', async () => {
    const { t, transcriptId, versionId, text, range } = await setup();
    const [s, e] = range('fear stigma');
    await t.call('marks.create', { transcriptId, versionId, start: s, end: e });
    const [ds, de] = range('The café owner helped once');
    await t.call('marks.create', { transcriptId, versionId, start: ds, end: de });
    const corrected = text.replace('fear stigma', 'fear [shame]').replace(' The café owner helped once', '');
    await t.call('transcripts.correct', { id: transcriptId, text: corrected, reason: 'r' });
    const marks = await t.call('marks.list', { transcriptId });
    expect(marks.map((m) => corrected.slice(m.start, m.end))).toEqual(['fear [shame]']);
    expect((await t.call('audit.list', { limit: 1 }))[0]!.details).toMatchObject({ marksCarried: 1, marksDropped: 1 });
  });

  it('keeps cue times for a subtitle transcript, mapping its cues through the edit', async () => {
    const vtt = ['WEBVTT', '', '00:00:01.000 --> 00:00:04.000', '<v Interviewer>How did you find the service?', '', '00:00:05.000 --> 00:00:09.500', '<v Respondent>They were kind but slow.', ''].join('\n');
    const { t, transcriptId, text } = await setup({ text: vtt, fileName: 'session.vtt' });
    expect(text).toBe('Interviewer: How did you find the service?\nRespondent: They were kind but slow.');
    const corrected = text.replace('kind but slow', 'kind, but very slow');
    await t.call('transcripts.correct', { id: transcriptId, text: corrected, reason: 'r' });
    const now = await t.call('transcripts.get', { id: transcriptId });
    expect(now.utteranceList.map((u) => [corrected.slice(u.start, u.end), u.speaker, u.tStartMs, u.tEndMs])).toEqual([
      ['Interviewer: How did you find the service?', 'Interviewer', 1000, 4000],
      ['Respondent: They were kind, but very slow.', 'Respondent', 5000, 9500],
    ]);
  });

  it('writes one audit entry under the participant key, and the chain still verifies', async () => {
    const { t, transcriptId, versionId, text } = await setup();
    const before = (await t.call('project.info', {})).auditHead.count;
    const r = await t.call('transcripts.correct', { id: transcriptId, text: text.replace('Mostly', 'Mainly'), reason: 'typo' });
    const info = await t.call('project.info', {});
    expect(info.auditHead.count).toBe(before + 1);
    expect((await t.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'transcript.correct', targetId: transcriptId, details: { versionId: r.versionId, parentId: versionId, remapped: 0, orphaned: 0 } });
    expect((await t.call('audit.verify', {})).ok).toBe(true);
  });

  it('refuses text identical to the current version, empty text, and an unknown transcript, changing nothing', async () => {
    const { t, transcriptId, text } = await setup();
    const same = await t.fail('transcripts.correct', { id: transcriptId, text: text.replace(/\n/g, '\r\n'), reason: '' });
    expect(same.code).toBe('INVALID_INPUT');
    expect(same.message).toContain('same as the current version');
    expect((await t.fail('transcripts.correct', { id: transcriptId, text: ' \n ', reason: '' })).code).toBe('INVALID_INPUT');
    expect((await t.fail('transcripts.correct', { id: '00000000-0000-4000-8000-000000000000', text: 'x', reason: '' })).code).toBe('NOT_FOUND');
    expect((await t.call('transcripts.get', { id: transcriptId })).versions).toHaveLength(1);
  });

  it('keeps coded words unchanged through a series of random corrections outside them (seeded)', async () => {
    // Synthetic text: Latin filler words; the coded phrases use Greek words found nowhere else, so
    // the words a coding holds are unambiguous in every version.
    let seed = 20240611;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let x = seed;
      x = Math.imul(x ^ (x >>> 15), x | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const filler = (n: number) => Array.from({ length: n }, () => pick(['we', 'went', 'to', 'the', 'office', 'and', 'waited', 'café', 'report', '🙂'])).join(' ');
    const phrases = ['αλφα βήτα γάμμα', 'δέλτα ζήτα θήτα', 'κάππα λάμδα μι'];
    const source = `Interviewer: ${filler(12)}.\nRespondent: ${filler(8)} ${phrases[0]} ${filler(10)}.\nInterviewer: ${filler(9)} ${phrases[1]}, ${filler(7)}.\nRespondent: ${phrases[2]} ${filler(15)}.\n`;
    const { t, transcriptId, versionId, code } = await setup({ text: source, fileName: 'greek.txt' });
    for (const p of phrases) {
      const s = source.indexOf(p);
      await t.call('codings.create', { transcriptId, versionId, start: s, end: s + p.length, codeId: code.id });
    }
    let current = source;
    let corrections = 0;
    for (let round = 0; round < 8; round++) {
      const codings = await t.call('codings.list', { transcriptId });
      // Positions outside every coding, away from its edges by at least one character.
      const free = (pos: number) => codings.every((c) => pos < c.start - 1 || pos > c.end + 1);
      let next = current;
      for (let k = 0; k < 2; k++) {
        let at = Math.floor(rand() * next.length);
        for (let tries = 0; tries < 50 && !free(at); tries++) at = Math.floor(rand() * next.length);
        if (!free(at)) continue;
        next = rand() < 0.5 ? `${next.slice(0, at)} ${filler(2)} ${next.slice(at)}` : next.slice(0, at) + next.slice(at + 1);
        break; // one edit per round keeps the positions above valid
      }
      if (next === current) continue;
      await t.call('transcripts.correct', { id: transcriptId, text: next, reason: `round ${round}` });
      corrections++;
      current = (await t.call('transcripts.get', { id: transcriptId })).text;
      const now = await t.call('codings.list', { transcriptId });
      expect(now.map((c) => current.slice(c.start, c.end)), `round ${round}`).toEqual(phrases);
    }
    expect(corrections).toBeGreaterThanOrEqual(6);
  });
});
