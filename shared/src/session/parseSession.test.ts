import { describe, expect, it } from 'vitest'
import { checkSession, formatSessionProblems, parseSessionText } from './parseSession.js'

const valid = `id: demo
title: Demo session
questions:
  - id: q1
    text: What works?
    parts:
      - id: a
        text: In cities?
tables:
  - id: t1
    name: Table one
    region: Europe
`

function problemsOf(source: string) {
  const result = parseSessionText(source)
  if (result.ok) throw new Error('expected the session to be rejected')
  return result.problems
}

describe('parseSessionText', () => {
  it('accepts a valid YAML session', () => {
    const result = parseSessionText(valid)
    expect(result.ok && result.session.questions[0]?.parts?.[0]?.text).toBe('In cities?')
  })

  it('accepts the same session written as JSON', () => {
    const json = JSON.stringify(
      {
        id: 'demo',
        title: 'D',
        questions: [{ id: 'q', text: 'Q?' }],
        tables: [{ id: 't', name: 'T' }],
      },
      null,
      2,
    )
    expect(parseSessionText(json).ok).toBe(true)
  })

  it.each([
    ['a missing title', valid.replace('title: Demo session\n', ''), 'title', 1, 'is required'],
    [
      'an unknown field',
      valid.replace('    region: Europe', '    regoin: Europe'),
      'tables[0].regoin',
      12,
      'not a known field',
    ],
    [
      'a bad table id',
      valid.replace('id: t1', 'id: Table 1'),
      'tables[0].id',
      10,
      'lowercase letters',
    ],
    [
      'an empty question text',
      valid.replace('text: What works?', 'text: ""'),
      'questions[0].text',
      5,
      'must not be empty',
    ],
    [
      'a repeated part id',
      valid.replace(
        '        text: In cities?',
        '        text: In cities?\n      - id: a\n        text: Again?',
      ),
      'questions[0].parts[1].id',
      9,
      'repeats the part id "a"',
    ],
    [
      'ends before starts',
      `${valid}starts: "2025-05-14T16:30"\nends: "2025-05-14T15:30"\n`,
      'ends',
      14,
      'before starts',
    ],
    [
      'questions not a list',
      valid.replace(/questions:[\s\S]*?tables:/, 'questions: none\ntables:'),
      'questions',
      3,
      'must be a list',
    ],
  ])('names the field and line of %s', (_name, source, field, line, message) => {
    const [problem] = problemsOf(source)
    expect(problem?.field).toBe(field)
    expect(problem?.line).toBe(line)
    expect(problem?.message).toContain(message)
  })

  it('reports every problem at once, not just the first', () => {
    const problems = problemsOf(
      valid.replace('title: Demo session\n', '').replace('id: t1', 'id: T1'),
    )
    expect(problems.map((p) => p.field)).toEqual(['title', 'tables[0].id'])
  })

  it('reports YAML syntax errors with their line', () => {
    const [problem] = problemsOf('id: demo\ntitle: [unclosed\nquestions: []\n')
    expect(problem?.field).toBe('')
    expect(problem?.line).toBeGreaterThan(1)
  })

  it('points an unclosed quote to the line that opened it, not to the end of the file', () => {
    const source = 'id: demo\ntitle: "Unclosed\nquestions:\n  - id: q1\n    text: a\ntables: []\n'
    const [problem] = problemsOf(source)
    expect(problem?.line).toBe(2)
    expect(problemsOf(source.replace('"Unclosed', "'Unclosed"))[0]?.line).toBe(2)
  })

  it('formats problems with the file name, line and field', () => {
    const text = formatSessionProblems('s.yaml', problemsOf(valid.replace('id: t1', 'id: T1')))
    expect(text).toBe(
      's.yaml:10: tables[0].id: must be lowercase letters, digits and hyphens, starting with a letter or digit',
    )
  })
})

/** A "billion laughs": ten anchors, each a list of nine aliases of the one before (9^9 values). */
function aliasBomb(): string {
  const lines = [
    'id: demo',
    'title: Laughs',
    'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ]
  for (let level = 1; level < 10; level++) {
    lines.push(
      `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    )
  }
  return `${lines.join('\n')}\n`
}

describe('parseSessionText on hostile files', () => {
  it('refuses a YAML alias bomb at the alias that multiplies, without building it', () => {
    const [problem, ...rest] = problemsOf(aliasBomb())
    expect(rest).toEqual([])
    expect(problem).toEqual({
      field: 'a2[0]',
      line: 5,
      message: expect.stringContaining('aliases copy in more than 100 values (*a1)'),
    })
  })

  it('names an alias used before its anchor', () => {
    expect(problemsOf(`${valid}region: *later\n`)).toEqual([
      { field: 'region', line: 13, message: 'uses *later before its anchor &later' },
    ])
  })

  it('keeps working aliases that copy in a few values', () => {
    const source = valid.replace(
      '    region: Europe',
      '    region: &r Europe\n  - id: t2\n    name: Two\n    region: *r',
    )
    const result = parseSessionText(source)
    expect(result.ok && result.session.tables.map((table) => table.region)).toEqual([
      'Europe',
      'Europe',
    ])
  })

  it.each([
    ['YAML flow lists', `id: demo\ntitle: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 2],
    ['YAML block lists', `id: demo\ntitle:\n${'- '.repeat(20_000)}deep\n`, 3],
    ['JSON', `{\n"id": "demo",\n"title": ${'{"a": '.repeat(20_000)}1${'}'.repeat(20_000)}\n}`, 3],
  ])(
    'refuses 20,000-deep %s with its line instead of overflowing the stack',
    (_name, source, line) => {
      expect(problemsOf(source)).toEqual([
        { field: '', line, message: 'nests more than 32 lists or mappings deep' },
      ])
    },
    // The parser takes seconds to reach its stack's end on compact block lists (`- - - …`).
    60_000,
  )

  it('names the field and line of a nest just past the limit, which the parser can read', () => {
    const source = `${valid}tags:\n  - id: x\n    label: ${'['.repeat(40)}${']'.repeat(40)}\n`
    expect(problemsOf(source)).toEqual([
      { field: 'tags[0].label', line: 15, message: 'nests more than 32 lists or mappings deep' },
    ])
  })

  it('checks the nesting of a parsed JSON body (the API) before the schema walks it', () => {
    let title: unknown = 'x'
    for (let level = 0; level < 20_000; level++) title = [title]
    const result = checkSession({ id: 'demo', title, questions: [], tables: [] })
    expect(result).toEqual({
      ok: false,
      problems: [{ field: 'title[0][0]', message: 'nests more than 32 lists or mappings deep' }],
    })
  })
})
