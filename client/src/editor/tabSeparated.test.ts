import { describe, expect, it } from 'vitest'
import { parseTabSeparated } from './tabSeparated.js'

describe('text copied from a spreadsheet', () => {
  it('reads rows and cells, ignoring the final line break', () => {
    expect(parseTabSeparated('Country\tCount\r\nChad\t12\r\n')).toEqual([
      ['Country', 'Count'],
      ['Chad', '12'],
    ])
    expect(parseTabSeparated('a\t\tc\n\tb\t\n')).toEqual([
      ['a', '', 'c'],
      ['', 'b', ''],
    ])
  })

  it('reads quoted cells with tabs, line breaks and quotes inside', () => {
    expect(parseTabSeparated('"two\nlines"\t"say ""hi"""\n"a\tb"\t"x"y"')).toEqual([
      ['two\nlines', 'say "hi"'],
      ['a\tb', '"x"y"'],
    ])
  })

  it('leaves prose alone: one line, uneven lines, no tab, or indented lines', () => {
    expect(parseTabSeparated('Name:\tAmina')).toBeNull()
    expect(parseTabSeparated('a\tb\nc')).toBeNull()
    expect(parseTabSeparated('one\ntwo\n')).toBeNull()
    expect(parseTabSeparated('\tindented\n\tlines')).toBeNull()
  })
})
