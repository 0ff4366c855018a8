import { rm } from 'node:fs/promises'
import { CloseCode } from '@tablenotes/shared'
import { afterAll, describe, expect, it } from 'vitest'
import {
  connectClient,
  isStoredOnServer,
  openRawSocket,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { notesText } from '../helpers/notes.js'
import {
  createDataDir,
  freePort,
  type ServerProcess,
  startServerProcess,
} from '../helpers/serverProcess.js'
import { mintToken, roomUrl } from '../helpers/tokens.js'

let server: ServerProcess | null = null
let dataDir = ''

afterAll(async () => {
  server?.child.kill('SIGKILL')
  await rm(dataDir, { recursive: true, force: true })
})

describe('the server log', () => {
  it('holds no token, whatever happens, at the most verbose level', async () => {
    dataDir = await createDataDir()
    const port = await freePort()
    server = await startServerProcess({ port, dataDir, logLevel: 'trace' })
    const collab = `ws://127.0.0.1:${port}/collab`
    const http = `http://127.0.0.1:${port}`
    const used: string[] = []
    const token = (value: string) => {
      used.push(value)
      return value
    }

    const editor = connectClient(collab, 'test-session/t1', {
      stored: true,
      token: token(mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' })),
    })
    await waitForSync(editor)
    notesText(editor.doc).insert(0, 'logged?')
    await waitFor('the edit to be stored', () => isStoredOnServer(editor))
    editor.destroy()

    const refusals = [
      `${mintToken({ sessionId: 'test-session', role: 'viewer', tableId: 't2' }).slice(0, -4)}AAAA`,
      mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' }, { expires: 1 }),
      mintToken({ sessionId: 'test-session', role: 'viewer', tableId: 't3' }),
      mintToken({ sessionId: 'test-session', role: 'organizer' }),
    ]
    const rooms = ['test-session/t1', 'test-session/t1', 'test-session/t1', 'test-session/t9']
    const codes: number[] = []
    for (const [index, value] of refusals.entries()) {
      const socket = openRawSocket(roomUrl(collab, rooms[index]!, token(value)))
      codes.push((await socket.closed).code)
    }
    expect(codes).toEqual([
      CloseCode.unauthenticated,
      CloseCode.unauthenticated,
      CloseCode.forbidden,
      CloseCode.notFound,
    ])

    const organizer = token(mintToken({ sessionId: 'test-session', role: 'organizer' }))
    const links = (await (
      await fetch(`${http}/api/sessions/test-session/links?token=${organizer}`)
    ).json()) as Array<{ id: string; token: string }>
    for (const link of links) token(link.token)
    await fetch(`${http}/api/sessions/test-session/links/${links[1]!.id}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${organizer}` },
    })
    await fetch(`${http}/api/no-such-route?token=${organizer}`)
    await fetch(`${http}/s/test-session/t/t1?token=${links[3]!.token}`)

    server.child.kill('SIGTERM')
    await server.exited
    // The log is pino's JSON lines; the links the start-up banner prints for people are not.
    const log = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{"level"'))
      .join('\n')
    expect(log).toContain('refusing connection')
    for (const value of used) {
      const [claims, signature] = value.split('.') as [string, string]
      expect(log).not.toContain(claims)
      expect(log).not.toContain(signature)
    }
  })
})
