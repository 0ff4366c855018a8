import { markedLanguage } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

const key = new PluginKey<DecorationSet>('paragraphLanguage')

/** The `lang` decorations of the textblocks between `from` and `to`. */
function decorate(doc: ProseMirrorNode, language: string, from: number, to: number): Decoration[] {
  const decorations: Decoration[] = []
  doc.nodesBetween(from, to, (node, position) => {
    if (!node.isTextblock) return true
    const lang = markedLanguage(node.textContent, language)
    if (lang) decorations.push(Decoration.node(position, position + node.nodeSize, { lang }))
    return false
  })
  return decorations
}

/**
 * Marks each paragraph's language where it differs from the document's, so a screen reader reads
 * an Arabic paragraph in an English table with an Arabic voice; the rule is the exports'
 * (`markedLanguage`). A keystroke re-reads only the paragraphs the change touched.
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
          init: (_config, state) =>
            DecorationSet.create(
              state.doc,
              decorate(state.doc, language, 0, state.doc.content.size),
            ),
          apply: (transaction, previous) => {
            if (!transaction.docChanged) return previous
            const { doc, mapping } = transaction
            let set = previous.map(mapping, doc)
            mapping.maps.forEach((map, index) => {
              map.forEach((_oldFrom, _oldTo, newFrom, newTo) => {
                const rest = mapping.slice(index + 1)
                const from = Math.max(0, rest.map(newFrom, -1))
                const to = Math.min(doc.content.size, rest.map(newTo, 1))
                // Whole textblocks around the change: their first letter may have moved.
                const start = doc.resolve(from).start(Math.min(1, doc.resolve(from).depth))
                const end = doc.resolve(to).end(Math.min(1, doc.resolve(to).depth))
                set = set.remove(set.find(start, end)).add(doc, decorate(doc, language, start, end))
              })
            })
            return set
          },
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ]
  },
})
