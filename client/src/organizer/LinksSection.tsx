import type { Session, SessionLink } from '@tablenotes/shared'
import { useCallback, useEffect, useState } from 'react'
import { refusalMessage } from '../auth/refusalMessage.js'
import { useInterfaceLanguage } from '../i18n/interfaceLanguageContext.js'
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

/**
 * What the section last told the organizer: which message, about which link (its role, and its
 * table's name for a table's link). Kept as such, not as text, so that it is put in words at each
 * render and follows a language switch like the rest of the page.
 */
interface Notice {
  key: 'copied' | 'revoked'
  role: SessionLink['role']
  tableName: string | null
}

/** A link's name as the section says it, in the interface language: "Edit · Table one". */
function linkLabel(role: SessionLink['role'], tableName: string | null): string {
  return `${t(ROLE_LABELS[role])}${tableName !== null ? ` · ${tableName}` : ''}`
}

/** Every link of the session, with its QR code, a copy button, and revoke (then a new one). */
export function LinksSection({ session }: { session: Session }) {
  const [links, setLinks] = useState<SessionLink[] | 'loading' | { refused: MessageKey }>('loading')
  const [notice, setNotice] = useState<Notice | null>(null)
  // Re-renders on a language switch, which puts the notice in the new language's words.
  useInterfaceLanguage()
  const reload = useCallback(() => {
    listLinks(session.id).then(setLinks, (error: unknown) =>
      setLinks({ refused: refusalMessage(error) }),
    )
  }, [session.id])
  useEffect(() => reload(), [reload])

  if (links === 'loading') return <p>{t('loading')}</p>
  if ('refused' in links) return <p role="alert">{t(links.refused)}</p>

  const tableName = (link: SessionLink) =>
    link.table === null
      ? null
      : (session.tables.find((table) => table.id === link.table)?.name ?? link.table)
  const revoke = async (link: SessionLink, label: string) => {
    if (!window.confirm(t('revokeConfirm', { link: label }))) return
    await revokeLink(session.id, link.id)
    setNotice({ key: 'revoked', role: link.role, tableName: tableName(link) })
    reload()
  }
  const copy = async (link: SessionLink) => {
    await navigator.clipboard.writeText(link.url)
    setNotice({ key: 'copied', role: link.role, tableName: tableName(link) })
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
        {notice && t(notice.key, { link: linkLabel(notice.role, notice.tableName) })}
      </output>
      {groups.map((group) => (
        <div key={group.title} className="link-group">
          <h3 dir="auto">{group.title}</h3>
          <ul className="link-list">
            {group.links.map((link) => {
              const label = linkLabel(link.role, link.table ? group.title : null)
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
                    <button type="button" onClick={() => void copy(link)}>
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
