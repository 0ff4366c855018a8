import type { Session } from '@tablenotes/shared'

/** A small session for tests: two questions (the second with parts) and three tables. */
export const testSession: Session = {
  id: 'test-session',
  title: 'Test session',
  questions: [
    { id: 'q1', text: 'What works?' },
    {
      id: 'q2',
      text: 'What should change?',
      parts: [
        { id: 'a', text: 'Nationally?' },
        { id: 'b', text: 'Regionally?' },
      ],
    },
  ],
  tables: [
    { id: 't1', name: 'Table one', region: 'Europe' },
    { id: 't2', name: 'Table two', region: 'Africa' },
    { id: 't3', name: 'Table three' },
  ],
  tags: [
    { id: 'labour', label: 'Labour migration' },
    { id: 'detention', label: 'Detention' },
    { id: 'xenophobia', label: 'Racism and xenophobia' },
  ],
}
