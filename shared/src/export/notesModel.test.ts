import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { callsToActionOf } from '../doc/callToAction.js'
import { NOTES_FRAGMENT, PRIORITIES_ARRAY } from '../doc/tableDocument.js'
import fr from '../i18n/catalogues/fr.js'
import type { Session } from '../session/sessionSchema.js'
import { compileSynthesis } from '../synthesis/compileSynthesis.js'
import { seededTable } from '../testing/index.js'
import { safeHref } from '../text/linkPolicy.js'
import { ENGLISH_EXPORT_WORDS, exportWords } from './exportLabels.js'
import { type Block, MAX_SPAN, NESTING_LIMIT, readNotes } from './notesModel.js'
import { callToAction, deeplyNested, docOf, el, li, p, rich, table } from './testNotes.js'

/** How deep blocks nest: 1 for a paragraph, 2 for a paragraph in a quote or list, and so on. */
function blockDepth(blocks: readonly Block[]): number {
  const inner = (block: Block): number => {
    switch (block.type) {
      case 'list':
        return Math.max(0, ...block.items.map(blockDepth))
      case 'quote':
        return blockDepth(block.blocks)
      case 'table':
        return Math.max(0, ...block.rows.flat().map((cell) => blockDepth(cell.blocks)))
      default:
        return 0
    }
  }
  return blocks.reduce((deepest, block) => Math.max(deepest, 1 + inner(block)), 0)
}

/** Every paragraph's text, in order, wherever it sits. */
function paragraphTexts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block) => {
    switch (block.type) {
      case 'paragraph':
        return [block.runs.map((run) => run.text).join('')]
      case 'list':
        return block.items.flatMap(paragraphTexts)
      case 'quote':
        return paragraphTexts(block.blocks)
      case 'table':
        return block.rows.flat().flatMap((cell) => paragraphTexts(cell.blocks))
      default:
        return []
    }
  })
}

describe('safeHref', () => {
  it('keeps http, https and mailto addresses, as a browser would parse them', () => {
    expect(safeHref('https://example.org/a')).toBe('https://example.org/a')
    expect(safeHref('HTTP://Example.org')).toBe('http://example.org/')
    expect(safeHref('  https://example.org/a b ')).toBe('https://example.org/a%20b')
    expect(safeHref('mailto:rapporteur@example.org')).toBe('mailto:rapporteur@example.org')
    expect(safeHref('https://example.org/"><script>')).toBe(
      'https://example.org/%22%3E%3Cscript%3E',
    )
  })

  it('refuses script, data and relative links however they are spelled', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      '\tjavascript:alert(1)',
      'java\nscript:alert(1)',
      'java\tscript:alert(1)',
      '\u0000javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'DATA:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      '/relative/path',
      'example.org',
      '',
      'https://',
    ]) {
      expect(safeHref(href), JSON.stringify(href)).toBeNull()
    }
    expect(safeHref(undefined)).toBeNull()
    expect(safeHref({ href: 'https://example.org' })).toBeNull()
  })
})

describe('readNotes', () => {
  it('keeps a link mark only where safeHref allows it, and the text always', () => {
    const runs = (href: string) => {
      const blocks = readNotes(docOf(p(rich(['the text', { link: { href } }]))))
      return blocks[0]?.type === 'paragraph' ? blocks[0].runs : []
    }
    expect(runs('https://example.org')).toEqual([
      { text: 'the text', href: 'https://example.org/' },
    ])
    expect(runs('javascript:alert(1)')).toEqual([{ text: 'the text' }])
    expect(runs('java\nscript:alert(1)')).toEqual([{ text: 'the text' }])
  })

  it('reads a Tiptap table into rows of header and body cells with their spans', () => {
    const notes = table(
      [
        ['Issue', 'th', { colspan: 2 }],
        ['Who', 'th'],
      ],
      [
        [[p('Housing'), el('bulletList', {}, li(p('rent')))], 'td', { rowspan: 2 }],
        ['x', 'td'],
        ['', 'td'],
      ],
    )
    expect(readNotes(docOf(notes))).toEqual([
      {
        type: 'table',
        rows: [
          [
            {
              header: true,
              colspan: 2,
              rowspan: 1,
              blocks: [{ type: 'paragraph', runs: [{ text: 'Issue' }] }],
            },
            {
              header: true,
              colspan: 1,
              rowspan: 1,
              blocks: [{ type: 'paragraph', runs: [{ text: 'Who' }] }],
            },
          ],
          [
            {
              header: false,
              colspan: 1,
              rowspan: 2,
              blocks: [
                { type: 'paragraph', runs: [{ text: 'Housing' }] },
                {
                  type: 'list',
                  ordered: false,
                  start: 1,
                  items: [[{ type: 'paragraph', runs: [{ text: 'rent' }] }]],
                },
              ],
            },
            {
              header: false,
              colspan: 1,
              rowspan: 1,
              blocks: [{ type: 'paragraph', runs: [{ text: 'x' }] }],
            },
            { header: false, colspan: 1, rowspan: 1, blocks: [] },
          ],
        ],
      },
    ])
  })

  it('reads stored spans that are out of range as the nearest allowed ones', () => {
    const notes = table([
      ['huge', 'td', { colspan: 1e9, rowspan: -3 }],
      ['word', 'td', { colspan: 'two' as unknown as number, rowspan: 2.5 }],
    ])
    const [block] = readNotes(docOf(notes))
    expect(
      block?.type === 'table' && block.rows[0]!.map(({ colspan, rowspan }) => [colspan, rowspan]),
    ).toEqual([
      [MAX_SPAN, 1],
      [1, 1],
    ])
  })

  it('keeps the text a stored table holds outside rows and cells', () => {
    const notes = el(
      'table',
      {},
      'loose text',
      el('tableRow', {}, 'in a row', el('bogus', {}, p('odd cell'))),
    )
    expect(paragraphTexts(readNotes(docOf(notes)))).toEqual(['loose text', 'in a row', 'odd cell'])
  })

  it('reads an ordered list’s start and a code block’s language', () => {
    const blocks = readNotes(
      docOf(
        el('orderedList', { start: 9 }, li(p('nine'))),
        el('codeBlock', { language: 'ts' }, 'const a = 1'),
      ),
    )
    expect(blocks).toMatchObject([
      { type: 'list', ordered: true, start: 9 },
      { type: 'code', text: 'const a = 1', language: 'ts' },
    ])
  })

  it('puts the priority issues after the title and its region', () => {
    const doc = docOf(el('tableTitle', { name: 'Table 3', region: 'North' }), p('note'))
    doc.getArray(PRIORITIES_ARRAY).push([{ label: 'Housing' }, { label: 'Transport' }])
    expect(readNotes(doc)).toEqual([
      { type: 'heading', level: 1, runs: [{ text: 'Table 3' }] },
      { type: 'paragraph', runs: [{ text: 'North', italic: true }] },
      {
        type: 'paragraph',
        runs: [{ text: 'Priority issues: ', bold: true }, { text: 'Housing; Transport' }],
      },
      { type: 'paragraph', runs: [{ text: 'note' }] },
    ])
  })
})

describe('readNotes on a document nested beyond reason', () => {
  const note = `Content nested more than ${NESTING_LIMIT} levels deep follows as plain text.`

  it('reads 20,000 nested quotes, lists or unknown elements to the limit, then a note and the text', () => {
    for (const name of ['blockquote', 'bogus', 'bulletList', 'table']) {
      const blocks = readNotes(deeplyNested(20_000, name, 'at the bottom'))
      expect(blockDepth(blocks), name).toBeLessThanOrEqual(NESTING_LIMIT + 1)
      expect(paragraphTexts(blocks), name).toEqual([note, 'at the bottom'])
    }
  })

  it('keeps what an editor nests within the limit untouched', () => {
    const blocks = readNotes(deeplyNested(12, 'blockquote', 'kept'))
    expect(blockDepth(blocks)).toBe(13)
    expect(paragraphTexts(blocks)).toEqual(['kept'])
  })

  it('reads the text of 20,000 nested inline elements in a paragraph', () => {
    const doc = new Y.Doc()
    doc.transact(() => {
      const paragraph = p('start ')
      doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [paragraph])
      let parent: Y.XmlElement = paragraph
      for (let level = 0; level < 20_000; level++) {
        const child = new Y.XmlElement('mention')
        parent.insert(parent.length, [child])
        parent = child
      }
      parent.insert(0, [new Y.XmlText('end')])
    })
    expect(paragraphTexts(readNotes(doc))).toEqual(['start end'])
  })

  it('writes its note in the document’s language', () => {
    const words = { ...ENGLISH_EXPORT_WORDS, nestingCut: 'Plus de {depth} niveaux : texte brut.' }
    const blocks = readNotes(deeplyNested(100, 'bogus', 'x'), words)
    expect(paragraphTexts(blocks)).toEqual([`Plus de ${NESTING_LIMIT} niveaux : texte brut.`, 'x'])
  })
})

describe('readNotes on calls to action (issue 20)', () => {
  const session = {
    id: 's',
    title: 'S',
    language: 'fr',
    questions: [{ id: 'q1', text: 'Que faire ?' }],
    tables: [
      { id: 't1', name: 'Une', region: 'Europe' },
      { id: 't2', name: 'Deux' },
    ],
  } as const
  const tableWith = (id: string, calls: Y.XmlElement[]) => {
    const doc = seededTable(session as unknown as Session, id)
    const section = doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
    ;(section.get(0) as Y.XmlElement).insert(1, calls)
    return { id, doc }
  }
  const words = exportWords(fr)

  it('reads a table’s call as one paragraph in the document’s words, and an empty card as nothing', () => {
    const { doc } = tableWith('t1', [
      callToAction('Agir', 'État', '2027'),
      callToAction('', '', ''),
    ])
    const texts = paragraphTexts(readNotes(doc, words))
    expect(texts).toContain(
      `${fr.callToAction}: Agir (${fr.callActor}: État; ${fr.callTimeframe}: 2027)`,
    )
    expect(texts.filter((text) => text.startsWith(fr.callToAction))).toHaveLength(1)
  })

  it('reads a card holding two paragraphs (concurrent edits merged) as one action, joined by a space', () => {
    const merged = callToAction('Agir', 'État', '2027')
    const second = new Y.XmlElement('paragraph')
    second.insert(0, [new Y.XmlText('vite')])
    const { doc } = tableWith('t1', [merged])
    merged.insert(1, [second])
    expect(paragraphTexts(readNotes(doc, words))).toContain(
      `${fr.callToAction}: Agir vite (${fr.callActor}: État; ${fr.callTimeframe}: 2027)`,
    )
    expect(callsToActionOf(doc)).toEqual([
      { action: 'Agir vite', actor: 'État', timeframe: '2027' },
    ])
  })

  it('lists the synthesis’s calls by actor, nobody-named last, one table row per call', () => {
    const synthesis = new Y.Doc()
    compileSynthesis(
      session as unknown as Session,
      [
        tableWith('t1', [callToAction('Agir', 'État', '2027'), callToAction('Compter', '', '')]),
        tableWith('t2', [callToAction('Publier', 'Entreprises', 'juin')]),
      ],
      synthesis,
      '2026-01-01T00:00:00Z',
    )
    const blocks = readNotes(synthesis, words)
    const start = blocks.findIndex(
      (block) => block.type === 'heading' && block.runs[0]?.text === fr.callsToAction,
    )
    expect(start).toBeGreaterThan(-1)
    const section = blocks.slice(start + 1, start + 7)
    const rows = (block: Block | undefined) =>
      block?.type === 'table'
        ? block.rows.map((row) => row.map((cell) => paragraphTexts(cell.blocks).join('')))
        : null
    const heading = (block: Block | undefined) =>
      block?.type === 'heading' ? `${block.level}:${block.runs[0]?.text}` : null
    expect(section.map((block, index) => (index % 2 === 0 ? heading(block) : rows(block)))).toEqual(
      [
        '3:Entreprises',
        [
          [fr.callAction, fr.callActor, fr.callTimeframe, fr.callTable],
          ['Publier', 'Entreprises', 'juin', 'Deux'],
        ],
        '3:État',
        [
          [fr.callAction, fr.callActor, fr.callTimeframe, fr.callTable],
          ['Agir', 'État', '2027', 'Une (Europe)'],
        ],
        `3:${fr.callNoActor}`,
        [
          [fr.callAction, fr.callActor, fr.callTimeframe, fr.callTable],
          ['Compter', '', '', 'Une (Europe)'],
        ],
      ],
    )
  })
})
