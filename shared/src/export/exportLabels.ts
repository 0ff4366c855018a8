import { type Catalogue, fillMessage } from '../i18n/catalogue.js'
import en from '../i18n/catalogues/en.js'

/**
 * The words every export (Markdown, HTML, DOCX) writes around the notes, in the document's
 * language, taken from the same catalogues as the interface.
 */
export interface ExportWords {
  priorityIssues: string
  otherNotes: string
  /** The heading over the rapporteurs' summary of a question in the synthesis. */
  summary: string
  tables: string
  /** The heading of a question the organizer removed, with `{prompt}`. */
  retiredQuestion: string
  /** `{table}: 1 contributor` */
  tableOneContributor: string
  /** `{table}: {count} contributors` */
  tableContributors: string
  /** The note before content nested deeper than `{depth}` levels, which follows as plain text. */
  nestingCut: string
  /** A call to action's label in a table's notes, and its fields (issue 20). */
  callToAction: string
  callAction: string
  callActor: string
  callTimeframe: string
  /** The column naming each call's table in the synthesis. */
  callTable: string
  /** The group of calls that name no actor. */
  callNoActor: string
  /** The synthesis's section of every table's calls to action. */
  callsToAction: string
  /** After a contribution's table: who wrote it, `{names}`. */
  writtenBy: string
}

export function exportWords(catalogue: Catalogue): ExportWords {
  return {
    priorityIssues: catalogue.prioritiesTitle,
    otherNotes: catalogue.otherNotes,
    summary: catalogue.summaryLabel,
    tables: catalogue.exportTables,
    retiredQuestion: catalogue.retiredQuestion,
    tableOneContributor: catalogue.exportTableOneContributor,
    tableContributors: catalogue.exportTableContributors,
    nestingCut: catalogue.exportNestingCut,
    callToAction: catalogue.callToAction,
    callAction: catalogue.callAction,
    callActor: catalogue.callActor,
    callTimeframe: catalogue.callTimeframe,
    callTable: catalogue.callTable,
    callNoActor: catalogue.callNoActor,
    callsToAction: catalogue.callsToAction,
    writtenBy: catalogue.contributionWrittenBy,
  }
}

export const ENGLISH_EXPORT_WORDS: ExportWords = exportWords(en)

/** The heading of a question the organizer removed: its notes are kept as other notes. */
export function retiredHeading(words: ExportWords, prompt: string): string {
  return fillMessage(words.retiredQuestion, { prompt })
}

/**
 * A contribution's attribution: its table (and region), then who wrote it when the server
 * recorded anyone, e.g. `Asia (Asia-Pacific) — written by Amina, Kofi`.
 */
export function contributionLabel(
  words: Pick<ExportWords, 'writtenBy'>,
  name: string,
  region: string,
  writers: readonly string[],
): string {
  const table = `${name}${region ? ` (${region})` : ''}`
  if (writers.length === 0) return table
  return `${table} — ${fillMessage(words.writtenBy, { names: writers.join(', ') })}`
}

/** `Asia (Asia-Pacific): 3 contributors`, one table of a synthesis header. */
export function tableWithContributors(
  words: ExportWords,
  name: string,
  region: string,
  contributors: number,
): string {
  const table = `${name}${region ? ` (${region})` : ''}`
  const pattern = contributors === 1 ? words.tableOneContributor : words.tableContributors
  return fillMessage(pattern, { table, count: contributors })
}
