import { describe, expect, it } from 'vitest';
import {
  boardingNightResource,
  freeUnits,
  holdsCapacity,
  placesOfBookedVisit,
  resourceCapacity,
  staffSlotResources,
  STAFF_SLOT_MS,
} from '../../src/domain/capacity';

describe('staffSlotResources', () => {
  const t0 = Date.UTC(2030, 0, 1, 9, 0);
  it('covers every 15-minute slot the visit overlaps', () => {
    expect(staffSlotResources('s1', t0, t0 + 45 * 60_000)).toEqual([`staff:s1:${t0}`, `staff:s1:${t0 + STAFF_SLOT_MS}`, `staff:s1:${t0 + 2 * STAFF_SLOT_MS}`]);
  });
  it('makes overlapping visits share a key, and back-to-back visits share none', () => {
    const a = staffSlotResources('s1', t0, t0 + 60 * 60_000);
    const overlapping = staffSlotResources('s1', t0 + 50 * 60_000, t0 + 80 * 60_000);
    const after = staffSlotResources('s1', t0 + 60 * 60_000, t0 + 90 * 60_000);
    expect(overlapping.some((k) => a.includes(k))).toBe(true);
    expect(after.some((k) => a.includes(k))).toBe(false);
  });
  it('rounds an off-grid start down so a 20-minute trim at 09:05 still blocks 09:00–09:30', () => {
    expect(staffSlotResources('s1', t0 + 5 * 60_000, t0 + 25 * 60_000)).toHaveLength(2);
  });
});

describe('freeUnits', () => {
  it('numbers the lowest free units below capacity', () => {
    expect(freeUnits([0, 2], 4, 2)).toEqual([1, 3]);
  });
  it('is null when there are not enough', () => {
    expect(freeUnits([0, 1], 2, 1)).toBeNull();
    expect(freeUnits([0], 3, 3)).toBeNull();
  });
});

describe('capacity of a resource', () => {
  const business = { boardingNightlyCapacity: 12, daycareDailyCapacity: 20 };
  it('reads the business limits, one for a staff slot', () => {
    expect(resourceCapacity(boardingNightResource('2030-01-01'), business)).toBe(12);
    expect(resourceCapacity('daycare:2030-01-01', business)).toBe(20);
    expect(resourceCapacity('staff:s1:0', business)).toBe(1);
    expect(() => resourceCapacity('moon:1', business)).toThrow(RangeError);
  });
  it('is held by live statuses only', () => {
    expect(holdsCapacity('requested')).toBe(true);
    expect(holdsCapacity('confirmed')).toBe(true);
    expect(holdsCapacity('waitlisted')).toBe(false);
    expect(holdsCapacity('canceled')).toBe(false);
  });
});

describe('placesOfBookedVisit', () => {
  const tz = 'America/Los_Angeles';
  const at = (iso: string) => Date.parse(iso);
  it('a stay holds a place per pet on each night from check-in to the night before check-out, in the business zone', () => {
    // Check-in Dec 4 08:00 PST (16:00 UTC), check-out Dec 6 16:00 PST (Dec 7 00:00 UTC): nights of the 4th and 5th.
    const places = placesOfBookedVisit({
      serviceType: 'boarding',
      startsAt: at('2026-12-04T16:00:00Z'),
      endsAt: at('2026-12-07T00:00:00Z'),
      timeZone: tz,
      petCount: 2,
      groomerIds: [],
    });
    expect(places).toEqual([
      { resource: 'boarding:2026-12-04', units: 2 },
      { resource: 'boarding:2026-12-05', units: 2 },
    ]);
  });
  it('a daycare day is its local date; a groom holds each groomer over the whole window; training holds nothing', () => {
    expect(
      placesOfBookedVisit({
        serviceType: 'daycare',
        startsAt: at('2026-12-05T07:30:00Z'),
        endsAt: at('2026-12-05T08:00:00Z'),
        timeZone: tz,
        petCount: 1,
        groomerIds: [],
      }),
    ).toEqual([{ resource: 'daycare:2026-12-04', units: 1 }]);
    const groom = placesOfBookedVisit({
      serviceType: 'grooming',
      startsAt: at('2026-12-05T18:00:00Z'),
      endsAt: at('2026-12-05T18:30:00Z'),
      timeZone: tz,
      petCount: 2,
      groomerIds: ['a', 'b', 'a'],
    });
    expect(groom.map((p) => p.resource)).toEqual([
      `staff:a:${at('2026-12-05T18:00:00Z')}`,
      `staff:a:${at('2026-12-05T18:15:00Z')}`,
      `staff:b:${at('2026-12-05T18:00:00Z')}`,
      `staff:b:${at('2026-12-05T18:15:00Z')}`,
    ]);
    expect(placesOfBookedVisit({ serviceType: 'training', startsAt: 0, endsAt: 1, timeZone: tz, petCount: 1, groomerIds: [] })).toEqual([]);
  });
});
