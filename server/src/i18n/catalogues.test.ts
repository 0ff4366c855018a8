import type { Message } from '@tablenotes/shared'
import { en } from '@tablenotes/shared/catalogues'
import { describe, expect, it } from 'vitest'
import { loadCatalogues } from './loadCatalogues.js'

const catalogues = await loadCatalogues()
const others = Object.entries(catalogues).filter(([language]) => language !== 'en')

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

/** The plural categories a language's messages need: those its CLDR rules can pick. */
const categoriesOf = (language: string) =>
  [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort()

/** Every text of a catalogue entry, by category for a plural message. */
const forms = (message: Message): Record<string, string> =>
  typeof message === 'string' ? { text: message } : { ...message }

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
      for (const [key, english] of Object.entries(en) as [keyof typeof en, Message][]) {
        const message: Message = catalogue[key] ?? ''
        expect.soft(typeof message, key).toBe(typeof english)
        const reference = placeholders(typeof english === 'string' ? english : english.other)
        for (const [category, text] of Object.entries(forms(message))) {
          expect.soft(text.trim(), `${key}.${category}`).not.toBe('')
          // A plural form may say its number in words ("دقيقتان", two minutes); `other` never.
          if (category === 'other' || category === 'text') {
            expect.soft(placeholders(text), `${key}.${category}`).toEqual(reference)
          } else {
            const unknown = placeholders(text).filter((name) => !reference.includes(name))
            expect.soft(unknown, `${key}.${category}`).toEqual([])
          }
        }
      }
    })
  })

  describe.each(Object.entries(catalogues))('%s plural messages', (language, catalogue) => {
    it('have one form for each plural category of the language, and no other', () => {
      for (const [key, message] of Object.entries(catalogue) as [string, Message][]) {
        if (typeof message === 'string') continue
        expect.soft(Object.keys(message).sort(), key).toEqual(categoriesOf(language))
      }
    })
  })
})
