import { Extension } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { CARET_PLACE, CARETS, KEPT_OWN_TEXT } from '../sync/keepOwnText.js'
import type { CaretPlace } from '../sync/ownText.js'

export interface CaretAfterKeptTextOptions {
  /** The document the editor is bound to. */
  doc: Y.Doc | null
}

/**
 * When the page keeps words of this person that another person's change of the blocks removed
 * or left behind (sync/keepOwnText.ts) and those words end with the last letter they typed, the
 * caret goes after them, so that their typing goes on in their sentence. Without it, y-tiptap
 * puts the caret, whose Yjs position was in the removed block, at the same offset of some other
 * block, often another question's answer, where the next letters would go; or it stays where
 * the letters were left behind.
 * Nothing happens when the editor does not have the focus.
 */
export const CaretAfterKeptText = Extension.create<CaretAfterKeptTextOptions>({
  name: 'caretAfterKeptText',
  addOptions: () => ({ doc: null }),
  onCreate() {
    const { doc } = this.options
    if (!doc) return
    const onTransaction = (transaction: Y.Transaction) => {
      if (transaction.origin !== KEPT_OWN_TEXT) return
      const place = transaction.meta.get(CARET_PLACE) as CaretPlace | undefined
      const { view } = this.editor
      if (!place || view.isDestroyed || !view.hasFocus()) return
      // y-tiptap has drawn the change already: its observer runs before `afterTransaction`.
      const binding = ySyncPluginKey.getState(view.state)?.binding
      if (!binding) return
      const position = relativePositionToAbsolutePosition(
        doc,
        binding.type,
        Y.createRelativePositionFromTypeIndex(place.text, place.index),
        binding.mapping,
      )
      if (position === null) return
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, position)))
    }
    doc.on('afterTransaction', onTransaction)
    CARETS.set(doc, () => {
      const { view } = this.editor
      const binding =
        !view.isDestroyed && view.hasFocus() && ySyncPluginKey.getState(view.state)?.binding
      if (!binding) return null
      return absolutePositionToRelativePosition(
        view.state.selection.head,
        binding.type,
        binding.mapping,
      )
    })
    this.storage.stop = () => {
      doc.off('afterTransaction', onTransaction)
      CARETS.delete(doc)
    }
  },
  addStorage: () => ({ stop: () => undefined }),
  onDestroy() {
    this.storage.stop()
  },
})
