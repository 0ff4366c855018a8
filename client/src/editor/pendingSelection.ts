import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import type * as Y from 'yjs'

/**
 * The parts of prosemirror-view's DOM observer (`view.domObserver`, internal to prosemirror-view
 * 1.x) this module calls: `forceFlush` runs a read the observer has scheduled; `pendingRecords`
 * lists the DOM mutations it has not read yet; `flush` reads the DOM's changes and selection now,
 * dispatching a transaction if the selection differs from the last one the view saw, and does
 * nothing otherwise.
 */
interface DomObserver {
  forceFlush(): void
  pendingRecords(): readonly MutationRecord[]
  flush(): void
}

/** The view's DOM observer, or null when the view is destroyed, composing or not focused. */
function observerToRead(view: EditorView): DomObserver | null {
  // An input method's composition owns the selection until it ends; ProseMirror reads it then.
  if (view.isDestroyed || view.composing || !view.hasFocus()) return null
  return (view as unknown as { domObserver?: DomObserver }).domObserver ?? null
}

/**
 * Reads into the editor's state a selection the browser moved but has not yet reported: a
 * caret moved by an arrow key, Home or End, or a click, whose `selectionchange` event (which the
 * browser dispatches later, as a task of its own) has not run yet. Does nothing when the view is
 * destroyed, composing, not focused, or already up to date.
 */
export function readPendingSelection(view: EditorView): void {
  const observer = observerToRead(view)
  observer?.forceFlush()
  observer?.flush()
}

/**
 * Like `readPendingSelection`, but only when the DOM holds no unread change to the content, so
 * that it reads the caret alone: called while another transaction is being dispatched, it must
 * not change the document under that transaction. An attribute change on the editor's own
 * element (a class, `contenteditable`) is no content change; prosemirror-view ignores it too.
 */
function readPendingCaret(view: EditorView): void {
  const observer = observerToRead(view)
  const unread = observer?.pendingRecords() ?? []
  if (observer && unread.every((record) => isRootAttribute(view, record))) observer.flush()
}

function isRootAttribute(view: EditorView, record: MutationRecord): boolean {
  return record.type === 'attributes' && record.target === view.dom
}

/**
 * Whether `transaction` only redraws: it changes neither the document nor the selection, and it
 * was built on the view's current state, so it can take that state's selection.
 */
function isRedraw(transaction: Transaction, view: EditorView): boolean {
  return (
    !transaction.docChanged && !transaction.selectionSet && transaction.before === view.state.doc
  )
}

export interface PendingSelectionOptions {
  /** The document the editor is bound to; updates from elsewhere read the caret first. */
  doc: Y.Doc | null
}

/**
 * Keeps the browser's caret when the page is slow to hear about it (issue 14; the CI failures
 * "Lalice in eft bruno in right.", "Leftalice  right." and a paste undone by Enter).
 *
 * Root cause: the browser moves its caret for arrow keys, Home, End and clicks at once, but tells
 * ProseMirror only with a later `selectionchange` event. On a busy page, work queued before that
 * event runs first, with the editor's state still holding the old selection:
 * - a key (Enter, Backspace, a shortcut) is handled by ProseMirror with that old selection
 *   (prosemirror-view's keydown handler only runs a read it has already scheduled), so End then
 *   Enter split the line where the caret was before End, replacing what was selected there;
 * - any redraw writes the old selection back into the page (prosemirror-view `updateStateInner`
 *   → `selectionToDOM`), undoing the keys' moves. Redraws come from another person's text
 *   (through y-tiptap's `beforeAllTransactions` selection capture and restore) and from
 *   transactions that only change decorations, dispatched from a timer: y-tiptap's caret plugin
 *   draws other people's carets from a `setTimeout(0)` queue, and the writer and comment
 *   highlights redraw the same way.
 * The same race is known upstream: react-prosemirror PR #224/#240/#262 ("an update arriving
 * after a DOM selection change but before the corresponding selectionchange"), and
 * prosemirror-view guards against it only while a mouse button is down.
 *
 * So the selection the browser shows is read into the state before a key, a clipboard action
 * or a drop is handled, once a key is released, before any update from another person, tab or
 * the device copy reaches the editor (a listener on the Yjs document, added before the editor's
 * view exists so it runs before y-tiptap's own), and when a transaction that changes neither the
 * document nor the selection is dispatched: that transaction then carries the caret just read.
 */
export const PendingSelection = Extension.create<PendingSelectionOptions>({
  name: 'pendingSelection',
  // Before every other plugin's DOM handlers, which may act on the selection.
  priority: 10_000,

  addOptions: () => ({ doc: null }),

  addStorage: () => ({ view: null as EditorView | null, detach: () => undefined }),

  onBeforeCreate() {
    const { doc } = this.options
    const storage = this.storage as { view: EditorView | null; detach: () => void }
    // A transaction of this page's own (its typing, its undo) follows a key already read.
    const onTransactions = (ydoc: Y.Doc) => {
      if (storage.view && ydoc._transaction && !ydoc._transaction.local) {
        readPendingSelection(storage.view)
      }
    }
    doc?.on('beforeAllTransactions', onTransactions)
    storage.detach = () => doc?.off('beforeAllTransactions', onTransactions)
  },

  dispatchTransaction({ transaction, next }) {
    const view = (this.storage as { view: EditorView | null }).view
    if (view && isRedraw(transaction, view)) {
      const shown = view.state.selection
      readPendingCaret(view)
      if (!view.state.selection.eq(shown)) transaction.setSelection(view.state.selection)
    }
    next(transaction)
  },

  onDestroy() {
    ;(this.storage as { detach: () => void }).detach()
  },

  addProseMirrorPlugins() {
    const storage = this.storage as { view: EditorView | null }
    const readFirst = (view: EditorView) => {
      readPendingSelection(view)
      return false
    }
    return [
      new Plugin({
        key: new PluginKey('pendingSelection'),
        view: (view) => {
          storage.view = view
          return {
            destroy: () => {
              if (storage.view === view) storage.view = null
            },
          }
        },
        props: {
          handleDOMEvents: {
            // 229: a key an input method takes (prosemirror-view leaves those alone too).
            keydown: (view, event) => event.keyCode !== 229 && readFirst(view),
            // The key's caret move is done by now: read it before any timer or message can
            // write the old selection back (a delayed sync after a tap, another person).
            keyup: (view, event) => event.keyCode !== 229 && readFirst(view),
            beforeinput: readFirst,
            paste: readFirst,
            cut: readFirst,
            copy: readFirst,
            drop: readFirst,
          },
        },
      }),
    ]
  },
})
