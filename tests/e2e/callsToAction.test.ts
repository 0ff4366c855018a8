import { CALL_TO_ACTION, NOTES_FRAGMENT } from '@tablenotes/shared'
import ar from '@tablenotes/shared/catalogues/ar'
import en from '@tablenotes/shared/catalogues/en'
import fr from '@tablenotes/shared/catalogues/fr'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { axeViolations } from '../helpers/axe.js'
import { clickAnswer, openTable, status, useChromium } from '../helpers/browser.js'
import { connectClient, waitForSync } from '../helpers/clients.js'
import { writeCallToAction } from '../helpers/notes.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken, writerToken } from '../helpers/tokens.js'

/*
 * Issue 20, item 3, in Chromium: a call to action inserted from the keyboard (or the toolbar on
 * a phone, in Arabic), its who and by-when fields and its action filled in at human speed, and
 * the call read back from the server's store.
 */

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

const ROOM = 'test-session/t1'
const tableUrl = () => `${server.httpUrl}/s/test-session/t/t1?token=${writerToken(ROOM)}`
/** A person's typing speed: a key every 40 ms or so. */
const HUMAN = { delay: 40 }

async function openIn(language: string, viewport?: { width: number; height: number }) {
  const context = await chromium.context('Amina', viewport)
  await context.addInitScript((value) => {
    localStorage.setItem('tablenotes.language', value)
  }, language)
  return openTable(context, tableUrl())
}

/** Every call to action the server stored for the table: attributes and action text. */
async function storedCalls() {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom(ROOM)) Y.applyUpdate(doc, row.update)
  const calls: Array<{ actor: unknown; timeframe: unknown; action: string; children: number }> = []
  const pending: Array<Y.XmlElement | Y.XmlFragment> = [doc.getXmlFragment(NOTES_FRAGMENT)]
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === CALL_TO_ACTION) {
        calls.push({
          actor: child.getAttribute('actor'),
          timeframe: child.getAttribute('timeframe'),
          action: (child.get(0) as Y.XmlElement).toArray().join(''),
          children: child.length,
        })
      } else pending.push(child)
    }
  }
  return calls
}

/** Waits until the server stored exactly one call, with these fields and nothing but its action. */
async function expectOneStoredCall(fields: { actor: string; timeframe: string; action: string }) {
  await expect.poll(storedCalls, { timeout: 20_000 }).toEqual([{ ...fields, children: 1 }])
}

const focusedLabel = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('label')?.textContent ?? null)

describe('a call to action in the editor', () => {
  it('is inserted from the keyboard, filled in field by field, and stored', async () => {
    server = await startServer()
    const page = await openIn('en')
    const button = page
      .getByRole('toolbar', { name: en.toolbarLabel })
      .getByRole('button', { name: en.callToAction })
    expect(await button.getAttribute('aria-keyshortcuts')).toBe('Control+Shift+Enter')
    await expect
      .poll(() => page.locator('#call-to-action-hint').innerText())
      .toContain('Ctrl+Shift+Enter')

    await clickAnswer(page, 0)
    await page.keyboard.type('Our table agreed on one thing.', HUMAN)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Control+Shift+Enter')
    const card = page.locator('.notes .call-to-action')
    await card.waitFor()
    // The caret goes to "who"; Tab to "by when"; Enter into the action's text.
    expect(await focusedLabel(page)).toContain(en.callActor)
    await page.keyboard.type('Ministry of Labour', HUMAN)
    await page.keyboard.press('Tab')
    expect(await focusedLabel(page)).toContain(en.callTimeframe)
    await page.keyboard.type('by June 2027', HUMAN)
    await page.keyboard.press('Enter')
    await page.keyboard.type('Open three shelters', HUMAN)
    // Enter leaves the card: the next line is an ordinary paragraph below it.
    await page.keyboard.press('Enter')
    await page.keyboard.type('After the call.', HUMAN)

    await expectOneStoredCall({
      actor: 'Ministry of Labour',
      timeframe: 'by June 2027',
      action: 'Open three shelters',
    })
    expect(await card.getByLabel(en.callActor).inputValue()).toBe('Ministry of Labour')
    expect(await card.locator('.call-action').innerText()).toBe('Open three shelters')
    await expect
      .poll(() => page.locator('.notes .answer').first().innerText())
      .toMatch(/Open three shelters[\s\S]*After the call\./)

    // Another person's page shows the call as stored, in its fields.
    const other = await openIn('en')
    const theirs = other.locator('.notes .call-to-action')
    await expect.poll(() => theirs.getByLabel(en.callActor).inputValue()).toBe('Ministry of Labour')
    expect(await theirs.getByLabel(en.callTimeframe).inputValue()).toBe('by June 2027')
    await other.context().close()

    // A switch of the interface's language relabels the card at once.
    await page.getByRole('combobox', { name: en.languageLabel }).selectOption('fr')
    await expect
      .poll(() => card.locator('.call-fields label span').allInnerTexts())
      .toEqual([fr.callActor, fr.callTimeframe])

    // Emptying the action, then one more Backspace, removes the card and keeps the text around
    // it; the server refused nothing the page sent.
    await card.locator('.call-action p').click()
    await page.keyboard.press('End')
    for (const _ of 'Open three shelters') await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await expect.poll(storedCalls, { timeout: 20_000 }).toEqual([])
    await expect
      .poll(() => page.locator('.notes .answer').first().innerText())
      .toMatch(/Our table agreed on one thing\.\s+After the call\./)
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text()
    expect(
      metrics.split('\n').filter((line) => line.startsWith('tablenotes_refused_connections_total')),
    ).toEqual([])
    await page.context().close()
  }, 180_000)

  it('fits a 390 px phone right to left in Arabic, from the toolbar, and passes axe', async () => {
    server = await startServer()
    const page = await openIn('ar', { width: 390, height: 844 })
    await clickAnswer(page, 0)
    await page
      .getByRole('toolbar', { name: ar.toolbarLabel })
      .getByRole('button', { name: ar.callToAction })
      .click()
    const card = page.locator('.notes .call-to-action')
    await card.waitFor()
    await card.getByLabel(ar.callActor).click()
    await page.keyboard.type('وزارة العمل', HUMAN)
    await card.getByLabel(ar.callTimeframe).click()
    await page.keyboard.type('قبل نهاية العام', HUMAN)
    await card.locator('.call-action p').click()
    await page.keyboard.type('فتح ثلاثة ملاجئ', HUMAN)
    await expectOneStoredCall({
      actor: 'وزارة العمل',
      timeframe: 'قبل نهاية العام',
      action: 'فتح ثلاثة ملاجئ',
    })

    // The card's words read right to left in Arabic (the table's notes are in English), and
    // the Arabic action takes its own text's direction.
    const layout = await card.evaluate((element) => {
      const box = element.getBoundingClientRect()
      return {
        fields: getComputedStyle(element.querySelector('.call-fields')!).direction,
        action: getComputedStyle(element.querySelector('.call-action p')!).direction,
        right: box.right,
        left: box.left,
        sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      }
    })
    expect([layout.fields, layout.action]).toEqual(['rtl', 'rtl'])
    expect(layout.sideways).toBe(0)
    expect(layout.left).toBeGreaterThanOrEqual(0)
    expect(layout.right).toBeLessThanOrEqual(390)
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()
  }, 180_000)

  it('reaches the synthesis page as a row under its actor, and the wall counts it', async () => {
    server = await startServer()
    // A stock client writes the call as the editor does.
    const client = connectClient(server.collabUrl, ROOM, { stored: true })
    await waitForSync(client)
    await writeCallToAction(client, {
      actor: 'Employers',
      timeframe: 'within six months',
      action: 'Publish the recruitment fees',
    })
    client.destroy()

    const context = await chromium.context('Rafael')
    const page = await context.newPage()
    await page.goto(
      `${server.httpUrl}/s/test-session/synthesis?token=${mintToken({ sessionId: 'test-session', role: 'rapporteur' })}`,
    )
    await page.getByRole('button', { name: 'Compile the tables' }).click()
    const calls = page.locator('.synthesis-calls')
    await expect
      .poll(() => calls.locator('tbody tr').allInnerTexts())
      .toEqual(['Publish the recruitment fees\tEmployers\twithin six months\tTable one (Europe)'])
    expect(await calls.locator('h4').allInnerTexts()).toEqual(['Employers'])
    // The copy in the table's contribution is the compile's: its fields cannot be typed in.
    const copy = page.locator('.contribution .call-to-action')
    expect(await copy.getByLabel(en.callActor).inputValue()).toBe('Employers')
    expect(
      await copy.getByLabel(en.callActor).evaluate((input) => (input as HTMLInputElement).readOnly),
    ).toBe(true)
    // The page keeps writing: a summary typed beside the compiled calls reaches the server.
    await page.locator('.notes .question').first().locator('.summary p').click()
    await page.keyboard.type('Fees first.', HUMAN)
    await expect
      .poll(() => status(page).innerText(), { timeout: 20_000 })
      .toBe('Saved on the server')

    const wall = await context.newPage()
    await wall.goto(
      `${server.httpUrl}/s/test-session/moderator?token=${mintToken({ sessionId: 'test-session', role: 'moderator' })}`,
    )
    const card = wall.locator('.wall-card', {
      has: wall.getByRole('heading', { name: /^Table one/ }),
    })
    await expect.poll(() => card.locator('.call-count').innerText()).toBe('1 call to action')
    await context.close()
  }, 180_000)
})
