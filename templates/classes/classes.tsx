/**
 * Group classes (SPEC §10): for each pet's enrollment, the class, sessions attended and
 * remaining, the next session, and the whole schedule — times in the business's zone.
 */
import { formatDateTimeRange, timeZoneLabel } from '../../src/domain/time';
import { count } from '../../src/domain/words';

export interface ClassSessionItem {
  id: string;
  startsAt: Date;
  endsAt: Date;
  attended: boolean;
  past: boolean;
}

export interface EnrollmentItem {
  id: string;
  className: string;
  description: string | null;
  petName: string;
  attended: number;
  remaining: number;
  next: ClassSessionItem | null;
  schedule: ClassSessionItem[];
}

export interface ClassesPageProps {
  items: EnrollmentItem[];
  timeZone: string;
  locale: string;
}

export function ClassesPage({ items, timeZone, locale }: ClassesPageProps) {
  const when = (s: { startsAt: Date; endsAt: Date }) =>
    `${formatDateTimeRange(s.startsAt, s.endsAt, timeZone, locale)} ${timeZoneLabel(timeZone, s.startsAt, locale)}`;
  return (
    <section aria-labelledby="classes-heading">
      <h1 id="classes-heading">Classes</h1>
      {items.length === 0 ? (
        <p class="empty">None of your pets are enrolled in a class.</p>
      ) : (
        <ul class="holdings">
          {items.map((e) => (
            <li class="card">
              <h2>
                {e.className} · {e.petName}
              </h2>
              {e.description ? <p class="muted pre">{e.description}</p> : null}
              <dl class="facts">
                <dt>Attended</dt>
                <dd>{count(e.attended, 'session')}</dd>
                <dt>Remaining</dt>
                <dd>{count(e.remaining, 'session')}</dd>
                <dt>Next session</dt>
                <dd>{e.next ? when(e.next) : 'No more sessions scheduled'}</dd>
              </dl>
              {e.schedule.length > 0 ? (
                <details>
                  <summary>Schedule ({count(e.schedule.length, 'session')})</summary>
                  <ol class="schedule">
                    {e.schedule.map((s) => (
                      <li>
                        {when(s)}
                        {s.attended ? <span class="status s-confirmed">Attended</span> : s.past ? <span class="status">Not attended</span> : null}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
