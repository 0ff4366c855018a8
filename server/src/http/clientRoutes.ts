import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** Where `pnpm --filter @tablenotes/client build` puts the app. */
export const CLIENT_DIST = fileURLToPath(new URL('../../../client/dist', import.meta.url))

/**
 * Serves the built browser app. Every page path (`/`, `/s/...`) gets index.html, which routes in
 * the browser. The service worker and index.html are revalidated on every load so that a new
 * version reaches venues; hashed assets are immutable.
 */
export async function clientRoutes(
  app: FastifyInstance,
  { root }: { root: string },
): Promise<void> {
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'no built client: run pnpm --filter @tablenotes/client build')
    return
  }
  // Without a wildcard, the plugin declares one route per built file (assets, sw.js, manifest).
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    setHeaders(response, file) {
      const immutable = file.includes(`${path.sep}assets${path.sep}`)
      response.setHeader(
        'Cache-Control',
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
    },
  })
  app.get('/', (_request, reply) => reply.sendFile('index.html'))
  app.get('/s/*', (_request, reply) => reply.sendFile('index.html'))
}
