import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openSqliteStore } from '@tablenotes/server'
import { createTableSeed, NESTING_LIMIT, NOTES_FRAGMENT, SYNTHESIS_ROOM } from '@tablenotes/shared'
import { nestDeeply, p, rich, table } from '@tablenotes/shared/test-notes'
import type { Nodes, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isStoredOnServer, waitFor, waitForSync } from '../helpers/clients.js'
import { readDocx } from '../helpers/docx.js'
import { testSession } from '../helpers/fixtures.js'
import { serverForAllTests } from '../helpers/serverForEachTest.js'
import { startServer, type TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

let server: TestServer
const fixture = serverForAllTests()
const SOFFICE = '/usr/bin/soffice'
const rapporteur = () => mintToken({ sessionId: 'test-session', role: 'rapporteur' })

/** Appends paragraphs (given as XmlText builders) to an answer of a table. */
async function write(table: string, section: number, part: number | null, texts: Y.XmlElement[]) {
  const client = fixture.join(`test-session/${table}`)
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

/** Markdown as a CommonMark reader with GFM (micromark) reads it, independent of our writer. */
function readMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
}

/** A node's text, as a reader shows it: every text and code value inside it, in order. */
function textOf(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value
  if (node.type === 'break') return '\n'
  return 'children' in node ? node.children.map(textOf).join('') : ''
}

/** Every node of `type` under `node`, in document order. */
function nodesOf<T extends Nodes['type']>(node: Nodes, type: T): Extract<Nodes, { type: T }>[] {
  const found: Extract<Nodes, { type: T }>[] = []
  const visit = (at: Nodes) => {
    if (at.type === type) found.push(at as Extract<Nodes, { type: T }>)
    if ('children' in at) for (const child of at.children) visit(child)
  }
  visit(node)
  return found
}

/** Runs LibreOffice headless on `file`, converting it to `format` in its folder; the output's path. */
function convertWithLibreOffice(file: string, format: string, extension: string): string {
  if (!existsSync(SOFFICE)) {
    throw new Error(
      `${SOFFICE} is missing: install Debian's libreoffice-writer-nogui (.ci/run does)`,
    )
  }
  const dir = path.dirname(file)
  execFileSync(
    SOFFICE,
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--convert-to',
      format,
      '--outdir',
      dir,
      file,
    ],
    { stdio: 'ignore', timeout: 50_000 },
  )
  return file.replace(/\.docx$/, `.${extension}`)
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
    server = await fixture.start()
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
    const response = await download('synthesis', 'docx')
    const dir = await mkdtemp(path.join(tmpdir(), 'tablenotes-docx-'))
    try {
      const file = path.join(dir, 'synthesis.docx')
      await writeFile(file, Buffer.from(await response.arrayBuffer()))
      const text = await readFile(convertWithLibreOffice(file, 'txt:Text', 'txt'), 'utf8')
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

  it('writes Markdown that a CommonMark reader reads back as the same headings, text and links', async () => {
    const markdown = await (await download('synthesis', 'md')).text()
    const read = readMarkdown(markdown)
    expect(nodesOf(read, 'heading').map((heading) => [heading.depth, textOf(heading)])).toEqual([
      [1, 'Test session'],
      [2, '1. What works?'],
      [3, 'Table one (Europe)'],
      [2, '2. What should change?'],
      [3, 'a. Nationally?'],
      [4, 'Table two (Africa)'],
      [3, 'b. Regionally?'],
    ])
    const paragraphs = nodesOf(read, 'paragraph').map(textOf)
    for (const answer of ANSWERS) expect(paragraphs).toContain(answer)
    expect(nodesOf(read, 'strong').map(textOf)).toContain(ANSWERS[0])
    expect(nodesOf(read, 'link').map((link) => [link.url, textOf(link)])).toEqual([
      ['https://example.org/charter', ANSWERS[1]],
    ])
    const [list] = nodesOf(read, 'list')
    expect(list?.children.map(textOf)).toEqual([ANSWERS[2], ANSWERS[3]])
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

  it('limits one link to 60 table exports a minute with 429 TOO_MANY_REQUESTS', async () => {
    const token = rapporteur()
    for (let count = 0; count < 60; count++) {
      const table = count % 2 === 0 ? 'tables/t1' : 'tables/t2'
      expect((await download(table, 'md', token)).status).toBe(200)
    }
    const refused = await download('tables/t1', 'docx', token)
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    // Another link keeps its own share.
    expect((await download('tables/t1', 'md')).status).toBe(200)
  })
})

/**
 * What a stock client can store that the editor never writes: links to scripts, and elements
 * nested 20,000 deep. Stored before the server starts, as a history from before the server
 * checked updates would be; and a table, which the editor writes with its table nodes.
 */
describe('exports of what a stock client can store', () => {
  const SCRIPT_LINKS = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/x',
  ]
  const deepNote = `Content nested more than ${NESTING_LIMIT} levels deep follows as plain text.`
  let stored: TestServer

  /** A seeded table whose first answer gets `fill`'s content. */
  function tableDoc(tableId: string, fill: (answer: Y.XmlElement) => void): Uint8Array {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, createTableSeed(testSession, tableId))
    const question = doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
    fill(question.get(0) as Y.XmlElement)
    return Y.encodeStateAsUpdate(doc)
  }

  beforeAll(async () => {
    stored = await startServer()
    await stored.stop()
    const store = await openSqliteStore(path.join(stored.dataDir, 'tablenotes.sqlite'))
    const links = rich(
      ['safe', { link: { href: 'https://example.org/safe' } }],
      ' ',
      ...SCRIPT_LINKS.map((href, index): [string, Record<string, unknown>] => [
        `script${index} `,
        { link: { href } },
      ]),
    )
    const notes = table(
      [
        ['Issue', 'th', { colspan: 2 }],
        ['الجهة', 'th'],
      ],
      [
        ['Housing', 'td', { rowspan: 2 }],
        ['Rent *caps*', 'td'],
        ['Cities', 'td'],
      ],
      [
        ['Jobs', 'td'],
        ['Unions', 'td'],
      ],
    )
    const synthesis = new Y.Doc()
    nestDeeply(synthesis.getXmlFragment(NOTES_FRAGMENT), 20_000, 'blockquote', 'synthesis bottom')
    await store.appendUpdates([
      {
        room: 'test-session/t1',
        update: tableDoc('t1', (answer) => answer.insert(answer.length, [p(links), notes])),
      },
      {
        room: 'test-session/t2',
        update: tableDoc('t2', (answer) =>
          nestDeeply(answer, 20_000, 'blockquote', 'quote bottom'),
        ),
      },
      {
        room: 'test-session/t3',
        update: tableDoc('t3', (answer) => nestDeeply(answer, 20_000, 'bogus', 'bogus bottom')),
      },
      { room: `test-session/${SYNTHESIS_ROOM}`, update: Y.encodeStateAsUpdate(synthesis) },
    ])
    await store.close()
    await stored.restart()
  })
  afterAll(async () => {
    await stored?.close()
  })

  const download = async (route: string, format: string) => {
    const response = await fetch(
      `${stored.httpUrl}/api/sessions/test-session/${route}/export?format=${format}`,
      { headers: { authorization: `Bearer ${rapporteur()}` } },
    )
    expect(response.status, `${route} ${format}`).toBe(200)
    return response
  }

  const docxOf = async (route: string, name: string) => {
    const file = path.join(stored.dataDir, `${name}.docx`)
    await writeFile(file, Buffer.from(await (await download(route, 'docx')).arrayBuffer()))
    return { file, docx: readDocx(file) }
  }

  it('drops script, data and relative links in Markdown, HTML and Word, keeping their text', async () => {
    const texts = SCRIPT_LINKS.map((_, index) => `script${index}`)
    const markdown = await (await download('tables/t1', 'md')).text()
    const read = readMarkdown(markdown)
    expect(nodesOf(read, 'link').map((link) => [link.url, textOf(link)])).toEqual([
      ['https://example.org/safe', 'safe'],
    ])
    for (const text of texts) expect(markdown).toContain(text)
    expect(markdown).not.toMatch(/script:|data:|evil/i)

    const html = await (await download('tables/t1', 'html')).text()
    expect([...html.matchAll(/<a href="([^"]*)">/g)].map((match) => match[1])).toEqual([
      'https://example.org/safe',
    ])
    for (const text of texts) expect(html).toContain(text)
    expect(html).not.toMatch(/script:|data:|evil/i)

    const { docx } = await docxOf('tables/t1', 'links')
    expect(docx.rels.match(/TargetMode="External"/g)).toHaveLength(1)
    expect(docx.rels).toContain('Target="https://example.org/safe"')
    expect(docx.rels).not.toMatch(/script:|data:|evil/i)
    for (const text of texts) expect(docx.text).toContain(text)
  })

  it('writes a table as a GFM table, an HTML table and a Word table, spans and headers kept', async () => {
    const read = readMarkdown(await (await download('tables/t1', 'md')).text())
    const [markdownTable] = nodesOf(read, 'table')
    expect(markdownTable?.children.map((row) => row.children.map(textOf))).toEqual([
      ['Issue', '', 'الجهة'],
      ['Housing', 'Rent *caps*', 'Cities'],
      ['', 'Jobs', 'Unions'],
    ])

    const html = await (await download('tables/t1', 'html')).text()
    expect(html).toContain(
      '<table><tbody><tr><th colspan="2"><p dir="ltr">Issue</p></th><th><p dir="rtl" lang="ar">الجهة</p></th></tr>' +
        '<tr><td rowspan="2"><p dir="ltr">Housing</p></td><td><p dir="ltr">Rent *caps*</p></td>' +
        '<td><p dir="ltr">Cities</p></td></tr>' +
        '<tr><td><p dir="ltr">Jobs</p></td><td><p dir="ltr">Unions</p></td></tr></tbody></table>',
    )

    const { file, docx } = await docxOf('tables/t1', 'table')
    expect(docx.tables).toEqual([
      [
        {
          header: true,
          cells: [
            { text: 'Issue', span: 2, merge: null },
            { text: 'الجهة', span: 1, merge: null },
          ],
        },
        {
          header: false,
          cells: [
            { text: 'Housing', span: 1, merge: 'restart' },
            { text: 'Rent *caps*', span: 1, merge: null },
            { text: 'Cities', span: 1, merge: null },
          ],
        },
        {
          header: false,
          cells: [
            { text: '', span: 1, merge: 'continue' },
            { text: 'Jobs', span: 1, merge: null },
            { text: 'Unions', span: 1, merge: null },
          ],
        },
      ],
    ])
    // LibreOffice reads it as a table with the same spans.
    const page = await readFile(convertWithLibreOffice(file, 'html', 'html'), 'utf8')
    expect(page).toMatch(/<table[^>]*>/)
    expect(page).toMatch(/<t[dh][^>]*colspan="2"[^>]*>[\s\S]*?Issue/)
    expect(page).toMatch(/<t[dh][^>]*rowspan="2"[^>]*>[\s\S]*?Housing/)
    for (const text of ['الجهة', 'Rent *caps*', 'Cities', 'Jobs', 'Unions']) {
      expect(page).toContain(text)
    }
  })

  it('exports 20,000 nested elements with 200, cut at the nesting limit with a note', async () => {
    const cases = [
      { route: 'tables/t2', bottom: 'quote bottom' },
      { route: 'tables/t3', bottom: 'bogus bottom' },
      { route: 'synthesis', bottom: 'synthesis bottom' },
    ]
    for (const { route, bottom } of cases) {
      const markdown = await (await download(route, 'md')).text()
      const paragraphs = nodesOf(readMarkdown(markdown), 'paragraph').map(textOf)
      expect(paragraphs, route).toEqual(expect.arrayContaining([deepNote, bottom]))
      expect(nodesOf(readMarkdown(markdown), 'blockquote').length).toBeLessThanOrEqual(
        NESTING_LIMIT,
      )

      const html = await (await download(route, 'html')).text()
      expect(html).toContain(`<em>${deepNote}</em>`)
      expect(html).toContain(bottom)

      const { docx } = await docxOf(route, route.replace('/', '-'))
      const texts = docx.paragraphs.map((paragraph) => paragraph.text)
      expect(texts, route).toEqual(expect.arrayContaining([deepNote, bottom]))
    }
  })
})
