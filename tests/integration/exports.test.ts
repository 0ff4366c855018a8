import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { NOTES_FRAGMENT } from '@tablenotes/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  connectClient,
  isStoredOnServer,
  type TestClient,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { readDocx } from '../helpers/docx.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

let server: TestServer
const clients: TestClient[] = []
const SOFFICE = '/usr/bin/soffice'
const rapporteur = () => mintToken({ sessionId: 'test-session', role: 'rapporteur' })

/** Appends paragraphs (given as XmlText builders) to an answer of a table. */
async function write(table: string, section: number, part: number | null, texts: Y.XmlElement[]) {
  const client = connectClient(server.collabUrl, `test-session/${table}`, { stored: true })
  clients.push(client)
  await waitForSync(client)
  const question = client.doc.getXmlFragment(NOTES_FRAGMENT).get(section) as Y.XmlElement
  const holder = part === null ? question : (question.get(part) as Y.XmlElement)
  const answer = holder.get(0) as Y.XmlElement
  answer.insert(answer.length, texts)
  await waitFor('the notes to be stored', () => isStoredOnServer(client))
}

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph')
  const content = new Y.XmlText()
  element.insert(0, [content])
  content.insert(0, text, attributes)
  return element
}

function bulletList(items: string[]): Y.XmlElement {
  const list = new Y.XmlElement('bulletList')
  list.insert(
    0,
    items.map((text) => {
      const item = new Y.XmlElement('listItem')
      item.insert(0, [paragraph(text)])
      return item
    }),
  )
  return list
}

const ANSWERS = [
  'Cities issue ID cards to everyone.',
  'See the charter.',
  'First step',
  'Second step',
  'المدن تصدر بطاقات هوية للجميع.',
  'Regional passports work.',
]

describe('exports', () => {
  beforeAll(async () => {
    server = await startServer()
    await write('t1', 1, null, [
      paragraph(ANSWERS[0]!, { bold: true }),
      paragraph(ANSWERS[1]!, { link: { href: 'https://example.org/charter' } }),
      bulletList([ANSWERS[2]!, ANSWERS[3]!]),
      paragraph(ANSWERS[4]!),
    ])
    await write('t2', 2, 1, [paragraph(ANSWERS[5]!)])
    const compiled = await fetch(`${server.httpUrl}/api/sessions/test-session/synthesis/compile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rapporteur()}` },
    })
    expect(compiled.status).toBe(200)
  })
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await server.close()
  })

  const download = (route: string, format: string, token = rapporteur()) =>
    fetch(`${server.httpUrl}/api/sessions/test-session/${route}/export?format=${format}`, {
      headers: { authorization: `Bearer ${token}` },
    })

  it('writes the synthesis as a DOCX that holds every question, table label and answer', async () => {
    const response = await download('synthesis', 'docx')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('wordprocessingml')
    const file = path.join(server.dataDir, 'synthesis.docx')
    await writeFile(file, Buffer.from(await response.arrayBuffer()))
    const { text, xml, rels } = readDocx(file)
    for (const expected of [
      'Test session',
      '1. What works?',
      '2. What should change?',
      'a. Nationally?',
      'Table one (Europe)',
      'Table two (Africa)',
      ...ANSWERS,
    ]) {
      expect(text).toContain(expected)
    }
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>')
    expect(xml).toMatch(
      /<w:pPr><w:bidi\/><w:jc w:val="right"\/><\/w:pPr><w:r><w:rPr><w:rtl\/><w:lang w:bidi="ar"\/><\/w:rPr><w:t xml:space="preserve">المدن/,
    )
    expect(xml).toMatch(/<w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">Cities issue/)
    expect(xml).toContain('<w:numId w:val="1"/>')
    expect(rels).toContain('Target="https://example.org/charter" TargetMode="External"')
  })

  it('writes a DOCX that LibreOffice opens and reads back whole', async () => {
    if (!existsSync(SOFFICE)) {
      throw new Error(
        `${SOFFICE} is missing: install Debian's libreoffice-writer-nogui (.ci/run does)`,
      )
    }
    const response = await download('synthesis', 'docx')
    const dir = await mkdtemp(path.join(tmpdir(), 'tablenotes-docx-'))
    try {
      await writeFile(path.join(dir, 'synthesis.docx'), Buffer.from(await response.arrayBuffer()))
      execFileSync(
        SOFFICE,
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'txt:Text',
          '--outdir',
          dir,
          path.join(dir, 'synthesis.docx'),
        ],
        { stdio: 'ignore', timeout: 50_000 },
      )
      const text = await readFile(path.join(dir, 'synthesis.txt'), 'utf8')
      for (const expected of [
        '1. What works?',
        'a. Nationally?',
        'Table one (Europe)',
        ...ANSWERS,
      ]) {
        expect(text).toContain(expected)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('writes the same content as Markdown and as standalone HTML', async () => {
    const markdown = await (await download('synthesis', 'md')).text()
    const html = await (await download('synthesis', 'html')).text()
    for (const expected of [
      '1. What works?',
      'a. Nationally?',
      'Table one (Europe)',
      'Table two (Africa)',
      ...ANSWERS,
    ]) {
      expect(markdown).toContain(expected)
      expect(html).toContain(expected)
    }
    expect(html).toContain(`<p dir="rtl" lang="ar">${ANSWERS[4]}</p>`)
    expect(html).toContain('<a href="https://example.org/charter">See the charter.</a>')
    expect(html).toContain('@media print')
    expect(html).not.toContain('<script')
  })

  it('gives a table’s export to whoever may read the table, and nobody else', async () => {
    const editor = mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' })
    const own = await download('tables/t1', 'docx', editor)
    expect(own.status).toBe(200)
    expect(own.headers.get('content-disposition')).toContain('test-session-t1.docx')
    expect((await download('tables/t2', 'md', editor)).status).toBe(403)
    expect((await download('synthesis', 'md', editor)).status).toBe(403)
    expect((await download('tables/t1', 'pdf', editor)).status).toBe(400)
  })
})
