import { readFileSync } from 'node:fs'
import { NOTES_FRAGMENT } from '@tablenotes/shared'
import * as Y from 'yjs'
import { connectClient, isStoredOnServer, waitFor, waitForSync } from './helpers/clients.js'

const links: Array<{ role: string; table?: string; token: string }> = JSON.parse(
  readFileSync('/tmp/h8/pga-links.json', 'utf8'),
)
const [, , table, ...texts] = process.argv
const token = links.find((l) => l.role === 'editor' && l.table === table)!.token
const client = connectClient('ws://127.0.0.1:18108/collab', `pga-2016-global-governance/${table}`, {
  stored: true,
  token,
})
await waitForSync(client)
const answer = (client.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement).get(
  0,
) as Y.XmlElement
const list = new Y.XmlElement('bulletList')
list.insert(
  0,
  texts.map((text) => {
    const item = new Y.XmlElement('listItem')
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(text)])
    item.insert(0, [p])
    return item
  }),
)
answer.insert(answer.length, [list])
await waitFor('stored', () => isStoredOnServer(client))
client.destroy()
process.exit(0)
