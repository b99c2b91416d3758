// Messages for one area of the app, in both languages; en.ts and nl.ts merge them.
export const en = {

} as const;

export const nl: { readonly [K in keyof typeof en]: string } = {

};
