import type en from './catalogues/en.js'

export type MessageKey = keyof typeof en

/**
 * A message whose words depend on a number (`{count}`): one text per plural category of the
 * language, as CLDR names them and `Intl.PluralRules` picks them (English: one, other; French
 * and Spanish: one, many, other; Arabic: zero, one, two, few, many, other). `other` is always
 * there; a form may leave the number out ("دقيقتان", two minutes).
 */
export type PluralMessage = { readonly other: string } & {
  readonly [category in Intl.LDMLPluralRule]?: string
}

/** A catalogue entry: plain text, or text by plural category. */
export type Message = string | PluralMessage

/**
 * A language's catalogue: every key English has, each a string with the same `{placeholders}`,
 * or, where English's entry is a plural message, a plural message with every category of the
 * language. A new language is one more file in ./catalogues, named by its language tag (`zh.ts`,
 * `ru.ts`); the interface offers it and the exports use it with no other change.
 */
export type Catalogue = {
  [K in MessageKey]: (typeof en)[K] extends string ? string : PluralMessage
}

/** A message with its `{name}` placeholders filled in; unknown ones stay visible. */
export function fillMessage(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match))
}

const pluralRules = new Map<string, Intl.PluralRules>()

/** The plural rules of a language, made once per tag (the wall formats hundreds of counts). */
function pluralRulesOf(language: string): Intl.PluralRules {
  let rules = pluralRules.get(language)
  if (!rules) {
    rules = new Intl.PluralRules(language)
    pluralRules.set(language, rules)
  }
  return rules
}

/**
 * A catalogue entry as text in `language`: a plural message takes the form its language's rules
 * pick for `params.count` (`other` when there is no count), then placeholders are filled in.
 */
export function formatMessage(
  message: Message,
  language: string,
  params: Record<string, string | number> = {},
): string {
  if (typeof message === 'string') return fillMessage(message, params)
  const count = Number(params.count)
  const category = Number.isFinite(count) ? pluralRulesOf(language).select(count) : 'other'
  return fillMessage(message[category] ?? message.other, params)
}
