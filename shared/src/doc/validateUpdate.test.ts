import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { compileSynthesis, SynthesisNode } from '../synthesis/compileSynthesis.js'
import { seededTable, testSession } from '../testing/index.js'
import { addComment, addReply, commentEntry, commentsOf, findQuote } from './comments.js'
import {
  announce,
  askForHelp,
  setLocked,
  setSessionTableIds,
  startCountdown,
} from './controlDocument.js'
import { MAX_PRIORITIES, NOTES_FRAGMENT, PRIORITIES_ARRAY } from './tableDocument.js'
import {
  CONTROL_SCHEMA,
  MAX_DEPTH,
  type RoomSchema,
  SYNTHESIS_SCHEMA,
  TABLE_SCHEMA,
} from './tableSchema.js'
import { SchemaViolation, validateUpdate } from './validateUpdate.js'

/** The server's copy of a room and a client that edits its own copy, as over the wire. */
function room(schema: RoomSchema = TABLE_SCHEMA) {
  const server = schema === TABLE_SCHEMA ? seededTable(testSession, 't1') : new Y.Doc()
  if (schema === SYNTHESIS_SCHEMA) {
    const table = seededTable(testSession, 't1')
    compileSynthesis(testSession, [{ id: 't1', doc: table }], server, '2026-01-01T00:00:00Z')
  }
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  /**
   * Makes a change on `by` (a fresh copy of the server's document unless given); the server
   * checks it, and applies it if it passes, as the relay does.
   */
  const send = (change: (doc: Y.Doc) => void, by?: Y.Doc) => {
    const writer = by ?? new Y.Doc()
    if (!by) Y.applyUpdate(writer, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(server)
    writer.transact(() => change(writer))
    const update = Y.encodeStateAsUpdate(writer, before)
    validateUpdate(schema, server, Y.decodeUpdate(update))
    Y.applyUpdate(server, update)
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  }
  return { server, client, send }
}

const notes = (doc: Y.Doc) => doc.getXmlFragment(NOTES_FRAGMENT)
const sectionOf = (doc: Y.Doc, index = 0) => notes(doc).get(index + 1) as Y.XmlElement
const answerOf = (doc: Y.Doc, index = 0) => sectionOf(doc, index).get(0) as Y.XmlElement
const paragraphOf = (doc: Y.Doc, index = 0) => answerOf(doc, index).get(0) as Y.XmlElement

function element(name: string, children: Array<Y.XmlElement | Y.XmlText> = []) {
  const node = new Y.XmlElement(name)
  node.insert(0, children)
  return node
}

/** Text with the given marks in `paragraph`. */
function formatted(paragraph: Y.XmlElement, marks: Record<string, unknown>): void {
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  text.insert(0, 'x', marks)
}

/** Nests `depth` blockquotes one element at a time, as a script with a stock client can. */
function nest(parent: Y.XmlElement, depth: number): void {
  parent.doc!.transact(() => {
    let holder = parent
    for (let level = 0; level < depth; level++) {
      const child = new Y.XmlElement('blockquote')
      holder.insert(0, [child])
      holder = child
    }
  })
}

const refused = (run: () => void, reason: RegExp) => {
  let error: unknown = reason
  try {
    run()
  } catch (thrown) {
    error = thrown
  }
  expect(error).toBeInstanceOf(SchemaViolation)
  expect(String(error)).toMatch(reason)
}

describe('validateUpdate on a table', () => {
  it('accepts what the page writes: text, marks, links, lists, tables, priorities, help', () => {
    const { server, send } = room()
    send((doc) => {
      const text = new Y.XmlText('Decent work')
      paragraphOf(doc).insert(0, [text])
      text.format(0, 6, { bold: {} })
      text.insert(11, ' see', { link: { href: 'https://ilo.org', target: '_blank', rel: null } })
      text.insert(0, 'mail ', { link: { href: 'mailto:a@b.org' } })
    })
    send((doc) => {
      const heading = element('heading', [new Y.XmlText('Title')])
      heading.setAttribute('level', 2 as unknown as string)
      const list = element('bulletList', [element('listItem', [element('paragraph')])])
      const cell = element('tableCell', [element('paragraph', [new Y.XmlText('cell')])])
      cell.setAttribute('colspan', 1 as unknown as string)
      cell.setAttribute('colwidth', [120] as unknown as string)
      const table = element('table', [element('tableRow', [cell, element('tableHeader')])])
      answerOf(doc, 1).insert(1, [heading, list, table, element('horizontalRule')])
      paragraphOf(doc, 1).insert(0, [new Y.XmlText('a'), element('hardBreak')])
    })
    // A block outside any question (the gap cursor after the last one): other notes.
    send((doc) => notes(doc).insert(notes(doc).length, [element('paragraph')]))
    // What every page so far writes on a section it types in (y-tiptap writes the default).
    send((doc) => sectionOf(doc).setAttribute('retired', ''))
    send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ tagId: 'labour', label: 'Labour' }]))
    send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'Our own' }]))
    send((doc) => doc.getArray(PRIORITIES_ARRAY).delete(0, 1))
    send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'Again' }]))
    send((doc) => askForHelp(doc, 1_700_000_000_000))
    send((doc) => answerOf(doc).delete(0, answerOf(doc).length))
    expect(server.getArray(PRIORITIES_ARRAY).length).toBe(MAX_PRIORITIES)
  })

  it('refuses a forged prompt, a retired flag and a removed attribute', () => {
    const { send } = room()
    refused(() => send((doc) => sectionOf(doc).setAttribute('prompt', 'FORGED')), /prompt/)
    refused(() => send((doc) => sectionOf(doc).setAttribute('retired', 'true')), /retired/)
    refused(() => send((doc) => sectionOf(doc).removeAttribute('questionId')), /questionId/)
    refused(
      () => send((doc) => (notes(doc).get(0) as Y.XmlElement).setAttribute('name', 'x')),
      /name/,
    )
    refused(() => send((doc) => answerOf(doc).setAttribute('dir', 'rtl')), /dir/)
  })

  it('refuses deleting or creating the seeded structure', () => {
    const { send } = room()
    refused(
      () => send((doc) => notes(doc).delete(1, 1)),
      /deletes the structure node questionSection/,
    )
    refused(() => send((doc) => sectionOf(doc).delete(0, 1)), /deletes the structure node answer/)
    refused(() => send((doc) => notes(doc).delete(0, 1)), /tableTitle/)
    refused(
      () => send((doc) => notes(doc).insert(1, [element('questionSection', [element('answer')])])),
      /creates the structure node questionSection/,
    )
    refused(() => send((doc) => answerOf(doc).insert(0, [element('answer')])), /answer/)
  })

  it('refuses unknown nodes, marks, attributes, places and links the page does not allow', () => {
    const { send } = room()
    refused(
      () => send((doc) => answerOf(doc).insert(0, [element('script')])),
      /unknown node script/,
    )
    refused(
      () => send((doc) => answerOf(doc).insert(0, [element('listItem')])),
      /listItem may not stand in answer/,
    )
    refused(
      () => send((doc) => paragraphOf(doc).insert(0, [element('paragraph')])),
      /may not stand/,
    )
    refused(() => send((doc) => sectionOf(doc).insert(1, [element('paragraph')])), /may not stand/)
    refused(() => send((doc) => formatted(paragraphOf(doc), { blink: {} })), /unknown mark blink/)
    for (const href of [
      'javascript:alert(1)',
      'JaVa\nScRiPt:alert(1)',
      'data:text/html,x',
      '/relative',
    ]) {
      refused(() => send((doc) => formatted(paragraphOf(doc), { link: { href } })), /mark link/)
    }
    refused(
      () => send((doc) => paragraphOf(doc).setAttribute('onclick', 'alert(1)')),
      /attribute onclick of paragraph/,
    )
    refused(
      () =>
        send((doc) => {
          const heading = element('heading')
          heading.setAttribute('level', 9 as unknown as string)
          answerOf(doc).insert(0, [heading])
        }),
      /level/,
    )
  })

  it('takes a call to action holding paragraphs, and keeps it holding one or more', () => {
    const { server, send } = room()
    const call = (children: Array<Y.XmlElement | Y.XmlText>, actor = 'Ministry') => {
      const node = element('callToAction', children)
      node.setAttribute('actor', actor)
      node.setAttribute('timeframe', 'by June')
      return node
    }
    send((doc) => answerOf(doc).insert(1, [call([element('paragraph', [new Y.XmlText('Act')])])]))
    const stored = () => answerOf(server).get(1) as Y.XmlElement
    expect(stored().nodeName).toBe('callToAction')
    // Typing in the action, changing the actor, deleting the whole card: all fine.
    send((doc) =>
      ((answerOf(doc).get(1) as Y.XmlElement).get(0) as Y.XmlElement).insert(1, [
        new Y.XmlText(' now'),
      ]),
    )
    send((doc) => (answerOf(doc).get(1) as Y.XmlElement).setAttribute('actor', 'Unions'))
    expect(stored().getAttribute('actor')).toBe('Unions')
    // A paragraph replaced by another in one change still leaves one.
    send((doc) => {
      const held = answerOf(doc).get(1) as Y.XmlElement
      held.delete(0, 1)
      held.insert(0, [element('paragraph')])
    })

    refused(
      () => send((doc) => answerOf(doc).insert(0, [call([])])),
      /callToAction holding other than one or more paragraph \(0 children\)/,
    )
    refused(
      () =>
        send((doc) => answerOf(doc).insert(0, [call([element('paragraph'), element('heading')])])),
      /heading may not stand in callToAction/,
    )
    refused(
      () => send((doc) => answerOf(doc).insert(0, [call([element('heading')])])),
      /heading may not stand in callToAction/,
    )
    refused(
      () => send((doc) => answerOf(doc).insert(0, [call([new Y.XmlText('loose')])])),
      /puts text in callToAction/,
    )
    refused(
      () => send((doc) => answerOf(doc).insert(0, [call([element('paragraph')], 'x'.repeat(201))])),
      /attribute actor of callToAction/,
    )
    refused(
      () => send((doc) => (answerOf(doc).get(1) as Y.XmlElement).setAttribute('owner', 'x')),
      /attribute owner of callToAction/,
    )
    // On the room's card: its last paragraph deleted is refused.
    refused(
      () => send((doc) => (answerOf(doc).get(1) as Y.XmlElement).delete(0, 1)),
      /callToAction holding other than one or more paragraph \(0 children\)/,
    )
    // Two paragraphs (what two writers' concurrent replacements merge into) are stored, and
    // either may then be deleted while the other stays.
    send((doc) => (answerOf(doc).get(1) as Y.XmlElement).insert(1, [element('paragraph')]))
    expect(stored().length).toBe(2)
    send((doc) => (answerOf(doc).get(1) as Y.XmlElement).delete(0, 1))
    expect(stored().length).toBe(1)
    send((doc) => answerOf(doc).insert(0, [call([element('paragraph'), element('paragraph')])]))
    expect((answerOf(server).get(0) as Y.XmlElement).length).toBe(2)
    send((doc) => answerOf(doc).delete(0, 1))
    send((doc) => answerOf(doc).delete(1, 1))
    expect(answerOf(server).length).toBe(1)
  })

  it('takes undoing and redoing a call to action as Yjs’s undo manager writes them', () => {
    const { server } = room()
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(server))
    const undo = new Y.UndoManager(notes(writer), { captureTimeout: 0 })
    /** One local change of the writer's, checked and applied as the relay does. */
    const send = (change: () => void) => {
      const before = Y.encodeStateVector(server)
      change()
      const update = Y.encodeStateAsUpdate(writer, before)
      validateUpdate(TABLE_SCHEMA, server, Y.decodeUpdate(update))
      Y.applyUpdate(server, update)
    }
    const shape = () =>
      answerOf(server)
        .toArray()
        .map((node) => (node instanceof Y.XmlElement ? `${node.nodeName}:${node.length}` : 'text'))
    send(() => {
      const call = element('callToAction', [element('paragraph', [new Y.XmlText('Act')])])
      call.setAttribute('actor', 'Unions')
      answerOf(writer).insert(1, [call])
    })
    send(() => answerOf(writer).delete(1, 1))
    expect(shape()).toEqual(['paragraph:0'])
    send(() => undo.undo())
    expect(shape()).toEqual(['paragraph:0', 'callToAction:1'])
    expect((answerOf(server).get(1) as Y.XmlElement).getAttribute('actor')).toBe('Unions')
    send(() => undo.undo())
    expect(shape()).toEqual(['paragraph:0'])
    send(() => undo.redo())
    expect(shape()).toEqual(['paragraph:0', 'callToAction:1'])
  })

  it('refuses every client write to the comments, which only the server writes', () => {
    const { server, send } = room()
    send((doc) => {
      const text = new Y.XmlText()
      paragraphOf(doc).insert(0, [text])
      text.insert(0, 'water and housing')
    })
    const place = findQuote(server, 'housing')!
    const comment = { id: 'c1', author: 'Mod', role: 'moderator' as const, text: 'Which?' }
    addComment(server, place, { ...comment, createdAt: 1 })
    refused(
      () => send((doc) => commentsOf(doc).push([new Y.Map<unknown>()])),
      /writes comments, the server's/,
    )
    refused(
      () => send((doc) => commentEntry(doc, 'c1')!.set('resolved', true)),
      /writes comments, the server's/,
    )
    refused(
      () =>
        send((doc) => addReply(commentEntry(doc, 'c1')!, { ...comment, id: 'r', createdAt: 2 })),
      /writes comments, the server's/,
    )
    refused(() => send((doc) => commentsOf(doc).delete(0, 1)), /deletes from comments/)
    expect(commentEntry(server, 'c1')!.get('resolved')).toBe(false)
    // Deleting the quoted text is an ordinary edit of the notes.
    send((doc) => (paragraphOf(doc).get(0) as Y.XmlText).delete(10, 7))
  })

  it('refuses unknown top-level types and misshapen entries', () => {
    const { send } = room()
    refused(
      () => send((doc) => doc.getText('notes-text').insert(0, 'x')),
      /unknown top-level type notes-text/,
    )
    refused(() => send((doc) => doc.getMap('x').set('a', 1)), /unknown top-level type x/)
    refused(() => send((doc) => doc.getMap('signals').set('other', 1)), /signals key other/)
    refused(() => send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 3 }])), /entry/)
    refused(
      () => send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'x'.repeat(201) }])),
      /entry/,
    )
    refused(
      () => send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'a', extra: 1 }])),
      /entry/,
    )
  })

  it('refuses a third priority from a writer who saw two, and more than the ceiling', () => {
    const { server, send } = room()
    send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'one' }, { label: 'two' }]))
    refused(() => send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'three' }])), /saw 2/)
    refused(
      () =>
        send((doc) =>
          doc.getArray(PRIORITIES_ARRAY).push([{ label: 'a' }, { label: 'b' }, { label: 'c' }]),
        ),
      /at once/,
    )
    // A crafted entry placed after the first one claims to have seen one: the ceiling holds.
    for (let index = 0; index < 2; index++) {
      send((doc) => doc.getArray(PRIORITIES_ARRAY).insert(1, [{ label: `crafted ${index}` }]))
    }
    refused(
      () => send((doc) => doc.getArray(PRIORITIES_ARRAY).insert(1, [{ label: 'more' }])),
      /leaves 5/,
    )
    expect(server.getArray(PRIORITIES_ARRAY).length).toBe(2 * MAX_PRIORITIES)
  })

  it('lets two writers who each saw one priority add theirs at the same moment', () => {
    const { server, client, send } = room()
    send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'shared' }]))
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(client))
    send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'mine' }]))
    send((doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'theirs' }]), other)
    expect(server.getArray(PRIORITIES_ARRAY).length).toBe(3)
  })

  it(`refuses nesting deeper than ${MAX_DEPTH}, also 20,000 deep, in any order`, () => {
    const { send, server } = room()
    // An answer is at depth 2, so MAX_DEPTH - 3 blockquotes and a paragraph fit.
    send((doc) => {
      let node = element('paragraph')
      for (let depth = 3; depth < MAX_DEPTH; depth++) node = element('blockquote', [node])
      answerOf(doc).insert(0, [node])
    })
    refused(
      () =>
        send((doc) => {
          let node = element('paragraph')
          for (let depth = 3; depth <= MAX_DEPTH; depth++) node = element('blockquote', [node])
          answerOf(doc).insert(0, [node])
        }),
      /deeper than 32/,
    )
    const deep = new Y.Doc()
    Y.applyUpdate(deep, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(server)
    nest(answerOf(deep), 20_000)
    const decoded = Y.decodeUpdate(Y.encodeStateAsUpdate(deep, before))
    expect(() => validateUpdate(TABLE_SCHEMA, server, decoded)).toThrow(/deeper than 32/)
    decoded.structs.reverse()
    expect(() => validateUpdate(TABLE_SCHEMA, server, decoded)).toThrow(/deeper than 32/)
  }, 30_000)

  it('lets writes inside a nest stored before the checks be refused without overflowing', () => {
    const { server } = room()
    nest(answerOf(server), 20_000)
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    let inner = answerOf(client).get(0) as Y.XmlElement
    while (inner.length > 0) inner = inner.get(0) as Y.XmlElement
    const before = Y.encodeStateVector(server)
    inner.insert(0, [element('paragraph')])
    const update = Y.decodeUpdate(Y.encodeStateAsUpdate(client, before))
    expect(() => validateUpdate(TABLE_SCHEMA, server, update)).toThrow(/deeper than 32/)
  }, 30_000)

  it('accepts any document the seed and ordinary edits produce', () => {
    const edit = fc.oneof(
      fc.record({
        type: fc.constant('type' as const),
        at: fc.nat(),
        text: fc.string({ maxLength: 8 }),
      }),
      fc.record({ type: fc.constant('bold' as const), at: fc.nat(), length: fc.nat(5) }),
      fc.record({
        type: fc.constant('block' as const),
        at: fc.nat(),
        name: fc.constantFrom(
          'paragraph',
          'heading',
          'bulletList',
          'blockquote',
          'codeBlock',
          'horizontalRule',
          'table',
        ),
      }),
      fc.record({ type: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({
        type: fc.constant('priority' as const),
        label: fc.string({ minLength: 1, maxLength: 120 }),
      }),
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), edit), { maxLength: 30 }), (edits) => {
        const { client, send } = room()
        const other = new Y.Doc()
        Y.applyUpdate(other, Y.encodeStateAsUpdate(client))
        for (const [who, change] of edits) {
          const by = who === 0 ? client : other
          send((doc) => ordinaryEdit(doc, change), by)
          Y.applyUpdate(other, Y.encodeStateAsUpdate(client))
        }
      }),
      { numRuns: 60 },
    )
  }, 30_000)
})

type OrdinaryEdit =
  | { type: 'type'; at: number; text: string }
  | { type: 'bold'; at: number; length: number }
  | { type: 'block'; at: number; name: string }
  | { type: 'delete'; at: number }
  | { type: 'priority'; label: string }

/** What a person does through the page: text in answers, formatting, blocks, priorities. */
function ordinaryEdit(doc: Y.Doc, edit: OrdinaryEdit): void {
  const answers = notes(doc)
    .toArray()
    .flatMap((node) => (node instanceof Y.XmlElement ? [node, ...node.toArray()] : []))
    .flatMap((node) => (node instanceof Y.XmlElement ? [node, ...node.toArray()] : []))
    .filter(
      (node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'answer',
    )
  const answer = answers[('at' in edit ? edit.at : 0) % answers.length]!
  const paragraph = answer
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'paragraph') as
    | Y.XmlElement
    | undefined
  switch (edit.type) {
    case 'type': {
      if (!paragraph) return
      const text =
        paragraph.get(0) instanceof Y.XmlText ? (paragraph.get(0) as Y.XmlText) : new Y.XmlText()
      if (!text.parent) paragraph.insert(0, [text])
      text.insert(edit.at % (text.length + 1), edit.text)
      return
    }
    case 'bold': {
      const text = paragraph?.get(0)
      if (text instanceof Y.XmlText)
        text.format(edit.at % (text.length + 1), edit.length, { bold: {} })
      return
    }
    case 'block': {
      const block = new Y.XmlElement(edit.name)
      if (edit.name === 'heading') block.setAttribute('level', 2 as unknown as string)
      if (edit.name === 'bulletList') block.insert(0, [element('listItem', [element('paragraph')])])
      if (edit.name === 'blockquote') block.insert(0, [element('paragraph')])
      if (edit.name === 'table') {
        block.insert(0, [element('tableRow', [element('tableCell', [element('paragraph')])])])
      }
      answer.insert(edit.at % (answer.length + 1), [block])
      return
    }
    case 'delete':
      if (answer.length > 1) answer.delete(edit.at % answer.length, 1)
      return
    case 'priority': {
      const priorities = doc.getArray(PRIORITIES_ARRAY)
      if (priorities.length < MAX_PRIORITIES) priorities.push([{ label: edit.label }])
      else priorities.delete(0, 1)
      return
    }
  }
}

describe('validateUpdate on the synthesis and the control room', () => {
  it('lets rapporteurs write summaries and nothing of the compiled structure', () => {
    const { send } = room(SYNTHESIS_SCHEMA)
    const question = (doc: Y.Doc) => notes(doc).get(1) as Y.XmlElement
    send((doc) =>
      ((question(doc).get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [
        new Y.XmlText('sum'),
      ]),
    )
    refused(() => send((doc) => question(doc).setAttribute('prompt', 'x')), /prompt/)
    refused(() => send((doc) => question(doc).delete(0, 1)), /deletes the structure node summary/)
    refused(() => send((doc) => notes(doc).delete(0, 1)), /synthesisHeader/)
  })

  it('refuses client-made synthesis structure and accepts blocks', () => {
    const { send } = room(SYNTHESIS_SCHEMA)
    refused(
      () =>
        send((doc) =>
          doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [element(SynthesisNode.question)]),
        ),
      /synthesisQuestion/,
    )
    send((doc) =>
      doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [element('paragraph', [new Y.XmlText('x')])]),
    )
  })

  it('accepts the moderators’ controls and refuses anything else', () => {
    const { send } = room(CONTROL_SCHEMA)
    send((doc) => startCountdown(doc, 15, 1_700_000_000_000))
    send((doc) => setLocked(doc, true))
    send((doc) => announce(doc, 'Five minutes left', 1_700_000_000_000, 'a1'))
    refused(() => send((doc) => doc.getMap('control').set('locked', 'yes')), /locked/)
    refused(() => send((doc) => announce(doc, 'x'.repeat(1001), 1, 'a2')), /entry/)
    // Which tables the session has is the server's: a moderator could otherwise close any.
    refused(() => send((doc) => setSessionTableIds(doc, ['t1'])), /session, the server's/)
    refused(
      () => send((doc) => doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [element('paragraph')])),
      /unknown top-level type notes/,
    )
  })
})
