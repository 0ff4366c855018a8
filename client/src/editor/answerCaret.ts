import { NodeName } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode, ResolvedPos } from '@tiptap/pm/model'
import { type EditorState, Plugin, PluginKey, Selection, TextSelection } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

/** The position before the answer that holds `$pos`, or -1 outside every answer. */
export function enclosingAnswer($pos: ResolvedPos): number {
  for (let depth = $pos.depth; depth > 0; depth--)
    if ($pos.node(depth).type.name === NodeName.answer) return $pos.before(depth)
  return -1
}

/**
 * The text positions at the start and end of the answer that starts at `answerPos` (the position
 * before it), or null if it holds no text block.
 */
export function answerText(
  doc: ProseMirrorNode,
  answerPos: number,
): { start: Selection; end: Selection } | null {
  const answer = doc.nodeAt(answerPos)
  if (answer?.type.name !== NodeName.answer) return null
  const start = Selection.findFrom(doc.resolve(answerPos + 1), 1, true)
  const end = Selection.findFrom(doc.resolve(answerPos + answer.nodeSize - 1), -1, true)
  if (!start || !end || start.from > end.to) return null
  return { start, end }
}

/**
 * The caret nearest to `pos` where text can go, looking first in the direction `bias` (1 after,
 * -1 before). Every text block of a table document sits in an answer (or among the loose notes
 * a removed question left), so that is where the caret lands.
 */
function nearestTextCaret(doc: ProseMirrorNode, pos: number, bias: 1 | -1): Selection | null {
  const $pos = doc.resolve(pos)
  return Selection.findFrom($pos, bias, true) ?? Selection.findFrom($pos, -bias as 1 | -1, true)
}

/** Whether a selection has both ends where text can be typed, or covers the whole document. */
function isTypable(selection: Selection): boolean {
  if (!(selection instanceof TextSelection)) return true
  return selection.$from.parent.inlineContent && selection.$to.parent.inlineContent
}

/**
 * The answer a click outside every answer means: a question's or part's prompt means its own
 * answer, anything else (the title, the gap between sections, the space below the last one) the
 * answer drawn nearest to the pointer.
 */
function answerElementFor(view: EditorView, target: Element, clientY: number): Element | null {
  const heading = target.closest('.prompt')
  const body = heading?.nextElementSibling
  const own = body?.querySelector(':scope > .answer')
  if (own) return own
  let nearest: Element | null = null
  let nearestDistance = Number.POSITIVE_INFINITY
  for (const answer of view.dom.querySelectorAll('.answer')) {
    const box = answer.getBoundingClientRect()
    const distance = clientY < box.top ? box.top - clientY : Math.max(0, clientY - box.bottom)
    if (distance < nearestDistance) {
      nearest = answer
      nearestDistance = distance
    }
  }
  return nearest
}

/** The caret at the end of the text of the answer drawn by `element`. */
function caretAtEndOf(view: EditorView, element: Element): Selection | null {
  const inside = view.posAtDOM(element, 0)
  const answerPos = enclosingAnswer(view.state.doc.resolve(inside))
  return answerPos === -1 ? null : (answerText(view.state.doc, answerPos)?.end ?? null)
}

/**
 * The selection of the answer around the current selection's content, or null if the selection
 * is not inside one answer or already covers all of it (then Ctrl+A goes on to the document).
 */
function answerSelection(state: EditorState): Selection | null {
  const { $from, $to, from, to } = state.selection
  const answerPos = enclosingAnswer($from)
  if (answerPos === -1 || answerPos !== enclosingAnswer($to)) return null
  const text = answerText(state.doc, answerPos)
  if (!text) return null
  if (from <= text.start.from && to >= text.end.to) return null
  return TextSelection.create(state.doc, text.start.from, text.end.to)
}

/** Whether the caret is in an answer that holds no text. */
function inEmptyAnswer(state: EditorState): boolean {
  const { $from, empty } = state.selection
  const answerPos = enclosingAnswer($from)
  const text = answerPos === -1 ? null : answerText(state.doc, answerPos)
  return empty && text !== null && text.start.from === text.end.to
}

/**
 * Whether Ctrl+A selected the answer the caret is in and the person has neither moved the
 * selection nor edited since (others' edits, which y-tiptap applies, do not count): the next
 * Ctrl+A then selects the whole document. An empty answer is all selected by its caret
 * already, so only this tells the first press from the second there.
 */
const answerSelectedKey = new PluginKey<boolean>('answerSelected')
const answerSelected = new Plugin<boolean>({
  key: answerSelectedKey,
  state: {
    init: () => false,
    apply: (tr, selected, before, after) => {
      const meta = tr.getMeta(answerSelectedKey) as boolean | undefined
      if (meta !== undefined) return meta
      if (tr.getMeta(ySyncPluginKey)) return selected
      return selected && !tr.docChanged && after.selection.eq(before.selection)
    },
  },
})

/**
 * Typing with nothing focused (a page just reloaded, a click on the page's margin or a side
 * panel) goes into the notes instead of nowhere: a letter focuses the editor where its caret
 * was and lands there; Ctrl+End and Ctrl+Home go to the end of the last answer and the start
 * of the first. Keys meant for anything focused, and every key of a read-only page, are left
 * alone.
 */
function typeToWrite(view: EditorView) {
  return (event: KeyboardEvent) => {
    const active = view.dom.ownerDocument.activeElement
    // A region focused only as a place (a skip link's target, a click in a side panel: an
    // explicit tabindex of -1, outside any dialog) takes no typing either.
    const place =
      active instanceof HTMLElement &&
      active.getAttribute('tabindex') === '-1' &&
      !active.isContentEditable &&
      !active.closest('dialog')
    const idle = !active || active === view.dom.ownerDocument.body || place
    if (event.defaultPrevented || !view.editable || !idle) return
    const jump = event.ctrlKey || event.metaKey ? event.key : ''
    if (jump === 'End' || jump === 'Home') {
      const { doc } = view.state
      const caret =
        jump === 'End'
          ? Selection.findFrom(doc.resolve(doc.content.size), -1, true)
          : Selection.findFrom(doc.resolve(0), 1, true)
      if (!caret) return
      event.preventDefault()
      view.focus()
      view.dispatch(view.state.tr.setSelection(caret).scrollIntoView())
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // The key's text input follows this keydown to whatever has the focus by then.
      view.focus()
    }
  }
}

/**
 * Keeps the caret where typing lands. A table's prompts and title are drawn by the editor but are
 * not text anyone may write: a click on them used to leave the browser's caret in them, and what
 * was typed went nowhere (or, after a triple click, into another question's answer). A click
 * outside every answer now puts the caret in the answer it belongs to, and any selection that
 * ends up outside text (arrow keys past a prompt, a reload) moves to the nearest text; typing
 * with nothing focused goes into the notes (typeToWrite). Ctrl+A selects the answer first, the
 * whole document on a second press.
 */
export const AnswerCaret = Extension.create({
  name: 'answerCaret',
  priority: 1000,

  addKeyboardShortcuts() {
    return {
      'Mod-a': () => {
        const { state, view } = this.editor
        const selection = answerSelection(state)
        if (selection) {
          view.dispatch(state.tr.setSelection(selection).setMeta(answerSelectedKey, true))
          return true
        }
        // In an empty answer, a first press selecting the whole table would let the next key
        // replace every other answer: it selects that (empty) answer, and a second goes on.
        if (!inEmptyAnswer(state) || answerSelectedKey.getState(state)) return false
        view.dispatch(state.tr.setMeta(answerSelectedKey, true))
        return true
      },
    }
  },

  addProseMirrorPlugins() {
    return [
      answerSelected,
      new Plugin({
        key: new PluginKey('answerCaret'),
        view: (view) => {
          const onKeyDown = typeToWrite(view)
          const target = view.dom.ownerDocument
          target.addEventListener('keydown', onKeyDown)
          return { destroy: () => target.removeEventListener('keydown', onKeyDown) }
        },
        props: {
          handleDOMEvents: {
            // Focus given by a script or a skip link leaves the browser with no caret in the
            // notes, and ProseMirror then sees nothing to fix: typing went nowhere. Once the
            // browser is done placing its own caret (a click does), the editor's goes in.
            focus: (view) => {
              setTimeout(() => {
                const caret = view.dom.ownerDocument.getSelection()?.anchorNode
                if (!view.isDestroyed && view.hasFocus() && !(caret && view.dom.contains(caret)))
                  view.focus()
              })
              return false
            },
            // Every press (single, double or triple) is handled here, so the browser never
            // selects a prompt's text and ProseMirror never selects across questions from it.
            mousedown: (view, event) => {
              const target = event.target
              if (!view.editable || event.button !== 0 || !(target instanceof Element)) return false
              if (target.closest('.answer') || !view.dom.contains(target)) return false
              const answer = answerElementFor(view, target, event.clientY)
              const caret = answer && caretAtEndOf(view, answer)
              if (!caret) return false
              event.preventDefault()
              view.focus()
              // Shift+click extends the selection to there, as it does inside an answer.
              const { $anchor } = view.state.selection
              const selection = event.shiftKey ? TextSelection.between($anchor, caret.$head) : caret
              view.dispatch(view.state.tr.setSelection(selection).scrollIntoView())
              return true
            },
          },
        },
        appendTransaction: (_transactions, oldState, state) => {
          if (isTypable(state.selection)) return null
          const { anchor, head, empty } = state.selection
          const bias = head < oldState.selection.head ? -1 : 1
          if (!empty) {
            const between = TextSelection.between(
              state.doc.resolve(anchor),
              state.doc.resolve(head),
            )
            return isTypable(between) ? state.tr.setSelection(between) : null
          }
          const caret = nearestTextCaret(state.doc, head, bias)
          return caret ? state.tr.setSelection(caret) : null
        },
      }),
    ]
  },
})
