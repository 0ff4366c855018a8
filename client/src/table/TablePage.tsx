import { roomAccess, type Session, type Table, tableTitle } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { fetchSession, NotFoundError } from '../api.js'
import { claimsFor, expectsToWrite } from '../auth/links.js'
import { refusalMessage } from '../auth/refusalMessage.js'
import { type MessageKey, t } from '../i18n/messages.js'
import { type Identity, readIdentity } from '../identity.js'
import { Loading } from '../Loading.js'
import { PageMessage } from '../PageMessage.js'
import { loadServerLimits } from '../sync/serverLimits.js'
import { NameDialog } from './NameDialog.js'
import { TableEditor } from './TableEditor.js'
import { UnsentOnDevice } from './UnsentOnDevice.js'

type Loaded = { session: Session; table: Table } | 'loading' | 'missing' | { refused: MessageKey }

/** `/s/<sessionId>/t/<tableId>`: the page a table's rapporteurs write in. */
export function TablePage({ sessionId, tableId }: { sessionId: string; tableId: string }) {
  const [loaded, setLoaded] = useState<Loaded>('loading')
  const [identity, setIdentity] = useState<Identity | null>(readIdentity)
  // Whoever just gave their name came to write: the caret waits for them in the notes.
  const [justNamed, setJustNamed] = useState(false)
  const [renaming, setRenaming] = useState(false)

  useEffect(() => {
    const claims = claimsFor(sessionId)
    if (!claims) return setLoaded({ refused: 'needLink' })
    if (roomAccess(claims, { sessionId, roomId: tableId }) === 'none') {
      return setLoaded({ refused: 'closedForbidden' })
    }
    // The server's limits first, so that the editor never takes a change the server refuses.
    Promise.all([fetchSession(sessionId), loadServerLimits()]).then(
      ([session]) => {
        const table = session.tables.find((candidate) => candidate.id === tableId)
        setLoaded(table ? { session, table } : 'missing')
      },
      (error: unknown) =>
        setLoaded(error instanceof NotFoundError ? 'missing' : { refused: refusalMessage(error) }),
    )
  }, [sessionId, tableId])

  if (loaded === 'loading') return <Loading />
  if (loaded === 'missing') return <PageMessage text={t('tableNotFound')} />
  if ('refused' in loaded) {
    return (
      <PageMessage text={t(loaded.refused)}>
        <UnsentOnDevice sessionId={sessionId} tableId={tableId} />
      </PageMessage>
    )
  }
  if (!identity || renaming) {
    return (
      <main id="notes" className="narrow">
        <NameDialog
          table={tableTitle(loaded.table)}
          session={loaded.session.title}
          readOnly={!expectsToWrite(sessionId, tableId)}
          initial={identity?.name ?? ''}
          onDone={(next) => {
            setIdentity(next)
            setRenaming(false)
            setJustNamed(true)
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
      focusNotes={justNamed}
      onRename={() => setRenaming(true)}
    />
  )
}
