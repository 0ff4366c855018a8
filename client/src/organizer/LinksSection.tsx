import type { Session, SessionLink } from '@tablenotes/shared'
import { useCallback, useEffect, useState } from 'react'
import { refusalMessage } from '../auth/refusalMessage.js'
import { type MessageKey, t } from '../i18n/messages.js'
import { listLinks, revokeLink } from './organizerApi.js'
import { QrCode } from './QrCode.js'

const ROLE_LABELS: Record<SessionLink['role'], MessageKey> = {
  organizer: 'roleOrganizer',
  moderator: 'roleModerator',
  rapporteur: 'roleRapporteur',
  editor: 'roleEditor',
  viewer: 'roleViewer',
}

/** Every link of the session, with its QR code, a copy button, and revoke (then a new one). */
export function LinksSection({ session }: { session: Session }) {
  const [links, setLinks] = useState<SessionLink[] | 'loading' | { refused: MessageKey }>('loading')
  const [notice, setNotice] = useState('')
  const reload = useCallback(() => {
    listLinks(session.id).then(setLinks, (error: unknown) =>
      setLinks({ refused: refusalMessage(error) }),
    )
  }, [session.id])
  useEffect(() => reload(), [reload])

  if (links === 'loading') return <p>{t('loading')}</p>
  if ('refused' in links) return <p role="alert">{t(links.refused)}</p>

  const revoke = async (link: SessionLink, label: string) => {
    if (!window.confirm(t('revokeConfirm', { link: label }))) return
    await revokeLink(session.id, link.id)
    setNotice(t('revoked', { link: label }))
    reload()
  }
  const copy = async (link: SessionLink, label: string) => {
    await navigator.clipboard.writeText(link.url)
    setNotice(t('copied', { link: label }))
  }
  const groups = [
    { title: t('linksSessionWide'), links: links.filter((link) => link.table === null) },
    ...session.tables.map((table) => ({
      title: table.name,
      links: links.filter((link) => link.table === table.id),
    })),
  ]
  return (
    <section aria-labelledby="links-title">
      <h2 id="links-title">{t('linksTitle')}</h2>
      <p className="hint">{t('linksHelp')}</p>
      <p>
        <a href={`/s/${session.id}/print`}>{t('printSheets')}</a>
      </p>
      <output aria-live="polite" className="notice">
        {notice}
      </output>
      {groups.map((group) => (
        <div key={group.title} className="link-group">
          <h3 dir="auto">{group.title}</h3>
          <ul className="link-list">
            {group.links.map((link) => {
              const label = `${t(ROLE_LABELS[link.role])}${link.table ? ` · ${group.title}` : ''}`
              return (
                <li key={link.id}>
                  <QrCode text={link.url} size={96} label={t('qrOf', { link: label })} />
                  <div>
                    <strong>{t(ROLE_LABELS[link.role])}</strong>
                    <input
                      readOnly
                      value={link.url}
                      aria-label={t('linkAddress', { link: label })}
                      onFocus={(event) => event.target.select()}
                    />
                    <button type="button" onClick={() => void copy(link, label)}>
                      {t('copyLink')}
                    </button>{' '}
                    <button type="button" onClick={() => void revoke(link, label)}>
                      {t('revokeLink')}
                    </button>
                  </div>
                </li>
              )
            })}
          </ul>
        </div>
      ))}
    </section>
  )
}
