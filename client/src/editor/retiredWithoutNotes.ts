import { NodeName, RETIRED } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

const key = new PluginKey<DecorationSet>('retiredWithoutNotes')

/** The class the stylesheet hides: a removed question's section or part with nothing written. */
const WITHOUT_NOTES_CLASS = 'retired-without-notes'

/** Whether an answer holds anything: the exports leave out empty paragraphs (`readNotes`). */
function holdsNotes(answer: ProseMirrorNode): boolean {
  let found = false
  answer.forEach((block) => {
    if (block.type.name !== 'paragraph' || block.content.size > 0) found = true
  })
  return found
}

/** Whether any answer of a section or part, its parts' included, holds notes. */
function anyNotes(node: ProseMirrorNode): boolean {
  let found = false
  node.descendants((child) => {
    if (found) return false
    if (child.type.name !== NodeName.answer) return true
    found = holdsNotes(child)
    return false
  })
  return found
}

/**
 * Node decorations for every removed question (section) and removed part that holds no notes.
 * `reconcileTable` marks only a removed question's section, so its parts count as removed too,
 * as the exports count them.
 */
function decorate(doc: ProseMirrorNode): DecorationSet {
  const decorations: Decoration[] = []
  const mark = (node: ProseMirrorNode, position: number) =>
    decorations.push(
      Decoration.node(position, position + node.nodeSize, { class: WITHOUT_NOTES_CLASS }),
    )
  doc.forEach((section, sectionPosition) => {
    if (section.type.name !== NodeName.questionSection) return
    const sectionRetired = section.attrs[RETIRED] === 'true'
    if (sectionRetired && !anyNotes(section)) {
      mark(section, sectionPosition)
      return
    }
    section.forEach((part, offset) => {
      if (part.type.name !== NodeName.questionPart) return
      if ((sectionRetired || part.attrs[RETIRED] === 'true') && !anyNotes(part)) {
        // +1: a child's offset counts from the start of its parent's content.
        mark(part, sectionPosition + 1 + offset)
      }
    })
  })
  return DecorationSet.create(doc, decorations)
}

/**
 * Leaves out of the page a removed question, or part, while nothing is written under it: its
 * section stays in the document, so nothing written there is ever lost, but an empty "Other
 * notes" heading says nothing. Decorations rather than CSS alone: "none of its parts' answers
 * holds notes" is more than `:has()` can say, and they hold in a read-only editor too. Reads the
 * top of the document again on each change: a table has a few dozen sections at most.
 */
export const RetiredWithoutNotes = Extension.create({
  name: 'retiredWithoutNotes',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key,
        state: {
          init: (_config, state) => decorate(state.doc),
          apply: (transaction, previous) =>
            transaction.docChanged ? decorate(transaction.doc) : previous,
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ]
  },
})
