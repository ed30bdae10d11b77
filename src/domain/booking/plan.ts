/**
 * From a parent's checked choices to what the booking lock is asked to do (SPEC §5). The
 * routes parse the form (form.ts), load the business and its calendar in one batch, call
 * `checkBooking` here to get a typed `ValidBooking` (or the step and field to send the
 * parent back to), then `planSubmission` / `planReschedule` build the lock's plan from the
 * capacity keys of capacity.ts. Pure: ids come from the `newId` given (random by default).
 */
import type { AppointmentStatus } from '../../db/schema';
import type { PlannedAppointment, PlannedPet, ReschedulePlan, ResourceNeed, SubmissionPlan } from '../booking-plan';
import {
  boardingNightResource,
  clientDayResource,
  daycareDayResource,
  placesOfBookedVisit,
  resourceCapacity,
  staffSlotResources,
  type BookedVisit,
} from '../capacity';
import { t } from '../../i18n';
import { localDateString } from '../time';
import { newId as randomId } from '../ids';
import type { BookingState, BookingStep } from './form';
import {
  missingVaccinations,
  planTiming,
  priceBooking,
  toValidBooking,
  validateUpTo,
  visitTimes,
  type BookingCatalogue,
  type CalendarLoad,
  type FieldErrors,
  type ValidBooking,
  type VisitTimes,
} from './rules';

export type BookingCheck =
  | {
      ok: true;
      booking: ValidBooking;
      times: VisitTimes;
      /** False when the time is full: the request can only be waitlisted (or refused). */
      hasRoom: boolean;
      /** A required vaccination is missing and the business takes the request marked so. */
      vaccinationRecordNeeded: boolean;
    }
  | { ok: false; step: BookingStep; errors: FieldErrors };

/**
 * Checks every step of `state` against the catalogue and the calendar's load. A full time is
 * not a refusal here (`hasRoom: false`): the lock waitlists or refuses it.
 */
export function checkBooking(state: BookingState, c: BookingCatalogue, load: CalendarLoad, now: number): BookingCheck {
  const check = validateUpTo('review', state, c, load, now);
  if (check.step) return { ok: false, step: check.step, errors: check.errors };
  const timing = planTiming(state, c, load, now);
  if (!timing.ok && timing.reason !== 'full') return { ok: false, step: 'time', errors: { [timing.field]: timing.message } };
  const booking = toValidBooking(state);
  if (!booking) return { ok: false, step: 'who', errors: { type: t('booking.error.chooseType') } };
  const times = visitTimes(booking, c, timing);
  return { ok: true, booking, times, hasRoom: timing.ok, vaccinationRecordNeeded: missingVaccinations(booking, times, c).length > 0 };
}

/** Capacity keys and units one appointment of `times` needs (see capacity.ts), without the client's limit. */
function placesOf(times: VisitTimes, petCount: number, dayIndex: number): { resource: string; units: number }[] {
  switch (times.kind) {
    case 'grooming':
      return [...new Set(times.segments.flatMap((s) => staffSlotResources(s.staffId, s.startsAt, s.endsAt)))].map((resource) => ({ resource, units: 1 }));
    case 'boarding':
      return times.nights.map((night) => ({ resource: boardingNightResource(night), units: petCount }));
    case 'daycare': {
      const day = times.days[dayIndex];
      return day ? [{ resource: daycareDayResource(day.date), units: petCount }] : [];
    }
  }
}

/** What one appointment needs: its places, and one of the client's live requests for its type on its first day. */
function needsOf(
  times: VisitTimes,
  who: { clientId: string; type: string; timeZone: string },
  petCount: number,
  dayIndex = 0,
): { resource: string; units: number }[] {
  const startsAt = times.kind === 'daycare' ? times.days[dayIndex]?.startsAt : times.startsAt;
  const limit = startsAt === undefined ? [] : [{ resource: clientDayResource(who.clientId, who.type, localDateString(startsAt, who.timeZone)), units: 1 }];
  return [...placesOf(times, petCount, dayIndex), ...limit];
}

/** What the lock needs to know of the calendar: the units of each resource seen in use. */
export interface ObservedLoad {
  business: { boardingNightlyCapacity: number; daycareDailyCapacity: number; maxLiveRequestsPerDay: number };
  /** Unit numbers in use per resource, as read just before (`capacity_claims`). */
  units: Record<string, number[]>;
}

function withCapacity(needs: { resource: string; units: number }[], load: ObservedLoad): ResourceNeed[] {
  return needs.map(({ resource, units }) => ({
    resource,
    units,
    capacity: resourceCapacity(resource, load.business),
    observedUnits: load.units[resource] ?? [],
  }));
}

export interface SubmissionInput {
  booking: ValidBooking;
  times: VisitTimes;
  catalogue: BookingCatalogue;
  units: Record<string, number[]>;
  clientId: string;
  idempotencyKey: string;
  now: number;
  notificationSummary: string;
  vaccinationRecordNeeded?: boolean;
  newId?: (prefix: string) => string;
}

/**
 * A new request as the lock's plan: one appointment (grooming, boarding) or one per daycare
 * day, each pet with its priced services and add-ons (prices as they are now: a later price
 * change never touches the request) and the capacity it needs.
 */
export function planSubmission(input: SubmissionInput): SubmissionPlan {
  const { booking, times, catalogue: cat } = input;
  const id = input.newId ?? randomId;
  const load: ObservedLoad = { business: cat.business, units: input.units };
  const priced = priceBooking(
    {
      draft: null,
      type: booking.type,
      pets: booking.pets,
      date: null,
      start: null,
      checkIn: booking.type === 'boarding' ? booking.checkIn : null,
      checkOut: booking.type === 'boarding' ? booking.checkOut : null,
      dropOff: null,
      pickUp: null,
      days: booking.type === 'daycare' ? booking.days : [],
      notes: booking.notes,
      invalid: [],
    },
    cat,
  );
  const staffOf = (petId: string): string | null => {
    if (times.kind !== 'grooming') return null;
    return times.segments.find((s) => s.petId === petId)?.staffId || (booking.pets.find((p) => p.petId === petId)?.staffId ?? null);
  };
  const pets = (): PlannedPet[] =>
    booking.pets.map((pet) => ({
      appointmentPetId: id('apet'),
      petId: pet.petId,
      services: pet.serviceIds.map((serviceId) => ({
        id: id('asvc'),
        itemId: serviceId,
        staffId: staffOf(pet.petId),
        staffRequested: pet.staffId !== null,
        priceMinor: cat.services.find((s) => s.id === serviceId)?.priceMinor ?? 0,
      })),
      addOns: pet.addOnIds.map((addOnId) => ({
        id: id('aadd'),
        itemId: addOnId,
        staffId: null,
        priceMinor: cat.addOns.find((a) => a.id === addOnId)?.priceMinor ?? 0,
      })),
    }));
  const common = { serviceType: booking.type, notes: booking.notes || null, vaccinationRecordNeeded: input.vaccinationRecordNeeded ?? false };
  const petCount = booking.pets.length;
  const who = { clientId: input.clientId, type: booking.type, timeZone: cat.business.timeZone };
  const appointments: PlannedAppointment[] =
    times.kind === 'daycare'
      ? times.days.map((day, i) => ({
          id: id('apt'),
          ...common,
          startsAt: day.startsAt,
          endsAt: day.endsAt,
          depositRequiredMinor: Math.round(priced.depositMinor / times.days.length) || null,
          pets: pets(),
          needs: withCapacity(needsOf(times, who, petCount, i), load),
        }))
      : [
          {
            id: id('apt'),
            ...common,
            startsAt: times.startsAt,
            endsAt: times.endsAt,
            depositRequiredMinor: priced.depositMinor || null,
            pets: pets(),
            needs: withCapacity(needsOf(times, who, petCount), load),
          },
        ];
  return {
    businessId: cat.business.id,
    clientId: input.clientId,
    idempotencyKey: input.idempotencyKey,
    submissionId: id('sub'),
    now: input.now,
    waitlistAllowed: cat.business.waitlistAllowed,
    appointments,
    notificationSummary: input.notificationSummary,
  };
}

export interface RescheduleInput {
  booking: ValidBooking;
  times: VisitTimes;
  catalogue: BookingCatalogue;
  units: Record<string, number[]>;
  clientId: string;
  appointmentId: string;
  expectedVersion: number;
  /** The appointment's service lines now: the groomer of each may change with the time. */
  lines: { lineId: string | null; petId: string; staffId: string | null }[];
  /** This appointment's own claims, which its new time may reuse. */
  ownClaims: { resource: string; unit: number }[];
  allowedStatuses: AppointmentStatus[];
  idempotencyKey: string;
  now: number;
  notificationSummary: string;
  newId?: (prefix: string) => string;
}

/** Moving one appointment (a daycare request is moved one day, one appointment, at a time). */
export function planReschedule(input: RescheduleInput): ReschedulePlan {
  const { times, booking } = input;
  const id = input.newId ?? randomId;
  const span =
    times.kind === 'daycare'
      ? { startsAt: times.days[0]?.startsAt ?? 0, endsAt: times.days[0]?.endsAt ?? 0 }
      : { startsAt: times.startsAt, endsAt: times.endsAt };
  const staffChanges =
    times.kind === 'grooming'
      ? input.lines.flatMap((line) =>
          line.lineId ? [{ lineId: line.lineId, staffId: times.segments.find((s) => s.petId === line.petId)?.staffId ?? line.staffId }] : [],
        )
      : [];
  return {
    businessId: input.catalogue.business.id,
    clientId: input.clientId,
    appointmentId: input.appointmentId,
    expectedVersion: input.expectedVersion,
    idempotencyKey: input.idempotencyKey,
    submissionId: id('sub'),
    now: input.now,
    waitlistAllowed: input.catalogue.business.waitlistAllowed,
    ...span,
    needs: withCapacity(needsOf(times, { clientId: input.clientId, type: booking.type, timeZone: input.catalogue.business.timeZone }, booking.pets.length), {
      business: input.catalogue.business,
      units: input.units,
    }),
    staffChanges,
    currentClaims: input.ownClaims,
    allowedStatuses: input.allowedStatuses,
    notificationSummary: input.notificationSummary,
  };
}

// ---- The business's confirmation ---------------------------------------------------------------

/** A request as the business decides it: its window, and each pet's service lines. */
export interface RequestToConfirm {
  status: AppointmentStatus;
  serviceType: BookedVisit['serviceType'];
  startsAt: number;
  endsAt: number;
  timeZone: string;
  pets: { appointmentPetId: string; lines: { lineId: string; staffId: string | null; staffRequested: boolean }[] }[];
  /** Per-client limits the request holds now (`client:…` resources): kept when its claims are swapped. */
  heldLimits: string[];
  business: ObservedLoad['business'];
}

/**
 * What the lock needs to confirm a request: nothing for a request that keeps its places; the
 * places to take (`placesOfBookedVisit`) for a waitlisted one, or when the business gives an
 * "any groomer" pet another groomer (`groomerFor`, by appointment pet; a groomer the parent
 * asked for by name is never changed). The client's own limit is not counted against the
 * business's decision, only kept if held. The lock reads the units in use itself.
 */
export function planConfirmation(
  r: RequestToConfirm,
  groomerFor: Readonly<Record<string, string>> = {},
): { needs?: ResourceNeed[]; staffChanges: { lineId: string; staffId: string }[] } {
  const staffChanges: { lineId: string; staffId: string }[] = [];
  if (r.serviceType === 'grooming') {
    for (const pet of r.pets) {
      const chosen = groomerFor[pet.appointmentPetId];
      if (!chosen) continue;
      for (const line of pet.lines) if (!line.staffRequested && line.staffId !== chosen) staffChanges.push({ lineId: line.lineId, staffId: chosen });
    }
  }
  if (r.status !== 'waitlisted' && staffChanges.length === 0) return { staffChanges };
  const changed = new Map(staffChanges.map((s) => [s.lineId, s.staffId]));
  const groomerIds = r.pets.flatMap((p) => p.lines.map((l) => changed.get(l.lineId) ?? l.staffId)).filter((id): id is string => id !== null);
  const places = placesOfBookedVisit({ ...r, petCount: r.pets.length, groomerIds });
  const limits = r.status === 'waitlisted' ? [] : [...new Set(r.heldLimits)].map((resource) => ({ resource, units: 1 }));
  return { needs: withCapacity([...places, ...limits], { business: r.business, units: {} }), staffChanges };
}
