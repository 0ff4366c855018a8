import { defineConfig } from 'vitest/config'

/**
 * Unit tests run beside the browser and server tests on a 2-core machine; a few build whole
 * synthesis documents and take seconds there, so the limit is well above Vitest's 5 s default
 * (a limit, not a timing assertion: no test checks how fast anything is).
 */
const UNIT_TIMEOUT_MS = 30_000

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'shared',
          root: './shared',
          environment: 'node',
          testTimeout: UNIT_TIMEOUT_MS,
        },
      },
      {
        test: {
          name: 'server',
          root: './server',
          environment: 'node',
          testTimeout: UNIT_TIMEOUT_MS,
        },
      },
      // The client's logic tests need no DOM; the pages are tested in Chromium (tests/e2e).
      {
        test: {
          name: 'client',
          root: './client',
          environment: 'node',
          testTimeout: UNIT_TIMEOUT_MS,
        },
      },
      {
        test: {
          name: 'integration',
          root: './tests',
          environment: 'node',
          // Each file starts real servers and child processes; running them one at a time keeps
          // timings honest on a 2-core machine.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A poll is a barrier, not a timing assertion: its limit only bounds how long a real
          // failure takes to show. Vitest's 1 s default (and a 10 s one) failed on a loaded CI
          // machine, where a page took over 10 s to confirm a 200 kB change that a quiet machine
          // confirms before the page has finished opening.
          expect: { poll: { timeout: 20_000 } },
        },
      },
    ],
  },
})
