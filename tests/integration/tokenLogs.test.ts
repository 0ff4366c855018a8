import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { fileURLToPath } from 'node:url'
import { CloseCode } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import {
  connectClient,
  isStoredOnServer,
  openRawSocket,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { notesText } from '../helpers/notes.js'
import { createDataDir, freePort } from '../helpers/serverProcess.js'
import { serverProcessForEachTest } from '../helpers/serverProcessForEachTest.js'
import { startServer } from '../helpers/startServer.js'
import { mintToken, roomUrl, TEST_SECRET } from '../helpers/tokens.js'

describe('the server log', () => {
  const processes = serverProcessForEachTest()

  it('holds no token, whatever happens, at the most verbose level', async () => {
    const { process: server, collabUrl, httpUrl } = await processes.start({ logLevel: 'trace' })
    const used: string[] = []
    const token = (value: string) => {
      used.push(value)
      return value
    }

    const editor = connectClient(collabUrl, 'test-session/t1', {
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
      const socket = openRawSocket(roomUrl(collabUrl, rooms[index]!, token(value)))
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
      await fetch(`${httpUrl}/api/sessions/test-session/links?token=${organizer}`)
    ).json()) as Array<{ id: string; token: string }>
    for (const link of links) token(link.token)
    await fetch(`${httpUrl}/api/sessions/test-session/links/${links[1]!.id}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${organizer}` },
    })
    await fetch(`${httpUrl}/api/no-such-route?token=${organizer}`)
    await fetch(`${httpUrl}/s/test-session/t/t1?token=${links[3]!.token}`)

    server.child.kill('SIGTERM')
    await server.exited
    // Everything the process wrote, start-up included: its stdout is no terminal here, as under a
    // service manager, so it prints no link and says how to print them instead.
    const output = server.output()
    expect(output).toContain('refusing connection')
    expect(output).toContain('print the links with: pnpm tablenotes links SESSION')
    expect(output).not.toContain('?token=')
    for (const value of used) {
      const [claims, signature] = value.split('.') as [string, string]
      expect(output).not.toContain(claims)
      expect(output).not.toContain(signature)
    }
  })
})

describe('the start-up banner', () => {
  it('prints every link, with its token, to a person at a terminal', async () => {
    const terminalDataDir = await createDataDir()
    const port = await freePort()
    // util-linux's script(1) gives the server a pseudo-terminal as its stdout.
    const command = `${process.execPath} --import tsx server/src/main.ts`
    const started = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: terminalDataDir,
        LOG_LEVEL: 'warn',
        TABLENOTES_SECRET: TEST_SECRET,
        PUBLIC_URL: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    started.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const exited = new Promise((resolve) => started.once('exit', resolve))
    try {
      await waitFor('the banner', () => output.includes('    read  '), 60_000)
      expect(output).toContain('keep organizer links to yourself')
      expect(output).toMatch(
        new RegExp(
          `Organizer\\s+http://127\\.0\\.0\\.1:${port}/s/test-session\\?token=[\\w-]+\\.[\\w-]+`,
        ),
      )
    } finally {
      process.kill(-started.pid!, 'SIGKILL')
      await exited
      await rm(terminalDataDir, { recursive: true, force: true })
    }
  })
})

describe('links the API returns', () => {
  it('never take their origin from the Host header of a request', async () => {
    const api = await startServer()
    const http = api.httpUrl
    const organizer = mintToken({ sessionId: 'test-session', role: 'organizer' })
    const listed = await requestWithHost(
      'GET',
      `${http}/api/sessions/test-session/links`,
      organizer,
      'evil.example',
    )
    const minted = await requestWithHost(
      'POST',
      `${http}/api/sessions/test-session/links`,
      organizer,
      'evil.example:8443',
      { role: 'viewer', table: 't2' },
    )
    expect(listed.status).toBe(200)
    expect(minted.status).toBe(201)
    const urls = [...(listed.body as Array<{ url: string }>), minted.body as { url: string }].map(
      (link) => link.url,
    )
    expect(urls.length).toBeGreaterThan(3)
    for (const url of urls) expect(url.startsWith(`${http}/s/test-session`)).toBe(true)
    expect(JSON.stringify([listed.body, minted.body])).not.toContain('evil.example')
    await api.close()
  })
})

/** An HTTP request with a Host header of our choosing (fetch keeps the URL's own). */
function requestWithHost(
  method: string,
  url: string,
  token: string,
  host: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method,
        headers: {
          host,
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString()
        })
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
        )
      },
    )
    request.on('error', reject)
    request.end(body === undefined ? undefined : JSON.stringify(body))
  })
}
