import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { EXAMPLES_DIR, readSessionFile } from '@tablenotes/server'
import { roomKey, type Session } from '@tablenotes/shared'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useChromium } from '../helpers/browser.js'
import { storeBulletList } from '../helpers/notes.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer
let sessions: Session[]

/** Notes that test a phone's width: a long address and a long unbroken word, in both scripts. */
const WIDE_NOTES = [
  'See https://www.example.org/migration/governance/regional-consultative-processes/2016/report-of-the-table.pdf',
  'Überseemigrationsgovernancekoordinationsmechanismusbeauftragte',
  'المدن تصدر بطاقات هوية للجميع، بغض النظر عن الوضع القانوني للمهاجرين.',
]

function writeWideNotes(room: string): Promise<void> {
  return storeBulletList(server.collabUrl, room, WIDE_NOTES)
}

beforeAll(async () => {
  const files = (await readdir(EXAMPLES_DIR)).filter((file) => file.endsWith('.yaml')).sort()
  sessions = await Promise.all(files.map((file) => readSessionFile(path.join(EXAMPLES_DIR, file))))
  server = await startServer({ sessions })
  // A table with notes in every session, compiled into its synthesis: pages with content.
  for (const session of sessions) {
    await writeWideNotes(roomKey(session.id, session.tables[0]!.id))
    const compiled = await fetch(`${server.httpUrl}/api/sessions/${session.id}/synthesis/compile`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${mintToken({ sessionId: session.id, role: 'organizer' })}`,
      },
    })
    expect(compiled.status).toBe(200)
  }
})
afterAll(async () => {
  await server?.close()
})

/** The page's width beyond the viewport's, and what sticks out, to say why in a failure. */
async function overflowOf(page: Page): Promise<{ sideways: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const outside = [...document.querySelectorAll('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect()
        return box.width > 0 && (box.right > width + 1 || box.left < -1)
      })
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`)
    return { sideways: document.documentElement.scrollWidth - width, outside }
  })
}

interface PageToCheck {
  name: string
  url: string
  /** What shows that the page has rendered what it will show. */
  ready: string
}

function pagesOf(session: Session): PageToCheck[] {
  const link = (path: string, claims: Parameters<typeof mintToken>[0]) =>
    `${server.httpUrl}${path}?token=${mintToken(claims)}`
  const organizer = { sessionId: session.id, role: 'organizer' } as const
  return [
    { name: 'organizer', url: link(`/s/${session.id}`, organizer), ready: 'svg[role="img"]' },
    {
      name: 'wall',
      url: link(`/s/${session.id}/moderator`, { sessionId: session.id, role: 'moderator' }),
      ready: '.wall-notes li',
    },
    {
      name: 'synthesis',
      url: link(`/s/${session.id}/synthesis`, { sessionId: session.id, role: 'rapporteur' }),
      ready: '.contribution li',
    },
    { name: 'print', url: link(`/s/${session.id}/print`, organizer), ready: '.sheet svg' },
    ...session.tables.map((table) => ({
      name: `table ${table.id}`,
      url: link(`/s/${session.id}/t/${table.id}`, {
        sessionId: session.id,
        role: 'editor',
        tableId: table.id,
      }),
      ready: '.notes .answer p',
    })),
  ]
}

describe.each(['en', 'ar'] as const)('on a phone in %s', (language) => {
  // Every example session on a common phone; the narrowest phones with the session that has
  // everything (Arabic, French and Spanish tables, priority issues with long labels).
  it.each([
    { width: 390, only: null },
    { width: 320, only: 'pga-2016-global-governance' },
  ])('every page of the example sessions fits $width px, with no sideways scroll', async ({
    width,
    only,
  }) => {
    const context = await chromium.context('Amina', { width, height: 844 })
    await context.addInitScript((value) => {
      localStorage.setItem('tablenotes.language', value)
    }, language)
    try {
      const page = await context.newPage()
      await page.goto(`${server.httpUrl}/`)
      await page.getByRole('textbox').first().waitFor()
      const checked: Record<string, { sideways: number; outside: string[] }> = {
        front: await overflowOf(page),
      }
      const checkedSessions = sessions.filter((session) => only === null || session.id === only)
      expect(checkedSessions.length).toBeGreaterThan(0)
      for (const session of checkedSessions) {
        for (const { name, url, ready } of pagesOf(session)) {
          await page.goto(url)
          await page.locator(ready).first().waitFor()
          checked[`${session.id} ${name}`] = await overflowOf(page)
        }
      }
      // The front page again, now listing the sessions this browser holds links for.
      await page.goto(`${server.httpUrl}/`)
      await page.locator('.table-list a').first().waitFor()
      checked['front, with sessions'] = await overflowOf(page)
      const wide = Object.entries(checked).filter(([, { sideways }]) => sideways > 0)
      expect(Object.keys(checked).length).toBeGreaterThan(5 * checkedSessions.length)
      expect(wide).toEqual([])
    } finally {
      await context.close()
    }
  }, 240_000)
})
