import { Fragment, Schema, Slice } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import { lowerHeadings } from './pastedContent.js'

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'text*' },
    heading: { group: 'block', content: 'text*', attrs: { level: { default: 1 } } },
    blockquote: { group: 'block', content: 'block+' },
    text: {},
  },
})
const heading = (level: number, text: string) =>
  schema.nodes.heading!.create({ level }, schema.text(text))
const levels = (slice: Slice) => {
  const found: number[] = []
  slice.content.descendants((node) => {
    if (node.type.name === 'heading') found.push(Number(node.attrs.level))
  })
  return found
}

describe('headings pasted into the notes', () => {
  it('move below the prompts, keeping their order, never below h6', () => {
    const pasted = new Slice(
      Fragment.from([
        heading(1, 'Title'),
        heading(2, 'Part'),
        schema.nodes.blockquote!.create(null, heading(3, 'Quoted')),
        heading(5, 'Deep'),
      ]),
      0,
      0,
    )
    const lowered = lowerHeadings(pasted)
    expect(levels(lowered)).toEqual([4, 5, 6, 6])
    expect(lowered.content.textBetween(0, lowered.content.size, '|')).toBe('Title|Part|Quoted|Deep')
  })

  it('leave a slice without high headings as it is', () => {
    const pasted = new Slice(Fragment.from([heading(4, 'Low'), heading(6, 'Lower')]), 0, 0)
    expect(lowerHeadings(pasted)).toBe(pasted)
  })
})
