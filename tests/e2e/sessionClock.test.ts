import { loadCatalogues } from '@tablenotes/server'
import { type Catalogue, CONTROL_ROOM, formatMessage, readControl } from '@tablenotes/shared'
import en from '@tablenotes/shared/catalogues/en'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { clickAnswer, openTable, status, useChromium } from '../helpers/browser.js'
import { waitForSync } from '../helpers/clients.js'
import { sessionPageUrl, tablePageUrl } from '../helpers/pages.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
const fixture = serverForEachTest()
let server: TestServer

const PHONE = { width: 390, height: 844 }
const wallUrl = () => sessionPageUrl(server, 'moderator')
const tableUrl = (table: string) => tablePageUrl(server, table)

/** A device whose clock is `shiftMs` off: every Date the page makes, and Date.now, are shifted. */
async function shiftClock(context: BrowserContext, shiftMs: number): Promise<void> {
  await context.addInitScript((shift) => {
    const RealDate = Date
    const now = () => RealDate.now() + shift
    class ShiftedDate extends RealDate {
      constructor(...args: ConstructorParameters<typeof Date> | []) {
        if (args.length === 0) super(now())
        else super(...(args as ConstructorParameters<typeof Date>))
      }
      static override now() {
        return now()
      }
    }
    globalThis.Date = ShiftedDate as DateConstructor
  }, shiftMs)
}

/** Seconds left as the page shows them ("9:58" is 598). */
async function secondsShown(page: Page): Promise<number> {
  const text = await page.getByTestId('countdown').innerText()
  const match = /^(\d+):(\d\d)/.exec(text)
  if (!match) throw new Error(`not a countdown: ${text}`)
  return Number(match[1]) * 60 + Number(match[2])
}

/** Whether the element is within the top of the viewport. */
async function inViewAtTop(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox()
  return box !== null && box.y >= 0 && box.y + box.height <= PHONE.height / 2
}

describe('the session’s clock and signals on a phone', () => {
  it('keeps a one-minute countdown, an announcement and the lock in view at the top, in their own words', async () => {
    server = await fixture.start()
    const phone = await chromium.context('Ines', PHONE)
    const table = await openTable(phone, tableUrl('t1'))
    await expect.poll(() => status(table).innerText()).toBe(en.statusSavedServer)
    // Writing in the last answer: the page is scrolled down to it.
    await clickAnswer(table, 2)
    await table.keyboard.type('Regional passports work for', { delay: 20 })
    await table.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await expect.poll(() => table.evaluate(() => window.scrollY)).toBeGreaterThan(100)

    const moderator = await chromium.context('Mona')
    const wall = await moderator.newPage()
    await wall.goto(wallUrl())
    await wall.getByRole('spinbutton', { name: en.countdownMinutesLabel }).fill('1')
    await wall.getByRole('button', { name: en.startCountdown }).click()
    await wall.getByRole('textbox', { name: en.announcementLabel }).fill('Wrap up your priorities')
    await wall.getByRole('button', { name: en.sendAnnouncement }).click()
    await wall.getByRole('button', { name: en.lockRound }).click()

    await expect.poll(() => table.getByTestId('countdown').innerText()).toMatch(/^(1:00|0:\d\d)$/)
    await expect
      .poll(() => table.getByTestId('announcement').innerText())
      .toBe('Wrap up your priorities')
    await expect.poll(() => table.getByTestId('locked-note').innerText()).toBe(en.roundLocked)
    // The wall tells the moderators that they are the ones who unlock it.
    await expect
      .poll(() => wall.getByTestId('locked-note').innerText())
      .toBe(en.roundLockedModerators)
    // The lock has its own status words: not those of a read link.
    await expect.poll(() => status(table).innerText()).toBe(en.statusLocked)
    expect(await table.evaluate(() => window.scrollY)).toBeGreaterThan(100)
    for (const signal of ['countdown', 'announcement', 'locked-note']) {
      expect(await inViewAtTop(table, signal), signal).toBe(true)
    }
    // Screen readers hear the minute in its singular.
    const spoken = table.locator('.countdown output')
    await expect
      .poll(() => spoken.innerText())
      .toBe(en.countdownMinutes.one.replace('{count}', '1'))

    // Held at one minute, the countdown is read in every language the interface has.
    await wall.getByRole('button', { name: en.pauseCountdown }).click()
    await expect.poll(() => table.getByTestId('countdown').innerText()).toMatch(/paused$/)
    const catalogues = await loadCatalogues()
    const singulars: Record<string, string> = {}
    for (const [language, catalogue] of Object.entries(catalogues) as [string, Catalogue][]) {
      if (new Intl.PluralRules(language).select(1) !== 'one') continue
      await table.evaluate((value) => localStorage.setItem('tablenotes.language', value), language)
      await table.reload()
      await table.getByTestId('countdown').waitFor()
      await expect.poll(() => table.locator('.countdown output').innerText()).not.toBe('')
      singulars[language] = await table.locator('.countdown output').innerText()
      const one = catalogue.countdownMinutes.one ?? ''
      expect(one, language).not.toBe('')
      expect(singulars[language], language).toBe(
        formatMessage(catalogue.countdownMinutes, language, { count: 1 }),
      )
      expect(singulars[language], language).toBe(one.replace('{count}', '1'))
    }
    expect(Object.keys(singulars).sort()).toEqual(['ar', 'en', 'es', 'fr'])
    await phone.close()
    await moderator.close()
  })

  it('shows the same time left on devices whose clocks are two minutes fast and slow', async () => {
    server = await fixture.start()
    const moderator = await chromium.context('Mona')
    // The moderator's own clock is off too: the deadline it writes must be in server time.
    await shiftClock(moderator, 45_000)
    const fast = await chromium.context('Farid', PHONE)
    await shiftClock(fast, 120_000)
    const slow = await chromium.context('Sofia', PHONE)
    await shiftClock(slow, -120_000)
    const fastTable = await openTable(fast, tableUrl('t1'))
    const slowTable = await openTable(slow, tableUrl('t2'))
    expect(await fastTable.evaluate(() => Date.now())).toBeGreaterThan(Date.now() + 100_000)
    expect(await slowTable.evaluate(() => Date.now())).toBeLessThan(Date.now() - 100_000)

    const wall = await moderator.newPage()
    await wall.goto(wallUrl())
    await wall.getByRole('spinbutton', { name: en.countdownMinutesLabel }).fill('10')
    const clicked = Date.now()
    await wall.getByRole('button', { name: en.startCountdown }).click()

    // What the moderator's page stored is a deadline in the server's time (this process's).
    const control = fixture.connect(`test-session/${CONTROL_ROOM}`, {
      token: mintToken({ sessionId: 'test-session', role: 'moderator' }),
    })
    await waitForSync(control)
    await expect.poll(() => readControl(control.doc).countdown?.endsAt ?? null).not.toBeNull()
    const endsAt = readControl(control.doc).countdown?.endsAt ?? 0
    expect(endsAt).toBeGreaterThan(clicked + 10 * 60_000 - 2_000)
    expect(endsAt).toBeLessThan(Date.now() + 10 * 60_000 + 2_000)

    // Every page shows the moderator's time left, within a second, again and again.
    for (let sample = 0; sample < 3; sample++) {
      await expect
        .poll(async () => {
          const [shown, onFast, onSlow] = await Promise.all(
            [wall, fastTable, slowTable].map(secondsShown),
          )
          return Math.max(Math.abs(onFast! - shown!), Math.abs(onSlow! - shown!))
        })
        .toBeLessThanOrEqual(1)
      expect(await secondsShown(wall)).toBeGreaterThan(9 * 60)
      await wall.waitForTimeout(700)
    }
    await moderator.close()
    await fast.close()
    await slow.close()
  })
})
