/**
 * Memberships (SPEC §10): plan, status in plain words, perks, price and period
 * ("$49.00 a month") and the next renewal date.
 */
import type { MEMBERSHIP_PERIODS, MEMBERSHIP_STATUSES } from '../../src/db/schema';
import { formatMoney } from '../../src/domain/money';
import { formatCalendarDate } from '../components/calendar-date';

type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
type MembershipPeriod = (typeof MEMBERSHIP_PERIODS)[number];

const STATUS_LABELS: Record<MembershipStatus, string> = { active: 'Active', paused: 'Paused', canceled: 'Canceled' };
const STATUS_CLASS: Record<MembershipStatus, string> = { active: 's-confirmed', paused: 's-requested', canceled: 's-canceled' };
const PERIOD_WORDS: Record<MembershipPeriod, string> = { week: 'a week', month: 'a month', year: 'a year' };

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

export function MembershipsPage({ items, locale }: { items: MembershipItem[]; locale: string }) {
  return (
    <section aria-labelledby="memberships-heading">
      <h1 id="memberships-heading">Memberships</h1>
      {items.length === 0 ? (
        <p class="empty">You have no memberships at this business.</p>
      ) : (
        <ul class="holdings">
          {items.map((m) => (
            <li class="card">
              <h2>
                {m.planName} <span class={`status ${STATUS_CLASS[m.status]}`}>{STATUS_LABELS[m.status]}</span>
              </h2>
              <dl class="facts">
                <dt>Price</dt>
                <dd>
                  {formatMoney(m.priceMinor, m.currency, locale)} {PERIOD_WORDS[m.period]}
                </dd>
                {m.perks ? (
                  <>
                    <dt>Perks</dt>
                    <dd class="pre">{m.perks}</dd>
                  </>
                ) : null}
                {m.status !== 'canceled' && m.nextRenewalOn ? (
                  <>
                    <dt>Next renewal</dt>
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
