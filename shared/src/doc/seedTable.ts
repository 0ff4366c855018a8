import * as Y from 'yjs'
import type { Question, QuestionPart, Session } from '../session/sessionSchema.js'
import { NOTES_FRAGMENT, NodeName, SEED_CLIENT_ID } from './tableDocument.js'
import { element } from './xmlNodes.js'

/**
 * The initial content of a table's document as one Yjs update: a title and one locked section
 * per guiding question with an empty answer area. Pure and deterministic: the same session and
 * table always give the same bytes, so the server can apply it whenever a room is first loaded,
 * from any instance, without ever duplicating a question. Clients never seed.
 */
export function createTableSeed(session: Session, tableId: string): Uint8Array {
  const table = session.tables.find((t) => t.id === tableId)
  if (!table) throw new Error(`session ${session.id} has no table ${tableId}`)
  const doc = new Y.Doc({ gc: true })
  doc.clientID = SEED_CLIENT_ID
  const title = element(NodeName.tableTitle, { name: table.name, region: table.region ?? '' })
  const sections = session.questions.map((question, index) => createSection(question, index + 1))
  doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [title, ...sections])
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** A question's section: its prompt, an empty answer, and each part with an empty answer. */
export function createSection(question: Question, number: number): Y.XmlElement {
  const parts = (question.parts ?? []).map(createPart)
  return element(
    NodeName.questionSection,
    { questionId: question.id, number: String(number), prompt: question.text },
    [createAnswer(), ...parts],
  )
}

export function createPart(part: QuestionPart): Y.XmlElement {
  return element(NodeName.questionPart, { partId: part.id, prompt: part.text }, [createAnswer()])
}

export function createAnswer(): Y.XmlElement {
  return element(NodeName.answer, {}, [element(NodeName.paragraph, {})])
}
