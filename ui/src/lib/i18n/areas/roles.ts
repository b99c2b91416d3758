// Messages for one area of the app, in both languages; en.ts and nl.ts merge them.
export const en = {
  "validation.read_only": "This is built in and cannot be changed.",
} as const;

export const nl: { readonly [K in keyof typeof en]: string } = {
  "validation.read_only": "Dit is ingebouwd en kan niet worden gewijzigd.",
};
