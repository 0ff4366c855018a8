import { findFolded, foldQuery, type TextMatch } from '@tablenotes/shared'

/** The name of the CSS custom highlight a search hit is painted with (`::highlight(…)`). */
export const SEARCH_HIGHLIGHT = 'tablenotes-search'

/** Elements that render one text block of a document: a paragraph, a heading, code. */
const TEXT_BLOCK = 'p, pre, h1, h2, h3, h4, h5, h6'

/**
 * The rendered text blocks under `root` in document order, as the server's search counts a
 * room's paragraphs (`searchNotes`): non-empty, innermost, and none of the page's own chrome
 * that `skip` (a selector) names, such as prompts, which are attributes in the document.
 */
function textBlocks(root: Element, skip: string): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TEXT_BLOCK)].filter(
    (element) =>
      !element.closest(skip) &&
      element.querySelector(TEXT_BLOCK) === null &&
      (element.textContent ?? '').trim() !== '',
  )
}

/** A DOM range over `[match.start, match.end)` of `element`'s text content. */
function rangeOver(element: HTMLElement, match: TextMatch): Range {
  const range = document.createRange()
  range.selectNodeContents(element)
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  let offset = 0
  let started = false
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0
    if (!started && match.start < offset + length) {
      range.setStart(node, match.start - offset)
      started = true
    }
    if (started && match.end <= offset + length) {
      range.setEnd(node, match.end - offset)
      break
    }
    offset += length
  }
  return range
}

/**
 * Finds a search result's paragraph among the blocks rendered under `root`, scrolls it into
 * view, paints the hit with the SEARCH_HIGHLIGHT custom highlight (no change to the DOM, which
 * React or ProseMirror own) and returns the element, or null when no block holds `query`.
 * `paragraph` is the server's place for it; the block holding `query` nearest to that place is
 * taken, since the room may have changed since the search or the page may render a block more.
 */
export function highlightParagraph(
  root: Element,
  skip: string,
  paragraph: number,
  query: string,
): HTMLElement | null {
  const folded = foldQuery(query)
  if (folded === '') return null
  let best: { element: HTMLElement; match: TextMatch; distance: number } | null = null
  const blocks = textBlocks(root, skip)
  for (const [index, element] of blocks.entries()) {
    const match = findFolded(element.textContent ?? '', folded)
    const distance = Math.abs(index - paragraph)
    if (match && (best === null || distance < best.distance)) best = { element, match, distance }
  }
  if (best === null) return null
  const { element, match } = best
  // Browsers without custom highlights (before Firefox 140) still get the scroll and the focus.
  if ('highlights' in CSS)
    CSS.highlights.set(SEARCH_HIGHLIGHT, new Highlight(rangeOver(element, match)))
  element.scrollIntoView({ block: 'center' })
  return element
}

/** Removes the painted hit, when the results are gone. */
export function clearSearchHighlight(): void {
  if ('highlights' in CSS) CSS.highlights.delete(SEARCH_HIGHLIGHT)
}
