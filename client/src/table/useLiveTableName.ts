import { NOTES_FRAGMENT, NodeName, type Table } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import * as Y from 'yjs'

type TableName = Pick<Table, 'name' | 'region'>

/** The name and region the table document's title carries now; null before it arrives. */
function readTitle(doc: Y.Doc): TableName | null {
  const title = doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .find(
      (node): node is Y.XmlElement =>
        node instanceof Y.XmlElement && node.nodeName === NodeName.tableTitle,
    )
  const name = title?.getAttribute('name')
  if (typeof name !== 'string' || name === '') return null
  const region = title?.getAttribute('region')
  return typeof region === 'string' && region !== '' ? { name, region } : { name }
}

/**
 * The table's name as the organizer last set it: the session fetched when the page opened says
 * what it was then, the document's title (which the server updates on every rename) says what
 * it is now, so a table renamed during the event shows its new name without a reload.
 */
export function useLiveTableName(doc: Y.Doc | null, table: Table): TableName {
  const [live, setLive] = useState<TableName | null>(null)
  useEffect(() => {
    if (!doc) return
    const fragment = doc.getXmlFragment(NOTES_FRAGMENT)
    // The title is the first node: reading it is cheap enough for every change.
    const update = () =>
      setLive((current) => {
        const next = readTitle(doc)
        return next?.name === current?.name && next?.region === current?.region ? current : next
      })
    update()
    fragment.observeDeep(update)
    return () => fragment.unobserveDeep(update)
  }, [doc])
  return live ?? table
}
