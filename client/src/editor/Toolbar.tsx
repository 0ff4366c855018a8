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
      text: '1.',
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
    { label: t('undo'), text: '↶', pressed: null, run: () => chain().undo().run() },
    { label: t('redo'), text: '↷', pressed: null, run: () => chain().redo().run() },
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
          <span aria-hidden="true">{button.text}</span>
        </button>
      ))}
    </div>
  )
}
