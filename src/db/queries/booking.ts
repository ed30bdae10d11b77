/**
 * Reads for online booking: the business's booking settings and catalogue, the client's pets,
 * and the load already on the calendar (groomers' busy time, pets per night/day, the units of
 * the capacity ledger). Every statement is scoped through the client record and the session
 * (`visibleTo`), and the route sends the ones a step needs in its single page batch.
 */
import { and, asc, eq, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import {
  addOns,
  appointmentAddOns,
  appointmentPets,
  appointmentServices,
  appointments,
  bookingSubmissions,
  businessHours,
  businesses,
  capacityClaims,
  clients,
  closedDates,
  petVaccinations,
  pets,
  serviceWindows,
  services,
  staff,
  staffScheduleExceptions,
  staffSchedules,
  staffServices,
} from '../schema';
import { CAPACITY_HOLDING_STATUSES } from '../../domain/capacity';
import { qualified, visibleTo } from './portal';

export interface BookingScope {
  clientId: string;
  tokenHash: string;
  now: number;
}

/** `column` belongs to the business of the session's client record `clientId`. */
function inClientBusiness(businessIdColumn: Parameters<typeof qualified>[0], scope: BookingScope): SQL {
  return sql`${qualified(businessIdColumn)} = (select ${qualified(clients.businessId)} from ${clients}
    where ${qualified(clients.id)} = ${scope.clientId} and ${visibleTo(clients.id, scope.tokenHash, scope.now)})`;
}

/** The appointment's [starts, ends) overlaps [from, to) (epoch ms). */
function appointmentOverlaps(from: number, to: number): SQL | undefined {
  return and(lt(appointments.startsAt, new Date(to)), gt(appointments.endsAt, new Date(from)));
}

/** Settings, catalogue, staff, hours and the client's pets: what every booking step needs. */
export function bookingCatalogueStatements(db: Db, scope: BookingScope) {
  const mine = and(eq(pets.clientId, scope.clientId), visibleTo(pets.clientId, scope.tokenHash, scope.now));
  return {
    business: db.select().from(businesses).where(inClientBusiness(businesses.id, scope)),
    pets: db.select({ id: pets.id, name: pets.name, species: pets.species, breed: pets.breed }).from(pets).where(mine).orderBy(asc(pets.name)),
    vaccinations: db
      .select({ petId: petVaccinations.petId, name: petVaccinations.name, expiresOn: petVaccinations.expiresOn })
      .from(petVaccinations)
      .innerJoin(pets, eq(pets.id, petVaccinations.petId))
      .where(mine),
    services: db
      .select()
      .from(services)
      .where(and(inClientBusiness(services.businessId, scope), eq(services.active, true)))
      .orderBy(asc(services.type), asc(services.priceMinor)),
    addOns: db
      .select()
      .from(addOns)
      .where(and(inClientBusiness(addOns.businessId, scope), eq(addOns.active, true)))
      .orderBy(asc(addOns.name)),
    staff: db
      .select({ id: staff.id, firstName: staff.firstName, lastName: staff.lastName })
      .from(staff)
      .where(and(inClientBusiness(staff.businessId, scope), eq(staff.active, true)))
      .orderBy(asc(staff.firstName)),
    staffServices: db.select().from(staffServices).where(inClientBusiness(staffServices.businessId, scope)),
    schedules: db.select().from(staffSchedules).where(inClientBusiness(staffSchedules.businessId, scope)),
    // From yesterday in UTC: every zone's today onwards (the past is never offered).
    exceptions: db
      .select({
        staffId: staffScheduleExceptions.staffId,
        date: staffScheduleExceptions.date,
        starts: staffScheduleExceptions.starts,
        ends: staffScheduleExceptions.ends,
      })
      .from(staffScheduleExceptions)
      .where(
        and(
          inClientBusiness(staffScheduleExceptions.businessId, scope),
          gte(staffScheduleExceptions.date, new Date(scope.now - 86_400_000).toISOString().slice(0, 10)),
        ),
      ),
    hours: db.select().from(businessHours).where(inClientBusiness(businessHours.businessId, scope)),
    closedDates: db.select({ date: closedDates.date, reason: closedDates.reason }).from(closedDates).where(inClientBusiness(closedDates.businessId, scope)),
    windows: db
      .select()
      .from(serviceWindows)
      .where(inClientBusiness(serviceWindows.businessId, scope))
      .orderBy(asc(serviceWindows.kind), asc(serviceWindows.starts)),
  };
}

/**
 * The client's pets' live visits (requested or waitlisted too) overlapping [from, to): a pet
 * cannot be booked into two overlapping stays or grooms. Each comes with the idempotency key
 * of the submission that made it, so a retry is not refused as overlapping its own request.
 */
export function petVisitsOverlappingStatement(db: Db, scope: BookingScope, from: number, to: number) {
  return db
    .select({
      appointmentId: appointments.id,
      petId: appointmentPets.petId,
      serviceType: appointments.serviceType,
      status: appointments.status,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      submissionKey: bookingSubmissions.idempotencyKey,
    })
    .from(appointmentPets)
    .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
    .leftJoin(bookingSubmissions, eq(bookingSubmissions.id, appointments.submissionId))
    .where(
      and(
        eq(appointments.clientId, scope.clientId),
        visibleTo(appointments.clientId, scope.tokenHash, scope.now),
        inArray(appointments.status, [...CAPACITY_HOLDING_STATUSES, 'waitlisted']),
        appointmentOverlaps(from, to),
      ),
    );
}

/** Groomers' busy time between `from` and `to`: live appointments' service lines with staff. */
export function staffBusyStatement(db: Db, scope: BookingScope, from: number, to: number) {
  return db
    .select({
      appointmentId: appointments.id,
      staffId: appointmentServices.staffId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
    })
    .from(appointmentServices)
    .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
    .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
    .where(
      and(
        inClientBusiness(appointments.businessId, scope),
        inArray(appointments.status, [...CAPACITY_HOLDING_STATUSES]),
        appointmentOverlaps(from, to),
        sql`${appointmentServices.staffId} is not null`,
      ),
    );
}

/**
 * Every capacity unit held by appointments overlapping [from, to): the pets per night/day and
 * groomers' slots around the dates being booked. The route derives both the calendar's load
 * and the exact units the booking lock starts from, so a submission needs no second read.
 */
export function claimsOverlappingStatement(db: Db, scope: BookingScope, from: number, to: number) {
  return db
    .select({ resource: capacityClaims.resource, unit: capacityClaims.unit, appointmentId: capacityClaims.appointmentId })
    .from(capacityClaims)
    .innerJoin(appointments, eq(appointments.id, capacityClaims.appointmentId))
    .where(and(inClientBusiness(capacityClaims.businessId, scope), appointmentOverlaps(from, to)));
}

/** An appointment of the client with its pets and lines: for "Book again", reschedule and cancel. */
export function appointmentForChangeStatements(db: Db, scope: BookingScope, appointmentId: string) {
  const owned = and(
    eq(appointments.id, appointmentId),
    eq(appointments.clientId, scope.clientId),
    visibleTo(appointments.clientId, scope.tokenHash, scope.now),
  );
  return {
    changingAppointment: db.select().from(appointments).where(owned),
    changingPetLines: db
      .select({
        appointmentPetId: appointmentPets.id,
        petId: appointmentPets.petId,
        lineId: appointmentServices.id,
        serviceId: appointmentServices.serviceId,
        staffId: appointmentServices.staffId,
        staffRequested: appointmentServices.staffRequested,
      })
      .from(appointmentPets)
      .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
      .leftJoin(appointmentServices, eq(appointmentServices.appointmentPetId, appointmentPets.id))
      .where(owned)
      .orderBy(asc(appointmentServices.id)),
    changingAddOns: db
      .select({ appointmentPetId: appointmentPets.id, addOnId: appointmentAddOns.addOnId })
      .from(appointmentAddOns)
      .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentAddOns.appointmentPetId))
      .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
      .where(owned),
  };
}
