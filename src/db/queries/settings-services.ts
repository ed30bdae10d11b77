/**
 * The owners' services settings (issue 13 items 3 and 4): the catalogue page (services and
 * add-ons, active and inactive, and the groomers), one service's / add-on's / groomer's page,
 * and the changes — add, edit, deactivate / reactivate (never delete: appointment lines
 * reference them and keep the price they were booked at), which groomer does which service,
 * each groomer's weekly working periods and dated exceptions (a day off, or other hours one
 * date). Every change is one batch with its audit row,
 * written only when the session is an owner of the business, the change applying only then.
 */
import { and, asc, desc, eq, gt, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import {
  addOns,
  appointmentPets,
  appointments,
  appointmentServices,
  businesses,
  clients,
  services,
  staff,
  staffScheduleExceptions,
  staffSchedules,
  staffServices,
} from '../schema';
import type { AddOnInput, Period, ScheduleException, ServiceInput } from '../../domain/service-form';
import { LIVE_CONFIRMED_STATUSES } from '../../domain/service-form';
import { asMember, type StaffActor } from './console';
import { asOwner, auditWhen } from './owners';

/** The business facts these pages need: what it offers and its money. */
function businessStatement(db: Db, businessId: string, tokenHash: string, now: number) {
  return db
    .select({
      currency: businesses.currency,
      offersBoarding: businesses.offersBoarding,
      offersDaycare: businesses.offersDaycare,
      offersGrooming: businesses.offersGrooming,
      offersTraining: businesses.offersTraining,
    })
    .from(businesses)
    .where(and(eq(businesses.id, businessId), asMember(businesses.id, tokenHash, now)));
}

export type BusinessOffers = Awaited<ReturnType<typeof businessStatement>>[number];

const serviceColumns = {
  id: services.id,
  name: services.name,
  type: services.type,
  durationMinutes: services.durationMinutes,
  priceMinor: services.priceMinor,
  active: services.active,
  speciesAllowed: services.speciesAllowed,
  requiredVaccinations: services.requiredVaccinations,
};

const addOnColumns = {
  id: addOns.id,
  name: addOns.name,
  serviceType: addOns.serviceType,
  durationMinutes: addOns.durationMinutes,
  priceMinor: addOns.priceMinor,
  active: addOns.active,
};

/** The catalogue page: services and add-ons (active first), the groomers with what they do. */
export function catalogueStatements(db: Db, businessId: string, tokenHash: string, now: number) {
  return {
    business: businessStatement(db, businessId, tokenHash, now),
    services: db
      .select(serviceColumns)
      .from(services)
      .where(and(eq(services.businessId, businessId), asMember(services.businessId, tokenHash, now)))
      .orderBy(desc(services.active), asc(services.type), asc(services.name))
      .limit(500),
    addOns: db
      .select(addOnColumns)
      .from(addOns)
      .where(and(eq(addOns.businessId, businessId), asMember(addOns.businessId, tokenHash, now)))
      .orderBy(desc(addOns.active), asc(addOns.name))
      .limit(500),
    staff: db
      .select({ id: staff.id, firstName: staff.firstName, lastName: staff.lastName, active: staff.active })
      .from(staff)
      .where(and(eq(staff.businessId, businessId), asMember(staff.businessId, tokenHash, now)))
      .orderBy(desc(staff.active), asc(staff.firstName), asc(staff.lastName))
      .limit(200),
    staffServices: db
      .select({ staffId: staffServices.staffId, serviceId: staffServices.serviceId })
      .from(staffServices)
      .where(and(eq(staffServices.businessId, businessId), asMember(staffServices.businessId, tokenHash, now))),
    schedules: db
      .select({ staffId: staffSchedules.staffId, weekday: staffSchedules.weekday, starts: staffSchedules.starts, ends: staffSchedules.ends })
      .from(staffSchedules)
      .where(and(eq(staffSchedules.businessId, businessId), asMember(staffSchedules.businessId, tokenHash, now)))
      .orderBy(asc(staffSchedules.weekday), asc(staffSchedules.starts)),
  };
}

export function servicePageStatements(db: Db, businessId: string, serviceId: string, tokenHash: string, now: number) {
  return {
    business: businessStatement(db, businessId, tokenHash, now),
    service: db
      .select(serviceColumns)
      .from(services)
      .where(and(eq(services.id, serviceId), eq(services.businessId, businessId), asMember(services.businessId, tokenHash, now))),
  };
}

export function addOnPageStatements(db: Db, businessId: string, addOnId: string, tokenHash: string, now: number) {
  return {
    business: businessStatement(db, businessId, tokenHash, now),
    addOn: db
      .select(addOnColumns)
      .from(addOns)
      .where(and(eq(addOns.id, addOnId), eq(addOns.businessId, businessId), asMember(addOns.businessId, tokenHash, now))),
  };
}

/**
 * A groomer's page: the groomer, the business's grooming services, which of them the groomer
 * does, the weekly periods, the exceptions from yesterday in UTC on (the route keeps those
 * from the business's today), and the live confirmed grooming appointments the groomer is booked
 * into that have not ended (with the client's name and the service given), soonest first.
 */
export function groomerPageStatements(db: Db, businessId: string, staffId: string, tokenHash: string, now: number) {
  return {
    business: businessStatement(db, businessId, tokenHash, now),
    groomer: db
      .select({ id: staff.id, firstName: staff.firstName, lastName: staff.lastName, active: staff.active })
      .from(staff)
      .where(and(eq(staff.id, staffId), eq(staff.businessId, businessId), asMember(staff.businessId, tokenHash, now))),
    services: db
      .select({ id: services.id, name: services.name, active: services.active, durationMinutes: services.durationMinutes })
      .from(services)
      .where(and(eq(services.businessId, businessId), eq(services.type, 'grooming'), asMember(services.businessId, tokenHash, now)))
      .orderBy(desc(services.active), asc(services.name)),
    does: db
      .select({ serviceId: staffServices.serviceId })
      .from(staffServices)
      .where(and(eq(staffServices.staffId, staffId), eq(staffServices.businessId, businessId), asMember(staffServices.businessId, tokenHash, now))),
    periods: db
      .select({ id: staffSchedules.id, weekday: staffSchedules.weekday, starts: staffSchedules.starts, ends: staffSchedules.ends })
      .from(staffSchedules)
      .where(and(eq(staffSchedules.staffId, staffId), eq(staffSchedules.businessId, businessId), asMember(staffSchedules.businessId, tokenHash, now)))
      .orderBy(asc(staffSchedules.weekday), asc(staffSchedules.starts)),
    exceptions: db
      .select({
        id: staffScheduleExceptions.id,
        date: staffScheduleExceptions.date,
        starts: staffScheduleExceptions.starts,
        ends: staffScheduleExceptions.ends,
        reason: staffScheduleExceptions.reason,
      })
      .from(staffScheduleExceptions)
      .where(
        and(
          eq(staffScheduleExceptions.staffId, staffId),
          eq(staffScheduleExceptions.businessId, businessId),
          gte(staffScheduleExceptions.date, new Date(now - 86_400_000).toISOString().slice(0, 10)),
          asMember(staffScheduleExceptions.businessId, tokenHash, now),
        ),
      )
      .orderBy(asc(staffScheduleExceptions.date), asc(staffScheduleExceptions.starts))
      .limit(500),
    appointments: db
      .select({
        appointmentId: appointments.id,
        serviceId: appointmentServices.serviceId,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        clientFirstName: clients.firstName,
        clientLastName: clients.lastName,
      })
      .from(appointmentServices)
      .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
      .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
      .innerJoin(clients, eq(clients.id, appointments.clientId))
      .where(
        and(
          eq(appointmentServices.staffId, staffId),
          eq(appointmentServices.businessId, businessId),
          eq(appointments.serviceType, 'grooming'),
          inArray(appointments.status, [...LIVE_CONFIRMED_STATUSES]),
          gt(appointments.endsAt, new Date(now)),
          asMember(appointmentServices.businessId, tokenHash, now),
        ),
      )
      .orderBy(asc(appointments.startsAt), asc(appointments.id))
      .limit(1000),
  };
}

// ---- Changes -----------------------------------------------------------------------------------

type Actor = StaffActor;

function audit(a: Actor, action: string, recordType: string, recordId: string, detail: string | null) {
  return {
    id: a.auditId,
    businessId: a.businessId,
    staffAccountId: a.staffAccountId,
    action,
    recordType,
    recordId,
    detail: detail ? detail.slice(0, 300) : null,
    ipAddress: a.ipAddress,
    now: a.now,
  };
}

/** The change applies only when its audit row was written (the audit goes first). */
const audited = (a: Actor) => sql`EXISTS (SELECT 1 FROM "audit_log" WHERE "id" = ${a.auditId})`;

const ownerOfBusiness = (a: Actor) =>
  sql`EXISTS (SELECT 1 FROM ${businesses} WHERE ${businesses.id} = ${a.businessId} AND ${asOwner(businesses.id, a.tokenHash, a.now)})`;

export function addServiceStatements(db: Db, a: Actor & { id: string; service: ServiceInput; detail: string }) {
  const s = a.service;
  return [
    // Not again for a service with this id (the same form sent twice): one row, one audit row.
    auditWhen(
      db,
      audit(a, 'settings.service.add', 'service', a.id, a.detail),
      sql`${ownerOfBusiness(a)} AND NOT EXISTS (SELECT 1 FROM ${services} WHERE ${services.id} = ${a.id})`,
    ),
    db.run(sql`INSERT INTO ${services} ("id", "business_id", "name", "type", "duration_minutes", "price_minor", "active", "species_allowed", "required_vaccinations")
      SELECT ${a.id}, ${a.businessId}, ${s.name}, ${s.type}, ${s.durationMinutes}, ${s.priceMinor}, 1, ${s.speciesAllowed}, ${s.requiredVaccinations}
      WHERE ${audited(a)}`),
  ] as const;
}

const ownService = (a: Actor, serviceId: string) =>
  sql`EXISTS (SELECT 1 FROM ${services} WHERE ${and(eq(services.id, serviceId), eq(services.businessId, a.businessId), asOwner(services.businessId, a.tokenHash, a.now))})`;

/** The service's name, length, price, species and vaccinations (its type stays). Booked lines keep their own price. */
export function updateServiceStatements(db: Db, a: Actor & { serviceId: string; service: Omit<ServiceInput, 'type'>; detail: string }) {
  const s = a.service;
  return [
    auditWhen(db, audit(a, 'settings.service.update', 'service', a.serviceId, a.detail), ownService(a, a.serviceId)),
    db
      .update(services)
      .set({
        name: s.name,
        durationMinutes: s.durationMinutes,
        priceMinor: s.priceMinor,
        speciesAllowed: s.speciesAllowed,
        requiredVaccinations: s.requiredVaccinations,
      })
      .where(and(eq(services.id, a.serviceId), eq(services.businessId, a.businessId), audited(a))),
  ] as const;
}

export function setServiceActiveStatements(db: Db, a: Actor & { serviceId: string; active: boolean; detail: string }) {
  return [
    auditWhen(
      db,
      audit(a, a.active ? 'settings.service.reactivate' : 'settings.service.deactivate', 'service', a.serviceId, a.detail),
      ownService(a, a.serviceId),
    ),
    db
      .update(services)
      .set({ active: a.active })
      .where(and(eq(services.id, a.serviceId), eq(services.businessId, a.businessId), audited(a))),
  ] as const;
}

export function addAddOnStatements(db: Db, a: Actor & { id: string; addOn: AddOnInput; detail: string }) {
  const x = a.addOn;
  return [
    auditWhen(
      db,
      audit(a, 'settings.add_on.add', 'add_on', a.id, a.detail),
      sql`${ownerOfBusiness(a)} AND NOT EXISTS (SELECT 1 FROM ${addOns} WHERE ${addOns.id} = ${a.id})`,
    ),
    db.run(sql`INSERT INTO ${addOns} ("id", "business_id", "name", "service_type", "duration_minutes", "price_minor", "active")
      SELECT ${a.id}, ${a.businessId}, ${x.name}, ${x.serviceType}, ${x.durationMinutes}, ${x.priceMinor}, 1
      WHERE ${audited(a)}`),
  ] as const;
}

const ownAddOn = (a: Actor, addOnId: string) =>
  sql`EXISTS (SELECT 1 FROM ${addOns} WHERE ${and(eq(addOns.id, addOnId), eq(addOns.businessId, a.businessId), asOwner(addOns.businessId, a.tokenHash, a.now))})`;

export function updateAddOnStatements(db: Db, a: Actor & { addOnId: string; addOn: AddOnInput; detail: string }) {
  const x = a.addOn;
  return [
    auditWhen(db, audit(a, 'settings.add_on.update', 'add_on', a.addOnId, a.detail), ownAddOn(a, a.addOnId)),
    db
      .update(addOns)
      .set({ name: x.name, serviceType: x.serviceType, durationMinutes: x.durationMinutes, priceMinor: x.priceMinor })
      .where(and(eq(addOns.id, a.addOnId), eq(addOns.businessId, a.businessId), audited(a))),
  ] as const;
}

export function setAddOnActiveStatements(db: Db, a: Actor & { addOnId: string; active: boolean; detail: string }) {
  return [
    auditWhen(db, audit(a, a.active ? 'settings.add_on.reactivate' : 'settings.add_on.deactivate', 'add_on', a.addOnId, a.detail), ownAddOn(a, a.addOnId)),
    db
      .update(addOns)
      .set({ active: a.active })
      .where(and(eq(addOns.id, a.addOnId), eq(addOns.businessId, a.businessId), audited(a))),
  ] as const;
}

const ownGroomer = (a: Actor, staffId: string) =>
  sql`EXISTS (SELECT 1 FROM ${staff} WHERE ${and(eq(staff.id, staffId), eq(staff.businessId, a.businessId), asOwner(staff.businessId, a.tokenHash, a.now))})`;

/**
 * Which grooming services the groomer does: `add` and `remove` are service ids (this
 * business's grooming ones only). Unless `keep`, nothing changes when a live confirmed
 * appointment has the groomer giving a removed service — also one booked since the page was
 * read (the route then shows the list again).
 */
export function setGroomerServicesStatements(db: Db, a: Actor & { staffId: string; add: string[]; remove: string[]; keep: boolean; detail: string }) {
  const untouched =
    a.keep || a.remove.length === 0
      ? sql`1`
      : sql`NOT EXISTS (SELECT 1 FROM "appointment_services" l
          JOIN "appointment_pets" p ON p.id = l.appointment_pet_id
          JOIN "appointments" x ON x.id = p.appointment_id
          WHERE l.business_id = ${a.businessId} AND l.staff_id = ${a.staffId} AND l.service_id IN (${sql.join(
            a.remove.map((id) => sql`${id}`),
            sql`, `,
          )})
          AND x.service_type = 'grooming' AND x.status IN (${sql.join(
            LIVE_CONFIRMED_STATUSES.map((st) => sql`${st}`),
            sql`, `,
          )}) AND x.ends_at > ${a.now})`;
  const statements: BatchItem<'sqlite'>[] = [
    auditWhen(db, audit(a, 'settings.groomer.services', 'staff', a.staffId, a.detail), sql`${ownGroomer(a, a.staffId)} AND ${untouched}`),
  ];
  if (a.remove.length > 0)
    statements.push(
      db
        .delete(staffServices)
        .where(and(eq(staffServices.staffId, a.staffId), eq(staffServices.businessId, a.businessId), inArray(staffServices.serviceId, a.remove), audited(a))),
    );
  for (const serviceId of a.add) {
    statements.push(
      db.run(sql`INSERT OR IGNORE INTO ${staffServices} ("staff_id", "service_id", "business_id")
        SELECT ${a.staffId}, ${services.id}, ${services.businessId} FROM ${services}
        WHERE ${services.id} = ${serviceId} AND ${services.businessId} = ${a.businessId} AND ${services.type} = 'grooming' AND ${audited(a)}`),
    );
  }
  return statements as [ReturnType<typeof auditWhen>, ...BatchItem<'sqlite'>[]];
}

/**
 * A weekly working period, written only if it still overlaps none of the groomer's periods
 * that weekday (a second owner's tab adding at the same time loses, not the schedule).
 */
export function addPeriodStatements(db: Db, a: Actor & { staffId: string; periodId: string; period: Period; detail: string }) {
  const p = a.period;
  const free: SQL = sql`NOT EXISTS (SELECT 1 FROM ${staffSchedules} WHERE ${staffSchedules.staffId} = ${a.staffId} AND ${staffSchedules.weekday} = ${p.weekday}
    AND ${staffSchedules.starts} < ${p.ends} AND ${p.starts} < ${staffSchedules.ends})`;
  return [
    auditWhen(db, audit(a, 'settings.groomer.period.add', 'staff', a.staffId, a.detail), sql`${ownGroomer(a, a.staffId)} AND ${free}`),
    db.run(sql`INSERT INTO ${staffSchedules} ("id", "business_id", "staff_id", "weekday", "starts", "ends")
      SELECT ${a.periodId}, ${a.businessId}, ${a.staffId}, ${p.weekday}, ${p.starts}, ${p.ends} WHERE ${audited(a)}`),
  ] as const;
}

/**
 * Removes a working period. `occurrences` (unless kept): the UTC ranges the period falls on
 * ahead — nothing changes if a live confirmed appointment of the groomer overlaps one of them,
 * also one booked since the page was read (the route then shows the list again).
 */
export function removePeriodStatements(
  db: Db,
  a: Actor & { staffId: string; periodId: string; occurrences: { starts: number; ends: number }[] | null; detail: string },
) {
  const untouched =
    a.occurrences === null || a.occurrences.length === 0
      ? sql`1`
      : sql`NOT EXISTS (SELECT 1 FROM "appointment_services" l
          JOIN "appointment_pets" p ON p.id = l.appointment_pet_id
          JOIN "appointments" x ON x.id = p.appointment_id
          WHERE l.business_id = ${a.businessId} AND l.staff_id = ${a.staffId}
          AND x.service_type = 'grooming' AND x.status IN (${sql.join(
            LIVE_CONFIRMED_STATUSES.map((st) => sql`${st}`),
            sql`, `,
          )}) AND x.ends_at > ${a.now}
          AND (${sql.join(
            a.occurrences.map((o) => sql`(x.starts_at < ${o.ends} AND x.ends_at > ${o.starts})`),
            sql` OR `,
          )}))`;
  return [
    auditWhen(db, audit(a, 'settings.groomer.period.remove', 'staff', a.staffId, a.detail), sql`${ownGroomer(a, a.staffId)} AND ${untouched}`),
    db
      .delete(staffSchedules)
      .where(and(eq(staffSchedules.id, a.periodId), eq(staffSchedules.staffId, a.staffId), eq(staffSchedules.businessId, a.businessId), audited(a))),
  ] as const;
}

/** What the groomer's hours on one date become, as UTC ranges (`dayAndPeriods`); null = kept. */
export type DayHours = { dayStart: number; dayEnd: number; periods: { starts: number; ends: number }[] } | null;

/**
 * No live confirmed appointment of the groomer starts on the day and runs outside the hours
 * the day will have (always true when kept).
 */
function noneOutside(a: Actor, staffId: string, day: DayHours): SQL {
  if (day === null) return sql`1`;
  const inside = day.periods.length
    ? sql.join(
        day.periods.map((p) => sql`(x.starts_at >= ${p.starts} AND x.ends_at <= ${p.ends})`),
        sql` OR `,
      )
    : sql`0`;
  return sql`NOT EXISTS (SELECT 1 FROM "appointment_services" l
    JOIN "appointment_pets" p ON p.id = l.appointment_pet_id
    JOIN "appointments" x ON x.id = p.appointment_id
    WHERE l.business_id = ${a.businessId} AND l.staff_id = ${staffId}
    AND x.service_type = 'grooming' AND x.status IN (${sql.join(
      LIVE_CONFIRMED_STATUSES.map((st) => sql`${st}`),
      sql`, `,
    )}) AND x.ends_at > ${a.now}
    AND x.starts_at >= ${day.dayStart} AND x.starts_at < ${day.dayEnd}
    AND NOT (${inside}))`;
}

/**
 * A dated exception, written only if that date's other exceptions still allow it (a day off
 * shares its date with nothing; hours overlap none) and, unless kept (`day` null), no live
 * confirmed appointment of the groomer would be outside the day's new hours — also one booked
 * since the page was read (the route then shows the list again).
 */
export function addExceptionStatements(
  db: Db,
  a: Actor & { staffId: string; exceptionId: string; exception: ScheduleException; day: DayHours; detail: string },
) {
  const x = a.exception;
  const sameDate = sql`${staffScheduleExceptions.staffId} = ${a.staffId} AND ${staffScheduleExceptions.date} = ${x.date}`;
  const free: SQL =
    x.starts === null || x.ends === null
      ? sql`NOT EXISTS (SELECT 1 FROM ${staffScheduleExceptions} WHERE ${sameDate})`
      : sql`NOT EXISTS (SELECT 1 FROM ${staffScheduleExceptions} WHERE ${sameDate}
          AND (${staffScheduleExceptions.starts} IS NULL OR (${staffScheduleExceptions.starts} < ${x.ends} AND ${x.starts} < ${staffScheduleExceptions.ends})))`;
  return [
    auditWhen(
      db,
      audit(a, 'settings.staff_exception.add', 'staff', a.staffId, a.detail),
      sql`${ownGroomer(a, a.staffId)} AND ${free} AND ${noneOutside(a, a.staffId, a.day)}`,
    ),
    db.run(sql`INSERT INTO ${staffScheduleExceptions} ("id", "business_id", "staff_id", "date", "starts", "ends", "reason")
      SELECT ${a.exceptionId}, ${a.businessId}, ${a.staffId}, ${x.date}, ${x.starts}, ${x.ends}, ${x.reason} WHERE ${audited(a)}`),
  ] as const;
}

/**
 * Removes a dated exception (the date goes back to its other exceptions, or the weekly
 * pattern), unless (`day` not null) a live confirmed appointment of the groomer would be
 * outside the hours the date then has.
 */
export function removeExceptionStatements(db: Db, a: Actor & { staffId: string; exceptionId: string; day: DayHours; detail: string }) {
  return [
    auditWhen(
      db,
      audit(a, 'settings.staff_exception.remove', 'staff', a.staffId, a.detail),
      sql`${ownGroomer(a, a.staffId)} AND ${noneOutside(a, a.staffId, a.day)}`,
    ),
    db
      .delete(staffScheduleExceptions)
      .where(
        and(
          eq(staffScheduleExceptions.id, a.exceptionId),
          eq(staffScheduleExceptions.staffId, a.staffId),
          eq(staffScheduleExceptions.businessId, a.businessId),
          audited(a),
        ),
      ),
  ] as const;
}
