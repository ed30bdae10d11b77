/**
 * iCalendar (RFC 5545) for the parent's visits: the "Add to calendar" file of one appointment
 * and the private feed a calendar app subscribes to (issue 15 item 1).
 *
 * Why it exists: calendar apps are strict readers, and the format has rules that are easy to
 * get subtly wrong — CRLF line ends, lines folded at 75 octets (not characters: a folded line
 * must never cut a multi-byte UTF-8 character), TEXT values with `\`, `;`, `,` and newlines
 * escaped. The writer below does those once; `visitEvent` decides what a visit says.
 *
 * What a visit's event carries:
 * - UID `<appointment id>@<host>`: stable, so a re-download or the feed updates the same event.
 * - DTSTART/DTEND in UTC ("Z"); the business's zone is named in X-WR-TIMEZONE (when the whole
 *   calendar has one) and, always, in DESCRIPTION with the time as the business's clock shows it.
 * - SEQUENCE = `appointments.version - 1`: every change to an appointment (status, times,
 *   cancel) increments `version` (optimistic concurrency), so the number grows exactly when
 *   the visit changes and starts at 0 as RFC 5545 asks. LAST-MODIFIED = `updated_at`.
 * - DTSTAMP = when the file was written (RFC 5545 §3.8.7.2, for objects with a METHOD).
 * - STATUS: requested, waitlisted and unconfirmed are TENTATIVE; canceled (and declined) is
 *   CANCELLED; everything else — confirmed, checked in, ready, finished, no-show — was a
 *   booked visit, CONFIRMED (the description says which).
 * - SUMMARY service + pets + business; LOCATION the business's address on one line; URL the
 *   appointment's page. Notes are left out on purpose: calendar providers copy feeds to their
 *   own servers, and notes hold things like gate codes.
 *
 * Words (summary, description, the feed's name) are in the current request's language, dates
 * and lists in that language in the business's region (`viewLocale`); the feed's route runs
 * each event in the language its reader chose (src/routes/calendar.tsx).
 *
 * Pure: no I/O, no module state.
 */
import type { AppointmentStatus, ServiceType } from '../db/schema';
import { currentPath, t, viewLocale, withLanguage, type Language } from '../i18n';
import { parentStatusLabel, statusExplanation } from './appointment-status';
import { resolveLocale } from './locale';
import { formatDateTimeRange, formatMoment, localDateString, timeZoneName } from './time';

// ---------------------------------------------------------------------------------------------
// The writer
// ---------------------------------------------------------------------------------------------

export const PRODID = '-//Pawtal//Pawtal visits//EN';

/** Line length limit of RFC 5545 §3.1, in octets, CRLF not counted. */
const MAX_LINE_OCTETS = 75;

export type IcsStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

export interface IcsEvent {
  uid: string;
  /** When this copy was written (epoch ms). */
  dtstamp: number;
  start: number;
  end: number;
  sequence: number;
  lastModified?: number;
  status: IcsStatus;
  summary: string;
  location?: string | null;
  description?: string | null;
  url?: string | null;
  /** Shown as free time (the pet stays; the parent is not busy). */
  transparent?: boolean;
}

export interface IcsCalendar {
  /** X-WR-CALNAME: what a subscribing app calls the calendar. */
  name?: string;
  /** X-WR-TIMEZONE: the zone the calendar is about, when it has one. */
  timeZone?: string | null;
  /** For feeds: how often apps should fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshMinutes?: number;
  events: IcsEvent[];
}

function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds one content line (RFC 5545 §3.1): at most 75 octets per physical line, continuation
 * lines start with one space (which counts), and a multi-byte character is never cut.
 */
export function foldLine(line: string): string {
  let out = '';
  let used = 0;
  for (const ch of line) {
    const octets = utf8Octets(ch.codePointAt(0)!);
    if (used + octets > MAX_LINE_OCTETS) {
      out += '\r\n ';
      used = 1;
    }
    out += ch;
    used += octets;
  }
  return out;
}

/**
 * A TEXT value (RFC 5545 §3.3.11): `\` `;` `,` escaped with a backslash, any newline as `\n`;
 * other control characters (not allowed in TEXT) and lone surrogates are dropped or replaced.
 */
export function escapeText(value: string): string {
  const text = withoutControls(
    value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').replace(/\r\n?/g, '\n'),
    '\t\n',
  );
  return text.replace(/[\\;,]/g, (ch) => `\\${ch}`).replace(/\n/g, '\\n');
}

/** `value` without C0 controls and DEL, except the characters in `keep`. */
function withoutControls(value: string, keep = ''): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if ((code >= 0x20 && code !== 0x7f) || keep.includes(ch)) out += ch;
  }
  return out;
}

/** A UTC DATE-TIME, e.g. `20300115T170000Z` (seconds kept, milliseconds dropped). */
export function formatUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** A URI value: never escaped as TEXT, but it must not carry line breaks. */
function uri(value: string): string {
  return withoutControls(value).replace(/\s/g, '');
}

function eventLines(e: IcsEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${formatUtc(e.dtstamp)}`,
    `DTSTART:${formatUtc(e.start)}`,
    `DTEND:${formatUtc(e.end)}`,
    `SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`,
  ];
  if (e.lastModified !== undefined) lines.push(`LAST-MODIFIED:${formatUtc(e.lastModified)}`);
  lines.push(`STATUS:${e.status}`, `SUMMARY:${escapeText(e.summary)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${uri(e.url)}`);
  lines.push(`TRANSP:${e.transparent ? 'TRANSPARENT' : 'OPAQUE'}`, 'END:VEVENT');
  return lines;
}

/** The whole iCalendar object: folded lines, each ended by CRLF. */
export function writeCalendar(cal: IcsCalendar): string {
  const lines = ['BEGIN:VCALENDAR', `PRODID:${PRODID}`, 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (cal.name) lines.push(`X-WR-CALNAME:${escapeText(cal.name)}`);
  if (cal.timeZone) lines.push(`X-WR-TIMEZONE:${escapeText(cal.timeZone)}`);
  if (cal.refreshMinutes) {
    const minutes = Math.max(1, Math.trunc(cal.refreshMinutes));
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${minutes}M`, `X-PUBLISHED-TTL:PT${minutes}M`);
  }
  for (const event of cal.events) lines.push(...eventLines(event));
  lines.push('END:VCALENDAR');
  return lines.map((l) => `${foldLine(l)}\r\n`).join('');
}

// ---------------------------------------------------------------------------------------------
// A visit as an event
// ---------------------------------------------------------------------------------------------

/** One appointment as the calendar needs it, with its business. */
export interface CalendarVisit {
  id: string;
  clientId: string;
  serviceType: ServiceType;
  status: AppointmentStatus;
  declinedByBusiness: boolean;
  startsAt: Date;
  endsAt: Date;
  version: number;
  updatedAt: Date;
  petNames: string[];
  serviceNames: string[];
  business: { name: string; timeZone: string; locale: string; address: string | null; phone: string | null; textLanguage?: Language };
}

/** Where links and UIDs point: `host` for UIDs, `origin` (scheme + host) for URLs. */
export interface CalendarSite {
  host: string;
  origin: string;
}

const TENTATIVE: readonly AppointmentStatus[] = ['requested', 'waitlisted', 'unconfirmed'];

/** Our status as iCalendar's (see the module header). */
export function icsStatus(status: AppointmentStatus): IcsStatus {
  if (status === 'canceled') return 'CANCELLED';
  return TENTATIVE.includes(status) ? 'TENTATIVE' : 'CONFIRMED';
}

/** The visit's page in the portal. */
export function visitUrl(site: CalendarSite, v: { clientId: string; id: string }): string {
  return `${site.origin}/c/${encodeURIComponent(v.clientId)}/appointments/${encodeURIComponent(v.id)}`;
}

/** `Boarding`, `Daycare`…: the service type when the visit names no service. */
function typeWord(type: ServiceType): string {
  return t(`appointments.serviceType.${type}`);
}

function listOf(items: string[], locale: string): string {
  return new Intl.ListFormat(resolveLocale(locale), { style: 'long', type: 'conjunction' }).format(items);
}

/** "Full groom for Pepper and Mochi at Detail Dogs"; canceled ones say so first. */
export function visitSummary(v: CalendarVisit): string {
  const locale = viewLocale(v.business.locale);
  const what = v.serviceNames.length > 0 ? listOf(v.serviceNames, locale) : typeWord(v.serviceType);
  const summary =
    v.petNames.length > 0
      ? t('calendar.summary', { what, pets: listOf(v.petNames, locale), business: v.business.name })
      : t('calendar.summaryNoPets', { what, business: v.business.name });
  if (v.status !== 'canceled') return summary;
  return v.declinedByBusiness ? t('calendar.summaryDeclined', { summary }) : t('calendar.summaryCanceled', { summary });
}

/** The visit's time as the business's clock shows it, the zone named. */
export function visitWhen(v: CalendarVisit): string {
  const tz = v.business.timeZone;
  const locale = viewLocale(v.business.locale);
  const start = v.startsAt.getTime();
  const zone = `${timeZoneName(tz, start, locale)}, ${tz}`;
  if (v.serviceType === 'boarding') {
    const checkIn = t('calendar.checkIn', { moment: formatMoment(start, tz, locale) });
    const checkOut = t('calendar.checkOut', { moment: formatMoment(v.endsAt.getTime(), tz, locale) });
    return `${checkIn}\n${checkOut}\n(${zone})`;
  }
  return t('calendar.when', { range: formatDateTimeRange(start, v.endsAt.getTime(), tz, locale), zone });
}

function visitDescription(v: CalendarVisit, url: string): string {
  const status = parentStatusLabel(v, v.business.name);
  const explanation = v.declinedByBusiness && v.status === 'canceled' ? t('appointments.explain.declined') : statusExplanation(v.status);
  const lines = [t('calendar.status', { status, explanation }), visitWhen(v)];
  if (v.petNames.length > 0) lines.push(t('calendar.pets', { count: v.petNames.length, names: listOf(v.petNames, viewLocale(v.business.locale)) }));
  const { name, phone } = v.business;
  lines.push(phone ? t('calendar.businessPhone', { business: name, phone }) : t('calendar.business', { business: name }));
  lines.push(t('calendar.details', { url }));
  return lines.join('\n');
}

/** The business's address on one line ("12 Bark Ave, Seattle, WA"), as maps look it up. */
function oneLine(address: string | null): string | null {
  const joined = (address ?? '')
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(', ');
  return joined || null;
}

/** The VEVENT of one visit, written at `now`. */
export function visitEvent(v: CalendarVisit, site: CalendarSite, now: number): IcsEvent {
  const url = visitUrl(site, v);
  return {
    uid: `${v.id}@${site.host}`,
    dtstamp: now,
    start: v.startsAt.getTime(),
    end: v.endsAt.getTime(),
    sequence: v.version - 1,
    lastModified: v.updatedAt.getTime(),
    status: icsStatus(v.status),
    summary: visitSummary(v),
    location: oneLine(v.business.address),
    description: visitDescription(v, url),
    url,
    transparent: v.serviceType === 'boarding' || v.serviceType === 'daycare',
  };
}

/** The zone every visit shares, or null when they span several (X-WR-TIMEZONE names one). */
function sharedZone(visits: CalendarVisit[]): string | null {
  const zones = new Set(visits.map((v) => v.business.timeZone));
  return zones.size === 1 ? [...zones][0]! : null;
}

/** The "Add to calendar" file of one visit. */
export function visitCalendar(v: CalendarVisit, site: CalendarSite, now: number): string {
  return writeCalendar({ timeZone: v.business.timeZone, events: [visitEvent(v, site, now)] });
}

/** How often subscribed apps are asked to fetch the feed again. */
export const FEED_REFRESH_MINUTES = 60;

/**
 * The private feed: every visit given, one event each. `languageOf` names the language of a
 * visit's words (a calendar app sends no cookie: the route passes the account's stored choice,
 * else the visit's business's text language); without it, the current request's.
 */
export function feedCalendar(visits: CalendarVisit[], site: CalendarSite, now: number, languageOf?: (v: CalendarVisit) => Language): string {
  return writeCalendar({
    name: t('calendar.name'),
    timeZone: sharedZone(visits),
    refreshMinutes: FEED_REFRESH_MINUTES,
    events: visits.map((v) => (languageOf ? withLanguage(languageOf(v), currentPath(), () => visitEvent(v, site, now)) : visitEvent(v, site, now))),
  });
}

/** A readable file name for one visit: `grooming-2030-01-15.ics`, in the business's calendar. */
export function visitFileName(v: CalendarVisit): string {
  return `${v.serviceType}-${localDateString(v.startsAt, v.business.timeZone)}.ics`;
}
