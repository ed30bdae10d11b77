/**
 * The booking lock's batches against the real libSQL server: what each writes, that a batch
 * refused by any statement leaves nothing behind, that conditional changes apply once and only
 * in the expected state, and how refusals are classified.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import type { Db } from '../../src/db/client';
import { newId } from '../../src/domain/ids';
import { daycareDayResource } from '../../src/domain/capacity';
import { submissionOutcome, type Placement, type SubmissionPlan } from '../../src/domain/booking-plan';
import {
  cancelWrite,
  classifyWriteError,
  decisionWrite,
  holdCheckRead,
  rescheduleWrite,
  storedSubmissionRead,
  submissionWrite,
  type BatchWrite,
} from '../../src/db/queries/booking-writes';
import { db as testDb } from '../helpers/factories';
import {
  appointmentRow,
  bookingBusiness,
  cancelPlan,
  claimsOn,
  createParents,
  dayAhead,
  daycarePlan,
  reschedulePlan,
  takenBehindTheLock,
} from '../helpers/booking-plans';

const db = testDb as unknown as Db;

async function run<R>(write: BatchWrite<R>): Promise<R> {
  return write.read(await db.batch(write.statements));
}

/** Requested placements with units 0, 1, … per appointment, in plan order. */
function placed(plan: SubmissionPlan, firstUnit = 0): Placement[] {
  return plan.appointments.map((a, i) => ({
    appointmentId: a.id,
    status: 'requested',
    claims: [{ resource: a.needs[0]!.resource, unit: firstUnit + i, appointmentId: a.id }],
    fullResources: [],
  }));
}

async function rowsFor(businessId: string) {
  const [apts, subs, notes, claims] = await db.batch([
    db.select().from(schema.appointments).where(eq(schema.appointments.businessId, businessId)),
    db.select().from(schema.bookingSubmissions).where(eq(schema.bookingSubmissions.businessId, businessId)),
    db.select().from(schema.businessNotifications).where(eq(schema.businessNotifications.businessId, businessId)),
    db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.businessId, businessId)),
  ]);
  return { apts, subs, notes, claims };
}

/** A saved request (unit 0 of its day) to change. */
async function savedRequest(capacity = 3) {
  const business = await bookingBusiness(capacity, true);
  const [parent, other] = await createParents(business.id, 2);
  const day = dayAhead(10);
  const plan = daycarePlan({ parent: parent!, days: [day], capacity, waitlistAllowed: true });
  const placements = placed(plan);
  await run(submissionWrite(db, plan, placements, submissionOutcome(placements)));
  return { business, parent: parent!, other: other!, day, appointmentId: plan.appointments[0]!.id, plan };
}

describe('submissionWrite', () => {
  it('saves the submission, appointments, pets, lines, claims and one notification', async () => {
    const business = await bookingBusiness(5);
    const [parent] = await createParents(business.id, 1);
    const service = { id: newId('svc') };
    const addOn = { id: newId('add') };
    await db.batch([
      db.insert(schema.services).values({ ...service, businessId: business.id, name: 'Day', type: 'daycare', durationMinutes: 480, priceMinor: 3500 }),
      db.insert(schema.addOns).values({ ...addOn, businessId: business.id, name: 'Bath', priceMinor: 1500 }),
    ]);
    const plan = daycarePlan({ parent: parent!, days: [dayAhead(3), dayAhead(4)], capacity: 5, waitlistAllowed: false });
    for (const a of plan.appointments) {
      a.pets[0]!.services.push({ id: newId('asvc'), itemId: service.id, staffId: null, priceMinor: 3500 });
      a.pets[0]!.addOns.push({ id: newId('aadd'), itemId: addOn.id, staffId: null, priceMinor: 1500 });
    }
    const placements: Placement[] = [placed(plan)[0]!, { appointmentId: plan.appointments[1]!.id, status: 'waitlisted', claims: [], fullResources: ['x'] }];
    const outcome = submissionOutcome(placements);
    await run(submissionWrite(db, plan, placements, outcome));

    const { apts, subs, notes, claims } = await rowsFor(business.id);
    expect(apts.map((a) => [a.id, a.status, a.version, a.submissionId]).sort()).toEqual(
      [
        [plan.appointments[0]!.id, 'requested', 1, plan.submissionId],
        [plan.appointments[1]!.id, 'waitlisted', 1, plan.submissionId],
      ].sort(),
    );
    expect(subs).toHaveLength(1);
    expect(JSON.parse(subs[0]!.outcome)).toEqual({
      status: 'waitlisted',
      appointmentIds: outcome.status !== 'full' && outcome.appointmentIds,
      waitlistedIds: [plan.appointments[1]!.id],
    });
    expect(notes.map((n) => [n.kind, n.clientId, n.appointmentId, n.summary])).toEqual([
      ['new_request', parent!.client.id, plan.appointments[0]!.id, plan.notificationSummary],
    ]);
    expect(claims.map((c) => [c.resource, c.unit, c.appointmentId])).toEqual([[plan.appointments[0]!.needs[0]!.resource, 0, plan.appointments[0]!.id]]);
    const lines = await db.select().from(schema.appointmentServices).where(eq(schema.appointmentServices.businessId, business.id));
    const addOns = await db.select().from(schema.appointmentAddOns).where(eq(schema.appointmentAddOns.businessId, business.id));
    expect(lines).toHaveLength(2);
    expect(addOns).toHaveLength(2);
  });

  it('leaves nothing when a place is already taken (capacity_claims primary key)', async () => {
    const business = await bookingBusiness(2);
    const [parent] = await createParents(business.id, 1);
    const day = dayAhead(5);
    await takenBehindTheLock(parent!, daycareDayResource(day.date), [0]);
    const before = await rowsFor(business.id);
    const plan = daycarePlan({ parent: parent!, days: [day], capacity: 2, waitlistAllowed: false });
    const placements = placed(plan);
    const err = await run(submissionWrite(db, plan, placements, submissionOutcome(placements))).catch((e) => e);
    expect(classifyWriteError(err)).toBe('capacity_taken');
    const after = await rowsFor(business.id);
    expect(after.apts).toHaveLength(before.apts.length);
    expect(after.subs).toHaveLength(0);
    expect(after.notes).toHaveLength(0);
    expect(after.claims).toHaveLength(1);
    expect(await db.select().from(schema.appointmentPets).where(eq(schema.appointmentPets.appointmentId, plan.appointments[0]!.id))).toEqual([]);
  });

  it('refuses a second submission with the same key as a duplicate, saving nothing of it', async () => {
    const business = await bookingBusiness(5);
    const [parent] = await createParents(business.id, 1);
    const first = daycarePlan({ parent: parent!, days: [dayAhead(6)], capacity: 5, waitlistAllowed: false, idempotencyKey: 'same-key' });
    const second = daycarePlan({ parent: parent!, days: [dayAhead(6)], capacity: 5, waitlistAllowed: false, idempotencyKey: 'same-key' });
    await run(submissionWrite(db, first, placed(first), submissionOutcome(placed(first))));
    const err = await run(submissionWrite(db, second, placed(second, 1), submissionOutcome(placed(second, 1)))).catch((e) => e);
    expect(classifyWriteError(err)).toBe('duplicate_key');
    const { apts, subs } = await rowsFor(business.id);
    expect(apts.map((a) => a.id)).toEqual([first.appointments[0]!.id]);
    expect(subs).toHaveLength(1);
    const stored = await run(storedSubmissionRead(db, business.id, 'same-key'));
    expect(stored).toMatchObject({ id: first.submissionId, clientId: parent!.client.id, kind: 'create' });
  });

  it('is rolled back entirely by any other failing statement (an unknown pet)', async () => {
    const business = await bookingBusiness(5);
    const [parent] = await createParents(business.id, 1);
    const plan = daycarePlan({ parent: parent!, days: [dayAhead(7)], capacity: 5, waitlistAllowed: false, pets: [{ id: 'pet_nobody' }] });
    const err = await run(submissionWrite(db, plan, placed(plan), submissionOutcome(placed(plan)))).catch((e) => e);
    expect(classifyWriteError(err)).toBe('rejected');
    const { apts, subs, notes, claims } = await rowsFor(business.id);
    expect([apts.length, subs.length, notes.length, claims.length]).toEqual([0, 0, 0, 0]);
  });
});

describe('cancelWrite', () => {
  it('cancels once: claims released, one notification, version + 1; the same change again does nothing', async () => {
    const { business, parent, appointmentId, day } = await savedRequest();
    const first = await run(cancelWrite(db, cancelPlan(parent, appointmentId, 1)));
    expect(first).toMatchObject({
      applied: true,
      current: { status: 'canceled', version: 2 },
      releasedClaims: [{ resource: daycareDayResource(day.date), unit: 0 }],
    });
    const again = await run(cancelWrite(db, cancelPlan(parent, appointmentId, 1)));
    expect(again).toMatchObject({ applied: false, current: { status: 'canceled', version: 2 }, releasedClaims: [] });
    const row = await appointmentRow(appointmentId);
    expect([row!.status, row!.cancelReason, row!.version]).toEqual(['canceled', 'Canceled by the client', 2]);
    const { notes, claims } = await rowsFor(business.id);
    expect(notes.map((n) => n.kind).sort()).toEqual(['canceled_by_client', 'new_request']);
    expect(claims).toEqual([]);
  });

  it('does nothing to another client’s appointment, which it reports as not found', async () => {
    const { business, other, appointmentId } = await savedRequest();
    const result = await run(cancelWrite(db, cancelPlan(other, appointmentId, 1)));
    expect(result).toMatchObject({ applied: false, current: null, releasedClaims: [] });
    expect((await appointmentRow(appointmentId))!.status).toBe('requested');
    expect((await rowsFor(business.id)).claims).toHaveLength(1);
  });

  it('does nothing when the status is no longer allowed', async () => {
    const { parent, appointmentId } = await savedRequest();
    await run(decisionWrite(db, { businessId: parent.client.businessId, appointmentId, decision: 'confirm', now: Date.now() }, null));
    const result = await run(cancelWrite(db, cancelPlan(parent, appointmentId, 2)));
    expect(result).toMatchObject({ applied: false, current: { status: 'confirmed', version: 2 } });
  });
});

describe('rescheduleWrite', () => {
  it('moves the claims, records the submission with its outcome, changes staff, notifies', async () => {
    const { business, parent, appointmentId, plan } = await savedRequest();
    const staffRow = { id: newId('stf') };
    const service = { id: newId('svc') };
    const lineId = newId('asvc');
    await db.batch([
      db.insert(schema.staff).values({ ...staffRow, businessId: business.id, firstName: 'Gia', lastName: 'G' }),
      db.insert(schema.services).values({ ...service, businessId: business.id, name: 'Day', type: 'daycare', durationMinutes: 60, priceMinor: 1 }),
      db.insert(schema.appointmentServices).values({
        id: lineId,
        businessId: business.id,
        appointmentPetId: plan.appointments[0]!.pets[0]!.appointmentPetId,
        serviceId: service.id,
        staffId: null,
        priceMinor: 1,
      }),
    ]);
    const to = dayAhead(11);
    const r = reschedulePlan(parent, appointmentId, to, { capacity: 3, waitlistAllowed: true });
    r.staffChanges = [{ lineId, staffId: staffRow.id }];
    const result = await run(rescheduleWrite(db, r, [{ resource: daycareDayResource(to.date), unit: 2 }]));
    expect(result).toMatchObject({
      applied: true,
      current: { status: 'requested', version: 2 },
      releasedClaims: [{ resource: plan.appointments[0]!.needs[0]!.resource, unit: 0 }],
      insertedClaims: [{ resource: daycareDayResource(to.date), unit: 2 }],
      storedOutcome: null,
    });
    const row = await appointmentRow(appointmentId);
    expect([row!.startsAt.getTime(), row!.submissionId, row!.version]).toEqual([to.startsAt, r.submissionId, 2]);
    const { subs, notes, claims } = await rowsFor(business.id);
    const sub = subs.find((s) => s.kind === 'reschedule')!;
    expect(JSON.parse(sub.outcome)).toEqual({ status: 'ok', appointmentId, newStatus: 'requested', version: 2 });
    expect(notes.map((n) => n.kind).sort()).toEqual(['new_request', 'rescheduled_by_client']);
    expect(claims.map((c) => [c.resource, c.unit])).toEqual([[daycareDayResource(to.date), 2]]);
    const [line] = await db.select().from(schema.appointmentServices).where(eq(schema.appointmentServices.id, lineId));
    expect(line!.staffId).toBe(staffRow.id);

    // The same key again, after the version moved on: nothing applies, the stored outcome comes back.
    const replay = await run(rescheduleWrite(db, { ...r, submissionId: newId('sub') }, [{ resource: daycareDayResource(to.date), unit: 1 }]));
    expect(replay.applied).toBe(false);
    expect(JSON.parse(replay.storedOutcome!)).toEqual({ status: 'ok', appointmentId, newStatus: 'requested', version: 2 });
  });

  it('puts a request on the waitlist without claims, but never a confirmed appointment', async () => {
    const { business, parent, appointmentId } = await savedRequest();
    const r = reschedulePlan(parent, appointmentId, dayAhead(12), { capacity: 3, waitlistAllowed: true });
    const result = await run(rescheduleWrite(db, r, null));
    expect(result).toMatchObject({ applied: true, current: { status: 'waitlisted', version: 2 }, insertedClaims: [] });
    expect((await rowsFor(business.id)).claims).toEqual([]);

    const confirmed = await savedRequest();
    await run(decisionWrite(db, { businessId: confirmed.business.id, appointmentId: confirmed.appointmentId, decision: 'confirm', now: Date.now() }, null));
    const move = {
      ...reschedulePlan(confirmed.parent, confirmed.appointmentId, dayAhead(12), { capacity: 3, waitlistAllowed: true, expectedVersion: 2 }),
      allowedStatuses: ['requested', 'waitlisted', 'confirmed'] as schema.AppointmentStatus[],
    };
    const refused = await run(rescheduleWrite(db, move, null));
    expect(refused).toMatchObject({ applied: false, current: { status: 'confirmed', version: 2 } });
    expect((await rowsFor(confirmed.business.id)).subs.filter((s) => s.kind === 'reschedule')).toEqual([]);
    expect(await claimsOn(confirmed.business.id, daycareDayResource(confirmed.day.date))).toHaveLength(1);
  });
});

describe('decisionWrite', () => {
  it('confirms a waitlisted request only with places, inserting them', async () => {
    const business = await bookingBusiness(2, true);
    const [parent] = await createParents(business.id, 1);
    const day = dayAhead(13);
    const plan = daycarePlan({ parent: parent!, days: [day], capacity: 2, waitlistAllowed: true });
    const id = plan.appointments[0]!.id;
    const waitlisted: Placement[] = [{ appointmentId: id, status: 'waitlisted', claims: [], fullResources: [] }];
    await run(submissionWrite(db, plan, waitlisted, submissionOutcome(waitlisted)));
    const base = { businessId: business.id, appointmentId: id, decision: 'confirm' as const, now: Date.now() };
    expect(await run(decisionWrite(db, base, null))).toMatchObject({ applied: false, current: { status: 'waitlisted', version: 1 } });
    const resource = daycareDayResource(day.date);
    const confirmed = await run(decisionWrite(db, base, [{ resource, unit: 1 }]));
    expect(confirmed).toMatchObject({ applied: true, current: { status: 'confirmed', version: 2 }, insertedClaims: [{ resource, unit: 1 }] });
    expect((await claimsOn(business.id, resource)).map((c) => [c.unit, c.appointmentId])).toEqual([[1, id]]);
  });

  it('declines with the default reason, releasing the claims', async () => {
    const { business, appointmentId, day } = await savedRequest();
    const result = await run(decisionWrite(db, { businessId: business.id, appointmentId, decision: 'decline', now: Date.now() }, null));
    expect(result).toMatchObject({
      applied: true,
      current: { status: 'canceled', version: 2 },
      releasedClaims: [{ resource: daycareDayResource(day.date), unit: 0 }],
    });
    expect((await appointmentRow(appointmentId))!.cancelReason).toBe('Declined by the business');
    expect(await claimsOn(business.id, daycareDayResource(day.date))).toEqual([]);
  });

  it('does nothing for another business', async () => {
    const { appointmentId } = await savedRequest();
    const elsewhere = await bookingBusiness(1);
    const result = await run(decisionWrite(db, { businessId: elsewhere.id, appointmentId, decision: 'decline', now: Date.now() }, null));
    expect(result).toMatchObject({ applied: false, current: null });
    expect((await appointmentRow(appointmentId))!.status).toBe('requested');
  });
});

describe('holdCheckRead', () => {
  it('finds the claims and the stored outcome of a committed submission, nothing for an unknown one', async () => {
    const { business, appointmentId, plan } = await savedRequest();
    const found = await run(holdCheckRead(db, business.id, [appointmentId], plan.submissionId));
    expect(found.claims.map((c) => [c.unit, c.appointmentId])).toEqual([[0, appointmentId]]);
    expect(JSON.parse(found.submissionOutcome!)).toMatchObject({ status: 'requested', appointmentIds: [appointmentId] });
    const missing = await run(holdCheckRead(db, business.id, ['apt_never'], 'sub_never'));
    expect(missing).toEqual({ claims: [], submissionOutcome: null });
  });
});

describe('classifyWriteError', () => {
  it('calls a failure without an answer from the database unknown', () => {
    expect(classifyWriteError(new TypeError('fetch failed'))).toBe('unknown');
    expect(classifyWriteError(Object.assign(new Error('stream expired'), { code: 'STREAM_EXPIRED' }))).toBe('unknown');
  });
  it('reads the constraint from a wrapped error', () => {
    const inner = Object.assign(
      new Error('SQLITE_CONSTRAINT: SQLite error: UNIQUE constraint failed: capacity_claims.business_id, capacity_claims.resource, capacity_claims.unit'),
      { code: 'SQLITE_CONSTRAINT' },
    );
    expect(classifyWriteError(new Error('Failed query', { cause: inner }))).toBe('capacity_taken');
  });
});

describe('submissionWrite with the new-request email for staff', () => {
  it('queues one row per opted-in member for a real provider (the cron sends it), and nothing when the batch is refused', async () => {
    const business = await bookingBusiness(2);
    const [parent] = await createParents(business.id, 1);
    const { createStaffAccount } = await import('../helpers/staff-factories');
    const keen = await createStaffAccount({ businessId: business.id });
    const quiet = await createStaffAccount({ businessId: business.id });
    await testDb.update(schema.staffMemberships).set({ emailNewRequests: true }).where(eq(schema.staffMemberships.staffAccountId, keen.id));
    const staffEmail = { subject: 'New daycare request from P0 Tester · Test', text: 'P0 Tester asked…', provider: 'postmark', immediate: false };
    const emailsTo = (to: string) => testDb.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, to));

    // Refused (the place is taken behind the lock): no email either.
    const day = dayAhead(6);
    await takenBehindTheLock(parent!, daycareDayResource(day.date), [0]);
    const refused = { ...daycarePlan({ parent: parent!, days: [day], capacity: 2, waitlistAllowed: false }), staffEmail };
    const refusedPlacements = placed(refused);
    await expect(run(submissionWrite(db, refused, refusedPlacements, submissionOutcome(refusedPlacements)))).rejects.toThrow();
    expect(await emailsTo(keen.email)).toEqual([]);

    const plan = { ...daycarePlan({ parent: parent!, days: [dayAhead(7)], capacity: 2, waitlistAllowed: false }), staffEmail };
    const placements = placed(plan);
    await run(submissionWrite(db, plan, placements, submissionOutcome(placements)));
    const rows = await emailsTo(keen.email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subject: staffEmail.subject, bodyText: staffEmail.text, provider: 'postmark', status: 'queued', providerMessageId: null });
    expect(rows[0]!.id).toMatch(/^eml_[0-9a-f]{32}$/);
    expect(await emailsTo(quiet.email)).toEqual([]);
  });
});
