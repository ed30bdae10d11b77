/**
 * The team of a business (owners only): its members and pending staff invitations, changing a
 * role or removing someone (their console sessions end in the same batch), inviting by email
 * (the invitation and its email in one batch), and accepting an invitation (account or
 * membership, session and the invitation used — all only if the invitation is still live).
 * Every owner statement is scoped by asOwner; every change writes its audit row, only when it
 * applies. A business always keeps at least one owner.
 */
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, emailOutbox, staffAccounts, staffInvitations, staffMemberships, staffSessions, type StaffRole } from '../schema';
import { SESSION_ABSOLUTE_MS } from '../../domain/session-policy';
import { asMember } from './console';
import { asOwner, auditWhen } from './owners';
import type { StaffActor } from './console';

export function teamStatements(db: Db, businessId: string, tokenHash: string, now: number) {
  return {
    members: db
      .select({
        staffAccountId: staffAccounts.id,
        name: staffAccounts.name,
        email: staffAccounts.email,
        enrolled: sql<number>`${staffAccounts.totpSecretSealed} is not null`,
        role: staffMemberships.role,
        since: staffMemberships.createdAt,
      })
      .from(staffMemberships)
      .innerJoin(staffAccounts, eq(staffAccounts.id, staffMemberships.staffAccountId))
      .where(and(eq(staffMemberships.businessId, businessId), asMember(staffMemberships.businessId, tokenHash, now)))
      .orderBy(asc(staffAccounts.name)),
    invitations: db
      .select({
        id: staffInvitations.id,
        email: staffInvitations.email,
        role: staffInvitations.role,
        createdAt: staffInvitations.createdAt,
        expiresAt: staffInvitations.expiresAt,
      })
      .from(staffInvitations)
      .where(
        and(
          eq(staffInvitations.businessId, businessId),
          asMember(staffInvitations.businessId, tokenHash, now),
          isNull(staffInvitations.acceptedAt),
          isNull(staffInvitations.revokedAt),
          gt(staffInvitations.expiresAt, new Date(now)),
        ),
      )
      .orderBy(desc(staffInvitations.createdAt))
      .limit(100),
  };
}

type Actor = StaffActor;

const audit = (a: Actor, action: string, recordType: string, recordId: string, detail: string | null) => ({
  id: a.auditId,
  businessId: a.businessId,
  staffAccountId: a.staffAccountId,
  action,
  recordType,
  recordId,
  detail,
  ipAddress: a.ipAddress,
  now: a.now,
});

/** The statement is applied iff its audit row (id `auditId`) was written in this batch. */
const audited = (auditId: string) => sql`EXISTS (SELECT 1 FROM "audit_log" WHERE "id" = ${auditId})`;

/** Other owners than `staffAccountId` remain in the business. */
const anotherOwner = (businessId: string, staffAccountId: string) =>
  sql`EXISTS (SELECT 1 FROM ${staffMemberships} o WHERE o.business_id = ${businessId} AND o.role = 'owner' AND o.staff_account_id <> ${staffAccountId})`;

/** The member's membership, if the session is an owner's. */
function memberTarget(a: Actor, memberId: string) {
  return and(
    eq(staffMemberships.businessId, a.businessId),
    eq(staffMemberships.staffAccountId, memberId),
    asOwner(staffMemberships.businessId, a.tokenHash, a.now),
  );
}

/** A new role for a member; an owner becomes staff only while another owner remains. */
export function changeRoleStatements(db: Db, a: Actor & { memberId: string; role: StaffRole }) {
  const when = and(
    memberTarget(a, a.memberId),
    sql`${staffMemberships.role} <> ${a.role}`,
    a.role === 'staff' ? anotherOwner(a.businessId, a.memberId) : undefined,
  );
  return [
    auditWhen(db, audit(a, 'staff.role', 'staff_account', a.memberId, a.role), sql`EXISTS (SELECT 1 FROM ${staffMemberships} WHERE ${when})`),
    db
      .update(staffMemberships)
      .set({ role: a.role })
      .where(and(memberTarget(a, a.memberId), audited(a.auditId)))
      .returning({ role: staffMemberships.role }),
  ] as const;
}

/**
 * Removes a member (never the last owner) and ends every console session of theirs at once:
 * one batch, each statement applied only if the audit row was written.
 */
export function removeMemberStatements(db: Db, a: Actor & { memberId: string }) {
  const when = and(memberTarget(a, a.memberId), anotherOwner(a.businessId, a.memberId));
  return [
    auditWhen(db, audit(a, 'staff.remove', 'staff_account', a.memberId, null), sql`EXISTS (SELECT 1 FROM ${staffMemberships} WHERE ${when})`),
    db
      .delete(staffMemberships)
      .where(and(eq(staffMemberships.businessId, a.businessId), eq(staffMemberships.staffAccountId, a.memberId), audited(a.auditId)))
      .returning({ id: staffMemberships.staffAccountId }),
    db.delete(staffSessions).where(and(eq(staffSessions.staffAccountId, a.memberId), audited(a.auditId))),
  ] as const;
}

export interface InvitationEmail {
  outboxId: string;
  subject: string;
  text: string;
  provider: string;
  immediate: boolean;
}

/**
 * An invitation (earlier pending ones to the same address revoked) and its email, then the
 * audit row — nothing unless the session is an owner's.
 */
export function inviteStatements(
  db: Db,
  a: Actor & { id: string; email: string; role: StaffRole; inviteTokenHash: string; expiresAt: number; message: InvitationEmail },
) {
  const m = a.message;
  return [
    db
      .update(staffInvitations)
      .set({ revokedAt: new Date(a.now) })
      .where(
        and(
          eq(staffInvitations.businessId, a.businessId),
          eq(staffInvitations.email, a.email),
          isNull(staffInvitations.acceptedAt),
          isNull(staffInvitations.revokedAt),
          asOwner(staffInvitations.businessId, a.tokenHash, a.now),
        ),
      ),
    db.run(sql`INSERT INTO ${staffInvitations} ("id", "business_id", "email", "role", "token_hash", "invited_by", "created_at", "expires_at")
      SELECT ${a.id}, ${businesses.id}, ${a.email}, ${a.role}, ${a.inviteTokenHash}, ${a.staffAccountId}, CAST(${a.now} AS INTEGER), CAST(${a.expiresAt} AS INTEGER)
      FROM ${businesses} WHERE ${businesses.id} = ${a.businessId} AND ${asOwner(businesses.id, a.tokenHash, a.now)}`),
    db.run(sql`INSERT INTO ${emailOutbox} ("id", "to_address", "subject", "body_text", "provider", "status", "provider_message_id", "error", "created_at")
      SELECT ${m.outboxId}, ${a.email}, ${m.subject}, ${m.text}, ${m.provider}, ${m.immediate ? 'sent' : 'queued'}, ${m.immediate ? m.outboxId : null}, NULL, CAST(${a.now} AS INTEGER)
      WHERE EXISTS (SELECT 1 FROM ${staffInvitations} WHERE ${staffInvitations.id} = ${a.id})`),
    auditWhen(
      db,
      audit(a, 'staff.invite', 'staff_invitation', a.id, `${a.email} as ${a.role}`),
      sql`EXISTS (SELECT 1 FROM ${staffInvitations} WHERE ${staffInvitations.id} = ${a.id})`,
    ),
    db.select({ id: staffInvitations.id }).from(staffInvitations).where(eq(staffInvitations.id, a.id)),
  ] as const;
}

/** Revokes a pending invitation of this business. */
export function revokeStaffInvitationStatements(db: Db, a: Actor & { invitationId: string }) {
  const target = and(
    eq(staffInvitations.id, a.invitationId),
    eq(staffInvitations.businessId, a.businessId),
    isNull(staffInvitations.acceptedAt),
    isNull(staffInvitations.revokedAt),
    asOwner(staffInvitations.businessId, a.tokenHash, a.now),
  );
  return [
    auditWhen(db, audit(a, 'staff.invite_revoke', 'staff_invitation', a.invitationId, null), sql`EXISTS (SELECT 1 FROM ${staffInvitations} WHERE ${target})`),
    db
      .update(staffInvitations)
      .set({ revokedAt: new Date(a.now) })
      .where(and(eq(staffInvitations.id, a.invitationId), audited(a.auditId)))
      .returning({ id: staffInvitations.id }),
  ] as const;
}

// ---- The invited person's page ------------------------------------------------------------------

/** An invitation by its token's hash, with its business and any staff account of its email. */
export function staffInvitationByTokenHash(db: Db, tokenHash: string) {
  return db
    .select({
      id: staffInvitations.id,
      businessId: staffInvitations.businessId,
      businessName: businesses.name,
      email: staffInvitations.email,
      role: staffInvitations.role,
      expiresAt: staffInvitations.expiresAt,
      acceptedAt: staffInvitations.acceptedAt,
      revokedAt: staffInvitations.revokedAt,
      accountId: staffAccounts.id,
      accountName: staffAccounts.name,
      accountPasswordHash: staffAccounts.passwordHash,
      accountEnrolled: sql<number>`${staffAccounts.totpSecretSealed} is not null`,
    })
    .from(staffInvitations)
    .innerJoin(businesses, eq(businesses.id, staffInvitations.businessId))
    .leftJoin(staffAccounts, eq(staffAccounts.email, staffInvitations.email))
    .where(eq(staffInvitations.tokenHash, tokenHash));
}

/**
 * Accepting: the invitation marked used (only if still live), then — only if it was — the new
 * account (when `newAccount`), the membership, the audit row and a console session that still
 * owes the second factor, ending the session the browser had.
 */
export function acceptStatements(
  db: Db,
  input: {
    invitationId: string;
    businessId: string;
    role: StaffRole;
    staffAccountId: string;
    newAccount: { email: string; name: string; passwordHash: string } | null;
    sessionTokenHash: string;
    previousTokenHash: string | null;
    userAgent: string | null;
    auditId: string;
    ipAddress: string | null;
    now: number;
  },
) {
  const now = input.now;
  const accepted = sql`EXISTS (SELECT 1 FROM ${staffInvitations} WHERE ${staffInvitations.id} = ${input.invitationId} AND ${staffInvitations.acceptedAt} = CAST(${now} AS INTEGER))`;
  const n = input.newAccount;
  return [
    db
      .update(staffInvitations)
      .set({ acceptedAt: new Date(now) })
      .where(
        and(
          eq(staffInvitations.id, input.invitationId),
          isNull(staffInvitations.acceptedAt),
          isNull(staffInvitations.revokedAt),
          gt(staffInvitations.expiresAt, new Date(now)),
        ),
      )
      .returning({ id: staffInvitations.id }),
    n
      ? db.run(sql`INSERT INTO ${staffAccounts} ("id", "email", "name", "password_hash", "created_at")
          SELECT ${input.staffAccountId}, ${n.email}, ${n.name}, ${n.passwordHash}, CAST(${now} AS INTEGER) WHERE ${accepted}`)
      : db.run(sql`SELECT 1`),
    db.run(sql`INSERT INTO ${staffMemberships} ("staff_account_id", "business_id", "role", "email_new_requests", "created_at")
      SELECT ${input.staffAccountId}, ${input.businessId}, ${input.role}, 0, CAST(${now} AS INTEGER) WHERE ${accepted}
      ON CONFLICT DO NOTHING`),
    auditWhen(
      db,
      {
        id: input.auditId,
        businessId: input.businessId,
        staffAccountId: input.staffAccountId,
        action: 'staff.join',
        recordType: 'staff_invitation',
        recordId: input.invitationId,
        detail: input.role,
        ipAddress: input.ipAddress,
        now,
      },
      accepted,
    ),
    db.delete(staffSessions).where(and(eq(staffSessions.tokenHash, input.previousTokenHash ?? ''), accepted)),
    db.run(sql`INSERT INTO ${staffSessions} ("token_hash", "staff_account_id", "created_at", "last_seen_at", "expires_at", "second_factor_at", "user_agent")
      SELECT ${input.sessionTokenHash}, ${input.staffAccountId}, CAST(${now} AS INTEGER), CAST(${now} AS INTEGER), CAST(${now + SESSION_ABSOLUTE_MS} AS INTEGER), NULL, ${input.userAgent?.slice(0, 300) ?? null}
      WHERE ${accepted}`),
  ] as const;
}
