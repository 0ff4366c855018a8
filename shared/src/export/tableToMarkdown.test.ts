import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { reconcileTable } from '../doc/reconcileTable.js'
import { createTableSeed } from '../doc/seedTable.js'
import { NOTES_FRAGMENT, PRIORITIES_ARRAY, type PriorityIssue } from '../doc/tableDocument.js'
import type { Session } from '../session/sessionSchema.js'
import { tableToMarkdown } from './tableToMarkdown.js'

type Child = Y.XmlElement | Y.XmlText | string

const session: Session = {
  id: 'town-hall',
  title: 'Town hall',
  questions: [
    { id: 'works', text: 'What works well?' },
    {
      id: 'change',
      text: 'What should change?',
      parts: [
        { id: 'a', text: 'In schools' },
        { id: 'b', text: 'At work' },
      ],
    },
  ],
  tables: [
    { id: 't3', name: 'Table 3', region: 'North & East' },
    { id: 't4', name: 'Table 4' },
  ],
}

/** Attribute values as y-prosemirror writes them: ProseMirror attrs, numbers and null included. */
type Attributes = Record<string, string | number | boolean | null>

/** An element; string children become plain text. */
function el(name: string, attributes: Attributes, ...children: Child[]): Y.XmlElement {
  const node = new Y.XmlElement(name)
  for (const [key, value] of Object.entries(attributes)) {
    // Yjs types attributes as strings by default; y-prosemirror stores the attrs as they are.
    node.setAttribute(key, value as string)
  }
  node.insert(
    0,
    children.map((child) => (typeof child === 'string' ? new Y.XmlText(child) : child)),
  )
  return node
}

const p = (...children: Child[]) => el('paragraph', {}, ...children)
const li = (...children: Child[]) => el('listItem', {}, ...children)

/**
 * Rich text from [text, marks] runs, written the way y-prosemirror writes marks. (The length of
 * an XmlText is 0 until it is in a document, so the offset is counted here.)
 */
function rich(...runs: (string | [string, Record<string, unknown>])[]): Y.XmlText {
  const text = new Y.XmlText()
  let offset = 0
  for (const run of runs) {
    const [insert, marks] = typeof run === 'string' ? [run, {}] : run
    text.insert(offset, insert, marks)
    offset += insert.length
  }
  return text
}

function docOf(...nodes: Y.XmlElement[]): Y.Doc {
  const doc = new Y.Doc()
  doc.getXmlFragment(NOTES_FRAGMENT).insert(0, nodes)
  return doc
}

/** The Markdown of one answer, below a question heading that is checked and cut off. */
function answerToMarkdown(...blocks: Y.XmlElement[]): string {
  const section = el('questionSection', { questionId: 'q', number: '1', prompt: 'Q' })
  section.insert(0, [el('answer', {}, ...blocks)])
  const markdown = tableToMarkdown(docOf(section))
  expect(markdown.startsWith('## 1. Q\n\n')).toBe(true)
  return markdown.slice('## 1. Q\n\n'.length)
}

function seededDoc(tableId: string): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, createTableSeed(session, tableId))
  return doc
}

describe('tableToMarkdown', () => {
  it('writes a seeded empty table as its title, region and question headings only', () => {
    expect(tableToMarkdown(seededDoc('t3'))).toBe(
      '# Table 3\n\n*North & East*\n\n## 1. What works well?\n\n## 2. What should change?\n\n' +
        '### a. In schools\n\n### b. At work\n',
    )
    expect(tableToMarkdown(seededDoc('t4'))).toMatch(/^# Table 4\n\n## 1\. What works well\?\n/)
  })

  it('writes a removed question as other notes, keeping what was written under it', () => {
    const doc = seededDoc('t3')
    const section = doc.getXmlFragment(NOTES_FRAGMENT).get(2) as Y.XmlElement
    ;((section.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Kept.')])
    reconcileTable(doc, { ...session, questions: [session.questions[0]!] }, 't3')
    expect(tableToMarkdown(doc)).toContain(
      '## Other notes (the question “What should change?” was removed)\n\nKept.\n',
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
    expect(tableToMarkdown(doc)).toBe(
      '# Table 4\n\n## 1. What works well?\n\n## 2. What should change?\n\nMore buses.\n\n' +
        '### a. In schools\n\n### b. At work\n\nFlexible hours.\n\nRemote days.\n',
    )
  })

  it('separates paragraphs by one blank line and leaves empty ones out', () => {
    expect(answerToMarkdown(p('First'), p(), p(''), p('Second'))).toBe('First\n\nSecond\n')
    const empty = el('questionSection', { number: '1', prompt: 'Q' }, el('answer', {}, p(), p()))
    expect(tableToMarkdown(docOf(empty))).toBe('## 1. Q\n')
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
    const inner = rich(['all ', { bold: {} }], ['of it', { bold: {}, italic: {} }])
    expect(answerToMarkdown(p(inner))).toBe('**all _of it_**\n')
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

  it('falls back to HTML tags where Markdown would not see a delimiter', () => {
    const quoted = rich('say', ['"this"', { bold: {} }], 'now')
    expect(answerToMarkdown(p(quoted))).toBe('say<strong>"this"</strong>now\n')
    const inWord = rich('un', ['believ', { italic: {} }], 'able')
    expect(answerToMarkdown(p(inWord))).toBe('un*believ*able\n')
  })

  it('keeps a `!` before a link from making it an image', () => {
    const text = rich('wow!', ['site', { link: { href: 'https://x.org' } }])
    expect(answerToMarkdown(p(text))).toBe('wow\\![site](https://x.org)\n')
  })

  it('fences code spans containing backticks and escapes link destinations', () => {
    const text = rich(['a `tick`', { code: {} }], ' ', [
      'x',
      { link: { href: 'https://x.org/a (b)' } },
    ])
    expect(answerToMarkdown(p(text))).toBe('`` a `tick` `` [x](<https://x.org/a (b)>)\n')
  })

  it('escapes Markdown syntax in text so it stays text', () => {
    expect(answerToMarkdown(p('*not bold* #1 [x]'))).toBe('\\*not bold\\* \\#1 \\[x\\]\n')
    expect(answerToMarkdown(p('a_b `c` <b>d</b> ~~e~~ | f \\ &amp; R&D'))).toBe(
      'a\\_b \\`c\\` \\<b\\>d\\</b\\> \\~\\~e\\~\\~ \\| f \\\\ \\&amp; R&D\n',
    )
    expect(answerToMarkdown(p('- not a list'), p('+ nor this'), p('1. nor this'))).toBe(
      '\\- not a list\n\n\\+ nor this\n\n1\\. nor this\n',
    )
    expect(answerToMarkdown(p('---'), p('-5 degrees'), p('2024. A year'))).toBe(
      '\\---\n\n-5 degrees\n\n2024\\. A year\n',
    )
  })

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
    const emptyFirst = el('bulletList', {}, li(p('a'), el('bulletList', {}, li(p()), li(p('b')))))
    expect(answerToMarkdown(emptyFirst)).toBe('- a\n\n  -\n  - b\n')
    expect(answerToMarkdown(el('bulletList', {}, li(el('horizontalRule', {}))))).toBe('- ___\n')
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
      '> said\n>\n> - point\n\n````ts\nconst a = 1\n\nconst b = "```"\n````\n\n___\n\n' +
        '```\n# not a heading\n```\n',
    )
  })

  it('demotes headings in an answer below the question, but not outside one', () => {
    const h = (level: number, text: string) => el('heading', { level }, text)
    expect(answerToMarkdown(h(1, 'One'), h(2, 'Two'), h(3, 'Three'), h(6, 'Six'))).toBe(
      '#### One\n\n##### Two\n\n###### Three\n\n###### Six\n',
    )
    expect(tableToMarkdown(docOf(h(2, 'Loose')))).toBe('## Loose\n')
  })

  it('writes the priority issues after the title', () => {
    const doc = seededDoc('t3')
    const issues: PriorityIssue[] = [
      { tagId: 'transport', label: 'Transport' },
      { label: 'Rent *caps*' },
    ]
    doc.getArray<PriorityIssue>(PRIORITIES_ARRAY).push(issues)
    expect(tableToMarkdown(doc)).toMatch(
      /^# Table 3\n\n\*North & East\*\n\n\*\*Priority issues:\*\* Transport; Rent \\\*caps\\\*\n\n## 1\./,
    )
    const untitled = docOf(p('note'))
    untitled.getArray<PriorityIssue>(PRIORITIES_ARRAY).push([{ label: 'Housing' }])
    expect(tableToMarkdown(untitled)).toBe('**Priority issues:** Housing\n\nnote\n')
  })

  it('keeps the text of unknown elements and of blocks outside any section', () => {
    const task = el('taskList', {}, el('taskItem', { checked: true }, p('call the mayor')))
    expect(answerToMarkdown(task, el('callout', {}, 'loose text'))).toBe(
      'call the mayor\n\nloose text\n',
    )
    const doc = seededDoc('t4')
    doc.getXmlFragment(NOTES_FRAGMENT).insert(1, [p('stray note')])
    doc.getXmlFragment(NOTES_FRAGMENT).push([p(rich('mention: ', ['@ana', { mention: {} }]))])
    expect(tableToMarkdown(doc)).toBe(
      '# Table 4\n\nstray note\n\n## 1. What works well?\n\n## 2. What should change?\n\n' +
        '### a. In schools\n\n### b. At work\n\nmention: @ana\n',
    )
  })

  it('gives the same string for the same document, also after a round trip through an update', () => {
    const doc = seededDoc('t3')
    const section = doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
    ;(section.get(0) as Y.XmlElement).insert(1, [p(rich(['x', { bold: {}, italic: {} }]))])
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(tableToMarkdown(doc)).toBe(tableToMarkdown(doc))
    expect(tableToMarkdown(copy)).toBe(tableToMarkdown(doc))
    expect(tableToMarkdown(new Y.Doc())).toBe('\n')
  })
})
