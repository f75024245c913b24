/**
 * `tandai export`, `tandai team export` and `tandai verify` through the real CLI (in-process `run()`,
 * captured streams, a real backend): a project taken through `deid scan`, `deid decide`, a review
 * package approved by a second identity (its own home) and accepted, then exported; exit codes,
 * one-line errors, what verify prints, and the gate's refusals (nothing written).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../electron/backend/backend.js';
import type { VerifyReport } from '../../../shared/contract/channels/exports.js';
import { cli, json, KDF, PASS, PASS2, tempDir } from '../cli/harness.js';

describe('tandai export / team export / verify', () => {
  const dir = tempDir();
  const home = join(dir, 'home');
  const reviewerHome = join(dir, 'reviewer');
  const project = join(dir, 'study.tandai');
  const env = { TANDAI_PASSPHRASE: PASS };
  const renv = { TANDAI_PASSPHRASE: PASS2 };
  let fingerprint = '';
  let reviewerFp = '';

  beforeAll(async () => {
    expect((await cli(['identity', 'init', '--name', 'Lead Person'], { env, home })).code).toBe(0);
    expect((await cli(['identity', 'init', '--name', 'Rina Reviewer'], { env: renv, home: reviewerHome })).code).toBe(0);
    const card = (await cli(['identity', 'show', '--card'], { env: renv, home: reviewerHome })).stdout.trim();
    reviewerFp = json<{ fingerprint: string }>(await cli(['identity', 'show', '--json'], { env: renv, home: reviewerHome })).fingerprint;
    expect((await cli(['init', '--project', project, '--no-recovery-key'], { env, home })).code).toBe(0);
    expect((await cli(['team', 'add', '--project', project, '--role', 'reviewer', card], { env, home })).code).toBe(0);
    writeFileSync(join(dir, 'one.txt'), 'Interviewer: First question?\nRespondent: Families fear stigma 🙂 here. Call Otis on 0711 203 944.\n');
    const imp = await cli(['import', '--project', project, '--attr', 'consent_sharing=yes', '--attr', 'country=Kenya', join(dir, 'one.txt')], { env, home });
    expect(imp.code, imp.stderr).toBe(0);
    // The CLI has no codebook commands yet: add a code through the same router.
    const b = await createBackend({ home, kdf: KDF });
    const call = async (channel: string, input: unknown) => {
      const r = await b.route(channel, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as Record<string, unknown>;
    };
    await call('identity.unlock', { passphrase: PASS });
    await call('project.open', { path: project });
    await call('codes.create', { name: 'Stigma', definition: 'Fear of being judged.' });
    b.close();
    fingerprint = json<{ fingerprint: string }>(await cli(['identity', 'show', '--json'], { env, home })).fingerprint;
  }, 60_000);

  /** Runs an export that the gate must refuse: exit 1, one line naming why, and neither file written. */
  const refused = async (why: RegExp) => {
    const r = await cli(['export', 'qdpx', '--project', project, '--out', 'refused.qdpx'], { env, home, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([expect.stringMatching(why)]);
    expect(existsSync(join(dir, 'refused.qdpx'))).toBe(false);
    expect(existsSync(join(dir, 'refused.qdpx.manifest.json'))).toBe(false);
  };

  it('refuses to export until the project is scanned, every candidate decided and the result signed off, naming why each time', async () => {
    await refused(/^tandai: export refused: the project was never scanned for identifiers/);
    expect((await cli(['deid', 'scan', '--project', project], { env, home })).code).toBe(0);
    await refused(/^tandai: export refused: \d+ candidate\(s\) in scope are undecided/);
    for (let round = 0; round < 4; round++) {
      const left = json<{ entities: { id: string; type: string }[] }>(await cli(['deid', 'list', '--project', project, '--json', '--status', 'undecided'], { env, home }));
      for (const e of left.entities) {
        const r = await cli(['deid', 'decide', '--project', project, '--entity', e.id, '--action', e.type === 'PHONE' || e.type === 'PERSON' ? 'replace' : 'not-identifier'], { env, home });
        expect(r.code, r.stderr).toBe(0);
      }
      const status = json<{ rescanNeeded: boolean; undecided: number }>(await cli(['deid', 'status', '--project', project, '--json'], { env, home }));
      if (!status.rescanNeeded && status.undecided === 0) break;
      if (status.rescanNeeded) expect((await cli(['deid', 'scan', '--project', project], { env, home })).code).toBe(0);
    }
    await refused(/^tandai: export refused: there is no ethics sign-off/);
  });

  it('after the reviewer approves and the decision is accepted, the gate lets the project out', async () => {
    expect((await cli(['deid', 'review-package', '--project', project, '--to', reviewerFp, '--out', 'study.review', '--risk-note', 'Synthetic.'], { env, home, cwd: dir })).code).toBe(0);
    const approve = await cli(['review', 'approve', 'study.review', '--out', 'study.decision', '--risk', 'low'], { env: renv, home: reviewerHome, cwd: dir });
    expect(approve.code, approve.stderr).toBe(0);
    const accept = await cli(['review', 'accept', '--project', project, 'study.decision'], { env, home, cwd: dir });
    expect(accept.code, accept.stderr).toBe(0);
  });

  it('exports a .qdpx and prints the files, the manifest, the signer and the label', async () => {
    const r = await cli(['export', 'qdpx', '--project', project, '--out', 'study.qdpx'], { env, home, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote ${join(dir, 'study.qdpx').replace(/[.]/g, '\\.')} \\(.*, sha-256 [0-9a-f]{64}\\)$`, 'm'));
    expect(r.stdout).toContain(`manifest: ${join(dir, 'study.qdpx.manifest.json')}`);
    expect(r.stdout).toContain(`signed by Lead Person (${fingerprint})`);
    expect(r.stdout).toMatch(/^label: pseudonymised$/m);
    const written = new TextDecoder().decode(readFileSync(join(dir, 'study.qdpx')));
    expect(written).not.toContain('0711 203 944');
  });

  it('verify prints the exporter and reviewer fingerprints and exits 0 for an untouched export checked against the team file', async () => {
    const t = await cli(['team', 'export', '--project', project, '--out', 'team.json'], { env, home, cwd: dir });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^wrote .*team\.json \(2 members, sha-256/);
    const r = await cli(['verify', 'study.qdpx', '--team', 'team.json', '--expect-signer', fingerprint], { home, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`exporter: Lead Person (${fingerprint})`);
    expect(r.stdout).toContain(`reviewer: Rina Reviewer (${reviewerFp}), approved`);
    expect(r.stdout).toContain('ok: the signature verifies and every file is as exported');
  });

  it('verify --json prints only the report', async () => {
    const r = await cli(['verify', 'study.qdpx', '--json'], { home, cwd: dir });
    expect(r.code).toBe(0);
    expect(json<VerifyReport>(r)).toMatchObject({ ok: true, teamChecked: false, exporter: { fingerprint } });
  });

  it('verify exits 1 with one stderr line when the signer is not the one expected', async () => {
    const r = await cli(['verify', 'study.qdpx', '--expect-signer', 'abandon-ability-able-about-above-absent-absorb-abstract-absurd-abuse-access-accident'], { home, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^problem: signed by Lead Person/m);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: study\.qdpx failed verification \(signed by Lead Person/)]);
  });

  it('verify names a changed file and exits 1', async () => {
    const path = join(dir, 'study.qdpx');
    const data = readFileSync(path);
    data[20] = data[20]! ^ 0x01;
    writeFileSync(path, data);
    const r = await cli(['verify', 'study.qdpx'], { home, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('changed: study.qdpx');
    expect(r.errLines).toEqual(['tandai: study.qdpx failed verification (changed: study.qdpx)']);
  });

  it('usage errors exit 2 and name the argument', async () => {
    const bad = await cli(['export', 'pdf', '--project', project, '--out', 'x.pdf'], { env, home, cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.errLines).toEqual([expect.stringMatching(/^tandai: KIND: expected one of qdc, qdpx, codebook-docx/)]);
    const nvivo = await cli(['export', 'qdc', '--project', project, '--out', 'x.qdc', '--nvivo-positions'], { env, home, cwd: dir });
    expect(nvivo.code).toBe(2);
    expect(nvivo.errLines).toEqual(['tandai: --nvivo-positions: applies to qdpx only']);
    const noOut = await cli(['export', 'qdc', '--project', project], { env, home, cwd: dir });
    expect(noOut.code).toBe(2);
  });

  it('export refuses without a passphrase for the identity that signs (not interactive: exit 2)', async () => {
    const r = await cli(['export', 'qdc', '--project', project, '--out', 'nopass.qdc'], { env: {}, home, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: no passphrase to unlock your identity/)]);
  });

  it('a purpose without consent is refused by the gate (exit 1), naming the attribute', async () => {
    const r = await cli(['export', 'segments-csv', '--project', project, '--out', 'q.csv', '--purpose', 'quoting'], { env, home, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: export refused: consent for quoting is not recorded as "yes" for P001 \(attribute consent_quoting\)$/)]);
  });
});
