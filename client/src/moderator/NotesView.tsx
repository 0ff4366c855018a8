import {
  type Block,
  ENGLISH_EXPORT_WORDS,
  type ExportWords,
  MAX_DEPTH,
  markedLanguage,
  type Run,
  readNotes,
  textDirection,
} from '@tablenotes/shared'
import { Children, type ReactNode, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { exportWordsIn } from '../i18n/messages.js'

/**
 * Siblings rendered from a read-only document have no identity of their own beyond their
 * order, which Children.toArray turns into keys.
 */
function inOrder(render: (add: (node: ReactNode) => void) => void): ReactNode {
  const nodes: ReactNode[] = []
  render((node) => nodes.push(node))
  return Children.toArray(nodes)
}

function renderRuns(runs: readonly Run[]): ReactNode {
  return inOrder((add) => {
    for (const run of runs) {
      let node: ReactNode = run.text
      if (run.code) node = <code>{node}</code>
      if (run.italic) node = <em>{node}</em>
      if (run.bold) node = <strong>{node}</strong>
      if (run.breakBefore) add(<br />)
      add(node)
    }
  })
}

/**
 * Direction from the text by the exports' rule (a prompt "b. ما …" is right to left, where
 * `dir="auto"` would go by the label); the language where it is not the table's.
 */
function textProps(runs: readonly Run[], language: string): { dir: 'rtl' | 'ltr'; lang?: string } {
  const text = runs.map((run) => run.text).join('')
  const lang = markedLanguage(text, language)
  const dir = textDirection(text)
  return lang ? { dir, lang } : { dir }
}

/**
 * Blocks nest no deeper than the server lets a document nest (MAX_DEPTH); anything below that,
 * in a document stored before the server checked, is left off the card rather than overflowing
 * the stack of the wall that shows a hundred tables.
 */
const renderBlocks = (blocks: readonly Block[], language: string, depth = 1): ReactNode =>
  depth > MAX_DEPTH
    ? null
    : inOrder((add) => {
        for (const block of blocks) add(renderBlock(block, language, depth))
      })

function renderBlock(block: Block, language: string, depth: number): ReactNode {
  switch (block.type) {
    case 'heading': {
      // Questions are level 2 in a document; on a card they sit under the card's own heading.
      const Tag = `h${Math.min(6, block.level + 2)}` as 'h4'
      return <Tag {...textProps(block.runs, language)}>{renderRuns(block.runs)}</Tag>
    }
    case 'paragraph':
      return <p {...textProps(block.runs, language)}>{renderRuns(block.runs)}</p>
    case 'list': {
      const items = inOrder((add) => {
        for (const item of block.items) add(<li>{renderBlocks(item, language, depth + 2)}</li>)
      })
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>
    }
    case 'quote':
      return <blockquote>{renderBlocks(block.blocks, language, depth + 1)}</blockquote>
    case 'code':
      return <pre>{block.text}</pre>
    case 'rule':
      return <hr />
    case 'table': {
      const rows = inOrder((add) => {
        for (const row of block.rows) {
          const cells = inOrder((addCell) => {
            for (const { header, colspan, rowspan, blocks } of row) {
              const Cell = header ? 'th' : 'td'
              addCell(
                <Cell colSpan={colspan} rowSpan={rowspan}>
                  {renderBlocks(blocks, language)}
                </Cell>,
              )
            }
          })
          add(<tr>{cells}</tr>)
        }
      })
      return (
        <table>
          <tbody>{rows}</tbody>
        </table>
      )
    }
  }
}

/**
 * A table's notes rendered read-only from its document, through the same reader the exports
 * use: light enough for a wall of a hundred. The title and priorities are the card's own.
 */
export function NotesView({ doc, language }: { doc: Y.Doc; language: string }) {
  const words = useExportWords(language)
  const blocks = readNotes(doc, words)
  const firstQuestion = blocks.findIndex((block) => block.type === 'heading' && block.level >= 2)
  const notes = firstQuestion === -1 ? [] : blocks.slice(firstQuestion)
  return (
    <div className="wall-notes" lang={language}>
      {renderBlocks(notes, language)}
    </div>
  )
}

/**
 * The words the notes' own labels take (a call to action's "Who", "By when"), in the table's
 * language as in its exports; English until that catalogue has loaded.
 */
function useExportWords(language: string): ExportWords {
  const [words, setWords] = useState<{ language: string; words: ExportWords } | null>(null)
  useEffect(() => {
    let current = true
    exportWordsIn(language).then((loaded) => {
      if (current) setWords({ language, words: loaded })
    })
    return () => {
      current = false
    }
  }, [language])
  return words?.language === language ? words.words : ENGLISH_EXPORT_WORDS
}
