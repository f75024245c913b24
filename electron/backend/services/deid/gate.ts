/**
 * The export gate's rendition source for a de-identified project (export-gate.ts `RenditionSource`).
 * `check` refuses, naming why (ids and counts, never content), when in scope:
 *   - the register changed, or decisions confirmed new identifiers, since the last complete scan;
 *   - a location changed or was added since it was scanned;
 *   - a candidate is undecided;
 *   - there is no sign-off, it was returned, or it is void for something in scope.
 * (The participant-consent check runs in `authorise` itself, before this.) The label is
 * "anonymised" only when the reviewer chose it and the pseudonym map and the originals in scope
 * were destroyed; otherwise "pseudonymised".
 */
import type { Code } from '../../../../shared/contract/index.js';
import type { TerminologyChecker } from '../../../../shared/interchange/export/codebook-report.js';
import type { ExportMemo } from '../../../../shared/interchange/export/model.js';
import { checkTerminology } from '../../../../shared/deid/terminology.js';
import { TandaiError } from '../../../../shared/result.js';
import type { OpenProject } from '../../store/project.js';
import { loadCodes } from '../codebook.js';
import type { ExportLabel, ExportScope, Rendition, RenditionHead, RenditionSource } from '../export-gate.js';
import type { ItemFacts } from './items.js';
import { registerDigest } from './register.js';
import { Renderer } from './render.js';
import { loadTerminology } from './resources.js';
import { pseudonymMapDestroyed, signOffFor, type SignOffState } from './review.js';
import { originalsDestroyed } from './destroyed.js';
import { confirmedEntities } from './scan.js';
import { changeStamp, renditionFromFacts, sameState, verifiedScope, type VerifiedScope } from './verified.js';

/** Whether the last complete scan is out of date as a whole (register or confirmed entities changed). */
export function rescanNeeded(p: OpenProject): boolean {
  const last = p.db.prepare('SELECT register_digest, confirmed_digest FROM deid_scans WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1').get() as { register_digest: string; confirmed_digest: string } | undefined;
  if (!last) return true;
  return last.register_digest !== registerDigest(p) || last.confirmed_digest !== confirmedEntities(p, false).digest;
}

const list = (xs: string[]) => `${xs.slice(0, 5).join(', ')}${xs.length > 5 ? `, … (${xs.length} in all)` : ''}`;

export interface GateResult {
  items: ItemFacts[];
  /** The scope's transcripts and every code as verified, and the renditions this check made. */
  verified: VerifiedScope;
  signOff: SignOffState;
  label: ExportLabel;
}

/**
 * The gate's checks for a scope; throws FORBIDDEN naming the first that fails. Every item of the
 * scope is compared with the sign-off each time; only computing an item's facts is skipped when
 * nothing in the project changed since this session last did (verified.ts).
 */
export function gateCheck(p: OpenProject, transcriptIds: readonly string[]): GateResult {
  if (!sameState(p, 'gate.scanned', () => p.db.prepare('SELECT 1 FROM deid_scans WHERE finished_at IS NOT NULL').get() !== undefined)) {
    throw new TandaiError('FORBIDDEN', 'export refused: the project was never scanned for identifiers (run the de-identification scan, decide every candidate and have the result reviewed)');
  }
  if (sameState(p, 'gate.rescanNeeded', () => rescanNeeded(p))) throw new TandaiError('FORBIDDEN', 'export refused: the register changed, or decisions confirmed new identifiers, since the last scan: scan again so they are found everywhere');
  const verified = verifiedScope(p, transcriptIds);
  const items = verified.items;
  const unscanned = items.filter((i) => i.unscanned.length).map((i) => i.item.key);
  if (unscanned.length) throw new TandaiError('FORBIDDEN', `export refused: changed or added since the last scan: ${list(unscanned)}; scan again`);
  const undecided = items.filter((i) => i.undecided > 0);
  if (undecided.length) {
    const n = undecided.reduce((s, i) => s + i.undecided, 0);
    throw new TandaiError('FORBIDDEN', `export refused: ${n} candidate(s) in scope are undecided (${list(undecided.map((i) => `${i.item.key} (${i.undecided})`))}); decide them in the review queue`);
  }
  const signOff = signOffFor(p, items);
  if (signOff.state === 'none') throw new TandaiError('FORBIDDEN', 'export refused: there is no ethics sign-off (send a review package to a reviewer and accept their decision)');
  if (signOff.state === 'returned') throw new TandaiError('FORBIDDEN', `export refused: the reviewer (${signOff.reviewer}) returned the last package: address their comments and send a new package`);
  if (signOff.state === 'void') {
    throw new TandaiError('FORBIDDEN', `export refused: the sign-off is void for ${list(signOff.voidFor.map((v) => `${v.kind} ${v.id} (${v.why})`))}; send a new review package`);
  }
  // Destroyed and not corrected since (a correction brings in text a person typed: an original again).
  const destroyed = transcriptIds.every((id) => originalsDestroyed(p, id));
  const label: ExportLabel = signOff.label === 'anonymised' && destroyed && pseudonymMapDestroyed(p) ? 'anonymised' : 'pseudonymised';
  return { items, verified, signOff, label };
}

/**
 * The RenditionSource for a project under de-identification. One per authorisation: `check`
 * verifies the scope, and `render`, `head`, `codingRanges` and `codebook` hand on only what was
 * checked, from the project exactly as it was checked — each refuses once anything changed since.
 * A rendition the check made is handed on as it is (never rendered twice); one verified earlier in
 * the session is rendered when asked for.
 */
export function deidRenditionSource(): RenditionSource {
  let checked: { result: GateResult; stamp: string } | null = null;
  const mustHaveChecked = (p: OpenProject) => {
    if (!checked) throw new TandaiError('INTERNAL', 'the export gate rendered before it checked the scope');
    if (changeStamp(p) !== checked.stamp) throw new TandaiError('FORBIDDEN', 'export refused: the project changed after the export was checked: export again');
    return checked.result;
  };
  const checkedTranscript = (p: OpenProject, transcriptId: string) => {
    const hit = mustHaveChecked(p).verified.transcripts.get(transcriptId);
    if (!hit) throw new TandaiError('FORBIDDEN', `export refused: transcript ${transcriptId} was not in the checked scope`);
    return hit;
  };
  const source: RenditionSource = {
    label: 'pseudonymised',
    check(p: OpenProject, _scope: ExportScope, transcriptIds: string[]) {
      const result = gateCheck(p, transcriptIds);
      checked = { result, stamp: result.verified.stamp };
      source.label = result.label;
    },
    render(p: OpenProject, transcriptId: string): Rendition {
      const facts = checkedTranscript(p, transcriptId);
      // Made by this check: handed on as it is. Verified earlier in the session (and nothing changed
      // since: checkedTranscript compared the stamp): made again from its packed edits.
      return checked!.result.verified.rendered.get(transcriptId) ?? renditionFromFacts(p, facts);
    },
    head(p: OpenProject, transcriptId: string): RenditionHead {
      return checkedTranscript(p, transcriptId).head;
    },
    codingRanges(p: OpenProject, transcriptId: string) {
      return checkedTranscript(p, transcriptId).codings;
    },
    codebook(p: OpenProject): Code[] {
      const { codes } = mustHaveChecked(p).verified;
      return loadCodes(p).map((c) => {
        const hit = codes.get(c.id);
        if (!hit) throw new TandaiError('FORBIDDEN', `export refused: code ${c.id} changed after the scope was checked`);
        return hit;
      });
    },
    signOff() {
      return checked?.result.signOff.signOff ?? null;
    },
  };
  return source;
}

/** Memo text as it may leave the project: its rendition; withheld whole when it is not scanned and decided. */
export function deidMemoText(p: OpenProject, memo: ExportMemo): string {
  const row = p.db.prepare('SELECT id, participant_id, body_ct FROM memos WHERE id = ?').get(memo.id) as { id: string; participant_id: string | null; body_ct: Uint8Array } | undefined;
  if (!row) return '[memo withheld: not de-identified]';
  const r = new Renderer(p).memo(row.id, row.participant_id ?? null, row.body_ct);
  return r.unscanned.length || r.undecided ? '[memo withheld: not de-identified]' : r.body;
}

/** The terminology checker for codebook documents (researcher-written text). */
export function terminologyChecker(resourcesDir?: string): TerminologyChecker {
  const { compiled } = loadTerminology(resourcesDir);
  return (text) => checkTerminology(text, compiled, { origin: 'researcher' }).map((f) => ({ term: f.term, prefer: f.prefer, note: f.note }));
}

