import { createContext, useContext, useEffect } from 'react'

/**
 * The interface language (a BCP 47 tag of a catalogue in shared/src/i18n/catalogues), given by
 * the app to every page. Switching it re-renders the pages instead of remounting them, so an
 * open table keeps its connection and its editor (issue 14: a remount dropped the connection
 * and showed "Reconnecting…" for seconds). Parts that would not re-render by themselves
 * (memoized components, effects, the editor's options) read it to follow a switch.
 */
export const InterfaceLanguage = createContext('en')

/** The interface language; a component that calls this re-renders when it changes. */
export function useInterfaceLanguage(): string {
  return useContext(InterfaceLanguage)
}

/** Keeps the browser tab's title at `title` (in the interface language), once it is known. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title !== null) document.title = title
  }, [title])
}
