import { readFile } from 'node:fs/promises'
import type { SessionLink } from '@tablenotes/shared'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clickAnswer, notesText, status, useChromium } from '../helpers/browser.js'
import { tablePageUrl } from '../helpers/pages.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

const organizer = () => mintToken({ sessionId: 'test-session', role: 'organizer' })

/** What the organizer's API answers for a request, as JSON. */
async function asOrganizer<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${server.httpUrl}/api/sessions/test-session${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${organizer()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.ok, await response.clone().text()).toBe(true)
  return (await response.json()) as T
}

async function storedText(): Promise<string> {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom('test-session/t1')) Y.applyUpdate(doc, row.update)
  return doc.getXmlFragment('notes').toString()
}

/**
 * Opens the table from `url` with its socket to the table's room passing through the test:
 * while `hold()` is on, what the page sends never reaches the server, as on a network that
 * stopped carrying it, though the socket stays open and the server can still close it.
 */
async function openHeldTable(url: string, name: string) {
  const context = await chromium.context(name)
  const page = await context.newPage()
  let holding = false
  await page.routeWebSocket(/\/collab\/test-session\/t1\?/, (socket) => {
    const toServer = socket.connectToServer()
    socket.onMessage((message) => {
      if (!holding) toServer.send(message)
    })
  })
  await page.goto(url)
  await page.locator('.notes .answer p').first().waitFor()
  return {
    context,
    page,
    hold: () => {
      holding = true
    },
  }
}

/** Types something the server never gets: the socket holds it, then the link ends. */
async function typeStoredThenUnstored(page: Page, hold: () => void): Promise<void> {
  await clickAnswer(page, 0)
  await page.keyboard.type('STORED-A ')
  await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
  hold()
  await page.keyboard.type('UNSTORED-B')
  await expect.poll(() => notesText(page)).toContain('STORED-A UNSTORED-B')
  expect(await status(page).innerText()).not.toBe('Saved on the server')
}

/** The page no longer takes typing: a key pressed in the notes changes nothing. */
async function expectNoTyping(page: Page): Promise<void> {
  await page.locator('.notes[contenteditable="false"]').waitFor()
  const before = await notesText(page)
  await page.locator('.notes .answer p').first().click()
  await page.keyboard.type('AFTER-END')
  // The barrier: a frame after the keys, by which an editable view shows what it took.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
  expect(await notesText(page)).toBe(before)
}

/** Downloads what the page offers as not stored, split into its two parts. */
async function downloadUnstored(page: Page): Promise<{ unstored: string; whole: string }> {
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download what the server did not store' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('test-session-t1-not-stored.md')
  const text = await readFile((await file.path()) as string, 'utf8')
  const [unstored = '', whole = ''] = text.split('\n___\n')
  return { unstored, whole }
}

describe('a link that ends while its page is open', () => {
  it('turns the editor read-only when the link is revoked, and offers what was not stored', async () => {
    server = await startServer()
    const link = await asOrganizer<SessionLink>('/links', { role: 'editor', table: 't1' })
    const { context, page, hold } = await openHeldTable(link.url, 'Rana')
    await typeStoredThenUnstored(page, hold)

    await asOrganizer(`/links/${link.id}/revoke`, {})
    await expectNoTyping(page)
    expect(await status(page).innerText()).toBe(
      'This link was revoked. Ask the organizer for a new one.',
    )
    const { unstored, whole } = await downloadUnstored(page)
    expect(unstored).toContain('UNSTORED-B')
    expect(unstored).toContain('## 1. What works?')
    expect(unstored).not.toContain('STORED-A')
    expect(unstored).not.toContain('What should change?')
    expect(whole).toContain('STORED-A UNSTORED-B')
    const stored = await storedText()
    expect(stored).toContain('STORED-A')
    expect(stored).not.toContain('UNSTORED-B')

    // Reopened later, the server refuses the link; the device still offers what it never stored.
    await page.reload()
    await page
      .getByRole('alert')
      .filter({ hasText: 'This link was revoked. Ask the organizer for a new one.' })
      .waitFor()
    const again = await downloadUnstored(page)
    expect(again.unstored).toContain('UNSTORED-B')
    expect(again.unstored).not.toContain('STORED-A')
    expect(again.whole).toContain('STORED-A UNSTORED-B')
    await context.close()
  })

  it('turns the editor read-only when the link expires, and offers what was not stored', async () => {
    server = await startServer()
    const expires = Math.floor(Date.now() / 1000) + 15
    const link = await asOrganizer<SessionLink>('/links', { role: 'editor', table: 't1', expires })
    const { context, page, hold } = await openHeldTable(link.url, 'Sami')
    await typeStoredThenUnstored(page, hold)

    await page.locator('.notes[contenteditable="false"]').waitFor({ timeout: 30_000 })
    await expectNoTyping(page)
    expect(await status(page).innerText()).toBe(
      'This link has expired, so the notes are read-only. Ask the organizer for a new link.',
    )
    const { unstored, whole } = await downloadUnstored(page)
    expect(unstored).toContain('UNSTORED-B')
    expect(unstored).not.toContain('STORED-A')
    expect(whole).toContain('STORED-A UNSTORED-B')
    expect(await storedText()).not.toContain('UNSTORED-B')
    await context.close()
  })
})

describe('a change of the page that the server refuses', () => {
  it('turns the editor read-only, offers what was not stored, and starts again from the server', async () => {
    server = await startServer()
    const page = await chromium.table('Gus', tablePageUrl(server))
    await clickAnswer(page, 0)
    await page.keyboard.type('STORED-A ')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    // A change no page makes today, standing for any the server refuses (P13, 4422): an
    // attribute on the locked title, with text, in one update. Every reconnection sends it again.
    await page.evaluate(() => {
      interface Collaboration {
        name: string
        options: { document: import('yjs').Doc }
      }
      const editor = (
        document.querySelector('.notes') as unknown as {
          editor: { extensionManager: { extensions: Collaboration[] } }
        }
      ).editor
      const doc = editor.extensionManager.extensions.find((e) => e.name === 'collaboration')!
        .options.document
      const notes = doc.getXmlFragment('notes')
      doc.transact(() => {
        ;(notes.get(0) as import('yjs').XmlElement).setAttribute('bogus', 'x')
        const paragraph = (
          (notes.get(1) as import('yjs').XmlElement).get(0) as import('yjs').XmlElement
        ).get(0) as import('yjs').XmlElement
        const text = paragraph.get(0) as import('yjs').XmlText
        text.insert(text.length, 'UNSTORED-B')
      })
    })
    await expectNoTyping(page)
    expect(await status(page).innerText()).toMatch(/^The server refused a change made on this page/)
    const { unstored } = await downloadUnstored(page)
    expect(unstored).toContain('UNSTORED-B')
    expect(unstored).not.toContain('STORED-A')

    await page.getByRole('button', { name: 'Start again from the server’s copy' }).click()
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    expect(await notesText(page)).toContain('STORED-A')
    expect(await notesText(page)).not.toContain('UNSTORED-B')
    await clickAnswer(page, 0)
    await page.keyboard.type('AFTER-START')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    expect(await storedText()).toContain('STORED-A AFTER-START')
    await page.context().close()
  })
})
