import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { NOTES_FRAGMENT, PRIORITIES_ARRAY, type Session } from '@tablenotes/shared'
import ar from '@tablenotes/shared/catalogues/ar'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isStoredOnServer, waitFor, waitForSync } from '../helpers/clients.js'
import { readDocx } from '../helpers/docx.js'
import { serverForAllTests } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const session: Session = {
  id: 'mixed',
  title: 'Regional consultation',
  questions: [
    {
      id: 'q1',
      text: 'What protects migrant workers?',
      translations: { ar: 'ما الذي يحمي العمال المهاجرين؟' },
    },
  ],
  tables: [
    { id: 'beirut', name: 'بيروت', language: 'ar' },
    { id: 'geneva', name: 'Geneva' },
  ],
}

/** What each table writes, and the direction and language each paragraph must be marked with. */
const WRITTEN = {
  beirut: [
    { text: 'النقابات تحمي العمال المنزليين.', dir: 'rtl', lang: 'ar' },
    { text: 'ILO convention 189 كما قال أحد المشاركين.', dir: 'ltr', lang: 'en' },
  ],
  geneva: [
    { text: 'Bilateral labour agreements, enforced.', dir: 'ltr', lang: 'en' },
    { text: 'الحماية الاجتماعية للجميع', dir: 'rtl', lang: 'ar' },
  ],
} as const

let server: TestServer
const fixture = serverForAllTests()
const rapporteur = () => mintToken({ sessionId: 'mixed', role: 'rapporteur' })

async function write(tableId: keyof typeof WRITTEN) {
  const client = fixture.join(`mixed/${tableId}`)
  await waitForSync(client)
  const question = client.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
  const answer = question.get(0) as Y.XmlElement
  answer.insert(
    answer.length,
    WRITTEN[tableId].map(({ text }) => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(text)])
      return paragraph
    }),
  )
  client.doc.getArray(PRIORITIES_ARRAY).push([{ label: `${tableId}: العمل اللائق` }])
  await waitFor('the notes to be stored', () => isStoredOnServer(client))
}

async function download(route: string, format: string): Promise<Response> {
  const response = await fetch(
    `${server.httpUrl}/api/sessions/mixed/${route}/export?format=${format}`,
    { headers: { authorization: `Bearer ${rapporteur()}` } },
  )
  expect(response.status).toBe(200)
  return response
}

/** Every `<p>` or heading whose text is `text`, as its opening tag. */
function openingTagsOf(html: string, text: string): string[] {
  return [...html.matchAll(/<(p|h\d)([^>]*)>([^<]*)<\/\1>/g)]
    .filter((match) => match[3] === text)
    .map((match) => `<${match[1]}${match[2]}>`)
}

beforeAll(async () => {
  server = await fixture.start({ sessions: [session] })
  await write('beirut')
  await write('geneva')
  const compiled = await fetch(`${server.httpUrl}/api/sessions/mixed/synthesis/compile`, {
    method: 'POST',
    headers: { authorization: `Bearer ${rapporteur()}` },
  })
  expect(compiled.status).toBe(200)
})

describe('an Arabic table and an English table merged into one synthesis', () => {
  const paragraphs = [...WRITTEN.beirut, ...WRITTEN.geneva]

  it('marks each paragraph’s direction and language in the HTML export', async () => {
    const html = await (await download('synthesis', 'html')).text()
    expect(html).toContain('<html lang="en" dir="ltr">')
    for (const { text, dir, lang } of paragraphs) {
      const expected = lang === 'en' ? `<p dir="${dir}">` : `<p dir="${dir}" lang="${lang}">`
      expect(openingTagsOf(html, text), text).toEqual([expected])
    }
    // The Arabic table's name heads its contribution, right to left, one level below its question.
    expect(openingTagsOf(html, 'بيروت')).toEqual(['<h3 dir="rtl" lang="ar">'])
  })

  it('marks each paragraph’s direction and language in the DOCX export', async () => {
    const file = path.join(server.dataDir, 'mixed-synthesis.docx')
    await writeFile(file, Buffer.from(await (await download('synthesis', 'docx')).arrayBuffer()))
    const docx = readDocx(file)
    for (const { text, dir, lang } of paragraphs) {
      const found = docx.paragraphs.filter((paragraph) => paragraph.text === text)
      expect(found, text).toEqual([
        {
          text,
          bidi: dir === 'rtl',
          rtlRuns: dir === 'rtl',
          // The synthesis is English: only paragraphs in another language carry a mark.
          languages: lang === 'en' ? [] : [dir === 'rtl' ? `bidi:${lang}` : `val:${lang}`],
          align: dir === 'rtl' ? 'right' : null,
          style: null,
        },
      ])
    }
    expect(docx.styles).toContain('<w:lang w:val="en" w:bidi="ar-SA"/>')
  })

  it('writes the Arabic table’s own export in Arabic, right to left, labels included', async () => {
    const html = await (await download('tables/beirut', 'html')).text()
    expect(html).toContain('<html lang="ar" dir="rtl">')
    expect(openingTagsOf(html, '1. ما الذي يحمي العمال المهاجرين؟')).toEqual(['<h2 dir="rtl">'])
    expect(openingTagsOf(html, WRITTEN.beirut[1].text)).toEqual(['<p dir="ltr" lang="en">'])

    const markdown = await (await download('tables/beirut', 'md')).text()
    expect(markdown).toContain('## 1. ما الذي يحمي العمال المهاجرين؟')
    expect(markdown).toContain(`**${ar.prioritiesTitle}:** beirut: العمل اللائق`)
    expect(ar.prioritiesTitle).not.toBe('Priority issues')

    const file = path.join(server.dataDir, 'beirut.docx')
    await writeFile(
      file,
      Buffer.from(await (await download('tables/beirut', 'docx')).arrayBuffer()),
    )
    const docx = readDocx(file)
    expect(docx.styles).toContain('<w:lang w:val="en-GB" w:bidi="ar"/>')
    expect(docx.paragraphs.find((p) => p.text === WRITTEN.beirut[0].text)).toMatchObject({
      bidi: true,
      languages: [],
    })
  })

  it('sets each Arabic paragraph’s direction, alignment and complex-script size in the Word XML', async () => {
    const file = path.join(server.dataDir, 'beirut-xml.docx')
    await writeFile(
      file,
      Buffer.from(await (await download('tables/beirut', 'docx')).arrayBuffer()),
    )
    const docx = readDocx(file)
    const rightToLeft = docx.paragraphs.filter((paragraph) =>
      /[\u0600-\u06ff]/.test(paragraph.text),
    )
    // The title, the question, the priority line and the Arabic answer at least.
    expect(rightToLeft.length).toBeGreaterThanOrEqual(4)
    for (const paragraph of rightToLeft.filter((p) => !p.text.startsWith('ILO'))) {
      // ECMA-376 §17.3.1.6 bidi and §17.3.1.13 jc: laid out right to left and set at the right.
      expect(paragraph, paragraph.text).toMatchObject({ bidi: true, rtlRuns: true, align: 'right' })
    }
    expect(docx.paragraphs.find((p) => p.text === WRITTEN.beirut[1].text)).toMatchObject({
      bidi: false,
      align: null,
    })
    expect(docx.paragraphs.find((p) => p.text === WRITTEN.beirut[0].text)?.style).toBeNull()
    // Arabic is a complex script: Word sizes it by w:szCs (§17.3.2.39), not w:sz. Every size the
    // styles set, the document's defaults and each heading's, comes with the same complex one.
    const sizes = [...docx.styles.matchAll(/<w:sz w:val="(\d+)"\/>(<w:szCs w:val="(\d+)"\/>)?/g)]
    expect(sizes.length).toBeGreaterThanOrEqual(7)
    for (const [whole, size, , complex] of sizes) expect(complex, whole).toBe(size)
    expect(docx.styles).toMatch(
      /<w:rPrDefault><w:rPr>[^<]*(<[^>]*>)*?<w:sz w:val="22"\/><w:szCs w:val="22"\/>/,
    )
    // No run sets a size of its own that would leave the complex one behind.
    expect(docx.xml).not.toMatch(/<w:sz /)
  })

  it('lays Arabic paragraphs out at the right, at the body’s size, as LibreOffice reads them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tablenotes-rtl-'))
    try {
      const file = path.join(dir, 'beirut.docx')
      await writeFile(
        file,
        Buffer.from(await (await download('tables/beirut', 'docx')).arrayBuffer()),
      )
      execFileSync(
        '/usr/bin/soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'odt',
          '--outdir',
          dir,
          file,
        ],
        { stdio: 'ignore', timeout: 50_000 },
      )
      // How LibreOffice laid out the paragraph that holds the text, read from its own format.
      const script = `
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
content = z.read('content.xml').decode('utf-8')
styles = z.read('styles.xml').decode('utf-8')
name = re.search(r'<text:p text:style-name="([^"]+)"[^>]*>' + re.escape(sys.argv[2]), content).group(1)
style = re.search(r'<style:style style:name="' + re.escape(name) + r'".*?</style:style>', content, re.S).group(0)
print(json.dumps({
  'align': re.search(r'fo:text-align="([^"]+)"', style).group(1),
  'mode': re.search(r'style:writing-mode="([^"]+)"', style).group(1),
  'complexSize': re.search(r'<style:default-style style:family="paragraph">.*?style:font-size-complex="([^"]+)"', styles, re.S).group(1),
}))
`
      const layout = JSON.parse(
        execFileSync(
          'python3',
          ['-c', script, path.join(dir, 'beirut.odt'), WRITTEN.beirut[0].text],
          { encoding: 'utf8' },
        ),
      )
      // "start" of a right-to-left paragraph is its right edge; 11 pt is the body's Latin size.
      expect(layout).toEqual({ align: 'start', mode: 'rl-tb', complexSize: '11pt' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
