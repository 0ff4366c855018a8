import type { QuestionText } from './readTable.js'

/** What someone saw of a table when they last looked: each question's paragraphs. */
export type LastLook = Record<string, readonly string[]>

/** One question's changes since the last look, for people who cannot follow a moving text. */
export interface QuestionChanges {
  questionId: string
  number: string
  prompt: string
  /** Paragraphs written or rewritten since, in document order. */
  added: string[]
  /** How many paragraphs that were there are gone or were rewritten. */
  removed: number
}

export function lastLookOf(texts: readonly QuestionText[]): LastLook {
  return Object.fromEntries(texts.map((text) => [text.questionId, text.paragraphs]))
}

/**
 * Compares paragraphs as a multiset of texts: a paragraph edited since counts as one added (its
 * new text, to read) and one removed. Questions with no change are left out.
 */
export function changesSince(before: LastLook, now: readonly QuestionText[]): QuestionChanges[] {
  const changes: QuestionChanges[] = []
  for (const question of now) {
    const unmatched = new Map<string, number>()
    for (const text of before[question.questionId] ?? []) {
      unmatched.set(text, (unmatched.get(text) ?? 0) + 1)
    }
    const added: string[] = []
    for (const text of question.paragraphs) {
      const left = unmatched.get(text) ?? 0
      if (left > 0) unmatched.set(text, left - 1)
      else added.push(text)
    }
    const removed = [...unmatched.values()].reduce((sum, count) => sum + count, 0)
    if (added.length > 0 || removed > 0) {
      const { questionId, number, prompt } = question
      changes.push({ questionId, number, prompt, added, removed })
    }
  }
  return changes
}
