/**
 * What other packages of the workspace (tests, benchmarks) use of the server: building an app
 * on a store, opening the stores, tokens and links, and the facts tests check answers against.
 * Processes start from `main.ts` (the server) and `cli/main.ts` (`pnpm tablenotes`) instead.
 */
export { type AppOptions, buildApp } from './app.js'
export { signToken, verifyToken } from './auth/tokens.js'
export { RedisFanout } from './fanout/RedisFanout.js'
export { addedRanges } from './history/AuthorshipRecorder.js'
export { RoomHistory } from './history/RoomHistory.js'
export { versionDoc } from './history/restoreRoom.js'
export { takeVersion } from './history/takeVersion.js'
export { CONTENT_SECURITY_POLICY } from './http/securityHeaders.js'
export { loadCatalogues } from './i18n/loadCatalogues.js'
export { EXAMPLES_DIR } from './sessions/loadExamples.js'
export { readSessionFile } from './sessions/readSessionFile.js'
export { createLink } from './sessions/sessionLinks.js'
export type { CapabilityLink, DocStore, Store, StoredUpdate } from './storage/DocStore.js'
export { loadDoc } from './storage/loadDoc.js'
export {
  type MemoryStore,
  MemoryStoreData,
  openMemoryStore,
} from './storage/memory/memoryStore.js'
export { openPostgresStore } from './storage/postgres/postgresStore.js'
export { openSqliteStore } from './storage/sqlite/sqliteStore.js'
