import type en from './catalogues/en.js'

export type MessageKey = keyof typeof en

/** A language's catalogue: every key English has, each a string with the same `{placeholders}`. */
export type Catalogue = Record<MessageKey, string>
