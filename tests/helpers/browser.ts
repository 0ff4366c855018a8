import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

const CHROMIUM = '/usr/bin/chromium'
const CLIENT_INDEX = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install chromium (bash scripts/test.sh installs it)`,
    )
  }
  if (!existsSync(CLIENT_INDEX)) {
    throw new Error('the client is not built: run pnpm build before the browser tests')
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/**
 * One Chromium for a test file, launched before its tests and closed after them, and the two
 * ways the tests open pages in it.
 */
export function useChromium() {
  let browser: Browser | null = null
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  const running = () => {
    if (!browser) throw new Error('Chromium is not running: open pages inside a test')
    return browser
  }
  return {
    /** A context whose person already gave their name (see openContext). */
    context: (name?: string, viewport?: { width: number; height: number }) =>
      openContext(running(), name, viewport),
    newContext: (options?: BrowserContextOptions) => running().newContext(options),
    /**
     * `name`'s page on the table at `url` (see openTable), in a context of its own whose person
     * gave that name (see openContext); `page.context().close()` closes both.
     */
    table: async (
      name: string,
      url: string,
      viewport?: { width: number; height: number },
    ): Promise<Page> => openTable(await openContext(running(), name, viewport), url),
    /**
     * A blank page in a context of its own whose person gave `name` (see openContext), for pages
     * other than a table's; `page.context().close()` closes both.
     */
    page: async (name: string): Promise<Page> => (await openContext(running(), name)).newPage(),
  }
}

/** A browser context whose person already told the page their name. */
export async function openContext(
  browser: Browser,
  name?: string,
  viewport?: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext(viewport ? { viewport } : {})
  if (name) {
    await context.addInitScript((value) => {
      if (!localStorage.getItem('tablenotes:name')) localStorage.setItem('tablenotes:name', value)
    }, name)
  }
  // Records every save status the page shows, across reloads, without hooks in the product.
  await context.addInitScript(() => {
    const log: string[] = JSON.parse(sessionStorage.getItem('statusLog') ?? '[]')
    const record = () => {
      const text = document.querySelector('[data-testid="save-status"]')?.textContent
      if (text && log.at(-1) !== text) {
        log.push(text)
        sessionStorage.setItem('statusLog', JSON.stringify(log))
      }
    }
    new MutationObserver(record).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
    })
  })
  return context
}

export async function statusLog(page: Page): Promise<string[]> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('statusLog') ?? '[]') as string[])
}

/** Opens a table page and waits until its editor accepts typing. */
export async function openTable(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  await page.locator('.notes .answer p').first().waitFor()
  return page
}

/**
 * Waits (20 s at most) until the page's service worker controls it: from then on the page opens,
 * and its chunks load, with no network.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 20_000,
  })
}

/** Puts the caret at the end of the nth answer (0-based, document order). */
export async function clickAnswer(page: Page, index: number): Promise<void> {
  const paragraph = page.locator('.notes .answer').nth(index).locator('p').last()
  await paragraph.click()
  await page.keyboard.press('End')
}

/**
 * The prompts a table page shows (questions and their parts, numbered as on the page), in
 * document order; with `visible`, only the ones not hidden (a removed question's empty parts are).
 */
export const promptsOn = (page: Page, { visible = false } = {}) =>
  page.locator(visible ? '.notes .prompt:visible' : '.notes .prompt').allInnerTexts()

export const status = (page: Page) => page.locator('[data-testid="save-status"]')
export const notesText = (page: Page) => page.locator('.notes').innerText()
