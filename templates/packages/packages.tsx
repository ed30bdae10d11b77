/**
 * Packages (SPEC §10): each prepaid package with what it covers, how much is left of the
 * total, when it was bought and when it expires — expired ones marked as such.
 */
import { formatCalendarDate } from '../components/calendar-date';

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
  const date = (d: string) => formatCalendarDate(d, locale);
  return (
    <section aria-labelledby="packages-heading">
      <h1 id="packages-heading">Packages</h1>
      {items.length === 0 ? (
        <p class="empty">You have no packages at this business.</p>
      ) : (
        <ul class="holdings">
          {items.map((p) => (
            <li class="card">
              <h2>
                {p.name} {p.expired ? <span class="status s-canceled">Expired</span> : p.remainingQuantity === 0 ? <span class="status">Used up</span> : null}
              </h2>
              <dl class="facts">
                <dt>Covers</dt>
                <dd>{p.covers}</dd>
                <dt>Remaining</dt>
                <dd>
                  {p.remainingQuantity} of {p.totalQuantity}
                </dd>
                <dt>Bought</dt>
                <dd>{date(p.purchasedOn)}</dd>
                <dt>{p.expired ? 'Expired' : 'Expires'}</dt>
                <dd>{p.expiresOn ? date(p.expiresOn) : 'Never'}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
