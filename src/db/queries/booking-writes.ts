/**
 * The database side of the booking lock (durable-objects/booking-lock.ts): every change to a
 * business's booking requests is ONE atomic `db.batch` built here, and the few reads the lock
 * makes in rare cases (a stale ledger, an interrupted write, a replayed key).
 *
 * Each builder returns a {@link BatchWrite}: the statements, and `read` to turn the batch's
 * results into what the lock needs. Builders never await.
 *
 * Conditional changes (cancel, reschedule, decide) follow one pattern, so they apply entirely
 * or not at all without an interactive transaction:
 *   1. every dependent statement (claims deleted or inserted, notification, submission record,
 *      staff lines) runs FIRST, each guarded by `EXISTS (appointment matches the precondition)`;
 *   2. the conditional UPDATE of the appointment runs LAST, with the same precondition, and
 *      RETURNING tells whether it applied;
 *   3. a final SELECT reads the appointment as it now is (for the conflict message).
 * Nothing before the UPDATE touches the appointment row, and the batch is one transaction, so
 * every guard sees the same row the UPDATE sees: all apply or none does. The precondition is
 * business + id (+ client for the parent's changes) + allowed statuses (+ version).
 *
 * The database stays the last guard: capacity_claims' PRIMARY KEY(business_id, resource, unit)
 * refuses a place taken twice, booking_submissions' UNIQUE(business_id, idempotency_key) a key
 * used twice; {@link classifyWriteError} tells the lock which one refused a batch.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import {
  appointmentAddOns,
  appointmentPets,
  appointmentServices,
  appointments,
  bookingSubmissions,
  businessNotifications,
  capacityClaims,
  type AppointmentStatus,
} from '../schema';
import { newId } from '../../domain/ids';
import {
  DECIDABLE_STATUSES,
  DECLINED_REASON,
  type CancelPlan,
  type ChangeOutcome,
  type Claim,
  type DecisionPlan,
  type QueuedSms,
  type Placement,
  type ReschedulePlan,
  type SubmissionOutcome,
  type StaffRequestEmail,
  type SubmissionPlan,
} from '../../domain/booking-plan';
import { webhookDeliveriesForNotification } from './webhooks';

type Statement = BatchItem<'sqlite'>;

/** Statements for one `db.batch`, and how to read its results. */
export interface BatchWrite<R> {
  statements: [Statement, ...Statement[]];
  read(results: readonly unknown[]): R;
}

/** A unit of capacity as stored (without its appointment). */
export interface ResourceUnit {
  resource: string;
  unit: number;
}

/** What a conditional change did. */
export interface ChangeResult {
  applied: boolean;
  /** The appointment after the batch; null when no such appointment (for this business/client). */
  current: { status: AppointmentStatus; version: number } | null;
  /** Claims the change deleted (cancel, decline, reschedule). */
  releasedClaims: ResourceUnit[];
  /** Claims the change inserted (reschedule, confirming a waitlisted request). */
  insertedClaims: ResourceUnit[];
  /** Reschedule: the outcome already stored under its key BEFORE this batch (a replay), else null. */
  storedOutcome: string | null;
}

/** Statuses a request keeps on the waitlist path: only pending requests may go (back) there. */
const PENDING: readonly AppointmentStatus[] = ['requested', 'waitlisted'];

// ---- New requests -----------------------------------------------------------------------------

/** The outcome as stored in booking_submissions (without `replayed`, which depends on the caller). */
export function storedSubmissionOutcome(outcome: SubmissionOutcome): string {
  if (outcome.status === 'full') throw new TypeError('a full submission is never stored');
  const { status, appointmentIds, waitlistedIds } = outcome;
  return JSON.stringify({ status, appointmentIds, waitlistedIds });
}

/**
 * A new booking request in one batch: the submission record (first, so a replayed key is what
 * the database reports), then per appointment its row (requested or waitlisted, version 1),
 * pets, service and add-on lines and capacity claims, and one notification for the business.
 */
export function submissionWrite(db: Db, plan: SubmissionPlan, placements: readonly Placement[], outcome: SubmissionOutcome): BatchWrite<void> {
  const now = new Date(plan.now);
  const statusOf = new Map(placements.map((p) => [p.appointmentId, p.status]));
  const statements: Statement[] = [
    db.insert(bookingSubmissions).values({
      id: plan.submissionId,
      businessId: plan.businessId,
      clientId: plan.clientId,
      idempotencyKey: plan.idempotencyKey,
      kind: 'create',
      outcome: storedSubmissionOutcome(outcome),
      createdAt: now,
    }),
  ];
  for (const a of plan.appointments) {
    const status = statusOf.get(a.id);
    if (!status) throw new TypeError(`submissionWrite: no placement for appointment ${a.id}`);
    statements.push(
      db.insert(appointments).values({
        id: a.id,
        businessId: plan.businessId,
        clientId: plan.clientId,
        serviceType: a.serviceType,
        status,
        startsAt: new Date(a.startsAt),
        endsAt: new Date(a.endsAt),
        notes: a.notes,
        submissionId: plan.submissionId,
        depositRequiredMinor: a.depositRequiredMinor,
        vaccinationRecordNeeded: a.vaccinationRecordNeeded ?? false,
        version: 1,
        createdAt: now,
        updatedAt: now,
      }),
    );
    if (a.pets.length) {
      statements.push(
        db.insert(appointmentPets).values(a.pets.map((p) => ({ id: p.appointmentPetId, businessId: plan.businessId, appointmentId: a.id, petId: p.petId }))),
      );
    }
    const serviceLines = a.pets.flatMap((p) =>
      p.services.map((l) => ({
        id: l.id,
        businessId: plan.businessId,
        appointmentPetId: p.appointmentPetId,
        serviceId: l.itemId,
        staffId: l.staffId,
        staffRequested: l.staffRequested ?? false,
        priceMinor: l.priceMinor,
      })),
    );
    if (serviceLines.length) statements.push(db.insert(appointmentServices).values(serviceLines));
    const addOnLines = a.pets.flatMap((p) =>
      p.addOns.map((l) => ({
        id: l.id,
        businessId: plan.businessId,
        appointmentPetId: p.appointmentPetId,
        addOnId: l.itemId,
        staffId: l.staffId,
        priceMinor: l.priceMinor,
      })),
    );
    if (addOnLines.length) statements.push(db.insert(appointmentAddOns).values(addOnLines));
  }
  const claims = placements.flatMap((p) => p.claims);
  if (claims.length) {
    statements.push(
      db
        .insert(capacityClaims)
        .values(claims.map((c) => ({ businessId: plan.businessId, resource: c.resource, unit: c.unit, appointmentId: c.appointmentId }))),
    );
  }
  const notificationId = newId('ntf');
  statements.push(
    db.insert(businessNotifications).values({
      id: notificationId,
      businessId: plan.businessId,
      kind: 'new_request',
      clientId: plan.clientId,
      appointmentId: plan.appointments[0]?.id ?? null,
      summary: plan.notificationSummary,
      createdAt: now,
    }),
    webhookDeliveriesForNotification(db, notificationId),
  );
  if (plan.staffEmail) statements.push(staffRequestEmails(db, plan.businessId, plan.staffEmail, plan.now));
  return { statements: statements as BatchWrite<void>['statements'], read: () => undefined };
}

/**
 * One email per staff member of the business who asked for new requests by email, in the
 * submission's batch (so a request never exists without its emails, nor the other way round).
 * Queued for a real provider (the cron delivers it, messaging/delivery.ts); "sent" for the
 * development outbox, where the row is the delivery.
 */
function staffRequestEmails(db: Db, businessId: string, email: StaffRequestEmail, now: number) {
  const status = email.immediate ? 'sent' : 'queued';
  return db.run(sql`INSERT INTO "email_outbox" ("id", "to_address", "subject", "body_text", "provider", "status", "provider_message_id", "error", "created_at")
    SELECT x.id, x.email, ${email.subject}, ${email.text}, ${email.provider}, ${status}, CASE WHEN ${email.immediate ? 1 : 0} = 1 THEN x.id END, NULL, CAST(${now} AS INTEGER)
    FROM (SELECT 'eml_' || lower(hex(randomblob(16))) AS id, a.email AS email
      FROM "staff_memberships" m JOIN "staff_accounts" a ON a.id = m.staff_account_id
      WHERE m.business_id = ${businessId} AND m.email_new_requests = 1) x`);
}

/** The submission stored under an idempotency key, if any. */
export function storedSubmissionRead(db: Db, businessId: string, idempotencyKey: string) {
  const statement = db
    .select({
      id: bookingSubmissions.id,
      clientId: bookingSubmissions.clientId,
      kind: bookingSubmissions.kind,
      outcome: bookingSubmissions.outcome,
    })
    .from(bookingSubmissions)
    .where(and(eq(bookingSubmissions.businessId, businessId), eq(bookingSubmissions.idempotencyKey, idempotencyKey)));
  return {
    statements: [statement],
    read: (results: readonly unknown[]) => (results[0] as { id: string; clientId: string; kind: string; outcome: string }[])[0] ?? null,
  } satisfies BatchWrite<unknown>;
}

// ---- Ledger reads -----------------------------------------------------------------------------

/** Every claim on these resources (to rebuild a stale ledger). */
export function claimsOfResourcesRead(db: Db, businessId: string, resources: readonly string[]): BatchWrite<Claim[]> {
  const statement = db
    .select({ resource: capacityClaims.resource, unit: capacityClaims.unit, appointmentId: capacityClaims.appointmentId })
    .from(capacityClaims)
    .where(and(eq(capacityClaims.businessId, businessId), inArray(capacityClaims.resource, [...resources])));
  return { statements: [statement], read: (results) => results[0] as Claim[] };
}

/**
 * Whether an interrupted write committed: the claims its appointments hold now, and the outcome
 * stored under its submission id (null when there is none, or no submission was involved).
 */
export function holdCheckRead(
  db: Db,
  businessId: string,
  appointmentIds: readonly string[],
  submissionId: string | null,
): BatchWrite<{ claims: Claim[]; submissionOutcome: string | null }> {
  return {
    statements: [
      db
        .select({ resource: capacityClaims.resource, unit: capacityClaims.unit, appointmentId: capacityClaims.appointmentId })
        .from(capacityClaims)
        .where(and(eq(capacityClaims.businessId, businessId), inArray(capacityClaims.appointmentId, [...appointmentIds]))),
      db
        .select({ outcome: bookingSubmissions.outcome })
        .from(bookingSubmissions)
        .where(and(eq(bookingSubmissions.businessId, businessId), eq(bookingSubmissions.id, submissionId ?? ''))),
    ],
    read: (results) => ({
      claims: results[0] as Claim[],
      submissionOutcome: (results[1] as { outcome: string }[])[0]?.outcome ?? null,
    }),
  };
}

// ---- Conditional changes ----------------------------------------------------------------------

/** Which appointment, in which state, a conditional change expects. */
interface Precondition {
  businessId: string;
  appointmentId: string;
  /** Parent changes only: the appointment must be this client's. */
  clientId?: string;
  statuses: readonly AppointmentStatus[];
  version?: number;
}

/** The precondition on the `appointments` row, columns qualified (valid inside any statement). */
function matches(p: Precondition): SQL {
  const parts: SQL[] = [
    sql`"appointments"."id" = ${p.appointmentId}`,
    sql`"appointments"."business_id" = ${p.businessId}`,
    sql`"appointments"."status" IN (${sql.join(
      p.statuses.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  ];
  if (p.clientId !== undefined) parts.push(sql`"appointments"."client_id" = ${p.clientId}`);
  if (p.version !== undefined) parts.push(sql`"appointments"."version" = ${p.version}`);
  return sql.join(parts, sql` AND `);
}

function guard(p: Precondition): SQL {
  return sql`EXISTS (SELECT 1 FROM "appointments" WHERE ${matches(p)})`;
}

/** The appointment as it is after the batch (the last statement). */
function currentRead(db: Db, p: Precondition) {
  const where = [eq(appointments.id, p.appointmentId), eq(appointments.businessId, p.businessId)];
  if (p.clientId !== undefined) where.push(eq(appointments.clientId, p.clientId));
  return db
    .select({ status: appointments.status, version: appointments.version })
    .from(appointments)
    .where(and(...where));
}

function releaseClaims(db: Db, p: Precondition) {
  return db
    .delete(capacityClaims)
    .where(and(eq(capacityClaims.businessId, p.businessId), eq(capacityClaims.appointmentId, p.appointmentId), guard(p)))
    .returning({ resource: capacityClaims.resource, unit: capacityClaims.unit });
}

/** Inserts claims only when the precondition holds, returning the rows inserted. */
function insertClaims(db: Db, p: Precondition, claims: readonly ResourceUnit[]) {
  const rows = sql.join(
    claims.map((c) => sql`(${p.businessId}, ${c.resource}, ${c.unit}, ${p.appointmentId})`),
    sql`, `,
  );
  return db.all<ResourceUnit>(sql`INSERT INTO "capacity_claims" ("business_id", "resource", "unit", "appointment_id")
    SELECT "column1", "column2", CAST("column3" AS INTEGER), "column4" FROM (VALUES ${rows}) WHERE ${guard(p)}
    RETURNING "resource", "unit"`);
}

/**
 * The parent's text, stored only when the precondition holds (so only with a decision that
 * applies). OR IGNORE: a batch written again after a lost answer does not fail on the same id.
 */
function tellParent(db: Db, p: Precondition, m: QueuedSms, now: number) {
  const status = m.immediate ? 'sent' : 'queued';
  const providerMessageId = m.immediate ? m.id : null;
  return db.run(sql`INSERT OR IGNORE INTO "sms_outbox" ("id", "to_e164", "body", "provider", "status", "provider_message_id", "error", "created_at")
    SELECT ${m.id}, ${m.toE164}, ${m.body}, ${m.provider}, ${status}, ${providerMessageId}, NULL, CAST(${now} AS INTEGER) WHERE ${guard(p)}`);
}

/** The staff action's audit row, in the decision's own batch and only if the decision applies. */
function auditDecision(db: Db, p: Precondition, plan: DecisionPlan) {
  const a = plan.audit!;
  return db.run(sql`INSERT INTO "audit_log" ("id", "business_id", "staff_account_id", "action", "record_type", "record_id", "detail", "ip_address", "created_at")
    SELECT ${a.id}, ${p.businessId}, ${a.staffAccountId}, ${`request.${plan.decision}`}, 'appointment', ${p.appointmentId}, ${a.detail}, ${a.ipAddress}, CAST(${plan.now} AS INTEGER) WHERE ${guard(p)}`);
}

function notify(db: Db, p: Precondition, kind: 'canceled_by_client' | 'rescheduled_by_client', clientId: string, summary: string, now: number, id: string) {
  return db.run(sql`INSERT INTO "business_notifications" ("id", "business_id", "kind", "client_id", "appointment_id", "summary", "created_at")
    SELECT ${id}, ${p.businessId}, ${kind}, ${clientId}, ${p.appointmentId}, ${summary}, CAST(${now} AS INTEGER) WHERE ${guard(p)}`);
}

/** Service and add-on lines of the appointment given to another staff member, only if the precondition holds. */
function staffLineChanges(db: Db, p: Precondition, changes: readonly { lineId: string; staffId: string | null }[]): Statement[] {
  return changes.flatMap((change) =>
    [appointmentServices, appointmentAddOns].map((table) =>
      db
        .update(table)
        .set({ staffId: change.staffId })
        .where(
          and(
            eq(table.id, change.lineId),
            eq(table.businessId, p.businessId),
            sql`${table.appointmentPetId} IN (SELECT "id" FROM "appointment_pets" WHERE "appointment_id" = ${p.appointmentId})`,
            guard(p),
          ),
        ),
    ),
  );
}

interface ReadIndexes {
  updated: number;
  current: number;
  released?: number;
  inserted?: number;
  stored?: number;
}

function changeReader(ix: ReadIndexes) {
  return (results: readonly unknown[]): ChangeResult => {
    const rows = <T>(i: number | undefined) => (i === undefined ? [] : (results[i] as T[]));
    return {
      applied: rows(ix.updated).length === 1,
      current: rows<{ status: AppointmentStatus; version: number }>(ix.current)[0] ?? null,
      releasedClaims: rows<ResourceUnit>(ix.released).map(unitOf),
      insertedClaims: rows<ResourceUnit>(ix.inserted).map(unitOf),
      storedOutcome: rows<{ outcome: string }>(ix.stored)[0]?.outcome ?? null,
    };
  };
}

function unitOf(r: ResourceUnit): ResourceUnit {
  return { resource: r.resource, unit: Number(r.unit) };
}

/**
 * A parent cancels a request: claims released, "canceled by client" notification, then the
 * appointment → canceled with the reason, version + 1 — only if it is still this client's, in
 * an allowed status and at the expected version.
 */
export function cancelWrite(db: Db, plan: CancelPlan): BatchWrite<ChangeResult> {
  const notificationId = newId('ntf');
  const p: Precondition = {
    businessId: plan.businessId,
    appointmentId: plan.appointmentId,
    clientId: plan.clientId,
    statuses: plan.allowedStatuses,
    version: plan.expectedVersion,
  };
  return {
    statements: [
      releaseClaims(db, p),
      notify(db, p, 'canceled_by_client', plan.clientId, plan.notificationSummary, plan.now, notificationId),
      db
        .update(appointments)
        .set({ status: 'canceled', cancelReason: plan.reason, version: sql`${appointments.version} + 1`, updatedAt: new Date(plan.now) })
        .where(matches(p))
        .returning({ version: appointments.version }),
      currentRead(db, p),
      // After the reads the reader indexes: a queued delivery per webhook endpoint.
      webhookDeliveriesForNotification(db, notificationId),
    ],
    read: changeReader({ released: 0, updated: 2, current: 3 }),
  };
}

/**
 * A parent moves a request: the submission record (kind reschedule, with the outcome), old
 * claims released, the new ones inserted (`claims` null = to the waitlist, which only a pending
 * request may join), staff changes, "rescheduled by client" notification, then the appointment
 * gets its new times, this submission id and version + 1. A request keeps its status, except
 * that a waitlisted one given places becomes requested. The first statement reads what was
 * stored under the key before, so a replay is recognised even after the version moved on.
 */
export function rescheduleWrite(db: Db, plan: ReschedulePlan, claims: readonly ResourceUnit[] | null): BatchWrite<ChangeResult> {
  const toWaitlist = claims === null;
  const p: Precondition = {
    businessId: plan.businessId,
    appointmentId: plan.appointmentId,
    clientId: plan.clientId,
    statuses: toWaitlist ? plan.allowedStatuses.filter((s) => PENDING.includes(s)) : plan.allowedStatuses,
    version: plan.expectedVersion,
  };
  const newStatus = toWaitlist
    ? sql`'waitlisted'`
    : sql`CASE WHEN "appointments"."status" IN ('requested', 'waitlisted') THEN 'requested' ELSE "appointments"."status" END`;
  const statements: Statement[] = [
    db
      .select({ outcome: bookingSubmissions.outcome })
      .from(bookingSubmissions)
      .where(and(eq(bookingSubmissions.businessId, plan.businessId), eq(bookingSubmissions.idempotencyKey, plan.idempotencyKey))),
    db.run(sql`INSERT INTO "booking_submissions" ("id", "business_id", "client_id", "idempotency_key", "kind", "outcome", "created_at")
      SELECT ${plan.submissionId}, ${plan.businessId}, ${plan.clientId}, ${plan.idempotencyKey}, 'reschedule',
        json_object('status', 'ok', 'appointmentId', "appointments"."id", 'newStatus', ${newStatus}, 'version', "appointments"."version" + 1),
        CAST(${plan.now} AS INTEGER)
      FROM "appointments" WHERE ${matches(p)}`),
    releaseClaims(db, p),
  ];
  const ix: ReadIndexes = { stored: 0, released: 2, updated: -1, current: -1 };
  if (claims?.length) {
    ix.inserted = statements.length;
    statements.push(insertClaims(db, p, claims));
  }
  statements.push(...staffLineChanges(db, p, plan.staffChanges ?? []));
  const notificationId = newId('ntf');
  statements.push(notify(db, p, 'rescheduled_by_client', plan.clientId, plan.notificationSummary, plan.now, notificationId));
  ix.updated = statements.length;
  statements.push(
    db
      .update(appointments)
      .set({
        status: sql`${newStatus}`,
        startsAt: new Date(plan.startsAt),
        endsAt: new Date(plan.endsAt),
        submissionId: plan.submissionId,
        version: sql`${appointments.version} + 1`,
        updatedAt: new Date(plan.now),
      })
      .where(matches(p))
      .returning({ version: appointments.version }),
  );
  ix.current = statements.length;
  statements.push(currentRead(db, p));
  statements.push(webhookDeliveriesForNotification(db, notificationId));
  return { statements: statements as BatchWrite<ChangeResult>['statements'], read: changeReader(ix) };
}

/**
 * The business decides a request (no client or version check: the business acts on what it
 * sees; the status list is the guard).
 * - confirm, `claims` null: requested/unconfirmed → confirmed, keeping the places it holds.
 * - confirm with `claims`: requested/waitlisted/unconfirmed → confirmed, its old claims swapped
 *   for these (a waitlisted request taking places, or a request given another groomer, whose
 *   service lines change in the same batch).
 * - decline: requested/waitlisted/unconfirmed → canceled with the reason, claims released.
 * - waitlist: requested → waitlisted, claims released (others may take the places).
 */
export function decisionWrite(db: Db, plan: DecisionPlan, claims: readonly ResourceUnit[] | null): BatchWrite<ChangeResult> {
  const base = { businessId: plan.businessId, appointmentId: plan.appointmentId };
  const now = new Date(plan.now);
  const statements: Statement[] = [];
  const replaced = plan.decision === 'confirm' && claims !== null;
  const statuses: readonly AppointmentStatus[] =
    plan.decision === 'waitlist' ? ['requested'] : plan.decision === 'decline' || replaced ? DECIDABLE_STATUSES : ['requested', 'unconfirmed'];
  const p: Precondition = { ...base, statuses };
  if (plan.parentMessage) statements.push(tellParent(db, p, plan.parentMessage, plan.now));
  if (plan.audit) statements.push(auditDecision(db, p, plan));
  const ix: ReadIndexes = { updated: -1, current: -1 };
  if (plan.decision !== 'confirm' || replaced) {
    ix.released = statements.length;
    statements.push(releaseClaims(db, p));
  }
  if (replaced && claims.length) {
    ix.inserted = statements.length;
    statements.push(insertClaims(db, p, claims));
  }
  if (plan.decision === 'confirm') statements.push(...staffLineChanges(db, p, plan.staffChanges ?? []));
  const change =
    plan.decision === 'decline'
      ? { status: 'canceled' as const, cancelReason: plan.reason ?? DECLINED_REASON, declinedByBusiness: true }
      : { status: plan.decision === 'waitlist' ? ('waitlisted' as const) : ('confirmed' as const) };
  ix.updated = statements.length;
  statements.push(
    db
      .update(appointments)
      .set({ ...change, version: sql`${appointments.version} + 1`, updatedAt: now })
      .where(matches(p))
      .returning({ version: appointments.version }),
  );
  ix.current = statements.length;
  statements.push(currentRead(db, p));
  return { statements: statements as BatchWrite<ChangeResult>['statements'], read: changeReader(ix) };
}

/** The answer for a change that applied, from the row as it now is. */
export function okOutcome(appointmentId: string, result: ChangeResult): Extract<ChangeOutcome, { status: 'ok' }> {
  if (!result.current) throw new Error('okOutcome: applied change without a row');
  return { status: 'ok', appointmentId, newStatus: result.current.status, version: result.current.version };
}

// ---- Errors -----------------------------------------------------------------------------------

/**
 * Why a batch failed, from the error the libSQL client threw:
 * - `duplicate_key`: booking_submissions' UNIQUE(business, idempotency key) — a replay;
 * - `capacity_taken`: capacity_claims' PRIMARY KEY — a place already taken (stale ledger);
 * - `rejected`: any other statement error: the database answered and rolled the batch back;
 * - `unknown`: no answer (network, timeout, expired stream…): it may or may not have committed.
 */
export function classifyWriteError(err: unknown): 'duplicate_key' | 'capacity_taken' | 'rejected' | 'unknown' {
  let sqliteAnswered = false;
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = String((e as { message?: unknown }).message ?? '');
    const code = String((e as { code?: unknown }).code ?? '');
    if (/UNIQUE constraint failed: booking_submissions\./.test(message)) return 'duplicate_key';
    if (/UNIQUE constraint failed: capacity_claims\./.test(message)) return 'capacity_taken';
    if (/^(SQLITE_|SQL_)/.test(code) || /SQLite error/.test(message)) sqliteAnswered = true;
  }
  return sqliteAnswered ? 'rejected' : 'unknown';
}
