import { describe, expect, it } from 'vitest'
import { linkTarget } from './linkTarget.js'

const HERE = 'https://notes.example.org/'

describe('a pasted link', () => {
  it('leads to a session or table page that carries a token, here or on another server', () => {
    expect(linkTarget(' https://notes.example.org/s/pga/t/mena?token=abc.def ', HERE)).toBe(
      'https://notes.example.org/s/pga/t/mena?token=abc.def',
    )
    expect(linkTarget('http://192.168.1.20:8080/s/pga?token=x', HERE)).toBe(
      'http://192.168.1.20:8080/s/pga?token=x',
    )
    expect(linkTarget('/s/pga/moderator?token=x', HERE)).toBe(
      'https://notes.example.org/s/pga/moderator?token=x',
    )
  })

  it('is refused when it is no Tablenotes link', () => {
    expect(linkTarget('https://notes.example.org/s/pga', HERE)).toBeNull()
    expect(linkTarget('https://example.org/?token=x', HERE)).toBeNull()
    expect(linkTarget('javascript:alert(1)//s/?token=x', HERE)).toBeNull()
    expect(linkTarget('http://[::1', HERE)).toBeNull()
  })
})
