/** From checked choices to the booking lock's plans (pure, node project). */
import { describe, expect, it } from 'vitest';
import { checkBooking, planReschedule, planSubmission, type BookingCheck } from '../../../src/domain/booking';
import { STAFF_SLOT_MS } from '../../../src/domain/capacity';
import { NOW, at, catalogue, day, emptyLoad, state } from '../../helpers/booking-catalogue';

let n = 0;
const ids = (prefix: string) => `${prefix}_${++n}`;

function ok(check: BookingCheck) {
  if (!check.ok) throw new Error(`expected a valid booking, got ${JSON.stringify(check.errors)}`);
  return check;
}

describe('planSubmission', () => {
  it('plans one appointment per daycare day, each needing that day for every pet, the deposit split', () => {
    const c = catalogue();
    const s = state({
      type: 'daycare',
      pets: [
        { petId: 'pet_rex', serviceIds: ['svc_daycare'], addOnIds: [], staffId: null },
        { petId: 'pet_lulu', serviceIds: ['svc_daycare'], addOnIds: [], staffId: null },
      ],
      days: [day(2), day(3)],
      dropOff: '08:00',
      pickUp: '16:00',
    });
    const check = ok(checkBooking(s, c, emptyLoad(), NOW));
    const plan = planSubmission({
      ...check,
      catalogue: c,
      units: { [`daycare:${day(2)}`]: [0] },
      clientId: 'cli_1',
      idempotencyKey: 'k',
      now: NOW,
      notificationSummary: 'x',
      newId: ids,
    });
    expect(plan.appointments).toHaveLength(2);
    expect(plan.appointments[0]!.needs).toEqual([
      { resource: `daycare:${day(2)}`, units: 2, capacity: 2, observedUnits: [0] },
      // One of the client's live daycare requests that day (the per-client cap, 3).
      { resource: `client:cli_1:daycare:${day(2)}`, units: 1, capacity: 3, observedUnits: [] },
    ]);
    expect(plan.appointments[1]!.needs[0]!.resource).toBe(`daycare:${day(3)}`);
    // 2 pets × 2 days × 40.00 = 160.00; 20 % = 32.00, 16.00 a day.
    expect(plan.appointments.map((a) => a.depositRequiredMinor)).toEqual([1600, 1600]);
    expect(plan.appointments[0]!.startsAt).toBe(at(2, '08:00'));
  });

  it('plans a grooming visit with every service of the pet, its groomer, whether it was asked for, and its slots', () => {
    const c = catalogue();
    const s = state({
      type: 'grooming',
      pets: [{ petId: 'pet_rex', serviceIds: ['svc_bath', 'svc_nails'], addOnIds: ['add_teeth'], staffId: 'stf_robin' }],
      date: day(2),
      start: at(2, '10:00'),
    });
    const check = ok(checkBooking(s, c, emptyLoad(), NOW));
    const plan = planSubmission({ ...check, catalogue: c, units: {}, clientId: 'cli_1', idempotencyKey: 'k', now: NOW, notificationSummary: 'x', newId: ids });
    const [appointment] = plan.appointments;
    expect(appointment!.pets[0]!.services.map((l) => [l.itemId, l.staffId, l.staffRequested, l.priceMinor])).toEqual([
      ['svc_bath', 'stf_robin', true, 3000],
      ['svc_nails', 'stf_robin', true, 1500],
    ]);
    expect(appointment!.pets[0]!.addOns.map((l) => l.itemId)).toEqual(['add_teeth']);
    // 30 + 15 + 15 minutes = four 15-minute slots of Robin's.
    expect(appointment!.needs.map((x) => x.resource)).toEqual([
      ...[0, 1, 2, 3].map((i) => `staff:stf_robin:${at(2, '10:00') + i * STAFF_SLOT_MS}`),
      `client:cli_1:grooming:${day(2)}`,
    ]);
    expect(appointment!.endsAt).toBe(at(2, '11:00'));
  });

  it('plans a full time on the groomers asked for, so the lock can waitlist it', () => {
    const c = catalogue();
    const busy = [
      { staffId: 'stf_robin', startsAt: at(2, '09:00'), endsAt: at(2, '17:00') },
      { staffId: 'stf_sam', startsAt: at(2, '09:00'), endsAt: at(2, '17:00') },
    ];
    const s = state({
      type: 'grooming',
      pets: [{ petId: 'pet_rex', serviceIds: ['svc_groom'], addOnIds: [], staffId: null }],
      date: day(2),
      start: at(2, '10:00'),
    });
    const check = ok(checkBooking(s, c, { ...emptyLoad(), busy }, NOW));
    expect(check.hasRoom).toBe(false);
    const plan = planSubmission({ ...check, catalogue: c, units: {}, clientId: 'cli_1', idempotencyKey: 'k', now: NOW, notificationSummary: 'x', newId: ids });
    expect(plan.appointments[0]!.pets[0]!.services[0]!.staffRequested).toBe(false);
    expect(plan.appointments[0]!.needs[0]!.resource).toBe(`staff:stf_robin:${at(2, '10:00')}`);
  });
});

describe('planReschedule', () => {
  it('moves a boarding stay: the new nights for every pet, its own claims passed on', () => {
    const c = catalogue();
    const s = state({
      type: 'boarding',
      pets: [{ petId: 'pet_rex', serviceIds: ['svc_board'], addOnIds: [], staffId: null }],
      checkIn: day(3),
      checkOut: day(5),
      dropOff: '08:00',
      pickUp: '16:00',
    });
    const check = ok(checkBooking(s, c, emptyLoad(), NOW));
    const plan = planReschedule({
      ...check,
      catalogue: c,
      units: {},
      clientId: 'cli_1',
      appointmentId: 'apt_1',
      expectedVersion: 3,
      lines: [{ lineId: 'asvc_1', petId: 'pet_rex', staffId: null }],
      ownClaims: [{ resource: `boarding:${day(3)}`, unit: 1 }],
      allowedStatuses: ['requested', 'waitlisted'],
      idempotencyKey: 'k',
      now: NOW,
      notificationSummary: 'x',
      newId: ids,
    });
    expect(plan.needs.map((x) => [x.resource, x.units])).toEqual([
      [`boarding:${day(3)}`, 1],
      [`boarding:${day(4)}`, 1],
      [`client:cli_1:boarding:${day(3)}`, 1],
    ]);
    expect(plan).toMatchObject({ appointmentId: 'apt_1', expectedVersion: 3, startsAt: at(3, '08:00'), endsAt: at(5, '16:00'), staffChanges: [] });
    expect(plan.currentClaims).toEqual([{ resource: `boarding:${day(3)}`, unit: 1 }]);
  });
});
