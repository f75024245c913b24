/** register.*, deid.*, terminology.* and review.*: the de-identification channels over the services in this folder. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkTerminology } from '../../../../shared/deid/terminology.js';
import { TandaiError } from '../../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../../context.js';
import { authorise } from '../export-gate.js';
import { loadCodes } from '../codebook.js';
import { listTranscripts } from '../transcripts.js';
import { PROJECT_KEY_ID } from '../../store/project.js';
import { addCandidate, decide, generaliseOptions } from './decide.js';
import { codeFields } from './documents.js';
import { destroyOriginals } from './destroy.js';
import { deidRenditionSource, rescanNeeded } from './gate.js';
import { verifiedScope } from './verified.js';
import { entityDetail, fullList, queue, summaries } from './queue.js';
import { addRegisterEntry, importRegisterCsv, loadRegister, removeRegisterEntry, type RegisterRow } from './register.js';
import { Renderer } from './render.js';
import { loadTerminology } from './resources.js';
import { acceptDecision, openDecision, openForReview, openPackage, packageView, createReviewPackage, signOffFor, writeReviewDecision } from './review.js';
import { scanFiles, scanProject } from './scan.js';
import { invalidate } from './session-cache.js';

type DeidChannel =
  | 'register.list'
  | 'register.add'
  | 'register.remove'
  | 'register.import'
  | 'deid.scanFiles'
  | 'deid.scan'
  | 'deid.status'
  | 'deid.queue'
  | 'deid.entity'
  | 'deid.list'
  | 'deid.decide'
  | 'deid.generaliseOptions'
  | 'deid.add'
  | 'deid.preview'
  | 'deid.check'
  | 'deid.destroyOriginals'
  | 'terminology.check'
  | 'deid.terminology'
  | 'deid.reviewPackage'
  | 'review.accept'
  | 'review.open'
  | 'review.reveal'
  | 'review.decide'
  | 'review.verify';

const registerInfo = (r: RegisterRow) => ({
  id: r.id,
  kind: r.entry.kind,
  value: r.entry.value,
  aliases: r.entry.aliases,
  note: r.entry.note,
  participantId: r.participantId,
  role: r.entry.role ?? null,
  createdAt: r.createdAt,
});

export function deidHandlers(ctx: Ctx): HandlerGroup<DeidChannel> {
  const dir = () => ctx.options.resourcesDir;
  /** Originals the reviewer revealed, per package, while this backend runs (recorded in their decision). */
  const revealed = new Map<string, Set<string>>();
  return {
    'register.list': () => loadRegister(ctx.requireProject()).map(registerInfo),
    'register.add': ({ kind, value, aliases, note, participantId, role }) => {
      const p = ctx.requireProject();
      const row = addRegisterEntry(p, { kind, value, aliases: aliases ?? [], note: note ?? '', ...(role ? { role } : {}) }, participantId ?? null);
      return registerInfo(row);
    },
    'register.remove': ({ id }) => {
      removeRegisterEntry(ctx.requireProject(), id);
      return { ok: true as const };
    },
    'register.import': ({ path, participantId }) => importRegisterCsv(ctx.requireProject(), resolve(path), participantId ?? null),

    'deid.scanFiles': (input) => scanFiles(input, dir()),
    'deid.scan': (_input, emit) => {
      const p = ctx.requireProject();
      const r = scanProject(p, { resourcesDir: dir(), emit });
      // Ready to review: the queue's numbers are in memory before the scan answers.
      const t0 = performance.now();
      summaries(p);
      return { ...r, ms: r.ms + (performance.now() - t0) };
    },
    'deid.status': () => {
      const p = ctx.requireProject();
      const count = (sql: string) => (p.db.prepare(sql).get() as { n: number }).n;
      const last = p.db.prepare('SELECT id, started_at, finished_at FROM deid_scans ORDER BY started_at DESC, id DESC LIMIT 1').get() as { id: string; started_at: string; finished_at: string | null } | undefined;
      // Through the session's verified items: the status the screens ask for warms what the next export checks.
      const items = verifiedScope(p, listTranscripts(p).map((t) => t.id)).items;
      const so = signOffFor(p, items);
      return {
        lastScan: last ? { id: last.id, startedAt: last.started_at, finishedAt: last.finished_at } : null,
        unscanned: items.reduce((n, i) => n + i.unscanned.length, 0),
        rescanNeeded: rescanNeeded(p),
        registerEntries: count('SELECT COUNT(*) AS n FROM deid_register'),
        candidates: count('SELECT COUNT(*) AS n FROM deid_candidates WHERE current = 1'),
        undecided: count('SELECT COUNT(*) AS n FROM deid_candidates c JOIN deid_entities e ON e.id = c.entity_id WHERE c.current = 1 AND c.decision_id IS NULL AND e.decision_id IS NULL'),
        entities: count('SELECT COUNT(*) AS n FROM deid_entities'),
        signOff: { state: so.state, reviewer: so.reviewer, at: so.at, voidFor: so.voidFor },
      };
    },
    'deid.queue': (q) => queue(ctx.requireProject(), q),
    'deid.entity': ({ id, contextChars, offset, limit }) => entityDetail(ctx.requireProject(), id, contextChars ?? 80, offset ?? 0, limit ?? 200),
    'deid.list': (q) => fullList(ctx.requireProject(), q),
    'deid.decide': (input) => decide(ctx.requireProject(), input, dir()),
    'deid.generaliseOptions': (input) => generaliseOptions(ctx.requireProject(), input, dir()),
    'deid.add': (input) => addCandidate(ctx.requireProject(), input, dir()),
    'deid.preview': ({ transcriptId }) => {
      const p = ctx.requireProject();
      const rt = new Renderer(p).transcript(transcriptId);
      const r = rt.rendition;
      return {
        transcriptId,
        versionId: r.versionId,
        participantLabel: r.participantLabel,
        title: r.title,
        text: r.text,
        utterances: r.utterances,
        attributes: r.attributes,
        edits: rt.text.edits.map((e) => ({ start: e.start, end: e.end, newStart: e.newStart, newEnd: e.newEnd, candidateIds: e.refs })),
        undecided: rt.undecided,
      };
    },
    'deid.check': ({ purpose, transcriptIds }) => {
      const p = ctx.requireProject();
      try {
        const source = deidRenditionSource();
        const auth = authorise(p, { purpose, transcriptIds }, source);
        return { ok: true, reason: null, label: auth.label };
      } catch (e) {
        if (e instanceof TandaiError && (e.code === 'FORBIDDEN' || e.code === 'NOT_FOUND')) return { ok: false, reason: e.message, label: null };
        throw e;
      }
    },

    'deid.destroyOriginals': ({ transcriptIds }, emit) => {
      ctx.requireIdentity();
      return destroyOriginals(ctx.requireProject(), { transcriptIds }, { resourcesDir: dir(), emit });
    },

    'terminology.check': ({ text, language }) => checkTerminology(text, loadTerminology(dir()).compiled, { origin: 'researcher', language }),
    'deid.terminology': () => {
      const p = ctx.requireProject();
      const { compiled } = loadTerminology(dir());
      const out: { where: { kind: 'code' | 'memo'; id: string; field: string }; findings: ReturnType<typeof checkTerminology> }[] = [];
      for (const c of loadCodes(p)) {
        for (const [field, text] of codeFields(c)) {
          const lang = /^translations\.([^.]+)\./.exec(field)?.[1];
          const findings = checkTerminology(text, compiled, { origin: 'researcher', language: lang });
          if (findings.length) out.push({ where: { kind: 'code', id: c.id, field }, findings });
        }
      }
      for (const m of p.db.prepare('SELECT id, participant_id, body_ct FROM memos ORDER BY created_at, id').all() as { id: string; participant_id: string | null; body_ct: Uint8Array }[]) {
        if (m.participant_id && !p.participantKeys.has(m.participant_id)) continue;
        const findings = checkTerminology(p.openText('memos', m.id, 'body', m.participant_id ?? PROJECT_KEY_ID, m.body_ct), compiled, { origin: 'researcher' });
        if (findings.length) out.push({ where: { kind: 'memo', id: m.id, field: 'body' }, findings });
      }
      return out;
    },

    'deid.reviewPackage': (input) => {
      const p = ctx.requireProject();
      const me = ctx.requireIdentity();
      return createReviewPackage(p, me, { ...input, out: resolve(input.out) }, rescanNeeded(p));
    },
    'review.accept': ({ path }) => {
      const p = ctx.requireProject();
      const r = acceptDecision(p, ctx.requireIdentity(), resolve(path));
      invalidate(p);
      return r;
    },
    'review.open': ({ path, expectSigner }) => {
      const o = openForReview(resolve(path), ctx.requireIdentity(), expectSigner);
      return packageView(o, [...(revealed.get(o.content.packageId) ?? [])]);
    },
    'review.reveal': ({ path, key }) => {
      const o = openForReview(resolve(path), ctx.requireIdentity());
      const original = o.content.originals[key];
      if (original === undefined) throw new TandaiError('FORBIDDEN', `the package holds no original for ${key} (the researcher did not mark it "reviewer may see the original")`);
      const set = revealed.get(o.content.packageId) ?? new Set<string>();
      set.add(key);
      revealed.set(o.content.packageId, set);
      return { key, original };
    },
    'review.decide': (input) => {
      const me = ctx.requireIdentity();
      const path = resolve(input.path);
      const o = openForReview(path, me);
      for (const key of input.revealed ?? []) {
        if (o.content.originals[key] === undefined) throw new TandaiError('INVALID_INPUT', `the package holds no original for ${key}: only ${o.content.originalsIncluded.join(', ') || 'none'} can be revealed`);
      }
      const seen = new Set([...(revealed.get(o.content.packageId) ?? []), ...(input.revealed ?? [])]);
      return writeReviewDecision(me, { ...input, path, out: resolve(input.out) }, [...seen]);
    },
    'review.verify': ({ path, expectSigner }) => {
      const me = ctx.requireIdentity();
      const full = resolve(path);
      const fail = (e: unknown) => {
        if (e instanceof TandaiError) return { ok: false, kind: null, id: null, signer: null, recipient: null, reviewedHash: null, decision: null, problems: [e.message] };
        throw e;
      };
      let kind: 'package' | 'decision';
      try {
        const head = peekFormat(full);
        kind = head === 'tandai-review-decision' ? 'decision' : 'package';
      } catch (e) {
        return fail(e);
      }
      try {
        if (kind === 'package') {
          const o = openPackage(full, me, expectSigner);
          return { ok: o.problems.length === 0, kind, id: o.content.packageId, signer: who(o.signer), recipient: me.fingerprint, reviewedHash: o.content.reviewedHash, decision: null, problems: o.problems };
        }
        const o = openDecision(full, me);
        const problems = [...o.problems];
        if (expectSigner && expectSigner.trim().toLowerCase().split(/[\s,;-]+/).filter(Boolean).join('-') !== o.signer.fingerprint) problems.push(`signed by ${o.signer.fingerprint}, not by the expected signer`);
        return { ok: problems.length === 0, kind, id: o.content.decisionId, signer: who(o.signer), recipient: me.fingerprint, reviewedHash: o.content.reviewedHash, decision: o.content.decision, problems };
      } catch (e) {
        return { ...fail(e), kind };
      }
    },
  };
}

const who = (s: { identityId: string; displayName: string; fingerprint: string }) => ({ identityId: s.identityId, displayName: s.displayName, fingerprint: s.fingerprint });

/** The format a review file's header names (without opening the seal). */
function peekFormat(path: string): string {
  const name = path.replace(/^.*[/\\]/, '');
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TandaiError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `${name}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'I/O error'})`}`);
  }
  const magic = 'TANDAI-REVIEW\n';
  if (data.length < magic.length + 4 || data.subarray(0, magic.length).toString('latin1') !== magic) throw new TandaiError('CORRUPT_FILE', `${name}: not a Tandai review package or decision`);
  const len = data.readUInt32LE(magic.length);
  try {
    return (JSON.parse(data.subarray(magic.length + 4, magic.length + 4 + len).toString('utf8')) as { format: string }).format;
  } catch {
    throw new TandaiError('CORRUPT_FILE', `${name}: not a Tandai review package or decision`);
  }
}
