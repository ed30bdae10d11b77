/**
 * The text message that tells a parent what the business decided about their booking request
 * (SPEC §11: "parents are told of the outcome"). Pure: the date and time are written in the
 * business's time zone and locale, and the link leads to the appointment's page in the portal
 * (which asks the parent to sign in; it carries no secret).
 */
import type { ServiceType } from '../db/schema';
import { formatDate, formatTime } from '../domain/time';

export interface DecisionMessageInput {
  decision: 'confirm' | 'decline' | 'waitlist';
  businessName: string;
  serviceType: ServiceType;
  startsAt: number;
  timeZone: string;
  locale: string;
  /** The business's words when declining; none = no reason given. */
  reason?: string | null;
  /** The appointment's page, absolute. */
  link: string;
}

/** SMS is short: a reason longer than this is cut (the full reason is on the appointment's page). */
export const MAX_REASON_IN_MESSAGE = 120;

export function decisionMessage(m: DecisionMessageInput): string {
  const when = `${formatDate(m.startsAt, m.timeZone, m.locale)} at ${formatTime(m.startsAt, m.timeZone, m.locale)}`;
  const what = m.serviceType;
  if (m.decision === 'confirm') {
    return `${m.businessName} confirmed your ${what} request for ${when}. Details: ${m.link}`;
  }
  if (m.decision === 'waitlist') {
    return `${m.businessName} put your ${what} request for ${when} on the waitlist: they will tell you when a place is free. Details: ${m.link}`;
  }
  const reason = m.reason?.trim().replace(/\s+/g, ' ');
  // Cut by code points, not UTF-16 units, so an emoji is never split in half.
  const chars = reason ? Array.from(reason) : [];
  const shown = chars.length > MAX_REASON_IN_MESSAGE ? `${chars.slice(0, MAX_REASON_IN_MESSAGE - 1).join('')}…` : reason;
  return `${m.businessName} could not accept your ${what} request for ${when}${shown ? ` (${shown})` : ''}. Details: ${m.link}`;
}
