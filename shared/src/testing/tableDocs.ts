import * as Y from 'yjs'
import { createTableSeed } from '../doc/seedTable.js'
import { NOTES_FRAGMENT } from '../doc/tableDocument.js'
import type { Session } from '../session/sessionSchema.js'

/** A new document holding table `tableId`'s seed: what a client has before anyone types. */
export function seededTable(session: Session, tableId: string): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, createTableSeed(session, tableId))
  return doc
}

/**
 * The elements named `name` in a document's notes (a table's answers or paragraphs, the
 * synthesis's summaries), in document order. It does not look inside an element it returns.
 * Recursive: for the documents tests and benches build, not for a stored document of any depth.
 */
export function notesElements(doc: Y.Doc, name: string): Y.XmlElement[] {
  const found: Y.XmlElement[] = []
  const visit = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === name) found.push(child)
      else visit(child)
    }
  }
  visit(doc.getXmlFragment(NOTES_FRAGMENT))
  return found
}
