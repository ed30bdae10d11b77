/**
 * The booking lock: one Durable Object per business (`business:<id>`, see ./stubs.ts) through
 * which every change to that business's booking requests and capacity passes — new requests,
 * the parent's reschedules and cancellations, the business's confirmations and declines — so
 * that no place is given twice and of two racing changes exactly one wins (SPEC §5).
 *
 * How (docs/decisions/0006-booking-lock.md has the whole argument):
 * - A Durable Object runs one event at a time only while it awaits its OWN storage. So each
 *   change decides and reserves in ONE `transactionSync` against the ledger (./booking-ledger.ts,
 *   in this object's SQLite), with no await in between; only then does it await its ONE
 *   database batch (db/queries/booking-writes.ts); then it commits or releases the reservation.
 * - The database stays the last guard: capacity_claims' primary key refuses a place taken
 *   twice (then the ledger was stale: it is re-read once and the change decided again), the
 *   idempotency key's UNIQUE refuses a second submission (then the first answer is replayed),
 *   and cancel/reschedule/decide are conditional updates that apply entirely or not at all.
 * - Changes to one appointment also queue behind each other here, so the second is judged
 *   against what the first did.
 * - If a batch gets no answer, its reservation stays, marked in storage; the alarm (or a retry
 *   with the same key) asks the database whether it committed and settles it.
 *
 * The pure decisions (which units, waitlist or full) are in domain/booking-plan.ts.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { createDb, type Db, type DbStats } from '../db/client';
import {
  cancelWrite,
  claimsOfResourcesRead,
  classifyWriteError,
  decisionWrite,
  holdCheckRead,
  okOutcome,
  rescheduleWrite,
  storedSubmissionRead,
  submissionWrite,
  type BatchWrite,
} from '../db/queries/booking-writes';
import { statusChangeWrite, type StatusChange } from '../db/queries/schedule';
import {
  allocate,
  assertNeeds,
  BOOKING_LOCK_UNAVAILABLE,
  conflictFor,
  DECIDABLE_STATUSES,
  decidePlacements,
  HOLD_TTL_MS,
  submissionOutcome,
  waitlistAll,
  type CancelPlan,
  type ChangeOutcome,
  type Claim,
  type DecisionPlan,
  type PlacementDecision,
  type ReschedulePlan,
  type ResourceNeed,
  type SubmissionOutcome,
  type SubmissionPlan,
} from '../domain/booking-plan';
import { isClientLimit } from '../domain/capacity';
import { newId } from '../domain/ids';
import { BookingLedger, type HoldRecord, type StoredOutcome } from './booking-ledger';

export type * from '../domain/booking-plan';
export { BOOKING_LOCK_UNAVAILABLE, isBookingLockUnavailable } from '../domain/booking-plan';

type Conflict = Extract<ChangeOutcome, { status: 'conflict' }>;
type Reserved = { kind: 'place'; claims: Claim[] } | { kind: 'waitlist' } | { kind: 'full'; fullResources: string[] };

/** Serialises one business's booking changes. Reach it only through `bookingLockForBusiness`. */
export class BookingLock extends DurableObject<Env> {
  private readonly ledger: BookingLedger;
  private readonly db: Db;
  /** Database round trips made by this instance (read by tests through runInDurableObject). */
  readonly dbStats: DbStats = { roundTrips: 0, durationMs: 0 };
  /** Submissions and reschedules running now, by idempotency key: a duplicate awaits the first. */
  private readonly byKey = new Map<string, { kind: StoredOutcome['kind']; clientId: string; done: Promise<unknown> }>();
  /** The tail of each appointment's queue of changes. */
  private readonly byAppointment = new Map<string, Promise<unknown>>();
  /** Holds whose batch is being awaited by this instance (the alarm leaves them alone). */
  private readonly writing = new Set<string>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ledger = new BookingLedger(ctx.storage);
    this.db = createDb(env, this.dbStats);
  }

  /**
   * A new booking request (one appointment, or one per daycare day). Each appointment whose
   * needs all fit gets its units and status requested; one that does not fit is waitlisted when
   * the plan allows it — otherwise the whole submission is `full` and nothing is saved.
   * Idempotent by key: the same key again (at once or later) gets the first answer, replayed.
   * @throws Error starting with {@link BOOKING_LOCK_UNAVAILABLE} when the database did not answer
   */
  async submit(plan: SubmissionPlan): Promise<SubmissionOutcome> {
    this.assertBusiness(plan.businessId);
    if (!plan.appointments.length) throw new TypeError('booking-lock: a submission needs an appointment');
    for (const a of plan.appointments) assertNeeds(a.needs);
    return this.once(plan.idempotencyKey, 'create', plan.clientId, () => this.runSubmit(plan));
  }

  /**
   * A parent moves a request to a new time: new units first (waitlisted if full and allowed,
   * else conflict `full`), the old ones released once written. Conflict when the appointment is
   * no longer this client's, in an allowed status, at the expected version. Idempotent by key.
   * @throws Error starting with {@link BOOKING_LOCK_UNAVAILABLE} when the database did not answer
   */
  async reschedule(plan: ReschedulePlan): Promise<ChangeOutcome> {
    this.assertBusiness(plan.businessId);
    assertNeeds(plan.needs);
    return this.once(plan.idempotencyKey, 'reschedule', plan.clientId, () => this.serial(plan.appointmentId, () => this.runReschedule(plan)));
  }

  /**
   * A parent cancels a request: → canceled with the reason, units released, business notified —
   * or a conflict saying what the appointment is now.
   * @throws Error starting with {@link BOOKING_LOCK_UNAVAILABLE} when the database did not answer
   */
  async cancel(plan: CancelPlan): Promise<ChangeOutcome> {
    this.assertBusiness(plan.businessId);
    return this.serial(plan.appointmentId, async () => {
      const written = await this.write(null, cancelWrite(this.db, plan));
      if (!written.ok) throw new Error(`booking-lock: cancel refused by the database (${written.failure})`);
      const result = written.result;
      if (!result.applied) return conflictFor(result.current, plan);
      this.tx(() => this.ledger.releaseUnits(plan.appointmentId, result.releasedClaims, Date.now()));
      return okOutcome(plan.appointmentId, result);
    });
  }

  /**
   * The business confirms (requested/unconfirmed; with `needs`, also waitlisted, taking those
   * places instead of what it held — conflict `full` when there is none), declines (→ canceled,
   * units released) or moves a request to the waitlist (units released).
   * @throws Error starting with {@link BOOKING_LOCK_UNAVAILABLE} when the database did not answer
   */
  async decide(plan: DecisionPlan): Promise<ChangeOutcome> {
    this.assertBusiness(plan.businessId);
    if (plan.needs) assertNeeds(plan.needs);
    return this.serial(plan.appointmentId, () => this.runDecide(plan));
  }

  /**
   * Staff move a booked visit along the schedule (check in, finish, no-show, cancel…): the
   * change's one batch (db/queries/schedule.ts), queued behind the appointment's other changes;
   * the places a no-show or cancel gives back leave the ledger at once, so the next parent can
   * take them. `applied` false: the visit changed since the staff member's page was loaded.
   * @throws Error starting with {@link BOOKING_LOCK_UNAVAILABLE} when the database did not answer
   */
  async changeStatus(change: StatusChange): Promise<{ applied: boolean }> {
    this.assertBusiness(change.businessId);
    return this.serial(change.appointmentId, async () => {
      const written = await this.write(null, statusChangeWrite(this.db, change));
      if (!written.ok) throw new Error(`booking-lock: status change refused by the database (${written.failure})`);
      const { applied, released } = written.result;
      if (released.length) this.tx(() => this.ledger.releaseUnits(change.appointmentId, released, Date.now()));
      return { applied };
    });
  }

  /**
   * Settles every hold whose batch this instance is not awaiting (its answer was lost, or the
   * object was evicted mid-await): the database says which units the appointments hold, and
   * the ledger takes that. Then prunes, and re-arms. Idempotent; a failure is retried.
   */
  override async alarm(): Promise<void> {
    for (const hold of this.ledger.holds()) {
      if (!this.writing.has(hold.id)) await this.settle(hold);
    }
    this.tx(() => this.ledger.prune(Date.now()));
    await this.armAlarm(true);
  }

  // ---- Flows ------------------------------------------------------------------------------------

  private async runSubmit(plan: SubmissionPlan): Promise<SubmissionOutcome> {
    const replay = await this.settleEarlierAttempt(plan.idempotencyKey);
    if (replay) return replay as SubmissionOutcome;
    let decision = this.reserveSubmission(plan);
    for (let attempt = 1; ; attempt++) {
      if (decision.kind === 'full') return { status: 'full', fullResources: decision.fullResources };
      const outcome = submissionOutcome(decision.placements);
      const written = await this.write(plan.submissionId, submissionWrite(this.db, plan, decision.placements, outcome));
      if (written.ok) {
        this.finish(plan.submissionId, 'commit', { key: plan.idempotencyKey, kind: 'create', clientId: plan.clientId, outcome });
        return outcome;
      }
      if (written.failure === 'duplicate_key')
        return (await this.replayFromDatabase(plan.businessId, plan.idempotencyKey, 'create', plan.clientId)) as SubmissionOutcome;
      // capacity_taken: the ledger was stale. Re-read those resources once and decide again;
      // if the places are taken under our feet a second time, fall back to the waitlist.
      if (attempt === 1) {
        await this.refresh(
          plan.businessId,
          plan.appointments.flatMap((a) => a.needs),
        );
        decision = this.reserveSubmission(plan);
      } else {
        decision = waitlistAll(plan.appointments, plan.waitlistAllowed);
      }
    }
  }

  private async runReschedule(plan: ReschedulePlan): Promise<ChangeOutcome> {
    const replay = await this.settleEarlierAttempt(plan.idempotencyKey);
    if (replay) return replay as ChangeOutcome;
    let reserved = this.reserveFor(plan.submissionId, 'reschedule', plan, plan.needs, plan.waitlistAllowed);
    for (let attempt = 1; ; attempt++) {
      if (reserved.kind === 'full') return { status: 'conflict', reason: 'full', fullResources: reserved.fullResources };
      const written = await this.write(plan.submissionId, rescheduleWrite(this.db, plan, reserved.kind === 'place' ? reserved.claims : null));
      if (written.ok) {
        const result = written.result;
        if (result.storedOutcome) {
          this.finish(plan.submissionId, 'release');
          return this.rememberReplay(plan.idempotencyKey, 'reschedule', plan.clientId, JSON.parse(result.storedOutcome)) as ChangeOutcome;
        }
        if (!result.applied) {
          this.finish(plan.submissionId, 'release');
          const full: Conflict = { status: 'conflict', reason: 'full', fullResources: plan.needs.map((n) => n.resource) };
          return conflictFor(result.current, plan, full);
        }
        const outcome = okOutcome(plan.appointmentId, result);
        this.tx(() => {
          const now = Date.now();
          this.ledger.releaseUnits(plan.appointmentId, result.releasedClaims, now);
          this.ledger.syncAppointment(plan.appointmentId, [], now);
        });
        this.finish(plan.submissionId, 'commit', { key: plan.idempotencyKey, kind: 'reschedule', clientId: plan.clientId, outcome });
        return outcome;
      }
      if (written.failure === 'duplicate_key')
        return (await this.replayFromDatabase(plan.businessId, plan.idempotencyKey, 'reschedule', plan.clientId)) as ChangeOutcome;
      if (attempt === 1) {
        await this.refresh(plan.businessId, plan.needs);
        reserved = this.reserveFor(plan.submissionId, 'reschedule', plan, plan.needs, plan.waitlistAllowed);
      } else {
        reserved = plan.waitlistAllowed ? { kind: 'waitlist' } : { kind: 'full', fullResources: plan.needs.map((n) => n.resource) };
      }
    }
  }

  private async runDecide(plan: DecisionPlan): Promise<ChangeOutcome> {
    if (plan.decision !== 'confirm') {
      const written = await this.write(null, decisionWrite(this.db, plan, null));
      if (!written.ok) throw new Error(`booking-lock: ${plan.decision} refused by the database (${written.failure})`);
      const result = written.result;
      if (!result.applied) return conflictFor(result.current, { allowedStatuses: plan.decision === 'waitlist' ? ['requested'] : DECIDABLE_STATUSES });
      this.tx(() => this.ledger.releaseUnits(plan.appointmentId, result.releasedClaims, Date.now()));
      return okOutcome(plan.appointmentId, result);
    }
    if (!plan.needs) {
      const written = await this.write(null, decisionWrite(this.db, plan, null));
      if (!written.ok) throw new Error(`booking-lock: confirm refused by the database (${written.failure})`);
      if (!written.result.applied) return conflictFor(written.result.current, { allowedStatuses: ['requested', 'unconfirmed'] });
      return okOutcome(plan.appointmentId, written.result);
    }
    // Places taken by the business: rare, so the lock reads the database's claims on them first
    // (the route sends no observation), then swaps the appointment's claims for these.
    const needs = plan.needs;
    await this.refresh(plan.businessId, needs);
    const holdId = newId('hold');
    for (let attempt = 1; ; attempt++) {
      const reserved = this.reserveFor(holdId, 'decide', plan, needs, false);
      if (reserved.kind !== 'place') return { status: 'conflict', reason: 'full', fullResources: reserved.kind === 'full' ? reserved.fullResources : [] };
      const written = await this.write(holdId, decisionWrite(this.db, plan, reserved.claims));
      if (written.ok) {
        const result = written.result;
        if (!result.applied) {
          this.finish(holdId, 'release');
          return conflictFor(result.current, { allowedStatuses: DECIDABLE_STATUSES });
        }
        this.tx(() => {
          const now = Date.now();
          this.ledger.releaseUnits(plan.appointmentId, result.releasedClaims, now);
          this.ledger.syncAppointment(plan.appointmentId, [], now);
        });
        this.finish(holdId, 'commit');
        return okOutcome(plan.appointmentId, result);
      }
      if (written.failure !== 'capacity_taken' || attempt > 1) {
        return { status: 'conflict', reason: 'full', fullResources: needs.map((n) => n.resource) };
      }
      await this.refresh(plan.businessId, needs);
    }
  }

  // ---- Decide and reserve (synchronous: one transaction, no await) ------------------------------

  private reserveSubmission(plan: SubmissionPlan): PlacementDecision {
    const now = Date.now();
    const decision = this.tx(() => {
      for (const a of plan.appointments) this.ledger.observe(a.needs, now);
      const d = decidePlacements(plan.appointments, plan.waitlistAllowed, (r) => this.ledger.taken(r));
      const claims = d.kind === 'place' ? d.placements.flatMap((p) => p.claims) : [];
      if (claims.length) {
        this.ledger.hold(
          this.holdRecord(
            plan.submissionId,
            'create',
            plan,
            plan.appointments.map((a) => a.id),
            now,
          ),
          claims,
          now,
        );
      }
      return d;
    });
    this.afterReserve(plan.submissionId);
    return decision;
  }

  /** Units for one appointment's needs (its own units count as free), or waitlist / full. */
  private reserveFor(
    holdId: string,
    kind: 'reschedule' | 'decide',
    plan: ReschedulePlan | DecisionPlan,
    needs: readonly ResourceNeed[],
    waitlistAllowed: boolean,
  ): Reserved {
    const now = Date.now();
    const reserved = this.tx((): Reserved => {
      this.ledger.observe(needs, now);
      if ('currentClaims' in plan && plan.currentClaims) this.ledger.adopt(plan.appointmentId, plan.currentClaims);
      const result = allocate(plan.appointmentId, needs, (r) => this.ledger.taken(r, plan.appointmentId));
      if (!result.ok) {
        const overLimit = result.fullResources.some(isClientLimit);
        return waitlistAllowed && !overLimit ? { kind: 'waitlist' } : { kind: 'full', fullResources: result.fullResources };
      }
      if (result.claims.length) this.ledger.hold(this.holdRecord(holdId, kind, plan, [plan.appointmentId], now), result.claims, now);
      return { kind: 'place', claims: result.claims };
    });
    this.afterReserve(holdId);
    return reserved;
  }

  private holdRecord(
    id: string,
    kind: HoldRecord['kind'],
    plan: { businessId: string; clientId?: string; idempotencyKey?: string; submissionId?: string },
    appointmentIds: string[],
    now: number,
  ): HoldRecord {
    return {
      id,
      kind,
      businessId: plan.businessId,
      clientId: plan.clientId ?? null,
      idempotencyKey: plan.idempotencyKey ?? null,
      submissionId: plan.submissionId ?? null,
      appointmentIds,
      expiresAt: now + HOLD_TTL_MS,
    };
  }

  /** Marks a fresh hold as being written by this instance and makes sure the alarm will see it. */
  private afterReserve(holdId: string): void {
    if (!this.ledger.hasHold(holdId)) return;
    this.writing.add(holdId);
    // Not awaited: the alarm is only a safety net, and storage writes are ordered anyway.
    this.armAlarm(false).catch((err) => console.error('booking-lock: could not arm the alarm', err));
  }

  // ---- Database ---------------------------------------------------------------------------------

  /**
   * Runs one batch. On a refusal the database answered (it rolled back), the hold is released
   * and the reason returned; a statement error other than a key or place conflict is a bug and
   * is thrown. Without an answer the hold stays for the alarm and the lock throws
   * {@link BOOKING_LOCK_UNAVAILABLE}. On success the caller commits or releases the hold.
   */
  private async write<R>(
    holdId: string | null,
    w: BatchWrite<R>,
  ): Promise<{ ok: true; result: R } | { ok: false; failure: 'duplicate_key' | 'capacity_taken' }> {
    try {
      return { ok: true, result: w.read(await this.db.batch(w.statements)) };
    } catch (err) {
      const failure = classifyWriteError(err);
      if (failure === 'unknown') {
        if (holdId) this.writing.delete(holdId);
        throw new Error(`${BOOKING_LOCK_UNAVAILABLE}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (holdId) this.finish(holdId, 'release');
      if (failure === 'rejected') throw err;
      return { ok: false, failure };
    }
  }

  private async read<R>(w: BatchWrite<R>): Promise<R> {
    try {
      return w.read(await this.db.batch(w.statements));
    } catch (err) {
      throw new Error(`${BOOKING_LOCK_UNAVAILABLE}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A batch answered: its hold's units become committed (or free), and the answer is remembered. */
  private finish(
    holdId: string,
    how: 'commit' | 'release',
    remember?: { key: string; kind: StoredOutcome['kind']; clientId: string; outcome: SubmissionOutcome | ChangeOutcome },
  ): void {
    this.tx(() => {
      const now = Date.now();
      if (how === 'commit') this.ledger.commit(holdId, now);
      else this.ledger.release(holdId, now);
      if (remember) {
        const { replayed: _, ...outcome } = remember.outcome as { replayed?: boolean };
        this.ledger.storeOutcome(remember.key, { kind: remember.kind, clientId: remember.clientId, outcome }, now);
      }
    });
    this.writing.delete(holdId);
  }

  /** The database's claims on these resources replace the ledger's (one extra round trip, rare). */
  private async refresh(businessId: string, needs: readonly ResourceNeed[]): Promise<void> {
    const resources = [...new Set(needs.map((n) => n.resource))];
    const claims = await this.read(claimsOfResourcesRead(this.db, businessId, resources));
    this.tx(() => this.ledger.refresh(resources, claims, Date.now()));
  }

  /** A hold whose batch got no answer: the ledger takes what the database holds now. */
  private async settle(hold: HoldRecord): Promise<void> {
    const check = await this.read(holdCheckRead(this.db, hold.businessId, hold.appointmentIds, hold.submissionId));
    this.tx(() => {
      if (!this.ledger.hasHold(hold.id)) return; // settled meanwhile
      const now = Date.now();
      for (const id of hold.appointmentIds) {
        this.ledger.syncAppointment(
          id,
          check.claims.filter((c) => c.appointmentId === id),
          now,
        );
      }
      this.ledger.dropHold(hold.id);
      if (check.submissionOutcome && hold.idempotencyKey && hold.clientId && hold.kind !== 'decide') {
        this.ledger.storeOutcome(hold.idempotencyKey, { kind: hold.kind, clientId: hold.clientId, outcome: JSON.parse(check.submissionOutcome) }, now);
      }
    });
  }

  /**
   * A retry of a submission whose earlier attempt got no answer: settle that attempt first; if
   * it was saved, its answer is the answer (replayed).
   */
  private async settleEarlierAttempt(key: string): Promise<SubmissionOutcome | ChangeOutcome | null> {
    const earlier = this.ledger.holdByKey(key);
    if (!earlier || this.writing.has(earlier.id)) return null;
    await this.settle(earlier);
    const stored = this.ledger.outcome(key);
    return stored ? replayed(stored.outcome as SubmissionOutcome | ChangeOutcome) : null;
  }

  private async replayFromDatabase(businessId: string, key: string, kind: StoredOutcome['kind'], clientId: string) {
    const row = await this.read(storedSubmissionRead(this.db, businessId, key));
    if (!row) throw new Error('booking-lock: idempotency key refused by the database but not found');
    if (row.kind !== kind || row.clientId !== clientId) throw keyMisuse();
    return this.rememberReplay(key, kind, clientId, JSON.parse(row.outcome));
  }

  private rememberReplay(key: string, kind: StoredOutcome['kind'], clientId: string, outcome: unknown) {
    this.tx(() => this.ledger.storeOutcome(key, { kind, clientId, outcome }, Date.now()));
    return replayed(outcome as SubmissionOutcome | ChangeOutcome);
  }

  // ---- Serialisation helpers --------------------------------------------------------------------

  /** Runs `run` once per idempotency key: a duplicate in flight awaits it, a later one gets it replayed. */
  private async once<T extends SubmissionOutcome | ChangeOutcome>(
    key: string,
    kind: StoredOutcome['kind'],
    clientId: string,
    run: () => Promise<T>,
  ): Promise<T> {
    const running = this.byKey.get(key);
    if (running) {
      if (running.kind !== kind || running.clientId !== clientId) throw keyMisuse();
      return replayed((await running.done) as T);
    }
    const stored = this.ledger.outcome(key);
    if (stored) {
      if (stored.kind !== kind || stored.clientId !== clientId) throw keyMisuse();
      return replayed(stored.outcome as T);
    }
    const done = run();
    this.byKey.set(key, { kind, clientId, done });
    try {
      return await done;
    } finally {
      this.byKey.delete(key);
    }
  }

  /** Changes to one appointment run one after the other, each seeing what the previous did. */
  private async serial<T>(appointmentId: string, run: () => Promise<T>): Promise<T> {
    const previous = this.byAppointment.get(appointmentId) ?? Promise.resolve();
    const current = previous.then(run);
    const tail = current.catch(() => undefined);
    this.byAppointment.set(appointmentId, tail);
    try {
      return await current;
    } finally {
      if (this.byAppointment.get(appointmentId) === tail) this.byAppointment.delete(appointmentId);
    }
  }

  private tx<T>(fn: () => T): T {
    return this.ctx.storage.transactionSync(fn);
  }

  /** Points the alarm at the next hold expiry or pruning time (never later than an alarm already set). */
  private async armAlarm(fromAlarm: boolean): Promise<void> {
    const next = this.ledger.nextAlarm(Date.now(), this.writing, HOLD_TTL_MS);
    if (next === null) return;
    const current = fromAlarm ? null : await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  /** Every plan names its business; it must be this object's (`business:<id>`). */
  private assertBusiness(businessId: string): void {
    if (!businessId || this.ctx.id.name !== `business:${businessId}`) {
      throw new Error(`booking-lock: plan for business ${JSON.stringify(businessId)} sent to ${this.ctx.id.name ?? 'an unnamed object'}`);
    }
  }
}

/** The stored answer, marked as a replay (conflicts and `full` are never stored, so never replayed). */
function replayed<T extends SubmissionOutcome | ChangeOutcome>(outcome: T): T {
  if (outcome.status === 'full' || outcome.status === 'conflict') return outcome;
  return { ...outcome, replayed: true };
}

function keyMisuse(): Error {
  return new Error('booking-lock: idempotency key already used by another client or another kind of change');
}
