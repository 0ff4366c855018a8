import type { Editor } from '@tiptap/core'
import { PLUGIN_KEY as PLACEHOLDER_KEY } from '@tiptap/extensions'
import { useEffect, useRef } from 'react'
import { useInterfaceLanguage } from '../i18n/interfaceLanguageContext.js'
import { notesEditorProps } from './tableExtensions.js'

/**
 * Builds the placeholder decorations again, in the current interface language: Tiptap's
 * Placeholder keeps them in its plugin state and rebuilds a block's only when it changes. A
 * plugin registered again starts a new state (ProseMirror keeps a state field only while its
 * plugin stays), at the index it had.
 */
function rebuildPlaceholders(editor: Editor): void {
  const plugin = PLACEHOLDER_KEY.get(editor.state)
  if (!plugin) return
  const index = editor.state.plugins.indexOf(plugin)
  editor.unregisterPlugin(PLACEHOLDER_KEY)
  editor.registerPlugin(plugin, (added, plugins) => [
    ...plugins.slice(0, index),
    added,
    ...plugins.slice(index),
  ])
}

/**
 * Keeps a live notes editor's element attributes (`notesEditorProps`: the document's
 * `language`, the element's `className`, its accessible name `label` and `describedBy`) and its
 * placeholders current without recreating the editor: a new interface language changes the
 * label (and the placeholders, which read the catalogue), a rename the label. Recreating the
 * editor would rebind it to the document and lose the caret.
 */
export function useEditorAttributes(
  editor: Editor | null,
  language: string,
  className: string,
  label: string,
  describedBy?: string,
): void {
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const attributes = {
      class: className,
      'aria-label': label,
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    }
    editor.setOptions({ editorProps: notesEditorProps(language, attributes) })
  }, [editor, language, className, label, describedBy])
  const interfaceLanguage = useInterfaceLanguage()
  const built = useRef({ editor, interfaceLanguage })
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const previous = built.current
    built.current = { editor, interfaceLanguage }
    if (previous.editor === editor && previous.interfaceLanguage !== interfaceLanguage) {
      rebuildPlaceholders(editor)
      // Node views with words of their own (a call to action's labels) redraw on a transaction;
      // this one changes nothing in the document.
      editor.view.dispatch(editor.state.tr.setMeta('addToHistory', false))
    }
  }, [editor, interfaceLanguage])
}
