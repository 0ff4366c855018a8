import { listQuestionIds, NOTES_FRAGMENT } from '@tablenotes/shared'
import en from '@tablenotes/shared/catalogues/en'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clickAnswer, notesText, openTable, status, useChromium } from '../helpers/browser.js'
import { connectClient, waitFor, waitForSync } from '../helpers/clients.js'
import { answerOf, storedDoc } from '../helpers/notes.js'
import { tablePageUrl } from '../helpers/pages.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

const tableUrl = () => tablePageUrl(server)

const storedT1 = () => storedDoc(server.store, 'test-session/t1')

const prompts = (page: import('playwright-core').Page) =>
  page.locator('.notes .prompt').allInnerTexts()

describe('the table editor in Chromium', () => {
  it('lets two people co-edit and see each other’s named caret', async () => {
    server = await startServer()
    const amina = await chromium.context()
    const aminaPage = await amina.newPage()
    await aminaPage.goto(tableUrl())
    await aminaPage.getByLabel('Name', { exact: true }).fill('Amina')
    await aminaPage.getByRole('button', { name: 'Join the table' }).click()
    await aminaPage.locator('.notes .answer p').first().waitFor()
    const brunoPage = await chromium.table('Bruno', tableUrl())

    await clickAnswer(aminaPage, 0)
    await aminaPage.keyboard.type('Amina writes under question one.')
    await clickAnswer(brunoPage, 1)
    await brunoPage.keyboard.type('Bruno answers part a.')

    await expect.poll(() => notesText(brunoPage)).toContain('Amina writes under question one.')
    await expect.poll(() => notesText(aminaPage)).toContain('Bruno answers part a.')
    await expect
      .poll(() => aminaPage.locator('.collaboration-carets__label').allInnerTexts())
      .toContain('Bruno')
    await expect
      .poll(() => brunoPage.locator('.collaboration-carets__label').allInnerTexts())
      .toContain('Amina')
    await expect
      .poll(() => brunoPage.locator('.presence li').allInnerTexts())
      .toEqual(['Bruno (you)', 'Amina'])
    await expect.poll(() => status(aminaPage).innerText()).toBe('Saved on the server')
    await amina.close()
    await brunoPage.context().close()
  })

  it('keeps every prompt through select-all + delete, and cut + paste', async () => {
    server = await startServer()
    const page = await chromium.table('Chen', tableUrl())
    const before = await prompts(page)
    expect(before).toEqual([
      '1. What works?',
      '2. What should change?',
      'a. Nationally?',
      'b. Regionally?',
    ])
    await clickAnswer(page, 0)
    await page.keyboard.type('first answer')
    await clickAnswer(page, 2)
    await page.keyboard.type('third answer')

    // Ctrl+A selects the answer, a second one the whole table, whose deletion asks first.
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.press('Delete')
    await page.getByRole('button', { name: 'Empty 2 answers' }).click()
    expect(await prompts(page)).toEqual(before)
    await expect.poll(() => notesText(page)).not.toContain('first answer')
    expect(await notesText(page)).not.toContain('third answer')

    await clickAnswer(page, 1)
    await page.keyboard.type('to be moved')
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.press('ControlOrMeta+x')
    expect(await prompts(page)).toEqual(before)
    await clickAnswer(page, 3)
    await page.keyboard.press('ControlOrMeta+v')
    expect(await prompts(page)).toEqual(before)
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    expect(listQuestionIds(await storedT1())).toEqual(['q1', 'q2'])
    await page.context().close()
  })

  it('asks a newcomer’s name saying which table they join, and no cursor to a read link', async () => {
    server = await startServer()
    const newcomer = await chromium.context()
    const page = await newcomer.newPage()
    await page.goto(tableUrl())
    const prompt = page.locator('form.name-dialog')
    await expect
      .poll(() => prompt.innerText())
      .toContain('You are joining Table one · Europe, in “Test session”.')
    expect(await prompt.locator('#name-help').innerText()).toBe(en.nameDialogHelp)
    await page.locator('#name-input').fill('Kofi')
    await page.locator('#name-input').press('Enter')
    await page.locator('.notes .answer p').first().waitFor()

    const reader = await chromium.context()
    const readerPage = await reader.newPage()
    const viewerToken = mintToken({ sessionId: 'test-session', role: 'viewer', tableId: 't1' })
    await readerPage.goto(`${server.httpUrl}/s/test-session/t/t1?token=${viewerToken}`)
    const readerPrompt = readerPage.locator('form.name-dialog')
    await expect
      .poll(() => readerPrompt.innerText())
      .toContain('You are joining Table one · Europe, in “Test session”.')
    expect(await readerPrompt.locator('#name-help').innerText()).toBe(en.nameDialogHelpReader)
    expect(await readerPrompt.innerText()).not.toMatch(/cursor/i)
    await newcomer.close()
    await reader.close()
  })

  it('shows a viewer the notes live and refuses the viewer’s typing', async () => {
    server = await startServer()
    const writerPage = await chromium.table('Emeka', tableUrl())
    const viewer = await chromium.context('Fatou')
    const viewerToken = mintToken({ sessionId: 'test-session', role: 'viewer', tableId: 't1' })
    const viewerPage = await openTable(
      viewer,
      `${server.httpUrl}/s/test-session/t/t1?token=${viewerToken}`,
    )
    await expect.poll(() => status(viewerPage).innerText()).toBe('Reading along, live')
    expect(await viewerPage.getByRole('note').innerText()).toContain('reading along')
    expect(await viewerPage.locator('.notes').getAttribute('contenteditable')).toBe('false')
    expect(await viewerPage.getByRole('toolbar').count()).toBe(0)

    await clickAnswer(writerPage, 0)
    await writerPage.keyboard.type('live for the viewer')
    await expect.poll(() => notesText(viewerPage)).toContain('live for the viewer')

    await viewerPage.locator('.notes .answer p').first().click()
    await viewerPage.keyboard.type('viewer was here')
    await writerPage.keyboard.type(', and more')
    await expect.poll(() => notesText(viewerPage)).toContain('live for the viewer, and more')
    await expect.poll(() => status(writerPage).innerText()).toBe('Saved on the server')
    expect(await notesText(viewerPage)).not.toContain('viewer was here')
    expect((await storedT1()).getXmlFragment(NOTES_FRAGMENT).toString()).not.toContain(
      'viewer was here',
    )
    await writerPage.context().close()
    await viewer.close()
  })

  it('shows a stock y-websocket client’s text and gives it the browser’s', async () => {
    server = await startServer()
    const page = await chromium.table('Dana', tableUrl())
    await clickAnswer(page, 0)
    await page.keyboard.type('typed in Chromium')

    const node = connectClient(server.collabUrl, 'test-session/t1')
    await waitForSync(node)
    const fragment = node.doc.getXmlFragment(NOTES_FRAGMENT)
    await waitFor('Node to see the browser text', () =>
      fragment.toString().includes('typed in Chromium'),
    )
    const section = fragment.get(1) as Y.XmlElement
    const answer = section.get(0) as Y.XmlElement
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('written from Node')])
    answer.insert(answer.length, [paragraph])
    await expect.poll(() => notesText(page)).toContain('written from Node')
    node.destroy()
    await page.context().close()
  })

  it('deletes nothing of the next answer with Delete at an answer’s end, and Ctrl+Home goes to the first', async () => {
    server = await startServer()
    const page = await chromium.table('Fay', tableUrl())
    await clickAnswer(page, 1)
    await page.keyboard.type('Written by someone else.')
    await clickAnswer(page, 0)
    for (const key of ['Delete', 'Delete', 'ControlOrMeta+Delete', 'Delete']) {
      await page.keyboard.press(key)
    }
    // What Ctrl+A then Delete in an empty answer does, pressed once more "to be sure".
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.press('Delete')
    await page.keyboard.press('Delete')
    await page.keyboard.type('first.')
    await clickAnswer(page, 1)
    await page.keyboard.press('ControlOrMeta+Home')
    await page.keyboard.type('Start: ')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    const stored = await storedT1()
    expect(answerOf(stored, 'q1').toString()).toContain('Start: first.')
    expect(answerOf(stored, 'q2').toString()).toContain('>Written by someone else.<')
    await page.context().close()
  })

  it('keeps a question whose answer a stock client emptied, and stores what is typed there', async () => {
    server = await startServer()
    const page = await chromium.table('Eli', tableUrl())
    const before = await prompts(page)
    await clickAnswer(page, 0)
    await page.keyboard.type('before emptying')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')

    // An answer with no paragraph, which its content (`block+`) forbids: what a stock client
    // writes, and what two people each deleting one of its two paragraphs at once leave.
    const node = connectClient(server.collabUrl, 'test-session/t1')
    await waitForSync(node)
    const answer = answerOf(node.doc, 'q1')
    answer.delete(0, answer.length)
    await expect.poll(() => notesText(page)).not.toContain('before emptying')
    expect(await prompts(page)).toEqual(before)

    await clickAnswer(page, 0)
    await page.keyboard.type('after emptying')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    expect(answerOf(await storedT1(), 'q1').toString()).toContain('after emptying')
    expect(answerOf(node.doc, 'q1').toString()).toContain('after emptying')
    node.destroy()
    await page.context().close()
  })

  it('syncs priority issues, writes each paragraph in its own direction, and exports Markdown', async () => {
    server = await startServer()
    const page = await chromium.table('Ines', tableUrl())
    const other = await chromium.table('Jamal', tableUrl())

    await page.getByLabel('Pick from the session’s issues').selectOption({ label: 'Detention' })
    await page.getByLabel('Or type your own').fill('Access to justice')
    await page.getByRole('button', { name: 'Add' }).click()
    await expect
      .poll(() => other.locator('.priorities .chips li').allTextContents())
      .toEqual(['Detention×', 'Access to justice×'])
    expect(
      await page.getByText('Two priority issues are set; remove one to change.').isVisible(),
    ).toBe(true)
    const priorities = (await storedDocWhenSaved(page)).getArray('priorities').toArray()
    expect(priorities).toEqual([
      { tagId: 'detention', label: 'Detention' },
      { label: 'Access to justice' },
    ])

    await clickAnswer(page, 0)
    await page.keyboard.type('English first.')
    await page.keyboard.press('Enter')
    await page.keyboard.type('نحتاج إلى حماية أفضل للمهاجرين')
    const directions = await page
      .locator('.notes .answer')
      .first()
      .locator('p')
      .evaluateAll((paragraphs) => paragraphs.map((p) => getComputedStyle(p).direction))
    expect(directions).toEqual(['ltr', 'rtl'])

    await page.keyboard.press('Escape')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('after-editor')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as Markdown' }).click(),
    ])
    const markdown = await new Promise<string>((resolve, reject) => {
      download.createReadStream().then((stream) => {
        let text = ''
        stream.on('data', (chunk: Buffer) => {
          text += chunk.toString()
        })
        stream.on('end', () => resolve(text))
      }, reject)
    })
    expect(download.suggestedFilename()).toBe('test-session-t1.md')
    expect(markdown).toContain('# Table one')
    expect(markdown).toContain('**Priority issues:** Detention; Access to justice')
    expect(markdown).toContain(
      '## 1. What works?\n\nEnglish first.\n\nنحتاج إلى حماية أفضل للمهاجرين',
    )
    await page.context().close()
    await other.context().close()
  })

  it('fits a phone screen, and asks before leaving with changes not on the server', async () => {
    server = await startServer()
    const page = await chromium.table('Kofi', tableUrl(), { width: 360, height: 740 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    await page.context().setOffline(true)
    await clickAnswer(page, 0)
    await page.keyboard.type('not on the server yet')
    await expect
      .poll(() => status(page).innerText())
      .toMatch(/^Offline — your edits since .+ are kept on this device/)
    // The browser shows its leave dialog when beforeunload is cancelled; that is what we check.
    const cancelled = await page.evaluate(() => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    })
    expect(cancelled).toBe(true)
    await page.context().close()
  })
})

/** The stored document, once the page says everything is on the server. */
async function storedDocWhenSaved(page: import('playwright-core').Page): Promise<Y.Doc> {
  await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
  return storedT1()
}
