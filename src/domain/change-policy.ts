/**
 * Whether a parent may cancel or reschedule an appointment in the portal (SPEC §4–§5):
 * pending requests (Requested, Waitlisted) always; a confirmed appointment only when the
 * business allows changes until N hours before the start; nothing else.
 */
import type { AppointmentStatus } from '../db/schema';
import { isPendingRequest } from './appointment-status';

export interface ChangePolicy {
  changePolicy: 'not_allowed' | 'until_hours_before';
  changePolicyHours: number | null;
}

export function changeAllowed(appointment: { status: AppointmentStatus; startsAt: number }, policy: ChangePolicy, now: number): boolean {
  if (isPendingRequest(appointment.status)) return true;
  if (appointment.status !== 'confirmed' || policy.changePolicy !== 'until_hours_before') return false;
  return appointment.startsAt - now >= (policy.changePolicyHours ?? 0) * 3_600_000;
}
