/**
 * Numbered schema migrations. Every sensitive value is a ciphertext column (`*_ct`, `wrapped_*`,
 * `sealed*`); plaintext columns hold only ids, times, integer ranges and action codes.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1 */ `
  CREATE TABLE header (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format TEXT NOT NULL,
    project_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    kdf_salt BLOB NOT NULL,
    kdf_ops INTEGER NOT NULL,
    kdf_mem INTEGER NOT NULL,
    wrap_pass BLOB NOT NULL,
    wrap_recovery BLOB,
    sealed BLOB NOT NULL
  );
  CREATE TABLE member_keys (identity_id TEXT PRIMARY KEY, sealed_master BLOB NOT NULL) WITHOUT ROWID;
  CREATE TABLE team (
    identity_id TEXT PRIMARY KEY, role TEXT NOT NULL, sign_pub BLOB NOT NULL, box_pub BLOB NOT NULL,
    name_ct BLOB NOT NULL, added_at TEXT NOT NULL, added_by TEXT
  ) WITHOUT ROWID;
  CREATE TABLE participants (
    id TEXT PRIMARY KEY, label_ct BLOB NOT NULL, wrapped_key BLOB NOT NULL, created_at TEXT NOT NULL, created_by TEXT
  ) WITHOUT ROWID;
  CREATE TABLE withdrawals (participant_id TEXT PRIMARY KEY, at TEXT NOT NULL, by_id TEXT) WITHOUT ROWID;
  CREATE TABLE transcripts (
    id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    title_ct BLOB NOT NULL, source_name_ct BLOB NOT NULL, format TEXT NOT NULL, encoding TEXT NOT NULL,
    dedup BLOB NOT NULL, current_version TEXT, created_at TEXT NOT NULL, created_by TEXT
  );
  CREATE INDEX transcripts_dedup ON transcripts(dedup);
  CREATE INDEX transcripts_participant ON transcripts(participant_id);
  CREATE TABLE transcript_versions (
    id TEXT PRIMARY KEY,
    transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    parent_id TEXT, text_ct BLOB NOT NULL, utterances_ct BLOB NOT NULL,
    chars INTEGER NOT NULL, words INTEGER NOT NULL, utterance_count INTEGER NOT NULL,
    reason_ct BLOB, created_at TEXT NOT NULL, created_by TEXT
  );
  CREATE INDEX versions_transcript ON transcript_versions(transcript_id);
  CREATE TABLE sources (
    transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, chunk BLOB NOT NULL, PRIMARY KEY (transcript_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE attribute_defs (key TEXT PRIMARY KEY, def_ct BLOB NOT NULL, position INTEGER NOT NULL, builtin INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE attribute_values (
    transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    key TEXT NOT NULL, value_ct BLOB NOT NULL, PRIMARY KEY (transcript_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE codes (id TEXT PRIMARY KEY, parent_id TEXT, position INTEGER NOT NULL, data_ct BLOB NOT NULL) WITHOUT ROWID;
  CREATE TABLE codebook_versions (
    id TEXT PRIMARY KEY, parent_id TEXT, merge_parent_id TEXT, seq INTEGER NOT NULL UNIQUE, created_at TEXT NOT NULL, author_id TEXT,
    summary_ct BLOB NOT NULL, snapshot_ct BLOB NOT NULL, code_count INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE codings (
    id TEXT PRIMARY KEY,
    transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    version_id TEXT NOT NULL REFERENCES transcript_versions(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL, code_id TEXT NOT NULL, coder_id TEXT,
    created_at TEXT NOT NULL, orphaned INTEGER NOT NULL DEFAULT 0, derived_from TEXT
  ) WITHOUT ROWID;
  CREATE INDEX codings_version ON codings(version_id, start);
  CREATE INDEX codings_code ON codings(code_id);
  CREATE TABLE memos (
    id TEXT PRIMARY KEY, target_kind TEXT NOT NULL, target_id TEXT,
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    body_ct BLOB NOT NULL, author_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX memos_target ON memos(target_kind, target_id);
  CREATE TABLE marks (
    id TEXT PRIMARY KEY,
    transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    version_id TEXT NOT NULL REFERENCES transcript_versions(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL, author_id TEXT, created_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX marks_transcript ON marks(transcript_id);
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_id TEXT, action TEXT NOT NULL, target_id TEXT,
    key_id TEXT NOT NULL, details_ct BLOB, hash BLOB NOT NULL
  );
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  /* 2 */ `
  -- "Needs another coder" and similar per-transcript flags: which transcript, which flag, nothing
  -- else. No author and no time, on purpose: a coder's skip must not become data about them.
  CREATE TABLE transcript_flags (
    transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    flag TEXT NOT NULL,
    PRIMARY KEY (transcript_id, flag)
  ) WITHOUT ROWID;
  -- Retrieval reads every coding of a code: a covering index makes that one contiguous range scan
  -- instead of a table seek per coding (20,000 seeks cost ~200 ms; the scan a few ms).
  CREATE INDEX codings_code_cover ON codings(code_id, transcript_id, version_id, start, "end", coder_id, orphaned);
  `,
  /* 3 */ `
  -- Team work. Bundles merged here (so a newer bundle from one sender is told from an older one);
  -- who proposed each code and wording (sealed); settled disagreements (the agreed decision for a
  -- passage and code; its coding, when present, is a codings row by the consensus coder).
  CREATE TABLE merged_bundles (
    id TEXT PRIMARY KEY, sender_id TEXT NOT NULL, sender_audit_count INTEGER NOT NULL, created_at TEXT NOT NULL,
    merged_at TEXT NOT NULL, codebook_version_id TEXT, details_ct BLOB NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX merged_bundles_sender ON merged_bundles(sender_id);
  CREATE TABLE code_provenance (code_id TEXT PRIMARY KEY, data_ct BLOB NOT NULL) WITHOUT ROWID;
  CREATE TABLE settlements (
    id TEXT PRIMARY KEY,
    transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    version_id TEXT NOT NULL REFERENCES transcript_versions(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL, code_id TEXT NOT NULL, decision TEXT NOT NULL,
    coding_id TEXT, note_ct BLOB, settled_by TEXT, settled_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX settlements_transcript ON settlements(transcript_id, code_id);
  `,
  /* 4 */ `
  -- De-identification and ethics review. Plaintext columns hold only ids, ranges, types, detectors,
  -- actions, times and keyed digests. Register values, candidate texts, reasons, generalised values,
  -- pseudonyms and originals are sealed under the participant's key when the row is about one
  -- participant (participant_id set: the row goes with a withdrawal, by cascade), else the project key.
  CREATE TABLE deid_register (
    id TEXT PRIMARY KEY, participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    entry_ct BLOB NOT NULL, created_at TEXT NOT NULL, created_by TEXT
  ) WITHOUT ROWID;
  -- Candidates grouped by normalised value. participant_id: the one participant all its candidates
  -- belong to (its decisions and pseudonym are sealed under that key), else NULL (project key).
  CREATE TABLE deid_entities (
    id TEXT PRIMARY KEY, type TEXT NOT NULL,
    register_id TEXT REFERENCES deid_register(id) ON DELETE SET NULL,
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    decision_id TEXT, created_at TEXT NOT NULL
  ) WITHOUT ROWID;
  -- One detected (or added) span at one state of one location. The id is the location state's
  -- keyed digest followed by the span's start and length, so a scan run twice, or resumed, writes
  -- each candidate once, and a location's candidates are one range of the primary key (no separate
  -- location index: each index costs more per row than the row itself). text_ct is NULL for spans of
  -- transcript text: their text is a slice of the sealed, immutable version they point into.
  CREATE TABLE deid_candidates (
    id TEXT PRIMARY KEY,
    source_kind TEXT NOT NULL, source_id TEXT NOT NULL, field TEXT NOT NULL, rev TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    type TEXT NOT NULL, detector TEXT NOT NULL, confidence REAL NOT NULL,
    entity_id TEXT NOT NULL REFERENCES deid_entities(id) ON DELETE CASCADE,
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    transcript_id TEXT,
    text_ct BLOB, decision_id TEXT, scan_id TEXT, created_at TEXT NOT NULL,
    -- 1 while rev is the location's state last scanned (or added to); 0 once it changed.
    current INTEGER NOT NULL DEFAULT 1
  ) WITHOUT ROWID;
  CREATE INDEX deid_candidates_entity ON deid_candidates(entity_id, current);
  -- Every state of a location that holds candidates (to find a location's earlier states).
  CREATE TABLE deid_states (
    source_kind TEXT NOT NULL, source_id TEXT NOT NULL, field TEXT NOT NULL, rev TEXT NOT NULL,
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    PRIMARY KEY (source_kind, source_id, field, rev)
  ) WITHOUT ROWID;
  -- Every decision ever made (history); the one in force is candidates.decision_id / entities.decision_id.
  CREATE TABLE deid_decisions (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
    candidate_id TEXT REFERENCES deid_candidates(id) ON DELETE CASCADE,
    entity_id TEXT REFERENCES deid_entities(id) ON DELETE CASCADE,
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    action TEXT NOT NULL, value_ct BLOB, reason_ct BLOB,
    decided_by TEXT NOT NULL, decided_at TEXT NOT NULL,
    CHECK ((candidate_id IS NULL) <> (entity_id IS NULL))
  ) WITHOUT ROWID;
  CREATE INDEX deid_decisions_candidate ON deid_decisions(candidate_id);
  CREATE INDEX deid_decisions_entity ON deid_decisions(entity_id);
  -- The pseudonym map: one typed pseudonym per entity (or per participant: entity_id NULL),
  -- numbered per category from a counter that never goes back, so a number is never reused.
  CREATE TABLE deid_pseudonyms (
    id TEXT PRIMARY KEY,
    entity_id TEXT UNIQUE REFERENCES deid_entities(id) ON DELETE CASCADE,
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    category TEXT NOT NULL, n INTEGER NOT NULL,
    pseudonym_ct BLOB NOT NULL, original_ct BLOB NOT NULL, created_at TEXT NOT NULL, created_by TEXT,
    UNIQUE (category, n)
  ) WITHOUT ROWID;
  CREATE TABLE deid_counters (category TEXT PRIMARY KEY, next INTEGER NOT NULL) WITHOUT ROWID;
  -- Scans, and the state each location was last scanned at (with the register and confirmed
  -- entities in force then, as keyed digests), so the gate knows what is unscanned.
  CREATE TABLE deid_scans (
    id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, by_id TEXT,
    register_digest TEXT NOT NULL, confirmed_digest TEXT NOT NULL, summary_ct BLOB
  ) WITHOUT ROWID;
  CREATE TABLE deid_scanned (
    source_kind TEXT NOT NULL, source_id TEXT NOT NULL, field TEXT NOT NULL, rev TEXT NOT NULL,
    digest TEXT NOT NULL, scan_id TEXT NOT NULL,
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    PRIMARY KEY (source_kind, source_id, field)
  ) WITHOUT ROWID;
  -- Review packages sent (the per-item hashes of what was sent, sealed) and decisions received.
  CREATE TABLE deid_review_packages (
    id TEXT PRIMARY KEY, reviewer_id TEXT NOT NULL, author_id TEXT NOT NULL, created_at TEXT NOT NULL,
    reviewed_hash TEXT NOT NULL, items_ct BLOB NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE deid_review_decisions (
    id TEXT PRIMARY KEY, package_id TEXT NOT NULL REFERENCES deid_review_packages(id),
    reviewer_id TEXT NOT NULL, decision TEXT NOT NULL, signed_at TEXT NOT NULL, received_at TEXT NOT NULL,
    received_by TEXT, data_ct BLOB NOT NULL
  ) WITHOUT ROWID;
  -- Transcripts whose originals and pseudonym map were destroyed (the precondition of "anonymised").
  CREATE TABLE deid_destroyed (transcript_id TEXT PRIMARY KEY, at TEXT NOT NULL, by_id TEXT) WITHOUT ROWID;
  `,
  /* 5 */ `
  -- codings_code (code_id) is the leading column of codings_code_cover, which serves every lookup
  -- by code; keeping both cost every coding write a third index (about a third of a large merge's
  -- index work).
  DROP INDEX codings_code;
  -- The gate's "confirmed entities" digest joins candidate-level decisions to their candidates;
  -- without this it walks every candidate. Partial: the scan's inserts (decision_id NULL) skip it.
  CREATE INDEX deid_candidates_decision ON deid_candidates(decision_id) WHERE decision_id IS NOT NULL;
  `,
  /* 6 */ `
  -- One team member's own choices for this project (blind coding, …), sealed under the project key
  -- with the identity id bound in: they follow the person across lock, unlock and restarts.
  CREATE TABLE member_prefs (identity_id TEXT PRIMARY KEY, prefs_ct BLOB NOT NULL) WITHOUT ROWID;
  `,
  /* 7 */ `
  -- What the export gate verified in the last session (every item's hash, state and rendition
  -- facts), sealed under the project key, so the first export after opening need not render and
  -- hash the whole project again. stale = 1 (and no facts) while a session has the project open
  -- and from the first write by any other program after it closed (services/deid/verified-store.ts).
  CREATE TABLE gate_cache (id INTEGER PRIMARY KEY CHECK (id = 1), stale INTEGER NOT NULL, facts_ct BLOB);
  INSERT INTO gate_cache (id, stale, facts_ct) VALUES (1, 1, NULL);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
