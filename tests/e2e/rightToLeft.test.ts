import type { Session } from '@tablenotes/shared'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useChromium } from '../helpers/browser.js'
import { testSession } from '../helpers/fixtures.js'
import { storeBulletList } from '../helpers/notes.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

/** The test session with an Arabic table, whose questions and parts are translated. */
const session: Session = {
  ...testSession,
  questions: [
    { id: 'q1', text: 'What works?', translations: { ar: 'ما الذي ينجح؟' } },
    {
      id: 'q2',
      text: 'What should change?',
      translations: { ar: 'ما الذي يجب أن يتغير؟' },
      parts: [
        { id: 'a', text: 'Nationally?', translations: { ar: 'على المستوى الوطني؟' } },
        { id: 'b', text: 'Regionally?', translations: { ar: 'على المستوى الإقليمي؟' } },
      ],
    },
  ],
  tables: [{ id: 'beirut', name: 'بيروت', language: 'ar' }, ...testSession.tables],
}

const ITEMS = ['المدن تصدر بطاقات هوية للجميع', 'النقابات تحمي العمال المنزليين']

const organizer = () => mintToken({ sessionId: session.id, role: 'organizer' })

beforeAll(async () => {
  server = await startServer({ sessions: [session] })
  await storeBulletList(server.collabUrl, `${session.id}/beirut`, ITEMS)
  const compiled = await fetch(`${server.httpUrl}/api/sessions/${session.id}/synthesis/compile`, {
    method: 'POST',
    headers: { authorization: `Bearer ${organizer()}` },
  })
  expect(compiled.status).toBe(200)
})
afterAll(async () => {
  await server?.close()
})

/** The laid-out direction of the Arabic list and of each of its items, and where bullets sit. */
async function listLayout(list: Locator) {
  await list.waitFor()
  return list.evaluate((element) => {
    const items = [...element.querySelectorAll(':scope > li')]
    const box = element.getBoundingClientRect()
    return {
      list: getComputedStyle(element).direction,
      items: items.map((item) => getComputedStyle(item).direction),
      // Bullets sit outside an item, on its start side: the list leaves room on the right.
      roomOnTheRight: Number.parseFloat(getComputedStyle(element).paddingRight) > 0,
      insideThePage: box.left >= 0 && box.right <= document.documentElement.clientWidth,
    }
  })
}

const RIGHT_TO_LEFT = {
  list: 'rtl',
  items: ['rtl', 'rtl'],
  roomOnTheRight: true,
  insideThePage: true,
}

async function openPage(path: string, role: 'editor' | 'moderator' | 'rapporteur'): Promise<Page> {
  // The interface in English: the list must take its items' direction, not the page's.
  const context = await chromium.context('Amina', { width: 1000, height: 800 })
  const page = await context.newPage()
  const claims =
    role === 'editor'
      ? { sessionId: session.id, role, tableId: 'beirut' }
      : { sessionId: session.id, role }
  await page.goto(`${server.httpUrl}${path}?token=${mintToken(claims)}`)
  return page
}

const arabicList = (page: Page, within: string) =>
  page.locator(within).locator('ul', { hasText: ITEMS[0]! }).last()

describe('an Arabic bullet list is right to left, list and items', () => {
  it('in the editor, where parts "a.", "b." of an Arabic table read right to left too', async () => {
    const page = await openPage(`/s/${session.id}/t/beirut`, 'editor')
    expect(await listLayout(arabicList(page, '.notes'))).toEqual(RIGHT_TO_LEFT)
    const parts = page.locator('.notes .question-part .prompt')
    await expect
      .poll(() => parts.allInnerTexts())
      .toEqual(['a. على المستوى الوطني؟', 'b. على المستوى الإقليمي؟'])
    expect(
      await parts.evaluateAll((all) => all.map((each) => getComputedStyle(each).direction)),
    ).toEqual(['rtl', 'rtl'])
    await page.context().close()
  })

  it('on the moderator wall', async () => {
    const page = await openPage(`/s/${session.id}/moderator`, 'moderator')
    expect(await listLayout(arabicList(page, '.wall-notes'))).toEqual(RIGHT_TO_LEFT)
    await page.context().close()
  })

  it('in the synthesis', async () => {
    const page = await openPage(`/s/${session.id}/synthesis`, 'rapporteur')
    expect(await listLayout(arabicList(page, '.contribution'))).toEqual(RIGHT_TO_LEFT)
    await page.context().close()
  })

  it.each(['tables/beirut', 'synthesis'])('in the HTML export of %s', async (route) => {
    const response = await fetch(
      `${server.httpUrl}/api/sessions/${session.id}/${route}/export?format=html`,
      { headers: { authorization: `Bearer ${organizer()}` } },
    )
    expect(response.status).toBe(200)
    const context = await chromium.newContext({ viewport: { width: 1000, height: 800 } })
    const page = await context.newPage()
    await page.setContent(await response.text())
    expect(await listLayout(arabicList(page, 'body'))).toEqual(RIGHT_TO_LEFT)
    await context.close()
  })
})
