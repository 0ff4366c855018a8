import {
  type ControlState,
  mayComment,
  type Session,
  type Table,
  tableLanguage,
  tableTitle,
} from '@tablenotes/shared'
import { EditorContent, useEditor } from '@tiptap/react'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { useEffect, useMemo, useState } from 'react'
import { claimsFor } from '../auth/links.js'
import { CommentButton } from '../comments/CommentButton.js'
import { CommentsPanel } from '../comments/CommentsPanel.js'
import { CommentHighlights, type QuoteChoice } from '../comments/commentHighlights.js'
import { commentWriter } from '../comments/commentsApi.js'
import { ControlBar } from '../control/ControlBar.js'
import { useControl } from '../control/useControl.js'
import { callToActionKeyLabel } from '../editor/callToAction.js'
import { SizeLimit } from '../editor/sizeLimit.js'
import { Toolbar } from '../editor/Toolbar.js'
import { createTableExtensions, notesEditorProps } from '../editor/tableExtensions.js'
import { useEditorAttributes } from '../editor/useEditorAttributes.js'
import { ExportButtons } from '../export/ExportButtons.js'
import { HistoryButton } from '../history/HistoryPanel.js'
import { WhoWroteWhat } from '../history/WhoWroteWhat.js'
import { useDocumentTitle } from '../i18n/interfaceLanguageContext.js'
import { formatBytes, t } from '../i18n/messages.js'
import type { Identity } from '../identity.js'
import { Loading } from '../Loading.js'
import { PageHeader } from '../PageHeader.js'
import type { RoomConnection } from '../sync/openRoom.js'
import { maxMessageBytes, maxUpdateBytes } from '../sync/serverLimits.js'
import { ChangesSinceLastLook } from './ChangesSinceLastLook.js'
import { HelpButton } from './HelpButton.js'
import { LinkEndedNote } from './LinkEndedNote.js'
import { PresenceList } from './PresenceList.js'
import { PriorityIssues } from './PriorityIssues.js'
import { SaveStatus, useSaveState } from './SaveStatus.js'
import { useConfirmEmptying } from './useConfirmEmptying.js'
import { useLiveTableName } from './useLiveTableName.js'
import { useRoom } from './useRoom.js'
import { WaitingForNotes } from './WaitingForNotes.js'

interface TableEditorProps {
  session: Session
  table: Table
  identity: Identity
  /** Put the keyboard focus in the notes once they are ready. */
  focusNotes: boolean
  onRename: () => void
}

export function TableEditor({ session, table, identity, focusNotes, onRename }: TableEditorProps) {
  const { room, ready, readHere } = useRoom(session.id, table.id)
  const language = tableLanguage(session, table.id)
  const { control } = useControl(session.id)
  const current = useLiveTableName(room?.doc ?? null, table)
  useLeaveWarning(room)
  // A quote chosen with the Comment button, whose form the comments panel shows.
  const [draft, setDraft] = useState<QuoteChoice | null>(null)
  const writer = useMemo(() => {
    const claims = claimsFor(session.id)
    const may = claims !== null && mayComment(claims, { sessionId: session.id, roomId: table.id })
    return may ? commentWriter(session.id, table.id) : null
  }, [session.id, table.id])
  useDocumentTitle(`${current.name} · ${session.title} · ${t('appName')}`)
  return (
    <div className="table-page">
      <PageHeader
        session={session}
        title={tableTitle(current)}
        signals={<ControlBar control={control} />}
      >
        {room && <SaveStatus tracker={room.tracker} locked={control.locked} />}
        <HistoryButton
          sessionId={session.id}
          roomId={table.id}
          questions={session.questions}
          language={language}
        />
      </PageHeader>
      <main id="notes">
        {room && ready ? (
          <NotesEditor
            room={room}
            identity={identity}
            tableName={current.name}
            filename={`${session.id}-${table.id}`}
            sessionId={session.id}
            roomId={table.id}
            language={language}
            locked={control.locked}
            focus={focusNotes}
            onComment={writer ? setDraft : null}
          />
        ) : room ? (
          <WaitingForNotes room={room} readHere={readHere} />
        ) : (
          <Loading />
        )}
      </main>
      <aside id="after-editor" tabIndex={-1} aria-label={current.name}>
        {room && ready && (
          <CommentsPanel
            doc={room.doc}
            writer={writer}
            author={identity.name}
            draft={draft}
            onDraftDone={() => setDraft(null)}
          />
        )}
        {room && <PresenceList room={room} />}
        {room && ready && (
          <ChangesSinceLastLook
            room={`${session.id}/${table.id}`}
            doc={room.doc}
            language={language}
          />
        )}
        {room && <TableHelp room={room} control={control} tableId={table.id} />}
        <p>
          <button type="button" className="link-button" onClick={onRename}>
            {t('changeName')}: {identity.name}
          </button>
        </p>
        {room && <TablePriorities room={room} tags={session.tags ?? []} />}
        {room && (
          <ExportButtons
            sessionId={session.id}
            route={`tables/${table.id}`}
            filename={`${session.id}-${table.id}`}
            doc={room.doc}
            language={language}
          />
        )}
      </aside>
    </div>
  )
}

function TableHelp({
  room,
  control,
  tableId,
}: {
  room: RoomConnection
  control: ControlState
  tableId: string
}) {
  const { writable } = useSaveState(room.tracker)
  return <HelpButton doc={room.doc} control={control} tableId={tableId} writable={writable} />
}

function TablePriorities({ room, tags }: { room: RoomConnection; tags: Session['tags'] }) {
  const { writable } = useSaveState(room.tracker)
  return <PriorityIssues doc={room.doc} tags={tags ?? []} writable={writable} />
}

function NotesEditor({
  room,
  identity,
  tableName,
  filename,
  sessionId,
  roomId,
  language,
  locked,
  focus,
  onComment,
}: {
  room: RoomConnection
  identity: Identity
  tableName: string
  /** The downloads' file name, without extension. */
  filename: string
  sessionId: string
  /** The table's id, for its "who wrote what". */
  roomId: string
  language: string
  /** The round is locked: the control bar says so, instead of the read-only note. */
  locked: boolean
  focus: boolean
  /** Opens the comment form for a quote; null for a link that cannot comment. */
  onComment: ((quote: QuoteChoice) => void) | null
}) {
  const { confirm: confirmEmptying, dialog } = useConfirmEmptying()
  // A change the server could never take was refused; the page says so until the next edit.
  const [tooLarge, setTooLarge] = useState<{ bytes: number; limit: number } | null>(null)
  const editor = useEditor(
    {
      editable: room.tracker.current.writable,
      extensions: [
        ...createTableExtensions({
          doc: room.doc,
          provider: room.provider,
          identity,
          language,
          placeholder: () => t('answerPlaceholder'),
          onEscape: () => document.getElementById('after-editor')?.focus(),
          confirmEmptying,
        }),
        CommentHighlights.configure({ doc: room.doc }),
        SizeLimit.configure({
          maxBytes: maxUpdateBytes,
          onRefused: (bytes) => setTooLarge({ bytes, limit: maxMessageBytes() }),
        }),
      ],
      onUpdate: ({ transaction }) => {
        if (!transaction.getMeta(ySyncPluginKey)) setTooLarge(null)
      },
      editorProps: notesEditorProps(language, {
        class: 'notes',
        'aria-label': t('editorLabel', { table: tableName }),
        'aria-describedby': 'escape-hint',
      }),
    },
    [room, identity, language, confirmEmptying],
  )
  // The server drops a read-only link's changes, and refuses an ended link: the page must not
  // pretend to accept them.
  // A language switch or a rename re-renders this part with new words for the editor's name.
  useEditorAttributes(
    editor,
    language,
    'notes',
    t('editorLabel', { table: tableName }),
    'escape-hint',
  )
  const { writable, linkEnded } = useSaveState(room.tracker)
  useEffect(() => {
    if (editor && editor.isEditable !== writable) editor.setEditable(writable)
  }, [editor, writable])
  useEffect(() => {
    if (editor && focus) editor.commands.focus()
  }, [editor, focus])
  if (!editor) return null
  const commentButton = onComment && <CommentButton editor={editor} onComment={onComment} />
  return (
    <>
      {linkEnded ? (
        <LinkEndedNote room={room} filename={filename} language={language} />
      ) : writable ? (
        <Toolbar editor={editor} extra={commentButton} />
      ) : (
        <>
          {!locked && (
            <p className="read-only-note" role="note">
              {t('readOnlyNote')}
            </p>
          )}
          {commentButton && (
            <div className="toolbar" role="toolbar" aria-label={t('toolbarLabel')}>
              {commentButton}
            </div>
          )}
        </>
      )}
      {tooLarge && (
        <p className="change-refused" role="alert">
          {t('changeTooLarge', {
            size: formatBytes(tooLarge.bytes),
            limit: formatBytes(tooLarge.limit),
          })}
        </p>
      )}
      <p id="escape-hint" className="visually-hidden">
        {t('escapeHint')}
      </p>
      {writable && (
        <p id="call-to-action-hint" className="hint">
          {t('callToActionHint', { keys: callToActionKeyLabel() })}
        </p>
      )}
      <WhoWroteWhat editor={editor} sessionId={sessionId} roomId={roomId} />
      <EditorContent editor={editor} />
      {dialog}
    </>
  )
}

/** Leaving with changes that are not on the server asks first. */
function useLeaveWarning(room: RoomConnection | null): void {
  useEffect(() => {
    if (!room) return
    const warn = (event: BeforeUnloadEvent) => {
      const { savedOnServer, unsentSince } = room.tracker.current
      if (savedOnServer || unsentSince === null) return
      event.preventDefault()
      event.returnValue = t('leaveWarning')
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [room])
}
