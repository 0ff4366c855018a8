import { commentsOf, readComments, type TableComment } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'

/**
 * The table's comments as they are in its document, oldest first, re-read on every change of
 * the comments (the server's writes reach the page over the room's socket, and from the device's
 * copy when offline).
 */
export function useComments(doc: Y.Doc): TableComment[] {
  const [comments, setComments] = useState<TableComment[]>(() => readComments(doc))
  useEffect(() => {
    const comments = commentsOf(doc)
    const update = () => setComments(readComments(doc))
    comments.observeDeep(update)
    update()
    return () => comments.unobserveDeep(update)
  }, [doc])
  return comments
}
