/**
 * Schema validation with libxml2's `xmllint --schema` against the official REFI-QDA XSDs (copied
 * into tests/fixtures/refi-qda/official/ from ../shared/refi-qda, checksums in SOURCES.md).
 * Without xmllint the suites skip with a reason, except under CI=true, where they fail.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SCHEMAS = {
  codebook: resolve('tests/fixtures/refi-qda/official/Codebook.xsd'),
  project: resolve('tests/fixtures/refi-qda/official/Project.xsd'),
};

function findXmllint(): string | null {
  for (const p of [process.env.XMLLINT, '/usr/bin/xmllint', '/usr/local/bin/xmllint'].filter(Boolean) as string[]) if (existsSync(p)) return p;
  const r = spawnSync('xmllint', ['--version']);
  return r.status === 0 ? 'xmllint' : null;
}

export const XMLLINT = findXmllint();
/** True when the validation tests must be skipped (no xmllint, not in CI). */
export const SKIP_XMLLINT = XMLLINT === null && process.env.CI !== 'true';
export const SKIP_REASON = 'xmllint is not installed (Debian: apt-get install libxml2-utils); schema validation skipped';
if (SKIP_XMLLINT) console.warn(`tests/unit/exports: ${SKIP_REASON}`);

export interface Validation {
  valid: boolean;
  /** xmllint's messages (file path replaced by "doc"). */
  errors: string;
}

/** Validates a document (string or bytes) against one of the official schemas. */
export function validate(doc: string | Uint8Array, schema: keyof typeof SCHEMAS): Validation {
  if (!XMLLINT) throw new Error(SKIP_REASON);
  const dir = mkdtempSync(join(tmpdir(), 'tandai-xmllint-'));
  try {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, doc);
    const r = spawnSync(XMLLINT, ['--noout', '--nonet', '--schema', SCHEMAS[schema], file], { encoding: 'utf8' });
    return { valid: r.status === 0, errors: (r.stderr ?? '').split(file).join('doc') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
