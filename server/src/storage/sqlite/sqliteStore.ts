import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { isVersionId, type Session } from '@tablenotes/shared'
import Database from 'better-sqlite3'
import { DiskSync } from '../DiskSync.js'
import {
  type AuthorshipSpan,
  type CapabilityLink,
  editedRooms,
  type RoomUpdate,
  type Store,
  type StoredUpdate,
  type VersionInfo,
  type VersionKind,
} from '../DocStore.js'
import { migrations } from './migrations.js'
import { walFlush } from './walFlush.js'

/**
 * The SQLite file failed SQLite's own consistency check (or could not even be read as a
 * database): the message names the file and what to do, for the person starting the server.
 */
export class DamagedStoreError extends Error {
  override readonly name = 'DamagedStoreError'
  constructor(
    readonly file: string,
    readonly findings: string,
  ) {
    const recovered = path.join(path.dirname(file), 'recovered.sqlite')
    super(
      [
        `The SQLite file ${file} is damaged (${findings}).`,
        'Tablenotes will not start on it, so that nothing more is lost or written over. Stop every',
        'process using it and keep a copy, then restore a backup into its place, or recover what',
        "SQLite can still read into a new file (with Debian's sqlite3 package):",
        `  sqlite3 ${file} .recover | sqlite3 ${recovered}`,
        `then move ${path.basename(file)} and its -wal and -shm files aside, rename ${path.basename(recovered)} to ${path.basename(file)} and start again.`,
      ].join('\n'),
    )
  }
}

/** How many of quick_check's findings the message quotes; the first ones say enough. */
const FINDINGS_QUOTED = 3

/**
 * SQLite's `PRAGMA quick_check` (every page and record well-formed, indexes in order; without
 * the slower cross-check of index contents): throws a DamagedStoreError unless it says "ok".
 * A file so damaged that the check itself fails with SQLITE_CORRUPT or SQLITE_NOTADB is damaged
 * too. Source: https://www.sqlite.org/pragma.html#pragma_quick_check
 */
function checkIntegrity(file: string, db: Database.Database): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>
  const findings = rows.map((row) => row.quick_check)
  if (findings.length === 1 && findings[0] === 'ok') return
  throw new DamagedStoreError(
    file,
    `quick_check: ${findings.slice(0, FINDINGS_QUOTED).join('; ')}${findings.length > FINDINGS_QUOTED ? '; …' : ''}`,
  )
}

const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB'])

/**
 * The embedded store: one SQLite file in WAL mode, so the server and the command line can use it
 * at once. A commit runs with `synchronous = NORMAL`: SQLite writes it to the WAL without waiting
 * for the disk, so it is safe from a crash of this process at once (the server relays it then),
 * and `syncToDisk` makes it survive a power cut with an `fdatasync` of the WAL in libuv's thread
 * pool (walFlush), coalesced (DiskSync), before the server acknowledges it. Session and link
 * writes wait for that flush themselves. Opening runs SQLite's quick check first and refuses a
 * damaged file (DamagedStoreError).
 */
export async function openSqliteStore(file: string): Promise<Store> {
  const inMemory = file === ':memory:'
  const absolute = inMemory ? file : path.resolve(file)
  if (!inMemory) mkdirSync(path.dirname(absolute), { recursive: true })
  const db = new Database(absolute)
  try {
    // The timeout comes first: switching to WAL already waits for another process's lock.
    db.pragma('busy_timeout = 5000')
    db.pragma('journal_mode = WAL')
    if (!inMemory) checkIntegrity(absolute, db)
  } catch (error) {
    db.close()
    const code = (error as { code?: string }).code
    if (code && DAMAGE_CODES.has(code)) {
      throw new DamagedStoreError(absolute, `${code}: ${(error as Error).message}`)
    }
    throw error
  }
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  migrate(db)

  const insertUpdate = db.prepare<[string, Uint8Array]>(
    'INSERT INTO updates (room, data) VALUES (?, ?)',
  )
  const selectRoom = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq',
  )
  const deleteRows = db.prepare<[string, string]>(
    'DELETE FROM updates WHERE room = ? AND seq IN (SELECT value FROM json_each(?))',
  )
  const selectRooms = db.prepare<[], { room: string }>(
    'SELECT DISTINCT room FROM updates ORDER BY room',
  )
  const upsertEdit = db.prepare<[string, number]>(
    `INSERT INTO room_edits (room, edited_at) VALUES (?, ?)
     ON CONFLICT (room) DO UPDATE SET edited_at = max(edited_at, excluded.edited_at)`,
  )
  const selectEdits = db.prepare<[string], { room: string; editedAt: number }>(
    `SELECT room, edited_at AS editedAt FROM room_edits
     WHERE room IN (SELECT value FROM json_each(?))`,
  )
  const upsertSession = db.prepare<[string, string, string]>(
    `INSERT INTO sessions (id, definition, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
  )
  const selectSession = db.prepare<[string], { definition: string }>(
    'SELECT definition FROM sessions WHERE id = ?',
  )
  const selectSessions = db.prepare<[], { definition: string }>(
    'SELECT definition FROM sessions ORDER BY id',
  )

  const insertLink = db.prepare<[string, string, string, string | null, number, number | null]>(
    `INSERT INTO links (id, session_id, role, table_id, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  )
  const linkColumns = `id, session_id AS sessionId, role, table_id AS tableId,
    created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt`
  const selectLink = db.prepare<[string], CapabilityLink>(
    `SELECT ${linkColumns} FROM links WHERE id = ?`,
  )
  const selectLinks = db.prepare<[string], CapabilityLink>(
    `SELECT ${linkColumns} FROM links WHERE session_id = ? ORDER BY created_at, rowid`,
  )
  const markRevoked = db.prepare<[number, string]>(
    'UPDATE links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  )
  const selectRevoked = db.prepare<[number], { id: string; revokedAt: number }>(
    `SELECT id, revoked_at AS revokedAt FROM links
     WHERE revoked_at IS NOT NULL AND revoked_at >= ? ORDER BY revoked_at`,
  )

  const insertVersion = db.prepare<[string, number, string | null, string, string, Uint8Array]>(
    'INSERT INTO room_versions (room, at, label, kind, authors, state) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const versionColumns = 'id, room, at, label, kind, authors'
  const selectVersions = db.prepare<[string], VersionRow>(
    `SELECT ${versionColumns} FROM room_versions WHERE room = ? ORDER BY at DESC, id DESC`,
  )
  const selectVersion = db.prepare<[string, number], VersionRow & { state: Buffer }>(
    `SELECT ${versionColumns}, state FROM room_versions WHERE room = ? AND id = ?`,
  )
  const insertSpan = db.prepare<
    [string, number, number, number, string | null, string | null, number]
  >(
    `INSERT INTO room_authorship (room, client, clock_from, clock_to, link_id, name, at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const selectSpans = db.prepare<[string, number], AuthorshipSpan>(
    `SELECT room, client, clock_from AS clockFrom, clock_to AS clockTo, link_id AS linkId, name, at
     FROM room_authorship WHERE room = ? AND at >= ? ORDER BY at, rowid`,
  )
  const appendSpans = db.transaction((spans: readonly AuthorshipSpan[]) => {
    for (const span of spans) {
      insertSpan.run(
        span.room,
        span.client,
        span.clockFrom,
        span.clockTo,
        span.linkId,
        span.name,
        span.at,
      )
    }
  })

  const appendAll = db.transaction((updates: readonly RoomUpdate[]) => {
    for (const { room, update } of updates) insertUpdate.run(room, update)
    const now = Date.now()
    for (const room of editedRooms(updates)) upsertEdit.run(room, now)
  })
  const wal = inMemory ? null : walFlush(absolute)
  const disk = new DiskSync(wal ? wal.flush : async () => undefined)
  const commit = (updates: readonly RoomUpdate[]) => {
    if (updates.length === 0) return
    appendAll(updates)
    disk.noteCommit()
  }
  /** Runs a write of the command line or the API, then waits until the disk has it. */
  const durably = async <T>(write: () => T): Promise<T> => {
    const result = write()
    disk.noteCommit()
    await disk.sync()
    return result
  }
  const putEdits = db.transaction((edits: ReadonlyMap<string, number>) => {
    for (const [room, editedAt] of edits) upsertEdit.run(room, editedAt)
  })
  const compact = db.transaction((room: string, seqs: readonly number[], snapshot: Uint8Array) => {
    deleteRows.run(room, JSON.stringify(seqs))
    insertUpdate.run(room, snapshot)
  })

  return {
    description: `sqlite:${absolute}`,
    async loadRoom(room): Promise<StoredUpdate[]> {
      return selectRoom.all(room).map(({ seq, data }) => ({ seq, update: new Uint8Array(data) }))
    },
    progress: disk,
    async appendUpdates(updates) {
      commit(updates)
      await disk.sync()
    },
    async commitUpdates(updates) {
      commit(updates)
    },
    syncToDisk: () => disk.sync(),
    async compactRoom(room, seqs, snapshot) {
      if (seqs.length > 0) compact(room, seqs, snapshot)
    },
    async listRooms() {
      return selectRooms.all().map(({ room }) => room)
    },
    async lastEdits(rooms) {
      const rows = rooms.length === 0 ? [] : selectEdits.all(JSON.stringify(rooms))
      return new Map(rows.map(({ room, editedAt }) => [room, editedAt]))
    },
    async putVersion(version) {
      const { lastInsertRowid } = insertVersion.run(
        version.room,
        version.at,
        version.label,
        version.kind,
        JSON.stringify(version.authors),
        version.state,
      )
      const { state: _state, ...info } = version
      return { ...info, id: String(lastInsertRowid) }
    },
    async listVersions(room) {
      return selectVersions.all(room).map(toVersionInfo)
    },
    async getVersion(room, id) {
      if (!isVersionId(id)) return undefined
      const row = selectVersion.get(room, Number(id))
      return row ? { ...toVersionInfo(row), state: new Uint8Array(row.state) } : undefined
    },
    async appendAuthorship(spans) {
      if (spans.length > 0) appendSpans(spans)
    },
    async loadAuthorship(room, since = 0) {
      return selectSpans.all(room, since)
    },
    async putLastEdits(edits) {
      await durably(() => putEdits(edits))
    },
    async putSession(session) {
      await durably(() =>
        upsertSession.run(session.id, JSON.stringify(session), new Date().toISOString()),
      )
    },
    async getSession(id) {
      const row = selectSession.get(id)
      return row ? (JSON.parse(row.definition) as Session) : undefined
    },
    async listSessions() {
      return selectSessions.all().map(({ definition }) => JSON.parse(definition) as Session)
    },
    async putLink(link) {
      await durably(() =>
        insertLink.run(
          link.id,
          link.sessionId,
          link.role,
          link.tableId,
          link.createdAt,
          link.expiresAt,
        ),
      )
    },
    async getLink(id) {
      return selectLink.get(id)
    },
    async listLinks(sessionId) {
      return selectLinks.all(sessionId)
    },
    async revokeLink(id, at) {
      await durably(() => markRevoked.run(at, id))
      return selectLink.get(id)
    },
    async revokedSince(since) {
      return selectRevoked.all(since)
    },
    async close() {
      await disk.idle()
      await wal?.close()
      if (db.open) db.close()
    },
  }
}

interface VersionRow {
  id: number
  room: string
  at: number
  label: string | null
  kind: VersionKind
  authors: string
}

const toVersionInfo = (row: VersionRow): VersionInfo => ({
  id: String(row.id),
  room: row.room,
  at: row.at,
  label: row.label,
  kind: row.kind,
  authors: JSON.parse(row.authors) as string[],
})

/**
 * Reads the version inside a write transaction, so that two processes opening a new file at once
 * (server and command line) do not both run the same migration.
 */
function migrate(db: Database.Database): void {
  const step = db.transaction((): boolean => {
    const version = db.pragma('user_version', { simple: true }) as number
    const sql = migrations[version]
    if (sql === undefined) return false
    db.exec(sql)
    db.pragma(`user_version = ${version + 1}`)
    return true
  })
  while (step.immediate()) {}
}
