import { readFile } from 'node:fs/promises'
import { formatSessionProblems, parseSessionText, type Session } from '@tablenotes/shared'

/** A session file that does not validate; the message names the file, line and field. */
export class SessionFileError extends Error {
  override readonly name = 'SessionFileError'
}

export async function readSessionFile(file: string): Promise<Session> {
  let source: string
  try {
    source = await readFile(file, 'utf8')
  } catch (error) {
    throw new SessionFileError(
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    )
  }
  const result = parseSessionText(source)
  if (!result.ok) throw new SessionFileError(formatSessionProblems(file, result.problems))
  return result.session
}
