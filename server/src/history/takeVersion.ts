import * as Y from 'yjs'
import type { HistoryStore, VersionInfo, VersionKind } from '../storage/DocStore.js'

/** Two full states hold the same content when they encode to the same bytes (see copyStore). */
function sameState(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b))
}

/**
 * The distinct names that wrote in `room` since `since` (ms, exclusive), sorted: the spans the
 * server recorded from its connections (see AuthorshipRecorder), never anything a client claims.
 * A connection that announced no name counts under its link id, as `link <id>`.
 */
export async function authorsSince(
  store: HistoryStore,
  room: string,
  since: number,
): Promise<string[]> {
  const spans = await store.loadAuthorship(room, since + 1)
  const names = spans.flatMap((span) =>
    span.name ? [span.name] : span.linkId ? [`link ${span.linkId}`] : [],
  )
  return [...new Set(names)].sort((a, b) => a.localeCompare(b))
}

/**
 * Stores a version of `room` holding `doc` as it is now (one encoded Yjs state: with the
 * server's garbage-collected documents, a state vector and delete set could not bring deleted
 * text back, so the version keeps the content itself), with the authors since the room's
 * previous version. An automatic version equal to the previous one is not stored again
 * (null), so a quiet room or two instances that both saw the same pause keep one; a
 * before-restore version equal to it is that previous version (so repeated restores store
 * nothing new). Named versions are always stored.
 */
export async function takeVersion(
  store: HistoryStore,
  room: string,
  doc: Y.Doc,
  kind: VersionKind,
  label: string | null = null,
): Promise<VersionInfo | null> {
  const state = Y.encodeStateAsUpdate(doc)
  const [previous] = await store.listVersions(room)
  if (kind !== 'named' && previous) {
    // Nothing changed since the previous version: an automatic one is not needed, and the one
    // before a restore is that previous version (restoring it again undoes the restore).
    const stored = await store.getVersion(room, previous.id)
    if (stored && sameState(stored.state, state)) return kind === 'auto' ? null : previous
  }
  const at = Math.max(Date.now(), (previous?.at ?? 0) + 1)
  const authors = await authorsSince(store, room, previous?.at ?? -1)
  return store.putVersion({ room, at, label, kind, authors, state })
}
