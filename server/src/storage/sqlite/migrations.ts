/**
 * Schema migrations, applied in order at start-up; `PRAGMA user_version` records how many ran.
 * Never edit one that has shipped: add the next.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     room TEXT NOT NULL,
     data BLOB NOT NULL
   );
   CREATE INDEX updates_room_seq ON updates (room, seq);
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     definition TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
  `CREATE TABLE links (
     id TEXT PRIMARY KEY,
     session_id TEXT NOT NULL,
     role TEXT NOT NULL,
     table_id TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER,
     revoked_at INTEGER
   );
   CREATE INDEX links_session ON links (session_id, created_at);
   CREATE INDEX links_revoked ON links (revoked_at) WHERE revoked_at IS NOT NULL;`,
  // When each room last stored a client's update: compaction merges the update rows, so the
  // time lives beside them (DocStore.lastEdits).
  `CREATE TABLE room_edits (
     room TEXT PRIMARY KEY,
     edited_at INTEGER NOT NULL
   );`,
  // History (issue 17): versions and who wrote what live apart from the update rows, which
  // compaction replaces, so that no compaction can destroy them (design decision 8).
  `CREATE TABLE room_versions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     room TEXT NOT NULL,
     at INTEGER NOT NULL,
     label TEXT,
     kind TEXT NOT NULL,
     authors TEXT NOT NULL,
     state BLOB NOT NULL
   );
   CREATE INDEX room_versions_room ON room_versions (room, at, id);
   CREATE TABLE room_authorship (
     room TEXT NOT NULL,
     client INTEGER NOT NULL,
     clock_from INTEGER NOT NULL,
     clock_to INTEGER NOT NULL,
     link_id TEXT,
     name TEXT,
     at INTEGER NOT NULL
   );
   CREATE INDEX room_authorship_room ON room_authorship (room, at);`,
]
