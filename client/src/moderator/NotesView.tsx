import { NodeName, RETIRED } from '@tablenotes/shared'
import { Children, type ReactNode } from 'react'
import * as Y from 'yjs'
import { t } from '../i18n/messages.js'

type Delta = Array<{ insert: unknown; attributes?: Record<string, unknown> }>

function renderText(text: Y.XmlText): ReactNode {
  const runs = (text.toDelta() as Delta).map(({ insert, attributes }) => {
    if (typeof insert !== 'string') return null
    let node: ReactNode = insert
    if (attributes?.bold) node = <strong>{node}</strong>
    if (attributes?.italic) node = <em>{node}</em>
    return node
  })
  // Runs of one text have no identity of their own; their order is their key.
  return Children.toArray(runs)
}

const BLOCKS: Record<string, string> = {
  paragraph: 'p',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  blockquote: 'blockquote',
  codeBlock: 'pre',
}

function renderNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook, key: number): ReactNode {
  if (node instanceof Y.XmlText) return renderText(node)
  if (!(node instanceof Y.XmlElement)) return null
  const children = node.toArray().map(renderNode)
  const attribute = (name: string) => String(node.getAttribute(name) ?? '')
  const retired = attribute(RETIRED) === 'true'
  switch (node.nodeName) {
    case NodeName.tableTitle:
      return null
    case NodeName.questionSection:
      return (
        <section key={key} className="wall-question">
          <h4 dir="auto">
            {retired
              ? t('retiredQuestion', { prompt: attribute('prompt') })
              : `${attribute('number')}. ${attribute('prompt')}`}
          </h4>
          {children}
        </section>
      )
    case NodeName.questionPart:
      return (
        <div key={key}>
          <h5 dir="auto">
            {retired
              ? t('retiredQuestion', { prompt: attribute('prompt') })
              : `${attribute('partId')}. ${attribute('prompt')}`}
          </h5>
          {children}
        </div>
      )
    case NodeName.answer:
      return <div key={key}>{children}</div>
    case 'heading':
      return (
        <p key={key} dir="auto">
          <strong>{children}</strong>
        </p>
      )
    case 'hardBreak':
      return <br key={key} />
    case 'horizontalRule':
      return <hr key={key} />
    default: {
      const Tag = (BLOCKS[node.nodeName] ?? 'div') as 'p'
      return (
        <Tag key={key} dir="auto">
          {children}
        </Tag>
      )
    }
  }
}

/** A table's notes rendered read-only from its document: light enough for a wall of 100. */
export function NotesView({ fragment }: { fragment: Y.XmlFragment }) {
  return <div className="wall-notes">{fragment.toArray().map(renderNode)}</div>
}
