/**
 * A parsed REFI-QDA document (element tree) → the model, checking as it goes what the official
 * schemas require (required attributes, GUID and colour patterns, booleans, integers, non-empty
 * containers, references that resolve) and noting each fault in `problems`. Reading never stops at
 * a fault: whatever can be used is kept, so the user can decide whether a partial import is enough.
 */
import { normaliseGuid } from './guid.js';
import type { RefiCase, RefiCode, RefiCodebook, RefiCoding, RefiId, RefiProject, RefiText, RefiTextSelection, RefiTextSource, RefiUser, RefiVariable, RefiVariableType, RefiVariableValue } from './model.js';
import { Problems, q } from './problems.js';
import { kid, kids, type El } from './xml.js';

export const STANDARD_NAMESPACE = { project: 'urn:QDA-XML:project:1.0', codebook: 'urn:QDA-XML:codebook:1.0' } as const;

const VARIABLE_TYPES: readonly RefiVariableType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'];
const MEDIA_KIND: Record<string, string> = { PictureSource: 'picture', PDFSource: 'PDF', AudioSource: 'audio', VideoSource: 'video' };

class Reader {
  readonly problems = new Problems();
  private readonly seen = new Map<string, string>();

  constructor(readonly file: string) {}

  /** An id attribute: kept as written when it is not a GUID (references still link), with a problem. */
  id(el: El, attr: string, what: string, opts: { required?: boolean; unique?: boolean } = {}): RefiId | null {
    const raw = el.attrs[attr];
    if (raw === undefined || raw.trim() === '') {
      if (opts.required !== false) this.problems.add(`missing-${el.name}-${attr}`, `<${el.name}> without the required ${attr} attribute`, what || undefined);
      return null;
    }
    const g = normaliseGuid(raw);
    if (!g) this.problems.add(`not-guid-${attr}`, `${attr} values that are not GUIDs (8-4-4-4-12 hexadecimal digits)`, q(raw, 40));
    const key = g ?? raw.trim();
    if (opts.unique) {
      const before = this.seen.get(key);
      if (before) this.problems.add('duplicate-guid', 'GUIDs used by more than one element', `${key} on <${before}> and <${el.name}>`);
      else this.seen.set(key, el.name);
    }
    return { key, isGuid: g !== null };
  }

  /** A reference attribute (targetGUID, creatingUser…) as a key; null when absent. */
  ref(el: El, attr: string, required = true): string | null {
    const raw = el.attrs[attr];
    if (raw === undefined || raw.trim() === '') {
      if (required) this.problems.add(`missing-${el.name}-${attr}`, `<${el.name}> without the required ${attr} attribute`);
      return null;
    }
    const g = normaliseGuid(raw);
    if (!g) this.problems.add(`not-guid-${attr}`, `${attr} values that are not GUIDs (8-4-4-4-12 hexadecimal digits)`, q(raw, 40));
    return g ?? raw.trim();
  }

  text(el: El | undefined): string | null {
    if (!el) return null;
    return el.text;
  }

  /** A container element that the schema requires to hold at least one `child`. */
  container(el: El | undefined, child: string): El[] {
    if (!el) return [];
    const items = kids(el, child);
    if (items.length === 0) this.problems.add(`empty-${el.name}`, `<${el.name}> is empty, but the schema requires at least one <${child}> in it`);
    return items;
  }

  noteRefs(el: El): string[] {
    return kids(el, 'NoteRef')
      .map((n) => this.ref(n, 'targetGUID'))
      .filter((x): x is string => x !== null);
  }

  boolean(el: El, attr: string, fallback: boolean, what: string): boolean {
    const raw = el.attrs[attr];
    if (raw === undefined) {
      this.problems.add(`missing-${el.name}-${attr}`, `<${el.name}> without the required ${attr} attribute`, what);
      return fallback;
    }
    const v = raw.trim();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    this.problems.add(`bad-boolean-${attr}`, `${attr} values that are not true, false, 1 or 0`, q(raw, 20));
    return fallback;
  }

  integer(el: El, attr: string): number | null {
    const raw = el.attrs[attr];
    if (raw === undefined) {
      this.problems.add(`missing-${el.name}-${attr}`, `<${el.name}> without the required ${attr} attribute`);
      return null;
    }
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
      this.problems.add(`bad-integer-${attr}`, `${attr} values that are not whole numbers`, q(raw, 20));
      return null;
    }
    return Number(raw.trim());
  }

  colour(el: El, what: string): string | null {
    const raw = el.attrs.color;
    if (raw === undefined) return null;
    const m = /^\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*$/.exec(raw);
    if (!m) {
      this.problems.add('bad-colour', 'code colours that are not #RRGGBB or #RGB (a default colour is used)', `${what}: ${q(raw, 30)}`);
      return null;
    }
    const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
    return `#${hex.toLowerCase()}`;
  }

  code(el: El): RefiCode | null {
    const rawName = el.attrs.name;
    const label = rawName !== undefined ? q(rawName) : '';
    const id = this.id(el, 'guid', label, { unique: true });
    if (rawName === undefined) this.problems.add('missing-Code-name', '<Code> without the required name attribute', id?.key);
    const isCodable = this.boolean(el, 'isCodable', true, label);
    const colour = this.colour(el, label || (id?.key ?? ''));
    const children = kids(el, 'Code')
      .map((c) => this.code(c))
      .filter((c): c is RefiCode => c !== null);
    if (!id) return null;
    return { id, name: rawName ?? '', colour, isCodable, description: this.text(kid(el, 'Description')), noteRefs: this.noteRefs(el), children };
  }

  codes(codebook: El | undefined): RefiCode[] {
    if (!codebook) return [];
    const codesEl = kid(codebook, 'Codes');
    if (!codesEl) {
      this.problems.add('missing-Codes', '<CodeBook> without the required <Codes> element');
      return [];
    }
    return this.container(codesEl, 'Code')
      .map((c) => this.code(c))
      .filter((c): c is RefiCode => c !== null);
  }

  namespace(root: El, kind: 'project' | 'codebook'): string | null {
    const ns = root.attrs.xmlns ?? Object.entries(root.attrs).find(([k, v]) => k.startsWith('xmlns:') && /^urn:QDA-XML:/i.test(v))?.[1] ?? null;
    const standard = STANDARD_NAMESPACE[kind];
    if (ns === null) this.problems.add('no-namespace', `the root element has no REFI-QDA namespace (expected ${standard}); read as ${standard}`);
    else if (ns !== standard) {
      const m = /^urn:QDA-XML:(project|codebook):/i.exec(ns);
      if (!m) this.problems.add('wrong-namespace', `the root element's namespace ${q(ns)} is not REFI-QDA's (expected ${standard}); read as ${standard}`);
      else if (m[1]!.toLowerCase() !== kind) this.problems.add('wrong-namespace', `the root element <${root.name}> has the ${m[1]!.toLowerCase()} namespace ${q(ns)}; read as ${standard}`);
      else this.problems.add('variant-namespace', `uses the namespace ${q(ns)}, a variant of ${standard}; read as ${standard}`);
    }
    return ns;
  }

  coding(el: El): RefiCoding | null {
    const id = this.id(el, 'guid', '', { unique: true });
    const refs = kids(el, 'CodeRef');
    if (refs.length !== 1) {
      this.problems.add('coding-coderef', '<Coding> elements without exactly one <CodeRef>', id?.key);
      if (refs.length === 0) return null;
    }
    const code = this.ref(refs[0]!, 'targetGUID');
    if (!code) return null;
    return { id, code, creatingUser: this.ref(el, 'creatingUser', false), creationDateTime: el.attrs.creationDateTime ?? null, noteRefs: this.noteRefs(el) };
  }

  codings(el: El): RefiCoding[] {
    return kids(el, 'Coding')
      .map((c) => this.coding(c))
      .filter((c): c is RefiCoding => c !== null);
  }

  selection(el: El): RefiTextSelection | null {
    const id = this.id(el, 'guid', '', { unique: true });
    const start = this.integer(el, 'startPosition');
    const end = this.integer(el, 'endPosition');
    const codings = this.codings(el);
    if (start === null || end === null) return null;
    if (start < 0 || end < start) {
      this.problems.add('bad-range', 'selections whose positions run backwards or below 0 (left out)', `${id?.key ?? '?'}: ${start}–${end}`);
      return null;
    }
    return { id, name: el.attrs.name ?? null, start, end, description: this.text(kid(el, 'Description')), codings, noteRefs: this.noteRefs(el), creatingUser: this.ref(el, 'creatingUser', false) };
  }

  values(el: El): RefiVariableValue[] {
    const out: RefiVariableValue[] = [];
    for (const vv of kids(el, 'VariableValue')) {
      const refEl = kid(vv, 'VariableRef');
      if (!refEl) {
        this.problems.add('vv-noref', '<VariableValue> without the required <VariableRef>');
        continue;
      }
      const variable = this.ref(refEl, 'targetGUID');
      if (!variable) continue;
      const valueEl = vv.children.find((c) => c.name.endsWith('Value') && c.name !== 'VariableValue');
      out.push({ variable, value: valueEl ? valueEl.text : null });
    }
    return out;
  }

  textDoc(el: El, fallbackName: string | null = null): RefiText | null {
    const id = this.id(el, 'guid', el.attrs.name ? q(el.attrs.name) : '', { unique: true });
    if (!id) return null;
    const content = kid(el, 'PlainTextContent');
    const path = el.attrs.plainTextPath?.trim() || null;
    if (content && path) this.problems.add('content-and-path', `<${el.name}> elements with both PlainTextContent and plainTextPath (the schema allows one; the inline text is used)`, el.attrs.name ? q(el.attrs.name) : id.key);
    return {
      id,
      name: el.attrs.name ?? fallbackName,
      plainTextPath: path,
      plainTextContent: content ? content.text : null,
      description: this.text(kid(el, 'Description')),
      creatingUser: this.ref(el, 'creatingUser', false),
      creationDateTime: el.attrs.creationDateTime ?? null,
      modifiedDateTime: el.attrs.modifiedDateTime ?? null,
    };
  }

  textSource(el: El, fallbackName: string | null = null): RefiTextSource | null {
    const doc = this.textDoc(el, fallbackName);
    const selections = kids(el, 'PlainTextSelection')
      .map((s) => this.selection(s))
      .filter((s): s is RefiTextSelection => s !== null);
    if (!doc) return null;
    return { ...doc, selections, codings: this.codings(el), noteRefs: this.noteRefs(el), values: this.values(el) };
  }

  /** A media transcript: its text, with TranscriptSelections placed by their sync points' positions. */
  mediaTranscript(el: El, mediaName: string | null): RefiTextSource | null {
    const doc = this.textDoc(el, mediaName ? `${mediaName} (transcript)` : null);
    if (!doc) return null;
    const syncPos = new Map<string, number>();
    for (const sp of kids(el, 'SyncPoint')) {
      const id = this.id(sp, 'guid', '', { unique: true });
      const pos = sp.attrs.position !== undefined ? this.integer(sp, 'position') : null;
      if (id && pos !== null) syncPos.set(id.key, pos);
    }
    const selections: RefiTextSelection[] = [];
    for (const ts of kids(el, 'TranscriptSelection')) {
      const id = this.id(ts, 'guid', '', { unique: true });
      const from = this.ref(ts, 'fromSyncPoint', false);
      const to = this.ref(ts, 'toSyncPoint', false);
      const start = from ? syncPos.get(from) : undefined;
      const end = to ? syncPos.get(to) : undefined;
      const codings = this.codings(ts);
      if (start === undefined || end === undefined || end < start) {
        this.problems.add('transcript-selection', 'transcript selections whose sync points give no text position (left out)', id?.key);
        continue;
      }
      selections.push({ id, name: ts.attrs.name ?? null, start, end, description: this.text(kid(ts, 'Description')), codings, noteRefs: this.noteRefs(ts), creatingUser: this.ref(ts, 'creatingUser', false) });
    }
    return { ...doc, selections, codings: [], noteRefs: this.noteRefs(el), values: [] };
  }
}

export interface ReadResult<T> {
  document: T;
  problems: string[];
}

/** `<Project>` → the model. */
export function readProject(root: El, file: string): ReadResult<RefiProject> {
  const r = new Reader(file);
  const namespace = r.namespace(root, 'project');
  if (root.attrs.name === undefined) r.problems.add('project-name', '<Project> without the required name attribute');

  const users: RefiUser[] = [];
  for (const u of r.container(kid(root, 'Users'), 'User')) {
    const id = r.id(u, 'guid', u.attrs.name ? q(u.attrs.name) : '', { unique: true });
    if (id) users.push({ id, name: u.attrs.name ?? u.attrs.id ?? null });
  }
  const codes = r.codes(kid(root, 'CodeBook'));

  const variables: RefiVariable[] = [];
  for (const v of r.container(kid(root, 'Variables'), 'Variable')) {
    const id = r.id(v, 'guid', v.attrs.name ? q(v.attrs.name) : '', { unique: true });
    const name = v.attrs.name;
    if (name === undefined) r.problems.add('missing-Variable-name', '<Variable> without the required name attribute', id?.key);
    const t = v.attrs.typeOfVariable?.trim();
    const type = VARIABLE_TYPES.find((x) => x === t);
    if (!type) r.problems.add('variable-type', 'variables whose typeOfVariable is not Text, Boolean, Integer, Float, Date or DateTime (read as Text)', `${name ? q(name) : '?'}: ${q(t ?? '(none)', 20)}`);
    if (id && name !== undefined) variables.push({ id, name, type: type ?? 'Text', description: r.text(kid(v, 'Description')) });
  }

  const cases: RefiCase[] = [];
  for (const c of r.container(kid(root, 'Cases'), 'Case')) {
    const id = r.id(c, 'guid', c.attrs.name ? q(c.attrs.name) : '', { unique: true });
    const sources = kids(c, 'SourceRef')
      .map((s) => r.ref(s, 'targetGUID'))
      .filter((x): x is string => x !== null);
    if (id) cases.push({ id, name: c.attrs.name ?? null, sources, values: r.values(c) });
  }

  const textSources: RefiTextSource[] = [];
  const otherSources: { kind: string; name: string }[] = [];
  const sourcesEl = kid(root, 'Sources');
  if (sourcesEl && sourcesEl.children.length === 0) r.problems.add('empty-Sources', '<Sources> is empty, but the schema requires at least one source in it');
  for (const s of sourcesEl?.children ?? []) {
    if (s.name === 'TextSource') {
      const t = r.textSource(s);
      if (t) textSources.push(t);
      continue;
    }
    const kind = MEDIA_KIND[s.name];
    if (!kind) continue;
    const name = s.attrs.name?.trim() || normaliseGuid(s.attrs.guid) || s.attrs.guid || '(unnamed)';
    r.id(s, 'guid', q(name), { unique: true });
    // Text inside media sources is still text: a PDF's plain-text representation, a recording's transcripts.
    for (const rep of kids(s, 'Representation')) {
      const t = r.textSource(rep, `${name} (text)`);
      if (t) textSources.push(t);
    }
    for (const tr of kids(s, 'Transcript')) {
      const t = r.mediaTranscript(tr, name);
      if (t) textSources.push(t);
    }
    otherSources.push({ kind, name });
  }

  const notes: RefiText[] = [];
  for (const n of r.container(kid(root, 'Notes'), 'Note')) {
    const t = r.textDoc(n);
    if (t) notes.push(t);
  }
  const sets = r.container(kid(root, 'Sets'), 'Set').length;
  const links = r.container(kid(root, 'Links'), 'Link').length;
  const graphs = r.container(kid(root, 'Graphs'), 'Graph').length;

  return {
    document: {
      kind: 'project',
      name: root.attrs.name ?? null,
      origin: root.attrs.origin ?? null,
      namespace,
      users,
      codes,
      variables,
      cases,
      textSources,
      otherSources,
      notes,
      noteRefs: r.noteRefs(root),
      description: r.text(kid(root, 'Description')),
      sets,
      links,
      graphs,
    },
    problems: r.problems.list(),
  };
}

/** `<CodeBook>` (.qdc) → the model. */
export function readCodebook(root: El, file: string): ReadResult<RefiCodebook> {
  const r = new Reader(file);
  const namespace = r.namespace(root, 'codebook');
  const codes = r.codes(root);
  const setsEl = kid(root, 'Sets');
  const sets = r.container(setsEl, 'Set');
  for (const s of sets) {
    r.id(s, 'guid', s.attrs.name ? q(s.attrs.name) : '', { unique: true });
    if (s.attrs.name === undefined) r.problems.add('missing-Set-name', '<Set> without the required name attribute');
    for (const m of kids(s, 'MemberCode')) r.ref(m, 'guid');
  }
  return { document: { kind: 'codebook', origin: root.attrs.origin ?? null, namespace, codes, sets: sets.length }, problems: r.problems.list() };
}
