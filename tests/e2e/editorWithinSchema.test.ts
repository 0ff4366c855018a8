import { MAX_DEPTH, NOTES_FRAGMENT, nestsDeeperThan } from '@tablenotes/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { clickAnswer, notesText, openTable, status, useChromium } from '../helpers/browser.js'
import { storedDoc } from '../helpers/notes.js'
import { tablePageUrl } from '../helpers/pages.js'
import { startServer, type TestServer } from '../helpers/startServer.js'

/*
 * PROTOCOL.md P13 says our page never writes an update the server refuses. A person works the
 * real editor in Chromium in every way it offers (formatting, Markdown shortcuts, lists indented
 * past the nesting limit, links typed and pasted, pasting across questions, select-all and
 * delete, priority issues); the server must refuse nothing, and store everything typed.
 */

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

async function refusals(): Promise<string[]> {
  const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text()
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('tablenotes_refused_connections_total'))
}

const storedT1 = () => storedDoc(server.store, 'test-session/t1')

describe('the editor stays within the table schema', () => {
  it('writes nothing the server refuses, whatever a person does in it', async () => {
    server = await startServer()
    const context = await chromium.context('Rania')
    const page = await openTable(context, tablePageUrl(server))
    const { keyboard } = page
    await clickAnswer(page, 0)
    await keyboard.type('Plain words, then ')
    await keyboard.press('ControlOrMeta+b')
    await keyboard.type('bold')
    await keyboard.press('ControlOrMeta+b')
    await keyboard.press('ControlOrMeta+i')
    await keyboard.type(' italic')
    await keyboard.press('ControlOrMeta+i')
    await keyboard.type(' and a link https://ilo.org and mail@example.org ')
    await keyboard.press('Enter')
    await keyboard.type('## A heading')
    await keyboard.press('Enter')
    await keyboard.type('> A quote')
    await keyboard.press('Enter')
    await keyboard.press('Enter')
    await keyboard.type('```')
    await keyboard.press('Enter')
    await keyboard.type('code block')
    await keyboard.press('Enter')
    await keyboard.press('Enter')
    await keyboard.press('Enter')
    await keyboard.type('---')
    await keyboard.type('1. first')
    await keyboard.press('Enter')
    await keyboard.type('second')
    await keyboard.press('Enter')
    await keyboard.press('Enter')
    await keyboard.type('- level 0')
    // Indent further than the server allows: the editor stops at the limit by itself.
    for (let level = 1; level <= MAX_DEPTH; level++) {
      await keyboard.press('Enter')
      await keyboard.press('Tab')
      await keyboard.type(`level ${level}`)
    }
    await keyboard.press('Shift+Enter')
    await keyboard.type('after a hard break')
    await expect.poll(() => notesText(page)).toContain('after a hard break')
    await expect
      .poll(() => status(page).innerText(), { timeout: 20_000 })
      .toBe('Saved on the server')
    // The lists went as deep as the server allows, and no deeper.
    const nested = (await storedT1()).getXmlFragment(NOTES_FRAGMENT)
    expect(nestsDeeperThan(nested, MAX_DEPTH - 3)).toBe(true)
    expect(nestsDeeperThan(nested, MAX_DEPTH)).toBe(false)

    await clickAnswer(page, 1)
    await keyboard.type('Part a, with a pasted link.')
    await page.evaluate(() => {
      const data = new DataTransfer()
      data.setData(
        'text/html',
        '<p><a href="javascript:alert(1)">script</a> <a href="ftp://x.org">ftp</a> ' +
          '<a href="https://ok.org">fine</a> <span style="color:red">red</span></p>',
      )
      const target = document.querySelector('.notes') as HTMLElement
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }))
    })
    await keyboard.press('ControlOrMeta+a')
    await keyboard.type('all answers replaced')

    await page.getByLabel('Pick from the session’s issues').selectOption({ label: 'Detention' })
    await page.getByLabel('Or type your own').fill('Access to justice')
    await page.getByRole('button', { name: 'Add' }).click()
    await page.getByRole('button', { name: 'Remove Detention' }).click()
    await page.getByLabel('Or type your own').fill('Decent work')
    await page.getByRole('button', { name: 'Add' }).click()
    await page.getByRole('button', { name: 'Ask a moderator for help' }).click()

    await clickAnswer(page, 0)
    await keyboard.type(' last words')
    await expect.poll(() => notesText(page)).toContain('last words')
    await expect
      .poll(() => status(page).innerText(), { timeout: 20_000 })
      .toBe('Saved on the server')
    expect(await refusals()).toEqual([])
    const stored = await storedT1()
    const xml = stored.getXmlFragment(NOTES_FRAGMENT).toString()
    expect(xml).toContain('last words')
    expect(xml).not.toContain('javascript:')
    expect(nestsDeeperThan(stored.getXmlFragment(NOTES_FRAGMENT), MAX_DEPTH)).toBe(false)
    expect(stored.getArray('priorities').toArray()).toEqual([
      { label: 'Access to justice' },
      { label: 'Decent work' },
    ])
    await context.close()
  }, 180_000)
})
