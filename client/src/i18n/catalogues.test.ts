import { describe, expect, it } from 'vitest'
import type { Catalogue } from './catalogue.js'
import en from './catalogues/en.js'

const catalogues = import.meta.glob<{ default: Catalogue }>('./catalogues/*.ts', { eager: true })
const others = Object.entries(catalogues)
  .map(([file, module]) => [/([\w-]+)\.ts$/.exec(file)[1]!, module.default] as const)
  .filter(([language]) => language !== 'en')

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('message catalogues', () => {
  it('include French, Spanish and Arabic', () => {
    expect(others.map(([language]) => language).sort()).toEqual(
      expect.arrayContaining(['ar', 'es', 'fr']),
    )
  })

  describe.each(others)('%s', (_language, catalogue) => {
    it('has every key English has, and no other', () => {
      const missing = Object.keys(en).filter((key) => !(key in catalogue))
      const unknown = Object.keys(catalogue).filter((key) => !(key in en))
      expect({ missing, unknown }).toEqual({ missing: [], unknown: [] })
    })

    it('fills the same placeholders as English, in words of its own', () => {
      for (const [key, english] of Object.entries(en)) {
        const text = catalogue[key as keyof typeof en] ?? ''
        expect.soft(placeholders(text), key).toEqual(placeholders(english))
        expect.soft(text.trim(), key).not.toBe('')
      }
    })
  })
})
