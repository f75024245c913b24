/**
 * A project with one synthetic transcript, through the real router: identity created, project
 * created at the KDF floor, the transcript imported with `transcripts.import`. Reused by service tests.
 *
 * Creating an identity and a project costs two Argon2id runs and a passphrase check (about a second
 * on the build machines), so the first call builds a template project, closes it (checkpointed: one
 * self-contained file) and every call gets its own copy of it and of the identity home, opened
 * fresh through `identity.unlock` + `project.open`. Each test still has its own files and backend.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PASS, tempDir, testBackend, writeFiles, type TestBackend } from './backend.js';

/** Synthetic interview (no real person): speaker turns, one accented word, one emoji. */
export const SAMPLE_TRANSCRIPT = [
  'Interviewer: Thank you for meeting with me today. Can you tell me about your work?',
  'Respondent: I coordinate the child protection unit in the district office. We receive reports from schools and health posts.',
  'Interviewer: What makes that work difficult?',
  'Respondent: Mostly the lack of trained staff. Families also fear stigma, so they do not report. The café owner helped once 🙂 but that was rare.',
  '',
].join('\n');

export interface ImportedTranscript {
  transcriptId: string;
  versionId: string;
  participantId: string;
  text: string;
}

export interface ProjectWithTranscript extends ImportedTranscript {
  t: TestBackend;
  dir: string;
  projectPath: string;
  /** Offsets of `needle` in the first transcript's imported text (throws if absent): [start, end). */
  range(needle: string, from?: number): [number, number];
  /** Imports another transcript into the same project. */
  importAnother(text: string, fileName?: string): Promise<ImportedTranscript>;
}

interface Options {
  text?: string;
  fileName?: string;
  /** Default true: an identity exists and is unlocked, so actions are stamped with its id. */
  withIdentity?: boolean;
}

interface Template {
  dir: string;
  projectPath: string;
  first: ImportedTranscript;
}

const templates = new Map<string, Promise<Template>>();

function importer(t: TestBackend, dir: string) {
  let n = 0;
  return async (text: string, fileName?: string): Promise<ImportedTranscript> => {
    n++;
    const [path] = writeFiles(join(dir, `in-${n}`), { [fileName ?? `interview-${n}.txt`]: text });
    const { results } = await t.call('transcripts.import', { paths: [path!] });
    const r = results[0]!;
    if (r.status !== 'imported') throw new Error(`import failed: ${r.code}: ${r.message}`);
    const detail = await t.call('transcripts.get', { id: r.transcriptId! });
    return { transcriptId: detail.id, versionId: detail.versionId, participantId: detail.participantId, text: detail.text };
  };
}

async function buildTemplate(opts: Required<Options>): Promise<Template> {
  const dir = tempDir('tandai-template-');
  const t = await testBackend(dir);
  if (opts.withIdentity) await t.call('identity.create', { displayName: 'Test Coder', passphrase: PASS });
  const projectPath = join(dir, 'study.tandai');
  await t.call('project.create', { path: projectPath, passphrase: PASS, recoveryKey: false });
  const first = await importer(t, join(dir, 'template-in'))(opts.text, opts.fileName);
  t.backend.close();
  return { dir, projectPath, first };
}

export async function newProjectWithTranscript(options: Options = {}): Promise<ProjectWithTranscript> {
  const opts: Required<Options> = { text: options.text ?? SAMPLE_TRANSCRIPT, fileName: options.fileName ?? 'interview-0.txt', withIdentity: options.withIdentity ?? true };
  const key = JSON.stringify(opts);
  let pending = templates.get(key);
  if (!pending) {
    pending = buildTemplate(opts);
    templates.set(key, pending);
  }
  const tpl = await pending;

  const dir = tempDir('tandai-svc-');
  mkdirSync(join(dir, 'home'), { recursive: true });
  cpSync(join(tpl.dir, 'home'), join(dir, 'home'), { recursive: true });
  const projectPath = join(dir, 'study.tandai');
  copyFileSync(tpl.projectPath, projectPath);
  if (existsSync(`${tpl.projectPath}-wal`)) copyFileSync(`${tpl.projectPath}-wal`, `${projectPath}-wal`);

  const t = await testBackend(dir);
  if (opts.withIdentity) {
    await t.call('identity.unlock', { passphrase: PASS });
    await t.call('project.open', { path: projectPath });
  } else {
    await t.call('project.open', { path: projectPath, passphrase: PASS });
  }
  const first = tpl.first;
  return {
    t,
    dir,
    projectPath,
    ...first,
    range(needle, from = 0) {
      const i = first.text.indexOf(needle, from);
      if (i < 0) throw new Error(`"${needle}" is not in the transcript`);
      return [i, i + needle.length];
    },
    importAnother: importer(t, dir),
  };
}
