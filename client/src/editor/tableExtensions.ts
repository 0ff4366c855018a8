import {
  isAllowedHref,
  isRightToLeftLanguage,
  NOTES_FRAGMENT,
  NodeName,
  shouldAutoLink,
} from '@tablenotes/shared'
import { Extension, Node } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { Placeholder } from '@tiptap/extensions'
import StarterKit from '@tiptap/starter-kit'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import type { Identity } from '../identity.js'
import { AnswerCaret } from './answerCaret.js'
import { AuthorHighlights } from './authorHighlights.js'
import { CallToAction } from './callToAction.js'
import { CaretAfterKeptText } from './caretAfterKeptText.js'
import { FitRoomSchema } from './fitRoomSchema.js'
import { LimitNesting } from './limitNesting.js'
import { notesTable } from './notesTable.js'
import { ParagraphLanguage } from './paragraphLanguage.js'
import { PasteBesideTable } from './pasteBesideTable.js'
import { PastedContent } from './pastedContent.js'
import { PendingSelection } from './pendingSelection.js'
import { type ConfirmEmptying, ProtectStructure } from './protectStructure.js'
import { RetiredWithoutNotes } from './retiredWithoutNotes.js'
import { Answer, QuestionPart, QuestionSection, TableTitle } from './structureNodes.js'
import { TextBelowTables } from './textBelowTables.js'

/**
 * The top level accepts every node a table document may hold, in any order: ProseMirror drops
 * (and y-tiptap then deletes from Yjs) whatever its schema does not allow, so a strict schema
 * here could destroy notes written under a question that was later removed.
 */
const TableDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: `(${NodeName.tableTitle} | ${NodeName.questionSection} | block)+`,
})

/** Each paragraph takes its direction from its own text: Arabic beside English, both right. */
const AutoDirection = Extension.create({
  name: 'autoDirection',
  addGlobalAttributes: () => [
    {
      types: ['paragraph', 'heading', 'blockquote', 'listItem'],
      attributes: {
        dir: { default: null, parseHTML: () => null, renderHTML: () => ({ dir: 'auto' }) },
      },
    },
  ],
})

/** Escape leaves the editor, so keyboard users are never trapped in it. */
const EscapeLeaves = Extension.create<{ onEscape: () => void }>({
  name: 'escapeLeaves',
  addOptions: () => ({ onEscape: () => undefined }),
  addKeyboardShortcuts() {
    return {
      Escape: () => {
        this.editor.commands.blur()
        this.options.onEscape()
        return true
      },
    }
  },
})

/** The height of the page's sticky header and toolbar, which the caret must never hide under. */
const CLEAR_OF_STICKY_BARS_PX = 150
const CARET_MARGIN = { top: CLEAR_OF_STICKY_BARS_PX, bottom: 24, left: 0, right: 0 }

/**
 * What every notes editor's element carries: its name and role, the document's language, and a
 * direction for empty paragraphs (written ones take their text's); and a caret that scrolls
 * clear of the sticky header and toolbar as the text grows.
 */
export function notesEditorProps(
  language: string,
  attributes: { class: string; 'aria-label': string; 'aria-describedby'?: string },
) {
  return {
    scrollMargin: CARET_MARGIN,
    scrollThreshold: CARET_MARGIN,
    attributes: {
      ...attributes,
      lang: language,
      dir: isRightToLeftLanguage(language) ? 'rtl' : 'ltr',
      role: 'textbox',
      'aria-multiline': 'true',
    },
  }
}

export interface EditorOptions {
  doc: Y.Doc
  provider: WebsocketProvider
  identity: Identity
  /** The document's language: the table's, or the session's for the synthesis. */
  language: string
  /**
   * What an empty writing area (an answer, a summary: a lone empty paragraph) shows, in the
   * page's language, read at each redraw so that it follows a language switch; the stylesheet
   * decides which areas show it (`.answer`, `.summary`).
   */
  placeholder: () => string
  onEscape: () => void
}

/**
 * A table's editor: the shared editing setup with the table's locked structure, a caret that
 * always lands in an answer, and `confirmEmptying` to ask before one change empties several
 * written answers.
 */
export function createTableExtensions(
  options: EditorOptions & { confirmEmptying: ConfirmEmptying },
) {
  return [
    TableDocument,
    TableTitle,
    QuestionSection,
    QuestionPart,
    Answer,
    ProtectStructure.configure({ confirmEmptying: options.confirmEmptying }),
    AnswerCaret,
    RetiredWithoutNotes,
    ...createCollaborativeEditing(options),
  ]
}

/**
 * Links in the notes (shared/src/text/linkPolicy.ts): only web and mail addresses, whether
 * typed, pasted or set with the link dialog; text becomes a link by itself only when it is
 * unmistakably an address, so "so many.Global governance" stays text. Pasted links lose the
 * source's class (cleanPastedHtml) and open in a new tab, like every other link here.
 */
const LINK_OPTIONS = {
  openOnClick: false,
  autolink: true,
  linkOnPaste: true,
  defaultProtocol: 'https',
  protocols: [],
  // Tiptap also asks this about linkify's finds in pasted text before it adds their scheme
  // ("www.iom.int", "amina@example.org"); the href it stores always has one.
  isAllowedUri: (url: string) => isAllowedHref(url) || shouldAutoLink(url),
  shouldAutoLink,
}

/**
 * What every notes editor shares: rich text without the top node (each kind of document brings
 * its own) with tables, per-paragraph direction and language, cleaned pastes, a placeholder in
 * empty writing areas, Escape out, and collaboration with named carets.
 */
export function createCollaborativeEditing(options: EditorOptions) {
  return [
    // The Yjs undo manager replaces StarterKit's history, so undo only undoes your own edits.
    StarterKit.configure({
      document: false,
      undoRedo: false,
      trailingNode: false,
      link: LINK_OPTIONS,
    }),
    ...notesTable,
    PasteBesideTable,
    CallToAction,
    // A table never ends an answer or a summary: there is always a line to write below it.
    TextBelowTables,
    PastedContent,
    // Every empty paragraph is marked; only an area's lone one shows the text (styles.css).
    Placeholder.configure({
      placeholder: () => options.placeholder(),
      includeChildren: true,
      showOnlyCurrent: false,
    }),
    LimitNesting,
    FitRoomSchema,
    AutoDirection,
    ParagraphLanguage.configure({ language: options.language }),
    EscapeLeaves.configure({ onEscape: options.onEscape }),
    // Reads the caret the browser moved before a key or another person's change acts on it.
    PendingSelection.configure({ doc: options.doc }),
    Collaboration.configure({ document: options.doc, field: NOTES_FRAGMENT }),
    // Typing goes on after one's own words that another person's change of the blocks removed.
    CaretAfterKeptText.configure({ doc: options.doc }),
    // "Who wrote what": the server's authorship as decorations, off until the toggle asks.
    AuthorHighlights.configure({ doc: options.doc, field: NOTES_FRAGMENT }),
    CollaborationCaret.configure({
      provider: options.provider,
      user: { name: options.identity.name, color: options.identity.colour },
    }),
  ]
}
