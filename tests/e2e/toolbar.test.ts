import { NOTES_FRAGMENT } from '@tablenotes/shared'
import ar from '@tablenotes/shared/catalogues/ar'
import en from '@tablenotes/shared/catalogues/en'
import fr from '@tablenotes/shared/catalogues/fr'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { axeViolations } from '../helpers/axe.js'
import { clickAnswer, openTable, useChromium } from '../helpers/browser.js'
import { waitFor } from '../helpers/clients.js'
import { tablePageUrl } from '../helpers/pages.js'
import { startServer, type TestServer } from '../helpers/startServer.js'

/* What people meet first at a table: where to write, the toolbar in their language, links. */

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

const tableUrl = () => tablePageUrl(server)

async function openIn(language: string): Promise<Page> {
  const context = await chromium.context('Amina')
  await context.addInitScript((value) => {
    localStorage.setItem('tablenotes.language', value)
  }, language)
  return openTable(context, tableUrl())
}

/** The text each answer's placeholder shows on screen (its ::before), or null where none. */
const placeholders = (page: Page) =>
  page.locator('.notes .answer').evaluateAll((answers) =>
    answers.map((answer) => {
      const content = getComputedStyle(answer.querySelector('p')!, '::before').content
      return content === 'none' || content === 'normal' ? null : JSON.parse(content)
    }),
  )

/** The href of every link stored in the notes. */
async function storedHrefs(): Promise<unknown[]> {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom('test-session/t1')) Y.applyUpdate(doc, row.update)
  const xml = doc.getXmlFragment(NOTES_FRAGMENT).toString()
  return [...xml.matchAll(/<link [^>]*href="([^"]*)"/g)].map((match) => match[1])
}

describe('the editor’s first impression in Chromium', () => {
  it('shows where to write in each empty answer, in the page’s language', async () => {
    server = await startServer()
    const page = await openIn('fr')
    expect(await placeholders(page)).toEqual([
      fr.answerPlaceholder,
      fr.answerPlaceholder,
      fr.answerPlaceholder,
      fr.answerPlaceholder,
    ])
    await clickAnswer(page, 1)
    await page.keyboard.type('Des voies régulières.')
    await expect
      .poll(() => placeholders(page))
      .toEqual([fr.answerPlaceholder, null, fr.answerPlaceholder, fr.answerPlaceholder])
    // A second, empty paragraph in a written answer is not a place to be told where to write.
    await page.keyboard.press('Enter')
    expect((await placeholders(page))[1]).toBeNull()
    await page.context().close()
  })

  it('names every button in the page’s language, with distinct list buttons', async () => {
    server = await startServer()
    for (const [language, catalogue] of [
      ['fr', fr],
      ['ar', ar],
    ] as const) {
      const page = await openIn(language)
      const toolbar = page.getByRole('toolbar', { name: catalogue.toolbarLabel })
      // The formatting buttons; the table's group shows only with the caret in a table.
      const names = await toolbar
        .getByRole('button')
        .evaluateAll((buttons) =>
          buttons
            .filter((button) => !button.closest('fieldset'))
            .map((button) => button.getAttribute('aria-label')),
        )
      expect(names).toEqual(
        (
          [
            'bold',
            'italic',
            'bulletList',
            'orderedList',
            'quote',
            'callToAction',
            'link',
            'undo',
            'redo',
            'commentOnSelection',
          ] as const
        ).map((key) => catalogue[key]),
      )
      expect(await toolbar.getByRole('button', { name: catalogue.bold }).innerText()).toBe(
        catalogue.boldLetter,
      )
      expect(await toolbar.getByRole('button', { name: catalogue.italic }).innerText()).toBe(
        catalogue.italicLetter,
      )
      const listIcons = await Promise.all(
        [catalogue.bulletList, catalogue.orderedList].map((name) =>
          toolbar.getByRole('button', { name }).locator('svg').innerHTML(),
        ),
      )
      expect(listIcons[0]).not.toBe(listIcons[1])

      // axe on what this page now holds: placeholders, a pasted table and the open link dialog.
      await clickAnswer(page, 0)
      await page.evaluate(() => {
        const clipboardData = new DataTransfer()
        clipboardData.setData('text/plain', 'البلد\tالعدد\nتشاد\t12')
        const event = new ClipboardEvent('paste', {
          clipboardData,
          bubbles: true,
          cancelable: true,
        })
        document.querySelector('.notes')!.dispatchEvent(event)
      })
      // Each language's page pastes its own, below the one before (a table never ends an answer).
      await expect.poll(() => page.locator('.notes table').count()).toBe(language === 'fr' ? 1 : 2)
      await page.locator('.notes table td').first().click()
      const table = toolbar.getByRole('group', { name: catalogue.tableActions })
      expect(
        await table
          .getByRole('button')
          .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label'))),
      ).toEqual(
        (
          ['addRowAfter', 'deleteRow', 'addColumnAfter', 'deleteColumn', 'deleteTable'] as const
        ).map((key) => catalogue[key]),
      )
      await toolbar.getByRole('button', { name: catalogue.link }).click()
      await page.getByRole('dialog', { name: catalogue.linkDialogTitle }).waitFor()
      expect(await axeViolations(page)).toEqual([])
      await page.context().close()
    }
  })

  it('adds, refuses and cancels a link from the keyboard, in a dialog', async () => {
    server = await startServer()
    const page = await openIn('en')
    await clickAnswer(page, 0)
    await page.keyboard.type('IOM site')
    await page.keyboard.press('Shift+Home')
    // From the notes back: the "who wrote what" toggle above them, then the toolbar's comment,
    // redo, undo and link buttons.
    for (let step = 0; step < 5; step++) await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      en.link,
    )
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: en.linkDialogTitle })
    await dialog.waitFor()
    const address = dialog.getByRole('textbox', { name: en.linkAddressLabel })
    expect(await address.evaluate((input) => input === document.activeElement)).toBe(true)

    // Not an address this page may link to: said, and the dialog stays.
    await page.keyboard.type('javascript:alert(1)')
    await page.keyboard.press('Enter')
    expect(await dialog.getByRole('alert').innerText()).toBe(en.linkInvalid)
    expect(await address.getAttribute('aria-invalid')).toBe('true')

    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('www.iom.int')
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    // Back in the notes, where the work goes on, with the text linked.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('notes'))).toBe(
      true,
    )
    expect(await page.locator('.notes a').getAttribute('href')).toBe('https://www.iom.int')
    await waitFor('the link to be stored', async () => (await storedHrefs()).length === 1)
    expect(await storedHrefs()).toEqual(['https://www.iom.int'])

    // On the link, the dialog edits it; Escape cancels and gives the focus back to the button.
    await page.keyboard.press('End')
    for (let step = 0; step < 5; step++) await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Enter')
    await dialog.waitFor()
    expect(await address.inputValue()).toBe('https://www.iom.int')
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('example.org')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      en.link,
    )
    expect(await page.locator('.notes a').getAttribute('href')).toBe('https://www.iom.int')
    expect(await page.locator('.notes a').count()).toBe(1)
    await page.context().close()
  })
})
