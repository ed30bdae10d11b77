/**
 * Packages (SPEC §10): each prepaid package with what it covers, how much is left of the
 * total, when it was bought and when it expires — expired ones marked as such.
 */
import { formatCalendarDate } from '../components/calendar-date';
import { t, viewLocale } from '../../src/i18n';

export interface PackageItem {
  id: string;
  name: string;
  covers: string;
  totalQuantity: number;
  remainingQuantity: number;
  purchasedOn: string;
  expiresOn: string | null;
  expired: boolean;
}

export function PackagesPage({ items, locale }: { items: PackageItem[]; locale: string }) {
  const date = (d: string) => formatCalendarDate(d, viewLocale(locale));
  return (
    <section aria-labelledby="packages-heading">
      <h1 id="packages-heading">{t('packages.title')}</h1>
      {items.length === 0 ? (
        <p class="empty">{t('packages.empty')}</p>
      ) : (
        <ul class="holdings">
          {items.map((p) => (
            <li class="card">
              <h2>
                {p.name}{' '}
                {p.expired ? (
                  <span class="status s-canceled">{t('packages.status.expired')}</span>
                ) : p.remainingQuantity === 0 ? (
                  <span class="status">{t('packages.status.usedUp')}</span>
                ) : null}
              </h2>
              <dl class="facts">
                <dt>{t('packages.covers')}</dt>
                <dd>{p.covers}</dd>
                <dt>{t('packages.remaining')}</dt>
                <dd>{t('packages.remainingOf', { remaining: String(p.remainingQuantity), total: String(p.totalQuantity) })}</dd>
                <dt>{t('packages.bought')}</dt>
                <dd>{date(p.purchasedOn)}</dd>
                <dt>{p.expired ? t('packages.expired') : t('packages.expires')}</dt>
                <dd>{p.expiresOn ? date(p.expiresOn) : t('packages.never')}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
