/**
 * A team for the e2e specs, all real: the lead is the bridge's backend (what the page sees); each
 * coder is a second real backend in this process with their own identity home, holding a verified
 * backup of the lead's project (the lead added their card, so their identity opens it). Coders
 * code and edit the codebook, then seal real bundles to the lead with `bundle.create`.
 * Transcripts are synthetic (no real person).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';
import { TEST_KDF, type Bridge } from './bridge.js';
import { IDENTITY_PASSPHRASE, PROJECT_PASSPHRASE } from './helpers.js';

export const TEAM_TEXTS = [
  [
    'Interviewer: Thank you for meeting with me today. Can you tell me about your work?',
    'Respondent: I coordinate the child protection unit in the district office. We receive reports from schools and health posts.',
    'Interviewer: What makes that work difficult?',
    'Respondent: Mostly the lack of trained staff. Families also fear stigma, so they do not report. The café owner helped once but that was rare.',
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

function must<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

interface Caller {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
}

const caller = (route: <C extends ChannelName>(c: C, i: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>): Caller => ({
  async call(channel, input) {
    return must(await route(channel, input), channel);
  },
});

export interface Coder extends Caller {
  backend: Backend;
  identity: ChannelOutput<'identity.create'>;
}

export interface TeamSetup {
  lead: Caller & { identity: ChannelOutput<'identity.create'> };
  coders: Coder[];
  transcripts: { transcriptId: string; versionId: string; text: string }[];
  codes: Record<string, string>;
  /** Offsets of `needle` in transcript i. */
  range(i: number, needle: string): [number, number];
  /** Where the bundle files are put (registered with the bridge's file picker). */
  inbox: string;
  close(): void;
}

/**
 * The lead creates the project (identity, transcripts, codes Barriers/Stigma/Staffing), adds each
 * coder to the team and hands each a copy. Call before the page is loaded.
 */
export async function setUpTeam(bridge: Bridge, coderNames: string[]): Promise<TeamSetup> {
  const lead = caller((c, i) => bridge.call(c, i));
  const leadIdentity = await lead.call('identity.create', { displayName: 'Lina Lead', passphrase: IDENTITY_PASSPHRASE });
  const projectPath = join(bridge.dirs.projects, 'study.tandai');
  await lead.call('project.create', { path: projectPath, name: 'Three-country study', passphrase: PROJECT_PASSPHRASE, recoveryKey: false });
  const inDir = join(bridge.dirs.root, 'in');
  mkdirSync(inDir, { recursive: true });
  const transcripts: TeamSetup['transcripts'] = [];
  for (const [i, text] of TEAM_TEXTS.entries()) {
    const p = join(inDir, `interview-${i + 1}.txt`);
    writeFileSync(p, text);
    const r = (await lead.call('transcripts.import', { paths: [p] })).results[0]!;
    if (r.status !== 'imported') throw new Error(`${r.status}: ${r.message}`);
    const d = await lead.call('transcripts.get', { id: r.transcriptId! });
    transcripts.push({ transcriptId: d.id, versionId: d.versionId, text: d.text });
  }
  const codes: Record<string, string> = {};
  for (const name of ['Barriers', 'Stigma', 'Staffing']) codes[name] = (await lead.call('codes.create', { name, definition: `When ${name.toLowerCase()} is named.` })).id;

  const coders: Coder[] = [];
  for (const name of coderNames) {
    const dir = join(bridge.dirs.root, `coder-${name.toLowerCase()}`);
    mkdirSync(join(dir, 'home'), { recursive: true });
    const backend = await createBackend({ home: join(dir, 'home'), kdf: TEST_KDF });
    const c = caller((ch, i) => backend.route(ch, i) as never);
    const identity = await c.call('identity.create', { displayName: name, passphrase: IDENTITY_PASSPHRASE });
    await lead.call('team.add', { card: identity.card, role: 'coder' });
    coders.push({ ...c, backend, identity });
  }
  // Each coder gets a verified backup of the project as it is now: the common ancestor.
  for (const [i, c] of coders.entries()) {
    const copy = join(bridge.dirs.root, `coder-${coderNames[i]!.toLowerCase()}`, 'study.tandai');
    await lead.call('project.backup', { out: copy });
    await c.call('project.open', { path: copy });
  }
  const inbox = join(bridge.dirs.root, 'inbox');
  mkdirSync(inbox, { recursive: true });
  return {
    lead: { ...lead, identity: leadIdentity },
    coders,
    transcripts,
    codes,
    inbox,
    range(i, needle) {
      const text = transcripts[i]!.text;
      const at = text.indexOf(needle);
      if (at < 0) throw new Error(`"${needle}" is not in transcript ${i}`);
      return [at, at + needle.length];
    },
    close() {
      for (const c of coders) c.backend.close();
    },
  };
}

/** Codes `needle` in transcript i with the code, as this coder. */
export async function codeAs(c: Coder, tm: TeamSetup, i: number, needle: string, codeName: string) {
  const [start, end] = tm.range(i, needle);
  const t = tm.transcripts[i]!;
  return c.call('codings.create', { transcriptId: t.transcriptId, versionId: t.versionId, start, end, codeId: tm.codes[codeName]! });
}

/** A real sealed bundle from this coder to `toFingerprint`, written into the inbox as `name`. */
export async function sealBundle(c: Coder, tm: TeamSetup, toFingerprint: string, name: string) {
  const out = join(tm.inbox, name);
  return { ...(await c.call('bundle.create', { to: toFingerprint, out })), out };
}

/** A copy of a bundle with one byte of its sealed content flipped, as damage in transit would. */
export function alteredCopy(path: string, name: string, inbox: string): string {
  const out = join(inbox, name);
  copyFileSync(path, out);
  const bytes = readFileSync(out);
  const at = bytes.length - 40;
  bytes[at] = bytes[at]! ^ 0x01;
  writeFileSync(out, bytes);
  return out;
}
