/**
 * The parent's language: English or Spanish (issue 15 item 4, docs/decisions/0028-languages.md).
 *
 * Why it exists: every word a parent reads — pages, texts, emails — comes from the catalogs in
 * ./catalogs through Lingui, so a page is English or Spanish as a whole. A request's language is
 * held for the request (AsyncLocalStorage, set by middleware/language.ts), so a template calls
 * `t('…')` without the language threaded through every prop; texts sent outside a request (the
 * cron's reminders) take `translator(language)` explicitly. No store (the console, a unit test)
 * means English.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setupI18n, type I18n } from '@lingui/core';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import type { Child } from 'hono/jsx';
import { CATALOGS, type MessageKey } from './catalogs';

export type { MessageKey } from './catalogs';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, for the switcher and the account page. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'es';
}

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

// Messages are compiled from ICU on first use and kept for the isolate's life: the catalogs stay
// one readable source, and a cold start compiles only what its page uses.
const compiled = new Map<string, ReturnType<typeof compileMessage>>();
function compileOnce(message: string) {
  let hit = compiled.get(message);
  if (hit === undefined) {
    hit = compileMessage(message);
    compiled.set(message, hit);
  }
  return hit;
}

// One Lingui instance per language, each activated once: `activate` is instance state, so a
// shared instance would let two concurrent requests change each other's language.
const instances = new Map<Language, I18n>();
function instance(language: Language): I18n {
  let i18n = instances.get(language);
  if (!i18n) {
    i18n = setupI18n({ locale: language, messages: { [language]: CATALOGS[language] } });
    i18n.setMessagesCompiler(compileOnce);
    instances.set(language, i18n);
  }
  return i18n;
}

/** The catalog lookup for one language; an unknown key throws (types prevent it; tests catch the rest). */
export function translator(language: Language): Translate {
  const i18n = instance(language);
  return (key, values) => {
    if (!(key in CATALOGS[language])) throw new Error(`No message "${key}" in the ${language} catalog`);
    return i18n._(key, values);
  };
}

interface RequestLanguage {
  language: Language;
  /** Where the language switcher sends the parent back to (a path of ours). */
  path: string;
}

const storage = new AsyncLocalStorage<RequestLanguage>();

/** Runs `fn` with `language` as the current request's language. */
export function withLanguage<T>(language: Language, path: string, fn: () => T): T {
  return storage.run({ language, path }, fn);
}

/**
 * Runs `fn` in English: what the business reads (its notifications and emails) stays English
 * whatever language the parent whose request built it reads.
 */
export function inEnglish<T>(fn: () => T): T {
  return withLanguage('en', currentPath(), fn);
}

/** The current request's language (English outside a request). */
export function currentLanguage(): Language {
  return storage.getStore()?.language ?? DEFAULT_LANGUAGE;
}

/** The path the language switcher returns to. */
export function currentPath(): string {
  return storage.getStore()?.path ?? '/';
}

/**
 * Changes the current request's language once the signed-in account's stored choice is known
 * (it comes with the page's one database batch, after the middleware chose from the cookie).
 */
export function useAccountLanguage(language: Language): void {
  const store = storage.getStore();
  if (store) store.language = language;
}

/**
 * Sends the switcher back to `path` instead of this page — for a "not found" answer, whose URL
 * (a guessed invitation token, say) must not make one 404 page differ from another.
 */
export function useReturnPath(path: string): void {
  const store = storage.getStore();
  if (store) store.path = path;
}

/** A message in the current request's language. */
export const t: Translate = (key, values) => translator(currentLanguage())(key, values);

const MARK = '\u0000';

/**
 * A message with markup in it: `tx('errors.notFound.body', { link: <a href="/">…</a> })`.
 * Each JSX value stands in the formatted text where its placeholder is, so a translation may
 * move the link; text values are formatted as with `t`.
 */
export function tx(key: MessageKey, values: Record<string, Child>): Child[] {
  const textValues: MessageValues = {};
  const nodes: Child[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' || typeof value === 'number') textValues[name] = value;
    else {
      textValues[name] = `${MARK}${nodes.length}${MARK}`;
      nodes.push(value);
    }
  }
  const parts = t(key, textValues).split(MARK);
  // Odd parts are node indexes: "text␀0␀text␀1␀text".
  return parts.map((part, i) => (i % 2 === 1 ? nodes[Number(part)] : part)).filter((part) => part !== '');
}

/**
 * The Intl locale for a business's dates and money in `language`: the business's own locale
 * when it is already that language (en-GB stays en-GB), else the language in the business's
 * region (a US business's Spanish reader gets es-US: "3 dic 2026", "$12.50").
 */
export function intlLocale(language: Language, businessLocale: string): string {
  let parts: Intl.Locale;
  try {
    parts = new Intl.Locale(businessLocale);
  } catch {
    return language === 'en' ? 'en-US' : 'es';
  }
  if (parts.language === language) return businessLocale;
  return parts.region ? `${language}-${parts.region}` : language;
}

/** `intlLocale` for the current request's language: what a parent's page formats dates and money in. */
export function viewLocale(businessLocale: string): string {
  return intlLocale(currentLanguage(), businessLocale);
}
