/**
 * `/`: where a signed-in parent lands. One available profile → straight to its appointments;
 * several → the home: per business, the next visit, pending requests, agreements to sign and
 * new report cards, each a link into that business's pages (issue 11), read in the page's one
 * batch; none available → "not available yet" with each business's phone and address (SPEC §2),
 * never an error.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { respond } from '../middleware/htmx';
import { availableProfiles, headerFor, loadSignedInNamed, profileHome } from '../middleware/portal';
import { homeStatements, HOME_ITEMS_PER_BUSINESS, type HomeAppointmentRow } from '../db/queries/home';
import type { PortalBusiness } from '../db/queries/portal';
import { parentStatusLabel } from '../domain/appointment-status';
import { formatDate, formatTime, timeZoneLabel } from '../domain/time';
import { t, viewLocale } from '../i18n';
import { Page } from '../../templates/layouts/page';
import { HomePage, NoProfiles, NotAvailableYet, type HomeBusiness, type HomeVisit } from '../../templates/portal/pages';

export const homeRoutes = new Hono<AppEnv>();

function visit(clientId: string, b: PortalBusiness, a: HomeAppointmentRow): HomeVisit {
  const locale = viewLocale(b.locale);
  const day = formatDate(a.startsAt, b.timeZone, locale, { weekday: 'short', day: 'numeric', month: 'short' });
  return {
    href: `${profileHome(clientId)}/${a.id}`,
    iso: a.startsAt.toISOString(),
    when: t('appointments.dateTimeZone', {
      date: day,
      time: formatTime(a.startsAt, b.timeZone, locale),
      zone: timeZoneLabel(b.timeZone, a.startsAt, locale),
    }),
    pets: a.petNames,
    status: parentStatusLabel(a, b.name),
  };
}

homeRoutes.get('/', async (c) => {
  const { session, results } = await loadSignedInNamed(c, (tokenHash, now) => homeStatements(c.get('db'), { tokenHash, now }));
  const available = availableProfiles(session);
  if (available.length === 1) return c.redirect(profileHome(available[0]!.clientId), 303);
  if (available.length === 0) {
    const seen = new Set<string>();
    const businesses = session.profiles.map((p) => p.business).filter((b) => !seen.has(b.id) && seen.add(b.id));
    return respond(c, {
      page: () => (
        <Page title={t('home.notAvailable.title')} header={{ signedIn: true }}>
          {businesses.length > 0 ? <NotAvailableYet businesses={businesses} /> : <NoProfiles />}
        </Page>
      ),
    });
  }
  const perBusiness = new Map<string, number>();
  for (const p of available) perBusiness.set(p.business.id, (perBusiness.get(p.business.id) ?? 0) + 1);
  const totals = (rows: { clientId: string; total: number }[]) => new Map(rows.map((r) => [r.clientId, r.total]));
  const requestTotals = totals(results.requestTotals);
  const cardTotals = totals(results.newCardTotals);
  const home: HomeBusiness[] = available.map((p, i) => {
    const b = p.business;
    const base = `/c/${p.clientId}`;
    const next = results.nextVisits.find((a) => a.clientId === p.clientId);
    const requests = results.requests.filter((a) => a.clientId === p.clientId).slice(0, HOME_ITEMS_PER_BUSINESS);
    const cards = results.newCards.filter((r) => r.clientId === p.clientId).slice(0, HOME_ITEMS_PER_BUSINESS);
    return {
      key: String(i + 1),
      businessName: b.name,
      clientName: (perBusiness.get(b.id) ?? 0) > 1 ? `${p.firstName} ${p.lastName}` : null,
      appointmentsHref: profileHome(p.clientId),
      bookHref: b.onlineBookingEnabled ? `${base}/book` : null,
      next: next ? visit(p.clientId, b, next) : null,
      requests: requests.map((a) => visit(p.clientId, b, a)),
      requestsMore: (requestTotals.get(p.clientId) ?? 0) - requests.length,
      toSign: results.toSign.filter((a) => a.clientId === p.clientId).map((a) => ({ href: `${base}/agreements/${a.agreementId}`, title: a.title })),
      newCards: cards.map((r) => ({
        href: `${base}/report-cards#rc-${r.id}`,
        petName: r.petName,
        iso: (r.sentAt as Date).toISOString(),
        when: formatDate(r.sentAt as Date, b.timeZone, viewLocale(b.locale), { weekday: 'short', day: 'numeric', month: 'short' }),
      })),
      newCardsMore: (cardTotals.get(p.clientId) ?? 0) - cards.length,
      reportCardsHref: `${base}/report-cards`,
    };
  });
  return respond(c, {
    page: () => (
      <Page title={t('home.title')} header={headerFor(session)}>
        <HomePage businesses={home} />
      </Page>
    ),
  });
});
