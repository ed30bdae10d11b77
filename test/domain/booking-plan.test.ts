import { describe, expect, it } from 'vitest';
import {
  allocate,
  assertNeeds,
  conflictFor,
  decidePlacements,
  isBookingLockUnavailable,
  BOOKING_LOCK_UNAVAILABLE,
  submissionOutcome,
  waitlistAll,
  type ResourceNeed,
} from '../../src/domain/booking-plan';

const need = (resource: string, units: number, capacity: number): ResourceNeed => ({ resource, units, capacity, observedUnits: [] });
const takenFrom = (map: Record<string, number[]>) => (resource: string) => map[resource] ?? [];

describe('allocate', () => {
  it('takes the lowest free units of each resource', () => {
    expect(allocate('a', [need('d1', 2, 5), need('d2', 1, 5)], takenFrom({ d1: [0, 2] }))).toEqual({
      ok: true,
      claims: [
        { resource: 'd1', unit: 1, appointmentId: 'a' },
        { resource: 'd1', unit: 3, appointmentId: 'a' },
        { resource: 'd2', unit: 0, appointmentId: 'a' },
      ],
    });
  });

  it('adds up needs of the same resource', () => {
    expect(allocate('a', [need('d1', 1, 2), need('d1', 1, 2)], takenFrom({}))).toMatchObject({ ok: true, claims: [{ unit: 0 }, { unit: 1 }] });
    expect(allocate('a', [need('d1', 1, 2), need('d1', 2, 2)], takenFrom({}))).toEqual({ ok: false, fullResources: ['d1'] });
  });

  it('names every resource short of units (units beyond capacity count as taken, not free)', () => {
    expect(allocate('a', [need('d1', 1, 1), need('d2', 1, 2), need('d3', 1, 0)], takenFrom({ d1: [0], d2: [5] }))).toEqual({
      ok: false,
      fullResources: ['d1', 'd3'],
    });
  });
});

describe('decidePlacements', () => {
  const days = [
    { id: 'a1', needs: [need('d1', 1, 2)] },
    { id: 'a2', needs: [need('d1', 1, 2)] },
    { id: 'a3', needs: [need('d2', 1, 1)] },
  ];

  it('never gives two appointments of one submission the same unit', () => {
    const d = decidePlacements(days.slice(0, 2), false, takenFrom({}));
    expect(d.kind === 'place' && d.placements.map((p) => p.claims.map((c) => c.unit))).toEqual([[0], [1]]);
  });

  it('waitlists only the appointments that do not fit, when allowed', () => {
    const d = decidePlacements(days, true, takenFrom({ d1: [0], d2: [0] }));
    expect(d).toEqual({
      kind: 'place',
      placements: [
        { appointmentId: 'a1', status: 'requested', claims: [{ resource: 'd1', unit: 1, appointmentId: 'a1' }], fullResources: [] },
        { appointmentId: 'a2', status: 'waitlisted', claims: [], fullResources: ['d1'] },
        { appointmentId: 'a3', status: 'waitlisted', claims: [], fullResources: ['d2'] },
      ],
    });
  });

  it('is full as a whole without a waitlist', () => {
    expect(decidePlacements(days, false, takenFrom({ d2: [0] }))).toEqual({ kind: 'full', fullResources: ['d2'] });
  });

  it("refuses a client over their own per-day limit even with a waitlist (a waitlist is for places, not for a client's repeats)", () => {
    const limit = 'client:c1:daycare:2030-01-01';
    const d = decidePlacements([{ id: 'a1', needs: [need('d1', 1, 20), need(limit, 1, 3)] }], true, takenFrom({ [limit]: [0, 1, 2] }));
    expect(d).toEqual({ kind: 'full', fullResources: [limit] });
  });
});

describe('waitlistAll', () => {
  it('puts every appointment on the waitlist, or answers full', () => {
    const apts = [{ id: 'a1', needs: [need('d1', 1, 1)] }];
    expect(waitlistAll(apts, true)).toEqual({
      kind: 'place',
      placements: [{ appointmentId: 'a1', status: 'waitlisted', claims: [], fullResources: ['d1'] }],
    });
    expect(waitlistAll(apts, false)).toEqual({ kind: 'full', fullResources: ['d1'] });
  });
});

describe('submissionOutcome', () => {
  it('is waitlisted when any appointment is', () => {
    const requested = { appointmentId: 'a1', status: 'requested' as const, claims: [], fullResources: [] };
    const waitlisted = { appointmentId: 'a2', status: 'waitlisted' as const, claims: [], fullResources: ['d'] };
    expect(submissionOutcome([requested])).toEqual({ status: 'requested', appointmentIds: ['a1'], waitlistedIds: [], replayed: false });
    expect(submissionOutcome([requested, waitlisted])).toEqual({ status: 'waitlisted', appointmentIds: ['a1', 'a2'], waitlistedIds: ['a2'], replayed: false });
  });
});

describe('conflictFor', () => {
  const expected = { allowedStatuses: ['requested', 'waitlisted'] as const, expectedVersion: 3 };
  it('says what changed', () => {
    expect(conflictFor(null, { ...expected, allowedStatuses: [...expected.allowedStatuses] })).toEqual({ status: 'conflict', reason: 'not_found' });
    expect(conflictFor({ status: 'confirmed', version: 4 }, { ...expected, allowedStatuses: [...expected.allowedStatuses] })).toEqual({
      status: 'conflict',
      reason: 'status_changed',
      currentStatus: 'confirmed',
    });
    expect(conflictFor({ status: 'requested', version: 4 }, { ...expected, allowedStatuses: [...expected.allowedStatuses] })).toEqual({
      status: 'conflict',
      reason: 'version_changed',
      currentStatus: 'requested',
    });
  });
  it('falls back to the given reason when status and version still match', () => {
    expect(
      conflictFor(
        { status: 'requested', version: 3 },
        { ...expected, allowedStatuses: [...expected.allowedStatuses] },
        { status: 'conflict', reason: 'full', fullResources: ['d'] },
      ),
    ).toEqual({ status: 'conflict', reason: 'full', fullResources: ['d'], currentStatus: 'requested' });
  });
});

describe('assertNeeds', () => {
  it('throws on malformed needs', () => {
    expect(() => assertNeeds([need('d', 1, 1)])).not.toThrow();
    expect(() => assertNeeds([need('d', 0, 1)])).toThrow(TypeError);
    expect(() => assertNeeds([{ ...need('d', 1, 1), observedUnits: [-1] }])).toThrow(TypeError);
    expect(() => assertNeeds([need('', 1, 1)])).toThrow(TypeError);
  });
});

describe('isBookingLockUnavailable', () => {
  it('recognises the lock’s retryable error by its message', () => {
    expect(isBookingLockUnavailable(new Error(`${BOOKING_LOCK_UNAVAILABLE}: fetch failed`))).toBe(true);
    expect(isBookingLockUnavailable(new Error('booking-lock: plan for business x'))).toBe(false);
  });
});
