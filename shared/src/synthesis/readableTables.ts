import { NOTES_FRAGMENT } from '../doc/tableDocument.js'
import { MAX_DEPTH } from '../doc/tableSchema.js'
import { nestsDeeperThan } from '../doc/xmlNodes.js'
import type { SkippedTable, TableSource } from './compileSynthesis.js'

/**
 * Splits tables into those the compile can read and those it must leave out, each with `note`
 * (the words shown in its place): a table whose notes nest deeper than MAX_DEPTH, which only a
 * document stored before the server checked updates can (PROTOCOL.md P13), and which Yjs's own
 * copy of an element would overflow the stack on. Linear in the size of the notes.
 */
export function leaveOutUnreadable(
  tables: readonly TableSource[],
  note: string,
): { tables: TableSource[]; skipped: SkippedTable[] } {
  const readable: TableSource[] = []
  const skipped: SkippedTable[] = []
  for (const table of tables) {
    if (nestsDeeperThan(table.doc.getXmlFragment(NOTES_FRAGMENT), MAX_DEPTH)) {
      skipped.push({ id: table.id, note })
    } else readable.push(table)
  }
  return { tables: readable, skipped }
}
