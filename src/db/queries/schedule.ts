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
  clients,
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
      })
      .from(appointments)
      .innerJoin(clients, eq(clients.id, appointments.clientId))
      .where(mine)
      .orderBy(asc(appointments.startsAt), asc(appointments.id))
      .limit(SCHEDULE_LIMIT),
    visitPets: db
      .select({ appointmentId: appointmentPets.appointmentId, appointmentPetId: appointmentPets.id, name: pets.name, cameraRoom: appointmentPets.cameraRoom })
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
  return {
    statements: [audit, release, update],
    read(results: readonly unknown[]) {
      const applied = statusChangeApplied(results);
      return { applied, released: applied ? (results[1] as ResourceUnit[]) : [] };
    },
  };
}
