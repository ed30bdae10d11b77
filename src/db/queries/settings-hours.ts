/**
 * Hours and closures (console settings, issue 13): the page's reads — the business's opening
 * hours (every scope), closed dates from today on, drop-off and pick-up windows, and, for the
 * forms that close days, its live appointments from now on with the client's name — and the
 * writes, each an atomic batch that starts with its audit row: the row is inserted only when
 * the session's staff member is an owner of the business (and, for a new closed date, when the
 * day is not closed yet and has no live appointment unless the owner keeps them), and every
 * change after it applies only when that audit row exists.
 */
import { and, asc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { appointments, auditLog, businessHours, businesses, clients, closedDates, serviceWindows, type ServiceType } from '../schema';
import { LIVE_STATUSES, type WindowKind } from '../../domain/opening-hours-form';
import { asMember, type StaffActor } from './console';
import { asOwner, auditWhen } from './owners';

/** The most live appointments the page checks a change against (from now on, earliest first). */
export const LIVE_LIMIT = 2000;

export function hoursPageStatements(db: Db, businessId: string, tokenHash: string, now: number, today: string, withLive: boolean) {
  const ours = (column: typeof businessHours.businessId | typeof closedDates.businessId | typeof serviceWindows.businessId) =>
    and(eq(column, businessId), asMember(column, tokenHash, now));
  return {
    business: db
      .select({
        offersBoarding: businesses.offersBoarding,
        offersDaycare: businesses.offersDaycare,
        offersGrooming: businesses.offersGrooming,
        offersTraining: businesses.offersTraining,
      })
      .from(businesses)
      .where(and(eq(businesses.id, businessId), asMember(businesses.id, tokenHash, now))),
    hours: db
      .select({ weekday: businessHours.weekday, opens: businessHours.opens, closes: businessHours.closes, serviceType: businessHours.serviceType })
      .from(businessHours)
      .where(ours(businessHours.businessId))
      .orderBy(asc(businessHours.weekday), asc(businessHours.opens)),
    closed: db
      .select({ date: closedDates.date, reason: closedDates.reason })
      .from(closedDates)
      .where(and(ours(closedDates.businessId), gte(closedDates.date, today)))
      .orderBy(asc(closedDates.date)),
    windows: db
      .select({ id: serviceWindows.id, kind: serviceWindows.kind, starts: serviceWindows.starts, ends: serviceWindows.ends })
      .from(serviceWindows)
      .where(ours(serviceWindows.businessId))
      .orderBy(asc(serviceWindows.kind), asc(serviceWindows.starts)),
    /** Only for the forms that change hours or close days (`withLive`); else no rows. */
    live: db
      .select({
        id: appointments.id,
        serviceType: appointments.serviceType,
        status: appointments.status,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        firstName: clients.firstName,
        lastName: clients.lastName,
      })
      .from(appointments)
      .innerJoin(clients, eq(clients.id, appointments.clientId))
      .where(
        and(
          withLive ? undefined : sql`0`,
          eq(appointments.businessId, businessId),
          inArray(appointments.status, [...LIVE_STATUSES]),
          gte(appointments.endsAt, new Date(now)),
          asMember(appointments.businessId, tokenHash, now),
        ),
      )
      .orderBy(asc(appointments.startsAt), asc(appointments.id))
      .limit(LIVE_LIMIT),
  };
}

const ownerOfBusiness = (a: StaffActor) =>
  sql`EXISTS (SELECT 1 FROM ${businesses} WHERE ${businesses.id} = ${a.businessId} AND ${asOwner(businesses.id, a.tokenHash, a.now)})`;

const applied = (a: StaffActor) => sql`EXISTS (SELECT 1 FROM ${auditLog} WHERE ${auditLog.id} = ${a.auditId})`;

function audit(db: Db, a: StaffActor, action: string, recordType: string, recordId: string, detail: string | null, when: SQL) {
  return auditWhen(
    db,
    {
      id: a.auditId,
      businessId: a.businessId,
      staffAccountId: a.staffAccountId,
      action,
      recordType,
      recordId,
      detail: detail?.slice(0, 300) ?? null,
      ipAddress: a.ipAddress,
      now: a.now,
    },
    when,
  );
}

/** Did the change of this batch apply (its audit row exists)? The batch's last statement. */
function appliedStatement(db: Db, a: StaffActor) {
  return db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.id, a.auditId));
}

/** Replaces the periods of one scope (null = shared by every type) with `periods`. */
export function saveHoursStatements(
  db: Db,
  a: StaffActor & { scope: ServiceType | null; periods: { id: string; weekday: number; opens: string; closes: string }[]; detail: string },
) {
  const inScope = a.scope === null ? isNull(businessHours.serviceType) : eq(businessHours.serviceType, a.scope);
  return [
    audit(db, a, 'settings.hours.update', 'business_hours', a.scope ?? 'all', a.detail, ownerOfBusiness(a)),
    db.delete(businessHours).where(and(eq(businessHours.businessId, a.businessId), inScope, applied(a))),
    ...a.periods.map((p) =>
      db.run(sql`INSERT INTO ${businessHours} ("id", "business_id", "weekday", "opens", "closes", "service_type")
        SELECT ${p.id}, ${a.businessId}, ${p.weekday}, ${p.opens}, ${p.closes}, ${a.scope} WHERE ${applied(a)}`),
    ),
    appliedStatement(db, a),
  ] as const;
}

/**
 * Closes a day. Applies only when it is not closed yet and — unless `keep` — no live
 * appointment not over yet starts (from now on) or ends within `[dayStart, dayEnd)` (the check the page made, again in
 * the write: an appointment booked meanwhile still refuses it).
 */
export function addClosedDateStatements(db: Db, a: StaffActor & { date: string; reason: string | null; keep: boolean; dayStart: number; dayEnd: number }) {
  const liveStatuses = sql.join(
    LIVE_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const noVisits = a.keep
    ? sql`1 = 1`
    : sql`NOT EXISTS (SELECT 1 FROM ${appointments} WHERE ${appointments.businessId} = ${a.businessId} AND ${appointments.status} IN (${liveStatuses})
        AND ${appointments.endsAt} >= ${a.now} AND ((${appointments.startsAt} >= ${Math.max(a.dayStart, a.now)} AND ${appointments.startsAt} < ${a.dayEnd}) OR (${appointments.endsAt} >= ${a.dayStart} AND ${appointments.endsAt} < ${a.dayEnd})))`;
  const notClosed = sql`NOT EXISTS (SELECT 1 FROM ${closedDates} WHERE ${closedDates.businessId} = ${a.businessId} AND ${closedDates.date} = ${a.date})`;
  return [
    audit(
      db,
      a,
      'settings.closed_date.add',
      'closed_date',
      a.date,
      `${a.reason ?? 'No reason given'}${a.keep ? ' (existing appointments kept)' : ''}`,
      sql`${ownerOfBusiness(a)} AND ${notClosed} AND ${noVisits}`,
    ),
    db.run(sql`INSERT INTO ${closedDates} ("business_id", "date", "reason") SELECT ${a.businessId}, ${a.date}, ${a.reason} WHERE ${applied(a)}`),
    appliedStatement(db, a),
  ] as const;
}

/** Reopens a closed day of this business. */
export function removeClosedDateStatements(db: Db, a: StaffActor & { date: string }) {
  const mine = and(eq(closedDates.businessId, a.businessId), eq(closedDates.date, a.date));
  return [
    audit(
      db,
      a,
      'settings.closed_date.remove',
      'closed_date',
      a.date,
      null,
      sql`${ownerOfBusiness(a)} AND EXISTS (SELECT 1 FROM ${closedDates} WHERE ${mine})`,
    ),
    db.delete(closedDates).where(and(mine, applied(a))),
    appliedStatement(db, a),
  ] as const;
}

export function addWindowStatements(db: Db, a: StaffActor & { id: string; kind: WindowKind; starts: string; ends: string }) {
  const sameStart = sql`NOT EXISTS (SELECT 1 FROM ${serviceWindows} WHERE ${serviceWindows.businessId} = ${a.businessId} AND ${serviceWindows.kind} = ${a.kind} AND ${serviceWindows.starts} = ${a.starts})`;
  return [
    audit(db, a, 'settings.window.add', 'service_window', a.id, `${a.kind} ${a.starts}–${a.ends}`, sql`${ownerOfBusiness(a)} AND ${sameStart}`),
    db.run(sql`INSERT INTO ${serviceWindows} ("id", "business_id", "kind", "starts", "ends")
      SELECT ${a.id}, ${a.businessId}, ${a.kind}, ${a.starts}, ${a.ends} WHERE ${applied(a)}`),
    appliedStatement(db, a),
  ] as const;
}

export function removeWindowStatements(db: Db, a: StaffActor & { windowId: string }) {
  const mine = and(eq(serviceWindows.id, a.windowId), eq(serviceWindows.businessId, a.businessId));
  return [
    audit(
      db,
      a,
      'settings.window.remove',
      'service_window',
      a.windowId,
      null,
      sql`${ownerOfBusiness(a)} AND EXISTS (SELECT 1 FROM ${serviceWindows} WHERE ${mine})`,
    ),
    db.delete(serviceWindows).where(and(mine, applied(a))),
    appliedStatement(db, a),
  ] as const;
}
