import { NodeName } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode, Slice } from '@tiptap/pm/model'
import {
  type EditorState,
  Plugin,
  PluginKey,
  TextSelection,
  type Transaction,
} from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

const LOCKED: ReadonlySet<string> = new Set([
  NodeName.tableTitle,
  NodeName.questionSection,
  NodeName.questionPart,
  NodeName.answer,
])

/** Documents are immutable, so each one's structure is computed once (the keystroke path). */
const structures = new WeakMap<ProseMirrorNode, string>()

/** The locked nodes and their attributes in document order: what no local edit may change. */
export function structureOf(doc: ProseMirrorNode): string {
  const known = structures.get(doc)
  if (known !== undefined) return known
  const parts: string[] = []
  doc.descendants((node) => {
    if (!LOCKED.has(node.type.name)) return false
    parts.push(`${node.type.name}${JSON.stringify(node.attrs)}`)
    return node.type.name !== NodeName.answer
  })
  const structure = parts.join('|')
  structures.set(doc, structure)
  return structure
}

/** The content ranges of the answers a selection touches: [from, to, whole answer?]. */
function answerRanges(state: EditorState): Array<{ from: number; to: number; whole: boolean }> {
  const { from, to } = state.selection
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

/** Whether the selection reaches beyond one answer, where plain deletion would hit the structure. */
function crossesStructure(state: EditorState): boolean {
  const { $from, $to, empty } = state.selection
  if (empty) return false
  const answerDepth = (depth: number, $pos: typeof $from) => {
    for (let d = depth; d > 0; d--)
      if ($pos.node(d).type.name === NodeName.answer) return $pos.before(d)
    return -1
  }
  const fromAnswer = answerDepth($from.depth, $from)
  return fromAnswer === -1 || fromAnswer !== answerDepth($to.depth, $to)
}

/**
 * Deletes what is selected inside each answer and nothing else: select-all + delete empties the
 * answers and keeps every prompt. Returns the transaction, or null if nothing was selected in
 * any answer.
 */
export function clearSelectedAnswers(state: EditorState): Transaction | null {
  const ranges = answerRanges(state)
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
  if (!crossesStructure(view.state)) return false
  const cleared = clearSelectedAnswers(view.state)
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

  addKeyboardShortcuts() {
    const clear = () => replaceAcrossStructure(this.editor.view, null)
    return { Backspace: clear, Delete: clear, 'Mod-Backspace': clear, 'Mod-Delete': clear }
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('protectStructure'),
        filterTransaction(tr, state) {
          if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true
          return structureOf(tr.doc) === structureOf(state.doc)
        },
        props: {
          handlePaste: (view, _event, slice) => replaceAcrossStructure(view, slice),
          handleTextInput: (view, _from, _to, text) => {
            if (!crossesStructure(view.state)) return false
            const cleared = clearSelectedAnswers(view.state)
            if (cleared) view.dispatch(cleared.insertText(text).scrollIntoView())
            return true
          },
          handleDOMEvents: {
            cut: (view, event) => {
              if (!crossesStructure(view.state)) return false
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
