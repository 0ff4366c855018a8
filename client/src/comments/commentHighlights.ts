import { commentsOf, readComments } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'

/** The plugin's key; a transaction with this meta recomputes the highlights. */
export const commentHighlightsKey = new PluginKey<DecorationSet>('commentHighlights')

/**
 * The open comments' quotes as inline decorations (classes on the rendered text, never marks in
 * the document, so nothing of a comment reaches the notes or their exports): each comment's
 * Yjs relative positions mapped to ProseMirror positions through y-tiptap's binding. Empty until
 * the binding exists, then recomputed on every change of the document or of the comments.
 */
function highlights(state: EditorState, doc: Y.Doc): DecorationSet {
  const sync = ySyncPluginKey.getState(state) as
    | { type: Y.XmlFragment; binding: { mapping: unknown } | null }
    | undefined
  if (!sync?.binding) return DecorationSet.empty
  const decorations: Decoration[] = []
  for (const comment of readComments(doc)) {
    if (comment.resolved) continue
    const resolve = (encoded: Uint8Array) =>
      relativePositionToAbsolutePosition(
        doc,
        sync.type,
        Y.decodeRelativePosition(encoded),
        sync.binding!.mapping as never,
      )
    const from = resolve(comment.start)
    const to = resolve(comment.end)
    if (from === null || to === null || to <= from || to > state.doc.content.size) continue
    decorations.push(
      Decoration.inline(from, to, { class: 'comment-quote', 'data-comment-id': comment.id }),
    )
  }
  return DecorationSet.create(state.doc, decorations)
}

/** Highlights the quote of every open comment of the table in `doc` (issue 20, item 1). */
export const CommentHighlights = Extension.create<{ doc: Y.Doc | null }>({
  name: 'commentHighlights',
  addOptions: () => ({ doc: null }),
  addProseMirrorPlugins() {
    const doc = this.options.doc
    if (!doc) return []
    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: (_, state) => highlights(state, doc),
          apply: (transaction, previous, _old, state) =>
            transaction.docChanged || transaction.getMeta(commentHighlightsKey)
              ? highlights(state, doc)
              : previous,
        },
        props: { decorations: (state) => commentHighlightsKey.getState(state) ?? null },
        view: (view) => {
          const comments = commentsOf(doc)
          const refresh = () => {
            if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentHighlightsKey, true))
          }
          comments.observeDeep(refresh)
          // The binding appears after the plugin's first state: highlight what is there already.
          queueMicrotask(refresh)
          return { destroy: () => comments.unobserveDeep(refresh) }
        },
      }),
    ]
  },
})

/** A quote to comment on: its text and which of its places in the notes it is (0: the first). */
export interface QuoteChoice {
  quote: string
  occurrence: number
}

/**
 * The selection `from`–`to` as a quote the server can find (`findQuote` in shared): text within
 * one run of a paragraph (up to a hard break), and how many places of the same text come before
 * it, counted as the server does, run by run in document order. Null for an empty selection,
 * one across paragraphs or hard breaks, or only spaces.
 */
export function quoteAt(doc: ProseMirrorNode, from: number, to: number): QuoteChoice | null {
  if (to <= from) return null
  const $from = doc.resolve(from)
  const $to = doc.resolve(to)
  if ($from.parent !== $to.parent || !$from.parent.isTextblock) return null
  const quote = doc.textBetween(from, to)
  if (quote.trim() === '' || quote.length !== to - from) return null
  let occurrence = 0
  doc.descendants((node, position) => {
    if (!node.isTextblock) return position < from
    let run = ''
    let runStart = position + 1
    const count = () => {
      for (let at = run.indexOf(quote); at !== -1; at = run.indexOf(quote, at + 1)) {
        if (runStart + at < from) occurrence++
      }
    }
    node.forEach((child, offset) => {
      if (child.isText) {
        if (run === '') runStart = position + 1 + offset
        run += child.text ?? ''
      } else {
        count()
        run = ''
      }
    })
    count()
    return false
  })
  return { quote, occurrence }
}
