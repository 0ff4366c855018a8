import type { Store } from '@tablenotes/server'
import {
  ANNOUNCEMENTS_ARRAY,
  type Announcement,
  CALL_TO_ACTION,
  CONTROL_ROOM,
  NOTES_FRAGMENT,
} from '@tablenotes/shared'
import * as Y from 'yjs'
import {
  connectClient,
  isStoredOnServer,
  type TestClient,
  waitFor,
  waitForSync,
} from './clients.js'

/*
 * Where tests type. The server refuses whatever a room's schema does not allow (PROTOCOL.md
 * P13), so a test writes what a page could: text in a paragraph at the top of the notes, where
 * the editor's gap cursor puts notes outside the questions; in `_control`, announcements.
 */

function topParagraphs(doc: Y.Doc): Y.XmlElement[] {
  return doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .filter(
      (node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph',
    )
}

/**
 * The text of the first paragraph at the top of the notes, made (at the end) if there is none.
 * Two clients that make one at the same moment each write their own until they see the other's.
 */
export function notesText(doc: Y.Doc): Y.XmlText {
  const paragraph = topParagraphs(doc)[0]
  const existing = paragraph?.get(0)
  if (existing instanceof Y.XmlText) return existing
  const text = new Y.XmlText()
  doc.transact(() => {
    if (paragraph) paragraph.insert(0, [text])
    else {
      const created = new Y.XmlElement('paragraph')
      created.insert(0, [text])
      const fragment = doc.getXmlFragment(NOTES_FRAGMENT)
      fragment.insert(fragment.length, [created])
    }
  })
  return text
}

/** Everything typed at the top of the notes, in document order. */
export function plainNotes(doc: Y.Doc): string {
  return topParagraphs(doc)
    .map((paragraph) =>
      paragraph
        .toArray()
        .map((node) => (node instanceof Y.XmlText ? node.toString() : ''))
        .join(''),
    )
    .join('')
}

/** The document `store` holds for `room` (`session/table`): every stored row applied to a fresh doc. */
export async function storedDoc(store: Pick<Store, 'loadRoom'>, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const row of await store.loadRoom(room)) Y.applyUpdate(doc, row.update)
  return doc
}

/** Appends `text` where a page could write in `roomId`: the notes, or an announcement. */
export function appendText(doc: Y.Doc, roomId: string, text: string): void {
  if (roomId === CONTROL_ROOM) {
    const announcement: Announcement = {
      id: `${Date.now()}-${Math.random()}`,
      text,
      at: Date.now(),
    }
    doc.getArray<Announcement>(ANNOUNCEMENTS_ARRAY).push([announcement])
    return
  }
  const target = notesText(doc)
  target.insert(target.length, text)
}

/** What appendText wrote in `roomId`, in order. */
export function readText(doc: Y.Doc, roomId: string): string {
  if (roomId === CONTROL_ROOM) {
    return doc
      .getArray<Announcement>(ANNOUNCEMENTS_ARRAY)
      .toArray()
      .map((announcement) => announcement.text)
      .join('')
  }
  return plainNotes(doc)
}

/** The answer of a table's first question (the notes' second node, after the top paragraph). */
export function firstAnswer(doc: Y.Doc): Y.XmlElement {
  const section = doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
  return section.get(0) as Y.XmlElement
}

/**
 * Writes a call to action after the first paragraph of the first question's answer, as the
 * editor does (the who and by-when fields as attributes, the action as one paragraph), and waits
 * until the server acknowledged it (the client must ask for `stored`, as `join` does).
 */
export async function writeCallToAction(
  client: TestClient,
  fields: { actor: string; timeframe?: string; action: string },
): Promise<void> {
  const call = new Y.XmlElement(CALL_TO_ACTION)
  call.setAttribute('actor', fields.actor)
  if (fields.timeframe !== undefined) call.setAttribute('timeframe', fields.timeframe)
  call.insert(0, [paragraphOf(fields.action)])
  firstAnswer(client.doc).insert(1, [call])
  await waitFor('the call to be stored', () => isStoredOnServer(client))
}

/** A paragraph holding `text`, as the editor writes one. */
export function paragraphOf(text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  return paragraph
}

/** An element `name` (a node of the notes' schema) holding `children`, in order. */
export function elementOf(name: string, children: readonly Y.XmlElement[]): Y.XmlElement {
  const element = new Y.XmlElement(name)
  element.insert(0, [...children])
  return element
}

/**
 * Appends `node` (a fresh element, see `elementOf`) at the end of the first question's answer of
 * table `room`, through a stock client on `collabUrl`, as a page could write it; resolves once
 * the server acknowledged it.
 */
export async function storeInFirstAnswer(
  collabUrl: string,
  room: string,
  node: Y.XmlElement,
): Promise<void> {
  const client = connectClient(collabUrl, room, { stored: true })
  await waitForSync(client)
  const answer = firstAnswer(client.doc)
  answer.insert(answer.length, [node])
  await waitFor(`the ${node.nodeName} to be stored`, () => isStoredOnServer(client))
  client.destroy()
}

/**
 * Stores a bullet list of `items` at the end of the first question's answer of table `room`,
 * through a stock client on `collabUrl`; resolves once the server acknowledged it.
 */
export function storeBulletList(
  collabUrl: string,
  room: string,
  items: readonly string[],
): Promise<void> {
  const list = elementOf(
    'bulletList',
    items.map((text) => elementOf('listItem', [paragraphOf(text)])),
  )
  return storeInFirstAnswer(collabUrl, room, list)
}

/** The answer element of question `questionId` (or of its part `partId`) in a table document. */
export function answerOf(doc: Y.Doc, questionId: string, partId?: string): Y.XmlElement {
  const children = (parent: Y.XmlFragment | Y.XmlElement) =>
    parent.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
  const section = children(doc.getXmlFragment(NOTES_FRAGMENT)).find(
    (node) => node.getAttribute('questionId') === questionId,
  )!
  const holder =
    partId === undefined
      ? section
      : children(section).find((node) => node.getAttribute('partId') === partId)!
  return children(holder).find((node) => node.nodeName === 'answer')!
}

/**
 * Replaces an answer's content with one paragraph per text, as the editor would write it, and
 * waits until the server acknowledged it (the client must ask for `stored`, as `join` does).
 */
export async function writeAnswer(
  client: TestClient,
  questionId: string,
  texts: string[],
  partId?: string,
): Promise<void> {
  const target = answerOf(client.doc, questionId, partId)
  client.doc.transact(() => {
    target.delete(0, target.length)
    target.insert(0, texts.map(paragraphOf))
  })
  await waitFor('the edit to be stored', () => isStoredOnServer(client))
}
