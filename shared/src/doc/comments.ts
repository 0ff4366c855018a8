import * as Y from 'yjs'
import type { Role } from '../auth/rights.js'
import { NOTES_FRAGMENT } from './tableDocument.js'
import type { XmlNode } from './xmlNodes.js'

/*
 * Comments anchored to a stretch of a table's text (issue 20, item 1). They live in the table's
 * own Y.Doc, so they are live, kept offline and in every version, but in a top-level type of
 * their own, never in `notes`: no export, compile or restore reads them. Only the server writes
 * them (PROTOCOL.md P13 refuses a client update that touches `comments`), on behalf of a link
 * whose right to comment it checked, so authorship is the server's.
 *
 * ```
 * Y.Array "comments"
 *   Y.Map { id, author, role, text, quote, start, end, resolved, createdAt, replies }
 *     start, end: Y.encodeRelativePosition of the quote's ends in a Y.XmlText of `notes`
 *     replies: Y.Array of { id, author, role, text, createdAt }
 * ```
 */
export const COMMENTS_ARRAY = 'comments'

/** The longest comment or reply, in UTF-16 code units (a few paragraphs). */
export const MAX_COMMENT_TEXT = 2000
/** The longest quote a comment anchors to. */
export const MAX_COMMENT_QUOTE = 500
/** The longest name an author gives for the comments they write. */
export const MAX_COMMENT_AUTHOR = 80
/** How many comments a table holds, and replies a comment: a bound on what a link can store. */
export const MAX_COMMENTS = 500
export const MAX_REPLIES = 200

/** A reply as read from the document. */
export interface CommentReply {
  id: string
  /** The name the writer gave; the role beside it is the server's, from the link. */
  author: string
  role: Role
  text: string
  /** Epoch milliseconds, the server's clock. */
  createdAt: number
}

/** A comment as read from the document (without its anchor). */
export interface TableComment {
  id: string
  author: string
  role: Role
  text: string
  /** The text it was anchored to, as it was then. */
  quote: string
  resolved: boolean
  createdAt: number
  replies: CommentReply[]
}

/** A comment with its anchor, the encoded relative positions of its quote's ends. */
export interface AnchoredComment extends TableComment {
  start: Uint8Array
  end: Uint8Array
}

/** Where a quote is: a text node of the notes and the character range in it. */
export interface QuotePlace {
  text: Y.XmlText
  index: number
  length: number
}

/** The comments array of a table document (created empty if absent, as Yjs does). */
export function commentsOf(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(COMMENTS_ARRAY)
}

/** The characters of a Y.XmlText, without its formatting; an embed counts as one character. */
function plainText(text: Y.XmlText): string {
  const delta = text.toDelta() as Array<{ insert: unknown }>
  return delta.map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC')).join('')
}

/**
 * The `occurrence`-th (0-based) place of `quote` in the table's notes, reading the text nodes in
 * document order, or null if there is none. A quote is found inside one text node: a paragraph's
 * run of text up to a hard break, which is what a person selects to comment on. Walks with a
 * stack of its own, since a stored document may nest deeper than the call stack allows.
 */
export function findQuote(doc: Y.Doc, quote: string, occurrence = 0): QuotePlace | null {
  if (quote === '') return null
  let seen = 0
  const stack: XmlNode[] = doc.getXmlFragment(NOTES_FRAGMENT).toArray().reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node instanceof Y.XmlText) {
      const characters = plainText(node)
      for (let at = characters.indexOf(quote); at !== -1; at = characters.indexOf(quote, at + 1)) {
        if (seen === occurrence) return { text: node, index: at, length: quote.length }
        seen++
      }
    } else if (node instanceof Y.XmlElement) {
      const children = node.toArray()
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!)
    }
  }
  return null
}

/** A comment's fields as the server writes them. */
export interface NewComment {
  id: string
  author: string
  role: Role
  text: string
  createdAt: number
}

/**
 * Adds a comment anchored to `place` (found with findQuote in the same document): its start
 * sticks to the first quoted character and its end to the last, so text typed just before or
 * after the quote stays outside it. The server's write; returns the comment as read back.
 */
export function addComment(doc: Y.Doc, place: QuotePlace, comment: NewComment): TableComment {
  const start = Y.createRelativePositionFromTypeIndex(place.text, place.index, 0)
  const end = Y.createRelativePositionFromTypeIndex(place.text, place.index + place.length, -1)
  const quote = plainText(place.text).slice(place.index, place.index + place.length)
  const entry = new Y.Map<unknown>()
  doc.transact(() => {
    for (const [key, value] of Object.entries(comment)) entry.set(key, value)
    entry.set('quote', quote)
    entry.set('start', Y.encodeRelativePosition(start))
    entry.set('end', Y.encodeRelativePosition(end))
    entry.set('resolved', false)
    entry.set('replies', new Y.Array<CommentReply>())
    commentsOf(doc).push([entry])
  })
  return readComment(entry)!
}

/** The comment with this id, as its Y.Map, if the document holds it. */
export function commentEntry(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  return (
    commentsOf(doc)
      .toArray()
      .find((entry) => entry.get('id') === id) ?? null
  )
}

/** Adds a reply to a comment's Y.Map. The server's write. */
export function addReply(entry: Y.Map<unknown>, reply: CommentReply): void {
  const replies = entry.get('replies')
  if (replies instanceof Y.Array) replies.push([reply])
}

/** Resolves or reopens a comment; writes nothing if it already is so. The server's write. */
export function setResolved(entry: Y.Map<unknown>, resolved: boolean): void {
  if (entry.get('resolved') !== resolved) entry.set('resolved', resolved)
}

/** How many replies a comment holds. */
export function replyCount(entry: Y.Map<unknown>): number {
  const replies = entry.get('replies')
  return replies instanceof Y.Array ? replies.length : 0
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** One comment's Y.Map read into a plain value, or null for an entry that is not one. */
export function readComment(entry: Y.Map<unknown>): AnchoredComment | null {
  const id = entry.get('id')
  const start = entry.get('start')
  const end = entry.get('end')
  if (typeof id !== 'string' || !(start instanceof Uint8Array) || !(end instanceof Uint8Array)) {
    return null
  }
  const replies = entry.get('replies')
  return {
    id,
    author: text(entry.get('author')),
    role: text(entry.get('role')) as Role,
    text: text(entry.get('text')),
    quote: text(entry.get('quote')),
    resolved: entry.get('resolved') === true,
    createdAt: Number(entry.get('createdAt') ?? 0),
    replies: replies instanceof Y.Array ? (replies.toArray() as CommentReply[]) : [],
    start,
    end,
  }
}

/** Every comment of a table document, oldest first, with its anchor. */
export function readComments(doc: Y.Doc): AnchoredComment[] {
  const comments: AnchoredComment[] = []
  for (const entry of commentsOf(doc).toArray()) {
    const comment = entry instanceof Y.Map ? readComment(entry) : null
    if (comment) comments.push(comment)
  }
  return comments
}

/** How many comments of a table are open (not resolved): what the wall shows per table. */
export function openCommentCount(doc: Y.Doc): number {
  return readComments(doc).filter((comment) => !comment.resolved).length
}
