import { describe, expect, it } from 'vitest'
import { findFolded, foldForSearch, foldQuery } from './foldForSearch.js'

describe('foldForSearch', () => {
  it('drops accents and case in French and Spanish', () => {
    expect(foldForSearch('École PUBLIQUE').text).toBe('ecole publique')
    expect(foldForSearch('Niño, acción, CORAZÓN').text).toBe('nino, accion, corazon')
    expect(foldForSearch('Straße').text).toBe('strasse')
  })

  it('drops Arabic harakat, shadda and the hamza on alef, which NFD marks', () => {
    expect(foldForSearch('مُشَارَكَةٌ').text).toBe('مشاركة')
    expect(foldForSearch('الشَّبَاب').text).toBe('الشباب')
    expect(foldForSearch('أمن إنساني').text).toBe('امن انساني')
  })

  it('drops the tatweel, a letter NFD keeps', () => {
    expect('ـ'.normalize('NFD')).toBe('ـ')
    expect(foldForSearch('مشـــاركة').text).toBe('مشاركة')
  })

  it('folds without a locale: a dotted capital I is an i', () => {
    expect(foldForSearch('İstanbul').text).toBe('istanbul')
  })

  it('drops invisible characters: zero-width ones, the word joiner, U+FEFF, bidi marks', () => {
    expect(foldQuery('\u200B\u200C\u200D\u2060\uFEFF')).toBe('')
    expect(foldForSearch('so\u200Bci\u2060ety\u200E').text).toBe('society')
    const { origin } = foldForSearch('a\u200Bb')
    expect(origin).toEqual([0, 2, 3])
  })

  it('keeps one space for every run of white space', () => {
    expect(foldQuery('  civil \n  society ')).toBe('civil society')
  })

  it('maps each folded unit back to its character', () => {
    const { text, origin } = foldForSearch('aß é')
    expect(text).toBe('ass e')
    expect(origin).toEqual([0, 1, 1, 2, 3, 4])
  })
})

describe('findFolded', () => {
  it('finds a hit and gives its place in the original', () => {
    const text = 'Une École ouverte'
    const match = findFolded(text, foldQuery('ecole'))
    expect(match).toEqual({ start: 4, end: 9 })
    expect(text.slice(match!.start, match!.end)).toBe('École')
  })

  it('covers the marks of the last letter of a hit', () => {
    const text = 'الشَّبَاب اليوم'
    const match = findFolded(text, foldQuery('الشباب'))
    expect(text.slice(match!.start, match!.end)).toBe('الشَّبَاب')
  })

  it('finds text written with decomposed accents', () => {
    const text = 'ecole\u0301 Ecole'.normalize('NFD')
    expect(findFolded(text, foldQuery('écolé'))).toEqual({ start: 0, end: 6 })
  })

  it('answers null for no hit', () => {
    expect(findFolded('nothing here', foldQuery('absent'))).toBeNull()
  })
})
