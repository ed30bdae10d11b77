/**
 * Group classes in the console: the list of classes with the form to create one, one class
 * (its sessions with the form to add one, its enrolled pets with the form to enroll one), and a
 * session's attendance sheet for a tablet — one row per enrolled pet with a large button that
 * marks it present or absent. Each button is a small form that posts and comes back without JS;
 * with htmx the form swaps only its own row. Times are already formatted in the business's zone.
 */
import type { ClassField, ClassFormValues, SessionField, SessionFormValues } from '../../src/domain/class-form';
import { SelectField } from '../booking/steps';
import { Field } from '../components/field';
import { Notice } from '../components/notice';

const base = (businessId: string) => `/manage/${businessId}/classes`;

function FormError({ id, text }: { id: string; text?: string | null }) {
  return text ? (
    <p class="error" role="alert" id={id}>
      {text}
    </p>
  ) : null;
}

export interface ClassListRow {
  id: string;
  name: string;
  description: string | null;
  places: string;
  sessions: string;
  next: string;
}

export function ClassListPage(p: {
  businessId: string;
  enabled: boolean;
  rows: ClassListRow[];
  values: ClassFormValues;
  keyValue: string;
  errors: Partial<Record<ClassField, string>>;
  notice?: string | null;
}) {
  const e = p.errors;
  return (
    <section aria-labelledby="classes-heading">
      <h1 id="classes-heading">Classes</h1>
      <Notice text={p.notice} />
      {p.enabled ? null : (
        <p class="muted" id="classes-off">
          Group classes are off in Settings, so parents do not see them in their portal yet. You can still set classes up here.
        </p>
      )}
      {p.rows.length === 0 ? <p class="empty">No classes yet. Create the first one below.</p> : null}
      <ul class="settings-list">
        {p.rows.map((r) => (
          <li class="card" id={`class-${r.id}`}>
            <h2>
              <a href={`${base(p.businessId)}/${r.id}`}>{r.name}</a>
            </h2>
            {r.description ? <p class="muted pre">{r.description}</p> : null}
            <dl class="facts">
              <dt>Enrolled</dt>
              <dd>{r.places}</dd>
              <dt>Sessions</dt>
              <dd>{r.sessions}</dd>
              <dt>Next session</dt>
              <dd>{r.next}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <form method="post" action={base(p.businessId)} class="card" novalidate>
        <h2>Create a class</h2>
        <input type="hidden" name="key" value={p.keyValue} />
        <Field id="name" name="name" label="Name" value={p.values.name} error={e.name} maxlength={100} />
        <Field
          id="description"
          name="description"
          label="Description (optional; parents see it)"
          value={p.values.description}
          error={e.description}
          maxlength={1000}
          multiline
        />
        <Field
          id="capacity"
          name="capacity"
          label="Places (how many pets the class takes)"
          type="number"
          inputmode="numeric"
          min="1"
          max="500"
          value={p.values.capacity}
          error={e.capacity}
        />
        <button type="submit">Create class</button>
      </form>
    </section>
  );
}

export interface SessionRow {
  id: string;
  when: string;
  attended: string;
  removable: boolean;
  past: boolean;
}

export interface EnrolledRow {
  id: string;
  petName: string;
  clientName: string;
  attended: string;
}

export function ClassPage(p: {
  businessId: string;
  classId: string;
  name: string;
  description: string | null;
  places: string;
  full: boolean;
  timeZoneLabel: string;
  sessions: SessionRow[];
  enrolled: EnrolledRow[];
  petChoices: { id: string; label: string }[];
  sessionValues: SessionFormValues;
  sessionKey: string;
  sessionErrors: Partial<Record<SessionField, string>>;
  /** A refused removal or unenrolment, said at the top. */
  problem?: string | null;
  editValues: ClassFormValues;
  editErrors: Partial<Record<ClassField, string>>;
  enrollKey: string;
  petValue: string;
  petError?: string;
  enrollError?: string | null;
  notice?: string | null;
}) {
  const here = `${base(p.businessId)}/${p.classId}`;
  const se = p.sessionErrors;
  return (
    <section aria-labelledby="class-heading">
      <p>
        <a href={base(p.businessId)}>← Classes</a>
      </p>
      <h1 id="class-heading">{p.name}</h1>
      {p.description ? <p class="muted pre">{p.description}</p> : null}
      <Notice text={p.notice} />
      <FormError id="class-problem" text={p.problem} />
      <p id="places">Enrolled: {p.places}</p>
      <details class="card" open={Object.keys(p.editErrors).length > 0}>
        <summary>Edit the class</summary>
        <form method="post" action={here} novalidate>
          <Field id="edit-name" name="name" label="Name" value={p.editValues.name} error={p.editErrors.name} maxlength={100} />
          <Field
            id="edit-description"
            name="description"
            label="Description (optional; parents see it)"
            value={p.editValues.description}
            error={p.editErrors.description}
            maxlength={1000}
            multiline
          />
          <Field
            id="edit-capacity"
            name="capacity"
            label="Places (how many pets the class takes)"
            type="number"
            inputmode="numeric"
            min="1"
            max="500"
            value={p.editValues.capacity}
            error={p.editErrors.capacity}
          />
          <button type="submit">Save class</button>
        </form>
      </details>

      <h2 id="sessions-heading">Sessions</h2>
      {p.sessions.length === 0 ? <p class="empty">No sessions yet.</p> : null}
      <ol class="settings-list" aria-labelledby="sessions-heading">
        {p.sessions.map((s) => (
          <li class="card" id={`session-${s.id}`}>
            <strong>{s.when}</strong>
            <br />
            <span class="muted small">{s.attended}</span>
            <div class="actions">
              <a class="button secondary" href={`${here}/sessions/${s.id}`}>
                Attendance
              </a>
              {s.removable ? (
                <form method="post" action={`${here}/sessions/${s.id}/remove`} class="inline">
                  <button type="submit" class="link">
                    Remove this session
                  </button>
                </form>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      <form method="post" action={`${here}/sessions`} class="card" novalidate>
        <h3>Add a session</h3>
        <p class="hint">Times in {p.timeZoneLabel}, the business’s time zone.</p>
        <input type="hidden" name="key" value={p.sessionKey} />
        <Field id="date" name="date" label="Date" type="date" value={p.sessionValues.date} error={se.date} />
        <div class="actions">
          <Field id="starts" name="starts" label="Starts" type="time" value={p.sessionValues.starts} error={se.starts} />
          <Field id="ends" name="ends" label="Ends" type="time" value={p.sessionValues.ends} error={se.ends} />
        </div>
        <button type="submit">Add session</button>
      </form>

      <h2 id="enrolled-heading">Enrolled pets</h2>
      {p.enrolled.length === 0 ? <p class="empty">No pets enrolled yet.</p> : null}
      <ul class="settings-list" aria-labelledby="enrolled-heading">
        {p.enrolled.map((r) => (
          <li class="card" id={`enrollment-${r.id}`}>
            <strong>{r.petName}</strong> · {r.clientName}
            <br />
            <span class="muted small">{r.attended}</span>
            <form method="post" action={`${here}/enrollments/${r.id}/remove`} class="inline">
              {' '}
              <button type="submit" class="link" aria-label={`Unenroll ${r.petName}`}>
                Unenroll
              </button>
            </form>
          </li>
        ))}
      </ul>
      {p.enrolled.length > 0 ? <p class="muted small">Unenrolling a pet also removes the attendance recorded for it in this class.</p> : null}
      <form method="post" action={`${here}/enrollments`} class="card" novalidate>
        <h3>Enroll a pet</h3>
        <input type="hidden" name="key" value={p.enrollKey} />
        <FormError id="enroll-form-error" text={p.enrollError} />
        {p.full ? <p id="class-full">This class is full. Unenroll a pet to free a place.</p> : null}
        {p.petChoices.length === 0 ? (
          <p class="muted">Every pet of your clients is already in this class.</p>
        ) : (
          <>
            <SelectField
              id="pet"
              name="pet"
              label="Pet (and its client)"
              error={p.petError}
              options={[
                { value: '', label: 'Choose a pet', checked: p.petValue === '' },
                ...p.petChoices.map((c) => ({ value: c.id, label: c.label, checked: c.id === p.petValue })),
              ]}
            />
            <button type="submit" disabled={p.full}>
              Enroll
            </button>
          </>
        )}
      </form>
    </section>
  );
}

export interface RosterRow {
  id: string;
  petName: string;
  clientName: string;
  present: boolean;
}

/** One pet's row on the attendance sheet; rendered alone as the htmx answer to its toggle. */
export function AttendanceRow(p: { businessId: string; classId: string; sessionId: string; row: RosterRow; open: boolean; error?: string | null }) {
  const r = p.row;
  const action = `${base(p.businessId)}/${p.classId}/sessions/${p.sessionId}/attendance`;
  return (
    <li class="card" id={`att-${r.id}`}>
      <strong>{r.petName}</strong> · {r.clientName}
      <br />
      <span class={r.present ? 'status s-confirmed' : 'status'} id={`att-${r.id}-state`}>
        {r.present ? 'Present' : 'Absent'}
      </span>
      <FormError id={`att-${r.id}-error`} text={p.error} />
      {p.open ? (
        <form method="post" action={action} hx-post={action} hx-target={`#att-${r.id}`} hx-swap="outerHTML" class="actions">
          <input type="hidden" name="enrollment" value={r.id} />
          <input type="hidden" name="present" value={r.present ? '0' : '1'} />
          <button type="submit" id={`att-${r.id}-toggle`} class={r.present ? 'secondary' : undefined} aria-describedby={`att-${r.id}-state`}>
            {r.present ? `Mark ${r.petName} absent` : `Mark ${r.petName} present`}
          </button>
        </form>
      ) : null}
    </li>
  );
}

export function SessionPage(p: {
  businessId: string;
  classId: string;
  className: string;
  sessionId: string;
  when: string;
  open: boolean;
  rows: RosterRow[];
  error?: string | null;
}) {
  return (
    <section aria-labelledby="session-heading">
      <p>
        <a href={`${base(p.businessId)}/${p.classId}`}>← {p.className}</a>
      </p>
      <h1 id="session-heading">Attendance · {p.className}</h1>
      <p>{p.when}</p>
      <FormError id="attendance-error" text={p.error} />
      {p.open ? (
        <p class="muted">Tap a pet’s button to mark it present, and again to mark it absent.</p>
      ) : (
        <p id="attendance-closed">Attendance can be marked from the day of the session.</p>
      )}
      {p.rows.length === 0 ? <p class="empty">No pets are enrolled in this class.</p> : null}
      <ul class="settings-list" aria-label="Enrolled pets">
        {p.rows.map((r) => (
          <AttendanceRow businessId={p.businessId} classId={p.classId} sessionId={p.sessionId} row={r} open={p.open} />
        ))}
      </ul>
    </section>
  );
}
