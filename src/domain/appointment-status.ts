/**
 * What an appointment's status means to a pet parent (SPEC §4, §5).
 *
 * Why it exists: the schema stores machine words (`checked_in`); people read plain words
 * ("Checked in"); and several screens must agree on which appointments are Upcoming, which
 * are History, which are still pending requests and when the live camera shows. Those rules
 * live here once; the SQL in db/queries/appointments.ts builds its WHERE clause from the
 * status groups below so the database and `isUpcoming` cannot drift apart.
 *
 * The Upcoming / History rule:
 * - CLOSED (finished, canceled, no-show) → always History, even if its date is still ahead
 *   (a canceled stay next month is history: nothing will happen).
 * - IN PROGRESS (checked in, ready for pickup) → always Upcoming: the pet is on site, so the
 *   visit is not over even when it runs past its planned end (late pickup) — it leaves
 *   Upcoming when the business marks it finished.
 * - OPEN (requested, waitlisted, unconfirmed, confirmed) → Upcoming while it has not ended
 *   (`endsAt >= now`), History afterwards (e.g. a request the business never answered).
 * Upcoming lists soonest first (startsAt ascending); History most recent first (startsAt
 * descending); ties by id, so pages are stable.
 *
 * Pure: no I/O, no module state.
 */
import type { AppointmentStatus, ServiceType } from '../db/schema';
import { t, type MessageKey } from '../i18n';

/**
 * The catalog message of each status's plain-word label, as SPEC §4 names them ("Ready for
 * pickup"); `statusLabel` reads it in the request's language (English in the console).
 */
export const STATUS_LABELS: Readonly<Record<AppointmentStatus, MessageKey>> = {
  requested: 'appointments.status.requested',
  waitlisted: 'appointments.status.waitlisted',
  unconfirmed: 'appointments.status.unconfirmed',
  confirmed: 'appointments.status.confirmed',
  checked_in: 'appointments.status.checked_in',
  ready_for_pickup: 'appointments.status.ready_for_pickup',
  finished: 'appointments.status.finished',
  canceled: 'appointments.status.canceled',
  no_show: 'appointments.status.no_show',
};

/** Booked or asked for, not started: Upcoming until the appointment ends. */
export const OPEN_STATUSES = ['requested', 'waitlisted', 'unconfirmed', 'confirmed'] as const satisfies readonly AppointmentStatus[];

/** The pet is at the business now: Upcoming whatever the clock says. */
export const IN_PROGRESS_STATUSES = ['checked_in', 'ready_for_pickup'] as const satisfies readonly AppointmentStatus[];

/** Over for good: always History. */
export const CLOSED_STATUSES = ['finished', 'canceled', 'no_show'] as const satisfies readonly AppointmentStatus[];

/**
 * Pending booking requests (SPEC §5): sent through online booking and not yet scheduled by
 * the business. Only these may be canceled or rescheduled by the parent without a change policy.
 */
export const PENDING_REQUEST_STATUSES = ['requested', 'waitlisted'] as const satisfies readonly AppointmentStatus[];

/** The service types whose pets can be watched on a live camera (SPEC §4). */
const LIVE_CAMERA_SERVICE_TYPES: readonly ServiceType[] = ['boarding', 'daycare'];

/** Plain-word label for a status, e.g. `ready_for_pickup` → "Ready for pickup". */
export function statusLabel(status: AppointmentStatus): string {
  return t(STATUS_LABELS[status]);
}

/**
 * The label a parent sees: a request the business declined reads "Declined by <business>",
 * never "Canceled" (that is what the parent, or a canceled visit, reads).
 */
export function parentStatusLabel(a: { status: AppointmentStatus; declinedByBusiness?: boolean }, businessName: string): string {
  return a.status === 'canceled' && a.declinedByBusiness ? t('appointments.status.declinedBy', { business: businessName }) : statusLabel(a.status);
}

/** One line on what a status means for the parent, shown beside the label. */
export function statusExplanation(status: AppointmentStatus): string {
  return t(`appointments.explain.${status}`);
}

/** True for Requested and Waitlisted: booking requests the business has not scheduled yet. */
export function isPendingRequest(status: AppointmentStatus): boolean {
  return (PENDING_REQUEST_STATUSES as readonly AppointmentStatus[]).includes(status);
}

/** The fields `isUpcoming` reads; rows from the database (Dates) and plain numbers both fit. */
export interface UpcomingCheck {
  status: AppointmentStatus;
  endsAt: Date | number;
}

/**
 * True when the appointment belongs in the Upcoming list, false for History — the rule in
 * the module header: in-progress always, closed never, open while `endsAt >= now`.
 *
 * @param now The current instant (epoch ms or Date).
 */
export function isUpcoming(appointment: UpcomingCheck, now: Date | number): boolean {
  const { status } = appointment;
  if ((IN_PROGRESS_STATUSES as readonly AppointmentStatus[]).includes(status)) return true;
  if ((CLOSED_STATUSES as readonly AppointmentStatus[]).includes(status)) return false;
  return toMs(appointment.endsAt) >= toMs(now);
}

/**
 * Splits appointments into the two lists and orders each as the pages show them: Upcoming
 * soonest first, History most recent first (ties by id). For in-memory lists; paginated
 * pages do the same in SQL with the status groups above.
 */
export function splitUpcomingAndHistory<T extends UpcomingCheck & { id: string; startsAt: Date | number }>(
  appointments: readonly T[],
  now: Date | number,
): { upcoming: T[]; history: T[] } {
  const upcoming = appointments.filter((a) => isUpcoming(a, now));
  const history = appointments.filter((a) => !isUpcoming(a, now));
  const byId = (a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  upcoming.sort((a, b) => toMs(a.startsAt) - toMs(b.startsAt) || byId(a, b));
  history.sort((a, b) => toMs(b.startsAt) - toMs(a.startsAt) || byId(a, b));
  return { upcoming, history };
}

/** What `showsLiveCamera` needs: the appointment's type and status, the business's feed. */
export interface LiveCameraCheck {
  serviceType: ServiceType;
  status: AppointmentStatus;
  /** The business's iDogCam feed URL; null/empty when iDogCam is not configured. */
  idogcamFeedUrl: string | null | undefined;
}

/**
 * True when "View live camera" appears (SPEC §4): a boarding or daycare appointment whose pet
 * is checked in, at a business with iDogCam configured. Ready-for-pickup does not count: the
 * stay is over, the pet is waiting at the front desk, not in its room.
 */
export function showsLiveCamera({ serviceType, status, idogcamFeedUrl }: LiveCameraCheck): boolean {
  return LIVE_CAMERA_SERVICE_TYPES.includes(serviceType) && status === 'checked_in' && typeof idogcamFeedUrl === 'string' && idogcamFeedUrl.trim() !== '';
}

function toMs(instant: Date | number): number {
  return typeof instant === 'number' ? instant : instant.getTime();
}
