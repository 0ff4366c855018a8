import fc from 'fast-check'
import type { Nodes, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { reconcileTable } from '../doc/reconcileTable.js'
import { NOTES_FRAGMENT, PRIORITIES_ARRAY, type PriorityIssue } from '../doc/tableDocument.js'
import type { Session } from '../session/sessionSchema.js'
import { seededTable, testSession } from '../testing/index.js'
import { NESTING_LIMIT } from './notesModel.js'
import { notesToMarkdown } from './notesToMarkdown.js'
import { type Child, deeplyNested, docOf, el, li, p, rich, table } from './testNotes.js'

/** The test session's questions at two tables, one with a region that Markdown must not escape. */
const session: Session = {
  ...testSession,
  tables: [
    { id: 't3', name: 'Table 3', region: 'North & East' },
    { id: 't4', name: 'Table 4' },
  ],
}

/** The Markdown of one answer (empty if it has no text), below a question heading cut off. */
function answerToMarkdown(...blocks: Y.XmlElement[]): string {
  const section = el('questionSection', { questionId: 'q', number: '1', prompt: 'Q' })
  section.insert(0, [el('answer', {}, ...blocks)])
  const markdown = notesToMarkdown(docOf(section))
  expect(markdown).toMatch(/^## 1\. Q\n(\n|$)/)
  return markdown.slice('## 1. Q\n\n'.length)
}

/** Markdown read back by a CommonMark reader with GFM (micromark), independent of the writer. */
function readBack(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
}

/** A node without positions: text as its string, any other node as [kind, ...children]. */
type Shape = string | Shape[]

function shape(node: Nodes): Shape {
  switch (node.type) {
    case 'text':
      return node.value
    case 'inlineCode':
    case 'code':
    case 'html':
      return [node.type, node.value]
    case 'heading':
      return [`h${node.depth}`, ...node.children.map(shape)]
    case 'link':
      return [`link ${node.url}`, ...node.children.map(shape)]
    case 'list':
      return [node.ordered ? `ol ${node.start}` : 'ul', ...node.children.map(shape)]
    case 'tableCell':
      return node.children.map(shape)
    default:
      return 'children' in node ? [node.type, ...node.children.map(shape)] : [node.type]
  }
}

/** The shape of an answer's blocks as a CommonMark reader sees its Markdown. */
const readAnswer = (...blocks: Y.XmlElement[]) =>
  readBack(answerToMarkdown(...blocks)).children.map(shape)

/** Text people type that Markdown would read as syntax, at a line's start or anywhere. */
const TRICKY = [
  '*not bold*',
  '_not italic_ and snake_case_name',
  '**not strong** __nor this__',
  '# not a heading',
  '#1 in a line, and ###',
  '1. not a list',
  '1) nor this',
  '2024. A year',
  '- not a list',
  '+ nor this',
  '* nor this',
  '> not a quote',
  '---',
  '***',
  '___',
  '===',
  '`not code` and ``double``',
  '<script>alert(1)</script>',
  '<b>bold?</b> &amp; &#42; R&D',
  '[x](y) and [ref]: /url',
  '![image](src.png)',
  '~~not struck~~ ~one~',
  'a | b | c',
  'back\\slash \\* and a trailing one \\',
  'two  spaces  inside',
  '[ ] not a task',
  'نحتاج إلى مزيد من *الحافلات* في المساء',
  'ILO convention 189 كما قال أحد المشاركين.',
]

/** Characters Markdown treats as syntax, letters (Arabic too), digits, spaces and newlines. */
const SYNTAX_AND_LETTERS = [...'ab ع1.)*_#`<>[]()!\\&;~|-+=:"\'\n']

/** One character as read back, with the marks around it (`code`, or `bold italic strike`). */
interface MarkedCharacter {
  char: string
  marks: string
}

const MARK_OF: Record<string, string> = { strong: 'bold', emphasis: 'italic', delete: 'strike' }

/** Every character of a read-back document with the marks it sits in. */
function markedCharacters(node: Nodes, marks: readonly string[] = []): MarkedCharacter[] {
  const inside = MARK_OF[node.type] ? [...marks, MARK_OF[node.type]!] : marks
  const order = ['bold', 'italic', 'strike']
  const named = inside.toSorted((a, b) => order.indexOf(a) - order.indexOf(b)).join(' ')
  if (node.type === 'text') return [...node.value].map((char) => ({ char, marks: named }))
  if (node.type === 'inlineCode') return [...node.value].map((char) => ({ char, marks: 'code' }))
  return 'children' in node ? node.children.flatMap((child) => markedCharacters(child, inside)) : []
}

const seededDoc = (tableId: string) => seededTable(session, tableId)

describe('notesToMarkdown', () => {
  it('writes a seeded empty table as its title, region and question headings only', () => {
    expect(notesToMarkdown(seededDoc('t3'))).toBe(
      '# Table 3\n\n*North & East*\n\n## 1. What works?\n\n## 2. What should change?\n\n' +
        '### a. Nationally?\n\n### b. Regionally?\n',
    )
    expect(notesToMarkdown(seededDoc('t4'))).toMatch(/^# Table 4\n\n## 1\. What works\?\n/)
  })

  it('writes a removed question as other notes, keeping what was written under it', () => {
    const doc = seededDoc('t3')
    const section = doc.getXmlFragment(NOTES_FRAGMENT).get(2) as Y.XmlElement
    ;((section.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Kept.')])
    reconcileTable(doc, { ...session, questions: [session.questions[0]!] }, 't3')
    expect(notesToMarkdown(doc)).toContain(
      '## Other notes (the question “What should change?” was removed)\n\nKept.\n',
    )
  })

  it('leaves out a removed question with parts when none of its answers holds notes', () => {
    const doc = seededDoc('t3')
    reconcileTable(doc, { ...session, questions: [session.questions[0]!] }, 't3')
    expect(notesToMarkdown(doc)).toBe('# Table 3\n\n*North & East*\n\n## 1. What works?\n')
    // Notes in one part bring back the section's heading and that part, not its empty sibling.
    const section = doc.getXmlFragment(NOTES_FRAGMENT).get(2) as Y.XmlElement
    const part = section.get(2) as Y.XmlElement
    ;((part.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Kept.')])
    expect(notesToMarkdown(doc)).toBe(
      '# Table 3\n\n*North & East*\n\n## 1. What works?\n\n' +
        '## Other notes (the question “What should change?” was removed)\n\n' +
        '### b. Regionally?\n\nKept.\n',
    )
  })

  it('writes answers under their question and part, as the editor fills the seed', () => {
    const doc = seededDoc('t4')
    const fragment = doc.getXmlFragment(NOTES_FRAGMENT)
    const section = fragment.get(2) as Y.XmlElement
    const answer = section.get(0) as Y.XmlElement
    ;(answer.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('More buses.')])
    const part = section.get(2) as Y.XmlElement
    ;(part.get(0) as Y.XmlElement).insert(0, [p('Flexible hours.'), p('Remote days.')])
    expect(notesToMarkdown(doc)).toBe(
      '# Table 4\n\n## 1. What works?\n\n## 2. What should change?\n\nMore buses.\n\n' +
        '### a. Nationally?\n\n### b. Regionally?\n\nFlexible hours.\n\nRemote days.\n',
    )
  })

  it('separates paragraphs by one blank line and leaves empty ones out', () => {
    expect(answerToMarkdown(p('First'), p(), p(''), p('Second'))).toBe('First\n\nSecond\n')
    const empty = el('questionSection', { number: '1', prompt: 'Q' }, el('answer', {}, p(), p()))
    expect(notesToMarkdown(docOf(empty))).toBe('## 1. Q\n')
  })

  it('writes bold, italic, strike, code and links, and keeps underlined text plain', () => {
    const link = { href: 'https://example.org/a', target: '_blank', rel: 'noopener', class: null }
    const text = rich(
      ['bold', { bold: {} }],
      ' ',
      ['italic', { italic: {} }],
      ' ',
      ['gone', { strike: {} }],
      ' ',
      ['x = 1', { code: {} }],
      ' ',
      ['the site', { link }],
      ' ',
      ['under', { underline: {} }],
    )
    expect(answerToMarkdown(p(text))).toBe(
      '**bold** *italic* ~~gone~~ `x = 1` [the site](https://example.org/a) under\n',
    )
  })

  it('puts delimiters outside the spaces of a run and nests overlapping marks', () => {
    expect(answerToMarkdown(p(rich(['bold ', { bold: {} }], 'next')))).toBe('**bold** next\n')
    expect(answerToMarkdown(p(rich('a', [' b ', { italic: {} }], 'c')))).toBe('a *b* c\n')
    const overlap = rich(
      ['a ', { bold: {} }],
      ['b', { bold: {}, italic: {} }],
      [' c', { italic: {} }],
    )
    expect(answerToMarkdown(p(overlap))).toBe('**a _b_** *c*\n')
    expect(readAnswer(p(overlap.clone()))).toEqual([
      ['paragraph', ['strong', 'a ', ['emphasis', 'b']], ' ', ['emphasis', 'c']],
    ])
    const inner = rich(['all ', { bold: {} }], ['of it', { bold: {}, italic: {} }])
    expect(readAnswer(p(inner))).toEqual([['paragraph', ['strong', 'all ', ['emphasis', 'of it']]]])
    const adjacent = rich(['one', { italic: {} }], ['two', { bold: {} }])
    expect(answerToMarkdown(p(adjacent))).toBe('*one*__two__\n')
  })

  it('applies marks set later with format() and ignores removed ones', () => {
    const text = rich('make this bold and not this')
    text.format(10, 4, { bold: {} })
    text.format(19, 8, { italic: {} })
    text.format(19, 8, { italic: null })
    expect(answerToMarkdown(p(text))).toBe('make this **bold** and not this\n')
  })

  it('encodes the neighbours of a delimiter Markdown would not see otherwise', () => {
    const quoted = () => rich('say', ['"this"', { bold: {} }], 'now')
    expect(answerToMarkdown(p(quoted()))).toBe('sa&#x79;**"this"**&#x6E;ow\n')
    expect(readAnswer(p(quoted()))).toEqual([['paragraph', 'say', ['strong', '"this"'], 'now']])
    const inWord = rich('un', ['believ', { italic: {} }], 'able')
    expect(answerToMarkdown(p(inWord))).toBe('un*believ*able\n')
  })

  it('keeps a `!` before a link from making it an image', () => {
    const text = () => rich('wow!', ['site', { link: { href: 'https://x.org' } }])
    expect(answerToMarkdown(p(text()))).toBe('wow\\![site](https://x.org/)\n')
    expect(readAnswer(p(text()))).toEqual([['paragraph', 'wow!', ['link https://x.org/', 'site']]])
  })

  it('fences code spans containing backticks and escapes link destinations', () => {
    const text = () =>
      rich(['a `tick`', { code: {} }], ' ', ['x', { link: { href: 'https://x.org/a (b)' } }])
    expect(answerToMarkdown(p(text()))).toBe('`` a `tick` `` [x](https://x.org/a%20\\(b\\))\n')
    expect(readAnswer(p(text()))).toEqual([
      ['paragraph', ['inlineCode', 'a `tick`'], ' ', ['link https://x.org/a%20(b)', 'x']],
    ])
  })

  it('escapes Markdown syntax in text so it stays text', () => {
    expect(answerToMarkdown(p('*not bold* #1 [x]'))).toBe('\\*not bold\\* #1 \\[x]\n')
    expect(answerToMarkdown(p('- not a list'), p('+ nor this'), p('1. nor this'))).toBe(
      '\\- not a list\n\n\\+ nor this\n\n1\\. nor this\n',
    )
    for (const text of TRICKY) {
      expect(readAnswer(p(text)), JSON.stringify(text)).toEqual([['paragraph', text]])
    }
  })

  it('writes nothing for an answer of spaces only', () => {
    expect(answerToMarkdown(p(rich(['  ', { bold: {} }], ' ')))).toBe('')
  })

  it('keeps any text and its bold, italic, strike and code through a CommonMark reader', () => {
    const piece = fc.record({
      text: fc.string({ unit: fc.constantFrom(...SYNTAX_AND_LETTERS), minLength: 1 }),
      marks: fc.subarray(['bold', 'italic', 'strike', 'code']),
    })
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const text = rich(
          ...pieces.map(({ text, marks }): [string, Record<string, unknown>] => [
            text,
            Object.fromEntries(marks.map((mark) => [mark, {}])),
          ]),
        )
        const written: MarkedCharacter[] = pieces.flatMap(({ text, marks }) =>
          [...text].map((char) => ({
            char,
            marks: marks.includes('code') ? 'code' : marks.filter((m) => m !== 'code').join(' '),
          })),
        )
        const read = readBack(answerToMarkdown(p(text)))
        const visible = (chars: MarkedCharacter[]) => chars.filter(({ char }) => char.trim() !== '')
        // Only spaces may move: out of a mark's edge, or off the paragraph's ends.
        expect(visible(markedCharacters(read))).toEqual(visible(written))
        expect(read.children).toHaveLength(written.some(({ char }) => char.trim()) ? 1 : 0)
      }),
      { numRuns: 100 },
    )
  }, 60_000)

  it('keeps Arabic and other scripts intact', () => {
    const arabic = 'نحتاج إلى مزيد من الحافلات في المساء'
    expect(answerToMarkdown(p(arabic), p(rich(['مهم', { bold: {} }], ' جدًا')))).toBe(
      `${arabic}\n\n**مهم** جدًا\n`,
    )
  })

  it('writes hard breaks as a backslash at the end of the line', () => {
    const text = rich('line one')
    text.insertEmbed(8, new Y.XmlElement('hardBreak'))
    text.insert(9, 'line two')
    expect(answerToMarkdown(p(text))).toBe('line one\\\nline two\n')
    const siblings = p('a', el('hardBreak', {}), '- b', el('hardBreak', {}))
    expect(answerToMarkdown(siblings)).toBe('a\\\n\\- b\n')
  })

  it('writes nested bullet and ordered lists, indented by the marker width', () => {
    const list = el(
      'bulletList',
      {},
      li(p('one'), el('orderedList', { start: 1 }, li(p('first')), li(p('second')))),
      li(p('two'), el('bulletList', {}, li(p('deep')))),
    )
    expect(answerToMarkdown(list)).toBe('- one\n  1. first\n  2. second\n- two\n  - deep\n')
  })

  it('counts an ordered list from its start and keeps it apart from its paragraph', () => {
    const list = el('orderedList', { start: 9 }, li(p('nine')), li(p('ten'), p('more')))
    expect(answerToMarkdown(list)).toBe('9. nine\n10. ten\n\n    more\n')
    const nested = el('bulletList', {}, li(p('x'), el('orderedList', { start: 3 }, li(p('c')))))
    expect(answerToMarkdown(nested)).toBe('- x\n\n  3. c\n')
    expect(answerToMarkdown(el('orderedList', {}, li(p('a'))))).toBe('1. a\n')
    expect(answerToMarkdown(el('orderedList', { start: 0 }, li(p('a')), li(p('b'))))).toBe(
      '0. a\n1. b\n',
    )
  })

  it('writes list items that hold a hard break, an empty first item or a rule', () => {
    const broken = el('bulletList', {}, li(p('a', el('hardBreak', {}), 'b')))
    expect(answerToMarkdown(broken)).toBe('- a\\\n  b\n')
    const emptyFirst = () =>
      el('bulletList', {}, li(p('a'), el('bulletList', {}, li(p()), li(p('b')))))
    expect(answerToMarkdown(emptyFirst())).toBe('- a\n\n  -\n  - b\n')
    expect(answerToMarkdown(el('bulletList', {}, li(el('horizontalRule', {}))))).toBe('- ***\n')
    expect(readAnswer(emptyFirst())).toEqual([
      [
        'ul',
        ['listItem', ['paragraph', 'a'], ['ul', ['listItem'], ['listItem', ['paragraph', 'b']]]],
      ],
    ])
  })

  it('keeps two lists in a row apart by switching markers', () => {
    const bullets = () => el('bulletList', {}, li(p('a')))
    const numbers = () => el('orderedList', { start: 1 }, li(p('b')))
    expect(answerToMarkdown(bullets(), bullets(), p(), bullets())).toBe('- a\n\n* a\n\n- a\n')
    expect(answerToMarkdown(numbers(), numbers())).toBe('1. b\n\n1) b\n')
  })

  it('writes blockquotes, code blocks and horizontal rules', () => {
    const quote = el('blockquote', {}, p('said'), el('bulletList', {}, li(p('point'))))
    const code = el('codeBlock', { language: 'ts' }, 'const a = 1\n\nconst b = "```"')
    const plain = el('codeBlock', { language: null }, '# not a heading')
    expect(answerToMarkdown(quote, code, el('horizontalRule', {}), plain)).toBe(
      '> said\n>\n> - point\n\n````ts\nconst a = 1\n\nconst b = "```"\n````\n\n***\n\n' +
        '```\n# not a heading\n```\n',
    )
  })

  it('demotes headings in an answer below the question, but not outside one', () => {
    const h = (level: number, text: string) => el('heading', { level }, text)
    expect(answerToMarkdown(h(1, 'One'), h(2, 'Two'), h(3, 'Three'), h(6, 'Six'))).toBe(
      '#### One\n\n##### Two\n\n###### Three\n\n###### Six\n',
    )
    expect(notesToMarkdown(docOf(h(2, 'Loose')))).toBe('## Loose\n')
  })

  it('writes the priority issues after the title', () => {
    const doc = seededDoc('t3')
    const issues: PriorityIssue[] = [
      { tagId: 'transport', label: 'Transport' },
      { label: 'Rent *caps*' },
    ]
    doc.getArray<PriorityIssue>(PRIORITIES_ARRAY).push(issues)
    expect(notesToMarkdown(doc)).toMatch(
      /^# Table 3\n\n\*North & East\*\n\n\*\*Priority issues:\*\* Transport; Rent \\\*caps\\\*\n\n## 1\./,
    )
    const untitled = docOf(p('note'))
    untitled.getArray<PriorityIssue>(PRIORITIES_ARRAY).push([{ label: 'Housing' }])
    expect(notesToMarkdown(untitled)).toBe('**Priority issues:** Housing\n\nnote\n')
  })

  it('keeps the text of unknown elements and of blocks outside any section', () => {
    const task = el('taskList', {}, el('taskItem', { checked: true }, p('call the mayor')))
    expect(answerToMarkdown(task, el('callout', {}, 'loose text'))).toBe(
      'call the mayor\n\nloose text\n',
    )
    const doc = seededDoc('t4')
    doc.getXmlFragment(NOTES_FRAGMENT).insert(1, [p('stray note')])
    doc.getXmlFragment(NOTES_FRAGMENT).push([p(rich('mention: ', ['@ana', { mention: {} }]))])
    expect(notesToMarkdown(doc)).toBe(
      '# Table 4\n\nstray note\n\n## 1. What works?\n\n## 2. What should change?\n\n' +
        '### a. Nationally?\n\n### b. Regionally?\n\nmention: @ana\n',
    )
  })

  it('gives the same string for the same document, also after a round trip through an update', () => {
    const doc = seededDoc('t3')
    const section = doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
    ;(section.get(0) as Y.XmlElement).insert(1, [p(rich(['x', { bold: {}, italic: {} }]))])
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(notesToMarkdown(doc)).toBe(notesToMarkdown(doc))
    expect(notesToMarkdown(copy)).toBe(notesToMarkdown(doc))
    expect(notesToMarkdown(new Y.Doc())).toBe('')
  })
})

describe('notesToMarkdown links', () => {
  it('writes http, https and mailto links, and only the text of any other', () => {
    const linked = (href: string, text: string): [string, Record<string, unknown>] => [
      text,
      { link: { href } },
    ]
    const text = rich(
      linked('https://example.org/a', 'web'),
      ' ',
      linked('mailto:rapporteur@example.org', 'mail'),
      ' ',
      linked('javascript:alert(1)', 'script'),
      ' ',
      linked('JaVaScRiPt:alert(1)', 'mixed'),
      ' ',
      linked(' javascript:alert(1)', 'spaced'),
      ' ',
      linked('java\nscript:alert(1)', 'broken'),
      ' ',
      linked('data:text/html,<script>alert(1)</script>', 'data'),
      ' ',
      linked('vbscript:msgbox(1)', 'vb'),
      ' ',
      linked('//evil.example/x', 'relative'),
    )
    const markdown = answerToMarkdown(p(text))
    expect(readBack(markdown).children.map(shape)).toEqual([
      [
        'paragraph',
        ['link https://example.org/a', 'web'],
        ' ',
        ['link mailto:rapporteur@example.org', 'mail'],
        ' script mixed spaced broken data vb relative',
      ],
    ])
    expect(markdown).not.toMatch(/script:|data:|evil/i)
  })
})

describe('notesToMarkdown tables', () => {
  it('writes a table as a GFM table whose first row of header cells is its header', () => {
    const notes = table(
      [
        ['Issue', 'th'],
        ['Who | acts', 'th'],
      ],
      [
        ['Housing *first*', 'td'],
        ['Cities', 'td'],
      ],
      [
        ['السكن', 'td'],
        ['', 'td'],
      ],
    )
    expect(answerToMarkdown(notes)).toBe(
      '| Issue             | Who \\| acts |\n| ----------------- | ----------- |\n' +
        '| Housing \\*first\\* | Cities      |\n| السكن             |             |\n',
    )
    expect(readAnswer(notes.clone())).toEqual([
      [
        'table',
        ['tableRow', ['Issue'], ['Who | acts']],
        ['tableRow', ['Housing *first*'], ['Cities']],
        ['tableRow', ['السكن'], []],
      ],
    ])
  })

  it('gives a table without header cells an empty header row, and bolds header cells below', () => {
    const notes = table(
      [
        ['a', 'td'],
        ['b', 'td'],
      ],
      [
        ['row', 'th'],
        ['c', 'td'],
      ],
    )
    expect(readAnswer(notes)).toEqual([
      [
        'table',
        ['tableRow', [], []],
        ['tableRow', ['a'], ['b']],
        ['tableRow', [['strong', 'row']], ['c']],
      ],
    ])
  })

  it('leaves the slots a spanning cell covers empty', () => {
    const notes = table(
      [
        ['wide', 'th', { colspan: 2 }],
        ['tall', 'th', { rowspan: 2 }],
      ],
      [
        ['x', 'td'],
        ['y', 'td'],
      ],
      [['last', 'td']],
    )
    expect(readAnswer(notes)).toEqual([
      [
        'table',
        ['tableRow', ['wide'], [], ['tall']],
        ['tableRow', ['x'], ['y'], []],
        ['tableRow', ['last'], [], []],
      ],
    ])
  })

  it('flattens paragraphs, breaks, lists, code and nested tables of a cell onto one line', () => {
    const broken = rich('one')
    broken.insertEmbed(3, new Y.XmlElement('hardBreak'))
    broken.insert(4, 'two')
    const content: Child[] = [
      p(broken),
      p('- dash'),
      el('bulletList', {}, li(p('point')), li(p('more'))),
      el('orderedList', { start: 3 }, li(p('third'))),
      el('codeBlock', { language: null }, 'a | b'),
      table([
        ['in', 'td'],
        ['side', 'td'],
      ]),
    ]
    const notes = table([['Head', 'th']], [[content as Y.XmlElement[], 'td']])
    const br = ['html', '<br>']
    expect(readAnswer(notes)).toEqual([
      [
        'table',
        ['tableRow', ['Head']],
        [
          'tableRow',
          [
            'one',
            br,
            'two',
            br,
            '- dash',
            br,
            '- point',
            br,
            '- more',
            br,
            '3. third',
            br,
            ['inlineCode', 'a | b'],
            br,
            'in | side',
          ],
        ],
      ],
    ])
  })
})

describe('notesToMarkdown on a document nested beyond reason', () => {
  it('writes 20,000 nested elements as the first levels, a note and the text below', () => {
    for (const name of ['blockquote', 'bogus']) {
      const markdown = notesToMarkdown(deeplyNested(20_000, name, 'deep *text*'))
      const note = `*Content nested more than ${NESTING_LIMIT} levels deep follows as plain text.*`
      expect(markdown).toContain(note)
      const read = readBack(markdown)
      // Each paragraph read back, after the number of quotes around it.
      const paragraphs: string[] = []
      const visit = (node: Nodes, quotes: number) => {
        if (node.type === 'paragraph') {
          paragraphs.push(
            `${quotes} ${markedCharacters(node)
              .map(({ char }) => char)
              .join('')}`,
          )
        } else if ('children' in node) {
          const inner = quotes + (node.type === 'blockquote' ? 1 : 0)
          for (const child of node.children) visit(child, inner)
        }
      }
      visit(read, 0)
      const quotes = name === 'blockquote' ? NESTING_LIMIT : 0
      expect(paragraphs).toEqual([
        `${quotes} Content nested more than ${NESTING_LIMIT} levels deep follows as plain text.`,
        `${quotes} deep *text*`,
      ])
    }
  })

  it('writes 20,000 nested lists or tables to the limit, then the note and the text', () => {
    for (const name of ['bulletList', 'orderedList', 'table', 'tableCell']) {
      const read = readBack(notesToMarkdown(deeplyNested(20_000, name, 'deep *text*')))
      const text = markedCharacters(read)
        .map(({ char }) => char)
        .join('')
      expect(text, name).toContain(
        `Content nested more than ${NESTING_LIMIT} levels deep follows as plain text.`,
      )
      expect(text, name).toContain('deep *text*')
    }
  })
})
