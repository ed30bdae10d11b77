/**
 * Portal-level pages: the home of an account with several profiles (each business's next visit,
 * requests, agreements to sign and new report cards), and the notice for a
 * business whose portal is not available yet (SPEC §2: grooming-only without the beta).
 */
import { t, tx, type MessageKey } from '../../src/i18n';
import { Message } from '../components/message-page';

/** A business the parent can reach another way while its portal is off. */
export interface ContactBusiness {
  name: string;
  phone: string | null;
  address: string | null;
}

export function NotAvailableYet({ businesses }: { businesses: ContactBusiness[] }) {
  const names = businesses.map((b) => b.name).join(', ');
  return (
    <Message heading={t('home.notAvailable.title')}>
      <p>{tx('home.notAvailable.body', { names: <strong>{names}</strong> })}</p>
      {businesses.map((b) =>
        b.phone || b.address ? (
          <address>
            <strong>{b.name}</strong>
            {b.phone ? (
              <>
                <br />
                <a href={`tel:${b.phone.replace(/[^\d+]/g, '')}`}>{b.phone}</a>
              </>
            ) : null}
            {b.address
              ? b.address.split('\n').map((line) => (
                  <>
                    <br />
                    {line}
                  </>
                ))
              : null}
          </address>
        ) : null,
      )}
    </Message>
  );
}

export function NoProfiles() {
  return (
    <Message heading={t('home.noProfiles.title')}>
      <p>{t('home.noProfiles.body')}</p>
    </Message>
  );
}

/** One appointment line on the home, already formatted in its business's zone. */
export interface HomeVisit {
  href: string;
  /** ISO instant for <time datetime>. */
  iso: string;
  when: string;
  pets: string | null;
  status: string;
}

export interface HomeBusiness {
  key: string;
  businessName: string;
  /** The client's name when the account has two profiles in this business (SPEC §3.4). */
  clientName: string | null;
  appointmentsHref: string;
  bookHref: string | null;
  next: HomeVisit | null;
  requests: HomeVisit[];
  requestsMore: number;
  toSign: { href: string; title: string }[];
  newCards: { href: string; petName: string; iso: string; when: string }[];
  newCardsMore: number;
  reportCardsHref: string;
}

function VisitLine({ v }: { v: HomeVisit }) {
  return (
    <>
      <a href={v.href}>
        <time datetime={v.iso}>{v.when}</time>
      </a>
      {v.pets ? ` · ${v.pets}` : ''} · {v.status}
    </>
  );
}

function More({ n, href, what }: { n: number; href: string; what: MessageKey }) {
  return n > 0 ? (
    <li>
      <a href={href}>{t(what, { count: n })}</a>
    </li>
  ) : null;
}

/** The home: one section per business, each item a link into that business's pages. */
export function HomePage({ businesses }: { businesses: HomeBusiness[] }) {
  return (
    <>
      <h1>{t('home.heading')}</h1>
      {businesses.map((b) => (
        <section class="home-biz" aria-labelledby={`h-${b.key}`}>
          <h2 id={`h-${b.key}`}>
            <a href={b.appointmentsHref}>{b.businessName}</a>
            {b.clientName ? <span class="muted"> · {b.clientName}</span> : null}
          </h2>
          <h3>{t('home.nextVisit')}</h3>
          <p>
            {b.next ? <VisitLine v={b.next} /> : t('home.nothingBooked')}
            {!b.next && b.bookHref ? (
              <>
                {' '}
                <a href={b.bookHref}>{t('home.book')}</a>
              </>
            ) : null}
          </p>
          {b.requests.length > 0 ? (
            <>
              <h3>{t('home.waiting')}</h3>
              <ul>
                {b.requests.map((r) => (
                  <li>
                    <VisitLine v={r} />
                  </li>
                ))}
                <More n={b.requestsMore} href={b.appointmentsHref} what="home.moreRequests" />
              </ul>
            </>
          ) : null}
          {b.toSign.length > 0 ? (
            <>
              <h3>{t('home.toSign')}</h3>
              <ul>
                {b.toSign.map((a) => (
                  <li>
                    <a href={a.href}>{a.title}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {b.newCards.length > 0 ? (
            <>
              <h3>{t('home.newCards')}</h3>
              <ul>
                {b.newCards.map((r) => (
                  <li>
                    <a href={r.href}>
                      {r.petName} · <time datetime={r.iso}>{r.when}</time>
                    </a>
                  </li>
                ))}
                <More n={b.newCardsMore} href={b.reportCardsHref} what="home.moreCards" />
              </ul>
            </>
          ) : null}
        </section>
      ))}
    </>
  );
}
