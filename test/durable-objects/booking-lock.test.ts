/**
 * The booking lock end to end in workerd: the real Durable Object (its SQLite ledger, its
 * alarm) against the real libSQL server. Races are real concurrent RPC calls (Promise.all);
 * every claim is then checked in the DATABASE, which is what a parent and the business see.
 * Every test makes its own business, so each gets its own lock and its own rows.
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as schema from '../../src/db/schema';
import { daycareDayResource } from '../../src/domain/capacity';
import type { ChangeOutcome, SubmissionOutcome, SubmissionPlan } from '../../src/domain/booking-plan';
import { bookingLockForBusiness } from '../../src/durable-objects/stubs';
import { BOOKING_LOCK_UNAVAILABLE, type BookingLock } from '../../src/durable-objects/booking-lock';
import { db } from '../helpers/factories';
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
  type Parent,
} from '../helpers/booking-plans';

type Lock = DurableObjectStub<BookingLock>;

const lockOf = (businessId: string): Lock => bookingLockForBusiness(env, businessId);

/** Database round trips the lock has made so far. */
const roundTrips = (lock: Lock) => runInDurableObject(lock, (instance: BookingLock) => instance.dbStats.roundTrips);

/** Rows of the lock's own ledger tables. */
function ledger(lock: Lock, table: 'ledger_held' | 'ledger_committed' | 'holds' | 'outcomes') {
  return runInDurableObject(lock, (_i: BookingLock, state) => state.storage.sql.exec(`SELECT * FROM ${table}`).toArray());
}

async function appointmentsOf(businessId: string) {
  return db.select().from(schema.appointments).where(eq(schema.appointments.businessId, businessId));
}

async function submissionsOf(businessId: string) {
  return db.select().from(schema.bookingSubmissions).where(eq(schema.bookingSubmissions.businessId, businessId));
}

async function notificationsOf(businessId: string) {
  return db.select().from(schema.businessNotifications).where(eq(schema.businessNotifications.businessId, businessId));
}

/** `count` existing confirmed appointments, one unit each (units 0…count-1), straight in the database. */
async function alreadyTaken(parent: Parent, resource: string, count: number) {
  for (let unit = 0; unit < count; unit++) await takenBehindTheLock(parent, resource, [unit]);
}

/** Submits and expects a saved request; returns its appointment id. */
async function requested(lock: Lock, plan: SubmissionPlan): Promise<string> {
  const outcome = await lock.submit(plan);
  expect(outcome).toMatchObject({ status: 'requested' });
  return (outcome as { appointmentIds: string[] }).appointmentIds[0]!;
}

/**
 * The error a lock method rejects with, called inside the object: a rejecting RPC through a stub
 * leaks an unhandled rejection under the vitest plugin (cloudflare/workers-sdk#14736).
 */
function rejection(lock: Lock, call: (instance: BookingLock) => Promise<unknown>): Promise<string> {
  return runInDurableObject(lock, (instance: BookingLock) =>
    call(instance).then(
      (value) => `resolved: ${JSON.stringify(value)}`,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    ),
  );
}

function statuses(outcomes: SubmissionOutcome[]) {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('submit', () => {
  describe.each([
    { waitlist: true, losers: 'waitlisted' },
    { waitlist: false, losers: 'full' },
  ])('30 parents at once for the last 2 places of a day (waitlist $waitlist)', ({ waitlist, losers }) => {
    it(`saves exactly 2 requests and answers ${losers} to the other 28, one batch each`, async () => {
      const capacity = 8;
      const business = await bookingBusiness(capacity, waitlist);
      const parents = await createParents(business.id, 31);
      const day = dayAhead(20);
      const resource = daycareDayResource(day.date);
      await alreadyTaken(parents[30]!, resource, capacity - 2);
      const observed = (await claimsOn(business.id, resource)).map((c) => c.unit);
      const lock = lockOf(business.id);

      const plans = parents.slice(0, 30).map((parent) => daycarePlan({ parent, days: [day], capacity, observedUnits: observed, waitlistAllowed: waitlist }));
      const outcomes = await Promise.all(plans.map((plan) => lock.submit(plan)));

      expect(statuses(outcomes)).toEqual({ requested: 2, [losers]: 28 });
      const claims = await claimsOn(business.id, resource);
      expect(claims).toHaveLength(capacity);
      expect(new Set(claims.map((c) => c.unit))).toEqual(new Set(Array.from({ length: capacity }, (_, i) => i)));
      const mine = new Set(plans.map((p) => p.appointments[0]!.id));
      const saved = (await appointmentsOf(business.id)).filter((a) => mine.has(a.id));
      const winners = outcomes.flatMap((o, i) => (o.status === 'requested' ? [plans[i]!.appointments[0]!.id] : []));
      expect(
        saved
          .filter((a) => a.status === 'requested')
          .map((a) => a.id)
          .sort(),
      ).toEqual(winners.sort());
      expect(
        claims
          .filter((c) => mine.has(c.appointmentId))
          .map((c) => c.appointmentId)
          .sort(),
      ).toEqual(winners.sort());
      expect(saved.filter((a) => a.status === 'waitlisted')).toHaveLength(waitlist ? 28 : 0);
      expect(await submissionsOf(business.id)).toHaveLength(waitlist ? 30 : 2);
      expect(await notificationsOf(business.id)).toHaveLength(waitlist ? 30 : 2);
      // The lock decided alone: one batch per saved submission, none refused by the database.
      expect(await roundTrips(lock)).toBe(waitlist ? 30 : 2);
      expect(await ledger(lock, 'holds')).toEqual([]);
    });
  });

  it('handles 100 concurrent submissions for one business (throughput)', async () => {
    const capacity = 40;
    const business = await bookingBusiness(capacity, true);
    const parents = await createParents(business.id, 100);
    const days = [dayAhead(30), dayAhead(31)];
    const lock = lockOf(business.id);
    const plans = parents.map((parent, i) => daycarePlan({ parent, days: [days[i % 2]!], capacity, waitlistAllowed: true }));
    const started = performance.now();
    const outcomes = await Promise.all(plans.map((plan) => lock.submit(plan)));
    const ms = performance.now() - started;
    console.info(`booking-lock: 100 concurrent submits in ${ms.toFixed(0)} ms (${(100_000 / ms).toFixed(0)}/s)`);
    expect(statuses(outcomes)).toEqual({ requested: 80, waitlisted: 20 });
    for (const day of days) expect(await claimsOn(business.id, daycareDayResource(day.date))).toHaveLength(capacity);
  });

  it('places each day of a multi-day submission on its own, waitlisting only the full one', async () => {
    const business = await bookingBusiness(1, true);
    const [first, second] = await createParents(business.id, 2);
    const [d1, d2] = [dayAhead(40), dayAhead(41)];
    const lock = lockOf(business.id);
    await requested(lock, daycarePlan({ parent: first!, days: [d2], capacity: 1, waitlistAllowed: true }));
    const plan = daycarePlan({ parent: second!, days: [d1, d2], capacity: 1, waitlistAllowed: true });
    const outcome = await lock.submit(plan);
    expect(outcome).toEqual({
      status: 'waitlisted',
      appointmentIds: plan.appointments.map((a) => a.id),
      waitlistedIds: [plan.appointments[1]!.id],
      replayed: false,
    });
    expect((await appointmentRow(plan.appointments[0]!.id))!.status).toBe('requested');
  });

  it('never gives two pets of one request the same unit, nor more units than the day has', async () => {
    const business = await bookingBusiness(3);
    const [parent] = await createParents(business.id, 1);
    const [, second] = await createParents(business.id, 2);
    const day = dayAhead(42);
    const lock = lockOf(business.id);
    const pets = [parent!.pet, second!.pet];
    await requested(lock, daycarePlan({ parent: parent!, days: [day], capacity: 3, waitlistAllowed: false, pets }));
    expect((await claimsOn(business.id, daycareDayResource(day.date))).map((c) => c.unit)).toEqual([0, 1]);
    const tooMany = await lock.submit(daycarePlan({ parent: parent!, days: [day], capacity: 3, waitlistAllowed: false, pets }));
    expect(tooMany).toEqual({ status: 'full', fullResources: [daycareDayResource(day.date)] });
  });

  it('refuses a plan for another business', async () => {
    const business = await bookingBusiness(3);
    const other = await bookingBusiness(3);
    const [parent] = await createParents(other.id, 1);
    const plan = daycarePlan({ parent: parent!, days: [dayAhead(43)], capacity: 3, waitlistAllowed: false });
    expect(await rejection(lockOf(business.id), (i) => i.submit(plan))).toMatch(/^booking-lock: plan for business/);
    expect(await appointmentsOf(other.id)).toEqual([]);
  });
});

describe('idempotency', () => {
  it('creates one request for the same key sent 10 times at once; all get the same ids', async () => {
    const business = await bookingBusiness(5);
    const [parent] = await createParents(business.id, 1);
    const day = dayAhead(21);
    const lock = lockOf(business.id);
    // Every retry is a fresh request to the route: fresh submission and appointment ids, same key.
    const plans = Array.from({ length: 10 }, () =>
      daycarePlan({ parent: parent!, days: [day], capacity: 5, waitlistAllowed: false, idempotencyKey: 'tap-tap-tap' }),
    );
    const outcomes = await Promise.all(plans.map((p) => lock.submit(p)));
    const ids = outcomes.map((o) => (o as { appointmentIds: string[] }).appointmentIds);
    expect(new Set(ids.map((x) => x.join()))).toEqual(new Set([ids[0]!.join()]));
    expect(outcomes.filter((o) => o.status === 'requested' && !o.replayed)).toHaveLength(1);
    expect(await appointmentsOf(business.id)).toHaveLength(1);
    expect(await submissionsOf(business.id)).toHaveLength(1);
    expect(await claimsOn(business.id, daycareDayResource(day.date))).toHaveLength(1);

    // Later, and after the lock forgot (the database's unique key answers): still the same.
    const later = await lock.submit(daycarePlan({ parent: parent!, days: [day], capacity: 5, waitlistAllowed: false, idempotencyKey: 'tap-tap-tap' }));
    expect(later).toEqual({ ...outcomes[0], replayed: true });
    await runInDurableObject(lock, (_i: BookingLock, state) => state.storage.sql.exec('DELETE FROM outcomes'));
    const afterForgetting = await lock.submit(
      daycarePlan({ parent: parent!, days: [day], capacity: 5, waitlistAllowed: false, idempotencyKey: 'tap-tap-tap' }),
    );
    expect(afterForgetting).toEqual({ ...outcomes[0], replayed: true });
    expect(await appointmentsOf(business.id)).toHaveLength(1);
    expect(await claimsOn(business.id, daycareDayResource(day.date))).toHaveLength(1);
    expect(await ledger(lock, 'ledger_held')).toEqual([]);
  });

  it('will not replay one client’s answer to another', async () => {
    const business = await bookingBusiness(5);
    const [a, b] = await createParents(business.id, 2);
    const lock = lockOf(business.id);
    await requested(lock, daycarePlan({ parent: a!, days: [dayAhead(22)], capacity: 5, waitlistAllowed: false, idempotencyKey: 'k1' }));
    const other = daycarePlan({ parent: b!, days: [dayAhead(22)], capacity: 5, waitlistAllowed: false, idempotencyKey: 'k1' });
    expect(await rejection(lock, (i) => i.submit(other))).toMatch(/idempotency key already used/);
  });
});

describe('a stale ledger', () => {
  it.each([
    { behindTheBack: [1, 2], waitlist: true, expected: 'waitlisted', units: [0, 1, 2] },
    { behindTheBack: [1, 2], waitlist: false, expected: 'full', units: [0, 1, 2] },
    { behindTheBack: [1], waitlist: false, expected: 'requested', units: [0, 1, 2] },
  ])('is caught by the database when units $behindTheBack were taken behind its back → $expected', async ({ behindTheBack, waitlist, expected, units }) => {
    const business = await bookingBusiness(3, waitlist);
    const [first, second, third] = await createParents(business.id, 3);
    const day = dayAhead(23);
    const resource = daycareDayResource(day.date);
    const lock = lockOf(business.id);
    await requested(lock, daycarePlan({ parent: first!, days: [day], capacity: 3, waitlistAllowed: waitlist }));
    await takenBehindTheLock(third!, resource, behindTheBack);
    const before = await roundTrips(lock);

    // The route saw the truth, but the ledger was touched a moment ago, so the ledger wins.
    const observed = (await claimsOn(business.id, resource)).map((c) => c.unit);
    const outcome = await lock.submit(daycarePlan({ parent: second!, days: [day], capacity: 3, observedUnits: observed, waitlistAllowed: waitlist }));

    expect(outcome.status).toBe(expected);
    const claims = await claimsOn(business.id, resource);
    expect(claims.map((c) => c.unit)).toEqual(units);
    // Refused batch + re-read + the batch decided again (nothing to write when full).
    expect((await roundTrips(lock)) - before).toBe(expected === 'full' ? 2 : 3);
    expect(await ledger(lock, 'ledger_held')).toEqual([]);
  });

  it('is restarted from a newer observation after a minute without changes', async () => {
    const business = await bookingBusiness(2);
    const [first, second, third] = await createParents(business.id, 3);
    const day = dayAhead(24);
    const resource = daycareDayResource(day.date);
    const lock = lockOf(business.id);
    const id = await requested(lock, daycarePlan({ parent: first!, days: [day], capacity: 2, waitlistAllowed: false }));
    // The business cancels it in its own system (behind the lock) …
    await db.delete(schema.capacityClaims).where(eq(schema.capacityClaims.appointmentId, id));
    await takenBehindTheLock(third!, resource, [1]);
    // … and a minute passes without changes through the lock.
    await runInDurableObject(lock, (_i: BookingLock, state) => state.storage.sql.exec('UPDATE ledger_resources SET changed_at = changed_at - 61000'));
    const outcome = await lock.submit(daycarePlan({ parent: second!, days: [day], capacity: 2, observedUnits: [1], waitlistAllowed: false }));
    expect(outcome.status).toBe('requested');
    expect((await claimsOn(business.id, resource)).map((c) => c.unit)).toEqual([0, 1]);
  });
});

describe('a batch without an answer', () => {
  /** Makes the lock's next database request fail: before reaching the server, or after it committed. */
  function loseNextDatabaseAnswer(when: 'before' | 'after') {
    const realFetch = globalThis.fetch;
    let armed = true;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!armed || !url.startsWith(env.LIBSQL_URL)) return realFetch(input, init);
      armed = false;
      if (when === 'after') await (await realFetch(input, init)).text();
      throw new TypeError('Network connection lost.');
    });
  }

  it('leaves a hold that the alarm releases when the write never happened', async () => {
    const business = await bookingBusiness(1);
    const [a, b] = await createParents(business.id, 2);
    const day = dayAhead(25);
    const lock = lockOf(business.id);
    loseNextDatabaseAnswer('before');
    const plan = daycarePlan({ parent: a!, days: [day], capacity: 1, waitlistAllowed: false });
    expect(await rejection(lock, (i) => i.submit(plan))).toMatch(new RegExp(`^${BOOKING_LOCK_UNAVAILABLE}`));
    expect(await ledger(lock, 'ledger_held')).toHaveLength(1);
    // While the hold stands, the place is not given away.
    expect(await lock.submit(daycarePlan({ parent: b!, days: [day], capacity: 1, waitlistAllowed: false }))).toMatchObject({ status: 'full' });

    expect(await runDurableObjectAlarm(lock)).toBe(true);
    expect(await ledger(lock, 'holds')).toEqual([]);
    expect(await ledger(lock, 'ledger_held')).toEqual([]);
    expect(await appointmentsOf(business.id)).toEqual([]);
    await requested(lock, daycarePlan({ parent: b!, days: [day], capacity: 1, waitlistAllowed: false }));
  });

  it('leaves a hold that the alarm keeps as committed when the write did happen', async () => {
    const business = await bookingBusiness(1);
    const [a, b] = await createParents(business.id, 2);
    const day = dayAhead(26);
    const lock = lockOf(business.id);
    loseNextDatabaseAnswer('after');
    const plan = daycarePlan({ parent: a!, days: [day], capacity: 1, waitlistAllowed: false });
    expect(await rejection(lock, (i) => i.submit(plan))).toMatch(new RegExp(`^${BOOKING_LOCK_UNAVAILABLE}`));

    expect(await runDurableObjectAlarm(lock)).toBe(true);
    expect(await ledger(lock, 'holds')).toEqual([]);
    expect((await ledger(lock, 'ledger_committed')).map((r) => r.appointment_id)).toEqual([plan.appointments[0]!.id]);
    expect(await lock.submit(daycarePlan({ parent: b!, days: [day], capacity: 1, waitlistAllowed: false }))).toMatchObject({ status: 'full' });
    // The parent's retry (same key) gets the saved request, from the lock, without a write.
    const before = await roundTrips(lock);
    const retry = await lock.submit({ ...plan, submissionId: 'sub_retry' });
    expect(retry).toEqual({ status: 'requested', appointmentIds: [plan.appointments[0]!.id], waitlistedIds: [], replayed: true });
    expect(await roundTrips(lock)).toBe(before);
    // Settling again (at-least-once alarms) changes nothing.
    await runInDurableObject(lock, (_i: BookingLock, state) => state.storage.setAlarm(Date.now() + 60_000));
    await runDurableObjectAlarm(lock);
    expect((await ledger(lock, 'ledger_committed')).map((r) => r.appointment_id)).toEqual([plan.appointments[0]!.id]);
  });

  it('is settled by a retry with the same key before the alarm runs', async () => {
    const business = await bookingBusiness(1);
    const [a] = await createParents(business.id, 1);
    const lock = lockOf(business.id);
    loseNextDatabaseAnswer('after');
    const plan = daycarePlan({ parent: a!, days: [dayAhead(27)], capacity: 1, waitlistAllowed: false });
    expect(await rejection(lock, (i) => i.submit(plan))).toMatch(new RegExp(`^${BOOKING_LOCK_UNAVAILABLE}`));
    const retry = await lock.submit({ ...plan, submissionId: 'sub_retry2' });
    expect(retry).toMatchObject({ status: 'requested', appointmentIds: [plan.appointments[0]!.id], replayed: true });
    expect(await ledger(lock, 'holds')).toEqual([]);
    expect(await appointmentsOf(business.id)).toHaveLength(1);
  });
});

describe('cancel and decide', () => {
  it('a parent cancelling while the business confirms: exactly one wins, 20 races', async () => {
    const business = await bookingBusiness(40);
    const parents = await createParents(business.id, 20);
    const day = dayAhead(28);
    const resource = daycareDayResource(day.date);
    const lock = lockOf(business.id);
    const winners: string[] = [];
    for (const [i, parent] of parents.entries()) {
      const id = await requested(lock, daycarePlan({ parent, days: [day], capacity: 40, waitlistAllowed: false }));
      const cancel = () => lock.cancel(cancelPlan(parent, id, 1));
      const confirm = () => lock.decide({ businessId: business.id, appointmentId: id, decision: 'confirm', now: Date.now() });
      let c: ChangeOutcome, d: ChangeOutcome;
      if (i % 2) [c, d] = await Promise.all([cancel(), confirm()]);
      else [d, c] = await Promise.all([confirm(), cancel()]);

      expect([c.status, d.status].sort()).toEqual(['conflict', 'ok']);
      const row = await appointmentRow(id);
      const claims = (await claimsOn(business.id, resource)).filter((x) => x.appointmentId === id);
      const canceledNotes = (await notificationsOf(business.id)).filter((n) => n.appointmentId === id && n.kind === 'canceled_by_client');
      expect(row!.version).toBe(2);
      if (c.status === 'ok') {
        winners.push('cancel');
        expect(c).toEqual({ status: 'ok', appointmentId: id, newStatus: 'canceled', version: 2 });
        expect(d).toEqual({ status: 'conflict', reason: 'status_changed', currentStatus: 'canceled' });
        expect([row!.status, row!.cancelReason, claims.length, canceledNotes.length]).toEqual(['canceled', 'Canceled by the client', 0, 1]);
      } else {
        winners.push('confirm');
        expect(d).toEqual({ status: 'ok', appointmentId: id, newStatus: 'confirmed', version: 2 });
        expect(c).toEqual({ status: 'conflict', reason: 'status_changed', currentStatus: 'confirmed' });
        expect([row!.status, row!.cancelReason, claims.length, canceledNotes.length]).toEqual(['confirmed', null, 1, 0]);
      }
    }
    expect(new Set(winners)).toEqual(new Set(['cancel', 'confirm']));
  });

  it('answers a conflict to cancelling a confirmed, a canceled or someone else’s request, or at an old version', async () => {
    const business = await bookingBusiness(5);
    const [parent, other] = await createParents(business.id, 2);
    const lock = lockOf(business.id);
    const confirmed = await requested(lock, daycarePlan({ parent: parent!, days: [dayAhead(29)], capacity: 5, waitlistAllowed: false }));
    await lock.decide({ businessId: business.id, appointmentId: confirmed, decision: 'confirm', now: Date.now() });
    expect(await lock.cancel(cancelPlan(parent!, confirmed, 2))).toEqual({ status: 'conflict', reason: 'status_changed', currentStatus: 'confirmed' });

    const canceled = await requested(lock, daycarePlan({ parent: parent!, days: [dayAhead(29)], capacity: 5, waitlistAllowed: false }));
    expect(await lock.cancel(cancelPlan(parent!, canceled, 1))).toMatchObject({ status: 'ok', newStatus: 'canceled' });
    expect(await lock.cancel(cancelPlan(parent!, canceled, 2))).toEqual({ status: 'conflict', reason: 'status_changed', currentStatus: 'canceled' });

    const mine = await requested(lock, daycarePlan({ parent: parent!, days: [dayAhead(29)], capacity: 5, waitlistAllowed: false }));
    expect(await lock.cancel(cancelPlan(other!, mine, 1))).toEqual({ status: 'conflict', reason: 'not_found' });
    expect(await lock.cancel(cancelPlan(parent!, mine, 7))).toEqual({ status: 'conflict', reason: 'version_changed', currentStatus: 'requested' });
    expect((await appointmentRow(mine))!.status).toBe('requested');
  });

  it('a decline frees the place for the next parent', async () => {
    const business = await bookingBusiness(1);
    const [a, b] = await createParents(business.id, 2);
    const day = dayAhead(32);
    const lock = lockOf(business.id);
    const first = await requested(lock, daycarePlan({ parent: a!, days: [day], capacity: 1, waitlistAllowed: false }));
    expect(await lock.submit(daycarePlan({ parent: b!, days: [day], capacity: 1, observedUnits: [0], waitlistAllowed: false }))).toMatchObject({
      status: 'full',
    });
    expect(await lock.decide({ businessId: business.id, appointmentId: first, decision: 'decline', now: Date.now() })).toEqual({
      status: 'ok',
      appointmentId: first,
      newStatus: 'canceled',
      version: 2,
    });
    expect((await appointmentRow(first))!.cancelReason).toBe('Declined by the business');
    // The route's read still says unit 0 is taken if it ran just before; the lock knows better.
    const second = await requested(lock, daycarePlan({ parent: b!, days: [day], capacity: 1, observedUnits: [0], waitlistAllowed: false }));
    expect((await claimsOn(business.id, daycareDayResource(day.date))).map((c) => c.appointmentId)).toEqual([second]);
  });

  it('confirming a waitlisted request takes a place, or answers full', async () => {
    const business = await bookingBusiness(1, true);
    const [a, b] = await createParents(business.id, 2);
    const day = dayAhead(33);
    const resource = daycareDayResource(day.date);
    const lock = lockOf(business.id);
    const holder = await requested(lock, daycarePlan({ parent: a!, days: [day], capacity: 1, waitlistAllowed: true }));
    const waiting = await lock.submit(daycarePlan({ parent: b!, days: [day], capacity: 1, waitlistAllowed: true }));
    const waitingId = (waiting as { appointmentIds: string[] }).appointmentIds[0]!;
    const needs = [{ resource, units: 1, capacity: 1, observedUnits: [0] }];
    const confirm = { businessId: business.id, appointmentId: waitingId, decision: 'confirm' as const, now: Date.now(), needs };
    expect(await lock.decide(confirm)).toEqual({ status: 'conflict', reason: 'full', fullResources: [resource] });
    expect(await lock.decide({ ...confirm, needs: undefined })).toEqual({ status: 'conflict', reason: 'status_changed', currentStatus: 'waitlisted' });
    await lock.decide({ businessId: business.id, appointmentId: holder, decision: 'decline', now: Date.now() });
    expect(await lock.decide(confirm)).toMatchObject({ status: 'ok', newStatus: 'confirmed', version: 2 });
    expect((await claimsOn(business.id, resource)).map((c) => [c.unit, c.appointmentId])).toEqual([[0, waitingId]]);
    expect(await ledger(lock, 'ledger_held')).toEqual([]);
  });
});

describe('reschedule', () => {
  it('moves a request to a free day, releasing the old place', async () => {
    const business = await bookingBusiness(1);
    const [a, b] = await createParents(business.id, 2);
    const [from, to] = [dayAhead(34), dayAhead(35)];
    const lock = lockOf(business.id);
    const id = await requested(lock, daycarePlan({ parent: a!, days: [from], capacity: 1, waitlistAllowed: false }));
    const plan = reschedulePlan(a!, id, to, { capacity: 1, waitlistAllowed: false });
    const outcome = await lock.reschedule(plan);
    expect(outcome).toEqual({ status: 'ok', appointmentId: id, newStatus: 'requested', version: 2 });
    expect(await lock.reschedule({ ...plan, submissionId: 'sub_again' })).toEqual({ ...outcome, replayed: true });
    expect(await claimsOn(business.id, daycareDayResource(from.date))).toEqual([]);
    expect((await claimsOn(business.id, daycareDayResource(to.date))).map((c) => c.appointmentId)).toEqual([id]);
    // The old day is free again for someone else.
    await requested(lock, daycarePlan({ parent: b!, days: [from], capacity: 1, observedUnits: [0], waitlistAllowed: false }));
    const notes = (await notificationsOf(business.id)).filter((n) => n.kind === 'rescheduled_by_client');
    expect(notes.map((n) => n.appointmentId)).toEqual([id]);
  });

  it('into a full day: conflict without a waitlist, waitlisted with one', async () => {
    for (const waitlist of [false, true]) {
      const business = await bookingBusiness(1, waitlist);
      const [a, b] = await createParents(business.id, 2);
      const [from, to] = [dayAhead(36), dayAhead(37)];
      const lock = lockOf(business.id);
      const id = await requested(lock, daycarePlan({ parent: a!, days: [from], capacity: 1, waitlistAllowed: waitlist }));
      await requested(lock, daycarePlan({ parent: b!, days: [to], capacity: 1, waitlistAllowed: waitlist }));
      const outcome = await lock.reschedule(reschedulePlan(a!, id, to, { capacity: 1, observedUnits: [0], waitlistAllowed: waitlist }));
      const row = await appointmentRow(id);
      if (!waitlist) {
        expect(outcome).toEqual({ status: 'conflict', reason: 'full', fullResources: [daycareDayResource(to.date)] });
        expect([row!.status, row!.version, row!.startsAt.getTime()]).toEqual(['requested', 1, from.startsAt]);
        expect(await claimsOn(business.id, daycareDayResource(from.date))).toHaveLength(1);
      } else {
        expect(outcome).toEqual({ status: 'ok', appointmentId: id, newStatus: 'waitlisted', version: 2 });
        expect([row!.status, row!.startsAt.getTime()]).toEqual(['waitlisted', to.startsAt]);
        expect(await claimsOn(business.id, daycareDayResource(from.date))).toEqual([]);
      }
      expect((await claimsOn(business.id, daycareDayResource(to.date))).map((c) => c.appointmentId)).not.toContain(id);
    }
  });

  it('may reuse its own place (a later time the same day), even when the ledger learnt it from an observation', async () => {
    const business = await bookingBusiness(1);
    const [a] = await createParents(business.id, 1);
    const day = dayAhead(38);
    const resource = daycareDayResource(day.date);
    const lock = lockOf(business.id);
    const id = await requested(lock, daycarePlan({ parent: a!, days: [day], capacity: 1, waitlistAllowed: false }));
    // Forget who holds unit 0, as after a restart from an observation.
    await runInDurableObject(lock, (_i: BookingLock, state) => state.storage.sql.exec('UPDATE ledger_committed SET appointment_id = NULL'));
    const later = { date: day.date, startsAt: day.startsAt + 60 * 60 * 1000 };
    const plan = reschedulePlan(a!, id, later, { capacity: 1, observedUnits: [0], waitlistAllowed: false });
    expect(await lock.reschedule(plan)).toEqual({ status: 'conflict', reason: 'full', fullResources: [resource] });
    const withOwnClaims = { ...plan, idempotencyKey: 'own-claims', currentClaims: [{ resource, unit: 0 }] };
    expect(await lock.reschedule(withOwnClaims)).toMatchObject({ status: 'ok', newStatus: 'requested', version: 2 });
    expect((await claimsOn(business.id, resource)).map((c) => [c.unit, c.appointmentId])).toEqual([[0, id]]);
    expect(await ledger(lock, 'ledger_committed')).toEqual([{ resource, unit: 0, appointment_id: id }]);
  });

  it('conflicts after the business confirmed (no change policy)', async () => {
    const business = await bookingBusiness(2);
    const [a] = await createParents(business.id, 1);
    const lock = lockOf(business.id);
    const id = await requested(lock, daycarePlan({ parent: a!, days: [dayAhead(39)], capacity: 2, waitlistAllowed: false }));
    await lock.decide({ businessId: business.id, appointmentId: id, decision: 'confirm', now: Date.now() });
    const outcome = await lock.reschedule(reschedulePlan(a!, id, dayAhead(44), { capacity: 2, waitlistAllowed: false }));
    expect(outcome).toEqual({ status: 'conflict', reason: 'status_changed', currentStatus: 'confirmed' });
    expect(await ledger(lock, 'ledger_held')).toEqual([]);
    const rows = await db
      .select()
      .from(schema.capacityClaims)
      .where(and(eq(schema.capacityClaims.businessId, business.id), inArray(schema.capacityClaims.appointmentId, [id])));
    expect(rows).toHaveLength(1);
  });
});
