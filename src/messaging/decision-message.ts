/**
 * The text message that tells a parent what the business decided about their booking request
 * (SPEC §11: "parents are told of the outcome"). Pure: in the parent's language (their stored
 * choice, else the business's text language — messaging/text-language.ts), the date and time
 * written in the business's time zone and region, and the link leads to the appointment's page
 * in the portal (which asks the parent to sign in; it carries no secret).
 */
import type { ServiceType } from '../db/schema';
import { formatDate, formatTime } from '../domain/time';
import { DEFAULT_LANGUAGE, intlLocale, translator, type Language } from '../i18n';

export interface DecisionMessageInput {
  decision: 'confirm' | 'decline' | 'waitlist';
  businessName: string;
  serviceType: ServiceType;
  startsAt: number;
  timeZone: string;
  locale: string;
  /** The text's language; English when not given. */
  language?: Language;
  /** The business's words when declining; none = no reason given. */
  reason?: string | null;
  /** The appointment's page, absolute. */
  link: string;
}

/** SMS is short: a reason longer than this is cut (the full reason is on the appointment's page). */
export const MAX_REASON_IN_MESSAGE = 120;

export function decisionMessage(m: DecisionMessageInput): string {
  const language = m.language ?? DEFAULT_LANGUAGE;
  const tr = translator(language);
  const locale = intlLocale(language, m.locale);
  const values = {
    business: m.businessName,
    service: tr(`messages.service.${m.serviceType}`),
    date: formatDate(m.startsAt, m.timeZone, locale),
    time: formatTime(m.startsAt, m.timeZone, locale),
    link: m.link,
  };
  if (m.decision === 'confirm') return tr('messages.decision.confirm', values);
  if (m.decision === 'waitlist') return tr('messages.decision.waitlist', values);
  const reason = m.reason?.trim().replace(/\s+/g, ' ');
  // Cut by code points, not UTF-16 units, so an emoji is never split in half.
  const chars = reason ? Array.from(reason) : [];
  const shown = chars.length > MAX_REASON_IN_MESSAGE ? `${chars.slice(0, MAX_REASON_IN_MESSAGE - 1).join('')}…` : reason;
  return shown ? tr('messages.decision.declineReason', { ...values, reason: shown }) : tr('messages.decision.decline', values);
}
