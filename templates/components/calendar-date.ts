/**
 * A calendar date stored as `YYYY-MM-DD` (package purchase and expiry, membership renewal)
 * written for people: "Jan 15, 2026" (en-US), "15 Jan 2026" (en-GB). Such a date is a day on
 * the business's calendar, not an instant, so it is formatted in UTC where it was written and
 * never shifted by a time zone.
 */
import { formatDate } from '../../src/domain/time';

export function formatCalendarDate(dateStr: string, locale: string): string {
  const [y, m, d] = dateStr.split('-').map(Number);
  if (!y || !m || !d) return dateStr;
  return formatDate(Date.UTC(y, m - 1, d), 'UTC', locale, { day: 'numeric', month: 'short', year: 'numeric' });
}
