import { NodeName, RETIRED } from '@tablenotes/shared'
import { t } from '../i18n/messages.js'
import { attributes, lockedNode, promptedBlock } from './lockedNode.js'

/*
 * The locked structure of a table document (shared/src/doc/tableDocument.ts). Prompts are
 * attributes rendered as non-editable headings, so no keystroke can change them; none of these
 * nodes has a parse rule, so pasted HTML can never create a section that the merge would trust.
 */

/**
 * The heading of a section or part: its prompt, or for one whose question was removed, a note
 * that these are other notes. y-tiptap writes back only the attributes the schema knows, so
 * `retired` must be one of them or the next edit would drop it.
 */
function promptText(attrs: Record<string, unknown>, label: string): string {
  const prompt = String(attrs.prompt)
  return attrs[RETIRED] === 'true' ? t('retiredQuestion', { prompt }) : `${label}. ${prompt}`
}

/**
 * An attribute the server may or may not have set (a section's `retired`, a title's `language`).
 * Its default is null, so y-tiptap never writes it back: it writes every non-null attribute that
 * differs from the document's and removes those the editor does not know, and the server refuses
 * both on the locked structure (PROTOCOL.md P13).
 */
const optional = (name: string) => ({ [name]: { default: null, parseHTML: () => null } })

/** Marks a removed question's section, so the page can leave it out while it holds no notes. */
function retiredAttribute(attrs: Record<string, unknown>): string | null {
  return attrs[RETIRED] === 'true' ? 'true' : null
}

export const TableTitle = lockedNode({
  name: NodeName.tableTitle,
  atom: true,
  addAttributes: () => ({ ...attributes('name', 'region'), ...optional('language') }),
  renderHTML: ({ node }) => [
    'header',
    { class: 'table-title', contenteditable: 'false' },
    ['h2', { dir: 'auto' }, String(node.attrs.name)],
    ...(node.attrs.region && node.attrs.region !== node.attrs.name
      ? [['p', { dir: 'auto' }, String(node.attrs.region)]]
      : []),
  ],
})

export const QuestionSection = lockedNode({
  name: NodeName.questionSection,
  content: `${NodeName.answer} ${NodeName.questionPart}*`,
  isolating: true,
  defining: true,
  addAttributes: () => ({ ...attributes('questionId', 'number', 'prompt'), ...optional(RETIRED) }),
  renderHTML: ({ node }) =>
    promptedBlock('question', promptText(node.attrs, String(node.attrs.number)), {
      'data-question-id': String(node.attrs.questionId),
      'data-retired': retiredAttribute(node.attrs),
    }),
})

export const QuestionPart = lockedNode({
  name: NodeName.questionPart,
  content: NodeName.answer,
  isolating: true,
  defining: true,
  addAttributes: () => ({ ...attributes('partId', 'prompt'), ...optional(RETIRED) }),
  renderHTML: ({ node }) =>
    promptedBlock('part', promptText(node.attrs, String(node.attrs.partId)), {
      'data-part-id': String(node.attrs.partId),
      'data-retired': retiredAttribute(node.attrs),
    }),
})

export const Answer = lockedNode({
  name: NodeName.answer,
  content: 'block+',
  isolating: true,
  defining: true,
  renderHTML: () => ['div', { class: 'answer' }, 0],
})
