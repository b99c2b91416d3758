// Messages for Settings > Backups: the last backup, the folder for automatic backups, the list of
// backups (and the files it will not restore), the restore drill and the restore, and the screen
// after a restore; en.ts and nl.ts merge them. Dutch uses back-up, herstellen, proefherstel,
// herstelsleutel, kluis and inloggen.
export const en = {
  "settings.tab.backups": "Backups",
  "signOut.title": "Signing out",
  "signOut.backup":
    "Kluis is making the sign-out backup in your backup folder. You may skip it: you are signed out either way, and Settings > Backups shows when the last one was made.",
  "signOut.skip": "Skip backup",
  "signOut.skipping": "Skipping…",
  "signOut.safe": "Skipping is safe: no half-made backup is left in the folder.",

  "backups.title": "Backups",
  "backups.description":
    "A backup is an encrypted copy of the whole vault: only a current administrator of this vault, or the recovery key, opens it. Keep backups on another disk, so that a broken or stolen computer does not take them along.",
  "backups.readOnly": "You can see the backups; making, testing and restoring them needs the right to manage Kluis.",

  "backups.last.title": "Last backup",
  "backups.last.never": "No backup yet",
  "backups.last.neverHint": "Make one now, and choose a folder so that Kluis makes them by itself.",
  "backups.last.okHint": "Recent: nothing to do.",
  "backups.last.warningHint": "More than a day old. Make a backup now, or check that the folder for automatic backups is connected.",
  "backups.last.problemHint": "More than a week old: what changed since then is in no backup. Make one now.",
  "backups.create": "Back up now",
  "backups.createNoFolder": "No folder is chosen: Kluis asks where to save this backup.",

  "backups.folder.title": "Automatic backups",
  "backups.folder.label": "Folder",
  "backups.folder.on":
    "Kluis makes a backup in this folder every day and whenever someone signs out. It keeps the newest of each day for 7 days and of each month for 12 months; backups made by hand are never removed.",
  "backups.folder.off":
    "Off. Choose a folder, preferably on another disk or a network drive, and Kluis makes a backup there every day and whenever someone signs out.",
  "backups.folder.onOffice":
    "The office server makes a backup in its own folder on the host every day. It keeps the newest of each day for 7 days and of each month for 12 months; backups made by hand are never removed.",
  "backups.folder.offOffice": "Off. Turn them on and the office server makes a backup in its own folder on the host every day.",
  "backups.folder.chooseOffice": "Use the server's folder",
  "backups.folder.offBadge": "Off",
  "backups.folder.onBadge": "On",
  "backups.folder.choose": "Choose folder…",
  "backups.folder.change": "Choose another folder…",
  "backups.folder.turnOff": "Turn off",

  "backups.done.created": "Backup made: {name}.",
  "backups.done.createdIn": "Backup saved as {name} in {folder}.",
  "backups.done.folder": "Automatic backups now go to {folder}.",
  "backups.done.off": "Automatic backups are off. The backups already made stay in the folder.",

  "backups.list.title": "Backups in this folder",
  "backups.col.made": "Made",
  "backups.col.kind": "Kind",
  "backups.col.size": "Size",
  "backups.col.actions": "Actions",
  "backups.kind.manual": "By hand",
  "backups.kind.daily": "Daily",
  "backups.kind.sign_out": "At sign-out",
  "backups.status.other_vault": "Other vault",
  "backups.status.other_vaultText": "This backup belongs to another vault: it is not tested or restored here.",
  "backups.status.unauthenticated": "Not authentic",
  "backups.status.unauthenticatedText":
    "This file cannot be shown to be one this vault made: it was altered or forged. It is never restored.",
  "backups.status.old_format": "Older format",
  "backups.status.old_formatText":
    "Made by an earlier version of Kluis that did not authenticate backups: it is not restored. Make a new backup.",
  "backups.dateUnknown": "Date unknown",
  "backups.size.kb": "{size} KB",
  "backups.size.mb": "{size} MB",
  "backups.drill": "Test restore",
  "backups.drillLabel": "Test restore of the backup of {date}",
  "backups.restore": "Restore…",
  "backups.restoreLabel": "Restore the backup of {date}",
  "backups.empty.none": "No backups in this folder yet. The first automatic one is made today; or make one now.",
  "backups.empty.noFolder":
    "With automatic backups off, no backups are listed here. To test or restore a backup, open its file below.",

  "backups.other.title": "Another backup file",
  "backups.other.text": "On a USB stick or a disk of its own? Open the file to test it or to restore it: only an authentic backup of this vault opens.",
  "backups.other.drill": "Open and test…",
  "backups.other.restore": "Open and restore…",
  "backups.other.office":
    "A backup kept elsewhere is tested or restored on the host: an administrator there puts the file in the server's backup folder, and it appears in the list above.",

  "backups.dialog.drillTitle": "Test restore",
  "backups.dialog.restoreTitle": "Restore a backup",
  "backups.dialog.drillText": "Kluis opens the backup and checks everything in it, as a restore would. Nothing is replaced.",
  "backups.dialog.restoreText": "Kluis checks the backup first; only when it passes every check is the vault replaced.",
  "backups.dialog.of": "Backup of {date} ({kind})",
  "backups.dialog.pickHint": "When you continue, Kluis asks which backup file to open.",
  "backups.dialog.why":
    "To confirm that it is you, Kluis asks for the password you sign in with now, or the recovery key. Any backup this vault made opens with it, whatever anyone's password was when it was made.",
  "backups.dialog.password": "Your password",
  "backups.dialog.passwordHint": "The password you ({username}) sign in with now.",
  "backups.dialog.useRecovery": "Use the recovery key instead",
  "backups.dialog.recoveryKey": "Recovery key",
  "backups.dialog.recoveryHint": "The key shown when the vault was set up: 11 groups of five characters.",
  "backups.dialog.submitDrill": "Test restore",
  "backups.dialog.submitRestore": "Restore backup",

  "backups.error.password": "This is not your current password. Type the password you sign in with.",
  "backups.error.recoveryKey": "This is not the recovery key of this vault. Check it and try again.",
  "backups.error.wrongSecret": "This backup does not open with the backup key you hold. Use the recovery key instead.",
  "backups.error.damaged":
    "This file cannot be opened: it is not a Kluis backup, or it was changed or cut short. Nothing was changed; try another backup.",
  "backups.error.gone": "This backup is no longer in the folder. The list has been refreshed.",

  "backups.restore.warningTitle": "What happens when you restore",
  "backups.restore.replaced": "The data comes back as it was on {date}.",
  "backups.restore.replacedFile": "The data comes back as it was when the backup was made.",
  "backups.restore.lost": "What was added or changed since then is gone.",
  "backups.restore.stays":
    "Who may sign in, their roles and passwords, the settings and the audit trail stay as they are now: a removed or disabled colleague stays out, a changed password stays changed.",
  "backups.restore.erasures": "Everyone erased since then is erased again.",
  "backups.restore.newKey": "The database gets a new key, and the vault it replaces is deleted once the restored one has been checked.",
  "backups.restore.signIn": "Everyone is signed out. You sign in again with your current password.",
  "backups.restore.confirm": "I understand that the vault is replaced by this backup",
  "backups.restore.confirmRequired": "Tick this box to restore.",

  "backups.result.drillTitle": "The backup opens and passed every check",
  "backups.result.made": "Made {date} ({kind})",
  "backups.result.people": "People",
  "backups.result.audit": "Audit log entries",
  "backups.result.drillText": "Nothing was changed. This backup can be restored when it is needed.",

  "restored.title": "The backup has been restored",
  "restored.text": "The data is back as it was on {date} ({kind}).",
  "restored.stayed": "Who may sign in, their roles and passwords, the settings and the audit trail stayed as they were.",
  "restored.erasures": "{count} people erased since the backup were erased again.",
  "restored.erasuresOne": "1 person erased since the backup was erased again.",
  "restored.personnel": "Personnel files deleted by the retention rules, deleted again: {count}.",
  "restored.ledgerUnavailable":
    "No vault could be read, so the backup's own users came back and erasures made after the backup could not be applied again. Check whether people erased since then are back and erase them again, and check who may sign in.",
  "restored.newKey": "The database has a new key, and the vault it replaced was deleted once the restored one had been checked.",
  "restored.signIn": "Everyone has been signed out. Sign in again with your current password.",
  "restored.signInBackup": "Everyone has been signed out. Sign in with the password you had when the backup was made.",
  "restored.continue": "Go to sign in",
};

export const nl: typeof en = {
  "settings.tab.backups": "Back-ups",
  "signOut.title": "Uitloggen",
  "signOut.backup":
    "Kluis maakt bij het uitloggen een back-up in je back-upmap. Je mag hem overslaan: je wordt hoe dan ook uitgelogd, en Instellingen > Back-ups laat zien wanneer de laatste is gemaakt.",
  "signOut.skip": "Back-up overslaan",
  "signOut.skipping": "Overslaan…",
  "signOut.safe": "Overslaan is veilig: er blijft geen half gemaakte back-up in de map achter.",

  "backups.title": "Back-ups",
  "backups.description":
    "Een back-up is een versleutelde kopie van de hele kluis: alleen een huidige beheerder van deze kluis, of de herstelsleutel, maakt hem open. Bewaar back-ups op een andere schijf, zodat een kapotte of gestolen computer ze niet meeneemt.",
  "backups.readOnly": "Je kunt de back-ups zien; maken, testen en herstellen kan alleen met het recht om Kluis te beheren.",

  "backups.last.title": "Laatste back-up",
  "backups.last.never": "Nog geen back-up",
  "backups.last.neverHint": "Maak er nu een, en kies een map zodat Kluis ze voortaan zelf maakt.",
  "backups.last.okHint": "Recent: je hoeft niets te doen.",
  "backups.last.warningHint": "Ouder dan een dag. Maak nu een back-up, of controleer of de map voor automatische back-ups bereikbaar is.",
  "backups.last.problemHint": "Ouder dan een week: wat er sindsdien veranderde, staat in geen enkele back-up. Maak er nu een.",
  "backups.create": "Nu back-up maken",
  "backups.createNoFolder": "Er is geen map gekozen: Kluis vraagt waar deze back-up moet komen.",

  "backups.folder.title": "Automatische back-ups",
  "backups.folder.label": "Map",
  "backups.folder.on":
    "Kluis maakt elke dag en bij elke keer uitloggen een back-up in deze map. De nieuwste van elke dag blijft 7 dagen staan en de nieuwste van elke maand 12 maanden; handmatige back-ups worden nooit verwijderd.",
  "backups.folder.off":
    "Uit. Kies een map, liefst op een andere schijf of een netwerkschijf, en Kluis maakt daar elke dag en bij elke keer uitloggen een back-up.",
  "backups.folder.onOffice":
    "De server van het kantoor maakt elke dag een back-up in zijn eigen map op de server. De nieuwste van elke dag blijft 7 dagen staan en de nieuwste van elke maand 12 maanden; handmatige back-ups worden nooit verwijderd.",
  "backups.folder.offOffice": "Uit. Zet ze aan en de server van het kantoor maakt elke dag een back-up in zijn eigen map op de server.",
  "backups.folder.chooseOffice": "De map van de server gebruiken",
  "backups.folder.offBadge": "Uit",
  "backups.folder.onBadge": "Aan",
  "backups.folder.choose": "Map kiezen…",
  "backups.folder.change": "Andere map kiezen…",
  "backups.folder.turnOff": "Uitzetten",

  "backups.done.created": "Back-up gemaakt: {name}.",
  "backups.done.createdIn": "Back-up opgeslagen als {name} in {folder}.",
  "backups.done.folder": "Automatische back-ups gaan nu naar {folder}.",
  "backups.done.off": "Automatische back-ups staan uit. De back-ups die al gemaakt zijn, blijven in de map staan.",

  "backups.list.title": "Back-ups in deze map",
  "backups.col.made": "Gemaakt",
  "backups.col.kind": "Soort",
  "backups.col.size": "Grootte",
  "backups.col.actions": "Acties",
  "backups.kind.manual": "Handmatig",
  "backups.kind.daily": "Dagelijks",
  "backups.kind.sign_out": "Bij uitloggen",
  "backups.status.other_vault": "Andere kluis",
  "backups.status.other_vaultText": "Deze back-up hoort bij een andere kluis: hij wordt hier niet getest of hersteld.",
  "backups.status.unauthenticated": "Niet echt",
  "backups.status.unauthenticatedText":
    "Van dit bestand is niet aan te tonen dat deze kluis het heeft gemaakt: het is gewijzigd of vervalst. Het wordt nooit hersteld.",
  "backups.status.old_format": "Ouder formaat",
  "backups.status.old_formatText":
    "Gemaakt met een eerdere versie van Kluis die back-ups nog niet waarmerkte: hij wordt niet hersteld. Maak een nieuwe back-up.",
  "backups.dateUnknown": "Datum onbekend",
  "backups.size.kb": "{size} KB",
  "backups.size.mb": "{size} MB",
  "backups.drill": "Proefherstel",
  "backups.drillLabel": "Proefherstel van de back-up van {date}",
  "backups.restore": "Herstellen…",
  "backups.restoreLabel": "De back-up van {date} herstellen",
  "backups.empty.none": "Nog geen back-ups in deze map. De eerste automatische komt vandaag; je kunt er ook nu een maken.",
  "backups.empty.noFolder":
    "Zolang automatische back-ups uitstaan, toont Kluis hier geen back-ups. Open hieronder het bestand om een back-up te testen of te herstellen.",

  "backups.other.title": "Een ander back-upbestand",
  "backups.other.text": "Op een USB-stick of een eigen schijf? Open het bestand om het te testen of te herstellen: alleen een echte back-up van deze kluis gaat open.",
  "backups.other.drill": "Openen en testen…",
  "backups.other.restore": "Openen en herstellen…",
  "backups.other.office":
    "Een back-up die elders staat, wordt op de server getest of teruggezet: een beheerder zet het bestand daar in de back-upmap van de server, en dan staat het in de lijst hierboven.",

  "backups.dialog.drillTitle": "Proefherstel",
  "backups.dialog.restoreTitle": "Een back-up herstellen",
  "backups.dialog.drillText": "Kluis opent de back-up en controleert alles erin, net als bij herstellen. Er wordt niets vervangen.",
  "backups.dialog.restoreText": "Kluis controleert de back-up eerst; pas als elke controle slaagt, wordt de kluis vervangen.",
  "backups.dialog.of": "Back-up van {date} ({kind})",
  "backups.dialog.pickHint": "Als je verdergaat, vraagt Kluis welk back-upbestand je wilt openen.",
  "backups.dialog.why":
    "Om te bevestigen dat jij het bent, vraagt Kluis het wachtwoord waarmee je nu inlogt, of de herstelsleutel. Elke back-up die deze kluis maakte, gaat daarmee open, wat iemands wachtwoord ook was toen hij werd gemaakt.",
  "backups.dialog.password": "Je wachtwoord",
  "backups.dialog.passwordHint": "Het wachtwoord waarmee jij ({username}) nu inlogt.",
  "backups.dialog.useRecovery": "De herstelsleutel gebruiken",
  "backups.dialog.recoveryKey": "Herstelsleutel",
  "backups.dialog.recoveryHint": "De sleutel die werd getoond toen de kluis werd aangemaakt: 11 groepen van vijf tekens.",
  "backups.dialog.submitDrill": "Proefherstel starten",
  "backups.dialog.submitRestore": "Back-up herstellen",

  "backups.error.password": "Dit is niet je huidige wachtwoord. Typ het wachtwoord waarmee je inlogt.",
  "backups.error.recoveryKey": "Dit is niet de herstelsleutel van deze kluis. Controleer hem en probeer het opnieuw.",
  "backups.error.wrongSecret": "Deze back-up gaat niet open met de back-upsleutel die jij hebt. Gebruik de herstelsleutel.",
  "backups.error.damaged":
    "Dit bestand kan niet worden geopend: het is geen Kluis-back-up, of het is gewijzigd of afgekapt. Er is niets gewijzigd; probeer een andere back-up.",
  "backups.error.gone": "Deze back-up staat niet meer in de map. De lijst is bijgewerkt.",

  "backups.restore.warningTitle": "Wat er gebeurt als je herstelt",
  "backups.restore.replaced": "De gegevens komen terug zoals ze waren op {date}.",
  "backups.restore.replacedFile": "De gegevens komen terug zoals ze waren toen de back-up werd gemaakt.",
  "backups.restore.lost": "Wat er sindsdien is toegevoegd of gewijzigd, is weg.",
  "backups.restore.stays":
    "Wie mag inloggen, met welke rollen en wachtwoorden, de instellingen en het auditlogboek blijven zoals ze nu zijn: een verwijderde of uitgeschakelde collega blijft buiten, een gewijzigd wachtwoord blijft gewijzigd.",
  "backups.restore.erasures": "Iedereen die sindsdien is gewist, wordt opnieuw gewist.",
  "backups.restore.newKey": "De database krijgt een nieuwe sleutel, en de kluis die wordt vervangen, wordt verwijderd zodra de herstelde is gecontroleerd.",
  "backups.restore.signIn": "Iedereen wordt uitgelogd. Je logt opnieuw in met je huidige wachtwoord.",
  "backups.restore.confirm": "Ik begrijp dat de kluis door deze back-up wordt vervangen",
  "backups.restore.confirmRequired": "Vink dit aan om te herstellen.",

  "backups.result.drillTitle": "De back-up gaat open en slaagt voor elke controle",
  "backups.result.made": "Gemaakt op {date} ({kind})",
  "backups.result.people": "Personen",
  "backups.result.audit": "Regels in het auditlogboek",
  "backups.result.drillText": "Er is niets gewijzigd. Deze back-up kan worden hersteld wanneer dat nodig is.",

  "restored.title": "De back-up is hersteld",
  "restored.text": "De gegevens zijn weer zoals ze waren op {date} ({kind}).",
  "restored.stayed": "Wie mag inloggen, met welke rollen en wachtwoorden, de instellingen en het auditlogboek zijn gebleven zoals ze waren.",
  "restored.erasures": "{count} mensen die na de back-up zijn gewist, zijn opnieuw gewist.",
  "restored.erasuresOne": "1 persoon die na de back-up is gewist, is opnieuw gewist.",
  "restored.personnel": "Personeelsdossiers die de bewaarregels verwijderden, opnieuw verwijderd: {count}.",
  "restored.ledgerUnavailable":
    "Er was geen kluis te lezen: de gebruikers uit de back-up zijn teruggekomen en wissingen van na de back-up konden niet opnieuw worden toegepast. Kijk of mensen die sindsdien zijn gewist weer terug zijn en wis ze opnieuw, en controleer wie er mag inloggen.",
  "restored.newKey": "De database heeft een nieuwe sleutel, en de vervangen kluis is verwijderd zodra de herstelde was gecontroleerd.",
  "restored.signIn": "Iedereen is uitgelogd. Log opnieuw in met je huidige wachtwoord.",
  "restored.signInBackup": "Iedereen is uitgelogd. Log in met het wachtwoord dat je had toen de back-up werd gemaakt.",
  "restored.continue": "Naar inloggen",
};
