/**
 * Team scenarios through the real router: a lead with a project and synthetic transcripts, and
 * coders who each hold a copy of the project (their identity opens it: the lead added their card),
 * or their own project. Identities are created at the KDF floor.
 */
import { copyFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import type { IdentityInfo } from '../../../shared/contract/index.js';
import { PASS, tempDir, testBackend, writeFiles, type TestBackend } from '../helpers/backend.js';

/** Synthetic interviews (no real person). */
export const TEXTS = [
  [
    'Interviewer: Thank you for meeting with me today. Can you tell me about your work?',
    'Respondent: I coordinate the child protection unit in the district office. We receive reports from schools and health posts.',
    'Interviewer: What makes that work difficult?',
    'Respondent: Mostly the lack of trained staff. Families also fear stigma, so they do not report. The café owner helped once 🙂 but that was rare.',
    '',
  ].join('\n'),
  [
    'Interviewer: How do families reach the police post?',
    'Respondent: The road is long and the bus is expensive. Some parents fear reprisal from neighbours.',
    'Interviewer: Who helps them?',
    'Respondent: Teachers sometimes. The village head sometimes refuses to sign the letter.',
    '',
  ].join('\n'),
];

export interface Person {
  t: TestBackend;
  identity: IdentityInfo;
  projectPath: string;
}

export async function person(name: string, dirPrefix = 'tandai-team-'): Promise<Omit<Person, 'projectPath'>> {
  const t = await testBackend(tempDir(dirPrefix));
  const identity = await t.call('identity.create', { displayName: name, passphrase: PASS });
  return { t, identity };
}

export async function importTexts(t: TestBackend, dir: string, texts: string[], prefix = 'interview'): Promise<{ transcriptId: string; versionId: string; text: string }[]> {
  const files = Object.fromEntries(texts.map((x, i) => [`${prefix}-${i + 1}.txt`, x]));
  const paths = writeFiles(join(dir, `in-${prefix}-${Math.random().toString(36).slice(2, 8)}`), files);
  const out = [];
  for (const path of paths) {
    const { results } = await t.call('transcripts.import', { paths: [path] });
    const r = results[0]!;
    if (r.status !== 'imported') throw new Error(`${r.status}: ${r.message}`);
    const d = await t.call('transcripts.get', { id: r.transcriptId! });
    out.push({ transcriptId: d.id, versionId: d.versionId, text: d.text });
  }
  return out;
}

export interface Team {
  lead: Person;
  coders: Person[];
  transcripts: { transcriptId: string; versionId: string; text: string }[];
  /** Codes the lead made before handing out copies (the common ancestor). */
  codes: Record<string, string>;
  range(i: number, needle: string): [number, number];
}

interface TeamTemplate {
  leadDir: string;
  coderDirs: string[];
  transcripts: Team['transcripts'];
  codes: Record<string, string>;
  identities: IdentityInfo[];
}
const templates = new Map<string, Promise<TeamTemplate>>();

/**
 * The lead creates the project, imports TEXTS, makes the starting codes, adds every coder to the
 * team, and hands each a copy of the project file. Built once per configuration (identities and
 * projects cost Argon2id runs), then copied for each call: every call gets its own files and
 * backends, opened fresh through identity.unlock + project.open.
 */
async function buildTemplate(coderNames: string[], codeNames: string[]): Promise<TeamTemplate> {
  const lead = await person('Lina Lead', 'tandai-team-tpl-');
  const projectPath = join(lead.t.dir, 'study.tandai');
  await lead.t.call('project.create', { path: projectPath, passphrase: PASS, recoveryKey: false });
  const transcripts = await importTexts(lead.t, lead.t.dir, TEXTS);
  const codes: Record<string, string> = {};
  for (const name of codeNames) codes[name] = (await lead.t.call('codes.create', { name, definition: `When ${name.toLowerCase()} is named.` })).id;
  const coders = [];
  for (const name of coderNames) {
    const c = await person(name, 'tandai-team-tpl-');
    await lead.t.call('team.add', { card: c.identity.card, role: 'coder' });
    coders.push(c);
  }
  lead.t.backend.close();
  for (const c of coders) {
    c.t.backend.close();
    copyFileSync(projectPath, join(c.t.dir, 'study.tandai'));
  }
  return { leadDir: lead.t.dir, coderDirs: coders.map((c) => c.t.dir), transcripts, codes, identities: [lead.identity, ...coders.map((c) => c.identity)] };
}

async function fromTemplate(dir: string, identity: IdentityInfo): Promise<Person> {
  const copy = tempDir('tandai-team-');
  cpSync(dir, copy, { recursive: true });
  const t = await testBackend(copy);
  await t.call('identity.unlock', { passphrase: PASS });
  const projectPath = join(copy, 'study.tandai');
  await t.call('project.open', { path: projectPath });
  return { t, identity, projectPath };
}

export async function team(coderNames: string[] = ['Amina'], codeNames: string[] = ['Barriers', 'Stigma', 'Staffing']): Promise<Team> {
  const key = JSON.stringify([coderNames, codeNames]);
  let pending = templates.get(key);
  if (!pending) templates.set(key, (pending = buildTemplate(coderNames, codeNames)));
  const tpl = await pending;
  const lead = await fromTemplate(tpl.leadDir, tpl.identities[0]!);
  const coders: Person[] = [];
  for (const [i, dir] of tpl.coderDirs.entries()) coders.push(await fromTemplate(dir, tpl.identities[i + 1]!));
  const transcripts = tpl.transcripts;
  return {
    lead,
    coders,
    transcripts,
    codes: tpl.codes,
    range(i, needle) {
      const text = transcripts[i]!.text;
      const at = text.indexOf(needle);
      if (at < 0) throw new Error(`"${needle}" is not in transcript ${i}`);
      return [at, at + needle.length];
    },
  };
}

/** Codes `needle` in transcript i with `codeId`, as this person. */
export async function code(p: Person, tm: Team, i: number, needle: string, codeId: string) {
  const [start, end] = tm.range(i, needle);
  const t = tm.transcripts[i]!;
  return p.t.call('codings.create', { transcriptId: t.transcriptId, versionId: t.versionId, start, end, codeId });
}

export async function sendBundle(from: Person, to: Person, name = 'work.tandai-bundle', extra: { withTranscripts?: boolean; country?: string } = {}) {
  const out = join(from.t.dir, `${Math.random().toString(36).slice(2, 8)}-${name}`);
  const created = await from.t.call('bundle.create', { to: to.identity.fingerprint, out, ...extra });
  return { ...created, out };
}

export function closeAll(tm: { lead: Person; coders: Person[] } | null): void {
  if (!tm) return;
  tm.lead.t.backend.close();
  for (const c of tm.coders) c.t.backend.close();
}
