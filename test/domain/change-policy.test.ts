import { describe, expect, it } from 'vitest';
import { changeAllowed } from '../../src/domain/change-policy';

const now = Date.UTC(2030, 0, 1, 12);
const HOUR = 3_600_000;
const notAllowed = { changePolicy: 'not_allowed' as const, changePolicyHours: null };
const until48 = { changePolicy: 'until_hours_before' as const, changePolicyHours: 48 };

describe('changeAllowed', () => {
  it('lets a pending request be changed whatever the policy', () => {
    expect(changeAllowed({ status: 'requested', startsAt: now + HOUR }, notAllowed, now)).toBe(true);
    expect(changeAllowed({ status: 'waitlisted', startsAt: now + HOUR }, notAllowed, now)).toBe(true);
  });
  it('refuses a confirmed appointment by default', () => {
    expect(changeAllowed({ status: 'confirmed', startsAt: now + 100 * HOUR }, notAllowed, now)).toBe(false);
  });
  it('allows a confirmed appointment until N hours before, and not after', () => {
    expect(changeAllowed({ status: 'confirmed', startsAt: now + 48 * HOUR }, until48, now)).toBe(true);
    expect(changeAllowed({ status: 'confirmed', startsAt: now + 48 * HOUR - 1 }, until48, now)).toBe(false);
  });
  it('never allows other statuses', () => {
    for (const status of ['unconfirmed', 'checked_in', 'ready_for_pickup', 'finished', 'canceled', 'no_show'] as const) {
      expect(changeAllowed({ status, startsAt: now + 100 * HOUR }, until48, now)).toBe(false);
    }
  });
});
