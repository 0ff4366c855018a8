import { MemoryStoreData, openMemoryStore } from '@tablenotes/server'
import { describeStoreContract } from './docStoreContract.js'

/** Each location is one MemoryStoreData: the stand-in for a database file. */
const locations = new Map<string, MemoryStoreData>()
let nextLocation = 0

describeStoreContract('memory', {
  async open(location) {
    const data = locations.get(location)
    if (!data) throw new Error(`no memory location ${location}`)
    return openMemoryStore(data)
  },
  async newLocation() {
    const location = `memory-${nextLocation++}`
    locations.set(location, new MemoryStoreData())
    return location
  },
  async cleanup(location) {
    locations.delete(location)
  },
})
