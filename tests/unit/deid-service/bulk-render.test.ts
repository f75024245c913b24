/**
 * The gate's first check after opening a project renders every transcript with a renderer that
 * read every entity, decision in force and pseudonym row up front (`Renderer.preload`), and reads a
 * transcript text's candidates as one packed string a row. Neither may change what a sign-off
 * compares: the same candidates, the same renditions, the same item hash and state as rendering
 * one lookup at a time, column by column — for every kind of decision (an entity's pseudonym, a
 * pseudonym chosen for one occurrence, generalised, redacted, kept with a reason, not an
 * identifier) and with candidates still undecided. A row the packed read cannot split is read by
 * column instead.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ctx } from '../../../electron/backend/context.js';
import { Keystore } from '../../../electron/backend/identity/keystore.js';
import { itemHash, transcriptItem, type PackageItem } from '../../../electron/backend/services/deid/items.js';
import { candidateIdBase, candidateIdFrom, digest } from '../../../electron/backend/services/deid/keys.js';
import { canonicalJson, sha256Hex } from '../../../electron/backend/services/manifest.js';
import { keyedHash } from '../../../electron/backend/vault/keys.js';
import { candidatesAt, Renderer, type Loc } from '../../../electron/backend/services/deid/render.js';
import { openProjectFile } from '../../../electron/backend/services/project-file.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';
import type { OpenProject } from '../../../electron/backend/store/project.js';
import { PASS, tempDir, testBackend } from '../helpers/backend.js';
import { DEID_TRANSCRIPT } from '../helpers/signed-off-project.js';

/** What rendering compares of a candidate (every column it reads). */
const columns = (c: { id: string; start: number; end: number; type: string; entity_id: string; participant_id: string | null; text_ct: Uint8Array | null; decision_id: string | null }) => [
  c.id,
  c.start,
  c.end,
  c.type,
  c.entity_id,
  c.participant_id,
  c.text_ct === null ? null : Buffer.from(c.text_ct).toString('hex'),
  c.decision_id,
];

describe('rendering every transcript at once (the first gate check after opening)', { timeout: 60_000 }, () => {
  let ctx: Ctx;
  let p: OpenProject;
  let ids: string[];
  const actions = new Set<string>();

  beforeAll(async () => {
    const root = tempDir('tandai-bulk-render-');
    const t = await testBackend(join(root, 'researcher'));
    await t.call('identity.create', { displayName: 'Researcher', passphrase: PASS });
    const path = join(t.dir, 'bulk.tandai');
    await t.call('project.create', { path, passphrase: PASS, recoveryKey: false });
    const inputs = tempDir('tandai-bulk-render-input-');
    const { writeFileSync } = await import('node:fs');
    const files = ['first.txt', 'second.txt', 'third.txt'].map((name, i) => {
      const file = join(inputs, name);
      writeFileSync(file, [DEID_TRANSCRIPT, DEID_TRANSCRIPT.replace('Hope Wanjiru', 'Grace Achieng'), DEID_TRANSCRIPT.replace('3 March 2024', '9 May 2023')][i]!);
      return file;
    });
    const { results } = await t.call('transcripts.import', { paths: files, attributes: { consent_sharing: true, interviewer: 'Baraka Otieno' } });
    ids = results.map((r) => r.transcriptId!);
    expect(results.map((r) => r.status)).toEqual(['imported', 'imported', 'imported']);
    await t.call('deid.scan', {});
    const q = await t.call('deid.queue', { status: 'all', limit: 1000 });
    // One entity of each kind of decision; the rest left undecided.
    const plan: ['replace' | 'generalise' | 'redact' | 'keep' | 'not-identifier', (e: (typeof q.entities)[number]) => boolean][] = [
      ['generalise', (e) => e.type === 'DATE' || e.type === 'AGE'],
      ['redact', (e) => e.type === 'PHONE'],
      ['keep', (e) => e.type === 'EMAIL'],
      ['not-identifier', (e) => e.type === 'LOCATION'],
      ['replace', (e) => e.type === 'PERSON'],
    ];
    for (const e of q.entities) {
      const action = plan.find(([, is]) => is(e))?.[0];
      if (!action || actions.has(`${action}:${e.type}`)) continue;
      const r = await t.backend.route('deid.decide', { entityId: e.id, action, ...(action === 'keep' ? { reason: 'a public address' } : {}) });
      if (r.ok) actions.add(`${action}:${e.type}`);
    }
    // A pseudonym chosen for one occurrence only.
    const person = q.entities.find((e) => e.type === 'PERSON')!;
    const occurrences = await t.call('deid.entity', { id: person.id });
    await t.call('deid.decide', { candidateId: occurrences.candidates[0]!.id, action: 'replace', value: '[Neighbour]' });
    actions.add('replace:own');
    t.backend.close();

    const home = join(t.dir, 'home');
    const ks = new Keystore(home);
    ctx = new Ctx({ home, kdf: KDF_FLOOR }, ks);
    ctx.identity = ks.unlock(PASS);
    ctx.project = openProjectFile(path, { kind: 'identity', identity: ctx.identity }, ctx.identity);
    p = ctx.project;
  }, 120_000);

  afterAll(() => ctx?.project?.close());

  it('gives every transcript the same item (hash, state, edits, kept) and rendition as rendering one lookup at a time', () => {
    // Positive control: the fixture holds each kind of decision, and candidates still undecided.
    expect([...actions].map((a) => a.split(':')[0])).toEqual(expect.arrayContaining(['replace', 'generalise', 'redact', 'keep']));
    const bulk = new Renderer(p);
    bulk.preload();
    let undecided = 0;
    for (const id of ids) {
      const one = transcriptItem(p, new Renderer(p), id);
      const all = transcriptItem(p, bulk, id);
      expect(all.hash).toBe(one.hash);
      // The hash is SHA-256 of the item's canonical JSON, as a reviewer's copy (parsed) is checked.
      expect(all.hash).toBe(sha256Hex(canonicalJson(all.item)));
      expect(itemHash(JSON.parse(JSON.stringify(all.item)) as PackageItem)).toBe(all.hash);
      expect(all.state).toBe(one.state);
      expect(all.item).toEqual(one.item);
      expect(all.undecided).toBe(one.undecided);
      expect(all.rendered!.rendition.text).toBe(one.rendered!.rendition.text);
      expect(all.rendered!.rendition.participantLabel).toBe(one.rendered!.rendition.participantLabel);
      expect(all.rendered!.rendition.utterances).toEqual(one.rendered!.rendition.utterances);
      expect(all.item.edits.length).toBeGreaterThan(0);
      undecided += all.undecided;
    }
    expect(undecided).toBeGreaterThan(0);
    const texts = ids.map((id) => transcriptItem(p, bulk, id).item);
    expect(texts.some((i) => i.text.includes('[Neighbour]'))).toBe(true);
    expect(texts.some((i) => i.kept.length > 0)).toBe(true);
  });

  it('digests the UTF-8 of its parts joined by NUL under the project\'s de-identification key, for any text', () => {
    const key = keyedHash(p.dedupKey, 'tandai|deid|digests|1');
    for (const parts of [['state', '{"decisions":["a:b"]}'], ['rev', 'Ibu Sumiati 🙏 café'], ['rev', 'lone \ud800 high', 'and \udc00 low'], ['candidate', '']]) {
      expect(digest(p, ...parts)).toBe(Buffer.from(keyedHash(key, parts.join('\u0000'))).toString('hex').slice(0, 32));
    }
  });

  it("reads a transcript text's candidates packed exactly as column by column", () => {
    const r = new Renderer(p);
    const stmt = p.db.prepare('SELECT * FROM deid_candidates WHERE id >= ? AND id < ?');
    for (const id of ids) {
      const rt = r.transcript(id);
      const loc: Loc = { kind: 'transcript', id, field: 'text', rev: rt.rendition.versionId };
      const reference = candidatesAt(p, stmt, loc);
      expect(reference.length).toBeGreaterThan(0);
      expect(rt.candidates.filter(({ c }) => c.source_kind === 'transcript').map(({ c }) => columns(c))).toEqual(reference.map(columns));
    }
  });

  it('reads by column a location with a row the packed read cannot split, and still renders it', () => {
    const id = ids[0]!;
    const before = new Renderer(p).transcript(id);
    const loc: Loc = { kind: 'transcript', id, field: 'text', rev: before.rendition.versionId };
    const first = before.candidates.find(({ c }) => c.source_kind === 'transcript')!.c;
    // A row no scan writes (a '|' in its type), over the first word of the text, decided by its entity.
    const odd = candidateIdFrom(candidateIdBase(p, loc.kind, loc.id, loc.field, loc.rev), 0, 3);
    p.db
      .prepare('INSERT INTO deid_candidates (id, source_kind, source_id, field, rev, start, "end", type, detector, confidence, entity_id, participant_id, transcript_id, text_ct, decision_id, scan_id, created_at, current) VALUES (?, ?, ?, ?, ?, 0, 3, ?, ?, 1, ?, ?, ?, NULL, NULL, NULL, ?, 1)')
      .run(odd, loc.kind, loc.id, loc.field, loc.rev, 'PER|SON', 'test', first.entity_id, first.participant_id, id, new Date().toISOString());
    try {
      const after = new Renderer(p).transcript(id);
      const texts = after.candidates.filter(({ c }) => c.source_kind === 'transcript');
      expect(texts.map(({ c }) => columns(c))).toEqual(candidatesAt(p, p.db.prepare('SELECT * FROM deid_candidates WHERE id >= ? AND id < ?'), loc).map(columns));
      expect(texts[0]!.c.id).toBe(odd);
      expect(texts.length).toBe(before.candidates.filter(({ c }) => c.source_kind === 'transcript').length + 1);
    } finally {
      p.db.prepare('DELETE FROM deid_candidates WHERE id = ?').run(odd);
    }
  });
});
