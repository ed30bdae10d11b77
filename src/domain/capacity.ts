/**
 * What capacity an appointment uses, as named resources in the capacity ledger
 * (`capacity_claims`): a pet on a boarding night, a pet on a daycare day, a groomer's
 * 15-minute slot. The booking lock counts and numbers units per resource; the database's
 * UNIQUE(business, resource, unit) is the last guard against overbooking.
 */
import type { AppointmentStatus } from '../db/schema';

/** Statuses that hold capacity. Waitlisted requests hold none; closed ones have released theirs. */
export const CAPACITY_HOLDING_STATUSES = [
  'requested',
  'unconfirmed',
  'confirmed',
  'checked_in',
  'ready_for_pickup',
] as const satisfies readonly AppointmentStatus[];

export function holdsCapacity(status: AppointmentStatus): boolean {
  return (CAPACITY_HOLDING_STATUSES as readonly string[]).includes(status);
}

/** Grooming staff time is claimed on a fixed grid, so overlapping visits share slot keys. */
export const STAFF_SLOT_MS = 15 * 60 * 1000;

/** One pet on one boarding night (the night of `date`, a business-local YYYY-MM-DD). */
export function boardingNightResource(date: string): string {
  return `boarding:${date}`;
}

/** One pet on one daycare day. */
export function daycareDayResource(date: string): string {
  return `daycare:${date}`;
}

/**
 * Every 15-minute slot a staff member is busy for [startsAt, endsAt): the slots it overlaps,
 * so two visits of the same groomer that overlap at all share at least one key.
 */
export function staffSlotResources(staffId: string, startsAt: number, endsAt: number): string[] {
  const keys: string[] = [];
  for (let slot = Math.floor(startsAt / STAFF_SLOT_MS) * STAFF_SLOT_MS; slot < endsAt; slot += STAFF_SLOT_MS) {
    keys.push(`staff:${staffId}:${slot}`);
  }
  return keys;
}

/** Capacity of one resource: pets per night/day from the business, one for a staff slot. */
export function resourceCapacity(
  resource: string,
  business: { boardingNightlyCapacity: number; daycareDailyCapacity: number },
): number {
  if (resource.startsWith('boarding:')) return business.boardingNightlyCapacity;
  if (resource.startsWith('daycare:')) return business.daycareDailyCapacity;
  if (resource.startsWith('staff:')) return 1;
  throw new RangeError(`unknown capacity resource: ${resource}`);
}

/**
 * The lowest `count` unit numbers below `capacity` not in `taken`, or null when there are not
 * enough free units.
 */
export function freeUnits(taken: Iterable<number>, capacity: number, count: number): number[] | null {
  const used = new Set(taken);
  const free: number[] = [];
  for (let unit = 0; unit < capacity && free.length < count; unit++) if (!used.has(unit)) free.push(unit);
  return free.length === count ? free : null;
}
