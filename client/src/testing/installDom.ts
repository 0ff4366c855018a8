import { type DOMWindow, JSDOM } from 'jsdom'

/**
 * Makes a jsdom window the page for a client unit test that runs editor code in Node (the
 * `client` test project has no DOM): sets the globals ProseMirror, Tiptap and y-tiptap read
 * (`window`, `document`, `navigator`, `MutationObserver`, `getSelection`) and returns the window.
 *
 * Those modules read the globals when they load, so a test calls this first and imports them
 * afterwards, with `await import(...)`. The document has a URL, so it has an origin, as
 * prosemirror-view's focus handling expects of a page. Nothing removes the globals again.
 */
export function installDom(): DOMWindow {
  const { window } = new JSDOM('<!doctype html><body></body>', { url: 'http://localhost/' })
  Object.assign(globalThis, {
    window,
    document: window.document,
    navigator: window.navigator,
    MutationObserver: window.MutationObserver,
    getSelection: window.getSelection.bind(window),
  })
  return window
}
