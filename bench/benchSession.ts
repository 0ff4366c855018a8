import type { Session } from '@tablenotes/shared'

/**
 * The session the document benches (history, synthesis) write notes into: three questions, the
 * second with a part, and `tables` tables with ids `t1`, `t2`, … named `Table 1`, `Table 2`, ….
 */
export function benchSession(title: string, tables: number): Session {
  return {
    id: 'bench',
    title,
    questions: [
      { id: 'q1', text: 'What works?' },
      { id: 'q2', text: 'What should change?', parts: [{ id: 'a', text: 'Nationally?' }] },
      { id: 'q3', text: 'What do we recommend?' },
    ],
    tables: Array.from({ length: tables }, (_, i) => ({ id: `t${i + 1}`, name: `Table ${i + 1}` })),
  }
}

/** The words the benches' notes are made of, drawn by a fixed sequence so every run writes the same. */
export const BENCH_WORDS =
  'migrants rights cities regional process access justice labour data firewall'.split(' ')
