/**
 * The words every export (Markdown, HTML, DOCX) writes around the notes, in one place so they
 * agree; the page's own words are in the client's message catalogue.
 */
export const ExportLabel = {
  priorityIssues: 'Priority issues',
  otherNotes: 'Other notes',
  tables: 'Tables',
} as const

/** The heading of a question the organizer removed: its notes are kept as other notes. */
export function retiredHeading(prompt: string): string {
  return `${ExportLabel.otherNotes} (the question “${prompt}” was removed)`
}

/** `Asia (Asia-Pacific): 3 contributors`, one table of a synthesis header. */
export function tableWithContributors(name: string, region: string, contributors: number): string {
  const noun = contributors === 1 ? 'contributor' : 'contributors'
  return `${name}${region ? ` (${region})` : ''}: ${contributors} ${noun}`
}
