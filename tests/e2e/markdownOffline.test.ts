import { readFile } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { clickAnswer, notesText, openTable, status, useChromium } from '../helpers/browser.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { writerToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer | null = null

afterAll(async () => {
  await server?.close()
})

describe('the Markdown download in Chromium', () => {
  // The Markdown writer is a chunk of its own, loaded on the first download: the service worker
  // must have it, or a table with no network could not download its notes.
  it('downloads a table’s notes as Markdown while offline, made on the page', async () => {
    server = await startServer()
    const context = await chromium.context('Noor')
    const page = await openTable(
      context,
      `${server.httpUrl}/s/test-session/t/t1?token=${writerToken('test-session/t1')}`,
    )
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 20_000,
    })
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
