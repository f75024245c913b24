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
];

export const SCHEMA_VERSION = MIGRATIONS.length;
