/**
 * Round trip, import side: a project exported as .qdpx through the export gate (`export.run`) and
 * imported into another project comes back field by field: codes with their hierarchy, GUIDs and
 * structured fields, transcripts (ids, titles, texts, participants, attributes), codings (ids,
 * spans, codes, coders) and memos (ids, targets, bodies, authors). The project is scanned, decided
 * and signed off (the signed-off helper); nothing in it needed replacing, so texts and spans equal the
 * originals, while participants travel under their pseudonyms ("Participant n"), as the gate renders
 * them. Both position units. Then the same for random projects (fixed seeds): random texts with
 * emoji, CR LF, right-to-left scripts, Thai and combining marks, random codings on code-point
 * boundaries.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../../shared/contract/index.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';
import { signOff } from '../helpers/signed-off-project.js';
import { mulberry32 } from '../../../bench/prng.js';

type Outcome = ChannelOutput<'interchange.import'>;

const EXTRA = {
  crlf: 'Interviewer: Any barriers?\r\nRespondent: The police post is far away 🚓.\r\nInterviewer: And support?\r\nRespondent: The school counsellor helps 👍🏽.\r\n',
  arabic: 'المحاور: كيف حالك؟\nالمشارك: الحمد لله، الأسرة تخاف من الوصمة.\n',
  thai: 'ผู้สัมภาษณ์: สวัสดีครับ\nผู้ให้สัมภาษณ์: ครอบครัวกลัวการตีตรา 🙏 มากครับ\n',
};

async function sourceProject(): Promise<ProjectWithTranscript> {
  const p = await newProjectWithTranscript();
  const { t } = p;
  const others = [await p.importAnother(EXTRA.crlf, 'barriers.txt'), await p.importAnother(EXTRA.arabic, 'arabic.txt'), await p.importAnother(EXTRA.thai, 'thai.txt')];
  const all = [{ transcriptId: p.transcriptId, versionId: p.versionId, text: p.text }, ...others];
  for (const [i, tr] of all.entries()) {
    await t.call('attributes.set', { transcriptId: tr.transcriptId, key: 'country', value: ['Indonesia', 'Kenya', 'Ethiopia', 'Thailand'][i]! });
    await t.call('attributes.set', { transcriptId: tr.transcriptId, key: 'interview_type', value: 'caregiver' });
    await t.call('attributes.set', { transcriptId: tr.transcriptId, key: 'consent_archiving', value: true });
  }
  const barriers = await t.call('codes.create', {
    name: 'Barriers',
    category: 'barrier',
    shortDefinition: 'Things that stop a family reporting.',
    definition: 'Any factor that delays reporting.\nIncludes distance and cost.',
    whenToUse: 'When an obstacle is named.',
    whenNotToUse: 'Fear of the offender.',
    examples: ['the police post is far away', 'two lines\nof example'],
  });
  const stigma = await t.call('codes.create', { name: 'Stigma 😟', parentId: barriers.id, shortDefinition: 'Shame.', colour: '#123456' });
  const support = await t.call('codes.create', { name: 'Support', category: 'enabler' });
  const code = async (tr: (typeof all)[number], needle: string, codeId: string) => {
    const i = tr.text.indexOf(needle);
    if (i < 0) throw new Error(`${needle} not found`);
    return t.call('codings.create', { transcriptId: tr.transcriptId, versionId: tr.versionId, start: i, end: i + needle.length, codeId });
  };
  const c1 = await code(all[0]!, 'Families also fear stigma', stigma.id);
  await code(all[0]!, 'Families also fear stigma', barriers.id); // two codes on one span
  await code(all[0]!, 'café owner helped once 🙂', support.id);
  await code(all[1]!, 'police post is far away 🚓', barriers.id);
  await code(all[1]!, 'counsellor helps 👍🏽', support.id);
  await code(all[2]!, 'تخاف من الوصمة', stigma.id);
  await code(all[3]!, 'ครอบครัวกลัวการตีตรา 🙏', stigma.id);
  await t.call('memos.create', { target: { kind: 'project' }, body: 'Project memo: first round of coding.' });
  await t.call('memos.create', { target: { kind: 'code', id: stigma.id }, body: 'Watch for euphemisms 🙊.' });
  await t.call('memos.create', { target: { kind: 'transcript', id: all[2]!.transcriptId }, body: 'Translated by the field team.' });
  await t.call('memos.create', { target: { kind: 'coding', id: c1.id }, body: 'Strong example.\nQuote it.' });
  // The scan's guesses here (speaker roles, code names) are not identifiers.
  const reviewed = await signOff(p, { consent: false, decide: () => 'not-identifier' });
  reviewed.reviewer.backend.close();
  return p;
}

/** `gated`: participants as the gate renders them (their pseudonym), as the export carries them. */
async function snapshot(p: ProjectWithTranscript, transcriptIds: string[], gated = false) {
  const { t } = p;
  const codes = (await t.call('codebook.get', {})).codes.map(({ position: _p, translations: _t, ...c }) => c);
  const list = await t.call('transcripts.list', {});
  const transcripts = [];
  for (const id of transcriptIds) {
    const d = await t.call('transcripts.get', { id });
    const s = list.find((x) => x.id === id)!;
    const participant = gated ? (await t.call('deid.preview', { transcriptId: id })).participantLabel : s.participantLabel;
    transcripts.push({ id, title: d.title, text: d.text, participant, attributes: d.attributes });
  }
  const codings = (await t.call('codings.list', {}))
    .filter((c) => transcriptIds.includes(c.transcriptId))
    .map((c) => ({ id: c.id, transcriptId: c.transcriptId, start: c.start, end: c.end, codeId: c.codeId, coderId: c.coderId }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const memos = (await t.call('memos.list', {})).map((m) => ({ id: m.id, target: m.target, body: m.body, authorId: m.authorId })).sort((a, b) => a.id.localeCompare(b.id));
  return { codes, transcripts, codings, memos };
}

describe('round trip through a gated .qdpx', () => {
  for (const nvivoPositions of [false, true]) {
    it(`reproduces codes, hierarchy, GUIDs, coders, memos, attributes and coding spans (${nvivoPositions ? 'UTF-16 positions' : 'code points'})`, async () => {
      const src = await sourceProject();
      const ids = (await src.t.call('transcripts.list', {})).map((x) => x.id);
      const out = join(src.dir, `export-${nvivoPositions}.qdpx`);
      await src.t.call('export.run', { kind: 'qdpx', out, purpose: 'archiving', nvivoPositions });
      const before = await snapshot(src, ids, true);
      expect(before.transcripts.map((x) => x.participant)).toEqual(['Participant 1', 'Participant 2', 'Participant 3', 'Participant 4']);
      expect([before.codes.length, before.transcripts.length, before.codings.length, before.memos.length]).toEqual([3, 4, 7, 4]);

      const dst = await newProjectWithTranscript({ text: 'Interviewer: Unrelated.\nRespondent: Yes.\n', fileName: 'other.txt' });
      const imported: Outcome = await dst.t.call('interchange.import', { path: out });
      expect(imported.report.problems).toEqual([]);
      expect(imported.applied).toBe(true);
      expect(imported.report.positions?.unit).toBe(nvivoPositions ? 'utf16' : 'codepoint');
      const after = await snapshot(dst, ids);

      expect(after.codes).toEqual(before.codes);
      expect(after.transcripts).toEqual(before.transcripts);
      expect(after.codings).toEqual(before.codings);
      expect(after.memos).toEqual(before.memos);
    });
  }
});

/** Random transcripts: emoji (ZWJ sequences, skin tones), CR LF and LF, Arabic and Hebrew (RTL), Thai, combining marks, tabs. */
const PIECES = ['Interviewer: ', 'Respondent: ', 'the family ', 'waited ', 'at the post', '.', ', ', '\r\n', '\n', '\n\n', '\t', '🙂', '👨‍👩‍👧', '👍🏽', '🙏 ', 'café', 'cafe\u0301', 'الأسرة تخاف ', 'من الوصمة', 'שלום ', 'עולם', 'ครอบครัว', 'กลัวการตีตรา', 'มาก', '  '];

function randomText(rnd: () => number): string {
  let s = 'Interviewer: ';
  const n = 20 + Math.floor(rnd() * 40);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rnd() * PIECES.length)];
  return `${s}\n`;
}

/** Code-point boundaries of `text` as UTF-16 offsets (a coding never splits a surrogate pair). */
const boundaries = (text: string) => {
  const out = [0];
  for (const ch of text) out.push(out[out.length - 1]! + ch.length);
  return out;
};

async function randomProject(seed: number): Promise<ProjectWithTranscript> {
  const rnd = mulberry32(seed);
  const p = await newProjectWithTranscript({ text: randomText(rnd), fileName: `random-${seed}-0.txt` });
  const { t } = p;
  const more = Math.floor(rnd() * 3);
  for (let i = 1; i <= more; i++) await p.importAnother(randomText(rnd), `random-${seed}-${i}.txt`);
  const codes = [await t.call('codes.create', { name: 'Barrier' }), await t.call('codes.create', { name: 'Enabler 🙂' })];
  for (const tr of await t.call('transcripts.list', {})) {
    await t.call('attributes.set', { transcriptId: tr.id, key: 'consent_archiving', value: true });
    const text = (await t.call('transcripts.get', { id: tr.id })).text;
    const at = boundaries(text);
    for (let k = 0; k < 6; k++) {
      const a = Math.floor(rnd() * at.length);
      const b = Math.floor(rnd() * at.length);
      if (a === b) continue;
      const [start, end] = [at[Math.min(a, b)]!, at[Math.max(a, b)]!];
      const codeId = codes[Math.floor(rnd() * codes.length)]!.id;
      await t.call('codings.create', { transcriptId: tr.id, versionId: tr.versionId, start, end, codeId }).catch((e: Error) => {
        if (!/already has this code/.test(e.message)) throw e;
      });
    }
  }
  const reviewed = await signOff(p, { consent: false, decide: () => 'not-identifier' });
  reviewed.reviewer.backend.close();
  return p;
}

describe('round trip of random projects (property test, fixed seeds)', { timeout: 120_000 }, () => {
  for (const [seed, nvivoPositions] of [
    [20261128, false],
    [7, true],
    [1234, false],
    [99, true],
  ] as const) {
    it(`seed ${seed}: texts and every coding's span come back exactly (${nvivoPositions ? 'UTF-16 positions' : 'code points'})`, async () => {
      const src = await randomProject(seed);
      const ids = (await src.t.call('transcripts.list', {})).map((x) => x.id);
      const out = join(src.dir, `random-${seed}.qdpx`);
      await src.t.call('export.run', { kind: 'qdpx', out, purpose: 'archiving', nvivoPositions });
      const before = await snapshot(src, ids, true);
      expect(before.codings.length).toBeGreaterThan(0);
      const dst = await newProjectWithTranscript({ text: 'Interviewer: Unrelated.\nRespondent: Yes.\n', fileName: 'other.txt' });
      const imported: Outcome = await dst.t.call('interchange.import', { path: out });
      expect(imported.report.problems).toEqual([]);
      expect(imported.applied).toBe(true);
      const after = await snapshot(dst, ids);
      expect(after.transcripts).toEqual(before.transcripts);
      expect(after.codings).toEqual(before.codings);
      // The words, not only the numbers: each coding selects the same text in both projects.
      const words = (s: typeof before) => s.codings.map((c) => s.transcripts.find((x) => x.id === c.transcriptId)!.text.slice(c.start, c.end));
      expect(words(after)).toEqual(words(before));
    });
  }
});
