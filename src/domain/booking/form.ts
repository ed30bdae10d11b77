/**
 * The online-booking form's state and how it travels. Every step is a plain GET form whose
 * fields carry all earlier choices, so the state lives in the URL: it works without
 * JavaScript, Back returns to the previous step with its choices, and htmx only swaps the step
 * in place. Only the final submit is a POST, carrying an idempotency key and a signature over
 * the exact choices reviewed (see `signBooking`), so a double tap or a back-button resubmit is
 * recognised and a tampered or stale form is refused.
 */
import type { ServiceType } from '../../db/schema';
import { t } from '../../i18n';
import { isValidDateString, isValidTimeString } from '../time';

export type BookingStep = 'who' | 'services' | 'time' | 'notes' | 'review';

/** A step, and which of the form's fields it shows as inputs (the rest ride along hidden); its name is `stepLabel`. */
export interface StepSpec {
  step: BookingStep;
  owns: (field: string) => boolean;
}

/** The booking flow's steps, in order: the one place the order is written. */
export const STEP_TABLE: readonly StepSpec[] = [
  { step: 'who', owns: (n) => n === 'type' || n === 'pet' },
  { step: 'services', owns: (n) => /^(service|addon|staff)\./.test(n) },
  { step: 'time', owns: (n) => ['date', 'start', 'checkin', 'checkout', 'dropoff', 'pickup', 'day'].includes(n) },
  { step: 'notes', owns: (n) => n === 'notes' },
  { step: 'review', owns: () => false },
];

export const BOOKING_STEPS: readonly BookingStep[] = STEP_TABLE.map((s) => s.step);

export function stepSpec(step: BookingStep): StepSpec {
  return STEP_TABLE.find((s) => s.step === step)!;
}

/** What a step is called, in the reader's language ("Step 3 of 5: Time"). */
export function stepLabel(step: BookingStep): string {
  switch (step) {
    case 'who':
      return t('booking.step.who');
    case 'services':
      return t('booking.step.services');
    case 'time':
      return t('booking.step.time');
    case 'notes':
      return t('booking.step.notes');
    case 'review':
      return t('booking.step.review');
  }
}

/** Position of `step` in the whole flow, from 1 (what "Step 3 of 5" says). */
export function stepNumber(step: BookingStep): number {
  return BOOKING_STEPS.indexOf(step) + 1;
}

/**
 * The steps a run of the flow walks through: booking walks all of them; a reschedule only
 * time → review (pets and services are fixed).
 */
export type FlowSteps = readonly BookingStep[];
export const RESCHEDULE_STEPS: FlowSteps = ['time', 'review'];

export function stepAfter(steps: FlowSteps, step: BookingStep): BookingStep {
  const i = steps.indexOf(step);
  return steps[Math.min(i + 1, steps.length - 1)] ?? steps[0]!;
}

/** The step before `step` in this flow, or null at its first step. */
export function stepBefore(steps: FlowSteps, step: BookingStep): BookingStep | null {
  const i = steps.indexOf(step);
  return i > 0 ? steps[i - 1]! : null;
}
export const BOOKABLE_TYPES = ['grooming', 'boarding', 'daycare'] as const satisfies readonly ServiceType[];
export type BookableType = (typeof BOOKABLE_TYPES)[number];

export const MAX_PETS_PER_BOOKING = 6;
export const MAX_NOTES_LENGTH = 1000;
export const MAX_DAYS_FIELD = 31;
/** A reviewed form can be submitted for this long. */
export const BOOKING_FORM_TTL_MS = 2 * 60 * 60 * 1000;

/** Services one pet may have in one visit (grooming: e.g. a bath and a nail trim). */
export const MAX_SERVICES_PER_PET = 4;

export interface PetChoice {
  petId: string;
  /** Grooming may combine several; boarding and daycare take one. */
  serviceIds: string[];
  addOnIds: string[];
  /** Grooming: the groomer asked for; null = any. */
  staffId: string | null;
}

export interface BookingState {
  /**
   * Names this run of the form, from its first step to the review: the review's idempotency
   * key is derived from it and the choices, so Back, a refresh or a second tab on the same
   * review send the same key (SPEC §5), while a new booking starts a new draft.
   */
  draft: string | null;
  type: BookableType | null;
  pets: PetChoice[];
  /** Grooming: the local date being looked at, then the chosen start (epoch ms). */
  date: string | null;
  start: number | null;
  /** Boarding. */
  checkIn: string | null;
  checkOut: string | null;
  /** Boarding and daycare: the chosen drop-off and pick-up times (HH:MM, from the windows). */
  dropOff: string | null;
  pickUp: string | null;
  /** Daycare. */
  days: string[];
  notes: string;
  /**
   * Date fields sent with a date that does not exist (2026-02-30): dropped from the state and
   * named here so the time step can say so at the field (422), never a 500.
   */
  invalid: string[];
}

export function emptyBookingState(): BookingState {
  return {
    draft: null,
    type: null,
    pets: [],
    date: null,
    start: null,
    checkIn: null,
    checkOut: null,
    dropOff: null,
    pickUp: null,
    days: [],
    notes: '',
    invalid: [],
  };
}

const ID = /^[a-z0-9]{1,16}_[a-z0-9_]{1,40}$/;
const DRAFT = /^[A-Za-z0-9_-]{16,32}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

function one(params: URLSearchParams, name: string, shape: RegExp): string | null {
  const value = params.get(name);
  return value !== null && value.length <= 64 && shape.test(value) ? value : null;
}

/** A real HH:MM wall-clock time, or null (25:99 would make the availability rules throw). */
function clock(value: string | null): string | null {
  return value !== null && isValidTimeString(value) ? value : null;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/**
 * Reads the state from query or form fields. Anything malformed is dropped (not trusted, not
 * echoed): validation against the business's data happens in the route, which reports what is
 * missing in plain words.
 */
export function parseBookingState(params: URLSearchParams): BookingState {
  const typeRaw = params.get('type');
  const type = (BOOKABLE_TYPES as readonly string[]).includes(typeRaw ?? '') ? (typeRaw as BookableType) : null;
  const petIds = unique(params.getAll('pet').filter((p) => ID.test(p))).slice(0, MAX_PETS_PER_BOOKING);
  const pets = petIds.map((petId) => ({
    petId,
    serviceIds: unique(params.getAll(`service.${petId}`).filter((a) => ID.test(a))).slice(0, MAX_SERVICES_PER_PET),
    addOnIds: unique(params.getAll(`addon.${petId}`).filter((a) => ID.test(a))).slice(0, 20),
    staffId: one(params, `staff.${petId}`, ID),
  }));
  const invalid: string[] = [];
  /** A YYYY-MM-DD that is a real calendar date; an impossible one is noted in `invalid`. */
  const date = (name: string, value: string | null): string | null => {
    if (value === null || value.length > 10 || !DATE.test(value)) return null;
    if (isValidDateString(value)) return value;
    if (!invalid.includes(name)) invalid.push(name);
    return null;
  };
  const startRaw = params.get('start');
  const start = startRaw && /^\d{10,14}$/.test(startRaw) ? Number(startRaw) : null;
  return {
    draft: one(params, 'draft', DRAFT),
    type,
    pets,
    date: date('date', params.get('date')),
    start,
    checkIn: date('checkin', params.get('checkin')),
    checkOut: date('checkout', params.get('checkout')),
    dropOff: clock(one(params, 'dropoff', TIME)),
    pickUp: clock(one(params, 'pickup', TIME)),
    days: unique(
      params
        .getAll('day')
        .map((d) => date('day', d))
        .filter((d) => d !== null),
    )
      .sort()
      .slice(0, MAX_DAYS_FIELD),
    notes: (params.get('notes') ?? '').slice(0, MAX_NOTES_LENGTH * 2),
    invalid,
  };
}

/** The state as name/value pairs, in a fixed order: for hidden fields, URLs and signing. */
export function bookingFields(state: BookingState): [string, string][] {
  const fields: [string, string][] = [];
  if (state.draft) fields.push(['draft', state.draft]);
  if (state.type) fields.push(['type', state.type]);
  for (const pet of state.pets) fields.push(['pet', pet.petId]);
  for (const pet of state.pets) {
    for (const service of pet.serviceIds) fields.push([`service.${pet.petId}`, service]);
    for (const addOn of pet.addOnIds) fields.push([`addon.${pet.petId}`, addOn]);
    if (pet.staffId) fields.push([`staff.${pet.petId}`, pet.staffId]);
  }
  if (state.date) fields.push(['date', state.date]);
  if (state.start !== null) fields.push(['start', String(state.start)]);
  if (state.checkIn) fields.push(['checkin', state.checkIn]);
  if (state.checkOut) fields.push(['checkout', state.checkOut]);
  if (state.dropOff) fields.push(['dropoff', state.dropOff]);
  if (state.pickUp) fields.push(['pickup', state.pickUp]);
  for (const day of state.days) fields.push(['day', day]);
  if (state.notes) fields.push(['notes', state.notes]);
  return fields;
}

/** Query string of the state plus `extra` (e.g. the step), for links such as "Back". */
export function bookingQuery(state: BookingState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(bookingFields(state));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/** The fields a step owns; going back to it keeps them, later steps keep theirs too. */
export function stepOf(raw: string | null | undefined): BookingStep {
  return (BOOKING_STEPS as readonly string[]).includes(raw ?? '') ? (raw as BookingStep) : 'who';
}

export function previousStep(step: BookingStep): BookingStep | null {
  return stepBefore(BOOKING_STEPS, step);
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
}

async function hmacHex(secret: string, message: string): Promise<string> {
  return [...(await hmac(secret, message))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The idempotency key of a review: the same for the same client, `scope` (the draft, or the
 * appointment and version being moved) and choices, so every re-render of one review — Back,
 * refresh, a second window — posts the same key and lands on the first request; any change of
 * choice is a new key. 128 bits, base64url.
 */
export async function reviewKey(secret: string, clientId: string, scope: string, state: BookingState): Promise<string> {
  const mac = await hmac(secret, JSON.stringify(['booking-review-key', clientId, scope, bookingFields(state)]));
  return btoa(String.fromCharCode(...mac.slice(0, 16)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function signedMessage(clientId: string, key: string, issuedAt: number, state: BookingState): string {
  return JSON.stringify([clientId, key, issuedAt, bookingFields(state)]);
}

/** Signature binding an idempotency key and issue time to exactly these choices for this client. */
export function signBooking(secret: string, clientId: string, key: string, issuedAt: number, state: BookingState): Promise<string> {
  return hmacHex(secret, signedMessage(clientId, key, issuedAt, state));
}

export type FormCheck = { ok: true } | { ok: false; reason: 'tampered' | 'expired' };

/** Checks a submitted review form: signed by us, for these choices, and not too old. */
export async function checkBookingForm(
  secret: string,
  clientId: string,
  form: { key: string; issuedAt: number; signature: string },
  state: BookingState,
  now: number,
): Promise<FormCheck> {
  const expected = await hmacHex(secret, signedMessage(clientId, form.key, form.issuedAt, state));
  let diff = expected.length ^ form.signature.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (form.signature.charCodeAt(i) || 0);
  if (diff !== 0) return { ok: false, reason: 'tampered' };
  if (!(now - form.issuedAt <= BOOKING_FORM_TTL_MS && form.issuedAt <= now + 60_000)) return { ok: false, reason: 'expired' };
  return { ok: true };
}
