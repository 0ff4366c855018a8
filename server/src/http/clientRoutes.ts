import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'

/**
 * A page's path below `/s/` (`<session>`, `<session>/t/<table>`, …), which the browser routes.
 * Page routes declare no query: the page reads its `?token=` itself, and a link someone mangled
 * still gets the page, which says what is wrong with it, rather than a JSON refusal.
 */
const PagePathSchema = Type.Object({ '*': Type.String() })

/** Every page is the app's index.html, sent as a file. */
const PageSchema = Type.String({ description: 'index.html (text/html)' })

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
  const page = { response: { 200: PageSchema } }
  app.get('/', { schema: page }, (_request, reply) => reply.sendFile('index.html'))
  app.get('/s/*', { schema: { params: PagePathSchema, ...page } }, (_request, reply) =>
    reply.sendFile('index.html'),
  )
}
