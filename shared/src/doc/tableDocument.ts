/**
 * The shape of a table's Y.Doc. The names below are the contract between the seed, the editor
 * (whose Tiptap node names must match), the moderator wall and the merge step.
 *
 * ```
 * XmlFragment "notes"
 *   tableTitle        { name, region }                  locked, no content
 *   questionSection   { questionId, number, prompt, retired? }    locked prompt
 *     answer          block content written by the table
 *     questionPart    { partId, prompt, retired? }                locked prompt
 *       answer
 * ```
 */
export const NOTES_FRAGMENT = 'notes'

export const NodeName = {
  tableTitle: 'tableTitle',
  questionSection: 'questionSection',
  questionPart: 'questionPart',
  answer: 'answer',
  paragraph: 'paragraph',
} as const

/**
 * Set ('true') on a section or part whose question the organizer removed: the notes written
 * under it stay, shown as other notes, and the merge keeps them apart from the questions.
 */
export const RETIRED = 'retired'

/**
 * The Yjs client id every seed is written with. Yjs identifies content by (client, clock), so
 * two seeds of the same table are the same items and applying one twice is a no-op. A browser
 * picks a random 32-bit id, so the chance that one equals this is 1 in 4 billion per document.
 */
export const SEED_CLIENT_ID = 0x7ab1e

/**
 * The table's one or two priority issues: a Y.Array of PriorityIssue in the table's document, so
 * they sync, work offline and reach the merge like the notes.
 */
export const PRIORITIES_ARRAY = 'priorities'

/** A priority issue: a tag of the session's vocabulary, or the table's own words. */
export interface PriorityIssue {
  /** The tag's id when picked from the session's vocabulary. */
  tagId?: string
  label: string
}

/** How many priority issues a table flags at most. */
export const MAX_PRIORITIES = 2
