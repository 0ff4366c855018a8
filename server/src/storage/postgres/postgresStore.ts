import { isVersionId, type Session } from '@tablenotes/shared'
import pg from 'pg'
import { DiskSync } from '../DiskSync.js'
import {
  type CapabilityLink,
  editedRooms,
  type RoomUpdate,
  type Store,
  type StoredUpdate,
  type VersionInfo,
  type VersionKind,
} from '../DocStore.js'
import { migrations } from './migrations.js'

/** Any number for the advisory lock that keeps instances from migrating the same database at once. */
const MIGRATION_LOCK = 7_451_330

interface LinkRow {
  id: string
  session_id: string
  role: CapabilityLink['role']
  table_id: string | null
  created_at: string
  expires_at: string | null
  revoked_at: string | null
}

const toLink = (row: LinkRow): CapabilityLink => ({
  id: row.id,
  sessionId: row.session_id,
  role: row.role,
  tableId: row.table_id,
  createdAt: Number(row.created_at),
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
})

interface VersionRow {
  id: string
  room: string
  at: string
  label: string | null
  kind: VersionKind
  authors: string
}

const toVersionInfo = (row: VersionRow): VersionInfo => ({
  id: String(row.id),
  room: row.room,
  at: Number(row.at),
  label: row.label,
  kind: row.kind,
  authors: JSON.parse(row.authors) as string[],
})

const toBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * The store for events that outgrow one machine: every instance shares one PostgreSQL database.
 * Appends are one multi-row insert in one transaction; compaction deletes exactly the rows it
 * merged, so a row another instance appends meanwhile is never lost (see DocStore.compactRoom).
 *
 * `commitUpdates` commits asynchronously (`synchronous_commit = off` on its own connections): the
 * commit is in the database server's memory, safe from a crash of this process, and visible to
 * every instance, without waiting for PostgreSQL's WAL flush. `syncToDisk` then commits one
 * small synchronous write, whose commit flushes the WAL up to it, and so every earlier
 * asynchronous commit too (https://www.postgresql.org/docs/current/wal-async-commit.html).
 */
export async function openPostgresStore(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  const relayPool = new pg.Pool({
    connectionString: url,
    max: 2,
    options: '-c synchronous_commit=off',
  })
  // A broken idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined)
  relayPool.on('error', () => undefined)
  await migrate(pool)
  const disk = new DiskSync(async () => {
    await pool.query('UPDATE wal_flushes SET flushes = flushes + 1')
  })
  const commit = async (updates: readonly RoomUpdate[]) => {
    if (updates.length === 0) return
    // One statement, so the updates and the rooms' last edit commit together.
    await relayPool.query(
      `WITH appended AS (
         INSERT INTO updates (room, data) SELECT * FROM unnest($1::text[], $2::bytea[])
       )
       INSERT INTO room_edits (room, edited_at) SELECT unnest($3::text[]), $4::bigint
       ON CONFLICT (room) DO UPDATE
         SET edited_at = GREATEST(room_edits.edited_at, excluded.edited_at)`,
      [
        updates.map(({ room }) => room),
        updates.map(({ update }) =>
          Buffer.from(update.buffer, update.byteOffset, update.byteLength),
        ),
        editedRooms(updates),
        Date.now(),
      ],
    )
    disk.noteCommit()
  }

  return {
    description: `postgres:${new URL(url).host}${new URL(url).pathname}`,
    async loadRoom(room): Promise<StoredUpdate[]> {
      const { rows } = await pool.query<{ seq: string; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE room = $1 ORDER BY seq',
        [room],
      )
      return rows.map(({ seq, data }) => ({ seq: Number(seq), update: new Uint8Array(data) }))
    },
    progress: disk,
    async appendUpdates(updates) {
      await commit(updates)
      await disk.sync()
    },
    commitUpdates: commit,
    syncToDisk: () => disk.sync(),
    async compactRoom(room, seqs, snapshot) {
      if (seqs.length === 0) return
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM updates WHERE room = $1 AND seq = ANY($2::bigint[])', [
          room,
          seqs.map(String),
        ])
        await client.query('INSERT INTO updates (room, data) VALUES ($1, $2)', [
          room,
          Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength),
        ])
      })
    },
    async listRooms() {
      const { rows } = await pool.query<{ room: string }>(
        'SELECT DISTINCT room FROM updates ORDER BY room',
      )
      return rows.map(({ room }) => room)
    },
    async lastEdits(rooms) {
      const { rows } = await pool.query<{ room: string; edited_at: string }>(
        'SELECT room, edited_at FROM room_edits WHERE room = ANY($1::text[])',
        [rooms],
      )
      return new Map(rows.map(({ room, edited_at }) => [room, Number(edited_at)]))
    },
    async putVersion(version) {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO room_versions (room, at, label, kind, authors, state)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          version.room,
          version.at,
          version.label,
          version.kind,
          JSON.stringify(version.authors),
          toBuffer(version.state),
        ],
      )
      const { state: _state, ...info } = version
      return { ...info, id: String(rows[0]!.id) }
    },
    async listVersions(room) {
      const { rows } = await pool.query<VersionRow>(
        `SELECT id, room, at, label, kind, authors FROM room_versions
         WHERE room = $1 ORDER BY at DESC, id DESC`,
        [room],
      )
      return rows.map(toVersionInfo)
    },
    async getVersion(room, id) {
      if (!isVersionId(id)) return undefined
      const { rows } = await pool.query<VersionRow & { state: Buffer }>(
        `SELECT id, room, at, label, kind, authors, state FROM room_versions
         WHERE room = $1 AND id = $2`,
        [room, id],
      )
      const row = rows[0]
      return row ? { ...toVersionInfo(row), state: new Uint8Array(row.state) } : undefined
    },
    async appendAuthorship(spans) {
      if (spans.length === 0) return
      await pool.query(
        `INSERT INTO room_authorship (room, client, clock_from, clock_to, link_id, name, at)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
                              $6::text[], $7::bigint[])`,
        [
          spans.map((span) => span.room),
          spans.map((span) => span.client),
          spans.map((span) => span.clockFrom),
          spans.map((span) => span.clockTo),
          spans.map((span) => span.linkId),
          spans.map((span) => span.name),
          spans.map((span) => span.at),
        ],
      )
    },
    async loadAuthorship(room, since = 0) {
      const { rows } = await pool.query<{
        room: string
        client: string
        clock_from: string
        clock_to: string
        link_id: string | null
        name: string | null
        at: string
      }>(
        `SELECT room, client, clock_from, clock_to, link_id, name, at FROM room_authorship
         WHERE room = $1 AND at >= $2 ORDER BY at`,
        [room, since],
      )
      return rows.map((row) => ({
        room: row.room,
        client: Number(row.client),
        clockFrom: Number(row.clock_from),
        clockTo: Number(row.clock_to),
        linkId: row.link_id,
        name: row.name,
        at: Number(row.at),
      }))
    },
    async putLastEdits(edits) {
      if (edits.size === 0) return
      await pool.query(
        `INSERT INTO room_edits (room, edited_at)
         SELECT * FROM unnest($1::text[], $2::bigint[])
         ON CONFLICT (room) DO UPDATE
           SET edited_at = GREATEST(room_edits.edited_at, excluded.edited_at)`,
        [[...edits.keys()], [...edits.values()]],
      )
    },
    async putSession(session) {
      await pool.query(
        `INSERT INTO sessions (id, definition, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = now()`,
        [session.id, JSON.stringify(session)],
      )
    },
    async getSession(id) {
      const { rows } = await pool.query<{ definition: string }>(
        'SELECT definition FROM sessions WHERE id = $1',
        [id],
      )
      return rows[0] ? (JSON.parse(rows[0].definition) as Session) : undefined
    },
    async listSessions() {
      const { rows } = await pool.query<{ definition: string }>(
        'SELECT definition FROM sessions ORDER BY id',
      )
      return rows.map(({ definition }) => JSON.parse(definition) as Session)
    },
    async putLink(link) {
      await pool.query(
        `INSERT INTO links (id, session_id, role, table_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [link.id, link.sessionId, link.role, link.tableId, link.createdAt, link.expiresAt],
      )
    },
    async getLink(id) {
      const { rows } = await pool.query<LinkRow>('SELECT * FROM links WHERE id = $1', [id])
      return rows[0] ? toLink(rows[0]) : undefined
    },
    async listLinks(sessionId) {
      const { rows } = await pool.query<LinkRow>(
        'SELECT * FROM links WHERE session_id = $1 ORDER BY created_at, ordinal',
        [sessionId],
      )
      return rows.map(toLink)
    },
    async revokeLink(id, at) {
      await pool.query('UPDATE links SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
        at,
        id,
      ])
      const { rows } = await pool.query<LinkRow>('SELECT * FROM links WHERE id = $1', [id])
      return rows[0] ? toLink(rows[0]) : undefined
    },
    async revokedSince(since) {
      const { rows } = await pool.query<{ id: string; revoked_at: string }>(
        `SELECT id, revoked_at FROM links
         WHERE revoked_at IS NOT NULL AND revoked_at >= $1 ORDER BY revoked_at`,
        [since],
      )
      return rows.map((row) => ({ id: row.id, revokedAt: Number(row.revoked_at) }))
    },
    async close() {
      await disk.idle()
      if (!relayPool.ended) await relayPool.end()
      if (!pool.ended) await pool.end()
    },
  }
}

async function transaction<T>(
  pool: pg.Pool,
  run: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await run(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** Applies the migrations not yet applied, one instance at a time (an advisory lock). */
function migrate(pool: pg.Pool): Promise<void> {
  return transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)')
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version')
    let version = rows[0]?.version ?? 0
    if (rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES (0)')
    for (; version < migrations.length; version++) await client.query(migrations[version]!)
    await client.query('UPDATE schema_version SET version = $1', [version])
  })
}
