import { NOTES_FRAGMENT } from '@tablenotes/shared'
import ar from '@tablenotes/shared/catalogues/ar'
import en from '@tablenotes/shared/catalogues/en'
import es from '@tablenotes/shared/catalogues/es'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { axeViolations } from '../helpers/axe.js'
import { status, statusLog, useChromium } from '../helpers/browser.js'
import { connectClient, isStoredOnServer, waitFor, waitForSync } from '../helpers/clients.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

/** Notes in English and Arabic at a table, compiled into the synthesis: pages with content. */
async function writeNotes() {
  const client = connectClient(server.collabUrl, 'test-session/t1', { stored: true })
  await waitForSync(client)
  const answer = (client.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement).get(
    0,
  ) as Y.XmlElement
  answer.insert(
    answer.length,
    ['Cities lead on inclusion.', 'المدن تصدر بطاقات هوية للجميع.'].map((text) => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(text)])
      return paragraph
    }),
  )
  await waitFor('the notes to be stored', () => isStoredOnServer(client))
  client.destroy()
  const compiled = await fetch(`${server.httpUrl}/api/sessions/test-session/synthesis/compile`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${mintToken({ sessionId: 'test-session', role: 'rapporteur' })}`,
    },
  })
  expect(compiled.status).toBe(200)
}

beforeAll(async () => {
  server = await startServer()
  await writeNotes()
})
afterAll(async () => {
  await server?.close()
})

const link = (path: string, claims: Parameters<typeof mintToken>[0]) =>
  `${server.httpUrl}${path}?token=${mintToken(claims)}`

/** Each page of the product, and what shows it is ready to be checked. */
const PAGES: ReadonlyArray<{ name: string; url: () => string; ready: string }> = [
  { name: 'session list', url: () => `${server.httpUrl}/`, ready: 'h1' },
  {
    name: 'organizer',
    url: () => link('/s/test-session', { sessionId: 'test-session', role: 'organizer' }),
    ready: 'svg[role="img"]',
  },
  {
    name: 'table',
    url: () =>
      link('/s/test-session/t/t1', { sessionId: 'test-session', role: 'editor', tableId: 't1' }),
    ready: '.notes .answer p',
  },
  {
    name: 'moderator wall',
    url: () => link('/s/test-session/moderator', { sessionId: 'test-session', role: 'moderator' }),
    ready: '.wall-notes',
  },
  {
    name: 'synthesis',
    url: () => link('/s/test-session/synthesis', { sessionId: 'test-session', role: 'rapporteur' }),
    ready: '.synthesis-tools button',
  },
  {
    name: 'print sheets',
    url: () => link('/s/test-session/print', { sessionId: 'test-session', role: 'organizer' }),
    ready: 'svg[role="img"]',
  },
]

const CATALOGUES = { en, ar }

describe.each([
  'en',
  'ar',
] as const)('every page in %s, checked by axe-core in Chromium', (language) => {
  it.each(PAGES)('$name has no WCAG 2.2 A or AA violation', async ({ url, ready }) => {
    const context = await chromium.context('Amina')
    await context.addInitScript((value) => {
      localStorage.setItem('tablenotes.language', value)
    }, language)
    try {
      const page = await context.newPage()
      await page.goto(url())
      await page.locator(ready).first().waitFor()
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language)
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(
        language === 'ar' ? 'rtl' : 'ltr',
      )
      expect(await page.locator('.skip-link').textContent()).toBe(
        CATALOGUES[language].skipToContent,
      )
      expect(await axeViolations(page)).toEqual([])
    } finally {
      await context.close()
    }
  })
})

describe('the language switch', () => {
  it('turns the page to the chosen language and remembers it on the device', async () => {
    const context = await chromium.context('Amina')
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'languages', { get: () => ['es-MX', 'en'] })
    })
    try {
      const page = await context.newPage()
      const sockets: string[] = []
      page.on('websocket', (socket) => sockets.push(socket.url()))
      await page.goto(PAGES[2]!.url())
      await page.locator('.notes .answer p').first().waitFor()
      // The browser asks for Mexican Spanish: the page starts in Spanish.
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('es')
      await expect.poll(() => status(page).innerText()).toBe(es.statusSavedServer)
      const socketsBefore = sockets.length
      const statusesBefore = (await statusLog(page)).length
      // Marks the editor's element: a remount would replace it.
      await page.locator('.notes').evaluate((notes) => notes.setAttribute('data-before', ''))
      await page.getByLabel('Idioma').selectOption('ar')
      await page.getByText(ar.skipToContent).waitFor({ state: 'attached' })
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl')
      // What a screen reader hears of the status is in the new language at once, not the old
      // words after the new label.
      expect(await page.locator('.save-status output').innerText()).toBe(
        `${ar.statusLabel}: ${ar.statusSavedServer}`,
      )
      // The same editor, in the new language: its name and its empty answers' placeholder.
      expect(await page.locator('.notes[data-before]').count()).toBe(1)
      await expect
        .poll(() => page.locator('.notes').getAttribute('aria-label'))
        .toMatch(new RegExp(`^${ar.editorLabel.replace('{table}', '.+')}$`))
      await expect
        .poll(() => page.locator('.notes .answer p').first().getAttribute('data-placeholder'))
        .toBe(ar.answerPlaceholder)
      expect(await page.locator('.notes p[dir="auto"]').count()).toBeGreaterThan(0)
      // The connection stayed: what is typed now is stored through it, and no other opened.
      await page.locator('.notes .answer p').first().click()
      await page.keyboard.type('بعد')
      await expect.poll(() => status(page).innerText()).toBe(ar.statusSavedServer)
      expect(sockets.length).toBe(socketsBefore)
      const since = (await statusLog(page)).slice(statusesBefore)
      expect(since).not.toContain(es.statusReconnecting)
      expect(since).not.toContain(ar.statusReconnecting)
      expect(since.at(-1)).toBe(ar.statusSavedServer)
      await page.reload()
      await page.locator('.notes .answer p').first().waitFor()
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar')
      expect(await page.getByRole('button', { name: ar.exportMarkdown }).count()).toBe(1)
    } finally {
      await context.close()
    }
  })
})
