import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import {
  clickAnswer,
  notesText,
  openTable,
  status,
  useChromium,
  waitForServiceWorker,
} from '../helpers/browser.js'
import { tablePageUrl } from '../helpers/pages.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'

const chromium = useChromium()
const fixture = serverForEachTest()

describe('the Markdown download in Chromium', () => {
  // The Markdown writer is a chunk of its own, loaded on the first download: the service worker
  // must have it, or a table with no network could not download its notes.
  it('downloads a table’s notes as Markdown while offline, made on the page', async () => {
    const server = await fixture.start()
    const context = await chromium.context('Noor')
    const page = await openTable(context, tablePageUrl(server))
    await waitForServiceWorker(page)
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')

    await context.setOffline(true)
    await expect.poll(() => status(page).innerText(), { timeout: 45_000 }).toMatch(/^Offline/)
    await clickAnswer(page, 0)
    await page.keyboard.type('written offline, see [x](y)')
    await expect.poll(() => notesText(page)).toContain('written offline')

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download as Markdown' }).click()
    const markdown = await readFile((await (await download).path())!, 'utf8')
    expect(markdown).toContain('# Table one')
    expect(markdown).toContain('## 1. What works?\n\nwritten offline, see \\[x]\\(y)\n')
  })
})
