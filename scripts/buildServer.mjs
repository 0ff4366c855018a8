// Compiles the server and the shared package to plain JavaScript for `pnpm start` (issue 19.3):
// the serving process then runs `node` on the output, with no TypeScript compiler loaded.
//
// Each module is transpiled on its own (esbuild, no bundling, types only stripped: `pnpm
// typecheck` checks them), into `server/dist` and `shared/dist` with the same folder layout as
// `src`, so paths a module finds from its own location (the client's build, the examples, the
// catalogues) are the same from both. The server imports `@tablenotes/shared` as before; run with
// `node --conditions=compiled`, the shared package's exports name its `dist` files instead of its
// sources (shared/package.json).
import { readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The packages compiled, each from `<name>/src` to `<name>/dist`. */
const PACKAGES = ['shared', 'server']

/** Transpiles every module of `PACKAGES` except tests; resolves once written. */
export async function buildServer() {
  for (const name of PACKAGES) {
    const src = path.join(ROOT, name, 'src')
    const dist = path.join(ROOT, name, 'dist')
    rmSync(dist, { recursive: true, force: true })
    const modules = readdirSync(src, { recursive: true })
      .map(String)
      .filter(
        (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'),
      )
      .map((file) => path.join(src, file))
    await build({
      entryPoints: modules,
      outdir: dist,
      outbase: src,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
    })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer()
}
