import { isRightToLeftLanguage } from '@tablenotes/shared'
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { type ReactNode, useRef, useState } from 'react'
import { interfaceLanguage, t } from '../i18n/messages.js'
import {
  callToActionAriaKeys,
  callToActionKeyLabel,
  focusCallToActionField,
} from './callToAction.js'
import { LinkDialog } from './LinkDialog.js'
import { BulletListIcon, OrderedListIcon } from './ListIcons.js'

interface ToolbarProps {
  editor: Editor
  /** Controls after the formatting buttons (the Comment button). */
  extra?: ReactNode
}

interface ToolbarButton {
  label: string
  /** What the button shows; hidden from screen readers, which read the label. */
  face: ReactNode
  /** Whether the format is on (aria-pressed), or null for an action. */
  pressed: boolean | null
  run: () => void
  /** The face points along the reading direction, so the stylesheet mirrors it in Arabic. */
  mirror?: boolean
  /** It opens the link dialog, which gives the focus back to it when cancelled. */
  opensDialog?: boolean
  /** Its keyboard shortcut: `aria-keyshortcuts` and, as people read it, `shortcut`. */
  keys?: { aria: string; shortcut: string }
}

/**
 * Formatting buttons; each says whether it is on (aria-pressed) and keeps the editor focused.
 * Every name and letter comes from the catalogue: "B"/"I" are "G"/"I" in French.
 */
export function Toolbar({ editor, extra }: ToolbarProps) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
      blockquote: current.isActive('blockquote'),
      link: current.isActive('link'),
      table: current.isActive('table'),
    }),
  })
  const [linkOpen, setLinkOpen] = useState(false)
  const linkButton = useRef<HTMLButtonElement>(null)
  const rightToLeft = isRightToLeftLanguage(interfaceLanguage())
  const chain = () => editor.chain().focus()
  const buttons: ToolbarButton[] = [
    {
      label: t('bold'),
      face: <b>{t('boldLetter')}</b>,
      pressed: active.bold,
      run: () => chain().toggleBold().run(),
    },
    {
      label: t('italic'),
      face: <i>{t('italicLetter')}</i>,
      pressed: active.italic,
      run: () => chain().toggleItalic().run(),
    },
    {
      label: t('bulletList'),
      face: <BulletListIcon rightToLeft={rightToLeft} />,
      pressed: active.bulletList,
      run: () => chain().toggleBulletList().run(),
    },
    {
      label: t('orderedList'),
      face: <OrderedListIcon rightToLeft={rightToLeft} />,
      pressed: active.orderedList,
      run: () => chain().toggleOrderedList().run(),
    },
    {
      label: t('quote'),
      face: '❝',
      pressed: active.blockquote,
      run: () => chain().toggleBlockquote().run(),
    },
    {
      label: t('callToAction'),
      face: '⚑',
      pressed: null,
      run: () => {
        if (chain().insertCallToAction().run()) focusCallToActionField(editor)
      },
      keys: { aria: callToActionAriaKeys(), shortcut: callToActionKeyLabel() },
    },
    {
      label: t('link'),
      face: t('link'),
      pressed: active.link,
      run: () => setLinkOpen(true),
      opensDialog: true,
    },
    { label: t('undo'), face: '↶', pressed: null, run: () => chain().undo().run(), mirror: true },
    { label: t('redo'), face: '↷', pressed: null, run: () => chain().redo().run(), mirror: true },
  ]
  // Shown only with the caret in a table: rows and columns pasted from a spreadsheet need
  // tidying (an empty row, a column too many), and nothing else removes one.
  const tableButtons: ToolbarButton[] = active.table
    ? [
        {
          label: t('addRowAfter'),
          face: '+⎯',
          pressed: null,
          run: () => chain().addRowAfter().run(),
        },
        { label: t('deleteRow'), face: '−⎯', pressed: null, run: () => chain().deleteRow().run() },
        {
          label: t('addColumnAfter'),
          face: '+│',
          pressed: null,
          run: () => chain().addColumnAfter().run(),
        },
        {
          label: t('deleteColumn'),
          face: '−│',
          pressed: null,
          run: () => chain().deleteColumn().run(),
        },
        {
          label: t('deleteTable'),
          face: '✕▦',
          pressed: null,
          run: () => chain().deleteTable().run(),
        },
      ]
    : []
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbarLabel')}>
      {buttons.map(renderButton)}
      {tableButtons.length > 0 && (
        <fieldset className="toolbar-group" aria-label={t('tableActions')}>
          {tableButtons.map(renderButton)}
        </fieldset>
      )}
      {extra}
      {linkOpen && (
        <LinkDialog editor={editor} opener={linkButton} onClose={() => setLinkOpen(false)} />
      )}
    </div>
  )

  function renderButton(button: ToolbarButton) {
    return (
      <button
        key={button.label}
        ref={button.opensDialog ? linkButton : undefined}
        type="button"
        aria-label={button.label}
        title={button.keys ? `${button.label} (${button.keys.shortcut})` : button.label}
        aria-keyshortcuts={button.keys?.aria}
        {...(button.pressed === null ? {} : { 'aria-pressed': button.pressed })}
        onMouseDown={(event) => event.preventDefault()}
        onClick={button.run}
      >
        <span aria-hidden="true" className={button.mirror ? 'directional' : undefined}>
          {button.face}
        </span>
      </button>
    )
  }
}
