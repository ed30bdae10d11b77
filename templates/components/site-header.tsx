/**
 * Header: brand, the business switcher (only with several businesses — a <details> menu of
 * plain links, so it works without JS) and sign out (a POST form). Both menus share
 * `name="menu"`: the browser keeps at most one open, and static/app-*.js closes them on a tap
 * outside, Escape and navigation. They open in the page's flow, never over it.
 */
import { t } from '../../src/i18n';

export interface SwitcherEntry {
  href: string;
  label: string;
  current: boolean;
}

export interface NavLink {
  href: string;
  label: string;
}

export interface HeaderProps {
  signedIn?: boolean;
  /** The sections of the profile being viewed: the bar, and the rest under "More" (two taps from anywhere). */
  nav?: { primary: NavLink[]; more: NavLink[] };
  businessName?: string;
  switcher?: SwitcherEntry[];
  /** The business's header colour (`#rrggbb`, contrast-checked by settings), served as /accent/<hex>.css. */
  accent?: string | null;
  /** The business's logo (its path), drawn before its name. */
  logo?: string | null;
}

export function SiteHeader({ signedIn, businessName, switcher, nav, logo }: HeaderProps) {
  return (
    <>
      <header class="site">
        <a class="brand" href="/">
          Pawtal
        </a>
        {logo && businessName ? <img class="biz-logo" src={logo} alt="" height={32} /> : null}
        {switcher && switcher.length > 1 && businessName ? (
          <details class="switcher" name="menu">
            <summary>
              <span class="sr">{t('layout.business')}</span>
              {businessName}
            </summary>
            <ul>
              {switcher.map((s) => (
                <li>
                  <a href={s.href} aria-current={s.current ? 'true' : undefined}>
                    {s.label}
                  </a>
                </li>
              ))}
            </ul>
          </details>
        ) : businessName ? (
          <span class="biz">{businessName}</span>
        ) : null}
        {signedIn ? (
          <form method="post" action="/sign-out" class="signout">
            <button type="submit" class="link">
              {t('layout.signOut')}
            </button>
          </form>
        ) : null}
      </header>
      {nav && nav.primary.length + nav.more.length > 0 ? (
        <nav class="sections" aria-label={t('layout.sections')}>
          {nav.primary.map((n) => (
            <a href={n.href}>{n.label}</a>
          ))}
          {nav.more.length > 0 ? (
            <details class="more" name="menu">
              <summary>{nav.primary.length > 0 ? t('layout.more') : t('layout.menu')}</summary>
              <ul>
                {nav.more.map((n) => (
                  <li>
                    <a href={n.href}>{n.label}</a>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
