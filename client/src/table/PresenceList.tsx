import { useEffect, useRef, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { interfaceLanguage, t } from '../i18n/messages.js'
import type { RoomConnection } from '../sync/openRoom.js'
import { useSaveState } from './SaveStatus.js'

/** Comings and goings are told together, at most this often: a busy table must not flood. */
const ANNOUNCE_EVERY_MS = 5_000
const SETTLING_MS = 3_000

interface Person {
  clientId: number
  name: string
  colour: string
  isYou: boolean
}

function readPeople(provider: WebsocketProvider): Person[] {
  const you = provider.awareness.clientID
  const people: Person[] = []
  for (const [clientId, state] of provider.awareness.getStates()) {
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user
    if (typeof user?.name !== 'string') continue
    const colour = typeof user.color === 'string' ? user.color : '#444'
    people.push({ clientId, name: user.name, colour, isYou: clientId === you })
  }
  return people.sort((a, b) => Number(b.isYou) - Number(a.isYou) || a.name.localeCompare(b.name))
}

const others = (people: readonly Person[]) =>
  new Set(people.filter((person) => !person.isYou).map((person) => person.name))

/**
 * "Amina and Li joined the table. Rafael left the table.": who came and went since the last
 * announcement, gathered over a few seconds. Cursor moves change awareness many times a second
 * and say nothing here; only names that appear or disappear do. `settling` is true while
 * whoever is there is listed rather than announced: for SETTLING_MS after the page connects,
 * and from the moment it loses the server, since the provider then forgets everyone else's
 * presence (y-websocket's `removeAwarenessStates` on close), which is nobody leaving.
 */
function usePresenceAnnouncement(
  people: readonly Person[],
  connected: boolean,
): { announcement: string; settling: boolean } {
  const [announcement, setAnnouncement] = useState('')
  const [settling, setSettling] = useState(true)
  const announced = useRef<Set<string> | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const latest = useRef(people)
  latest.current = people
  const settlingNow = useRef(settling || !connected)
  settlingNow.current = settling || !connected
  // Declared before the effect below so that, when the connection drops and the others'
  // presence goes in one render, this runs first.
  useEffect(() => {
    if (!connected) {
      if (timer.current !== null) clearTimeout(timer.current)
      timer.current = null
      setSettling(true)
      return
    }
    const settled = setTimeout(() => setSettling(false), SETTLING_MS)
    return () => clearTimeout(settled)
  }, [connected])
  useEffect(() => {
    if (announced.current === null || settlingNow.current) {
      announced.current = others(people)
      return
    }
    if (timer.current !== null) return
    timer.current = setTimeout(() => {
      timer.current = null
      const before = announced.current ?? new Set<string>()
      const now = others(latest.current)
      const list = new Intl.ListFormat(interfaceLanguage(), { type: 'conjunction' })
      const joined = [...now].filter((name) => !before.has(name))
      const left = [...before].filter((name) => !now.has(name))
      announced.current = now
      const parts = [
        joined.length > 0 ? t('presenceJoined', { names: list.format(joined) }) : '',
        left.length > 0 ? t('presenceLeft', { names: list.format(left) }) : '',
      ].filter(Boolean)
      if (parts.length > 0) setAnnouncement(parts.join(' '))
    }, ANNOUNCE_EVERY_MS)
  }, [people])
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current)
    },
    [],
  )
  return { announcement, settling: settlingNow.current }
}

/** Who is at the table now: a name always beside its colour, never the colour alone. */
export function PresenceList({ room }: { room: RoomConnection }) {
  const { provider } = room
  const [people, setPeople] = useState(() => readPeople(provider))
  useEffect(() => {
    const update = () => setPeople(readPeople(provider))
    provider.awareness.on('change', update)
    update()
    return () => provider.awareness.off('change', update)
  }, [provider])
  const connected = useSaveState(room.tracker).connection === 'connected'
  const { announcement, settling } = usePresenceAnnouncement(people, connected)
  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title">{t('presenceTitle')}</h2>
      <ul>
        {people.map((person) => (
          <li key={person.clientId}>
            <span className="swatch" style={{ background: person.colour }} aria-hidden="true" />
            {person.isYou ? t('presenceYou', { name: person.name }) : person.name}
          </li>
        ))}
      </ul>
      {/* Offline, the provider has forgotten the others: not knowing is not being alone. */}
      {!connected ? (
        <p className="hint">{t('presenceOffline')}</p>
      ) : (
        people.length <= 1 && <p className="hint">{t('presenceAlone')}</p>
      )}
      {/* Busy while the page's own arrival settles (WAI-ARIA aria-busy): nothing to tell yet. */}
      <output
        className="visually-hidden"
        aria-live="polite"
        aria-busy={settling}
        data-testid="presence-announcement"
      >
        {announcement}
      </output>
    </section>
  )
}
