// Messages for Settings > Health: per check its name, what was found (from the core's stable
// reason and figure) and what to do about it, the summary and the audit log's anchor; en.ts and
// nl.ts merge them. The keys follow the core's: health.found.<key>.<reason>, "ok" when sound.
export const en = {
  "settings.tab.health": "Health",

  "health.title": "Vault health",
  "health.description":
    "Kluis checks the encryption, the database, the key file and its keys, the logs and their anchors, and how long ago the last backup was made. Nothing here holds personal data.",
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
  "health.check.key_slots": "Key slots",
  "health.check.rotation": "Key rotation",
  "health.check.audit": "Audit log",
  "health.check.anchors": "Audit log anchors",
  "health.check.consent": "Consent records",
  "health.check.backup": "Last backup",
  "health.check.backup_folder": "Automatic backups",
  "health.check.category_keys": "Category keys",

  "health.found.cipher.ok": "Every page of the database decrypts and is authentic.",
  "health.found.cipher.pages_fail": "Pages that do not decrypt or were altered: {count}.",
  "health.found.database.ok": "The database's integrity check found nothing wrong.",
  "health.found.database.integrity": "The database's integrity check found problems: {count}.",
  "health.found.key_file.ok": "Sound, with {count} key slots: one per user, one for the recovery key, and one for the office server if it may restart unattended.",
  "health.found.key_file.okPlain": "Sound.",
  "health.found.key_file.damaged": "The key file (kluis.keys) is damaged.",
  "health.found.key_slots.ok": "Every key slot proves genuine.",
  "health.found.key_slots.altered": "Key slots that do not prove genuine: {count}. The key file was altered.",
  "health.found.key_slots.legacy": "Key slots from before slots were authenticated: {count}.",
  "health.found.rotation.ok": "No key rotation is left unfinished.",
  "health.found.rotation.interrupted": "A key rotation was interrupted.",
  "health.found.audit.ok": "All {count} entries are unchanged and in order.",
  "health.found.audit.okOne": "Its one entry is unchanged.",
  "health.found.audit.entry_altered": "The chain of entries breaks at entry {id}.",
  "health.found.anchors.ok": "The log matches all {count} anchors written down, in backups and in kluis.anchors.",
  "health.found.anchors.okOne": "The log matches the one anchor written down.",
  "health.found.anchors.none": "No anchor written down yet to hold the log against.",
  "health.found.anchors.cut": "The audit log ends before entry {id}, which an anchor recorded: its end was cut off.",
  "health.found.anchors.rewritten": "Entry {id} differs from what an anchor recorded: the log was rewritten.",
  "health.found.anchors.file_altered":
    "The anchors file (kluis.anchors) was altered or swapped, so it is not used: it was set aside and a new one begun.",
  "health.anchors.source.backup": "That anchor comes from the backup {file}.",
  "health.anchors.source.backupPlain": "That anchor comes from a backup.",
  "health.anchors.source.anchors_file": "That anchor comes from the anchors file (kluis.anchors).",
  "health.anchors.source.given": "That anchor was given by hand.",
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
  "health.found.category_keys.ok": "Everyone whose role needs the key to personnel files, special categories of data or backups holds it.",
  "health.found.category_keys.waiting": "Colleagues waiting for a key: {count}.",
  "health.found.category_keys.rotation_due": "Categories whose key is renewed when a colleague who holds it next signs in: {count}.",
  "health.found.unknown": "Found: {reason}.",

  "health.advice.cipher.pages_fail":
    "The database file was damaged or altered outside Kluis. Stop working in it, restore the last backup that passes its test restore, and contact your supplier.",
  "health.advice.database.integrity":
    "The database is damaged, for example by a disk fault or a crash. Make no changes, restore the last backup that passes its test restore, and have the disk checked.",
  "health.advice.key_file.damaged":
    "The key file opens the vault at sign-in. Contact your supplier before anyone signs out: putting back kluis.keys from the vault's last backup restores a sound one.",
  "health.advice.key_slots.altered":
    "Someone changed kluis.keys outside Kluis, for instance to slip in a key of their own. Put back kluis.keys from the vault's last backup and contact your supplier.",
  "health.advice.key_slots.legacy":
    "Each is upgraded when its owner next signs in. Nothing to do; a colleague who rarely signs in can be asked to do so once.",
  "health.advice.rotation.interrupted": "Nothing is lost: Kluis finishes it the next time someone signs in.",
  "health.advice.audit.entry_altered":
    "Entry {id} was changed behind the app's back: restore the last backup from before that moment and contact your supplier.",
  "health.advice.anchors.cut":
    "Someone with access to the database removed its latest entries. Keep everything as it is, restore the last backup that passes its test restore, and contact your supplier.",
  "health.advice.anchors.rewritten":
    "Someone with access to the database rewrote the log from entry {id} on. Keep everything as it is, restore the last backup that passes its test restore, and contact your supplier.",
  "health.advice.anchors.file_altered":
    "Someone changed kluis.anchors outside Kluis, perhaps to hide a change to the audit log. The set-aside copy is kept as evidence: contact your supplier, and hold the log against an anchor you wrote down (kluis verify --anchor).",
  "health.advice.consent.ledger_altered":
    "Recorded consent can no longer be relied on as proof. Restore the last backup from before the change and contact your supplier; until then, send no marketing based on it.",
  "health.advice.backup.never": "Make a backup now, and choose a folder so that Kluis makes one every day.",
  "health.advice.backup.stale":
    "Make a backup now. If automatic backups are on, check that their folder (a USB disk or a network drive) is connected.",
  "health.advice.backup_folder.automatic_off":
    "Choose a folder, preferably on another disk, so that Kluis makes a backup every day and whenever someone signs out.",
  "health.advice.category_keys.waiting":
    "A key is handed over when a colleague who holds it signs in. If nobody who holds it will sign in soon, an administrator can hand it over with the recovery key in Settings > Users.",
  "health.advice.category_keys.rotation_due":
    "Someone who held the key no longer may, so Kluis renews it to keep them out. Nothing to do: it happens when a colleague who holds it next signs in.",
  "health.advice.unknown": "Contact your supplier and mention this check and what was found.",
  "health.goBackups": "Go to Backups",
  "health.goUsers": "Go to Users",

  "health.anchor.title": "Audit log anchor",
  "health.anchor.text":
    "The audit log's last entry and the start of its fingerprint, as it stands now. Now and then, note it down with the date, on paper or somewhere away from this computer.",
  "health.anchor.verify": "Later, {command} with an anchor you noted checks that nothing was cut off the log or rewritten since.",
  "health.anchor.label": "Anchor (entry:fingerprint)",
  "health.anchor.copy": "Copy",
  "health.anchor.copied": "Copied",
  "health.anchor.entries": "Entries in the log",
};

export const nl: typeof en = {
  "settings.tab.health": "Controle",

  "health.title": "Controle van de kluis",
  "health.description":
    "Kluis controleert de versleuteling, de database, het sleutelbestand en zijn sleutels, de logboeken en hun ankers, en hoe lang geleden de laatste back-up is gemaakt. Hier staan geen persoonsgegevens.",
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
  "health.check.key_slots": "Sleutelvakken",
  "health.check.rotation": "Sleutelvervanging",
  "health.check.audit": "Auditlogboek",
  "health.check.anchors": "Ankers van het auditlogboek",
  "health.check.consent": "Toestemmingsregistratie",
  "health.check.backup": "Laatste back-up",
  "health.check.backup_folder": "Automatische back-ups",
  "health.check.category_keys": "Categoriesleutels",

  "health.found.cipher.ok": "Elke pagina van de database is te ontsleutelen en ongewijzigd.",
  "health.found.cipher.pages_fail": "Pagina's die niet te ontsleutelen zijn of zijn gewijzigd: {count}.",
  "health.found.database.ok": "De integriteitscontrole van de database vond niets mis.",
  "health.found.database.integrity": "De integriteitscontrole van de database vond problemen: {count}.",
  "health.found.key_file.ok": "In orde, met {count} sleutelvakken: één per gebruiker, één voor de herstelsleutel en één voor de kantoorserver als die onbewaakt mag herstarten.",
  "health.found.key_file.okPlain": "In orde.",
  "health.found.key_file.damaged": "Het sleutelbestand (kluis.keys) is beschadigd.",
  "health.found.key_slots.ok": "Elk sleutelvak is aantoonbaar echt.",
  "health.found.key_slots.altered": "Sleutelvakken die niet aantoonbaar echt zijn: {count}. Het sleutelbestand is gewijzigd.",
  "health.found.key_slots.legacy": "Sleutelvakken van vóór de beveiligde sleutelvakken: {count}.",
  "health.found.rotation.ok": "Er is geen sleutelvervanging onafgemaakt gebleven.",
  "health.found.rotation.interrupted": "Een sleutelvervanging is onderbroken.",
  "health.found.audit.ok": "Alle {count} regels zijn ongewijzigd en staan op volgorde.",
  "health.found.audit.okOne": "De enige regel is ongewijzigd.",
  "health.found.audit.entry_altered": "De keten van regels is verbroken bij regel {id}.",
  "health.found.anchors.ok": "Het logboek klopt met alle {count} vastgelegde ankers, in back-ups en in kluis.anchors.",
  "health.found.anchors.okOne": "Het logboek klopt met het ene vastgelegde anker.",
  "health.found.anchors.none": "Er is nog geen anker vastgelegd om het logboek mee te vergelijken.",
  "health.found.anchors.cut": "Het auditlogboek houdt op vóór regel {id}, die een anker vastlegde: het einde is eraf geknipt.",
  "health.found.anchors.rewritten": "Regel {id} wijkt af van wat een anker vastlegde: het logboek is herschreven.",
  "health.found.anchors.file_altered":
    "Het ankerbestand (kluis.anchors) is gewijzigd of verwisseld en wordt dus niet gebruikt: het is apart gezet en er is een nieuw begonnen.",
  "health.anchors.source.backup": "Dat anker komt uit de back-up {file}.",
  "health.anchors.source.backupPlain": "Dat anker komt uit een back-up.",
  "health.anchors.source.anchors_file": "Dat anker komt uit het ankerbestand (kluis.anchors).",
  "health.anchors.source.given": "Dat anker is met de hand opgegeven.",
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
  "health.found.category_keys.ok": "Iedereen wiens rol de sleutel van personeelsdossiers, bijzondere persoonsgegevens of back-ups nodig heeft, heeft hem.",
  "health.found.category_keys.waiting": "Collega's die op een sleutel wachten: {count}.",
  "health.found.category_keys.rotation_due": "Soorten gegevens waarvan de sleutel wordt vernieuwd zodra een collega die hem heeft weer inlogt: {count}.",
  "health.found.unknown": "Gevonden: {reason}.",

  "health.advice.cipher.pages_fail":
    "Het databasebestand is beschadigd of buiten Kluis om gewijzigd. Werk er niet verder in, herstel de laatste back-up die slaagt voor het proefherstel, en neem contact op met je leverancier.",
  "health.advice.database.integrity":
    "De database is beschadigd, bijvoorbeeld door een schijffout of een crash. Breng geen wijzigingen aan, herstel de laatste back-up die slaagt voor het proefherstel, en laat de schijf nakijken.",
  "health.advice.key_file.damaged":
    "Met het sleutelbestand gaat de kluis open bij het inloggen. Neem contact op met je leverancier voordat iemand uitlogt: kluis.keys terugzetten uit de laatste back-up van de kluis geeft je weer een goed exemplaar.",
  "health.advice.key_slots.altered":
    "Iemand heeft kluis.keys buiten Kluis om gewijzigd, bijvoorbeeld om er een eigen sleutel in te smokkelen. Zet kluis.keys terug uit de laatste back-up van de kluis en neem contact op met je leverancier.",
  "health.advice.key_slots.legacy":
    "Elk vak wordt bijgewerkt zodra de eigenaar weer inlogt. Je hoeft niets te doen; vraag een collega die zelden inlogt om dat eens te doen.",
  "health.advice.rotation.interrupted": "Er is niets verloren: Kluis maakt hem af zodra iemand weer inlogt.",
  "health.advice.audit.entry_altered":
    "Regel {id} is buiten de app om gewijzigd: herstel de laatste back-up van vóór dat moment en neem contact op met je leverancier.",
  "health.advice.anchors.cut":
    "Iemand met toegang tot de database heeft de laatste regels verwijderd. Laat alles zoals het is, herstel de laatste back-up die slaagt voor het proefherstel, en neem contact op met je leverancier.",
  "health.advice.anchors.rewritten":
    "Iemand met toegang tot de database heeft het logboek vanaf regel {id} herschreven. Laat alles zoals het is, herstel de laatste back-up die slaagt voor het proefherstel, en neem contact op met je leverancier.",
  "health.advice.anchors.file_altered":
    "Iemand heeft kluis.anchors buiten Kluis om gewijzigd, misschien om een wijziging in het auditlogboek te verbergen. De apart gezette kopie blijft bewaard als bewijs: neem contact op met je leverancier, en vergelijk het logboek met een anker dat je hebt genoteerd (kluis verify --anchor).",
  "health.advice.consent.ledger_altered":
    "Vastgelegde toestemming geldt niet langer als bewijs. Herstel de laatste back-up van vóór de wijziging en neem contact op met je leverancier; stuur tot die tijd geen marketing op basis ervan.",
  "health.advice.backup.never": "Maak nu een back-up, en kies een map zodat Kluis er elke dag een maakt.",
  "health.advice.backup.stale":
    "Maak nu een back-up. Staan automatische back-ups aan, controleer dan of hun map (een USB-schijf of een netwerkschijf) bereikbaar is.",
  "health.advice.backup_folder.automatic_off":
    "Kies een map, liefst op een andere schijf, zodat Kluis elke dag en bij elke keer uitloggen een back-up maakt.",
  "health.advice.category_keys.waiting":
    "Een sleutel wordt overgedragen zodra een collega die hem heeft inlogt. Logt er binnenkort niemand in die hem heeft, dan kan een beheerder hem overdragen met de herstelsleutel in Instellingen > Gebruikers.",
  "health.advice.category_keys.rotation_due":
    "Iemand die de sleutel had, mag er niet meer bij, dus Kluis vernieuwt hem om die persoon buiten te houden. Je hoeft niets te doen: dat gebeurt zodra een collega die hem heeft weer inlogt.",
  "health.advice.unknown": "Neem contact op met je leverancier en noem deze controle en wat er is gevonden.",
  "health.goBackups": "Naar Back-ups",
  "health.goUsers": "Naar Gebruikers",

  "health.anchor.title": "Anker van het auditlogboek",
  "health.anchor.text":
    "De laatste regel van het auditlogboek en het begin van zijn vingerafdruk, zoals het er nu voor staat. Noteer dit anker af en toe met de datum, op papier of ergens anders dan op deze computer.",
  "health.anchor.verify": "Later controleert {command} met een genoteerd anker dat er sindsdien niets van het logboek is afgeknipt of herschreven.",
  "health.anchor.label": "Anker (regel:vingerafdruk)",
  "health.anchor.copy": "Kopiëren",
  "health.anchor.copied": "Gekopieerd",
  "health.anchor.entries": "Regels in het logboek",
};
