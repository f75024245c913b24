/**
 * What importing a REFI-QDA package would do to a project, worked out before anything is written:
 * codes (kept under their GUIDs, or matched to codes the project already has), transcripts (one
 * per text source, under the source's GUID when free), codings on the intended words (positions
 * read per the file's detected unit, carried through the normalisation map into the stored text,
 * NVivo's one-selection-per-code merged), memos from Notes and descriptions, attributes from
 * Variables and cases, and a report of everything that was wrong or left out. The service applies
 * the plan in one transaction, or not at all.
 *
 * Reads the project only through `ProjectView`, so it runs before any write.
 */
import type { AttributeDef, AttributeValue, Code, Utterance } from '../../../../shared/contract/index.js';
import { coerceAttribute, attributeKey } from '../../../../shared/domain/attributes.js';
import { DEFAULT_CATEGORY, defaultColour, normaliseName } from '../../../../shared/domain/codebook.js';
import { newId, type CodeId, type CodingId, type IdentityId, type MemoId, type TranscriptId } from '../../../../shared/ids.js';
import { parseCodeDescription, SHORT_DEFINITION_MAX } from '../../../../shared/interchange/code-description.js';
import { normalisationMap } from '../../../../shared/interchange/normalisation-map.js';
import { describeReading, detectPositionReading, positionToIndex, readingHint, wideUnits, type PositionReading, type WideUnits } from '../../../../shared/interchange/positions.js';
import { mergeSelections, type SelectionCoding, type SpanSelection } from '../../../../shared/interchange/segments.js';
import { normalizeText } from '../../../../shared/text/normalize.js';
import { buildOffsetMap } from '../../../../shared/text/offset-map.js';
import { MAX_IMPORT_BYTES, transcriptFromText } from '../index.js';
import type { RefiCode, RefiCoding, RefiDocument, RefiProject, RefiText, RefiTextSource, RefiVariable } from './model.js';
import { decodeSourceText, type RefiFormat, type RefiPackage } from './package.js';
import { Problems, q } from './problems.js';

const NAME_MAX = 200;
const DEFINITION_MAX = 20000;
const MEMO_MAX = 200000;

/** What the planner needs to know about the project; nothing is written through it. */
export interface ProjectView {
  codes: readonly Code[];
  attributeDefs: readonly AttributeDef[];
  /** The transcript with this id, if any (its current version's text decrypted only when asked). */
  transcript(id: string): ExistingTranscript | null;
  /** The transcript whose imported text was exactly this (the keyed dedup hash), if any. */
  transcriptWithText(text: string): ExistingTranscript | null;
  /** The id of the same coding (span, code, coder) on this version, if the project has it. */
  existingCoding(versionId: string, start: number, end: number, codeId: string, coderId: string | null): string | null;
  idTaken(table: 'codings' | 'memos', id: string): boolean;
  /** Whether a memo with exactly this body is already on this target (so a re-import adds it once). */
  memoWithBody(target: PlannedMemoTarget, body: string): boolean;
  /** Attribute keys already set on a transcript. */
  attributesOf(transcriptId: string): ReadonlySet<string>;
  /** Whether a participant with this label (trimmed, any case) exists. */
  participantExists(label: string): boolean;
}

export interface ExistingTranscript {
  id: string;
  participantId: string;
  versionId: string;
  text(): string;
}

export interface PlannedCoding {
  id: string;
  start: number;
  end: number;
  codeId: string;
  coderId: string | null;
  createdAt: string;
}

export interface PlannedTranscript {
  /** The transcript's id: a new one, or the existing transcript it matched. */
  id: string;
  sourceGuid: string;
  existing: ExistingTranscript | null;
  title: string;
  sourceName: string;
  text: string;
  utterances: Utterance[];
  encoding: string;
  /** The participant: by case label, or a new one (P001…); ignored when `existing`. */
  participantLabel: string | null;
  attributes: Record<string, AttributeValue>;
  codings: PlannedCoding[];
}

export type PlannedMemoTarget = { kind: 'project' } | { kind: 'code'; id: string } | { kind: 'transcript'; id: string } | { kind: 'coding'; id: string; transcriptId: string };

export interface PlannedMemo {
  id: string;
  target: PlannedMemoTarget;
  body: string;
  authorId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImportCounts {
  codes: number;
  users: number;
  sources: number;
  codings: number;
  memos: number;
  variables: number;
}

export interface ImportReport {
  file: string;
  format: RefiFormat;
  origin: string | null;
  /** Nothing was wrong: the file conforms as far as checked, and everything in it can be imported. */
  valid: boolean;
  /** What was wrong or left out (each needs the user's consent to import the rest). */
  problems: string[];
  /** What the import does that the user should know (matches, the position unit); not faults. */
  notes: string[];
  recovered: ImportCounts;
  missingSources: string[];
  positions: (PositionReading & { cleanEnds: number; ends: number }) | null;
  transcripts: { id: string; sourceGuid: string; title: string; matched: boolean }[];
}

export interface ImportPlan {
  report: ImportReport;
  users: { id: string; name: string | null }[];
  attributeDefs: AttributeDef[];
  /** New codes, parents before children. */
  codes: Code[];
  transcripts: PlannedTranscript[];
  memos: PlannedMemo[];
  /** Whether anything at all would be imported. */
  empty: boolean;
}

const isoOr = (v: string | null | undefined, fallback: string): string => {
  if (!v) return fallback;
  const t = Date.parse(v);
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** The verb form for a count: `v(n, 'lies', 'lie')`. */
const v = (n: number, one: string, many: string) => (n === 1 ? one : many);

class Planner {
  readonly problems = new Problems();
  readonly notes: string[] = [];
  readonly now = new Date().toISOString();
  /** User key → Tandai id (a UUID: the GUID itself, or one made for a non-GUID key). */
  private readonly userIds = new Map<string, string>();
  readonly users: { id: string; name: string | null }[] = [];
  /** Code key → Tandai code id (new or matched). */
  readonly codeIds = new Map<string, string>();
  readonly newCodes: Code[] = [];
  readonly defs: AttributeDef[] = [];
  /** Variable key → attribute definition. */
  readonly varDefs = new Map<string, AttributeDef>();
  readonly memos: PlannedMemo[] = [];
  private readonly usedIds = new Set<string>();

  constructor(
    readonly pkg: RefiPackage,
    readonly file: string,
    readonly view: ProjectView,
  ) {}

  userId(key: string | null): string | null {
    if (!key) return null;
    let id = this.userIds.get(key);
    if (!id) {
      id = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key) ? key : newId<IdentityId>();
      this.userIds.set(key, id);
      if (!this.users.some((u) => u.id === id)) this.users.push({ id, name: null });
    }
    return id;
  }

  /** A GUID as an id for `table` when it is free (in the project and in this import), else a new id. */
  freeId(key: string | null | undefined, isGuid: boolean, taken: (id: string) => boolean): string {
    if (key && isGuid && !this.usedIds.has(key) && !taken(key)) {
      this.usedIds.add(key);
      return key;
    }
    const id: string = newId<CodeId | CodingId | MemoId>();
    this.usedIds.add(id);
    return id;
  }

  // ---- users ----------------------------------------------------------------------------------

  planUsers(doc: RefiProject): void {
    for (const u of doc.users) {
      const id = this.userId(u.id.key)!;
      const entry = this.users.find((x) => x.id === id)!;
      entry.name = u.name;
    }
  }

  // ---- codes ----------------------------------------------------------------------------------

  planCodes(codes: readonly RefiCode[]): { total: number } {
    const existing = [...this.view.codes];
    const byId = new Map(existing.map((c) => [c.id, c]));
    let total = 0;
    let matchedById = 0;
    let matchedByName = 0;
    let notCodable = 0;
    // Sibling names and child counts, kept up to date as codes are added (a codebook can have thousands).
    const sibling = new Map<string, Code>();
    const childCount = new Map<string | null, number>();
    const sibKey = (parentId: string | null, name: string) => `${parentId ?? ''}\u0000${normaliseName(name)}`;
    for (const c of existing) {
      sibling.set(sibKey(c.parentId, c.name), c);
      childCount.set(c.parentId, (childCount.get(c.parentId) ?? 0) + 1);
    }
    const existingIds = new Set(existing.map((c) => c.id));
    const visit = (rc: RefiCode, parentId: string | null) => {
      total++;
      if (!rc.isCodable) notCodable++;
      let name = rc.name.trim().replace(/\s+/g, ' ');
      if (name === '') {
        name = `Unnamed code ${total}`;
        this.problems.add('code-no-name', 'codes without a name (named "Unnamed code N")', rc.id.key);
      }
      if (name.length > NAME_MAX) {
        this.problems.add('code-long-name', `code names longer than ${NAME_MAX} characters (shortened)`, q(name, 40));
        name = name.slice(0, NAME_MAX).trim();
      }
      let id: string | null = null;
      const dup = this.codeIds.get(rc.id.key);
      if (rc.id.isGuid && byId.has(rc.id.key) && !dup) {
        id = rc.id.key;
        matchedById++;
      } else {
        const clash = sibling.get(sibKey(parentId, name));
        if (clash && existingIds.has(clash.id)) {
          id = clash.id;
          matchedByName++;
        } else if (clash) {
          // Two codes of this file with one name under one parent: Tandai needs sibling names distinct.
          let n = 2;
          while (sibling.has(sibKey(parentId, `${name} (${n})`))) n++;
          this.problems.add('code-same-name', 'codes with the same name as a sibling (renamed with a number)', q(name, 40));
          name = `${name} (${n})`;
        }
      }
      if (id === null) {
        id = this.freeId(dup ? null : rc.id.key, rc.id.isGuid, (x) => byId.has(x));
        const f = parseCodeDescription(rc.description);
        const cut = (v: string, max: number, what: string) => {
          if (v.length <= max) return v;
          this.problems.add(`code-long-${what}`, `code ${what}s longer than ${max} characters (shortened)`, q(name, 40));
          return v.slice(0, max);
        };
        const position = childCount.get(parentId) ?? 0;
        childCount.set(parentId, position + 1);
        const code: Code = {
          id,
          parentId,
          position,
          name,
          colour: rc.colour ?? defaultColour(position),
          category: f.category ?? DEFAULT_CATEGORY,
          shortDefinition: cut(f.shortDefinition, SHORT_DEFINITION_MAX, 'short definition'),
          definition: cut(f.definition, DEFINITION_MAX, 'definition'),
          whenToUse: cut(f.whenToUse, DEFINITION_MAX, 'when-to-use text'),
          whenNotToUse: cut(f.whenNotToUse, DEFINITION_MAX, 'when-not-to-use text'),
          examples: f.examples.map((e) => cut(e, DEFINITION_MAX, 'example')),
          translations: {},
        };
        this.newCodes.push(code);
        sibling.set(sibKey(parentId, name), code);
      }
      if (!dup) this.codeIds.set(rc.id.key, id);
      for (const n of rc.noteRefs) this.noteUse(n, { kind: 'code', id });
      for (const child of rc.children) visit(child, id);
    };
    for (const c of codes) visit(c, null);
    if (matchedById) this.notes.push(`${plural(matchedById, 'code')} already in the project (same GUID) kept as ${v(matchedById, 'it is', 'they are')}; the file's codings attach to ${v(matchedById, 'it', 'them')}`);
    if (matchedByName) this.notes.push(`${plural(matchedByName, 'code')} matched by name to a code already in the project under the same parent; the file's codings attach to ${v(matchedByName, 'it', 'them')}`);
    if (notCodable) this.notes.push(`${plural(notCodable, 'code')} marked not codable (isCodable="false") in the file; Tandai imports ${v(notCodable, 'it as an ordinary code', 'them as ordinary codes')}`);
    return { total };
  }

  // ---- notes (memos) ---------------------------------------------------------------------------

  private notesByKey = new Map<string, RefiText>();
  private noteUses: { note: string; target: PlannedMemoTarget | { kind: 'passage'; transcriptId: string; start: number; end: number } }[] = [];

  indexNotes(notes: readonly RefiText[]): void {
    for (const n of notes) if (!this.notesByKey.has(n.id.key)) this.notesByKey.set(n.id.key, n);
  }

  noteUse(note: string, target: (typeof this.noteUses)[number]['target']): void {
    this.noteUses.push({ note, target });
  }

  /** Tandai's own exports name notes by what they are on ("Memo on coding"): not part of the memo. */
  fromTandai = false;

  private noteBody(n: RefiText): string | null {
    let text: string | null = n.plainTextContent;
    if (text === null && n.plainTextPath) {
      const f = this.pkg.readReferenced(n.plainTextPath);
      if (f.ok) {
        const d = decodeSourceText(f.bytes, f.name);
        if (d.ok) text = d.value.raw;
        else this.problems.add('note-unreadable', 'notes whose text file cannot be read', n.name ? q(n.name) : n.id.key);
      } else this.problems.add('note-missing', 'notes whose text file is missing (only their name and description are kept)', n.name ? q(n.name) : n.id.key);
    }
    const body = text === null ? null : normalizeText(text);
    if (this.fromTandai && body !== null) return body;
    const parts = [n.name?.trim(), n.description?.trim(), body?.trim()].filter((s): s is string => !!s);
    return parts.length ? parts.join('\n\n') : null;
  }

  memosPresent = 0;

  addMemo(target: PlannedMemoTarget, body: string, meta: { key?: string | null; isGuid?: boolean; author?: string | null; created?: string | null; modified?: string | null }): void {
    let b = body;
    if (b.length > MEMO_MAX) {
      this.problems.add('memo-long', `memos longer than ${MEMO_MAX} characters (shortened)`);
      b = b.slice(0, MEMO_MAX);
    }
    // The same memo on the same target (a re-import): once is enough.
    if (this.view.memoWithBody(target, b) || this.memos.some((m) => m.body === b && JSON.stringify(m.target) === JSON.stringify(target))) {
      this.memosPresent++;
      return;
    }
    const createdAt = isoOr(meta.created, this.now);
    this.memos.push({
      id: this.freeId(meta.key ?? null, meta.isGuid ?? false, (x) => this.view.idTaken('memos', x)),
      target,
      body: b,
      authorId: this.userId(meta.author ?? null),
      createdAt,
      updatedAt: isoOr(meta.modified, createdAt),
    });
  }

  planNotes(unresolvedTarget: (t: (typeof this.noteUses)[number]['target']) => PlannedMemoTarget | null): void {
    const used = new Set<string>();
    for (const use of this.noteUses) {
      const n = this.notesByKey.get(use.note);
      if (!n) {
        this.problems.add('noteref-unknown', 'NoteRefs pointing at notes the file does not have', use.note);
        continue;
      }
      used.add(use.note);
      const target = unresolvedTarget(use.target);
      if (!target) continue; // its source was not imported; already reported
      const body = this.noteBody(n);
      if (body === null) continue;
      const prefix = use.target.kind === 'passage' ? `[passage ${use.target.start}–${use.target.end}]\n` : '';
      this.addMemo(target, prefix + body, { key: n.id.key, isGuid: n.id.isGuid, author: n.creatingUser, created: n.creationDateTime, modified: n.modifiedDateTime });
    }
    // Notes nothing points at are memos on the project as a whole.
    for (const [key, n] of this.notesByKey) {
      if (used.has(key)) continue;
      const body = this.noteBody(n);
      if (body !== null) this.addMemo({ kind: 'project' }, body, { key, isGuid: n.id.isGuid, author: n.creatingUser, created: n.creationDateTime, modified: n.modifiedDateTime });
    }
  }

  // ---- variables (attributes) ------------------------------------------------------------------

  planVariables(vars: readonly RefiVariable[]): void {
    const known = [...this.view.attributeDefs];
    let reused = 0;
    for (const v of vars) {
      // Tandai's exporter names the attribute's key in the variable's description.
      const own = /^Tandai attribute: ([a-z0-9_]+)$/.exec(v.description?.trim() ?? '');
      const key = own ? own[1]! : attributeKey(v.name);
      const existing = known.find((d) => d.key === key);
      if (existing) {
        this.varDefs.set(v.id.key, existing);
        reused++;
        continue;
      }
      const type = v.type === 'Boolean' ? 'boolean' : v.type === 'Integer' || v.type === 'Float' ? 'number' : v.type === 'Date' ? 'date' : 'text';
      const def: AttributeDef = { key, name: v.name.trim() || key, type, builtin: false };
      known.push(def);
      this.defs.push(def);
      this.varDefs.set(v.id.key, def);
    }
    if (reused) this.notes.push(`${plural(reused, 'variable')} matched to attributes the project already has (by name)`);
  }

  attributeValues(values: readonly { variable: string; value: string | null }[], into: Record<string, AttributeValue>, where: string): void {
    for (const vv of values) {
      const def = this.varDefs.get(vv.variable);
      if (!def) {
        this.problems.add('vv-unknown', 'variable values for variables the file does not define (left out)', vv.variable);
        continue;
      }
      if (vv.value === null || vv.value.trim() === '') continue;
      let raw: AttributeValue = vv.value.trim();
      if (def.type === 'date') raw = raw.slice(0, 10);
      const c = coerceAttribute(def, raw);
      if (!c.ok) {
        this.problems.add(`vv-bad-${def.key}`, `values of variable ${q(def.name, 40)} that do not fit its type ${def.type} (left out)`, where);
        continue;
      }
      if (c.value !== null && !(def.key in into)) into[def.key] = c.value;
    }
  }
}

/** The text of a source as the exporting tool had it: inline content or its referenced file. */
function sourceText(pl: Planner, s: RefiTextSource): { raw: string; encoding: string } | { missing: string } | { problem: string } {
  if (s.plainTextContent !== null) return { raw: s.plainTextContent, encoding: 'utf-8' };
  if (!s.plainTextPath) return { missing: 'it has neither PlainTextContent nor a plainTextPath (the positions count over the plain text, so a rich-text file alone is not enough)' };
  const f = pl.pkg.readReferenced(s.plainTextPath);
  if (!f.ok) return { missing: `${q(s.plainTextPath, 80)}: ${f.reason}` };
  if (f.bytes.length > MAX_IMPORT_BYTES) return { problem: `its text is ${(f.bytes.length / 1048576).toFixed(1)} MB, over the 20 MB limit for one transcript` };
  if (f.bytes.length === 0) return { raw: '', encoding: 'utf-8' };
  const d = decodeSourceText(f.bytes, f.name);
  if (!d.ok) return { problem: d.error.message };
  return d.value;
}

/** A source's name as people see it (NFC, like all stored text): its name, else its file's name, else its GUID. */
const sourceLabel = (s: RefiTextSource): string => (s.name?.trim() ? s.name.trim() : s.plainTextPath ? s.plainTextPath.replace(/^.*[/\\]/, '') : s.id.key).normalize('NFC');

function planProject(pl: Planner, doc: RefiProject): Omit<ImportPlan, 'report' | 'empty'> & { counts: ImportCounts; missing: string[]; positions: ImportReport['positions']; listed: ImportReport['transcripts'] } {
  pl.fromTandai = /^Tandai\b/.test(doc.origin ?? '');
  pl.planUsers(doc);
  const { total: codeCount } = pl.planCodes(doc.codes);
  pl.planVariables(doc.variables);
  pl.indexNotes(doc.notes);
  for (const n of doc.noteRefs) pl.noteUse(n, { kind: 'project' });
  if (doc.description?.trim()) pl.addMemo({ kind: 'project' }, doc.description.trim(), {});

  // Cases: each source's participant and the variable values it inherits.
  const caseOf = new Map<string, { label: string | null; values: (typeof doc.cases)[number]['values'] }>();
  for (const c of doc.cases) {
    for (const s of c.sources) {
      if (caseOf.has(s)) pl.problems.add('case-many', 'sources in more than one case (the first case is their participant)', s);
      else caseOf.set(s, { label: c.name?.trim() || null, values: c.values });
    }
  }

  // Source texts. ATLAS.ti lists a recording's transcript both as a TextSource and under the
  // recording, with the same text file: those are one transcript, with the selections of both.
  const missing: string[] = [];
  let lostCodings = 0;
  let firstMissing = '';
  const withText: { s: RefiTextSource; raw: string; encoding: string; imported: ReturnType<typeof transcriptFromText>; wide: WideUnits }[] = [];
  const byPath = new Map<string, RefiTextSource | null>();
  for (const original of doc.textSources) {
    const pathKey = original.plainTextPath?.toLowerCase() ?? null;
    const earlier = pathKey !== null ? byPath.get(pathKey) : undefined;
    if (earlier !== undefined) {
      if (earlier) {
        earlier.selections.push(...original.selections);
        earlier.codings.push(...original.codings);
        earlier.noteRefs.push(...original.noteRefs);
        earlier.values.push(...original.values);
      }
      continue;
    }
    const s: RefiTextSource = { ...original, selections: [...original.selections], codings: [...original.codings], noteRefs: [...original.noteRefs], values: [...original.values] };
    if (pathKey !== null) byPath.set(pathKey, null);
    const t = sourceText(pl, s);
    if ('missing' in t) {
      if (!missing.length) firstMissing = `${q(sourceLabel(s))}: ${t.missing}`;
      missing.push(sourceLabel(s));
      lostCodings += s.selections.reduce((m, x) => m + x.codings.length, 0) + s.codings.length;
      continue;
    }
    if ('problem' in t) {
      pl.problems.add(`source-${s.id.key}`, `source ${q(sourceLabel(s))}: ${t.problem}; not imported`);
      continue;
    }
    const imported = transcriptFromText(t.raw, 'txt', t.encoding);
    if (imported.text.trim() === '') {
      pl.problems.add('source-empty', 'sources whose text is empty (not imported; NVivo for Mac writes empty placeholders when it had no text)', q(sourceLabel(s)));
      continue;
    }
    if (pathKey !== null) byPath.set(pathKey, s);
    withText.push({ s, ...t, imported, wide: wideUnits(t.raw) });
  }
  if (missing.length) {
    pl.problems.add('sources-missing', `${plural(missing.length, 'source')} whose text is missing from the file (listed under missing sources)${lostCodings ? `; their ${plural(lostCodings, 'coding')} ${v(lostCodings, 'is', 'are')} left out` : ''} (first: ${firstMissing})`);
  }

  // One position reading for the whole file.
  let reading: PositionReading = { unit: 'codepoint', bomCounted: false, crlfAsOne: false };
  let positions: ImportReport['positions'] = null;
  if (withText.some((w) => w.s.selections.length)) {
    const d = detectPositionReading(
      withText.map((w) => ({ raw: w.raw, selections: w.s.selections, wide: w.wide })),
      readingHint(doc.origin),
    );
    reading = d.reading;
    const best = d.scores[0]!;
    positions = { ...reading, cleanEnds: best.clean, ends: d.ends };
    pl.notes.push(`text positions read as ${describeReading(reading)}: ${best.clean} of ${d.ends} selection ends fall between words${d.scores.length > 1 ? ` (next best reading, ${describeReading(d.scores[1]!.reading)}: ${d.scores[1]!.clean})` : ''}`);
  }

  const transcripts: PlannedTranscript[] = [];
  const codingCounts = { created: 0, present: 0, merged: 0 };
  let codingsUnknownCode = 0;
  let outside = 0;
  let collapsed = 0;
  let matchedSources = 0;
  for (const { s, raw, imported, wide } of withText) {
    const norm = normalisationMap(raw, imported.text);
    const text = imported.text;
    // An equal text already in the project is the same transcript: its codings are added there.
    const byText = pl.view.transcriptWithText(text);
    const byId = s.id.isGuid ? pl.view.transcript(s.id.key) : null;
    const existing = byText ?? (byId && byId.text() === text ? byId : null);
    if (byId && !existing) pl.notes.push(`source ${q(sourceLabel(s))}: its GUID is already the id of a different transcript, so it is imported under a new id`);
    const id = existing ? existing.id : byId || transcripts.some((t) => t.id === s.id.key) || !s.id.isGuid ? newId<TranscriptId>() : s.id.key;
    if (existing) matchedSources++;
    // A matched transcript may have been corrected since: map the imported text onto its current one.
    const current = existing ? existing.text() : text;
    const onto = current === text ? null : buildOffsetMap(text, current);

    const toIndex = positionToIndex(raw, reading, wide);
    const spans: SpanSelection[] = [];
    for (const sel of s.selections) {
      const a = toIndex(sel.start);
      const b = toIndex(sel.end);
      if (a === null || b === null) {
        outside++;
        continue;
      }
      let r = norm.map.mapRange(a, b, 'shrink');
      if (!r.collapsed && onto) r = onto.mapRange(r.start, r.end, 'shrink');
      if (r.collapsed || r.end <= r.start) {
        collapsed++;
        continue;
      }
      const codings: SelectionCoding[] = sel.codings.map((c) => ({ guid: c.id?.isGuid ? c.id.key : null, codeGuid: c.code, coder: c.creatingUser ?? sel.creatingUser, createdAt: c.creationDateTime, noteRefs: c.noteRefs }));
      spans.push({ guid: sel.id?.key ?? null, start: r.start, end: r.end, codings, description: sel.description, noteRefs: sel.noteRefs });
    }
    const { segments, duplicates } = mergeSelections(spans);
    codingCounts.merged += duplicates;

    const planned: PlannedCoding[] = [];
    const addCoding = (c: SelectionCoding, start: number, end: number, coding?: RefiCoding): string | null => {
      const codeId = pl.codeIds.get(c.codeGuid);
      if (!codeId) {
        codingsUnknownCode++;
        return null;
      }
      const coderId = pl.userId(c.coder);
      const already = existing ? pl.view.existingCoding(existing.versionId, start, end, codeId, coderId) : null;
      if (already) {
        // Already there: not added again, but its notes still attach to it.
        codingCounts.present++;
        return already;
      }
      const cid = pl.freeId(c.guid ?? coding?.id?.key ?? null, c.guid !== null || (coding?.id?.isGuid ?? false), (x) => pl.view.idTaken('codings', x));
      planned.push({ id: cid, start, end, codeId, coderId, createdAt: isoOr(c.createdAt, pl.now) });
      codingCounts.created++;
      return cid;
    };
    for (const seg of segments) {
      let first: string | null = null;
      for (const c of seg.codings) {
        const cid = addCoding(c, seg.start, seg.end);
        first ??= cid;
        if (cid) for (const n of c.noteRefs) pl.noteUse(n, { kind: 'coding', id: cid, transcriptId: id });
      }
      const target: PlannedMemoTarget | { kind: 'passage'; transcriptId: string; start: number; end: number } = first ? { kind: 'coding', id: first, transcriptId: id } : { kind: 'passage', transcriptId: id, start: seg.start, end: seg.end };
      for (const n of seg.noteRefs) pl.noteUse(n, target);
      for (const d of seg.descriptions) {
        if (target.kind === 'coding') pl.addMemo(target, d, {});
        else pl.addMemo({ kind: 'transcript', id }, `[passage ${seg.start}–${seg.end}]\n${d}`, {});
      }
    }
    // Codings of the whole source cover the whole text.
    for (const c of s.codings) addCoding({ guid: c.id?.isGuid ? c.id.key : null, codeGuid: c.code, coder: c.creatingUser, createdAt: c.creationDateTime, noteRefs: c.noteRefs }, 0, current.length);
    for (const n of s.noteRefs) pl.noteUse(n, { kind: 'transcript', id });
    if (s.description?.trim()) pl.addMemo({ kind: 'transcript', id }, s.description.trim(), { author: s.creatingUser, created: s.creationDateTime });

    const attributes: Record<string, AttributeValue> = {};
    const kase = caseOf.get(s.id.key);
    pl.attributeValues(s.values, attributes, q(sourceLabel(s)));
    if (kase) pl.attributeValues(kase.values, attributes, q(sourceLabel(s)));
    if (existing) {
      const set = pl.view.attributesOf(existing.id);
      for (const k of Object.keys(attributes)) if (set.has(k)) delete attributes[k];
    }
    const title = (s.name?.trim() || (s.plainTextPath ? s.plainTextPath.replace(/^.*[/\\]/, '').replace(/\.[^.]+$/, '') : `Source ${s.id.key.slice(0, 8)}`)).normalize('NFC');
    transcripts.push({
      id,
      sourceGuid: s.id.key,
      existing,
      title,
      sourceName: `${pl.file} › ${s.plainTextPath ?? 'PlainTextContent'}`,
      text,
      utterances: imported.utterances,
      encoding: imported.encoding,
      participantLabel: kase?.label ?? null,
      attributes,
      codings: planned,
    });
  }
  if (outside) pl.problems.add('sel-outside', `${plural(outside, 'selection')} ${v(outside, 'lies', 'lie')} outside their source's text under the detected position unit (left out)`);
  if (collapsed) pl.problems.add('sel-collapsed', `${plural(collapsed, 'selection')} ${v(collapsed, 'selects', 'select')} no text once line endings and the BOM are normalised (left out)`);
  if (codingsUnknownCode) pl.problems.add('coding-unknown-code', `${plural(codingsUnknownCode, 'coding')} ${v(codingsUnknownCode, 'refers', 'refer')} to codes the codebook does not have (left out)`);
  if (codingCounts.merged) pl.notes.push(`${plural(codingCounts.merged, 'coding')} repeated a code already on the same passage by the same coder (merged)`);
  if (codingCounts.present) pl.notes.push(`${plural(codingCounts.present, 'coding')} ${v(codingCounts.present, 'was', 'were')} already in the project (not added again)`);
  const caseLabels = new Set(transcripts.filter((t) => !t.existing && t.participantLabel).map((t) => t.participantLabel!));
  const joined = [...caseLabels].filter((l) => pl.view.participantExists(l));
  if (joined.length) pl.notes.push(`${plural(joined.length, 'case')} named like a participant already in the project (${joined.map((l) => q(l, 40)).join(', ')}): their sources are added to that participant`);
  if (matchedSources) pl.notes.push(`${plural(matchedSources, 'source')} already in the project (same text): the file's codings and memos are added to those transcripts`);
  const declared = new Set(doc.users.map((u) => pl.userId(u.id.key)));
  const undeclared = pl.users.filter((u) => !declared.has(u.id)).length;
  if (undeclared) pl.notes.push(`${plural(undeclared, 'coder')} named on codings or notes ${v(undeclared, 'is', 'are')} not listed in <Users>; kept as coder ids without a name`);

  // Memos, now that every target has an id. A passage memo carries its place in its body.
  const imported = new Set(transcripts.map((t) => t.id));
  pl.planNotes((t) => {
    if (t.kind === 'passage') return imported.has(t.transcriptId) ? { kind: 'transcript', id: t.transcriptId } : null;
    return t;
  });
  if (pl.memosPresent) pl.notes.push(`${plural(pl.memosPresent, 'memo')} ${v(pl.memosPresent, 'was', 'were')} already in the project on the same item (not added again)`);

  if (doc.otherSources.length) {
    const kinds = [...new Set(doc.otherSources.map((o) => o.kind))].join(', ');
    pl.problems.add('media', `${plural(doc.otherSources.length, 'source')} of other kinds (${kinds}) not imported: Tandai imports text; their plain-text representations and transcripts, if any, are imported (${doc.otherSources.map((o) => q(o.name, 40)).join(', ')})`);
  }
  if (doc.sets) pl.problems.add('sets', `${plural(doc.sets, 'set')} not imported (Tandai has no sets)`);
  if (doc.links) pl.problems.add('links', `${plural(doc.links, 'link')} not imported (Tandai has no links between items)`);
  if (doc.graphs) pl.problems.add('graphs', `${plural(doc.graphs, 'graph')} not imported (Tandai has no graphs)`);

  return {
    users: pl.users,
    attributeDefs: pl.defs,
    codes: pl.newCodes,
    transcripts,
    memos: pl.memos,
    counts: {
      codes: codeCount,
      users: doc.users.length,
      sources: transcripts.length,
      codings: codingCounts.created,
      memos: pl.memos.length,
      variables: pl.varDefs.size,
    },
    missing,
    positions,
    listed: transcripts.map((t) => ({ id: t.id, sourceGuid: t.sourceGuid, title: t.title, matched: t.existing !== null })),
  };
}

/** The plan for a package, against the project as `view` shows it. */
export function planImport(pkg: RefiPackage, file: string, view: ProjectView): ImportPlan {
  const pl = new Planner(pkg, file, view);
  for (const p of pkg.problems) pl.problems.add(`read:${p}`, p);
  const doc: RefiDocument = pkg.document;
  let body: ReturnType<typeof planProject>;
  if (doc.kind === 'codebook') {
    const { total } = pl.planCodes(doc.codes);
    if (doc.sets) pl.problems.add('sets', `${plural(doc.sets, 'set')} not imported (Tandai has no sets)`);
    pl.planNotes((t) => (t.kind === 'passage' ? null : t));
    body = { users: [], attributeDefs: [], codes: pl.newCodes, transcripts: [], memos: pl.memos, counts: { codes: total, users: 0, sources: 0, codings: 0, memos: pl.memos.length, variables: 0 }, missing: [], positions: null, listed: [] };
  } else body = planProject(pl, doc);
  const problems = pl.problems.list();
  const c = body.counts;
  const empty = c.codes + c.users + c.sources + c.codings + c.memos + c.variables === 0;
  return {
    report: {
      file,
      format: pkg.format,
      origin: doc.origin,
      valid: problems.length === 0,
      problems,
      notes: pl.notes,
      recovered: c,
      missingSources: body.missing,
      positions: body.positions,
      transcripts: body.listed,
    },
    users: body.users,
    attributeDefs: body.attributeDefs,
    codes: body.codes,
    transcripts: body.transcripts,
    memos: body.memos,
    empty,
  };
}
