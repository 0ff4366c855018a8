import { describe, expect, it } from 'vitest'
import { linkOrigin, listeningOrigin } from './linkOrigin.js'

describe('linkOrigin', () => {
  it('is PUBLIC_URL when set, whatever the address', () => {
    expect(
      linkOrigin({ publicUrl: 'https://notes.example.org', tls: false, host: '::', port: 1 }),
    ).toBe('https://notes.example.org')
  })

  it('is the configured address otherwise, localhost for every interface, https with TLS', () => {
    const at = (host: string, tls = false) => linkOrigin({ publicUrl: null, tls, host, port: 8080 })
    expect(at('0.0.0.0')).toBe('http://localhost:8080')
    expect(at('::')).toBe('http://localhost:8080')
    expect(at('192.0.2.7', true)).toBe('https://192.0.2.7:8080')
    expect(at('2001:db8::1')).toBe('http://[2001:db8::1]:8080')
  })

  it('reads the port a listening server bound', () => {
    expect(
      listeningOrigin(null, false, { address: '127.0.0.1', family: 'IPv4', port: 43_210 }),
    ).toBe('http://127.0.0.1:43210')
  })
})
