/**
 * Reads and writes of the business console (DESIGN.md "The business console"). Every page
 * statement is scoped by `asMember(businessId)`: the staff session must be live and belong to
 * a member of that business who has passed the second factor where it is required — so
 * another business's id reads nothing, by construction, inside the page's one batch.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { qualified } from './portal';
import type { Db } from '../client';
import {
  addOns,
  appointmentAddOns,
  appointmentPets,
  appointmentServices,
  appointments,
  auditLog,
  businesses,
  businessNotifications,
  capacityClaims,
  clients,
  pets,
  services,
  staff,
  staffAccounts,
  staffMemberships,
  staffRecoveryCodes,
  staffSessions,
} from '../schema';
import { STAFF_SESSION_IDLE_MS, SESSION_TOUCH_INTERVAL_MS, SESSION_ABSOLUTE_MS } from '../../domain/session-policy';

/** Who does a console write, for its scoping (`asMember`) and its audit row. */
export interface StaffActor {
  businessId: string;
  staffAccountId: string;
  tokenHash: string;
  now: number;
  auditId: string;
  ipAddress: string | null;
}

export const INBOX_LIMIT = 50;
export const FEED_LIMIT = 50;
export const AUDIT_LIMIT = 100;

function liveStaffSession(tokenHash: string, now: number): SQL {
  return and(
    eq(staffSessions.tokenHash, tokenHash),
    gt(staffSessions.expiresAt, new Date(now)),
    gt(staffSessions.lastSeenAt, new Date(now - STAFF_SESSION_IDLE_MS)),
  ) as SQL;
}

/**
 * `businessIdColumn` is a business the session's staff member may work in now: a member, and
 * past the second factor unless they are staff (not owner) of a business that does not ask for it.
 */
export function asMember(businessIdColumn: AnyColumn, tokenHash: string, now: number): SQL {
  return sql`exists (select 1 from ${staffMemberships} m
    join ${staffSessions} s on s.staff_account_id = m.staff_account_id
    join ${businesses} b on b.id = m.business_id
    where m.business_id = ${qualified(businessIdColumn)} and s.token_hash = ${tokenHash}
    and s.expires_at > ${now} and s.last_seen_at > ${now - STAFF_SESSION_IDLE_MS}
    and (s.second_factor_at is not null or (m.role = 'staff' and b.require_two_step = 0)))`;
}

/** The statements opening every console page: refresh last_seen_at (not too often), read who is signed in. */
export function staffSessionStatements(db: Db, tokenHash: string, now: number) {
  const touch = db
    .update(staffSessions)
    .set({ lastSeenAt: new Date(now) })
    .where(and(liveStaffSession(tokenHash, now), lt(staffSessions.lastSeenAt, new Date(now - SESSION_TOUCH_INTERVAL_MS))));
  const who = db
    .select({
      staffAccountId: staffAccounts.id,
      email: staffAccounts.email,
      name: staffAccounts.name,
      enrolled: sql<number>`${staffAccounts.totpSecretSealed} is not null`,
      secondFactorAt: staffSessions.secondFactorAt,
      businessId: staffMemberships.businessId,
      role: staffMemberships.role,
      businessName: businesses.name,
      timeZone: businesses.timeZone,
      locale: businesses.locale,
      currency: businesses.currency,
      requireTwoStep: businesses.requireTwoStep,
    })
    .from(staffSessions)
    .innerJoin(staffAccounts, eq(staffAccounts.id, staffSessions.staffAccountId))
    .leftJoin(staffMemberships, eq(staffMemberships.staffAccountId, staffAccounts.id))
    .leftJoin(businesses, eq(businesses.id, staffMemberships.businessId))
    .where(liveStaffSession(tokenHash, now))
    .orderBy(asc(businesses.name));
  return { touch, who };
}

export type StaffWhoRow = Awaited<ReturnType<typeof staffSessionStatements>['who']>[number];

// ---- Sign-in ----------------------------------------------------------------------------------

export function staffAccountByEmail(db: Db, email: string) {
  return db
    .select({
      id: staffAccounts.id,
      passwordHash: staffAccounts.passwordHash,
      totpSecretSealed: staffAccounts.totpSecretSealed,
      totpLastStep: staffAccounts.totpLastStep,
      ownsOrMustPass: sql<number>`exists (select 1 from ${staffMemberships} m join ${businesses} b on b.id = m.business_id
        where m.staff_account_id = ${qualified(staffAccounts.id)} and (m.role = 'owner' or b.require_two_step = 1))`,
    })
    .from(staffAccounts)
    .where(eq(staffAccounts.email, email));
}

/** A new session for `staffAccountId` (pending until the second factor unless `secondFactor`), ending the one the browser had. */
export function newStaffSessionStatements(
  db: Db,
  input: { staffAccountId: string; tokenHash: string; previousTokenHash: string | null; secondFactor: boolean; userAgent: string | null; now: number },
) {
  const now = new Date(input.now);
  return [
    db.delete(staffSessions).where(eq(staffSessions.tokenHash, input.previousTokenHash ?? '')),
    db.insert(staffSessions).values({
      tokenHash: input.tokenHash,
      staffAccountId: input.staffAccountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(input.now + SESSION_ABSOLUTE_MS),
      secondFactorAt: input.secondFactor ? now : null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    }),
  ] as const;
}

/** The pending session's account, with what the second factor needs. */
export function pendingSessionAccount(db: Db, tokenHash: string, now: number) {
  return db
    .select({
      staffAccountId: staffAccounts.id,
      email: staffAccounts.email,
      totpSecretSealed: staffAccounts.totpSecretSealed,
      totpLastStep: staffAccounts.totpLastStep,
      secondFactorAt: staffSessions.secondFactorAt,
    })
    .from(staffSessions)
    .innerJoin(staffAccounts, eq(staffAccounts.id, staffSessions.staffAccountId))
    .where(liveStaffSession(tokenHash, now));
}

/**
 * The second factor passed by a TOTP code: the code's step is stored (only if later than the
 * last one — a concurrent use of the same code loses) and the session is marked.
 */
export function passTotpStatements(db: Db, input: { staffAccountId: string; tokenHash: string; step: number; now: number }) {
  return [
    db
      .update(staffAccounts)
      .set({ totpLastStep: input.step })
      .where(and(eq(staffAccounts.id, input.staffAccountId), sql`coalesce(${staffAccounts.totpLastStep}, -1) < ${input.step}`))
      .returning({ id: staffAccounts.id }),
    db
      .update(staffSessions)
      .set({ secondFactorAt: new Date(input.now) })
      .where(
        and(
          eq(staffSessions.tokenHash, input.tokenHash),
          sql`exists (select 1 from ${staffAccounts} where ${staffAccounts.id} = ${input.staffAccountId} and ${staffAccounts.totpLastStep} = ${input.step})`,
        ),
      )
      .returning({ tokenHash: staffSessions.tokenHash }),
  ] as const;
}

/** The second factor passed by a recovery code: the code is spent (once) and the session marked. */
export function passRecoveryStatements(db: Db, input: { staffAccountId: string; codeHash: string; tokenHash: string; now: number }) {
  return [
    db
      .update(staffRecoveryCodes)
      .set({ usedAt: new Date(input.now) })
      .where(
        and(eq(staffRecoveryCodes.staffAccountId, input.staffAccountId), eq(staffRecoveryCodes.codeHash, input.codeHash), isNull(staffRecoveryCodes.usedAt)),
      )
      .returning({ id: staffRecoveryCodes.id }),
    db
      .update(staffSessions)
      .set({ secondFactorAt: new Date(input.now) })
      .where(
        and(
          eq(staffSessions.tokenHash, input.tokenHash),
          sql`exists (select 1 from ${staffRecoveryCodes} where ${staffRecoveryCodes.codeHash} = ${input.codeHash} and ${staffRecoveryCodes.usedAt} = ${input.now})`,
        ),
      )
      .returning({ tokenHash: staffSessions.tokenHash }),
  ] as const;
}

/** Enrolment: the sealed secret and step stored, ten new recovery codes (old ones removed), the session marked. */
export function enrolStatements(
  db: Db,
  input: { staffAccountId: string; sealedSecret: string; step: number; codeHashes: string[]; tokenHash: string; now: number; ids: string[] },
) {
  return [
    db
      .update(staffAccounts)
      .set({ totpSecretSealed: input.sealedSecret, totpLastStep: input.step })
      .where(and(eq(staffAccounts.id, input.staffAccountId), isNull(staffAccounts.totpSecretSealed)))
      .returning({ id: staffAccounts.id }),
    db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffAccountId, input.staffAccountId)),
    db.insert(staffRecoveryCodes).values(input.codeHashes.map((codeHash, i) => ({ id: input.ids[i]!, staffAccountId: input.staffAccountId, codeHash }))),
    db
      .update(staffSessions)
      .set({ secondFactorAt: new Date(input.now) })
      .where(eq(staffSessions.tokenHash, input.tokenHash)),
  ] as const;
}

export function endStaffSession(db: Db, tokenHash: string) {
  return db.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash));
}

// ---- Inbox ------------------------------------------------------------------------------------

/** Requested and waitlisted requests of the business, oldest first, with what deciding needs. */
export function inboxStatements(db: Db, businessId: string, tokenHash: string, now: number) {
  const mine = and(
    eq(appointments.businessId, businessId),
    asMember(appointments.businessId, tokenHash, now),
    inArray(appointments.status, ['requested', 'waitlisted']),
  );
  const inbox = db.select({ id: appointments.id }).from(appointments).where(mine).orderBy(asc(appointments.createdAt)).limit(INBOX_LIMIT);
  return {
    requests: db
      .select({
        id: appointments.id,
        status: appointments.status,
        serviceType: appointments.serviceType,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        notes: appointments.notes,
        depositRequiredMinor: appointments.depositRequiredMinor,
        vaccinationRecordNeeded: appointments.vaccinationRecordNeeded,
        createdAt: appointments.createdAt,
        clientId: clients.id,
        clientFirstName: clients.firstName,
        clientLastName: clients.lastName,
        clientPhone: clients.phoneE164,
      })
      .from(appointments)
      .innerJoin(clients, eq(clients.id, appointments.clientId))
      .where(mine)
      .orderBy(asc(appointments.createdAt))
      .limit(INBOX_LIMIT),
    pets: db
      .select({ appointmentId: appointmentPets.appointmentId, appointmentPetId: appointmentPets.id, name: pets.name, species: pets.species })
      .from(appointmentPets)
      .innerJoin(pets, eq(pets.id, appointmentPets.petId))
      .where(inArray(appointmentPets.appointmentId, inbox)),
    lines: db
      .select({
        appointmentPetId: appointmentServices.appointmentPetId,
        name: services.name,
        staffId: appointmentServices.staffId,
        staffRequested: appointmentServices.staffRequested,
        staffFirstName: staff.firstName,
        staffLastName: staff.lastName,
      })
      .from(appointmentServices)
      .innerJoin(services, eq(services.id, appointmentServices.serviceId))
      .leftJoin(staff, eq(staff.id, appointmentServices.staffId))
      .where(
        inArray(
          appointmentServices.appointmentPetId,
          db.select({ id: appointmentPets.id }).from(appointmentPets).where(inArray(appointmentPets.appointmentId, inbox)),
        ),
      ),
    addOns: db
      .select({ appointmentPetId: appointmentAddOns.appointmentPetId, name: addOns.name })
      .from(appointmentAddOns)
      .innerJoin(addOns, eq(addOns.id, appointmentAddOns.addOnId))
      .where(
        inArray(
          appointmentAddOns.appointmentPetId,
          db.select({ id: appointmentPets.id }).from(appointmentPets).where(inArray(appointmentPets.appointmentId, inbox)),
        ),
      ),
    /**
     * Places taken of every boarding night and daycare day the inbox's requests span (a day
     * either side, for the business's zone): what is left, for requested and waitlisted alike.
     */
    taken: db
      .select({ resource: capacityClaims.resource, taken: sql<number>`count(*)` })
      .from(capacityClaims)
      .where(
        and(
          eq(capacityClaims.businessId, businessId),
          asMember(capacityClaims.businessId, tokenHash, now),
          sql`(${qualified(capacityClaims.resource)} like 'daycare:%' or ${qualified(capacityClaims.resource)} like 'boarding:%')`,
          sql`substr(${qualified(capacityClaims.resource)}, instr(${qualified(capacityClaims.resource)}, ':') + 1) between
            date((select min(a2.starts_at) from ${appointments} a2 where a2.id in ${inbox}) / 1000 - 86400, 'unixepoch') and
            date((select max(a3.ends_at) from ${appointments} a3 where a3.id in ${inbox}) / 1000 + 86400, 'unixepoch')`,
        ),
      )
      .groupBy(capacityClaims.resource),
    /** Who can be given an "any groomer" request. */
    groomers: db
      .select({ id: staff.id, firstName: staff.firstName, lastName: staff.lastName })
      .from(staff)
      .where(and(eq(staff.businessId, businessId), eq(staff.active, true), asMember(staff.businessId, tokenHash, now)))
      .orderBy(asc(staff.firstName)),
    capacity: db
      .select({ boarding: businesses.boardingNightlyCapacity, daycare: businesses.daycareDailyCapacity })
      .from(businesses)
      .where(and(eq(businesses.id, businessId), asMember(businesses.id, tokenHash, now))),
  };
}

// ---- Notifications ----------------------------------------------------------------------------

/** How many requests (requested or waitlisted) arrived after `sinceMs`: the inbox's "new since this page was loaded" poll. */
export function newRequestsStatement(db: Db, businessId: string, tokenHash: string, now: number, sinceMs: number) {
  return db
    .select({ count: sql<number>`count(*)` })
    .from(appointments)
    .where(
      and(
        eq(appointments.businessId, businessId),
        asMember(appointments.businessId, tokenHash, now),
        inArray(appointments.status, ['requested', 'waitlisted']),
        gt(appointments.createdAt, new Date(sinceMs)),
      ),
    );
}

export function unreadCountStatement(db: Db, businessId: string, tokenHash: string, now: number) {
  return db
    .select({ unread: sql<number>`count(*)` })
    .from(businessNotifications)
    .where(
      and(eq(businessNotifications.businessId, businessId), asMember(businessNotifications.businessId, tokenHash, now), isNull(businessNotifications.readAt)),
    );
}

export function feedStatement(db: Db, businessId: string, tokenHash: string, now: number) {
  return db
    .select({
      id: businessNotifications.id,
      kind: businessNotifications.kind,
      summary: businessNotifications.summary,
      appointmentId: businessNotifications.appointmentId,
      createdAt: businessNotifications.createdAt,
      readAt: businessNotifications.readAt,
    })
    .from(businessNotifications)
    .where(and(eq(businessNotifications.businessId, businessId), asMember(businessNotifications.businessId, tokenHash, now)))
    .orderBy(desc(businessNotifications.createdAt), desc(businessNotifications.id))
    .limit(FEED_LIMIT);
}

/** Whether the signed-in staff member asked for new requests by email in this business (no row for another business). */
export function emailPreferenceStatement(db: Db, businessId: string, tokenHash: string, now: number) {
  return db
    .select({ on: staffMemberships.emailNewRequests })
    .from(staffMemberships)
    .innerJoin(staffSessions, eq(staffSessions.staffAccountId, staffMemberships.staffAccountId))
    .where(and(eq(staffMemberships.businessId, businessId), eq(staffSessions.tokenHash, tokenHash), asMember(staffMemberships.businessId, tokenHash, now)));
}

/**
 * "Email me new requests" turned on or off for the staff member's own membership of this
 * business, with its audit row, in one batch; nothing when they may not work here.
 */
export function setEmailPreferenceStatements(db: Db, input: StaffActor & { on: boolean }) {
  const mine = and(
    eq(staffMemberships.businessId, input.businessId),
    eq(staffMemberships.staffAccountId, input.staffAccountId),
    asMember(staffMemberships.businessId, input.tokenHash, input.now),
  );
  return [
    db.run(sql`INSERT INTO ${auditLog} ("id", "business_id", "staff_account_id", "action", "record_type", "record_id", "detail", "ip_address", "created_at")
      SELECT ${input.auditId}, ${input.businessId}, ${input.staffAccountId}, 'staff.email_new_requests', 'staff_membership', ${input.staffAccountId},
        ${input.on ? 'on' : 'off'}, ${input.ipAddress}, CAST(${input.now} AS INTEGER)
      WHERE EXISTS (SELECT 1 FROM ${staffMemberships} WHERE ${mine})`),
    db.update(staffMemberships).set({ emailNewRequests: input.on }).where(mine).returning({ on: staffMemberships.emailNewRequests }),
  ] as const;
}

/**
 * Marks one notification (or, with `id` null, every unread one) read, with its audit row, in
 * one batch; nothing when the staff member may not work in this business.
 */
export function markReadStatements(
  db: Db,
  input: { businessId: string; id: string | null; tokenHash: string; now: number; staffAccountId: string; auditId: string; ipAddress: string | null },
) {
  const target = and(
    eq(businessNotifications.businessId, input.businessId),
    asMember(businessNotifications.businessId, input.tokenHash, input.now),
    isNull(businessNotifications.readAt),
    input.id ? eq(businessNotifications.id, input.id) : undefined,
  );
  return [
    db.run(sql`INSERT INTO ${auditLog} ("id", "business_id", "staff_account_id", "action", "record_type", "record_id", "detail", "ip_address", "created_at")
      SELECT ${input.auditId}, ${input.businessId}, ${input.staffAccountId}, ${input.id ? 'notification.read' : 'notification.read_all'},
        'notification', ${input.id ?? 'all'}, NULL, ${input.ipAddress}, CAST(${input.now} AS INTEGER)
      WHERE EXISTS (SELECT 1 FROM ${businessNotifications} WHERE ${target})`),
    db
      .update(businessNotifications)
      .set({ readAt: new Date(input.now) })
      .where(target)
      .returning({ id: businessNotifications.id }),
  ] as const;
}

// ---- Audit log --------------------------------------------------------------------------------

/** The business's audit log, newest first, optionally one action; owners only (checked by the route from the membership). */
export function auditStatement(db: Db, businessId: string, tokenHash: string, now: number, action: string | null) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      recordType: auditLog.recordType,
      recordId: auditLog.recordId,
      detail: auditLog.detail,
      ipAddress: auditLog.ipAddress,
      createdAt: auditLog.createdAt,
      staffName: staffAccounts.name,
    })
    .from(auditLog)
    .leftJoin(staffAccounts, eq(staffAccounts.id, auditLog.staffAccountId))
    .where(and(eq(auditLog.businessId, businessId), asMember(auditLog.businessId, tokenHash, now), action ? eq(auditLog.action, action) : undefined))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_LIMIT);
}

/** The actions the business's audit log holds, for its filter. */
export function auditActionsStatement(db: Db, businessId: string, tokenHash: string, now: number) {
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.businessId, businessId), asMember(auditLog.businessId, tokenHash, now)))
    .orderBy(asc(auditLog.action));
}
