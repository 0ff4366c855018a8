import { createTableSeed, NOTES_FRAGMENT, type Session } from '@tablenotes/shared'
import en from '@tablenotes/shared/catalogues/en'
import fr from '@tablenotes/shared/catalogues/fr'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { axeViolations } from '../helpers/axe.js'
import { openTable, status, useChromium } from '../helpers/browser.js'
import {
  isStoredOnServer,
  presenceBarrier,
  type TestClient,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { testSession } from '../helpers/fixtures.js'
import { firstAnswer, writeCallToAction } from '../helpers/notes.js'
import { sessionPageUrl, tablePageUrl } from '../helpers/pages.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'

const chromium = useChromium()
const fixture = serverForEachTest()
let server: TestServer

const wallUrl = () => sessionPageUrl(server, 'moderator')
const tableUrl = (table: string) => tablePageUrl(server, table)

/** A stock Node client typing under the first question of a table. */
async function typeAt(table: string, text: string): Promise<TestClient> {
  const client = fixture.connect(`test-session/${table}`, { stored: true })
  await waitForSync(client)
  ;(firstAnswer(client.doc).get(0) as Y.XmlElement).insert(0, [new Y.XmlText(text)])
  return client
}

const card = (page: import('playwright-core').Page, name: string) =>
  page.locator('.wall-card', { has: page.getByRole('heading', { name: new RegExp(`^${name}`) }) })

describe('the moderator wall in Chromium', () => {
  it('shows every table’s text and progress live, and answers calls for help', async () => {
    server = await fixture.start()
    const context = await chromium.context('Mona')
    const wall = await context.newPage()
    await wall.goto(wallUrl())
    await card(wall, 'Table one').waitFor()
    await expect
      .poll(() => card(wall, 'Table one').locator('.progress li').first().innerText())
      .toBe('1. empty')

    await typeAt('t1', 'Cities issue ID cards to everyone')
    await typeAt('t2', 'Regional passports work')
    await expect
      .poll(() => card(wall, 'Table one').locator('.wall-notes').innerText())
      .toContain('Cities issue ID cards to everyone')
    await expect
      .poll(() => card(wall, 'Table two').locator('.wall-notes').innerText())
      .toContain('Regional passports work')
    await expect
      .poll(() => card(wall, 'Table one').locator('.progress li').first().innerText())
      .toBe('1. 6 words')

    // A client reports changes waiting, then its connection dies: the wall says so.
    const flaky = await typeAt('t2', '')
    flaky.provider.awareness.setLocalState({ user: { name: 'Sam' }, waiting: 1 })
    await expect.poll(() => card(wall, 'Table two').innerText()).toContain('Sam')
    flaky.provider.disconnect()
    await card(wall, 'Table two')
      .getByText('Sam went offline with edits not yet on the server')
      .waitFor()

    const writer = await chromium.context('Tariq')
    const table = await openTable(writer, tableUrl('t3'))
    await table.getByRole('button', { name: 'Ask a moderator for help' }).click()
    await card(wall, 'Table three').getByText('Asks for help').waitFor()
    await card(wall, 'Table three').getByRole('button', { name: 'Mark as answered' }).click()
    await expect.poll(() => card(wall, 'Table three').getByText('Asks for help').count()).toBe(0)
    await table.getByRole('button', { name: 'Ask a moderator for help' }).waitFor()
    await writer.close()
    await context.close()
  })

  it('sends the clock, announcements and the lock to every table, offline ones when they return', async () => {
    server = await fixture.start()
    const writer = await chromium.context('Ines')
    const table = await openTable(writer, tableUrl('t1'))
    await expect.poll(() => status(table).innerText()).toBe('Saved on the server')
    const away = await chromium.context('Omar')
    const offlineTable = await openTable(away, tableUrl('t2'))
    await away.setOffline(true)
    await expect
      .poll(() => status(offlineTable).innerText(), { timeout: 45_000 })
      .toMatch(/^Offline/)

    const context = await chromium.context('Mona')
    const wall = await context.newPage()
    await wall.goto(wallUrl())
    await wall.getByRole('spinbutton', { name: 'Minutes' }).fill('10')
    await wall.getByRole('button', { name: 'Start the countdown' }).click()
    await wall
      .getByRole('textbox', { name: 'Announcement to every table' })
      .fill('Ten minutes to go')
    await wall.getByRole('button', { name: 'Send' }).click()

    await expect.poll(() => table.getByTestId('announcement').innerText()).toBe('Ten minutes to go')
    await expect.poll(() => table.getByTestId('countdown').innerText()).toMatch(/^(10:00|9:\d\d)$/)
    expect(await offlineTable.getByTestId('announcement').count()).toBe(0)
    await away.setOffline(false)
    await expect
      .poll(() => offlineTable.getByTestId('announcement').innerText(), { timeout: 30_000 })
      .toBe('Ten minutes to go')
    await expect
      .poll(() => offlineTable.getByTestId('countdown').innerText())
      .toMatch(/^(10:00|9:\d\d)$/)

    await wall.getByRole('button', { name: 'Lock the round' }).click()
    await table.getByText('The moderators locked the round').waitFor()
    await expect.poll(() => table.locator('.notes').getAttribute('contenteditable')).toBe('false')
    const stock = await typeAt('t1', 'written during the lock')
    // The stock client's presence, sent after its edit on the same socket, reaching another
    // client says the server handled the edit (and dropped it, P12); a client joining after that
    // gets the room once everything applied is stored (P4).
    const observer = fixture.connect('test-session/t1')
    await waitForSync(observer)
    await presenceBarrier(stock, observer, 'after the locked edit')
    const late = fixture.connect('test-session/t1')
    await waitForSync(late)
    expect(late.doc.getXmlFragment(NOTES_FRAGMENT).toString()).not.toContain(
      'written during the lock',
    )
    const stored = new Y.Doc()
    for (const row of await server.store.loadRoom('test-session/t1'))
      Y.applyUpdate(stored, row.update)
    expect(stored.getXmlFragment(NOTES_FRAGMENT).toString()).not.toContain(
      'written during the lock',
    )

    await wall.getByRole('button', { name: 'Unlock the round' }).click()
    await expect.poll(() => table.locator('.notes').getAttribute('contenteditable')).toBe('true')
    await expect
      .poll(async () => {
        const after = new Y.Doc()
        for (const row of await server.store.loadRoom('test-session/t1'))
          Y.applyUpdate(after, row.update)
        return after.getXmlFragment(NOTES_FRAGMENT).toString()
      })
      .toContain('written during the lock')
    expect(stock.doc.getXmlFragment(NOTES_FRAGMENT).toString()).toContain('written during the lock')
    await writer.close()
    await away.close()
    await context.close()
  })

  it('shows each table’s last stored edit when opened after it, and sorts by it', async () => {
    server = await fixture.start()
    // Table two was edited seven minutes ago, as the server's store recorded it then.
    const earlier = new Y.Doc()
    Y.applyUpdate(earlier, createTableSeed(testSession, 't2'))
    ;(firstAnswer(earlier).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Written a while ago')])
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() - 7 * 60_000)
    try {
      await server.store.appendUpdates([
        { room: 'test-session/t2', update: Y.encodeStateAsUpdate(earlier), fromClient: true },
      ])
    } finally {
      vi.useRealTimers()
    }
    // Table one was edited just now, by someone typing; table three never.
    const typist = await typeAt('t1', 'Cities issue ID cards')
    await waitFor('the edit to be stored', () => isStoredOnServer(typist))

    const context = await chromium.context('Mona')
    const wall = await context.newPage()
    await wall.goto(wallUrl())
    const ago = (name: string) => card(wall, name).locator('header .hint').innerText()
    await expect.poll(() => ago('Table two')).toContain('last edit 7 min ago')
    await expect.poll(() => ago('Table one')).toContain(en.editedJustNow)
    await expect.poll(() => ago('Table three')).toContain(en.noEditsYet)

    await wall.getByRole('combobox', { name: en.sortBy }).selectOption('activity')
    const order = () =>
      wall
        .locator('.wall-cell:not([hidden])')
        .evaluateAll((cells) =>
          cells
            .sort((a, b) => Number(getComputedStyle(a).order) - Number(getComputedStyle(b).order))
            .map((cell) => cell.querySelector('h3')?.textContent),
        )
    await expect.poll(order).toEqual(['Table three', 'Table two · Africa', 'Table one · Europe'])
    await context.close()
  })

  it('opens a table large across the wall, and axe finds nothing on six cards holding notes', async () => {
    const session: Session = {
      ...testSession,
      tables: ['Nairobi', 'Dakar', 'Beirut', 'Quito', 'Manila', 'Oslo'].map((name) => ({
        id: name.toLowerCase(),
        name,
        region: name,
      })),
    }
    server = await fixture.start({ sessions: [session] })
    // Notes longer than a card: every card's notes scroll.
    for (const table of session.tables) {
      const client = await typeAt(
        table.id,
        Array.from({ length: 40 }, (_, n) => `Point ${n + 1} from ${table.name}.`).join(' '),
      )
      await waitFor('the notes to be stored', () => isStoredOnServer(client))
    }
    const context = await chromium.context('Mona', { width: 1366, height: 768 })
    const wall = await context.newPage()
    await wall.goto(wallUrl())
    for (const table of session.tables) {
      await expect
        .poll(() => card(wall, table.name).locator('.wall-notes').innerText())
        .toContain(`Point 40 from ${table.name}.`)
    }
    // A table named after its region says its name once.
    expect(await card(wall, 'Oslo').locator('h3').innerText()).toBe('Oslo')
    const scrolls = wall.locator('.wall-notes-scroll')
    expect(
      await scrolls.evaluateAll(
        (all) => all.filter((each) => each.scrollHeight > each.clientHeight).length,
      ),
    ).toBe(6)
    expect(await axeViolations(wall)).toEqual([])

    await wall.getByRole('button', { name: en.openLarge.replace('{table}', 'Dakar') }).click()
    await wall.getByRole('button', { name: en.backToWall }).waitFor()
    const width = await card(wall, 'Dakar').evaluate(
      (element) => element.getBoundingClientRect().width,
    )
    expect(width).toBeGreaterThanOrEqual((1366 * 2) / 3)
    // The keyboard follows: to "Back to the wall" once open, to the card's button after Escape.
    const focusedName = () => wall.evaluate(() => document.activeElement?.textContent ?? '')
    await expect.poll(focusedName).toBe(en.backToWall)
    await wall.keyboard.press('Escape')
    await expect.poll(focusedName).toBe(en.openLarge.replace('{table}', 'Dakar'))
    await context.close()
  })

  it('labels a call to action in its table’s language', async () => {
    const session: Session = {
      ...testSession,
      tables: testSession.tables.map((table) =>
        table.id === 't1' ? { ...table, language: 'fr' } : table,
      ),
    }
    server = await fixture.start({ sessions: [session] })
    const client = fixture.connect('test-session/t1', { stored: true })
    await waitForSync(client)
    await writeCallToAction(client, { actor: 'Employeurs', action: 'Publier les frais' })

    const wall = await (await chromium.context('Mona')).newPage()
    await wall.goto(wallUrl())
    await expect
      .poll(() => card(wall, 'Table one').locator('.wall-notes').innerText(), { timeout: 30_000 })
      .toContain(`${fr.callToAction}: Publier les frais (${fr.callActor}: Employeurs)`)
  }, 120_000)
})
