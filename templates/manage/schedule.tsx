/**
 * The console's schedule (issue 10, item 3): one day — boarding guests in house with that
 * day's check-ins and check-outs, daycare attendees, grooming per groomer with times — or a
 * week at a glance; and on each visit of the day, a small form per allowed status change
 * (plain posts, so it works without JS). View models in, markup out: times arrive formatted
 * in the business's zone, the allowed changes arrive decided (domain/status-transitions.ts).
 */
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export interface VisitView {
  id: string;
  status: string;
  statusLabel: string;
  kind: string;
  client: string;
  phone: string;
  /** "9:00 – 11:00 AM", or a stay's "Check-in … · Check-out …" */
  when: string;
  /** "Checks in today 9:00 AM", "Checks out today 5:00 PM" */
  tags: string[];
  /** `reportCardHref`: write this pet's report card for the visit (once it has arrived). */
  pets: { name: string; services: string[]; room: string | null; reportCardHref?: string | null }[];
  notes: string | null;
  cancelReason: string | null;
  version: number;
  /** The changes staff may make now, as buttons; cancel comes as its own form with a reason. */
  actions: { to: string; label: string }[];
  canCancel: boolean;
  /** The package this visit used, e.g. "10 daycare days (7 of 10 left)". */
  packageUsed?: string | null;
}

export interface ScheduleError {
  id: string;
  message: string;
  /** The cancel reason field's own message (422), shown at the field. */
  reasonError?: string;
  reason?: string;
}

interface Common {
  businessId: string;
  /** YYYY-MM-DD of the day shown (the week's first day in the week view). */
  day: string;
  heading: string;
  zoneNote: string;
  prev: { href: string; label: string };
  next: { href: string; label: string };
  todayHref: string;
  notice?: string | null;
  error?: ScheduleError | null;
  /** A ?day that is not a date: said at the top. */
  dayProblem?: string | null;
  truncated: boolean;
}

export interface DayProps extends Common {
  view: 'day';
  boarding: { summary: string; visits: VisitView[] };
  daycare: VisitView[];
  grooming: { groomer: string; visits: VisitView[] }[];
  training: VisitView[];
  empty: boolean;
}

export interface WeekProps extends Common {
  view: 'week';
  days: { day: string; heading: string; href: string; lines: { id: string; when: string; text: string; status: string; statusLabel: string }[] }[];
}

function Header(p: Common & { view: 'day' | 'week' }) {
  const base = `/manage/${p.businessId}/schedule`;
  return (
    <>
      <h1 id="schedule-heading">Schedule · {p.heading}</h1>
      <p class="muted small">{p.zoneNote}</p>
      <p class="small">
        <a href={`/manage/${p.businessId}/report-cards`}>Report cards: drafts and recently sent</a>
      </p>
      <nav class="tabs" aria-label="Schedule view">
        <a href={`${base}?day=${p.day}`} aria-current={p.view === 'day' ? 'page' : undefined}>
          Day
        </a>
        <a href={`${base}?view=week&day=${p.day}`} aria-current={p.view === 'week' ? 'page' : undefined}>
          Week
        </a>
      </nav>
      <nav class="pager" aria-label={p.view === 'week' ? 'Other weeks' : 'Other days'}>
        <a href={p.prev.href} rel="prev">
          ← {p.prev.label}
        </a>
        <a href={p.todayHref}>Today</a>
        <a href={p.next.href} rel="next">
          {p.next.label} →
        </a>
      </nav>
      <form method="get" action={base} class="actions">
        {p.view === 'week' ? <input type="hidden" name="view" value="week" /> : null}
        <Field id="go-day" name="day" type="date" label="Go to date" value={p.day} />
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      {p.dayProblem ? (
        <p class="error" role="alert">
          {p.dayProblem}
        </p>
      ) : null}
      <Notice text={p.notice ?? undefined} />
      {p.truncated ? <p class="warn">Too many visits to list them all here; showing the first ones.</p> : null}
    </>
  );
}

function Visit(p: { businessId: string; day: string; visit: VisitView; error?: ScheduleError | null; headingLevel?: 'h3' | 'h4' }) {
  const v = p.visit;
  const action = `/manage/${p.businessId}/appointments/${v.id}/status`;
  const error = p.error?.id === v.id ? p.error : null;
  const H = p.headingLevel ?? 'h3';
  return (
    <li id={`visit-${v.id}`} class="card">
      <H>
        {v.client} · {v.pets.map((pet) => pet.name).join(', ')}
      </H>
      <p>
        <span class={`status s-${v.status}`}>{v.statusLabel}</span>{' '}
        {v.tags.map((t) => (
          <strong class="small">{t} </strong>
        ))}
      </p>
      {error && !error.reasonError ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <dl>
        <dt>When</dt>
        <dd>{v.when}</dd>
        <dt>Pets</dt>
        <dd>
          <ul>
            {v.pets.map((pet) => (
              <li>
                <strong>{pet.name}</strong>
                {pet.services.length ? `: ${pet.services.join(', ')}` : ''}
                {pet.room ? ` · room ${pet.room}` : ''}
                {pet.reportCardHref ? (
                  <>
                    {' · '}
                    <a href={pet.reportCardHref}>Report card for {pet.name}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </dd>
        {v.notes ? (
          <>
            <dt>Notes</dt>
            <dd class="pre">{v.notes}</dd>
          </>
        ) : null}
        {v.packageUsed ? (
          <>
            <dt>Package used</dt>
            <dd class="package-used">{v.packageUsed}</dd>
          </>
        ) : null}
        {v.cancelReason ? (
          <>
            <dt>Reason</dt>
            <dd>{v.cancelReason}</dd>
          </>
        ) : null}
        <dt>Phone</dt>
        <dd>
          <a href={`tel:${v.phone}`}>{v.phone}</a>
        </dd>
      </dl>
      {v.actions.length || v.canCancel ? (
        <div class="actions">
          {v.actions.map((a) => (
            <form method="post" action={action}>
              <input type="hidden" name="to" value={a.to} />
              <input type="hidden" name="version" value={String(v.version)} />
              <input type="hidden" name="day" value={p.day} />
              <button type="submit" class={a.to === 'no_show' ? 'secondary' : undefined}>
                {a.label}
              </button>
            </form>
          ))}
          {v.canCancel ? (
            <form method="post" action={action} class="decline">
              <input type="hidden" name="to" value="canceled" />
              <input type="hidden" name="version" value={String(v.version)} />
              <input type="hidden" name="day" value={p.day} />
              <Field
                id={`reason-${v.id}`}
                name="reason"
                label="Reason for canceling (the client sees it)"
                maxlength={500}
                required
                value={error?.reason}
                error={error?.reasonError}
              />
              <button type="submit" class="secondary">
                Cancel visit
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function VisitList(p: { businessId: string; day: string; visits: VisitView[]; error?: ScheduleError | null; none: string; headingLevel?: 'h3' | 'h4' }) {
  return p.visits.length === 0 ? (
    <p class="muted">{p.none}</p>
  ) : (
    <ol class="inbox">
      {p.visits.map((visit) => (
        <Visit businessId={p.businessId} day={p.day} visit={visit} error={p.error} headingLevel={p.headingLevel} />
      ))}
    </ol>
  );
}

export function ScheduleDay(p: DayProps) {
  const shown = new Set([...p.boarding.visits, ...p.daycare, ...p.training, ...p.grooming.flatMap((g) => g.visits)].map((v) => v.id));
  return (
    <section aria-labelledby="schedule-heading" id="schedule">
      <Header {...p} />
      {p.error && !shown.has(p.error.id) ? (
        <p class="error" role="alert">
          {p.error.message}
        </p>
      ) : null}
      {p.empty ? <p>Nothing booked this day.</p> : null}
      <section aria-labelledby="boarding-heading">
        <h2 id="boarding-heading">Boarding</h2>
        <p>{p.boarding.summary}</p>
        <VisitList businessId={p.businessId} day={p.day} visits={p.boarding.visits} error={p.error} none="No boarding guests in house." />
      </section>
      <section aria-labelledby="daycare-heading">
        <h2 id="daycare-heading">Daycare</h2>
        <VisitList businessId={p.businessId} day={p.day} visits={p.daycare} error={p.error} none="No daycare attendees." />
      </section>
      <section aria-labelledby="grooming-heading">
        <h2 id="grooming-heading">Grooming</h2>
        {p.grooming.length === 0 ? <p class="muted">No grooming booked.</p> : null}
        {p.grooming.map((g, i) => (
          <section aria-labelledby={`groomer-${i}`}>
            <h3 id={`groomer-${i}`}>{g.groomer}</h3>
            <VisitList businessId={p.businessId} day={p.day} visits={g.visits} error={p.error} none="" headingLevel="h4" />
          </section>
        ))}
      </section>
      {p.training.length ? (
        <section aria-labelledby="training-heading">
          <h2 id="training-heading">Training</h2>
          <VisitList businessId={p.businessId} day={p.day} visits={p.training} error={p.error} none="" />
        </section>
      ) : null}
    </section>
  );
}

export function ScheduleWeek(p: WeekProps) {
  return (
    <section aria-labelledby="schedule-heading" id="schedule">
      <Header {...p} />
      {p.days.map((d) => (
        <section aria-labelledby={`day-${d.day}`}>
          <h2 id={`day-${d.day}`}>
            <a href={d.href}>{d.heading}</a>
          </h2>
          {d.lines.length === 0 ? (
            <p class="muted">Nothing booked.</p>
          ) : (
            <ul class="schedule">
              {d.lines.map((l) => (
                <li>
                  <strong>{l.when}</strong> {l.text}
                  <span class={`status s-${l.status}`}>{l.statusLabel}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}
