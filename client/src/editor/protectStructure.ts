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
import { answerText, enclosingAnswer } from './answerCaret.js'
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

interface AnswerRange {
  from: number
  to: number
  /** The range is the answer's whole content. */
  whole: boolean
  /** The answer holds something beyond one empty paragraph. */
  written: boolean
}

/** The content ranges of the answers that from..to touches. */
function answerRanges(state: EditorState, from: number, to: number): AnswerRange[] {
  const ranges: AnswerRange[] = []
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name !== NodeName.answer)
      return LOCKED.has(node.type.name) || node.type.name === 'doc'
    const start = pos + 1
    const end = pos + node.nodeSize - 1
    const rangeFrom = Math.max(from, start)
    const rangeTo = Math.min(to, end)
    const blank = node.childCount === 1 && node.firstChild?.content.size === 0
    if (rangeFrom < rangeTo)
      ranges.push({
        from: rangeFrom,
        to: rangeTo,
        whole: rangeFrom <= start && rangeTo >= end,
        written: !blank,
      })
    return false
  })
  return ranges
}

/** How many written answers deleting from..to would leave empty. */
function answersEmptied(state: EditorState, from: number, to: number): number {
  return answerRanges(state, from, to).filter((range) => range.whole && range.written).length
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

/**
 * Whether the caret is at the very end of an answer, nothing after it there: forward deletion
 * would then reach the next question, and ProseMirror's (delete the empty block, join with the
 * next one) moved the caret into the next answer, where each further Delete ate a letter of it.
 */
function atAnswerEnd(state: EditorState): boolean {
  const { $head, empty } = state.selection
  const answerPos = enclosingAnswer($head)
  if (!empty || answerPos === -1) return false
  const answer = state.doc.nodeAt(answerPos)
  if (!answer || $head.parentOffset < $head.parent.content.size) return false
  return state.doc.textBetween($head.pos, answerPos + answer.nodeSize - 1, '\n', '\ufffc') === ''
}

/** The start of the first answer's text: where a caret belongs when it is nowhere yet. */
function firstAnswerText(doc: ProseMirrorNode): Selection | null {
  let found: Selection | null = null
  doc.descendants((node, pos) => {
    if (found) return false
    if (node.type.name !== NodeName.answer) return LOCKED.has(node.type.name)
    found = answerText(doc, pos)?.start ?? null
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

/**
 * The answer to "empty these answers?": whether to go on, and the text typed while the question
 * was open (each key that would otherwise have been lost, or pressed a button), in order.
 */
export interface EmptyingAnswer {
  confirmed: boolean
  typed: string
}

/**
 * Asks whether to go on with a deletion that would empty `answers` written answers at once (at
 * least two); `again`: it was asked before, and someone wrote in them meanwhile. The page shows
 * its own dialog.
 */
export type ConfirmEmptying = (answers: number, again?: boolean) => Promise<EmptyingAnswer>

/** The caret at the start of the answer text in from..to: where text goes when answers are kept. */
function keepAnswers(state: EditorState, from: number, to: number): Transaction | null {
  const first = answerRanges(state, from, to)[0]
  if (!first) return null
  return state.tr.setSelection(TextSelection.near(state.doc.resolve(first.from)))
}

/**
 * Clears the answers in from..to and then lets `fill` add what replaces them (a paste, a typed
 * letter; null for a deletion). A change that would empty two written answers or more waits for
 * `confirm`, then acts on the selection as it is by then (y-tiptap keeps the selection on the
 * same text). If others wrote in it while the question was open, it asks again, about what is
 * there now: "Empty 2 answers" once emptied a third that someone had just written. Nothing
 * typed is lost: what was typed while a question was open (`typedBefore`, then each answer's
 * `typed`) follows `fill`, and when the answers are kept, what `fill` adds and what was typed
 * go in where the selection starts, deleting nothing.
 */
function clearAcrossStructure(
  view: EditorView,
  confirm: ConfirmEmptying,
  fill: ((tr: Transaction) => void) | null,
  from = view.state.selection.from,
  to = view.state.selection.to,
  typedBefore = '',
): void {
  const apply = (tr: Transaction | null, typed: string) => {
    if (!tr) return
    fill?.(tr)
    if (typed) tr.insertText(typed)
    view.dispatch(tr.scrollIntoView())
  }
  const emptied = answersEmptied(view.state, from, to)
  if (emptied < 2) {
    apply(clearAnswers(view.state, from, to), typedBefore)
    return
  }
  const askedAbout = view.state.doc.slice(from, to)
  void confirm(emptied).then(({ confirmed, typed }) => {
    if (view.isDestroyed) return
    view.focus()
    const { selection, doc } = view.state
    const allTyped = typedBefore + typed
    if (!confirmed) {
      if (fill || allTyped) apply(keepAnswers(view.state, selection.from, selection.to), allTyped)
    } else if (doc.slice(selection.from, selection.to).eq(askedAbout)) {
      apply(clearAnswers(view.state), allTyped)
    } else {
      const askAgain: ConfirmEmptying = (answers) => confirm(answers, true)
      clearAcrossStructure(view, askAgain, fill, selection.from, selection.to, allTyped)
    }
  })
}

function replaceAcrossStructure(
  view: EditorView,
  confirm: ConfirmEmptying,
  slice: Slice | null,
): boolean {
  if (!selectionCrossesStructure(view.state)) return false
  clearAcrossStructure(view, confirm, slice && ((tr) => tr.replaceSelection(slice)))
  return true
}

/**
 * The text a `beforeinput` event puts in place of the selection, or null for any other input
 * (deletions, line breaks, formatting; an IME's text while it is still being composed, which
 * cannot be cancelled). Input Events Level 2: `insertText` carries it in `data`,
 * `insertReplacementText` in `dataTransfer`.
 */
function replacingText(event: Event): string | null {
  const input = event as InputEvent
  if (input.isComposing) return null
  if (input.inputType === 'insertText') return input.data
  if (input.inputType === 'insertReplacementText')
    return input.dataTransfer?.getData('text/plain') ?? null
  return null
}

/**
 * Keeps the guiding questions in place. Any local transaction that would change the locked
 * nodes is refused (remote changes, marked by y-tiptap, always apply); deleting, cutting or
 * pasting over a selection that spans several questions acts on each answer instead, and asks
 * first (`confirmEmptying`) when that would empty more than one written answer: select-all +
 * Delete once wiped a whole table for everyone. Without a `confirmEmptying`, the answers are
 * kept.
 */
export const ProtectStructure = Extension.create<{ confirmEmptying: ConfirmEmptying }>({
  name: 'protectStructure',
  priority: 1000,
  addOptions: () => ({
    confirmEmptying: () => Promise.resolve({ confirmed: false, typed: '' }),
  }),

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
    const clear = () => replaceAcrossStructure(this.editor.view, this.options.confirmEmptying, null)
    // Forward deletion at an answer's end has nothing of the answer to delete.
    const deleteForward = () => clear() || atAnswerEnd(this.editor.state)
    const toFirstAnswer = () => {
      const start = firstAnswerText(this.editor.state.doc)
      if (!start) return false
      this.editor.view.dispatch(this.editor.state.tr.setSelection(start).scrollIntoView())
      return true
    }
    return {
      Backspace: clear,
      Delete: deleteForward,
      'Mod-Backspace': clear,
      'Mod-Delete': deleteForward,
      // The document's start is the title, which takes no caret: Ctrl+Home did nothing.
      'Mod-Home': toFirstAnswer,
    }
  },

  addProseMirrorPlugins() {
    const confirm: ConfirmEmptying = (answers, again) =>
      this.options.confirmEmptying(answers, again)
    return [
      lockPlugin('protectStructure', tableSignature),
      new Plugin({
        key: new PluginKey('structureAwareEditing'),
        props: {
          handlePaste: (view, _event, slice) => replaceAcrossStructure(view, confirm, slice),
          // ProseMirror reads typed text from the DOM and passes where it landed; the state's
          // selection can still be an older one (a click not yet read), so only that range counts.
          handleTextInput: (view, from, to, text) => {
            const { doc } = view.state
            if (from === to || !crossesStructure(doc.resolve(from), doc.resolve(to))) return false
            clearAcrossStructure(view, confirm, (tr) => tr.insertText(text), from, to)
            return true
          },
          handleDOMEvents: {
            beforeinput: (view, event) => {
              // Text that comes without a key press (an IME's or an emoji picker's commit,
              // dictation, a spelling suggestion) would replace the selection in the page
              // itself, where the structure lock then refuses the change: take it as a typed key.
              const text = replacingText(event)
              if (text === null || !selectionCrossesStructure(view.state)) return false
              event.preventDefault()
              clearAcrossStructure(view, confirm, (tr) => tr.insertText(text))
              return true
            },
            // An IME's text cannot be asked about before it lands (its input events cannot be
            // cancelled, and a dialog would break the composition), and the browser would
            // delete the selected answers' text around the prompts it cannot edit: over several
            // answers, it goes in where the selection starts instead, deleting nothing.
            compositionstart: (view) => {
              const { state } = view
              if (view.composing || !selectionCrossesStructure(state)) return false
              const caret = keepAnswers(state, state.selection.from, state.selection.to)
              if (caret) view.dispatch(caret)
              return false
            },
            cut: (view, event) => {
              if (!selectionCrossesStructure(view.state)) return false
              const { dom, text } = view.serializeForClipboard(view.state.selection.content())
              event.clipboardData?.setData('text/html', dom.innerHTML)
              event.clipboardData?.setData('text/plain', text)
              event.preventDefault()
              return replaceAcrossStructure(view, confirm, null)
            },
          },
        },
      }),
    ]
  },
})
