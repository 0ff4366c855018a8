import type { Catalogue } from '../catalogue.js'

/** L’interface en français. */
const fr: Catalogue = {
  appName: 'Tablenotes',
  languageLabel: 'Langue',
  skipToContent: 'Aller aux notes',
  loading: 'Chargement…',
  sessionsTitle: 'Vos sessions',
  noSessions:
    'Ouvrez le lien que vous avez reçu pour rejoindre une table ou une session ; elle s’affichera ensuite ici.',
  needLink: 'Cette page a besoin du lien que vous avez reçu. Demandez-le à l’organisateur.',
  tablesOf: 'Tables de cette session',
  sessionNotFound: 'Cette session n’existe pas.',
  tableNotFound: 'Cette table n’existe pas dans la session.',
  loadFailed: 'La session n’a pas pu être chargée. Vérifiez la connexion et rechargez la page.',
  backToSession: 'Toutes les tables',
  // Identity
  nameDialogTitle: 'Votre nom',
  nameDialogHelp:
    'Affiché à côté de votre curseur, pour que les autres à la table sachent qui écrit.',
  nameLabel: 'Nom',
  nameSave: 'Rejoindre la table',
  changeName: 'Changer de nom',
  // Presence
  presenceTitle: 'À cette table en ce moment',
  presenceYou: '{name} (vous)',
  presenceAlone: 'Vous seul·e',
  presenceJoined: 'Arrivée à la table : {names}.',
  presenceLeft: 'Départ de la table : {names}.',
  // Save status
  statusSavedServer: 'Enregistré sur le serveur',
  statusSavedDevice: 'Enregistré sur cet appareil',
  statusSaving: 'Enregistrement…',
  statusReconnecting: 'Reconnexion…',
  statusOfflineSaved: 'Hors ligne — tout est enregistré sur le serveur',
  statusOfflineUnsent:
    'Hors ligne — vos modifications depuis {time} sont gardées sur cet appareil et seront envoyées au retour de la connexion',
  statusReconnectingUnsent:
    'Reconnexion… vos modifications depuis {time} sont gardées sur cet appareil et seront envoyées une fois connecté',
  statusDeviceCopyMissing:
    'Ce navigateur a supprimé sa copie de vos modifications depuis {time}. Si le serveur les a enregistrées, elles reviendront ; sinon, elles sont perdues.',
  statusDeviceCopyLost:
    'Vos modifications depuis {time} sont perdues : ce navigateur a supprimé sa copie avant qu’elles n’atteignent le serveur.',
  dismissNotice: 'Compris',
  statusReadOnly: 'Lecture en direct',
  statusLabel: 'État de l’enregistrement',
  leaveWarning: 'Certaines modifications ne sont pas encore sur le serveur. Quitter quand même ?',
  // Close reasons
  closedUnauthenticated:
    'Ce lien n’est pas (ou plus) valide. Demandez-en un nouveau à l’organisateur.',
  closedForbidden: 'Ce lien n’ouvre pas cette table.',
  closedRevoked: 'Ce lien a été révoqué. Demandez-en un nouveau à l’organisateur.',
  closedExpired:
    'Ce lien a expiré : les notes sont en lecture seule. Demandez un nouveau lien à l’organisateur.',
  closedTooMany:
    'Trop de tentatives échouées depuis ce réseau. Attendez une minute, puis rechargez la page.',
  sessionForbidden: 'Ce lien n’ouvre pas cette session.',
  closedNotFound: 'Cette table n’existe pas (ou plus).',
  closedTooLarge:
    'Une modification était trop volumineuse pour le serveur. Elle est conservée sur cet appareil.',
  closedInvalid:
    'Le serveur a refusé une modification. Elle est conservée sur cet appareil ; rechargez la page.',
  // Editor
  editorLabel: 'Notes de {table}',
  toolbarLabel: 'Mise en forme',
  bold: 'Gras',
  italic: 'Italique',
  boldLetter: 'G',
  italicLetter: 'I',
  bulletList: 'Liste à puces',
  orderedList: 'Liste numérotée',
  quote: 'Citation',
  link: 'Lien',
  linkDialogTitle: 'Lien vers une page web ou une adresse e-mail',
  linkAddressLabel: 'Adresse web ou e-mail',
  linkApply: 'Appliquer',
  linkRemove: 'Retirer le lien',
  linkCancel: 'Annuler',
  linkInvalid:
    'Ce n’est pas une adresse web ou e-mail. Par exemple : https://example.org ou nom@example.org',
  undo: 'Annuler',
  redo: 'Rétablir',
  escapeHint: 'Appuyez sur Échap pour quitter l’éditeur.',
  answerPlaceholder: 'Écrivez ici les notes de la table',
  summaryPlaceholder: 'Écrivez la synthèse ici',
  retiredQuestion: 'Autres notes (la question « {prompt} » a été retirée)',
  emptyAnswersTitle: 'Vider {count} réponses ?',
  emptyAnswersText:
    'Cela efface ce qui est écrit dans {count} réponses, pour tout le monde à la table.',
  emptyAnswersKeep: 'Les garder',
  emptyAnswersConfirm: 'Vider {count} réponses',
  // What changed since I last looked
  changesTitle: 'Ce qui a changé depuis votre dernière lecture',
  changesLastLook: 'Votre dernière lecture : {time}.',
  changesShow: 'Afficher les changements',
  changesMarkRead: 'Tout marquer comme lu',
  changesNone: 'Rien n’a changé depuis.',
  changesCounts: '{added} ; {removed}',
  readOnlyNote: 'Vous suivez en lecture : ce lien permet de suivre la table, pas d’y écrire.',
  unsentNotice:
    'Une partie de ce que vous avez écrit n’a jamais atteint le serveur. Téléchargez-la pour ne pas la perdre.',
  downloadUnsent: 'Télécharger ce que le serveur n’a pas enregistré',
  unsentFileIntro:
    'Écrit sur cet appareil et jamais enregistré par le serveur (téléchargé le {time}). Le texte supprimé n’y figure pas ; la table entière telle que cet appareil l’avait suit.',
  unsentFileWhole: 'La table entière telle que cet appareil l’avait',
  changeTooLarge:
    'Non ajouté : ce collage fait {size}, plus que les {limit} que le serveur accepte en une modification. Ajoutez-le en plusieurs parties.',
  // Priority issues
  prioritiesTitle: 'Questions prioritaires',
  prioritiesHelp: 'Les une ou deux questions les plus importantes pour la table.',
  prioritiesPick: 'Choisir parmi les thèmes de la session',
  prioritiesOwn: 'Ou saisir la vôtre',
  prioritiesAdd: 'Ajouter',
  prioritiesRemove: 'Retirer {label}',
  prioritiesFull: 'Deux questions prioritaires sont choisies ; retirez-en une pour changer.',
  prioritiesNone: 'Aucune pour l’instant.',
  // Export
  exportMarkdown: 'Télécharger en Markdown',
  exportWord: 'Télécharger pour Word',
  exportHtml: 'Télécharger une page imprimable',
  exportFailed: 'Le téléchargement a échoué ; vérifiez la connexion et réessayez.',
  exportTables: 'Tables',
  exportTableOneContributor: '{table} : 1 contributeur·rice',
  exportTableContributors: '{table} : {count} contributeur·rices',
  exportNestingCut: 'Le contenu imbriqué sur plus de {depth} niveaux suit en texte brut.',
  // Synthesis
  synthesisTitle: 'Synthèse',
  synthesisNeedsLink:
    'La synthèse demande le lien du rapporteur de la session, d’un modérateur ou de l’organisateur.',
  synthesisTables: 'Tables : {tables}',
  tableContributors: {
    one: '{table} ({count} à l’écriture)',
    many: '{table} ({count} à l’écriture)',
    other: '{table} ({count} à l’écriture)',
  },
  summaryLabel: 'Résumé',
  otherNotes: 'Autres notes',
  synthesisTableSkipped:
    'Les notes de cette table n’ont pas pu être lues (enregistrées trop profondément imbriquées) et ne figurent pas dans cette synthèse.',
  compile: 'Compiler les tables',
  compiling: 'Compilation…',
  compiledAt: 'Compilé à {time}.',
  notCompiled: 'Pas encore compilé : compilez pour réunir toutes les tables.',
  changedSince: 'Modifiées depuis : {tables}.',
  noneChanged: 'Aucune table n’a changé depuis.',
  openSynthesis: 'Ouvrir la synthèse',
  // Session control
  countdownPaused: 'en pause',
  countdownOver: 'Le temps est écoulé',
  countdownMinutes: {
    one: 'Il reste {count} minute',
    many: 'Il reste {count} de minutes',
    other: 'Il reste {count} minutes',
  },
  roundLocked:
    'Les modérateurs ont verrouillé le tour : les notes sont en lecture seule jusqu’au déverrouillage.',
  roundLockedModerators:
    'Le tour est verrouillé : les notes de toutes les tables sont en lecture seule jusqu’à ce que vous le déverrouilliez.',
  askForHelp: 'Demander l’aide d’un modérateur',
  // Moderator wall
  wallTitle: 'Mur des modérateurs',
  wallNeedsModerator: 'Le mur demande le lien modérateur de cette session.',
  openWall: 'Ouvrir le mur des modérateurs',
  sessionControl: 'Pilotage de la session',
  countdownMinutesLabel: 'Minutes',
  startCountdown: 'Lancer le compte à rebours',
  pauseCountdown: 'Pause',
  resumeCountdown: 'Reprendre',
  addMinutes: '+{count} min',
  announcementLabel: 'Annonce à toutes les tables',
  sendAnnouncement: 'Envoyer',
  lockRound: 'Verrouiller le tour',
  unlockRound: 'Déverrouiller le tour',
  filterRegion: 'Région',
  allRegions: 'Toutes les régions',
  sortBy: 'Trier par',
  sortName: 'Nom',
  sortProgress: 'Les moins avancées d’abord',
  sortActivity: 'Les plus silencieuses d’abord',
  projectorMode: 'Mode projecteur',
  backToWall: 'Retour à toutes les tables',
  focusHint: 'Les flèches passent à la table suivante ou précédente ; Échap revient au mur.',
  openLarge: 'Agrandir {table}',
  nobodyThere: 'Personne',
  noEditsYet: 'aucune modification pour l’instant',
  editedJustNow: 'modifiée à l’instant',
  editedMinutesAgo: {
    one: 'dernière modification il y a {count} min',
    many: 'dernière modification il y a {count} min',
    other: 'dernière modification il y a {count} min',
  },
  helpCalled: 'Demande de l’aide',
  offlineWithChanges: '{name} est hors ligne avec des modifications pas encore sur le serveur',
  answerHelp: 'Marquer comme traitée',
  progressLabel: 'Avancement par question',
  questionEmpty: 'vide',
  questionWords: {
    one: '{count} mot',
    many: '{count} de mots',
    other: '{count} mots',
  },
  helpAsked: 'Un modérateur a été prévenu et va passer.',
  // Organizer: links
  linksTitle: 'Liens',
  linksHelp:
    'Chaque lien ouvre ce que son rôle permet. Donnez le lien d’écriture d’une table à ses rapporteurs et son lien de lecture à qui veut suivre ; gardez le lien organisateur pour vous.',
  linksSessionWide: 'Pour toute la session',
  roleOrganizer: 'Organisateur',
  roleModerator: 'Modérateur',
  roleRapporteur: 'Rapporteur de la session',
  roleEditor: 'Écriture',
  roleViewer: 'Lecture seule',
  linkAddress: 'Adresse du lien {link}',
  qrOf: 'Code QR du lien {link}',
  copyLink: 'Copier le lien',
  copied: 'Lien {link} copié.',
  revokeLink: 'Révoquer et remplacer',
  revokeConfirm:
    'Révoquer le lien {link} ? Toutes les personnes qui l’utilisent sont déconnectées aussitôt et il ne fonctionnera plus jamais ; un nouveau lien le remplace.',
  revoked: 'Lien {link} révoqué ; son remplaçant est affiché.',
  printSheets: 'Imprimer une feuille avec un code QR pour chaque table',
  printNow: 'Imprimer',
  sheetHelp: 'Scannez pour ouvrir les notes de cette table et y écrire.',
  // Organizer: editing the session
  editSession: 'Questions et tables',
  editSessionHelp:
    'Les changements parviennent aussitôt à toutes les tables. Une question retirée garde ce que les tables y ont écrit, en autres notes.',
  sessionTitleLabel: 'Titre',
  questionsLabel: 'Questions directrices',
  questionLabel: 'Question {number}',
  removeQuestion: 'Retirer la question {number}',
  partLabel: 'Question {number}, partie {part}',
  removePart: 'Retirer la partie {part} de la question {number}',
  addPart: 'Ajouter une partie à la question {number}',
  addQuestion: 'Ajouter une question',
  tablesLabel: 'Tables',
  tableNameLabel: 'Nom de la table {number}',
  addTable: 'Ajouter une table',
  uploadSession: 'Ou tout remplacer à partir d’un fichier de session YAML ou JSON',
  problemLine: 'Ligne {line} : ',
  fileOtherSession: 'Le fichier décrit la session « {id} », pas celle-ci.',
  saveSession: 'Enregistrer les modifications',
  newSession: 'Lancer une autre session',
  questionsOnePerLine: 'Questions directrices, une par ligne',
  tablesOnePerLine: 'Tables, une par ligne',
  createSession: 'Créer la session',
  orUploadSession: 'Ou la créer à partir d’un fichier de session YAML ou JSON',
  sessionSaved: {
    one: 'Enregistré. {count} table qui avait déjà des notes a été mise à jour.',
    many: 'Enregistré. {count} de tables qui avaient déjà des notes ont été mises à jour.',
    other: 'Enregistré. {count} tables qui avaient déjà des notes ont été mises à jour.',
  },
  // Issue 18: the event on a phone and on the wall
  changesAdded: {
    one: '{count} paragraphe nouveau ou réécrit',
    many: '{count} de paragraphes nouveaux ou réécrits',
    other: '{count} paragraphes nouveaux ou réécrits',
  },
  changesRemoved: {
    one: '{count} supprimé ou réécrit',
    many: '{count} de supprimés ou réécrits',
    other: '{count} supprimés ou réécrits',
  },
  statusLocked: 'Tour verrouillé par les modérateurs',
  nameDialogJoining: 'Vous rejoignez {table}, dans « {session} ».',
  nameDialogHelpReader:
    'Affiché aux personnes de la table parmi celles qui suivent la lecture. Ce lien suit les notes en direct mais ne peut pas y écrire.',
  frontIntro:
    'Des notes en direct pour les tables de discussion d’une conférence : chaque table écrit sous les questions de la session, les modérateurs suivent toutes les tables sur un mur, et le rapporteur les réunit dans la synthèse. Rien de ce qui est saisi ne se perd, même hors ligne.',
  openLinkLabel: 'Collez le lien que vous avez reçu',
  openLinkSubmit: 'Ouvrir',
  openLinkInvalid:
    'Ce n’est pas un lien Tablenotes : le lien d’une table ou d’une session contient /s/ et ?token=.',
  organizerHint:
    'Vous organisez un événement ? Sur la machine où tourne Tablenotes, cette commande affiche tous les liens d’une session, celui de l’organisateur en premier :',
  questionRemoved: 'Retirée : « {prompt} ». Rien ne change pour les tables avant l’enregistrement.',
  undoRemoveQuestion: 'Annuler',
  sessionEventLabel: 'Événement (facultatif)',
  sessionDescriptionLabel: 'Description (facultative)',
  sessionStartsLabel: 'Début',
  sessionEndsLabel: 'Fin',
  sessionLanguageLabel: 'Langue des questions',
  tablesLineHelp:
    'Après le nom d’une table, sa région et sa langue si elle travaille dans une autre, séparées par des points-virgules : « Beyrouth; Moyen-Orient; ar ».',
  tagsOnePerLine:
    'Enjeux prioritaires parmi lesquels les tables peuvent choisir, un par ligne (facultatif)',
  sessionExists:
    'Une session intitulée « {title} » existe déjà. Donnez à celle-ci un autre titre, par exemple « {other} ».',
}

export default fr
