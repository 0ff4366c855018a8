import { languageOfText } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

const key = new PluginKey<DecorationSet>('paragraphLanguage')

/** A `lang` on every paragraph written in another language than the document's. */
function decorate(doc: ProseMirrorNode, language: string): DecorationSet {
  const decorations: Decoration[] = []
  doc.descendants((node, position) => {
    if (!node.isTextblock) return true
    const found = languageOfText(node.textContent, language)
    if (found && found !== language) {
      decorations.push(Decoration.node(position, position + node.nodeSize, { lang: found }))
    }
    return false
  })
  return DecorationSet.create(doc, decorations)
}

/**
 * Marks each paragraph's language, so a screen reader reads an Arabic paragraph in an English
 * table with an Arabic voice. The rule is the exports' (`languageOfText`), so both agree.
 */
export const ParagraphLanguage = Extension.create<{ language: string }>({
  name: 'paragraphLanguage',
  addOptions: () => ({ language: 'en' }),
  addProseMirrorPlugins() {
    const { language } = this.options
    return [
      new Plugin({
        key,
        state: {
          init: (_config, state) => decorate(state.doc, language),
          apply: (transaction, previous) =>
            transaction.docChanged ? decorate(transaction.doc, language) : previous,
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ]
  },
})
