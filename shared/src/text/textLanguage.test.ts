import { describe, expect, it } from 'vitest'
import {
  isRightToLeft,
  isRightToLeftLanguage,
  languageOfText,
  textDirection,
} from './textLanguage.js'

describe('direction and language of text', () => {
  it('takes the direction from the first letter, past digits and punctuation', () => {
    expect(isRightToLeft('المدن تصدر بطاقات')).toBe(true)
    expect(isRightToLeft('2024 — المدن')).toBe(true)
    expect(isRightToLeft('ILO 189 كما قيل')).toBe(false)
    expect(isRightToLeft('שלום')).toBe(true)
    expect(isRightToLeft('123 …')).toBe(false)
  })

  it('reads past an outline label: a part "b. ما …" of an Arabic table is right to left', () => {
    expect(textDirection('b. ما هي الأولويات؟')).toBe('rtl')
    expect(textDirection('(c) ما هي الأولويات؟')).toBe('rtl')
    expect(languageOfText('a. ما هي الأولويات؟', 'ar')).toBe('ar')
    expect(textDirection('a. What works?')).toBe('ltr')
    // Only a short label followed by a space: words and abbreviations still decide.
    expect(textDirection('Dr.أحمد')).toBe('ltr')
    expect(textDirection('Hello. مرحبا')).toBe('ltr')
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
