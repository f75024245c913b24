/**
 * Destroying originals (services/deid/destroy.ts, `deid.destroyOriginals`): the only way to an
 * "anonymised" export. The transcript's text becomes its de-identified rendition, every earlier
 * version, the source file, the candidates and the pseudonym map's originals go, codings stay on the
 * same words, and nothing is lost uncounted. Refused while anything in scope is unscanned or
 * undecided. The sign-off is void afterwards: the state after destroying must be reviewed and signed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { filesUnder, scanForMarker } from '../helpers/canary.js';
import { newProjectWithTranscript } from '../helpers/project.js';
import { OWN_TEXT_REASON } from '../../../electron/backend/services/deid/destroy.js';
import { decideEverything, newSignedOffProject, type SignedOffProject } from '../helpers/signed-off-project.js';

const MARKER = `Kanári${Math.random().toString(36).slice(2, 8)}`;
const TEXT = [
  'Interviewer: Thank you for joining. Please tell me what happened.',
  `Amina: My neighbour ${MARKER} Wanjiru helped me report it to the police in Desa Sukamaju.`,
  'Interviewer: Who did you call?',
  'Amina: I called Inspector Baraka Otieno on 0712 345 678.',
  'Interviewer: Thank you.',
  '',
].join('\n');

/** Bytes of every ciphertext the transcript's originals lived in, read beside the running backend. */
function originalCiphertexts(projectPath: string, transcriptId: string): Buffer[] {
  const db = new Database(projectPath, { readonly: true, fileMustExist: true });
  try {
    const rows = [
      ...(db.prepare('SELECT text_ct AS b FROM transcript_versions WHERE transcript_id = ?').all(transcriptId) as { b: Buffer }[]),
      ...(db.prepare('SELECT chunk AS b FROM sources WHERE transcript_id = ?').all(transcriptId) as { b: Buffer }[]),
      ...(db.prepare('SELECT title_ct AS b FROM transcripts WHERE id = ?').all(transcriptId) as { b: Buffer }[]),
      ...(db.prepare('SELECT source_name_ct AS b FROM transcripts WHERE id = ?').all(transcriptId) as { b: Buffer }[]),
      ...(db.prepare('SELECT original_ct AS b FROM deid_pseudonyms').all() as { b: Buffer }[]),
      ...(db.prepare('SELECT p.label_ct AS b FROM participants p JOIN transcripts t ON t.participant_id = p.id WHERE t.id = ?').all(transcriptId) as { b: Buffer }[]),
    ];
    // A 32-byte window from inside each: ciphertext never repeats by chance.
    return rows.map((r) => Buffer.from(r.b.subarray(24, 56)));
  } finally {
    db.close();
  }
}

const count = (path: string, sql: string): number => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const projectFiles = (path: string) => [path, `${path}-wal`].filter((f) => existsSync(f));

describe('destroying originals', () => {
  let s: (SignedOffProject & { range(n: string): [number, number] }) | null = null;
  afterEach(() => {
    s?.close();
    s = null;
  });

  it('is refused while a candidate in scope is undecided, naming why, and changes nothing', async () => {
    const env = await newProjectWithTranscript({ text: TEXT, fileName: 'interview-a.txt' });
    try {
      const t = env.t;
      expect((await t.fail('deid.destroyOriginals', { confirm: true })).message).toMatch(/never scanned/);
      await t.call('deid.scan', {});
      const before = await t.call('transcripts.get', { id: env.transcriptId });
      const err = await t.fail('deid.destroyOriginals', { confirm: true });
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toMatch(/candidate\(s\) are undecided/);
      expect(err.message).not.toContain(MARKER);
      // Without the confirmation the call is not even made.
      expect((await t.fail('deid.destroyOriginals', { transcriptIds: [env.transcriptId] } as never)).code).toBe('INVALID_INPUT');
      expect((await t.fail('deid.destroyOriginals', { transcriptIds: ['00000000-0000-4000-8000-000000000000'], confirm: true })).code).toBe('NOT_FOUND');
      const after = await t.call('transcripts.get', { id: env.transcriptId });
      expect(after.versionId).toBe(before.versionId);
      expect(after.text).toContain(MARKER);
      expect((await t.call('deid.status', {})).undecided).toBeGreaterThan(0);
    } finally {
      env.t.backend.close();
    }
  });

  it('is refused while a name in the file name is undecided, even when the text and title are decided', async () => {
    const env = await newProjectWithTranscript({ text: 'Interviewer: Hello.\nRespondent: Sumiati Rahayu is my name.\n', fileName: 'Sumiati Rahayu interview.txt' });
    try {
      const t = env.t;
      await t.call('register.add', { kind: 'person', value: 'Sumiati Rahayu' });
      // Every candidate but those in the file name decided, scanning again until nothing new turns up.
      for (let round = 0; round < 4; round++) {
        await t.call('deid.scan', {});
        const items = (await t.call('deid.list', { status: 'undecided' })).entities.flatMap((e) => e.items);
        expect(items.some((c) => c.location.kind === 'file-name')).toBe(true);
        const rest = items.filter((c) => c.location.kind !== 'file-name' && c.decision === null);
        if (rest.length === 0) break;
        for (const c of rest) await t.call('deid.decide', { candidateId: c.id, action: 'redact' });
      }
      const err = await t.fail('deid.destroyOriginals', { confirm: true });
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toMatch(/in file names are undecided/);
      expect((await t.call('transcripts.get', { id: env.transcriptId })).text).toContain('Sumiati Rahayu');
    } finally {
      env.t.backend.close();
    }
  });

  it('makes the original unrecoverable from the project file, keeps codings on their words, and only then can the export say "anonymised"', async () => {
    s = await newSignedOffProject({ text: TEXT });
    const { t, reviewer, dir, transcriptId } = s;
    const code = await t.call('codes.create', { name: 'Help' });
    const detail = await t.call('transcripts.get', { id: transcriptId });
    const from = detail.text.indexOf('My neighbour');
    const to = detail.text.indexOf(' to the police');
    const coding = await t.call('codings.create', { transcriptId, versionId: detail.versionId, start: from, end: to, codeId: code.id });
    const inside = detail.text.indexOf(MARKER);
    const lost = await t.call('codings.create', { transcriptId, versionId: detail.versionId, start: inside, end: inside + MARKER.length, codeId: code.id });
    await t.call('deid.scan', {}); // the new code's name
    await decideEverything(t);
    const preview = await t.call('deid.preview', { transcriptId });
    expect(preview.text).not.toContain(MARKER);

    // The reviewer chose "anonymised", but the originals are still here: pseudonymised.
    await t.call('deid.reviewPackage', { to: 'Rina Reviewer', out: join(dir, 'a.review') });
    await reviewer.call('review.decide', { path: join(dir, 'a.review'), out: join(dir, 'a.decision'), decision: 'approved', label: 'anonymised' });
    await t.call('review.accept', { path: join(dir, 'a.decision') });
    expect(await t.call('deid.check', { purpose: 'sharing' })).toMatchObject({ ok: true, label: 'pseudonymised' });
    const before = await t.call('export.run', { kind: 'segments-csv', out: join(dir, 'before.csv'), purpose: 'sharing' });
    expect(before.manifest.label).toBe('pseudonymised');

    const ciphertexts = originalCiphertexts(s.projectPath, transcriptId);
    expect(ciphertexts.length).toBeGreaterThanOrEqual(4);
    // Positive control: those bytes are in the file now.
    const present = (bytes: Buffer) => projectFiles(s!.projectPath).some((f) => readFileSync(f).indexOf(bytes) !== -1);
    expect(ciphertexts.every(present)).toBe(true);

    const sourceChunks = count(s.projectPath, 'SELECT COUNT(*) AS n FROM sources');
    const r = await t.call('deid.destroyOriginals', { confirm: true });
    expect(r).toMatchObject({ transcripts: 1, versionsDeleted: 1, codingsMoved: 1, codingsOrphaned: 1, pseudonymOriginalsLeft: 0, pseudonymMapDestroyed: true, participantsRelabelled: 1, rescanned: true, rescanError: null });
    expect(r.sourceChunksDeleted).toBe(sourceChunks);
    expect(r.candidatesDeleted).toBeGreaterThan(0);
    expect(r.entitiesDeleted).toBeGreaterThan(0);

    // Already gone from the file and its WAL while the project is still open.
    expect(ciphertexts.filter(present)).toEqual([]);

    // The text is the rendition the reviewer saw, byte for byte; the codings sit on the same words.
    const now = await t.call('transcripts.get', { id: transcriptId });
    expect(now.versionId).not.toBe(detail.versionId);
    expect(now.text).toBe(preview.text);
    const codings = await t.call('codings.list', { transcriptId, includeOrphaned: true });
    const moved = codings.find((c) => c.id === coding.id)!;
    expect(now.text.slice(moved.start, moved.end)).toMatch(/^My neighbour \[Person [A-Z]+\] helped me report it$/);
    const orphan = codings.find((c) => c.id === lost.id)!;
    expect(orphan).toMatchObject({ orphaned: true });
    expect(orphan.start).toBe(orphan.end);
    // Nothing readable through the app holds the original any more.
    expect((await t.call('transcripts.list', {})).map((x) => x.title).join('|')).not.toContain(MARKER);
    expect(JSON.stringify(await t.call('deid.list', { status: 'all' }))).not.toContain(MARKER);
    // The participant is known by their pseudonym only.
    expect((await t.call('participants.list', {})).map((x) => x.label)).toEqual([expect.stringMatching(/^Participant \d+$/)]);

    // Scanned again at once: what the scan finds inside Tandai's own replacements ([Person A],
    // [Phone]…) is decided for the person, with the reason; anything else is theirs to decide.
    expect(r.replacementsMarked).toBeGreaterThan(0);
    const marked = await t.call('deid.list', { status: 'decided' });
    const own = marked.entities.flatMap((e) => e.items).filter((c) => c.decision?.reason === OWN_TEXT_REASON);
    expect(own.length).toBe(r.replacementsMarked);
    for (const c of own) expect(c.text).toMatch(/^\[?[A-Za-z ]+( [A-Z0-9]+)?\]?$/);
    const left = await t.call('deid.list', { status: 'undecided' });
    expect(left.entities.reduce((n, e) => n + e.items.length, 0)).toBe(r.undecidedAfter);
    for (const c of left.entities.flatMap((e) => e.items)) expect(now.text.slice(c.start, c.end)).toBe(c.text);
    // The sign-off was for the state before: void until a new package is reviewed.
    expect((await t.call('deid.status', {})).signOff.state).toBe('void');
    expect((await t.call('deid.check', { purpose: 'sharing' })).ok).toBe(false);
    await decideEverything(t, () => 'not-identifier');
    await t.call('deid.reviewPackage', { to: 'Rina Reviewer', out: join(dir, 'b.review') });
    await reviewer.call('review.decide', { path: join(dir, 'b.review'), out: join(dir, 'b.decision'), decision: 'approved', label: 'anonymised' });
    await t.call('review.accept', { path: join(dir, 'b.decision') });
    const after = await t.call('export.run', { kind: 'segments-csv', out: join(dir, 'after.csv'), purpose: 'sharing' });
    expect(after.manifest.label).toBe('anonymised');
    expect(readFileSync(join(dir, 'after.csv'), 'utf8')).toMatch(/My neighbour \[Person [A-Z]+\] helped me report it/);

    // Running it again changes nothing that is already destroyed: the new sign-off stays valid.
    expect(await t.call('deid.destroyOriginals', { confirm: true })).toMatchObject({ transcripts: 0, alreadyDestroyed: 1, versionsDeleted: 0, pseudonymMapDestroyed: true });
    expect(await t.call('deid.check', { purpose: 'sharing' })).toMatchObject({ ok: true, label: 'anonymised' });

    // On disk: not the plaintext (never was), and not the ciphertexts either (the key still exists).
    t.backend.close();
    const files = projectFiles(s.projectPath);
    expect(scanForMarker(files, MARKER)).toEqual([]);
    expect(ciphertexts.filter(present)).toEqual([]);
    expect(scanForMarker(filesUnder(dir).filter((f) => f.endsWith('.csv')), MARKER)).toEqual([]);
  }, 120_000);
  it('on part of the project: kept identifiers move with their reasons, the other transcripts keep their originals, and the map (still needed) is not destroyed', async () => {
    s = await newSignedOffProject({ text: TEXT });
    const { t, transcriptId } = s;
    const other = await s.importAnother('Interviewer: Hi.\nRespondent: Ask Grace Njeri at Kisumu Girls High School.\n', 'b.txt');
    await t.call('deid.scan', {});
    await decideEverything(t);
    const q = await t.call('deid.queue', { status: 'all', transcriptId, limit: 100 });
    const place = q.entities.find((e) => /Sukamaju/.test(e.value) && e.type === 'LOCATION')!;
    await t.call('deid.decide', { entityId: place.id, action: 'keep', reason: 'a large town, agreed with the ethics board' });
    await decideEverything(t);

    const r = await t.call('deid.destroyOriginals', { transcriptIds: [transcriptId], confirm: true });
    expect(r).toMatchObject({ transcripts: 1, pseudonymMapDestroyed: false, rescanned: true });
    expect(r.candidatesCarried).toBeGreaterThan(0);
    expect(r.pseudonymOriginalsLeft).toBeGreaterThan(0);
    // The kept place is still flagged, on the new text, with who decided and why.
    const now = await t.call('transcripts.get', { id: transcriptId });
    const kept = (await t.call('deid.list', { status: 'decided', transcriptId })).entities.flatMap((e) => e.items).filter((c) => c.decision?.action === 'keep');
    expect(kept.length).toBeGreaterThan(0);
    for (const c of kept) {
      expect(c.decision!.reason).toBe('a large town, agreed with the ethics board');
      expect(now.text.slice(c.start, c.end)).toMatch(/Sukamaju/);
    }
    // The other transcript is untouched and still pseudonymised through the map.
    expect((await t.call('transcripts.get', { id: other.transcriptId })).text).toContain('Grace Njeri');
    expect((await t.call('deid.preview', { transcriptId: other.transcriptId })).text).not.toContain('Grace Njeri');
    await decideEverything(t, () => 'not-identifier');
    await t.call('deid.reviewPackage', { to: 'Rina Reviewer', out: join(s.dir, 'c.review') });
    await s.reviewer.call('review.decide', { path: join(s.dir, 'c.review'), out: join(s.dir, 'c.decision'), decision: 'approved', label: 'anonymised' });
    await t.call('review.accept', { path: join(s.dir, 'c.decision') });
    // Only the destroyed transcript in scope, but the map still stands for originals: pseudonymised.
    expect(await t.call('deid.check', { purpose: 'sharing', transcriptIds: [transcriptId] })).toMatchObject({ ok: true, label: 'pseudonymised' });
  }, 120_000);
  it('keeps coding ids (memos still point at them), moves marks over the replacements, takes the speaker labels from the rendition, and counts the history it deletes', async () => {
    s = await newSignedOffProject({ text: TEXT });
    const { t, transcriptId } = s;
    const code = await t.call('codes.create', { name: 'Asking' });
    const first = await t.call('transcripts.get', { id: transcriptId });
    const at = (needle: string, text: string): [number, number] => [text.indexOf(needle), text.indexOf(needle) + needle.length];
    const [cs, ce] = at('Please tell me what happened', first.text);
    await t.call('codings.create', { transcriptId, versionId: first.versionId, start: cs, end: ce, codeId: code.id });
    const [ms, me] = at(`${MARKER} Wanjiru helped`, first.text);
    await t.call('marks.create', { transcriptId, versionId: first.versionId, start: ms, end: me });
    // A correction leaves the first version behind, with its own coding and mark rows (history).
    await t.call('transcripts.correct', { id: transcriptId, text: first.text.replace('Thank you for joining.', 'Thank you for joining us.'), reason: 'a typo' });
    const coding = (await t.call('codings.list', { transcriptId }))[0]!;
    const memo = await t.call('memos.create', { target: { kind: 'coding', id: coding.id }, body: 'Ask again later.' });
    await t.call('deid.scan', {});
    await decideEverything(t);
    const preview = await t.call('deid.preview', { transcriptId });

    const r = await t.call('deid.destroyOriginals', { transcriptIds: [transcriptId], confirm: true });
    expect(r).toMatchObject({ transcripts: 1, versionsDeleted: 2, codingsMoved: 1, codingsOrphaned: 0, historyCodingsDeleted: 1, marksMoved: 1, historyMarksDeleted: 1 });
    const now = await t.call('transcripts.get', { id: transcriptId });
    expect(now.text).toBe(preview.text);
    expect(now.utteranceList).toEqual(preview.utterances);
    expect(now.utteranceList.map((u) => u.speaker)).not.toContain('Amina');
    expect(now.versions).toEqual([expect.objectContaining({ id: now.versionId, parentId: null, reason: 'originals destroyed: the de-identified rendition' })]);
    const [moved] = await t.call('codings.list', { transcriptId });
    expect(moved!.id).toBe(coding.id);
    expect(now.text.slice(moved!.start, moved!.end)).toBe('Please tell me what happened');
    expect((await t.call('memos.list', { target: { kind: 'coding', id: coding.id } })).map((m) => m.id)).toEqual([memo.id]);
    const [mark] = await t.call('marks.list', { transcriptId });
    expect(now.text.slice(mark!.start, mark!.end)).toMatch(/^\[Person [A-Z]+\]( Wanjiru)? helped$/);
    // The first version is gone: asking for it names it as missing.
    expect((await t.fail('transcripts.get', { id: transcriptId, versionId: first.versionId })).code).toBe('NOT_FOUND');

    // A correction afterwards is text a person typed: an original again, destroyed by the next run.
    await t.call('transcripts.correct', { id: transcriptId, text: `${now.text}Interviewer: One more thing.\n`, reason: 'a line was missing' });
    await decideEverything(t);
    expect(await t.call('deid.destroyOriginals', { transcriptIds: [transcriptId], confirm: true })).toMatchObject({ transcripts: 1, alreadyDestroyed: 0, versionsDeleted: 2 });
    expect(await t.call('deid.destroyOriginals', { transcriptIds: [transcriptId], confirm: true })).toMatchObject({ transcripts: 0, alreadyDestroyed: 1, versionsDeleted: 0 });
  }, 120_000);
  it('leaves codes and memos as written: a pseudonym still used there keeps its original, so the map is not destroyed and exports stay "pseudonymised"', async () => {
    s = await newSignedOffProject({ text: TEXT });
    const { t } = s;
    await t.call('codes.create', { name: 'Officials', definition: 'What Inspector Baraka Otieno did.' });
    await t.call('deid.scan', {});
    await decideEverything(t);
    const r = await t.call('deid.destroyOriginals', { confirm: true });
    expect(r).toMatchObject({ transcripts: 1, pseudonymMapDestroyed: false });
    expect(r.pseudonymOriginalsLeft).toBeGreaterThanOrEqual(1);
    const { codes } = await t.call('codebook.get', {});
    expect(codes.find((c) => c.name === 'Officials')!.definition).toBe('What Inspector Baraka Otieno did.');
  }, 120_000);
});
