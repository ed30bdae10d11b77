/**
 * Availability rules for online booking (SPEC §5): which grooming start times, boarding stays
 * and daycare days a pet parent may ask for, and the deposit the review step shows.
 *
 * Why it exists: the booking page offers times and the server must re-check whatever comes
 * back (a form can be stale or forged), so both sides need the same rules, written once,
 * with no I/O — the caller loads settings, schedules, existing work and occupancy, passes
 * `now`, and gets data back: a list, or `{ ok: false, reason }` with a code the page turns
 * into words. Ordinary refusals never throw; only malformed input (a date that is not
 * `YYYY-MM-DD`, a time that is not `HH:MM`, a non-positive duration or slot interval, a pet
 * count below one) throws a RangeError, because routes validate form fields before this.
 *
 * Rules decided here:
 * - Every calendar date is the business's local date (`rules.timeZone`); "today" is
 *   `localDateString(now, tz)`, so 23:30 in Los Angeles is still today there although it is
 *   already tomorrow in UTC. The horizon's last bookable date is today + `horizonDays`.
 * - A day is closed when it is in `closedDates` or has no opening hours on its weekday.
 * - Opening hours are per service type: a period with no `serviceType` is shared by every
 *   type; a type with periods of its own on a weekday uses those instead of the shared ones
 *   that weekday (`openingHoursOn`). Grooming starts use grooming's hours, boarding and
 *   daycare drop-offs and pick-ups theirs.
 * - An opening period (or staff schedule period) `opens`–`closes` on a date is the real time
 *   span from `zonedDateTimeToUtc(date, opens)` to `zonedDateTimeToUtc(date, closes)` (its
 *   default rule: a time skipped by spring-forward reads forward by the gap, a repeated time
 *   is its first occurrence). Periods with `closes <= opens` are empty; periods never cross
 *   midnight. Work must fit inside ONE period: split shifts and adjacent periods are not
 *   joined.
 * - Grooming start times lie on a wall-clock grid: `opens`, `opens + slotIntervalMinutes`, …
 *   of each opening period. A grid time skipped by spring-forward is not offered; a grid time
 *   repeated at fall-back is offered once per real instant (both 01:30s), in time order, and a
 *   start shared by overlapping periods only once. The whole duration, in real elapsed
 *   minutes, must fit in the opening period and in one schedule period of a staff member with
 *   no busy interval overlapping it (half-open: work ending at 10:00 does not block 10:00).
 * - A staff member's periods on a date are that date's exceptions when they have any
 *   (`staffPeriodsOn`): the exceptions with hours are the only periods that day, and an
 *   exception without hours (off all day) gives none; with no exception that date, the weekly
 *   pattern of its weekday.
 * - Notice: a start (grooming) or drop-off (boarding, daycare) must be at least
 *   `minNoticeHours` after `now`; before `now` it is `past` instead.
 * - When no staff member is preferred, the one assigned is the least busy that local day
 *   (fewest busy minutes), then the smallest id: `staffIds` of a slot are listed in that order.
 * - Drop-off and pick-up are moments, allowed from an opening period's `opens` to its
 *   `closes` inclusive ("pick up by 18:00"); a time that does not exist that day (DST gap) is
 *   outside hours.
 * - Boarding: the nights are check-in … the day before check-out; every night must be within
 *   the horizon (check-out may be the day after it). Closed days block check-in and check-out
 *   only: pets already boarding stay over a holiday, so nights are limited by capacity alone.
 *
 * Pure: no I/O, no clock, no module state.
 */
import type { ServiceType } from '../db/schema';
import { addDays, isValidDateString, isValidTimeString, localDateString, localTimeInstants, startOfDayUtc, zonedDateTimeToUtc } from './time';

/** A 24-hour wall-clock time `HH:MM`, e.g. `09:00`. */
export type HHMM = string;

/** A calendar date `YYYY-MM-DD` on the business's local calendar, e.g. `2026-11-30`. */
export type ISODate = string;

/** Day of the week, 0 = Sunday … 6 = Saturday (as `Date#getDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** One opening period on a weekday; several per weekday make split shifts. */
export interface OpeningHours {
  weekday: Weekday;
  opens: HHMM;
  closes: HHMM;
  /** The service type these hours are for; null or absent = shared by every type. */
  serviceType?: ServiceType | null;
}

/**
 * The opening periods `serviceType` keeps on `weekday`: its own periods that weekday when it
 * has any, else the shared ones (no service type). Unsorted; empty periods included.
 */
export function openingHoursOn(openingHours: readonly OpeningHours[], serviceType: ServiceType, weekday: Weekday): OpeningHours[] {
  const thatDay = openingHours.filter((h) => h.weekday === weekday);
  const own = thatDay.filter((h) => h.serviceType === serviceType);
  return own.length > 0 ? own : thatDay.filter((h) => h.serviceType === null || h.serviceType === undefined);
}

/** A business's online booking settings (plain data, as stored). */
export interface BookingRules {
  /** IANA time zone of the business, e.g. `Europe/London`. */
  timeZone: string;
  /** The earliest bookable start (or drop-off) is `now` + this many hours. */
  minNoticeHours: number;
  /** The latest bookable local date is today (business time zone) + this many days. */
  horizonDays: number;
  /** Whole local days the business is closed (holidays). */
  closedDates: ISODate[];
  /** Opening periods; a weekday without any is closed. */
  openingHours: OpeningHours[];
  /** Grooming start times step by this many minutes from each opening time, e.g. 15 or 30. */
  slotIntervalMinutes: number;
  /** The most daycare days, or boarding nights, one request may ask for. */
  maxDaysPerRequest: number;
}

/** When a staff member works: one period on a weekday; several per weekday allowed. */
export interface StaffSchedule {
  staffId: string;
  weekday: Weekday;
  starts: HHMM;
  ends: HHMM;
}

/**
 * A dated change to a staff member's week, on the business's local calendar: hours that
 * replace the weekly pattern that date, or off all day (`starts` and `ends` both null).
 */
export interface StaffException {
  staffId: string;
  date: ISODate;
  starts: HHMM | null;
  ends: HHMM | null;
}

/** A staff member's working period on one date, wall clock. */
export interface StaffPeriod {
  staffId: string;
  starts: HHMM;
  ends: HHMM;
}

/** Existing live grooming work of a staff member, epoch ms, half-open `[startsAt, endsAt)`. */
export interface BusyInterval {
  staffId: string;
  startsAt: number;
  endsAt: number;
}

/** A bookable grooming start and the staff free for it, the one to assign first. */
export interface GroomingSlot {
  /** Epoch ms. */
  startsAt: number;
  /** Free eligible staff, least busy that day first, then by id. Never empty. */
  staffIds: string[];
}

/** What `groomingStartTimes` needs. */
export interface GroomingStartTimesInput {
  rules: BookingRules;
  /** The local date to list. */
  date: ISODate;
  durationMinutes: number;
  /** Schedules of the staff who do this service (only them). */
  staff: StaffSchedule[];
  /** Their dated exceptions (any dates); none = the weekly pattern everywhere. */
  exceptions?: readonly StaffException[];
  /** Only this staff member's times when set. */
  preferredStaffId?: string | null;
  /** Existing live grooming work; any staff and dates may be included. */
  busy: BusyInterval[];
  /** The current instant, epoch ms. */
  now: number;
}

/** Why a grooming start is refused. */
export type GroomingRefusal =
  | 'past'
  | 'notice'
  | 'horizon'
  | 'closed_day'
  | 'outside_hours'
  | 'off_grid'
  | 'staff_unavailable'
  | 'staff_does_not_do_service'
  | 'full';

/** The result of `checkGroomingStart`. */
export type GroomingStartCheck = { ok: true; staffId: string } | { ok: false; reason: GroomingRefusal };

/** What `checkGroomingStart` needs. */
export interface GroomingStartInput {
  rules: BookingRules;
  /** The submitted start, epoch ms. */
  startsAt: number;
  durationMinutes: number;
  /** Schedules of the staff who do this service (only them). */
  staff: StaffSchedule[];
  /** Their dated exceptions (any dates); none = the weekly pattern everywhere. */
  exceptions?: readonly StaffException[];
  /** The staff member asked for, or none (the least busy eligible one is picked). */
  staffId?: string | null;
  busy: BusyInterval[];
  now: number;
}

/** Why a boarding stay is refused. */
export type BoardingRefusal = 'check_out_before_check_in' | 'past' | 'notice' | 'horizon' | 'closed_day' | 'too_many_days' | 'outside_hours' | 'full';

/** The result of `checkBoardingStay`. */
export type BoardingStayCheck =
  | { ok: true; nights: ISODate[]; startsAt: number; endsAt: number }
  | { ok: false; reason: BoardingRefusal; fullNights?: ISODate[] };

/** What `checkBoardingStay` needs. */
export interface BoardingStayInput {
  rules: BookingRules;
  checkIn: ISODate;
  checkOut: ISODate;
  /** How many pets this request boards (at least 1). */
  pets: number;
  capacityPerNight: number;
  /** Pets already boarding each night, keyed by the night's check-in date; missing = 0. */
  occupancy: Record<ISODate, number>;
  now: number;
  /** Drop-off time on the check-in day. */
  dropOffTime: HHMM;
  /** Pick-up time on the check-out day. */
  pickUpTime: HHMM;
}

/** What `boardingCalendar` needs. */
export interface BoardingCalendarInput {
  rules: BookingRules;
  /** First date shown. */
  from: ISODate;
  /** How many dates to show. */
  days: number;
  capacityPerNight: number;
  occupancy: Record<ISODate, number>;
  pets: number;
  now: number;
}

/** One date of the boarding date picker. */
export interface BoardingCalendarDay {
  date: ISODate;
  /** A stay may start here: open, within notice and horizon, and this night has room. */
  bookableAsCheckIn: boolean;
  /** The night starting this date has room for the pets (capacity only). */
  nightAvailable: boolean;
  /** Closed for drop-off and pick-up (a closed date or no opening hours that weekday). */
  closed: boolean;
}

/** Why daycare days are refused. `pick_up_before_drop_off`: pick-up is not after drop-off. */
export type DaycareRefusal =
  | 'no_days'
  | 'duplicate_day'
  | 'past'
  | 'notice'
  | 'horizon'
  | 'closed_day'
  | 'too_many_days'
  | 'pick_up_before_drop_off'
  | 'outside_hours'
  | 'full';

/** The result of `checkDaycareDays`. */
export type DaycareDaysCheck =
  | { ok: true; days: { date: ISODate; startsAt: number; endsAt: number }[] }
  | { ok: false; reason: DaycareRefusal; fullDays?: ISODate[] };

/** What `checkDaycareDays` needs. */
export interface DaycareDaysInput {
  rules: BookingRules;
  days: ISODate[];
  /** How many pets attend each day (at least 1). */
  pets: number;
  capacityPerDay: number;
  /** Pets already attending each day; missing = 0. */
  attendance: Record<ISODate, number>;
  now: number;
  dropOffTime: HHMM;
  pickUpTime: HHMM;
}

/** What `daycareCalendar` needs. */
export interface DaycareCalendarInput {
  rules: BookingRules;
  from: ISODate;
  days: number;
  capacityPerDay: number;
  attendance: Record<ISODate, number>;
  pets: number;
  now: number;
}

/** One date of the daycare date picker. */
export interface DaycareCalendarDay {
  date: ISODate;
  /** May be asked for: open, within notice and horizon, and the day has room. */
  bookable: boolean;
  /** The day has room for the pets (capacity only). */
  dayAvailable: boolean;
  /** Closed (a closed date or no opening hours that weekday). */
  closed: boolean;
}

/** How a business asks for a deposit in online booking. */
export type DepositRule = 'none' | 'fixed' | 'percentage';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

// ─── Grooming ────────────────────────────────────────────────────────────────────────────

/**
 * The bookable grooming start times on one local date, earliest first, each with the staff
 * free for the whole duration (the module header has the rules). Empty on a closed day, a
 * date past the horizon, or when nothing fits.
 *
 * @throws RangeError for a malformed date or times, or a non-positive duration or interval.
 */
export function groomingStartTimes(input: GroomingStartTimesInput): GroomingSlot[] {
  const { rules, date, durationMinutes, staff, exceptions = [], preferredStaffId, busy, now } = input;
  const durationMs = durationToMs(durationMinutes);
  gridStep(rules);
  if (isClosed(rules, date, 'grooming') || date > lastBookableDate(rules, now)) return [];

  const earliest = earliestStart(rules, now);
  const shifts = staffPeriods(rules.timeZone, date, staff, exceptions).filter((s) => !preferredStaffId || s.staffId === preferredStaffId);
  const load = busyMinutesOn(rules.timeZone, date, busy);

  const slots = new Map<number, string[]>();
  for (const period of openingPeriods(rules, date, 'grooming')) {
    for (const startsAt of gridStarts(rules, date, period)) {
      const endsAt = startsAt + durationMs;
      if (startsAt < earliest || endsAt > period.closeAt || slots.has(startsAt)) continue;
      const free = freeStaff(shifts, busy, load, startsAt, endsAt);
      if (free.length > 0) slots.set(startsAt, free);
    }
  }
  return [...slots].sort(([a], [b]) => a - b).map(([startsAt, staffIds]) => ({ startsAt, staffIds }));
}

/**
 * Checks a submitted grooming start against the same rules as `groomingStartTimes` and picks
 * the staff member: the one asked for, else the least busy eligible one that day (then id).
 * Reasons are checked in this order: `past`, `notice`, `horizon`, `closed_day`,
 * `outside_hours`, `off_grid`, `staff_does_not_do_service` (the id has no schedule among
 * `staff` nor an exception), `staff_unavailable` (the chosen staff member — or, with no preference, every
 * staff member — is not scheduled for the whole duration), `full` (everyone scheduled is
 * busy then: the caller waitlists if the business allows it).
 *
 * @throws RangeError for a non-positive duration or interval.
 */
export function checkGroomingStart(input: GroomingStartInput): GroomingStartCheck {
  const { rules, startsAt, durationMinutes, staff, exceptions = [], staffId, busy, now } = input;
  const tz = rules.timeZone;
  const endsAt = startsAt + durationToMs(durationMinutes);
  gridStep(rules);

  if (startsAt < now) return refuse('past');
  if (startsAt < earliestStart(rules, now)) return refuse('notice');
  const date = localDateString(startsAt, tz);
  if (date > lastBookableDate(rules, now)) return refuse('horizon');
  if (isClosed(rules, date, 'grooming')) return refuse('closed_day');

  const containing = openingPeriods(rules, date, 'grooming').filter((p) => p.openAt <= startsAt && endsAt <= p.closeAt);
  if (containing.length === 0) return refuse('outside_hours');
  if (!containing.some((p) => gridStarts(rules, date, p).includes(startsAt))) return refuse('off_grid');

  if (staffId && !staff.some((s) => s.staffId === staffId) && !exceptions.some((x) => x.staffId === staffId)) return refuse('staff_does_not_do_service');
  const scheduled = staffPeriods(tz, date, staff, exceptions).filter((p) => (!staffId || p.staffId === staffId) && p.startAt <= startsAt && endsAt <= p.endAt);
  if (scheduled.length === 0) return refuse('staff_unavailable');

  const [chosen] = freeStaff(scheduled, busy, busyMinutesOn(tz, date, busy), startsAt, endsAt);
  return chosen === undefined ? refuse('full') : { ok: true, staffId: chosen };
}

// ─── Boarding ────────────────────────────────────────────────────────────────────────────

/**
 * Checks a boarding stay: check-in `dropOffTime` to check-out `pickUpTime`, local.
 * Reasons in this order: `check_out_before_check_in` (also when equal), `past`, `notice`
 * (both about the drop-off), `horizon` (a night after the last bookable date),
 * `closed_day` (check-in or check-out day), `too_many_days` (nights over
 * `maxDaysPerRequest`), `outside_hours`, `full` (with every full night in `fullNights`).
 *
 * @throws RangeError for malformed dates or times, or fewer than one pet.
 */
export function checkBoardingStay(input: BoardingStayInput): BoardingStayCheck {
  const { rules, checkIn, checkOut, pets, capacityPerNight, occupancy, now, dropOffTime, pickUpTime } = input;
  assertDate(checkIn);
  assertDate(checkOut);
  assertTime(dropOffTime);
  assertTime(pickUpTime);
  assertPets(pets);
  if (checkOut <= checkIn) return refuse('check_out_before_check_in');

  const dropOff = instantsAt(rules, checkIn, dropOffTime);
  const startsAt = dropOff.at;
  if (startsAt < now) return refuse('past');
  if (startsAt < earliestStart(rules, now)) return refuse('notice');
  const lastNight = addDays(checkOut, -1);
  if (lastNight > lastBookableDate(rules, now)) return refuse('horizon');
  if (isClosed(rules, checkIn, 'boarding') || isClosed(rules, checkOut, 'boarding')) return refuse('closed_day');

  const nights = datesFrom(checkIn, checkOut, rules.maxDaysPerRequest + 1);
  if (nights.length > rules.maxDaysPerRequest) return refuse('too_many_days');

  const pickUp = instantsAt(rules, checkOut, pickUpTime);
  if (!dropOff.exists || !withinHours(rules, checkIn, dropOffTime, 'boarding')) return refuse('outside_hours');
  if (!pickUp.exists || !withinHours(rules, checkOut, pickUpTime, 'boarding')) return refuse('outside_hours');

  const fullNights = nights.filter((night) => !hasRoom(occupancy, night, pets, capacityPerNight));
  if (fullNights.length > 0) return { ok: false, reason: 'full', fullNights };
  return { ok: true, nights, startsAt, endsAt: pickUp.at };
}

/**
 * The boarding date picker: `days` dates from `from`, each saying whether a stay may start
 * there, whether its night has room for `pets`, and whether it is closed (no check-in or
 * check-out). A check-in date is bookable when some opening period that day still closes at
 * or after now + notice (a drop-off time could meet the notice), it is within the horizon,
 * not closed, and its night has room. `checkBoardingStay` remains the final word.
 *
 * @throws RangeError for a malformed `from` or fewer than one pet.
 */
export function boardingCalendar(input: BoardingCalendarInput): BoardingCalendarDay[] {
  const { rules, from, days, capacityPerNight, occupancy, pets, now } = input;
  assertPets(pets);
  return calendarDates(from, days).map((date) => {
    const closed = isClosed(rules, date, 'boarding');
    const nightAvailable = hasRoom(occupancy, date, pets, capacityPerNight);
    const bookableAsCheckIn = !closed && nightAvailable && openForNewArrival(rules, date, now, 'boarding');
    return { date, bookableAsCheckIn, nightAvailable, closed };
  });
}

// ─── Daycare ─────────────────────────────────────────────────────────────────────────────

/**
 * Checks daycare days, each from `dropOffTime` to `pickUpTime` local; on success the days
 * come back sorted with their instants. Reasons in this order: `no_days`, `duplicate_day`,
 * `too_many_days`, `pick_up_before_drop_off` (pick-up not after drop-off), then over all
 * days `past`, `notice`, `horizon`, `closed_day`, `outside_hours`, and `full` (with every
 * full day in `fullDays`).
 *
 * @throws RangeError for malformed dates or times, or fewer than one pet.
 */
export function checkDaycareDays(input: DaycareDaysInput): DaycareDaysCheck {
  const { rules, pets, capacityPerDay, attendance, now, dropOffTime, pickUpTime } = input;
  input.days.forEach(assertDate);
  assertTime(dropOffTime);
  assertTime(pickUpTime);
  assertPets(pets);
  if (input.days.length === 0) return refuse('no_days');
  const days = [...input.days].sort();
  if (days.some((date, i) => i > 0 && days[i - 1] === date)) return refuse('duplicate_day');
  if (days.length > rules.maxDaysPerRequest) return refuse('too_many_days');
  if (pickUpTime <= dropOffTime) return refuse('pick_up_before_drop_off');

  const visits = days.map((date) => ({
    date,
    dropOff: instantsAt(rules, date, dropOffTime),
    pickUp: instantsAt(rules, date, pickUpTime),
  }));
  const earliest = earliestStart(rules, now);
  const lastDate = lastBookableDate(rules, now);
  if (visits.some((v) => v.dropOff.at < now)) return refuse('past');
  if (visits.some((v) => v.dropOff.at < earliest)) return refuse('notice');
  if (days.some((date) => date > lastDate)) return refuse('horizon');
  if (days.some((date) => isClosed(rules, date, 'daycare'))) return refuse('closed_day');
  const outside = visits.some(
    (v) => !v.dropOff.exists || !v.pickUp.exists || !withinHours(rules, v.date, dropOffTime, 'daycare') || !withinHours(rules, v.date, pickUpTime, 'daycare'),
  );
  if (outside) return refuse('outside_hours');

  const fullDays = days.filter((date) => !hasRoom(attendance, date, pets, capacityPerDay));
  if (fullDays.length > 0) return { ok: false, reason: 'full', fullDays };
  return { ok: true, days: visits.map((v) => ({ date: v.date, startsAt: v.dropOff.at, endsAt: v.pickUp.at })) };
}

/**
 * The daycare date picker: `days` dates from `from`, each saying whether it may be asked
 * for, whether it has room for `pets`, and whether it is closed. Bookable = not closed,
 * within the horizon, some opening period still closes at or after now + notice, and room.
 *
 * @throws RangeError for a malformed `from` or fewer than one pet.
 */
export function daycareCalendar(input: DaycareCalendarInput): DaycareCalendarDay[] {
  const { rules, from, days, capacityPerDay, attendance, pets, now } = input;
  assertPets(pets);
  return calendarDates(from, days).map((date) => {
    const closed = isClosed(rules, date, 'daycare');
    const dayAvailable = hasRoom(attendance, date, pets, capacityPerDay);
    const bookable = !closed && dayAvailable && openForNewArrival(rules, date, now, 'daycare');
    return { date, bookable, dayAvailable, closed };
  });
}

// ─── Deposit ─────────────────────────────────────────────────────────────────────────────

/**
 * The deposit for a booking, in minor units: 0 for `none`; `value` minor units for `fixed`;
 * `value` basis points of the total for `percentage` (2000 = 20%), rounded half up to a whole
 * minor unit. Never more than the total, never negative.
 *
 * @throws RangeError when `value` or `totalMinor` is not a safe integer.
 */
export function depositFor({ rule, value, totalMinor }: { rule: DepositRule; value: number; totalMinor: number }): number {
  if (!Number.isSafeInteger(value) || !Number.isSafeInteger(totalMinor)) {
    throw new RangeError(`Deposit value and total must be whole numbers, got ${value} and ${totalMinor}`);
  }
  const total = Math.max(0, totalMinor);
  const amount = rule === 'fixed' ? value : rule === 'percentage' ? Math.floor((total * value + 5_000) / 10_000) : 0;
  return Math.min(total, Math.max(0, amount));
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────

/** An opening period on a date as real instants, with its wall-clock ends. */
interface Period {
  opens: HHMM;
  closes: HHMM;
  openAt: number;
  closeAt: number;
}

/** A staff schedule period on a date as real instants. */
interface Shift {
  staffId: string;
  startAt: number;
  endAt: number;
}

function refuse<R extends string>(reason: R): { ok: false; reason: R } {
  return { ok: false, reason };
}

function earliestStart(rules: BookingRules, now: number): number {
  return now + rules.minNoticeHours * HOUR_MS;
}

function lastBookableDate(rules: BookingRules, now: number): ISODate {
  return addDays(localDateString(now, rules.timeZone), rules.horizonDays);
}

function weekdayOf(date: ISODate): Weekday {
  assertDate(date);
  return new Date(`${date}T00:00:00Z`).getUTCDay() as Weekday;
}

function isClosed(rules: BookingRules, date: ISODate, type: ServiceType): boolean {
  const weekday = weekdayOf(date);
  if (rules.closedDates.includes(date)) return true;
  return !openingHoursOn(rules.openingHours, type, weekday).some((h) => h.opens < h.closes);
}

/** The non-empty opening periods of `date`'s weekday, by opening time. */
function openingPeriods(rules: BookingRules, date: ISODate, type: ServiceType): Period[] {
  const weekday = weekdayOf(date);
  return openingHoursOn(rules.openingHours, type, weekday)
    .filter((h) => h.opens < h.closes)
    .sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0))
    .map(({ opens, closes }) => ({
      opens,
      closes,
      openAt: zonedDateTimeToUtc(date, opens, rules.timeZone),
      closeAt: zonedDateTimeToUtc(date, closes, rules.timeZone),
    }));
}

/**
 * Every real instant on the wall-clock grid of `period` (opens + k × interval, before
 * closes) that lies inside it, sorted: skipped grid times give none, repeated ones two.
 */
function gridStarts(rules: BookingRules, date: ISODate, period: Period): number[] {
  const step = gridStep(rules);
  const starts: number[] = [];
  for (let minute = toMinutes(period.opens); minute < toMinutes(period.closes); minute += step) {
    for (const at of localTimeInstants(date, fromMinutes(minute), rules.timeZone)) {
      if (at >= period.openAt && at < period.closeAt) starts.push(at);
    }
  }
  return starts.sort((a, b) => a - b);
}

function staffPeriods(tz: string, date: ISODate, staff: readonly StaffSchedule[], exceptions: readonly StaffException[]): Shift[] {
  return staffPeriodsOn(date, staff, exceptions)
    .filter((s) => s.starts < s.ends)
    .map((s) => ({
      staffId: s.staffId,
      startAt: zonedDateTimeToUtc(date, s.starts, tz),
      endAt: zonedDateTimeToUtc(date, s.ends, tz),
    }));
}

/**
 * Each staff member's working periods on the local date `date`, wall clock: the exceptions of
 * that date when the staff member has any (those with hours; none when off all day), else the
 * weekly periods of its weekday: the weekly ones first, then the dated ones, each in the order
 * given. Empty periods are kept (callers skip them).
 *
 * @throws RangeError for a malformed date.
 */
export function staffPeriodsOn(date: ISODate, staff: readonly StaffSchedule[], exceptions: readonly StaffException[] = []): StaffPeriod[] {
  const weekday = weekdayOf(date);
  const thatDay = exceptions.filter((x) => x.date === date);
  const excepted = new Set(thatDay.map((x) => x.staffId));
  const weekly = staff.filter((s) => s.weekday === weekday && !excepted.has(s.staffId)).map(({ staffId, starts, ends }) => ({ staffId, starts, ends }));
  const dated = thatDay.flatMap((x) => (x.starts !== null && x.ends !== null ? [{ staffId: x.staffId, starts: x.starts, ends: x.ends }] : []));
  return [...weekly, ...dated];
}

/** Busy minutes per staff id within the local day `date`. */
function busyMinutesOn(tz: string, date: ISODate, busy: BusyInterval[]): Map<string, number> {
  const dayStart = startOfDayUtc(date, tz);
  const dayEnd = startOfDayUtc(addDays(date, 1), tz);
  const load = new Map<string, number>();
  for (const b of busy) {
    const overlap = Math.min(b.endsAt, dayEnd) - Math.max(b.startsAt, dayStart);
    if (overlap > 0) load.set(b.staffId, (load.get(b.staffId) ?? 0) + overlap / MINUTE_MS);
  }
  return load;
}

/**
 * Ids of staff with a shift containing `[startsAt, endsAt)` and no busy interval overlapping
 * it, least busy first, then by id.
 */
function freeStaff(shifts: Shift[], busy: BusyInterval[], load: Map<string, number>, startsAt: number, endsAt: number): string[] {
  const ids = new Set(
    shifts
      .filter((s) => s.startAt <= startsAt && endsAt <= s.endAt)
      .map((s) => s.staffId)
      .filter((id) => !busy.some((b) => b.staffId === id && b.startsAt < endsAt && startsAt < b.endsAt)),
  );
  return [...ids].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The instant of a local drop-off/pick-up time; `exists` false inside a DST gap. */
function instantsAt(rules: BookingRules, date: ISODate, time: HHMM): { at: number; exists: boolean } {
  const [first] = localTimeInstants(date, time, rules.timeZone);
  return first === undefined ? { at: zonedDateTimeToUtc(date, time, rules.timeZone), exists: false } : { at: first, exists: true };
}

/** True when the wall time is within an opening period of that day, ends inclusive. */
function withinHours(rules: BookingRules, date: ISODate, time: HHMM, type: ServiceType): boolean {
  return openingPeriods(rules, date, type).some((p) => p.opens <= time && time <= p.closes);
}

/** True when a new arrival could still be booked on `date`: horizon and notice allow it. */
function openForNewArrival(rules: BookingRules, date: ISODate, now: number, type: ServiceType): boolean {
  if (date > lastBookableDate(rules, now)) return false;
  const earliest = earliestStart(rules, now);
  return openingPeriods(rules, date, type).some((p) => p.closeAt >= earliest);
}

function hasRoom(taken: Record<ISODate, number>, date: ISODate, pets: number, capacity: number): boolean {
  return (taken[date] ?? 0) + pets <= capacity;
}

/** Dates from `from` up to the day before `until`, at most `limit` of them. */
function datesFrom(from: ISODate, until: ISODate, limit: number): ISODate[] {
  const dates: ISODate[] = [];
  for (let date = from; date < until && dates.length < limit; date = addDays(date, 1)) dates.push(date);
  return dates;
}

function calendarDates(from: ISODate, days: number): ISODate[] {
  assertDate(from);
  return Array.from({ length: Math.max(0, days) }, (_, i) => addDays(from, i));
}

function gridStep(rules: BookingRules): number {
  const step = rules.slotIntervalMinutes;
  if (!Number.isInteger(step) || step <= 0) {
    throw new RangeError(`Slot interval must be a positive whole number of minutes, got ${step}`);
  }
  return step;
}

function durationToMs(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes <= 0) {
    throw new RangeError(`Duration must be a positive whole number of minutes, got ${minutes}`);
  }
  return minutes * MINUTE_MS;
}

function assertDate(date: ISODate): void {
  if (!isValidDateString(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
}

function assertTime(time: HHMM): void {
  if (!isValidTimeString(time)) throw new RangeError(`Not a 24-hour time (HH:MM): "${time}"`);
}

function assertPets(pets: number): void {
  if (!Number.isInteger(pets) || pets < 1) throw new RangeError(`At least one pet, got ${pets}`);
}

function toMinutes(time: HHMM): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function fromMinutes(minutes: number): HHMM {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
