import type { Session } from '@tablenotes/shared'

/** A link to one room of a session, as the command line and start-up print it. */
export interface SessionLink {
  id: string
  role: 'table'
  room: string
  url: string
  /** The capability token; null until links carry rights. */
  token: string | null
}

/** One link per table: the table's page, where its rapporteurs write. */
export function listSessionLinks(publicUrl: string, session: Session): SessionLink[] {
  return session.tables.map((table) => {
    const room = `${session.id}/${table.id}`
    return {
      id: room,
      role: 'table',
      room,
      url: `${publicUrl}/s/${session.id}/t/${table.id}`,
      token: null,
    }
  })
}

/** Human-readable lines: the session and its page, then each table with its link. */
export function formatSessionLinks(publicUrl: string, session: Session): string {
  const labels = session.tables.map((table) =>
    table.region && table.region !== table.name ? `${table.name} (${table.region})` : table.name,
  )
  const width = Math.max(...labels.map((label) => label.length)) + 2
  const lines = listSessionLinks(publicUrl, session).map(
    (link, index) => `  ${labels[index]!.padEnd(width)}${link.url}`,
  )
  return [`${session.title}  ${publicUrl}/s/${session.id}`, ...lines].join('\n')
}
