/**
 * The table page's weight and how soon it accepts typing: JavaScript and CSS sizes (gzip) of
 * the built client, and the time from navigation until a typed character appears in the editor,
 * on a fresh load and on a cached load (service worker and IndexedDB warm), on loopback and on
 * emulated venue wifi. Writes bench/TABLE-PAGE.md. Run: pnpm build && pnpm bench:page
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { BrowserContext } from 'playwright-core'
import { launchBrowser, openContext } from '../tests/helpers/browser.js'
import { writerToken } from '../tests/helpers/tokens.js'
import { startBenchServer } from './benchServer.js'
import { bundleComposition } from './bundleComposition.js'

const DIST = fileURLToPath(new URL('../client/dist/assets/', import.meta.url))
const RUNS = 5

/** A crowded venue network: 2 Mbit/s down, 1 Mbit/s up, 150 ms round trips. */
const VENUE_WIFI = {
  offline: false,
  latency: 150,
  downloadThroughput: 250_000,
  uploadThroughput: 125_000,
}

/** The built files a table page loads (not the organizer's chunks, which it never asks for). */
async function filesTheTablePageLoads(context: BrowserContext, url: string): Promise<string[]> {
  const page = await context.newPage()
  const files = new Set<string>()
  page.on('response', (response) => {
    const name = new URL(response.url()).pathname.match(/^\/assets\/(.+\.(?:js|css))$/)?.[1]
    if (name) files.add(name)
  })
  await page.goto(url)
  await page.locator('.notes .answer p').first().waitFor()
  await page.close()
  return [...files].sort()
}

function assetSizes(files: readonly string[]) {
  return files.map((file) => {
    const bytes = readFileSync(path.join(DIST, file))
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  })
}

/** Milliseconds from navigation until a typed character shows up in the notes. */
async function timeToTyping(
  context: BrowserContext,
  url: string,
  network: typeof VENUE_WIFI | null,
) {
  const page = await context.newPage()
  if (network) {
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', network)
  }
  const started = performance.now()
  await page.goto(url)
  const paragraph = page.locator('.notes .answer p').first()
  await paragraph.click()
  await page.keyboard.type('x')
  await page.locator('.notes .answer p', { hasText: 'x' }).first().waitFor()
  const elapsed = performance.now() - started
  await page.close()
  return elapsed
}

const SHOWN_PACKAGES = 15

/** The page's scripts, by the package their minified bytes come from, largest first. */
function whereTheBytesGo(files: readonly string[]): string {
  const bytes = new Map<string, number>()
  for (const file of files.filter((name) => name.endsWith('.js'))) {
    for (const [owner, size] of bundleComposition(path.join(DIST, file))) {
      bytes.set(owner, (bytes.get(owner) ?? 0) + size)
    }
  }
  const total = [...bytes.values()].reduce((sum, size) => sum + size, 0)
  const sorted = [...bytes].sort((a, b) => b[1] - a[1])
  const shown = sorted.slice(0, SHOWN_PACKAGES)
  const rest = sorted.slice(SHOWN_PACKAGES)
  if (rest.length > 0) {
    shown.push([`${rest.length} other packages`, rest.reduce((sum, [, size]) => sum + size, 0)])
  }
  return shown
    .map(
      ([owner, size]) =>
        `| ${owner} | ${(size / 1024).toFixed(1)} KiB | ${((100 * size) / total).toFixed(1)} % |`,
    )
    .join('\n')
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function main() {
  const server = await startBenchServer()
  const browser = await launchBrowser()
  const rows: string[] = []
  let loadedFiles: string[] = []
  try {
    const probe = await openContext(browser, 'Bench')
    loadedFiles = await filesTheTablePageLoads(
      probe,
      `http://127.0.0.1:${server.port}/s/test-session/t/t1?token=${writerToken('test-session/t1')}`,
    )
    await probe.close()
    for (const [label, network] of [
      ['loopback', null],
      ['venue wifi (2 Mbit/s, 150 ms)', VENUE_WIFI],
    ] as const) {
      const fresh: number[] = []
      const cached: number[] = []
      for (let run = 0; run < RUNS; run++) {
        const context = await openContext(browser, 'Bench')
        const table = `t${(run % 3) + 1}`
        const url = `http://127.0.0.1:${server.port}/s/test-session/t/${table}?token=${writerToken(`test-session/${table}`)}`
        fresh.push(await timeToTyping(context, url, network))
        const warm = await context.newPage()
        await warm.goto(url)
        await warm.waitForFunction(() => navigator.serviceWorker.controller !== null)
        await warm.close()
        cached.push(await timeToTyping(context, url, network))
        await context.close()
      }
      rows.push(`| ${label} | ${median(fresh).toFixed(0)} ms | ${median(cached).toFixed(0)} ms |`)
    }
  } finally {
    await browser.close()
    await server.stop()
  }
  const sizes = assetSizes(loadedFiles)
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
  const report = `# Table page: weight and time to typing

Generated by \`pnpm build && pnpm bench:page\` (bench/tablePage.ts) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, Debian's Chromium (headless).

## What the page downloads

The scripts and styles a fresh table page asks for (the organizer's pages are separate chunks).

| file | size | gzip |
| --- | --- | --- |
${sizes.map(({ file, raw, gzip }) => `| ${file} | ${kib(raw)} | ${kib(gzip)} |`).join('\n')}

## Where the bytes go

Minified bytes of the scripts by the package they come from, read from the build's source maps
(\`tablenotes\` is our own code in client/ and shared/; gzip shrinks every part about 3×).

| package | minified | share |
| --- | --- | --- |
${whereTheBytesGo(loadedFiles)}

## From navigation to a typed character in the editor (median of ${RUNS})

Fresh: a new browser profile (nothing cached). Cached: the same profile after one visit, so the
service worker serves the app shell and IndexedDB holds the table.

| network | fresh load | cached load |
| --- | --- | --- |
${rows.join('\n')}
`
  writeFileSync(fileURLToPath(new URL('./TABLE-PAGE.md', import.meta.url)), report)
  process.stdout.write(report)
}

await main()
