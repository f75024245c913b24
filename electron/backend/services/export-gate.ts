/**
 * The export gate: the one door through which anything leaves a project (codebook, excerpts,
 * reports, REFI-QDA). Exporters take only what `authorise(scope)` returns — renditions of the
 * transcripts in scope, with an offset map from each original to its rendition, and the sign-off —
 * or a refusal naming why.
 *
 * The de-identification service supplies the `RenditionSource` (services/deid/gate.ts): it refuses
 * a scope that is unscanned, undecided or not signed off, and renders what may leave. There is no
 * other source: an identifiable project leaves only as the encrypted project file or a sealed bundle.
 */
import type { AttributeValue, Code, Utterance } from '../../../shared/contract/index.js';
import { TandaiError } from '../../../shared/result.js';
import type { MappedRange, OffsetMap } from '../../../shared/text/offset-map.js';
import type { OpenProject } from '../store/project.js';
import { listTranscripts } from './transcripts.js';

export type ExportPurpose = 'quoting' | 'archiving' | 'sharing';

export interface ExportScope {
  purpose: ExportPurpose;
  /** Transcripts in scope; all of them when omitted. */
  transcriptIds?: string[];
}

/** What an export may say of a transcript without its text. */
export interface RenditionHead {
  transcriptId: string;
  versionId: string;
  participantId: string;
  /** The participant as exports may name them (a pseudonym once de-identified). */
  participantLabel: string;
  title: string;
  /** Attributes in their reviewed, coarsened form. */
  attributes: Record<string, AttributeValue>;
}

export interface Rendition extends RenditionHead {
  text: string;
  utterances: Utterance[];
  /** Original text offsets -> rendition offsets. */
  map: OffsetMap;
}

export interface SignOff {
  reviewerId: string;
  reviewerFingerprint: string;
  decision: 'approved' | 'approved-with-conditions';
  conditions: string | null;
  signedAt: string;
  /** Hash of exactly what was reviewed. */
  reviewedHash: string;
}

/** What the gate lets out. (Manifests written before the gate was wired may say 'not-de-identified'.) */
export type ExportLabel = 'anonymised' | 'pseudonymised';

export interface Authorisation {
  scope: ExportScope;
  /** Every transcript in scope, in scope order. */
  heads: RenditionHead[];
  /** Every transcript's rendition (scope order), or none when authorised with `texts: false`. */
  renditions: Rendition[];
  /** One transcript's rendition (in scope), rendered when first asked for. */
  rendition(transcriptId: string): Rendition;
  /** The codings on a transcript's authorised version, by id, mapped onto its rendition ('shrink'). */
  codingRanges(transcriptId: string): ReadonlyMap<string, MappedRange>;
  /** The codebook as it may leave the project (names and definitions checked like any text). */
  codebook: Code[];
  signOff: SignOff | null;
  label: ExportLabel;
  /** What was left out of the scope and why (e.g. withdrawn participants). */
  excluded: { id: string; reason: string }[];
  auditHead: { count: number; hash: string };
}

/** What the de-identification service provides (services/deid/gate.ts `deidRenditionSource`). */
export interface RenditionSource {
  label: ExportLabel;
  /** Throws a TandaiError naming why the scope cannot be exported (undecided candidates, void sign-off). */
  check(p: OpenProject, scope: ExportScope, transcriptIds: string[]): void;
  render(p: OpenProject, transcriptId: string): Rendition;
  /** A checked transcript's head, without rendering its text. */
  head(p: OpenProject, transcriptId: string): RenditionHead;
  /** As Authorisation.codingRanges. */
  codingRanges(p: OpenProject, transcriptId: string): ReadonlyMap<string, MappedRange>;
  codebook(p: OpenProject): Code[];
  signOff(p: OpenProject, scope: ExportScope): SignOff | null;
}

const CONSENT_KEY: Record<ExportPurpose, string> = { quoting: 'consent_quoting', archiving: 'consent_archiving', sharing: 'consent_sharing' };

/**
 * `texts: false` checks the whole scope as ever but renders no text up front: for exports that
 * quote only some transcripts (the codebook document's excerpts), which ask `rendition(id)`.
 */
export function authorise(p: OpenProject, scope: ExportScope, source: RenditionSource, opts: { texts?: boolean } = {}): Authorisation {
  const all = listTranscripts(p);
  const wanted = scope.transcriptIds ?? all.map((t) => t.id);
  const known = new Set(all.map((t) => t.id));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length) throw new TandaiError('NOT_FOUND', `not in this project (or withdrawn): ${missing.join(', ')}`);
  const byId = new Map(all.map((t) => [t.id, t]));
  const refused = wanted.filter((id) => byId.get(id)!.attributes[CONSENT_KEY[scope.purpose]] !== true);
  if (refused.length) {
    const names = refused.map((id) => byId.get(id)!.participantLabel);
    throw new TandaiError(
      'FORBIDDEN',
      `export refused: consent for ${scope.purpose} is not recorded as "yes" for ${[...new Set(names)].join(', ')} (attribute ${CONSENT_KEY[scope.purpose]})`,
    );
  }
  source.check(p, scope, wanted);
  const withdrawn = (p.db.prepare('SELECT participant_id FROM withdrawals').all() as { participant_id: string }[]).map((r) => ({ id: r.participant_id, reason: 'participant withdrawn' }));
  const inScope = new Set(wanted);
  const mustBeInScope = (id: string) => {
    if (!inScope.has(id)) throw new TandaiError('FORBIDDEN', `export refused: transcript ${id} is not in the export's scope`);
  };
  const rendered = new Map<string, Rendition>();
  const rendition = (id: string): Rendition => {
    mustBeInScope(id);
    let r = rendered.get(id);
    if (!r) {
      r = source.render(p, id);
      rendered.set(id, r);
    }
    return r;
  };
  return {
    scope,
    heads: wanted.map((id) => source.head(p, id)),
    renditions: opts.texts === false ? [] : wanted.map(rendition),
    rendition,
    codingRanges: (id) => {
      mustBeInScope(id);
      return source.codingRanges(p, id);
    },
    codebook: source.codebook(p),
    signOff: source.signOff(p, scope),
    label: source.label,
    excluded: withdrawn,
    auditHead: p.header.audit,
  };
}
