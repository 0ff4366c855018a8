import {
  type Document,
  isCollection,
  isMap,
  isPair,
  isScalar,
  type Node,
  type Pair,
  visit,
} from 'yaml'

/**
 * Limits on a session file's shape, checked before its value is built, so that a hostile file
 * (a YAML "billion laughs" alias bomb, a 20,000-deep nest of lists) gets a `file:line: field:
 * message` error rather than a stack overflow or an exhausted heap. A real session nests six
 * collections deep (questions[].parts[].translations) and needs no alias at all.
 */
export const MAX_NESTING = 32

/**
 * How many values aliases may copy in: the `maxAliasCount` of the `yaml` package, whose
 * `toJS` refuses beyond it (count of uses × aliases inside the anchored node).
 */
export const MAX_ALIAS_COUNT = 100

type PathKey = string | number

/** How much of a too-deep field's path an error names: where it starts is what helps. */
const FIELD_DEPTH = 3

/** Where a limit was passed: the field's path and the offset of its node in the source. */
export interface LimitProblem {
  path: PathKey[]
  offset: number | undefined
  message: string
}

/**
 * The first collection nested deeper than MAX_NESTING, in document order, or null. Walks with
 * an explicit stack, since the point is to never recurse as deep as the file does.
 */
export function findTooDeep(document: Document): LimitProblem | null {
  const stack: Array<{ node: unknown; depth: number; path: PathKey[] }> = [
    { node: document.contents, depth: 0, path: [] },
  ]
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!
    if (!isCollection(node)) continue
    if (depth + 1 > MAX_NESTING) {
      return {
        path: path.slice(0, FIELD_DEPTH),
        offset: node.range?.[0],
        message: `nests more than ${MAX_NESTING} lists or mappings deep`,
      }
    }
    const children: Array<{ node: unknown; depth: number; path: PathKey[] }> = []
    node.items.forEach((item: unknown, index: number) => {
      if (isPair(item)) {
        const key = keyName(item, index)
        children.push({ node: item.key, depth: depth + 1, path: [...path, key] })
        children.push({ node: item.value, depth: depth + 1, path: [...path, key] })
      } else {
        children.push({ node: item, depth: depth + 1, path: [...path, index] })
      }
    })
    // Reversed so that the first item is examined first: the problem reported is the earliest.
    stack.push(...children.reverse())
  }
  return null
}

/**
 * Why the `yaml` package refused to build a document's value, and where: an alias used before
 * its anchor, else the first alias whose anchored node holds aliases itself (how an alias bomb
 * multiplies), else the first alias. Only called once the nesting is within MAX_NESTING.
 */
export function locateAliasProblem(document: Document): LimitProblem {
  let first: LimitProblem | null = null
  let found: LimitProblem | null = null
  visit(document, {
    Alias(_key, alias, ancestors) {
      const at = { path: pathOf(ancestors, alias), offset: alias.range?.[0] }
      const target = alias.resolve(document)
      if (!target) {
        found = { ...at, message: `uses *${alias.source} before its anchor &${alias.source}` }
        return visit.BREAK
      }
      const expanding = {
        ...at,
        message: `aliases copy in more than ${MAX_ALIAS_COUNT} values (*${alias.source}); write the values out instead`,
      }
      first ??= expanding
      if (containsAlias(target)) {
        found = expanding
        return visit.BREAK
      }
      return undefined
    },
  })
  return found ?? first ?? { path: [], offset: undefined, message: 'aliases expand too far' }
}

function containsAlias(node: Node): boolean {
  let found = false
  visit(node, {
    Alias() {
      found = true
      return visit.BREAK
    },
  })
  return found
}

/** The field path of `node` from the ancestors `visit` gives (document, collections, pairs). */
function pathOf(ancestors: readonly unknown[], node: unknown): PathKey[] {
  const path: PathKey[] = []
  const chain = [...ancestors, node]
  for (let index = 1; index < chain.length; index++) {
    const parent = chain[index - 1]
    const child = chain[index]
    if (isPair(child) && isMap(parent)) {
      path.push(keyName(child, parent.items.indexOf(child)))
    } else if (isCollection(parent) && !isPair(child)) {
      path.push(parent.items.indexOf(child as never))
    }
  }
  return path
}

function keyName(pair: Pair, index: number): PathKey {
  return isScalar(pair.key) ? String(pair.key.value) : index
}

/**
 * The line (1-based) where the source first nests deeper than MAX_NESTING by a rough count of
 * brackets and of block indicators (`- `, `? `) opening a line, for a file so deep that the
 * YAML parser itself overflowed its stack before any node could say where it was.
 */
export function roughlyDeepestLine(source: string): number {
  let line = 1
  let brackets = 0
  let deepest = { line: 1, depth: -1 }
  let atLineStart = true
  let indicators = 0
  for (let index = 0; index < source.length; index++) {
    const char = source[index]
    if (char === '\n') {
      line++
      atLineStart = true
      indicators = 0
      continue
    }
    if (char === '[' || char === '{') brackets++
    else if (char === ']' || char === '}') brackets = Math.max(0, brackets - 1)
    if (atLineStart && (char === '-' || char === '?') && source[index + 1] === ' ') indicators++
    else if (char !== ' ') atLineStart = false
    const depth = brackets + indicators
    if (depth > deepest.depth) deepest = { line, depth }
    if (depth > MAX_NESTING) return line
  }
  return deepest.line
}

/**
 * The first array or object of an already parsed value (a JSON body sent to the API) nested
 * deeper than MAX_NESTING, or null; iterative for the same reason as findTooDeep.
 */
export function findTooDeepValue(value: unknown): Omit<LimitProblem, 'offset'> | null {
  const stack: Array<{ value: unknown; depth: number; path: PathKey[] }> = [
    { value, depth: 0, path: [] },
  ]
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!
    if (typeof current !== 'object' || current === null) continue
    if (depth + 1 > MAX_NESTING) {
      return {
        path: path.slice(0, FIELD_DEPTH),
        message: `nests more than ${MAX_NESTING} lists or mappings deep`,
      }
    }
    const entries: Array<[PathKey, unknown]> = Array.isArray(current)
      ? current.map((item, index) => [index, item])
      : Object.entries(current)
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index]!
      stack.push({ value: child, depth: depth + 1, path: [...path, key] })
    }
  }
  return null
}
