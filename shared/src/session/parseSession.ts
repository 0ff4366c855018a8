import { ValueErrorType } from '@sinclair/typebox/errors'
import { Value } from '@sinclair/typebox/value'
import {
  type Document,
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml'
import { type Session, SessionSchema } from './sessionSchema.js'
import {
  findTooDeep,
  findTooDeepValue,
  type LimitProblem,
  locateAliasProblem,
  MAX_ALIAS_COUNT,
  MAX_NESTING,
  roughlyDeepestLine,
} from './sourceLimits.js'

/** One thing wrong with a session file, precise enough for an organizer to fix it. */
export interface SessionProblem {
  /** Dotted path of the offending field, e.g. `questions[2].parts[0].id`; empty for the file itself. */
  field: string
  message: string
  /** 1-based line in the file, when the field (or its closest parent) can be found there. */
  line?: number
}

export type SessionParseResult =
  | { ok: true; session: Session }
  | { ok: false; problems: SessionProblem[] }

type PathKey = string | number

/**
 * Parses a session definition written in YAML or JSON (JSON is read by the same YAML 1.2 parser,
 * so both formats get line numbers) and validates it against the one schema. Never throws: a
 * file nested too deep or whose aliases expand too far (sourceLimits.ts) is one more problem.
 */
export function parseSessionText(source: string): SessionParseResult {
  const lineCounter = new LineCounter()
  let document: Document
  try {
    document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true })
  } catch (error) {
    // The parser recurses once per nesting level: thousands of levels overflow its stack before
    // any node exists, so the line can only be estimated from the text.
    if (!(error instanceof RangeError)) throw error
    return {
      ok: false,
      problems: [
        {
          field: '',
          message: `nests more than ${MAX_NESTING} lists or mappings deep`,
          line: roughlyDeepestLine(source),
        },
      ],
    }
  }
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        field: '',
        message: error.message.split('\n')[0] ?? error.message,
        line: lineCounter.linePos(mistakeAt(document, error)).line,
      })),
    }
  }
  const limitProblem = (problem: LimitProblem): SessionParseResult => ({
    ok: false,
    problems: [
      withLine(
        problem.path,
        problem.message,
        problem.offset === undefined ? undefined : lineCounter.linePos(problem.offset).line,
      ),
    ],
  })
  const tooDeep = findTooDeep(document)
  if (tooDeep) return limitProblem(tooDeep)
  let value: unknown
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (error) {
    // yaml throws a ReferenceError past maxAliasCount and for an alias before its anchor.
    if (!(error instanceof ReferenceError)) throw error
    return limitProblem(locateAliasProblem(document))
  }
  const problems = validateSession(value)
  if (problems.length > 0) {
    const lineOf = (path: PathKey[]) => findLine(document, lineCounter, path)
    return {
      ok: false,
      problems: problems.map(({ path, message }) => withLine(path, message, lineOf(path))),
    }
  }
  return { ok: true, session: value as Session }
}

/**
 * Where the mistake behind a YAML error is. The parser reports an unclosed quote where it gave
 * up, at the end of the file; the mistake is the quote that opened the text it swallowed.
 */
function mistakeAt(document: Document, error: YAMLError): number {
  const [at] = error.pos
  if (error.code !== 'MISSING_CHAR') return at
  let opened = at
  visit(document, {
    Scalar(_key, node) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'
      const [start, end] = node.range ?? [at, at]
      if (quoted && start <= at && at <= end) opened = Math.min(opened, start)
    },
  })
  return opened
}

/** Validates an already parsed value, e.g. a JSON body sent to the API. */
export function checkSession(value: unknown): SessionParseResult {
  const tooDeep = findTooDeepValue(value)
  if (tooDeep) return { ok: false, problems: [withLine(tooDeep.path, tooDeep.message)] }
  const problems = validateSession(value)
  if (problems.length > 0) {
    return { ok: false, problems: problems.map(({ path, message }) => withLine(path, message)) }
  }
  return { ok: true, session: value as Session }
}

/** `file.yaml:12: questions[2].text: must not be empty`, one problem per line. */
export function formatSessionProblems(fileName: string, problems: SessionProblem[]): string {
  return problems
    .map(({ field, message, line }) => {
      const where = line === undefined ? fileName : `${fileName}:${line}`
      return field === '' ? `${where}: ${message}` : `${where}: ${field}: ${message}`
    })
    .join('\n')
}

interface RawProblem {
  path: PathKey[]
  message: string
}

function validateSession(value: unknown): RawProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      { path: [], message: 'a session must be a mapping with id, title, questions and tables' },
    ]
  }
  const seen = new Set<string>()
  const problems: RawProblem[] = []
  for (const error of Value.Errors(SessionSchema, value)) {
    // TypeBox may report several errors for one field; the first says the most.
    if (seen.has(error.path)) continue
    seen.add(error.path)
    const path = pointerToPath(error.path)
    problems.push({ path, message: describeError(error.type, error.message, path) })
  }
  if (problems.length > 0) return problems
  return checkConsistency(value as Session)
}

function describeError(type: ValueErrorType, fallback: string, path: PathKey[]): string {
  const key = path.at(-1)
  const inTranslations = path.at(-2) === 'translations'
  switch (type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required'
    case ValueErrorType.ObjectAdditionalProperties:
      return inTranslations
        ? 'is not a language tag (such as fr, ar or pt-BR)'
        : 'is not a known field (check its spelling)'
    case ValueErrorType.StringPattern:
      if (key === 'starts' || key === 'ends') {
        return 'must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, optionally with Z or +HH:MM)'
      }
      return key === 'language'
        ? 'must be a language tag (such as fr, ar or pt-BR)'
        : 'must be lowercase letters, digits and hyphens, starting with a letter or digit'
    case ValueErrorType.StringMinLength:
      return 'must not be empty'
    case ValueErrorType.StringMaxLength:
      return 'is too long'
    case ValueErrorType.ArrayMinItems:
      return 'needs at least one entry'
    case ValueErrorType.ArrayMaxItems:
      return 'has too many entries'
    case ValueErrorType.String:
      return 'must be text'
    case ValueErrorType.Array:
      return 'must be a list'
    case ValueErrorType.Object:
      return 'must be a mapping of fields'
    default:
      return fallback
  }
}

function checkConsistency(session: Session): RawProblem[] {
  const problems: RawProblem[] = []
  const requireUnique = (ids: string[], path: (index: number) => PathKey[], what: string) => {
    const first = new Map<string, number>()
    ids.forEach((id, index) => {
      const earlier = first.get(id)
      if (earlier === undefined) first.set(id, index)
      else
        problems.push({
          path: path(index),
          message: `repeats the ${what} id "${id}" of entry ${earlier + 1}`,
        })
    })
  }
  requireUnique(
    session.questions.map((q) => q.id),
    (i) => ['questions', i, 'id'],
    'question',
  )
  session.questions.forEach((question, q) => {
    requireUnique(
      (question.parts ?? []).map((p) => p.id),
      (i) => ['questions', q, 'parts', i, 'id'],
      'part',
    )
  })
  requireUnique(
    session.tables.map((t) => t.id),
    (i) => ['tables', i, 'id'],
    'table',
  )
  requireUnique(
    (session.tags ?? []).map((t) => t.id),
    (i) => ['tags', i, 'id'],
    'tag',
  )
  if (session.starts !== undefined && session.ends !== undefined && session.ends < session.starts) {
    problems.push({ path: ['ends'], message: `is before starts (${session.starts})` })
  }
  return problems
}

function pointerToPath(pointer: string): PathKey[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

function pathToField(path: PathKey[]): string {
  return path.reduce<string>(
    (field, key) =>
      typeof key === 'number' ? `${field}[${key}]` : field ? `${field}.${key}` : key,
    '',
  )
}

function withLine(path: PathKey[], message: string, line?: number): SessionProblem {
  return line === undefined
    ? { field: pathToField(path), message }
    : { field: pathToField(path), message, line }
}

/** The line of the field at `path`, or of its closest ancestor that exists in the file. */
function findLine(
  document: Document,
  lineCounter: LineCounter,
  path: PathKey[],
): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const offset = findOffset(document, path.slice(0, depth))
    if (offset !== undefined) return lineCounter.linePos(offset).line
  }
  return undefined
}

function findOffset(document: Document, path: PathKey[]): number | undefined {
  if (path.length === 0) return document.contents?.range?.[0]
  const parent = document.getIn(path.slice(0, -1), true)
  const key = path.at(-1)
  // Point at the key of a mapping entry (where a typo or a missing value is) rather than its value.
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key)
    if (pair && isScalar(pair.key)) return pair.key.range?.[0]
    return undefined
  }
  const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined
  return node?.range?.[0]
}
