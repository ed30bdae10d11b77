/**
 * The booking flow as a parent's browser walks it, for route tests: a bookable business and a
 * signed-in parent, the review step's signed form, submitting it, and the rows it made.
 */
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { parseBookingState, reviewKey, signBooking } from '../../src/domain/booking';
import { randomToken } from '../../src/domain/ids';
import { db } from './factories';
import { bookingParent, createBookableBusiness, hiddenFields } from './booking-factories';
import { get, postForm } from './http';

export type Pairs = [string, string][];

export function query(pairs: Pairs): string {
  return new URLSearchParams(pairs).toString();
}

export async function setup(overrides: Parameters<typeof createBookableBusiness>[0] = {}) {
  const { business, ids } = await createBookableBusiness(overrides);
  const parent = await bookingParent(business.id);
  return { business, ids, ...parent };
}

export type Setup = Awaited<ReturnType<typeof setup>>;

export function groomingChoice(s: Setup, start: number, extra: Pairs = []): Pairs {
  return [
    ['type', 'grooming'],
    ['pet', s.rex.id],
    [`service.${s.rex.id}`, s.ids.fullGroom],
    [`addon.${s.rex.id}`, s.ids.teeth],
    ['start', String(start)],
    ...extra,
  ];
}

/** A daycare day for Rex with the usual drop-off and pick-up. */
export function daycareChoice(s: Setup, day: string): Pairs {
  return [
    ['type', 'daycare'],
    ['pet', s.rex.id],
    [`service.${s.rex.id}`, s.ids.daycare],
    ['day', day],
    ['dropoff', '08:00'],
    ['pickup', '16:00'],
  ];
}

/** Opens the review step for `choice` and returns its signed form fields. */
export async function reviewForm(s: Setup, choice: Pairs): Promise<{ status: number; html: string; fields: Pairs }> {
  const res = await get(`/c/${s.client.id}/book?${query([...choice, ['step', 'review']])}`, { cookie: s.cookie });
  const html = await res.text();
  return { status: res.status, html, fields: hiddenFields(html) };
}

export async function submit(s: Setup, fields: Pairs) {
  return postForm(`/c/${s.client.id}/book`, fields, { cookie: s.cookie });
}

export async function appointmentsOf(clientId: string) {
  return db.select().from(schema.appointments).where(eq(schema.appointments.clientId, clientId));
}

export async function notificationsOf(businessId: string) {
  return db.select().from(schema.businessNotifications).where(eq(schema.businessNotifications.businessId, businessId));
}

/**
 * Posts `choice` as a review form signed the way the server signs one (key, issue time,
 * signature), without the server having offered it: for refusals that must hold at submit
 * even when the review step would not have shown a Send button, and for an old form.
 */
export async function signedSubmit(s: Setup, choice: Pairs, issuedAt = Date.now()) {
  const state = parseBookingState(new URLSearchParams(choice));
  const key = await reviewKey(env.OTP_PEPPER, s.client.id, randomToken(8), state);
  const sig = await signBooking(env.OTP_PEPPER, s.client.id, key, issuedAt, state);
  return submit(s, [...choice, ['key', key], ['issued', String(issuedAt)], ['sig', sig]]);
}
