/**
 * Reads and writes of the console's schedule (issue 10, item 3). The page's statements read
 * the visits overlapping a window (a day or a week in the business's zone) with their pets,
 * services and groomers; the status change is one batch whose every statement carries the
 * same precondition (this business, the staff member may work in it, the status and version
 * the page showed), so it applies entirely — audit row, released places, new status — or not
 * at all, and two staff members changing the same visit from the same page never both win.
 */
import { and, asc, eq, gt, inArray, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import {
  appointmentPets,
  appointmentServices,
  appointments,
  auditLog,
  capacityClaims,
  clientPackages,
  clients,
  packagePlans,
  packageUses,
  pets,
  services,
  staff,
  type AppointmentStatus,
} from '../schema';
import type { BatchWrite, ResourceUnit } from './booking-writes';
import { asMember } from './console';

/** Most visits one schedule page lists (a busy week of daycare stays well under it). */
export const SCHEDULE_LIMIT = 400;

/** Requests are decided in the inbox; the schedule shows what the business has booked. */
const NOT_ON_SCHEDULE: AppointmentStatus[] = ['requested', 'waitlisted'];

/** The visits overlapping [fromMs, toMs) with what the schedule shows of each, one batch's worth of statements. */
export function scheduleStatements(db: Db, input: { businessId: string; fromMs: number; toMs: number; tokenHash: string; now: number }) {
  const mine = and(
    eq(appointments.businessId, input.businessId),
    asMember(appointments.businessId, input.tokenHash, input.now),
    lt(appointments.startsAt, new Date(input.toMs)),
    gt(appointments.endsAt, new Date(input.fromMs)),
    notInArray(appointments.status, NOT_ON_SCHEDULE),
  );
  const ids = db.select({ id: appointments.id }).from(appointments).where(mine).orderBy(asc(appointments.startsAt), asc(appointments.id)).limit(SCHEDULE_LIMIT);
  const petIds = db.select({ id: appointmentPets.id }).from(appointmentPets).where(inArray(appointmentPets.appointmentId, ids));
  return {
    visits: db
      .select({
        id: appointments.id,
        status: appointments.status,
        serviceType: appointments.serviceType,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        notes: appointments.notes,
        cancelReason: appointments.cancelReason,
        version: appointments.version,
        clientFirstName: clients.firstName,
        clientLastName: clients.lastName,
        clientPhone: clients.phoneE164,
        clientId: appointments.clientId,
      })
      .from(appointments)
      .innerJoin(clients, eq(clients.id, appointments.clientId))
      .where(mine)
      .orderBy(asc(appointments.startsAt), asc(appointments.id))
      .limit(SCHEDULE_LIMIT),
    visitPets: db
      .select({
        appointmentId: appointmentPets.appointmentId,
        appointmentPetId: appointmentPets.id,
        petId: appointmentPets.petId,
        name: pets.name,
        cameraRoom: appointmentPets.cameraRoom,
      })
      .from(appointmentPets)
      .innerJoin(pets, eq(pets.id, appointmentPets.petId))
      .where(and(eq(appointmentPets.businessId, input.businessId), inArray(appointmentPets.appointmentId, ids)))
      .orderBy(asc(pets.name)),
    visitServices: db
      .select({
        appointmentPetId: appointmentServices.appointmentPetId,
        name: services.name,
        staffId: appointmentServices.staffId,
        staffFirstName: staff.firstName,
        staffLastName: staff.lastName,
      })
      .from(appointmentServices)
      .innerJoin(services, eq(services.id, appointmentServices.serviceId))
      .leftJoin(staff, eq(staff.id, appointmentServices.staffId))
      .where(and(eq(appointmentServices.businessId, input.businessId), inArray(appointmentServices.appointmentPetId, petIds))),
    // The package each visit used (a check-out's, or one recorded by hand).
    visitPackages: db
      .select({
        appointmentId: packageUses.appointmentId,
        name: clientPackages.name,
        remaining: clientPackages.remainingQuantity,
        total: clientPackages.totalQuantity,
      })
      .from(packageUses)
      .innerJoin(clientPackages, eq(clientPackages.id, packageUses.clientPackageId))
      .where(and(eq(packageUses.businessId, input.businessId), inArray(packageUses.appointmentId, ids))),
  };
}

/** What a status change needs to know first: the visit as it is now, only when it is this business's and the staff member may act in it. */
export function visitForChange(db: Db, businessId: string, appointmentId: string, tokenHash: string, now: number) {
  return db
    .select({
      status: appointments.status,
      version: appointments.version,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      serviceType: appointments.serviceType,
    })
    .from(appointments)
    .where(and(eq(appointments.id, appointmentId), eq(appointments.businessId, businessId), asMember(appointments.businessId, tokenHash, now)));
}

export interface StatusChange {
  businessId: string;
  appointmentId: string;
  from: AppointmentStatus;
  to: AppointmentStatus;
  /** The version the page showed: the change applies only if nobody changed the visit since. */
  version: number;
  /** Cancel only: the reason the client reads. */
  reason: string | null;
  releasesCapacity: boolean;
  tokenHash: string;
  now: number;
  staffAccountId: string;
  auditId: string;
  auditDetail: string;
  ipAddress: string | null;
  /** Check-out (→ finished) only: the package use it may record, with its own audit row; `today` in the business's zone. */
  packageUse?: { id: string; auditId: string; today: string };
}

/** The precondition, columns qualified so it holds inside any statement of the batch. */
function unchanged(p: StatusChange): SQL {
  return and(
    sql`"appointments"."id" = ${p.appointmentId}`,
    sql`"appointments"."business_id" = ${p.businessId}`,
    sql`"appointments"."status" = ${p.from}`,
    sql`"appointments"."version" = ${p.version}`,
    asMember(appointments.businessId, p.tokenHash, p.now),
  ) as SQL;
}

/**
 * A check-out uses one of the client's packages, once: the oldest unexpired package sold from a
 * plan that covers the visit's service (or any), with some left — only while the change's
 * precondition holds and the visit has no use yet (UNIQUE per package and visit backs it). The
 * package loses one only when that INSERT just wrote, and the use's audit row only when the
 * package did; so a double tap, a second window or a repeat check-out never decrements twice.
 */
function packageUseStatements(db: Db, p: StatusChange, u: NonNullable<StatusChange['packageUse']>) {
  return [
    db.run(sql`INSERT INTO ${packageUses} ("id", "business_id", "client_package_id", "appointment_id", "used_at", "used_by")
      SELECT ${u.id}, cp.business_id, cp.id, "appointments"."id", CAST(${p.now} AS INTEGER), ${p.staffAccountId}
      FROM "appointments"
        JOIN ${clientPackages} cp ON cp.client_id = "appointments"."client_id" AND cp.business_id = "appointments"."business_id"
        JOIN ${packagePlans} pp ON pp.id = cp.plan_id
      WHERE ${unchanged(p)} AND cp.remaining_quantity > 0 AND (cp.expires_on IS NULL OR cp.expires_on >= ${u.today})
        AND (pp.service_type IS NULL OR pp.service_type = "appointments"."service_type")
        AND NOT EXISTS (SELECT 1 FROM ${packageUses} x WHERE x.appointment_id = "appointments"."id")
      ORDER BY cp.purchased_on, cp.rowid
      LIMIT 1`),
    db.run(sql`UPDATE ${clientPackages} SET "remaining_quantity" = "remaining_quantity" - 1
      WHERE changes() = 1 AND "id" = (SELECT u.client_package_id FROM ${packageUses} u WHERE u.id = ${u.id})`),
    db.run(sql`INSERT INTO ${auditLog} ("id", "business_id", "staff_account_id", "action", "record_type", "record_id", "detail", "ip_address", "created_at")
      SELECT ${u.auditId}, ${p.businessId}, ${p.staffAccountId}, 'package.use', 'client_package', u.client_package_id,
        substr(cp.name || ' for ' || u.appointment_id || ' (check-out), ' || cp.remaining_quantity || ' left', 1, 300), ${p.ipAddress}, CAST(${p.now} AS INTEGER)
      FROM ${packageUses} u JOIN ${clientPackages} cp ON cp.id = u.client_package_id
      WHERE changes() = 1 AND u.id = ${u.id}`),
  ] as const;
}

/**
 * The change as one batch: the audit row and the released places first (each only while the
 * precondition still holds), then the conditional update (version + 1), whose returning()
 * says whether it applied. Read the answer with {@link statusChangeApplied}.
 */
function statusChangeStatements(db: Db, p: StatusChange) {
  const guard = sql`EXISTS (SELECT 1 FROM "appointments" WHERE ${unchanged(p)})`;
  const statements = [
    db.run(sql`INSERT INTO ${auditLog} ("id", "business_id", "staff_account_id", "action", "record_type", "record_id", "detail", "ip_address", "created_at")
      SELECT ${p.auditId}, ${p.businessId}, ${p.staffAccountId}, ${`appointment.${p.to}`}, 'appointment', ${p.appointmentId}, ${p.auditDetail},
        ${p.ipAddress}, CAST(${p.now} AS INTEGER)
      WHERE ${guard}`),
    db
      .delete(capacityClaims)
      // A change that keeps the visit (check in, finish…) keeps its places: `0` makes this delete nothing.
      .where(and(eq(capacityClaims.businessId, p.businessId), eq(capacityClaims.appointmentId, p.appointmentId), p.releasesCapacity ? guard : sql`0`))
      .returning({ resource: capacityClaims.resource, unit: capacityClaims.unit }),
    db
      .update(appointments)
      .set({
        status: p.to,
        version: sql`${appointments.version} + 1`,
        updatedAt: new Date(p.now),
        ...(p.to === 'canceled' ? { cancelReason: p.reason } : {}),
      })
      .where(unchanged(p))
      .returning({ version: appointments.version }),
  ] as const;
  return statements;
}

/** True when the batch's conditional update applied (the last statement returned its row). */
function statusChangeApplied(results: readonly unknown[]): boolean {
  const updated = results[results.length - 1];
  return Array.isArray(updated) && updated.length === 1;
}

/**
 * The change as the booking lock runs it (durable-objects/booking-lock.ts `changeStatus`): the
 * batch, and whether it applied with the places it gave back, which the lock's ledger then frees
 * at once so a parent can book them straight away.
 */
export function statusChangeWrite(db: Db, p: StatusChange): BatchWrite<{ applied: boolean; released: ResourceUnit[] }> {
  const [audit, release, update] = statusChangeStatements(db, p);
  const packageUse = p.to === 'finished' && p.packageUse ? packageUseStatements(db, p, p.packageUse) : [];
  return {
    // The package use goes before the update, while the precondition (status, version) still holds.
    statements: [audit, release, ...packageUse, update],
    read(results: readonly unknown[]) {
      const applied = statusChangeApplied(results);
      return { applied, released: applied ? (results[1] as ResourceUnit[]) : [] };
    },
  };
}
