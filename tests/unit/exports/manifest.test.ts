/**
 * Manifests and team files on their own (real libsodium, real keystores in temp folders): the
 * canonical JSON a signature covers, and the reviewer checks against a team file — a reviewer who
 * signed off must be in the team list, as a reviewer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Keystore, type UnlockedIdentity } from '../../../electron/backend/identity/keystore.js';
import { canonicalJson, sha256Hex, signDocument, signerOf, verifyExport } from '../../../electron/backend/services/manifest.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';
import { loadSodium } from '../../../electron/backend/vault/sodium.js';
import { PASS, tempDir } from '../helpers/backend.js';

const PROJECT = '11111111-2222-4333-8444-555555555555';

function identity(dir: string, name: string): UnlockedIdentity {
  const home = join(dir, name);
  mkdirSync(home);
  return new Keystore(home).create(name, PASS, KDF_FLOOR);
}

function member(who: UnlockedIdentity, role: 'coder' | 'lead' | 'reviewer') {
  const s = signerOf(who);
  return { id: s.id, name: s.name, role, fingerprint: s.fingerprint, signPublicKey: s.signPublicKey, boxPublicKey: s.boxPublicKey };
}

describe('canonical JSON', () => {
  it('sorts keys at every level, keeps array order, writes no whitespace, escapes as JSON.stringify does', () => {
    expect(canonicalJson({ b: 1, a: [{ z: 'é"\n', y: null }, 2], c: { e: true, d: 'x' } })).toBe('{"a":[{"y":null,"z":"é\\"\\n"},2],"b":1,"c":{"d":"x","e":true}}');
    expect(canonicalJson({ k: undefined, j: 1 })).toBe('{"j":1}');
    // Integer-like keys come first in an object's own order; canonical order compares UTF-16 units.
    expect(canonicalJson({ '10': 1, '2': 2, B: 3, a: 4, é: 5, Z: [undefined, NaN, 'ü😀'] })).toBe('{"10":1,"2":2,"B":3,"Z":[null,null,"ü😀"],"a":4,"é":5}');
    // Already-sorted keys (as review items build them) give the same bytes as unsorted ones.
    expect(canonicalJson({ action: 'replace', candidateId: 'c', type: 'PERSON' })).toBe(canonicalJson({ type: 'PERSON', candidateId: 'c', action: 'replace' }));
  });

  it('writes an array of strings only as it writes any array: each string as JSON.stringify does, a hole as null', () => {
    // eslint-disable-next-line no-sparse-arrays
    const strings = ['a:b', 'é"\n', '\u0000\u001f', '\ud800', '\udc00x', 'ü😀', '\u2028', '', , 'z'];
    const byElement = `[${Array.from(strings, (s) => (s === undefined ? 'null' : JSON.stringify(s))).join(',')}]`;
    expect(canonicalJson(strings)).toBe(byElement);
    expect(canonicalJson({ decisions: strings, v: 'x' })).toBe(`{"decisions":${byElement},"v":"x"}`);
    // A string beside anything else still goes element by element (objects inside sorted).
    expect(canonicalJson(['b', { z: 1, a: 'é' }])).toBe('["b",{"a":"é","z":1}]');
  });
});

describe('reviewers against the team list', () => {
  const dir = tempDir('tandai-manifest-');
  let lead: UnlockedIdentity;
  let reviewer: UnlockedIdentity;
  let coder: UnlockedIdentity;

  beforeAll(async () => {
    await loadSodium();
    lead = identity(dir, 'Lead');
    reviewer = identity(dir, 'Reviewer');
    coder = identity(dir, 'Coder');
    const team = signDocument(
      { format: 'tandai-team' as const, version: 1 as const, project: { id: PROJECT }, exportedAt: '2024-05-02T00:00:00.000Z', members: [member(lead, 'lead'), member(reviewer, 'reviewer'), member(coder, 'coder')], signedBy: signerOf(lead) },
      lead,
    );
    writeFileSync(join(dir, 'team.json'), JSON.stringify(team));
  }, 60_000);

  /** A signed export (one small file) whose sign-off names `who`. */
  function exportSignedOffBy(name: string, who: UnlockedIdentity): string {
    const folder = join(dir, name);
    mkdirSync(folder);
    const data = 'code,excerpt\r\n';
    writeFileSync(join(folder, 'seg.csv'), data);
    const manifest = signDocument(
      {
        format: 'tandai-export-manifest' as const,
        version: 1 as const,
        kind: 'segments-csv' as const,
        purpose: 'sharing' as const,
        createdAt: '2024-05-02T09:30:00.000Z',
        project: { id: PROJECT },
        files: [{ name: 'seg.csv', sha256: sha256Hex(data), bytes: data.length }],
        label: 'pseudonymised' as const,
        excluded: [],
        counts: { transcripts: 0, participants: 0, codes: 0, codings: 0, memos: 0 },
        positions: null,
        reviewer: { reviewerId: who.id, reviewerFingerprint: who.fingerprint, decision: 'approved' as const, conditions: null, signedAt: '2024-05-01T00:00:00.000Z', reviewedHash: 'ab'.repeat(32) },
        auditHead: { count: 12, hash: 'cd'.repeat(32) },
        exporter: signerOf(lead),
      },
      lead,
    );
    writeFileSync(join(folder, 'seg.csv.manifest.json'), JSON.stringify(manifest, null, 2));
    return join(folder, 'seg.csv');
  }

  it('a sign-off by a team reviewer verifies, and the report names the reviewer and their fingerprint', () => {
    const r = verifyExport(exportSignedOffBy('ok', reviewer), { team: join(dir, 'team.json') });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.reviewer).toEqual({ id: reviewer.id, name: 'Reviewer', fingerprint: reviewer.fingerprint, decision: 'approved' });
  });

  it('a sign-off by a team member who is not a reviewer fails', () => {
    const r = verifyExport(exportSignedOffBy('coder', coder), { team: join(dir, 'team.json') });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['Coder signed off as reviewer but is a coder in the team list']);
  });

  it('a sign-off by someone outside the team list fails', () => {
    const stranger = identity(dir, 'Stranger');
    const r = verifyExport(exportSignedOffBy('stranger', stranger), { team: join(dir, 'team.json') });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([`the reviewer who signed off (${stranger.fingerprint}) is not in the team list`]);
  });

  it('without a team file the reviewer is reported by fingerprint only, and the report says the team was not checked', () => {
    const r = verifyExport(exportSignedOffBy('noteam', reviewer));
    expect(r).toMatchObject({ ok: true, teamChecked: false, reviewer: { name: null, fingerprint: reviewer.fingerprint } });
  });
});
