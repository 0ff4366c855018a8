import { describe, expect, it } from 'vitest'
import en from '../../../shared/src/i18n/catalogues/en.js'
import { loadCatalogues } from './loadCatalogues.js'

const catalogues = await loadCatalogues()
const others = Object.entries(catalogues).filter(([language]) => language !== 'en')

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('message catalogues', () => {
  it('include French, Spanish and Arabic', () => {
    expect(Object.keys(catalogues)).toEqual(expect.arrayContaining(['ar', 'en', 'es', 'fr']))
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
