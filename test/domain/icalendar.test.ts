/**
 * The iCalendar writer and what a visit's event says: CRLF, folding at 75 octets without
 * cutting a UTF-8 character, TEXT escaping, the status mapping and SEQUENCE — checked by hand
 * and by reading the output back with ical.js (Mozilla's parser).
 */
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import {
  escapeText,
  feedCalendar,
  foldLine,
  formatUtc,
  icsStatus,
  visitCalendar,
  visitFileName,
  writeCalendar,
  type CalendarVisit,
} from '../../src/domain/icalendar';

const octets = (s: string) => new TextEncoder().encode(s).length;
const site = { host: 'pawtal.test', origin: 'https://pawtal.test' };
const NOW = Date.UTC(2030, 0, 10, 12, 0);

function visit(overrides: Partial<CalendarVisit> = {}): CalendarVisit {
  return {
    id: 'apt_one',
    clientId: 'cli_one',
    serviceType: 'grooming',
    status: 'confirmed',
    declinedByBusiness: false,
    startsAt: new Date(Date.UTC(2030, 0, 15, 17, 0)), // 09:00 PST
    endsAt: new Date(Date.UTC(2030, 0, 15, 19, 0)),
    version: 1,
    updatedAt: new Date(Date.UTC(2030, 0, 1)),
    petNames: ['Pepper', 'Mochi'],
    serviceNames: ['Full groom'],
    business: { name: 'Detail Dogs', timeZone: 'America/Los_Angeles', locale: 'en-US', address: '12 Bark Ave\nSeattle, WA', phone: '(206) 555-0142' },
    ...overrides,
  };
}

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return { cal, events: cal.getAllSubcomponents('vevent').map((c) => ({ c, e: new ICAL.Event(c) })) };
}

describe('foldLine', () => {
  it('leaves a line of 75 octets alone and folds the 76th onto a line starting with a space', () => {
    expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75));
    expect(foldLine('a'.repeat(76))).toBe(`${'a'.repeat(75)}\r\n a`);
  });

  it('folds a long line of multi-byte characters at octet boundaries, never inside a character', () => {
    const line = `SUMMARY:${'é'.repeat(40)}${'🐕'.repeat(20)}日本語のテキスト${'ü'.repeat(30)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    for (const [i, l] of physical.entries()) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      if (i > 0) expect(l.startsWith(' ')).toBe(true);
      // A cut inside a character would leave a lone surrogate or a replacement character.
      expect(l).not.toMatch(/[\uD800-\uDFFF](?<![\uD800-\uDBFF][\uDC00-\uDFFF])|\uFFFD/u);
    }
    // Unfolding (CRLF + one space removed) gives the line back exactly.
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    // 'SUMMARY:' (8 octets) + 33 × 'é' (66) = 74; a 34th 'é' would make 76, so it starts the next line.
    expect(octets(physical[0]!)).toBe(74);
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and every kind of newline', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('drops control characters TEXT does not allow, keeping tabs', () => {
    expect(escapeText('a\u0000b\u0007c\td\u007f')).toBe('abc\td');
  });
});

describe('writeCalendar', () => {
  it('ends every line with CRLF, never a bare LF, and wraps one VEVENT in a publishing VCALENDAR', () => {
    const ics = writeCalendar({
      timeZone: 'Europe/London',
      events: [{ uid: 'x@h', dtstamp: NOW, start: NOW, end: NOW + 3600_000, sequence: 2, status: 'CONFIRMED', summary: 'Walk, then; nap\\' }],
    });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n');
    expect(lines.slice(0, 5)).toEqual(['BEGIN:VCALENDAR', 'PRODID:-//Pawtal//Pawtal visits//EN', 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']);
    expect(lines).toContain('X-WR-TIMEZONE:Europe/London');
    expect(lines).toContain('SUMMARY:Walk\\, then\\; nap\\\\');
    expect(lines).toContain(`DTSTART:${formatUtc(NOW)}`);
    expect(formatUtc(NOW)).toBe('20300110T120000Z');
    const { e } = events(ics).events[0]!;
    expect(e.summary).toBe('Walk, then; nap\\');
    expect(e.sequence).toBe(2);
  });
});

describe('visitCalendar', () => {
  it('writes the visit in UTC with the business zone named, its address, a link back and a stable UID', () => {
    const ics = visitCalendar(visit(), site, NOW);
    const { cal, events: list } = events(ics);
    expect(list).toHaveLength(1);
    const { c, e } = list[0]!;
    expect(e.uid).toBe('apt_one@pawtal.test');
    expect(e.startDate.toJSDate().toISOString()).toBe('2030-01-15T17:00:00.000Z');
    expect(e.startDate.zone.tzid).toBe('UTC');
    expect(e.endDate.toJSDate().toISOString()).toBe('2030-01-15T19:00:00.000Z');
    expect(e.summary).toBe('Full groom for Pepper and Mochi at Detail Dogs');
    expect(e.location).toBe('12 Bark Ave, Seattle, WA');
    expect(e.description).toContain('When: Tue, Jan 15, 2030, 9:00');
    expect(e.description).toContain('(Pacific Time, America/Los_Angeles)');
    expect(e.description).toContain('Status: Confirmed.');
    expect(c.getFirstPropertyValue('url')).toBe('https://pawtal.test/c/cli_one/appointments/apt_one');
    expect(c.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(e.sequence).toBe(0);
    expect(cal.getFirstPropertyValue('x-wr-timezone')).toBe('America/Los_Angeles');
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
  });

  it('counts SEQUENCE from the appointment version and marks a canceled visit CANCELLED', () => {
    const { events: list } = events(visitCalendar(visit({ status: 'canceled', version: 4 }), site, NOW));
    expect(list[0]!.e.sequence).toBe(3);
    expect(list[0]!.c.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(list[0]!.e.summary).toBe('Canceled: Full groom for Pepper and Mochi at Detail Dogs');
  });

  it('gives a boarding stay check-in and check-out in the business zone, shown as free time', () => {
    const stay = visit({ serviceType: 'boarding', serviceNames: [], petNames: ['Rex'], endsAt: new Date(Date.UTC(2030, 0, 18, 1, 0)) });
    const { c, e } = events(visitCalendar(stay, site, NOW)).events[0]!;
    expect(e.summary).toBe('Boarding for Rex at Detail Dogs');
    expect(e.description).toContain('Check-in: Tue, Jan 15, 2030, 9:00 AM PST');
    expect(e.description).toContain('Check-out: Thu, Jan 17, 2030, 5:00 PM PST');
    expect(c.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(visitFileName(stay)).toBe('boarding-2030-01-15.ics');
  });

  it('keeps commas, semicolons and accents in names intact through escaping and folding', () => {
    const name = 'Chez Zoë; Grooming, Boarding & Spa — Ünterstraße Établissement für Hunde';
    const ics = visitCalendar(visit({ business: { ...visit().business, name, address: 'Rue 1; 2\\3' } }), site, NOW);
    for (const l of ics.split('\r\n')) expect(octets(l)).toBeLessThanOrEqual(75);
    const { e } = events(ics).events[0]!;
    expect(e.summary).toBe(`Full groom for Pepper and Mochi at ${name}`);
    expect(e.location).toBe('Rue 1; 2\\3');
  });
});

describe('icsStatus', () => {
  it.each([
    ['requested', 'TENTATIVE'],
    ['waitlisted', 'TENTATIVE'],
    ['unconfirmed', 'TENTATIVE'],
    ['confirmed', 'CONFIRMED'],
    ['checked_in', 'CONFIRMED'],
    ['ready_for_pickup', 'CONFIRMED'],
    ['finished', 'CONFIRMED'],
    ['no_show', 'CONFIRMED'],
    ['canceled', 'CANCELLED'],
  ] as const)('%s → %s', (status, expected) => {
    expect(icsStatus(status)).toBe(expected);
  });
});

describe('feedCalendar', () => {
  it('names the calendar, asks for hourly refreshes and leaves X-WR-TIMEZONE out when zones differ', () => {
    const london = visit({ id: 'apt_two', business: { ...visit().business, timeZone: 'Europe/London', locale: 'en-GB' } });
    const ics = feedCalendar([visit(), london], site, NOW);
    const { cal, events: list } = events(ics);
    expect(list.map((x) => x.e.uid)).toEqual(['apt_one@pawtal.test', 'apt_two@pawtal.test']);
    expect(cal.getFirstPropertyValue('x-wr-timezone')).toBeNull();
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Pet visits (Pawtal)');
    expect(ics).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n');
  });
});
