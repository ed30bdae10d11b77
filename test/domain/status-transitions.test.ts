/**
 * The schedule's status rules: exactly the allowed changes, every other pair refused with
 * words, a cancel needing its reason, and which changes give capacity back.
 */
import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../src/db/schema';
import { CANCEL_REASON_MAX, TRANSITION_TARGETS, allowedTransitions, checkTransition, releasesCapacity } from '../../src/domain/status-transitions';

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
    const check = checkTransition(from, to, 'Groomer is ill');
    expect(check).toMatchObject({ ok: true, from, to });
  });

  const refused = APPOINTMENT_STATUSES.flatMap((from) =>
    [...APPOINTMENT_STATUSES, 'deleted', ''].filter((to) => !ALLOWED.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as const),
  );
  it.each(refused)('refuses %s → %s with words, changing nothing', (from, to) => {
    const check = checkTransition(from, to, 'a reason');
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problem).toBe('not_allowed');
      expect(check.message).toMatch(/is not possible now\. Nothing was changed\.$/);
    }
  });

  it('sends requests to the inbox in its words', () => {
    const check = checkTransition('requested', 'confirmed');
    expect(!check.ok && check.message).toContain('decide it in Requests');
  });

  it('needs a reason to cancel, trimmed and not too long', () => {
    expect(checkTransition('confirmed', 'canceled', '   ')).toMatchObject({ ok: false, problem: 'reason_required' });
    expect(checkTransition('confirmed', 'canceled', undefined)).toMatchObject({ ok: false, problem: 'reason_required' });
    expect(checkTransition('confirmed', 'canceled', 'x'.repeat(CANCEL_REASON_MAX + 1))).toMatchObject({ ok: false, problem: 'reason_too_long' });
    expect(checkTransition('confirmed', 'canceled', '  Flooded salon  ')).toMatchObject({ ok: true, reason: 'Flooded salon' });
  });

  it('keeps no reason for other changes', () => {
    expect(checkTransition('confirmed', 'checked_in', 'ignored')).toMatchObject({ ok: true, reason: null, releasesCapacity: false });
  });
});

describe('allowedTransitions and releasesCapacity', () => {
  it('offers nothing for requests and closed visits', () => {
    for (const s of ['requested', 'waitlisted', 'finished', 'canceled', 'no_show'] as const) expect(allowedTransitions(s)).toEqual([]);
  });

  it('agrees with checkTransition for every pair', () => {
    for (const from of APPOINTMENT_STATUSES)
      for (const to of TRANSITION_TARGETS) expect(checkTransition(from, to, 'r').ok).toBe(allowedTransitions(from).includes(to));
  });

  it('gives capacity back only for canceled and no-show', () => {
    expect(TRANSITION_TARGETS.filter(releasesCapacity)).toEqual(['no_show', 'canceled']);
  });
});
