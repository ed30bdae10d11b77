/**
 * Console pages: the business chooser, the request inbox (every pending request with what
 * deciding it needs, and confirm / decline forms that work without JS), the notification feed
 * and the owners' audit log. View models in, markup out (no database, no availability maths).
 */
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { SelectField } from '../booking/steps';

export function BusinessChooser(p: { businesses: { businessId: string; businessName: string; role: string; open: boolean }[]; name: string }) {
  return (
    <section class="card" aria-labelledby="choose-heading">
      <h1 id="choose-heading">Hello, {p.name}</h1>
      {p.businesses.length === 0 ? (
        <p>You are not a member of any business yet. Ask its owner to invite you.</p>
      ) : (
        <ul class="choices">
          {p.businesses.map((b) => (
            <li>
              <a href={`/manage/${b.businessId}/inbox`}>
                <strong>{b.businessName}</strong>
                <span class="muted">
                  {b.role === 'owner' ? 'Owner' : 'Staff'}
                  {b.open ? '' : ' · two-step sign-in needed'}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export interface InboxItem {
  id: string;
  statusLabel: string;
  waitlisted: boolean;
  client: string;
  phone: string;
  kind: string;
  when: string;
  requestedAgo: string;
  pets: { name: string; services: string[]; addOns: string[] }[];
  notes: string | null;
  deposit: string | null;
  vaccinationRecordNeeded: boolean;
  /** "Daycare Fri, Dec 4: 17 of 20 places taken, 3 free" */
  capacity: string[];
  /** Grooming pets booked with "any groomer": who does them can be chosen when confirming. */
  groomerChoices: { appointmentPetId: string; petName: string; current: string | null }[];
}

/**
 * "New requests since this page was loaded": polled by htmx every 30 s while the inbox is open,
 * so a request that arrives shows up without a reload — as a link, never by swapping the list
 * under a half-typed decline reason. Without JS a reload shows the new request itself.
 */
export function InboxNews({ businessId, since, count }: { businessId: string; since: number; count: number }) {
  return (
    <p
      id="inbox-news"
      class={count > 0 ? 'notice' : undefined}
      hx-get={`/manage/${businessId}/inbox/news?since=${since}`}
      hx-trigger="every 30s"
      hx-swap="outerHTML"
      role="status"
    >
      {count > 0 ? (
        <>
          {count === 1 ? '1 new request' : `${count} new requests`} since this page was loaded. <a href={`/manage/${businessId}/inbox`}>Show the new list</a>
        </>
      ) : null}
    </p>
  );
}

export function Inbox(p: {
  businessId: string;
  /** When the page's data was read: the news poll counts requests after it. */
  loadedAt: number;
  items: InboxItem[];
  groomers: { id: string; name: string }[];
  notice?: string | null;
  error?: { id: string; message: string } | null;
  limit: number;
}) {
  return (
    <section aria-labelledby="inbox-heading">
      <h1 id="inbox-heading">Requests</h1>
      <Notice text={p.notice ?? undefined} />
      <InboxNews businessId={p.businessId} since={p.loadedAt} count={0} />
      {p.error && !p.items.some((r) => r.id === p.error!.id) ? (
        <p class="error" role="alert">
          {p.error.message}
        </p>
      ) : null}
      {p.items.length === 0 ? <p>No requests waiting. New ones appear here, oldest first.</p> : null}
      {p.items.length >= p.limit ? <p class="muted">Showing the {p.limit} oldest; decide these to see more.</p> : null}
      <ol class="inbox">
        {p.items.map((r) => (
          <li id={`request-${r.id}`} class="card">
            <h2>
              {r.kind} · {r.client}
            </h2>
            <p>
              <span class={`status s-${r.waitlisted ? 'waitlisted' : 'requested'}`}>{r.statusLabel}</span>{' '}
              <span class="muted small">sent {r.requestedAgo}</span>
            </p>
            {p.error?.id === r.id ? (
              <p class="error" role="alert">
                {p.error.message}
              </p>
            ) : null}
            <dl>
              <dt>When</dt>
              <dd>{r.when}</dd>
              <dt>Pets</dt>
              <dd>
                <ul>
                  {r.pets.map((pet) => (
                    <li>
                      <strong>{pet.name}</strong>: {pet.services.join(', ')}
                      {pet.addOns.length ? ` + ${pet.addOns.join(', ')}` : ''}
                    </li>
                  ))}
                </ul>
              </dd>
              {r.vaccinationRecordNeeded ? (
                <>
                  <dt>Vaccinations</dt>
                  <dd class="warn">Vaccination record needed: a required vaccination was missing or expired for the visit dates.</dd>
                </>
              ) : null}
              {r.capacity.length ? (
                <>
                  <dt>Places</dt>
                  {r.capacity.map((line) => (
                    <dd>{line}</dd>
                  ))}
                </>
              ) : null}
              {r.deposit ? (
                <>
                  <dt>Deposit required</dt>
                  <dd>{r.deposit}</dd>
                </>
              ) : null}
              {r.notes ? (
                <>
                  <dt>Notes</dt>
                  <dd class="pre">{r.notes}</dd>
                </>
              ) : null}
              <dt>Phone</dt>
              <dd>
                <a href={`tel:${r.phone}`}>{r.phone}</a>
              </dd>
            </dl>
            <div class="actions">
              <form method="post" action={`/manage/${p.businessId}/requests/${r.id}/confirm`}>
                {r.groomerChoices.map((g) => (
                  <SelectField
                    id={`groomer-${g.appointmentPetId}`}
                    name={`groomer:${g.appointmentPetId}`}
                    label={`Groomer for ${g.petName}`}
                    options={p.groomers.map((s) => ({ value: s.id, label: s.name, checked: s.id === g.current }))}
                  />
                ))}
                <button type="submit">{r.waitlisted ? 'Confirm (takes a place)' : 'Confirm'}</button>
              </form>
              {r.waitlisted ? null : (
                <form method="post" action={`/manage/${p.businessId}/requests/${r.id}/waitlist`}>
                  <button type="submit" class="secondary">
                    Move to waitlist
                  </button>
                </form>
              )}
              <form method="post" action={`/manage/${p.businessId}/requests/${r.id}/decline`} class="decline">
                <Field id={`reason-${r.id}`} name="reason" label="Reason for declining (optional, the client sees it)" maxlength={500} />
                <button type="submit" class="secondary">
                  Decline
                </button>
              </form>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface FeedItem {
  id: string;
  label: string;
  summary: string;
  at: string;
  unread: boolean;
}

export function Feed(p: { businessId: string; items: FeedItem[]; unread: number; emailMe: boolean; email: string; notice?: string | null }) {
  return (
    <section aria-labelledby="feed-heading">
      <h1 id="feed-heading">Notifications</h1>
      <Notice text={p.notice ?? undefined} />
      <form method="post" action={`/manage/${p.businessId}/notifications/email`} class="email-me">
        <p>
          <input type="checkbox" id="email_new_requests" name="email_new_requests" value="on" checked={p.emailMe} />{' '}
          <label for="email_new_requests">Email me new requests</label> <span class="muted small">(to {p.email}, for this business only)</span>{' '}
          <button type="submit" class="secondary">
            Save
          </button>
        </p>
      </form>
      {p.unread > 0 ? (
        <form method="post" action={`/manage/${p.businessId}/notifications/read-all`}>
          <button type="submit" class="secondary">
            Mark all {p.unread} as read
          </button>
        </form>
      ) : null}
      {p.items.length === 0 ? <p>Nothing yet. Client actions (requests, cancels, changes, new pets, signatures) appear here.</p> : null}
      <ol class="feed">
        {p.items.map((n) => (
          <li class={n.unread ? 'unread' : undefined}>
            <p>
              <strong>{n.label}</strong> {n.unread ? <span class="badge">new</span> : null} <span class="muted small">{n.at}</span>
            </p>
            <p>{n.summary}</p>
            {n.unread ? (
              <form method="post" action={`/manage/${p.businessId}/notifications/${n.id}/read`}>
                <button type="submit" class="link">
                  Mark as read
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface AuditRow {
  at: string;
  who: string;
  action: string;
  record: string;
  detail: string | null;
  ip: string | null;
}

export function AuditLog(p: { businessId: string; rows: AuditRow[]; action: string | null; actions: string[] }) {
  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <form method="get" action={`/manage/${p.businessId}/audit`} class="filter">
        <label for="action">Action</label>
        <select id="action" name="action">
          <option value="">All actions</option>
          {p.actions.map((a) => (
            <option value={a} selected={a === p.action}>
              {a}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      {p.rows.length === 0 ? <p>No staff actions recorded{p.action ? ' for this action' : ''}.</p> : null}
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Record</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.at}</td>
              <td>{r.who}</td>
              <td>
                {r.action}
                {r.detail ? <span class="muted"> · {r.detail}</span> : null}
              </td>
              <td>{r.record}</td>
              <td>{r.ip ?? 'unknown'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
