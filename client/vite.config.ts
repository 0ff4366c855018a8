import { defineConfig, type Plugin } from 'vite'

const SERVICE_WORKER = 'sw.js'

/**
 * Writes the list of built files into the service worker, so that it caches the whole app shell
 * when it installs and a table page reloaded with no network still opens.
 */
function precacheManifest(): Plugin {
  return {
    name: 'tablenotes-precache-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const worker = bundle[SERVICE_WORKER]
      if (!worker || worker.type !== 'chunk') throw new Error('service worker chunk missing')
      const files = Object.keys(bundle).filter(
        (file) => file !== SERVICE_WORKER && !file.endsWith('.map'),
      )
      const manifest = [
        '/',
        ...files.filter((file) => file !== 'index.html').map((file) => `/${file}`),
      ]
      const version = manifest
        .filter((file) => file.startsWith('/assets/'))
        .sort()
        .join(',')
      worker.code = worker.code
        .replace(/(["'`])__PRECACHE_MANIFEST__\1/, JSON.stringify(manifest))
        // The minifier may fold the version into the cache name's template string.
        .replaceAll('__PRECACHE_VERSION__', hash(version))
      if (worker.code.includes('__PRECACHE_')) {
        throw new Error(`precache placeholders not replaced:\n${worker.code.slice(0, 400)}`)
      }
    },
  }
}

/** A short, stable name for one build's set of files. */
function hash(text: string): string {
  let value = 0
  for (const char of text) value = (Math.imul(value, 31) + char.charCodeAt(0)) >>> 0
  return value.toString(36)
}

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precacheManifest()],
  build: {
    target: 'es2022',
    sourcemap: true,
    // The table page is the app: it needs the editor at once, so one bundle beats a chain of
    // requests on venue wifi. Its weight is watched in bench/TABLE-PAGE.md instead.
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      onwarn(warning, warn) {
        // "use client" is a React Server Components hint; a browser-only bundle has no use for it.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
        warn(warning)
      },
      input: { main: 'index.html', sw: 'src/offline/serviceWorker.ts' },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'sw' ? SERVICE_WORKER : 'assets/[name]-[hash].js',
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/collab': { target: 'ws://localhost:8080', ws: true },
    },
  },
})
