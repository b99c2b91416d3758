// Messages for the category keys: the keys to personnel files, special-category data and backups,
// named in words, who waits for one (Settings > Users) and handing them over with the recovery
// key; en.ts and nl.ts merge them. Dutch uses sleutel, overdragen, herstelsleutel and inloggen.
export const en = {
  "keys.key.hr": "the key to personnel files",
  "keys.key.special": "the key to special categories of data (such as absence reasons)",
  "keys.key.backup": "the key to backups",
  "keys.key.other": "the key to this data",

  "keys.waiting.title": "Keys still to be handed over",
  "keys.waiting.line": "{count} colleagues wait for {key}.",
  "keys.waiting.lineOne": "1 colleague waits for {key}.",
  "keys.waiting.text":
    "A key is handed over automatically when a colleague who holds it signs in. If nobody who holds it will sign in soon, hand it over now with the recovery key.",
  "keys.handOver": "Hand over with the recovery key",

  "keys.dialog.title": "Hand over keys with the recovery key",
  "keys.dialog.description":
    "The recovery key also opens the keys to personnel files, special categories of data and backups. Kluis uses it once to hand them to the colleagues who wait for them, and does not keep it.",
  "keys.dialog.recoveryKey": "Recovery key",
  "keys.dialog.recoveryHint": "The key shown when the vault was set up: 11 groups of five characters.",
  "keys.dialog.submit": "Hand over",
  "keys.handedOver": "The keys have been handed over to the colleagues who waited for them.",
};

export const nl: typeof en = {
  "keys.key.hr": "de sleutel van de personeelsdossiers",
  "keys.key.special": "de sleutel van de bijzondere persoonsgegevens (zoals verzuimredenen)",
  "keys.key.backup": "de sleutel van de back-ups",
  "keys.key.other": "de sleutel van deze gegevens",

  "keys.waiting.title": "Sleutels die nog moeten worden overgedragen",
  "keys.waiting.line": "{count} collega's wachten op {key}.",
  "keys.waiting.lineOne": "1 collega wacht op {key}.",
  "keys.waiting.text":
    "Een sleutel wordt vanzelf overgedragen zodra een collega die hem heeft inlogt. Logt er binnenkort niemand in die hem heeft, draag hem dan nu over met de herstelsleutel.",
  "keys.handOver": "Overdragen met de herstelsleutel",

  "keys.dialog.title": "Sleutels overdragen met de herstelsleutel",
  "keys.dialog.description":
    "De herstelsleutel opent ook de sleutels van de personeelsdossiers, de bijzondere persoonsgegevens en de back-ups. Kluis gebruikt hem één keer om ze over te dragen aan de collega's die erop wachten, en bewaart hem niet.",
  "keys.dialog.recoveryKey": "Herstelsleutel",
  "keys.dialog.recoveryHint": "De sleutel die werd getoond toen de kluis werd aangemaakt: 11 groepen van vijf tekens.",
  "keys.dialog.submit": "Overdragen",
  "keys.handedOver": "De sleutels zijn overgedragen aan de collega's die erop wachtten.",
};
