/**
 * The owners' "Hours and closures" forms, pure (console settings, issue 13): the weekly opening
 * hours of one scope (shared by every service type, or one type's own), a closed date with the
 * reason parents see, a drop-off or pick-up window — each read from the form with what was
 * typed kept, and checked field by field. And the rule that protects booked visits: which live
 * appointments a change would leave outside the hours (or on a closed day), so the page can
 * refuse it with the list unless the owner keeps them on purpose.
 *
 * Rules decided here:
 * - Times are `HH:MM`, 24-hour (a single-digit hour such as `9:00` is read as `09:00`).
 * - A period needs both ends, opens before closes; periods of one weekday (of one scope) may
 *   not overlap, touching ends (12:00–13:00 and 13:00–17:00) allowed.
 * - A visit "fits" the hours when it starts and ends inside one period of its type that day
 *   (grooming), or — when it ends on another day (boarding) — its drop-off and its pick-up
 *   each fall within a period of their day, ends inclusive, as availability.ts books them.
 *   A start already past is not judged again (the pet was dropped off): only the end is.
 *   A change is refused for the visits that fit before it and not after it.
 * - A closed date touches the visits that start (from now on) or end that local day (a
 *   boarding stay over the day itself is not affected: pets already boarding stay over a
 *   holiday).
 */
import { SERVICE_TYPES, WINDOW_KINDS, type AppointmentStatus, type ServiceType } from '../db/schema';
import { openingHoursOn, type OpeningHours, type Weekday } from './availability';
import { CAPACITY_HOLDING_STATUSES } from './capacity';
import { notesProblem, NAME_MESSAGES } from './name-text';
import { isValidDateString, isValidTimeString, localDateString, localTimeString } from './time';

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Monday first, as a week reads on the page. */
export const WEEK_ORDER: Weekday[] = [1, 2, 3, 4, 5, 6, 0];

/** The most opening periods one weekday may have in one scope. */
export const MAX_PERIODS_PER_DAY = 4;

export const MAX_REASON_LENGTH = 200;

/** Statuses of an appointment that is still going to happen (or is happening). */
export const LIVE_STATUSES = [...CAPACITY_HOLDING_STATUSES, 'waitlisted'] as const satisfies readonly AppointmentStatus[];

/** Whose hours a form sets: every service type's (shared) or one type's own. */
export type HoursScope = 'all' | ServiceType;

export const HOURS_MESSAGES = {
  time: 'Write the time as HH:MM, 24-hour, e.g. 09:00 or 17:30.',
  opensMissing: 'Give the opening time too, or clear both.',
  closesMissing: 'Give the closing time too, or clear both.',
  order: 'Closing must be after opening.',
  tooMany: `At most ${MAX_PERIODS_PER_DAY} periods a day.`,
} as const;

export const CLOSED_DATE_MESSAGES = {
  date: 'Write the date as YYYY-MM-DD, e.g. 2026-12-25, and make it a real date.',
  past: 'That day has passed. Choose today or a later date.',
  already: 'That day is already closed.',
  reasonLength: `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer.`,
} as const;

export const WINDOW_MESSAGES = {
  kind: 'Choose drop-off or pick-up.',
  order: 'The window must end after it starts.',
} as const;

export function parseScope(raw: unknown): HoursScope | null {
  if (raw === undefined || raw === '' || raw === 'all') return 'all';
  return typeof raw === 'string' && (SERVICE_TYPES as readonly string[]).includes(raw) ? (raw as ServiceType) : null;
}

/** The name of an hours field: `opens.1.0` is Monday's first opening time. */
export function hoursField(end: 'opens' | 'closes', weekday: number, index: number): string {
  return `${end}.${weekday}.${index}`;
}

/** A period as typed. */
export interface PeriodInput {
  opens: string;
  closes: string;
}

/** What the hours form holds, weekday (0 = Sunday) → its periods as typed. */
export type WeekInput = PeriodInput[][];

type Form = Record<string, unknown>;

function text(form: Form, name: string, max = 20): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
}

/** A time as `HH:MM`, or null; `9:00` reads as `09:00`. */
export function normaliseTime(raw: string): string | null {
  const t = /^\d:\d\d$/.test(raw) ? `0${raw}` : raw;
  return isValidTimeString(t) ? t : null;
}

/** The week as typed, blank rows dropped (a row with either end typed is kept). */
export function readWeek(form: Form): WeekInput {
  return WEEKDAY_NAMES.map((_, weekday) => {
    const periods: PeriodInput[] = [];
    for (let i = 0; i < MAX_PERIODS_PER_DAY * 2; i++) {
      const opens = text(form, hoursField('opens', weekday, i));
      const closes = text(form, hoursField('closes', weekday, i));
      if (opens !== '' || closes !== '') periods.push({ opens, closes });
    }
    return periods;
  });
}

/** The week of stored rows, as the form shows it. */
export function weekOf(rows: readonly OpeningHours[]): WeekInput {
  return WEEKDAY_NAMES.map((_, weekday) =>
    rows
      .filter((r) => r.weekday === weekday)
      .sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0))
      .map((r) => ({ opens: r.opens, closes: r.closes })),
  );
}

export type FieldErrors = Record<string, string>;

/**
 * The periods of a week as typed, checked: every error keyed by its field name (the rows'
 * indexes are those of `week`, which the page re-renders in the same order).
 */
export function checkWeek(week: WeekInput): { ok: true; periods: OpeningHours[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const periods: OpeningHours[] = [];
  week.forEach((rows, weekday) => {
    const good: { opens: string; closes: string; index: number }[] = [];
    rows.forEach((row, index) => {
      const opensName = hoursField('opens', weekday, index);
      const closesName = hoursField('closes', weekday, index);
      if (index >= MAX_PERIODS_PER_DAY) {
        errors[opensName] = HOURS_MESSAGES.tooMany;
        return;
      }
      const opens = row.opens === '' ? null : normaliseTime(row.opens);
      const closes = row.closes === '' ? null : normaliseTime(row.closes);
      if (row.opens === '') errors[opensName] = HOURS_MESSAGES.opensMissing;
      else if (opens === null) errors[opensName] = HOURS_MESSAGES.time;
      if (row.closes === '') errors[closesName] = HOURS_MESSAGES.closesMissing;
      else if (closes === null) errors[closesName] = HOURS_MESSAGES.time;
      if (opens === null || closes === null) return;
      if (closes <= opens) {
        errors[closesName] = HOURS_MESSAGES.order;
        return;
      }
      const clash = good.find((g) => g.opens < closes && opens < g.closes);
      if (clash) {
        errors[opensName] = `This overlaps ${clash.opens}–${clash.closes} on ${WEEKDAY_NAMES[weekday]}. Periods of one day may not overlap.`;
        return;
      }
      good.push({ opens, closes, index });
    });
    for (const g of good) periods.push({ weekday: weekday as Weekday, opens: g.opens, closes: g.closes });
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, periods };
}

/** All the business's hours after a scope's periods are replaced by `periods`. */
export function replaceScope(rows: readonly OpeningHours[], scope: HoursScope, periods: readonly OpeningHours[]): OpeningHours[] {
  const type = scope === 'all' ? null : scope;
  return [...rows.filter((r) => (r.serviceType ?? null) !== type), ...periods.map((p) => ({ ...p, serviceType: type }))];
}

/** A live appointment as the checks need it. */
export interface LiveVisit {
  id: string;
  serviceType: ServiceType;
  status: AppointmentStatus;
  startsAt: number;
  endsAt: number;
}

function weekdayOf(date: string): Weekday {
  return new Date(`${date}T00:00:00Z`).getUTCDay() as Weekday;
}

/** True when the visit lies within its type's hours (module header); `now` epoch ms. */
export function visitFits(hours: readonly OpeningHours[], visit: LiveVisit, timeZone: string, now: number): boolean {
  const startDate = localDateString(visit.startsAt, timeZone);
  const endDate = localDateString(visit.endsAt, timeZone);
  const startTime = localTimeString(visit.startsAt, timeZone);
  const endTime = localTimeString(visit.endsAt, timeZone);
  const on = (date: string) => openingHoursOn(hours, visit.serviceType, weekdayOf(date)).filter((h) => h.opens < h.closes);
  const within = (date: string, time: string) => on(date).some((h) => h.opens <= time && time <= h.closes);
  const started = visit.startsAt < now;
  if (startDate === endDate && !started) return on(startDate).some((h) => h.opens <= startTime && endTime <= h.closes);
  return (started || within(startDate, startTime)) && within(endDate, endTime);
}

/** The live visits that fit `before` and would not fit `after`: what a change of hours leaves out. */
export function visitsLeftOut<V extends LiveVisit>(
  before: readonly OpeningHours[],
  after: readonly OpeningHours[],
  visits: readonly V[],
  timeZone: string,
  now: number,
): V[] {
  return visits.filter((v) => isLive(v.status) && v.endsAt >= now && visitFits(before, v, timeZone, now) && !visitFits(after, v, timeZone, now));
}

/** The live visits not over by `now` that start (at or after `now`) or end on the local `date`. */
export function visitsOnDate<V extends LiveVisit>(visits: readonly V[], date: string, timeZone: string, now: number): V[] {
  return visits.filter(
    (v) =>
      isLive(v.status) &&
      v.endsAt >= now &&
      ((v.startsAt >= now && localDateString(v.startsAt, timeZone) === date) || localDateString(v.endsAt, timeZone) === date),
  );
}

export function isLive(status: AppointmentStatus): boolean {
  return (LIVE_STATUSES as readonly string[]).includes(status);
}

/** The closed-date form as typed. */
export interface ClosedDateInput {
  date: string;
  reason: string;
}

export function readClosedDate(form: Form): ClosedDateInput {
  return { date: text(form, 'date', 40), reason: typeof form.reason === 'string' ? form.reason.trim().slice(0, 1000) : '' };
}

/** A closed date checked against today (the business's local date) and the dates already closed. */
export function checkClosedDate(
  input: ClosedDateInput,
  today: string,
  closed: readonly string[],
): { ok: true; date: string; reason: string | null } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!isValidDateString(input.date)) errors.date = CLOSED_DATE_MESSAGES.date;
  else if (input.date < today) errors.date = CLOSED_DATE_MESSAGES.past;
  else if (closed.includes(input.date)) errors.date = CLOSED_DATE_MESSAGES.already;
  const reason = input.reason.replace(/\r\n/g, '\n');
  if ([...reason].length > MAX_REASON_LENGTH) errors.reason = CLOSED_DATE_MESSAGES.reasonLength;
  else {
    const problem = notesProblem(reason);
    if (problem) errors.reason = NAME_MESSAGES[problem];
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, date: input.date, reason: reason === '' ? null : reason };
}

export type WindowKind = (typeof WINDOW_KINDS)[number];

export interface WindowInput {
  kind: string;
  starts: string;
  ends: string;
}

export function readWindow(form: Form): WindowInput {
  return { kind: text(form, 'kind'), starts: text(form, 'starts'), ends: text(form, 'ends') };
}

const KIND_WORDS: Record<WindowKind, string> = { drop_off: 'drop-off', pick_up: 'pick-up' };

export function windowKindWords(kind: WindowKind): string {
  return KIND_WORDS[kind];
}

/** A window checked; `existing` are the business's windows (one kind may not have two starting at the same time). */
export function checkWindow(
  input: WindowInput,
  existing: readonly { kind: WindowKind; starts: string }[],
): { ok: true; kind: WindowKind; starts: string; ends: string } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kind = (WINDOW_KINDS as readonly string[]).includes(input.kind) ? (input.kind as WindowKind) : null;
  if (!kind) errors.kind = WINDOW_MESSAGES.kind;
  const starts = normaliseTime(input.starts);
  const ends = normaliseTime(input.ends);
  if (starts === null) errors.starts = HOURS_MESSAGES.time;
  if (ends === null) errors.ends = HOURS_MESSAGES.time;
  else if (starts !== null && ends <= starts) errors.ends = WINDOW_MESSAGES.order;
  if (kind && starts !== null && !errors.ends && existing.some((w) => w.kind === kind && w.starts === starts)) {
    errors.starts = `A ${KIND_WORDS[kind]} window already starts at ${starts}. Remove it first, or choose another time.`;
  }
  return kind && starts !== null && ends !== null && Object.keys(errors).length === 0 ? { ok: true, kind, starts, ends } : { ok: false, errors };
}
