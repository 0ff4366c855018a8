import { CloseCode } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import { isStoredOnServer, openRawSocket, waitFor, waitForSync } from '../helpers/clients.js'
import { notesText } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'

let server: TestServer
const fixture = serverForEachTest()

/** One sample's value from Prometheus text, or NaN if the series is missing. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : Number.NaN
}

describe('operations', () => {
  it('reports readiness and Prometheus metrics of what happened', async () => {
    server = await fixture.start()
    expect(await (await fetch(`${server.httpUrl}/readyz`)).json()).toEqual({ status: 'ready' })

    const client = fixture.join('test-session/t1')
    await waitForSync(client)
    notesText(client.doc).insert(0, 'counted')
    await waitFor('the edit to be stored', () => isStoredOnServer(client))
    const refused = openRawSocket(`${server.collabUrl}/test-session/t1`)
    expect((await refused.closed).code).toBe(CloseCode.unauthenticated)

    const response = await fetch(`${server.httpUrl}/metrics`)
    expect(response.headers.get('content-type')).toContain('text/plain')
    const text = await response.text()
    expect(sample(text, 'tablenotes_open_sockets')).toBe(1)
    expect(sample(text, 'tablenotes_loaded_rooms')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'tablenotes_updates_stored_total')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'tablenotes_refused_connections_total{code="4401"}')).toBe(1)
    expect(sample(text, 'tablenotes_bytes_received_total')).toBeGreaterThan(0)
    expect(sample(text, 'tablenotes_bytes_sent_total')).toBeGreaterThan(0)
    const writes = sample(text, 'tablenotes_store_write_seconds_count')
    expect(writes).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'tablenotes_store_write_seconds_bucket{le="+Inf"}')).toBe(writes)
    // The event loop's delay, in seconds (NaN if the series were missing).
    const lagMax = sample(text, 'nodejs_eventloop_lag_max_seconds')
    expect(lagMax).toBeGreaterThanOrEqual(0)
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeLessThanOrEqual(lagMax)
  })
})
