/**
 * The owner's business profile and booking rules (console settings): the row as the forms show
 * it, the visits a change would strand (a service type turned off with visits still booked, a
 * capacity lowered below what is already booked), and the update with its audit row — written
 * only when the session is an owner's, in one batch.
 */
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  accountClientLinks,
  appointments,
  businessHours,
  businesses,
  capacityClaims,
  clients,
  invitations,
  services,
  staffSchedules,
  type ServiceType,
} from '../schema';
import { CAPACITY_HOLDING_STATUSES } from '../../domain/capacity';
import type { ProfileValues, RuleValues } from '../../domain/business-settings';
import type { StaffActor } from './console';
import { asOwner, auditWhen } from './owners';
import { qualified } from './portal';

/** How many affected visits a refusal lists (the count says how many more). */
export const AFFECTED_LIMIT = 20;

const LIVE = [...CAPACITY_HOLDING_STATUSES, 'waitlisted'] as const;

export function businessSettingsStatement(db: Db, businessId: string) {
  return db.select().from(businesses).where(eq(businesses.id, businessId));
}

const affectedColumns = {
  id: appointments.id,
  startsAt: appointments.startsAt,
  status: appointments.status,
  serviceType: appointments.serviceType,
  firstName: clients.firstName,
  lastName: clients.lastName,
};

/** Live visits (holding a place, or waitlisted) of `types` that have not ended by `now`. */
export function liveVisitsOfTypesStatement(db: Db, businessId: string, types: ServiceType[], now: number) {
  return db
    .select(affectedColumns)
    .from(appointments)
    .innerJoin(clients, eq(clients.id, appointments.clientId))
    .where(
      and(
        eq(appointments.businessId, businessId),
        inArray(appointments.serviceType, types.length > 0 ? types : ['__none__' as ServiceType]),
        inArray(appointments.status, [...LIVE]),
        gte(appointments.endsAt, new Date(now)),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(AFFECTED_LIMIT + 1);
}

/**
 * Visits holding a place on a `kind` night or day from `fromDate` on where more places are
 * taken than `capacity` — what lowering the capacity to it would overbook.
 */
export function overCapacityStatement(db: Db, businessId: string, kind: 'boarding' | 'daycare', fromDate: string, capacity: number) {
  const over = sql`SELECT ${capacityClaims.resource} FROM ${capacityClaims}
    WHERE ${capacityClaims.businessId} = ${businessId} AND ${capacityClaims.resource} >= ${`${kind}:${fromDate}`} AND ${capacityClaims.resource} < ${`${kind};`}
    GROUP BY ${capacityClaims.resource} HAVING count(*) > ${capacity}`;
  return db
    .selectDistinct(affectedColumns)
    .from(appointments)
    .innerJoin(clients, eq(clients.id, appointments.clientId))
    .innerJoin(capacityClaims, eq(capacityClaims.appointmentId, appointments.id))
    .where(and(eq(appointments.businessId, businessId), sql`${capacityClaims.resource} IN (${over})`))
    .orderBy(asc(appointments.startsAt))
    .limit(AFFECTED_LIMIT + 1);
}

function changed<T extends object>(before: Record<string, unknown>, after: T): string {
  const keys = Object.keys(after).filter((k) => String(before[k] ?? '') !== String((after as Record<string, unknown>)[k] ?? ''));
  return keys.length > 0 ? `changed ${keys.join(', ')}`.slice(0, 300) : 'saved without changes';
}

/** Writes `values` to the business row with its audit row, only for an owner's live session. */
export function updateBusinessStatements(
  db: Db,
  a: StaffActor,
  action: 'settings.profile.update' | 'settings.booking.update',
  before: Record<string, unknown>,
  values: Partial<ProfileValues & RuleValues>,
) {
  return [
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action,
        recordType: 'business',
        recordId: a.businessId,
        detail: changed(before, values),
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${businesses} WHERE ${businesses.id} = ${a.businessId} AND ${asOwner(businesses.id, a.tokenHash, a.now)})`,
    ),
    db
      .update(businesses)
      .set(values)
      .where(and(eq(businesses.id, a.businessId), sql`EXISTS (SELECT 1 FROM "audit_log" WHERE "id" = ${a.auditId})`)),
  ] as const;
}

/**
 * Where a new business stands on the onboarding checklist (profile, hours, a service, capacity,
 * clients invited), for an owner's session only: no row for staff, who see no checklist.
 */
export function onboardingStatement(db: Db, businessId: string, tokenHash: string, now: number) {
  const b = businesses;
  // Inside each subquery a bare "id" would be the subquery table's own: name the outer row's.
  const outer = qualified(b.id);
  return db
    .select({
      profile: sql<number>`(${b.phone} IS NOT NULL AND ${b.address} IS NOT NULL)`,
      hours: sql<number>`EXISTS (SELECT 1 FROM ${businessHours} WHERE ${businessHours.businessId} = ${outer})`,
      service: sql<number>`EXISTS (SELECT 1 FROM ${services} WHERE ${services.businessId} = ${outer} AND ${services.active} = 1)`,
      capacity: sql<number>`((NOT ${b.offersBoarding} OR ${b.boardingNightlyCapacity} > 0) AND (NOT ${b.offersDaycare} OR ${b.daycareDailyCapacity} > 0)
        AND (NOT ${b.offersGrooming} OR EXISTS (SELECT 1 FROM ${staffSchedules} WHERE ${staffSchedules.businessId} = ${outer})))`,
      // Invited someone, or clients already use the portal (they signed up by phone before).
      invited: sql<number>`(EXISTS (SELECT 1 FROM ${invitations} WHERE ${invitations.businessId} = ${outer})
        OR EXISTS (SELECT 1 FROM ${accountClientLinks} JOIN ${clients} ON ${qualified(clients.id)} = ${qualified(accountClientLinks.clientId)} WHERE ${qualified(clients.businessId)} = ${outer}))`,
    })
    .from(b)
    .where(and(eq(b.id, businessId), asOwner(b.id, tokenHash, now)));
}
