/**
 * Every string the interface shows, in one catalogue. Another language is another object of the
 * same shape; nothing else changes.
 */
export const en = {
  appName: 'Tablenotes',
  skipToContent: 'Skip to the notes',
  loading: 'Loading…',
  sessionsTitle: 'Your sessions',
  noSessions:
    'Open the link you were given to join a table or a session; it lists here afterwards.',
  needLink: 'This page needs the link you were given. Ask the organizer for it.',
  tablesOf: 'Tables of this session',
  sessionNotFound: 'This session does not exist.',
  tableNotFound: 'This table does not exist in the session.',
  loadFailed: 'The session could not be loaded. Check the connection and reload.',
  backToSession: 'All tables',
  // Identity
  nameDialogTitle: 'Your name',
  nameDialogHelp: 'Shown next to your cursor so others at the table know who is writing.',
  nameLabel: 'Name',
  nameSave: 'Join the table',
  changeName: 'Change name',
  // Presence
  presenceTitle: 'At this table now',
  presenceYou: '{name} (you)',
  presenceAlone: 'Only you',
  // Save status
  statusSavedServer: 'Saved on the server',
  statusSavedDevice: 'Saved on this device',
  statusSaving: 'Saving…',
  statusReconnecting: 'Reconnecting…',
  statusOfflineWaiting: 'Offline — {count} changes waiting',
  statusOfflineOneWaiting: 'Offline — 1 change waiting',
  statusOfflineSaved: 'Offline — everything is saved on the server',
  statusReadOnly: 'Reading along, live',
  statusLabel: 'Save status',
  leaveWarning: 'Some changes are not on the server yet. Leave anyway?',
  // Close reasons
  closedUnauthenticated: 'This link is not valid (any more). Ask the organizer for a new one.',
  closedForbidden: 'This link does not open this table.',
  closedRevoked: 'This link was revoked. Ask the organizer for a new one.',
  closedTooMany: 'Too many failed attempts from this network. Wait a minute, then reload.',
  sessionForbidden: 'This link does not open this session.',
  closedNotFound: 'This table does not exist (any more).',
  closedTooLarge: 'A change was too large for the server. It is kept on this device.',
  closedInvalid: 'The server refused a change. It is kept on this device; reload the page.',
  // Editor
  editorLabel: 'Notes of {table}',
  toolbarLabel: 'Formatting',
  bold: 'Bold',
  italic: 'Italic',
  bulletList: 'Bulleted list',
  orderedList: 'Numbered list',
  quote: 'Quote',
  link: 'Link',
  linkPrompt: 'Address of the link (empty removes it)',
  undo: 'Undo',
  redo: 'Redo',
  escapeHint: 'Press Escape to leave the editor.',
  retiredQuestion: 'Other notes (the question “{prompt}” was removed)',
  readOnlyNote: 'You are reading along: this link can follow the table but not write in it.',
  // Priority issues
  prioritiesTitle: 'Priority issues',
  prioritiesHelp: 'The table’s one or two most important issues.',
  prioritiesPick: 'Pick from the session’s issues',
  prioritiesOwn: 'Or type your own',
  prioritiesAdd: 'Add',
  prioritiesRemove: 'Remove {label}',
  prioritiesFull: 'Two priority issues are set; remove one to change.',
  prioritiesNone: 'None yet.',
  // Export
  exportMarkdown: 'Download as Markdown',
  // Organizer: links
  linksTitle: 'Links',
  linksHelp:
    'Each link opens what its role allows. Hand out a table’s edit link to its rapporteurs and its read link to anyone following along; keep the organizer link to yourself.',
  linksSessionWide: 'For the whole session',
  roleOrganizer: 'Organizer',
  roleModerator: 'Moderator',
  roleRapporteur: 'Session rapporteur',
  roleEditor: 'Edit',
  roleViewer: 'Read only',
  linkAddress: 'Address of the {link} link',
  qrOf: 'QR code of the {link} link',
  copyLink: 'Copy link',
  copied: '{link} link copied.',
  revokeLink: 'Revoke and replace',
  revokeConfirm:
    'Revoke the {link} link? Everyone using it is disconnected at once and it never works again; a new link replaces it.',
  revoked: '{link} link revoked; its replacement is listed.',
  printSheets: 'Print a sheet with a QR code for each table',
  printNow: 'Print',
  sheetHelp: 'Scan to open this table’s notes and write in them.',
  // Organizer: editing the session
  editSession: 'Questions and tables',
  editSessionHelp:
    'Changes reach every table at once. A removed question keeps what tables wrote under it, as other notes.',
  sessionTitleLabel: 'Title',
  questionsLabel: 'Guiding questions',
  questionLabel: 'Question {number}',
  removeQuestion: 'Remove question {number}',
  partLabel: 'Question {number}, part {part}',
  removePart: 'Remove part {part} of question {number}',
  addPart: 'Add a part to question {number}',
  addQuestion: 'Add a question',
  tablesLabel: 'Tables',
  tableNameLabel: 'Name of table {number}',
  addTable: 'Add a table',
  uploadSession: 'Or replace everything from a YAML or JSON session file',
  problemLine: 'Line {line}: ',
  fileOtherSession: 'The file describes the session "{id}", not this one.',
  saveSession: 'Save changes',
  newSession: 'Start another session',
  questionsOnePerLine: 'Guiding questions, one per line',
  tablesOnePerLine: 'Tables, one per line',
  createSession: 'Create the session',
  orUploadSession: 'Or create it from a YAML or JSON session file',
  sessionSaved: 'Saved. {count} tables that already had notes were updated.',
} as const

export type MessageKey = keyof typeof en

/** The message for `key` with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (_match, name: string) =>
    String(params[name] ?? `{${name}}`),
  )
}
