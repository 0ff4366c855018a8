import {
  promptIn,
  type Question,
  type VersionChangeRun,
  type VersionChanges,
} from '@tablenotes/shared'
import { t } from '../i18n/messages.js'
import { AuthorLegend } from './AuthorLegend.js'
import { authorClass, authorStyleIndex } from './authorStyles.js'

/** The prompt a section of changes answers: the question's, or its part's after it. */
function sectionTitle(
  questions: readonly Question[],
  language: string,
  questionId: string | null,
  partId: string | null,
): string {
  const question = questions.find((each) => each.id === questionId)
  if (!question) return t('otherNotes')
  const part = question.parts?.find((each) => each.id === partId)
  return part
    ? `${promptIn(question, language)} · ${promptIn(part, language)}`
    : promptIn(question, language)
}

/**
 * One run of a changed paragraph. Inserted text is underlined in its author's style (colour
 * and line style) with the name as its title and, for screen readers, said before it; deleted
 * text is struck and said as deleted. `<ins>` and `<del>` carry the meaning (HTML's edits).
 */
function Run({ run, styles }: { run: VersionChangeRun; styles: Map<string, number> }) {
  if (run.change === 'kept') return <>{run.text}</>
  if (run.change === 'deleted') {
    return (
      <del className="change-deleted">
        <span className="visually-hidden">{t('versionChangesDeletedSay')} </span>
        {run.text}
      </del>
    )
  }
  const name = run.author ?? t('versionChangesUnknownAuthor')
  return (
    <ins className={authorClass(styles.get(name) ?? 0)} title={name}>
      <span className="visually-hidden">{t('versionChangesInsertedBy', { name })} </span>
      {run.text}
    </ins>
  )
}

/**
 * A version read with what changed since the previous one (issue 17, item 3), from the
 * server's `…/versions/<version>/changes`: each answer or summary under its prompt, insertions
 * marked per author and deletions struck, and a legend naming each author beside their style,
 * so the marks read without colour (WCAG 1.4.1). Stored text is only ever text, never markup.
 */
export function VersionChangesView({
  changes,
  questions,
  language,
  formatTime,
}: {
  changes: VersionChanges
  questions: readonly Question[]
  language: string
  /** How the page writes a version's time (the panel's list does it the same way). */
  formatTime: (at: string) => string
}) {
  const authors = changes.sections.flatMap((section) =>
    section.blocks.flatMap((block) =>
      block.runs.flatMap((run) =>
        run.change === 'inserted' ? [run.author ?? t('versionChangesUnknownAuthor')] : [],
      ),
    ),
  )
  const styles = authorStyleIndex(authors)
  const changed = changes.sections.some((section) =>
    section.blocks.some((block) => block.runs.some((run) => run.change !== 'kept')),
  )
  return (
    <div className="version-changes">
      <p>
        {changes.previous === null
          ? t('versionChangesSinceStart')
          : t('versionChangesSincePrevious', { time: formatTime(changes.previous.at) })}
      </p>
      {!changed && <p>{t('versionChangesNone')}</p>}
      <AuthorLegend writers={[...styles]} label={t('versionChangesLegend')} as="ins" />
      {changes.sections.map((section) => (
        <section key={`${section.questionId} ${section.partId}`} className="version-section">
          <h4 dir="auto">
            {sectionTitle(questions, language, section.questionId, section.partId)}
          </h4>
          {section.blocks.map((block, index) => (
            // Blocks have no id of their own; their order is the version's, fixed.
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only version never reorders
            <p key={index} dir="auto" className="version-block">
              {block.runs.map((run, at) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: runs are fixed, as above
                <Run key={at} run={run} styles={styles} />
              ))}
            </p>
          ))}
        </section>
      ))}
    </div>
  )
}
