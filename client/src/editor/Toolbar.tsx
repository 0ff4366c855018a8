import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { t } from '../i18n/messages.js'

interface ToolbarProps {
  editor: Editor
}

/** Formatting buttons; each says whether it is on (aria-pressed), and keeps the editor focused. */
export function Toolbar({ editor }: ToolbarProps) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
      blockquote: current.isActive('blockquote'),
      link: current.isActive('link'),
    }),
  })
  const chain = () => editor.chain().focus()
  const setLink = () => {
    const previous = String(editor.getAttributes('link').href ?? '')
    const href = window.prompt(t('linkPrompt'), previous)
    if (href === null) return
    if (href.trim() === '') chain().extendMarkRange('link').unsetLink().run()
    else chain().extendMarkRange('link').setLink({ href: href.trim() }).run()
  }
  const buttons = [
    { label: t('bold'), text: 'B', pressed: active.bold, run: () => chain().toggleBold().run() },
    {
      label: t('italic'),
      text: 'I',
      pressed: active.italic,
      run: () => chain().toggleItalic().run(),
    },
    {
      label: t('bulletList'),
      text: '•',
      pressed: active.bulletList,
      run: () => chain().toggleBulletList().run(),
    },
    {
      label: t('orderedList'),
      // A drawn icon: a visible "1." would be text that the button's name must then contain.
      text: <OrderedListIcon />,
      pressed: active.orderedList,
      run: () => chain().toggleOrderedList().run(),
    },
    {
      label: t('quote'),
      text: '❝',
      pressed: active.blockquote,
      run: () => chain().toggleBlockquote().run(),
    },
    { label: t('link'), text: t('link'), pressed: active.link, run: setLink },
    // Undo points back against the reading direction: the stylesheet mirrors it in Arabic.
    { label: t('undo'), text: '↶', pressed: null, run: () => chain().undo().run(), mirror: true },
    { label: t('redo'), text: '↷', pressed: null, run: () => chain().redo().run(), mirror: true },
  ]
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbarLabel')}>
      {buttons.map((button) => (
        <button
          key={button.label}
          type="button"
          aria-label={button.label}
          title={button.label}
          {...(button.pressed === null ? {} : { 'aria-pressed': button.pressed })}
          onMouseDown={(event) => event.preventDefault()}
          onClick={button.run}
        >
          <span aria-hidden="true" className={'mirror' in button ? 'directional' : undefined}>
            {button.text}
          </span>
        </button>
      ))}
    </div>
  )
}

/** Three lines, each after a short mark standing for its number. */
function OrderedListIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" className="directional" aria-hidden="true">
      <path
        d="M2 2v3M2 7v3M2 12v3M6 3.5h9M6 8.5h9M6 13.5h9"
        stroke="currentColor"
        strokeWidth="1.6"
      />
    </svg>
  )
}
