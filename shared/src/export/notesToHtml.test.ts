import { describe, expect, it } from 'vitest'
import { NESTING_LIMIT } from './notesModel.js'
import { notesToHtml } from './notesToHtml.js'
import { deeplyNested, docOf, el, li, p, rich, table } from './testNotes.js'

/** The HTML between `<body>` and `</body>`. */
const bodyOf = (html: string) => html.slice(html.indexOf('<body>\n') + 7, html.indexOf('\n</body>'))

describe('notesToHtml', () => {
  it('writes a table with header cells, data cells and their spans', () => {
    const notes = table(
      [
        ['Issue', 'th', { colspan: 2 }],
        ['السكن', 'th'],
      ],
      [
        [[p('a < b'), el('orderedList', { start: 3 }, li(p('third')))], 'td', { rowspan: 2 }],
        ['x', 'td'],
        ['', 'td'],
      ],
    )
    expect(bodyOf(notesToHtml(docOf(notes), 'T'))).toBe(
      '<table><tbody><tr><th colspan="2"><p dir="ltr">Issue</p></th>' +
        '<th><p dir="rtl" lang="ar">السكن</p></th></tr>' +
        '<tr><td rowspan="2"><p dir="ltr">a &lt; b</p><ol dir="ltr" start="3"><li dir="ltr"><p dir="ltr">third</p></li></ol></td>' +
        '<td><p dir="ltr">x</p></td><td></td></tr></tbody></table>',
    )
  })

  it('links only http, https and mailto addresses and keeps the text of the others', () => {
    const linked = (href: string, text: string): [string, Record<string, unknown>] => [
      text,
      { link: { href } },
    ]
    const notes = p(
      rich(
        linked('https://example.org/a?b=1&c=2', 'web'),
        linked('mailto:a@example.org', 'mail'),
        linked('JaVaScRiPt:alert(1)', 'mixed'),
        linked('java\nscript:alert(1)', 'broken'),
        linked('data:text/html,x', 'data'),
        linked('//evil.example', 'relative'),
      ),
    )
    expect(bodyOf(notesToHtml(docOf(notes), 'T'))).toBe(
      '<p dir="ltr"><a href="https://example.org/a?b=1&amp;c=2">web</a>' +
        '<a href="mailto:a@example.org">mail</a>mixedbrokendatarelative</p>',
    )
  })

  it('writes a document of 20,000 nested quotes to the limit, then a note and the text', () => {
    const html = notesToHtml(deeplyNested(20_000, 'blockquote', 'deep'), 'T')
    expect(html.match(/<blockquote>/g)).toHaveLength(NESTING_LIMIT)
    const note = `Content nested more than ${NESTING_LIMIT} levels deep follows as plain text.`
    expect(html).toContain(`<p dir="ltr"><em>${note}</em></p>`)
    expect(html).toContain('<p dir="ltr">deep</p>')
  })
})
