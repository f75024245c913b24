/**
 * The signed-off export project (project-fixture.ts) driven as one person's sessions without the
 * router: the coder's identity unlocked in a Ctx, the project file opened and closed as a session
 * does, and exports through `runExport` with the real gate (terminology check off: the documents'
 * other parts are what the gate tests compare).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ctx } from '../../../electron/backend/context.js';
import { Keystore } from '../../../electron/backend/identity/keystore.js';
import { deidMemoText, deidRenditionSource } from '../../../electron/backend/services/deid/gate.js';
import { runExport, type ExportDeps, type RunInput } from '../../../electron/backend/services/exports.js';
import { openProjectFile } from '../../../electron/backend/services/project-file.js';
import type { OpenProject } from '../../../electron/backend/store/project.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';
import { PASS } from '../helpers/backend.js';
import { exportProject, type ExportProject } from './project-fixture.js';

const NOW = new Date('2026-11-28T08:00:00.000Z');
const deps: ExportDeps = { renditionSource: () => deidRenditionSource(), terminology: null, memoText: deidMemoText, now: () => NOW };
const EXT: Record<RunInput['kind'], string> = { qdpx: 'qdpx', qdc: 'qdc', 'codebook-html': 'html', 'codebook-docx': 'docx', 'segments-csv': 'csv', 'segments-xlsx': 'xlsx' };

export interface GateSessions {
  fx: ExportProject;
  ctx: Ctx;
  /** Closes the open session, if any, and opens the project again. */
  open(): OpenProject;
  close(): void;
  /** An export of the fixture's scope for sharing, to a new file. */
  run(input: Omit<RunInput, 'out' | 'purpose'> & { purpose?: RunInput['purpose'] }): ReturnType<typeof runExport>;
  bytes(r: { files: { path: string }[] }): Buffer;
}

export async function gateSessions(outName: string): Promise<GateSessions> {
  const fx = await exportProject();
  fx.t.backend.close();
  fx.review!.reviewer.backend.close();
  const home = join(fx.dir, 'home');
  const ks = new Keystore(home);
  const ctx = new Ctx({ home, kdf: KDF_FLOOR }, ks);
  ctx.identity = ks.unlock(PASS);
  const out = join(fx.dir, outName);
  mkdirSync(out);
  let n = 0;
  const close = () => {
    ctx.project?.close();
    ctx.project = null;
  };
  return {
    fx,
    ctx,
    open() {
      close();
      ctx.project = openProjectFile(fx.projectPath, { kind: 'identity', identity: ctx.identity! }, ctx.identity!);
      return ctx.project;
    },
    close,
    run: (input) => runExport(ctx, { purpose: 'sharing', transcriptIds: fx.scope, ...input, out: join(out, `${n++}.${EXT[input.kind]}`) }, deps),
    bytes: (r) => readFileSync(r.files[0]!.path),
  };
}
