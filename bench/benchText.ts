import { NOTES_FRAGMENT } from '@tablenotes/shared'
import * as Y from 'yjs'

/**
 * Where benchmark clients type. Tablenotes refuses every top-level type but a table's own
 * (PROTOCOL.md P13), so clients type in a paragraph at the top of the notes, a place the
 * editor writes too. The paragraph comes from one update made with a fixed client id, which
 * every client applies (Yjs keeps one copy), so all the clients of a table type in the same text.
 */
const BENCH_CLIENT_ID = 0xbe4c4

const paragraphUpdate = (() => {
  const doc = new Y.Doc()
  doc.clientID = BENCH_CLIENT_ID
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText()])
  doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [paragraph])
  return Y.encodeStateAsUpdate(doc)
})()

/** The shared bench text of a table's document, made (identically everywhere) if missing. */
export function benchText(doc: Y.Doc): Y.XmlText {
  Y.applyUpdate(doc, paragraphUpdate)
  const paragraph = doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node._item?.id.client === BENCH_CLIENT_ID)
  return (paragraph as Y.XmlElement).get(0) as Y.XmlText
}
