/**
 * The console's services settings forms, as pure rules (issue 13 items 3 and 4): a price typed
 * in major units ("45.50") into minor units for the business's currency (refusing a negative,
 * non-numeric or over-precise amount), the service and add-on forms, a groomer's weekly working
 * period (HH:MM, several a day, never overlapping), and which live confirmed grooming
 * appointments a removed period or service would leave without their groomer.
 *
 * Each parser returns the typed values or the message per field, and always the raw strings
 * typed, so a refused form is shown again as it was. Pure: no I/O, no module state.
 */
import { PET_SPECIES, SERVICE_TYPES, type ServiceType } from '../db/schema';
import { currencyMinorDigits } from './money';
import { lineProblem, NAME_MESSAGES } from './name-text';
import { addDays, isValidDateString, localDateString, localTimeString, startOfDayUtc, zonedDateTimeToUtc } from './time';

export type Species = (typeof PET_SPECIES)[number];

type FormInput = Record<string, unknown>;

/** One string from a parsed form body (the first, when the field came several times). */
function text(form: FormInput, name: string): string {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

/** Every string value of a repeated field (checkboxes). */
export function textList(form: FormInput, name: string): string[] {
  const v = form[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

// ---- Money -------------------------------------------------------------------------------------

export const PRICE_MESSAGES = {
  missing: 'Enter a price, e.g. 45.50 (0 when it is free).',
  negative: 'A price cannot be negative.',
  number: 'Enter the price as a number, e.g. 45.50, without the currency sign.',
  tooBig: 'Enter a price under 1,000,000.',
} as const;

/** The message for too many decimals in `currency`: "USD prices have at most 2 decimals, e.g. 45.50." (`noun`: what is typed, plural). */
export function decimalsMessage(currency: string, noun = 'prices'): string {
  const digits = currencyMinorDigits(currency);
  return digits === 0
    ? `${currency} ${noun} are whole numbers, without decimals.`
    : `${currency} ${noun} have at most ${digits} decimal${digits === 1 ? '' : 's'}, e.g. 45.${'5'.padEnd(digits, '0')}.`;
}

/** Why a typed amount was refused, for callers that word it their own way (a credit amount is no price). */
export type PriceProblem = keyof typeof PRICE_MESSAGES | 'decimals';
export type PriceResult = { ok: true; minor: number } | { ok: false; problem: PriceProblem; message: string };

/**
 * A price typed in major units into minor units: "45.50" USD → 4550, "1500" JPY → 1500,
 * "1.250" KWD → 1250. Spaces around are ignored; a dot is the decimal mark, no thousands
 * separators. Exact (string arithmetic, never floating point).
 */
export function parsePrice(typed: string, currency: string): PriceResult {
  const value = typed.trim();
  if (value === '') return { ok: false, problem: 'missing', message: PRICE_MESSAGES.missing };
  if (/^-\s*\d*\.?\d*$/.test(value) && /\d/.test(value)) return { ok: false, problem: 'negative', message: PRICE_MESSAGES.negative };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(value) ?? /^()\.(\d+)$/.exec(value);
  if (!match) return { ok: false, problem: 'number', message: PRICE_MESSAGES.number };
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  const digits = currencyMinorDigits(currency);
  if (fraction.length > digits) return { ok: false, problem: 'decimals', message: decimalsMessage(currency) };
  if (whole.length > 6) return { ok: false, problem: 'tooBig', message: PRICE_MESSAGES.tooBig };
  return { ok: true, minor: Number(`${whole || '0'}${fraction.padEnd(digits, '0')}`) };
}

/** Minor units as the price input shows them: 4550 USD → "45.50", 1500 JPY → "1500". */
export function priceInput(minor: number, currency: string): string {
  const digits = currencyMinorDigits(currency);
  if (digits === 0) return String(minor);
  const padded = String(minor).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

// ---- Services and add-ons ----------------------------------------------------------------------

export const SERVICE_MESSAGES = {
  nameMissing: 'Enter the name parents will see, e.g. Full groom.',
  nameLong: 'Keep the name to 80 characters or fewer.',
  type: 'Choose one of the kinds of service this business offers.',
  durationNumber: 'Enter the length in whole minutes, e.g. 60.',
  serviceDuration: 'A service lasts from 1 to 1440 minutes (24 hours).',
  addOnDuration: 'An add-on adds from 0 to 480 minutes.',
  species: 'Choose at least one kind of pet.',
  vaccinationLong: 'Keep each vaccination name to 40 characters or fewer.',
  vaccinationMany: 'List at most 10 vaccinations.',
  vaccinationChar: 'Use letters, numbers, spaces and - only, with commas between names.',
  addOnType: 'Choose a kind of service, or "Any service".',
} as const;

function nameError(name: string): string | undefined {
  if (name === '') return SERVICE_MESSAGES.nameMissing;
  const problem = lineProblem(name, { name: true });
  if (problem) return NAME_MESSAGES[problem];
  if (name.length > 80) return SERVICE_MESSAGES.nameLong;
  return undefined;
}

function minutes(typed: string, min: number, max: number, rangeMessage: string): { value?: number; error?: string } {
  const t = typed.trim();
  if (!/^\d{1,5}$/.test(t)) return { error: SERVICE_MESSAGES.durationNumber };
  const n = Number(t);
  if (n < min || n > max) return { error: rangeMessage };
  return { value: n };
}

/** What the service form holds as typed. */
export interface ServiceFormValues {
  name: string;
  type: string;
  duration: string;
  price: string;
  species: string[];
  vaccinations: string;
}

export interface ServiceInput {
  name: string;
  type: ServiceType;
  durationMinutes: number;
  priceMinor: number;
  /** null = every species */
  speciesAllowed: string | null;
  /** null = none */
  requiredVaccinations: string | null;
}

export type FormResult<V, T> = { ok: true; values: V; value: T } | { ok: false; values: V; errors: Partial<Record<keyof V, string>> };

/** The form's values for an existing service (what the edit page starts with). */
export function serviceFormValues(s: Omit<ServiceInput, 'type'> & { type: string }, currency: string): ServiceFormValues {
  return {
    name: s.name,
    type: s.type,
    duration: String(s.durationMinutes),
    price: priceInput(s.priceMinor, currency),
    species: s.speciesAllowed === null ? [...PET_SPECIES] : s.speciesAllowed.split(',').map((x) => x.trim()),
    vaccinations: (s.requiredVaccinations ?? '').split(',').filter(Boolean).join(', '),
  };
}

function vaccinationList(typed: string): { value: string | null; error?: string } {
  const names: string[] = [];
  for (const raw of typed.split(',')) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name === '') continue;
    if (!/^[\p{L}\p{N} -]+$/u.test(name)) return { value: null, error: SERVICE_MESSAGES.vaccinationChar };
    if (name.length > 40) return { value: null, error: SERVICE_MESSAGES.vaccinationLong };
    if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  if (names.length > 10) return { value: null, error: SERVICE_MESSAGES.vaccinationMany };
  return { value: names.length ? names.join(',') : null };
}

/**
 * The add / edit service form. `offered`: the types the business offers (a new service must be
 * one of them); `fixedType`: an existing service's type, which the edit form does not change.
 */
export function parseServiceForm(
  form: FormInput,
  opts: { currency: string; offered: readonly ServiceType[]; fixedType?: ServiceType },
): FormResult<ServiceFormValues, ServiceInput> {
  const values: ServiceFormValues = {
    name: text(form, 'name').trim().slice(0, 200),
    type: opts.fixedType ?? text(form, 'type'),
    duration: text(form, 'duration').slice(0, 20),
    price: text(form, 'price').slice(0, 40),
    species: textList(form, 'species').filter((s) => (PET_SPECIES as readonly string[]).includes(s)),
    vaccinations: text(form, 'vaccinations').slice(0, 600),
  };
  const errors: Partial<Record<keyof ServiceFormValues, string>> = {};
  const name = nameError(values.name);
  if (name) errors.name = name;
  const type = SERVICE_TYPES.find((t) => t === values.type && (opts.fixedType === t || opts.offered.includes(t)));
  if (!type) errors.type = SERVICE_MESSAGES.type;
  const duration = minutes(values.duration, 1, 1440, SERVICE_MESSAGES.serviceDuration);
  if (duration.error) errors.duration = duration.error;
  const price = parsePrice(values.price, opts.currency);
  if (!price.ok) errors.price = price.message;
  const species = PET_SPECIES.filter((s) => values.species.includes(s));
  if (species.length === 0) errors.species = SERVICE_MESSAGES.species;
  const vaccinations = vaccinationList(values.vaccinations);
  if (vaccinations.error) errors.vaccinations = vaccinations.error;
  if (Object.keys(errors).length > 0 || !type || duration.value === undefined || !price.ok) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    value: {
      name: values.name,
      type,
      durationMinutes: duration.value,
      priceMinor: price.minor,
      speciesAllowed: species.length === PET_SPECIES.length ? null : species.join(','),
      requiredVaccinations: vaccinations.value,
    },
  };
}

export interface AddOnFormValues {
  name: string;
  /** '' = any service */
  serviceType: string;
  duration: string;
  price: string;
}

export interface AddOnInput {
  name: string;
  serviceType: ServiceType | null;
  durationMinutes: number;
  priceMinor: number;
}

export function addOnFormValues(
  a: { name: string; serviceType: string | null; durationMinutes: number; priceMinor: number },
  currency: string,
): AddOnFormValues {
  return { name: a.name, serviceType: a.serviceType ?? '', duration: String(a.durationMinutes), price: priceInput(a.priceMinor, currency) };
}

/** The add / edit add-on form; its service type is one the business offers, or any (''). */
export function parseAddOnForm(
  form: FormInput,
  opts: { currency: string; offered: readonly ServiceType[]; current?: ServiceType | null },
): FormResult<AddOnFormValues, AddOnInput> {
  const values: AddOnFormValues = {
    name: text(form, 'name').trim().slice(0, 200),
    serviceType: text(form, 'service_type'),
    duration: text(form, 'duration').slice(0, 20),
    price: text(form, 'price').slice(0, 40),
  };
  const errors: Partial<Record<keyof AddOnFormValues, string>> = {};
  const name = nameError(values.name);
  if (name) errors.name = name;
  const type = values.serviceType === '' ? null : SERVICE_TYPES.find((t) => t === values.serviceType && (opts.offered.includes(t) || opts.current === t));
  if (type === undefined) errors.serviceType = SERVICE_MESSAGES.addOnType;
  const duration = minutes(values.duration === '' ? '0' : values.duration, 0, 480, SERVICE_MESSAGES.addOnDuration);
  if (duration.error) errors.duration = duration.error;
  const price = parsePrice(values.price, opts.currency);
  if (!price.ok) errors.price = price.message;
  if (Object.keys(errors).length > 0 || type === undefined || duration.value === undefined || !price.ok) return { ok: false, values, errors };
  return { ok: true, values, value: { name: values.name, serviceType: type, durationMinutes: duration.value, priceMinor: price.minor } };
}

// ---- A groomer's week --------------------------------------------------------------------------

/** Sunday first, as `staff_schedules.weekday` counts (0 = Sunday). */
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const PERIOD_MESSAGES = {
  weekday: 'Choose a day of the week.',
  time: 'Enter a time as HH:MM, e.g. 09:00.',
  order: 'The end must be after the start.',
} as const;

export function overlapMessage(p: { starts: string; ends: string }): string {
  return `This overlaps the period ${p.starts}–${p.ends} on the same day. Change the times or remove that period first.`;
}

export interface Period {
  weekday: number;
  starts: string;
  ends: string;
}

export interface PeriodFormValues {
  weekday: string;
  starts: string;
  ends: string;
}

/** HH:MM from 00:00 to 24:00 ("9:00" is read as 09:00). */
function clock(typed: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(typed.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** A new working period, refused when it overlaps one the groomer already has that weekday. */
export function parsePeriodForm(form: FormInput, existing: readonly Period[]): FormResult<PeriodFormValues, Period> {
  const values: PeriodFormValues = { weekday: text(form, 'weekday'), starts: text(form, 'starts').slice(0, 10), ends: text(form, 'ends').slice(0, 10) };
  const errors: Partial<Record<keyof PeriodFormValues, string>> = {};
  const weekday = /^[0-6]$/.test(values.weekday) ? Number(values.weekday) : null;
  if (weekday === null) errors.weekday = PERIOD_MESSAGES.weekday;
  const starts = clock(values.starts);
  const ends = clock(values.ends);
  if (!starts || starts === '24:00') errors.starts = PERIOD_MESSAGES.time;
  if (!ends) errors.ends = PERIOD_MESSAGES.time;
  else if (starts && ends <= starts) errors.ends = PERIOD_MESSAGES.order;
  if (Object.keys(errors).length === 0 && weekday !== null && starts && ends) {
    const clash = existing.find((p) => p.weekday === weekday && p.starts < ends && starts < p.ends);
    if (clash) errors.starts = overlapMessage(clash);
  }
  if (Object.keys(errors).length > 0 || weekday === null || !starts || !ends) return { ok: false, values, errors };
  return { ok: true, values, value: { weekday, starts, ends } };
}

/**
 * Appointments a groomer has been booked into that are still to come and scheduled by the
 * business (not requests, not over): removing the groomer's period or service under them
 * needs the owner's explicit "keep".
 */
export const LIVE_CONFIRMED_STATUSES = ['unconfirmed', 'confirmed', 'checked_in', 'ready_for_pickup'] as const;

export interface GroomerAppointment {
  appointmentId: string;
  serviceId: string;
  startsAt: number;
  endsAt: number;
}

/** The appointments (ids, once each) running, in the business's zone, during the period removed. */
export function appointmentsInPeriod<A extends GroomerAppointment>(appointments: readonly A[], period: Period, timeZone: string): A[] {
  const seen = new Set<string>();
  return appointments.filter((a) => {
    if (seen.has(a.appointmentId)) return false;
    // Grooms are short and within a day: the local start's weekday and clock say when it runs.
    const { date, starts, ends } = localSpan(a, timeZone);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const hit = weekday === period.weekday && starts < period.ends && period.starts < ends;
    if (hit) seen.add(a.appointmentId);
    return hit;
  });
}

/** The appointments (once each) in which the groomer gives one of the services taken away. */
export function appointmentsWithServices<A extends GroomerAppointment>(appointments: readonly A[], removedServiceIds: readonly string[]): A[] {
  const seen = new Set<string>();
  return appointments.filter((a) => {
    if (seen.has(a.appointmentId) || !removedServiceIds.includes(a.serviceId)) return false;
    seen.add(a.appointmentId);
    return true;
  });
}

/**
 * Each time the weekly period falls between `from` and `until` (epoch ms), as UTC [start, end)
 * in the business's zone: what the database checks, when a period is removed without "keep",
 * for a live confirmed appointment booked since the page was read.
 */
export function periodOccurrences(period: Period, timeZone: string, from: number, until: number): { starts: number; ends: number }[] {
  const out: { starts: number; ends: number }[] = [];
  const last = localDateString(until, timeZone);
  let date = localDateString(from, timeZone);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  date = addDays(date, (period.weekday - weekday + 7) % 7);
  for (; date <= last; date = addDays(date, 7)) {
    const starts = zonedDateTimeToUtc(date, period.starts, timeZone);
    const ends = period.ends === '24:00' ? startOfDayUtc(addDays(date, 1), timeZone) : zonedDateTimeToUtc(date, period.ends, timeZone);
    if (ends > from) out.push({ starts, ends });
  }
  return out;
}

// ---- A groomer's exceptions (a day off, or other hours one date) --------------------------------

export const MAX_EXCEPTION_REASON = 200;

export const EXCEPTION_MESSAGES = {
  date: 'Enter a date as YYYY-MM-DD, e.g. 2026-12-24.',
  past: 'Choose today or a later date.',
  time: PERIOD_MESSAGES.time,
  both: 'Enter both a start and an end, or leave both empty for the whole day off.',
  order: PERIOD_MESSAGES.order,
  reason: `Keep the reason to ${MAX_EXCEPTION_REASON} characters or fewer.`,
  offAlready: 'The groomer is already off all day on that date. Remove that first to set other hours.',
  hoursAlready: 'That date already has hours of its own. Remove them first to make it a day off.',
} as const;

export function exceptionOverlapMessage(p: { starts: string; ends: string }): string {
  return `This overlaps ${p.starts}–${p.ends}, already set for that date. Change the times or remove that one first.`;
}

/** One date's change to the week: hours that replace it, or off all day (both times null). */
export interface ScheduleException {
  date: string;
  starts: string | null;
  ends: string | null;
  reason: string | null;
}

export interface ExceptionFormValues {
  date: string;
  starts: string;
  ends: string;
  reason: string;
}

/**
 * A new exception: a date from `today` (the business's local date), optional start and end
 * (both or neither), an optional reason. Refused when the date already has an exception it
 * would contradict: a day off and hours cannot share a date, and hours cannot overlap.
 */
export function parseExceptionForm(
  form: FormInput,
  opts: { today: string; existing: readonly { date: string; starts: string | null; ends: string | null }[] },
): FormResult<ExceptionFormValues, ScheduleException> {
  const values: ExceptionFormValues = {
    date: text(form, 'date').trim().slice(0, 20),
    starts: text(form, 'starts').trim().slice(0, 10),
    ends: text(form, 'ends').trim().slice(0, 10),
    reason: text(form, 'reason')
      .trim()
      .slice(0, MAX_EXCEPTION_REASON + 100),
  };
  const errors: Partial<Record<keyof ExceptionFormValues, string>> = {};
  const date = isValidDateString(values.date) ? values.date : null;
  if (!date) errors.date = EXCEPTION_MESSAGES.date;
  else if (date < opts.today) errors.date = EXCEPTION_MESSAGES.past;
  const offAllDay = values.starts === '' && values.ends === '';
  const starts = offAllDay ? null : clock(values.starts);
  const ends = offAllDay ? null : clock(values.ends);
  if (!offAllDay) {
    if (values.starts === '' || values.ends === '') errors[values.starts === '' ? 'starts' : 'ends'] = EXCEPTION_MESSAGES.both;
    else {
      if (!starts || starts === '24:00') errors.starts = EXCEPTION_MESSAGES.time;
      if (!ends) errors.ends = EXCEPTION_MESSAGES.time;
      else if (starts && ends <= starts) errors.ends = EXCEPTION_MESSAGES.order;
    }
  }
  if (values.reason.length > MAX_EXCEPTION_REASON) errors.reason = EXCEPTION_MESSAGES.reason;
  else {
    const problem = lineProblem(values.reason);
    if (problem) errors.reason = NAME_MESSAGES[problem];
  }
  if (Object.keys(errors).length === 0 && date) {
    const sameDay = opts.existing.filter((x) => x.date === date);
    const off = sameDay.find((x) => x.starts === null || x.ends === null);
    if (off) errors.date = EXCEPTION_MESSAGES.offAlready;
    else if (offAllDay && sameDay.length > 0) errors.date = EXCEPTION_MESSAGES.hoursAlready;
    else if (starts && ends) {
      const clash = sameDay.find((x) => x.starts! < ends && starts < x.ends!);
      if (clash) errors.starts = exceptionOverlapMessage({ starts: clash.starts!, ends: clash.ends! });
    }
  }
  if (Object.keys(errors).length > 0 || !date) return { ok: false, values, errors };
  return { ok: true, values, value: { date, starts, ends, reason: values.reason === '' ? null : values.reason } };
}

/** An appointment's local date and wall-clock span (a groom past midnight reads as ending 24:00). */
function localSpan(a: GroomerAppointment, timeZone: string): { date: string; starts: string; ends: string } {
  const date = localDateString(a.startsAt, timeZone);
  const starts = localTimeString(a.startsAt, timeZone);
  const ends = localDateString(a.endsAt, timeZone) === date ? localTimeString(a.endsAt, timeZone) : '24:00';
  return { date, starts, ends };
}

/**
 * The appointments (once each) starting on `date` that would not fit inside one of the
 * groomer's `periods` that date (wall clock): what an exception, or removing one, would leave
 * outside the groomer's hours.
 */
export function appointmentsOutside<A extends GroomerAppointment>(
  appointments: readonly A[],
  date: string,
  periods: readonly { starts: string; ends: string }[],
  timeZone: string,
): A[] {
  const seen = new Set<string>();
  return appointments.filter((a) => {
    if (seen.has(a.appointmentId)) return false;
    const span = localSpan(a, timeZone);
    const hit = span.date === date && !periods.some((p) => p.starts <= span.starts && span.ends <= p.ends);
    if (hit) seen.add(a.appointmentId);
    return hit;
  });
}

/**
 * The local day `date` and the groomer's `periods` that day as UTC [start, end): what the
 * database checks, when an exception is added or removed without "keep", for a live confirmed
 * appointment booked since the page was read.
 */
export function dayAndPeriods(
  date: string,
  periods: readonly { starts: string; ends: string }[],
  timeZone: string,
): { dayStart: number; dayEnd: number; periods: { starts: number; ends: number }[] } {
  const dayStart = startOfDayUtc(date, timeZone);
  const dayEnd = startOfDayUtc(addDays(date, 1), timeZone);
  return {
    dayStart,
    dayEnd,
    periods: periods.map((p) => ({
      starts: zonedDateTimeToUtc(date, p.starts, timeZone),
      ends: p.ends === '24:00' ? dayEnd : zonedDateTimeToUtc(date, p.ends, timeZone),
    })),
  };
}
