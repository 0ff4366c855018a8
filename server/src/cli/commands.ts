import { readSessionFile } from '../sessions/readSessionFile.js'
import { formatSessionLinks, listSessionLinks } from '../sessions/sessionLinks.js'
import type { Store } from '../storage/DocStore.js'

export interface CliContext {
  store: Store
  publicUrl: string
  print: (text: string) => void
}

/** Wrong arguments: the message is followed by the usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const usage = `Usage: pnpm tablenotes <command>

  session create FILE      create a session from a YAML or JSON file, or update it
  session list             list the stored sessions
  links SESSION [--json]   print every link of a session (--json: an array of objects)

Environment: DATA_DIR (default ./data), PUBLIC_URL (the origin printed in links).
`

/** A command parses its own arguments (throwing UsageError) and then runs. */
interface Command {
  matches(name: string, args: string[]): boolean
  run(args: string[], context: CliContext): Promise<void>
}

const sessionCreate: Command = {
  matches: (name, args) => name === 'session' && args[0] === 'create',
  async run([, file, ...rest], { store, print }) {
    if (!file || rest.length > 0) throw new UsageError('session create takes one FILE')
    const session = await readSessionFile(file)
    const existed = (await store.getSession(session.id)) !== undefined
    await store.putSession(session)
    const shape = `${session.questions.length} questions, ${session.tables.length} tables`
    print(`${existed ? 'Updated' : 'Created'} session ${session.id}: ${session.title} (${shape})`)
  },
}

const sessionList: Command = {
  matches: (name, args) => name === 'session' && args[0] === 'list',
  async run([, ...rest], { store, print }) {
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
  async run(args, { store, publicUrl, print }) {
    const json = args.includes('--json')
    const [sessionId, ...rest] = args.filter((arg) => arg !== '--json')
    if (!sessionId || rest.length > 0 || sessionId.startsWith('-')) {
      throw new UsageError('links takes one SESSION id')
    }
    const session = await store.getSession(sessionId)
    if (!session)
      throw new UsageError(`no session "${sessionId}" (see: pnpm tablenotes session list)`)
    print(
      json
        ? JSON.stringify(listSessionLinks(publicUrl, session), null, 2)
        : formatSessionLinks(publicUrl, session),
    )
  },
}

export const commands: readonly Command[] = [sessionCreate, sessionList, links]
