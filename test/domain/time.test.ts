import { describe, expect, it } from 'vitest';
import {
  LocalTimeError,
  timeZoneName,
  addDays,
  formatDate,
  formatDateTimeRange,
  formatTime,
  isValidDateString,
  isValidTimeString,
  isValidTimeZone,
  localDateString,
  localTimeString,
  startOfDayUtc,
  timeZoneLabel,
  zonedDateTimeToUtc,
} from '../../src/domain/time';

/** Intl puts narrow no-break spaces before AM/PM; compare with plain spaces. */
const plain = (text: string) => text.replace(/\s/g, ' ');

const LONDON = 'Europe/London';
const LOS_ANGELES = 'America/Los_Angeles';

// 2026 clock changes: UK on 29 March and 25 October (01:00 UTC); US on 8 March and 1 November.
describe('zonedDateTimeToUtc', () => {
  describe('a 09:00 appointment in Europe/London', () => {
    it.each([
      ['2026-03-28', Date.UTC(2026, 2, 28, 9), 'GMT'],
      ['2026-03-30', Date.UTC(2026, 2, 30, 8), 'BST'],
      ['2026-10-24', Date.UTC(2026, 9, 24, 8), 'BST'],
      ['2026-10-26', Date.UTC(2026, 9, 26, 9), 'GMT'],
    ])('on %s is %i and shows 09:00 %s', (date, instant, label) => {
      const startsAt = zonedDateTimeToUtc(date, '09:00', LONDON);
      expect(startsAt).toBe(instant);
      expect(formatTime(startsAt, LONDON, 'en-GB')).toBe('09:00');
      expect(plain(formatTime(startsAt, LONDON, 'en-US'))).toBe('9:00 AM');
      expect(timeZoneLabel(LONDON, startsAt, 'en-GB')).toBe(label);
    });
  });

  describe('a 09:00 appointment in America/Los_Angeles', () => {
    it.each([
      ['2026-03-07', Date.UTC(2026, 2, 7, 17), 'PST'],
      ['2026-03-09', Date.UTC(2026, 2, 9, 16), 'PDT'],
      ['2026-10-31', Date.UTC(2026, 9, 31, 16), 'PDT'],
      ['2026-11-02', Date.UTC(2026, 10, 2, 17), 'PST'],
    ])('on %s is %i and shows 9:00 AM %s', (date, instant, label) => {
      const startsAt = zonedDateTimeToUtc(date, '09:00', LOS_ANGELES);
      expect(startsAt).toBe(instant);
      expect(plain(formatTime(startsAt, LOS_ANGELES, 'en-US'))).toBe('9:00 AM');
      expect(timeZoneLabel(LOS_ANGELES, startsAt, 'en-US')).toBe(label);
    });
  });

  describe('on the day of the change itself', () => {
    it('reads 09:00 with the new offset', () => {
      expect(zonedDateTimeToUtc('2026-03-29', '09:00', LONDON)).toBe(Date.UTC(2026, 2, 29, 8));
      expect(zonedDateTimeToUtc('2026-10-25', '09:00', LONDON)).toBe(Date.UTC(2026, 9, 25, 9));
      expect(zonedDateTimeToUtc('2026-03-08', '09:00', LOS_ANGELES)).toBe(Date.UTC(2026, 2, 8, 16));
      expect(zonedDateTimeToUtc('2026-11-01', '09:00', LOS_ANGELES)).toBe(Date.UTC(2026, 10, 1, 17));
    });
  });

  describe('with a time skipped when clocks go forward', () => {
    it('moves it forward by the gap by default (01:30 London → 02:30 BST)', () => {
      const instant = zonedDateTimeToUtc('2026-03-29', '01:30', LONDON);
      expect(instant).toBe(Date.UTC(2026, 2, 29, 1, 30));
      expect(formatTime(instant, LONDON, 'en-GB')).toBe('02:30');
      expect(zonedDateTimeToUtc('2026-03-08', '02:30', LOS_ANGELES)).toBe(Date.UTC(2026, 2, 8, 10, 30));
    });

    it('throws a LocalTimeError of kind nonexistent when asked to reject', () => {
      const attempt = () => zonedDateTimeToUtc('2026-03-29', '01:30', LONDON, { disambiguation: 'reject' });
      expect(attempt).toThrow(LocalTimeError);
      expect(attempt).toThrow(/does not exist/);
      try {
        attempt();
      } catch (error) {
        expect((error as LocalTimeError).kind).toBe('nonexistent');
      }
    });
  });

  describe('with a time repeated when clocks go back', () => {
    it('takes the earlier instant by default (the first 01:30, still summer time)', () => {
      expect(zonedDateTimeToUtc('2026-10-25', '01:30', LONDON)).toBe(Date.UTC(2026, 9, 25, 0, 30));
      expect(zonedDateTimeToUtc('2026-11-01', '01:30', LOS_ANGELES)).toBe(Date.UTC(2026, 10, 1, 8, 30));
    });

    it('throws a LocalTimeError of kind ambiguous when asked to reject', () => {
      let caught: unknown;
      try {
        zonedDateTimeToUtc('2026-10-25', '01:30', LONDON, { disambiguation: 'reject' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(LocalTimeError);
      expect((caught as LocalTimeError).kind).toBe('ambiguous');
    });

    it('accepts unambiguous times with reject too', () => {
      expect(zonedDateTimeToUtc('2026-10-25', '09:00', LONDON, { disambiguation: 'reject' })).toBe(Date.UTC(2026, 9, 25, 9));
    });
  });

  it.each([
    ['2026-02-30', '09:00'],
    ['2026-13-01', '09:00'],
    ['26-01-01', '09:00'],
    ['0099-01-01', '09:00'],
    ['2026-01-01', '9:00'],
    ['2026-01-01', '24:00'],
    ['2026-01-01', '09:60'],
  ])('refuses %s %s with a RangeError', (date, time) => {
    expect(() => zonedDateTimeToUtc(date, time, LONDON)).toThrow(RangeError);
  });

  it('refuses an unknown time zone with a RangeError', () => {
    expect(() => zonedDateTimeToUtc('2026-01-01', '09:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('startOfDayUtc', () => {
  it('is local midnight, before and after a clock change', () => {
    expect(startOfDayUtc('2026-03-29', LONDON)).toBe(Date.UTC(2026, 2, 29, 0));
    expect(startOfDayUtc('2026-03-30', LONDON)).toBe(Date.UTC(2026, 2, 29, 23));
    expect(startOfDayUtc('2026-01-15', LOS_ANGELES)).toBe(Date.UTC(2026, 0, 15, 8));
  });

  it('is the first time that exists where clocks skip midnight (Santiago, 6 Sep 2026 → 01:00)', () => {
    expect(startOfDayUtc('2026-09-06', 'America/Santiago')).toBe(Date.UTC(2026, 8, 6, 4));
  });
});

describe('formatDate', () => {
  const evening = Date.UTC(2026, 0, 16, 3); // 7 PM on the 15th in Los Angeles, 3 AM on the 16th in London

  it('uses the business’s calendar day', () => {
    expect(formatDate(evening, LOS_ANGELES, 'en-US')).toBe('Thu, Jan 15, 2026');
    expect(formatDate(evening, LONDON, 'en-GB')).toBe('Fri, 16 Jan 2026');
  });

  it('takes a Date as well as epoch ms', () => {
    expect(formatDate(new Date(evening), LOS_ANGELES, 'en-US')).toBe('Thu, Jan 15, 2026');
  });

  it('accepts other fields', () => {
    expect(formatDate(evening, LOS_ANGELES, 'en-US', { month: 'long', day: 'numeric' })).toBe('January 15');
  });

  it('falls back to en-US for a malformed locale', () => {
    expect(formatDate(evening, LOS_ANGELES, '!!')).toBe('Thu, Jan 15, 2026');
  });
});

describe('formatDateTimeRange', () => {
  const start = zonedDateTimeToUtc('2026-01-15', '09:00', LOS_ANGELES);

  it('shows one date for a visit within a day', () => {
    const end = zonedDateTimeToUtc('2026-01-15', '11:00', LOS_ANGELES);
    expect(plain(formatDateTimeRange(start, end, LOS_ANGELES, 'en-US'))).toBe('Thu, Jan 15, 2026, 9:00 – 11:00 AM');
  });

  it('shows check-in and check-out days and times for a stay', () => {
    const end = zonedDateTimeToUtc('2026-01-18', '17:00', LOS_ANGELES);
    expect(plain(formatDateTimeRange(start, end, LOS_ANGELES, 'en-US'))).toBe('Thu, Jan 15, 2026, 9:00 AM – Sun, Jan 18, 2026, 5:00 PM');
  });
});

describe('timeZoneLabel', () => {
  it('names the zone as the locale writes it at that instant', () => {
    expect(timeZoneLabel(LOS_ANGELES, Date.UTC(2026, 0, 15), 'en-US')).toBe('PST');
    expect(timeZoneLabel(LOS_ANGELES, Date.UTC(2026, 6, 15), 'en-US')).toBe('PDT');
    expect(timeZoneLabel(LONDON, Date.UTC(2026, 0, 15), 'en-GB')).toBe('GMT');
    expect(timeZoneLabel(LONDON, Date.UTC(2026, 6, 15), 'en-GB')).toBe('BST');
  });

  it('falls back to the offset where the locale has no abbreviation', () => {
    expect(timeZoneLabel(LONDON, Date.UTC(2026, 6, 15), 'en-US')).toBe('GMT+1');
  });
});

describe('calendar helpers', () => {
  it('localDateString and localTimeString read the wall clock in the zone', () => {
    const instant = Date.UTC(2026, 0, 16, 3, 5);
    expect(localDateString(instant, LOS_ANGELES)).toBe('2026-01-15');
    expect(localTimeString(instant, LOS_ANGELES)).toBe('19:05');
    expect(localDateString(new Date(instant), LONDON)).toBe('2026-01-16');
    expect(localTimeString(instant, LONDON)).toBe('03:05');
  });

  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('validators accept only well-formed values', () => {
    expect(isValidTimeZone(LONDON)).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidDateString('2028-02-29')).toBe(true);
    expect(isValidDateString('2026-02-29')).toBe(false);
    expect(isValidTimeString('23:59')).toBe(true);
    expect(isValidTimeString('23:5')).toBe(false);
  });
});

describe('timeZoneName', () => {
  it('names the zone as people say it, without the DST letter', () => {
    expect(timeZoneName('America/Los_Angeles', Date.UTC(2026, 6, 1), 'en-US')).toBe('Pacific Time');
    expect(timeZoneName('America/Los_Angeles', Date.UTC(2026, 0, 1), 'en-US')).toBe('Pacific Time');
    expect(timeZoneName('Europe/London', Date.UTC(2026, 6, 1), 'en-GB')).toMatch(/United Kingdom Time|British/);
  });
});
