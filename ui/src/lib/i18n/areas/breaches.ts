// Messages for the register of personal data breaches (Privacy > Breaches; Art. 33, 34 GDPR), in
// both languages; en.ts and nl.ts merge them. Dutch uses the words of the AVG and the
// Autoriteit Persoonsgegevens: datalek, melden, betrokkenen informeren.
export const en = {
  "privacy.tab.breaches": "Breaches",

  "breaches.title": "Personal data breaches",
  "breaches.description":
    "Record every breach of personal data here, also those that need not be reported (Art. 33(5) GDPR). Notify the Dutch Data Protection Authority (Autoriteit Persoonsgegevens) within 72 hours of discovery, unless the breach is unlikely to result in a risk to people; inform the people affected when the risk is high (Art. 34).",
  "breaches.new": "Record a breach",
  "breaches.export": "Export CSV…",
  "breaches.exported": "Saved as {name}.",
  "breaches.figures": "Breaches in numbers",
  "breaches.total": "Recorded",
  "breaches.totalHint": "In the register",
  "breaches.pending": "To notify",
  "breaches.pendingHint": "Still within the 72 hours",
  "breaches.late": "Late",
  "breaches.lateHint": "Past the 72 hours, not notified",
  "breaches.empty.title": "No breaches recorded",
  "breaches.empty.text":
    "A lost laptop, an e-mail to the wrong person, a break-in: record it here as soon as it is discovered. Kluis counts down the 72 hours for notifying the authority.",
  "breaches.list": "Breaches, the most recently discovered first",
  "breaches.col.breach": "Breach",
  "breaches.col.discovered": "Discovered",
  "breaches.col.authority": "Authority (Art. 33)",
  "breaches.col.people": "People affected (Art. 34)",
  "breaches.affected": "about {subjects} people · {records} records",
  "breaches.details": "Details",
  "breaches.edit": "Edit",
  "breaches.editLabel": "Edit the breach “{title}”",

  "breaches.countdown.left": "{hours} h left to notify the authority",
  "breaches.countdown.leftUnderHour": "Less than an hour left to notify the authority",
  "breaches.countdown.late": "Late: {hours} h past the deadline",
  "breaches.countdown.lateJust": "Late: just past the deadline",
  "breaches.countdown.notified": "Authority: notified on {date}",
  "breaches.countdown.notifiedRef": "Authority: notified on {date} (ref. {ref})",
  "breaches.countdown.notRequired": "Not required: {reason}",
  "breaches.countdown.deadline": "Deadline {date}",
  "breaches.countdown.afterDeadline": "After the 72-hour deadline: keep the reasons for the delay with the notification (Art. 33(1)).",
  "breaches.informed.at": "Informed on {date}",
  "breaches.informed.not": "Not informed: {reason}",
  "breaches.informed.open": "Not decided yet",

  "breaches.dialog.newTitle": "Record a breach",
  "breaches.dialog.newDescription":
    "Record it now, even if not everything is known yet: the 72 hours count from discovery. You can add to it later.",
  "breaches.dialog.editTitle": "Edit the breach",
  "breaches.dialog.editDescription":
    "Add what has become known, and when the authority and the people affected were told, or why not.",
  "breaches.field.title": "What happened, in a few words",
  "breaches.field.discovered": "Discovered at",
  "breaches.field.discoveredHint": "Leave empty for now. The 72 hours for notifying the authority count from this moment.",
  "breaches.field.discoveredEditHint": "The 72 hours for notifying the authority count from this moment.",
  "breaches.field.nature": "Nature of the breach",
  "breaches.field.natureHint":
    "What happened, how, and to which data: lost, stolen, sent to the wrong person, seen by someone who should not have.",
  "breaches.field.categories": "Data affected",
  "breaches.field.subjects": "People affected (about)",
  "breaches.field.records": "Records affected (about)",
  "breaches.field.numberHint": "An estimate is fine; 0 if none.",
  "breaches.field.consequences": "Likely consequences",
  "breaches.field.consequencesHint":
    "For the people affected: identity fraud, phishing, financial loss, embarrassment… or why the risk is small.",
  "breaches.field.measures": "Measures taken or proposed",
  "breaches.field.measuresHint": "To stop it, to limit the harm, and to prevent it happening again.",
  "breaches.authority.legend": "Notifying the authority (Art. 33)",
  "breaches.authority.explain":
    "Notify the Autoriteit Persoonsgegevens within 72 hours of discovery, unless the breach is unlikely to result in a risk to people. Fill in one of the two.",
  "breaches.field.authorityAt": "Notified on",
  "breaches.field.authorityRef": "Reference of the notification",
  "breaches.field.authorityRefHint": "The number the authority gave the notification.",
  "breaches.field.authorityNotRequired": "Or: why notifying is not required",
  "breaches.field.authorityNotRequiredHint":
    "For example: the data was encrypted and the key is safe, so there is no likely risk to people.",
  "breaches.people.legend": "Informing the people affected (Art. 34)",
  "breaches.people.explain":
    "When the breach is likely to result in a high risk to people, inform them without undue delay. Fill in one of the two.",
  "breaches.field.informedAt": "Informed on",
  "breaches.field.notInformed": "Or: why they are not informed",
  "breaches.field.notInformedHint":
    "Art. 34(3): the data was encrypted or otherwise unintelligible, measures taken since make the high risk no longer likely, or it would take disproportionate effort (then a public announcement instead).",
  "breaches.save.new": "Record breach",
  "breaches.save.edit": "Save changes",

  "breaches.error.discoveredFuture": "The discovery cannot be in the future.",
  "breaches.error.when": "Choose a moment after the discovery and not in the future.",
  "breaches.error.authorityBoth":
    "Fill in either when the authority was notified or why that is not required, not both.",
  "breaches.error.informedBoth": "Fill in either when the people were informed or why they are not, not both.",
  "breaches.error.categories": "Choose at least one kind of data.",
  "breaches.error.number": "Enter a whole number, 0 or more.",

  "breaches.done.recorded": "Breach recorded. Notify the authority by {date}, or record why that is not required.",
  "breaches.done.recordedLate":
    "Breach recorded. The 72 hours have passed: notify the authority as soon as possible, with the reasons for the delay.",
  "breaches.done.recordedDone": "Breach recorded.",
  "breaches.done.updated": "Breach updated.",
};

export const nl: { readonly [K in keyof typeof en]: string } = {
  "privacy.tab.breaches": "Datalekken",

  "breaches.title": "Datalekken",
  "breaches.description":
    "Leg elk datalek hier vast, ook als het niet gemeld hoeft te worden (art. 33 lid 5 AVG). Meld een datalek binnen 72 uur na ontdekking bij de Autoriteit Persoonsgegevens, tenzij het waarschijnlijk geen risico oplevert voor de betrokkenen; informeer de betrokkenen als het risico hoog is (art. 34).",
  "breaches.new": "Datalek vastleggen",
  "breaches.export": "CSV exporteren…",
  "breaches.exported": "Opgeslagen als {name}.",
  "breaches.figures": "Datalekken in cijfers",
  "breaches.total": "Vastgelegd",
  "breaches.totalHint": "In het register",
  "breaches.pending": "Nog te melden",
  "breaches.pendingHint": "Nog binnen de 72 uur",
  "breaches.late": "Te laat",
  "breaches.lateHint": "Na 72 uur nog niet gemeld",
  "breaches.empty.title": "Geen datalekken vastgelegd",
  "breaches.empty.text":
    "Een kwijtgeraakte laptop, een e-mail aan de verkeerde persoon, een inbraak: leg het hier vast zodra het ontdekt is. Kluis telt de 72 uur af om te melden bij de Autoriteit Persoonsgegevens.",
  "breaches.list": "Datalekken, het laatst ontdekte eerst",
  "breaches.col.breach": "Datalek",
  "breaches.col.discovered": "Ontdekt",
  "breaches.col.authority": "Autoriteit Persoonsgegevens (art. 33)",
  "breaches.col.people": "Betrokkenen (art. 34)",
  "breaches.affected": "ca. {subjects} betrokkenen · {records} records",
  "breaches.details": "Details",
  "breaches.edit": "Bewerken",
  "breaches.editLabel": "Datalek „{title}” bewerken",

  "breaches.countdown.left": "Nog {hours} uur om te melden bij de Autoriteit Persoonsgegevens",
  "breaches.countdown.leftUnderHour": "Nog minder dan een uur om te melden bij de Autoriteit Persoonsgegevens",
  "breaches.countdown.late": "Te laat: {hours} uur over de termijn",
  "breaches.countdown.lateJust": "Te laat: net over de termijn",
  "breaches.countdown.notified": "Gemeld bij de Autoriteit Persoonsgegevens op {date}",
  "breaches.countdown.notifiedRef": "Gemeld bij de Autoriteit Persoonsgegevens op {date} (meldnummer {ref})",
  "breaches.countdown.notRequired": "Melden niet nodig: {reason}",
  "breaches.countdown.deadline": "Uiterlijk {date}",
  "breaches.countdown.afterDeadline": "Na de termijn van 72 uur: bewaar de redenen voor de vertraging bij de melding (art. 33 lid 1).",
  "breaches.informed.at": "Geïnformeerd op {date}",
  "breaches.informed.not": "Niet geïnformeerd: {reason}",
  "breaches.informed.open": "Nog niet besloten",

  "breaches.dialog.newTitle": "Datalek vastleggen",
  "breaches.dialog.newDescription":
    "Leg het nu vast, ook als nog niet alles bekend is: de 72 uur tellen vanaf de ontdekking. Je kunt het later aanvullen.",
  "breaches.dialog.editTitle": "Datalek bewerken",
  "breaches.dialog.editDescription":
    "Vul aan wat bekend is geworden, en wanneer de Autoriteit Persoonsgegevens en de betrokkenen zijn ingelicht, of waarom niet.",
  "breaches.field.title": "Wat er gebeurde, in een paar woorden",
  "breaches.field.discovered": "Ontdekt op",
  "breaches.field.discoveredHint": "Leeg laten voor nu. De 72 uur om te melden tellen vanaf dit moment.",
  "breaches.field.discoveredEditHint": "De 72 uur om te melden tellen vanaf dit moment.",
  "breaches.field.nature": "Aard van het datalek",
  "breaches.field.natureHint":
    "Wat er gebeurde, hoe, en met welke gegevens: kwijtgeraakt, gestolen, naar de verkeerde persoon gestuurd, ingezien door iemand die dat niet mocht.",
  "breaches.field.categories": "Getroffen gegevens",
  "breaches.field.subjects": "Betrokkenen (ongeveer)",
  "breaches.field.records": "Records (ongeveer)",
  "breaches.field.numberHint": "Een schatting is goed; 0 als er geen zijn.",
  "breaches.field.consequences": "Waarschijnlijke gevolgen",
  "breaches.field.consequencesHint":
    "Voor de betrokkenen: identiteitsfraude, phishing, financiële schade, schaamte… of waarom het risico klein is.",
  "breaches.field.measures": "Genomen of voorgestelde maatregelen",
  "breaches.field.measuresHint": "Om het te stoppen, de schade te beperken en herhaling te voorkomen.",
  "breaches.authority.legend": "Melden bij de Autoriteit Persoonsgegevens (art. 33)",
  "breaches.authority.explain":
    "Meld binnen 72 uur na ontdekking, tenzij het datalek waarschijnlijk geen risico oplevert voor de betrokkenen. Vul een van beide in.",
  "breaches.field.authorityAt": "Gemeld op",
  "breaches.field.authorityRef": "Meldnummer",
  "breaches.field.authorityRefHint": "Het nummer dat de Autoriteit Persoonsgegevens aan de melding gaf.",
  "breaches.field.authorityNotRequired": "Of: waarom melden niet nodig is",
  "breaches.field.authorityNotRequiredHint":
    "Bijvoorbeeld: de gegevens waren versleuteld en de sleutel is veilig, dus er is waarschijnlijk geen risico voor de betrokkenen.",
  "breaches.people.legend": "Betrokkenen informeren (art. 34)",
  "breaches.people.explain":
    "Levert het datalek waarschijnlijk een hoog risico op voor de betrokkenen, informeer hen dan onverwijld. Vul een van beide in.",
  "breaches.field.informedAt": "Geïnformeerd op",
  "breaches.field.notInformed": "Of: waarom ze niet worden geïnformeerd",
  "breaches.field.notInformedHint":
    "Art. 34 lid 3: de gegevens waren versleuteld of anderszins onbegrijpelijk, genomen maatregelen maken het hoge risico onwaarschijnlijk, of het zou een onevenredige inspanning vergen (dan een openbare mededeling).",
  "breaches.save.new": "Datalek vastleggen",
  "breaches.save.edit": "Wijzigingen opslaan",

  "breaches.error.discoveredFuture": "De ontdekking kan niet in de toekomst liggen.",
  "breaches.error.when": "Kies een moment na de ontdekking en niet in de toekomst.",
  "breaches.error.authorityBoth":
    "Vul in wanneer er is gemeld bij de Autoriteit Persoonsgegevens óf waarom melden niet nodig is, niet allebei.",
  "breaches.error.informedBoth": "Vul in wanneer de betrokkenen zijn geïnformeerd óf waarom niet, niet allebei.",
  "breaches.error.categories": "Kies ten minste één soort gegevens.",
  "breaches.error.number": "Vul een heel getal in, 0 of meer.",

  "breaches.done.recorded": "Datalek vastgelegd. Meld het uiterlijk {date} bij de Autoriteit Persoonsgegevens, of leg vast waarom dat niet nodig is.",
  "breaches.done.recordedLate":
    "Datalek vastgelegd. De 72 uur zijn voorbij: meld het zo snel mogelijk bij de Autoriteit Persoonsgegevens, met de redenen voor de vertraging.",
  "breaches.done.recordedDone": "Datalek vastgelegd.",
  "breaches.done.updated": "Datalek bijgewerkt.",
};
