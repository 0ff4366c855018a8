import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { reconcileTable } from '../doc/reconcileTable.js'
import { createTableSeed } from '../doc/seedTable.js'
import { NOTES_FRAGMENT } from '../doc/tableDocument.js'
import { childElements } from '../doc/xmlNodes.js'
import { promptIn, tableLanguage } from './localizedPrompt.js'
import { parseSessionText } from './parseSession.js'
import type { Session } from './sessionSchema.js'

const session: Session = {
  id: 'beirut',
  title: 'Regional consultation',
  questions: [
    {
      id: 'q1',
      text: 'What protects migrant workers?',
      translations: {
        fr: 'Qu’est-ce qui protège les travailleurs migrants ?',
        ar: 'ما الذي يحمي العمال المهاجرين؟',
      },
      parts: [{ id: 'a', text: 'In law?', translations: { ar: 'في القانون؟' } }],
    },
  ],
  tables: [
    { id: 'beirut', name: 'Beirut', language: 'ar' },
    { id: 'geneva', name: 'Genève', language: 'fr-CH' },
    { id: 'dhaka', name: 'Dhaka' },
  ],
}

function seeded(definition: Session, tableId: string): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, createTableSeed(definition, tableId))
  return doc
}

/** The title's language and every prompt, in document order. */
function shown(doc: Y.Doc): { language: unknown; prompts: unknown[] } {
  const fragment = doc.getXmlFragment(NOTES_FRAGMENT)
  const [title] = childElements(fragment, 'tableTitle')
  const prompts = childElements(fragment, 'questionSection').flatMap((section) => [
    section.getAttribute('prompt'),
    ...childElements(section, 'questionPart').map((part) => part.getAttribute('prompt')),
  ])
  return { language: title?.getAttribute('language'), prompts }
}

describe('questions in several languages', () => {
  it('shows each table its questions in its language, falling back to the session’s text', () => {
    expect(shown(seeded(session, 'beirut')).prompts).toEqual([
      'ما الذي يحمي العمال المهاجرين؟',
      'في القانون؟',
    ])
    // fr-CH has no translation of its own: French, and the part's English where French is missing.
    expect(shown(seeded(session, 'geneva')).prompts).toEqual([
      'Qu’est-ce qui protège les travailleurs migrants ?',
      'In law?',
    ])
    // Neither Dhaka nor the session names a language: the seed stays as it always was.
    expect(shown(seeded(session, 'dhaka'))).toEqual({
      language: undefined,
      prompts: ['What protects migrant workers?', 'In law?'],
    })
    expect(shown(seeded(session, 'beirut')).language).toBe('ar')
    expect(tableLanguage({ ...session, language: 'es' }, 'dhaka')).toBe('es')
    expect(promptIn({ id: 'x', text: 'Plain' }, 'ar')).toBe('Plain')
  })

  it('keeps the seed of a session without languages exactly as before', () => {
    const plain: Session = { ...session, tables: [{ id: 'dhaka', name: 'Dhaka' }] }
    expect(shown(seeded(plain, 'dhaka')).language).toBeUndefined()
  })

  it('follows a table that changes language, keeping what it wrote', () => {
    const doc = seeded(session, 'dhaka')
    const [section] = childElements(doc.getXmlFragment(NOTES_FRAGMENT), 'questionSection')
    const [answer] = childElements(section!, 'answer')
    ;(answer!.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('notes in English')])
    const moved: Session = {
      ...session,
      tables: session.tables.map((table) =>
        table.id === 'dhaka' ? { ...table, language: 'ar' } : table,
      ),
    }
    expect(reconcileTable(doc, moved, 'dhaka')).toBe(true)
    expect(shown(doc)).toEqual(shown(seeded(moved, 'beirut')))
    expect(doc.getXmlFragment(NOTES_FRAGMENT).toString()).toContain('notes in English')
    expect(reconcileTable(doc, moved, 'dhaka')).toBe(false)
  })

  it('names a malformed language tag in the session file', () => {
    const result = parseSessionText(
      [
        'id: s',
        'title: T',
        'language: English',
        'questions:',
        '  - id: q1',
        '    text: Why?',
        '    translations:',
        '      French: Pourquoi ?',
        'tables:',
        '  - id: t1',
        '    name: One',
      ].join('\n'),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual([
      { field: 'language', line: 3, message: 'must be a language tag (such as fr, ar or pt-BR)' },
      {
        field: 'questions[0].translations.French',
        line: 8,
        message: 'is not a language tag (such as fr, ar or pt-BR)',
      },
    ])
  })
})
