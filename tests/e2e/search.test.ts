import ar from '@tablenotes/shared/catalogues/ar'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations } from '../helpers/axe.js'
import { useChromium } from '../helpers/browser.js'
import { waitForSync } from '../helpers/clients.js'
import { writeAnswer } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
const fixture = serverForEachTest()
let server: TestServer

const SESSION = 'test-session'

/**
 * expect.poll gives up after 1 s by default; pages connect and render more slowly on a loaded
 * 2-core machine, so every wait here has Playwright's own 30 s.
 */
const PATIENTLY = { timeout: 30_000 }
const linkTo = (path: string, role: 'moderator' | 'rapporteur') =>
  `${server.httpUrl}/s/${SESSION}/${path}?token=${mintToken({ sessionId: SESSION, role })}`

/** A stock client writing one paragraph per text into the first question's answer of a table. */
async function writeAt(table: string, texts: string[]): Promise<void> {
  const client = fixture.connect(`${SESSION}/${table}`, { stored: true })
  await waitForSync(client)
  await writeAnswer(client, 'q1', texts)
}

/** Enough paragraphs before the one to find that it starts out of the card's view. */
const filler = Array.from({ length: 40 }, (_, index) => `Point ${index + 1} of the discussion`)

/**
 * What the search highlight paints, and whether its paragraph is in the window and focused:
 * itself, or the editor holding it with the caret in it.
 */
function shownHit(page: Page) {
  return page.evaluate(() => {
    const highlight = CSS.highlights.get('tablenotes-search')
    const range = highlight ? [...highlight][0] : undefined
    if (!(range instanceof Range)) return null
    const paragraph = range.startContainer.parentElement?.closest('p')
    const box = paragraph?.getBoundingClientRect()
    return {
      hit: range.toString(),
      paragraph: paragraph?.textContent ?? '',
      visible: !!box && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight,
      focused:
        !!paragraph &&
        (document.activeElement === paragraph ||
          (!!document.activeElement?.contains(paragraph) &&
            paragraph.contains(document.getSelection()?.anchorNode ?? null))),
    }
  })
}

/** What `shownHit` reads once the search shows `hit` in `paragraph`: in the window and focused. */
const shownInView = (hit: string, paragraph: string) => ({
  hit,
  paragraph,
  visible: true,
  focused: true,
})

describe('search across the session in Chromium', () => {
  it('searches from the wall; a result opens its table large and shows the paragraph', async () => {
    server = await fixture.start()
    await writeAt('t1', [...filler, 'Mentoring by volunteers works well', 'Shelters need funding'])
    await writeAt('t2', ['Regional passports work'])
    const context = await chromium.context('Mona')
    const wall = await context.newPage()
    await wall.goto(linkTo('moderator', 'moderator'))
    const tableOne = wall.locator('[data-table-id="t1"] .wall-notes')
    await expect.poll(() => tableOne.innerText(), PATIENTLY).toContain('Mentoring by volunteers')

    await wall.getByRole('searchbox', { name: 'Search the notes' }).fill('VOLUNTEERS')
    await wall.getByRole('button', { name: 'Search', exact: true }).click()
    await expect
      .poll(() => wall.locator('.session-search output').innerText(), PATIENTLY)
      .toBe('1 paragraph found for “VOLUNTEERS”.')
    const results = wall.getByRole('list', { name: 'Search results' })
    const result = results.getByRole('link', {
      name: 'Table one · question 1 Mentoring by volunteers works well',
    })
    expect(await axeViolations(wall)).toEqual([])

    await result.click()
    await wall.locator('[data-table-id="t1"].focused').waitFor()
    await expect
      .poll(() => shownHit(wall), PATIENTLY)
      .toEqual(shownInView('volunteers', 'Mentoring by volunteers works well'))
    // Escape returns to the wall, as from any table opened large.
    await wall.keyboard.press('Escape')
    await wall.locator('[data-table-id="t2"]:not([hidden])').waitFor()
    await context.close()
  })

  it('finds Arabic without its harakat on a phone, in Arabic, and shows the paragraph', async () => {
    server = await fixture.start()
    await writeAt('t2', [...filler, 'نحتاج إلى مُشَارَكَةِ الشَّبَابِ في القرار'])
    const context = await chromium.context('Layla', { width: 390, height: 844 })
    await context.addInitScript(() => localStorage.setItem('tablenotes.language', 'ar'))
    const wall = await context.newPage()
    await wall.goto(linkTo('moderator', 'moderator'))
    await expect
      .poll(() => wall.locator('[data-table-id="t2"] .wall-notes').innerText(), PATIENTLY)
      .toContain('القرار')

    await wall.getByRole('searchbox', { name: ar.searchLabel }).fill('مشاركة الشباب')
    await wall.getByRole('searchbox', { name: ar.searchLabel }).press('Enter')
    await expect
      .poll(() => wall.locator('.session-search output').innerText(), PATIENTLY)
      .toBe('عُثر على فقرة واحدة لـ «مشاركة الشباب».')
    const sideways = await wall.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(sideways).toBe(0)

    await wall.getByRole('list', { name: ar.searchResultsLabel }).getByRole('link').click()
    await expect
      .poll(() => shownHit(wall), PATIENTLY)
      .toEqual(shownInView('مُشَارَكَةِ الشَّبَابِ', 'نحتاج إلى مُشَارَكَةِ الشَّبَابِ في القرار'))
    await context.close()
  })

  it('searches the synthesis page and scrolls to the compiled paragraph', async () => {
    server = await fixture.start()
    await writeAt('t3', [...filler, 'L’École publique accueille tout le monde'])
    const compiled = await fetch(`${server.httpUrl}/api/sessions/${SESSION}/synthesis/compile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mintToken({ sessionId: SESSION, role: 'rapporteur' })}` },
    })
    expect(compiled.status).toBe(200)
    const context = await chromium.context('Rita')
    const page = await context.newPage()
    await page.goto(linkTo('synthesis', 'rapporteur'))
    await expect
      .poll(() => page.locator('.notes.synthesis').innerText(), PATIENTLY)
      .toContain('accueille')

    await page.getByRole('searchbox', { name: 'Search the notes' }).fill('ecole')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    // The table's own paragraph is found too, but this page lists the synthesis's only.
    await expect
      .poll(() => page.locator('.session-search output').innerText(), PATIENTLY)
      .toBe('1 paragraph found for “ecole”.')
    await page
      .getByRole('link', {
        name: 'Synthesis · question 1 · Table three L’École publique accueille tout le monde',
      })
      .click()
    // The hit must stay painted and focused, not only flash before the page draws again: the
    // barrier is the same answer five polls in a row (any redraw in between breaks the run).
    const expected = shownInView('École', 'L’École publique accueille tout le monde')
    let inARow = 0
    await expect
      .poll(async () => {
        const shown = await shownHit(page)
        inARow = JSON.stringify(shown) === JSON.stringify(expected) ? inARow + 1 : 0
        return inARow >= 5 ? shown : { inARow, shown }
      }, PATIENTLY)
      .toEqual(expected)

    // New notes at table three and a recompile replace its contribution, so the editor draws the
    // paragraph anew: the hit follows it (a range over replaced text collapses, painting nothing).
    const drawn = await page.evaluateHandle(() => {
      const range = [...(CSS.highlights.get('tablenotes-search') ?? [])][0]
      return range?.startContainer.parentElement?.closest('p')
    })
    await writeAt('t3', [...filler, 'L’École publique accueille tout le monde', 'A later point'])
    const again = await fetch(`${server.httpUrl}/api/sessions/${SESSION}/synthesis/compile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mintToken({ sessionId: SESSION, role: 'rapporteur' })}` },
    })
    expect(again.status).toBe(200)
    await expect
      .poll(() => drawn.evaluate((element) => element?.isConnected), PATIENTLY)
      .toBe(false)
    inARow = 0
    await expect
      .poll(async () => {
        const shown = await shownHit(page)
        inARow =
          shown?.hit === expected.hit && shown.paragraph === expected.paragraph ? inARow + 1 : 0
        return inARow >= 5 ? shown : { inARow, shown }
      }, PATIENTLY)
      .toMatchObject({ hit: expected.hit, paragraph: expected.paragraph })
    await context.close()
  })
})
