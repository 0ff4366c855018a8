import { NOTES_FRAGMENT, NodeName } from '@tablenotes/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clickAnswer, openTable, status, useChromium } from '../helpers/browser.js'
import { tablePageUrl } from '../helpers/pages.js'
import { startServer, type TestServer } from '../helpers/startServer.js'

const chromium = useChromium()
let server: TestServer

afterEach(async () => {
  await server?.close()
})

/** The server's limit in these tests, as `MAX_MESSAGE_BYTES=1048576`. */
const MAX_MESSAGE_BYTES = 1024 * 1024

const tableUrl = () => tablePageUrl(server)

async function storedDoc(): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom('test-session/t1')) Y.applyUpdate(doc, row.update)
  return doc
}

const storedText = async () => (await storedDoc()).getXmlFragment(NOTES_FRAGMENT).toString()

describe('changes larger than the server takes in one message', () => {
  it('tells the limit', async () => {
    server = await startServer({ maxMessageBytes: MAX_MESSAGE_BYTES })
    const response = await fetch(`${server.httpUrl}/api/limits`)
    expect(await response.json()).toEqual({ maxMessageBytes: MAX_MESSAGE_BYTES })
  })

  it('refuses a 2 MB paste before it enters the notes, says the limit, and syncs what follows', async () => {
    server = await startServer({ maxMessageBytes: MAX_MESSAGE_BYTES })
    const context = await chromium.context('Vera')
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = await openTable(context, tableUrl())
    await clickAnswer(page, 0)
    await page.keyboard.type('before ')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')

    await page.evaluate((size) => navigator.clipboard.writeText('P'.repeat(size)), 2 * 1024 * 1024)
    await page.keyboard.press('ControlOrMeta+v')
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toBe(
        'Not added: this paste is 2 MB, more than the 1 MB the server accepts in one change. Add it in smaller parts.',
      )
    expect(await page.locator('.notes').innerText()).not.toContain('PPPP')

    await page.keyboard.type('after the paste')
    await expect.poll(() => storedText()).toContain('before after the paste')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    expect(await storedText()).not.toContain('PPPP')
    // The next edit clears the message.
    expect(await page.getByRole('alert').count()).toBe(0)
    await context.close()
  })

  it('sends a change over the limit that an earlier version kept on the device, in parts', async () => {
    // A smaller limit than above keeps the notes light enough to type in quickly.
    const limit = 64 * 1024
    server = await startServer({ maxMessageBytes: limit })
    const context = await chromium.context('Wim')
    const first = await openTable(context, tableUrl())
    await expect.poll(() => status(first).innerText()).toBe('Saved on the server')
    await first.close()

    // What a page before this change left in IndexedDB after a paste over the limit that the
    // server refused (4413): an update the stock client sent whole on every reconnection.
    const serverDoc = await storedDoc()
    const legacy = new Y.Doc()
    Y.applyUpdate(legacy, Y.encodeStateAsUpdate(serverDoc))
    const pasted = `${'L'.repeat(3 * limit)}LEGACY-END`
    findFirstParagraph(legacy).insert(0, [new Y.XmlText(pasted)])
    const update = Y.encodeStateAsUpdate(legacy, Y.encodeStateVector(serverDoc))
    expect(update.byteLength).toBeGreaterThan(limit)
    const writer = await context.newPage()
    await writer.goto(`${server.httpUrl}/`)
    await writer.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('tablenotes:test-session/t1')
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      await new Promise((resolve, reject) => {
        const transaction = db.transaction('updates', 'readwrite')
        transaction.objectStore('updates').add(bytes)
        transaction.oncomplete = resolve
        transaction.onerror = reject
      })
      db.close()
    }, Buffer.from(update).toString('base64'))
    await writer.close()

    const page = await openTable(context, tableUrl())
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    expect(await storedText()).toContain('LEGACY-END')
    await clickAnswer(page, 1)
    await page.keyboard.type('typed after it')
    await expect.poll(() => storedText()).toContain('typed after it')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')
    await context.close()
  })
})

/** The first answer's paragraph of a table document. */
function findFirstParagraph(doc: Y.Doc): Y.XmlElement {
  const visit = (node: Y.XmlElement | Y.XmlFragment): Y.XmlElement | null => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === NodeName.paragraph) return child
      const found = visit(child)
      if (found) return found
    }
    return null
  }
  const found = visit(doc.getXmlFragment(NOTES_FRAGMENT))
  if (!found) throw new Error('the table has no paragraph')
  return found
}
