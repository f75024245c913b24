/**
 * The `project.qde` of a REFI-QDA project (Project.xsd, `urn:QDA-XML:project:1.0`) and the plain
 * text files that go beside it in `sources/`:
 * - Users: the team and every coder, with their identity ids as GUIDs;
 * - CodeBook: the code tree (`qdc.ts`), with NoteRefs to code memos;
 * - Variables (one per attribute in use) and Cases (one per participant, with the participant's
 *   sources and the attribute values all of those sources share);
 * - Sources: one TextSource per rendition, `plainTextPath="internal://<GUID>.txt"`, with a
 *   PlainTextSelection per (span, coder) holding one Coding (CodeRef, NoteRefs) per code applied,
 *   then NoteRefs to transcript memos and the source's VariableValues;
 * - Notes: every memo, its text inline; project memos are NoteRefs of the Project.
 * Positions count code points (§10.2), end exclusive, or UTF-16 units with `unit: 'utf16'` (what
 * NVivo for Windows reads). The text files are UTF-8 without a BOM, LF line ends: exactly the
 * rendition, so positions count over the very characters written.
 */
import type { AttributeValue } from '../../contract/schemas.js';
import type { ExportCoding, ExportModel, ExportSource, ExportVariable, GuidFor } from './model.js';
import { positionConverter, type PositionUnit } from './positions.js';
import { codeTreeXml } from './qdc.js';
import { attrs, escText, XML_DECLARATION } from './xml.js';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';

export interface QdeOptions {
  unit: PositionUnit;
  guidFor: GuidFor;
}

export interface QdeOutput {
  /** The XML of `project.qde`. */
  qde: string;
  /** `sources/<GUID>.txt` -> text, in source order. */
  sources: { path: string; text: string }[];
  counts: { sources: number; selections: number; codings: number; notes: number; cases: number; variables: number; users: number };
}

const TYPE_OF_VARIABLE: Record<ExportVariable['type'], string> = { text: 'Text', choice: 'Text', number: 'Float', date: 'Date', boolean: 'Boolean' };

/** xsd:decimal has no exponent: 1e-7 is written 0.0000001. */
function decimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** `<VariableValue>` for a value of a variable, or null when the value does not fit its type. */
export function variableValueXml(v: ExportVariable, guid: string, value: AttributeValue, pad: string): string | null {
  if (value === null) return null;
  let el: string;
  switch (v.type) {
    case 'boolean':
      if (typeof value !== 'boolean') return null;
      el = `<BooleanValue>${value}</BooleanValue>`;
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return null;
      el = `<FloatValue>${decimal(value)}</FloatValue>`;
      break;
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
      el = `<DateValue>${value}</DateValue>`;
      break;
    default:
      el = `<TextValue>${escText(String(value))}</TextValue>`;
  }
  return `${pad}<VariableValue>\n${pad}  <VariableRef${attrs([['targetGUID', guid]])}/>\n${pad}  ${el}\n${pad}</VariableValue>`;
}

interface Selection {
  guid: string;
  start: number;
  end: number;
  coderId: string | null;
  createdAt: string;
  codings: ExportCoding[];
}

/** Codings of one source grouped into selections: one per (span, coder), in text order. */
function selectionsOf(codings: readonly ExportCoding[], guidFor: GuidFor): Selection[] {
  const groups = new Map<string, ExportCoding[]>();
  for (const c of codings) {
    const key = `${c.start}|${c.end}|${c.coderId ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const out: Selection[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
    const first = g[0]!;
    // Named by the codings it holds, so the same codings give the same GUID in every export.
    const guid = guidFor(`selection|${g.map((c) => c.id).sort().join(',')}`);
    out.push({ guid, start: first.start, end: first.end, coderId: first.coderId, createdAt: first.createdAt, codings: g });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.guid < b.guid ? -1 : 1));
}

export function buildQde(m: ExportModel, opts: QdeOptions): QdeOutput {
  const o: string[] = [];
  const counts = { sources: 0, selections: 0, codings: 0, notes: 0, cases: 0, variables: 0, users: 0 };
  const codeIds = new Set(m.codes.map((c) => c.id));
  const sourceIds = new Set(m.sources.map((s) => s.id));

  // Memo ids per target.
  const memosOn = new Map<string, string[]>();
  const projectMemos: string[] = [];
  for (const memo of m.memos) {
    if (memo.target.kind === 'project') projectMemos.push(memo.id);
    else {
      const key = `${memo.target.kind}|${memo.target.id}`;
      const list = memosOn.get(key);
      if (list) list.push(memo.id);
      else memosOn.set(key, [memo.id]);
    }
  }
  const refsOn = (kind: string, id: string) => memosOn.get(`${kind}|${id}`) ?? [];

  o.push(
    `${XML_DECLARATION}<Project${attrs([
      ['xmlns', PROJECT_NS],
      ['name', m.project.name],
      ['origin', m.origin],
      ['creatingUserGUID', m.exporter.id],
      ['creationDateTime', m.createdAt],
    ])}>`,
  );

  // Users: everyone named anywhere in the file, once.
  const users = new Map(m.users.map((u) => [u.id, u]));
  if (!users.has(m.exporter.id)) users.set(m.exporter.id, m.exporter);
  if (users.size > 0) {
    o.push('  <Users>');
    for (const u of users.values()) o.push(`    <User${attrs([['guid', u.id], ['name', u.name]])}/>`);
    o.push('  </Users>');
    counts.users = users.size;
  }

  if (m.codes.length > 0) {
    o.push('  <CodeBook>', '    <Codes>', codeTreeXml(m.codes, '      ', (id) => refsOn('code', id)), '    </Codes>', '  </CodeBook>');
  }

  const variableGuid = new Map(m.variables.map((v) => [v.key, opts.guidFor(`variable|${v.key}`)]));
  const valuesXml = (values: Record<string, AttributeValue>, pad: string): string[] => {
    const out: string[] = [];
    for (const v of m.variables) {
      if (!(v.key in values)) continue;
      const x = variableValueXml(v, variableGuid.get(v.key)!, values[v.key]!, pad);
      if (x) out.push(x);
    }
    return out;
  };
  if (m.variables.length > 0) {
    o.push('  <Variables>');
    for (const v of m.variables) {
      o.push(`    <Variable${attrs([['guid', variableGuid.get(v.key)!], ['name', v.name], ['typeOfVariable', TYPE_OF_VARIABLE[v.type]]])}>`);
      o.push(`      <Description>${escText(`Tandai attribute: ${v.key}`)}</Description>`);
      o.push('    </Variable>');
    }
    o.push('  </Variables>');
    counts.variables = m.variables.length;
  }

  // Cases: one per participant, with the values every one of their sources agrees on.
  const byParticipant = new Map<string, ExportSource[]>();
  for (const s of m.sources) byParticipant.set(s.participantId, [...(byParticipant.get(s.participantId) ?? []), s]);
  if (byParticipant.size > 0) {
    o.push('  <Cases>');
    for (const [pid, list] of byParticipant) {
      const shared: Record<string, AttributeValue> = {};
      for (const [k, v] of Object.entries(list[0]!.attributes)) if (list.every((s) => Object.hasOwn(s.attributes, k) && s.attributes[k] === v)) shared[k] = v;
      o.push(`    <Case${attrs([['guid', pid], ['name', list[0]!.participantLabel]])}>`);
      o.push(...valuesXml(shared, '      '));
      for (const s of list) o.push(`      <SourceRef${attrs([['targetGUID', s.id]])}/>`);
      o.push('    </Case>');
    }
    o.push('  </Cases>');
    counts.cases = byParticipant.size;
  }

  const codingsBySource = new Map<string, ExportCoding[]>();
  for (const c of m.codings) {
    if (!sourceIds.has(c.transcriptId) || !codeIds.has(c.codeId)) continue;
    const list = codingsBySource.get(c.transcriptId);
    if (list) list.push(c);
    else codingsBySource.set(c.transcriptId, [c]);
  }
  const files: QdeOutput['sources'] = [];
  if (m.sources.length > 0) {
    o.push('  <Sources>');
    for (const s of m.sources) {
      const file = `${s.id}.txt`;
      files.push({ path: `sources/${file}`, text: s.text });
      o.push(`    <TextSource${attrs([['guid', s.id], ['name', s.title], ['plainTextPath', `internal://${file}`]])}>`);
      const pos = positionConverter(s.text, opts.unit);
      for (const sel of selectionsOf(codingsBySource.get(s.id) ?? [], opts.guidFor)) {
        o.push(
          `      <PlainTextSelection${attrs([
            ['guid', sel.guid],
            ['startPosition', pos(sel.start)],
            ['endPosition', pos(sel.end)],
            ['creatingUser', sel.coderId],
            ['creationDateTime', sel.createdAt],
          ])}>`,
        );
        for (const c of sel.codings) {
          const refs = refsOn('coding', c.id);
          o.push(`        <Coding${attrs([['guid', c.id], ['creatingUser', c.coderId], ['creationDateTime', c.createdAt]])}>`);
          o.push(`          <CodeRef${attrs([['targetGUID', c.codeId]])}/>`);
          for (const r of refs) o.push(`          <NoteRef${attrs([['targetGUID', r]])}/>`);
          o.push('        </Coding>');
          counts.codings++;
        }
        o.push('      </PlainTextSelection>');
        counts.selections++;
      }
      for (const r of refsOn('transcript', s.id)) o.push(`      <NoteRef${attrs([['targetGUID', r]])}/>`);
      o.push(...valuesXml(s.attributes, '      '));
      o.push('    </TextSource>');
      counts.sources++;
    }
    o.push('  </Sources>');
  }

  if (m.memos.length > 0) {
    o.push('  <Notes>');
    for (const memo of m.memos) {
      o.push(
        `    <Note${attrs([
          ['guid', memo.id],
          ['name', `Memo on ${memo.target.kind}`],
          ['creatingUser', memo.authorId],
          ['creationDateTime', memo.createdAt],
          ['modifiedDateTime', memo.updatedAt],
        ])}>`,
      );
      o.push(`      <PlainTextContent>${escText(memo.body)}</PlainTextContent>`);
      o.push('    </Note>');
      counts.notes++;
    }
    o.push('  </Notes>');
  }
  for (const r of projectMemos) o.push(`  <NoteRef${attrs([['targetGUID', r]])}/>`);
  o.push('</Project>', '');
  return { qde: o.join('\n'), sources: files, counts };
}
