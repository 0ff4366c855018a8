import type { Session } from '../session/sessionSchema.js'

/**
 * A small session for tests (the unit tests here and in the client, and the integration tests
 * through `@tablenotes/shared/testing`): two questions, the second with two parts, three tables
 * (two with a region) and three tags. Tests that need another shape spread it and change what
 * they test (`{ ...testSession, tables: [...] }`).
 */
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
