import type { Session } from '@tablenotes/shared'
import { type ReactNode, useEffect, useState } from 'react'
import { fetchSession } from '../api.js'
import { claimsFor } from '../auth/links.js'
import { refusalMessage } from '../auth/refusalMessage.js'
import { useDocumentTitle } from '../i18n/interfaceLanguageContext.js'
import { type MessageKey, t } from '../i18n/messages.js'
import { Loading } from '../Loading.js'
import { PageMessage } from '../PageMessage.js'

export interface SessionGateProps {
  sessionId: string
  /** The link roles this page is for; any other link gets `refused`, without asking the server. */
  roles: readonly string[]
  /** What a link of another role is told. */
  refused: MessageKey
  /** The page's name: the browser tab reads `<title> · <session title>`. */
  title: MessageKey
  /** The page itself, once the session is loaded. */
  children: (session: Session) => ReactNode
}

/**
 * A page of the whole session (the wall, the synthesis): checks the link's role, loads the
 * session, titles the tab, and shows "Loading" or the reason it cannot open until then.
 */
export function SessionGate({ sessionId, roles, refused, title, children }: SessionGateProps) {
  const [session, setSession] = useState<Session | 'loading' | { refused: MessageKey }>('loading')
  useEffect(() => {
    if (!roles.includes(claimsFor(sessionId)?.role ?? '')) {
      setSession({ refused })
      return
    }
    fetchSession(sessionId).then(
      (loaded) => setSession(loaded),
      (error: unknown) => setSession({ refused: refusalMessage(error) }),
    )
  }, [sessionId, roles, refused])
  useDocumentTitle(
    typeof session === 'object' && 'title' in session ? `${t(title)} · ${session.title}` : null,
  )
  if (session === 'loading') return <Loading />
  if ('refused' in session) return <PageMessage text={t(session.refused)} />
  return children(session)
}
