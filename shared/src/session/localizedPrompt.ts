import { forLanguage } from '../text/textLanguage.js'
import type { Question, QuestionPart, Session } from './sessionSchema.js'

/** The language of a session's question texts when its file names none. */
export const DEFAULT_SESSION_LANGUAGE = 'en'

/** The language a session works in, and its synthesis is written in. */
export function sessionLanguage(session: Session): string {
  return session.language ?? DEFAULT_SESSION_LANGUAGE
}

/** The language a table works in: its own, else the session's. */
export function tableLanguage(session: Session, tableId: string): string {
  const table = session.tables.find((candidate) => candidate.id === tableId)
  return table?.language ?? sessionLanguage(session)
}

/**
 * A question's or part's prompt in `language`: its translation, else the translation for the
 * language without its region (`pt` for `pt-BR`), else the session's own text.
 */
export function promptIn(item: Question | QuestionPart, language: string): string {
  return forLanguage(item.translations ?? {}, language) ?? item.text
}
