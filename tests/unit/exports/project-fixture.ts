/**
 * A real project (through the router) to export: the shared sample transcript (emoji), plus
 * transcripts imported with CRLF line ends, in Arabic and in Thai, and one whose file name and text
 * carry a canary marker (to be left out of exports). A two-level codebook, codings on every
 * transcript, memos on every kind of target, attributes with consent for sharing. Then, unless
 * asked not to, the project is scanned, every candidate decided and the result approved by a
 * second identity (the signed-off helper), so the export gate lets it out.
 */
import { unzipSync } from 'fflate';
import type { Code, Coding } from '../../../shared/contract/index.js';
import { newProjectWithTranscript, type ImportedTranscript, type ProjectWithTranscript } from '../helpers/project.js';
import { signOff, type SignedOffProject } from '../helpers/signed-off-project.js';

export const MARKER = 'Zqxcanary7731Wibble';

export const EXTRA = {
  crlf: 'Interviewer: Any barriers?\r\nRespondent: The police post is far away.\r\nInterviewer: And support?\r\nRespondent: The school counsellor helps 👍🏽.\r\n',
  arabic: 'المحاور: كيف حالك؟\nالمشارك: الحمد لله، الأسرة تخاف من الوصمة.\n',
  thai: 'ผู้สัมภาษณ์: สวัสดีครับ\nผู้ให้สัมภาษณ์: ครอบครัวกลัวการตีตรา 🙏 มากครับ\n',
  canary: `Interviewer: Where do you live?\nRespondent: ${MARKER} lives near the river, stigma everywhere.\n`,
};

export interface ExportProject extends ProjectWithTranscript {
  transcripts: { sample: ImportedTranscript; crlf: ImportedTranscript; arabic: ImportedTranscript; thai: ImportedTranscript; canary: ImportedTranscript };
  codes: { barriers: Code; stigma: Code; support: Code };
  /** Each coding with the text it covers in its transcript. */
  codings: { coding: Coding; text: string }[];
  /** The ids of the transcripts to export (all but the canary). */
  scope: string[];
  setConsent(transcriptId: string, purpose: 'quoting' | 'archiving' | 'sharing', value: boolean): Promise<void>;
  /** The sign-off (reviewer backend, fingerprints); null when made with `signedOff: false`. */
  review: SignedOffProject | null;
}

export async function exportProject(options: { signedOff?: boolean } = {}): Promise<ExportProject> {
  const p = await newProjectWithTranscript();
  const { t } = p;
  const sample: ImportedTranscript = { transcriptId: p.transcriptId, versionId: p.versionId, participantId: p.participantId, text: p.text };
  const crlf = await p.importAnother(EXTRA.crlf, 'barriers-crlf.txt');
  const arabic = await p.importAnother(EXTRA.arabic, 'مقابلة.txt');
  const thai = await p.importAnother(EXTRA.thai, 'สัมภาษณ์.txt');
  const canary = await p.importAnother(EXTRA.canary, `${MARKER}.txt`);
  const transcripts = { sample, crlf, arabic, thai, canary };

  const attrs: [ImportedTranscript, string, string][] = [
    [sample, 'Indonesia', 'government'],
    [crlf, 'Indonesia', 'survivor'],
    [arabic, 'Ethiopia', 'caregiver'],
    [thai, 'Thailand', 'caregiver'],
    [canary, `Kenya ${MARKER}`, 'survivor'],
  ];
  for (const [tr, country, type] of attrs) {
    await t.call('attributes.set', { transcriptId: tr.transcriptId, key: 'country', value: country });
    await t.call('attributes.set', { transcriptId: tr.transcriptId, key: 'interview_type', value: type });
    await t.call('attributes.set', { transcriptId: tr.transcriptId, key: 'consent_sharing', value: true });
  }

  const barriers = await t.call('codes.create', {
    name: 'Barriers & <obstacles>',
    category: 'barrier',
    shortDefinition: 'Things that stop a family reporting.',
    definition: 'Any factor that delays or prevents reporting.\nIncludes distance and cost.',
    whenToUse: 'When the respondent names an obstacle.',
    whenNotToUse: 'Fear of the offender (code that elsewhere).',
    examples: ['the police post is far away'],
  });
  const stigma = await t.call('codes.create', { name: 'Stigma', parentId: barriers.id, definition: 'Fear of being judged by others.', examples: ['families fear stigma'] });
  const support = await t.call('codes.create', { name: 'Support 👍', category: 'enabler', shortDefinition: 'Help that made reporting possible.' });

  const codings: { coding: Coding; text: string }[] = [];
  const code = async (tr: ImportedTranscript, needle: string, codeId: string) => {
    const start = tr.text.indexOf(needle);
    if (start < 0) throw new Error(`"${needle}" is not in the transcript`);
    const coding = await t.call('codings.create', { transcriptId: tr.transcriptId, versionId: tr.versionId, start, end: start + needle.length, codeId });
    codings.push({ coding, text: needle });
    return coding;
  };
  const c1 = await code(sample, 'Families also fear stigma', stigma.id);
  await code(sample, 'The café owner helped once 🙂 but that was rare', support.id);
  await code(sample, 'the lack of trained staff', barriers.id);
  await code(crlf, 'The police post is far away.', barriers.id);
  await code(crlf, 'The school counsellor helps 👍🏽.', support.id);
  await code(arabic, 'الأسرة تخاف من الوصمة', stigma.id);
  await code(thai, 'ครอบครัวกลัวการตีตรา 🙏 มาก', stigma.id);
  const cc = await code(canary, `${MARKER} lives near the river`, stigma.id);

  await t.call('memos.create', { target: { kind: 'project' }, body: 'Project memo: first pass done.' });
  await t.call('memos.create', { target: { kind: 'code', id: barriers.id }, body: 'Split distance from cost?' });
  await t.call('memos.create', { target: { kind: 'transcript', id: arabic.transcriptId }, body: 'Short interview, interpreter present.' });
  await t.call('memos.create', { target: { kind: 'coding', id: c1.id }, body: '=1+1 looks like a formula' });
  await t.call('memos.create', { target: { kind: 'transcript', id: canary.transcriptId }, body: `Memo about ${MARKER}` });
  await t.call('memos.create', { target: { kind: 'coding', id: cc.id }, body: `Coding memo about ${MARKER}` });

  // Consent stays as set above (sharing only): the gate's consent check is part of what is tested.
  // The scan's guesses here (speaker roles in Arabic and Thai, "Stigma", "Memo") are not identifiers;
  // anything holding the marker is replaced.
  const review = options.signedOff === false ? null : await signOff(p, { consent: false, decide: (e) => (e.value.includes(MARKER) ? 'replace' : 'not-identifier') });
  return {
    ...p,
    review,
    transcripts,
    codes: { barriers, stigma, support },
    codings,
    scope: [sample, crlf, arabic, thai].map((x) => x.transcriptId),
    async setConsent(transcriptId, purpose, value) {
      await t.call('attributes.set', { transcriptId, key: `consent_${purpose}`, value });
    },
  };
}

/** Every file's bytes, with zip containers (qdpx, docx, xlsx) opened into their entries. */
export function contents(name: string, data: Uint8Array): { name: string; data: Uint8Array }[] {
  if (data[0] === 0x50 && data[1] === 0x4b) {
    return Object.entries(unzipSync(data)).map(([entry, bytes]) => ({ name: `${name}!${entry}`, data: bytes }));
  }
  return [{ name, data }];
}
