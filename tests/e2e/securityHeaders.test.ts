import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clickAnswer, notesText, openTable, status, useChromium } from '../helpers/browser.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.close()
})

const link = (path: string, claims: Parameters<typeof mintToken>[0]) =>
  `${server.httpUrl}${path}?token=${mintToken(claims)}`
const editLink = () =>
  link('/s/test-session/t/t1', { sessionId: 'test-session', role: 'editor', tableId: 't1' })

/** Each page, and what shows it has done its work (sockets open, lazy chunks loaded). */
const PAGES: ReadonlyArray<{
  name: string
  url: () => string
  ready: (page: Page) => Promise<void>
}> = [
  { name: 'session list', url: () => `${server.httpUrl}/`, ready: visible('h1') },
  {
    name: 'organizer',
    url: () => link('/s/test-session', { sessionId: 'test-session', role: 'organizer' }),
    ready: visible('svg[role="img"]'),
  },
  {
    name: 'table',
    url: editLink,
    ready: async (page) => {
      await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    },
  },
  {
    name: 'moderator wall',
    url: () => link('/s/test-session/moderator', { sessionId: 'test-session', role: 'moderator' }),
    ready: visible('.wall-notes'),
  },
  {
    name: 'synthesis',
    url: () => link('/s/test-session/synthesis', { sessionId: 'test-session', role: 'rapporteur' }),
    ready: visible('.synthesis-tools button'),
  },
  {
    name: 'print sheets',
    url: () => link('/s/test-session/print', { sessionId: 'test-session', role: 'organizer' }),
    ready: visible('svg[role="img"]'),
  },
]

function visible(selector: string) {
  return async (page: Page) => {
    await page.locator(selector).first().waitFor()
  }
}

/** A context that records every Content-Security-Policy violation of its pages. */
async function watchedContext(name: string): Promise<BrowserContext> {
  const context = await chromium.context(name)
  await context.addInitScript(() => {
    const seen: string[] = []
    Object.defineProperty(window, 'cspViolations', { value: seen })
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`)
    })
  })
  return context
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)

describe('the pages under their Content-Security-Policy in Chromium', () => {
  it.each(PAGES)('$name works and breaks no rule of it', async ({ url, ready }) => {
    const context = await watchedContext('Amina')
    // A second person at the table: their caret is drawn with inline styles.
    const other = await chromium.context('Bola')
    try {
      const otherPage = await openTable(other, editLink())
      const page = await context.newPage()
      const response = await page.goto(url())
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
      await ready(page)
      await clickAnswer(otherPage, 0)
      await otherPage.keyboard.type('Seen under the policy.')
      await expect.poll(() => status(otherPage).innerText()).toBe('Saved on the server')
      expect(await violations(page)).toEqual([])
    } finally {
      await context.close()
      await other.close()
    }
  })
})

describe('the token in the address bar', () => {
  it('is taken out once read; reloads keep the link, also after another link of the session', async () => {
    const context = await watchedContext('Chen')
    try {
      const page = await openTable(context, editLink())
      await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
      expect(page.url()).toBe(`${server.httpUrl}/s/test-session/t/t1`)

      // Another tab of this browser opens the moderator's (read-only at tables) link.
      const moderator = await context.newPage()
      await moderator.goto(
        link('/s/test-session/moderator', { sessionId: 'test-session', role: 'moderator' }),
      )
      await moderator.locator('.wall-notes').first().waitFor()
      expect(moderator.url()).toBe(`${server.httpUrl}/s/test-session/moderator`)

      // This tab still writes with its own edit link after a reload without the token.
      await page.reload()
      await page.locator('.notes .answer p').first().waitFor()
      await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
      expect(await page.locator('.notes').getAttribute('contenteditable')).toBe('true')
      await clickAnswer(page, 1)
      await page.keyboard.type('Written after the reload.')
      await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
      expect(await notesText(page)).toContain('Written after the reload.')
      expect(await violations(page)).toEqual([])
    } finally {
      await context.close()
    }
  })
})
