import {
  type AuthorshipSpanList,
  NOTES_FRAGMENT,
  NodeName,
  type VersionChangeBlock,
  type VersionChangeRun,
  type VersionChangeSection,
} from '@tablenotes/shared'
import * as Y from 'yjs'
import type { AuthorshipSpan } from '../storage/DocStore.js'
import { forEachWrittenPart } from './paragraphAuthors.js'

/**
 * What changed in a room between two of its versions, by author (issue 17, item 3: "open one
 * read-only with what changed since the previous version highlighted by author").
 *
 * Both versions are encoded states of the same room document, so they share Yjs item ids: a
 * character visible in the newer version whose clock is below the older version's state vector
 * for its client was already there (a deletion never comes undone; a restore writes new items),
 * every other one was inserted since, and its author is whoever the server recorded as sending
 * that clock range (AuthorshipRecorder). A garbage-collected document keeps a deleted item in its
 * parent's list as `ContentDeleted` of the same length, so a deletion is found at its place in
 * the newer version and its text read, by id, from the older one.
 */

/** Blocks that hold text (ProseMirror textblocks); every other element only holds blocks. */
const TEXTBLOCKS = new Set<string>([NodeName.paragraph, 'heading', 'codeBlock'])

type YNode = Y.XmlElement | Y.XmlText | Y.XmlHook
/** A Yjs type whose children `itemsOf` lists. */
type YParent = Y.XmlFragment | Y.XmlElement | Y.XmlText

/** The older version's visible text, by Yjs id, for reading back what the newer one deleted. */
interface OlderText {
  /** Per client id, each visible string item's first clock and text. */
  strings: Map<number, Array<{ clock: number; text: string }>>
  /** `client:clock` of each element item, to its visible text (its textblocks joined by a space). */
  elements: Map<string, string>
}

/** The children of a Yjs type in list order, deleted ones included (as items). */
function itemsOf(type: YParent): Y.Item[] {
  const items: Y.Item[] = []
  for (let item = type._start; item !== null; item = item.right) items.push(item)
  return items
}

/** The visible text of an element, textblocks joined by a space; iterative (nesting is bounded only by P13). */
function plainText(node: YNode): string {
  const parts: string[] = []
  const pending: YNode[] = [node]
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next instanceof Y.XmlText) parts.push(next.toString().replace(/<[^>]*>/g, ''))
    else if (next instanceof Y.XmlElement) {
      if (TEXTBLOCKS.has(next.nodeName) && parts.length > 0) parts.push(' ')
      pending.push(...next.toArray().reverse())
    }
  }
  return parts.join('').trim()
}

/** Indexes the older version's visible strings and elements by id. */
function indexOlder(doc: Y.Doc): OlderText {
  const older: OlderText = { strings: new Map(), elements: new Map() }
  const pending: Array<YParent> = [doc.getXmlFragment(NOTES_FRAGMENT)]
  for (let type = pending.pop(); type; type = pending.pop()) {
    for (const item of itemsOf(type)) {
      if (item.deleted) continue
      const { client, clock } = item.id
      if (item.content instanceof Y.ContentString) {
        const list = older.strings.get(client) ?? []
        list.push({ clock, text: item.content.str })
        older.strings.set(client, list)
      } else if (item.content instanceof Y.ContentType) {
        const child = item.content.type
        if (child instanceof Y.XmlElement) {
          older.elements.set(`${client}:${clock}`, plainText(child))
          pending.push(child)
        } else if (child instanceof Y.XmlText) pending.push(child)
      }
    }
  }
  return older
}

/** The older version's text of clocks `[from, to)` of `client` (what a deletion removed). */
function olderString(older: OlderText, client: number, from: number, to: number): string {
  let text = ''
  for (const { clock, text: str } of older.strings.get(client) ?? []) {
    const start = Math.max(from, clock)
    const end = Math.min(to, clock + str.length)
    if (end > start) text += str.slice(start - clock, end - clock)
  }
  return text
}

/** The name the server recorded for one span: the announced name, else the link. */
function spanAuthor(span: AuthorshipSpan): string | null {
  return span.name ?? (span.linkId ? `link ${span.linkId}` : null)
}

/**
 * The room's spans as `GET …/authorship` gives them: items only (deletion marks and spans with
 * no link are left out), each with its writer's name (`spanAuthor`), oldest first.
 */
export function authorshipSpans(spans: readonly AuthorshipSpan[]): AuthorshipSpanList {
  return spans.flatMap((span) => {
    const author = spanAuthor(span)
    return span.clockTo > span.clockFrom && span.client >= 0 && author !== null
      ? [{ client: span.client, clockFrom: span.clockFrom, clockTo: span.clockTo, author }]
      : []
  })
}

/** Splits `text`, clocks `[clock, clock + text.length)` of one client, into runs by author. */
function insertedRuns(
  text: string,
  clock: number,
  spans: readonly AuthorshipSpan[],
): VersionChangeRun[] {
  const runs: VersionChangeRun[] = []
  let at = clock
  const end = clock + text.length
  const covering = spans.filter((span) => span.clockTo > clock && span.clockFrom < end)
  while (at < end) {
    const span = covering.find((each) => each.clockFrom <= at && each.clockTo > at)
    const next = span
      ? Math.min(span.clockTo, end)
      : Math.min(end, ...covering.filter((each) => each.clockFrom > at).map((e) => e.clockFrom))
    runs.push({
      text: text.slice(at - clock, next - clock),
      change: 'inserted',
      author: span ? spanAuthor(span) : null,
    })
    at = next
  }
  return runs
}

/** Appends `run`, merged into the last run when both have the same change and author. */
function pushRun(runs: VersionChangeRun[], run: VersionChangeRun): void {
  const last = runs.at(-1)
  if (run.text === '') return
  if (last && last.change === run.change && last.author === run.author) last.text += run.text
  else runs.push({ ...run })
}

class ChangeReader {
  private readonly spansByClient = new Map<number, AuthorshipSpan[]>()

  constructor(
    private readonly older: OlderText,
    private readonly olderClocks: Map<number, number>,
    spans: readonly AuthorshipSpan[],
  ) {
    for (const span of spans) {
      if (span.clockTo <= span.clockFrom) continue
      this.spansByClient.set(span.client, [...(this.spansByClient.get(span.client) ?? []), span])
    }
  }

  /** Whether the item at `client:clock` was already in the older version. */
  private wasThere(client: number, clock: number): boolean {
    return clock < (this.olderClocks.get(client) ?? 0)
  }

  /** The runs of one text: kept, inserted (by author) and deleted (from the older version). */
  textRuns(text: Y.XmlText, runs: VersionChangeRun[]): void {
    for (const item of itemsOf(text)) {
      const { client, clock } = item.id
      if (item.deleted) {
        const removed = olderString(this.older, client, clock, clock + item.length)
        pushRun(runs, { text: removed, change: 'deleted', author: null })
      } else if (item.content instanceof Y.ContentString) {
        const str = item.content.str
        const inserted = Math.max(
          0,
          Math.min(str.length, (this.olderClocks.get(client) ?? 0) - clock),
        )
        pushRun(runs, { text: str.slice(0, inserted), change: 'kept', author: null })
        const rest = str.slice(inserted)
        const spans = this.spansByClient.get(client) ?? []
        for (const run of insertedRuns(rest, clock + inserted, spans)) pushRun(runs, run)
      }
    }
  }

  /** The blocks of an answer or summary, in order, each textblock one line of runs. */
  blocks(container: Y.XmlElement): VersionChangeBlock[] {
    const blocks: VersionChangeBlock[] = []
    const pending: Array<Y.Item> = itemsOf(container).reverse()
    for (let item = pending.pop(); item; item = pending.pop()) {
      const { client, clock } = item.id
      if (item.deleted) {
        // A deleted block: its text, by id, from the older version (each clock may be one).
        for (let at = clock; at < clock + item.length; at++) {
          const text = this.older.elements.get(`${client}:${at}`)
          if (text) blocks.push({ runs: [{ text, change: 'deleted', author: null }] })
        }
        continue
      }
      if (!(item.content instanceof Y.ContentType)) continue
      const node = item.content.type
      if (!(node instanceof Y.XmlElement)) continue
      if (!TEXTBLOCKS.has(node.nodeName)) {
        pending.push(...itemsOf(node).reverse())
        continue
      }
      const runs: VersionChangeRun[] = []
      for (const child of itemsOf(node)) {
        if (child.deleted) {
          const id = child.id
          const removed = olderString(this.older, id.client, id.clock, id.clock + child.length)
          pushRun(runs, { text: removed, change: 'deleted', author: null })
        } else if (child.content instanceof Y.ContentType) {
          const inner = child.content.type
          if (inner instanceof Y.XmlText) this.textRuns(inner, runs)
          else
            pushRun(runs, {
              text: '\n',
              change: this.wasThere(child.id.client, child.id.clock) ? 'kept' : 'inserted',
              author: null,
            })
        }
      }
      if (runs.length > 0) blocks.push({ runs })
    }
    return blocks
  }
}

/**
 * The answers (a table's) or summaries (the synthesis's) of `newer`, by question and part, each
 * paragraph as runs of text kept from `older`, inserted since (with the name the server recorded
 * for its writer, `link <id>` when the connection announced none, null when unrecorded, as the
 * seed or an import) or deleted since (the text `older` had, no author: a deletion's item is not
 * credited). `older` null: everything visible is inserted. Sections with no change are kept, so
 * the version reads whole.
 */
export function versionChanges(
  newer: Y.Doc,
  older: Y.Doc | null,
  spans: readonly AuthorshipSpan[],
): VersionChangeSection[] {
  const reader = new ChangeReader(
    older ? indexOlder(older) : { strings: new Map(), elements: new Map() },
    older ? Y.decodeStateVector(Y.encodeStateVector(older)) : new Map(),
    spans,
  )
  const sections: VersionChangeSection[] = []
  forEachWrittenPart(newer, (written, questionId, partId) => {
    sections.push({ questionId, partId, blocks: reader.blocks(written) })
  })
  return sections
}
