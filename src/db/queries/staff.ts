/**
 * What deciding a booking request reads, for both deciders — the integration API
 * (routes/staff.ts, by appointment id, the key's business checked by the handler) and the
 * console's inbox (scoped by the staff session, `asMember`): the request with the business it
 * belongs to and what the text to the parent says (the client's number, the service, the
 * start, the business's name, zone and locale, the text's language, its capacities), each pet's service lines with
 * their groomer, and the per-client limits the request holds. One batch, one round trip.
 */
import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { appointmentPets, appointmentServices, appointments, businesses, capacityClaims, clients, portalAccounts } from '../schema';
import { textLanguageColumn } from '../../messaging/text-language';

export function decisionStatements(db: Db, appointmentId: string, scope?: SQL) {
  const where = scope ? and(eq(appointments.id, appointmentId), scope) : eq(appointments.id, appointmentId);
  const visible = sql`exists (select 1 from ${appointments} where ${where})`;
  return {
    request: db
      .select({
        businessId: appointments.businessId,
        clientId: appointments.clientId,
        serviceType: appointments.serviceType,
        status: appointments.status,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        phoneE164: clients.phoneE164,
        businessName: businesses.name,
        timeZone: businesses.timeZone,
        locale: businesses.locale,
        /** The parent's language, else the business's text language. */
        language: textLanguageColumn(),
        boardingNightlyCapacity: businesses.boardingNightlyCapacity,
        daycareDailyCapacity: businesses.daycareDailyCapacity,
        maxLiveRequestsPerDay: businesses.maxLiveRequestsPerDay,
      })
      .from(appointments)
      .innerJoin(clients, eq(clients.id, appointments.clientId))
      .innerJoin(businesses, eq(businesses.id, appointments.businessId))
      .leftJoin(portalAccounts, eq(portalAccounts.phoneE164, clients.phoneE164))
      .where(where),
    lines: db
      .select({
        appointmentPetId: appointmentPets.id,
        lineId: appointmentServices.id,
        staffId: appointmentServices.staffId,
        staffRequested: appointmentServices.staffRequested,
      })
      .from(appointmentPets)
      .leftJoin(appointmentServices, eq(appointmentServices.appointmentPetId, appointmentPets.id))
      .where(and(eq(appointmentPets.appointmentId, appointmentId), visible)),
    limits: db
      .select({ resource: capacityClaims.resource })
      .from(capacityClaims)
      .where(and(eq(capacityClaims.appointmentId, appointmentId), like(capacityClaims.resource, 'client:%'), visible)),
  };
}

export type DecisionRows = {
  request: Awaited<ReturnType<typeof decisionStatements>['request']>;
  lines: Awaited<ReturnType<typeof decisionStatements>['lines']>;
  limits: Awaited<ReturnType<typeof decisionStatements>['limits']>;
};
