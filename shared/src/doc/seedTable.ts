import * as Y from 'yjs'
import { promptIn, tableLanguage } from '../session/localizedPrompt.js'
import type { Question, QuestionPart, Session } from '../session/sessionSchema.js'
import { NOTES_FRAGMENT, NodeName, SEED_CLIENT_ID } from './tableDocument.js'
import { element } from './xmlNodes.js'

/**
 * The initial content of a table's document as one Yjs update: a title and one locked section
 * per guiding question with an empty answer area, its prompts in the table's language. Pure and deterministic: the same session and
 * table always give the same bytes, so the server can apply it whenever a room is first loaded,
 * from any instance, without ever duplicating a question. Clients never seed.
 */
export function createTableSeed(session: Session, tableId: string): Uint8Array {
  const table = session.tables.find((t) => t.id === tableId)
  if (!table) throw new Error(`session ${session.id} has no table ${tableId}`)
  const doc = new Y.Doc({ gc: true })
  doc.clientID = SEED_CLIENT_ID
  const title = element(NodeName.tableTitle, titleAttributes(session, tableId))
  const language = tableLanguage(session, tableId)
  const sections = session.questions.map((question, index) =>
    createSection(question, index + 1, language),
  )
  doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [title, ...sections])
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/**
 * The title's attributes. `language` is set only when the session names one, so that the seeds
 * of sessions without languages stay byte for byte what they always were.
 */
export function titleAttributes(session: Session, tableId: string): Record<string, string> {
  const table = session.tables.find((t) => t.id === tableId)
  const attributes: Record<string, string> = {
    name: table?.name ?? '',
    region: table?.region ?? '',
  }
  if (table?.language || session.language) attributes.language = tableLanguage(session, tableId)
  return attributes
}

/** A question's section: its prompt, an empty answer, and each part with an empty answer. */
export function createSection(question: Question, number: number, language: string): Y.XmlElement {
  const parts = (question.parts ?? []).map((part) => createPart(part, language))
  return element(
    NodeName.questionSection,
    { questionId: question.id, number: String(number), prompt: promptIn(question, language) },
    [createAnswer(), ...parts],
  )
}

export function createPart(part: QuestionPart, language: string): Y.XmlElement {
  return element(NodeName.questionPart, { partId: part.id, prompt: promptIn(part, language) }, [
    createAnswer(),
  ])
}

export function createAnswer(): Y.XmlElement {
  return element(NodeName.answer, {}, [element(NodeName.paragraph, {})])
}
