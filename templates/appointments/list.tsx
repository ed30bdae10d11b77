/**
 * Upcoming / History: one self-contained panel (tabs, list, pager). The whole panel is the
 * htmx fragment for tab switches and paging, and the page body for full loads — the same
 * component both ways. Links are real URLs; htmx swaps the panel and pushes the URL.
 */
import type { AppointmentStatus, ServiceType } from '../../src/db/schema';
import { formatDate, formatTime, timeZoneLabel } from '../../src/domain/time';
import { parentStatusLabel } from '../../src/domain/appointment-status';
import { t, viewLocale } from '../../src/i18n';
import { serviceTypeLabel } from './labels';
import { Pager } from '../components/pager';

export interface AppointmentListItem {
  id: string;
  serviceType: ServiceType;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
  petNames: string | null;
  serviceNames: string | null;
}

export interface AppointmentsPanelProps {
  basePath: string;
  list: 'upcoming' | 'history';
  items: AppointmentListItem[];
  page: number;
  pageCount: number;
  timeZone: string;
  /** For "Declined by <business>". */
  businessName: string;
  locale: string;
}

/** htmx attributes that turn a link into a panel swap with the URL pushed. */
function swapPanel(href: string) {
  return { href, 'hx-get': href, 'hx-target': '#appointments', 'hx-swap': 'outerHTML', 'hx-push-url': 'true' };
}

export function AppointmentsPanel(p: AppointmentsPanelProps) {
  const listPath = p.list === 'upcoming' ? p.basePath : `${p.basePath}/history`;
  const pageHref = (n: number) => (n === 1 ? listPath : `${listPath}?page=${n}`);
  const locale = viewLocale(p.locale);
  return (
    <section id="appointments" aria-labelledby="appointments-heading">
      <h1 id="appointments-heading">{t('appointments.heading')}</h1>
      <nav class="tabs" aria-label={t('appointments.tabs')}>
        <a id="tab-upcoming" {...swapPanel(p.basePath)} aria-current={p.list === 'upcoming' ? 'page' : undefined}>
          {t('appointments.tab.upcoming')}
        </a>
        <a id="tab-history" {...swapPanel(`${p.basePath}/history`)} aria-current={p.list === 'history' ? 'page' : undefined}>
          {t('appointments.tab.history')}
        </a>
      </nav>
      {p.items.length === 0 ? (
        <p class="empty">{p.list === 'upcoming' ? t('appointments.empty.upcoming') : t('appointments.empty.history')}</p>
      ) : (
        <ol class="appts">
          {p.items.map((a) => (
            <li>
              <a href={`${p.basePath}/${a.id}`}>
                <span class="when">
                  {a.serviceType === 'boarding'
                    ? t('appointments.list.range', {
                        start: formatDate(a.startsAt.getTime(), p.timeZone, locale),
                        end: formatDate(a.endsAt.getTime(), p.timeZone, locale),
                      })
                    : t('appointments.list.dayTime', {
                        date: formatDate(a.startsAt.getTime(), p.timeZone, locale),
                        time: formatTime(a.startsAt.getTime(), p.timeZone, locale),
                        zone: timeZoneLabel(p.timeZone, a.startsAt.getTime(), locale),
                      })}
                </span>
                <span class={`status s-${a.status}`}>{parentStatusLabel(a, p.businessName)}</span>
                <span class="what">
                  {a.serviceNames ?? serviceTypeLabel(a.serviceType)}
                  {a.petNames ? ` · ${a.petNames}` : ''}
                </span>
              </a>
            </li>
          ))}
        </ol>
      )}
      <Pager
        page={p.page}
        pageCount={p.pageCount}
        pageHref={pageHref}
        prevLabel={p.list === 'upcoming' ? t('appointments.pager.sooner') : t('appointments.pager.newer')}
        nextLabel={p.list === 'upcoming' ? t('appointments.pager.later') : t('appointments.pager.older')}
        linkAttrs={swapPanel}
        ids={{ prev: 'page-prev', next: 'page-next' }}
      />
    </section>
  );
}
