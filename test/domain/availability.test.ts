import { describe, expect, it } from 'vitest';
import {
  type BookingRules,
  type BusyInterval,
  type GroomingSlot,
  type OpeningHours,
  type StaffException,
  type StaffSchedule,
  type Weekday,
  boardingCalendar,
  checkBoardingStay,
  checkDaycareDays,
  checkGroomingStart,
  daycareCalendar,
  depositFor,
  groomingStartTimes,
  openingHoursOn,
  staffPeriodsOn,
} from '../../src/domain/availability';
import { localDateString, localTimeInstants, localTimeString, timeZoneLabel, zonedDateTimeToUtc } from '../../src/domain/time';

const LA = 'America/Los_Angeles';
const LONDON = 'Europe/London';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// June 2026 in Los Angeles: Monday 1st, Saturday 6th, Sunday 7th. Christmas is a Friday.
const MONDAY = '2026-06-01';
const TUESDAY = '2026-06-02';
const SATURDAY = '2026-06-06';
const SUNDAY = '2026-06-07';

const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5];
const EVERY_DAY: Weekday[] = [0, 1, 2, 3, 4, 5, 6];

/** The instant the wall clock in `tz` shows `date` `time`. */
const at = (date: string, time: string, tz = LA) => zonedDateTimeToUtc(date, time, tz);

function hours(opens: string, closes: string, days: Weekday[] = WEEKDAYS): OpeningHours[] {
  return days.map((weekday) => ({ weekday, opens, closes }));
}

function schedule(staffId: string, starts: string, ends: string, days: Weekday[] = WEEKDAYS): StaffSchedule[] {
  return days.map((weekday) => ({ staffId, weekday, starts, ends }));
}

/**
 * A Los Angeles salon: weekdays 09:00–17:00, Saturday split 09:00–12:00 and 13:00–16:00,
 * closed Sunday and Christmas; 30-minute grid, 2 hours' notice, 30 days ahead, 5 days a request.
 */
function rules(overrides: Partial<BookingRules> = {}): BookingRules {
  return {
    timeZone: LA,
    minNoticeHours: 2,
    horizonDays: 30,
    closedDates: ['2026-12-25'],
    openingHours: [...hours('09:00', '17:00'), ...hours('09:00', '12:00', [6]), ...hours('13:00', '16:00', [6])],
    slotIntervalMinutes: 30,
    maxDaysPerRequest: 5,
    ...overrides,
  };
}

/** A week before the dates under test, so notice and horizon stay out of the way. */
const A_WEEK_BEFORE = at('2026-05-25', '08:00');

const ANA = schedule('ana', '09:00', '17:00');
const BEN = schedule('ben', '09:00', '17:00');

const busy = (staffId: string, date: string, from: string, to: string, tz = LA): BusyInterval => ({
  staffId,
  startsAt: at(date, from, tz),
  endsAt: at(date, to, tz),
});

/** Local start times of slots, e.g. `['09:00', '09:30']`. */
const startTimes = (slots: GroomingSlot[], tz = LA) => slots.map((s) => localTimeString(s.startsAt, tz));

/** Slots as `HH:MM ZONE` so repeated hours read distinctly, e.g. `01:30 PDT`, `01:30 PST`. */
const labelled = (slots: GroomingSlot[], tz: string, locale: string) =>
  slots.map((s) => `${localTimeString(s.startsAt, tz)} ${timeZoneLabel(tz, s.startsAt, locale)}`);

function listOn(date: string, overrides: Partial<Parameters<typeof groomingStartTimes>[0]> = {}) {
  return groomingStartTimes({
    rules: rules(),
    date,
    durationMinutes: 60,
    staff: ANA,
    busy: [],
    now: A_WEEK_BEFORE,
    ...overrides,
  });
}

function check(startsAt: number, overrides: Partial<Parameters<typeof checkGroomingStart>[0]> = {}) {
  return checkGroomingStart({
    rules: rules(),
    startsAt,
    durationMinutes: 60,
    staff: [...ANA, ...BEN],
    busy: [],
    now: A_WEEK_BEFORE,
    ...overrides,
  });
}

describe('groomingStartTimes', () => {
  describe('from opening hours and one groomer’s schedule', () => {
    it('steps the grid from opening time and stops where the service would end after closing', () => {
      expect(startTimes(listOn(MONDAY))).toEqual([
        '09:00',
        '09:30',
        '10:00',
        '10:30',
        '11:00',
        '11:30',
        '12:00',
        '12:30',
        '13:00',
        '13:30',
        '14:00',
        '14:30',
        '15:00',
        '15:30',
        '16:00',
      ]);
    });

    it('gives real instants on the business’s calendar', () => {
      const [first] = listOn(MONDAY);
      expect(first).toEqual({ startsAt: Date.UTC(2026, 5, 1, 16, 0), staffIds: ['ana'] });
    });

    it('lets a 90-minute service start no later than 15:30 when closing is 17:00', () => {
      const slots = listOn(MONDAY, { durationMinutes: 90 });
      expect(startTimes(slots).at(-1)).toBe('15:30');
    });

    it('offers nothing when the service is longer than the day', () => {
      expect(listOn(MONDAY, { durationMinutes: 9 * 60 })).toEqual([]);
    });

    it('keeps the grid of the opening time, not of the groomer’s shift', () => {
      const late = schedule('ana', '10:15', '13:00');
      expect(startTimes(listOn(MONDAY, { staff: late }))).toEqual(['10:30', '11:00', '11:30', '12:00']);
    });

    it('starts the grid at an opening time off the hour', () => {
      const slots = listOn(MONDAY, { rules: rules({ openingHours: hours('09:15', '11:00') }) });
      expect(startTimes(slots)).toEqual(['09:15', '09:45']);
    });

    it('uses a 15-minute grid when the business steps by 15', () => {
      const quarterHours = rules({ slotIntervalMinutes: 15, openingHours: hours('09:00', '10:30') });
      const slots = listOn(MONDAY, { rules: quarterHours });
      expect(startTimes(slots)).toEqual(['09:00', '09:15', '09:30']);
    });

    it('offers nothing when no groomer doing the service works that day', () => {
      expect(listOn(MONDAY, { staff: schedule('ana', '09:00', '17:00', [2]) })).toEqual([]);
      expect(listOn(MONDAY, { staff: [] })).toEqual([]);
    });
  });

  describe('with split shifts', () => {
    it('never lets a service run through the Saturday lunch closing', () => {
      const staff = schedule('ana', '09:00', '16:00', [6]);
      expect(startTimes(listOn(SATURDAY, { staff }))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '13:00', '13:30', '14:00', '14:30', '15:00']);
    });

    it('needs the whole service inside one shift of the groomer', () => {
      const staff = [...schedule('ana', '09:00', '11:00'), ...schedule('ana', '14:00', '16:00')];
      expect(startTimes(listOn(MONDAY, { staff }))).toEqual(['09:00', '09:30', '10:00', '14:00', '14:30', '15:00']);
    });
  });

  describe('with existing work', () => {
    it('keeps a groomer out of every start that overlaps their work, half-open at both ends', () => {
      const slots = listOn(MONDAY, { busy: [busy('ana', MONDAY, '10:00', '11:00')] });
      const times = startTimes(slots);
      expect(times).toContain('09:00'); // ends 10:00 as the work starts
      expect(times).not.toContain('09:30');
      expect(times).not.toContain('10:00');
      expect(times).not.toContain('10:30');
      expect(times).toContain('11:00'); // starts as the work ends
    });

    it('ignores other groomers’ work and work on other days', () => {
      const work = [busy('ben', MONDAY, '09:00', '17:00'), busy('ana', TUESDAY, '09:00', '17:00')];
      const slots = listOn(MONDAY, { busy: work });
      expect(slots).toHaveLength(15);
    });

    it('drops a time when every groomer is busy and keeps it while one is free', () => {
      const staff = [...ANA, ...BEN];
      const slots = listOn(MONDAY, {
        staff,
        busy: [busy('ana', MONDAY, '09:00', '10:00'), busy('ben', MONDAY, '09:00', '09:30')],
      });
      expect(slots.slice(0, 3).map((s) => [localTimeString(s.startsAt, LA), s.staffIds])).toEqual([
        ['09:30', ['ben']],
        ['10:00', ['ben', 'ana']], // ben has 30 busy minutes that day, ana 60
        ['10:30', ['ben', 'ana']],
      ]);
    });

    it('lists free groomers least busy that day first, then by id', () => {
      const staff = [...schedule('cleo', '09:00', '17:00'), ...ANA, ...BEN];
      const slots = listOn(MONDAY, { staff, busy: [busy('ana', MONDAY, '15:00', '17:00')] });
      expect(slots[0]?.staffIds).toEqual(['ben', 'cleo', 'ana']);
    });
  });

  describe('with a preferred groomer', () => {
    const staff = [...ANA, ...schedule('ben', '13:00', '17:00')];

    it('offers only that groomer’s times', () => {
      const slots = listOn(MONDAY, { staff, preferredStaffId: 'ben' });
      expect(startTimes(slots)).toEqual(['13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00']);
      expect(slots.every((s) => s.staffIds.join() === 'ben')).toBe(true);
    });

    it('offers nothing when the preferred groomer is busy all day or does not do the service', () => {
      const allDay = [busy('ben', MONDAY, '09:00', '17:00')];
      expect(listOn(MONDAY, { staff, preferredStaffId: 'ben', busy: allDay })).toEqual([]);
      expect(listOn(MONDAY, { staff, preferredStaffId: 'zed' })).toEqual([]);
    });

    it('treats null as no preference', () => {
      expect(listOn(MONDAY, { staff, preferredStaffId: null })).toHaveLength(15);
    });
  });

  describe('minimum notice', () => {
    it('offers a start exactly at now + notice', () => {
      const slots = listOn(MONDAY, { now: at(MONDAY, '07:00') });
      expect(startTimes(slots)[0]).toBe('09:00');
    });

    it('drops it a minute later', () => {
      const slots = listOn(MONDAY, { now: at(MONDAY, '07:01') });
      expect(startTimes(slots)[0]).toBe('09:30');
    });

    it('counts notice across midnight and applies to today’s remaining times', () => {
      const slots = listOn(TUESDAY, { now: at(MONDAY, '22:00'), rules: rules({ minNoticeHours: 12 }) });
      expect(startTimes(slots)[0]).toBe('10:00');
      expect(listOn(MONDAY, { now: at(MONDAY, '16:00') })).toEqual([]);
    });

    it('offers nothing on a past date', () => {
      expect(listOn('2026-05-18')).toEqual([]);
    });
  });

  describe('booking horizon', () => {
    // 23:30 on Monday 1 June in Los Angeles is already 2 June in UTC: "today" is still the 1st.
    const lateMonday = at(MONDAY, '23:30');

    it('is counted from the business’s local date, not UTC', () => {
      expect(localDateString(lateMonday, 'UTC')).toBe('2026-06-02');
      expect(listOn('2026-07-01', { now: lateMonday })).toHaveLength(15); // 1 June + 30 days
      expect(listOn('2026-07-02', { now: lateMonday })).toEqual([]);
    });

    it('moves on at local midnight', () => {
      expect(listOn('2026-07-02', { now: at(TUESDAY, '00:00') })).toHaveLength(15);
    });
  });

  describe('closed days', () => {
    it('offers nothing on a closed date', () => {
      expect(listOn('2026-12-25', { now: at('2026-12-01', '08:00') })).toEqual([]);
      expect(listOn('2026-12-24', { now: at('2026-12-01', '08:00') })).toHaveLength(15);
    });

    it('offers nothing on a weekday without opening hours, whatever the staff schedule says', () => {
      expect(listOn(SUNDAY, { staff: schedule('ana', '09:00', '17:00', EVERY_DAY) })).toEqual([]);
    });
  });

  it('refuses a non-positive duration or slot interval as a programming error', () => {
    expect(() => listOn(MONDAY, { durationMinutes: 0 })).toThrow(RangeError);
    expect(() => listOn(MONDAY, { rules: rules({ slotIntervalMinutes: 0 }) })).toThrow(RangeError);
  });
});

describe('groomingStartTimes and checkGroomingStart on clock-change days', () => {
  /** A night-owl salon open 00:00–05:00 every day, so the clock change falls inside opening hours. */
  const nightRules = (timeZone: string, closes = '05:00') => rules({ timeZone, openingHours: hours('00:00', closes, EVERY_DAY), closedDates: [] });
  const nightStaff = schedule('ana', '00:00', '05:00', EVERY_DAY);
  const weekBefore = (date: string, tz: string) => at(date, '00:00', tz) - 7 * 24 * HOUR;

  function nightList(date: string, tz: string, overrides: Partial<Parameters<typeof groomingStartTimes>[0]> = {}) {
    return groomingStartTimes({
      rules: nightRules(tz),
      date,
      durationMinutes: 30,
      staff: nightStaff,
      busy: [],
      now: weekBefore(date, tz),
      ...overrides,
    });
  }

  function nightCheck(date: string, tz: string, startsAt: number, overrides: Partial<Parameters<typeof checkGroomingStart>[0]> = {}) {
    return checkGroomingStart({
      rules: nightRules(tz),
      startsAt,
      durationMinutes: 30,
      staff: nightStaff,
      busy: [],
      now: weekBefore(date, tz),
      ...overrides,
    });
  }

  /** Each slot starts `step` minutes of real time after the one before. */
  const gaps = (slots: GroomingSlot[]) => slots.slice(1).map((s, i) => (s.startsAt - slots[i]!.startsAt) / MINUTE);

  describe('America/Los_Angeles, spring forward on 2026-03-08 (02:00 → 03:00)', () => {
    const day = '2026-03-08';

    it('never offers 02:00 or 02:30, which do not exist', () => {
      const slots = nightList(day, LA);
      expect(startTimes(slots)).toEqual(['00:00', '00:30', '01:00', '01:30', '03:00', '03:30', '04:00', '04:30']);
      expect(gaps(slots)).toEqual([30, 30, 30, 30, 30, 30, 30]);
    });

    it('measures the duration in real minutes: 01:30 + 90 minutes ends at 04:00', () => {
      expect(startTimes(nightList(day, LA, { durationMinutes: 90 }))).toEqual(['00:00', '00:30', '01:00', '01:30', '03:00', '03:30']);
      const shortDay = { rules: nightRules(LA, '03:30'), durationMinutes: 90 };
      // By the wall clock 01:30 + 1:30 would be 03:00, inside hours; in real time it ends 04:00.
      expect(nightCheck(day, LA, at(day, '01:30', LA), shortDay)).toEqual({ ok: false, reason: 'outside_hours' });
      expect(nightCheck(day, LA, at(day, '01:00', LA), shortDay)).toEqual({ ok: true, staffId: 'ana' });
    });

    it('accepts the first time after the gap and refuses instants off the grid', () => {
      expect(nightCheck(day, LA, at(day, '03:00', LA))).toEqual({ ok: true, staffId: 'ana' });
      expect(nightCheck(day, LA, at(day, '01:45', LA))).toEqual({ ok: false, reason: 'off_grid' });
    });

    it('places an ordinary 09:00 opening at the new offset', () => {
      const sundayMorning = rules({ openingHours: hours('09:00', '10:00', [0]) });
      const staff = schedule('ana', '09:00', '10:00', [0]);
      const slots = listOn(day, { rules: sundayMorning, staff, now: weekBefore(day, LA) });
      expect(slots.map((s) => s.startsAt)).toEqual([Date.UTC(2026, 2, 8, 16)]);
    });
  });

  describe('America/Los_Angeles, fall back on 2026-11-01 (02:00 → 01:00)', () => {
    const day = '2026-11-01';
    const [firstOneThirty, secondOneThirty] = localTimeInstants(day, '01:30', LA) as [number, number];

    it('offers each repeated time twice, once per real instant, in order', () => {
      const slots = nightList(day, LA);
      expect(labelled(slots, LA, 'en-US')).toEqual([
        '00:00 PDT',
        '00:30 PDT',
        '01:00 PDT',
        '01:30 PDT',
        '01:00 PST',
        '01:30 PST',
        '02:00 PST',
        '02:30 PST',
        '03:00 PST',
        '03:30 PST',
        '04:00 PST',
        '04:30 PST',
      ]);
      expect(gaps(slots).every((gap) => gap === 30)).toBe(true);
      expect(new Set(slots.map((s) => s.startsAt)).size).toBe(slots.length);
    });

    it('keeps busy work in the first 01:00 hour from blocking the second', () => {
      const work = { staffId: 'ana', startsAt: at(day, '01:00', LA), endsAt: at(day, '01:00', LA) + HOUR };
      const slots = nightList(day, LA, { busy: [work] });
      expect(labelled(slots, LA, 'en-US').slice(0, 4)).toEqual(['00:00 PDT', '00:30 PDT', '01:00 PST', '01:30 PST']);
      expect(nightCheck(day, LA, firstOneThirty, { busy: [work] })).toEqual({ ok: false, reason: 'full' });
      expect(nightCheck(day, LA, secondOneThirty, { busy: [work] })).toEqual({ ok: true, staffId: 'ana' });
    });

    it('accepts both 01:30s and refuses an instant between grid times', () => {
      expect(secondOneThirty - firstOneThirty).toBe(HOUR);
      expect(nightCheck(day, LA, firstOneThirty)).toEqual({ ok: true, staffId: 'ana' });
      expect(nightCheck(day, LA, secondOneThirty)).toEqual({ ok: true, staffId: 'ana' });
      expect(nightCheck(day, LA, secondOneThirty + 15 * MINUTE)).toEqual({ ok: false, reason: 'off_grid' });
    });

    it('gives an hour more of starts when the day is an hour longer', () => {
      expect(nightList(day, LA)).toHaveLength(12);
      expect(nightList('2026-11-08', LA)).toHaveLength(10);
    });
  });

  describe('Europe/London, spring forward on 2026-03-29 (01:00 → 02:00)', () => {
    const day = '2026-03-29';

    it('never offers 01:00 or 01:30', () => {
      const slots = nightList(day, LONDON);
      expect(labelled(slots, LONDON, 'en-GB')).toEqual([
        '00:00 GMT',
        '00:30 GMT',
        '02:00 BST',
        '02:30 BST',
        '03:00 BST',
        '03:30 BST',
        '04:00 BST',
        '04:30 BST',
      ]);
      expect(gaps(slots).every((gap) => gap === 30)).toBe(true);
    });

    it('checks a start after the change against summer time', () => {
      expect(nightCheck(day, LONDON, Date.UTC(2026, 2, 29, 1))).toEqual({ ok: true, staffId: 'ana' }); // 02:00 BST
      const fiveThirtyBst = Date.UTC(2026, 2, 29, 4, 30);
      expect(nightCheck(day, LONDON, fiveThirtyBst)).toEqual({ ok: false, reason: 'outside_hours' });
    });
  });

  describe('Europe/London, fall back on 2026-10-25 (02:00 → 01:00)', () => {
    const day = '2026-10-25';

    it('offers 01:00 and 01:30 in summer time and again in winter time', () => {
      const slots = nightList(day, LONDON);
      expect(labelled(slots, LONDON, 'en-GB').slice(0, 7)).toEqual(['00:00 BST', '00:30 BST', '01:00 BST', '01:30 BST', '01:00 GMT', '01:30 GMT', '02:00 GMT']);
      expect(gaps(slots).every((gap) => gap === 30)).toBe(true);
      expect(new Set(slots.map((s) => s.startsAt)).size).toBe(slots.length);
    });

    it('accepts the second 01:00 as a start of its own', () => {
      expect(nightCheck(day, LONDON, Date.UTC(2026, 9, 25, 1))).toEqual({ ok: true, staffId: 'ana' }); // 01:00 GMT
      expect(nightCheck(day, LONDON, Date.UTC(2026, 9, 25, 0))).toEqual({ ok: true, staffId: 'ana' }); // 01:00 BST
    });
  });
});

describe('checkGroomingStart', () => {
  const nine = at(MONDAY, '09:00');

  describe('accepts a start on the list', () => {
    it('with the groomer asked for', () => {
      expect(check(nine, { staffId: 'ben' })).toEqual({ ok: true, staffId: 'ben' });
    });

    it('with no preference, picking the groomer with fewest busy minutes that day', () => {
      const work = [busy('ana', MONDAY, '14:00', '15:00'), busy('ben', MONDAY, '14:00', '16:00')];
      expect(check(nine, { busy: work })).toEqual({ ok: true, staffId: 'ana' });
      expect(check(nine, { busy: [busy('ana', MONDAY, '14:00', '14:30')] })).toEqual({ ok: true, staffId: 'ben' });
    });

    it('breaking a tie by id, and not counting work on other days', () => {
      const tuesdayWork = [busy('ana', TUESDAY, '09:00', '17:00')];
      expect(check(nine, { staff: [...BEN, ...ANA], busy: tuesdayWork })).toEqual({ ok: true, staffId: 'ana' });
    });

    it('exactly at now + notice', () => {
      expect(check(nine, { now: nine - 2 * HOUR })).toEqual({ ok: true, staffId: 'ana' });
    });
  });

  describe('refuses', () => {
    it.each([
      ['past', at(MONDAY, '09:00'), at(MONDAY, '09:01')],
      ['notice', at(MONDAY, '09:00'), at(MONDAY, '07:01')],
    ])('%s', (reason, startsAt, now) => {
      expect(check(startsAt, { now })).toEqual({ ok: false, reason });
    });

    it('horizon: a day past today + horizon on the business’s calendar', () => {
      const lateMonday = at(MONDAY, '23:30');
      expect(check(at('2026-07-01', '09:00'), { now: lateMonday })).toEqual({ ok: true, staffId: 'ana' });
      expect(check(at('2026-07-02', '09:00'), { now: lateMonday })).toEqual({ ok: false, reason: 'horizon' });
    });

    it('closed_day: a closed date or a weekday without hours', () => {
      const christmas = at('2026-12-25', '09:00');
      expect(check(christmas, { now: at('2026-12-01', '08:00') })).toEqual({ ok: false, reason: 'closed_day' });
      expect(check(at(SUNDAY, '09:00'))).toEqual({ ok: false, reason: 'closed_day' });
    });

    it.each([
      ['before opening', MONDAY, '08:30'],
      ['ending after closing', MONDAY, '16:30'],
      ['running through the lunch closing', SATURDAY, '11:30'],
    ])('outside_hours: %s', (_, date, time) => {
      const staff = [...ANA, ...schedule('ana', '09:00', '16:00', [6])];
      expect(check(at(date, time), { staff })).toEqual({ ok: false, reason: 'outside_hours' });
    });

    it('off_grid: between grid times, or not on a whole minute', () => {
      expect(check(at(MONDAY, '09:10'))).toEqual({ ok: false, reason: 'off_grid' });
      expect(check(nine + 1_000)).toEqual({ ok: false, reason: 'off_grid' });
    });

    it('staff_does_not_do_service: a groomer with no schedule among those doing the service', () => {
      expect(check(nine, { staffId: 'zed' })).toEqual({ ok: false, reason: 'staff_does_not_do_service' });
    });

    it('staff_unavailable: outside the chosen groomer’s shift, or nobody works then', () => {
      const staff = [...ANA, ...schedule('ben', '13:00', '17:00')];
      expect(check(nine, { staff, staffId: 'ben' })).toEqual({ ok: false, reason: 'staff_unavailable' });
      expect(check(at(MONDAY, '12:30'), { staff, staffId: 'ben' })).toEqual({ ok: false, reason: 'staff_unavailable' });
      const afternoonsOnly = schedule('ben', '13:00', '17:00');
      expect(check(nine, { staff: afternoonsOnly })).toEqual({ ok: false, reason: 'staff_unavailable' });
    });

    it('full: the chosen groomer is busy, or every scheduled groomer is', () => {
      const work = [busy('ana', MONDAY, '09:30', '10:00'), busy('ben', MONDAY, '08:00', '09:01')];
      expect(check(nine, { staffId: 'ana', busy: work })).toEqual({ ok: false, reason: 'full' });
      expect(check(nine, { busy: work })).toEqual({ ok: false, reason: 'full' });
      expect(check(nine, { busy: work.slice(0, 1) })).toEqual({ ok: true, staffId: 'ben' });
    });
  });

  it('agrees with groomingStartTimes on every grid time of a busy day', () => {
    const staff = [...ANA, ...schedule('ben', '12:00', '17:00')];
    const work = [busy('ana', MONDAY, '10:00', '11:30'), busy('ben', MONDAY, '13:00', '14:00'), busy('ana', MONDAY, '13:30', '15:00')];
    const now = at(MONDAY, '07:15');
    const listed = groomingStartTimes({ rules: rules(), date: MONDAY, durationMinutes: 60, staff, busy: work, now });
    const byStart = new Map(listed.map((s) => [s.startsAt, s.staffIds[0]]));
    expect(listed.length).toBeGreaterThan(0);
    for (let startsAt = at(MONDAY, '08:00'); startsAt <= at(MONDAY, '17:00'); startsAt += 15 * MINUTE) {
      const result = checkGroomingStart({ rules: rules(), startsAt, durationMinutes: 60, staff, busy: work, now });
      const expected = byStart.get(startsAt);
      expect(result.ok ? result.staffId : undefined, localTimeString(startsAt, LA)).toBe(expected);
    }
  });
});

describe('checkBoardingStay', () => {
  function stay(checkIn: string, checkOut: string, overrides: Partial<Parameters<typeof checkBoardingStay>[0]> = {}) {
    return checkBoardingStay({
      rules: rules(),
      checkIn,
      checkOut,
      pets: 1,
      capacityPerNight: 10,
      occupancy: {},
      now: A_WEEK_BEFORE,
      dropOffTime: '09:00',
      pickUpTime: '16:00',
      ...overrides,
    });
  }

  it('refuses a check-out before or on the check-in day', () => {
    expect(stay(TUESDAY, MONDAY)).toEqual({ ok: false, reason: 'check_out_before_check_in' });
    expect(stay(MONDAY, MONDAY)).toEqual({ ok: false, reason: 'check_out_before_check_in' });
  });

  it('counts a night for each date from check-in to the day before check-out', () => {
    expect(stay(MONDAY, '2026-06-04')).toEqual({
      ok: true,
      nights: ['2026-06-01', '2026-06-02', '2026-06-03'],
      startsAt: at(MONDAY, '09:00'),
      endsAt: at('2026-06-04', '16:00'),
    });
  });

  it('counts nights across a month end', () => {
    const result = stay('2026-06-29', '2026-07-01', { now: at('2026-06-22', '08:00') });
    expect(result.ok && result.nights).toEqual(['2026-06-29', '2026-06-30']);
  });

  describe('capacity', () => {
    const occupancy = { '2026-06-01': 7, '2026-06-02': 8, '2026-06-03': 5 };

    it('accepts three pets when a night is exactly filled', () => {
      expect(stay(MONDAY, TUESDAY, { pets: 3, occupancy }).ok).toBe(true);
    });

    it('refuses when one pet too many and names every full night', () => {
      expect(stay(MONDAY, '2026-06-04', { pets: 3, occupancy })).toEqual({
        ok: false,
        reason: 'full',
        fullNights: ['2026-06-02'],
      });
      expect(stay(MONDAY, '2026-06-04', { pets: 4, occupancy })).toEqual({
        ok: false,
        reason: 'full',
        fullNights: ['2026-06-01', '2026-06-02'],
      });
    });

    it('does not count the check-out day’s night', () => {
      const everyDay = rules({ openingHours: hours('09:00', '17:00', EVERY_DAY) });
      expect(stay('2026-05-31', MONDAY, { rules: everyDay, pets: 4, occupancy }).ok).toBe(true);
    });
  });

  it('refuses more nights than one request may hold', () => {
    expect(stay(MONDAY, SATURDAY, { pickUpTime: '09:00' }).ok).toBe(true); // 5 nights
    const everyDay = rules({ openingHours: hours('09:00', '17:00', EVERY_DAY) });
    expect(stay(MONDAY, SUNDAY, { rules: everyDay })).toEqual({ ok: false, reason: 'too_many_days' });
  });

  describe('closed days', () => {
    const christmasWeek = { now: at('2026-12-01', '08:00') };

    it('refuses a check-in or check-out on a closed day', () => {
      expect(stay('2026-12-25', '2026-12-28', christmasWeek)).toEqual({ ok: false, reason: 'closed_day' });
      expect(stay('2026-12-23', '2026-12-25', christmasWeek)).toEqual({ ok: false, reason: 'closed_day' });
      expect(stay(SATURDAY, SUNDAY, { pickUpTime: '10:00' })).toEqual({ ok: false, reason: 'closed_day' });
    });

    it('boards pets over a closed day in the middle of a stay', () => {
      const result = stay('2026-12-24', '2026-12-28', christmasWeek);
      expect(result.ok && result.nights).toEqual(['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-27']);
    });
  });

  describe('drop-off and pick-up times', () => {
    it('accepts opening and closing time itself', () => {
      expect(stay(MONDAY, TUESDAY, { dropOffTime: '09:00', pickUpTime: '17:00' }).ok).toBe(true);
    });

    it.each([
      ['a drop-off before opening', '08:59', '16:00'],
      ['a pick-up after closing', '09:00', '17:01'],
    ])('refuses %s', (_, dropOffTime, pickUpTime) => {
      expect(stay(MONDAY, TUESDAY, { dropOffTime, pickUpTime })).toEqual({ ok: false, reason: 'outside_hours' });
    });

    it('checks each time against its own day’s hours (Saturday lunch closing)', () => {
      expect(stay(TUESDAY, SATURDAY, { pickUpTime: '12:30' })).toEqual({ ok: false, reason: 'outside_hours' });
      expect(stay(TUESDAY, SATURDAY, { pickUpTime: '13:00' }).ok).toBe(true);
    });

    it('refuses a drop-off time that does not exist on a spring-forward day', () => {
      const open = rules({ openingHours: hours('00:00', '23:00', EVERY_DAY) });
      const now = at('2026-03-01', '08:00');
      const inTheGap = stay('2026-03-08', '2026-03-09', { rules: open, now, dropOffTime: '02:30' });
      expect(inTheGap).toEqual({ ok: false, reason: 'outside_hours' });
      expect(stay('2026-03-08', '2026-03-09', { rules: open, now, dropOffTime: '03:00' }).ok).toBe(true);
    });
  });

  describe('notice and horizon', () => {
    it('refuses a drop-off already past, or inside the notice', () => {
      expect(stay(MONDAY, TUESDAY, { now: at(MONDAY, '09:30') })).toEqual({ ok: false, reason: 'past' });
      expect(stay(MONDAY, TUESDAY, { now: at(MONDAY, '07:30') })).toEqual({ ok: false, reason: 'notice' });
      expect(stay(MONDAY, TUESDAY, { now: at(MONDAY, '07:00') }).ok).toBe(true);
      expect(stay(MONDAY, TUESDAY, { now: at(MONDAY, '07:00'), dropOffTime: '10:00' }).ok).toBe(true);
    });

    it('lets the last night fall on the last bookable date, with check-out the day after', () => {
      const now = at(MONDAY, '23:30'); // last bookable date: 2026-07-01
      expect(stay('2026-06-30', '2026-07-02', { now }).ok).toBe(true);
      expect(stay('2026-06-30', '2026-07-03', { now })).toEqual({ ok: false, reason: 'horizon' });
    });
  });
});

describe('boardingCalendar', () => {
  it('marks each date for the date picker', () => {
    const days = boardingCalendar({
      rules: rules(),
      from: SATURDAY,
      days: 4,
      capacityPerNight: 5,
      occupancy: { '2026-06-06': 4, '2026-06-08': 3 },
      pets: 2,
      now: A_WEEK_BEFORE,
    });
    expect(days).toEqual([
      { date: '2026-06-06', bookableAsCheckIn: false, nightAvailable: false, closed: false }, // full
      { date: '2026-06-07', bookableAsCheckIn: false, nightAvailable: true, closed: true }, // Sunday
      { date: '2026-06-08', bookableAsCheckIn: true, nightAvailable: true, closed: false }, // 3 + 2 = 5
      { date: '2026-06-09', bookableAsCheckIn: true, nightAvailable: true, closed: false },
    ]);
  });

  it('stops check-ins when today’s hours are over the notice, and past the horizon', () => {
    const input = { rules: rules(), capacityPerNight: 5, occupancy: {}, pets: 1 };
    const today = boardingCalendar({ ...input, from: MONDAY, days: 2, now: at(MONDAY, '15:00') });
    expect(today.map((d) => d.bookableAsCheckIn)).toEqual([true, true]); // 15:00 + 2h = 17:00 closing
    const late = boardingCalendar({ ...input, from: MONDAY, days: 2, now: at(MONDAY, '15:01') });
    expect(late.map((d) => d.bookableAsCheckIn)).toEqual([false, true]);
    const edge = boardingCalendar({ ...input, from: '2026-07-01', days: 2, now: at(MONDAY, '23:30') });
    expect(edge.map((d) => d.bookableAsCheckIn)).toEqual([true, false]);
  });
});

describe('checkDaycareDays', () => {
  function daycare(days: string[], overrides: Partial<Parameters<typeof checkDaycareDays>[0]> = {}) {
    return checkDaycareDays({
      rules: rules(),
      days,
      pets: 1,
      capacityPerDay: 8,
      attendance: {},
      now: A_WEEK_BEFORE,
      dropOffTime: '09:00',
      pickUpTime: '17:00',
      ...overrides,
    });
  }

  it('returns the days sorted with their drop-off and pick-up instants', () => {
    expect(daycare(['2026-06-03', MONDAY])).toEqual({
      ok: true,
      days: [
        { date: MONDAY, startsAt: at(MONDAY, '09:00'), endsAt: at(MONDAY, '17:00') },
        { date: '2026-06-03', startsAt: at('2026-06-03', '09:00'), endsAt: at('2026-06-03', '17:00') },
      ],
    });
  });

  it.each([
    ['no_days', [] as string[]],
    ['duplicate_day', [MONDAY, TUESDAY, MONDAY]],
    ['too_many_days', ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-08']],
    ['closed_day', [MONDAY, SUNDAY]],
  ])('refuses with %s', (reason, days) => {
    expect(daycare(days)).toEqual({ ok: false, reason });
  });

  it('accepts as many days as one request may hold', () => {
    expect(daycare(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05']).ok).toBe(true);
  });

  it('refuses a pick-up not after drop-off', () => {
    expect(daycare([MONDAY], { dropOffTime: '12:00', pickUpTime: '12:00' })).toEqual({
      ok: false,
      reason: 'pick_up_before_drop_off',
    });
    expect(daycare([MONDAY], { dropOffTime: '12:00', pickUpTime: '11:00' })).toMatchObject({
      reason: 'pick_up_before_drop_off',
    });
  });

  it('refuses times outside that day’s hours', () => {
    expect(daycare([MONDAY], { dropOffTime: '08:00' })).toEqual({ ok: false, reason: 'outside_hours' });
    expect(daycare([MONDAY, SATURDAY])).toEqual({ ok: false, reason: 'outside_hours' }); // Saturday closes 16:00
  });

  it('refuses past, notice and horizon on any of the days', () => {
    expect(daycare([MONDAY, TUESDAY], { now: at(MONDAY, '10:00') })).toEqual({ ok: false, reason: 'past' });
    expect(daycare([MONDAY, TUESDAY], { now: at(MONDAY, '08:00') })).toEqual({ ok: false, reason: 'notice' });
    expect(daycare([MONDAY, '2026-07-02'], { now: at(MONDAY, '07:00') })).toEqual({ ok: false, reason: 'horizon' });
    expect(daycare([MONDAY, '2026-07-01'], { now: at(MONDAY, '07:00') }).ok).toBe(true);
  });

  it('fills a day exactly, and names every full day when over', () => {
    const attendance = { '2026-06-01': 6, '2026-06-02': 7, '2026-06-03': 2 };
    expect(daycare([MONDAY, TUESDAY, '2026-06-03'], { pets: 1, attendance }).ok).toBe(true);
    expect(daycare(['2026-06-03', TUESDAY, MONDAY], { pets: 2, attendance })).toEqual({
      ok: false,
      reason: 'full',
      fullDays: ['2026-06-02'],
    });
    expect(daycare([MONDAY, TUESDAY, '2026-06-03'], { pets: 3, attendance })).toEqual({
      ok: false,
      reason: 'full',
      fullDays: ['2026-06-01', '2026-06-02'],
    });
  });

  it('refuses fewer than one pet as a programming error', () => {
    expect(() => daycare([MONDAY], { pets: 0 })).toThrow(RangeError);
  });
});

describe('daycareCalendar', () => {
  it('marks each date for the date picker', () => {
    const days = daycareCalendar({
      rules: rules(),
      from: '2026-12-24',
      days: 4,
      capacityPerDay: 4,
      attendance: { '2026-12-26': 3 },
      pets: 2,
      now: at('2026-12-24', '07:00'),
    });
    expect(days).toEqual([
      { date: '2026-12-24', bookable: true, dayAvailable: true, closed: false },
      { date: '2026-12-25', bookable: false, dayAvailable: true, closed: true }, // Christmas
      { date: '2026-12-26', bookable: false, dayAvailable: false, closed: false }, // 3 + 2 > 4
      { date: '2026-12-27', bookable: false, dayAvailable: true, closed: true }, // Sunday
    ]);
  });
});

describe('depositFor', () => {
  it.each([
    ['none', 'none', 500, 10_000, 0],
    ['a fixed amount', 'fixed', 2_500, 10_000, 2_500],
    ['a fixed amount, capped at the total', 'fixed', 2_500, 1_999, 1_999],
    ['20% of 123.45', 'percentage', 2_000, 12_345, 2_469],
    ['10% of 1234.5 cents, half rounded up', 'percentage', 1_000, 12_345, 1_235],
    ['10% of 25 minor units, half rounded up', 'percentage', 1_000, 25, 3],
    ['10% of 24 minor units, rounded down', 'percentage', 1_000, 24, 2],
    ['33.33% of 100', 'percentage', 3_333, 100, 33],
    ['more than 100%, capped at the total', 'percentage', 15_000, 4_000, 4_000],
    ['anything of nothing', 'percentage', 2_000, 0, 0],
  ] as const)('%s', (_, rule, value, totalMinor, expected) => {
    expect(depositFor({ rule, value, totalMinor })).toBe(expected);
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => depositFor({ rule: 'fixed', value: 12.5, totalMinor: 100 })).toThrow(RangeError);
  });
});

describe('localTimeInstants (time.ts, the DST core of the slot grid)', () => {
  it('finds one, none or two instants for a wall-clock time', () => {
    expect(localTimeInstants('2026-06-01', '09:00', LA)).toEqual([Date.UTC(2026, 5, 1, 16)]);
    expect(localTimeInstants('2026-03-08', '02:30', LA)).toEqual([]);
    expect(localTimeInstants('2026-11-01', '01:30', LA)).toEqual([
      Date.UTC(2026, 10, 1, 8, 30), // PDT
      Date.UTC(2026, 10, 1, 9, 30), // PST
    ]);
    expect(localTimeInstants('2026-10-25', '01:30', LONDON)).toEqual([
      Date.UTC(2026, 9, 25, 0, 30), // BST
      Date.UTC(2026, 9, 25, 1, 30), // GMT
    ]);
  });
});

describe('opening hours per service type', () => {
  /** Shared weekdays 09:00–17:00; grooming keeps its own Monday 12:00–14:00; boarding its own Saturday 10:00–11:00. */
  const typed = (): OpeningHours[] => [
    ...hours('09:00', '17:00'),
    { weekday: 1, opens: '12:00', closes: '14:00', serviceType: 'grooming' },
    { weekday: 6, opens: '10:00', closes: '11:00', serviceType: 'boarding' },
  ];

  describe('openingHoursOn', () => {
    it('gives a type its own periods on a weekday where it has some, instead of the shared ones', () => {
      expect(openingHoursOn(typed(), 'grooming', 1)).toEqual([{ weekday: 1, opens: '12:00', closes: '14:00', serviceType: 'grooming' }]);
    });

    it('falls back to the shared periods on the other weekdays and for the other types', () => {
      expect(openingHoursOn(typed(), 'grooming', 2)).toEqual([{ weekday: 2, opens: '09:00', closes: '17:00' }]);
      expect(openingHoursOn(typed(), 'daycare', 1)).toEqual([{ weekday: 1, opens: '09:00', closes: '17:00' }]);
    });

    it('opens a type on a weekday the shared hours leave closed', () => {
      expect(openingHoursOn(typed(), 'boarding', 6)).toHaveLength(1);
      expect(openingHoursOn(typed(), 'daycare', 6)).toEqual([]);
    });

    it('treats a null service type as shared, as the database stores it', () => {
      const rows: OpeningHours[] = [{ weekday: 3, opens: '08:00', closes: '09:00', serviceType: null }];
      expect(openingHoursOn(rows, 'training', 3)).toEqual(rows);
    });
  });

  it('lists grooming starts from grooming’s own Monday hours only', () => {
    const slots = listOn(MONDAY, { rules: rules({ openingHours: typed() }) });
    expect(startTimes(slots)).toEqual(['12:00', '12:30', '13:00']);
  });

  it('keeps the shared hours for grooming on Tuesday', () => {
    expect(startTimes(listOn(TUESDAY, { rules: rules({ openingHours: typed() }) })).at(-1)).toBe('16:00');
  });

  it('refuses a grooming start outside grooming’s own hours though inside the shared ones', () => {
    expect(check(at(MONDAY, '09:00'), { rules: rules({ openingHours: typed() }) })).toEqual({ ok: false, reason: 'outside_hours' });
  });

  it('does not let another type’s hours open a day for grooming', () => {
    expect(listOn(SATURDAY, { rules: rules({ openingHours: typed() }), staff: schedule('ana', '09:00', '17:00', [6]) })).toEqual([]);
  });

  it('lets daycare keep the shared Monday that grooming narrowed', () => {
    const result = checkDaycareDays({
      rules: rules({ openingHours: typed() }),
      days: [MONDAY],
      pets: 1,
      capacityPerDay: 8,
      attendance: {},
      now: A_WEEK_BEFORE,
      dropOffTime: '09:00',
      pickUpTime: '17:00',
    });
    expect(result.ok).toBe(true);
  });

  it('checks boarding drop-off against boarding’s own Saturday', () => {
    const stay = (dropOffTime: string) =>
      checkBoardingStay({
        rules: rules({ openingHours: typed() }),
        checkIn: SATURDAY,
        checkOut: '2026-06-08',
        pets: 1,
        capacityPerNight: 10,
        occupancy: {},
        now: A_WEEK_BEFORE,
        dropOffTime,
        pickUpTime: '16:00',
      });
    expect(stay('10:30').ok).toBe(true);
    expect(stay('12:00')).toEqual({ ok: false, reason: 'outside_hours' });
  });

  it('marks the calendars by each type’s hours', () => {
    const input = { rules: rules({ openingHours: typed() }), from: SATURDAY, days: 1, pets: 1, now: A_WEEK_BEFORE };
    expect(boardingCalendar({ ...input, capacityPerNight: 4, occupancy: {} })[0]!.closed).toBe(false);
    expect(daycareCalendar({ ...input, capacityPerDay: 4, attendance: {} })[0]!.closed).toBe(true);
  });
});

describe('staff schedule exceptions', () => {
  const off = (staffId: string, date: string): StaffException => ({ staffId, date, starts: null, ends: null });
  const only = (staffId: string, date: string, starts: string, ends: string): StaffException => ({ staffId, date, starts, ends });

  describe('staffPeriodsOn', () => {
    it('gives the weekly pattern of the weekday when there is no exception that date', () => {
      expect(staffPeriodsOn(MONDAY, [...ANA, ...BEN], [off('ana', TUESDAY)])).toEqual([
        { staffId: 'ana', starts: '09:00', ends: '17:00' },
        { staffId: 'ben', starts: '09:00', ends: '17:00' },
      ]);
    });

    it('gives no period to a staff member off all day, and leaves the others their week', () => {
      expect(staffPeriodsOn(MONDAY, [...ANA, ...BEN], [off('ana', MONDAY)])).toEqual([{ staffId: 'ben', starts: '09:00', ends: '17:00' }]);
    });

    it('gives only the exception hours that date, replacing the weekly ones', () => {
      const exceptions = [only('ana', MONDAY, '13:00', '15:00'), only('ana', MONDAY, '09:00', '10:00')];
      expect(staffPeriodsOn(MONDAY, ANA, exceptions)).toEqual([
        { staffId: 'ana', starts: '13:00', ends: '15:00' },
        { staffId: 'ana', starts: '09:00', ends: '10:00' },
      ]);
    });

    it('gives exception hours to a staff member with no weekly period that weekday', () => {
      expect(staffPeriodsOn(SATURDAY, ANA, [only('ana', SATURDAY, '09:00', '11:00')])).toEqual([{ staffId: 'ana', starts: '09:00', ends: '11:00' }]);
    });
  });

  describe('groomingStartTimes', () => {
    it('offers no times with a groomer off all day, and the other groomer’s as usual', () => {
      expect(listOn(MONDAY, { exceptions: [off('ana', MONDAY)] })).toEqual([]);
      const both = listOn(MONDAY, { staff: [...ANA, ...BEN], exceptions: [off('ana', MONDAY)] });
      expect(both.length).toBe(listOn(MONDAY).length);
      expect(new Set(both.flatMap((s) => s.staffIds))).toEqual(new Set(['ben']));
      expect(listOn(MONDAY, { staff: [...ANA, ...BEN], preferredStaffId: 'ana', exceptions: [off('ana', MONDAY)] })).toEqual([]);
    });

    it('offers only the times that fit the exception hours that date', () => {
      expect(startTimes(listOn(MONDAY, { exceptions: [only('ana', MONDAY, '13:00', '15:00')] }))).toEqual(['13:00', '13:30', '14:00']);
    });

    it('changes only that date: the next day keeps the weekly pattern', () => {
      expect(listOn(TUESDAY, { exceptions: [off('ana', MONDAY)] })).toEqual(listOn(TUESDAY));
    });

    it('lets exception hours open a day the weekly pattern does not work, within opening hours', () => {
      expect(startTimes(listOn(SATURDAY))).toEqual([]);
      expect(startTimes(listOn(SATURDAY, { exceptions: [only('ana', SATURDAY, '09:00', '11:00')] }))).toEqual(['09:00', '09:30', '10:00']);
    });
  });

  describe('checkGroomingStart', () => {
    it('refuses the groomer asked for who is off that day as staff_unavailable', () => {
      expect(check(at(MONDAY, '10:00'), { staffId: 'ana', exceptions: [off('ana', MONDAY)] })).toEqual({ ok: false, reason: 'staff_unavailable' });
    });

    it('assigns the groomer who works when the other is off', () => {
      expect(check(at(MONDAY, '10:00'), { exceptions: [off('ana', MONDAY)] })).toEqual({ ok: true, staffId: 'ben' });
    });

    it('accepts a start inside the exception hours and refuses one outside them', () => {
      const exceptions = [only('ana', MONDAY, '13:00', '15:00')];
      expect(check(at(MONDAY, '13:30'), { staff: ANA, staffId: 'ana', exceptions })).toEqual({ ok: true, staffId: 'ana' });
      expect(check(at(MONDAY, '10:00'), { staff: ANA, staffId: 'ana', exceptions })).toEqual({ ok: false, reason: 'staff_unavailable' });
      expect(check(at(MONDAY, '14:30'), { staff: ANA, staffId: 'ana', exceptions })).toEqual({ ok: false, reason: 'staff_unavailable' });
    });

    it('knows a groomer with only exceptions as one who does the service', () => {
      expect(check(at(SATURDAY, '09:00'), { staff: BEN, staffId: 'ana', exceptions: [only('ana', SATURDAY, '09:00', '11:00')] })).toEqual({
        ok: true,
        staffId: 'ana',
      });
    });
  });
});
