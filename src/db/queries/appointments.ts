/**
 * Reads of a client's appointments, always through the client (tenant first) and scoped to
 * the signed-in session in SQL (`visibleTo`). Each function returns statements to put in the
 * page's one batch, never awaits them itself.
 */
import { and, asc, count, desc, eq, inArray, not, or, gte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { addOns, appointmentAddOns, appointmentPets, appointmentServices, appointments, pets, services, staff } from '../schema';
import { qualified, visibleTo } from './portal';
import { IN_PROGRESS_STATUSES, OPEN_STATUSES } from '../../domain/appointment-status';

export const APPOINTMENTS_PAGE_SIZE = 20;

/**
 * Whose appointments: a client record, visible only to a live session linked to it. The
 * client id alone fixes the business (a client record belongs to exactly one).
 */
export interface AppointmentScope {
  clientId: string;
  tokenHash: string;
  now: number;
}
export type AppointmentList = 'upcoming' | 'history';

/**
 * Upcoming: open appointments that have not ended, plus stays in progress whatever the clock
 * says; History: everything else. Mirrors `isUpcoming` in domain/appointment-status.ts.
 */
function listCondition(list: AppointmentList, now: number): SQL {
  const upcoming = or(
    inArray(appointments.status, [...IN_PROGRESS_STATUSES]),
    and(inArray(appointments.status, [...OPEN_STATUSES]), gte(appointments.endsAt, new Date(now))),
  ) as SQL;
  return list === 'upcoming' ? upcoming : not(upcoming);
}

function ofClient(clientId: string, tokenHash: string, now: number): SQL {
  return and(eq(appointments.clientId, clientId), visibleTo(appointments.clientId, tokenHash, now)) as SQL;
}

/** One page of a list (soonest first for Upcoming, most recent first for History) and its total. */
export function appointmentListStatements(db: Db, scope: AppointmentScope, list: AppointmentList, page: number) {
  const where = and(ofClient(scope.clientId, scope.tokenHash, scope.now), listCondition(list, scope.now));
  const rows = db
    .select({
      id: appointments.id,
      serviceType: appointments.serviceType,
      status: appointments.status,
      declinedByBusiness: appointments.declinedByBusiness,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      petNames: sql<string | null>`(select group_concat(p.name, ', ') from ${appointmentPets} ap
        join ${pets} p on p.id = ap.pet_id where ap.appointment_id = ${qualified(appointments.id)})`,
      // Each service once, joined with ", " (SQLite's group_concat(distinct …) takes no separator).
      serviceNames: sql<string | null>`(select group_concat(name, ', ') from (select distinct sv.name as name from ${appointmentPets} ap
        join ${appointmentServices} asv on asv.appointment_pet_id = ap.id
        join ${services} sv on sv.id = asv.service_id where ap.appointment_id = ${qualified(appointments.id)}))`,
    })
    .from(appointments)
    .where(where)
    .orderBy(list === 'upcoming' ? asc(appointments.startsAt) : desc(appointments.startsAt), asc(appointments.id))
    .limit(APPOINTMENTS_PAGE_SIZE)
    .offset((page - 1) * APPOINTMENTS_PAGE_SIZE);
  const total = db.select({ total: count() }).from(appointments).where(where);
  return [rows, total] as const;
}

export type AppointmentListRow = Awaited<ReturnType<typeof appointmentListStatements>[0]>[number];

/** Everything the detail page shows: the appointment, its pets, service and add-on lines. */
export function appointmentDetailStatements(db: Db, scope: AppointmentScope, appointmentId: string) {
  const owned = and(eq(appointments.id, appointmentId), ofClient(scope.clientId, scope.tokenHash, scope.now));
  const appointment = db.select().from(appointments).where(owned);
  const petRows = db
    .select({
      appointmentPetId: appointmentPets.id,
      petId: pets.id,
      name: pets.name,
      species: pets.species,
      breed: pets.breed,
      cameraRoom: appointmentPets.cameraRoom,
    })
    .from(appointmentPets)
    .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
    .innerJoin(pets, and(eq(pets.id, appointmentPets.petId), eq(pets.clientId, appointments.clientId)))
    .where(owned)
    .orderBy(asc(pets.name));
  const serviceLines = db
    .select({
      appointmentPetId: appointmentServices.appointmentPetId,
      name: services.name,
      priceMinor: appointmentServices.priceMinor,
      staffFirstName: staff.firstName,
      staffLastName: staff.lastName,
    })
    .from(appointmentServices)
    .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
    .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
    .innerJoin(services, eq(services.id, appointmentServices.serviceId))
    .leftJoin(staff, eq(staff.id, appointmentServices.staffId))
    .where(owned)
    .orderBy(asc(services.name));
  const addOnLines = db
    .select({
      appointmentPetId: appointmentAddOns.appointmentPetId,
      name: addOns.name,
      priceMinor: appointmentAddOns.priceMinor,
      staffFirstName: staff.firstName,
      staffLastName: staff.lastName,
    })
    .from(appointmentAddOns)
    .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentAddOns.appointmentPetId))
    .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
    .innerJoin(addOns, eq(addOns.id, appointmentAddOns.addOnId))
    .leftJoin(staff, eq(staff.id, appointmentAddOns.staffId))
    .where(owned)
    .orderBy(asc(addOns.name));
  // Every appointment of the same online request (a daycare request has one per day).
  const sameRequest = db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      depositRequiredMinor: appointments.depositRequiredMinor,
    })
    .from(appointments)
    .where(
      and(
        ofClient(scope.clientId, scope.tokenHash, scope.now),
        sql`${appointments.submissionId} = (select a2.submission_id from appointments a2 where a2.id = ${appointmentId} and a2.client_id = ${scope.clientId})`,
      ),
    )
    .orderBy(asc(appointments.startsAt));
  return [appointment, petRows, serviceLines, addOnLines, sameRequest] as const;
}
