/**
 * Memberships (SPEC §10): plan, status in plain words, perks, price and period
 * ("$49.00 a month") and the next renewal date.
 */
import type { MEMBERSHIP_PERIODS, MEMBERSHIP_STATUSES } from '../../src/db/schema';
import { formatMoney } from '../../src/domain/money';
import { formatCalendarDate } from '../components/calendar-date';
import { t, viewLocale } from '../../src/i18n';

type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
type MembershipPeriod = (typeof MEMBERSHIP_PERIODS)[number];

/** A status in plain words, in the reader's language (at render, never at import). */
function statusLabel(status: MembershipStatus): string {
  if (status === 'active') return t('memberships.status.active');
  if (status === 'paused') return t('memberships.status.paused');
  return t('memberships.status.canceled');
}
const STATUS_CLASS: Record<MembershipStatus, string> = { active: 's-confirmed', paused: 's-requested', canceled: 's-canceled' };

export interface MembershipItem {
  id: string;
  planName: string;
  status: MembershipStatus;
  perks: string | null;
  priceMinor: number;
  currency: string;
  period: MembershipPeriod;
  nextRenewalOn: string | null;
}

export function MembershipsPage({ items, locale: businessLocale }: { items: MembershipItem[]; locale: string }) {
  const locale = viewLocale(businessLocale);
  return (
    <section aria-labelledby="memberships-heading">
      <h1 id="memberships-heading">{t('memberships.title')}</h1>
      {items.length === 0 ? (
        <p class="empty">{t('memberships.empty')}</p>
      ) : (
        <ul class="holdings">
          {items.map((m) => (
            <li class="card">
              <h2>
                {m.planName} <span class={`status ${STATUS_CLASS[m.status]}`}>{statusLabel(m.status)}</span>
              </h2>
              <dl class="facts">
                <dt>{t('memberships.priceLabel')}</dt>
                <dd>{t('memberships.price', { price: formatMoney(m.priceMinor, m.currency, locale), period: m.period })}</dd>
                {m.perks ? (
                  <>
                    <dt>{t('memberships.perks')}</dt>
                    <dd class="pre">{m.perks}</dd>
                  </>
                ) : null}
                {m.status !== 'canceled' && m.nextRenewalOn ? (
                  <>
                    <dt>{t('memberships.nextRenewal')}</dt>
                    <dd>{formatCalendarDate(m.nextRenewalOn, locale)}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
