/**
 * The console's group-class forms as pure rules (issue 14 item 4): a new class (name,
 * description, capacity), a session (a date with start and end times on the business's wall
 * clock, turned into UTC instants here so DST is handled once, by domain/time.ts), and when a
 * session's attendance may be marked or the session removed. Whether a class still has a place,
 * or a pet is already in it, is decided in SQL with the enrolment itself
 * (queries/console-classes.ts); this only says what is wrong with what was typed.
 */
import { lineProblem, NAME_MESSAGES, notesProblem } from './name-text';
import { addDays, isValidDateString, isValidTimeString, localDateString, localTimeInstants, startOfDayUtc } from './time';

export const CLASS_NAME_MAX = 100;
export const CLASS_DESCRIPTION_MAX = 1000;
export const CLASS_CAPACITY_MAX = 500;
/** How far back a session may be added (to record one already held) and how far ahead. */
export const SESSION_DAYS_BACK = 366;
export const SESSION_DAYS_AHEAD = 2 * 366;

/** A submission key as the forms carry it (hidden `key`): it becomes the new row's id. */
export const FORM_KEY = /^[a-z2-7]{16,64}$/;

type FormInput = Record<string, unknown>;

function text(form: FormInput, name: string, max = 2000): string {
  const v = Array.isArray(form[name]) ? (form[name] as unknown[])[0] : form[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** The posted submission key, or '' when missing or malformed (the route then makes a new one). */
export function postedKey(form: FormInput): string {
  const key = text(form, 'key', 100);
  return FORM_KEY.test(key) ? key : '';
}

// ---- A new class -----------------------------------------------------------------------------

export type ClassField = 'name' | 'description' | 'capacity';

export interface ClassFormValues {
  name: string;
  description: string;
  capacity: string;
}

export type ClassFormResult =
  | { ok: true; name: string; description: string | null; capacity: number }
  | { ok: false; errors: Partial<Record<ClassField, string>> };

export function classFormValues(form: FormInput): ClassFormValues {
  return {
    name: text(form, 'name').trim(),
    description: text(form, 'description', 5000).trim(),
    capacity: text(form, 'capacity').trim(),
  };
}

export function checkClassForm(v: ClassFormValues): ClassFormResult {
  const errors: Partial<Record<ClassField, string>> = {};
  if (v.name === '') errors.name = 'Enter the class’s name, e.g. “Puppy Manners”.';
  else if (v.name.length > CLASS_NAME_MAX) errors.name = `Keep the name to ${CLASS_NAME_MAX} characters or fewer.`;
  else {
    const problem = lineProblem(v.name, { name: true });
    if (problem) errors.name = NAME_MESSAGES[problem];
  }
  if (v.description.length > CLASS_DESCRIPTION_MAX) errors.description = `Keep the description to ${CLASS_DESCRIPTION_MAX} characters or fewer.`;
  else {
    const problem = notesProblem(v.description);
    if (problem) errors.description = NAME_MESSAGES[problem];
  }
  const capacity = /^\d{1,6}$/.test(v.capacity) ? Number(v.capacity) : Number.NaN;
  if (v.capacity === '') errors.capacity = 'Enter how many pets the class takes, e.g. 8.';
  else if (!Number.isInteger(capacity)) errors.capacity = 'Enter the number of places as a whole number, e.g. 8.';
  else if (capacity < 1) errors.capacity = 'A class takes at least 1 pet.';
  else if (capacity > CLASS_CAPACITY_MAX) errors.capacity = `A class takes at most ${CLASS_CAPACITY_MAX} pets.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, name: v.name, description: v.description === '' ? null : v.description, capacity };
}

// ---- A session -------------------------------------------------------------------------------

export type SessionField = 'date' | 'starts' | 'ends';

export interface SessionFormValues {
  date: string;
  starts: string;
  ends: string;
}

export type SessionFormResult = { ok: true; startsAt: number; endsAt: number } | { ok: false; errors: Partial<Record<SessionField, string>> };

export function sessionFormValues(form: FormInput): SessionFormValues {
  return { date: text(form, 'date', 20).trim(), starts: text(form, 'starts', 20).trim(), ends: text(form, 'ends', 20).trim() };
}

/**
 * A session on `date` from `starts` to `ends`, wall-clock times in `timeZone`, as UTC instants.
 * A time the clocks skip that day is refused (it never shows on the wall); a time they repeat is
 * the first of the two. `now` bounds how far back and ahead a session may be.
 */
export function checkSessionForm(v: SessionFormValues, timeZone: string, now: number): SessionFormResult {
  const errors: Partial<Record<SessionField, string>> = {};
  const today = localDateString(now, timeZone);
  if (v.date === '') errors.date = 'Enter the session’s date.';
  else if (!isValidDateString(v.date)) errors.date = 'Enter a real date, written like 2026-03-14.';
  else if (v.date < addDays(today, -SESSION_DAYS_BACK)) errors.date = 'That date is more than a year ago. Enter a date from the last year or to come.';
  else if (v.date > addDays(today, SESSION_DAYS_AHEAD)) errors.date = 'That date is more than two years ahead. Enter a nearer date.';
  const instant = (field: 'starts' | 'ends', word: string): number | null => {
    const typed = v[field];
    if (typed === '') {
      errors[field] = `Enter the ${word} time, e.g. 18:00.`;
      return null;
    }
    if (!isValidTimeString(typed)) {
      errors[field] = `Enter the ${word} time as hours and minutes on a 24-hour clock, e.g. 18:00.`;
      return null;
    }
    if (errors.date || v.date === '') return null;
    const [first] = localTimeInstants(v.date, typed, timeZone);
    if (first === undefined) {
      errors[field] = `${typed} does not exist on ${v.date}: the clocks go forward then. Choose another time.`;
      return null;
    }
    return first;
  };
  const startsAt = instant('starts', 'start');
  const endsAt = instant('ends', 'end');
  if (startsAt !== null && endsAt !== null && endsAt <= startsAt)
    errors.ends = 'The end time must be after the start time (a session starts and ends on the same day).';
  if (Object.keys(errors).length > 0 || startsAt === null || endsAt === null) return { ok: false, errors };
  return { ok: true, startsAt, endsAt };
}

/**
 * Attendance may be marked from the session's own day (in the business's zone) onwards, never
 * for a later day: until then the parent sees it as remaining, not attended. Returns the first
 * instant of the business's tomorrow: sessions starting before it are open for attendance.
 */
export function attendanceOpensBefore(now: number, timeZone: string): number {
  return startOfDayUtc(addDays(localDateString(now, timeZone), 1), timeZone);
}

/** A session may be removed while it has not started and no attendance is recorded for it. */
export function sessionRemovable(s: { startsAt: Date | number; attendanceCount: number }, now: number): boolean {
  const starts = typeof s.startsAt === 'number' ? s.startsAt : s.startsAt.getTime();
  return starts > now && s.attendanceCount === 0;
}
