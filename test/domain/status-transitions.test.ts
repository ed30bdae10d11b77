/**
 * The schedule's status rules: exactly the allowed changes, every other pair refused with
 * words, a cancel needing its reason, and which changes give capacity back.
 */
import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../src/db/schema';
import { CANCEL_REASON_MAX, TRANSITION_TARGETS, allowedTransitions, checkTransition, releasesCapacity } from '../../src/domain/status-transitions';

/** A visit on its own day: every change the path allows is open. */
const TODAY = { today: '2026-12-03', firstDay: '2026-12-03', lastDay: '2026-12-03' };

const ALLOWED: [AppointmentStatus, string][] = [
  ['unconfirmed', 'confirmed'],
  ['unconfirmed', 'no_show'],
  ['unconfirmed', 'canceled'],
  ['confirmed', 'checked_in'],
  ['confirmed', 'no_show'],
  ['confirmed', 'canceled'],
  ['checked_in', 'ready_for_pickup'],
  ['ready_for_pickup', 'finished'],
];

describe('checkTransition', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    const check = checkTransition(from, to, TODAY, 'Groomer is ill');
    expect(check).toMatchObject({ ok: true, from, to });
  });

  const refused = APPOINTMENT_STATUSES.flatMap((from) =>
    [...APPOINTMENT_STATUSES, 'deleted', ''].filter((to) => !ALLOWED.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as const),
  );
  it.each(refused)('refuses %s → %s with words, changing nothing', (from, to) => {
    const check = checkTransition(from, to, TODAY, 'a reason');
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problem).toBe('not_allowed');
      expect(check.message).toMatch(/is not possible now\. Nothing was changed\.$/);
    }
  });

  it('sends requests to the inbox in its words', () => {
    const check = checkTransition('requested', 'confirmed', TODAY);
    expect(!check.ok && check.message).toContain('decide it in Requests');
  });

  it('needs a reason to cancel, trimmed and not too long', () => {
    expect(checkTransition('confirmed', 'canceled', TODAY, '   ')).toMatchObject({ ok: false, problem: 'reason_required' });
    expect(checkTransition('confirmed', 'canceled', TODAY, undefined)).toMatchObject({ ok: false, problem: 'reason_required' });
    expect(checkTransition('confirmed', 'canceled', TODAY, 'x'.repeat(CANCEL_REASON_MAX + 1))).toMatchObject({ ok: false, problem: 'reason_too_long' });
    expect(checkTransition('confirmed', 'canceled', TODAY, '  Flooded salon  ')).toMatchObject({ ok: true, reason: 'Flooded salon' });
  });

  it('keeps no reason for other changes', () => {
    expect(checkTransition('confirmed', 'checked_in', TODAY, 'ignored')).toMatchObject({ ok: true, reason: null, releasesCapacity: false });
  });
});

describe('the calendar', () => {
  const boarding = { firstDay: '2026-12-05', lastDay: '2026-12-08', firstDayLabel: 'Sat 5 Dec', lastDayLabel: 'Tue 8 Dec' };

  it('refuses a check-in or a no-show before the first day, saying which day', () => {
    const early = { ...boarding, today: '2026-12-04' };
    for (const to of ['checked_in', 'no_show']) {
      const check = checkTransition('confirmed', to, early);
      expect(check).toMatchObject({ ok: false, problem: 'not_allowed' });
      expect(!check.ok && check.message).toContain('This visit starts on Sat 5 Dec');
    }
    expect(allowedTransitions('confirmed', early)).toEqual(['canceled']);
    expect(allowedTransitions('unconfirmed', early)).toEqual(['confirmed', 'canceled']);
  });

  it('allows a check-in on any day of the stay, and not after it', () => {
    for (const today of ['2026-12-05', '2026-12-07', '2026-12-08']) expect(checkTransition('confirmed', 'checked_in', { ...boarding, today }).ok).toBe(true);
    const late = checkTransition('confirmed', 'checked_in', { ...boarding, today: '2026-12-09' });
    expect(!late.ok && late.message).toContain('This visit ended on Tue 8 Dec');
    expect(checkTransition('confirmed', 'no_show', { ...boarding, today: '2026-12-09' }).ok).toBe(true);
  });

  it('leaves the rest of the path to any day', () => {
    const late = { ...boarding, today: '2026-12-20' };
    expect(checkTransition('checked_in', 'ready_for_pickup', late).ok).toBe(true);
    expect(checkTransition('ready_for_pickup', 'finished', late).ok).toBe(true);
  });
});

describe('allowedTransitions and releasesCapacity', () => {
  it('offers nothing for requests and closed visits', () => {
    for (const s of ['requested', 'waitlisted', 'finished', 'canceled', 'no_show'] as const) expect(allowedTransitions(s, TODAY)).toEqual([]);
  });

  it('agrees with checkTransition for every pair', () => {
    for (const from of APPOINTMENT_STATUSES)
      for (const to of TRANSITION_TARGETS) expect(checkTransition(from, to, TODAY, 'r').ok).toBe(allowedTransitions(from, TODAY).includes(to));
  });

  it('gives capacity back only for canceled and no-show', () => {
    expect(TRANSITION_TARGETS.filter(releasesCapacity)).toEqual(['no_show', 'canceled']);
  });
});
