import type { Session, Table } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { fetchSession, NotFoundError } from '../api.js'
import { t } from '../i18n/messages.js'
import { type Identity, readIdentity } from '../identity.js'
import { Loading } from '../Loading.js'
import { NameDialog } from './NameDialog.js'
import { TableEditor } from './TableEditor.js'

type Loaded = { session: Session; table: Table } | 'loading' | 'missing' | 'failed'

/** `/s/<sessionId>/t/<tableId>`: the page a table's rapporteurs write in. */
export function TablePage({ sessionId, tableId }: { sessionId: string; tableId: string }) {
  const [loaded, setLoaded] = useState<Loaded>('loading')
  const [identity, setIdentity] = useState<Identity | null>(readIdentity)
  const [renaming, setRenaming] = useState(false)

  useEffect(() => {
    fetchSession(sessionId).then(
      (session) => {
        const table = session.tables.find((candidate) => candidate.id === tableId)
        setLoaded(table ? { session, table } : 'missing')
        document.title = `${table?.name ?? tableId} · ${session.title} · ${t('appName')}`
      },
      (error: unknown) => setLoaded(error instanceof NotFoundError ? 'missing' : 'failed'),
    )
  }, [sessionId, tableId])

  if (loaded === 'loading') return <Loading />
  if (loaded === 'missing') return <p role="alert">{t('tableNotFound')}</p>
  if (loaded === 'failed') return <p role="alert">{t('loadFailed')}</p>
  if (!identity || renaming) {
    return (
      <main id="notes" className="narrow">
        <NameDialog
          initial={identity?.name ?? ''}
          onDone={(next) => {
            setIdentity(next)
            setRenaming(false)
          }}
        />
      </main>
    )
  }
  return (
    <TableEditor
      session={loaded.session}
      table={loaded.table}
      identity={identity}
      onRename={() => setRenaming(true)}
    />
  )
}
