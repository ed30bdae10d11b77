/**
 * The business console's schedule (issue 10, item 3): the day and week views of the
 * business's visits in its time zone, and the staff's status changes on them (the allowed
 * ones only, domain/status-transitions.ts). A page is one batch. A change is the page's reads
 * with the visit, then one booking-lock call (the lock runs the change's batch, conditional on
 * the status and version the page showed, with its audit row, and frees a canceled or no-show
 * visit's places in its ledger at once); only a change that lost to another one reads the page
 * again (db/queries/schedule.ts). Check-in and no-show follow the calendar as well.
 *
 * Why the window is read wide: the business's time zone arrives in the same batch as the
 * visits (with the staff session), so the statements cannot know where its day starts. They
 * read the UTC days around it (every zone is within UTC−12…UTC+14) and the exact local window
 * is cut here, once the zone is known.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppEnv } from '../../app-env';
import type { AppointmentStatus } from '../../db/schema';
import { unreadCountStatement } from '../../db/queries/console';
import { SCHEDULE_LIMIT, scheduleStatements, visitForChange } from '../../db/queries/schedule';
import { statusLabel } from '../../domain/appointment-status';
import { newId } from '../../domain/ids';
import { TRANSITION_LABELS, allowedTransitions, checkTransition, type VisitDays } from '../../domain/status-transitions';
import { bookingLockForBusiness } from '../../durable-objects/stubs';
import { addDays, formatDate, formatTime, isValidDateString, localDateString, startOfDayUtc, timeZoneLabel } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireStaff, type Membership, type StaffContext } from '../../middleware/console';
import { consolePage } from './page';
import { ScheduleDay, ScheduleWeek, type DayProps, type ScheduleError, type VisitView, type WeekProps } from '../../../templates/manage/schedule';
import { serviceTypeLabel } from '../../../templates/appointments/labels';

export const scheduleRoutes = new Hono<AppEnv>();

const HOUR = 3_600_000;
/** Visits whose pets have arrived: the schedule offers each pet's report card for the visit. */
const REPORT_CARD_STATUSES = new Set<string>(['checked_in', 'ready_for_pickup', 'finished']);
const FIRST_DAY = '1970-01-01';
const LAST_DAY = '2999-12-31';

type View = 'day' | 'week';

/** The days a page shows: its first day (a week starts on Monday) and how many. */
function windowOf(day: string, view: View): { first: string; days: number } {
  if (view === 'day') return { first: day, days: 1 };
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return { first: addDays(day, -((weekday + 6) % 7)), days: 7 };
}

/**
 * The days to read for `day` (or, when null, for "today" in a zone not known yet: today in UTC
 * is at most a day away from today anywhere, so the union of those three days' windows).
 */
function readWindow(day: string | null, view: View): { first: string; days: number } {
  if (day) return windowOf(day, view);
  const utcToday = new Date().toISOString().slice(0, 10);
  const earliest = windowOf(addDays(utcToday, -1), view);
  const latest = windowOf(addDays(utcToday, 1), view);
  const span = Math.round((Date.parse(`${latest.first}T00:00:00Z`) - Date.parse(`${earliest.first}T00:00:00Z`)) / 86_400_000);
  return { first: earliest.first, days: span + latest.days };
}

/** The visit's first and last day and today's, in the business's zone, for the calendar rules. */
function visitDays(v: { startsAt: Date; endsAt: Date }, now: number, tz: string, locale: string): VisitDays {
  // A visit ending at midnight ends on the day before (a stay out on the 8th at 00:00 is the 7th's).
  const lastInstant = Math.max(v.startsAt.getTime(), v.endsAt.getTime() - 1);
  return {
    today: localDateString(now, tz),
    firstDay: localDateString(v.startsAt, tz),
    lastDay: localDateString(lastInstant, tz),
    firstDayLabel: formatDate(v.startsAt, tz, locale),
    lastDayLabel: formatDate(lastInstant, tz, locale),
  };
}

/** The page's statements, before the business's zone is known (see the module header). */
function pageStatements(c: Context<AppEnv>, businessId: string, first: string, days: number, tokenHash: string, now: number) {
  const db = c.get('db');
  const fromMs = Date.parse(`${first}T00:00:00Z`) - 14 * HOUR;
  const toMs = Date.parse(`${addDays(first, days)}T00:00:00Z`) + 12 * HOUR;
  return { ...scheduleStatements(db, { businessId, fromMs, toMs, tokenHash, now }), unread: unreadCountStatement(db, businessId, tokenHash, now) };
}

type PageResults = {
  [K in keyof ReturnType<typeof pageStatements>]: Awaited<ReturnType<typeof pageStatements>[K]>;
};

/** `?day=` (or the form's `day`): a real date, else today in the business's zone and words saying so. */
function dayOf(raw: unknown): { day: string | null; problem: string | null } {
  if (raw === undefined || raw === null || raw === '') return { day: null, problem: null };
  const shown = typeof raw === 'string' ? raw.slice(0, 40) : 'that';
  if (typeof raw === 'string' && isValidDateString(raw)) {
    // The calendar maths (a week either side, zone offsets) stays well inside what Date and Intl handle.
    if (raw >= FIRST_DAY && raw <= LAST_DAY) return { day: raw, problem: null };
    return { day: null, problem: `The schedule covers ${FIRST_DAY.slice(0, 4)} to ${LAST_DAY.slice(0, 4)}; “${shown}” is outside it. Showing today instead.` };
  }
  return { day: null, problem: `“${shown}” is not a date (write it as YYYY-MM-DD, e.g. 2026-12-01). Showing today instead.` };
}

const DONE: Record<string, string> = {
  confirmed: 'Confirmed.',
  checked_in: 'Checked in. The client can now see their pet on the live camera, if you have one.',
  ready_for_pickup: 'Marked ready for pickup.',
  finished: 'Finished.',
  no_show: 'Marked as a no-show. Its places are free again.',
  canceled: 'Canceled. The client sees your reason in their portal; its places are free again.',
};

interface Render {
  businessId: string;
  staff: StaffContext;
  m: Membership;
  results: PageResults;
  now: number;
  day: string | null;
  view: View;
  dayProblem?: string | null;
  notice?: string | null;
  error?: ScheduleError | null;
  status?: 200 | 409 | 422;
}

function scheduleHref(businessId: string, day: string, view: View) {
  return `/manage/${businessId}/schedule?${view === 'week' ? 'view=week&' : ''}day=${day}`;
}

/** The schedule page (or, for htmx, its section) from one batch's answer. */
function renderSchedule(c: Context<AppEnv>, r: Render) {
  const { m, results, businessId } = r;
  const tz = m.timeZone;
  const locale = m.locale;
  const today = localDateString(r.now, tz);
  const day = r.day ?? today;
  const { first, days } = windowOf(day, r.view);
  const fromMs = startOfDayUtc(first, tz);
  const toMs = startOfDayUtc(addDays(first, days), tz);
  const inWindow = results.visits.filter((v) => v.startsAt.getTime() < toMs && v.endsAt.getTime() > fromMs);
  const dayLabel = (d: string, opts?: Intl.DateTimeFormatOptions) => formatDate(startOfDayUtc(d, tz) + 12 * HOUR, tz, locale, opts);
  const shortDay = (d: string) => dayLabel(d, { weekday: 'short', day: 'numeric', month: 'short' });
  const time = (d: Date) => formatTime(d, tz, locale);

  const servicesOf = new Map<string, { name: string; staffId: string | null; staff: string | null }[]>();
  for (const s of results.visitServices) {
    const list = servicesOf.get(s.appointmentPetId) ?? [];
    list.push({ name: s.name, staffId: s.staffId, staff: s.staffFirstName ? `${s.staffFirstName} ${s.staffLastName ?? ''}`.trim() : null });
    servicesOf.set(s.appointmentPetId, list);
  }
  const petsOf = (id: string) => results.visitPets.filter((p) => p.appointmentId === id);

  const toView = (v: (typeof inWindow)[number], onDay: string | null): VisitView => {
    const status = v.status as AppointmentStatus;
    const when =
      v.serviceType === 'boarding'
        ? `Check-in ${shortDay(localDateString(v.startsAt, tz))}, ${time(v.startsAt)} · Check-out ${shortDay(localDateString(v.endsAt, tz))}, ${time(v.endsAt)}`
        : v.serviceType === 'daycare'
          ? `Drop-off ${time(v.startsAt)} · Pick-up ${time(v.endsAt)}`
          : `${time(v.startsAt)} – ${time(v.endsAt)}`;
    const tags: string[] = [];
    if (v.serviceType === 'boarding' && onDay) {
      if (localDateString(v.startsAt, tz) === onDay) tags.push(`Checks in today ${time(v.startsAt)}`);
      if (localDateString(v.endsAt, tz) === onDay) tags.push(`Checks out today ${time(v.endsAt)}`);
    }
    const transitions = allowedTransitions(status, visitDays(v, r.now, tz, locale));
    const used = results.visitPackages.find((u) => u.appointmentId === v.id);
    return {
      id: v.id,
      status,
      statusLabel: statusLabel(status),
      kind: serviceTypeLabel(v.serviceType),
      client: `${v.clientFirstName} ${v.clientLastName}`,
      phone: v.clientPhone,
      when,
      tags,
      pets: petsOf(v.id).map((p) => ({
        name: p.name,
        room: p.cameraRoom,
        // Once the pet has arrived, staff can write its report card for this visit.
        reportCardHref: REPORT_CARD_STATUSES.has(status) ? `/manage/${businessId}/clients/${v.clientId}/pets/${p.petId}/report-card?appointment=${v.id}` : null,
        services: (servicesOf.get(p.appointmentPetId) ?? []).map((s) => (s.staff ? `${s.name} (${s.staff})` : s.name)),
      })),
      notes: v.notes,
      cancelReason: v.cancelReason,
      version: v.version,
      actions: transitions.filter((t) => t !== 'canceled').map((t) => ({ to: t, label: TRANSITION_LABELS[t] })),
      canCancel: transitions.includes('canceled'),
      packageUsed: used ? `${used.name} (${used.remaining} of ${used.total} left)` : null,
    };
  };

  const zoneNote = `Times in the business’s time zone (${timeZoneLabel(tz, fromMs, locale)}).`;
  const step = r.view === 'week' ? 7 : 1;
  const prevDay = addDays(first, -step);
  const nextDay = addDays(first, step);
  const common = {
    businessId,
    day: first,
    zoneNote,
    prev: { href: scheduleHref(businessId, prevDay, r.view), label: r.view === 'week' ? `Week of ${shortDay(prevDay)}` : shortDay(prevDay) },
    next: { href: scheduleHref(businessId, nextDay, r.view), label: r.view === 'week' ? `Week of ${shortDay(nextDay)}` : shortDay(nextDay) },
    todayHref: scheduleHref(businessId, today, r.view),
    notice: r.notice,
    error: r.error,
    dayProblem: r.dayProblem,
    truncated: results.visits.length >= SCHEDULE_LIMIT,
  };

  let body: () => unknown;
  if (r.view === 'day') {
    const visits = inWindow.map((v) => ({ row: v, view: toView(v, first) }));
    const active = (x: { row: { status: string } }) => x.row.status !== 'canceled' && x.row.status !== 'no_show';
    const boarding = visits.filter((x) => x.row.serviceType === 'boarding');
    const ins = boarding.filter((x) => active(x) && localDateString(x.row.startsAt, tz) === first).length;
    const outs = boarding.filter((x) => active(x) && localDateString(x.row.endsAt, tz) === first).length;
    const groomers = new Map<string, VisitView[]>();
    for (const x of visits.filter((x) => x.row.serviceType === 'grooming')) {
      const names = [...new Set(petsOf(x.row.id).flatMap((p) => (servicesOf.get(p.appointmentPetId) ?? []).map((s) => s.staff ?? '')))];
      for (const name of names.length ? names : ['']) groomers.set(name, [...(groomers.get(name) ?? []), x.view]);
    }
    const grooming = [...groomers.entries()]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, locale)))
      .map(([name, list]) => ({ groomer: name || 'No groomer assigned', visits: list }));
    const props: DayProps = {
      ...common,
      view: 'day',
      heading: dayLabel(first),
      boarding: {
        summary: `${boarding.filter(active).length} in house · ${ins} checking in · ${outs} checking out`,
        visits: boarding.map((x) => x.view),
      },
      daycare: visits.filter((x) => x.row.serviceType === 'daycare').map((x) => x.view),
      grooming,
      training: visits.filter((x) => x.row.serviceType === 'training').map((x) => x.view),
      empty: visits.length === 0,
    };
    body = () => <ScheduleDay {...props} />;
  } else {
    const props: WeekProps = {
      ...common,
      view: 'week',
      heading: `Week of ${dayLabel(first)}`,
      days: Array.from({ length: 7 }, (_, i) => {
        const d = addDays(first, i);
        const start = startOfDayUtc(d, tz);
        const end = startOfDayUtc(addDays(d, 1), tz);
        return {
          day: d,
          heading: dayLabel(d, { weekday: 'long', day: 'numeric', month: 'short' }),
          href: scheduleHref(businessId, d, 'day'),
          lines: inWindow
            .filter((v) => v.startsAt.getTime() < end && v.endsAt.getTime() > start)
            .map((v) => {
              const view = toView(v, d);
              return {
                id: v.id,
                when:
                  v.serviceType === 'boarding'
                    ? view.tags.map((t) => t.replace(' today', '')).join(' · ') || 'In house'
                    : `${time(v.startsAt)} – ${time(v.endsAt)}`,
                text: `${view.kind} · ${view.client} (${view.pets.map((p) => p.name).join(', ')})`,
                status: view.status,
                statusLabel: view.statusLabel,
              };
            }),
        };
      }),
    };
    body = () => <ScheduleWeek {...props} />;
  }

  return consolePage(
    c,
    'Schedule',
    { staff: r.staff, membership: m, unread: Number(results.unread[0]?.unread ?? 0), current: 'schedule' },
    body,
    r.status ?? (r.dayProblem ? 422 : 200),
  );
}

scheduleRoutes.get('/manage/:businessId/schedule', async (c) => {
  const businessId = c.req.param('businessId');
  const view: View = c.req.query('view') === 'week' ? 'week' : 'day';
  const { day, problem } = dayOf(c.req.query('day'));
  const { first, days } = readWindow(day, view);
  const { staff, results, now } = await loadStaff(c, (tokenHash, now) => pageStatements(c, businessId, first, days, tokenHash, now));
  const m = requireStaff(staff, businessId);
  const done = c.req.query('done');
  return renderSchedule(c, { businessId, staff, m, results, now, day, view, dayProblem: problem, notice: done ? (DONE[done] ?? null) : null });
});

scheduleRoutes.post('/manage/:businessId/appointments/:appointmentId/status', async (c) => {
  const businessId = c.req.param('businessId');
  const appointmentId = c.req.param('appointmentId');
  const form = await c.req.parseBody();
  const { day: formDay } = dayOf(form.day);
  const window = readWindow(formDay, 'day');
  const db = c.get('db');
  const { staff, results, now, tokenHash } = await loadStaff(c, (tokenHash, now) => ({
    visit: visitForChange(db, businessId, appointmentId, tokenHash, now),
    ...pageStatements(c, businessId, window.first, window.days, tokenHash, now),
  }));
  const m = requireStaff(staff, businessId);
  const visit = results.visit[0];
  if (!visit) throw new HTTPException(404);
  const day = formDay ?? localDateString(visit.startsAt, m.timeZone);
  const page = (pageResults: PageResults, error: ScheduleError, status: 409 | 422) =>
    renderSchedule(c, { businessId, staff, m, results: pageResults, now, day: formDay, view: 'day', error, status });

  const to = typeof form.to === 'string' ? form.to : '';
  const version = typeof form.version === 'string' && /^\d{1,9}$/.test(form.version) ? Number(form.version) : null;
  const stale = (current: AppointmentStatus): ScheduleError => ({
    id: appointmentId,
    message: `Someone changed this visit since your page was loaded: it is now ${statusLabel(current)}. Nothing was changed — check it and try again.`,
  });
  if (version === null || version !== visit.version) return page(results, stale(visit.status), 409);
  const check = checkTransition(visit.status, to, visitDays(visit, now, m.timeZone, m.locale), form.reason);
  if (!check.ok) {
    if (check.problem === 'not_allowed') return page(results, { id: appointmentId, message: check.message }, 409);
    return page(
      results,
      { id: appointmentId, message: check.message, reasonError: check.message, reason: typeof form.reason === 'string' ? form.reason : '' },
      422,
    );
  }

  const { applied } = await bookingLockForBusiness(c.env, businessId).changeStatus({
    businessId,
    appointmentId,
    from: check.from,
    to: check.to,
    version,
    reason: check.reason,
    releasesCapacity: check.releasesCapacity,
    tokenHash,
    now,
    staffAccountId: staff.staffAccountId,
    auditId: newId('aud'),
    auditDetail: `${statusLabel(check.from)} → ${statusLabel(check.to)}${check.reason ? `: ${check.reason}` : ''}`,
    ipAddress: clientIp(c),
    // A check-out uses one of the client's packages that covers the visit, once (queries/schedule.ts).
    packageUse: check.to === 'finished' ? { id: newId('pku'), auditId: newId('aud'), today: localDateString(now, m.timeZone) } : undefined,
  });
  if (!applied) {
    // Someone else changed it first: the page again as it is now (the action's second round trip).
    const reads = pageStatements(c, businessId, window.first, window.days, tokenHash, now);
    const readNames = Object.keys(reads) as (keyof typeof reads)[];
    const answers = await db.batch([visitForChange(db, businessId, appointmentId, tokenHash, now), ...readNames.map((k) => reads[k])] as unknown as [
      BatchItem<'sqlite'>,
      ...BatchItem<'sqlite'>[],
    ]);
    const after = answers[0] as { status: AppointmentStatus }[];
    const fresh = Object.fromEntries(readNames.map((k, i) => [k, answers[1 + i]])) as unknown as PageResults;
    if (!after[0]) throw new HTTPException(404);
    return page(fresh, stale(after[0].status), 409);
  }
  return c.redirect(`/manage/${businessId}/schedule?day=${day}&done=${check.to}#visit-${appointmentId}`, 303);
});
