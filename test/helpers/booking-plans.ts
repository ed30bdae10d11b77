/**
 * Booking plans for the booking lock's tests, built the way the route builds them (ids, one
 * daycare day per appointment, the units it saw in use), and quick ways to put capacity in the
 * database behind the lock's back. Builds on factories.ts; every caller passes its own business.
 */
import { and, eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { newId, randomToken } from '../../src/domain/ids';
import { daycareDayResource } from '../../src/domain/capacity';
import type { CancelPlan, PlannedAppointment, ReschedulePlan, ResourceNeed, SubmissionPlan } from '../../src/domain/booking-plan';
import { createAppointment, createBusiness, db, uniquePhone } from './factories';

const DAY = 24 * 60 * 60 * 1000;

/** A business with online booking and daycare capacity (waitlist off unless asked). */
export function bookingBusiness(capacity: number, waitlistAllowed = false) {
  return createBusiness({ onlineBookingEnabled: true, daycareDailyCapacity: capacity, waitlistAllowed });
}

export interface Parent {
  client: { id: string; businessId: string };
  pet: { id: string };
}

/** `count` clients with one dog each, in one batch. */
export async function createParents(businessId: string, count: number): Promise<Parent[]> {
  const parents: Parent[] = [];
  const statements: any[] = [];
  for (let i = 0; i < count; i++) {
    const client = { id: newId('cli'), businessId };
    const pet = { id: newId('pet') };
    statements.push(
      db.insert(schema.clients).values({ ...client, firstName: `P${i}`, lastName: 'Tester', phoneE164: uniquePhone(), createdAt: new Date() }),
      db.insert(schema.pets).values({ ...pet, businessId, clientId: client.id, name: `Dog ${i}`, species: 'dog', createdAt: new Date() }),
    );
    parents.push({ client, pet });
  }
  await db.batch(statements as [any, ...any[]]);
  return parents;
}

/** A local date `days` ahead (UTC; the tests only need distinct, stable keys). */
export function dayAhead(days: number): { date: string; startsAt: number } {
  const startsAt = Math.floor(Date.now() / DAY) * DAY + days * DAY + 8 * 60 * 60 * 1000;
  return { date: new Date(startsAt).toISOString().slice(0, 10), startsAt };
}

export function daycareNeed(date: string, capacity: number, observedUnits: number[], units = 1): ResourceNeed {
  return { resource: daycareDayResource(date), units, capacity, observedUnits };
}

/** One daycare appointment for a parent's pet(s) on `date`. */
export function daycareAppointment(
  parentPets: { id: string }[],
  day: { date: string; startsAt: number },
  capacity: number,
  observedUnits: number[],
): PlannedAppointment {
  return {
    id: newId('apt'),
    serviceType: 'daycare',
    startsAt: day.startsAt,
    endsAt: day.startsAt + 9 * 60 * 60 * 1000,
    notes: null,
    depositRequiredMinor: null,
    pets: parentPets.map((p) => ({ appointmentPetId: newId('apet'), petId: p.id, services: [], addOns: [] })),
    needs: [daycareNeed(day.date, capacity, observedUnits, parentPets.length)],
  };
}

/** A submission of one daycare day (or several: one appointment per day). */
export function daycarePlan(opts: {
  parent: Parent;
  days: { date: string; startsAt: number }[];
  capacity: number;
  observedUnits?: number[];
  waitlistAllowed: boolean;
  idempotencyKey?: string;
  pets?: { id: string }[];
}): SubmissionPlan {
  return {
    businessId: opts.parent.client.businessId,
    clientId: opts.parent.client.id,
    idempotencyKey: opts.idempotencyKey ?? randomToken(16),
    submissionId: newId('sub'),
    now: Date.now(),
    waitlistAllowed: opts.waitlistAllowed,
    appointments: opts.days.map((d) => daycareAppointment(opts.pets ?? [opts.parent.pet], d, opts.capacity, opts.observedUnits ?? [])),
    notificationSummary: `P requested daycare on ${opts.days.map((d) => d.date).join(', ')}`,
  };
}

export function cancelPlan(parent: Parent, appointmentId: string, expectedVersion = 1): CancelPlan {
  return {
    businessId: parent.client.businessId,
    clientId: parent.client.id,
    appointmentId,
    expectedVersion,
    now: Date.now(),
    allowedStatuses: ['requested', 'waitlisted'],
    reason: 'Canceled by the client',
    notificationSummary: 'P canceled a request',
  };
}

export function reschedulePlan(
  parent: Parent,
  appointmentId: string,
  day: { date: string; startsAt: number },
  opts: { capacity: number; observedUnits?: number[]; waitlistAllowed: boolean; expectedVersion?: number; idempotencyKey?: string },
): ReschedulePlan {
  return {
    businessId: parent.client.businessId,
    clientId: parent.client.id,
    appointmentId,
    expectedVersion: opts.expectedVersion ?? 1,
    idempotencyKey: opts.idempotencyKey ?? randomToken(16),
    submissionId: newId('sub'),
    now: Date.now(),
    waitlistAllowed: opts.waitlistAllowed,
    startsAt: day.startsAt,
    endsAt: day.startsAt + 9 * 60 * 60 * 1000,
    needs: [daycareNeed(day.date, opts.capacity, opts.observedUnits ?? [])],
    allowedStatuses: ['requested', 'waitlisted'],
    notificationSummary: 'P moved a request',
  };
}

/** Confirmed appointments that hold `units` of `resource`, written straight to the database. */
export async function takenBehindTheLock(parent: Parent, resource: string, units: number[]) {
  const appointment = await createAppointment({ client: parent.client, pets: [parent.pet], serviceType: 'daycare', status: 'confirmed' });
  if (units.length) {
    await db
      .insert(schema.capacityClaims)
      .values(units.map((unit) => ({ businessId: parent.client.businessId, resource, unit, appointmentId: appointment.id })));
  }
  return appointment;
}

/** The claims on a resource, by unit. */
export function claimsOn(businessId: string, resource: string) {
  return db
    .select()
    .from(schema.capacityClaims)
    .where(and(eq(schema.capacityClaims.businessId, businessId), eq(schema.capacityClaims.resource, resource)))
    .orderBy(schema.capacityClaims.unit);
}

export function appointmentRow(id: string) {
  return db.query.appointments.findFirst({ where: (a, { eq }) => eq(a.id, id) });
}
