import type { ComponentProps } from 'react'

type ModalDialogProps = Omit<ComponentProps<'dialog'>, 'onCancel'> & {
  /** Escape was pressed: close the dialog (its owner unmounts it) and put the focus back. */
  onCancel: () => void
}

/**
 * A `<dialog>` for the modal pattern (WAI-ARIA APG, which the browser implements once its owner
 * calls `showModal()`: focus moves in and stays in). Escape does not close the element by
 * itself, which would leave the owner's state saying it is open: it calls `onCancel`, and the
 * owner closes it as it closes it from its own buttons.
 */
export function ModalDialog({ onCancel, children, ...attributes }: ModalDialogProps) {
  return (
    <dialog
      {...attributes}
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
    >
      {children}
    </dialog>
  )
}
