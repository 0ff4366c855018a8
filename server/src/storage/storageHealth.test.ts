import { describe, expect, it } from 'vitest'
import { publicErrorText } from './storageHealth.js'

/** An error as Node.js and the stores throw them: a message and a code. */
function failure(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {})
}

describe('what /healthz tells anyone of a storage error', () => {
  it('keeps the code and the cause, never where the data lives', () => {
    expect(publicErrorText(failure('connect ECONNREFUSED 127.0.0.1:18391', 'ECONNREFUSED'))).toBe(
      'connect ECONNREFUSED …',
    )
    expect(publicErrorText(failure('getaddrinfo ENOTFOUND db.internal', 'ENOTFOUND'))).toBe(
      'getaddrinfo ENOTFOUND …',
    )
    expect(publicErrorText(failure('connect ECONNREFUSED [::1]:5432', 'ECONNREFUSED'))).toBe(
      'connect ECONNREFUSED …',
    )
    expect(
      publicErrorText(
        failure(
          "unable to open database file '/srv/venue/data/tablenotes.sqlite'",
          'SQLITE_CANTOPEN',
        ),
      ),
    ).toBe("SQLITE_CANTOPEN: unable to open database file '…'")
    expect(publicErrorText(failure('database or disk is full', 'SQLITE_FULL'))).toBe(
      'SQLITE_FULL: database or disk is full',
    )
    expect(
      publicErrorText(
        failure('password authentication failed for postgres://tn:pw@db.example.org:5432/tn'),
      ),
    ).toBe('password authentication failed for …')
    expect(
      publicErrorText(failure('timeout exceeded when trying to connect to db.example.org:5432')),
    ).toBe('timeout exceeded when trying to connect to …')
  })
})
