/**
 * Webhook endpoints and deliveries: the owners' list and endpoint page (its delivery log), add
 * / disable / send a test event (each with its audit row, only when it applies); the one
 * statement every notification insert site adds to its batch (a queued delivery per live
 * endpoint of the business, built from the notification row itself, so it exists only if the
 * notification does); and the cron's claim and record of due deliveries.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, staffAccounts, webhookDeliveries, webhookEndpoints } from '../schema';
import { asMember } from './console';
import { asOwner, auditWhen } from './owners';
import type { StaffActor } from './console';

export const DELIVERY_LOG_LIMIT = 50;

export function endpointsStatement(db: Db, businessId: string, tokenHash: string, now: number) {
  return db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      createdAt: webhookEndpoints.createdAt,
      disabledAt: webhookEndpoints.disabledAt,
      createdByName: staffAccounts.name,
      queued: sql<number>`(select count(*) from ${webhookDeliveries} d where d.endpoint_id = ${webhookEndpoints.id} and d.status = 'queued')`,
      failed: sql<number>`(select count(*) from ${webhookDeliveries} d where d.endpoint_id = ${webhookEndpoints.id} and d.status = 'failed')`,
    })
    .from(webhookEndpoints)
    .leftJoin(staffAccounts, eq(staffAccounts.id, webhookEndpoints.createdBy))
    .where(and(eq(webhookEndpoints.businessId, businessId), asMember(webhookEndpoints.businessId, tokenHash, now)))
    .orderBy(sql`${webhookEndpoints.disabledAt} is not null`, desc(webhookEndpoints.createdAt))
    .limit(50);
}

export function endpointPageStatements(db: Db, businessId: string, endpointId: string, tokenHash: string, now: number) {
  const mine = and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.businessId, businessId), asMember(webhookEndpoints.businessId, tokenHash, now));
  return {
    endpoint: db
      .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, createdAt: webhookEndpoints.createdAt, disabledAt: webhookEndpoints.disabledAt })
      .from(webhookEndpoints)
      .where(mine),
    deliveries: db
      .select({
        id: webhookDeliveries.id,
        event: webhookDeliveries.event,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        lastStatusCode: webhookDeliveries.lastStatusCode,
        lastError: webhookDeliveries.lastError,
        createdAt: webhookDeliveries.createdAt,
        deliveredAt: webhookDeliveries.deliveredAt,
      })
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.businessId, businessId), asMember(webhookDeliveries.businessId, tokenHash, now)),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(DELIVERY_LOG_LIMIT),
  };
}

type Actor = StaffActor;

const ownEndpoint = (a: Actor, endpointId: string) =>
  and(
    eq(webhookEndpoints.id, endpointId),
    eq(webhookEndpoints.businessId, a.businessId),
    isNull(webhookEndpoints.disabledAt),
    asOwner(webhookEndpoints.businessId, a.tokenHash, a.now),
  );

export function addEndpointStatements(db: Db, a: Actor & { id: string; url: string; secretSealed: string }) {
  return [
    db.run(sql`INSERT INTO ${webhookEndpoints} ("id", "business_id", "url", "secret_sealed", "created_by", "created_at")
      SELECT ${a.id}, ${businesses.id}, ${a.url}, ${a.secretSealed}, ${a.staffAccountId}, CAST(${a.now} AS INTEGER)
      FROM ${businesses} WHERE ${businesses.id} = ${a.businessId} AND ${asOwner(businesses.id, a.tokenHash, a.now)}`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'webhook.add',
        recordType: 'webhook_endpoint',
        recordId: a.id,
        detail: a.url.slice(0, 300),
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${webhookEndpoints} WHERE ${webhookEndpoints.id} = ${a.id})`,
    ),
    db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.id, a.id)),
  ] as const;
}

/** Disables a live endpoint; its queued deliveries are marked failed (nothing more is sent). */
export function disableEndpointStatements(db: Db, a: Actor & { endpointId: string }) {
  const applied = sql`EXISTS (SELECT 1 FROM "audit_log" WHERE "id" = ${a.auditId})`;
  return [
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'webhook.disable',
        recordType: 'webhook_endpoint',
        recordId: a.endpointId,
        detail: null,
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${webhookEndpoints} WHERE ${ownEndpoint(a, a.endpointId)})`,
    ),
    db
      .update(webhookEndpoints)
      .set({ disabledAt: new Date(a.now) })
      .where(and(eq(webhookEndpoints.id, a.endpointId), applied)),
    db
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, lastError: 'Endpoint disabled' })
      .where(and(eq(webhookDeliveries.endpointId, a.endpointId), eq(webhookDeliveries.status, 'queued'), applied)),
  ] as const;
}

/** A test event for a live endpoint of this business, due now. */
export function testDeliveryStatements(db: Db, a: Actor & { endpointId: string; deliveryId: string; body: string }) {
  return [
    db.run(sql`INSERT INTO ${webhookDeliveries} ("id", "business_id", "endpoint_id", "event", "body", "status", "attempts", "next_attempt_at", "created_at")
      SELECT ${a.deliveryId}, ${webhookEndpoints.businessId}, ${webhookEndpoints.id}, 'test', ${a.body}, 'queued', 0, CAST(${a.now} AS INTEGER), CAST(${a.now} AS INTEGER)
      FROM ${webhookEndpoints} WHERE ${ownEndpoint(a, a.endpointId)}`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'webhook.test',
        recordType: 'webhook_endpoint',
        recordId: a.endpointId,
        detail: null,
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${webhookDeliveries} WHERE ${webhookDeliveries.id} = ${a.deliveryId})`,
    ),
    db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.id, a.deliveryId)),
  ] as const;
}

/**
 * For a notification insert site's batch, right after (or anywhere after) the notification:
 * one queued delivery per live endpoint of its business, due at once. The JSON body is built
 * from the notification row: `{id, type, created_at, business_id, data: {summary, client_id,
 * appointment_id}}`. No notification row (its insert did not apply) → no deliveries.
 */
export function webhookDeliveriesForNotification(db: Db, notificationId: string) {
  return db.run(sql`INSERT INTO "webhook_deliveries" ("id", "business_id", "endpoint_id", "event", "body", "status", "attempts", "next_attempt_at", "created_at")
    SELECT 'whd_' || lower(hex(randomblob(16))), e.business_id, e.id, n.kind,
      json_object('id', n.id, 'type', n.kind, 'created_at', strftime('%Y-%m-%dT%H:%M:%fZ', n.created_at / 1000.0, 'unixepoch'),
        'business_id', n.business_id,
        'data', json_object('summary', n.summary, 'client_id', n.client_id, 'appointment_id', n.appointment_id)),
      'queued', 0, n.created_at, n.created_at
    FROM "business_notifications" n JOIN "webhook_endpoints" e ON e.business_id = n.business_id AND e.disabled_at IS NULL
    WHERE n.id = ${notificationId}`);
}

// ---- The cron's delivery ----------------------------------------------------------------------

/**
 * Claims up to `limit` due deliveries by moving their next attempt to `leaseUntil` (a value
 * unique to this run), then reads them with their endpoint — one batch. A run that dies leaves
 * them due again at the lease's end: delivery is at least once.
 */
/** `endpointId`: only that endpoint's deliveries (a tool or test acting on one endpoint). */
export function claimDueStatements(db: Db, now: number, leaseUntil: number, limit: number, endpointId?: string) {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.id, webhookDeliveries.endpointId), isNull(webhookEndpoints.disabledAt)))
    .where(
      and(
        eq(webhookDeliveries.status, 'queued'),
        sql`${webhookDeliveries.nextAttemptAt} <= ${now}`,
        endpointId ? eq(webhookDeliveries.endpointId, endpointId) : undefined,
      ),
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(limit);
  return [
    db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(leaseUntil) })
      .where(inArray(webhookDeliveries.id, due)),
    db
      .select({
        id: webhookDeliveries.id,
        event: webhookDeliveries.event,
        body: webhookDeliveries.body,
        attempts: webhookDeliveries.attempts,
        createdAt: webhookDeliveries.createdAt,
        url: webhookEndpoints.url,
        secretSealed: webhookEndpoints.secretSealed,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.status, 'queued'), eq(webhookDeliveries.nextAttemptAt, new Date(leaseUntil)))),
  ] as const;
}

export type DeliveryOutcome =
  | { id: string; status: 'delivered'; attempts: number; statusCode: number; at: number }
  | { id: string; status: 'queued' | 'failed'; attempts: number; statusCode: number | null; error: string; nextAttemptAt: number | null };

export function recordDeliveryStatement(db: Db, o: DeliveryOutcome, leaseUntil: number) {
  const mine = and(eq(webhookDeliveries.id, o.id), eq(webhookDeliveries.nextAttemptAt, new Date(leaseUntil)));
  return o.status === 'delivered'
    ? db
        .update(webhookDeliveries)
        .set({ status: 'delivered', attempts: o.attempts, lastStatusCode: o.statusCode, lastError: null, nextAttemptAt: null, deliveredAt: new Date(o.at) })
        .where(mine)
    : db
        .update(webhookDeliveries)
        .set({
          status: o.status,
          attempts: o.attempts,
          lastStatusCode: o.statusCode,
          lastError: o.error.slice(0, 300),
          nextAttemptAt: o.nextAttemptAt === null ? null : new Date(o.nextAttemptAt),
        })
        .where(mine);
}
