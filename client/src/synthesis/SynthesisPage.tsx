import {
  type SearchResult,
  type Session,
  SYNTHESIS_ROOM,
  type SynthesisStatus,
  SynthesisStatusSchema,
  sessionLanguage,
} from '@tablenotes/shared'
import type { Editor } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { EditorContent, useEditor } from '@tiptap/react'
import { useCallback, useEffect, useState } from 'react'
import { answerOf, apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'
import { createCollaborativeEditing, notesEditorProps } from '../editor/tableExtensions.js'
import { useEditorAttributes } from '../editor/useEditorAttributes.js'
import { ExportButtons } from '../export/ExportButtons.js'
import { HistoryButton } from '../history/HistoryPanel.js'
import { WhoWroteWhat } from '../history/WhoWroteWhat.js'
import { t } from '../i18n/messages.js'
import { readIdentity } from '../identity.js'
import { PageHeader } from '../PageHeader.js'
import { highlightParagraph } from '../search/highlightParagraph.js'
import { SessionSearch } from '../search/SessionSearch.js'
import { SessionGate } from '../session/SessionGate.js'
import type { RoomConnection } from '../sync/openRoom.js'
import { SaveStatus, useSaveState } from '../table/SaveStatus.js'
import { useRoom } from '../table/useRoom.js'
import { WaitingForNotes } from '../table/WaitingForNotes.js'
import { synthesisNodes } from './synthesisNodes.js'

const READERS = ['rapporteur', 'moderator', 'organizer']

/** `/s/<sessionId>/synthesis`: the session rapporteur's report, compiled from every table. */
export function SynthesisPage({ sessionId }: { sessionId: string }) {
  return (
    <SessionGate
      sessionId={sessionId}
      roles={READERS}
      refused="synthesisNeedsLink"
      title="synthesisTitle"
    >
      {(session) => <Synthesis session={session} />}
    </SessionGate>
  )
}

/**
 * What the synthesis editor shows that is not text of the document (prompts, a contribution's
 * table name, the header, the priorities, the "other notes" title): a search skips it.
 */
const SYNTHESIS_CHROME =
  '.prompt, .contribution-label, .synthesis-header, .synthesis-priorities, .other-notes > h3'

/** Only the synthesis's own results: the page shows no table. */
const inSynthesis = (result: SearchResult) => result.room === SYNTHESIS_ROOM

/**
 * Scrolls the synthesis to a search result's paragraph, highlights the hit and moves the focus
 * there, so a screen reader lands on it too: the caret at the paragraph's start in a writable
 * editor (a paragraph given tabindex would be an attribute ProseMirror redraws), else the
 * paragraph itself, focusable by script only.
 */
function showResult(editor: Editor | null, result: SearchResult, query: string): void {
  const notes = document.querySelector('.notes.synthesis')
  const paragraph = notes && highlightParagraph(notes, SYNTHESIS_CHROME, result.paragraph, query)
  if (!paragraph) return
  if (editor && !editor.isDestroyed && editor.isEditable) {
    const { view } = editor
    const at = view.posAtDOM(paragraph, 0)
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, at)))
    view.focus()
  } else {
    paragraph.tabIndex = -1
    paragraph.focus({ preventScroll: true })
  }
}

const callSynthesis = (sessionId: string, path: '' | '/compile', method: 'GET' | 'POST') =>
  apiRequest(sessionApi(sessionId, `/synthesis${path}`), { token: tokenFor(sessionId), method })

function Synthesis({ session }: { session: Session }) {
  const { room, ready, readHere } = useRoom(session.id, SYNTHESIS_ROOM)
  const [status, setStatus] = useState<SynthesisStatus | null>(null)
  const [compiling, setCompiling] = useState(false)
  // The synthesis editor, for a search result to put the caret at its paragraph.
  const [editor, setEditor] = useState<Editor | null>(null)
  const refresh = useCallback(() => {
    callSynthesis(session.id, '', 'GET')
      .then((response) => answerOf(response, SynthesisStatusSchema))
      .then(setStatus, () => setStatus(null))
  }, [session.id])
  useEffect(() => {
    refresh()
    const timer = setInterval(refresh, 15_000)
    return () => clearInterval(timer)
  }, [refresh])
  const compile = async () => {
    setCompiling(true)
    try {
      await callSynthesis(session.id, '/compile', 'POST')
    } finally {
      setCompiling(false)
      refresh()
    }
  }
  const names = new Map(session.tables.map((table) => [table.id, table.name]))
  return (
    <div className="table-page">
      <PageHeader session={session} title={t('synthesisTitle')}>
        {room && <SaveStatus tracker={room.tracker} />}
        <HistoryButton
          sessionId={session.id}
          roomId={SYNTHESIS_ROOM}
          questions={session.questions}
          language={sessionLanguage(session)}
        />
      </PageHeader>
      <main id="notes">
        <div className="synthesis-tools">
          <button type="button" onClick={() => void compile()} disabled={compiling}>
            {compiling ? t('compiling') : t('compile')}
          </button>
          <output aria-live="polite">
            {status?.compiledAt
              ? `${t('compiledAt', { time: new Date(status.compiledAt).toLocaleString() })} ${
                  status.changedTables.length === 0
                    ? t('noneChanged')
                    : t('changedSince', {
                        tables: status.changedTables.map((id) => names.get(id) ?? id).join(', '),
                      })
                }`
              : t('notCompiled')}
          </output>
          {room && ready && (
            <ExportButtons
              sessionId={session.id}
              route="synthesis"
              filename={`${session.id}-synthesis`}
              doc={room.doc}
              language={sessionLanguage(session)}
            />
          )}
        </div>
        <SessionSearch
          session={session}
          accepts={inSynthesis}
          hrefOf={() => '#notes'}
          onJump={(result, query) => showResult(editor, result, query)}
        />
        {room && ready ? (
          <SynthesisEditor
            room={room}
            sessionId={session.id}
            title={session.title}
            language={sessionLanguage(session)}
            onEditor={setEditor}
          />
        ) : room ? (
          <WaitingForNotes room={room} readHere={readHere} />
        ) : null}
      </main>
    </div>
  )
}

function SynthesisEditor({
  room,
  sessionId,
  title,
  language,
  onEditor,
}: {
  room: RoomConnection
  sessionId: string
  title: string
  language: string
  /** Told the live editor, and null once it is gone. */
  onEditor: (editor: Editor | null) => void
}) {
  const identity = readIdentity() ?? { name: t('synthesisTitle'), colour: '#1f4e79' }
  const editor = useEditor(
    {
      editable: room.tracker.current.writable,
      extensions: [
        ...synthesisNodes,
        ...createCollaborativeEditing({
          doc: room.doc,
          provider: room.provider,
          identity,
          language,
          placeholder: () => t('summaryPlaceholder'),
          onEscape: () => document.querySelector<HTMLElement>('.synthesis-tools button')?.focus(),
        }),
      ],
      editorProps: notesEditorProps(language, {
        class: 'notes synthesis',
        'aria-label': `${t('synthesisTitle')}: ${title}`,
      }),
    },
    [room, language],
  )
  useEffect(() => {
    onEditor(editor)
    return () => onEditor(null)
  }, [editor, onEditor])
  useEditorAttributes(editor, language, 'notes synthesis', `${t('synthesisTitle')}: ${title}`)
  const { writable } = useSaveState(room.tracker)
  useEffect(() => {
    if (editor && editor.isEditable !== writable) editor.setEditable(writable)
  }, [editor, writable])
  return editor ? (
    <>
      <WhoWroteWhat editor={editor} sessionId={sessionId} roomId={SYNTHESIS_ROOM} />
      <EditorContent editor={editor} />
    </>
  ) : null
}
