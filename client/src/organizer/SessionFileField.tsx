import { parseSessionText, type Session, type SessionProblem } from '@tablenotes/shared'
import { t } from '../i18n/messages.js'

/**
 * A YAML or JSON session file, read and checked in the page with the schema the server uses,
 * so problems show with their line before anything is sent.
 */
export function SessionFileField({
  label,
  onSession,
  onProblems,
}: {
  label: string
  onSession: (session: Session) => void
  onProblems: (problems: SessionProblem[]) => void
}) {
  const read = async (file: File) => {
    const parsed = parseSessionText(await file.text())
    if (parsed.ok) onSession(parsed.session)
    else onProblems(parsed.problems)
  }
  return (
    <label className="field">
      {label}
      <input
        type="file"
        accept=".yaml,.yml,.json,application/json,text/yaml"
        onChange={(event) => {
          const file = event.target.files?.[0]
          if (file) void read(file)
        }}
      />
    </label>
  )
}

/** The problems of a session definition, each with its field and line, announced at once. */
export function SessionProblems({ problems }: { problems: readonly SessionProblem[] }) {
  if (problems.length === 0) return null
  return (
    <ul role="alert" className="problems">
      {problems.map((problem) => (
        <li key={`${problem.field}:${problem.message}`}>
          {problem.line ? t('problemLine', { line: problem.line }) : ''}
          {problem.field ? `${problem.field}: ` : ''}
          {problem.message}
        </li>
      ))}
    </ul>
  )
}
