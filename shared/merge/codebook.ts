/**
 * Merging a sender's codebook ("theirs") into the lead's ("ours"), three-way against their common
 * ancestor when there is one (both grew from one codebook version), two-way otherwise.
 *
 * Matching, in this order: by GUID; then by name in match form (normalise.ts), among codes not yet
 * matched, when the parents agree or the name is unique on both sides; then fuzzy suggestions
 * (similarity.ts), which apply only when the lead resolves them to one of our codes.
 *
 * Per matched code, each field is merged three-way: changed on one side only -> that side wins;
 * changed on both to different values -> a conflict ('renamed', 'definition-changed', 'moved').
 * Without an ancestor, a field empty on one side takes the other's; any other difference is a
 * conflict, except colour (cosmetic: ours is kept).
 * Deletions need the ancestor: a code deleted on one side and untouched and unused on the other is
 * deleted; otherwise 'deleted-vs-used'. Codings both sides hold under one id but on different codes
 * are evidence that a side merged a code into another ('merged') or split it ('split'); so is a
 * deleted code whose name reappears in two or more new codes ('split').
 * Unresolved conflicts keep ours; their effect on the sender's codings is in `placement`.
 * New codes keep their GUIDs. Nothing is looked up by position: positions are recomputed.
 */
import type { Code, CodeFields } from '../contract/schemas.js';
import { isSelfOrDescendant, normaliseName, treeOrder } from '../domain/codebook.js';
import { matchKey } from './normalise.js';
import { suggestMatches } from './similarity.js';
import type { CodebookMergeInput, CodebookMergeResult, CodePlacement, CodeView, Conflict, ConflictKind, ProvenanceEntry, Suggestion } from './types.js';

export const CODE_FIELDS = ['name', 'colour', 'category', 'shortDefinition', 'definition', 'whenToUse', 'whenNotToUse', 'examples', 'translations'] as const;
export const DEFINITION_FIELDS = ['shortDefinition', 'definition', 'whenToUse', 'whenNotToUse', 'examples', 'category'] as const;
type DefinitionField = (typeof DEFINITION_FIELDS)[number];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

type Pick3 = 'same' | 'ours' | 'theirs' | 'conflict';
/** Which side a field's merged value comes from. */
function pick3(b: unknown, o: unknown, t: unknown, hasBase: boolean, emptyYields = true): Pick3 {
  if (same(o, t)) return 'same';
  if (hasBase) {
    if (same(b, o)) return 'theirs';
    if (same(b, t)) return 'ours';
    return 'conflict';
  }
  if (emptyYields && isEmpty(o)) return 'theirs';
  if (emptyYields && isEmpty(t)) return 'ours';
  return 'conflict';
}

const fieldsEqual = (a: Code, b: Code): boolean => CODE_FIELDS.every((k) => same(a[k], b[k]));

function pathOf(code: Code, byId: ReadonlyMap<string, Code>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let p = code.parentId; p !== null && !seen.has(p); p = byId.get(p)?.parentId ?? null) {
    seen.add(p);
    const parent = byId.get(p);
    if (!parent) break;
    out.unshift(parent.name);
  }
  return out;
}

const view = (code: Code | undefined | null, byId: ReadonlyMap<string, Code>): CodeView | null => (code ? { ...code, path: pathOf(code, byId) } : null);

/** Renames ids through `aliases` where the target is free, parents too; returns the renamed codes and the renaming. */
function throughAliases(codes: readonly Code[], aliases: ReadonlyMap<string, string>, allowed: (target: string) => boolean): { codes: Code[]; renamed: Map<string, string> } {
  const taken = new Set(codes.map((c) => c.id));
  const renamed = new Map<string, string>();
  for (const c of codes) {
    const a = aliases.get(c.id);
    if (a && a !== c.id && !taken.has(a) && allowed(a)) {
      renamed.set(c.id, a);
      taken.add(a);
    }
  }
  const r = (id: string) => renamed.get(id) ?? id;
  return { codes: codes.map((c) => (renamed.has(c.id) || (c.parentId !== null && renamed.has(c.parentId)) ? { ...c, id: r(c.id), parentId: c.parentId === null ? null : r(c.parentId) } : c)), renamed };
}

export function mergeCodebooks(raw: CodebookMergeInput): CodebookMergeResult {
  // Their codebook and the ancestor read through the aliases earlier merges recorded.
  const aliases = raw.aliases ?? new Map<string, string>();
  const oursIds = new Set(raw.ours.map((c) => c.id));
  const baseIn = raw.base ? throughAliases(raw.base, aliases, () => true).codes : null;
  const baseIds = new Set(baseIn?.map((c) => c.id) ?? []);
  const { codes: theirsIn, renamed } = throughAliases(raw.theirs, aliases, (a) => oursIds.has(a) || baseIds.has(a));
  const canon = (id: string) => renamed.get(id) ?? id;
  const input: CodebookMergeInput = {
    ...raw,
    base: baseIn,
    theirs: theirsIn,
    usedByTheirs: renamed.size ? new Map([...raw.usedByTheirs].map(([k, v]) => [canon(k), v])) : raw.usedByTheirs,
    recoded: renamed.size ? raw.recoded.map((r) => ({ ...r, theirsCode: canon(r.theirsCode) })) : raw.recoded,
  };
  const result = mergeCanonical(input);
  if (renamed.size) {
    // Placement is keyed by their own GUIDs, as their codings name them.
    for (const [orig, alias] of renamed) {
      const at = result.placement.get(alias);
      if (at) result.placement.set(orig, at);
    }
  }
  return result;
}

function mergeCanonical(input: CodebookMergeInput): CodebookMergeResult {
  const res = input.resolutions ?? {};
  const src = input.source;
  const baseById = input.base ? new Map(input.base.map((c) => [c.id, c])) : null;
  const hasBase = baseById !== null;
  const oursById = new Map(input.ours.map((c) => [c.id, c]));
  const theirsList = treeOrder(input.theirs);
  const theirsById = new Map(theirsList.map((c) => [c.id, c]));

  /** The merged codebook as it is being built (our id space). */
  const work = new Map<string, Code>(input.ours.map((c) => [c.id, { ...c }]));
  /** Codes placed by this merge (added, restored or moved), in order: after our codes among their siblings. */
  const appended: string[] = [];
  /** Codes added or restored by this merge. */
  const addedIds = new Set<string>();
  /** Our codes whose fields were already merged with one of theirs (a second match only re-points). */
  const mergedInto = new Set<string>();
  const placement = new Map<string, CodePlacement>();
  const conflicts: Conflict[] = [];
  const suggestions: Suggestion[] = [];
  const provenance: ProvenanceEntry[] = [];
  const deletions = new Map<string, string | null>();
  const counts = { matchedByGuid: 0, matchedByName: 0, matchedBySuggestion: 0, added: 0, restored: 0, deleted: 0, changed: 0 };
  const changed = new Set<string>();
  /** Codes whose name or parent came from theirs: reverted first if the tree rules are broken. */
  const renamedFromTheirs = new Map<string, string>();
  const moves: { id: string; to: string | null; conflict: Conflict | null }[] = [];

  const prov = (codeId: string, what: ProvenanceEntry['what'], value: string | null, theirId: string | null = null) =>
    provenance.push({ codeId, what, value, by: src.identityId, byName: src.name, country: src.country, bundleId: src.bundleId, theirId });
  const resolutionOf = (id: string): 'ours' | 'theirs' | null => (res[id] === 'ours' || res[id] === 'theirs' ? res[id] : null);
  const used = (theirId: string) => input.usedByTheirs.get(theirId) ?? 0;
  const addConflict = (kind: ConflictKind, codeId: string, c: Omit<Conflict, 'id' | 'kind' | 'codeId' | 'resolution'>): Conflict => {
    const id = `${kind}:${codeId}`;
    const conflict: Conflict = { id, kind, codeId, resolution: resolutionOf(id), ...c };
    conflicts.push(conflict);
    return conflict;
  };

  // --- 1. Classify their codes: by GUID, deleted on our side, or not known here.
  const matchedOurs = new Set<string>();
  const oursDeleted = new Set<string>();
  const unknown: Code[] = [];
  for (const t of theirsList) {
    if (oursById.has(t.id)) matchedOurs.add(t.id);
    else if (baseById?.has(t.id)) oursDeleted.add(t.id);
    else unknown.push(t);
  }

  // --- 2. By name in match form, parents first.
  const keyCount = (codes: Iterable<Code>) => {
    const m = new Map<string, number>();
    for (const c of codes) m.set(matchKey(c.name), (m.get(matchKey(c.name)) ?? 0) + 1);
    return m;
  };
  const oursKeys = keyCount(input.ours);
  const theirsKeys = keyCount(input.theirs);
  const byKey = new Map<string, Code[]>();
  for (const o of input.ours) {
    if (matchedOurs.has(o.id)) continue;
    const k = matchKey(o.name);
    byKey.set(k, [...(byKey.get(k) ?? []), o]);
  }
  const nameMatch = new Map<string, Code>();
  const provisional = (theirParent: string | null): string | null => {
    if (theirParent === null) return null;
    if (oursById.has(theirParent)) return theirParent;
    return nameMatch.get(theirParent)?.id ?? theirParent;
  };
  for (const t of unknown) {
    const k = matchKey(t.name);
    const cands = (byKey.get(k) ?? []).filter((o) => !matchedOurs.has(o.id));
    const parent = provisional(t.parentId);
    const pick = cands.find((o) => o.parentId === parent) ?? (cands.length === 1 && oursKeys.get(k) === 1 && theirsKeys.get(k) === 1 ? cands[0] : undefined);
    if (pick) {
      nameMatch.set(t.id, pick);
      matchedOurs.add(pick.id);
    }
  }

  // --- 3. Fuzzy suggestions for the rest; applied only when resolved to one of our codes.
  const rest = unknown.filter((t) => !nameMatch.has(t.id));
  const candidates = suggestMatches(rest, input.ours);
  const suggestionTarget = new Map<string, Code>();
  for (const t of rest) {
    const cands = candidates.get(t.id);
    if (!cands) continue;
    const sid = `suggest:${t.id}`;
    const chosen = res[sid];
    const target = chosen && chosen !== 'new' ? oursById.get(chosen) : undefined;
    if (target) suggestionTarget.set(t.id, target);
    suggestions.push({
      id: sid,
      theirs: view(t, theirsById)!,
      candidates: cands.map((c) => ({ ours: view(oursById.get(c.oursId), oursById)!, score: c.score, basis: c.basis, language: c.language, note: c.note })),
      resolution: target ? target.id : 'new',
    });
  }

  /** Where their parent id sits in the merged codebook now (their tree is walked parents first). */
  const mapParent = (theirParent: string | null): string | null => {
    for (let p = theirParent; p !== null; p = theirsById.get(p)?.parentId ?? null) {
      const at = placement.get(p);
      if (at && at.to !== null && work.has(at.to)) return at.to;
      if (!theirsById.has(p)) return null;
    }
    return null;
  };
  const addCode = (t: Code, how: 'added' | 'restored'): void => {
    const code: Code = { ...t, parentId: mapParent(t.parentId), position: Number.MAX_SAFE_INTEGER };
    work.set(code.id, code);
    appended.push(code.id);
    addedIds.add(code.id);
    placement.set(t.id, { to: t.id, how });
    changed.add(t.id);
    prov(t.id, how === 'added' ? 'proposed' : 'restored', t.name);
    counts[how]++;
  };

  // --- 4. One pass over their tree, parents first.
  const matched = (t: Code, o: Code, how: 'guid' | 'name' | 'suggestion') => {
    placement.set(t.id, { to: o.id, how });
    counts[how === 'guid' ? 'matchedByGuid' : how === 'name' ? 'matchedByName' : 'matchedBySuggestion']++;
    if (mergedInto.has(o.id)) {
      if (how !== 'guid') prov(o.id, 'also-proposed', t.name, t.id);
      return;
    }
    mergedInto.add(o.id);
    mergePair(t, o, how);
  };
  for (const t of theirsList) {
    if (oursById.has(t.id)) matched(t, oursById.get(t.id)!, 'guid');
    else if (nameMatch.has(t.id)) matched(t, nameMatch.get(t.id)!, 'name');
    else if (suggestionTarget.has(t.id)) matched(t, suggestionTarget.get(t.id)!, 'suggestion');
    else if (oursDeleted.has(t.id)) handleDeletedOnOurSide(t);
    else addCode(t, 'added');
  }

  function handleDeletedOnOurSide(t: Code): void {
    const b = baseById!.get(t.id)!;
    const theirsChanged = !fieldsEqual(b, t) || b.parentId !== t.parentId;
    const n = used(t.id);
    const targets = new Set(input.recoded.filter((r) => r.theirsCode === t.id && work.has(r.oursCode)).map((r) => r.oursCode));
    const target = targets.size === 1 ? [...targets][0]! : null;
    if (target && !theirsChanged) {
      // We merged it into another code: their codings on it follow ours.
      placement.set(t.id, { to: target, how: 'repointed' });
      return;
    }
    if (!theirsChanged && !input.usedByTheirs.has(t.id)) {
      placement.set(t.id, { to: null, reason: `code "${t.name}" was deleted in the lead's codebook`, conflictId: null });
      return;
    }
    const c = addConflict('deleted-vs-used', t.id, {
      summary: `"${t.name}" was deleted here but ${theirsChanged ? 'edited' : 'used'} by ${src.name}${n ? ` (${n} coding${n === 1 ? '' : 's'})` : ''}`,
      base: view(b, baseById!),
      ours: null,
      theirs: view(t, theirsById),
      fields: [],
      deletedBy: 'ours',
      related: target ? [{ id: target, name: work.get(target)!.name }] : [],
      choices: {
        ours: target ? `keep it deleted; their codings go to "${work.get(target)!.name}", as ours did` : `keep it deleted; their ${n} coding${n === 1 ? '' : 's'} on it stay unplaced (listed)`,
        theirs: 'restore the code from their codebook, with their codings',
      },
      blocksCodings: target ? 0 : n,
      note: null,
    });
    if (c.resolution === 'theirs') addCode(t, 'restored');
    else if (target) placement.set(t.id, { to: target, how: 'repointed' });
    else placement.set(t.id, { to: null, reason: `code "${t.name}" was deleted in the lead's codebook (conflict ${c.id} unresolved)`, conflictId: c.id });
  }

  function mergePair(t: Code, o: Code, how: 'guid' | 'name' | 'suggestion'): void {
    const b = how === 'guid' ? (baseById?.get(t.id) ?? null) : null;
    const three = b !== null;
    const cur = work.get(o.id)!;
    if (how !== 'guid') prov(o.id, 'also-proposed', t.name, t.id);

    // Name.
    const name = pick3(b?.name, o.name, t.name, three);
    if (name === 'theirs') {
      renamedFromTheirs.set(o.id, cur.name);
      cur.name = t.name;
      changed.add(o.id);
      prov(o.id, 'name', t.name);
    } else if (name === 'conflict') {
      const c = addConflict('renamed', o.id, {
        summary: three ? `"${b!.name}" was renamed "${o.name}" here and "${t.name}" by ${src.name}` : `the same code is "${o.name}" here and "${t.name}" for ${src.name}`,
        base: view(b, baseById ?? new Map()),
        ours: view(o, oursById),
        theirs: view(t, theirsById),
        fields: ['name'],
        deletedBy: null,
        related: [],
        choices: { ours: `keep "${o.name}"`, theirs: `use "${t.name}"` },
        blocksCodings: 0,
        note: null,
      });
      if (c.resolution === 'theirs') {
        renamedFromTheirs.set(o.id, cur.name);
        cur.name = t.name;
        changed.add(o.id);
        prov(o.id, 'name', t.name);
      }
    }

    // Definition fields and translations: one conflict listing every field changed on both sides.
    const conflictFields: string[] = [];
    const takeFields: (() => void)[] = [];
    const takenNow: string[] = [];
    for (const f of DEFINITION_FIELDS) {
      const r = pick3(b?.[f], o[f], t[f], three);
      const apply = () => {
        (cur as Record<DefinitionField, unknown>)[f] = structuredClone(t[f]);
      };
      if (r === 'theirs') {
        apply();
        takenNow.push(f);
      } else if (r === 'conflict') {
        conflictFields.push(f);
        takeFields.push(apply);
      }
    }
    const langs = new Set([...Object.keys(o.translations ?? {}), ...Object.keys(t.translations ?? {}), ...Object.keys(b?.translations ?? {})]);
    const translations = { ...(cur.translations ?? {}) };
    for (const lang of [...langs].sort()) {
      const r = pick3(b?.translations?.[lang], o.translations?.[lang], t.translations?.[lang], three);
      const apply = () => {
        const v = t.translations?.[lang];
        if (v === undefined) delete translations[lang];
        else translations[lang] = structuredClone(v);
      };
      if (r === 'theirs') {
        apply();
        takenNow.push(`translations.${lang}`);
      } else if (r === 'conflict') {
        conflictFields.push(`translations.${lang}`);
        takeFields.push(apply);
      }
    }
    if (conflictFields.length) {
      const c = addConflict('definition-changed', o.id, {
        summary: `"${o.name}": ${conflictFields.join(', ')} ${three ? 'changed on both sides' : 'differ'} (here and by ${src.name})`,
        base: view(b, baseById ?? new Map()),
        ours: view(o, oursById),
        theirs: view(t, theirsById),
        fields: conflictFields,
        deletedBy: null,
        related: [],
        choices: { ours: 'keep our wording', theirs: `use ${src.name}'s wording` },
        blocksCodings: 0,
        note: null,
      });
      if (c.resolution === 'theirs') {
        takeFields.forEach((f) => f());
        takenNow.push(...conflictFields);
      }
    }
    cur.translations = translations;
    if (takenNow.length) {
      changed.add(o.id);
      prov(o.id, 'definition', takenNow.join(', '));
    }

    // Colour: cosmetic; a difference on both sides keeps ours.
    if (pick3(b?.colour, o.colour, t.colour, three, false) === 'theirs') {
      cur.colour = t.colour;
      changed.add(o.id);
    }

    // Parent: applied after every code is placed (a target may be new).
    const at = t.parentId === null ? null : placement.get(t.parentId);
    const tParent = at === null ? null : at && at.to !== null && work.has(at.to) ? at.to : undefined;
    if (tParent === undefined) return; // their parent has no place here: no opinion on where it sits
    const r = pick3(b?.parentId ?? null, o.parentId, tParent, three, false);
    if (r === 'theirs') moves.push({ id: o.id, to: tParent, conflict: null });
    else if (r === 'conflict') {
      const where = (id: string | null) => (id === null ? 'the top level' : `"${(work.get(id) ?? oursById.get(id) ?? theirsById.get(id))?.name ?? id}"`);
      const c = addConflict('moved', o.id, {
        summary: `"${o.name}" sits under ${where(o.parentId)} here and under ${where(tParent)} for ${src.name}`,
        base: view(b, baseById ?? new Map()),
        ours: view(o, oursById),
        theirs: view(t, theirsById),
        fields: ['parent'],
        deletedBy: null,
        related: [],
        choices: { ours: `keep it under ${where(o.parentId)}`, theirs: `move it under ${where(tParent)}` },
        blocksCodings: 0,
        note: null,
      });
      if (c.resolution === 'theirs') moves.push({ id: o.id, to: tParent, conflict: c });
    }
  }

  // --- 5. Codes of ours (in the ancestor) that they no longer have.
  if (baseById) {
    const present = new Set([...placement.values()].flatMap((p) => (p.to !== null ? [p.to] : [])));
    const addedKeys = appended.map((id) => ({ id, key: matchKey(work.get(id)!.name) }));
    // Children before parents, so a subtree deleted on their side goes whole.
    for (const o of treeOrder(input.ours).reverse()) {
      if (!baseById.has(o.id) || present.has(o.id)) continue;
      const b = baseById.get(o.id)!;
      const targets = [...new Set(input.recoded.filter((r) => r.oursCode === o.id).map((r) => placement.get(r.theirsCode)).flatMap((p) => (p && p.to !== null && p.to !== o.id ? [p.to] : [])))];
      const key = matchKey(o.name);
      const byName = key ? addedKeys.filter((a) => a.key !== key && new RegExp(`(^| )${escapeRe(key)}( |$)`, 'u').test(a.key)).map((a) => a.id) : [];
      const parent = o.parentId !== null ? work.get(o.parentId) : undefined;
      const deleteTo = (to: string | null, c: Conflict | null) => deleteCode(o, to, c);
      if (targets.length === 1) {
        const into = work.get(targets[0]!)!;
        const c = addConflict('merged', o.id, {
          summary: `${src.name} merged "${o.name}" into "${into.name}"`,
          base: view(b, baseById),
          ours: view(o, oursById),
          theirs: null,
          fields: [],
          deletedBy: 'theirs',
          related: [{ id: into.id, name: into.name }],
          choices: { ours: `keep "${o.name}" (their codings stay on "${into.name}", as they coded them)`, theirs: `merge "${o.name}" into "${into.name}" here too: its codings move there` },
          blocksCodings: 0,
          note: 'evidence: codings both sides hold moved from one code to the other',
        });
        if (c.resolution === 'theirs') deleteTo(into.id, c);
      } else if (targets.length >= 2 || byName.length >= 2) {
        const parts = (targets.length >= 2 ? targets : byName).map((id) => ({ id, name: work.get(id)!.name }));
        const c = addConflict('split', o.id, {
          summary: `${src.name} split "${o.name}" into ${parts.map((x) => `"${x.name}"`).join(', ')}`,
          base: view(b, baseById),
          ours: view(o, oursById),
          theirs: null,
          fields: [],
          deletedBy: 'theirs',
          related: parts,
          choices: {
            ours: `keep "${o.name}" beside the new codes`,
            theirs: parent ? `retire "${o.name}": its codings here move to "${parent.name}"` : `retire "${o.name}" (only if no coding here uses it)`,
          },
          blocksCodings: 0,
          note: targets.length >= 2 ? 'evidence: codings both sides hold now sit on different codes' : 'evidence: the new codes carry its name',
        });
        if (c.resolution === 'theirs') deleteTo(parent?.id ?? null, c);
      } else {
        const oursChanged = !fieldsEqual(b, o) || b.parentId !== o.parentId;
        const inUse = input.usedByOurs.has(o.id);
        const kids = [...work.values()].some((x) => x.parentId === o.id);
        if (!oursChanged && !inUse && !kids) {
          deleteTo(null, null);
          continue;
        }
        const why = [oursChanged ? 'edited' : '', inUse ? 'in use' : '', kids ? 'has child codes' : ''].filter(Boolean).join(', ');
        const c = addConflict('deleted-vs-used', o.id, {
          summary: `${src.name} deleted "${o.name}", which is ${why} here`,
          base: view(b, baseById),
          ours: view(o, oursById),
          theirs: null,
          fields: [],
          deletedBy: 'theirs',
          related: [],
          choices: { ours: `keep "${o.name}"`, theirs: parent ? `delete it here too: its codings move to "${parent.name}"` : `delete it here too (only if no coding here uses it)` },
          blocksCodings: 0,
          note: null,
        });
        if (c.resolution === 'theirs') deleteTo(parent?.id ?? null, c);
      }
    }
  }

  function deleteCode(o: Code, codingsTo: string | null, c: Conflict | null): void {
    const kids = [...work.values()].some((x) => x.parentId === o.id);
    if (kids) {
      if (c) c.note = `not applied: "${o.name}" still has child codes here`;
      return;
    }
    if (codingsTo === null && input.usedByOurs.has(o.id)) {
      if (c) c.note = `not applied: "${o.name}" is at the top level and in use here, so its codings have nowhere to go`;
      return;
    }
    work.delete(o.id);
    deletions.set(o.id, codingsTo);
    changed.add(o.id);
    counts.deleted++;
    prov(o.id, 'deleted', o.name);
    // Their codes placed on it now go where its codings go.
    for (const [tid, p] of placement) if (p.to === o.id) placement.set(tid, codingsTo ? { to: codingsTo, how: 'repointed' } : { to: null, reason: `code "${o.name}" was deleted in the merge`, conflictId: c?.id ?? null });
  }

  // --- 6. Moves, refusing any that would make a cycle.
  for (const m of moves) {
    const code = work.get(m.id);
    if (!code) continue;
    if (m.to !== null && (!work.has(m.to) || isSelfOrDescendant([...work.values()], m.id, m.to))) {
      if (m.conflict) m.conflict.note = 'not applied: the move would put the code inside itself';
      continue;
    }
    renamedFromTheirs.set(`parent:${m.id}`, code.parentId ?? '');
    code.parentId = m.to;
    code.position = Number.MAX_SAFE_INTEGER;
    appended.push(m.id);
    changed.add(m.id);
    prov(m.id, 'moved', m.to === null ? 'top level' : work.get(m.to)!.name);
  }

  // --- 7. Sibling names must stay unique: undo what theirs brought in, or map an added code onto the sibling.
  for (let guard = 0; guard < 10; guard++) {
    const clash = findClash([...work.values()]);
    if (!clash) break;
    for (const [a, b] of clash) {
      const addedOne = [a, b].find((x) => {
        const at = placement.get(x.id);
        return addedIds.has(x.id) && at?.to !== null && at?.how === 'added';
      });
      const other = addedOne === a ? b : a;
      if (addedOne) {
        work.delete(addedOne.id);
        addedIds.delete(addedOne.id);
        appended.splice(appended.indexOf(addedOne.id), 1);
        for (const c of work.values()) if (c.parentId === addedOne.id) c.parentId = other.id;
        for (const [tid, p] of placement) if (p.to === addedOne.id) placement.set(tid, { to: other.id, how: 'name' });
        for (const e of provenance) if (e.codeId === addedOne.id) Object.assign(e, { codeId: other.id, what: 'also-proposed', theirId: addedOne.id });
        counts.added--;
        counts.matchedByName++;
        continue;
      }
      const renamed = [a, b].find((x) => renamedFromTheirs.has(x.id));
      if (renamed) {
        const was = renamedFromTheirs.get(renamed.id)!;
        renamedFromTheirs.delete(renamed.id);
        const c = conflicts.find((x) => x.id === `renamed:${renamed.id}`);
        const tried = renamed.name;
        renamed.name = was;
        if (c) c.note = `not applied: "${tried}" clashes with a sibling code`;
        else
          addConflict('renamed', renamed.id, {
            summary: `${src.name} renamed "${was}" to "${tried}", which clashes with a sibling code here`,
            base: null,
            ours: view(oursById.get(renamed.id), oursById),
            theirs: view(theirsById.get(renamed.id), theirsById),
            fields: ['name'],
            deletedBy: null,
            related: [{ id: (renamed === a ? b : a).id, name: (renamed === a ? b : a).name }],
            choices: { ours: `keep "${was}"`, theirs: `use "${tried}" (rename the sibling first)` },
            blocksCodings: 0,
            note: 'their name clashes with a sibling code',
          });
        continue;
      }
      const moved = [a, b].find((x) => renamedFromTheirs.has(`parent:${x.id}`));
      if (moved) {
        const was = renamedFromTheirs.get(`parent:${moved.id}`)!;
        renamedFromTheirs.delete(`parent:${moved.id}`);
        moved.parentId = was === '' ? null : was;
        const c = conflicts.find((x) => x.id === `moved:${moved.id}`);
        if (c) c.note = 'not applied: a code with the same name already sits there';
      }
    }
  }

  // --- 8. Positions: ours in our order, then what this merge placed, in order; 0..n-1 per parent.
  const order = new Map(appended.map((id, i) => [id, i]));
  const groups = new Map<string | null, Code[]>();
  for (const c of work.values()) groups.set(c.parentId, [...(groups.get(c.parentId) ?? []), c]);
  for (const list of groups.values()) {
    list.sort((x, y) => {
      const ax = order.get(x.id);
      const ay = order.get(y.id);
      if (ax === undefined && ay === undefined) return (oursById.get(x.id)?.position ?? 0) - (oursById.get(y.id)?.position ?? 0) || (x.id < y.id ? -1 : 1);
      if (ax === undefined) return -1;
      if (ay === undefined) return 1;
      return ax - ay;
    });
    list.forEach((c, i) => {
      c.position = i;
    });
  }
  counts.changed = [...changed].filter((id) => work.has(id) && !addedIds.has(id)).length;

  return {
    kind: hasBase ? 'three-way' : 'two-way',
    codes: treeOrder([...work.values()]),
    placement,
    deletions: [...deletions].map(([codeId, codingsTo]) => ({ codeId, codingsTo })),
    conflicts,
    suggestions,
    provenance,
    counts,
  };
}

/** Pairs of siblings whose names clash under the sibling rule, if any. */
function findClash(codes: readonly Code[]): [Code, Code][] | null {
  const seen = new Map<string, Code>();
  const out: [Code, Code][] = [];
  for (const c of codes) {
    const k = `${c.parentId ?? ''}|${normaliseName(c.name)}`;
    const prev = seen.get(k);
    if (prev) out.push([prev, c]);
    else seen.set(k, c);
  }
  return out.length ? out : null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The code fields only (what the codebook stores sealed). */
export function fieldsOf(c: Code): CodeFields {
  return {
    name: c.name,
    colour: c.colour,
    category: c.category,
    shortDefinition: c.shortDefinition,
    definition: c.definition,
    whenToUse: c.whenToUse,
    whenNotToUse: c.whenNotToUse,
    examples: c.examples,
    translations: c.translations,
  };
}
