import { describe, expect, it } from 'vitest'
import { isRightToLeft, isRightToLeftLanguage, languageOfText } from './textLanguage.js'

describe('direction and language of text', () => {
  it('takes the direction from the first letter, past digits and punctuation', () => {
    expect(isRightToLeft('المدن تصدر بطاقات')).toBe(true)
    expect(isRightToLeft('2024 — المدن')).toBe(true)
    expect(isRightToLeft('ILO 189 كما قيل')).toBe(false)
    expect(isRightToLeft('שלום')).toBe(true)
    expect(isRightToLeft('123 …')).toBe(false)
  })

  it('knows which interface languages are written right to left', () => {
    expect(['ar', 'he', 'fa', 'ur', 'ar-LB'].map(isRightToLeftLanguage)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
    expect(['en', 'fr-CH', 'es', 'zh', 'ru', 'not a tag'].map(isRightToLeftLanguage)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ])
  })

  it('names the document’s language for text in its script, and the likeliest otherwise', () => {
    expect(languageOfText('Les villes agissent.', 'fr')).toBe('fr')
    expect(languageOfText('المدن', 'fr')).toBe('ar')
    expect(languageOfText('Cities act.', 'ar')).toBe('en')
    expect(languageOfText('Города', 'en')).toBe('ru')
    expect(languageOfText('Города', 'uk')).toBe('uk')
    expect(languageOfText('漢字', 'ja')).toBe('ja')
    expect(languageOfText('漢字', 'en')).toBe('zh')
    expect(languageOfText('— 42 —', 'ar')).toBeUndefined()
  })
})
