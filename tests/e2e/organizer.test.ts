import { NOTES_FRAGMENT } from '@tablenotes/shared'
import en from '@tablenotes/shared/catalogues/en'
import fr from '@tablenotes/shared/catalogues/fr'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { notesText, openTable, promptsOn, status, useChromium } from '../helpers/browser.js'
import { connectClient, waitForSync } from '../helpers/clients.js'
import { organizerPageUrl } from '../helpers/pages.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

const organizerUrl = () => organizerPageUrl(server)

describe('the organizer’s pages in Chromium', () => {
  it('lists every link with its QR code, and revoking one disconnects its table page', async () => {
    server = await startServer()
    const context = await chromium.context('Olu')
    const page = await context.newPage()
    page.on('dialog', (dialog) => void dialog.accept())
    await page.goto(organizerUrl())
    await page.getByRole('heading', { name: 'Links' }).waitFor()
    const addresses = page.getByRole('textbox', { name: /^Address of the/ })
    await expect.poll(() => addresses.count()).toBe(3 + 3 * 2)
    expect(await page.getByRole('img', { name: /^QR code of the/ }).count()).toBe(9)

    const editLink = await page
      .getByRole('textbox', { name: 'Address of the Edit · Table one link' })
      .inputValue()
    const writer = await chromium.context('Wanjiru')
    const table = await openTable(writer, editLink)
    await expect.poll(() => status(table).innerText()).toBe('Saved on the server')

    await page.getByRole('button', { name: 'Revoke and replace' }).nth(3).click()
    await expect
      .poll(() => status(table).innerText())
      .toBe('This link was revoked. Ask the organizer for a new one.')
    await expect
      .poll(() =>
        page.getByRole('textbox', { name: 'Address of the Edit · Table one link' }).inputValue(),
      )
      .not.toBe(editLink)
    // The notice says which link went, and follows a language switch like the rest of the page.
    const notice = page.locator('.notice')
    expect(await notice.innerText()).toBe(en.revoked.replace('{link}', 'Edit · Table one'))
    await page.getByLabel(en.languageLabel).selectOption('fr')
    await page.getByRole('heading', { name: fr.linksTitle }).waitFor()
    await expect
      .poll(() => notice.innerText())
      .toBe(fr.revoked.replace('{link}', `${fr.roleEditor} · Table one`))

    const sheets = await context.newPage()
    await sheets.goto(`${server.httpUrl}/s/test-session/print`)
    await sheets.locator('.sheet').first().waitFor()
    expect(await sheets.locator('.sheet h1').allInnerTexts()).toEqual([
      'Table one',
      'Table two',
      'Table three',
    ])
    expect(await sheets.locator('.sheet svg[role="img"]').count()).toBe(3)
    // On paper: the sheets alone, without the language bar or the page's help (issue 18.12).
    expect(await sheets.locator('.app-bar').isVisible()).toBe(true)
    await sheets.emulateMedia({ media: 'print' })
    expect(await sheets.locator('.app-bar').isVisible()).toBe(false)
    expect(await sheets.locator('.no-print').first().isVisible()).toBe(false)
    expect(await sheets.locator('.sheet svg[role="img"]').first().isVisible()).toBe(true)
    await context.close()
    await writer.close()
  })

  it('renames, adds and removes questions, and an open table follows at once', async () => {
    server = await startServer()
    const writer = await chromium.context('Pia')
    const table = await openTable(
      writer,
      `${server.httpUrl}/s/test-session/t/t1?token=${mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' })}`,
    )
    await table.locator('.notes .answer p').nth(1).click()
    await table.keyboard.type('Notes under question two.')
    await expect.poll(() => status(table).innerText()).toBe('Saved on the server')

    const context = await chromium.context('Olu')
    const page = await context.newPage()
    await page.goto(organizerUrl())
    // A question of two lines shows whole: its box grows with it (issue 18.11).
    const first = page.getByRole('textbox', { name: 'Question 1', exact: true })
    const oneLine = (await first.boundingBox())!.height
    await first.fill(
      'What works best for people who arrive without papers, in the big cities as in the ' +
        'countryside, and who decides what works: the cities, the regions, the states or the ' +
        'people themselves, and how would anyone know?',
    )
    await expect
      .poll(async () => (await first.boundingBox())!.height)
      .toBeGreaterThan(oneLine * 1.5)
    expect(await first.evaluate((box) => box.scrollHeight - box.clientHeight)).toBeLessThanOrEqual(
      1,
    )
    await first.fill('What works best?')
    await page.getByRole('button', { name: 'Remove question 2' }).click()
    await page.getByRole('button', { name: 'Add a question' }).click()
    await page.getByRole('textbox', { name: 'Question 2', exact: true }).fill('Who acts first?')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('Saved. 1 table that already had notes was updated.').waitFor()

    await expect
      .poll(() => promptsOn(table))
      .toEqual([
        '1. What works best?',
        '2. Who acts first?',
        'Other notes (the question “What should change?” was removed)',
        'a. Nationally?',
        'b. Regionally?',
      ])
    expect(await notesText(table)).toContain('Notes under question two.')
    await context.close()
    await writer.close()
  })

  it('starts another session from the front page and opens it as its organizer', async () => {
    server = await startServer()
    const context = await chromium.context('Olu')
    const page = await context.newPage()
    await page.goto(organizerUrl())
    await page.getByRole('heading', { name: 'Links' }).waitFor()
    await page.goto(`${server.httpUrl}/`)
    await page.getByRole('textbox', { name: 'Title' }).fill('Closing plenary')
    await page
      .getByRole('textbox', { name: 'Guiding questions, one per line' })
      .fill('What did we agree?\nWhat comes next?')
    await page.getByRole('textbox', { name: 'Tables, one per line' }).fill('North\nSouth')
    await page.getByRole('button', { name: 'Create the session' }).click()
    await page.waitForURL(/\/s\/closing-plenary\?token=/)
    await page.getByRole('heading', { name: 'Links' }).waitFor()
    expect(await page.locator('.table-list a').allInnerTexts()).toEqual(['North', 'South'])
    const stored = await server.store.getSession('closing-plenary')
    expect(stored?.questions.map((question) => question.text)).toEqual([
      'What did we agree?',
      'What comes next?',
    ])
    await context.close()
  })

  it('renames a table in its open page’s header, hides a removed question with no notes, and shows a table’s link only its table', async () => {
    server = await startServer()
    const writer = await chromium.context('Pia')
    const editLink = `${server.httpUrl}/s/test-session/t/t1?token=${mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' })}`
    const table = await openTable(writer, editLink)
    await expect.poll(() => table.locator('.page-header h1').innerText()).toBe('Table one · Europe')

    const context = await chromium.context('Olu')
    const page = await context.newPage()
    await page.goto(organizerUrl())
    await page.getByRole('textbox', { name: 'Name of table 1' }).fill('Lisbon')
    await page.getByRole('button', { name: 'Remove question 1' }).click()
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText(/^Saved\./).waitFor()

    await expect.poll(() => table.locator('.page-header h1').innerText()).toBe('Lisbon · Europe')
    await expect.poll(() => table.title()).toMatch(/^Lisbon · /)
    // Question 1 had no notes: nothing of it shows, though its section is kept in the document.
    await expect
      .poll(() => promptsOn(table, { visible: true }))
      .toEqual(['1. What should change?', 'a. Nationally?', 'b. Regionally?'])

    // A removed question with parts, none of them holding notes, leaves nothing either ...
    await page.getByRole('button', { name: 'Add a question' }).click()
    await page.getByRole('textbox', { name: 'Question 2', exact: true }).fill('Who acts first?')
    await page.getByRole('button', { name: 'Remove question 1' }).click()
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => promptsOn(table, { visible: true })).toEqual(['1. Who acts first?'])
    // ... until someone writes under one of its parts: then that part shows, under the note.
    const stock = connectClient(server.collabUrl, 'test-session/t1')
    await waitForSync(stock)
    const removed = stock.doc
      .getXmlFragment(NOTES_FRAGMENT)
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.getAttribute('questionId') === 'q2')
    const partB = (removed as Y.XmlElement).get(2) as Y.XmlElement
    ;((partB.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [
      new Y.XmlText('Regional passports.'),
    ])
    await expect
      .poll(() => promptsOn(table, { visible: true }))
      .toEqual([
        '1. Who acts first?',
        'Other notes (the question “What should change?” was removed)',
        'b. Regionally?',
      ])
    stock.destroy()

    // The table's "All tables" leads to a session page listing the one table its link opens.
    await table.getByRole('link', { name: 'All tables' }).click()
    await table.locator('.table-list a').first().waitFor()
    expect(await table.locator('.table-list a').allInnerTexts()).toEqual(['Lisbon · Europe'])
    await context.close()
    await writer.close()
  })
})
