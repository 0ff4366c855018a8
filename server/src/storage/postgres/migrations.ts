/**
 * Schema migrations for PostgreSQL, applied in order at start-up; `schema_version` records how
 * many ran. Never edit one that has shipped: add the next.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE updates (
     seq bigserial PRIMARY KEY,
     room text NOT NULL,
     data bytea NOT NULL
   );
   CREATE INDEX updates_room_seq ON updates (room, seq);
   CREATE TABLE sessions (
     id text PRIMARY KEY,
     definition text NOT NULL,
     updated_at timestamptz NOT NULL
   );
   CREATE TABLE links (
     id text PRIMARY KEY,
     ordinal bigserial,
     session_id text NOT NULL,
     role text NOT NULL,
     table_id text,
     created_at bigint NOT NULL,
     expires_at bigint,
     revoked_at bigint
   );
   CREATE INDEX links_session ON links (session_id, created_at, ordinal);
   CREATE INDEX links_revoked ON links (revoked_at) WHERE revoked_at IS NOT NULL;`,
  // When each room last stored a client's update: compaction merges the update rows, so the
  // time lives beside them (DocStore.lastEdits).
  `CREATE TABLE room_edits (
     room text PRIMARY KEY,
     edited_at bigint NOT NULL
   );`,
  // One row that each flush updates with a synchronous commit: committing a write waits for the
  // WAL flush, which covers every asynchronous commit before it (postgresStore's syncToDisk).
  `CREATE TABLE wal_flushes (flushes bigint NOT NULL);
   INSERT INTO wal_flushes (flushes) VALUES (0);`,
  // History (issue 17): versions and who wrote what live apart from the update rows, which
  // compaction replaces, so that no compaction can destroy them (design decision 8).
  `CREATE TABLE room_versions (
     id bigserial PRIMARY KEY,
     room text NOT NULL,
     at bigint NOT NULL,
     label text,
     kind text NOT NULL,
     authors text NOT NULL,
     state bytea NOT NULL
   );
   CREATE INDEX room_versions_room ON room_versions (room, at, id);
   CREATE TABLE room_authorship (
     room text NOT NULL,
     client bigint NOT NULL,
     clock_from bigint NOT NULL,
     clock_to bigint NOT NULL,
     link_id text,
     name text,
     at bigint NOT NULL
   );
   CREATE INDEX room_authorship_room ON room_authorship (room, at);`,
]
