/**
 * Fixtures for tests and benches of every package (`@tablenotes/shared/testing`): a session and
 * the table documents seeded from it. Not part of the app: only tests and benches import it.
 */
export * from './tableDocs.js'
export * from './testSession.js'
