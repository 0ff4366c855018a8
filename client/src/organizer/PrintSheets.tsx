import type { Session, SessionLink } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { fetchSession } from '../api.js'
import { refusalMessage } from '../auth/refusalMessage.js'
import { type MessageKey, t } from '../i18n/messages.js'
import { Loading } from '../Loading.js'
import { PageMessage } from '../PageMessage.js'
import { listLinks } from './organizerApi.js'
import { QrCode } from './QrCode.js'

/**
 * `/s/<id>/print`: one page per table for the physical tables: the table's name and a large QR
 * code of its edit link, so rapporteurs join by pointing a phone at it.
 */
export function PrintSheets({ sessionId }: { sessionId: string }) {
  const [loaded, setLoaded] = useState<
    { session: Session; links: SessionLink[] } | 'loading' | { refused: MessageKey }
  >('loading')
  useEffect(() => {
    Promise.all([fetchSession(sessionId), listLinks(sessionId)]).then(
      ([session, links]) => setLoaded({ session, links }),
      (error: unknown) => setLoaded({ refused: refusalMessage(error) }),
    )
  }, [sessionId])
  if (loaded === 'loading') return <Loading />
  if ('refused' in loaded) return <PageMessage text={t(loaded.refused)} />
  const { session, links } = loaded
  return (
    <main id="notes" className="print-sheets">
      <p className="no-print">
        <button type="button" onClick={() => window.print()}>
          {t('printNow')}
        </button>{' '}
        <a href={`/s/${session.id}`}>{t('backToSession')}</a>
      </p>
      {session.tables.map((table) => {
        const link = links.find((each) => each.role === 'editor' && each.table === table.id)
        if (!link) return null
        return (
          <section key={table.id} className="sheet">
            <p className="session-title" dir="auto">
              {session.title}
            </p>
            <h1 dir="auto">{table.name}</h1>
            {table.region && table.region !== table.name && <p dir="auto">{table.region}</p>}
            <QrCode text={link.url} size={360} label={t('qrOf', { link: table.name })} />
            <p>{t('sheetHelp')}</p>
            <p className="sheet-url">{link.url}</p>
          </section>
        )
      })}
    </main>
  )
}
