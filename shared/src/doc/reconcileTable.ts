import type * as Y from 'yjs'
import { promptIn, tableLanguage } from '../session/localizedPrompt.js'
import type { Question, Session } from '../session/sessionSchema.js'
import { createAnswer, createPart, createSection, titleAttributes } from './seedTable.js'
import { NOTES_FRAGMENT, NodeName, RETIRED } from './tableDocument.js'
import { childElements, setAttribute } from './xmlNodes.js'

/**
 * Brings a stored table document in line with its session's changed definition, deleting
 * nothing a table wrote: a new question gets its section (after the question before it), a
 * renamed one its new prompt, a removed one stays with its notes and is marked retired (the
 * editor shows it as other notes); the same for parts, and the title follows the table's name.
 * Sections are never moved: reordering questions renumbers them where they stand. Runs in one
 * transaction; returns whether anything changed.
 */
export function reconcileTable(doc: Y.Doc, session: Session, tableId: string): boolean {
  const table = session.tables.find((candidate) => candidate.id === tableId)
  if (!table) throw new Error(`session ${session.id} has no table ${tableId}`)
  const fragment = doc.getXmlFragment(NOTES_FRAGMENT)
  const language = tableLanguage(session, tableId)
  let changed = false
  const set = (element: Y.XmlElement, name: string, value: string | undefined) => {
    if (setAttribute(element, name, value)) changed = true
  }

  doc.transact(() => {
    const title = childElements(fragment, NodeName.tableTitle)[0]
    if (title) {
      const attributes = titleAttributes(session, tableId)
      for (const name of ['name', 'region', 'language']) set(title, name, attributes[name])
    }
    const sections = new Map<string, Y.XmlElement>()
    for (const section of childElements(fragment, NodeName.questionSection)) {
      const id = section.getAttribute('questionId')
      if (typeof id === 'string' && !sections.has(id)) sections.set(id, section)
    }
    const wanted = new Set(session.questions.map((question) => question.id))
    for (const [id, section] of sections) {
      if (!wanted.has(id)) set(section, RETIRED, 'true')
    }
    let previous: Y.XmlElement | undefined = title
    session.questions.forEach((question, index) => {
      const number = String(index + 1)
      const section = sections.get(question.id)
      if (!section) {
        const created = createSection(question, index + 1, language)
        fragment.insert(previous ? indexIn(fragment, previous) + 1 : 0, [created])
        previous = created
        changed = true
        return
      }
      set(section, 'number', number)
      set(section, 'prompt', promptIn(question, language))
      set(section, RETIRED, undefined)
      if (reconcileParts(section, question, language)) changed = true
      previous = section
    })
  })
  return changed
}

function reconcileParts(section: Y.XmlElement, question: Question, language: string): boolean {
  let changed = false
  const parts = new Map<string, Y.XmlElement>()
  for (const part of childElements(section, NodeName.questionPart)) {
    const id = part.getAttribute('partId')
    if (typeof id === 'string' && !parts.has(id)) parts.set(id, part)
  }
  const wanted = new Set((question.parts ?? []).map((part) => part.id))
  for (const [id, part] of parts) {
    if (!wanted.has(id) && setAttribute(part, RETIRED, 'true')) changed = true
  }
  let previous: Y.XmlElement | undefined = childElements(section, NodeName.answer)[0]
  if (!previous) {
    previous = createAnswer()
    section.insert(0, [previous])
    changed = true
  }
  for (const wantedPart of question.parts ?? []) {
    const part = parts.get(wantedPart.id)
    if (!part) {
      const created = createPart(wantedPart, language)
      section.insert(indexIn(section, previous) + 1, [created])
      previous = created
      changed = true
      continue
    }
    if (setAttribute(part, 'prompt', promptIn(wantedPart, language))) changed = true
    if (setAttribute(part, RETIRED, undefined)) changed = true
    previous = part
  }
  return changed
}

function indexIn(parent: Y.XmlFragment | Y.XmlElement, child: Y.XmlElement): number {
  return parent.toArray().indexOf(child)
}
