/**
 * What capacity an appointment uses, as named resources in the capacity ledger
 * (`capacity_claims`): a pet on a boarding night, a pet on a daycare day, a groomer's
 * 15-minute slot. The booking lock counts and numbers units per resource; the database's
 * UNIQUE(business, resource, unit) is the last guard against overbooking.
 */
import type { AppointmentStatus, ServiceType } from '../db/schema';
import { addDays, localDateString } from './time';

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

/** Live requests one client may hold for one service type on one day, unless the business says otherwise. */
export const DEFAULT_MAX_LIVE_REQUESTS_PER_DAY = 3;

/**
 * One of a client's live requests for `serviceType` starting on `date` (business-local): a
 * limit, not a place. Counting it in the same ledger as places makes the cap exact under
 * concurrent submissions and keeps the database's UNIQUE(business, resource, unit) as its
 * last guard, so one parent cannot hold every place of a day with repeated requests.
 */
export function clientDayResource(clientId: string, serviceType: string, date: string): string {
  return `client:${clientId}:${serviceType}:${date}`;
}

/** True for a per-client limit: when it is full the request is refused, never waitlisted. */
export function isClientLimit(resource: string): boolean {
  return resource.startsWith('client:');
}

/** Capacity of one resource: pets per night/day from the business, one for a staff slot, the client cap for a client's day. */
export function resourceCapacity(
  resource: string,
  business: { boardingNightlyCapacity: number; daycareDailyCapacity: number; maxLiveRequestsPerDay?: number },
): number {
  if (resource.startsWith('boarding:')) return business.boardingNightlyCapacity;
  if (resource.startsWith('daycare:')) return business.daycareDailyCapacity;
  if (resource.startsWith('staff:')) return 1;
  if (isClientLimit(resource)) return business.maxLiveRequestsPerDay ?? DEFAULT_MAX_LIVE_REQUESTS_PER_DAY;
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

/** An appointment as booked, for {@link placesOfBookedVisit}: its window, pets and groomers. */
export interface BookedVisit {
  serviceType: ServiceType;
  startsAt: number;
  endsAt: number;
  /** The business's zone: nights and days are its local dates. */
  timeZone: string;
  petCount: number;
  /** Every groomer on the visit's service lines (grooming). */
  groomerIds: readonly string[];
}

/**
 * The places an appointment already booked needs, rebuilt from its row (what the business
 * takes when it confirms a waitlisted request, or gives a request another groomer): a place
 * per pet on each night from check-in to check-out, per pet on its daycare day, and each
 * groomer's slots over the whole visit. The booking flow knows each pet's own segment; the
 * row does not, so a groomer is held for the whole window — never less than the visit needs.
 */
export function placesOfBookedVisit(v: BookedVisit): { resource: string; units: number }[] {
  switch (v.serviceType) {
    case 'boarding': {
      const first = localDateString(v.startsAt, v.timeZone);
      const last = localDateString(v.endsAt, v.timeZone);
      const nights: string[] = [];
      for (let d = first; d < last; d = addDays(d, 1)) nights.push(d);
      if (!nights.length) nights.push(first);
      return nights.map((night) => ({ resource: boardingNightResource(night), units: v.petCount }));
    }
    case 'daycare':
      return [{ resource: daycareDayResource(localDateString(v.startsAt, v.timeZone)), units: v.petCount }];
    case 'grooming':
      return [...new Set(v.groomerIds.flatMap((id) => staffSlotResources(id, v.startsAt, v.endsAt)))].map((resource) => ({ resource, units: 1 }));
    case 'training':
      return [];
  }
}
