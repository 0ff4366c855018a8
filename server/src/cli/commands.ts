import { writeFile } from 'node:fs/promises'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import {
  compileSynthesis,
  leaveOutUnreadable,
  roomKey,
  type Session,
  SYNTHESIS_ROOM,
  sessionLanguage,
  tableLanguage,
} from '@tablenotes/shared'
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportNotes,
  isExportFormat,
} from '../export/exportNotes.js'
import { serverMessage } from '../i18n/serverMessage.js'
import { readSessionFile } from '../sessions/readSessionFile.js'
import { reconcileStoredTables } from '../sessions/reconcileStoredTables.js'
import { describeLink, ensureSessionLinks, formatSessionLinks } from '../sessions/sessionLinks.js'
import { copyStore } from '../storage/copyStore.js'
import type { Store } from '../storage/DocStore.js'
import { loadDoc, loadDocToRead } from '../storage/loadDoc.js'
import { openStoreAt } from '../storage/openStore.js'
import { history, restore } from './historyCommands.js'

export interface CliContext {
  store: Store
  publicUrl: string
  /** The key that signs tokens: the server's, read from the same DATA_DIR or environment. */
  secret: string
  print: (text: string) => void
}

/** Wrong arguments: the message is followed by the usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const usage = `Usage: pnpm tablenotes <command>

  session create FILE      create a session from a YAML or JSON file, or update it
  session list             list the stored sessions
  links SESSION [--json]   print every working link of a session, minting any missing
                           (--json: an array of { id, role, table, room, url, token })
  revoke LINK              revoke a link by its id; its open connections close at once
  store copy FROM TO       copy a whole store into an empty one and compare every room
                           (each a SQLite file path or a postgres:// URL)
  synth SESSION --format md|html|docx [--out FILE]
                           compile every table into the synthesis and export it
  export SESSION/TABLE --format md|html|docx [--out FILE]
                           export one table's notes (DOCX needs --out)
  history SESSION/ROOM [--json]
                           list a table's or the synthesis's versions, newest first
                           (--json: an array of { id, at, label, authors, kind })
  restore SESSION/ROOM VERSION [--question ID]
                           restore a room (or one question) to a version, as a new change

Environment: DATA_DIR (default ./data), PUBLIC_URL (the origin printed in links),
TABLENOTES_SECRET (if the server uses one).
`

/**
 * A command's arguments read by `node:util`'s parseArgs: its options, and its positionals (the
 * subcommand first, for `session` and `store`). Strict, so an unknown option or one without its
 * value is a UsageError, as is anything parseArgs refuses.
 */
function parse<const Options extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: Options,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** A command parses its own arguments (throwing UsageError) and then runs. */
export interface Command {
  matches(name: string, args: string[]): boolean
  run(args: string[], context: CliContext): Promise<void>
}

const sessionCreate: Command = {
  matches: (name, args) => name === 'session' && args[0] === 'create',
  async run(args, { store, print }) {
    const [, file, ...rest] = parse(args, {}).positionals
    if (!file || rest.length > 0) throw new UsageError('session create takes one FILE')
    const session = await readSessionFile(file)
    const existed = (await store.getSession(session.id)) !== undefined
    await store.putSession(session)
    const shape = `${session.questions.length} questions, ${session.tables.length} tables`
    print(`${existed ? 'Updated' : 'Created'} session ${session.id}: ${session.title} (${shape})`)
    if (!existed) return
    const changed = await reconcileStoredTables(store, session)
    if (changed > 0) {
      print(
        `Brought ${changed} table documents in line; notes under removed questions are kept. ` +
          'A running server shows it in open tables once they reload; the organizer page applies changes live.',
      )
    }
  },
}

const sessionList: Command = {
  matches: (name, args) => name === 'session' && args[0] === 'list',
  async run(args, { store, print }) {
    const [, ...rest] = parse(args, {}).positionals
    if (rest.length > 0) throw new UsageError('session list takes no arguments')
    const sessions = await store.listSessions()
    if (sessions.length === 0) return print('No sessions yet: pnpm tablenotes session create FILE')
    for (const session of sessions) {
      const when = session.starts ? `  ${session.starts}` : ''
      print(
        `${session.id.padEnd(36)} ${String(session.tables.length).padStart(3)} tables  ${session.title}${when}`,
      )
    }
  },
}

const links: Command = {
  matches: (name) => name === 'links',
  async run(args, { store, publicUrl, secret, print }) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } })
    const json = values.json === true
    const [sessionId, ...rest] = positionals
    if (!sessionId || rest.length > 0) {
      throw new UsageError('links takes one SESSION id')
    }
    const session = await sessionOrFail(store, sessionId)
    const described = (await ensureSessionLinks(store, session)).map((link) =>
      describeLink(link, publicUrl, secret),
    )
    print(json ? JSON.stringify(described, null, 2) : formatSessionLinks(session, described))
  },
}

const revoke: Command = {
  matches: (name) => name === 'revoke',
  async run(args, { store, print }) {
    const [linkId, ...rest] = parse(args, {}).positionals
    if (!linkId || rest.length > 0) throw new UsageError('revoke takes one LINK id')
    const link = await store.revokeLink(linkId, Date.now())
    if (!link) throw new UsageError(`no link "${linkId}" (see: pnpm tablenotes links SESSION)`)
    const scope = link.tableId ? `table ${link.tableId} of ` : ''
    print(
      `Revoked the ${link.role} link ${link.id} of ${scope}session ${link.sessionId}; ` +
        'a running server closes its connections within a second. ' +
        `A new one: pnpm tablenotes links ${link.sessionId}`,
    )
  },
}

/** `--format F [--out FILE]` and one positional argument, for the export commands. */
function exportArguments(
  command: string,
  args: string[],
): { target: string; format: ExportFormat; out: string | null } {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    out: { type: 'string' },
  })
  const format = values.format ?? null
  const out = values.out ?? null
  const [target, ...rest] = positionals
  if (!target || rest.length > 0) throw new UsageError(`${command} takes one target`)
  if (!isExportFormat(format)) {
    throw new UsageError(`${command} needs --format ${EXPORT_FORMATS.join('|')}`)
  }
  if (format === 'docx' && out === null) throw new UsageError('a DOCX export needs --out FILE')
  return { target, format, out }
}

async function emit(body: string | Buffer, out: string | null, print: (text: string) => void) {
  if (out === null) return print(String(body).trimEnd())
  await writeFile(out, body)
  print(`Wrote ${out}`)
}

async function sessionOrFail(store: Store, id: string): Promise<Session> {
  const session = await store.getSession(id)
  if (!session) throw new UsageError(`no session "${id}" (see: pnpm tablenotes session list)`)
  return session
}

const synth: Command = {
  matches: (name) => name === 'synth',
  async run(args, { store, print }) {
    const { target, format, out } = exportArguments('synth', args)
    const session = await sessionOrFail(store, target)
    const tables = await Promise.all(
      session.tables.map(async (table) => ({
        id: table.id,
        doc: await loadDocToRead(store, roomKey(session.id, table.id)),
      })),
    )
    // Compiled onto the stored synthesis, so the rapporteurs' summaries are in the export.
    const synthesis = await loadDoc(store, roomKey(session.id, SYNTHESIS_ROOM))
    const note = serverMessage(sessionLanguage(session), 'synthesisTableSkipped')
    const readable = leaveOutUnreadable(tables, note)
    const compiledAt = new Date().toISOString().slice(0, 16)
    compileSynthesis(session, readable.tables, synthesis, compiledAt, readable.skipped)
    const document = { title: session.title, language: sessionLanguage(session) }
    await emit((await exportNotes(synthesis, format, document)).body, out, print)
  },
}

const exportTable: Command = {
  matches: (name) => name === 'export',
  async run(args, { store, print }) {
    const { target, format, out } = exportArguments('export', args)
    const [sessionId = '', tableId = ''] = target.split('/')
    const session = await sessionOrFail(store, sessionId)
    const table = session.tables.find((candidate) => candidate.id === tableId)
    if (!table) throw new UsageError(`session "${sessionId}" has no table "${tableId}"`)
    const doc = await loadDocToRead(store, target)
    const document = {
      title: `${table.name} · ${session.title}`,
      language: tableLanguage(session, tableId),
    }
    await emit((await exportNotes(doc, format, document)).body, out, print)
  },
}

const storeCopy: Command = {
  matches: (name, args) => name === 'store' && args[0] === 'copy',
  async run(args, { print }) {
    const [, from, to, ...rest] = parse(args, {}).positionals
    if (!from || !to || rest.length > 0) throw new UsageError('store copy takes FROM and TO')
    const source = await openStoreAt(from)
    const target = await openStoreAt(to).catch(async (error: unknown) => {
      await source.close()
      throw error
    })
    try {
      const report = await copyStore(source, target, (done, total) => {
        if (done === total || done % 100 === 0) print(`Copied ${done} of ${total} rooms`)
      })
      print(
        `Copied ${report.sessions} sessions, ${report.links} links and ${report.rooms} rooms ` +
          `from ${source.description} to ${target.description}; every room compared equal.`,
      )
    } finally {
      await source.close()
      await target.close()
    }
  },
}

export const commands: readonly Command[] = [
  storeCopy,
  sessionCreate,
  sessionList,
  links,
  revoke,
  synth,
  exportTable,
  history,
  restore,
]
