import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  answerSchema,
  type EditorView,
  editorOn,
  paragraph,
  prosemirrorToYXmlFragment,
  TextSelection,
} from '../testing/boundEditor.js'
import { applyKeepingOwnText, CARET_PLACE, KEPT_OWN_TEXT } from './keepOwnText.js'
import type { CaretPlace } from './ownText.js'

/*
 * Two people edit one answer through real y-tiptap editors, each change unseen by the other
 * until they exchange: the structural change of one (a join, an indent) deletes the Yjs element
 * the other was typing in. Every update reaches the other copy through applyKeepingOwnText,
 * as the page's sync does.
 */

const { sinkListItem, splitListItem } = await import('@tiptap/pm/schema-list')
const { splitBlock } = await import('@tiptap/pm/commands')

const schema = answerSchema
const item = (text: string) => schema.node('listItem', null, [paragraph(text)])

/** Alice and Bruno, each with a bound editor, sharing an answer holding `blocks`. */
async function twoEditors(blocks: ReturnType<typeof paragraph>[]) {
  const alice = new Y.Doc()
  const bruno = new Y.Doc()
  prosemirrorToYXmlFragment(
    schema.node('doc', null, [schema.node('answer', null, blocks)]),
    alice.getXmlFragment('notes'),
  )
  Y.applyUpdate(bruno, Y.encodeStateAsUpdate(alice))
  const views = { alice: editorOn(alice, schema), bruno: editorOn(bruno, schema) }
  // y-tiptap renders the shared document on the next turn.
  await new Promise((resolve) => setTimeout(resolve, 0))
  return { alice, bruno, views }
}

/** Sends each copy what it lacks, as the server relays it: through applyKeepingOwnText. */
function exchange(from: Y.Doc, to: Y.Doc) {
  applyKeepingOwnText(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'server')
}

function sync(a: Y.Doc, b: Y.Doc) {
  exchange(a, b)
  exchange(b, a)
  // Whatever either put back travels too.
  exchange(a, b)
  exchange(b, a)
}

/** Types `text` at document position `at` in `view`, as a keystroke run would. */
function typeAt(view: InstanceType<typeof EditorView>, at: number, text: string) {
  const { state } = view
  view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, at)).insertText(text))
}

/** The position just inside the start of the `index`th block of the answer. */
function blockStart(view: InstanceType<typeof EditorView>, index: number) {
  let position = 2
  const answer = view.state.doc.child(0)
  for (let i = 0; i < index; i++) position += answer.child(i).nodeSize
  return position
}

/** The text of each block of the answer in `view`. */
const blocksOf = (view: InstanceType<typeof EditorView>) =>
  view.state.doc.child(0).children.map((block) => block.textContent)

describe('text a concurrent change of block structure removed with its block', () => {
  it('keeps words typed into a paragraph that someone else joined to the one before', async () => {
    const { alice, bruno, views } = await twoEditors([
      paragraph('first line'),
      paragraph('second line'),
    ])
    typeAt(views.bruno, blockStart(views.bruno, 1) + 'second'.length, ' BRUNO-WORDS')
    // Alice presses Backspace at the start of the second paragraph.
    const joinAt = blockStart(views.alice, 1) - 1
    views.alice.dispatch(views.alice.state.tr.join(joinAt))
    sync(alice, bruno)

    for (const view of [views.alice, views.bruno]) {
      // In the joined paragraph, where Bruno typed them among the words Alice saw.
      expect(blocksOf(view)).toEqual(['first linesecond BRUNO-WORDS line'])
    }
    expect(views.alice.state.doc.eq(views.bruno.state.doc)).toBe(true)
  })

  it('keeps words typed into a list item that someone else indented', async () => {
    const { alice, bruno, views } = await twoEditors([
      schema.node('bulletList', null, [item('one'), item('second one')]),
    ])
    const inTwo = blockStart(views.bruno, 0) + item('one').nodeSize + 2 + 'second one'.length
    typeAt(views.bruno, inTwo, ' and BRUNO-WORDS')
    const state = views.alice.state
    const caretInTwo = blockStart(views.alice, 0) + item('one').nodeSize + 3
    views.alice.dispatch(state.tr.setSelection(TextSelection.create(state.doc, caretInTwo)))
    expect(sinkListItem(schema.nodes.listItem!)(views.alice.state, views.alice.dispatch)).toBe(true)
    sync(alice, bruno)

    for (const view of [views.alice, views.bruno]) {
      // In the item, now nested, where Bruno typed them.
      const list = view.state.doc.child(0).child(0)
      expect(list.childCount).toBe(1)
      expect(list.child(0).textContent).toBe('onesecond one and BRUNO-WORDS')
      expect(list.child(0).child(1).type.name).toBe('bulletList')
    }
    expect(views.alice.state.doc.eq(views.bruno.state.doc)).toBe(true)
  })

  it('leaves deleted what someone deleted after seeing it', async () => {
    const { alice, bruno, views } = await twoEditors([paragraph('keep'), paragraph('second')])
    typeAt(views.bruno, blockStart(views.bruno, 1), 'BRUNO-WORDS ')
    sync(alice, bruno)
    // Alice saw Bruno's words, then deletes from the end of the first paragraph to the end.
    const { state } = views.alice
    const from = blockStart(views.alice, 0) + 'keep'.length
    views.alice.dispatch(state.tr.delete(from, state.doc.child(0).nodeSize - 2))
    sync(alice, bruno)

    for (const view of [views.alice, views.bruno]) {
      expect(view.state.doc.textContent).toBe('keep')
    }
  })

  it('puts them back as a block of their own when their text is too short to find its copy, and says where the caret goes', async () => {
    const { alice, bruno, views } = await twoEditors([paragraph('one'), paragraph('two')])
    typeAt(views.bruno, blockStart(views.bruno, 1) + 'two'.length, ' LAST')
    views.alice.dispatch(views.alice.state.tr.join(blockStart(views.alice, 1) - 1))
    let caret: CaretPlace | null = null
    bruno.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === KEPT_OWN_TEXT) caret = transaction.meta.get(CARET_PLACE)
    })
    exchange(alice, bruno)

    const { text, index } = caret as unknown as CaretPlace
    expect(String(text)).toBe(' LAST')
    expect(index).toBe(' LAST'.length)
    expect(blocksOf(views.bruno)).toEqual(['onetwo', ' LAST'])
  })
})

describe('text someone else moved to a new paragraph while one typed in it (Enter in its middle)', () => {
  const start = 'Shared start. alice wrote this sentence. bruno wrote another'

  /** Alice presses Enter before "bruno"; Bruno meanwhile types `typed` at `offset` of `start`. */
  async function splitWhileTyping(offset: number, typed: string) {
    const { alice, bruno, views } = await twoEditors([paragraph(start)])
    const { state } = views.alice
    const before = 2 + start.indexOf('bruno')
    views.alice.dispatch(state.tr.setSelection(TextSelection.create(state.doc, before)))
    expect(splitBlock(views.alice.state, views.alice.dispatch)).toBe(true)
    typeAt(views.bruno, 2 + offset, typed)
    return { alice, bruno, views }
  }

  it('puts words typed at its end after the text they followed, in the new paragraph', async () => {
    const { alice, bruno, views } = await splitWhileTyping(start.length, ' one.')
    sync(alice, bruno)
    for (const view of [views.alice, views.bruno]) {
      expect(blocksOf(view)).toEqual([
        'Shared start. alice wrote this sentence. ',
        'bruno wrote another one.',
      ])
    }
  })

  it('puts words typed in its middle where they were among its letters', async () => {
    const { alice, bruno, views } = await splitWhileTyping(start.indexOf(' wrote another'), ' also')
    sync(alice, bruno)
    for (const view of [views.alice, views.bruno]) {
      expect(blocksOf(view)).toEqual([
        'Shared start. alice wrote this sentence. ',
        'bruno also wrote another',
      ])
    }
  })

  it('says where the caret goes: after the words moved', async () => {
    const { alice, bruno } = await splitWhileTyping(start.length, ' one.')
    let caret: CaretPlace | null = null
    bruno.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === KEPT_OWN_TEXT) caret = transaction.meta.get(CARET_PLACE)
    })
    exchange(alice, bruno)
    const { text, index } = caret as unknown as CaretPlace
    expect(String(text).slice(0, index)).toBe('bruno wrote another one.')
  })

  it('leaves words typed after text someone deleted without copying it where they were typed', async () => {
    const { alice, bruno, views } = await twoEditors([paragraph(start)])
    const { state } = views.alice
    views.alice.dispatch(state.tr.delete(2 + start.indexOf(' another'), 2 + start.length))
    typeAt(views.bruno, 2 + start.length, ' one.')
    sync(alice, bruno)
    for (const view of [views.alice, views.bruno]) {
      expect(blocksOf(view)).toEqual(['Shared start. alice wrote this sentence. bruno wrote one.'])
    }
  })

  it('leaves words typed after a word someone dragged to another paragraph where they were typed', async () => {
    const { alice, bruno, views } = await twoEditors([paragraph('foo bar'), paragraph('middle')])
    const { state } = views.alice
    const bar = 2 + 'foo '.length
    const end = state.doc.child(0).nodeSize - 1
    views.alice.dispatch(state.tr.delete(bar, bar + 3).insert(end - 3, paragraph('bar')))
    typeAt(views.bruno, 2 + 'foo bar'.length, ' baz')
    sync(alice, bruno)
    for (const view of [views.alice, views.bruno]) {
      expect(blocksOf(view)).toEqual(['foo  baz', 'middle', 'bar'])
    }
  })

  it('moves words typed at the end of a list item someone split with Enter into the new item', async () => {
    const { alice, bruno, views } = await twoEditors([
      schema.node('bulletList', null, [item('first point second point')]),
    ])
    const { state } = views.alice
    const inItem = 4
    views.alice.dispatch(
      state.tr.setSelection(TextSelection.create(state.doc, inItem + 'first point '.length)),
    )
    expect(splitListItem(schema.nodes.listItem!)(views.alice.state, views.alice.dispatch)).toBe(
      true,
    )
    typeAt(views.bruno, inItem + 'first point second point'.length, ' and more')
    sync(alice, bruno)
    for (const view of [views.alice, views.bruno]) {
      const list = view.state.doc.child(0).child(0)
      expect(list.children.map((each) => each.textContent)).toEqual([
        'first point ',
        'second point and more',
      ])
    }
  })
})

describe('what is put back, as the server checks it', () => {
  /** An answer holding `blocks` in Alice's document, with Bruno's a copy of it. */
  function shared(blocks: Y.XmlElement[]) {
    const alice = new Y.Doc()
    const answer = new Y.XmlElement('answer')
    answer.insert(0, blocks)
    alice.getXmlFragment('notes').insert(0, [answer])
    const bruno = new Y.Doc()
    Y.applyUpdate(bruno, Y.encodeStateAsUpdate(alice))
    const answerOf = (doc: Y.Doc) => doc.getXmlFragment('notes').get(0) as Y.XmlElement
    return { alice, bruno, answerOf }
  }

  const element = (name: string, children: Array<Y.XmlElement | Y.XmlText>) => {
    const made = new Y.XmlElement(name)
    made.insert(0, children)
    return made
  }

  it('leaves out an attribute removed before the block was', () => {
    const paragraph = element('paragraph', [new Y.XmlText('kept before')])
    const { alice, bruno, answerOf } = shared([paragraph])
    paragraph.setAttribute('dir', 'rtl')
    paragraph.removeAttribute('dir')
    exchange(alice, bruno)
    const text = (answerOf(bruno).get(0) as Y.XmlElement).get(0) as Y.XmlText
    text.insert(text.length, ' BRUNO')
    answerOf(alice).delete(0, 1)
    exchange(alice, bruno)

    const putBack = answerOf(bruno).get(0) as Y.XmlElement
    expect(putBack.toString()).toBe('<paragraph> BRUNO</paragraph>')
    expect(putBack.getAttributes()).toEqual({})
  })

  it('starts a list item put back around a nested list with a paragraph', () => {
    const nested = element('bulletList', [
      element('listItem', [element('paragraph', [new Y.XmlText('inner')])]),
    ])
    const outer = element('bulletList', [
      element('listItem', [element('paragraph', [new Y.XmlText('outer')]), nested]),
    ])
    const { alice, bruno, answerOf } = shared([element('paragraph', []), outer])
    const list = answerOf(bruno).get(1) as Y.XmlElement
    const innerText = (
      (((list.get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(
        0,
      ) as Y.XmlElement
    ).get(0) as Y.XmlText
    innerText.insert(innerText.length, ' BRUNO')
    answerOf(alice).delete(1, 1)
    exchange(alice, bruno)

    // Yjs writes node names in lower case here.
    expect(answerOf(bruno).get(1)?.toString()).toBe(
      '<bulletlist><listitem><paragraph></paragraph><bulletlist><listitem><paragraph> BRUNO</paragraph></listitem></bulletlist></listitem></bulletlist>',
    )
  })
})

describe('one paragraph split the same way by two people at once', () => {
  it('keeps one copy of the text after the caret when both press Enter at the same spot', async () => {
    const start = 'Alpha sentence one. Bravo sentence two.'
    const { alice, bruno, views } = await twoEditors([paragraph(start)])
    for (const [view, typed] of [
      [views.alice, 'echo '],
      [views.bruno, 'kappa '],
    ] as const) {
      const { state } = view
      const at = 2 + start.indexOf('Bravo')
      view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, at)))
      expect(splitBlock(view.state, view.dispatch)).toBe(true)
      view.dispatch(view.state.tr.insertText(typed))
    }
    sync(alice, bruno)

    for (const view of [views.alice, views.bruno]) {
      const blocks = blocksOf(view)
      expect(blocks.join('|').split('Bravo sentence two.').length - 1).toBe(1)
      expect(blocks[0]).toBe('Alpha sentence one. ')
      expect(blocks.join('|')).toContain('echo ')
      expect(blocks.join('|')).toContain('kappa ')
    }
    expect(views.alice.state.doc.eq(views.bruno.state.doc)).toBe(true)
  })
})
