/**
 * How a catalog area is written: the English messages, and the Spanish ones with exactly the
 * same keys — a Spanish object that lacks a key or has one English lacks does not compile,
 * and test/domain/i18n-catalogs.test.ts fails on it too (for catalogs built another way).
 * Messages are ICU MessageFormat (plurals `{count, plural, one {# night} other {# nights}}`,
 * placeholders `{name}`), compiled by Lingui (docs/decisions/0028-languages.md).
 */
export type Messages = Readonly<Record<string, string>>;

export interface CatalogArea<E extends Messages> {
  en: E;
  es: { readonly [K in keyof E]: string };
}

/** One area's messages in both languages (keys start with the area's name: `booking.…`). */
export function defineMessages<const E extends Messages>(en: E, es: { readonly [K in keyof E]: string }): CatalogArea<E> {
  return { en, es };
}
