import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { axeViolations } from '../helpers/axe.js'
import { clickAnswer, openTable, status, useChromium } from '../helpers/browser.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken, writerToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

const tableUrl = (token: string) => `${server.httpUrl}/s/test-session/t/t1?token=${token}`
const moderatorToken = () => mintToken({ sessionId: 'test-session', role: 'moderator' })

/** The open comments listed beside the notes. */
const openComments = (page: Page) =>
  page.getByRole('region', { name: 'Comments' }).locator('ul.comment-list').first()

/** The words highlighted in the notes as a comment's quote. */
const highlighted = (page: Page) =>
  page
    .locator('.notes .comment-quote')
    .allInnerTexts()
    .then((texts) => texts.join(''))

describe('comments in Chromium (issue 20, item 1)', () => {
  it('comments on a selection on a phone, a moderator’s page sees it live and resolves it', async () => {
    server = await startServer()
    // The table's rapporteur writes on a phone.
    const writer = await chromium.context('Wafa', { width: 390, height: 844 })
    const page = await openTable(writer, tableUrl(writerToken('test-session/t1')))
    // A moderator reads the same table on a laptop (read access to the notes, may comment).
    const moderator = await chromium.context('Mona')
    const watching = await openTable(moderator, tableUrl(moderatorToken()))

    await clickAnswer(page, 0)
    await page.keyboard.type('Cities should fund shelters', { delay: 20 })
    await expect
      .poll(() => status(page).innerText(), { timeout: 15_000 })
      .toBe('Saved on the server')
    // Select "fund shelters" with the keyboard, as a person does, and comment on it.
    for (let step = 0; step < 'fund shelters'.length; step++) {
      await page.keyboard.press('Shift+ArrowLeft')
    }
    await page.getByRole('button', { name: 'Comment on the selected words' }).click()
    const box = page.getByLabel('Your comment on “fund shelters”')
    await box.waitFor()
    await box.pressSequentially('How much, and from which budget?', { delay: 10 })
    await page.getByRole('button', { name: 'Post comment' }).click()

    // Listed on both pages, its quote highlighted in both editors, announced to the other.
    for (const each of [page, watching]) {
      await expect
        .poll(() => openComments(each).innerText(), { timeout: 15_000 })
        .toContain('How much, and from which budget?')
      await expect.poll(() => highlighted(each), { timeout: 15_000 }).toBe('fund shelters')
    }
    await expect
      .poll(() => watching.getByTestId('comment-announcement').innerText())
      .toBe(
        'New comment from Wafa (table rapporteur) on “fund shelters”: How much, and from which budget?',
      )
    expect(await page.getByTestId('comment-announcement').innerText()).toBe('')
    // The list sits below the notes on the phone, and fits its width.
    const list = await page.getByRole('region', { name: 'Comments' }).boundingBox()
    const notes = await page.locator('.notes').boundingBox()
    expect(list!.y).toBeGreaterThan(notes!.y + notes!.height - 1)
    expect(list!.x + list!.width).toBeLessThanOrEqual(390)
    // The highlight is a decoration: the notes the table stores hold no trace of it.
    expect(await page.locator('.notes').innerText()).toContain('Cities should fund shelters')
    expect(await axeViolations(watching)).toEqual([])

    // The moderator replies and resolves; the writer's page follows.
    const item = openComments(watching).getByRole('listitem').first()
    await item.getByRole('button', { name: 'Reply' }).click()
    await watching.getByLabel('Your reply to Wafa').pressSequentially('Ask the mayor', {
      delay: 10,
    })
    await watching.getByRole('button', { name: 'Send reply' }).click()
    await expect
      .poll(() => openComments(page).innerText(), { timeout: 15_000 })
      .toContain('Ask the mayor')
    // Beside each name, isolated in a <bdi>, the role the server vouches for, in a label.
    for (const each of [page, watching]) {
      expect(await openComments(each).locator('bdi').allInnerTexts()).toEqual(['Wafa', 'Mona'])
      expect(await openComments(each).locator('.comment-role').allInnerTexts()).toEqual([
        'table rapporteur',
        'moderator',
      ])
    }
    await item.getByRole('button', { name: 'Resolve' }).click()
    await expect
      .poll(() => page.getByRole('region', { name: 'Comments' }).innerText(), { timeout: 15_000 })
      .toContain('No open comments.')
    await expect.poll(() => highlighted(page)).toBe('')
    await page.getByText('1 resolved comment').click()
    await page.getByRole('button', { name: 'Reopen' }).waitFor()
  }, 120_000)

  it('counts open comments on the wall and comments from a table opened large', async () => {
    server = await startServer()
    const writer = await chromium.context('Wafa')
    const page = await openTable(writer, tableUrl(writerToken('test-session/t1')))
    await clickAnswer(page, 0)
    await page.keyboard.type('Visas for seasonal workers; visas for students', { delay: 20 })
    await expect
      .poll(() => status(page).innerText(), { timeout: 15_000 })
      .toBe('Saved on the server')

    const moderator = await chromium.context('Mona')
    const wall = await moderator.newPage()
    await wall.goto(`${server.httpUrl}/s/test-session/moderator?token=${moderatorToken()}`)
    const card = wall.locator('.wall-card', {
      has: wall.getByRole('heading', { name: /^Table one/ }),
    })
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('seasonal workers')
    await wall.getByRole('button', { name: 'Open Table one large' }).click()

    // Select the second "visas" in the card's notes, as a mouse would, and comment on it.
    await card.locator('.wall-notes-scroll').evaluate((notes) => {
      const walker = document.createTreeWalker(notes, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.lastIndexOf('visas') ?? -1
        if (at > 0) {
          const range = document.createRange()
          range.setStart(node, at)
          range.setEnd(node, at + 'visas'.length)
          window.getSelection()?.removeAllRanges()
          window.getSelection()?.addRange(range)
          return
        }
      }
    })
    await card.getByRole('button', { name: 'Comment on the selected words' }).click()
    await card.getByLabel('Your comment on “visas”').pressSequentially('Which ones?', { delay: 10 })
    await card.getByRole('button', { name: 'Post comment' }).click()

    await expect
      .poll(() => card.locator('.comment-count').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['1 open comment'])
    // The table's page highlights the second "visas", the one selected on the wall.
    await expect
      .poll(() => openComments(page).innerText(), { timeout: 15_000 })
      .toContain('Which ones?')
    // The wall's large view shows the role beside the name too.
    expect(await card.locator('.comment-role').allInnerTexts()).toEqual(['moderator'])
    const quoteStart = await page.locator('.notes .comment-quote').evaluate((span) => {
      const paragraph = span.closest('p')!
      const range = document.createRange()
      range.setStart(paragraph, 0)
      range.setEndBefore(span)
      return range.toString().length
    })
    expect(quoteStart).toBe('Visas for seasonal workers; '.length)
    expect(await axeViolations(wall)).toEqual([])

    await card.getByRole('button', { name: 'Resolve' }).click()
    await expect.poll(() => card.locator('.comment-count').count(), { timeout: 15_000 }).toBe(0)
  }, 120_000)
})
