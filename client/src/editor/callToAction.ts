import {
  CALL_TO_ACTION,
  isRightToLeftLanguage,
  MAX_CALL_ATTRIBUTE_LENGTH,
  SynthesisNode,
} from '@tablenotes/shared'
import { type Editor, Node } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { TextSelection } from '@tiptap/pm/state'
import { interfaceLanguage, t } from '../i18n/messages.js'

/*
 * A call to action (issue 20, item 3; shared/src/doc/callToAction.ts): a card holding who
 * should act and by when (the node's `actor` and `timeframe`, set from two labelled fields) and
 * the action, its paragraph, written like any other text. The page writes one paragraph, but
 * two writers who each replace it offline merge into two, which the server keeps (PROTOCOL.md
 * P13: one or more paragraphs, nothing else), so the node's content is `paragraph+` and such a
 * card loads and edits like any other. Inserted from the toolbar or with CALL_TO_ACTION_KEYS;
 * Enter in the action leaves the card, Backspace in the empty action of a one-paragraph card
 * removes it.
 */

/** The shortcut in Tiptap's notation: free in Chromium, Firefox and Safari, and in Tiptap's
 * StarterKit (Mod-Shift-A would open Chrome's tab search and Firefox's add-ons). */
export const CALL_TO_ACTION_KEYS = 'Mod-Shift-Enter'

const isApple = () => /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '')

/** The shortcut as WAI-ARIA's `aria-keyshortcuts` names it on this device. */
export function callToActionAriaKeys(): string {
  return `${isApple() ? 'Meta' : 'Control'}+Shift+Enter`
}

/** The shortcut as people read it on this device ("Ctrl+Shift+Enter", "⌘+Shift+Enter"). */
export function callToActionKeyLabel(): string {
  return `${isApple() ? '⌘' : 'Ctrl'}+Shift+Enter`
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    callToAction: {
      /** Puts a new, empty call to action where the caret is, the caret in its action. */
      insertCallToAction: () => ReturnType
    }
  }
}

const FIELDS = ['actor', 'timeframe'] as const
type Field = (typeof FIELDS)[number]

/** Focuses the "who" field of the call to action that holds the caret, if one does. */
export function focusCallToActionField(editor: Editor): void {
  const { $from } = editor.state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type.name !== CALL_TO_ACTION) continue
    const dom = editor.view.nodeDOM($from.before(depth))
    if (dom instanceof HTMLElement) dom.querySelector('input')?.focus()
    return
  }
}

/** Whether a position lies in a synthesis contribution: a copy only the compile changes. */
function inCompiledCopy(node: ProseMirrorNode, pos: number): boolean {
  const $pos = node.resolve(pos)
  for (let depth = $pos.depth; depth > 0; depth--) {
    if ($pos.node(depth).type.name === SynthesisNode.contribution) return true
  }
  return false
}

export const CallToAction = Node.create({
  name: CALL_TO_ACTION,
  group: 'block',
  content: 'paragraph+',
  defining: true,
  isolating: true,

  addAttributes: () =>
    Object.fromEntries(
      FIELDS.map((field) => [
        field,
        {
          default: '',
          parseHTML: (element: HTMLElement) =>
            (element.getAttribute(`data-${field}`) ?? '').slice(0, MAX_CALL_ATTRIBUTE_LENGTH),
          renderHTML: (attributes: Record<string, unknown>) => ({
            [`data-${field}`]: String(attributes[field] ?? ''),
          }),
        },
      ]),
    ),

  parseHTML: () => [{ tag: 'div[data-call-to-action]' }],

  renderHTML: ({ HTMLAttributes }) => [
    'div',
    { ...HTMLAttributes, 'data-call-to-action': '', class: 'call-to-action' },
    0,
  ],

  addCommands() {
    return {
      insertCallToAction:
        () =>
        ({ commands }) =>
          commands.insertContent({
            type: CALL_TO_ACTION,
            attrs: { actor: '', timeframe: '' },
            content: [{ type: 'paragraph' }],
          }),
    }
  },

  addKeyboardShortcuts() {
    const actionOf = () => {
      const { $from, empty } = this.editor.state.selection
      if (!empty || $from.depth < 1) return null
      const holder = $from.node(-1)
      return holder.type.name === CALL_TO_ACTION ? { $from, holder } : null
    }
    return {
      [CALL_TO_ACTION_KEYS]: () => {
        if (!this.editor.commands.insertCallToAction()) return false
        focusCallToActionField(this.editor)
        return true
      },
      // The page writes one paragraph per card: Enter goes on below it.
      Enter: () => {
        const found = actionOf()
        if (!found) return false
        const after = found.$from.after(-1)
        const paragraph = this.editor.schema.nodes.paragraph!.create()
        const { tr } = this.editor.state
        tr.insert(after, paragraph).setSelection(TextSelection.create(tr.doc, after + 1))
        this.editor.view.dispatch(tr.scrollIntoView())
        return true
      },
      Backspace: () => {
        const found = actionOf()
        // In a merged card of several paragraphs, Backspace joins them as in any text; the card
        // goes only when its one action is empty, so no other writer's text goes with it.
        if (
          !found ||
          found.holder.childCount > 1 ||
          found.$from.parent.content.size > 0 ||
          found.$from.parentOffset > 0
        ) {
          return false
        }
        const from = found.$from.before(-1)
        const paragraph = this.editor.schema.nodes.paragraph!.create()
        const { tr } = this.editor.state
        tr.replaceWith(from, from + found.holder.nodeSize, paragraph)
        tr.setSelection(TextSelection.create(tr.doc, from + 1))
        this.editor.view.dispatch(tr)
        return true
      },
    }
  },

  addNodeView() {
    return ({ node: initial, getPos, editor }) => {
      let node = initial
      const dom = document.createElement('div')
      dom.className = 'call-to-action'
      dom.setAttribute('data-call-to-action', '')
      dom.setAttribute('role', 'group')

      const fields = document.createElement('div')
      fields.className = 'call-fields'
      fields.contentEditable = 'false'
      const title = document.createElement('p')
      title.className = 'call-title'
      fields.append(title)

      const inputs = {} as Record<Field, HTMLInputElement>
      const labels = {} as Record<Field, HTMLSpanElement>
      for (const field of FIELDS) {
        const label = document.createElement('label')
        const name = document.createElement('span')
        const input = document.createElement('input')
        input.type = 'text'
        input.maxLength = MAX_CALL_ATTRIBUTE_LENGTH
        input.dir = 'auto'
        input.value = String(node.attrs[field] ?? '')
        input.addEventListener('input', () => write(field, input.value))
        input.addEventListener('keydown', (event) => fieldKey(event, field))
        label.append(name, input)
        fields.append(label)
        inputs[field] = input
        labels[field] = name
      }
      const actionLabel = document.createElement('p')
      actionLabel.className = 'call-action-label'
      actionLabel.contentEditable = 'false'
      const contentDOM = document.createElement('div')
      contentDOM.className = 'call-action'
      dom.append(fields, actionLabel, contentDOM)

      /** Words follow the interface language and fields the editor's rights, at each
       * transaction (a language switch redraws the editor with one, setEditable sends one). */
      const refresh = () => {
        const text = (element: HTMLElement, words: string) => {
          if (element.textContent !== words) element.textContent = words
        }
        text(title, t('callToAction'))
        if (dom.getAttribute('aria-label') !== t('callToAction')) {
          dom.setAttribute('aria-label', t('callToAction'))
        }
        text(labels.actor, t('callActor'))
        text(labels.timeframe, t('callTimeframe'))
        text(actionLabel, t('callAction'))
        // The card's words are the interface's, in its language and direction; the action is
        // notes, and takes the table's language and its own text's direction like any paragraph.
        const language = interfaceLanguage()
        for (const element of [fields, actionLabel]) {
          if (element.lang !== language) {
            element.lang = language
            element.dir = isRightToLeftLanguage(language) ? 'rtl' : 'ltr'
          }
        }
        const position = getPos()
        const readOnly =
          !editor.isEditable ||
          (typeof position === 'number' && inCompiledCopy(editor.state.doc, position))
        for (const input of Object.values(inputs)) input.readOnly = readOnly
      }

      const write = (field: Field, value: string) => {
        const position = getPos()
        if (typeof position !== 'number' || !editor.isEditable) return
        const clipped = value.slice(0, MAX_CALL_ATTRIBUTE_LENGTH)
        if (node.attrs[field] === clipped) return
        editor.view.dispatch(editor.state.tr.setNodeAttribute(position, field, clipped))
        // A change the editor refused (a locked round, a compiled copy) shows as it stands.
        if (node.attrs[field] !== clipped) inputs[field].value = String(node.attrs[field] ?? '')
      }

      /** Enter goes from "who" to "by when", then into the action's text. */
      const fieldKey = (event: KeyboardEvent, field: Field) => {
        if (event.key !== 'Enter' || event.isComposing) return
        event.preventDefault()
        if (field === 'actor') {
          inputs.timeframe.focus()
          return
        }
        const position = getPos()
        if (typeof position !== 'number') return
        const end = position + node.nodeSize - 2
        // Focused at once, not with Tiptap's focus command, which waits for an animation frame:
        // a key typed before that frame would land in "by when" instead of the action.
        const { tr } = editor.state
        editor.view.dispatch(tr.setSelection(TextSelection.create(tr.doc, end)))
        editor.view.focus()
      }

      refresh()
      editor.on('transaction', refresh)
      return {
        dom,
        contentDOM,
        update: (updated) => {
          if (updated.type !== node.type) return false
          node = updated
          for (const field of FIELDS) {
            const value = String(node.attrs[field] ?? '')
            if (inputs[field].value !== value) inputs[field].value = value
          }
          refresh()
          return true
        },
        // The fields are the card's own: ProseMirror neither handles their keys nor reads them.
        stopEvent: (event) =>
          event.target instanceof globalThis.Node && fields.contains(event.target),
        ignoreMutation: (mutation) =>
          mutation.type !== 'selection' && !contentDOM.contains(mutation.target),
        destroy: () => {
          editor.off('transaction', refresh)
        },
      }
    }
  },
})
