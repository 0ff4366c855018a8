import en from '@tablenotes/shared/catalogues/en'
import { afterEach, describe, expect, it } from 'vitest'
import { useChromium } from '../helpers/browser.js'
import { organizerPageUrl } from '../helpers/pages.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

describe('the first run', () => {
  it('offers a way in on a fresh front page: paste a link, or the command that prints one', async () => {
    server = await startServer()
    const page = await chromium.page('Amina')
    await page.goto(`${server.httpUrl}/`)
    await page.getByRole('heading', { name: en.appName, level: 1 }).waitFor()
    await page.getByText(en.frontIntro).waitFor()
    expect(await page.locator('code').innerText()).toBe('pnpm tablenotes links SESSION')

    const field = page.getByRole('textbox', { name: en.openLinkLabel })
    await field.fill('https://example.org/some/page')
    await page.getByRole('button', { name: en.openLinkSubmit }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toBe(en.openLinkInvalid)

    const link = `${server.httpUrl}/s/test-session/t/t1?token=${mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' })}`
    await field.fill(link)
    await page.getByRole('button', { name: en.openLinkSubmit }).click()
    await page.locator('.notes .answer p').first().waitFor()
    // The table opened, and the page took the token out of the address bar (issue 15.5).
    expect(page.url()).toBe(`${server.httpUrl}/s/test-session/t/t1`)
    await page.context().close()
  })

  it('has a favicon, so a moderator’s many tabs are told apart from other sites', async () => {
    server = await startServer()
    const response = await fetch(`${server.httpUrl}/favicon.ico`)
    expect(response.status).toBe(200)
    const bytes = new Uint8Array(await response.arrayBuffer())
    // An ICO file: reserved 0, type 1 (icon), then how many images it holds.
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0])
    expect(bytes[4]).toBeGreaterThan(0)
    const page = await chromium.page('Amina')
    await page.goto(`${server.httpUrl}/`)
    const icons = await page
      .locator('link[rel="icon"]')
      .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href))
    expect(icons.length).toBeGreaterThan(0)
    for (const icon of icons) expect((await fetch(icon)).status, icon).toBe(200)
    await page.context().close()
  })

  it('says a taken title in its own words, suggests another, and creates what the form holds', async () => {
    server = await startServer()
    const page = await chromium.page('Olu')
    // The organizer link of the existing session makes this browser an organizer.
    await page.goto(organizerPageUrl(server))
    await page.getByRole('heading', { name: 'Test session' }).waitFor()
    await page.goto(`${server.httpUrl}/`)
    await page.getByRole('heading', { name: en.newSession }).waitFor()
    await page.getByRole('textbox', { name: en.sessionTitleLabel }).fill('Test session')
    await page.getByRole('textbox', { name: en.questionsOnePerLine }).fill('What works?')
    await page
      .getByRole('textbox', { name: en.tablesOnePerLine })
      .fill('Beirut; Middle East; ar\nDakar; West Africa')
    await page.getByRole('textbox', { name: en.tagsOnePerLine }).fill('Labour migration')
    await page.getByRole('button', { name: en.createSession }).click()
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toBe(
        'A session titled “Test session” already exists. Give this one another title, such as “Test session (2)”.',
      )

    await page.getByRole('textbox', { name: en.sessionTitleLabel }).fill('Test session (2)')
    await page.getByRole('button', { name: en.createSession }).click()
    await page.waitForURL(/\/s\/test-session-2\?token=/)
    await page.getByRole('link', { name: 'Beirut · Middle East' }).waitFor()
    const created = await server.store.getSession('test-session-2')
    expect(created?.tables).toEqual([
      { id: 'beirut', name: 'Beirut', region: 'Middle East', language: 'ar' },
      { id: 'dakar', name: 'Dakar', region: 'West Africa' },
    ])
    expect(created?.tags).toEqual([{ id: 'labour-migration', label: 'Labour migration' }])
    await page.context().close()
  })

  it('lets the organizer put back a question removed by mistake', async () => {
    server = await startServer()
    const page = await chromium.page('Olu')
    await page.goto(organizerPageUrl(server))
    const first = page.getByRole('textbox', { name: 'Question 1', exact: true })
    await expect.poll(() => first.inputValue()).toBe('What works?')
    // Questions wrap in a growing text area, not a one-line input.
    expect(await first.evaluate((element) => element.tagName)).toBe('TEXTAREA')
    await page.getByRole('button', { name: 'Remove question 1' }).click()
    await expect.poll(() => first.inputValue()).toBe('What should change?')
    await page.getByText('Removed: “What works?”').waitFor()
    await page.getByRole('button', { name: en.undoRemoveQuestion }).click()
    await expect.poll(() => first.inputValue()).toBe('What works?')
    await page.context().close()
  })
})
