/**
 * Dates and times in a business's time zone (SPEC §4, §12).
 *
 * Why it exists: the database holds instants (UTC epoch milliseconds), but people think in
 * the wall clock of the business — "drop-off 09:00" means 09:00 in London in winter and in
 * summer. Converting in one place, with Intl's time zone data (workerd ships full ICU), keeps
 * DST right everywhere and keeps the rules for clock changes written down once:
 *
 * Local times that do not exist or exist twice (`zonedDateTimeToUtc`):
 * - `disambiguation: 'compatible'` (the default) follows RFC 5545 and Temporal's
 *   `'compatible'`: a time skipped by the spring-forward gap is moved forward by the length
 *   of the gap (02:30 on the day clocks jump 02:00→03:00 becomes 03:30); a time repeated by
 *   the autumn fall-back is the earlier of the two instants (the first 01:30).
 * - `disambiguation: 'reject'` throws a `LocalTimeError` (kind `nonexistent` or `ambiguous`)
 *   instead, for callers that must not guess (e.g. offering bookable slots).
 *
 * Formatting functions take the instant as epoch ms or a Date (drizzle's timestamp columns
 * give Dates), the IANA zone, and the viewer's locale (malformed locales fall back to en-US).
 * An unknown time zone is a RangeError from Intl: zones are validated when a business saves
 * its settings (`isValidTimeZone`), so this is a programming error by the time we render.
 *
 * Pure: no I/O; the only module state is the formatter cache below (decision 0007).
 */
import { resolveLocale } from './locale';

/**
 * Intl.DateTimeFormat objects are immutable but slow to build (tens of µs each in workerd; a
 * list page formats hundreds of times), so they are reused per (locale, options). This is the
 * one module-level cache in the Worker — safe because a formatter holds no request data and
 * cannot change (docs/decisions/0007-formatter-cache.md). Bounded so odd inputs cannot grow it.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 500;

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** An instant: UTC epoch milliseconds or a Date. */
export type Instant = number | Date;

/** How `zonedDateTimeToUtc` treats local times that DST skips or repeats. */
export type Disambiguation = 'compatible' | 'reject';

/** Thrown by `zonedDateTimeToUtc` with `disambiguation: 'reject'`. */
export class LocalTimeError extends RangeError {
  constructor(
    /** `nonexistent`: skipped by a spring-forward gap; `ambiguous`: repeated at fall-back. */
    readonly kind: 'nonexistent' | 'ambiguous',
    message: string,
  ) {
    super(message);
    this.name = 'LocalTimeError';
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/** True when `tz` is an IANA time zone Intl knows, e.g. `Europe/London`. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** True when `dateStr` is a real calendar date written `YYYY-MM-DD` (years 1000–9999). */
export function isValidDateString(dateStr: string): boolean {
  return parseDateString(dateStr) !== undefined;
}

/** True when `timeStr` is a 24-hour wall-clock time written `HH:MM` (00:00–23:59). */
export function isValidTimeString(timeStr: string): boolean {
  return parseTimeString(timeStr) !== undefined;
}

/**
 * The date of an instant, e.g. "Thu, Jan 15, 2026" (en-US) or "Thu 15 Jan 2026" (en-GB),
 * on the business's calendar.
 *
 * @param options Overrides the default fields (weekday, day, month, year); the time zone is
 *   always `tz`.
 */
export function formatDate(
  ms: Instant,
  tz: string,
  locale: string,
  options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
): string {
  return dateTimeFormat(resolveLocale(locale), { ...options, timeZone: tz }).format(ms);
}

/** The wall-clock time of an instant in `tz`, e.g. "9:00 AM" (en-US) or "09:00" (en-GB). */
export function formatTime(ms: Instant, tz: string, locale: string): string {
  const resolved = resolveLocale(locale);
  return dateTimeFormat(resolved, { ...clockFields(resolved), timeZone: tz }).format(ms);
}

/**
 * A start–end range in `tz`, collapsing what both ends share:
 * "Thu, Jan 15, 2026, 9:00 – 11:00 AM" for a visit, and both days and times for a stay
 * ("Thu, Jan 15, 2026, 8:00 AM – Sun, Jan 18, 2026, 5:00 PM" — boarding check-in and
 * check-out). Pair it with `timeZoneLabel` to say which zone.
 */
export function formatDateTimeRange(startMs: Instant, endMs: Instant, tz: string, locale: string): string {
  const resolved = resolveLocale(locale);
  return dateTimeFormat(resolved, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...clockFields(resolved),
    timeZone: tz,
  }).formatRange(startMs, endMs);
}

/**
 * The short name of `tz` at that instant as `locale` writes it: "PST"/"PDT" for
 * America/Los_Angeles in en-US, "GMT"/"BST" for Europe/London in en-GB. Where the locale's
 * data has no abbreviation it is an offset like "GMT+1" — still unambiguous, so pass the
 * business's locale when you want the familiar local name.
 */
export function timeZoneLabel(tz: string, ms: Instant, locale: string): string {
  const parts = dateTimeFormat(resolveLocale(locale), {
    timeZone: tz,
    timeZoneName: 'short',
  }).formatToParts(ms);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? tz;
}

/** The zone's everyday name in `locale`: "Pacific Time", "United Kingdom Time" (generic, no DST letter). */
export function timeZoneName(tz: string, ms: Instant, locale: string): string {
  const parts = dateTimeFormat(resolveLocale(locale), { timeZone: tz, timeZoneName: 'longGeneric' }).formatToParts(ms);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? tz;
}

/**
 * The instant at which the wall clock in `tz` shows `dateStr` `timeStr`.
 * Correct across DST: 09:00 Europe/London is 09:00Z in winter and 08:00Z in summer.
 *
 * Times that a clock change skips or repeats are resolved as the module header says:
 * by default moved forward by the gap / the earlier instant; with
 * `{ disambiguation: 'reject' }` a `LocalTimeError` is thrown instead.
 *
 * @param dateStr `YYYY-MM-DD`
 * @param timeStr `HH:MM`, 24-hour
 * @param tz IANA time zone
 * @returns UTC epoch milliseconds
 * @throws RangeError for a malformed date or time or an unknown zone; LocalTimeError (a
 *   RangeError) when rejecting a skipped or repeated time.
 */
export function zonedDateTimeToUtc(dateStr: string, timeStr: string, tz: string, options: { disambiguation?: Disambiguation } = {}): number {
  const { matches, wallAsUtc, offsetBefore } = resolveWallClock(dateStr, timeStr, tz);

  const disambiguation = options.disambiguation ?? 'compatible';
  const [earliest] = matches;
  if (earliest === undefined) {
    if (disambiguation === 'reject') {
      throw new LocalTimeError('nonexistent', `${dateStr} ${timeStr} does not exist in ${tz} (clocks go forward)`);
    }
    // Skipped by the gap: read it with the offset from before the change, which lands the
    // same distance past the gap (Temporal 'compatible').
    return wallAsUtc - offsetBefore;
  }
  if (matches.length > 1 && disambiguation === 'reject') {
    throw new LocalTimeError('ambiguous', `${dateStr} ${timeStr} happens twice in ${tz} (clocks go back)`);
  }
  return earliest;
}

/**
 * Every instant at which the wall clock in `tz` shows `dateStr` `timeStr`, earliest first:
 * one on an ordinary day, none for a time skipped when clocks go forward, two for a time
 * repeated when clocks go back. For callers that must treat each real instant on its own
 * (bookable start times) where `zonedDateTimeToUtc` would pick one or throw.
 *
 * @throws RangeError for a malformed date or time or an unknown zone.
 */
export function localTimeInstants(dateStr: string, timeStr: string, tz: string): number[] {
  return resolveWallClock(dateStr, timeStr, tz).matches;
}

/**
 * The first instant of the calendar day `dateStr` in `tz`. Usually its 00:00; in zones whose
 * clocks change at midnight it is the first wall time that exists (e.g. 01:00), which the
 * 'compatible' rule above yields.
 */
export function startOfDayUtc(dateStr: string, tz: string): number {
  return zonedDateTimeToUtc(dateStr, '00:00', tz);
}

/** The calendar date (`YYYY-MM-DD`) in `tz` at that instant: "today" for the business. */
export function localDateString(ms: Instant, tz: string): string {
  const wall = new Date(wallClockAsUtc(typeof ms === 'number' ? ms : ms.getTime(), tz));
  return wall.toISOString().slice(0, 10);
}

/** The wall-clock time (`HH:MM`, 24-hour) in `tz` at that instant. */
export function localTimeString(ms: Instant, tz: string): string {
  const wall = new Date(wallClockAsUtc(typeof ms === 'number' ? ms : ms.getTime(), tz));
  return wall.toISOString().slice(11, 16);
}

/**
 * Calendar arithmetic on `YYYY-MM-DD`: the date `days` later (earlier when negative).
 * Pure date math — no time zone involved, so DST cannot shift it.
 */
export function addDays(dateStr: string, days: number): string {
  const date = parseDateString(dateStr);
  if (!date) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${dateStr}"`);
  return new Date(Date.UTC(date.year, date.month - 1, date.day + days)).toISOString().slice(0, 10);
}

/**
 * Hour and minute fields for `locale`: a 24-hour clock is written with two-digit hours
 * ("09:00", as British and most European usage has it), a 12-hour clock without ("9:00 AM").
 * Asked of Intl rather than assumed, because ICU builds differ: workerd's writes en-GB
 * `hour: 'numeric'` as "9:00", Node's as "09:00".
 */
function clockFields(locale: string): Pick<Intl.DateTimeFormatOptions, 'hour' | 'minute'> {
  const { hourCycle } = dateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions();
  const twentyFourHour = hourCycle === 'h23' || hourCycle === 'h24';
  return { hour: twentyFourHour ? '2-digit' : 'numeric', minute: '2-digit' };
}

/**
 * The instants showing that wall clock in `tz` (sorted; 0, 1 or 2 of them), with the wall
 * clock read as if it were UTC and the offset in force before any nearby clock change.
 */
function resolveWallClock(dateStr: string, timeStr: string, tz: string): { matches: number[]; wallAsUtc: number; offsetBefore: number } {
  const date = parseDateString(dateStr);
  if (!date) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${dateStr}"`);
  const time = parseTimeString(timeStr);
  if (!time) throw new RangeError(`Not a 24-hour time (HH:MM): "${timeStr}"`);

  // The wanted wall clock read as if it were UTC; subtracting the zone's offset gives the
  // instant. Offsets a day either side are the ones in force before and after any clock change
  // near this time (zones change at most once within two days).
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const offsetBefore = utcOffsetMs(wallAsUtc - DAY_MS, tz);
  const offsetAfter = utcOffsetMs(wallAsUtc + DAY_MS, tz);
  const offsetNear = utcOffsetMs(wallAsUtc, tz);

  const matches = [...new Set([offsetBefore, offsetNear, offsetAfter])]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => wallClockAsUtc(instant, tz) === wallAsUtc)
    .sort((a, b) => a - b);
  return { matches, wallAsUtc, offsetBefore };
}

/** How far `tz`'s wall clock is ahead of UTC at that instant, in ms (negative west of UTC). */
function utcOffsetMs(instant: number, tz: string): number {
  const wholeMinute = instant - (((instant % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  return wallClockAsUtc(wholeMinute, tz) - wholeMinute;
}

/** The wall clock in `tz` at `instant` (to the minute), read as if it were a UTC time. */
function wallClockAsUtc(instant: number, tz: string): number {
  const parts = dateTimeFormat('en-US', {
    timeZone: tz,
    calendar: 'gregory',
    numberingSystem: 'latn',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'));
}

function parseDateString(dateStr: string): { year: number; month: number; day: number } | undefined {
  const match = DATE_PATTERN.exec(dateStr);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000) return undefined; // Date.UTC maps years 0–99 to 1900–1999
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined; // e.g. 2026-02-30
  }
  return { year, month, day };
}

function parseTimeString(timeStr: string): { hour: number; minute: number } | undefined {
  const match = TIME_PATTERN.exec(timeStr);
  if (!match) return undefined;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

/** A wall-clock time written `HH:MM` in the locale's way: "7:00 AM" (en-US), "07:00" (en-GB). */
export function formatClock(hhmm: string, locale: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return formatTime(Date.UTC(2000, 0, 1, h ?? 0, m ?? 0), 'UTC', locale);
}

/** "Tue 1 Dec 2026, 10:00 GMT": an instant's date, time and zone in `tz`. */
export function formatMoment(ms: number, tz: string, locale: string): string {
  return `${formatDate(ms, tz, locale)}, ${formatTime(ms, tz, locale)} ${timeZoneLabel(tz, ms, locale)}`;
}
