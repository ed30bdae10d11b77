/**
 * Which status changes staff may make on the schedule (issue 10, item 3), in one place so
 * the buttons a page offers and the change a POST is allowed to make cannot drift apart.
 *
 * The path of a visit: unconfirmed → confirmed → checked in → ready for pickup → finished.
 * Off the path: no-show (from unconfirmed or confirmed: the pet never came) and canceled by
 * the business, with a reason the client reads (from unconfirmed or confirmed). Requests
 * (requested, waitlisted) are decided in the inbox, not here; closed visits never change.
 * A canceled or no-show visit gives its capacity back (its capacity_claims are released).
 * The calendar matters too: a pet is checked in only from the visit's first day to its last,
 * and marked a no-show only once its first day has come (days in the business's zone).
 *
 * Pure: no I/O, no module state.
 */
import type { AppointmentStatus } from '../db/schema';

/** The statuses a schedule change can lead to. */
export const TRANSITION_TARGETS = [
  'confirmed',
  'checked_in',
  'ready_for_pickup',
  'finished',
  'no_show',
  'canceled',
] as const satisfies readonly AppointmentStatus[];
export type TransitionTarget = (typeof TRANSITION_TARGETS)[number];

const ALLOWED: Readonly<Partial<Record<AppointmentStatus, readonly TransitionTarget[]>>> = {
  unconfirmed: ['confirmed', 'no_show', 'canceled'],
  confirmed: ['checked_in', 'no_show', 'canceled'],
  checked_in: ['ready_for_pickup'],
  ready_for_pickup: ['finished'],
};

/** The words on each change's button. */
export const TRANSITION_LABELS: Readonly<Record<TransitionTarget, string>> = {
  confirmed: 'Confirm',
  checked_in: 'Check in',
  ready_for_pickup: 'Ready for pickup',
  finished: 'Finish',
  no_show: 'No-show',
  canceled: 'Cancel',
};

/** Longest cancel reason kept (the client reads it). */
export const CANCEL_REASON_MAX = 500;

export function isTransitionTarget(value: unknown): value is TransitionTarget {
  return typeof value === 'string' && (TRANSITION_TARGETS as readonly string[]).includes(value);
}

/** A visit's days and today's, as YYYY-MM-DD in the business's time zone (they compare as strings). */
export interface VisitDays {
  today: string;
  firstDay: string;
  lastDay: string;
  /** How the messages name those days (e.g. "Sat 5 Dec"); the YYYY-MM-DD form when absent. */
  firstDayLabel?: string;
  lastDayLabel?: string;
}

/** Why a change is refused on this day, or null when the calendar allows it. */
function dayProblem(to: TransitionTarget, days: VisitDays): string | null {
  if ((to === 'checked_in' || to === 'no_show') && days.today < days.firstDay) {
    return `This visit starts on ${days.firstDayLabel ?? days.firstDay}: ${to === 'checked_in' ? 'check the pet in' : 'mark a no-show'} on that day or later. Nothing was changed.`;
  }
  if (to === 'checked_in' && days.today > days.lastDay) {
    return `This visit ended on ${days.lastDayLabel ?? days.lastDay}, so the pet cannot be checked in now. Nothing was changed.`;
  }
  return null;
}

/** The changes staff may make from `from` on this day, in the order the page offers them (none for requests and closed visits). */
export function allowedTransitions(from: AppointmentStatus, days: VisitDays): readonly TransitionTarget[] {
  return (ALLOWED[from] ?? []).filter((to) => dayProblem(to, days) === null);
}

/** True when going from `from` to `to` gives the visit's capacity back. */
export function releasesCapacity(to: AppointmentStatus): boolean {
  return to === 'canceled' || to === 'no_show';
}

export type TransitionCheck =
  | { ok: true; from: AppointmentStatus; to: TransitionTarget; reason: string | null; releasesCapacity: boolean }
  | { ok: false; problem: 'not_allowed'; message: string }
  | { ok: false; problem: 'reason_required' | 'reason_too_long'; message: string };

const WORDS: Readonly<Record<AppointmentStatus, string>> = {
  requested: 'a request (decide it in Requests)',
  waitlisted: 'on the waitlist (decide it in Requests)',
  unconfirmed: 'unconfirmed',
  confirmed: 'confirmed',
  checked_in: 'checked in',
  ready_for_pickup: 'ready for pickup',
  finished: 'finished',
  canceled: 'canceled',
  no_show: 'a no-show',
};

/**
 * Whether staff may move a visit from `from` to `to` on this day; a cancel needs a reason (trimmed, at
 * most CANCEL_REASON_MAX characters). The refusal's message says why in plain words.
 */
export function checkTransition(from: AppointmentStatus, to: string, days: VisitDays, reasonInput?: unknown): TransitionCheck {
  if (!isTransitionTarget(to) || !(ALLOWED[from] ?? []).includes(to)) {
    const target = isTransitionTarget(to) ? `“${TRANSITION_LABELS[to]}”` : 'that change';
    return { ok: false, problem: 'not_allowed', message: `This visit is ${WORDS[from]}, so ${target} is not possible now. Nothing was changed.` };
  }
  const problem = dayProblem(to, days);
  if (problem) return { ok: false, problem: 'not_allowed', message: problem };
  let reason: string | null = null;
  if (to === 'canceled') {
    reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
    if (!reason) return { ok: false, problem: 'reason_required', message: 'Say why it is canceled: the client reads this reason.' };
    if (reason.length > CANCEL_REASON_MAX) return { ok: false, problem: 'reason_too_long', message: `Keep the reason under ${CANCEL_REASON_MAX} characters.` };
  }
  return { ok: true, from, to, reason, releasesCapacity: releasesCapacity(to) };
}
