/**
 * Reads of the staff operations (routes/staff.ts), which act for a business by appointment id
 * (bearer token, no session): what a decision needs — the business it belongs to, and what the
 * text to the parent says (the client's number, the service, the start, the business's name,
 * zone and locale).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { appointments, businesses, clients } from '../schema';

export function decisionContext(db: Db, appointmentId: string) {
  return db
    .select({
      businessId: appointments.businessId,
      clientId: appointments.clientId,
      serviceType: appointments.serviceType,
      startsAt: appointments.startsAt,
      phoneE164: clients.phoneE164,
      businessName: businesses.name,
      timeZone: businesses.timeZone,
      locale: businesses.locale,
    })
    .from(appointments)
    .innerJoin(clients, eq(clients.id, appointments.clientId))
    .innerJoin(businesses, eq(businesses.id, appointments.businessId))
    .where(eq(appointments.id, appointmentId));
}
