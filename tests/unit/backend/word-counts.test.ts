import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countWords } from '../../../shared/text/words.js';
import { PASS, testBackend, writeFiles } from '../helpers/backend.js';

const thai = (n: number) => `ผู้สัมภาษณ์: สวัสดีครับ วันนี้เป็นอย่างไรบ้าง ${n}\nผู้ให้สัมภาษณ์: สบายดีค่ะ ขอบคุณที่ถามนะคะ\n`.repeat(20);
const english = 'Interviewer: Good morning.\nP1: Good morning to you.\n';

async function project() {
  const t = await testBackend();
  const path = join(t.dir, 'p.tandai');
  await t.call('project.create', { path, passphrase: PASS, recoveryKey: false });
  return { ...t, path };
}

describe('word counts an import leaves for later', () => {
  it('stores a Thai transcript with no count and a spaced one with its count; countWords then fills in what Intl.Segmenter counts, with progress', async () => {
    const t = await project();
    const files = writeFiles(join(t.dir, 'in'), { 'a-th.txt': thai(1), 'b-en.txt': english, 'c-th.txt': thai(2) });
    await t.call('transcripts.import', { paths: files });
    const before = new Map((await t.call('transcripts.list', {})).map((x) => [x.title, x.words]));
    expect(before).toEqual(new Map([['a-th', null], ['b-en', countWords(english)], ['c-th', null]]));

    const progress: [number, number][] = [];
    const r = await t.call('transcripts.countWords', {}, (e, p) => {
      const q = p as { task: string; done: number; total: number };
      if (e === 'progress' && q.task === 'words') progress.push([q.done, q.total]);
    });
    expect(r).toEqual({ counted: 2, remaining: 0 });
    expect(progress).toEqual([[1, 2], [2, 2]]);
    const after = await t.call('transcripts.list', {});
    for (const x of after) {
      const d = await t.call('transcripts.get', { id: x.id });
      expect(x.words).toBe(countWords(d.text));
      expect(d.words).toBe(x.words);
    }
    expect(after.find((x) => x.title === 'a-th')!.words).toBeGreaterThan(100);
    // Nothing left: a second call counts nothing and writes nothing.
    expect(await t.call('transcripts.countWords', {})).toEqual({ counted: 0, remaining: 0 });
  });

  it('is not audited: the project revision other windows compare stays where the import left it', async () => {
    const t = await project();
    await t.call('transcripts.import', { paths: writeFiles(join(t.dir, 'in'), { 'th.txt': thai(3) }) });
    const { revision } = await t.call('project.revision', {});
    await t.call('transcripts.countWords', {});
    expect((await t.call('project.revision', {})).revision).toBe(revision);
  });

  it('stops when the project locks, keeping the counts already stored; after unlocking, the next call counts the rest', async () => {
    const t = await project();
    const names = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`t${i}-th.txt`, thai(10 + i)]));
    await t.call('transcripts.import', { paths: writeFiles(join(t.dir, 'in'), names) });
    let locked = false;
    const run = t.backend.route('transcripts.countWords', {}, (e, p) => {
      // Lock once two are counted: the run notices before reading the next transcript.
      if (e === 'progress' && (p as { done: number }).done === 2 && !locked) {
        locked = true;
        void t.backend.route('project.lock', {});
      }
    });
    const r = await run;
    expect(r).toMatchObject({ ok: true, value: { counted: 2, remaining: 4 } });
    await t.call('project.open', { path: t.path, passphrase: PASS });
    expect((await t.call('transcripts.list', {})).filter((x) => x.words === null)).toHaveLength(4);
    expect(await t.call('transcripts.countWords', {})).toEqual({ counted: 4, remaining: 0 });
    expect((await t.call('transcripts.list', {})).every((x) => typeof x.words === 'number')).toBe(true);
  });

  it("leaves a withdrawn participant's transcript uncounted (its text can no longer be read) and reports none remaining", async () => {
    const t = await project();
    const { results } = await t.call('transcripts.import', { paths: writeFiles(join(t.dir, 'in'), { 'gone-th.txt': thai(20), 'kept-th.txt': thai(21) }) });
    const gone = (await t.call('transcripts.list', {})).find((x) => x.id === results[0]!.transcriptId)!;
    await t.call('participants.withdraw', { participantId: gone.participantId });
    expect(await t.call('transcripts.countWords', {})).toEqual({ counted: 1, remaining: 0 });
  });
});
