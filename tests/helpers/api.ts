import type { TestServer } from './startServer.js'

/**
 * A request to the HTTP API of `server` at `/api<path>`, with `bearer` as the link's token
 * (`Authorization: Bearer`) and `body`, when given, sent as JSON. Resolves with the response
 * whatever its status, for the test to judge.
 */
export function callApi(
  server: Pick<TestServer, 'httpUrl'>,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  bearer: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${server.httpUrl}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}
