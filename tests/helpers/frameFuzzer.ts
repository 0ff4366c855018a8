import {
  createTableSeed,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MAX_AWARENESS_STATE_BYTES,
  MessageType,
  NOTES_FRAGMENT,
  PRIORITIES_ARRAY,
  type Session,
  SIGNALS_MAP,
} from '@tablenotes/shared'
import * as Y from 'yjs'

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Well-formed messages of every kind, made by a real document, to mutate. The edits are ones a
 * table's schema allows (text in paragraphs at the top of the notes, the call for help), so the
 * unmutated ones are applied and mutations test the wire, not the schema.
 */
export function createValidMessages(): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const fragment = doc.getXmlFragment(NOTES_FRAGMENT)
  const text = new Y.XmlText()
  const first = new Y.XmlElement('paragraph')
  first.insert(0, [text])
  fragment.insert(0, [first])
  for (let i = 0; i < 20; i++) {
    text.insert(Math.min(i, text.length), `word${i} `)
    if (i % 4 === 3) text.delete(0, 2)
    if (i % 5 === 0) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.setAttribute('dir', 'auto')
      paragraph.insert(0, [new Y.XmlText(`para ${i}`)])
      fragment.insert(0, [paragraph])
    }
    if (i % 6 === 0) doc.getMap(SIGNALS_MAP).set('helpAskedAt', 1_700_000_000_000 + i)
  }
  const awareness = encodeAwarenessUpdate([
    { clientId: doc.clientID, clock: 1, stateJson: JSON.stringify({ user: { name: 'fuzz' } }) },
  ])
  return [
    ...updates.map(encodeSyncUpdate),
    encodeSyncStep2(Y.encodeStateAsUpdate(doc)),
    encodeSyncStep1(Y.encodeStateVector(doc)),
    encodeAwarenessMessage(awareness),
    Uint8Array.of(MessageType.queryAwareness),
  ]
}

const HUGE_VARUINT = [0xff, 0xff, 0xff, 0xff, 0x0f]

type Mutation = (frame: Uint8Array, random: () => number) => Uint8Array

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!

const mutations: Array<[name: string, mutate: Mutation]> = [
  [
    'random bytes',
    (_frame, random) =>
      Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)),
  ],
  ['valid prefix', (frame, random) => frame.slice(0, Math.floor(random() * frame.length))],
  [
    'flipped byte',
    (frame, random) => {
      const copy = frame.slice()
      if (copy.length > 0)
        copy[Math.floor(random() * copy.length)]! ^= 1 << Math.floor(random() * 8)
      return copy
    },
  ],
  [
    'random byte',
    (frame, random) => {
      const copy = frame.slice()
      if (copy.length > 0) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256)
      return copy
    },
  ],
  [
    'truncated varint',
    (frame, random) =>
      Uint8Array.of(...frame.slice(0, Math.floor(random() * 3)), 0x80 | Math.floor(random() * 128)),
  ],
  [
    'huge length',
    (frame) => Uint8Array.of(...frame.slice(0, 2), ...HUGE_VARUINT, ...frame.slice(3)),
  ],
  [
    'wrong message type',
    (frame, random) => Uint8Array.of(pick([2, 4, 5, 9, 100, 127, 200], random), ...frame.slice(1)),
  ],
  [
    'wrong sync type',
    (frame, random) => Uint8Array.of(0, 3 + Math.floor(random() * 250), ...frame.slice(2)),
  ],
  [
    'inserted bytes',
    (frame, random) => {
      const at = Math.floor(random() * frame.length)
      return Uint8Array.of(
        ...frame.slice(0, at),
        ...Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 256)),
        ...frame.slice(at),
      )
    },
  ],
  ['trailing garbage', (frame, random) => Uint8Array.of(...frame, Math.floor(random() * 256))],
  ['duplicated valid message', (frame) => frame.slice()],
]

/** The name spoofed presence gives its victims: no honest client may ever show it. */
export const SPOOFED_NAME = 'SPOOFED'

/**
 * Well-formed awareness a hostile client sends: another person's client id with a clock far
 * ahead (P7: dropped), or a state just over MAX_AWARENESS_STATE_BYTES (4413).
 */
function awarenessAttacks(victims: readonly number[]): Array<[name: string, mutate: Mutation]> {
  const awareness = (clientId: number, clock: number, state: unknown) =>
    encodeAwarenessMessage(
      encodeAwarenessUpdate([{ clientId, clock, stateJson: JSON.stringify(state) }]),
    )
  return [
    [
      'spoofed awareness',
      (_frame, random) =>
        awareness(pick(victims, random), 1_000 + Math.floor(random() * 1_000_000), {
          user: { name: SPOOFED_NAME, color: '#000000' },
        }),
    ],
    [
      'oversize awareness',
      (_frame, random) =>
        awareness(Math.floor(random() * 2 ** 30), 1, {
          user: { name: 'big', pad: 'x'.repeat(MAX_AWARENESS_STATE_BYTES + random() * 1000) },
        }),
    ],
  ]
}

export interface FuzzFrame {
  kind: string
  bytes: Uint8Array
}

/**
 * `count` frames: valid messages mutated in every way the wire can go wrong, and, given the
 * awareness client ids of the honest clients in the room, presence that impersonates them or
 * is too large.
 */
export function createFuzzFrames(
  count: number,
  seed: number,
  options: { victims?: readonly number[] } = {},
): FuzzFrame[] {
  const random = createRandom(seed)
  const valid = createValidMessages()
  const kinds = options.victims?.length
    ? [...mutations, ...awarenessAttacks(options.victims)]
    : mutations
  return Array.from({ length: count }, () => {
    const [kind, mutate] = pick(kinds, random)
    return { kind, bytes: mutate(pick(valid, random), random) }
  })
}

/** An update a stock client can send that breaks a table's schema (PROTOCOL.md P13). */
export interface HostileUpdate {
  kind: string
  /** A sync update message, built on the table's seed only, so the room can apply it at once. */
  bytes: Uint8Array
  /** Text or a name that must never reach the stored document. */
  trace: string
}

type Edit = (doc: Y.Doc) => void

const firstSection = (doc: Y.Doc) => doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
const firstAnswer = (doc: Y.Doc) => firstSection(doc).get(0) as Y.XmlElement

/**
 * Puts a new paragraph at the start of `answer` holding `text` with `marks` (Yjs formatting
 * attributes, e.g. `{ link: { href } }`), written as a script with a stock client can.
 */
export function insertMarkedParagraph(
  answer: Y.XmlElement,
  text: string,
  marks: Record<string, unknown>,
): void {
  const paragraph = new Y.XmlElement('paragraph')
  const content = new Y.XmlText()
  paragraph.insert(0, [content])
  answer.insert(0, [paragraph])
  content.insert(0, text, marks)
}

/** `depth` blockquotes, one inside the other, at the start of `parent`, made one at a time. */
export function nestBlockquotes(parent: Y.XmlElement, depth: number): void {
  let holder = parent
  for (let level = 0; level < depth; level++) {
    const child = new Y.XmlElement('blockquote')
    holder.insert(0, [child])
    holder = child
  }
}

const marked = (doc: Y.Doc, marks: Record<string, unknown>) =>
  insertMarkedParagraph(firstAnswer(doc), 'hostile-mark', marks)

const HOSTILE_EDITS: Array<[kind: string, trace: string, edit: Edit]> = [
  [
    'forged prompt',
    'FORGED PROMPT',
    (doc) => firstSection(doc).setAttribute('prompt', 'FORGED PROMPT'),
  ],
  [
    'three priorities',
    'hostile-priority',
    (doc) =>
      doc
        .getArray(PRIORITIES_ARRAY)
        .push([1, 2, 3].map((n) => ({ label: `hostile-priority ${n}` }))),
  ],
  ['unknown top-level type', 'hostile-root', (doc) => doc.getText('hostile-root').insert(0, 'x')],
  ['unknown node', 'iframe', (doc) => firstAnswer(doc).insert(0, [new Y.XmlElement('iframe')])],
  ['unknown mark', 'hostile-mark', (doc) => marked(doc, { marquee: {} })],
  ['script link', 'javascript:', (doc) => marked(doc, { link: { href: 'javascript:alert(1)' } })],
  ['deep nest', 'blockquote', (doc) => nestBlockquotes(firstAnswer(doc), 2_000)],
  ['deleted section', 'deleted-section', (doc) => doc.getXmlFragment(NOTES_FRAGMENT).delete(1, 1)],
  [
    'made-up section',
    'q-hostile',
    (doc) => {
      const section = new Y.XmlElement('questionSection')
      section.setAttribute('questionId', 'q-hostile')
      section.insert(0, [new Y.XmlElement('answer')])
      doc.getXmlFragment(NOTES_FRAGMENT).insert(1, [section])
    },
  ],
]

/**
 * `count` updates of every kind the table schema refuses, each built by its own client on the
 * seed of `tableId`, in a random (seeded) order. Kept apart from the wire mutations above: these
 * frames are well formed, and only the document's shape makes them wrong.
 */
export function createHostileUpdates(
  session: Session,
  tableId: string,
  count: number,
  seed: number,
): HostileUpdate[] {
  const random = createRandom(seed)
  const base = new Y.Doc()
  Y.applyUpdate(base, createTableSeed(session, tableId))
  const built = HOSTILE_EDITS.map(([kind, trace, edit]) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
    doc.transact(() => edit(doc))
    const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(base))
    return { kind, trace, bytes: encodeSyncUpdate(update) }
  })
  return Array.from({ length: count }, (_, index) =>
    index < built.length ? built[index]! : pick(built, random),
  )
}
