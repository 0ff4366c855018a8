import { useEffect, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { t } from '../i18n/messages.js'

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

/** Who is at the table now: a name always beside its colour, never the colour alone. */
export function PresenceList({ provider }: { provider: WebsocketProvider }) {
  const [people, setPeople] = useState(() => readPeople(provider))
  useEffect(() => {
    const update = () => setPeople(readPeople(provider))
    provider.awareness.on('change', update)
    update()
    return () => provider.awareness.off('change', update)
  }, [provider])
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
      {people.length <= 1 && <p className="hint">{t('presenceAlone')}</p>}
    </section>
  )
}
