import type en from './catalogues/en.js'

export type MessageKey = keyof typeof en

/**
 * A language's catalogue: every key English has, each a string with the same `{placeholders}`.
 * A new language is one more file in ./catalogues, named by its language tag (`zh.ts`, `ru.ts`);
 * the interface offers it and the exports use it with no other change.
 */
export type Catalogue = Record<MessageKey, string>

/** A message with its `{name}` placeholders filled in; unknown ones stay visible. */
export function fillMessage(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match))
}
