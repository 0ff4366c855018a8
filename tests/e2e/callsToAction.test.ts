import { CALL_TO_ACTION, NOTES_FRAGMENT } from '@tablenotes/shared'
import ar from '@tablenotes/shared/catalogues/ar'
import en from '@tablenotes/shared/catalogues/en'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { axeViolations } from '../helpers/axe.js'
import { clickAnswer, openTable, useChromium } from '../helpers/browser.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { writerToken } from '../helpers/tokens.js'

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

    await expect.poll(storedCalls, { timeout: 20_000 }).toEqual([
      {
        actor: 'Ministry of Labour',
        timeframe: 'by June 2027',
        action: 'Open three shelters',
        children: 1,
      },
    ])
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
    await page.context().close()
  })

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
    await expect.poll(storedCalls, { timeout: 20_000 }).toEqual([
      {
        actor: 'وزارة العمل',
        timeframe: 'قبل نهاية العام',
        action: 'فتح ثلاثة ملاجئ',
        children: 1,
      },
    ])

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
  })
})
