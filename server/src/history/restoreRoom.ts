import { type RoomName, restoreVersion, type VersionSummary } from '@tablenotes/shared'
import * as Y from 'yjs'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { StoredVersion, VersionInfo } from '../storage/DocStore.js'
import { type Author, addedRanges } from './AuthorshipRecorder.js'

/** A version as the API and `tablenotes history --json` give it (issue 17, item 4). */
export function toVersionSummary(version: VersionInfo): VersionSummary {
  return {
    id: version.id,
    at: new Date(version.at).toISOString(),
    label: version.label,
    authors: version.authors,
    kind: version.kind,
  }
}

/** A stored version's document, for reading, exporting or restoring. */
export function versionDoc(version: StoredVersion): Y.Doc {
  const doc = new Y.Doc({ gc: true })
  Y.applyUpdate(doc, version.state)
  return doc
}

/**
 * Restores the live room `name` to `version` (the whole room, or one question) as a new change
 * that everyone connected sees at once, never rewriting stored history (issue 17): takes a
 * version of the room as it is first, so the restore can itself be undone, then applies
 * `restoreVersion` as a server change recorded as written by `author`, and resolves once it
 * is stored. Runs while no other instance restores the same room.
 */
export function restoreRoom(
  registry: RoomRegistry,
  name: RoomName,
  version: StoredVersion,
  options: { questionId?: string; author: Author },
): Promise<{ restored: boolean; before: VersionInfo }> {
  return registry.exclusive(`restore:${name.key}`, async () => {
    const room = await registry.acquire(name)
    try {
      await registry.catchUpRoom(room)
      const before = await registry.history.take(room, 'restore')
      if (!before) throw new Error('a before-restore version is always stored')
      const stateBefore = Y.encodeStateVector(room.doc)
      const restored = restoreVersion(room.doc, versionDoc(version), {
        ...(options.questionId === undefined ? {} : { questionId: options.questionId }),
      })
      if (restored) {
        const change = Y.encodeStateAsUpdate(room.doc, stateBefore)
        registry.history.authorship.record(
          name.key,
          options.author,
          addedRanges(Y.parseUpdateMeta(change)),
        )
      }
      await room.flushed()
      return { restored, before }
    } finally {
      registry.release(room)
    }
  })
}
