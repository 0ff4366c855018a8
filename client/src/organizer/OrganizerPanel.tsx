import type { Session } from '@tablenotes/shared'
import { LinksSection } from './LinksSection.js'
import { SessionForm } from './SessionForm.js'

/** What the organizer's link adds to the session page; loaded only for organizers. */
export function OrganizerPanel({
  session,
  onSaved,
}: {
  session: Session
  onSaved: (session: Session) => void
}) {
  return (
    <div className="organizer">
      <LinksSection key={session.tables.map((table) => table.id).join()} session={session} />
      <SessionForm session={session} onSaved={onSaved} />
    </div>
  )
}
