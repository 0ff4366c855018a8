import type { BrowserContext, CDPSession, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
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
import { startServer, type TestServer } from '../helpers/startServer.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

const tableUrl = () => tablePageUrl(server)

async function storedText(): Promise<string> {
  return (await storedDoc(server.store, 'test-session/t1')).getXmlFragment('notes').toString()
}

const SAVED = 'Saved on the server'
const KEPT_ON_DEVICE =
  /^Offline — your edits since .+ are kept on this device and will be sent when the connection returns$/

const tabSessions = new WeakMap<Page, CDPSession>()

/**
 * One tab offline while the others stay online, as DevTools' per-tab network setting does. The
 * setting belongs to the DevTools session that made it, so each tab keeps one.
 */
async function setTabOffline(page: Page, offline: boolean): Promise<void> {
  const cdp = tabSessions.get(page) ?? (await page.context().newCDPSession(page))
  tabSessions.set(page, cdp)
  await cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  })
}

/** Deletes the site's IndexedDB, as "clear site data" or the browser's eviction does. */
async function clearIndexedDb(context: BrowserContext): Promise<void> {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Storage.clearDataForOrigin', {
    origin: server.httpUrl,
    storageTypes: 'indexeddb',
  })
  await page.close()
}

/** Every change typed so far is in IndexedDB: the journal in localStorage let go of it. */
async function waitForIndexedDb(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !Object.keys(localStorage).some((key) => key.startsWith('tablenotes:journal:')),
  )
}

describe('a save status that never lies (P5, P15)', () => {
  it('sends on what an offline tab typed, and no tab says saved before the server has it', async () => {
    server = await startServer()
    const context = await chromium.context('Tam')
    // Tab A's socket passes through the test, which can hold what A sends.
    const a = await context.newPage()
    let holdA = false
    const heldA: Array<() => void> = []
    await a.routeWebSocket(/\/collab\/test-session\/t1\?/, (socket) => {
      const toServer = socket.connectToServer()
      socket.onMessage((message) => {
        if (holdA) heldA.push(() => toServer.send(message))
        else toServer.send(message)
      })
    })
    await a.goto(tableUrl())
    await a.locator('.notes .answer p').first().waitFor()
    const b = await openTable(context, tableUrl())
    await expect.poll(() => status(a).innerText()).toBe(SAVED)
    await expect.poll(() => status(b).innerText()).toBe(SAVED)

    await setTabOffline(b, true)
    await expect
      .poll(() => status(b).innerText())
      .toBe('Offline — everything is saved on the server')
    holdA = true
    await clickAnswer(b, 0)
    await b.keyboard.type('OFFB1')
    await expect.poll(() => status(b).innerText()).toMatch(KEPT_ON_DEVICE)
    // B's text reaches A through the browser; A cannot pass it on yet, and must not say saved.
    await expect.poll(() => notesText(a)).toContain('OFFB1')
    await expect.poll(() => status(a).innerText()).not.toBe(SAVED)
    await clickAnswer(a, 1)
    await a.keyboard.type('A-HELD')
    await expect.poll(() => notesText(a)).toContain('A-HELD')
    expect(await status(a).innerText()).not.toBe(SAVED)
    expect(await storedText()).not.toContain('OFFB1')

    // A's connection carries again: the server gets B's text through A, without a reload.
    holdA = false
    for (const send of heldA.splice(0)) send()
    await expect.poll(() => status(a).innerText()).toBe(SAVED)
    const stored = await storedText()
    expect(stored).toContain('OFFB1')
    expect(stored).toContain('A-HELD')
    expect(await status(b).innerText()).toMatch(KEPT_ON_DEVICE)

    // A's own typing afterwards is saved as usual.
    await a.keyboard.type(' A-LATER')
    await expect.poll(() => storedText()).toContain('A-HELD A-LATER')
    await expect.poll(() => status(a).innerText()).toBe(SAVED)

    await setTabOffline(b, false)
    // Reconnecting waits out y-websocket's back-off.
    await expect.poll(() => status(b).innerText(), { timeout: 30_000 }).toBe(SAVED)
    expect(await notesText(b)).toContain('A-LATER')
    // Every "saved" B showed came before it went offline or after the server had its text.
    const logB = await statusLog(b)
    const offlineAt = logB.findIndex((text) => KEPT_ON_DEVICE.test(text))
    expect(logB.slice(offlineAt, -1), logB.join(' → ')).not.toContain(SAVED)
    await context.close()
  })

  it('writes the device copy again when the browser deletes it under the open page', async () => {
    server = await startServer()
    const page = await chromium.table('Uma', tableUrl())
    await waitForServiceWorker(page)
    await expect.poll(() => status(page).innerText()).toBe(SAVED)
    await page.context().setOffline(true)
    await expect.poll(() => status(page).innerText()).toMatch(/^Offline/)
    await clickAnswer(page, 0)
    await page.keyboard.type('KEPT1')
    await expect.poll(() => status(page).innerText()).toMatch(KEPT_ON_DEVICE)
    await waitForIndexedDb(page)

    await clearIndexedDb(page.context())
    await page.keyboard.type(' KEPT2')
    await expect.poll(() => notesText(page)).toContain('KEPT1 KEPT2')
    await waitForIndexedDb(page)
    // Reopened with no network, from the device alone: nothing is missing.
    await page.reload()
    await page.locator('.notes .answer p').first().waitFor()
    expect(await notesText(page)).toContain('KEPT1 KEPT2')
    expect(await status(page).innerText()).toMatch(KEPT_ON_DEVICE)

    await page.context().setOffline(false)
    await expect.poll(() => status(page).innerText(), { timeout: 30_000 }).toBe(SAVED)
    expect(await storedText()).toContain('KEPT1 KEPT2')
    await page.context().close()
  })

  it('says what was lost when the device copy went while the page was closed', async () => {
    server = await startServer()
    const context = await chromium.context('Vic')
    const first = await openTable(context, tableUrl())
    await waitForServiceWorker(first)
    await clickAnswer(first, 0)
    await first.keyboard.type('ONLINE1 ')
    await expect.poll(() => status(first).innerText()).toBe(SAVED)
    await context.setOffline(true)
    await expect.poll(() => status(first).innerText()).toMatch(/^Offline/)
    await first.keyboard.type('GONE1')
    await expect.poll(() => status(first).innerText()).toMatch(KEPT_ON_DEVICE)
    await waitForIndexedDb(first)
    await first.close()
    await clearIndexedDb(context)

    // Reopened offline: the device has nothing of the table, and the page says what went.
    const page = await context.newPage()
    await page.goto(tableUrl())
    const missing =
      /^This browser deleted its stored copy of your edits since .+\. If the server stored them they will come back; otherwise they are lost\.$/
    await expect.poll(() => status(page).innerText()).toMatch(missing)

    await context.setOffline(false)
    await expect
      .poll(() => status(page).innerText(), { timeout: 30_000 })
      .toMatch(
        /^Your edits since .+ are lost: this browser deleted its stored copy before they reached the server\.$/,
      )
    await expect.poll(() => notesText(page)).toContain('ONLINE1')
    expect(await notesText(page)).not.toContain('GONE1')
    expect(await storedText()).not.toContain('GONE1')
    expect(await statusLog(page)).not.toContain(SAVED)

    await page.getByRole('button', { name: 'Understood' }).click()
    await expect.poll(() => status(page).innerText()).toBe(SAVED)
    await context.close()
  })
})
