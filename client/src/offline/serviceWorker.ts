/**
 * Caches the app shell at install (the build writes the file list in) and serves it first, so
 * pages open at once on venue wifi and with none. Data never passes through here: documents
 * live in IndexedDB and travel over the socket; the page keeps its own copy of the session.
 */
declare const self: ServiceWorkerGlobalScope
export {}

// Replaced at build time by vite.config.ts with the list of built files and their version.
const PRECACHE = '__PRECACHE_MANIFEST__' as unknown as string[]
const VERSION = '__PRECACHE_VERSION__'
const SHELL = `tablenotes-shell-${VERSION}`

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((key) => key !== SHELL).map((key) => caches.delete(key))),
      )
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (request.mode === 'navigate') return event.respondWith(shellFirst(request))
  if (url.pathname.startsWith('/assets/')) return event.respondWith(cacheFirst(request))
})

/** Every page is the same index.html; serve the cached one and refresh it in the background. */
async function shellFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL)
  const cached = await cache.match('/')
  const fresh = fetch(request)
    .then(async (response) => {
      if (response.ok) await cache.put('/', response.clone())
      return response
    })
    .catch(() => null)
  if (cached) return cached
  return (await fresh) ?? Response.error()
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request)
  return cached ?? fetch(request)
}
