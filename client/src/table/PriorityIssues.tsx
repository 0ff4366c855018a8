import { MAX_PRIORITIES, PRIORITIES_ARRAY, type PriorityIssue, type Tag } from '@tablenotes/shared'
import { type FormEvent, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n/messages.js'

/**
 * The table's priority issues, at most MAX_PRIORITIES. Two people who each add one at the same
 * moment can leave more (the server lets such a race through, PROTOCOL.md P13); a writable page
 * then removes the ones after the first MAX_PRIORITIES, the same ones on every page, since every
 * copy of the document has them in the same order.
 */
function usePriorities(doc: Y.Doc, writable: boolean): [PriorityIssue[], Y.Array<PriorityIssue>] {
  const array = doc.getArray<PriorityIssue>(PRIORITIES_ARRAY)
  const [items, setItems] = useState(() => array.toArray().slice(0, MAX_PRIORITIES))
  useEffect(() => {
    const update = () => {
      if (writable && array.length > MAX_PRIORITIES) {
        array.delete(MAX_PRIORITIES, array.length - MAX_PRIORITIES)
      }
      setItems(array.toArray().slice(0, MAX_PRIORITIES))
    }
    array.observe(update)
    update()
    return () => array.unobserve(update)
  }, [array, writable])
  return [items, array]
}

/**
 * The table's one or two priority issues, picked from the session's vocabulary or typed; kept in
 * the table's document so they sync, work offline and reach the merge.
 */
export function PriorityIssues({
  doc,
  tags,
  writable,
}: {
  doc: Y.Doc
  tags: readonly Tag[]
  /** A read-only link shows the issues without the controls that would change them. */
  writable: boolean
}) {
  const [items, array] = usePriorities(doc, writable)
  const [own, setOwn] = useState('')
  const full = items.length >= MAX_PRIORITIES
  const chosen = new Set(items.map((item) => item.tagId).filter(Boolean))
  const add = (issue: PriorityIssue) => {
    if (array.length < MAX_PRIORITIES) array.push([issue])
  }
  const addOwn = (event: FormEvent) => {
    event.preventDefault()
    if (own.trim()) add({ label: own.trim() })
    setOwn('')
  }
  return (
    <section className="priorities" aria-labelledby="priorities-title">
      <h2 id="priorities-title">{t('prioritiesTitle')}</h2>
      <p className="hint">{t('prioritiesHelp')}</p>
      {items.length === 0 ? (
        <p>{t('prioritiesNone')}</p>
      ) : (
        <ul className="chips">
          {items.map((item, index) => (
            <li key={`${item.tagId ?? ''}:${item.label}`} dir="auto">
              {item.label}
              {writable && (
                <button
                  type="button"
                  aria-label={t('prioritiesRemove', { label: item.label })}
                  onClick={() => array.delete(index, 1)}
                >
                  <span aria-hidden="true">×</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!writable ? null : full ? (
        <p className="hint">{t('prioritiesFull')}</p>
      ) : (
        <>
          {tags.length > 0 && (
            <label className="field">
              {t('prioritiesPick')}
              <select
                value=""
                onChange={(event) => {
                  const tag = tags.find((candidate) => candidate.id === event.target.value)
                  if (tag) add({ tagId: tag.id, label: tag.label })
                }}
              >
                <option value="">—</option>
                {tags
                  .filter((tag) => !chosen.has(tag.id))
                  .map((tag) => (
                    <option key={tag.id} value={tag.id}>
                      {tag.label}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <form className="field" onSubmit={addOwn}>
            <label htmlFor="own-priority">{t('prioritiesOwn')}</label>
            <input
              id="own-priority"
              value={own}
              dir="auto"
              maxLength={120}
              onChange={(event) => setOwn(event.target.value)}
            />
            <button type="submit">{t('prioritiesAdd')}</button>
          </form>
        </>
      )}
    </section>
  )
}
