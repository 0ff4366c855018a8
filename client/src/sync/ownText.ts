import * as Y from 'yjs'

/**
 * The delete set of the update being applied: what its author deleted by name, having seen it.
 * Decoded from the update at the first call, and only then.
 */
export type DeletedByName = () => ReturnType<typeof Y.decodeUpdate>['ds']

/** Where the caret goes in a text: before the character at `index` (or at its end). */
export interface CaretPlace {
  text: Y.XmlText
  index: number
}

/** Whether `struct` holds letters this client typed (`doc.clientID`). */
export function ownStrings(doc: Y.Doc, struct: Y.AbstractStruct): struct is Y.Item {
  return (
    struct instanceof Y.Item &&
    struct.id.client === doc.clientID &&
    struct.content instanceof Y.ContentString
  )
}

/** The letters of `text` as shown, without marks: its string items that are not deleted. */
export function plainText(text: Y.XmlText): string {
  let plain = ''
  for (let item = text._start; item; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) plain += item.content.str
  }
  return plain
}
