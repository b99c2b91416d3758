// Messages for Settings > Health: per check its name, what was found (from the core's stable
// reason and figure) and what to do about it, the summary and the audit log's anchor; en.ts and
// nl.ts merge them. The keys follow the core's: health.found.<key>.<reason>, "ok" when sound.
export const en = {
  "settings.tab.health": "Health",

  "health.title": "Vault health",
  "health.description":
    "Kluis checks the encryption, the database, the key file and the logs, and how long ago the last backup was made. Nothing here holds personal data.",
  "health.recheck": "Check again",
  "health.checkedAt": "Checked {date}",
  "health.list": "Checks",

  "health.summary.ok": "Everything is in order",
  "health.summary.okText": "Every check passed.",
  "health.summary.warningText": "Nothing is broken, but something needs your attention.",
  "health.summary.problemText": "Read below what to do, starting with the problems.",
  "health.count.problems": "{count} problems",
  "health.count.problemsOne": "1 problem",
  "health.count.warnings": "{count} warnings",
  "health.count.warningsOne": "1 warning",

  "health.state.ok": "OK",
  "health.state.warning": "Warning",
  "health.state.problem": "Problem",

  "health.check.cipher": "Encryption",
  "health.check.database": "Database",
  "health.check.key_file": "Key file",
  "health.check.key_file_prev": "Previous key file",
  "health.check.audit": "Audit log",
  "health.check.consent": "Consent records",
  "health.check.backup": "Last backup",
  "health.check.backup_folder": "Automatic backups",

  "health.found.cipher.ok": "Every page of the database decrypts and is authentic.",
  "health.found.cipher.pages_fail": "Pages that do not decrypt or were altered: {count}.",
  "health.found.database.ok": "The database's integrity check found nothing wrong.",
  "health.found.database.integrity": "The database's integrity check found problems: {count}.",
  "health.found.key_file.ok": "Sound, with {count} key slots: one per user and one for the recovery key.",
  "health.found.key_file.okPlain": "Sound.",
  "health.found.key_file.damaged": "The key file (kluis.keys) is damaged.",
  "health.found.key_file_prev.ok": "A previous copy (kluis.keys.prev) is kept next to the key file.",
  "health.found.key_file_prev.absent": "There is no previous copy of the key file yet.",
  "health.found.audit.ok": "All {count} entries are unchanged and in order.",
  "health.found.audit.okOne": "Its one entry is unchanged.",
  "health.found.audit.entry_altered": "The chain of entries breaks at entry {id}.",
  "health.found.consent.ok": "All {count} recorded answers are unchanged.",
  "health.found.consent.okOne": "The one recorded answer is unchanged.",
  "health.found.consent.none": "No answers recorded yet: nothing to check.",
  "health.found.consent.ledger_altered": "The consent records were changed behind the app's back, from entry {id} on.",
  "health.found.consent.ledger_alteredPlain": "The consent records were changed behind the app's back.",
  "health.found.backup.made": "The last backup was made {age} ({date}).",
  "health.found.backup.madeDays": "The last backup was made {age}.",
  "health.found.backup.never": "No backup has ever been made.",
  "health.found.backup_folder.ok": "On, into {folder}.",
  "health.found.backup_folder.okPlain": "On.",
  "health.found.backup_folder.automatic_off": "Off: no folder is chosen.",
  "health.found.unknown": "Found: {reason}.",

  "health.advice.cipher.pages_fail":
    "The database file was damaged or altered outside Kluis. Stop working in it, restore the last backup that passes its test restore, and contact your supplier.",
  "health.advice.database.integrity":
    "The database is damaged, for example by a disk fault or a crash. Make no changes, restore the last backup that passes its test restore, and have the disk checked.",
  "health.advice.key_file.damaged":
    "The key file opens the vault at sign-in. Contact your supplier before anyone signs out: the previous copy next to it (kluis.keys.prev), or restoring the last backup, puts a sound one back.",
  "health.advice.key_file_prev.absent":
    "It appears after the first password change or key rotation, so that a failed write can never lock you out. Nothing to do.",
  "health.advice.audit.entry_altered":
    "Entry {id} was changed behind the app's back: restore the last backup from before that moment and contact your supplier.",
  "health.advice.consent.ledger_altered":
    "Recorded consent can no longer be relied on as proof. Restore the last backup from before the change and contact your supplier; until then, send no marketing based on it.",
  "health.advice.backup.never": "Make a backup now, and choose a folder so that Kluis makes one every day.",
  "health.advice.backup.stale":
    "Make a backup now. If automatic backups are on, check that their folder (a USB disk or a network drive) is connected.",
  "health.advice.backup_folder.automatic_off":
    "Choose a folder, preferably on another disk, so that Kluis makes a backup every day and whenever someone signs out.",
  "health.advice.unknown": "Contact your supplier and mention this check and what was found.",
  "health.goBackups": "Go to Backups",

  "health.anchor.title": "Audit log anchor",
  "health.anchor.text":
    "The fingerprint of the audit log as it stands now. Now and then, note it down with the date, on paper or somewhere away from this computer: if the log were ever rewritten, an old anchor would no longer appear in it.",
  "health.anchor.label": "Fingerprint (first 16 characters)",
  "health.anchor.entries": "Entries in the log",
};

export const nl: typeof en = {
  "settings.tab.health": "Controle",

  "health.title": "Controle van de kluis",
  "health.description":
    "Kluis controleert de versleuteling, de database, het sleutelbestand en de logboeken, en hoe lang geleden de laatste back-up is gemaakt. Hier staan geen persoonsgegevens.",
  "health.recheck": "Opnieuw controleren",
  "health.checkedAt": "Gecontroleerd op {date}",
  "health.list": "Controles",

  "health.summary.ok": "Alles is in orde",
  "health.summary.okText": "Elke controle is geslaagd.",
  "health.summary.warningText": "Er is niets kapot, maar iets vraagt je aandacht.",
  "health.summary.problemText": "Lees hieronder wat je kunt doen, te beginnen bij de problemen.",
  "health.count.problems": "{count} problemen",
  "health.count.problemsOne": "1 probleem",
  "health.count.warnings": "{count} waarschuwingen",
  "health.count.warningsOne": "1 waarschuwing",

  "health.state.ok": "In orde",
  "health.state.warning": "Waarschuwing",
  "health.state.problem": "Probleem",

  "health.check.cipher": "Versleuteling",
  "health.check.database": "Database",
  "health.check.key_file": "Sleutelbestand",
  "health.check.key_file_prev": "Vorig sleutelbestand",
  "health.check.audit": "Auditlogboek",
  "health.check.consent": "Toestemmingsregistratie",
  "health.check.backup": "Laatste back-up",
  "health.check.backup_folder": "Automatische back-ups",

  "health.found.cipher.ok": "Elke pagina van de database is te ontsleutelen en ongewijzigd.",
  "health.found.cipher.pages_fail": "Pagina's die niet te ontsleutelen zijn of zijn gewijzigd: {count}.",
  "health.found.database.ok": "De integriteitscontrole van de database vond niets mis.",
  "health.found.database.integrity": "De integriteitscontrole van de database vond problemen: {count}.",
  "health.found.key_file.ok": "In orde, met {count} sleutelvakken: één per gebruiker en één voor de herstelsleutel.",
  "health.found.key_file.okPlain": "In orde.",
  "health.found.key_file.damaged": "Het sleutelbestand (kluis.keys) is beschadigd.",
  "health.found.key_file_prev.ok": "Naast het sleutelbestand staat een vorige kopie (kluis.keys.prev).",
  "health.found.key_file_prev.absent": "Er is nog geen vorige kopie van het sleutelbestand.",
  "health.found.audit.ok": "Alle {count} regels zijn ongewijzigd en staan op volgorde.",
  "health.found.audit.okOne": "De enige regel is ongewijzigd.",
  "health.found.audit.entry_altered": "De keten van regels is verbroken bij regel {id}.",
  "health.found.consent.ok": "Alle {count} vastgelegde antwoorden zijn ongewijzigd.",
  "health.found.consent.okOne": "Het ene vastgelegde antwoord is ongewijzigd.",
  "health.found.consent.none": "Nog geen antwoorden vastgelegd: er is niets te controleren.",
  "health.found.consent.ledger_altered": "De toestemmingsregistratie is buiten de app om gewijzigd, vanaf regel {id}.",
  "health.found.consent.ledger_alteredPlain": "De toestemmingsregistratie is buiten de app om gewijzigd.",
  "health.found.backup.made": "De laatste back-up is {age} gemaakt ({date}).",
  "health.found.backup.madeDays": "De laatste back-up is {age} gemaakt.",
  "health.found.backup.never": "Er is nog nooit een back-up gemaakt.",
  "health.found.backup_folder.ok": "Aan, naar {folder}.",
  "health.found.backup_folder.okPlain": "Aan.",
  "health.found.backup_folder.automatic_off": "Uit: er is geen map gekozen.",
  "health.found.unknown": "Gevonden: {reason}.",

  "health.advice.cipher.pages_fail":
    "Het databasebestand is beschadigd of buiten Kluis om gewijzigd. Werk er niet verder in, herstel de laatste back-up die slaagt voor het proefherstel, en neem contact op met je leverancier.",
  "health.advice.database.integrity":
    "De database is beschadigd, bijvoorbeeld door een schijffout of een crash. Breng geen wijzigingen aan, herstel de laatste back-up die slaagt voor het proefherstel, en laat de schijf nakijken.",
  "health.advice.key_file.damaged":
    "Met het sleutelbestand gaat de kluis open bij het inloggen. Neem contact op met je leverancier voordat iemand uitlogt: de vorige kopie ernaast (kluis.keys.prev), of het herstellen van de laatste back-up, zet een goed exemplaar terug.",
  "health.advice.key_file_prev.absent":
    "Die verschijnt na de eerste wachtwoordwijziging of sleutelvervanging, zodat een mislukte schrijfactie je nooit kan buitensluiten. Je hoeft niets te doen.",
  "health.advice.audit.entry_altered":
    "Regel {id} is buiten de app om gewijzigd: herstel de laatste back-up van vóór dat moment en neem contact op met je leverancier.",
  "health.advice.consent.ledger_altered":
    "Vastgelegde toestemming geldt niet langer als bewijs. Herstel de laatste back-up van vóór de wijziging en neem contact op met je leverancier; stuur tot die tijd geen marketing op basis ervan.",
  "health.advice.backup.never": "Maak nu een back-up, en kies een map zodat Kluis er elke dag een maakt.",
  "health.advice.backup.stale":
    "Maak nu een back-up. Staan automatische back-ups aan, controleer dan of hun map (een USB-schijf of een netwerkschijf) bereikbaar is.",
  "health.advice.backup_folder.automatic_off":
    "Kies een map, liefst op een andere schijf, zodat Kluis elke dag en bij elke keer uitloggen een back-up maakt.",
  "health.advice.unknown": "Neem contact op met je leverancier en noem deze controle en wat er is gevonden.",
  "health.goBackups": "Naar Back-ups",

  "health.anchor.title": "Anker van het auditlogboek",
  "health.anchor.text":
    "De vingerafdruk van het auditlogboek zoals het er nu voor staat. Noteer hem af en toe met de datum, op papier of ergens anders dan op deze computer: als het logboek ooit herschreven wordt, komt een oud anker er niet meer in voor.",
  "health.anchor.label": "Vingerafdruk (eerste 16 tekens)",
  "health.anchor.entries": "Regels in het logboek",
};
