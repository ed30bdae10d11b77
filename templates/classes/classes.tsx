/**
 * Group classes (SPEC §10): for each pet's enrollment, the class, sessions attended and
 * remaining, the next session, and the whole schedule — times in the business's zone.
 */
import { formatDateTimeRange, timeZoneLabel } from '../../src/domain/time';
import { t, viewLocale } from '../../src/i18n';

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

export function ClassesPage({ items, timeZone, locale: businessLocale }: ClassesPageProps) {
  const locale = viewLocale(businessLocale);
  const when = (s: { startsAt: Date; endsAt: Date }) =>
    `${formatDateTimeRange(s.startsAt, s.endsAt, timeZone, locale)} ${timeZoneLabel(timeZone, s.startsAt, locale)}`;
  return (
    <section aria-labelledby="classes-heading">
      <h1 id="classes-heading">{t('classes.title')}</h1>
      {items.length === 0 ? (
        <p class="empty">{t('classes.empty')}</p>
      ) : (
        <ul class="holdings">
          {items.map((e) => (
            <li class="card">
              <h2>
                {e.className} · {e.petName}
              </h2>
              {e.description ? <p class="muted pre">{e.description}</p> : null}
              <dl class="facts">
                <dt>{t('classes.attended')}</dt>
                <dd>{t('classes.sessions', { count: e.attended })}</dd>
                <dt>{t('classes.remaining')}</dt>
                <dd>{t('classes.sessions', { count: e.remaining })}</dd>
                <dt>{t('classes.next')}</dt>
                <dd>{e.next ? when(e.next) : t('classes.noMore')}</dd>
              </dl>
              {e.schedule.length > 0 ? (
                <details>
                  <summary>{t('classes.schedule', { count: e.schedule.length })}</summary>
                  <ol class="schedule">
                    {e.schedule.map((s) => (
                      <li>
                        {when(s)}
                        {s.attended ? (
                          <span class="status s-confirmed">{t('classes.status.attended')}</span>
                        ) : s.past ? (
                          <span class="status">{t('classes.status.notAttended')}</span>
                        ) : null}
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
