/**
 * The moderator wall at scale: 100 tables with 5 stock clients typing at each, against the real
 * server process, while the wall runs in Chromium. Records how long a keystroke at a table takes
 * to show on the wall (p50/p99), the wall page's main-thread CPU and JS heap, and the server's
 * CPU with and without the wall watching, in one run. Writes bench/WALL.md.
 * Run: pnpm build && pnpm bench:wall
 */
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { NOTES_FRAGMENT, roomKey } from '@tablenotes/shared'
import * as Y from 'yjs'
import { launchBrowser, openContext } from '../tests/helpers/browser.js'
import { connectClient, type TestClient, waitForSync } from '../tests/helpers/clients.js'
import { mintToken } from '../tests/helpers/tokens.js'
import { startBenchServer } from './benchServer.js'
import { benchSession, cpuSeconds, percentile, sleep } from './measure.js'

const TABLES = 100
const PEOPLE_PER_TABLE = 5
const TYPE_EVERY_MS = 3000
const PHASE_SECONDS = 20
const MARK_EVERY_MS = 100

const session = benchSession('wall-bench', 'Wall benchmark', TABLES, (i) => `Region ${(i % 5) + 1}`)

// Each y-websocket provider adds a process 'exit' listener; hundreds of them here are expected.
process.setMaxListeners(TABLES * PEOPLE_PER_TABLE + 10)

/** Starts measuring a process's CPU; the returned function gives cores used on average since. */
function startCpuMeter(pid: number): () => number {
  const cpu = cpuSeconds(pid)
  const started = Date.now()
  return () => (cpuSeconds(pid) - cpu) / ((Date.now() - started) / 1000)
}

/** Appends a word to the first answer of the typist's table, as the editor would. */
function typeWord(client: TestClient, word: string): void {
  const section = client.doc.getXmlFragment(NOTES_FRAGMENT).get(1)
  if (!(section instanceof Y.XmlElement)) return
  const answer = section.get(0) as Y.XmlElement
  const paragraph = answer.get(0) as Y.XmlElement
  let text = paragraph.get(0)
  if (!(text instanceof Y.XmlText)) {
    text = new Y.XmlText()
    paragraph.insert(0, [text])
  }
  const ytext = text as Y.XmlText
  ytext.insert(ytext.length, `${word} `)
}

/**
 * Types a marked word, `mk<id>x`, which the other people at the table time as it arrives (each
 * text change carries only what it inserted, so nobody scans the whole text).
 */
function typeMark(client: TestClient, id: number): void {
  typeWord(client, `mk${id}x`)
}

const MARK = /mk(\d+)x/g

/** When each mark first reached another person at its table: the reference for the wall. */
function timeMarksAtTables(typists: TestClient[]): Map<string, number> {
  const arrived = new Map<string, number>()
  for (const client of typists) {
    client.doc.getXmlFragment(NOTES_FRAGMENT).observeDeep((events, transaction) => {
      if (transaction.local) return
      for (const event of events) {
        if (!(event instanceof Y.YTextEvent)) continue
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue
          for (const [, key] of op.insert.matchAll(MARK)) {
            if (key && !arrived.has(key)) arrived.set(key, Date.now())
          }
        }
      }
    })
  }
  return arrived
}

/** Everyone types a word every few seconds, with jitter, until `seconds` are over. */
async function typeFor(typists: TestClient[], seconds: number, onMark?: (id: number) => void) {
  const until = Date.now() + seconds * 1000
  const timers = typists.map((client) =>
    setInterval(() => typeWord(client, 'word'), TYPE_EVERY_MS + Math.floor(Math.random() * 500)),
  )
  let mark = 0
  while (Date.now() < until) {
    if (onMark) {
      const client = typists[Math.floor(Math.random() * typists.length)]!
      mark++
      onMark(mark)
      typeMark(client, mark)
    }
    await sleep(MARK_EVERY_MS)
  }
  for (const timer of timers) clearInterval(timer)
}

async function main() {
  const server = await startBenchServer([session])
  const browser = await launchBrowser()
  const typists: TestClient[] = []
  try {
    for (const table of session.tables) {
      for (let person = 0; person < PEOPLE_PER_TABLE; person++) {
        typists.push(connectClient(server.syncUrl, roomKey(session.id, table.id)))
      }
    }
    await Promise.all(typists.map(waitForSync))
    const atTables = timeMarksAtTables(typists)

    // Phase 1, the reference: the same typing with nobody watching.
    const alone = startCpuMeter(server.pid)
    await typeFor(typists, PHASE_SECONDS)
    await sleep(2000)
    const serverAlone = alone()

    // Phase 2: the wall watches every table.
    const context = await openContext(browser, 'Moderator')
    const wall = await context.newPage()
    await wall.addInitScript(() => {
      const seen: Record<string, number> = {}
      const longTasks: number[] = []
      Object.assign(window, { __marks: seen, __longTasks: longTasks })
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration)
      }).observe({ type: 'longtask', buffered: true })
      new MutationObserver((records) => {
        const now = Date.now()
        for (const record of records) {
          const text = record.target.textContent ?? ''
          for (const match of text.matchAll(/mk(\d+)x/g)) seen[match[1]!] ??= now
        }
      }).observe(document, { subtree: true, childList: true, characterData: true })
    })
    const moderator = mintToken({ sessionId: session.id, role: 'moderator' })
    const opened = Date.now()
    await wall.goto(`http://127.0.0.1:${server.port}/s/${session.id}/moderator?token=${moderator}`)
    // Ready: every card shows its table's questions, so every table's provider has synced.
    await wall.waitForFunction(
      (count) => document.querySelectorAll('.wall-card .progress li').length === count,
      TABLES * session.questions.length,
      { timeout: 60_000 },
    )
    const wallReady = Date.now() - opened
    await sleep(2000)
    const cdp = await context.newCDPSession(wall)
    await cdp.send('Performance.enable')
    const metric = async (name: string) => {
      const { metrics } = await cdp.send('Performance.getMetrics')
      return metrics.find((each) => each.name === name)?.value ?? 0
    }
    const taskBefore = await metric('TaskDuration')
    const watched = startCpuMeter(server.pid)
    const phaseStarted = Date.now()
    const sent = new Map<number, number>()
    await typeFor(typists, PHASE_SECONDS, (id) => sent.set(id, Date.now()))
    await sleep(2000)
    const serverWithWall = watched()
    const wallBusy =
      ((await metric('TaskDuration')) - taskBefore) / ((Date.now() - phaseStarted) / 1000)
    const heapMiB = (await metric('JSHeapUsedSize')) / 2 ** 20
    const longTasks = await wall.evaluate(
      () => (window as unknown as { __longTasks: number[] }).__longTasks,
    )
    const seen = await wall.evaluate(
      () => (window as unknown as { __marks: Record<string, number> }).__marks,
    )
    const latencies = [...sent]
      .flatMap(([id, at]) => (seen[String(id)] === undefined ? [] : [seen[String(id)]! - at]))
      .sort((a, b) => a - b)
    const reference = [...sent]
      .flatMap(([id, at]) => {
        const arrived = atTables.get(String(id))
        return arrived === undefined ? [] : [arrived - at]
      })
      .sort((a, b) => a - b)
    await context.close()

    const report = `# The moderator wall at scale

Generated by \`pnpm build && pnpm bench:wall\` (bench/wall.ts) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Debian's Chromium (headless).
Load: ${TABLES} tables × ${PEOPLE_PER_TABLE} stock y-websocket clients in the benchmark process, each typing a word
every ${TYPE_EVERY_MS / 1000}–${(TYPE_EVERY_MS + 500) / 1000} s into its table's first answer (about ${Math.round((TABLES * PEOPLE_PER_TABLE * 1000) / (TYPE_EVERY_MS + 250))} edits a second), for
${PHASE_SECONDS} s without the wall, then ${PHASE_SECONDS} s with it. Server, clients and browser share the 2 cores.

The wall connects one stock provider per table (the server's heartbeat keeps quiet ones open),
with no presence of its own, and renders each table's notes from its document.

| figure | value |
| --- | --- |
| wall ready (every table synced and shown, from navigation) | ${wallReady} ms |
| keystroke at a table → shown on the wall, p50 / p90 / p99 | ${[50, 90, 99].map((p) => `${percentile(latencies, p).toFixed(0)} ms`).join(' / ')} |
| the same keystroke → another person at the table (reference), p50 / p90 / p99 | ${[50, 90, 99].map((p) => `${percentile(reference, p).toFixed(0)} ms`).join(' / ')} |
| marked keystrokes seen on the wall | ${latencies.length} of ${sent.size} |
| wall main thread busy | ${(100 * wallBusy).toFixed(0)} % of one core |
| wall long tasks (over 50 ms) since opening: count, longest | ${longTasks.length}, ${Math.max(0, ...longTasks).toFixed(0)} ms |
| wall JS heap | ${heapMiB.toFixed(0)} MiB |
| server CPU, typing, nobody watching (reference) | ${(100 * serverAlone).toFixed(0)} % of one core |
| server CPU, typing, the wall watching | ${(100 * serverWithWall).toFixed(0)} % of one core |

${
  wallBusy < 0.5 && percentile(latencies, 99) < percentile(reference, 99) + 1000
    ? `Choice: one provider per table. A multiplexed read-only feed would save the wall ${TABLES} sockets,
but at this size the wall's main thread stays under half a core and keystrokes reach it within a
second of reaching the table's own people, and the stock protocol keeps the wall on the same
tested path as every other page. The wall renders a card at most every 50 ms and only the card
that changed; a keystroke never re-renders the other cards. What it costs is opening: browsers
open websockets to one host one at a time (RFC 6455), so ${TABLES} tables take ${(wallReady / 1000).toFixed(1)} s to appear
under this load; a feed carrying many rooms on one socket is the step to take if that matters.`
    : `The wall is near its limit at this size (main thread over half a core, or keystrokes a second
later on the wall than at the table at p99): a multiplexed read-only feed, and rendering only the
cards in view, come next.`
}
`
    writeFileSync(fileURLToPath(new URL('./WALL.md', import.meta.url)), report)
    process.stdout.write(report)
    if (latencies.length < sent.size * 0.95) {
      throw new Error(`the wall missed marks: saw ${latencies.length} of ${sent.size}`)
    }
  } finally {
    for (const client of typists) client.destroy()
    await browser.close()
    await server.stop()
  }
}

await main()
