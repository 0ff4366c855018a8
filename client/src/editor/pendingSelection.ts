import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'

/**
 * The two methods of prosemirror-view's DOM observer (`view.domObserver`, internal to
 * prosemirror-view 1.x) this module calls: `forceFlush` runs a read the observer has scheduled,
 * `flush` reads the DOM's changes and selection now, dispatching a transaction if the selection
 * differs from the last one the view saw, and does nothing otherwise.
 */
interface DomObserver {
  forceFlush(): void
  flush(): void
}

/**
 * Reads into the editor's state a selection the browser moved but has not yet reported: a
 * caret moved by an arrow key, Home or End, or a click, whose `selectionchange` event (which the
 * browser dispatches later, as a task of its own) has not run yet. Does nothing when the view is
 * destroyed, composing, not focused, or already up to date.
 */
export function readPendingSelection(view: EditorView): void {
  // An input method's composition owns the selection until it ends; ProseMirror reads it then.
  if (view.isDestroyed || view.composing || !view.hasFocus()) return
  const observer = (view as unknown as { domObserver?: DomObserver }).domObserver
  observer?.forceFlush()
  observer?.flush()
}

export interface PendingSelectionOptions {
  /** The document the editor is bound to; updates from elsewhere read the caret first. */
  doc: Y.Doc | null
  /** The room's presence; another person's caret moving reads the caret first. */
  awareness: Awareness | null
}

/**
 * Keeps the browser's caret when the page is slow to hear about it (issue 14; the CI failures
 * "Lalice in eft bruno in right." and a paste undone by Enter).
 *
 * Root cause: the browser moves its caret for arrow keys, Home, End and clicks at once, but tells
 * ProseMirror only with a later `selectionchange` event. On a busy page, work queued before that
 * event runs first, with the editor's state still holding the old selection:
 * - a key (Enter, Backspace, a shortcut) is handled by ProseMirror with that old selection
 *   (prosemirror-view's keydown handler only runs a read it has already scheduled), so End then
 *   Enter split the line where the caret was before End, replacing what was selected there;
 * - any update from elsewhere (another person's text, through y-tiptap's `beforeAllTransactions`
 *   selection capture and restore; another person's caret, through the caret plugin's
 *   decoration update) redraws the editor and writes the old selection back into the page
 *   (prosemirror-view `updateStateInner` → `selectionToDOM`), undoing the keys' moves.
 * The same race is known upstream: react-prosemirror PR #224/#240/#262 ("an update arriving
 * after a DOM selection change but before the corresponding selectionchange"), and
 * prosemirror-view guards against it only while a mouse button is down.
 *
 * So before a key, a clipboard action or a drop is handled, once a key is released, and before
 * any update from another person, tab or the device copy reaches the editor, the selection the
 * browser shows is read into the state. Listeners on the Yjs document and the awareness are added before the editor's
 * view exists (`onBeforeCreate`), so they run before y-tiptap's own.
 */
export const PendingSelection = Extension.create<PendingSelectionOptions>({
  name: 'pendingSelection',
  // Before every other plugin's DOM handlers, which may act on the selection.
  priority: 10_000,

  addOptions: () => ({ doc: null, awareness: null }),

  addStorage: () => ({ view: null as EditorView | null, detach: () => undefined }),

  onBeforeCreate() {
    const { doc, awareness } = this.options
    const storage = this.storage as { view: EditorView | null; detach: () => void }
    const read = () => {
      if (storage.view) readPendingSelection(storage.view)
    }
    // A transaction of this page's own (its typing, its undo) follows a key already read.
    const onTransactions = (ydoc: Y.Doc) => {
      if (ydoc._transaction && !ydoc._transaction.local) read()
    }
    const onPresence = (_changes: unknown, origin: unknown) => {
      if (origin !== 'local') read()
    }
    doc?.on('beforeAllTransactions', onTransactions)
    awareness?.on('change', onPresence)
    storage.detach = () => {
      doc?.off('beforeAllTransactions', onTransactions)
      awareness?.off('change', onPresence)
    }
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
