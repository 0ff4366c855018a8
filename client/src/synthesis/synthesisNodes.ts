import {
  CONTRIBUTION_WRITERS,
  type CompiledCall,
  contributionLabel,
  contributionWriters,
  SynthesisNode,
} from '@tablenotes/shared'
import { Extension, Node } from '@tiptap/core'
import type { DOMOutputSpec, Node as ProseMirrorNode } from '@tiptap/pm/model'
import { attributes, lockedNode, promptedBlock } from '../editor/lockedNode.js'
import { createSignature, lockPlugin } from '../editor/lockedSignature.js'
import { t } from '../i18n/messages.js'

/*
 * The synthesis document (shared/src/synthesis/compileSynthesis.ts) in the editor. Headings,
 * contributions, priorities and other notes come from the compile and are read-only here (a
 * recompile replaces them); the summary areas are the rapporteurs' own.
 */

function readJson<T>(node: ProseMirrorNode, name: string, fallback: T): T {
  try {
    return JSON.parse(String(node.attrs[name] || 'null')) ?? fallback
  } catch {
    return fallback
  }
}

const SynthesisDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: `(${SynthesisNode.header} | ${SynthesisNode.question} | ${SynthesisNode.priorities} | ${SynthesisNode.callsToAction} | ${SynthesisNode.otherNotes} | block)+`,
})

const Header = lockedNode({
  name: SynthesisNode.header,
  atom: true,
  addAttributes: () => attributes('title', 'event', 'date', 'compiledAt', 'tables', 'versions'),
  renderHTML: ({ node }) => {
    const tables = readJson<Array<{ name: string; region: string; contributors: number }>>(
      node,
      'tables',
      [],
    )
    const when = [node.attrs.event, node.attrs.date].filter(Boolean).join(' · ')
    return [
      'header',
      { class: 'synthesis-header page-aligned', contenteditable: 'false' },
      ['h2', { dir: 'auto' }, String(node.attrs.title)],
      ...(when ? [['p', { dir: 'auto' }, when]] : []),
      [
        'p',
        { class: 'hint' },
        t('synthesisTables', {
          tables: tables
            .map(({ name, contributors }) =>
              t('tableContributors', { table: name, count: contributors }),
            )
            .join('; '),
        }),
      ],
    ]
  },
})

const Question = lockedNode({
  name: SynthesisNode.question,
  content: `${SynthesisNode.summary} ${SynthesisNode.contribution}* ${SynthesisNode.part}*`,
  isolating: true,
  addAttributes: () => attributes('questionId', 'number', 'prompt'),
  renderHTML: ({ node }) => promptedBlock('question', `${node.attrs.number}. ${node.attrs.prompt}`),
})

const Part = lockedNode({
  name: SynthesisNode.part,
  content: `${SynthesisNode.summary} ${SynthesisNode.contribution}*`,
  isolating: true,
  addAttributes: () => attributes('partId', 'prompt'),
  renderHTML: ({ node }) => promptedBlock('part', `${node.attrs.partId}. ${node.attrs.prompt}`),
})

const Summary = lockedNode({
  name: SynthesisNode.summary,
  content: 'block+',
  isolating: true,
  defining: true,
  renderHTML: () => ['div', { class: 'summary', 'data-label': t('summaryLabel') }, 0],
})

const Contribution = lockedNode({
  name: SynthesisNode.contribution,
  content: 'block*',
  isolating: true,
  // Every attribute the compile writes is declared, so the editor never drops one (which
  // y-tiptap would then try to delete from the locked node, and the server refuse).
  addAttributes: () => attributes('tableId', 'tableName', 'region', CONTRIBUTION_WRITERS),
  renderHTML: ({ node }) => [
    'div',
    {
      class: 'contribution',
      contenteditable: 'false',
      'data-table-id': String(node.attrs.tableId),
    },
    [
      'p',
      { class: 'contribution-label', dir: 'auto' },
      contributionLabel(
        { writtenBy: t('contributionWrittenBy') },
        String(node.attrs.tableName),
        node.attrs.region && node.attrs.region !== node.attrs.tableName
          ? String(node.attrs.region)
          : '',
        contributionWriters(node.attrs[CONTRIBUTION_WRITERS]),
      ),
    ],
    ['div', {}, 0],
  ],
})

const Priorities = lockedNode({
  name: SynthesisNode.priorities,
  atom: true,
  addAttributes: () => attributes('issues'),
  renderHTML: ({ node }) => {
    const issues = readJson<Array<{ label: string; tables: string[] }>>(node, 'issues', [])
    return [
      'section',
      { class: 'synthesis-priorities', contenteditable: 'false' },
      ['h3', {}, t('prioritiesTitle')],
      issues.length === 0
        ? ['p', {}, t('prioritiesNone')]
        : [
            'ul',
            {},
            ...issues.map(({ label, tables }) => [
              'li',
              { dir: 'auto' },
              `${label}: ${tables.join(', ')}`,
            ]),
          ],
    ]
  },
})

/**
 * Every table's calls to action (issue 20), grouped by who should act, as the exports show
 * them: a table per actor, one row per call with its action, actor, timeframe and table.
 */
const CallsToAction = lockedNode({
  name: SynthesisNode.callsToAction,
  atom: true,
  addAttributes: () => attributes('calls'),
  renderHTML: ({ node }) => {
    const calls = readJson<CompiledCall[]>(node, 'calls', [])
    const groups = new Map<string, CompiledCall[]>()
    for (const call of calls) groups.set(call.actor, [...(groups.get(call.actor) ?? []), call])
    const actors = [...groups.keys()].sort((a, b) =>
      a === '' ? 1 : b === '' ? -1 : a.localeCompare(b),
    )
    const cell = (tag: 'td' | 'th', text: string): DOMOutputSpec => [tag, { dir: 'auto' }, text]
    const head = ['callAction', 'callActor', 'callTimeframe', 'callTable'] as const
    return [
      'section',
      { class: 'synthesis-calls', contenteditable: 'false' },
      ['h3', {}, t('callsToAction')],
      ...(calls.length === 0
        ? [['p', {}, t('prioritiesNone')] as DOMOutputSpec]
        : actors.flatMap((actor): DOMOutputSpec[] => [
            ['h4', { dir: 'auto' }, actor || t('callNoActor')],
            [
              'table',
              {},
              ['thead', {}, ['tr', {}, ...head.map((key) => cell('th', t(key)))]],
              [
                'tbody',
                {},
                ...(groups.get(actor) ?? []).map(
                  (call): DOMOutputSpec => [
                    'tr',
                    {},
                    ...[call.action, call.actor, call.timeframe, call.table].map((text) =>
                      cell('td', text),
                    ),
                  ],
                ),
              ],
            ],
          ])),
    ]
  },
})

const OtherNotes = lockedNode({
  name: SynthesisNode.otherNotes,
  content: `${SynthesisNode.contribution}*`,
  renderHTML: ({ node }) =>
    node.childCount === 0
      ? ['section', { class: 'other-notes empty' }, 0]
      : [
          'section',
          { class: 'other-notes' },
          ['h3', { contenteditable: 'false' }, t('otherNotes')],
          ['div', {}, 0],
        ],
})

/** Only the compile changes what it wrote; the summaries are free. */
const ProtectSynthesis = Extension.create({
  name: 'protectSynthesis',
  addProseMirrorPlugins: () => [
    lockPlugin(
      'protectSynthesis',
      createSignature({
        locked: new Set(Object.values(SynthesisNode)),
        open: new Set([SynthesisNode.summary]),
        sealed: new Set([
          SynthesisNode.contribution,
          SynthesisNode.header,
          SynthesisNode.priorities,
          SynthesisNode.callsToAction,
        ]),
      }),
    ),
  ],
})

export const synthesisNodes = [
  SynthesisDocument,
  Header,
  Question,
  Part,
  Summary,
  Contribution,
  Priorities,
  CallsToAction,
  OtherNotes,
  ProtectSynthesis,
]
