import { NodeName, RETIRED } from '@tablenotes/shared'
import { Node } from '@tiptap/core'
import { t } from '../i18n/messages.js'

/*
 * The locked structure of a table document (shared/src/doc/tableDocument.ts). Prompts are
 * attributes rendered as non-editable headings, so no keystroke can change them; none of these
 * nodes has a parse rule, so pasted HTML can never create a section that the merge would trust.
 */

const attribute = (name: string) => ({ [name]: { default: '', parseHTML: () => '' } })

/**
 * The heading of a section or part: its prompt, or for one whose question was removed, a note
 * that these are other notes. y-tiptap writes back only the attributes the schema knows, so
 * `retired` must be one of them or the next edit would drop it.
 */
function promptText(attrs: Record<string, unknown>, label: string): string {
  const prompt = String(attrs.prompt)
  return attrs[RETIRED] === 'true' ? t('retiredQuestion', { prompt }) : `${label}. ${prompt}`
}

export const TableTitle = Node.create({
  name: NodeName.tableTitle,
  atom: true,
  selectable: false,
  draggable: false,
  addAttributes: () => ({ ...attribute('name'), ...attribute('region') }),
  parseHTML: () => [],
  renderHTML: ({ node }) => [
    'header',
    { class: 'table-title', contenteditable: 'false' },
    ['h2', { dir: 'auto' }, String(node.attrs.name)],
    ...(node.attrs.region ? [['p', { dir: 'auto' }, String(node.attrs.region)]] : []),
  ],
})

export const QuestionSection = Node.create({
  name: NodeName.questionSection,
  content: `${NodeName.answer} ${NodeName.questionPart}*`,
  isolating: true,
  defining: true,
  selectable: false,
  draggable: false,
  addAttributes: () => ({
    ...attribute('questionId'),
    ...attribute('number'),
    ...attribute('prompt'),
    ...attribute(RETIRED),
  }),
  parseHTML: () => [],
  renderHTML: ({ node }) => [
    'section',
    { class: 'question', 'data-question-id': String(node.attrs.questionId) },
    [
      'h3',
      { class: 'prompt', contenteditable: 'false', dir: 'auto' },
      promptText(node.attrs, String(node.attrs.number)),
    ],
    ['div', { class: 'question-body' }, 0],
  ],
})

export const QuestionPart = Node.create({
  name: NodeName.questionPart,
  content: NodeName.answer,
  isolating: true,
  defining: true,
  selectable: false,
  draggable: false,
  addAttributes: () => ({ ...attribute('partId'), ...attribute('prompt'), ...attribute(RETIRED) }),
  parseHTML: () => [],
  renderHTML: ({ node }) => [
    'div',
    { class: 'question-part', 'data-part-id': String(node.attrs.partId) },
    [
      'h4',
      { class: 'prompt', contenteditable: 'false', dir: 'auto' },
      promptText(node.attrs, String(node.attrs.partId)),
    ],
    ['div', { class: 'part-body' }, 0],
  ],
})

export const Answer = Node.create({
  name: NodeName.answer,
  content: 'block+',
  isolating: true,
  defining: true,
  selectable: false,
  draggable: false,
  parseHTML: () => [],
  renderHTML: () => ['div', { class: 'answer' }, 0],
})
