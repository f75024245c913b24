/** search.text and search.codeAll through the router. */
import { afterEach, describe, expect, it } from 'vitest';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

// Synthetic: Thai and Khmer written without spaces between words, as they are.
const THAI = 'ผู้สัมภาษณ์: เล่าเรื่องงานให้ฟังหน่อย\nผู้ให้สัมภาษณ์: ฉันชอบตาของเธอ ตารางเวลาของโรงเรียนเปลี่ยนบ่อย เด็กไปโรงเรียนทุกวัน\n';
const KHMER = 'អ្នកសម្ភាសន៍: សូមប្រាប់ខ្ញុំ\nអ្នកឆ្លើយ: ខ្ញុំទៅសាលារៀនរាល់ថ្ងៃ ហើយខ្ញុំទៅផ្សារ\n';
const ACCENTS = 'Interviewer: Where did you meet?\nRespondent: At the CAFÉ 🙂 near the café in Đà Nẵng. Cafe owners know everyone. 👩🏽‍⚕️ Café!\n';

async function setup() {
  env = await newProjectWithTranscript();
  const thai = await env.importAnother(THAI, 'thai.txt');
  const khmer = await env.importAnother(KHMER, 'khmer.txt');
  const accents = await env.importAnother(ACCENTS, 'accents.txt');
  return { ...env, thai, khmer, accents };
}

describe('search.text', () => {
  it('finds a Thai word inside unspaced text with whole words on, but not inside a longer word', async () => {
    const s = await setup();
    const eye = await s.t.call('search.text', { query: 'ตา', wholeWord: true });
    expect(eye.hits.map((h) => [h.transcriptId, h.text])).toEqual([[s.thai.transcriptId, 'ตา']]);
    const h = eye.hits[0]!;
    expect(s.thai.text.slice(h.start, h.end)).toBe('ตา');
    expect(h.start).toBe(s.thai.text.indexOf('ตาของ'));
    // Without whole words the same letters inside ตาราง count too.
    expect((await s.t.call('search.text', { query: 'ตา', wholeWord: false })).total).toBe(2);
    // เรียน (study) is not found inside โรงเรียน (school).
    expect((await s.t.call('search.text', { query: 'เรียน', wholeWord: true })).total).toBe(0);
    expect((await s.t.call('search.text', { query: 'โรงเรียน', wholeWord: true })).total).toBe(2);
  });

  it('finds a Khmer word inside unspaced text with whole words on, but not inside a longer word', async () => {
    const s = await setup();
    const go = await s.t.call('search.text', { query: 'ទៅ', wholeWord: true, transcriptIds: [s.khmer.transcriptId] });
    expect(go.hits.map((h) => s.khmer.text.slice(h.start, h.end))).toEqual(['ទៅ', 'ទៅ']);
    expect((await s.t.call('search.text', { query: 'សាលា', wholeWord: true })).total).toBe(0);
    expect((await s.t.call('search.text', { query: 'សាលា', wholeWord: false })).total).toBe(1);
  });

  it('matches case- and accent-insensitively, with exact offsets into the text after emoji', async () => {
    const s = await setup();
    const r = await s.t.call('search.text', { query: 'cafe', wholeWord: true, transcriptIds: [s.accents.transcriptId] });
    expect(r.hits.map((h) => h.text)).toEqual(['CAFÉ', 'café', 'Cafe', 'Café']);
    for (const h of r.hits) expect(s.accents.text.slice(h.start, h.end)).toBe(h.text);
    const last = r.hits[3]!;
    expect(last.start).toBe(s.accents.text.lastIndexOf('Café'));
    expect(last.before.endsWith('👩🏽‍⚕️ ')).toBe(true);
    const place = await s.t.call('search.text', { query: 'da nang', wholeWord: true });
    expect(place.hits.map((h) => h.text)).toEqual(['Đà Nẵng']);
    const exact = await s.t.call('search.text', { query: 'Café', wholeWord: false, caseSensitive: true, accentSensitive: true, transcriptIds: [s.accents.transcriptId] });
    expect(exact.hits.map((h) => h.text)).toEqual(['Café']);
  });

  it('never returns half an emoji sequence', async () => {
    const s = await setup();
    expect((await s.t.call('search.text', { query: '👩🏽', wholeWord: false })).total).toBe(0);
    expect((await s.t.call('search.text', { query: '👩🏽‍⚕️', wholeWord: false })).hits.map((h) => h.text)).toEqual(['👩🏽‍⚕️']);
    expect((await s.t.call('search.text', { query: '🙂', wholeWord: false })).total).toBe(2); // the sample transcript has one too
  });

  it('limits the hits it returns but counts them all', async () => {
    const s = await setup();
    const r = await s.t.call('search.text', { query: 'e', wholeWord: false, limit: 3 });
    expect(r.hits).toHaveLength(3);
    expect(r.total).toBeGreaterThan(3);
    expect(r.truncated).toBe(true);
    expect(r.transcriptsSearched).toBe(4);
  });

  it('flags hits next to a distress mark', async () => {
    const s = await setup();
    const at = s.text.indexOf('stigma');
    await s.t.call('marks.create', { transcriptId: s.transcriptId, versionId: s.versionId, start: at, end: at + 6 });
    const r = await s.t.call('search.text', { query: 'fear', wholeWord: true, contextChars: 20 });
    expect(r.hits[0]).toMatchObject({ distressing: true, marks: [{ start: at, end: at + 6 }] });
    const far = await s.t.call('search.text', { query: 'Thank', wholeWord: true, contextChars: 20 });
    expect(far.hits[0]!.distressing).toBe(false);
  });

  it('refuses a query that is only spaces, and an unknown transcript', async () => {
    const s = await setup();
    expect((await s.t.fail('search.text', { query: '   ', wholeWord: false })).code).toBe('INVALID_INPUT');
    expect((await s.t.fail('search.text', { query: 'x', wholeWord: false, transcriptIds: ['00000000-0000-4000-8000-000000000000'] })).code).toBe('NOT_FOUND');
  });
});

describe('search.codeAll', () => {
  it('codes every hit in one transaction with one audit entry; undo removes them all, redo brings back the same ids', async () => {
    const s = await setup();
    const code = await s.t.call('codes.create', { name: 'Places' });
    const r = await s.t.call('search.text', { query: 'cafe', wholeWord: true, transcriptIds: [s.accents.transcriptId] });
    const before = await s.t.call('project.revision', {});
    const done = await s.t.call('search.codeAll', { hits: r.hits, codeId: code.id, expectedRevision: before.revision });
    expect(done.codings).toHaveLength(4);
    expect(done.alreadyCoded).toBe(0);
    expect(done.revision).toBe(before.revision + 1);
    const audit = await s.t.call('audit.list', { limit: 1 });
    expect(audit.map((e) => e.action)).toEqual(['coding.createMany']);
    const listed = await s.t.call('codings.list', { codeId: code.id });
    expect(listed.map((c) => s.accents.text.slice(c.start, c.end))).toEqual(['CAFÉ', 'café', 'Cafe', 'Café']);

    // Coding the same hits again codes nothing twice.
    const again = await s.t.call('search.codeAll', { hits: r.hits, codeId: code.id });
    expect(again).toMatchObject({ codings: [], alreadyCoded: 4 });

    const undone = await s.t.call('history.apply', { steps: done.undo, label: 'undo code all' });
    expect(await s.t.call('codings.list', { codeId: code.id })).toEqual([]);
    await s.t.call('history.apply', { steps: undone.inverse, label: 'redo code all' });
    expect(await s.t.call('codings.list', { codeId: code.id })).toEqual(listed);
  });

  it('is atomic: one stale hit (its transcript was corrected) refuses the whole batch and codes nothing', async () => {
    const s = await setup();
    const code = await s.t.call('codes.create', { name: 'Places' });
    const r = await s.t.call('search.text', { query: 'cafe', wholeWord: true });
    const revision = (await s.t.call('project.revision', {})).revision;
    await s.t.call('transcripts.correct', { id: s.accents.transcriptId, text: s.accents.text.replace('everyone', 'everybody'), reason: 'typo' });
    const e = await s.t.fail('search.codeAll', { hits: r.hits, codeId: code.id });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/no longer the current version/);
    expect(await s.t.call('codings.list', { codeId: code.id })).toEqual([]);
    // A view that carries its revision is told the project moved on.
    const stale = await s.t.fail('search.codeAll', { hits: r.hits.slice(0, 1), codeId: code.id, expectedRevision: revision });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/changed since this view was loaded/);
    // An out-of-range hit also rolls everything back.
    const good = r.hits.filter((h) => h.transcriptId !== s.accents.transcriptId);
    expect(good.length).toBeGreaterThan(0);
    const bad = { ...good[0]!, end: 10 ** 6 };
    expect((await s.t.fail('search.codeAll', { hits: [...good, bad], codeId: code.id })).code).toBe('INVALID_INPUT');
    expect(await s.t.call('codings.list', { codeId: code.id })).toEqual([]);
  });
});
