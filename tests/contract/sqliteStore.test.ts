import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openSqliteStore } from '@tablenotes/server'
import { describeStoreContract } from './docStoreContract.js'

describeStoreContract('sqlite', {
  open: (file) => openSqliteStore(file),
  async newLocation() {
    const dir = await mkdtemp(path.join(tmpdir(), 'tablenotes-contract-'))
    return path.join(dir, 'tablenotes.sqlite')
  },
  async cleanup(file) {
    await rm(path.dirname(file), { recursive: true, force: true })
  },
})
