/**
 * Store credit (SPEC §8): the balance and the history — date, signed amount, reason and the
 * linked appointment — newest first, paged. Display only: no form, no action.
 */
import type { LinkedAppointment } from '../../src/middleware/portal';
import { formatMoney } from '../../src/domain/money';
import { formatDate } from '../../src/domain/time';
import { serviceTypeLabel } from '../appointments/labels';
import { Pager } from '../components/pager';
import { t, viewLocale } from '../../src/i18n';

export interface CreditEntry {
  id: string;
  amountMinor: number;
  currency: string;
  reason: string;
  createdAt: Date;
  appointment: LinkedAppointment | null;
}

export interface CreditPageProps {
  basePath: string;
  /** One per currency held; the business currency at zero when there is no history. */
  balances: { currency: string; balanceMinor: number }[];
  entries: CreditEntry[];
  page: number;
  pageCount: number;
  timeZone: string;
  locale: string;
}

export function CreditPage(p: CreditPageProps) {
  const pageHref = (n: number) => (n === 1 ? p.basePath : `${p.basePath}?page=${n}`);
  const locale = viewLocale(p.locale);
  const day = (d: Date) => formatDate(d, p.timeZone, locale);
  return (
    <section aria-labelledby="credit-heading">
      <h1 id="credit-heading">{t('credit.title')}</h1>
      <dl class="facts balance">
        <dt>{t('credit.balance')}</dt>
        {p.balances.map((b) => (
          <dd class="amount">{formatMoney(b.balanceMinor, b.currency, locale)}</dd>
        ))}
      </dl>
      <p class="hint small">{t('credit.hint')}</p>
      <h2>{t('credit.history')}</h2>
      {p.entries.length === 0 ? (
        <p class="empty">{t('credit.empty')}</p>
      ) : (
        <ol class="ledger">
          {p.entries.map((e) => (
            <li>
              <span class="when">{day(e.createdAt)}</span>
              <span class={e.amountMinor < 0 ? 'amt debit' : 'amt credit'}>{formatMoney(e.amountMinor, e.currency, locale, 'exceptZero')}</span>
              <span class="what">
                {e.reason}
                {e.appointment ? (
                  <>
                    {' · '}
                    <a href={e.appointment.href}>
                      {t('credit.appointmentOn', { service: serviceTypeLabel(e.appointment.serviceType), date: day(e.appointment.startsAt) })}
                    </a>
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      )}
      <Pager page={p.page} pageCount={p.pageCount} pageHref={pageHref} />
    </section>
  );
}
