/**
 * The one page layout. Small on purpose (first visit ≤ 35 KB gzip on 3G): system fonts,
 * one stylesheet, htmx deferred from our own origin with a year-long cache. `hx-boost` on
 * <body> turns links and forms into swaps when JS runs; without JS they work as they are.
 */
import type { Child } from 'hono/jsx';
import { ASSETS } from '../assets';
import type { HeaderProps } from '../components/site-header';
import { SiteHeader } from '../components/site-header';
import { currentLanguage, currentPath, LANGUAGE_NAMES, t } from '../../src/i18n';

export interface PageProps {
  title: string;
  header?: HeaderProps;
  /** Another header in place of the parents' site header (the business console's). */
  masthead?: Child;
  /** The page's meta description (search results, link previews); a general one by default. */
  description?: string;
  children: Child;
}

export function Page({ title, header, masthead, description, children }: PageProps) {
  return (
    <html lang={currentLanguage()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t('layout.titleSuffix', { title })}</title>
        <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
        <meta name="description" content={description ?? t('layout.description')} />
        <meta name="theme-color" content="#0b5cab" />
        <link rel="icon" href="/icons/pawtal-v1.svg" type="image/svg+xml" />
        <link rel="manifest" href="/icons/manifest-v2.webmanifest" />
        <link rel="stylesheet" href={ASSETS.css} />
        {/* Our CSP allows no inline style: the business's colour is a tiny stylesheet named by the colour, cached a year. */}
        {header?.accent ? <link rel="stylesheet" href={`/accent/${header.accent.slice(1)}.css`} /> : null}
        <script src={ASSETS.htmx} defer></script>
        {/* Loaded on every page: boosted navigation swaps only <body>, so a page's own head script would be missed. */}
        <script src={ASSETS.js} defer></script>
      </head>
      <body hx-boost:inherited="true">
        <a class="skip" href="#main">
          {t('layout.skip')}
        </a>
        {masthead ?? <SiteHeader {...header} />}
        <main id="main" tabindex={-1}>
          {children}
        </main>
        {masthead ? null : <LanguageSwitcher />}
      </body>
    </html>
  );
}

/**
 * "Español" / "English" at the foot of every parent page: a plain POST (works without JS), a
 * full navigation (not boosted: the new <html lang> must load), back to this page.
 */
function LanguageSwitcher() {
  const other = currentLanguage() === 'en' ? 'es' : 'en';
  return (
    <footer class="site-foot">
      <form method="post" action="/language" hx-boost="false">
        <input type="hidden" name="back" value={currentPath()} />
        <span class="sr">{t('layout.language')}: </span>
        <button type="submit" class="link" name="language" value={other} lang={other}>
          {LANGUAGE_NAMES[other]}
        </button>
      </form>
    </footer>
  );
}
