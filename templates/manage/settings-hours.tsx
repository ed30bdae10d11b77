/**
 * The owner's "Hours and closures" page: the weekly opening hours of one scope (shared by every
 * service type, or one type's own — chosen with a plain GET form), closed days and holidays with
 * the reason parents see, drop-off and pick-up windows. A change that would leave booked visits
 * outside the hours (or on a closed day) comes back with the list of those visits and the
 * "Keep the existing appointments" box. Plain forms; every field labelled.
 */
import { Field, FieldError } from '../components/field';
import { Notice } from '../components/notice';

/** A live appointment a change would leave out. */
export interface AffectedVisit {
  id: string;
  client: string;
  what: string;
  when: string;
  /** The schedule of its day. */
  href: string;
}

export interface DayRows {
  weekday: number;
  name: string;
  /** As typed or stored; the page adds blank rows to fill up to `slots`. */
  rows: { opens: string; closes: string }[];
  slots: number;
  /** For a service type's scope: what the day uses when left empty. */
  fallback?: string;
}

export interface HoursPageProps {
  businessId: string;
  notice: string | null;
  zoneNote: string;
  scope: string;
  scopes: { value: string; label: string }[];
  scopeLabel: string;
  days: DayRows[];
  hoursErrors: Record<string, string>;
  hoursAffected: AffectedVisit[];
  closed: { date: string; label: string; reason: string | null }[];
  closedForm: { date: string; reason: string; errors: Record<string, string>; affected: AffectedVisit[] };
  today: string;
  maxReason: number;
  windows: { id: string; kind: string; range: string }[];
  windowForm: { kind: string; starts: string; ends: string; errors: Record<string, string> };
}

const fieldId = (name: string) => name.replace(/\./g, '-');

function Affected(p: { id: string; what: string; visits: AffectedVisit[] }) {
  return (
    <div class="field invalid">
      <div class="notice warn" role="alert" id={`${p.id}-error`}>
        <p>
          {p.visits.length === 1 ? 'One booked appointment' : `${p.visits.length} booked appointments`} would {p.what}. Move or cancel{' '}
          {p.visits.length === 1 ? 'it' : 'them'} first, or tick “Keep the existing appointments” to save anyway.
        </p>
        <ul class="affected">
          {p.visits.map((v) => (
            <li id={`affected-${v.id}`}>
              <a href={v.href}>{v.client}</a> — {v.what}, {v.when}
            </li>
          ))}
        </ul>
      </div>
      <label class="choice" for={p.id}>
        <input type="checkbox" id={p.id} name="keep" value="1" aria-describedby={`${p.id}-error`} />
        Keep the existing appointments
      </label>
    </div>
  );
}

function HoursForm(p: HoursPageProps) {
  const base = `/manage/${p.businessId}/settings/hours`;
  // Focus lands on the first field refused, in the order the page shows them.
  const firstError = p.days
    .flatMap((d) => Array.from({ length: Math.max(d.slots, d.rows.length) }, (_, i) => [`opens.${d.weekday}.${i}`, `closes.${d.weekday}.${i}`]).flat())
    .find((name) => p.hoursErrors[name]);
  return (
    <form method="post" action={base} class="card" novalidate aria-labelledby="hours-heading">
      <h2 id="hours-heading">Opening hours: {p.scopeLabel}</h2>
      <input type="hidden" name="scope" value={p.scope} />
      <p class="hint">
        {p.scope === 'all'
          ? 'These hours hold for every service you offer, unless a service has hours of its own on that day.'
          : 'Days you leave empty use the shared hours (shown under each day). Hours given here replace the shared ones on that day for this service only.'}{' '}
        Several periods a day are allowed (e.g. 08:00–12:00 and 13:00–18:00); leave a day empty to close it. {p.zoneNote}
      </p>
      {p.days.map((day) => (
        <fieldset class="day">
          <legend>{day.name}</legend>
          {day.fallback ? <p class="hint">{day.fallback}</p> : null}
          {Array.from({ length: Math.max(day.slots, day.rows.length) }, (_, i) => {
            const row = day.rows[i] ?? { opens: '', closes: '' };
            const opens = `opens.${day.weekday}.${i}`;
            const closes = `closes.${day.weekday}.${i}`;
            const nth = i === 0 ? '' : ` (period ${i + 1})`;
            return (
              <div class="actions">
                <Field
                  id={fieldId(opens)}
                  name={opens}
                  label={`${day.name} opens${nth}`}
                  type="time"
                  value={row.opens}
                  error={p.hoursErrors[opens]}
                  autofocus={firstError === opens}
                />
                <Field
                  id={fieldId(closes)}
                  name={closes}
                  label={`${day.name} closes${nth}`}
                  type="time"
                  value={row.closes}
                  error={p.hoursErrors[closes]}
                  autofocus={firstError === closes}
                />
              </div>
            );
          })}
        </fieldset>
      ))}
      {p.hoursAffected.length > 0 ? <Affected id="hours-keep" what="be outside the new hours" visits={p.hoursAffected} /> : null}
      <button type="submit">Save {p.scope === 'all' ? 'shared hours' : `${p.scopeLabel.toLowerCase()} hours`}</button>
    </form>
  );
}

export function HoursPage(p: HoursPageProps) {
  const base = `/manage/${p.businessId}/settings/hours`;
  return (
    <section aria-labelledby="hours-page-heading">
      <p>
        <a href={`/manage/${p.businessId}/settings`}>All settings</a>
      </p>
      <h1 id="hours-page-heading">Hours and closures</h1>
      <Notice text={p.notice} />
      <form method="get" action={base} class="actions">
        <div class="field">
          <label for="for">Hours for</label>
          <select id="for" name="for">
            {p.scopes.map((s) => (
              <option value={s.value} selected={s.value === p.scope}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      <HoursForm {...p} />

      <section class="card" aria-labelledby="closed-heading">
        <h2 id="closed-heading">Closed days and holidays</h2>
        <p class="hint">Parents cannot book drop-off, pick-up or a groom on a closed day, and see the reason you give.</p>
        {p.closed.length === 0 ? <p>No closed days ahead.</p> : null}
        <ul class="closed-days">
          {p.closed.map((d) => (
            <li id={`closed-${d.date}`}>
              <strong>{d.label}</strong>
              {d.reason ? ` — ${d.reason}` : ''}
              <form method="post" action={`${base}/closed-dates/remove`} class="inline">
                <input type="hidden" name="date" value={d.date} />{' '}
                <button type="submit" class="secondary">
                  Reopen<span class="sr"> {d.label}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/closed-dates`} novalidate>
          <h3>Close a day</h3>
          <Field
            id="closed-date"
            name="date"
            label="Date"
            hint="Without a date picker, write it as YYYY-MM-DD, e.g. 2026-12-25."
            type="date"
            min={p.today}
            value={p.closedForm.date}
            error={p.closedForm.errors.date}
            autofocus={Boolean(p.closedForm.errors.date)}
            required
          />
          <Field
            id="closed-reason"
            name="reason"
            label="Reason parents will see (optional)"
            hint={`For example “Christmas Day”. At most ${p.maxReason} characters.`}
            maxlength={p.maxReason}
            value={p.closedForm.reason}
            error={p.closedForm.errors.reason}
            autofocus={Boolean(p.closedForm.errors.reason && !p.closedForm.errors.date)}
          />
          {p.closedForm.affected.length > 0 ? <Affected id="closed-keep" what="fall on that day" visits={p.closedForm.affected} /> : null}
          <button type="submit">Close this day</button>
        </form>
      </section>

      <section class="card" aria-labelledby="windows-heading">
        <h2 id="windows-heading">Drop-off and pick-up windows</h2>
        <p class="hint">Boarding and daycare parents choose one of these when they book. With none of a kind, any time within opening hours is allowed.</p>
        {p.windows.length === 0 ? <p>No windows yet.</p> : null}
        <ul class="closed-days">
          {p.windows.map((w) => (
            <li id={`window-${w.id}`}>
              <strong>{w.kind}</strong> {w.range}
              <form method="post" action={`${base}/windows/remove`} class="inline">
                <input type="hidden" name="id" value={w.id} />{' '}
                <button type="submit" class="secondary">
                  Remove
                  <span class="sr">
                    {' '}
                    {w.kind} {w.range}
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/windows`} novalidate>
          <h3>Add a window</h3>
          <fieldset class={p.windowForm.errors.kind ? 'invalid' : undefined} aria-describedby={p.windowForm.errors.kind ? 'window-kind-error' : undefined}>
            <legend>Kind</legend>
            <label class="choice" for="window-kind-drop">
              <input type="radio" id="window-kind-drop" name="kind" value="drop_off" checked={p.windowForm.kind !== 'pick_up'} />
              Drop-off
            </label>
            <label class="choice" for="window-kind-pick">
              <input type="radio" id="window-kind-pick" name="kind" value="pick_up" checked={p.windowForm.kind === 'pick_up'} />
              Pick-up
            </label>
            <FieldError id="window-kind" error={p.windowForm.errors.kind} />
          </fieldset>
          <div class="actions">
            <Field
              id="window-starts"
              name="starts"
              label="From"
              type="time"
              value={p.windowForm.starts}
              error={p.windowForm.errors.starts}
              autofocus={Boolean(p.windowForm.errors.starts)}
              required
            />
            <Field
              id="window-ends"
              name="ends"
              label="To"
              type="time"
              value={p.windowForm.ends}
              error={p.windowForm.errors.ends}
              autofocus={Boolean(p.windowForm.errors.ends && !p.windowForm.errors.starts)}
              required
            />
          </div>
          <button type="submit">Add window</button>
        </form>
      </section>
    </section>
  );
}
