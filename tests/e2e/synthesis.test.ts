import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { NOTES_FRAGMENT } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { status, useChromium } from '../helpers/browser.js'
import { isStoredOnServer, waitFor, waitForSync } from '../helpers/clients.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const chromium = useChromium()
const fixture = serverForEachTest()
let server: TestServer

/** A stock client writing into a table's answer: question `section` (1-based), part `part`. */
async function writeAt(table: string, section: number, part: number | null, text: string) {
  const client = fixture.connect(`test-session/${table}`, { stored: true })
  await waitForSync(client)
  // The writer announces a name, as a page does: the synthesis names it (issue 17).
  client.provider.awareness.setLocalStateField('user', { name: `Writer ${table}` })
  const question = client.doc.getXmlFragment(NOTES_FRAGMENT).get(section) as Y.XmlElement
  const holder = part === null ? question : (question.get(part) as Y.XmlElement)
  const answer = holder.get(0) as Y.XmlElement
  ;(answer.get(0) as Y.XmlElement).insert(0, [new Y.XmlText(text)])
  await waitFor('the table text to be stored', () => isStoredOnServer(client))
  return client
}

describe('the synthesis page in Chromium', () => {
  it('compiles every table under its question, keeps the summary, and exports Markdown and Word', async () => {
    server = await fixture.start()
    await writeAt('t1', 1, null, 'Table one says cities lead.')
    const second = await writeAt('t2', 2, 1, 'Table two wants regional passports.')
    const context = await chromium.context('Rafael')
    const page = await context.newPage()
    await page.goto(
      `${server.httpUrl}/s/test-session/synthesis?token=${mintToken({ sessionId: 'test-session', role: 'rapporteur' })}`,
    )
    await page.getByText('Not compiled yet').waitFor()
    await page.getByRole('button', { name: 'Compile the tables' }).click()

    const question = (n: number) => page.locator('.notes .question').nth(n)
    await expect
      .poll(() => question(0).locator('.contribution').allInnerTexts())
      .toEqual(['Table one (Europe) — written by Writer t1\n\nTable one says cities lead.'])
    await expect
      .poll(() =>
        question(1).locator('.question-part').first().locator('.contribution').innerText(),
      )
      .toBe('Table two (Africa) — written by Writer t2\n\nTable two wants regional passports.')
    expect(await question(1).locator(':scope > .question-body > .contribution').count()).toBe(0)

    await question(0).locator('.summary p').click()
    await page.keyboard.type('Cities lead, with regional cover.')
    await expect.poll(() => status(page).innerText()).toBe('Saved on the server')

    const answer = (second.doc.getXmlFragment(NOTES_FRAGMENT).get(2) as Y.XmlElement).get(
      1,
    ) as Y.XmlElement
    ;((answer.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Also: ')])
    await page.reload()
    await page.getByText('Changed since: Table two.').waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: 'Compile the tables' }).click()
    await page.getByText('No table has changed since.').waitFor()
    await expect
      .poll(() => question(1).locator('.contribution').first().innerText())
      .toContain('Also: Table two wants regional passports.')
    expect(await question(0).locator('.summary').innerText()).toContain(
      'Cities lead, with regional cover.',
    )

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download as Markdown' }).click()
    const markdown = await readFile((await (await download).path())!, 'utf8')
    expect(markdown).toContain('## 1. What works?')
    // The summary is labelled as such, one level below its question (issue 18.12).
    expect(markdown).toContain(
      '## 1. What works?\n\n### Summary\n\nCities lead, with regional cover.',
    )
    // No heading skips a level (## then ####).
    const levels = [...markdown.matchAll(/^(#+) /gm)].map((match) => match[1]!.length)
    expect(levels.length).toBeGreaterThan(5)
    const jumps = levels.filter((level, index) => index > 0 && level > levels[index - 1]! + 1)
    expect(jumps).toEqual([])
    expect(markdown).toContain(
      '### Table one (Europe) — written by Writer t1\n\nTable one says cities lead.',
    )
    expect(markdown).toContain(
      '#### Table two (Africa) — written by Writer t2\n\nAlso: Table two wants regional passports.',
    )

    const word = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download for Word' }).click()
    const docx = await word
    expect(docx.suggestedFilename()).toBe('test-session-synthesis.docx')
    const bytes = await readFile((await docx.path())!)
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    const text = execFileSync(
      'python3',
      [
        '-c',
        "import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())",
        (await docx.path())!,
      ],
      { encoding: 'utf8' },
    )
    for (const expected of [
      '1. What works?',
      'Table one (Europe) — written by Writer t1',
      'Table one says cities lead.',
      'Cities lead, with regional cover.',
    ]) {
      expect(text).toContain(expected)
    }
    await context.close()
  })
})
