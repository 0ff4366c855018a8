import { setTimeout as sleep } from 'node:timers/promises'
import { NOTES_FRAGMENT } from '@tablenotes/shared'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openTable, useChromium } from '../helpers/browser.js'
import { type TestClient, waitForSync } from '../helpers/clients.js'
import { tablePageUrl } from '../helpers/pages.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'

const chromium = useChromium()
const fixture = serverForEachTest()
let server: TestServer

const tableUrl = () => tablePageUrl(server)

/** Every text a live region took, in order, recorded in the page. */
async function recordAnnouncements(page: Page, testId: string): Promise<() => Promise<string[]>> {
  await page.evaluate((id) => {
    const region = document.querySelector(`[data-testid="${id}"]`)!
    const seen: string[] = []
    ;(window as unknown as { seen: string[] }).seen = seen
    new MutationObserver(() => {
      const text = region.textContent ?? ''
      if (text && seen.at(-1) !== text) seen.push(text)
    }).observe(region, { subtree: true, childList: true, characterData: true })
  }, testId)
  return () => page.evaluate(() => (window as unknown as { seen: string[] }).seen)
}

async function joinAs(name: string): Promise<TestClient> {
  const client = fixture.connect('test-session/t1')
  await waitForSync(client)
  client.provider.awareness.setLocalStateField('user', { name, color: '#8a4b00' })
  return client
}

describe('what a screen reader hears at a busy table', () => {
  it('tells who joined and left, gathered, never once per cursor move', async () => {
    server = await fixture.start()
    const page = await openTable(await chromium.context('Amina'), tableUrl())
    // The page's own arrival settles: until then its live region is busy and lists, not tells.
    await expect
      .poll(() => page.getByTestId('presence-announcement').getAttribute('aria-busy'), {
        timeout: 20_000,
      })
      .toBe('false')
    const announcements = await recordAnnouncements(page, 'presence-announcement')

    const rafael = await joinAs('Rafael')
    const li = await joinAs('Li')
    // Cursor moves: many awareness changes, nobody new.
    for (let move = 0; move < 20; move++) {
      rafael.provider.awareness.setLocalStateField('cursor', { at: move })
      li.provider.awareness.setLocalStateField('cursor', { at: move })
      await sleep(50)
    }
    await expect.poll(announcements).toEqual(['Li and Rafael joined the table.'])
    li.destroy()
    await expect
      .poll(announcements, { timeout: 40_000 })
      .toEqual(['Li and Rafael joined the table.', 'Li left the table.'])
  })

  it('tells no one left when it is the page that went offline', async () => {
    server = await fixture.start()
    const context = await chromium.context('Amina')
    const page = await openTable(context, tableUrl())
    const region = page.getByTestId('presence-announcement')
    await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false')
    const announcements = await recordAnnouncements(page, 'presence-announcement')
    await joinAs('Rafael')
    await joinAs('Li')
    await expect.poll(announcements).toEqual(['Li and Rafael joined the table.'])

    await context.setOffline(true)
    // The provider forgets the others' presence: the list shows Amina alone, and the region,
    // which cannot know who is there, is busy rather than telling that they left.
    await expect.poll(() => page.locator('.presence li').count()).toBe(1)
    expect(await region.getAttribute('aria-busy')).toBe('true')
    // What the list shows says why, instead of "Only you".
    await page.getByText('Offline: who else is here shows again once you are back online').waitFor()
    await context.setOffline(false)
    await expect.poll(() => page.locator('.presence li').count()).toBe(3)
    await expect.poll(() => region.getAttribute('aria-busy')).toBe('false')
    await joinAs('Zoe')
    await expect
      .poll(announcements, { timeout: 40_000 })
      .toEqual(['Li and Rafael joined the table.', 'Zoe joined the table.'])
    await context.close()
  })

  it('tells no one left when another page only blinked offline', async () => {
    server = await fixture.start()
    const watcher = await openTable(await chromium.context('Bruno'), tableUrl())
    const region = watcher.getByTestId('presence-announcement')
    await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false')
    const announcements = await recordAnnouncements(watcher, 'presence-announcement')
    const alice = await chromium.context('Alice')
    const page = await openTable(alice, tableUrl())
    await expect.poll(announcements).toEqual(['Alice joined the table.'])

    await alice.setOffline(true)
    await expect.poll(() => page.locator('.presence li').count()).toBe(1)
    await alice.setOffline(false)
    await expect.poll(() => page.locator('.presence li').count()).toBe(2)
    // Someone new arrives: the announcement that tells of them tells of Alice too, had she gone.
    await joinAs('Zoe')
    await expect
      .poll(announcements, { timeout: 40_000 })
      .toEqual(['Alice joined the table.', 'Zoe joined the table.'])
    expect(await watcher.locator('.presence li').allInnerTexts()).toEqual([
      'Bruno (you)',
      'Alice',
      'Zoe',
    ])
    await alice.close()
    await watcher.context().close()
  })

  it('shows what changed per question since the last look, as a still list', async () => {
    server = await fixture.start()
    const context = await chromium.context('Amina')
    const page = await openTable(context, tableUrl())
    await page.getByRole('heading', { name: 'What changed since you last looked' }).waitFor()

    const writer = await joinAs('Rafael')
    const question = writer.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
    const answer = question.get(0) as Y.XmlElement
    ;(answer.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Cities lead on inclusion.')])

    await page.reload()
    await page.locator('.notes .answer p').first().waitFor()
    await page.getByText('Cities lead on inclusion.').first().waitFor()
    await page.getByRole('button', { name: 'Show what changed' }).click()
    const changes = page.locator('.changes-list')
    await expect.poll(() => changes.innerText()).toContain('1. What works?')
    expect(await changes.innerText()).toContain('Cities lead on inclusion.')
    expect(await changes.innerText()).toContain('1 new or rewritten paragraph, 0 removed')

    // Typing elsewhere does not move the list being read.
    const part = (writer.doc.getXmlFragment(NOTES_FRAGMENT).get(2) as Y.XmlElement).get(
      1,
    ) as Y.XmlElement
    ;((part.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Later.')])
    await page.getByText('Later.').first().waitFor()
    expect(await changes.innerText()).not.toContain('Later.')

    await page.getByRole('button', { name: 'Mark everything as read' }).click()
    await page.getByRole('button', { name: 'Show what changed' }).click()
    await page.getByText('Nothing has changed since.').waitFor()
    await context.close()
  })
})
