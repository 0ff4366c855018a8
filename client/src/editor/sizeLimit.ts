import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { Step } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

export interface SizeLimitOptions {
  /** The largest change the server accepts at once, in bytes (the page learns it from the server). */
  maxBytes: () => number
  /** A change was refused; `bytes` is its estimated size. */
  onRefused: (bytes: number, maxBytes: number) => void
}

/**
 * Refuses, before it enters the document, any local change (a paste, a drop, anything typed or
 * inserted in one transaction) larger than the server accepts in one message, and says so
 * through `onRefused`. The server closes a socket that sends a larger frame (4413); such a change
 * used to sit on the device, and every later change waited behind it. Changes from others and
 * from the server (marked by y-tiptap) always apply.
 *
 * The size is estimated from what the steps insert, as ProseMirror JSON in UTF-8: Yjs stores
 * the same text and node names, with a few bytes of ids per item, so the estimate is close and
 * errs on the large side for text. A change just under the limit that encodes slightly larger
 * is still sent, in several messages (see splitUpdate).
 */
export const SizeLimit = Extension.create<SizeLimitOptions>({
  name: 'sizeLimit',
  addOptions: () => ({ maxBytes: () => Number.POSITIVE_INFINITY, onRefused: () => undefined }),
  addProseMirrorPlugins() {
    const { maxBytes, onRefused } = this.options
    return [
      new Plugin({
        key: new PluginKey('sizeLimit'),
        filterTransaction(tr) {
          if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true
          const limit = maxBytes()
          const bytes = tr.steps.reduce((sum, step) => sum + insertedBytes(step), 0)
          if (bytes <= limit) return true
          onRefused(bytes, limit)
          return false
        },
      }),
    ]
  },
})

/** What a step inserts, as UTF-8 bytes of its ProseMirror JSON; 0 for steps that insert nothing. */
export function insertedBytes(step: Step): number {
  const json = step.toJSON() as { slice?: unknown }
  return json.slice === undefined ? 0 : utf8Length(JSON.stringify(json.slice))
}

/** The UTF-8 length of a string, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    // A surrogate pair is one 4-byte character: 2 bytes for each half.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2
    else bytes += 3
  }
  return bytes
}
