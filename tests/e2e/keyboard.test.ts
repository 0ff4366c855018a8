import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { useChromium } from '../helpers/browser.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

/** What has the keyboard focus: its role-ish tag and its accessible text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement
    return {
      editor: element?.classList.contains('ProseMirror') ?? false,
      text: element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '',
    }
  })

/** Presses Tab until `matches` says the focus arrived, as a keyboard user would. */
async function tabTo(
  page: Page,
  what: string,
  matches: (focus: { editor: boolean; text: string }) => boolean,
) {
  for (let presses = 0; presses < 40; presses++) {
    if (matches(await focused(page))) return
    await page.keyboard.press('Tab')
  }
  throw new Error(
    `Tab never reached ${what}; the focus is on ${JSON.stringify(await focused(page))}`,
  )
}

/** Whether the caret or the focused control is below the sticky bars and inside the window. */
function hiddenUnderStickyBars(page: Page, what: 'caret' | 'focus') {
  return page.evaluate((target) => {
    const rect =
      target === 'caret'
        ? window.getSelection()!.getRangeAt(0).getBoundingClientRect()
        : document.activeElement!.getBoundingClientRect()
    const bars = [...document.querySelectorAll('.page-header, .toolbar')].map((bar) =>
      bar.getBoundingClientRect(),
    )
    const barsBottom = Math.max(0, ...bars.map((bar) => bar.bottom))
    return {
      clear: rect.top >= barsBottom - 1,
      inView: rect.bottom <= window.innerHeight + 1,
    }
  }, what)
}

describe('a table with the keyboard alone', () => {
  it('joins, writes under the first question, reads the save status and exports', async () => {
    server = await startServer()
    const context = await chromium.newContext({ acceptDownloads: true })
    const page = await context.newPage()
    const token = mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' })
    await page.goto(`${server.httpUrl}/s/test-session/t/t1?token=${token}`)

    // The name dialog has the focus: type a name and press Enter.
    await page.getByLabel('Name', { exact: true }).waitFor()
    await page.keyboard.type('Layla')
    await page.keyboard.press('Enter')
    await page.locator('.notes .answer p').first().waitFor()

    // Having joined, the caret waits in the first answer.
    await expect.poll(async () => (await focused(page)).editor).toBe(true)
    await page.keyboard.type('Cities lead on inclusion.')
    await expect
      .poll(() => page.locator('.notes .question').first().locator('.answer').innerText())
      .toContain('Cities lead on inclusion.')

    // A long answer: the caret stays in view, never under the sticky header and toolbar.
    for (let line = 1; line <= 30; line++) {
      await page.keyboard.press('Enter')
      await page.keyboard.type(`Point ${line}.`)
    }
    expect(await hiddenUnderStickyBars(page, 'caret')).toEqual({ clear: true, inView: true })
    // Back up the answer: the page scrolls the caret clear of the bars, not just into the window.
    for (let line = 0; line < 24; line++) await page.keyboard.press('ArrowUp')
    expect(await hiddenUnderStickyBars(page, 'caret')).toEqual({ clear: true, inView: true })
    await page.keyboard.press('Control+End')

    // The save status is a polite live region a screen reader announces.
    const status = page.getByRole('status').filter({ hasText: 'Saved on the server' })
    await status.waitFor({ timeout: 15_000 })
    expect(await status.getAttribute('aria-live')).not.toBe('assertive')

    // Escape leaves the editor; Tab reaches the Markdown download; Enter downloads it.
    await page.keyboard.press('Escape')
    expect((await focused(page)).editor).toBe(false)
    await tabTo(page, 'the Markdown download', (focus) => focus.text === 'Download as Markdown')
    expect(await hiddenUnderStickyBars(page, 'focus')).toEqual({ clear: true, inView: true })
    const download = page.waitForEvent('download')
    await page.keyboard.press('Enter')
    const markdown = await readFile((await (await download).path())!, 'utf8')
    expect(markdown).toContain('## 1. What works?\n\nCities lead on inclusion.')

    // Back again with the name known: the skip link leads into the notes.
    await page.reload()
    await page.locator('.notes .answer p').first().waitFor()
    await page.keyboard.press('Tab')
    expect((await focused(page)).text).toBe('Skip to the notes')
    await page.keyboard.press('Enter')
    await tabTo(page, 'the editor', (focus) => focus.editor)
    await context.close()
  })
})
