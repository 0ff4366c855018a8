import ar from '@tablenotes/shared/catalogues/ar'
import { afterEach, describe, expect, it } from 'vitest'
import { axeViolations } from '../helpers/axe.js'
import { clickAnswer, openTable, status, useChromium } from '../helpers/browser.js'
import { sessionPageUrl } from '../helpers/pages.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken, writerToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

const tableUrl = (token: string) => `${server.httpUrl}/s/test-session/t/t1?token=${token}`
const wallUrl = () => sessionPageUrl(server, 'moderator')

/** The text of the nth answer (0-based, document order) as the page shows it. */
const answerText = (page: import('playwright-core').Page, index: number) =>
  page.locator('.notes .answer').nth(index).innerText()

/** The inner texts of `locator`'s matches, white space collapsed. */
const textsOf = async (locator: import('playwright-core').Locator) =>
  (await locator.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim())

const savedOnServer = (page: import('playwright-core').Page) =>
  expect.poll(() => status(page).innerText(), { timeout: 15_000 }).toBe('Saved on the server')

describe('the history panel in Chromium', () => {
  it('lists a named version, shows its old text, and restores one question live', async () => {
    server = await startServer()
    // The writer works on a phone: the panel must fit 390 px.
    const writer = await chromium.context('Wafa', { width: 390, height: 844 })
    const page = await openTable(writer, tableUrl(writerToken('test-session/t1')))
    await clickAnswer(page, 0)
    await page.keyboard.type('Cities issue ID cards', { delay: 20 })
    await clickAnswer(page, 1)
    await page.keyboard.type('Regional passports', { delay: 20 })
    await savedOnServer(page)

    // A moderator names a version of every room from the wall: three tables and the synthesis.
    const moderator = await chromium.context('Mona')
    const wall = await moderator.newPage()
    await wall.goto(wallUrl())
    await wall.getByLabel('Name a version of every table').fill('End of round 1')
    await wall.getByRole('button', { name: 'Save version' }).click()
    await wall.getByText('Version “End of round 1” saved for 4 rooms.').waitFor()

    // The writer empties the first answer and changes the second.
    await clickAnswer(page, 0)
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.press('Backspace')
    await clickAnswer(page, 1)
    await page.keyboard.type(' and visas', { delay: 20 })
    await expect.poll(() => answerText(page, 0)).not.toContain('Cities')
    await expect.poll(() => answerText(page, 1)).toContain('Regional passports and visas')
    await savedOnServer(page)

    await page.getByRole('button', { name: 'History' }).click()
    const panel = page.getByRole('dialog', { name: 'Versions of these notes' })
    await panel.waitFor()
    const box = await panel.boundingBox()
    expect(box?.width).toBeLessThanOrEqual(390)
    const named = panel.getByRole('listitem').filter({ hasText: 'End of round 1' })
    await named.waitFor()
    await expect.poll(() => named.innerText()).toMatch(/Written by .*Wafa/)
    // The restore select, as wide as its longest choice, wraps inside the panel's edges: probed
    // with a choice as long as a real session's question, removed again before the restore.
    const restoreWhat = named.getByLabel('Restore')
    await restoreWhat.evaluate((element) => {
      const long = document.createElement('option')
      long.className = 'probe'
      long.text = 'How do the cities and the regions share the work of welcoming newcomers?'
      element.append(long)
    })
    const select = await restoreWhat.boundingBox()
    await restoreWhat.evaluate((element) => element.querySelector('.probe')?.remove())
    const inner = await panel.evaluate((element) => element.getBoundingClientRect().right)
    expect(select?.x).toBeGreaterThanOrEqual(box?.x ?? Number.POSITIVE_INFINITY)
    expect((select?.x ?? 0) + (select?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(
      inner,
    )

    await named.getByRole('button', { name: 'Read the version “End of round 1”' }).click()
    // The changes since the previous version (none: the room's first), by writer: Wafa's text
    // is inserted, under her name (title and the words said before it), not colour alone.
    const wafas = panel.locator('.version-section ins[title="Wafa"]')
    await expect
      .poll(() => textsOf(wafas))
      .toEqual(['inserted by Wafa: Cities issue ID cards', 'inserted by Wafa: Regional passports'])
    await panel.getByRole('list', { name: 'Writers of the insertions' }).getByText('Wafa').waitFor()
    await panel.getByText('The whole text (Markdown)').click()
    const reading = panel.locator('.history-text')
    await expect.poll(() => reading.innerText()).toContain('Cities issue ID cards')
    await expect.poll(() => reading.innerText()).not.toContain('and visas')
    expect(await axeViolations(page)).toEqual([])

    // Restore the first question only, after the confirmation.
    await named.getByLabel('Restore').selectOption('q1')
    await named.getByRole('button', { name: 'Restore…' }).click()
    const confirm = named.getByRole('group', { name: 'Confirm the restore' })
    await expect.poll(() => confirm.innerText()).toContain('What works?')
    await confirm.getByRole('button', { name: 'Restore', exact: true }).click()
    await panel.getByText('Restored. Everyone at the table sees it now.').waitFor()
    // The list now holds the version taken before the restore, which can undo it.
    const before = panel.getByRole('listitem').filter({ hasText: 'before a restore' })
    await before.waitFor()
    // Read it: since "End of round 1", the first answer was deleted (struck) and Wafa added
    // " and visas" to the second.
    await before.getByRole('button', { name: 'Read the version “before a restore”' }).click()
    await expect
      .poll(() => textsOf(panel.locator('.version-section del')))
      .toEqual(['deleted: Cities issue ID cards'])
    await expect
      .poll(() => textsOf(panel.locator('.version-section ins')))
      .toEqual(['inserted by Wafa: and visas'])
    expect(await axeViolations(page)).toEqual([])

    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'hidden' })
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('History')
    await expect.poll(() => answerText(page, 0)).toContain('Cities issue ID cards')
    await expect.poll(() => answerText(page, 1)).toContain('Regional passports and visas')
    await savedOnServer(page)

    // A read link lists and reads versions but is offered no restore.
    const reader = await chromium.context('Rita')
    const viewerToken = mintToken({ sessionId: 'test-session', role: 'viewer', tableId: 't1' })
    const readPage = await reader.newPage()
    await readPage.goto(tableUrl(viewerToken))
    await readPage.getByRole('button', { name: 'History' }).click()
    const readPanel = readPage.getByRole('dialog', { name: 'Versions of these notes' })
    const readNamed = readPanel.getByRole('listitem').filter({ hasText: 'End of round 1' })
    await readNamed.getByRole('button', { name: 'Read the version “End of round 1”' }).waitFor()
    expect(await readNamed.getByRole('button', { name: 'Restore…' }).count()).toBe(0)

    await Promise.all([writer.close(), moderator.close(), reader.close()])
    // Two browsers, a restore and two readings with axe checks: more than the default minute
    // on a loaded machine.
  }, 150_000)

  it('marks who wrote what for two writers, by name on hover and at the caret', async () => {
    server = await startServer()
    const amina = await chromium.context('Amina')
    const kofi = await chromium.context('Kofi')
    const aminaPage = await openTable(amina, tableUrl(writerToken('test-session/t1')))
    const kofiPage = await openTable(kofi, tableUrl(writerToken('test-session/t1')))
    await clickAnswer(aminaPage, 0)
    await aminaPage.keyboard.type('Cities issue ID cards', { delay: 20 })
    await clickAnswer(kofiPage, 1)
    await kofiPage.keyboard.type('Regional passports', { delay: 20 })
    await Promise.all([savedOnServer(aminaPage), savedOnServer(kofiPage)])
    await expect.poll(() => answerText(aminaPage, 1)).toContain('Regional passports')

    const toggle = aminaPage.getByRole('button', { name: 'Who wrote what' })
    await toggle.click()
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    // Each writer's text carries their name (title, shown on hover), from the server's record.
    const notes = aminaPage.locator('.notes')
    /** The texts the toggle marks as `name`'s (the title shown on hover). */
    const writtenBy = (name: string) => textsOf(notes.locator(`[title="${name}"]`))
    await expect.poll(() => writtenBy('Amina')).toEqual(['Cities issue ID cards'])
    await expect.poll(() => writtenBy('Kofi')).toEqual(['Regional passports'])
    const legend = aminaPage.getByRole('list', { name: 'Writers in these notes' })
    await expect.poll(() => textsOf(legend.getByRole('listitem'))).toEqual(['Amina', 'Kofi'])
    // Decorations only: the document holds no trace of them, so nothing reaches Kofi's page.
    expect(await kofiPage.locator('.notes [title="Amina"]').count()).toBe(0)

    // From the keyboard: the caret in Kofi's words says so, politely.
    await clickAnswer(aminaPage, 1)
    await aminaPage.keyboard.press('ArrowLeft')
    await expect
      .poll(() => aminaPage.locator('.author-at-caret').innerText())
      .toBe('Written by Kofi')
    await clickAnswer(aminaPage, 0)
    await aminaPage.keyboard.press('ArrowLeft')
    await expect
      .poll(() => aminaPage.locator('.author-at-caret').innerText())
      .toBe('Written by Amina')

    // Kofi writes on while the toggle is on: his new words are marked his a moment later.
    await clickAnswer(kofiPage, 1)
    await kofiPage.keyboard.type(' and visas', { delay: 20 })
    await savedOnServer(kofiPage)
    await expect
      .poll(() => writtenBy('Kofi'), { timeout: 15_000 })
      .toEqual(['Regional passports and visas'])
    expect(await axeViolations(aminaPage)).toEqual([])

    // Off: no marks are left.
    await toggle.click()
    await expect.poll(() => notes.locator('.author-run').count()).toBe(0)
    await Promise.all([amina.close(), kofi.close()])
  }, 120_000)

  it('opens on the synthesis page in Arabic on a phone, right to left and accessible', async () => {
    server = await startServer()
    const organizer = mintToken({ sessionId: 'test-session', role: 'organizer' })
    const named = await fetch(`${server.httpUrl}/api/sessions/test-session/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${organizer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'نهاية الجولة الأولى' }),
    })
    expect(named.status).toBe(201)

    const context = await chromium.newContext({
      locale: 'ar',
      viewport: { width: 390, height: 844 },
    })
    const page = await context.newPage()
    await page.goto(`${server.httpUrl}/s/test-session/synthesis?token=${organizer}`)
    await page.getByRole('button', { name: ar.historyOpen }).click()
    const panel = page.getByRole('dialog', { name: ar.historyTitle })
    await panel.getByRole('listitem').filter({ hasText: 'نهاية الجولة الأولى' }).waitFor()
    expect(await panel.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl')
    const box = await panel.boundingBox()
    expect(box?.x).toBeGreaterThanOrEqual(0)
    expect((box?.x ?? 0) + (box?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(390)
    expect(await axeViolations(page)).toEqual([])
    await context.close()
  })
})
