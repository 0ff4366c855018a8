import { parseRoomName, type RoomName, restoreVersion, SYNTHESIS_ROOM } from '@tablenotes/shared'
import * as Y from 'yjs'
import { toVersionSummary, versionDoc } from '../history/restoreRoom.js'
import { takeVersion } from '../history/takeVersion.js'
import type { Store } from '../storage/DocStore.js'
import { loadDoc } from '../storage/loadDoc.js'
import { type Command, UsageError } from './commands.js'

/** `SESSION/ROOM` naming a table of a stored session or its synthesis; UsageError otherwise. */
async function historyRoom(store: Store, target: string | undefined): Promise<RoomName> {
  const [sessionId = '', roomId = '', ...rest] = (target ?? '').split('/')
  const name = rest.length === 0 ? parseRoomName(sessionId, roomId) : null
  if (!name) throw new UsageError('name a room as SESSION/TABLE or SESSION/_synthesis')
  const session = await store.getSession(sessionId)
  if (!session)
    throw new UsageError(`no session "${sessionId}" (see: pnpm tablenotes session list)`)
  if (roomId !== SYNTHESIS_ROOM && !session.tables.some((table) => table.id === roomId)) {
    throw new UsageError(`session "${sessionId}" has no table "${roomId}"`)
  }
  return name
}

/** `history SESSION/ROOM [--json]`: the versions as the API lists them, newest first. */
export const history: Command = {
  matches: (name) => name === 'history',
  async run(args, { store, print }) {
    const json = args.includes('--json')
    const positional = args.filter((arg) => arg !== '--json')
    if (positional.length !== 1) throw new UsageError('history takes one SESSION/ROOM')
    const name = await historyRoom(store, positional[0])
    const versions = (await store.listVersions(name.key)).map(toVersionSummary)
    if (json) return print(JSON.stringify(versions, null, 2))
    if (versions.length === 0) return print(`${name.key} has no versions yet`)
    for (const version of versions) {
      const label = version.label ?? (version.kind === 'restore' ? '(before a restore)' : '(auto)')
      print(`${version.id}\t${version.at}\t${label}\t${version.authors.join(', ') || '—'}`)
    }
  },
}

/**
 * `restore SESSION/ROOM VERSION [--question ID]`: on the storage itself, like the other
 * commands: stores a version of the room as it is, then the restore as one new update. A
 * server holding the room open does not hear of it (nothing tells it; see the README) until
 * the room is loaded again, so restore from the page or the API while people are writing.
 */
export const restore: Command = {
  matches: (name) => name === 'restore',
  async run(args, { store, print }) {
    const positional: string[] = []
    let questionId: string | undefined
    for (let index = 0; index < args.length; index++) {
      const arg = args[index]!
      if (arg === '--question') {
        questionId = args[++index]
        if (!questionId) throw new UsageError('--question needs a question id')
      } else positional.push(arg)
    }
    if (positional.length !== 2) throw new UsageError('restore takes SESSION/ROOM and VERSION')
    const name = await historyRoom(store, positional[0])
    const version = await store.getVersion(name.key, positional[1]!)
    if (!version) {
      throw new UsageError(`${name.key} has no version "${positional[1]}" (see: history)`)
    }
    const session = await store.getSession(name.sessionId)
    if (questionId !== undefined && !session?.questions.some((q) => q.id === questionId)) {
      throw new UsageError(`session "${name.sessionId}" has no question "${questionId}"`)
    }
    const doc = await loadDoc(store, name.key)
    const before = await takeVersion(store, name.key, doc, 'restore')
    const changes: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => changes.push(update))
    const restored = restoreVersion(doc, versionDoc(version), {
      ...(questionId === undefined ? {} : { questionId }),
    })
    if (changes.length > 0) {
      await store.appendUpdates([{ room: name.key, update: Y.mergeUpdates(changes) }])
    }
    const what = questionId === undefined ? name.key : `question ${questionId} of ${name.key}`
    print(
      restored
        ? `Restored ${what} to version ${version.id}; version ${before?.id} holds it as it was.`
        : `${what} already reads as version ${version.id}; nothing changed.`,
    )
  },
}
