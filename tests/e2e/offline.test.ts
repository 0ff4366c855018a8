import path from 'node:path'
import { openSqliteStore } from '@tablenotes/server'
import { describe, expect, it } from 'vitest'
import {
  clickAnswer,
  notesText,
  openTable,
  status,
  statusLog,
  useChromium,
  waitForServiceWorker,
} from '../helpers/browser.js'
import { storedDoc } from '../helpers/notes.js'
import { tablePageUrl } from '../helpers/pages.js'
import { serverProcessForAllTests } from '../helpers/serverProcess.js'

const chromium = useChromium()
const server = serverProcessForAllTests()
const tableUrl = (table: string) => tablePageUrl(server, table)

/** The stored document of a table, read through a fresh store connection beside the server. */
async function storedText(table: string): Promise<string> {
  const store = await openSqliteStore(path.join(server.dataDir, 'tablenotes.sqlite'))
  const doc = await storedDoc(store, `test-session/${table}`)
  await store.close()
  return doc.getXmlFragment('notes').toString()
}

/** What the status says offline while edits wait: since when, and where they are. */
const KEPT_ON_DEVICE =
  /^Offline — your edits since .+ are kept on this device and will be sent when the connection returns$/

const occurrences = (text: string, part: string) => text.split(part).length - 1

/** A page of table t1 opened by `name` on the running server, with the app ready offline. */
async function openReadyOffline(name: string) {
  await server.running()
  const context = await chromium.context(name)
  const page = await openTable(context, tableUrl('t1'))
  await waitForServiceWorker(page)
  return { context, page }
}

describe('offline and restarts in Chromium', () => {
  it('keeps typing through offline, a reload while offline, and reconnection', async () => {
    await server.start()
    const writer = await chromium.context('Eva')
    const reader = await chromium.context('Farid')
    const page = await openTable(writer, tableUrl('t2'))
    await waitForServiceWorker(page)
    const readerPage = await openTable(reader, tableUrl('t2'))
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')

    await writer.setOffline(true)
    await expect.poll(() => status(page).innerText(), { timeout: 45_000 }).toMatch(/^Offline/)
    await clickAnswer(page, 0)
    await page.keyboard.type('written offline,')
    await expect.poll(() => status(page).innerText()).toMatch(KEPT_ON_DEVICE)
    // A person's reload follows their keystrokes; the test's reload takes another channel.
    await expect.poll(() => notesText(page)).toContain('written offline,')

    await page.reload()
    await page.locator('.notes .answer p').first().waitFor()
    await expect.poll(() => notesText(page)).toContain('written offline,')
    await clickAnswer(page, 0)
    await page.keyboard.type(' and after the reload.')
    await expect.poll(() => status(page).innerText()).toMatch(KEPT_ON_DEVICE)

    await writer.setOffline(false)
    await expect
      .poll(() => status(page).innerText(), { timeout: 30_000 })
      .toBe('Saved on the server')
    await expect
      .poll(() => notesText(readerPage))
      .toContain('written offline, and after the reload.')
    const stored = await storedText('t2')
    expect(occurrences(stored, 'written offline,')).toBe(1)
    expect(occurrences(stored, 'and after the reload.')).toBe(1)
    expect(occurrences(await notesText(readerPage), 'written offline,')).toBe(1)

    const log = await statusLog(page)
    const offline = log.findIndex((text) => text.startsWith('Offline'))
    const waiting = log.findIndex((text, index) => index > offline && KEPT_ON_DEVICE.test(text))
    const saved = log.lastIndexOf('Saved on the server')
    expect(offline, log.join(' → ')).toBeGreaterThanOrEqual(0)
    expect(waiting, log.join(' → ')).toBeGreaterThan(offline)
    expect(saved, log.join(' → ')).toBeGreaterThan(waiting)
    await writer.close()
    await reader.close()
  })

  it('keeps the last keystroke through a reload the moment after typing, offline', async () => {
    const { context, page } = await openReadyOffline('Ilse')
    // The page asks before leaving with unsaved changes; this person answers "Leave".
    page.on('dialog', (dialog) => void dialog.accept())
    await context.setOffline(true)
    const words: string[] = []
    for (let round = 0; round < 10; round++) {
      await clickAnswer(page, 0)
      const word = ` r${round}.`
      await page.keyboard.type(word)
      words.push(word)
      // A person's reload follows their keystrokes; the test's reload takes another channel.
      await expect.poll(() => notesText(page)).toContain(word.trim())
      const before = await page.evaluate(() => performance.timeOrigin)
      await page.reload()
      await page.waitForFunction((origin) => performance.timeOrigin !== origin, before)
      await page.locator('.notes .answer p').first().waitFor()
      const text = await notesText(page)
      expect(
        words.filter((typed) => !text.includes(typed)),
        `round ${round}`,
      ).toEqual([])
    }
    await context.close()
  })

  it('says the notes are not on the device when reopened offline without its copy, and opens them back online', async () => {
    const { context, page } = await openReadyOffline('Eva')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')

    // Offline, the browser's site data for the page is cleared (its IndexedDB), then a reload.
    await context.setOffline(true)
    const browser = await context.newCDPSession(page)
    await browser.send('Storage.clearDataForOrigin', {
      origin: new URL(page.url()).origin,
      storageTypes: 'indexeddb',
    })
    await page.reload()
    await page.getByText('These notes are not on this device yet').waitFor()
    expect(await page.locator('.notes').count()).toBe(0)

    await context.setOffline(false)
    await page.locator('.notes .answer p').first().waitFor()
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    await context.close()
  })

  it('loses nothing when the server restarts while two people type, and recovers by itself', async () => {
    const beforeRestart = await server.running()
    const first = await chromium.context('Gita')
    const second = await chromium.context('Hamid')
    const pages = [await openTable(first, tableUrl('t3')), await openTable(second, tableUrl('t3'))]
    await clickAnswer(pages[0]!, 0)
    await clickAnswer(pages[1]!, 1)

    const typed: string[][] = [[], []]
    let restarted = false
    const typing = pages.map(async (page, index) => {
      for (let n = 0; n < 30; n++) {
        const word = `<p${index}w${n}>`
        await page.keyboard.type(word)
        typed[index]!.push(word)
        if (restarted && n > 25) break
        await page.waitForTimeout(60)
      }
    })
    await pages[0]!.waitForTimeout(600)
    beforeRestart.child.kill('SIGTERM')
    await beforeRestart.exited
    await server.start()
    restarted = true
    await Promise.all(typing)

    for (const page of pages) {
      await expect
        .poll(() => status(page).innerText(), { timeout: 30_000 })
        .toBe('Saved on the server')
    }
    const stored = await storedText('t3')
    for (const word of typed.flat()) {
      expect(occurrences(stored, word), word).toBe(1)
      for (const page of pages) expect(occurrences(await notesText(page), word), word).toBe(1)
    }
    await first.close()
    await second.close()
  })
})
