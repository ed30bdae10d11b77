import { describe, expect, it } from 'vitest';
import {
  attendanceOpensBefore,
  checkClassForm,
  checkSessionForm,
  classFormValues,
  postedKey,
  sessionFormValues,
  sessionRemovable,
} from '../../src/domain/class-form';

const NOW = Date.UTC(2026, 11, 3, 15, 0); // 07:00 on Thu 3 Dec 2026 in Seattle
const LA = 'America/Los_Angeles';

describe('checkClassForm', () => {
  const form = (over: Record<string, string> = {}) => classFormValues({ name: ' Puppy Manners ', description: ' Sit, stay. ', capacity: '8', ...over });

  it('takes a name, an optional description and at least one place, trimmed', () => {
    expect(checkClassForm(form())).toEqual({ ok: true, name: 'Puppy Manners', description: 'Sit, stay.', capacity: 8 });
    expect(checkClassForm(form({ description: '  ', capacity: '1' }))).toEqual({ ok: true, name: 'Puppy Manners', description: null, capacity: 1 });
  });

  it.each([
    [{ name: '' }, 'name', 'Enter the class’s name'],
    [{ name: '\u200b' }, 'name', 'invisible'],
    [{ name: 'n'.repeat(101) }, 'name', '100 characters'],
    [{ description: 'd'.repeat(1001) }, 'description', '1000 characters'],
    [{ description: 'bell\u0007' }, 'description', 'cannot be used here'],
    [{ capacity: '' }, 'capacity', 'how many pets'],
    [{ capacity: '0' }, 'capacity', 'at least 1 pet'],
    [{ capacity: '-2' }, 'capacity', 'whole number'],
    [{ capacity: '2.5' }, 'capacity', 'whole number'],
    [{ capacity: 'ten' }, 'capacity', 'whole number'],
    [{ capacity: '501' }, 'capacity', 'at most 500'],
  ])('refuses %j at the %s field', (over, field, words) => {
    const r = checkClassForm(form(over as Record<string, string>));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors)).toEqual([field]);
      expect(r.errors[field as 'name']).toContain(words);
    }
  });
});

describe('checkSessionForm', () => {
  const form = (over: Record<string, string> = {}) => sessionFormValues({ date: '2026-12-10', starts: '18:00', ends: '19:00', ...over });

  it('turns the business’s wall clock into UTC instants', () => {
    expect(checkSessionForm(form(), LA, NOW)).toEqual({ ok: true, startsAt: Date.UTC(2026, 11, 11, 2, 0), endsAt: Date.UTC(2026, 11, 11, 3, 0) });
    // Summer time in London: 18:00 BST is 17:00Z.
    expect(checkSessionForm(form({ date: '2027-06-10' }), 'Europe/London', NOW)).toMatchObject({ ok: true, startsAt: Date.UTC(2027, 5, 10, 17, 0) });
  });

  it('keeps a session across the autumn clock change to its real length', () => {
    // 1 Nov 2026: clocks in Seattle go back at 02:00, so 00:30–03:00 lasts 3½ hours.
    const r = checkSessionForm(form({ date: '2026-11-01', starts: '00:30', ends: '03:00' }), LA, NOW);
    expect(r.ok && r.endsAt - r.startsAt).toBe(3.5 * 3_600_000);
  });

  it.each([
    [{ date: '' }, 'date', 'Enter the session’s date'],
    [{ date: '2026-02-30' }, 'date', 'real date'],
    [{ date: '10/12/2026' }, 'date', 'real date'],
    [{ date: '2020-01-01' }, 'date', 'more than a year ago'],
    [{ date: '2030-01-01' }, 'date', 'two years ahead'],
    [{ starts: '' }, 'starts', 'Enter the start time'],
    [{ starts: '25:00' }, 'starts', '24-hour clock'],
    [{ ends: '6pm' }, 'ends', '24-hour clock'],
    [{ ends: '18:00' }, 'ends', 'after the start time'],
    [{ ends: '17:30' }, 'ends', 'after the start time'],
    [{ date: '2027-03-14', starts: '02:30', ends: '04:00' }, 'starts', 'does not exist on 2027-03-14'],
  ])('refuses %j at the %s field', (over, field, words) => {
    const r = checkSessionForm(form(over as Record<string, string>), LA, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors)).toEqual([field]);
      expect(r.errors[field as 'date']).toContain(words);
    }
  });
});

describe('attendanceOpensBefore and sessionRemovable', () => {
  it('opens attendance up to the end of the business’s today', () => {
    expect(attendanceOpensBefore(NOW, LA)).toBe(Date.UTC(2026, 11, 4, 8, 0)); // midnight PST on 4 Dec
    // Late evening in Seattle is already tomorrow in UTC: still the Seattle day that counts.
    expect(attendanceOpensBefore(Date.UTC(2026, 11, 4, 7, 30), LA)).toBe(Date.UTC(2026, 11, 4, 8, 0));
  });
  it('removes only a session still to come with no attendance', () => {
    expect(sessionRemovable({ startsAt: new Date(NOW + 1), attendanceCount: 0 }, NOW)).toBe(true);
    expect(sessionRemovable({ startsAt: new Date(NOW + 1), attendanceCount: 1 }, NOW)).toBe(false);
    expect(sessionRemovable({ startsAt: NOW, attendanceCount: 0 }, NOW)).toBe(false);
  });
});

describe('postedKey', () => {
  it('keeps a well-formed key and drops anything else', () => {
    expect(postedKey({ key: 'abcdefghijklmnop234567' })).toBe('abcdefghijklmnop234567');
    expect(postedKey({ key: 'short' })).toBe('');
    expect(postedKey({ key: 'ABCDEFGHIJKLMNOPQRST' })).toBe('');
    expect(postedKey({})).toBe('');
  });
});
