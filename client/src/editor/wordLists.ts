/*
 * Word for Windows does not put lists on the clipboard as <ul>/<ol>: each item is a paragraph
 * whose inline style names its list and level (`mso-list:l0 level2 lfo1`) and whose first
 * child is the bullet or number, typed out in a span styled `mso-list:Ignore` ("Microsoft
 * Office HTML and XML Reference", list paragraphs). Read as they are, the items become
 * paragraphs that start with "·" and a run of spaces, or "1." for a numbered list, and the
 * export shows them as text, not lists. This turns each run of such paragraphs into nested
 * HTML lists, which the editor reads as its bullet and numbered lists.
 */

/** A list paragraph's style: which list (`l0`) and which level, from 1. */
const LIST_STYLE = /mso-list:\s*(l\d+)\s+level(\d+)/i

/** The span that holds the typed-out bullet or number. */
const MARKER_STYLE = /mso-list:\s*ignore/i

/** A marker that counts ("1.", "a)", "(iv)", "2.3."), rather than a bullet ("·", "o", "§", "-"). */
const COUNTING_MARKER = /^\(?(\d+|[a-z]{1,4})([.)]\d+)*[.)]$/i

interface ListParagraph {
  paragraph: Element
  list: string
  level: number
  ordered: boolean
}

/**
 * A marker typed out at the start of a list paragraph's text, where the source did not mark
 * it `mso-list:Ignore` (some converters and older Word versions): a bullet or a counting
 * marker, then white space (Word pads with no-break spaces).
 */
const LEADING_MARKER = /^\s*(\(?(?:\d+|[a-z]{1,4})(?:[.)]\d+)*[.)]|[·•o§\-–▪■●◦])[\s\u00a0]+/i

/** Takes the typed-out marker off the start of `element`'s text; returns it, or ''. */
function removeLeadingMarker(element: Element): string {
  const found = LEADING_MARKER.exec(element.textContent ?? '')
  if (!found) return ''
  let left = found[0].length
  const walker = element.ownerDocument.createTreeWalker(element, 4 /* NodeFilter.SHOW_TEXT */)
  for (let node = walker.nextNode(); node && left > 0; node = walker.nextNode()) {
    const text = node.textContent ?? ''
    node.textContent = text.slice(Math.min(left, text.length))
    left -= text.length
  }
  return found[1] ?? ''
}

function readListParagraph(element: Element): ListParagraph | null {
  if (element.localName !== 'p') return null
  const style = LIST_STYLE.exec(element.getAttribute('style') ?? '')
  if (!style) return null
  const marker = Array.from(element.querySelectorAll('span')).find((span) =>
    MARKER_STYLE.test(span.getAttribute('style') ?? ''),
  )
  // The marker's own text, without the spaces Word pads it with (in a span of its own).
  const markerText = marker
    ? (marker.firstChild?.textContent ?? '').replace(/\s+/g, '')
    : removeLeadingMarker(element)
  marker?.remove()
  return {
    paragraph: element,
    list: style[1] ?? '',
    level: Math.max(1, Number(style[2])),
    ordered: COUNTING_MARKER.test(markerText),
  }
}

/** The list paragraphs that follow `first` among its siblings, with only white space between. */
function runFrom(first: ListParagraph): ListParagraph[] {
  const run = [first]
  for (let node = first.paragraph.nextSibling; node; node = node.nextSibling) {
    if (node.nodeType === node.TEXT_NODE && !node.textContent?.trim()) continue
    const item = node.nodeType === node.ELEMENT_NODE ? readListParagraph(node as Element) : null
    if (!item) break
    run.push(item)
  }
  return run
}

/** Replaces a run of list paragraphs with nested lists, one level of nesting per Word level. */
function buildLists(run: ListParagraph[]): void {
  const first = run[0]!.paragraph
  const document = first.ownerDocument
  // Where the next list of the outermost level goes: where the run began, then after the last.
  const start = document.createTextNode('')
  first.before(start)
  let place: ChildNode = start
  const open: Array<{ level: number; list: string; element: Element }> = []
  for (const item of run) {
    while (open.length > 0 && open.at(-1)!.level > item.level) open.pop()
    // Another list at the same level (Word's next list, restarting its numbers) is a new list.
    if (open.at(-1)?.level === item.level && open.at(-1)?.list !== item.list) open.pop()
    const parent = open.at(-1)
    if (!parent || parent.level < item.level) {
      const element = document.createElement(item.ordered ? 'ol' : 'ul')
      const parentItem = parent?.element.lastElementChild
      if (parentItem) parentItem.append(element)
      else {
        place.after(element)
        place = element
      }
      open.push({ level: item.level, list: item.list, element })
    }
    const listItem = document.createElement('li')
    item.paragraph.removeAttribute('style')
    listItem.append(item.paragraph)
    open.at(-1)!.element.append(listItem)
  }
  start.remove()
}

/**
 * Turns Word's list paragraphs under `root` into <ul>/<ol> lists, nested by level; a bullet
 * makes a <ul>, a number or letter an <ol>. Everything else is left as it is. Never throws.
 */
export function convertWordLists(root: ParentNode): void {
  for (const element of Array.from(root.querySelectorAll('p'))) {
    // Paragraphs of a run already turned into a list are inside an <li> by now.
    if (element.parentElement?.localName === 'li') continue
    const first = readListParagraph(element)
    if (first) buildLists(runFrom(first))
  }
}
