import type { AuthorshipSpanList } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { authorClass, authorStyleIndex } from '../history/authorStyles.js'

/** What the plugin holds: the server's spans (null: "who wrote what" is off) and their marks. */
interface AuthorHighlightState {
  spans: AuthorshipSpanList | null
  /** Each author's style number, in the spans' order (oldest writer first), stable while on. */
  styles: Map<string, number>
  decorations: DecorationSet
}

/** What a transaction may tell the plugin: new spans (null: off), or "the Yjs text moved on". */
type AuthorHighlightMeta = { spans: AuthorshipSpanList | null } | { recompute: true }

export const authorHighlightsKey = new PluginKey<AuthorHighlightState>('authorHighlights')

/** Spans by client id, for finding the writer of an item's clocks. */
function spansByClient(spans: AuthorshipSpanList): Map<number, AuthorshipSpanList> {
  const byClient = new Map<number, AuthorshipSpanList>()
  for (const span of spans) byClient.set(span.client, [...(byClient.get(span.client) ?? []), span])
  return byClient
}

/**
 * The decorations of every character whose writer the server recorded: walks the Yjs fragment
 * the editor is bound to, counting ProseMirror positions as y-tiptap lays them out (an
 * element's open and close tokens, a leaf as its node size, each visible character one), and
 * marks the pieces of each text item by its (client, clock) id's span. If the count does not
 * end at the document's size, Yjs and ProseMirror are between two steps and nothing is marked
 * (the next recompute will be right): a wrong name is worse than none.
 */
function decorate(
  state: EditorState,
  fragment: Y.XmlFragment,
  spans: AuthorshipSpanList,
  styles: Map<string, number>,
): DecorationSet {
  const mapping = ySyncPluginKey.getState(state)?.binding?.mapping as
    | Map<Y.XmlElement | Y.XmlText, PMNode | PMNode[]>
    | undefined
  if (!mapping) return DecorationSet.empty
  const byClient = spansByClient(spans)
  // Runs of one writer, in document order; adjacent ones merge, so a writer's words typed at
  // two moments read as one run (one title, one underline).
  const runs: Array<{ from: number; to: number; name: string }> = []
  let pos = 0
  const markItem = (item: Y.Item) => {
    const { client, clock } = item.id
    for (const span of byClient.get(client) ?? []) {
      const from = Math.max(span.clockFrom, clock)
      const to = Math.min(span.clockTo, clock + item.length)
      if (to <= from) continue
      const run = { from: pos + from - clock, to: pos + to - clock, name: span.author }
      const last = runs.at(-1)
      if (last && last.name === run.name && last.to === run.from) last.to = run.to
      else runs.push(run)
    }
  }
  // The stored nesting is bounded (P13: 32 levels), so this recursion is too.
  const walk = (type: Y.XmlFragment | Y.XmlElement): boolean => {
    for (let item = type._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentType)) continue
      const child = item.content.type
      if (child instanceof Y.XmlText) {
        for (let piece = child._start; piece !== null; piece = piece.right) {
          if (piece.deleted || !piece.countable) continue
          if (piece.content instanceof Y.ContentString) markItem(piece)
          pos += piece.length
        }
      } else if (child instanceof Y.XmlElement) {
        const node = mapping.get(child)
        if (!node || Array.isArray(node)) return false
        if (node.isLeaf) pos += node.nodeSize
        else {
          pos += 1
          if (!walk(child)) return false
          pos += 1
        }
      }
    }
    return true
  }
  if (!walk(fragment) || pos !== state.doc.content.size) return DecorationSet.empty
  const decorations = runs.map(({ from, to, name }) =>
    Decoration.inline(
      from,
      to,
      { class: authorClass(styles.get(name) ?? 0), title: name, 'data-author': name },
      { author: name },
    ),
  )
  return DecorationSet.create(state.doc, decorations)
}

/**
 * The writer the server recorded for the character after `pos` (or before it, at a run's end),
 * or null: what the "who wrote what" readout says where the caret is, so the names are reachable
 * from the keyboard, not only by hovering.
 */
export function authorAt(state: EditorState, pos: number): string | null {
  const highlights = authorHighlightsKey.getState(state)
  if (!highlights?.spans) return null
  const found = highlights.decorations.find(Math.max(0, pos - 1), pos + 1)
  const after = found.find((each) => each.from <= pos && each.to > pos) ?? found.at(-1)
  return (after?.spec as { author?: string } | undefined)?.author ?? null
}

/** Turns "who wrote what" on with the server's spans, or off (null). */
export function setAuthorSpans(tr: Transaction, spans: AuthorshipSpanList | null): Transaction {
  return tr.setMeta(authorHighlightsKey, { spans } satisfies AuthorHighlightMeta)
}

/**
 * "Who wrote what" (issue 17, item 2): each writer's text coloured and underlined in their own
 * style, with their name as its title, as ProseMirror decorations, never marks: nothing of it
 * enters the document, is stored or reaches another person. The spans come from the server's
 * record of what each connection sent (`GET …/authorship`; a page never claims authorship).
 * The marks follow local typing by mapping, and are recomputed from Yjs once each Yjs
 * transaction is in the editor (a frame later), so remote text is marked too.
 */
export const AuthorHighlights = Extension.create<{ doc: Y.Doc; field: string }>({
  name: 'authorHighlights',
  addOptions: () => ({ doc: new Y.Doc(), field: '' }),
  addProseMirrorPlugins() {
    const fragment = this.options.doc.getXmlFragment(this.options.field)
    const doc = this.options.doc
    return [
      new Plugin<AuthorHighlightState>({
        key: authorHighlightsKey,
        state: {
          init: () => ({ spans: null, styles: new Map(), decorations: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(authorHighlightsKey) as AuthorHighlightMeta | undefined
            if (meta && 'spans' in meta) {
              if (meta.spans === null) {
                return { spans: null, styles: new Map(), decorations: DecorationSet.empty }
              }
              const styles = authorStyleIndex(meta.spans.map((span) => span.author))
              const decorations = decorate(state, fragment, meta.spans, styles)
              return { spans: meta.spans, styles, decorations }
            }
            if (!value.spans) return value
            if (meta)
              return { ...value, decorations: decorate(state, fragment, value.spans, value.styles) }
            return tr.docChanged
              ? { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) }
              : value
          },
        },
        props: {
          decorations: (state) => authorHighlightsKey.getState(state)?.decorations,
        },
        view(view) {
          let frame: number | null = null
          const recompute = () => {
            frame = null
            if (!authorHighlightsKey.getState(view.state)?.spans) return
            view.dispatch(
              view.state.tr.setMeta(authorHighlightsKey, {
                recompute: true,
              } satisfies AuthorHighlightMeta),
            )
          }
          const afterTransaction = () => {
            if (frame === null && authorHighlightsKey.getState(view.state)?.spans) {
              frame = requestAnimationFrame(recompute)
            }
          }
          doc.on('afterTransaction', afterTransaction)
          return {
            destroy() {
              doc.off('afterTransaction', afterTransaction)
              if (frame !== null) cancelAnimationFrame(frame)
            },
          }
        },
      }),
    ]
  },
})
