import { Extension } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { CARET_TEXT, KEPT_ORPHANED_TEXT } from '../sync/keepOrphanedText.js'

export interface CaretAfterKeptTextOptions {
  /** The document the editor is bound to. */
  doc: Y.Doc | null
}

/**
 * When the page puts back words of this person that another person's change of the blocks
 * removed (sync/keepOrphanedText.ts) and those words end with the last letter they typed, the
 * caret goes after them, so that their typing goes on in their sentence. Without it, y-tiptap
 * puts the caret, whose Yjs position was in the removed block, at the same offset of some other
 * block, often another question's answer, where the next letters would go.
 * Nothing happens when the editor does not have the focus.
 */
export const CaretAfterKeptText = Extension.create<CaretAfterKeptTextOptions>({
  name: 'caretAfterKeptText',
  addOptions: () => ({ doc: null }),
  onCreate() {
    const { doc } = this.options
    if (!doc) return
    const onTransaction = (transaction: Y.Transaction) => {
      if (transaction.origin !== KEPT_ORPHANED_TEXT) return
      const text = transaction.meta.get(CARET_TEXT)
      const { view } = this.editor
      if (!(text instanceof Y.XmlText) || view.isDestroyed || !view.hasFocus()) return
      // y-tiptap has drawn the change already: its observer runs before `afterTransaction`.
      const binding = ySyncPluginKey.getState(view.state)?.binding
      if (!binding) return
      const position = relativePositionToAbsolutePosition(
        doc,
        binding.type,
        Y.createRelativePositionFromTypeIndex(text, text.length),
        binding.mapping,
      )
      if (position === null) return
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, position)))
    }
    doc.on('afterTransaction', onTransaction)
    this.storage.stop = () => doc.off('afterTransaction', onTransaction)
  },
  addStorage: () => ({ stop: () => undefined }),
  onDestroy() {
    this.storage.stop()
  },
})
