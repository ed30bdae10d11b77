/**
 * Chooses the language of a parent's page and holds it for the request (src/i18n).
 * Order: the `pawtal_lang` cookie (set by the switcher, and at sign-in from the account's stored
 * choice), then Accept-Language, then English. A signed-in page then takes the account's stored
 * choice from its own batch (middleware/portal.ts) — the cookie is only the signed-out memory.
 * The console (/manage) stays English: it is the business's side.
 */
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { languageDetector } from 'hono/language';
import type { AppEnv } from '../app-env';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language, withLanguage } from '../i18n';

export const LANGUAGE_COOKIE = 'pawtal_lang';

const detect = languageDetector({
  supportedLanguages: [...LANGUAGES],
  fallbackLanguage: DEFAULT_LANGUAGE,
  order: ['cookie', 'header'],
  lookupCookie: LANGUAGE_COOKIE,
  caches: false,
});

export const language = createMiddleware<AppEnv>(async (c, next) => {
  const path = new URL(c.req.url).pathname;
  if (path === '/manage' || path.startsWith('/manage/')) return next();
  await detect(c, async () => {});
  const chosen = c.get('language' as never) as string;
  const lang: Language = isLanguage(chosen) ? chosen : DEFAULT_LANGUAGE;
  // Without it a cache could hand a Spanish page to an English reader (and back).
  c.header('Vary', 'Accept-Language, Cookie', { append: true });
  await withLanguage(lang, switcherReturnPath(c), next);
});

/**
 * Where the switcher sends the reader back to: this page for a GET, the page the form was on
 * for anything else (a POST's URL may not answer a GET).
 */
function switcherReturnPath(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return url.pathname + url.search;
  const referer = c.req.header('referer');
  if (referer) {
    try {
      const from = new URL(referer);
      if (from.origin === url.origin) return from.pathname + from.search;
    } catch {
      // Not a URL: fall through.
    }
  }
  return '/';
}

/** Remembers the choice on this device for a year (readable by no script; sent on every page). */
export function setLanguageCookie(c: Context, lang: Language): void {
  setCookie(c, LANGUAGE_COOKIE, lang, { secure: true, httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 31_536_000 });
}

/** A path of ours to return to: starts with one "/", never "//" or "/\" (no open redirect). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.length > 2000 || [...value].some((ch) => ch.charCodeAt(0) < 0x20)) return '/';
  return value;
}
