import { isAllowedHref } from '@tablenotes/shared'
import { convertWordLists } from './wordLists.js'

/*
 * What a word processor puts on the clipboard besides the text: Word's HTML carries the
 * reviewers' comments (a hidden list at the end, plus "[AR1]" anchors in the text), tracked
 * changes as <del>/<ins>, footnotes as in-page links to a list at the end, and its own class
 * names. ProseMirror would keep the comments and deletions as text (struck through) and the
 * links as dead links; this removes them before it reads the HTML. Word's markers are named
 * in the HTML it writes ("Microsoft Office HTML and XML Reference": mso-element styles, the
 * Mso… and msocom… classes); LibreOffice's and Google Docs' HTML use the same elements or none.
 */

const ELEMENT_NODE = 1
const COMMENT_NODE = 8

/** Elements that are never notes content: document head, scripts, and deleted text. */
const DROPPED_TAGS: ReadonlySet<string> = new Set([
  'style',
  'script',
  'meta',
  'link',
  'title',
  'xml',
  'template',
  // HTML says <del> "represents a removal from the document"; Word writes tracked deletions so.
  'del',
])

/** Word's classes of comment anchors, comment text and tracked deletions (lower case). */
const DROPPED_CLASSES: ReadonlySet<string> = new Set([
  'msocommentreference',
  'msocomanchor',
  'msocomtxt',
  'msocommenttext',
  'msocomoff',
  'msodel',
])

/** Word's inline styles that mark a comment or the list of comments (no white space). */
const COMMENT_STYLES = ['mso-element:comment', 'mso-special-character:comment']

/** The lists of footnotes and endnotes at the end of Word's HTML, whose text is kept. */
const NOTE_LISTS = ['mso-element:footnote-list', 'mso-element:endnote-list']

/** An element's inline style, lower case, without white space, for Word's `mso-` markers. */
function styleOf(element: Element): string {
  return (element.getAttribute('style') ?? '').toLowerCase().replace(/\s+/g, '')
}

function hasClass(element: Element, classes: ReadonlySet<string>): boolean {
  for (const name of Array.from(element.classList)) if (classes.has(name.toLowerCase())) return true
  return false
}

/** Whether an element sits inside Word's list of footnotes or endnotes. */
function inNoteList(element: Element): boolean {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const style = styleOf(parent)
    if (NOTE_LISTS.some((marker) => style.includes(marker))) return true
  }
  return false
}

/**
 * The hidden bookmark a link of Word's leads to, or null. Word names its hidden bookmarks with a
 * leading underscore (footnotes `_ftn1` and their way back `_ftnref1`, endnotes `_edn1`,
 * comments `_msocom_1`, tables of contents `_Toc…`, cross-references `_Ref…`). The link may
 * arrive as `#_ftn1`, or resolved against the copied page's address (`https://…/#_ftn1`, as
 * Chromium's asynchronous clipboard writes it): either way it leads nowhere in the notes.
 */
function wordBookmark(element: Element): string | null {
  if (element.localName !== 'a') return null
  const href = element.getAttribute('href') ?? ''
  const match = /#(_(?:ftn|ftnref|edn|ednref|msocom_|Toc|Ref)\d+)$/.exec(href)
  return match?.[1] ?? null
}

function isDropped(element: Element): boolean {
  if (DROPPED_TAGS.has(element.localName) || hasClass(element, DROPPED_CLASSES)) return true
  const style = styleOf(element)
  if (COMMENT_STYLES.some((marker) => style.includes(marker))) return true
  if (wordBookmark(element)?.startsWith('_msocom')) return true
  // The rule and the line break that separate the notes from the text in Word's output.
  return (element.localName === 'hr' || element.localName === 'br') && inNoteList(element)
}

/**
 * Elements whose content stays as plain text: tracked insertions, Word's empty-paragraph
 * markers (<o:p>), and links the notes cannot keep (to Word's hidden bookmarks such as the
 * footnote reference `#_ftn1`, anchors without an address, `file:` and `javascript:` links).
 */
function isUnwrapped(element: Element): boolean {
  if (element.localName === 'ins' || element.localName === 'o:p') return true
  if (element.localName !== 'a') return false
  return wordBookmark(element) !== null || !isAllowedHref(element.getAttribute('href') ?? '')
}

function unwrap(element: Element): void {
  element.replaceWith(...Array.from(element.childNodes))
}

/**
 * Attributes that only meant something in the source document: class names (`MsoNormal`),
 * anchors' ids and names, and event handlers. Styles stay (bold and italic may live there).
 */
function stripAttributes(element: Element): void {
  for (const { name } of Array.from(element.attributes)) {
    const lower = name.toLowerCase()
    if (lower === 'class' || lower === 'id' || lower === 'name' || lower === 'language')
      element.removeAttribute(name)
    else if (lower.startsWith('on')) element.removeAttribute(name)
  }
}

function removeComments(node: Node): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === COMMENT_NODE) child.remove()
    else if (child.nodeType === ELEMENT_NODE) removeComments(child)
  }
}

/**
 * Cleans pasted HTML in place (`root`: the parsed clipboard, e.g. a template's content):
 * removes reviewers' comments and their anchors, tracked deletions, document-head elements and
 * HTML comments (Word's conditional blocks); keeps tracked insertions and footnote text as
 * plain text, with no link to an anchor; turns Word's list paragraphs into lists
 * (convertWordLists); removes every class, id and name. Never throws on
 * any input; knows nothing of the editor's schema, which then reads the result.
 */
export function cleanPastedHtml(root: ParentNode): void {
  // Document order: a parent is handled before its children, which then are handled where
  // unwrapping put them; a removed element's descendants are skipped.
  for (const element of Array.from(root.querySelectorAll('*'))) {
    if (!root.contains(element)) continue
    if (isDropped(element)) element.remove()
    else if (isUnwrapped(element)) unwrap(element)
    else stripAttributes(element)
  }
  removeComments(root as Node)
  convertWordLists(root)
}

/**
 * The clipboard's HTML, cleaned (ProseMirror's `transformPastedHTML`). A <template> parses it
 * the way ProseMirror does, so table rows and cells copied without their table stay rows
 * and cells, and nothing in it runs or loads.
 */
export function cleanPastedHtmlText(html: string, document: Document): string {
  const template = document.createElement('template')
  template.innerHTML = html
  cleanPastedHtml(template.content)
  return template.innerHTML
}
