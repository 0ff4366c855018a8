import {
  type Session,
  SYNTHESIS_ROOM,
  type SynthesisStatus,
  SynthesisStatusSchema,
  sessionLanguage,
} from '@tablenotes/shared'
import { EditorContent, useEditor } from '@tiptap/react'
import { useCallback, useEffect, useState } from 'react'
import { answerOf, apiRequest, fetchSession, sessionApi } from '../api.js'
import { claimsFor, tokenFor } from '../auth/links.js'
import { refusalMessage } from '../auth/refusalMessage.js'
import { createCollaborativeEditing, notesEditorProps } from '../editor/tableExtensions.js'
import { useEditorAttributes } from '../editor/useEditorAttributes.js'
import { ExportButtons } from '../export/ExportButtons.js'
import { HistoryButton } from '../history/HistoryPanel.js'
import { WhoWroteWhat } from '../history/WhoWroteWhat.js'
import { useDocumentTitle } from '../i18n/interfaceLanguageContext.js'
import { type MessageKey, t } from '../i18n/messages.js'
import { readIdentity } from '../identity.js'
import { Loading } from '../Loading.js'
import { PageHeader } from '../PageHeader.js'
import { PageMessage } from '../PageMessage.js'
import type { RoomConnection } from '../sync/openRoom.js'
import { SaveStatus, useSaveState } from '../table/SaveStatus.js'
import { useRoom } from '../table/useRoom.js'
import { synthesisNodes } from './synthesisNodes.js'

const READERS = ['rapporteur', 'moderator', 'organizer']

/** `/s/<sessionId>/synthesis`: the session rapporteur's report, compiled from every table. */
export function SynthesisPage({ sessionId }: { sessionId: string }) {
  const [session, setSession] = useState<Session | 'loading' | { refused: MessageKey }>('loading')
  useEffect(() => {
    if (!READERS.includes(claimsFor(sessionId)?.role ?? '')) {
      return setSession({ refused: 'synthesisNeedsLink' })
    }
    fetchSession(sessionId).then(
      (loaded) => setSession(loaded),
      (error: unknown) => setSession({ refused: refusalMessage(error) }),
    )
  }, [sessionId])
  useDocumentTitle(
    typeof session === 'object' && 'title' in session
      ? `${t('synthesisTitle')} · ${session.title}`
      : null,
  )
  if (session === 'loading') return <Loading />
  if ('refused' in session) return <PageMessage text={t(session.refused)} />
  return <Synthesis session={session} />
}

const callSynthesis = (sessionId: string, path: '' | '/compile', method: 'GET' | 'POST') =>
  apiRequest(sessionApi(sessionId, `/synthesis${path}`), { token: tokenFor(sessionId), method })

function Synthesis({ session }: { session: Session }) {
  const { room, ready } = useRoom(session.id, SYNTHESIS_ROOM)
  const [status, setStatus] = useState<SynthesisStatus | null>(null)
  const [compiling, setCompiling] = useState(false)
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
        {room && ready ? (
          <SynthesisEditor
            room={room}
            sessionId={session.id}
            title={session.title}
            language={sessionLanguage(session)}
          />
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
}: {
  room: RoomConnection
  sessionId: string
  title: string
  language: string
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
