/**
 * The rules of the online-booking flow, pure: which steps are complete, what the chosen time
 * means on the calendar (a groomer per pet, nights, days), what it costs and what deposit is
 * asked, and plain words for every refusal. The route feeds it the business's catalogue and
 * the calendar's load from one database batch; the availability maths lives in
 * availability.ts and the capacity keys in capacity.ts.
 */
import { APPOINTMENT_STATUSES, type AppointmentStatus, type ServiceType } from '../../db/schema';
import { statusLabel } from '../appointment-status';
import { NAME_MESSAGES, notesProblem } from '../name-text';
import {
  checkBoardingStay,
  checkDaycareDays,
  checkGroomingStart,
  depositFor,
  type BookingRules,
  type BusyInterval,
  type DepositRule,
  type StaffException,
  type StaffSchedule,
  type Weekday,
} from '../availability';
import { BOOKABLE_TYPES, BOOKING_STEPS, MAX_NOTES_LENGTH, type BookableType, type BookingState, type BookingStep } from './form';
import { addDays, formatDate, formatTime, localDateString, zonedDateTimeToUtc } from '../time';
import { t, viewLocale, type MessageKey } from '../../i18n';

const STEP_FIELDS_OF_TIME = ['date', 'checkin', 'checkout', 'day'];
import { boardingNightResource, daycareDayResource, staffSlotResources } from '../capacity';

export interface CatalogueBusiness {
  id: string;
  name: string;
  timeZone: string;
  locale: string;
  currency: string;
  onlineBookingEnabled: boolean;
  offersBoarding: boolean;
  offersDaycare: boolean;
  offersGrooming: boolean;
  minNoticeHours: number;
  bookingHorizonDays: number;
  slotIntervalMinutes: number;
  maxDaysPerRequest: number;
  waitlistAllowed: boolean;
  depositRule: DepositRule;
  depositValue: number;
  boardingNightlyCapacity: number;
  daycareDailyCapacity: number;
  changePolicy: 'not_allowed' | 'until_hours_before';
  changePolicyHours: number | null;
  vaccinationPolicy: 'refuse' | 'flag';
  /** Live requests one client may hold for one service type on one day (capacity.ts). */
  maxLiveRequestsPerDay: number;
}

export interface CatalogueItem {
  id: string;
  name: string;
  durationMinutes: number;
  priceMinor: number;
}

export interface BookingCatalogue {
  business: CatalogueBusiness;
  pets: { id: string; name: string; species: string; breed?: string | null }[];
  /** The pets' vaccinations on file (expiry YYYY-MM-DD; null = no expiry recorded). */
  vaccinations: { petId: string; name: string; expiresOn: string | null }[];
  services: (CatalogueItem & { type: ServiceType; speciesAllowed: string | null; requiredVaccinations: string | null })[];
  addOns: (CatalogueItem & { serviceType: ServiceType | null })[];
  staff: { id: string; firstName: string; lastName: string }[];
  staffServices: { staffId: string; serviceId: string }[];
  schedules: { staffId: string; weekday: number; starts: string; ends: string }[];
  /** Dated changes to the groomers' weeks (YYYY-MM-DD; both times null = off all day). */
  exceptions: { staffId: string; date: string; starts: string | null; ends: string | null }[];
  /** Opening periods; `serviceType` null or absent = shared by every type (availability.ts). */
  hours: { weekday: number; opens: string; closes: string; serviceType?: ServiceType | null }[];
  closedDates: string[];
  windows: { kind: 'drop_off' | 'pick_up'; starts: string; ends: string }[];
}

/** A live visit of one of the client's pets, for the overlap rule. */
export interface PetVisit {
  appointmentId: string;
  petId: string;
  serviceType: ServiceType;
  status: string;
  startsAt: number;
  endsAt: number;
  /** Idempotency key of the submission that created (or last moved) it. */
  submissionKey: string | null;
}

/** What is already on the calendar around the chosen time. */
export interface CalendarLoad {
  busy: BusyInterval[];
  /** Units in use per capacity resource (pets per night/day). */
  occupancy: Record<string, number>;
  /** The client's pets' live visits around the dates asked for (not the one being moved). */
  petVisits: PetVisit[];
}

export type FieldErrors = Record<string, string>;

export function bookingRules(c: BookingCatalogue): BookingRules {
  return {
    timeZone: c.business.timeZone,
    minNoticeHours: c.business.minNoticeHours,
    horizonDays: c.business.bookingHorizonDays,
    closedDates: c.closedDates,
    openingHours: c.hours.map((h) => ({ weekday: h.weekday as Weekday, opens: h.opens, closes: h.closes, serviceType: h.serviceType ?? null })),
    slotIntervalMinutes: c.business.slotIntervalMinutes,
    maxDaysPerRequest: c.business.maxDaysPerRequest,
  };
}

/** The kinds of visit this business takes online: offered, and with at least one service. */
export function bookableTypes(c: BookingCatalogue): BookableType[] {
  const offered: Record<BookableType, boolean> = {
    grooming: c.business.offersGrooming,
    boarding: c.business.offersBoarding,
    daycare: c.business.offersDaycare,
  };
  return BOOKABLE_TYPES.filter((t) => offered[t] && c.services.some((s) => s.type === t));
}

export function servicesOfType(c: BookingCatalogue, type: BookableType) {
  return c.services.filter((s) => s.type === type);
}

export function addOnsForType(c: BookingCatalogue, type: BookableType) {
  return c.addOns.filter((a) => a.serviceType === null || a.serviceType === type);
}

/** Staff who do every one of `serviceIds` (one groomer does a pet's whole visit), as availability schedules. */
export function staffSchedulesFor(c: BookingCatalogue, serviceIds: readonly string[]): StaffSchedule[] {
  const doers = doersOf(c, serviceIds);
  return c.schedules.filter((s) => doers.has(s.staffId)).map((s) => ({ staffId: s.staffId, weekday: s.weekday as Weekday, starts: s.starts, ends: s.ends }));
}

/** The dated exceptions of the staff who do every one of `serviceIds` (as `staffSchedulesFor`). */
export function staffExceptionsFor(c: BookingCatalogue, serviceIds: readonly string[]): StaffException[] {
  const doers = doersOf(c, serviceIds);
  return c.exceptions.filter((x) => doers.has(x.staffId)).map(({ staffId, date, starts, ends }) => ({ staffId, date, starts, ends }));
}

function doersOf(c: BookingCatalogue, serviceIds: readonly string[]): Set<string> {
  return new Set(
    c.staff
      .map((s) => s.id)
      .filter((staffId) => serviceIds.length > 0 && serviceIds.every((id) => c.staffServices.some((x) => x.staffId === staffId && x.serviceId === id))),
  );
}

export function staffName(c: BookingCatalogue, staffId: string | null): string | null {
  const s = c.staff.find((x) => x.id === staffId);
  return s ? `${s.firstName} ${s.lastName}` : null;
}

/**
 * Errors of every step up to and including `upTo`, keyed by field name, and the first step
 * that has one (the route shows that step). Capacity is not an error here: a full time is
 * either waitlisted or reported at review.
 */
export function validateUpTo(
  upTo: BookingStep,
  state: BookingState,
  c: BookingCatalogue,
  load: CalendarLoad,
  now: number,
): { step: BookingStep | null; errors: FieldErrors } {
  const checks: Record<BookingStep, () => FieldErrors> = {
    who: () => whoErrors(state, c),
    services: () => servicesErrors(state, c),
    time: () => timeErrors(state, c, load, now),
    notes: (): FieldErrors => {
      if (state.notes.length > MAX_NOTES_LENGTH) return { notes: t('booking.error.notesTooLong', { max: String(MAX_NOTES_LENGTH) }) };
      // Browsers send a textarea's line breaks as CRLF: those are line breaks, not control characters.
      const problem = notesProblem(state.notes.replace(/\r\n/g, '\n'));
      return problem ? { notes: NAME_MESSAGES[problem] } : {};
    },
    review: () => ({}),
  };
  for (const step of BOOKING_STEPS.slice(0, BOOKING_STEPS.indexOf(upTo) + 1)) {
    const errors = checks[step]();
    if (Object.keys(errors).length > 0) return { step, errors };
  }
  return { step: null, errors: {} };
}

function whoErrors(state: BookingState, c: BookingCatalogue): FieldErrors {
  const errors: FieldErrors = {};
  if (!state.type || !bookableTypes(c).includes(state.type)) errors.type = t('booking.error.chooseType');
  if (state.pets.length === 0) errors.pet = t('booking.error.choosePet');
  else if (state.pets.some((p) => !c.pets.some((mine) => mine.id === p.petId))) {
    errors.pet = t('booking.error.notYourPet');
  }
  return errors;
}

function servicesErrors(state: BookingState, c: BookingCatalogue): FieldErrors {
  const errors: FieldErrors = {};
  const type = state.type!;
  const addOnsOk = new Set(addOnsForType(c, type).map((a) => a.id));
  for (const pet of state.pets) {
    const petName = c.pets.find((p) => p.id === pet.petId)?.name ?? t('booking.error.thisPet');
    const chosen = pet.serviceIds.map((id) => servicesOfType(c, type).find((s) => s.id === id));
    if (chosen.length === 0 || chosen.some((s) => !s)) {
      errors[`service.${pet.petId}`] = t('booking.error.chooseService', { pet: petName });
      continue;
    }
    if (type !== 'grooming' && chosen.length > 1) {
      errors[`service.${pet.petId}`] = t('booking.error.chooseOneService', { pet: petName });
      continue;
    }
    const species = speciesRefusal(c, pet.petId, pet.serviceIds);
    if (species) {
      errors[`service.${pet.petId}`] = species;
      continue;
    }
    if (pet.addOnIds.some((a) => !addOnsOk.has(a))) errors[`addon.${pet.petId}`] = t('booking.error.addOnNotAvailable', { pet: petName });
    if (pet.staffId) {
      const name = staffName(c, pet.staffId);
      const notDone = chosen.find((service) => !c.staffServices.some((s) => s.staffId === pet.staffId && s.serviceId === service!.id));
      if (type !== 'grooming' || !name) errors[`staff.${pet.petId}`] = t('booking.error.chooseGroomer');
      else if (notDone) {
        errors[`staff.${pet.petId}`] = t('booking.error.groomerDoesNotDo', { groomer: name, service: notDone.name });
      }
    } else if (type === 'grooming' && staffSchedulesFor(c, pet.serviceIds).length === 0) {
      errors[`service.${pet.petId}`] = t('booking.error.noGroomerForAll', { pet: petName });
    }
  }
  return errors;
}

/** One pet's part of a grooming visit: pets are groomed one after another from the start. */
export interface GroomingSegment {
  petId: string;
  startsAt: number;
  endsAt: number;
  staffId: string;
}

export type Timing =
  | { ok: true; kind: 'grooming'; startsAt: number; endsAt: number; segments: GroomingSegment[]; needs: string[] }
  | { ok: true; kind: 'boarding'; startsAt: number; endsAt: number; nights: string[]; needs: string[] }
  | { ok: true; kind: 'daycare'; days: { date: string; startsAt: number; endsAt: number; needs: string[] }[] }
  | { ok: false; reason: string; field: string; message: string; fullResources?: string[] };

const MINUTE = 60_000;

/** How long one pet's grooming takes: its services and add-ons, one after another. */
export function petMinutes(pet: { serviceIds: readonly string[]; addOnIds: readonly string[] }, c: BookingCatalogue): number {
  const serviceMinutes = pet.serviceIds.reduce((sum, id) => sum + (c.services.find((s) => s.id === id)?.durationMinutes ?? 0), 0);
  const addOnMinutes = pet.addOnIds.reduce((sum, id) => sum + (c.addOns.find((a) => a.id === id)?.durationMinutes ?? 0), 0);
  return serviceMinutes + addOnMinutes;
}

function windowAllows(c: BookingCatalogue, kind: 'drop_off' | 'pick_up', time: string | null): boolean {
  const windows = c.windows.filter((w) => w.kind === kind);
  if (time === null) return false;
  return windows.length === 0 || windows.some((w) => w.starts === time);
}

/**
 * What the chosen time means, checked against the rules and the load. A full time comes back
 * as `reason: 'full'` (with the resources), never silently dropped.
 */
export function planTiming(state: BookingState, c: BookingCatalogue, load: CalendarLoad, now: number): Timing {
  const rules = bookingRules(c);
  const refuse = (reason: string, field: string, fullResources?: string[]): Timing => ({
    ok: false,
    reason,
    field,
    message: refusalWords(reason),
    fullResources,
  });
  // Total on any state, validated or not (a tampered review is re-rendered from it): the
  // availability rules throw on no pets or a zero-minute visit, so those are refusals here.
  if (state.pets.length === 0) return refuse('no_pets', 'pet');
  if (state.pets.some((p) => p.serviceIds.length === 0)) return refuse('no_service', 'type');
  if (state.type === 'grooming') {
    if (state.start === null) return refuse('missing_start', 'start');
    if (state.pets.some((p) => petMinutes(p, c) <= 0)) return refuse('no_service', 'type');
    // A time listed for one date and sent with another (the date changed without "Show
    // times") would book the old date: refuse it rather than guess which the parent meant.
    if (state.date !== null && localDateString(state.start, c.business.timeZone) !== state.date) return refuse('start_not_on_date', 'start');
    const segments: GroomingSegment[] = [];
    const busy = [...load.busy];
    for (const [i, pet] of state.pets.entries()) {
      const minutes = petMinutes(pet, c);
      const staff = staffSchedulesFor(c, pet.serviceIds);
      const exceptions = staffExceptionsFor(c, pet.serviceIds);
      // Each pet starts as early as a groomer is free: at the visit's start when two groomers
      // are (pets groomed side by side), else when an earlier pet's groom ends (one after
      // another). The grid and the notice only apply to the visit's start.
      const starts = [...new Set([state.start, ...segments.map((s) => s.endsAt)])].sort((a, b) => a - b);
      let placed: GroomingSegment | null = null;
      let firstRefusal: string | null = null;
      for (const at of starts) {
        const segmentRules = i === 0 && at === state.start ? rules : { ...rules, slotIntervalMinutes: 5, minNoticeHours: 0 };
        const check = checkGroomingStart({ rules: segmentRules, startsAt: at, durationMinutes: minutes, staff, exceptions, staffId: pet.staffId, busy, now });
        if (check.ok) {
          placed = { petId: pet.petId, startsAt: at, endsAt: at + minutes * MINUTE, staffId: check.staffId };
          break;
        }
        firstRefusal ??= check.reason;
        if (i === 0) break;
      }
      if (!placed) return refuse(firstRefusal ?? 'full', 'start');
      segments.push(placed);
      busy.push({ staffId: placed.staffId, startsAt: placed.startsAt, endsAt: placed.endsAt });
    }
    const needs = [...new Set(segments.flatMap((s) => staffSlotResources(s.staffId, s.startsAt, s.endsAt)))];
    const endsAt = Math.max(...segments.map((s) => s.endsAt));
    return { ok: true, kind: 'grooming', startsAt: state.start, endsAt, segments, needs };
  }
  if (state.type === 'boarding') {
    if (!state.checkIn) return refuse('missing_check_in', 'checkin');
    if (!state.checkOut) return refuse('missing_check_out', 'checkout');
    if (!windowAllows(c, 'drop_off', state.dropOff)) return refuse('missing_drop_off', 'dropoff');
    if (!windowAllows(c, 'pick_up', state.pickUp)) return refuse('missing_pick_up', 'pickup');
    const occupancy: Record<string, number> = {};
    for (const [key, used] of Object.entries(load.occupancy)) if (key.startsWith('boarding:')) occupancy[key.slice(9)] = used;
    const check = checkBoardingStay({
      rules,
      checkIn: state.checkIn,
      checkOut: state.checkOut,
      pets: state.pets.length,
      capacityPerNight: c.business.boardingNightlyCapacity,
      occupancy,
      now,
      dropOffTime: state.dropOff!,
      pickUpTime: state.pickUp!,
    });
    if (!check.ok) {
      const field = check.reason === 'check_out_before_check_in' || check.reason === 'too_many_days' ? 'checkout' : 'checkin';
      return refuse(check.reason, field, check.fullNights?.map(boardingNightResource));
    }
    return { ok: true, kind: 'boarding', startsAt: check.startsAt, endsAt: check.endsAt, nights: check.nights, needs: check.nights.map(boardingNightResource) };
  }
  if (state.type === 'daycare') {
    if (!windowAllows(c, 'drop_off', state.dropOff)) return refuse('missing_drop_off', 'dropoff');
    if (!windowAllows(c, 'pick_up', state.pickUp)) return refuse('missing_pick_up', 'pickup');
    const attendance: Record<string, number> = {};
    for (const [key, used] of Object.entries(load.occupancy)) if (key.startsWith('daycare:')) attendance[key.slice(8)] = used;
    const check = checkDaycareDays({
      rules,
      days: state.days,
      pets: state.pets.length,
      capacityPerDay: c.business.daycareDailyCapacity,
      attendance,
      now,
      dropOffTime: state.dropOff!,
      pickUpTime: state.pickUp!,
    });
    if (!check.ok) return refuse(check.reason, check.reason === 'pick_up_before_drop_off' ? 'pickup' : 'day', check.fullDays?.map(daycareDayResource));
    return { ok: true, kind: 'daycare', days: check.days.map((d) => ({ ...d, needs: [daycareDayResource(d.date)] })) };
  }
  return refuse('missing_type', 'type');
}

/** Plain words for a refused time. */
export function refusalWords(reason: string): string {
  const words: Record<string, MessageKey> = {
    missing_type: 'booking.error.chooseType',
    missing_start: 'booking.error.missingStart',
    no_pets: 'booking.error.choosePet',
    no_service: 'booking.error.noServiceEach',
    start_not_on_date: 'booking.error.startNotOnDate',
    missing_check_in: 'booking.error.missingCheckIn',
    missing_check_out: 'booking.error.missingCheckOut',
    missing_drop_off: 'booking.error.missingDropOff',
    missing_pick_up: 'booking.error.missingPickUp',
    past: 'booking.error.past',
    notice: 'booking.error.notice',
    horizon: 'booking.error.horizon',
    closed_day: 'booking.error.closedDay',
    outside_hours: 'booking.error.outsideHours',
    off_grid: 'booking.error.offGrid',
    staff_unavailable: 'booking.error.staffUnavailable',
    staff_does_not_do_service: 'booking.error.staffDoesNotDoService',
    full: 'booking.error.full',
    check_out_before_check_in: 'booking.error.checkOutBeforeCheckIn',
    too_many_days: 'booking.error.tooManyDays',
    no_days: 'booking.error.noDays',
    duplicate_day: 'booking.error.duplicateDay',
    pick_up_before_drop_off: 'booking.error.pickUpBeforeDropOff',
  };
  return t(words[reason] ?? 'booking.error.cannotBook');
}

export interface PriceLine {
  petName: string;
  label: string;
  quantity: number;
  /** What one of `quantity` is: nights of a stay, days of daycare, or the visit (add-ons, grooming). */
  unit: 'night' | 'day' | 'visit';
  amountMinor: number;
}

/** Nights of a boarding stay from check-in to check-out (local dates), at least 0. */
export function nightsBetween(checkIn: string, checkOut: string): number {
  return Math.max(0, Math.round((Date.parse(`${checkOut}T00:00:00Z`) - Date.parse(`${checkIn}T00:00:00Z`)) / 86_400_000));
}

/** What a service's price is for: a night, a day, or the visit. */
export function priceUnit(type: BookableType): 'night' | 'day' | 'visit' {
  return type === 'boarding' ? 'night' : type === 'daycare' ? 'day' : 'visit';
}

/**
 * Prices of the visit per pet (services × nights or days, and add-ons), the total and the
 * deposit. Counted from the choices, so a full (waitlisted) time is priced the same.
 */
export function priceBooking(state: BookingState, c: BookingCatalogue) {
  const units =
    state.type === 'boarding' && state.checkIn && state.checkOut
      ? Math.max(1, nightsBetween(state.checkIn, state.checkOut))
      : state.type === 'daycare'
        ? Math.max(1, state.days.length)
        : 1;
  const lines: PriceLine[] = [];
  for (const pet of state.pets) {
    const petName = c.pets.find((p) => p.id === pet.petId)?.name ?? '';
    for (const id of pet.serviceIds) {
      const service = c.services.find((s) => s.id === id);
      if (service) lines.push({ petName, label: service.name, quantity: units, unit: priceUnit(state.type!), amountMinor: service.priceMinor * units });
    }
    for (const id of pet.addOnIds) {
      const addOn = c.addOns.find((a) => a.id === id);
      if (addOn) lines.push({ petName, label: addOn.name, quantity: 1, unit: 'visit', amountMinor: addOn.priceMinor });
    }
  }
  const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const depositMinor = depositFor({ rule: c.business.depositRule, value: c.business.depositValue, totalMinor });
  return { lines, totalMinor, depositMinor };
}

// ---- The time step: times, overlaps, eligibility ---------------------------------------------

/** One pet's checked part of a booking: at least one service, from the catalogue. */
export interface ValidPet {
  petId: string;
  serviceIds: [string, ...string[]];
  addOnIds: string[];
  /** The groomer asked for; null = any groomer. */
  staffId: string | null;
}

interface ValidCommon {
  pets: [ValidPet, ...ValidPet[]];
  notes: string;
}

/** A booking whose every step has passed: nothing optional is left unset. */
export type ValidBooking =
  | (ValidCommon & { type: 'grooming'; start: number })
  | (ValidCommon & { type: 'boarding'; checkIn: string; checkOut: string; dropOff: string; pickUp: string })
  | (ValidCommon & { type: 'daycare'; days: [string, ...string[]]; dropOff: string; pickUp: string });

/** When each part of a booking happens, whether or not there is room then. */
export type VisitTimes =
  | { kind: 'grooming'; startsAt: number; endsAt: number; segments: GroomingSegment[] }
  | { kind: 'boarding'; startsAt: number; endsAt: number; nights: string[] }
  | { kind: 'daycare'; days: { date: string; startsAt: number; endsAt: number }[] };

function nonEmpty<T>(items: T[]): [T, ...T[]] | null {
  return items.length > 0 ? (items as [T, ...T[]]) : null;
}

/** The state as a ValidBooking, or null when something a booking needs is missing. */
export function toValidBooking(state: BookingState): ValidBooking | null {
  const pets: ValidPet[] = [];
  for (const pet of state.pets) {
    const serviceIds = nonEmpty(pet.serviceIds);
    if (!serviceIds) return null;
    pets.push({ petId: pet.petId, serviceIds, addOnIds: pet.addOnIds, staffId: pet.staffId });
  }
  const somePets = nonEmpty(pets);
  if (!somePets) return null;
  const common = { pets: somePets, notes: state.notes.trim() };
  switch (state.type) {
    case 'grooming':
      return state.start === null ? null : { ...common, type: 'grooming', start: state.start };
    case 'boarding': {
      const { checkIn, checkOut, dropOff, pickUp } = state;
      return checkIn && checkOut && dropOff && pickUp ? { ...common, type: 'boarding', checkIn, checkOut, dropOff, pickUp } : null;
    }
    case 'daycare': {
      const days = nonEmpty(state.days);
      const { dropOff, pickUp } = state;
      return days && dropOff && pickUp ? { ...common, type: 'daycare', days, dropOff, pickUp } : null;
    }
    default:
      return null;
  }
}

/** The times of `booking`: the checked timing when there is room, else the times asked for. */
export function visitTimes(booking: ValidBooking, c: BookingCatalogue, timing: Timing): VisitTimes {
  if (timing.ok) {
    if (timing.kind === 'grooming') return { kind: 'grooming', startsAt: timing.startsAt, endsAt: timing.endsAt, segments: timing.segments };
    if (timing.kind === 'boarding') return { kind: 'boarding', startsAt: timing.startsAt, endsAt: timing.endsAt, nights: timing.nights };
    return { kind: 'daycare', days: timing.days.map(({ date, startsAt, endsAt }) => ({ date, startsAt, endsAt })) };
  }
  const tz = c.business.timeZone;
  switch (booking.type) {
    case 'grooming': {
      // No groomer is free: each pet is planned, one after another, on the groomer asked for
      // (or the first who does its services), whose taken slots make the lock waitlist or refuse.
      let at = booking.start;
      const segments = booking.pets.map((pet) => {
        const staffId = pet.staffId ?? staffSchedulesFor(c, pet.serviceIds)[0]?.staffId ?? '';
        const segment = { petId: pet.petId, staffId, startsAt: at, endsAt: at + petMinutes(pet, c) * MINUTE };
        at = segment.endsAt;
        return segment;
      });
      return { kind: 'grooming', startsAt: booking.start, endsAt: at, segments };
    }
    case 'boarding': {
      const nights: string[] = [];
      for (let d = booking.checkIn; d < booking.checkOut; d = addDays(d, 1)) nights.push(d);
      return {
        kind: 'boarding',
        startsAt: zonedDateTimeToUtc(booking.checkIn, booking.dropOff, tz),
        endsAt: zonedDateTimeToUtc(booking.checkOut, booking.pickUp, tz),
        nights,
      };
    }
    case 'daycare':
      return {
        kind: 'daycare',
        days: booking.days.map((date) => ({
          date,
          startsAt: zonedDateTimeToUtc(date, booking.dropOff, tz),
          endsAt: zonedDateTimeToUtc(date, booking.pickUp, tz),
        })),
      };
  }
}

/** The field of the time step that a refusal about the time belongs to. */
export function timeField(type: BookableType | null): string {
  return type === 'grooming' ? 'start' : type === 'boarding' ? 'checkin' : 'day';
}

/** [start, end) spans of the visit, one per appointment. */
function spans(times: VisitTimes): { startsAt: number; endsAt: number }[] {
  return times.kind === 'daycare' ? times.days : [{ startsAt: times.startsAt, endsAt: times.endsAt }];
}

/**
 * Stays (boarding, daycare) cannot overlap each other for one pet, nor grooming visits each
 * other; a groom during a stay is allowed (businesses groom the pets staying with them).
 */
function clashes(a: ServiceType, b: ServiceType): boolean {
  const stay = (t: ServiceType) => t === 'boarding' || t === 'daycare';
  return stay(a) === stay(b);
}

/** The first live visit of one of the booking's pets that the new one would overlap. */
export function overlappingVisit(booking: ValidBooking, times: VisitTimes, visits: readonly PetVisit[]): PetVisit | null {
  const petIds = new Set(booking.pets.map((p) => p.petId));
  for (const span of spans(times)) {
    const hit = visits.find((v) => petIds.has(v.petId) && clashes(v.serviceType, booking.type) && v.startsAt < span.endsAt && span.startsAt < v.endsAt);
    if (hit) return hit;
  }
  return null;
}

/** The local dates a visit touches (for vaccinations valid "on the visit dates"). */
function visitDates(times: VisitTimes, tz: string): string[] {
  const dates = new Set<string>();
  for (const span of spans(times)) {
    for (let d = localDateString(span.startsAt, tz); d <= localDateString(span.endsAt, tz); d = addDays(d, 1)) dates.add(d);
  }
  return [...dates].sort();
}

function listOf(text: string | null): string[] {
  return (text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

const fold = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();

/** A service a pet's species cannot have: "Daycare day is for dogs only." */
export function speciesRefusal(c: BookingCatalogue, petId: string, serviceIds: readonly string[]): string | null {
  const pet = c.pets.find((p) => p.id === petId);
  for (const id of serviceIds) {
    const service = c.services.find((s) => s.id === id);
    const allowed = listOf(service?.speciesAllowed ?? null);
    if (pet && service && allowed.length > 0 && !allowed.includes(pet.species)) {
      const plural: Record<string, MessageKey> = { dog: 'booking.error.speciesDogs', cat: 'booking.error.speciesCats', other: 'booking.error.speciesOthers' };
      const kinds = allowed.map((a) => (plural[a] ? t(plural[a]) : a));
      const list = kinds.slice(1).reduce((first, second) => t('booking.error.and', { first, second }), kinds[0] ?? '');
      return t('booking.error.species', { service: service.name, allowed: list, pet: pet.name, species: pet.species });
    }
  }
  return null;
}

/** Vaccinations a service of the booking requires that a pet lacks (or has expired) on the visit's dates. */
export function missingVaccinations(
  booking: ValidBooking,
  times: VisitTimes,
  c: BookingCatalogue,
): { petName: string; vaccination: string; expired: boolean }[] {
  const lastDate = visitDates(times, c.business.timeZone).at(-1);
  if (!lastDate) return [];
  const missing: { petName: string; vaccination: string; expired: boolean }[] = [];
  for (const pet of booking.pets) {
    const name = c.pets.find((p) => p.id === pet.petId)?.name ?? t('booking.error.ThisPet');
    const required = new Set(pet.serviceIds.flatMap((id) => listOf(c.services.find((s) => s.id === id)?.requiredVaccinations ?? null)));
    for (const vaccination of required) {
      const onFile = c.vaccinations.filter((v) => v.petId === pet.petId && fold(v.name) === fold(vaccination));
      const valid = onFile.some((v) => v.expiresOn === null || v.expiresOn >= lastDate);
      if (!valid) missing.push({ petName: name, vaccination, expired: onFile.length > 0 });
    }
  }
  return missing;
}

/** Plain words for missing vaccinations: "Rex's Rabies vaccination has expired by then." */
export function vaccinationWords(missing: { petName: string; vaccination: string; expired: boolean }[], businessName: string): string {
  const parts = missing.map((m) =>
    t(m.expired ? 'booking.error.vaccinationExpired' : 'booking.error.vaccinationMissing', { pet: m.petName, vaccination: m.vaccination }),
  );
  return t('booking.error.vaccinations', { missing: parts.join('; '), business: businessName });
}

/** Errors of the time step: impossible dates, the time itself, overlaps and vaccinations. */
export function timeErrors(state: BookingState, c: BookingCatalogue, load: CalendarLoad, now: number): FieldErrors {
  const impossible = state.invalid.find((field) => STEP_FIELDS_OF_TIME.includes(field));
  if (impossible) return { [impossible]: t('booking.error.noSuchDate') };
  const timing = planTiming(state, c, load, now);
  if (!timing.ok && timing.reason !== 'full') return { [timing.field]: timing.message };
  const booking = toValidBooking(state);
  if (!booking) return {};
  const times = visitTimes(booking, c, timing);
  const field = timeField(booking.type);
  const overlap = overlappingVisit(booking, times, load.petVisits);
  if (overlap) {
    const petName = c.pets.find((p) => p.id === overlap.petId)?.name ?? t('booking.error.ThisPet');
    const locale = viewLocale(c.business.locale);
    const when = `${formatDate(overlap.startsAt, c.business.timeZone, locale)}, ${formatTime(overlap.startsAt, c.business.timeZone, locale)}`;
    return {
      [field]: t('booking.error.overlap', { pet: petName, type: overlap.serviceType, when, status: statusWord(overlap.status) }),
    };
  }
  const missing = missingVaccinations(booking, times, c);
  if (missing.length > 0 && c.business.vaccinationPolicy === 'refuse') return { [field]: vaccinationWords(missing, c.business.name) };
  return {};
}

function statusWord(status: string): string {
  return (APPOINTMENT_STATUSES as readonly string[]).includes(status) ? statusLabel(status as AppointmentStatus).toLowerCase() : status;
}

/**
 * What an online request costs, as its review showed it: each service line × nights for a
 * stay (lines are stored at the unit price), add-ons once, for every appointment of the
 * request (a daycare request has one a day, each with the same pets and lines).
 */
export function requestTotal(input: {
  serviceType: ServiceType;
  appointments: { startsAt: number; endsAt: number }[];
  serviceLinesMinor: number[];
  addOnLinesMinor: number[];
  timeZone: string;
}): number {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return sum(
    input.appointments.map((a) => {
      const units =
        input.serviceType === 'boarding'
          ? Math.max(1, nightsBetween(localDateString(a.startsAt, input.timeZone), localDateString(a.endsAt, input.timeZone)))
          : 1;
      return sum(input.serviceLinesMinor) * units + sum(input.addOnLinesMinor);
    }),
  );
}

/**
 * Plain words for a request the lock refused as full: the client's own limit for the day, or
 * the time filling up meanwhile.
 */
export function fullWords(fullResources: readonly string[], c: BookingCatalogue, type: BookableType | null): string {
  const limit = fullResources.find((r) => r.startsWith('client:'));
  if (!limit) return t('booking.error.justFull');
  const date = limit.split(':').at(-1) ?? '';
  const day = formatDate(zonedDateTimeToUtc(date, '12:00', c.business.timeZone), c.business.timeZone, viewLocale(c.business.locale));
  const n = c.business.maxLiveRequestsPerDay;
  return t('booking.error.clientLimit', { count: n, type: type ?? 'daycare', day, business: c.business.name });
}
