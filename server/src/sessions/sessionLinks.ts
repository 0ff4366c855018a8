import { randomBytes } from 'node:crypto'
import {
  CONTROL_ROOM,
  isTableRole,
  type Role,
  roomKey,
  type Session,
  type SessionLink,
  SYNTHESIS_ROOM,
} from '@tablenotes/shared'
import { signToken } from '../auth/tokens.js'
import type { CapabilityLink, LinkStore } from '../storage/DocStore.js'

/** Where each role's link leads: table roles to their table, the others to the session. */
function linkRoom(link: CapabilityLink): string {
  if (link.tableId) return roomKey(link.sessionId, link.tableId)
  if (link.role === 'moderator') return roomKey(link.sessionId, CONTROL_ROOM)
  if (link.role === 'rapporteur') return roomKey(link.sessionId, SYNTHESIS_ROOM)
  return link.sessionId
}

function linkPath(link: CapabilityLink): string {
  if (link.tableId) return `/s/${link.sessionId}/t/${link.tableId}`
  if (link.role === 'moderator') return `/s/${link.sessionId}/moderator`
  if (link.role === 'rapporteur') return `/s/${link.sessionId}/synthesis`
  return `/s/${link.sessionId}`
}

export function describeLink(link: CapabilityLink, publicUrl: string, secret: string): SessionLink {
  const token = signToken(secret, {
    linkId: link.id,
    sessionId: link.sessionId,
    role: link.role,
    ...(link.tableId ? { tableId: link.tableId } : {}),
    ...(link.expiresAt !== null ? { expires: link.expiresAt } : {}),
  })
  return {
    id: link.id,
    role: link.role,
    table: link.tableId,
    room: linkRoom(link),
    url: `${publicUrl}${linkPath(link)}?token=${token}`,
    token,
  }
}

/** A new link for one role (and table); the caller stores it. */
export function createLink(
  sessionId: string,
  role: Role,
  tableId: string | null,
  now = Date.now(),
): CapabilityLink {
  if (isTableRole(role) !== (tableId !== null)) {
    throw new Error(`a ${role} link ${tableId ? 'has no table' : 'needs a table'}`)
  }
  return {
    id: randomBytes(9).toString('base64url'),
    sessionId,
    role,
    tableId,
    createdAt: now,
    expiresAt: null,
    revokedAt: null,
  }
}

/** The links a session needs: one per session-wide role, an editor and a viewer per table. */
function wantedLinks(session: Session): Array<{ role: Role; tableId: string | null }> {
  return [
    { role: 'organizer', tableId: null },
    { role: 'moderator', tableId: null },
    { role: 'rapporteur', tableId: null },
    ...session.tables.flatMap((table) => [
      { role: 'editor' as const, tableId: table.id },
      { role: 'viewer' as const, tableId: table.id },
    ]),
  ]
}

/**
 * The session's working links, minting whichever of the standard set is missing (never made,
 * revoked or expired at `now`, ms): so `links` always prints a full set that opens, and a
 * revoked or expired link is re-issued as a new one.
 */
export async function ensureSessionLinks(
  store: LinkStore,
  session: Session,
  now = Date.now(),
): Promise<CapabilityLink[]> {
  const working = (await store.listLinks(session.id)).filter(
    (link) => link.revokedAt === null && (link.expiresAt === null || link.expiresAt * 1000 > now),
  )
  for (const { role, tableId } of wantedLinks(session)) {
    if (working.some((link) => link.role === role && link.tableId === tableId)) continue
    const link = createLink(session.id, role, tableId)
    await store.putLink(link)
    working.push(link)
  }
  return working
}

const ROLE_LABELS: Record<Role, string> = {
  organizer: 'Organizer',
  moderator: 'Moderator',
  rapporteur: 'Session rapporteur',
  editor: 'edit',
  viewer: 'read',
}

/** Human-readable lines: the session-wide links, then each table's edit and read links. */
export function formatSessionLinks(session: Session, links: readonly SessionLink[]): string {
  const sessionWide = links
    .filter((link) => link.table === null)
    .map((link) => `  ${ROLE_LABELS[link.role].padEnd(20)}${link.url}`)
  const tables = session.tables.flatMap((table) => {
    const label =
      table.region && table.region !== table.name ? `${table.name} (${table.region})` : table.name
    return [
      `  ${label}`,
      ...links
        .filter((link) => link.table === table.id)
        .map((link) => `    ${ROLE_LABELS[link.role].padEnd(6)}${link.url}`),
    ]
  })
  return [session.title, ...sessionWide, ...tables].join('\n')
}
