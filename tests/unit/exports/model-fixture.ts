/**
 * A synthetic export model (no real person): texts with emoji (astral characters), CRLF, Arabic
 * (right-to-left) and Thai (combining marks, no spaces), a two-level codebook whose fields hold
 * markup characters and label-like lines, codings, memos on every kind of target, and attributes.
 */
import type { Code } from '../../../shared/contract/index.js';
import type { ExportCoding, ExportModel, ExportSource } from '../../../shared/interchange/export/model.js';

export const TEXTS = {
  emoji: 'Interviewer: How are you today? 🙂\nRespondent: Fine 👍🏽 thanks. Families fear stigma 😔 here.\n',
  crlf: 'Interviewer: Any barriers?\r\nRespondent: The police post is far away.\r\nInterviewer: And support?\r\nRespondent: The school counsellor helps.\r\n',
  arabic: 'المحاور: كيف حالك؟\nالمشارك: الحمد لله، الأسرة تخاف من الوصمة.\n',
  thai: 'ผู้สัมภาษณ์: สวัสดีครับ\nผู้ให้สัมภาษณ์: ครอบครัวกลัวการตีตรา 🙏 มากครับ\n',
} as const;

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const IDS = {
  exporter: id(1),
  coder2: id(2),
  codeParent: id(10),
  codeChild: id(11),
  codeOther: id(12),
  sources: { emoji: id(20), crlf: id(21), arabic: id(22), thai: id(23) },
  participants: { a: id(30), b: id(31), c: id(32) },
} as const;

export const CODES: Code[] = [
  {
    id: IDS.codeParent,
    parentId: null,
    position: 0,
    name: 'Barriers & <obstacles> "quoted"',
    colour: '#e69f00',
    category: 'barrier',
    shortDefinition: 'Things that stop a family reporting.',
    definition: 'Any factor that delays or prevents reporting.\nIncludes distance and cost.',
    whenToUse: 'When the respondent names an obstacle.',
    whenNotToUse: '',
    examples: ['the police post is far away', 'we could not pay the bus\nso we stayed'],
    translations: { id: { name: 'Hambatan', shortDefinition: 'Hal yang menghalangi' } },
  },
  {
    id: IDS.codeChild,
    parentId: IDS.codeParent,
    position: 0,
    name: 'Stigma 😔',
    colour: '#56b4e9',
    category: 'theme',
    shortDefinition: 'Definition: this line looks like a label but belongs to the short definition.',
    definition: 'Fear of being judged.',
    whenToUse: 'Shame, gossip, fear of the neighbours.',
    whenNotToUse: 'Fear of the offender.\nWhen to use: not a label, a continuation line.',
    examples: [],
    translations: {},
  },
  {
    id: IDS.codeOther,
    parentId: null,
    position: 1,
    name: 'Support',
    colour: '#009e73',
    category: 'enabler',
    shortDefinition: '',
    definition: '',
    whenToUse: '',
    whenNotToUse: '',
    examples: [],
    translations: {},
  },
];

function src(key: keyof typeof TEXTS, participantId: string, participantLabel: string, attributes: ExportSource['attributes']): ExportSource {
  return { id: IDS.sources[key], versionId: id(40 + Object.keys(TEXTS).indexOf(key)), participantId, participantLabel, title: `interview-${key}`, text: TEXTS[key], attributes };
}

export const SOURCES: ExportSource[] = [
  src('emoji', IDS.participants.a, 'P001', { country: 'Indonesia', interview_type: 'caregiver', consent_sharing: true, date: '2024-03-05' }),
  src('crlf', IDS.participants.a, 'P001', { country: 'Indonesia', interview_type: 'survivor', consent_sharing: true }),
  src('arabic', IDS.participants.b, 'P002', { country: '=Ethiopia', interview_type: 'government', consent_sharing: true, age: 34.5 }),
  src('thai', IDS.participants.c, 'P003', { country: 'Thailand', interview_type: 'caregiver', consent_sharing: true, age: 41 }),
];

let n = 100;
/** A coding over the first occurrence of `needle` in a source's text. */
export function codingOn(key: keyof typeof TEXTS, needle: string, codeId: string, coderId: string | null = IDS.exporter): ExportCoding {
  const text = TEXTS[key];
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`"${needle}" not in ${key}`);
  return { id: id(n++), transcriptId: IDS.sources[key], codeId, coderId, createdAt: '2024-05-01T10:00:00.000Z', start, end: start + needle.length };
}

/** Codings and the text each covers. */
export const CODINGS: { coding: ExportCoding; text: string }[] = [
  ['emoji', 'Fine 👍🏽 thanks', IDS.codeOther],
  ['emoji', 'Families fear stigma 😔 here', IDS.codeChild],
  ['emoji', 'Families fear stigma 😔 here', IDS.codeParent],
  ['emoji', 'Families fear stigma 😔 here', IDS.codeChild, IDS.coder2],
  ['crlf', 'The police post is far away.', IDS.codeParent],
  ['crlf', 'The school counsellor helps.', IDS.codeOther],
  ['arabic', 'الأسرة تخاف من الوصمة', IDS.codeChild],
  ['thai', 'ครอบครัวกลัวการตีตรา 🙏 มาก', IDS.codeChild],
].map(([key, needle, code, coder]) => ({ coding: codingOn(key as keyof typeof TEXTS, needle!, code!, (coder as string | undefined) ?? IDS.exporter), text: needle! }));

export function exportModel(overrides: Partial<ExportModel> = {}): ExportModel {
  const codingId = CODINGS[1]!.coding.id;
  return {
    project: { id: id(99), name: 'Synthetic study <A&B>' },
    createdAt: '2024-05-02T09:30:00.000Z',
    exporter: { id: IDS.exporter, name: 'Test Lead' },
    origin: 'Tandai 0.1.0',
    codebookVersion: { id: id(98), seq: 7, createdAt: '2024-05-01T08:00:00.000Z' },
    codes: CODES,
    sources: SOURCES,
    codings: CODINGS.map((c) => c.coding),
    memos: [
      { id: id(200), target: { kind: 'project' }, body: 'Project memo: overall <notes> & thoughts.\r\nSecond line after CRLF.', authorId: IDS.exporter, createdAt: '2024-05-01T11:00:00.000Z', updatedAt: '2024-05-01T11:00:00.000Z' },
      { id: id(201), target: { kind: 'code', id: IDS.codeParent }, body: 'Code memo: split distance from cost?', authorId: IDS.exporter, createdAt: '2024-05-01T11:01:00.000Z', updatedAt: '2024-05-01T11:01:00.000Z' },
      { id: id(202), target: { kind: 'transcript', id: IDS.sources.arabic }, body: 'ملاحظة: مقابلة قصيرة', authorId: IDS.coder2, createdAt: '2024-05-01T11:02:00.000Z', updatedAt: '2024-05-01T11:02:00.000Z' },
      { id: id(203), target: { kind: 'coding', id: codingId }, body: '=HYPERLINK("http://evil.example","click")', authorId: IDS.exporter, createdAt: '2024-05-01T11:03:00.000Z', updatedAt: '2024-05-01T11:03:00.000Z' },
    ],
    users: [
      { id: IDS.exporter, name: 'Test Lead' },
      { id: IDS.coder2, name: 'Second Coder' },
    ],
    variables: [
      { key: 'interview_type', name: 'Interview type', type: 'choice' },
      { key: 'country', name: 'Country', type: 'text' },
      { key: 'date', name: 'Interview date', type: 'date' },
      { key: 'consent_sharing', name: 'Consent: sharing', type: 'boolean' },
      { key: 'age', name: 'Age', type: 'number' },
    ],
    ...overrides,
  };
}

/** A GUID deriver for pure tests: counts names it has seen (stable within one build). */
export function testGuids(): (name: string) => string {
  const seen = new Map<string, string>();
  return (name) => {
    let g = seen.get(name);
    if (!g) {
      g = `10000000-0000-4000-8000-${(seen.size + 1).toString(16).padStart(12, '0')}`;
      seen.set(name, g);
    }
    return g;
  };
}
