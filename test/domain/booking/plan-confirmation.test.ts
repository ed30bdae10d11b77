/** The business's confirmation plan: when the lock must take places, and which groomer lines change. */
import { describe, expect, it } from 'vitest';
import { planConfirmation, type RequestToConfirm } from '../../../src/domain/booking';

const business = { boardingNightlyCapacity: 4, daycareDailyCapacity: 10, maxLiveRequestsPerDay: 3 };
const groom = (over: Partial<RequestToConfirm> = {}): RequestToConfirm => ({
  status: 'requested',
  serviceType: 'grooming',
  startsAt: Date.UTC(2026, 11, 5, 18),
  endsAt: Date.UTC(2026, 11, 5, 18, 30),
  timeZone: 'America/Los_Angeles',
  pets: [
    { appointmentPetId: 'ap1', lines: [{ lineId: 'l1', staffId: 'robin', staffRequested: false }] },
    { appointmentPetId: 'ap2', lines: [{ lineId: 'l2', staffId: 'nell', staffRequested: true }] },
  ],
  heldLimits: ['client:c1:grooming:2026-12-05'],
  business,
  ...over,
});

describe('planConfirmation', () => {
  it('a requested visit keeping its groomers needs nothing new from the lock', () => {
    expect(planConfirmation(groom())).toEqual({ staffChanges: [] });
    expect(planConfirmation(groom(), { ap1: 'robin' })).toEqual({ staffChanges: [] });
  });

  it('another groomer for an "any groomer" pet: that line changes, the lock takes every groomer slot and keeps the client limit', () => {
    const plan = planConfirmation(groom(), { ap1: 'kim', ap2: 'kim' });
    // The groomer the parent asked for by name (ap2) is never changed.
    expect(plan.staffChanges).toEqual([{ lineId: 'l1', staffId: 'kim' }]);
    const resources = plan.needs!.map((n) => n.resource);
    expect(resources.filter((r) => r.startsWith('staff:kim:'))).toHaveLength(2);
    expect(resources.filter((r) => r.startsWith('staff:nell:'))).toHaveLength(2);
    expect(resources.some((r) => r.startsWith('staff:robin:'))).toBe(false);
    expect(plan.needs!.find((n) => n.resource.startsWith('client:'))).toMatchObject({ units: 1, capacity: 3 });
  });

  it('a waitlisted stay takes a place per pet per night, without the client limit', () => {
    const plan = planConfirmation(
      groom({ status: 'waitlisted', serviceType: 'boarding', startsAt: Date.UTC(2026, 11, 4, 16), endsAt: Date.UTC(2026, 11, 7, 0), heldLimits: [] }),
    );
    expect(plan.needs).toEqual([
      { resource: 'boarding:2026-12-04', units: 2, capacity: 4, observedUnits: [] },
      { resource: 'boarding:2026-12-05', units: 2, capacity: 4, observedUnits: [] },
    ]);
  });
});
