import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { cleanPastedHtmlText } from './cleanPastedHtml.js'
import {
  WORD_CLIPBOARD_HTML as WORD,
  WORD_LIST_CLIPBOARD_HTML as WORD_LISTS,
} from './fixtures/wordClipboard.js'

const { document } = new JSDOM('<!doctype html>').window

/** The cleaned HTML, and its text as a reader would see it (white space collapsed). */
function clean(html: string) {
  const cleaned = cleanPastedHtmlText(html, document)
  const holder = document.createElement('div')
  holder.innerHTML = cleaned
  return { html: cleaned, text: (holder.textContent ?? '').replace(/\s+/g, ' ').trim(), holder }
}

describe('cleaning HTML pasted from a word processor', () => {
  it('drops Word’s comments and tracked deletions, and keeps insertions and footnotes as text', () => {
    const { html, text, holder } = clean(WORD)
    expect(text).not.toContain('private reviewer remark')
    expect(text).not.toContain('[AR1]')
    expect(text).not.toContain('provincial')
    expect(text).not.toContain('draft')
    expect(text).toContain('Participants agreed that national pathways need funding.[1]')
    expect(text).toContain('See the IOM overview and the country notes from Chad.')
    expect(text).toContain('[1] Source: IOM regional survey, 2023.')
    expect(html).not.toMatch(/_ftn|_msocom|_anchor|msocom/i)
    expect(html).not.toMatch(/\sclass=|\sid=|\sname=|onmouse|<del|<ins|<hr|<style|<meta|<!--/i)
    // The one link that leads somewhere stays a link.
    expect(Array.from(holder.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual([
      'https://www.iom.int/migration-governance',
    ])
    expect(holder.querySelector('h1')?.textContent).toBe('Outcomes of the round')
  })

  it('keeps rows and cells copied without their table, and the cells’ text', () => {
    const { html } = clean('<tr><td class="xl65">Chad</td><td>12</td></tr>')
    expect(html).toBe('<tr><td>Chad</td><td>12</td></tr>')
  })

  it('unwraps links the notes cannot keep and leaves other markup alone', () => {
    const { html } = clean(
      '<p><a href="javascript:alert(1)">a</a> <a href="file:///C:/x.docx">b</a> ' +
        '<a name="top">c</a> <a href="mailto:a@b.org" class="x">d</a> <b style="color:red">e</b></p>',
    )
    expect(html).toBe('<p>a b c <a href="mailto:a@b.org">d</a> <b style="color:red">e</b></p>')
  })

  it('takes <del> for what HTML says it is, a removal, also outside Word', () => {
    expect(clean('<p>price <del>10</del> <ins>8</ins> euros</p>').html).toBe(
      '<p>price  8 euros</p>',
    )
  })

  it('turns Word’s list paragraphs into lists, nested by level, bullets apart from numbers', () => {
    const { holder, text } = clean(WORD_LISTS)
    /** Each list as its tag and its items' own text, and the lists nested in each item. */
    const shape = (list: Element): unknown => ({
      [list.localName]: Array.from(list.children).map((item) => {
        const own = item.querySelector(':scope > p')?.textContent?.replace(/\s+/g, ' ').trim()
        const nested = Array.from(item.querySelectorAll(':scope > ul, :scope > ol')).map(shape)
        return nested.length > 0 ? { [own ?? '']: nested } : own
      }),
    })
    const lists = Array.from(holder.querySelectorAll(':scope > ul, :scope > ol')).map(shape)
    expect(lists).toEqual([
      { ul: [{ Chad: [{ ul: ['N’Djamena'] }] }, 'Niger'] },
      { ol: ['Fund the pathways', 'Report back in May.[1]'] },
    ])
    // The paragraphs around the lists stay in place, and no typed-out bullet or number is left.
    expect(Array.from(holder.children).map((child) => child.localName)).toEqual([
      'p',
      'ul',
      'p',
      'ol',
    ])
    expect(text).not.toMatch(/·|\b[12]\./)
    expect(holder.innerHTML).not.toMatch(/mso-list|·/)
  })

  it('reads list markers typed out without `mso-list:Ignore` as markers, not text', () => {
    const { holder, text } = clean(
      '<p class="MsoListParagraph" style="mso-list:l0 level1 lfo1"><span>·&nbsp;&nbsp;&nbsp;</span>First bullet</p>' +
        '<p class="MsoListParagraph" style="mso-list:l1 level1 lfo2">1.&nbsp;&nbsp; Numbered <b>one</b></p>',
    )
    expect(Array.from(holder.children).map((child) => child.localName)).toEqual(['ul', 'ol'])
    const items = Array.from(holder.querySelectorAll('li'), (item) => item.textContent?.trim())
    expect(items).toEqual(['First bullet', 'Numbered one'])
    expect(text).not.toMatch(/·|1\./)
    expect(holder.querySelector('ol b')?.textContent).toBe('one')
  })

  it('unwraps links to Word’s hidden bookmarks also when they arrive as absolute addresses', () => {
    const { holder } = clean(WORD_LISTS)
    expect(holder.querySelectorAll('a')).toHaveLength(0)
    const { html } = clean(
      '<p><a href="https://x.org/doc#_Toc1234">Contents</a> <a href="https://x.org/#_msocom_1">[A1]</a>' +
        ' <a href="https://x.org/#intro">intro</a></p>',
    )
    expect(html).toBe('<p>Contents  <a href="https://x.org/#intro">intro</a></p>')
  })
})
