import { randomUUID } from 'node:crypto'
import {
  type Catalogue,
  foldQuery,
  type MessageKey,
  ROLES,
  type Role,
  type TokenClaims,
} from '@tablenotes/shared'
import unhomoglyph from 'unhomoglyph'
import { loadCatalogues } from '../i18n/loadCatalogues.js'
import { BadRequestError, ErrorCode } from './errors.js'
import { cleanLine, isBlank } from './userText.js'

/** What a role is called where a writer gave no name: the server vouches for the role only. */
const ROLE_NAMES: Record<Role, string> = {
  organizer: 'Organizer',
  moderator: 'Moderator',
  rapporteur: 'Rapporteur',
  editor: 'Table rapporteur',
  viewer: 'Reader',
}

/**
 * The catalogue words that name each role: the label the pages show beside a comment's author,
 * and, for the roles that are people rather than kinds of link, the organizer's links page.
 */
const ROLE_WORDS: Record<Role, readonly MessageKey[]> = {
  organizer: ['commentRoleOrganizer', 'roleOrganizer'],
  moderator: ['commentRoleModerator', 'roleModerator'],
  rapporteur: ['commentRoleRapporteur', 'roleRapporteur'],
  editor: ['commentRoleEditor'],
  viewer: ['commentRoleViewer'],
}

/**
 * The forms `text` is compared under: folded as search folds it (case, accents, harakat,
 * zero-width away), after its letters are replaced by the ones they are drawn like (Unicode's
 * confusables, UTS #39, through `unhomoglyph`: a Cyrillic "М", a digit "0" for "O"). The
 * confusables table is case-sensitive ("m" is drawn like "rn", "M" is not), so the text is also
 * taken folded and in capitals first; two texts that share a form look alike.
 */
function lookalikeForms(text: string): string[] {
  const folded = foldQuery(text)
  return [
    ...new Set([text, folded, text.toUpperCase()].map((form) => foldQuery(unhomoglyph(form)))),
  ]
}

/** Every role's names, under each of their lookalike forms. */
function roleNamesFolded(catalogues: readonly Catalogue[]): Map<string, Set<Role>> {
  const names = new Map<string, Set<Role>>()
  for (const role of ROLES) {
    const words = [
      ROLE_NAMES[role],
      ...catalogues.flatMap((c) => ROLE_WORDS[role].map((k) => c[k])),
    ]
    for (const word of words) {
      if (typeof word !== 'string') continue
      for (const form of lookalikeForms(word)) {
        names.set(form, (names.get(form) ?? new Set<Role>()).add(role))
      }
    }
  }
  return names
}

const ROLE_NAMES_FOLDED = roleNamesFolded(Object.values(await loadCatalogues()))

/**
 * Control characters (Cc: C0, DEL, C1) but the line feed and the tab, which a comment's
 * paragraphs use.
 */
const TEXT_CONTROLS = /[^\P{Cc}\n\t]/gu

/**
 * A comment's or reply's text as stored: without control characters other than `\n` and
 * `\t` (a carriage return of a pasted CRLF goes too; the line feed stays). Throws 400
 * `INVALID_REQUEST` for a text with nothing to read (isBlank).
 */
export function cleanCommentText(text: string): string {
  const cleaned = text.replace(TEXT_CONTROLS, '')
  if (isBlank(cleaned)) {
    throw new BadRequestError(ErrorCode.invalidRequest, 'text has nothing to read')
  }
  return cleaned
}

/**
 * The author a comment write is recorded under, with the role the server vouches for (the
 * link's). The name given loses its bidi controls and C0/C1 controls (cleanLine) and its
 * ends' white space; an empty name, or one that names another role than the link's in any
 * catalogue language ("Moderator", "modérateur", "المشرف", compared as search folds text), or
 * looks like one ("Мoderator" with a Cyrillic М, "M0derator": lookalikeForms), is replaced by
 * the link's role name, so no editor link can pass for the moderator.
 */
export function authorOf(
  claims: TokenClaims,
  given: string | undefined,
): { author: string; role: Role } {
  const role = claims.role
  const name = cleanLine(given ?? '')
  const spoofs = lookalikeForms(name).some((form) => {
    const named = ROLE_NAMES_FOLDED.get(form)
    return named !== undefined && !named.has(role)
  })
  return { author: isBlank(name) || spoofs ? ROLE_NAMES[role] : name, role }
}

/**
 * The fields a new comment or reply is stored with: a fresh id, the author and role the link may
 * write under (`authorOf`), the text as stored (`cleanCommentText`: throws 400 `INVALID_REQUEST`
 * for a text with nothing to read) and `createdAt`, now in milliseconds since the epoch.
 */
export function newCommentEntry(
  claims: TokenClaims,
  author: string | undefined,
  text: string,
): { id: string; author: string; role: Role; text: string; createdAt: number } {
  return {
    id: randomUUID(),
    ...authorOf(claims, author),
    text: cleanCommentText(text),
    createdAt: Date.now(),
  }
}
