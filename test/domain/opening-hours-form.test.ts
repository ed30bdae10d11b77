import { describe, expect, it } from 'vitest';
import type { OpeningHours, Weekday } from '../../src/domain/availability';
import {
  CLOSED_DATE_MESSAGES,
  HOURS_MESSAGES,
  MAX_REASON_LENGTH,
  WINDOW_MESSAGES,
  checkClosedDate,
  checkWeek,
  checkWindow,
  parseScope,
  readWeek,
  replaceScope,
  visitFits,
  visitsLeftOut,
  visitsOnDate,
  type LiveVisit,
} from '../../src/domain/opening-hours-form';
import { zonedDateTimeToUtc } from '../../src/domain/time';

const LA = 'America/Los_Angeles';
// June 2026: Monday 1st.
const MONDAY = '2026-06-01';
const at = (date: string, time: string) => zonedDateTimeToUtc(date, time, LA);
/** A week before the visits under test. */
const BEFORE = at('2026-05-25', '08:00');

const weekdays = (opens: string, closes: string, days: Weekday[] = [1, 2, 3, 4, 5]): OpeningHours[] =>
  days.map((weekday) => ({ weekday, opens, closes, serviceType: null }));

function visit(overrides: Partial<LiveVisit> = {}): LiveVisit {
  return { id: 'apt_1', serviceType: 'grooming', status: 'confirmed', startsAt: at(MONDAY, '10:00'), endsAt: at(MONDAY, '11:00'), ...overrides };
}

describe('parseScope', () => {
  it('reads the shared scope and each service type, and nothing else', () => {
    expect(parseScope(undefined)).toBe('all');
    expect(parseScope('all')).toBe('all');
    expect(parseScope('grooming')).toBe('grooming');
    expect(parseScope('kennels')).toBeNull();
  });
});

describe('readWeek and checkWeek', () => {
  const form = (fields: Record<string, string>) => readWeek(fields);

  it('gives the periods typed, a single-digit hour read as two digits, blank rows dropped', () => {
    const week = form({ 'opens.1.0': '9:00', 'closes.1.0': '12:00', 'opens.1.1': '', 'closes.1.1': '', 'opens.1.2': '13:00', 'closes.1.2': '17:00' });
    expect(checkWeek(week)).toEqual({
      ok: true,
      periods: [
        { weekday: 1, opens: '09:00', closes: '12:00' },
        { weekday: 1, opens: '13:00', closes: '17:00' },
      ],
    });
  });

  it('allows periods that touch', () => {
    expect(checkWeek(form({ 'opens.2.0': '08:00', 'closes.2.0': '12:00', 'opens.2.1': '12:00', 'closes.2.1': '18:00' })).ok).toBe(true);
  });

  it.each([
    [{ 'opens.1.0': '25:00', 'closes.1.0': '12:00' }, 'opens.1.0', HOURS_MESSAGES.time],
    [{ 'opens.1.0': '09:00', 'closes.1.0': 'noon' }, 'closes.1.0', HOURS_MESSAGES.time],
    [{ 'opens.1.0': '09:00', 'closes.1.0': '' }, 'closes.1.0', HOURS_MESSAGES.closesMissing],
    [{ 'opens.1.0': '', 'closes.1.0': '17:00' }, 'opens.1.0', HOURS_MESSAGES.opensMissing],
    [{ 'opens.1.0': '17:00', 'closes.1.0': '09:00' }, 'closes.1.0', HOURS_MESSAGES.order],
    [{ 'opens.1.0': '09:00', 'closes.1.0': '09:00' }, 'closes.1.0', HOURS_MESSAGES.order],
  ])('refuses %o at %s', (fields, field, message) => {
    expect(checkWeek(form(fields))).toEqual({ ok: false, errors: { [field]: message } });
  });

  it('refuses a period overlapping an earlier one of the same day, at its opening time', () => {
    const result = checkWeek(form({ 'opens.3.0': '09:00', 'closes.3.0': '13:00', 'opens.3.1': '12:00', 'closes.3.1': '17:00' }));
    expect(result).toEqual({ ok: false, errors: { 'opens.3.1': 'This overlaps 09:00–13:00 on Wednesday. Periods of one day may not overlap.' } });
  });

  it('does not compare periods of different days', () => {
    expect(checkWeek(form({ 'opens.3.0': '09:00', 'closes.3.0': '13:00', 'opens.4.0': '12:00', 'closes.4.0': '17:00' })).ok).toBe(true);
  });
});

describe('replaceScope', () => {
  it('replaces only the scope’s own rows', () => {
    const rows: OpeningHours[] = [...weekdays('09:00', '17:00', [1]), { weekday: 1, opens: '12:00', closes: '14:00', serviceType: 'grooming' }];
    expect(replaceScope(rows, 'grooming', [{ weekday: 2, opens: '10:00', closes: '11:00' }])).toEqual([
      { weekday: 1, opens: '09:00', closes: '17:00', serviceType: null },
      { weekday: 2, opens: '10:00', closes: '11:00', serviceType: 'grooming' },
    ]);
    expect(replaceScope(rows, 'all', [])).toEqual([{ weekday: 1, opens: '12:00', closes: '14:00', serviceType: 'grooming' }]);
  });
});

describe('visitFits and visitsLeftOut', () => {
  const before = weekdays('09:00', '17:00');

  it('needs a same-day visit inside one period of its type', () => {
    expect(visitFits(before, visit(), LA, BEFORE)).toBe(true);
    expect(visitFits(weekdays('10:30', '17:00'), visit(), LA, BEFORE)).toBe(false);
  });

  it('lists the visit that shrinking the hours leaves out, not one that still fits', () => {
    const early = visit({ id: 'early', startsAt: at(MONDAY, '09:00'), endsAt: at(MONDAY, '10:00') });
    const late = visit({ id: 'late', startsAt: at(MONDAY, '15:00'), endsAt: at(MONDAY, '16:00') });
    expect(visitsLeftOut(before, weekdays('10:00', '17:00'), [early, late], LA, BEFORE).map((v) => v.id)).toEqual(['early']);
  });

  it('lists a visit on a weekday whose hours are removed', () => {
    expect(visitsLeftOut(before, weekdays('09:00', '17:00', [2, 3, 4, 5]), [visit()], LA, BEFORE)).toHaveLength(1);
  });

  it('ignores visits that were already outside the hours, and visits no longer live', () => {
    const outside = visit({ startsAt: at(MONDAY, '07:00'), endsAt: at(MONDAY, '08:00') });
    const canceled = visit({ status: 'canceled' });
    expect(visitsLeftOut(before, [], [outside, canceled], LA, BEFORE)).toEqual([]);
  });

  it('counts a waitlisted request as live', () => {
    expect(visitsLeftOut(before, [], [visit({ status: 'waitlisted' })], LA, BEFORE)).toHaveLength(1);
  });

  it('judges a visit by its own type’s hours', () => {
    const groomingOwn = [...before, { weekday: 1 as Weekday, opens: '13:00', closes: '17:00', serviceType: 'grooming' as const }];
    expect(visitsLeftOut(before, groomingOwn, [visit(), visit({ id: 'daycare', serviceType: 'daycare' })], LA, BEFORE).map((v) => v.id)).toEqual(['apt_1']);
  });

  it('checks a boarding stay’s drop-off and pick-up days, ends inclusive', () => {
    const stay = visit({ serviceType: 'boarding', startsAt: at(MONDAY, '09:00'), endsAt: at('2026-06-03', '17:00') });
    expect(visitFits(before, stay, LA, BEFORE)).toBe(true);
    expect(visitFits(weekdays('09:00', '17:00', [1, 2]), stay, LA, BEFORE)).toBe(false);
  });
});

describe('a visit already under way', () => {
  const stay = visit({ serviceType: 'boarding', startsAt: at(MONDAY, '09:00'), endsAt: at('2026-06-03', '17:00') });
  const during = at('2026-06-02', '12:00');

  it('is judged by its pick-up only: the drop-off is past', () => {
    expect(visitsLeftOut(weekdays('09:00', '17:00'), weekdays('10:00', '17:00'), [stay], LA, during)).toEqual([]);
    expect(visitsLeftOut(weekdays('09:00', '17:00'), weekdays('09:00', '16:00'), [stay], LA, during)).toHaveLength(1);
  });

  it('is not listed for the day it started on, only for the day it ends', () => {
    expect(visitsOnDate([stay], MONDAY, LA, during)).toEqual([]);
    expect(visitsOnDate([stay], '2026-06-03', LA, during)).toHaveLength(1);
  });

  it('is not listed once over', () => {
    expect(visitsOnDate([stay], '2026-06-03', LA, at('2026-06-03', '18:00'))).toEqual([]);
  });
});

describe('visitsOnDate', () => {
  it('lists live visits starting or ending that day, not a stay passing over it', () => {
    const groom = visit({ id: 'groom' });
    const stay = visit({ id: 'stay', serviceType: 'boarding', startsAt: at('2026-05-31', '09:00'), endsAt: at('2026-06-02', '17:00') });
    const leaving = visit({ id: 'leaving', serviceType: 'boarding', startsAt: at('2026-05-30', '09:00'), endsAt: at(MONDAY, '17:00') });
    const finished = visit({ id: 'finished', status: 'finished' });
    expect(visitsOnDate([groom, stay, leaving, finished], MONDAY, LA, BEFORE).map((v) => v.id)).toEqual(['groom', 'leaving']);
  });
});

describe('checkClosedDate', () => {
  const today = '2026-06-01';

  it('accepts today or a later real date, an empty reason stored as none', () => {
    expect(checkClosedDate({ date: '2026-06-01', reason: '' }, today, [])).toEqual({ ok: true, date: '2026-06-01', reason: null });
    expect(checkClosedDate({ date: '2026-12-25', reason: 'Christmas' }, today, [])).toEqual({ ok: true, date: '2026-12-25', reason: 'Christmas' });
  });

  it.each([
    ['2026-02-30', CLOSED_DATE_MESSAGES.date],
    ['25/12/2026', CLOSED_DATE_MESSAGES.date],
    ['', CLOSED_DATE_MESSAGES.date],
    ['2026-05-31', CLOSED_DATE_MESSAGES.past],
    ['2026-07-04', CLOSED_DATE_MESSAGES.already],
  ])('refuses the date %s', (date, message) => {
    expect(checkClosedDate({ date, reason: '' }, today, ['2026-07-04'])).toEqual({ ok: false, errors: { date: message } });
  });

  it(`refuses a reason over ${MAX_REASON_LENGTH} characters, counting characters not code units`, () => {
    expect(checkClosedDate({ date: '2026-12-25', reason: 'x'.repeat(MAX_REASON_LENGTH + 1) }, today, [])).toEqual({
      ok: false,
      errors: { reason: CLOSED_DATE_MESSAGES.reasonLength },
    });
    expect(checkClosedDate({ date: '2026-12-25', reason: '🎄'.repeat(MAX_REASON_LENGTH) }, today, []).ok).toBe(true);
  });

  it('refuses a control character in the reason', () => {
    expect(checkClosedDate({ date: '2026-12-25', reason: 'Closed\u0000' }, today, []).ok).toBe(false);
  });
});

describe('checkWindow', () => {
  it('accepts a drop-off window', () => {
    expect(checkWindow({ kind: 'drop_off', starts: '7:30', ends: '09:00' }, [])).toEqual({ ok: true, kind: 'drop_off', starts: '07:30', ends: '09:00' });
  });

  it.each([
    [{ kind: 'lunch', starts: '08:00', ends: '09:00' }, { kind: WINDOW_MESSAGES.kind }],
    [{ kind: 'pick_up', starts: '8am', ends: '09:00' }, { starts: HOURS_MESSAGES.time }],
    [{ kind: 'pick_up', starts: '10:00', ends: '09:00' }, { ends: WINDOW_MESSAGES.order }],
    [{ kind: 'drop_off', starts: '08:00', ends: '11:00' }, { starts: 'A drop-off window already starts at 08:00. Remove it first, or choose another time.' }],
  ])('refuses %o', (input, errors) => {
    expect(checkWindow(input, [{ kind: 'drop_off', starts: '08:00' }])).toEqual({ ok: false, errors });
  });

  it('allows the same start for the other kind', () => {
    expect(checkWindow({ kind: 'pick_up', starts: '08:00', ends: '09:00' }, [{ kind: 'drop_off', starts: '08:00' }]).ok).toBe(true);
  });
});
