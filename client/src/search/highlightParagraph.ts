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

/** The block holding `folded` nearest to the server's `paragraph`, and the hit in it. */
function findHit(
  root: Element,
  skip: string,
  paragraph: number,
  folded: string,
): { element: HTMLElement; match: TextMatch } | null {
  let best: { element: HTMLElement; match: TextMatch; distance: number } | null = null
  for (const [index, element] of textBlocks(root, skip).entries()) {
    const match = findFolded(element.textContent ?? '', folded)
    const distance = Math.abs(index - paragraph)
    if (match && (best === null || distance < best.distance)) best = { element, match, distance }
  }
  return best
}

/**
 * Watches the painted hit's root: an editor redraws its nodes (a remote change, a recompile,
 * decorations such as who-wrote-what), and a range over replaced text nodes collapses to
 * nothing, so the hit is found and painted again after any change to the text under `root`.
 */
let watcher: MutationObserver | null = null

/** Paints `[match.start, match.end)` of `element` as the SEARCH_HIGHLIGHT custom highlight. */
function paint(element: HTMLElement, match: TextMatch): void {
  // Browsers without custom highlights (before Firefox 140) still get the scroll and the focus.
  if ('highlights' in CSS)
    CSS.highlights.set(SEARCH_HIGHLIGHT, new Highlight(rangeOver(element, match)))
}

/**
 * Finds a search result's paragraph among the blocks rendered under `root`, scrolls it into
 * view, paints the hit with the SEARCH_HIGHLIGHT custom highlight (no change to the DOM, which
 * React or ProseMirror own) and returns the element, or null when no block holds `query`.
 * `paragraph` is the server's place for it; the block holding `query` nearest to that place is
 * taken, since the room may have changed since the search or the page may render a block more.
 * The hit stays painted while `root` redraws, until clearSearchHighlight or the next hit.
 */
export function highlightParagraph(
  root: Element,
  skip: string,
  paragraph: number,
  query: string,
): HTMLElement | null {
  clearSearchHighlight()
  const folded = foldQuery(query)
  if (folded === '') return null
  const hit = findHit(root, skip, paragraph, folded)
  if (hit === null) return null
  paint(hit.element, hit.match)
  watcher = new MutationObserver(() => {
    const again = findHit(root, skip, paragraph, folded)
    if (again) paint(again.element, again.match)
    else if ('highlights' in CSS) CSS.highlights.delete(SEARCH_HIGHLIGHT)
  })
  // Text and nodes only: painting a highlight or moving the focus changes neither.
  watcher.observe(root, { childList: true, characterData: true, subtree: true })
  hit.element.scrollIntoView({ block: 'center' })
  return hit.element
}

/** Removes the painted hit and stops following its root, when the results are gone. */
export function clearSearchHighlight(): void {
  watcher?.disconnect()
  watcher = null
  if ('highlights' in CSS) CSS.highlights.delete(SEARCH_HIGHLIGHT)
}
