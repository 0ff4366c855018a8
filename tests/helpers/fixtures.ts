/** The session the integration tests store by default: the one the unit tests use too. */
export { testSession } from '@tablenotes/shared/testing'
