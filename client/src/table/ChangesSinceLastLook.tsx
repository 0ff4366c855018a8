import {
  changesSince,
  type LastLook,
  lastLookOf,
  type QuestionChanges,
  questionTexts,
} from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n/messages.js'

interface StoredLook {
  at: number
  look: LastLook
}

const storageKey = (room: string) => `tablenotes.lastLook:${room}`

function readLook(room: string): StoredLook | null {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(room)) ?? 'null') as StoredLook | null
    return stored && typeof stored.at === 'number' && typeof stored.look === 'object'
      ? stored
      : null
  } catch {
    return null
  }
}

function saveLook(room: string, doc: Y.Doc): StoredLook {
  const stored = { at: Date.now(), look: lastLookOf(questionTexts(doc)) }
  try {
    localStorage.setItem(storageKey(room), JSON.stringify(stored))
  } catch {
    // Storage refused (private mode, full): the summary then starts from this visit.
  }
  return stored
}

/**
 * "What changed since I last looked", per question, for whoever cannot follow a text that moves
 * under them: a still summary made when asked for, read at one's own pace, and a way to say
 * "I have read it". The last look is kept on this device.
 */
export function ChangesSinceLastLook({
  room,
  doc,
  language,
}: {
  /** `session/table`, to keep one last look per table. */
  room: string
  doc: Y.Doc
  language: string
}) {
  const [last, setLast] = useState<StoredLook | null>(() => readLook(room))
  const [summary, setSummary] = useState<QuestionChanges[] | null>(null)
  // The first visit is the first look.
  useEffect(() => {
    if (!readLook(room)) setLast(saveLook(room, doc))
  }, [room, doc])
  const time = last ? new Date(last.at).toLocaleTimeString([], { timeStyle: 'short' }) : ''
  return (
    <section className="changes" aria-labelledby="changes-title">
      <h2 id="changes-title">{t('changesTitle')}</h2>
      {last && <p>{t('changesLastLook', { time })}</p>}
      <p>
        <button
          type="button"
          onClick={() => setSummary(changesSince(last?.look ?? {}, questionTexts(doc)))}
        >
          {t('changesShow')}
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            setLast(saveLook(room, doc))
            setSummary(null)
          }}
        >
          {t('changesMarkRead')}
        </button>
      </p>
      {summary && summary.length === 0 && <p>{t('changesNone')}</p>}
      {summary && summary.length > 0 && (
        <ul className="changes-list">
          {summary.map((question) => (
            <li key={question.questionId}>
              <h3 lang={language} dir="auto">
                {question.number ? `${question.number}. ` : ''}
                {question.prompt}
              </h3>
              <p>
                {t('changesCounts', {
                  added: t('changesAdded', { count: question.added.length }),
                  removed: t('changesRemoved', { count: question.removed }),
                })}
              </p>
              <ul lang={language}>
                {question.added.map((text, index) => (
                  // Paragraphs may repeat; their order is their identity here.
                  // biome-ignore lint/suspicious/noArrayIndexKey: a still list, never reordered
                  <li key={index} dir="auto">
                    {text}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
