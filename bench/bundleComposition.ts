/**
 * Where a built bundle's bytes come from: each stretch of minified code is charged to the source
 * file its source map names, and source files are grouped by npm package (or "tablenotes" for
 * our own code). Gzip does not add up across parts, so the shares are of minified bytes.
 */
import { existsSync, readFileSync } from 'node:fs'

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]))

/** The numbers of one source-map segment (base64 VLQ, 5 bits a digit, sign in the lowest bit). */
function decodeSegment(segment: string): number[] {
  const values: number[] = []
  let value = 0
  let shift = 0
  for (const char of segment) {
    const digit = DIGIT.get(char)
    if (digit === undefined) throw new Error(`not a base64 VLQ digit: ${char}`)
    value += (digit & 31) * 2 ** shift
    if (digit & 32) {
      shift += 5
      continue
    }
    values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2)
    value = 0
    shift = 0
  }
  return values
}

/** `node_modules/.pnpm/x@1/node_modules/@scope/name/dist/a.js` → `@scope/name`. */
export function packageOf(source: string): string {
  const parts = source.split('/')
  const last = parts.lastIndexOf('node_modules')
  if (last === -1) return 'tablenotes'
  const name = parts[last + 1] ?? 'unknown'
  return name.startsWith('@') ? `${name}/${parts[last + 2] ?? ''}` : name
}

/** Minified bytes per package for one built file and its `.map`. */
export function bundleComposition(jsFile: string): Map<string, number> {
  const code = readFileSync(jsFile, 'utf8')
  // The bundler's own runtime chunk comes without a map.
  if (!existsSync(`${jsFile}.map`)) return new Map([['(bundler runtime)', Buffer.byteLength(code)]])
  const map = JSON.parse(readFileSync(`${jsFile}.map`, 'utf8')) as {
    sources: string[]
    mappings: string
  }
  const lines = code.split('\n')
  const bytes = new Map<string, number>()
  const charge = (source: number, length: number) => {
    const owner = source < 0 ? '(no source)' : packageOf(map.sources[source] ?? '')
    bytes.set(owner, (bytes.get(owner) ?? 0) + length)
  }
  let source = 0
  map.mappings.split(';').forEach((lineMappings, lineIndex) => {
    const line = lines[lineIndex] ?? ''
    let column = 0
    let owner = -1
    let start = 0
    for (const segment of lineMappings.split(',')) {
      if (segment === '') continue
      const [columnDelta = 0, sourceDelta] = decodeSegment(segment)
      column += columnDelta
      charge(owner, Buffer.byteLength(line.slice(start, column)))
      if (sourceDelta !== undefined) source += sourceDelta
      owner = sourceDelta === undefined ? -1 : source
      start = column
    }
    charge(owner, Buffer.byteLength(line.slice(start)))
  })
  return bytes
}
