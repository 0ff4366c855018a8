import { describe, expect, it } from 'vitest'
import { distinctRegion, tableTitle } from './tableLabel.js'

describe('a table’s label', () => {
  it('names a table after its region once, never "Europe · Europe" (issue 18.6)', () => {
    expect(tableTitle({ name: 'Europe', region: 'Europe' })).toBe('Europe')
    expect(tableTitle({ name: 'Europe', region: ' Europe ' })).toBe('Europe')
    expect(distinctRegion({ name: 'Africa', region: 'Africa' })).toBeNull()
  })

  it('adds a region that says more than the name', () => {
    expect(tableTitle({ name: 'Beirut', region: 'Middle East' })).toBe('Beirut · Middle East')
    expect(distinctRegion({ name: 'Beirut', region: 'Middle East' })).toBe('Middle East')
    expect(tableTitle({ name: 'Beirut' })).toBe('Beirut')
    expect(tableTitle({ name: 'Beirut', region: '  ' })).toBe('Beirut')
  })
})
