/**
 * The rules of the online-booking flow, pure: which steps are complete, what the chosen time
 * means on the calendar (a groomer per pet, nights, days), what it costs and what deposit is
 * asked, and plain words for every refusal. The route feeds it the business's catalogue and
 * the calendar's load from one database batch; the availability maths lives in
 * availability.ts and the capacity keys in capacity.ts.
 */
import type { ServiceType } from '../db/schema';
import {
  checkBoardingStay,
  checkDaycareDays,
  checkGroomingStart,
  depositFor,
  type BookingRules,
  type BusyInterval,
  type DepositRule,
  type StaffSchedule,
  type Weekday,
} from './availability';
import { BOOKABLE_TYPES, MAX_NOTES_LENGTH, type BookableType, type BookingState, type BookingStep } from './booking-form';
import { boardingNightResource, daycareDayResource, staffSlotResources } from './capacity';

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
}

export interface CatalogueItem {
  id: string;
  name: string;
  durationMinutes: number;
  priceMinor: number;
}

export interface BookingCatalogue {
  business: CatalogueBusiness;
  pets: { id: string; name: string; breed?: string | null }[];
  services: (CatalogueItem & { type: ServiceType })[];
  addOns: (CatalogueItem & { serviceType: ServiceType | null })[];
  staff: { id: string; firstName: string; lastName: string }[];
  staffServices: { staffId: string; serviceId: string }[];
  schedules: { staffId: string; weekday: number; starts: string; ends: string }[];
  hours: { weekday: number; opens: string; closes: string }[];
  closedDates: string[];
  windows: { kind: 'drop_off' | 'pick_up'; starts: string; ends: string }[];
}

/** What is already on the calendar around the chosen time. */
export interface CalendarLoad {
  busy: BusyInterval[];
  /** Units in use per capacity resource (pets per night/day). */
  occupancy: Record<string, number>;
}

export type FieldErrors = Record<string, string>;

export function bookingRules(c: BookingCatalogue): BookingRules {
  return {
    timeZone: c.business.timeZone,
    minNoticeHours: c.business.minNoticeHours,
    horizonDays: c.business.bookingHorizonDays,
    closedDates: c.closedDates,
    openingHours: c.hours.map((h) => ({ weekday: h.weekday as Weekday, opens: h.opens, closes: h.closes })),
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

/** Staff who do `serviceId`, as availability schedules. */
export function staffSchedulesFor(c: BookingCatalogue, serviceId: string): StaffSchedule[] {
  const doers = new Set(c.staffServices.filter((s) => s.serviceId === serviceId).map((s) => s.staffId));
  return c.schedules
    .filter((s) => doers.has(s.staffId))
    .map((s) => ({ staffId: s.staffId, weekday: s.weekday as Weekday, starts: s.starts, ends: s.ends }));
}

export function staffName(c: BookingCatalogue, staffId: string | null): string | null {
  const s = c.staff.find((x) => x.id === staffId);
  return s ? `${s.firstName} ${s.lastName}` : null;
}

const STEP_ORDER: BookingStep[] = ['who', 'services', 'time', 'notes', 'review'];

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
    time: () => {
      const timing = planTiming(state, c, load, now);
      return timing.ok || timing.reason === 'full' ? {} : { [timing.field]: timing.message };
    },
    notes: (): FieldErrors =>
      state.notes.length > MAX_NOTES_LENGTH ? { notes: `Notes can be at most ${MAX_NOTES_LENGTH} characters.` } : {},
    review: () => ({}),
  };
  for (const step of STEP_ORDER.slice(0, STEP_ORDER.indexOf(upTo) + 1)) {
    const errors = checks[step]();
    if (Object.keys(errors).length > 0) return { step, errors };
  }
  return { step: null, errors: {} };
}

function whoErrors(state: BookingState, c: BookingCatalogue): FieldErrors {
  const errors: FieldErrors = {};
  if (!state.type || !bookableTypes(c).includes(state.type)) errors.type = 'Choose what you would like to book.';
  if (state.pets.length === 0) errors.pet = 'Choose at least one pet.';
  else if (state.pets.some((p) => !c.pets.some((mine) => mine.id === p.petId))) {
    errors.pet = 'One of the pets chosen is not on your profile with this business.';
  }
  return errors;
}

function servicesErrors(state: BookingState, c: BookingCatalogue): FieldErrors {
  const errors: FieldErrors = {};
  const type = state.type!;
  const addOnsOk = new Set(addOnsForType(c, type).map((a) => a.id));
  for (const pet of state.pets) {
    const petName = c.pets.find((p) => p.id === pet.petId)?.name ?? 'this pet';
    const service = servicesOfType(c, type).find((s) => s.id === pet.serviceId);
    if (!service) {
      errors[`service.${pet.petId}`] = `Choose a service for ${petName}.`;
      continue;
    }
    if (pet.addOnIds.some((a) => !addOnsOk.has(a))) errors[`addon.${pet.petId}`] = `One of the add-ons is not available for ${petName}'s visit.`;
    if (pet.staffId) {
      const name = staffName(c, pet.staffId);
      if (type !== 'grooming' || !name) errors[`staff.${pet.petId}`] = 'Choose a groomer from the list.';
      else if (!c.staffServices.some((s) => s.staffId === pet.staffId && s.serviceId === service.id)) {
        errors[`staff.${pet.petId}`] = `${name} does not do ${service.name}. Choose another groomer or "Any groomer".`;
      }
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

function visitMinutes(state: BookingState, c: BookingCatalogue, petIndex: number): number {
  const pet = state.pets[petIndex]!;
  const service = c.services.find((s) => s.id === pet.serviceId);
  const addOnMinutes = pet.addOnIds.reduce((sum, id) => sum + (c.addOns.find((a) => a.id === id)?.durationMinutes ?? 0), 0);
  return (service?.durationMinutes ?? 0) + addOnMinutes;
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
  if (state.type === 'grooming') {
    if (state.start === null) return refuse('missing_start', 'start');
    const segments: GroomingSegment[] = [];
    const busy = [...load.busy];
    let at = state.start;
    for (const [i, pet] of state.pets.entries()) {
      const minutes = visitMinutes(state, c, i);
      // Later pets start where the previous one ends: the grid only applies to the visit's start.
      const segmentRules = i === 0 ? rules : { ...rules, slotIntervalMinutes: 5, minNoticeHours: 0 };
      const check = checkGroomingStart({
        rules: segmentRules,
        startsAt: at,
        durationMinutes: minutes,
        staff: staffSchedulesFor(c, pet.serviceId!),
        staffId: pet.staffId,
        busy,
        now,
      });
      if (!check.ok) return refuse(check.reason, 'start');
      const segment = { petId: pet.petId, startsAt: at, endsAt: at + minutes * MINUTE, staffId: check.staffId };
      segments.push(segment);
      busy.push({ staffId: segment.staffId, startsAt: segment.startsAt, endsAt: segment.endsAt });
      at = segment.endsAt;
    }
    const needs = [...new Set(segments.flatMap((s) => staffSlotResources(s.staffId, s.startsAt, s.endsAt)))];
    return { ok: true, kind: 'grooming', startsAt: state.start, endsAt: at, segments, needs };
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
    if (!check.ok) return refuse(check.reason, 'day', check.fullDays?.map(daycareDayResource));
    return { ok: true, kind: 'daycare', days: check.days.map((d) => ({ ...d, needs: [daycareDayResource(d.date)] })) };
  }
  return refuse('missing_type', 'type');
}

/** Plain words for a refused time. */
export function refusalWords(reason: string): string {
  const words: Record<string, string> = {
    missing_type: 'Choose what you would like to book.',
    missing_start: 'Choose a start time.',
    missing_check_in: 'Choose a check-in date.',
    missing_check_out: 'Choose a check-out date.',
    missing_drop_off: 'Choose a drop-off time.',
    missing_pick_up: 'Choose a pick-up time.',
    past: 'That time has already passed. Choose a later one.',
    notice: 'That is too soon: the business needs more notice. Choose a later time.',
    horizon: 'That is too far ahead to book online. Choose an earlier date.',
    closed_day: 'The business is closed that day. Choose another date.',
    outside_hours: 'That is outside opening hours. Choose another time.',
    off_grid: 'Choose one of the start times offered.',
    staff_unavailable: 'The groomer chosen is not working then. Choose another time or "Any groomer".',
    staff_does_not_do_service: 'The groomer chosen does not do that service.',
    full: 'That time is fully booked.',
    check_out_before_check_in: 'Check-out must be after check-in.',
    too_many_days: 'That is more days than can be booked at once online.',
    no_days: 'Choose at least one day.',
    duplicate_day: 'Each day can be chosen once.',
    pick_up_before_drop_off: 'Pick-up must be after drop-off.',
  };
  return words[reason] ?? 'That time cannot be booked. Choose another one.';
}

export interface PriceLine {
  petName: string;
  label: string;
  quantity: number;
  amountMinor: number;
}

/** Prices of the visit per pet (services × nights or days, and add-ons), the total and the deposit. */
export function priceBooking(state: BookingState, c: BookingCatalogue, timing: Timing & { ok: true }) {
  const units = timing.kind === 'boarding' ? timing.nights.length : timing.kind === 'daycare' ? timing.days.length : 1;
  const lines: PriceLine[] = [];
  for (const pet of state.pets) {
    const petName = c.pets.find((p) => p.id === pet.petId)?.name ?? '';
    const service = c.services.find((s) => s.id === pet.serviceId);
    if (service) lines.push({ petName, label: service.name, quantity: units, amountMinor: service.priceMinor * units });
    for (const id of pet.addOnIds) {
      const addOn = c.addOns.find((a) => a.id === id);
      if (addOn) lines.push({ petName, label: addOn.name, quantity: 1, amountMinor: addOn.priceMinor });
    }
  }
  const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const depositMinor = depositFor({ rule: c.business.depositRule, value: c.business.depositValue, totalMinor });
  return { lines, totalMinor, depositMinor };
}
