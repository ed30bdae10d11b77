/**
 * The console's membership forms as pure rules (issue 14 item 4): a membership plan (name,
 * perks, price, renewed every week, month or year), starting one for a client (the next renewal
 * is one period after the start), the status changes staff may make (active ⇄ paused, either →
 * canceled, never back from canceled) and a new next-renewal date. The change itself is
 * conditional on the status the page showed, in SQL (queries/console-memberships.ts).
 *
 * Pure: no I/O, no module state.
 */
import { MEMBERSHIP_PERIODS, MEMBERSHIP_STATUSES } from '../db/schema';
import { lineMessage, type PlanFormResult, PLAN_NAME_MAX, priceField, submissionKey } from './package-form';
import { lineProblem, NAME_MESSAGES } from './name-text';
import { addDays, isValidDateString } from './time';

export type MembershipPeriod = (typeof MEMBERSHIP_PERIODS)[number];
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const PERKS_MAX = 300;
/** How far ahead a start or a renewal date may be set. */
export const MAX_DAYS_AHEAD = 5 * 366;

type FormInput = Record<string, unknown>;

function text(form: FormInput, name: string): string {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.slice(0, 500) : '';
}

export const PERIOD_WORDS: Readonly<Record<MembershipPeriod, string>> = { week: 'Every week', month: 'Every month', year: 'Every year' };
export const STATUS_WORDS: Readonly<Record<MembershipStatus, string>> = { active: 'Active', paused: 'Paused', canceled: 'Canceled' };

// ---- Plans -------------------------------------------------------------------------------------

export type MembershipPlanField = 'name' | 'perks' | 'price' | 'period';

export interface MembershipPlanFormValues {
  name: string;
  perks: string;
  price: string;
  period: string;
  key: string;
}

export interface MembershipPlanInput {
  name: string;
  perks: string | null;
  priceMinor: number;
  period: MembershipPeriod;
}

export function membershipPlanFormValues(form: FormInput): MembershipPlanFormValues {
  return {
    name: text(form, 'name').trim(),
    perks: text(form, 'perks').trim(),
    price: text(form, 'price'),
    period: text(form, 'period'),
    key: submissionKey(form),
  };
}

export function checkMembershipPlanForm(v: MembershipPlanFormValues, currency: string): PlanFormResult<MembershipPlanField, MembershipPlanInput> {
  const errors: Partial<Record<MembershipPlanField, string>> = {};
  const name = lineMessage(v.name, PLAN_NAME_MAX, 'Give the plan a name, e.g. “Daycare club”.');
  if (name) errors.name = name;
  if (v.perks.length > PERKS_MAX) errors.perks = `Keep the perks to ${PERKS_MAX} characters or fewer.`;
  else {
    const problem = v.perks === '' ? null : lineProblem(v.perks, { name: true });
    if (problem) errors.perks = NAME_MESSAGES[problem];
  }
  const price = priceField(v.price, currency);
  if ('message' in price) errors.price = price.message;
  const period = (MEMBERSHIP_PERIODS as readonly string[]).includes(v.period) ? (v.period as MembershipPeriod) : null;
  if (!period) errors.period = 'Choose how often it renews: every week, month or year.';
  if (Object.keys(errors).length > 0 || 'message' in price || !period) return { ok: false, errors };
  return { ok: true, value: { name: v.name, perks: v.perks || null, priceMinor: price.minor, period } };
}

// ---- Dates -------------------------------------------------------------------------------------

/**
 * One period after `day` (YYYY-MM-DD): a week is 7 days; a month or a year keeps the day of the
 * month, or the month's last day when it has fewer (31 Jan + 1 month = 28 or 29 Feb; 29 Feb +
 * 1 year = 28 Feb).
 */
export function addPeriod(day: string, period: MembershipPeriod): string {
  if (period === 'week') return addDays(day, 7);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const months = period === 'month' ? 1 : 12;
  const targetMonth = m - 1 + months;
  const year = y + Math.floor(targetMonth / 12);
  const month = targetMonth % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** A date typed for a start or a renewal: a real date, not before `earliest`, at most MAX_DAYS_AHEAD after today. */
export function checkDate(
  typed: string,
  today: string,
  earliest: string,
  what: 'start' | 'renewal',
): { ok: true; day: string } | { ok: false; message: string } {
  const v = typed.trim();
  if (v === '') return { ok: false, message: what === 'start' ? 'Enter the day it starts.' : 'Enter the next renewal date.' };
  if (!isValidDateString(v)) return { ok: false, message: 'Enter a real date as YYYY-MM-DD, e.g. 2027-01-15.' };
  if (v < earliest) return { ok: false, message: what === 'start' ? 'A membership starts at most a year ago.' : 'The next renewal is today or later.' };
  if (v > addDays(today, MAX_DAYS_AHEAD)) return { ok: false, message: 'Choose a date within the next 5 years.' };
  return { ok: true, day: v };
}

// ---- Status changes ----------------------------------------------------------------------------

export function isMembershipStatus(v: unknown): v is MembershipStatus {
  return typeof v === 'string' && (MEMBERSHIP_STATUSES as readonly string[]).includes(v);
}

const ALLOWED: Readonly<Record<MembershipStatus, readonly MembershipStatus[]>> = {
  active: ['paused', 'canceled'],
  paused: ['active', 'canceled'],
  canceled: [],
};

/** The buttons a membership offers now, with their words. */
export function membershipActions(from: MembershipStatus): { to: MembershipStatus; label: string }[] {
  return ALLOWED[from].map((to) => ({ to, label: to === 'active' ? 'Resume' : to === 'paused' ? 'Pause' : 'Cancel membership' }));
}

/**
 * Whether staff may move a membership from `from` to `to`, with the refusal in words. What the
 * change does to the next renewal: a cancel clears it, a pause keeps it, a resume keeps it (or,
 * when there is none, one period from today).
 */
export function checkMembershipChange(from: MembershipStatus, to: string): { ok: true; to: MembershipStatus } | { ok: false; message: string } {
  if (!isMembershipStatus(to)) return { ok: false, message: 'Choose Pause, Resume or Cancel. Nothing was changed.' };
  if (from === to) return { ok: false, message: `This membership is already ${STATUS_WORDS[to].toLowerCase()}. Nothing was changed.` };
  if (from === 'canceled') {
    return { ok: false, message: `A canceled membership cannot be ${to === 'paused' ? 'paused' : 'resumed'}: start a new one instead. Nothing was changed.` };
  }
  if (!ALLOWED[from].includes(to)) return { ok: false, message: 'That change is not possible. Nothing was changed.' };
  return { ok: true, to };
}
