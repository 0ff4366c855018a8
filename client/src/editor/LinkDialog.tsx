import { normalizeHref } from '@tablenotes/shared'
import type { Editor } from '@tiptap/core'
import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react'
import { t } from '../i18n/messages.js'
import { ModalDialog } from '../ModalDialog.js'

interface LinkDialogProps {
  editor: Editor
  /** The toolbar's link button, which gets the focus back when the dialog is cancelled. */
  opener: RefObject<HTMLButtonElement | null>
  onClose: () => void
}

/**
 * Adds, changes or removes the link at the selection. A modal <dialog> (WAI-ARIA APG dialog
 * pattern, which the browser implements: focus moves in and stays in, Escape cancels): one
 * labelled address field, Enter applies. Applying returns the focus to the notes, where the
 * work goes on; cancelling returns it to where it was (the notes, or the button when opened by
 * keyboard). The address follows the link policy (normalizeHref): a web or e-mail address, a
 * missing `https://` or `mailto:` added, anything else refused with a message.
 */
export function LinkDialog({ editor, opener, onClose }: LinkDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const returnTo = useRef<Element | null>(null)
  const [previous] = useState(() => String(editor.getAttributes('link').href ?? ''))
  const [address, setAddress] = useState(previous)
  const [invalid, setInvalid] = useState(false)

  useEffect(() => {
    returnTo.current = document.activeElement
    dialog.current?.showModal()
    input.current?.select()
  }, [])

  /** Leaves the modal state first: nothing outside a modal dialog can take the focus. */
  const close = () => {
    dialog.current?.close()
    onClose()
  }
  const cancel = () => {
    close()
    const back = returnTo.current instanceof HTMLElement ? returnTo.current : opener.current
    if (back === editor.view.dom) editor.commands.focus()
    else back?.focus()
  }
  const remove = () => {
    close()
    editor.chain().focus().extendMarkRange('link').unsetLink().run()
  }
  const apply = (event: FormEvent) => {
    event.preventDefault()
    if (address.trim() === '' && previous) return remove()
    const href = normalizeHref(address)
    if (!href) {
      setInvalid(true)
      input.current?.focus()
      return
    }
    close()
    const chain = editor.chain().focus()
    if (editor.state.selection.empty && !editor.isActive('link')) {
      // Nothing selected: the address itself becomes the link's text, and typing goes on
      // after it without the link.
      chain
        .insertContent({
          type: 'text',
          text: address.trim(),
          marks: [{ type: 'link', attrs: { href } }],
        })
        .unsetMark('link')
        .run()
    } else chain.extendMarkRange('link').setLink({ href }).run()
  }

  return (
    <ModalDialog
      ref={dialog}
      className="link-dialog"
      aria-labelledby="link-dialog-title"
      onCancel={cancel}
    >
      <form onSubmit={apply}>
        <h2 id="link-dialog-title">{t('linkDialogTitle')}</h2>
        <label htmlFor="link-address">{t('linkAddressLabel')}</label>
        <input
          ref={input}
          id="link-address"
          type="text"
          inputMode="url"
          autoComplete="url"
          // Addresses are read left to right, also on an Arabic page.
          dir="ltr"
          value={address}
          onChange={(event) => {
            setAddress(event.target.value)
            setInvalid(false)
          }}
          aria-invalid={invalid}
          {...(invalid ? { 'aria-describedby': 'link-error' } : {})}
        />
        {invalid && (
          <p id="link-error" className="field-error" role="alert">
            {t('linkInvalid')}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="submit">{t('linkApply')}</button>
          {previous && (
            <button type="button" onClick={remove}>
              {t('linkRemove')}
            </button>
          )}
          <button type="button" onClick={cancel}>
            {t('linkCancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
