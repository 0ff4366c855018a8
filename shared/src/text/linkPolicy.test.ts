import { describe, expect, it } from 'vitest'
import { isAllowedHref, normalizeHref, shouldAutoLink } from './linkPolicy.js'

describe('the link policy', () => {
  it('keeps web and mail links only', () => {
    const allowed = ['https://example.org', 'HTTP://x.org/a?b#c', ' mailto:a@b.org', 'https:x']
    expect(allowed.map(isAllowedHref)).toEqual([true, true, true, true])
    const refused = [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,hi',
      'file:///C:/Users/clip.htm',
      '#_ftn1',
      '#_msocom_1',
      'ftp://example.org',
      'example.org',
      '/relative',
      '',
      'https:',
      'java\tscript:x',
      'java\nscript:x',
      '//evil.example',
      'vbscript:x',
    ]
    expect(refused.map(isAllowedHref)).toEqual(refused.map(() => false))
  })

  it('links by itself only what is unmistakably an address', () => {
    const links = [
      'https://example.org',
      'http://localhost:8080/x',
      'www.iom.int',
      'WWW.example.org/path',
      'amina@example.org',
      'mailto:amina@example.org',
    ]
    expect(links.map(shouldAutoLink)).toEqual(links.map(() => true))
    const words = [
      'many.Global',
      'example.org',
      'report.md',
      'e.g.',
      'www.',
      'user:pass@evil.example',
      'a@b',
      'javascript:alert(1)',
    ]
    expect(words.map(shouldAutoLink)).toEqual(words.map(() => false))
  })

  it('turns what someone types into the link dialog into a link, or refuses it', () => {
    expect(normalizeHref(' https://example.org/a ')).toBe('https://example.org/a')
    expect(normalizeHref('mailto:a@b.org')).toBe('mailto:a@b.org')
    expect(normalizeHref('amina@example.org')).toBe('mailto:amina@example.org')
    expect(normalizeHref('example.org/report')).toBe('https://example.org/report')
    expect(normalizeHref('www.iom.int')).toBe('https://www.iom.int')
    expect(normalizeHref('example.org:8080/x')).toBe('https://example.org:8080/x')
    for (const refused of ['', 'javascript:alert(1)', 'ftp://x.org', 'word', 'two words.org'])
      expect(normalizeHref(refused), refused).toBeNull()
  })
})
