import { CloseCode } from '@tablenotes/shared'
import type * as Y from 'yjs'
import { downloadBlob } from '../export/ExportButtons.js'
import { exportWordsIn, interfaceLanguage, t } from '../i18n/messages.js'
import { describeSaveState } from '../sync/describeSaveState.js'
import type { RoomConnection } from '../sync/openRoom.js'
import { unstoredNotes } from '../sync/unstoredNotes.js'
import { useSaveState } from './SaveStatus.js'

/**
 * What the page says in place of the toolbar once its link stopped working (revoked, expired,
 * refused) or the server refused one of its changes: why it no longer takes edits, and, if
 * anything written here never reached the server, a download of it, so that nothing typed is
 * ever dropped; after a refused change, a way to start again from the server's copy.
 */
export function LinkEndedNote({
  room,
  filename,
  language,
}: {
  room: RoomConnection
  filename: string
  /** The table's language, for the export's words. */
  language: string
}) {
  const state = useSaveState(room.tracker)
  const unsent =
    state.unsentSince !== null || unstoredNotes(room.doc, room.tracker.serverState) !== null
  return (
    <div className="read-only-note link-ended" role="note">
      <p>{describeSaveState(state).text}</p>
      {unsent && (
        <p>
          {t('unsentNotice')}{' '}
          <UnsentDownload
            doc={room.doc}
            stored={room.tracker.serverState}
            filename={filename}
            language={language}
          />
        </p>
      )}
      {state.refusedCode === CloseCode.invalidUpdate && (
        <p>
          <button type="button" onClick={() => void startAgain(room)}>
            {t('startAgainFromServer')}
          </button>
        </p>
      )}
    </div>
  )
}

/**
 * Opens the table again from the server's copy alone, once this device's copy, which holds the
 * change the server refused, is deleted (openRoom's forgetDeviceCopy).
 */
async function startAgain(room: RoomConnection): Promise<void> {
  await room.forgetDeviceCopy()
  location.reload()
}

/** The button that downloads what the server has not stored of `doc` (see unsentMarkdown). */
export function UnsentDownload({
  doc,
  stored,
  filename,
  language,
}: {
  doc: Y.Doc
  /** The state vector of what the server holds. */
  stored: ReadonlyMap<number, number>
  filename: string
  language: string
}) {
  const download = async () => {
    // The Markdown writer is a chunk of its own (see ExportButtons), kept by the service worker.
    const [{ notesToMarkdown }, words] = await Promise.all([
      import('@tablenotes/shared/markdown'),
      exportWordsIn(language),
    ])
    const markdown = unsentMarkdown(doc, stored, (d) => notesToMarkdown(d, { words }), Date.now())
    downloadBlob(
      new Blob([markdown], { type: 'text/markdown;charset=utf-8' }),
      `${filename}-not-stored.md`,
    )
  }
  return (
    <button type="button" onClick={() => void download()}>
      {t('downloadUnsent')}
    </button>
  )
}

/**
 * A Markdown file of what the server has not stored (`stored`, its state vector), under the
 * questions it was written in, followed by the whole table as this device has it: deletions
 * cannot be listed, and the person may need the context. `toMarkdown` is the export's writer
 * (`notesToMarkdown` with the document's labels); `now` (epoch ms) dates the file.
 */
export function unsentMarkdown(
  doc: Y.Doc,
  stored: ReadonlyMap<number, number>,
  toMarkdown: (doc: Y.Doc) => string,
  now: number,
): string {
  const time = new Intl.DateTimeFormat(interfaceLanguage(), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(now)
  const unstored = unstoredNotes(doc, stored)
  return [
    `*${t('unsentFileIntro', { time })}*\n\n`,
    unstored ? toMarkdown(unstored) : '',
    `\n___\n\n**${t('unsentFileWhole')}**\n\n`,
    toMarkdown(doc),
  ].join('')
}
