import { Schema, Slice } from '@tiptap/pm/model'
import { ReplaceStep } from '@tiptap/pm/transform'
import { describe, expect, it } from 'vitest'
import { insertedBytes, utf8Length } from './sizeLimit.js'

const schema = new Schema({
  nodes: { doc: { content: 'paragraph+' }, paragraph: { content: 'text*' }, text: {} },
})

describe('the size of a change', () => {
  it('counts UTF-8 bytes as the wire carries them', () => {
    const texts = ['plain', 'مرحبا', 'naïve 😀', '中文', '']
    for (const text of texts) expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length)
  })

  it('estimates what a step inserts, at least its text', () => {
    const text = 'x'.repeat(10_000) + 'نص'.repeat(1000)
    const slice = new Slice(
      schema.node('doc', null, [schema.node('paragraph', null, [schema.text(text)])]).content,
      0,
      0,
    )
    const bytes = insertedBytes(new ReplaceStep(0, 0, slice))
    expect(bytes).toBeGreaterThanOrEqual(utf8Length(text))
    expect(bytes).toBeLessThan(utf8Length(text) + 200)
    expect(insertedBytes(new ReplaceStep(0, 5, Slice.empty))).toBeLessThan(100)
  })
})
