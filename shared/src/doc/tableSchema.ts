import { SynthesisNode } from '../synthesis/compileSynthesis.js'
import { isAllowedHref } from '../text/linkPolicy.js'
import { CALL_TO_ACTION, MAX_CALL_ATTRIBUTE_LENGTH } from './callToAction.js'
import { COMMENTS_ARRAY } from './comments.js'
import { ANNOUNCEMENTS_ARRAY, CONTROL_MAP, SESSION_MAP, SIGNALS_MAP } from './controlDocument.js'
import { CONTROL_ROOM, SYNTHESIS_ROOM } from './roomNames.js'
import { MAX_PRIORITIES, NodeName, PRIORITIES_ARRAY, RETIRED } from './tableDocument.js'

/*
 * What a client may write into each kind of room (design decision 7): the shared types at the
 * top of the document, the nodes and marks the editor knows, where each node may stand, their
 * attributes, and how deep elements may nest. The server checks every client update against
 * these rules before it stores or relays anything (validateUpdate.ts, PROTOCOL.md P13); the
 * server's own writes (seed, reconciliation, compile) are not checked. The page never writes
 * outside them: its editor knows exactly these nodes and marks, its link rule is
 * isAllowedHref (shared/src/text/linkPolicy.ts), and it does not nest deeper than MAX_DEPTH.
 */

/** Whether a value (an attribute, a mark's attributes, an array entry) is acceptable. */
export type ValueRule = (value: unknown) => boolean

/** What a client may do with one node (element) name of a notes fragment. */
export interface NodeRule {
  /** The element names a client may insert as its children; TEXT where text may stand. */
  readonly children: ReadonlySet<string>
  /** The attributes a client may write, and their values. */
  readonly attributes: Readonly<Record<string, ValueRule>>
  /**
   * Structure only the server writes: a client never creates or deletes such a node, and
   * writes only the attributes listed (the page's defaults); it may write inside it.
   */
  readonly locked: boolean
  /**
   * The element every child of the node is, one or more of them and nothing else, once an
   * update that creates the node or writes or deletes among its children is applied (a
   * callToAction's paragraphs). Not "exactly one": two writers who each replace the one child
   * offline merge into two, and refusing the second would lose its whole update. Absent for
   * nodes whose children are not counted.
   */
  readonly everyChild?: string
}

/** The rules of a document's `notes` XmlFragment. */
export interface NotesRules {
  /** The element names that may stand at the top of the fragment. */
  readonly topLevel: ReadonlySet<string>
  readonly nodes: Readonly<Record<string, NodeRule>>
  /** Mark names (Yjs format keys) and their attributes; `null` ends a mark and is always fine. */
  readonly marks: Readonly<Record<string, ValueRule>>
  /** Elements nest at most this deep: a child of the fragment is at depth 1. */
  readonly maxDepth: number
}

/** A top-level Y.Array: each entry's shape, and for `priorities` how many may be live. */
export interface ArrayRules {
  readonly entry: ValueRule
  /**
   * At most `live` entries: an update may not add an entry after its writer saw `live` of them
   * (see validateUpdate), nor leave more than `ceiling` live entries (the room for two
   * writers who each added their own at the same moment; the page trims to `live`).
   */
  readonly limit?: { readonly live: number; readonly ceiling: number }
}

/** A top-level Y.Map: the keys a client may set and their values. */
export interface MapRules {
  readonly keys: Readonly<Record<string, ValueRule>>
}

/** Everything a client may write into one kind of room. */
export interface RoomSchema {
  /** The kind, for messages and logs. */
  readonly kind: 'table' | 'synthesis' | 'control'
  /** The `notes` fragment's rules, or null where the room has none. */
  readonly notes: NotesRules | null
  readonly arrays: Readonly<Record<string, ArrayRules>>
  readonly maps: Readonly<Record<string, MapRules>>
  /**
   * Top-level types only the server writes (a table's `comments`, written through the HTTP
   * API on behalf of a link it checked): a client update that adds, changes or deletes
   * anything in them is refused.
   */
  readonly serverOwned: ReadonlySet<string>
}

/** Where text (a Y.XmlText) may stand among an element's children. */
export const TEXT = '#text'

/**
 * How deep elements may nest below the notes fragment. The deepest honest notes (a part's
 * answer holding a table whose cell holds lists nested a dozen times) stay far below it, and
 * every reader, recursive or not, is safe above it.
 */
export const MAX_DEPTH = 32

/** Longest string a client may put in an attribute or a mark's attribute. */
export const MAX_ATTRIBUTE_LENGTH = 2048

/** Longest priority issue label: the page's field takes 120 characters, tags as many. */
export const MAX_PRIORITY_LABEL = 200

/** Longest announcement; the moderators' field takes as many. */
export const MAX_ANNOUNCEMENT_LENGTH = 1000

const isString = (max: number) => (value: unknown) =>
  typeof value === 'string' && value.length <= max
const isInteger = (min: number, max: number) => (value: unknown) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max
const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value)
const isOneOf =
  (...values: unknown[]) =>
  (value: unknown) =>
    values.includes(value)
const orNull = (rule: ValueRule) => (value: unknown) => value === null || rule(value)
const text = isString(MAX_ATTRIBUTE_LENGTH)

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** An object with only the keys `rules` names, each passing its rule (absent ones too). */
function objectOf(rules: Record<string, ValueRule>, required: readonly string[] = []): ValueRule {
  return (value) =>
    isPlainObject(value) &&
    Object.keys(value).every((key) => rules[key]?.(value[key]) === true) &&
    required.every((key) => key in value)
}

/** A mark's attributes: `true` or an object with the keys given (bold writes `{}`). */
const markOf = (rules: Record<string, ValueRule> = {}) => {
  const attributes = objectOf(rules)
  return (value: unknown) => value === true || attributes(value)
}

/** The marks of StarterKit 3 as the page configures them (y-tiptap writes mark.attrs). */
const MARKS: Record<string, ValueRule> = {
  bold: markOf(),
  italic: markOf(),
  strike: markOf(),
  code: markOf(),
  underline: markOf(),
  link: markOf({
    href: orNull((value) => text(value) && isAllowedHref(value as string)),
    target: orNull(isString(32)),
    rel: orNull(isString(200)),
    class: orNull(isString(200)),
    title: orNull(text),
  }),
}

/** Every block node, a paragraph's direction included (AutoDirection's global attribute). */
const dir = orNull(isOneOf('auto', 'ltr', 'rtl'))
const INLINE = new Set([TEXT, 'hardBreak'])
const BLOCKS = [
  NodeName.paragraph,
  'heading',
  'bulletList',
  'orderedList',
  'blockquote',
  'codeBlock',
  'horizontalRule',
  'table',
  CALL_TO_ACTION,
]
const blocks = new Set(BLOCKS)
const cellAttributes = {
  colspan: isInteger(1, 1000),
  rowspan: isInteger(1, 1000),
  colwidth: orNull(
    (value) => Array.isArray(value) && value.length <= 1000 && value.every(isInteger(0, 100_000)),
  ),
}

/** StarterKit 3's nodes and Tiptap's table nodes, with the attributes the page gives them. */
const EDITOR_NODES: Record<string, NodeRule> = {
  [NodeName.paragraph]: { children: INLINE, attributes: { dir }, locked: false },
  heading: { children: INLINE, attributes: { dir, level: isInteger(1, 6) }, locked: false },
  bulletList: { children: new Set(['listItem']), attributes: {}, locked: false },
  orderedList: {
    children: new Set(['listItem']),
    attributes: { start: isInteger(-1e9, 1e9), type: orNull(isString(16)) },
    locked: false,
  },
  listItem: { children: blocks, attributes: { dir }, locked: false },
  blockquote: { children: blocks, attributes: { dir }, locked: false },
  codeBlock: {
    children: new Set([TEXT]),
    attributes: { language: orNull(isString(64)) },
    locked: false,
  },
  horizontalRule: { children: new Set(), attributes: {}, locked: false },
  hardBreak: { children: new Set(), attributes: {}, locked: false },
  table: { children: new Set(['tableRow']), attributes: {}, locked: false },
  tableRow: { children: new Set(['tableCell', 'tableHeader']), attributes: {}, locked: false },
  tableCell: { children: blocks, attributes: cellAttributes, locked: false },
  tableHeader: { children: blocks, attributes: cellAttributes, locked: false },
  // Issue 20: who should do what by when; the action is its paragraphs (callToAction.ts).
  [CALL_TO_ACTION]: {
    children: new Set([NodeName.paragraph]),
    attributes: {
      actor: isString(MAX_CALL_ATTRIBUTE_LENGTH),
      timeframe: isString(MAX_CALL_ATTRIBUTE_LENGTH),
    },
    locked: false,
    everyChild: NodeName.paragraph,
  },
}

const locked = (children: string[], attributes: Record<string, ValueRule> = {}): NodeRule => ({
  children: new Set(children),
  attributes,
  locked: true,
})

/**
 * A page deployed before `retired` defaulted to null writes `retired: ''` (not retired) on every
 * section it edits in, since y-tiptap writes back each attribute the editor's schema knows.
 */
const pageDefaultRetired = { [RETIRED]: isOneOf('') }

/** A table's notes: the seeded structure, answers of blocks (shared/src/doc/tableDocument.ts). */
const TABLE_NOTES: NotesRules = {
  topLevel: new Set([NodeName.tableTitle, NodeName.questionSection, ...BLOCKS]),
  nodes: {
    ...EDITOR_NODES,
    [NodeName.tableTitle]: locked([]),
    [NodeName.questionSection]: locked(
      [NodeName.answer, NodeName.questionPart],
      pageDefaultRetired,
    ),
    [NodeName.questionPart]: locked([NodeName.answer], pageDefaultRetired),
    [NodeName.answer]: locked(BLOCKS),
  },
  marks: MARKS,
  maxDepth: MAX_DEPTH,
}

/** A priority issue as the page writes it (PriorityIssue). */
const priorityIssue = objectOf(
  { tagId: isString(64), label: (value) => isString(MAX_PRIORITY_LABEL)(value) },
  ['label'],
)

/**
 * A table room: its notes, its priority issues and its call for help; its comments are the
 * server's (shared/src/doc/comments.ts).
 */
export const TABLE_SCHEMA: RoomSchema = {
  kind: 'table',
  notes: TABLE_NOTES,
  arrays: {
    [PRIORITIES_ARRAY]: {
      entry: priorityIssue,
      limit: { live: MAX_PRIORITIES, ceiling: 2 * MAX_PRIORITIES },
    },
  },
  maps: { [SIGNALS_MAP]: { keys: { helpAskedAt: isNumber } } },
  serverOwned: new Set([COMMENTS_ARRAY]),
}

/**
 * The synthesis (shared/src/synthesis/compileSynthesis.ts): the compile writes its structure and
 * contributions; rapporteurs write blocks, in the summaries.
 */
export const SYNTHESIS_SCHEMA: RoomSchema = {
  kind: 'synthesis',
  notes: {
    topLevel: new Set([
      SynthesisNode.header,
      SynthesisNode.question,
      SynthesisNode.priorities,
      SynthesisNode.callsToAction,
      SynthesisNode.otherNotes,
      ...BLOCKS,
    ]),
    nodes: {
      ...EDITOR_NODES,
      [SynthesisNode.header]: locked([]),
      [SynthesisNode.question]: locked([
        SynthesisNode.summary,
        SynthesisNode.contribution,
        SynthesisNode.part,
      ]),
      [SynthesisNode.part]: locked([SynthesisNode.summary, SynthesisNode.contribution]),
      [SynthesisNode.summary]: locked(BLOCKS),
      [SynthesisNode.contribution]: locked(BLOCKS),
      [SynthesisNode.priorities]: locked([]),
      [SynthesisNode.callsToAction]: locked([]),
      [SynthesisNode.otherNotes]: locked([SynthesisNode.contribution]),
    },
    marks: MARKS,
    maxDepth: MAX_DEPTH,
  },
  arrays: {},
  maps: {},
  serverOwned: new Set(),
}

const timestamp = isNumber
const countdown = objectOf({ endsAt: orNull(timestamp), remainingMs: isNumber }, [
  'endsAt',
  'remainingMs',
])
const helpAnswered: ValueRule = (value) =>
  isPlainObject(value) &&
  Object.keys(value).length <= 10_000 &&
  Object.entries(value).every(([key, at]) => key.length <= 64 && timestamp(at))

/** The `_control` room (shared/src/doc/controlDocument.ts), written by moderators. */
export const CONTROL_SCHEMA: RoomSchema = {
  kind: 'control',
  notes: null,
  arrays: {
    [ANNOUNCEMENTS_ARRAY]: {
      entry: objectOf(
        { id: isString(64), text: isString(MAX_ANNOUNCEMENT_LENGTH), at: timestamp },
        ['id', 'text', 'at'],
      ),
    },
  },
  maps: {
    [CONTROL_MAP]: {
      keys: { countdown: orNull(countdown), locked: isOneOf(true, false), helpAnswered },
    },
  },
  // Which tables the session has: a client that could write it could close any table.
  serverOwned: new Set([SESSION_MAP]),
}

/** The schema of a room by its id: `_synthesis`, `_control`, or else a table. */
export function schemaForRoom(roomId: string): RoomSchema {
  if (roomId === SYNTHESIS_ROOM) return SYNTHESIS_SCHEMA
  if (roomId === CONTROL_ROOM) return CONTROL_SCHEMA
  return TABLE_SCHEMA
}
