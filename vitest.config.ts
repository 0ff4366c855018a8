import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', environment: 'node' } },
      { test: { name: 'server', root: './server', environment: 'node' } },
      // The client's logic tests need no DOM; the pages are tested in Chromium (tests/e2e).
      { test: { name: 'client', root: './client', environment: 'node' } },
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
        },
      },
    ],
  },
})
