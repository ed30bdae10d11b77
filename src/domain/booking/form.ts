/**
 * The online-booking form's state and how it travels. Every step is a plain GET form whose
 * fields carry all earlier choices, so the state lives in the URL: it works without
 * JavaScript, Back returns to the previous step with its choices, and htmx only swaps the step
 * in place. Only the final submit is a POST, carrying an idempotency key and a signature over
 * the exact choices reviewed (see `signBooking`), so a double tap or a back-button resubmit is
 * recognised and a tampered or stale form is refused.
 */
import type { ServiceType } from '../db/schema';

export const BOOKING_STEPS = ['who', 'services', 'time', 'notes', 'review'] as const;
export type BookingStep = (typeof BOOKING_STEPS)[number];
export const BOOKABLE_TYPES = ['grooming', 'boarding', 'daycare'] as const satisfies readonly ServiceType[];
export type BookableType = (typeof BOOKABLE_TYPES)[number];

export const MAX_PETS_PER_BOOKING = 6;
export const MAX_NOTES_LENGTH = 1000;
export const MAX_DAYS_FIELD = 31;
/** A reviewed form can be submitted for this long. */
export const BOOKING_FORM_TTL_MS = 2 * 60 * 60 * 1000;

export interface PetChoice {
  petId: string;
  serviceId: string | null;
  addOnIds: string[];
  /** Grooming: the groomer asked for; null = any. */
  staffId: string | null;
}

export interface BookingState {
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
}

export function emptyBookingState(): BookingState {
  return { type: null, pets: [], date: null, start: null, checkIn: null, checkOut: null, dropOff: null, pickUp: null, days: [], notes: '' };
}

const ID = /^[a-z0-9]{1,16}_[a-z0-9_]{1,40}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

function one(params: URLSearchParams, name: string, shape: RegExp): string | null {
  const value = params.get(name);
  return value !== null && value.length <= 64 && shape.test(value) ? value : null;
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
    serviceId: one(params, `service.${petId}`, ID),
    addOnIds: unique(params.getAll(`addon.${petId}`).filter((a) => ID.test(a))).slice(0, 20),
    staffId: one(params, `staff.${petId}`, ID),
  }));
  const startRaw = params.get('start');
  const start = startRaw && /^\d{10,14}$/.test(startRaw) ? Number(startRaw) : null;
  return {
    type,
    pets,
    date: one(params, 'date', DATE),
    start,
    checkIn: one(params, 'checkin', DATE),
    checkOut: one(params, 'checkout', DATE),
    dropOff: one(params, 'dropoff', TIME),
    pickUp: one(params, 'pickup', TIME),
    days: unique(params.getAll('day').filter((d) => DATE.test(d)))
      .sort()
      .slice(0, MAX_DAYS_FIELD),
    notes: (params.get('notes') ?? '').slice(0, MAX_NOTES_LENGTH * 2),
  };
}

/** The state as name/value pairs, in a fixed order: for hidden fields, URLs and signing. */
export function bookingFields(state: BookingState): [string, string][] {
  const fields: [string, string][] = [];
  if (state.type) fields.push(['type', state.type]);
  for (const pet of state.pets) fields.push(['pet', pet.petId]);
  for (const pet of state.pets) {
    if (pet.serviceId) fields.push([`service.${pet.petId}`, pet.serviceId]);
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
  const i = BOOKING_STEPS.indexOf(step);
  return i > 0 ? BOOKING_STEPS[i - 1]! : null;
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
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
