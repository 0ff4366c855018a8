import { NodeName } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode, ResolvedPos, Slice } from '@tiptap/pm/model'
import {
  type EditorState,
  Plugin,
  PluginKey,
  type Selection,
  TextSelection,
  type Transaction,
} from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { createSignature, lockPlugin } from './lockedSignature.js'

const LOCKED: ReadonlySet<string> = new Set([
  NodeName.tableTitle,
  NodeName.questionSection,
  NodeName.questionPart,
  NodeName.answer,
])

/** The table's locked structure: title, sections and parts with their prompts, and the answers' places. */
const tableSignature = createSignature({
  locked: LOCKED,
  open: new Set([NodeName.answer]),
  sealed: new Set(),
})

/** The content ranges of the answers that from..to touches: [from, to, whole answer?]. */
function answerRanges(
  state: EditorState,
  from: number,
  to: number,
): Array<{ from: number; to: number; whole: boolean }> {
  const ranges: Array<{ from: number; to: number; whole: boolean }> = []
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name !== NodeName.answer)
      return LOCKED.has(node.type.name) || node.type.name === 'doc'
    const start = pos + 1
    const end = pos + node.nodeSize - 1
    const rangeFrom = Math.max(from, start)
    const rangeTo = Math.min(to, end)
    if (rangeFrom < rangeTo)
      ranges.push({ from: rangeFrom, to: rangeTo, whole: rangeFrom <= start && rangeTo >= end })
    return false
  })
  return ranges
}

/** The position before the answer that holds `$pos`, or -1 outside every answer. */
function enclosingAnswer($pos: ResolvedPos): number {
  for (let depth = $pos.depth; depth > 0; depth--)
    if ($pos.node(depth).type.name === NodeName.answer) return $pos.before(depth)
  return -1
}

/** Whether a range reaches beyond one answer, where plain deletion would hit the structure. */
function crossesStructure($from: ResolvedPos, $to: ResolvedPos): boolean {
  const answer = enclosingAnswer($from)
  return answer === -1 || answer !== enclosingAnswer($to)
}

function selectionCrossesStructure(state: EditorState): boolean {
  const { $from, $to, empty } = state.selection
  return !empty && crossesStructure($from, $to)
}

/** The start of the first answer's text: where a caret belongs when it is nowhere yet. */
function firstAnswerText(doc: ProseMirrorNode): Selection | null {
  let found: Selection | null = null
  doc.descendants((node, pos) => {
    if (found) return false
    if (node.type.name !== NodeName.answer) return LOCKED.has(node.type.name)
    found = TextSelection.near(doc.resolve(pos + 1))
    return false
  })
  return found
}

/**
 * Deletes what lies inside each answer between from and to (the selection unless given) and
 * nothing else: select-all + delete empties the answers and keeps every prompt. Returns the
 * transaction, or null if the range holds no answer text.
 */
function clearAnswers(
  state: EditorState,
  from = state.selection.from,
  to = state.selection.to,
): Transaction | null {
  const ranges = answerRanges(state, from, to)
  if (ranges.length === 0) return null
  const tr = state.tr
  const paragraph = state.schema.nodes.paragraph!
  for (const range of [...ranges].reverse()) {
    if (range.whole) tr.replaceWith(range.from, range.to, paragraph.create())
    else tr.delete(range.from, range.to)
  }
  const first = ranges[0]!
  tr.setSelection(TextSelection.near(tr.doc.resolve(tr.mapping.map(first.from, -1))))
  return tr
}

function replaceAcrossStructure(view: EditorView, slice: Slice | null): boolean {
  if (!selectionCrossesStructure(view.state)) return false
  const cleared = clearAnswers(view.state)
  if (!cleared) return true
  if (slice) cleared.replaceSelection(slice)
  view.dispatch(cleared.scrollIntoView())
  return true
}

/**
 * Keeps the guiding questions in place. Any local transaction that would change the locked
 * nodes is refused (remote changes, marked by y-tiptap, always apply); deleting, cutting or
 * pasting over a selection that spans several questions acts on each answer instead.
 */
export const ProtectStructure = Extension.create({
  name: 'protectStructure',
  priority: 1000,

  /**
   * A document that starts as one atom (the title) gets a selection around it, which y-tiptap
   * keeps once the notes load; a caret there would swallow the first keystrokes. Start in the
   * first answer instead.
   */
  onCreate() {
    const { state, view } = this.editor
    if (state.selection.$from.parent.inlineContent) return
    const start = firstAnswerText(state.doc)
    if (start) view.dispatch(state.tr.setSelection(start).setMeta('addToHistory', false))
  },

  addKeyboardShortcuts() {
    const clear = () => replaceAcrossStructure(this.editor.view, null)
    return { Backspace: clear, Delete: clear, 'Mod-Backspace': clear, 'Mod-Delete': clear }
  },

  addProseMirrorPlugins() {
    return [
      lockPlugin('protectStructure', tableSignature),
      new Plugin({
        key: new PluginKey('structureAwareEditing'),
        props: {
          handlePaste: (view, _event, slice) => replaceAcrossStructure(view, slice),
          // ProseMirror reads typed text from the DOM and passes where it landed; the state's
          // selection can still be an older one (a click not yet read), so only that range counts.
          handleTextInput: (view, from, to, text) => {
            const { doc } = view.state
            if (from === to || !crossesStructure(doc.resolve(from), doc.resolve(to))) return false
            const cleared = clearAnswers(view.state, from, to)
            if (cleared) view.dispatch(cleared.insertText(text).scrollIntoView())
            return true
          },
          handleDOMEvents: {
            cut: (view, event) => {
              if (!selectionCrossesStructure(view.state)) return false
              const { dom, text } = view.serializeForClipboard(view.state.selection.content())
              event.clipboardData?.setData('text/html', dom.innerHTML)
              event.clipboardData?.setData('text/plain', text)
              event.preventDefault()
              return replaceAcrossStructure(view, null)
            },
          },
        },
      }),
    ]
  },
})
