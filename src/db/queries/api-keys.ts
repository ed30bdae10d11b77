/**
 * Integration API keys of a business: the owners' list, create and revoke (each with its audit
 * row, only when it applies), and the staff API's lookup — which also records the key's last use
 * in the same statement (one round trip per API call).
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { apiKeys, appointments, businesses, invitations, staffAccounts } from '../schema';
import { asMember } from './console';
import { asOwner, auditWhen } from './owners';
import type { StaffActor } from './console';

export function apiKeysStatement(db: Db, businessId: string, tokenHash: string, now: number) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByName: staffAccounts.name,
    })
    .from(apiKeys)
    .leftJoin(staffAccounts, eq(staffAccounts.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.businessId, businessId), asMember(apiKeys.businessId, tokenHash, now)))
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt))
    .limit(100);
}

type Actor = StaffActor;

/** A new key (its hash only), then its audit row; nothing unless the session is an owner's. */
export function createApiKeyStatements(db: Db, a: Actor & { id: string; name: string; keyHash: string; prefix: string }) {
  return [
    db.run(sql`INSERT INTO ${apiKeys} ("id", "business_id", "name", "key_hash", "prefix", "created_by", "created_at")
      SELECT ${a.id}, ${businesses.id}, ${a.name}, ${a.keyHash}, ${a.prefix}, ${a.staffAccountId}, CAST(${a.now} AS INTEGER)
      FROM ${businesses} WHERE ${businesses.id} = ${a.businessId} AND ${asOwner(businesses.id, a.tokenHash, a.now)}`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'api_key.create',
        recordType: 'api_key',
        recordId: a.id,
        detail: `${a.name} (${a.prefix}…)`,
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${apiKeys} WHERE ${apiKeys.id} = ${a.id})`,
    ),
    db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, a.id)),
  ] as const;
}

/** Revokes a live key of this business (audit row first, only if it applies). */
export function revokeApiKeyStatements(db: Db, a: Actor & { keyId: string }) {
  const target = and(eq(apiKeys.id, a.keyId), eq(apiKeys.businessId, a.businessId), isNull(apiKeys.revokedAt), asOwner(apiKeys.businessId, a.tokenHash, a.now));
  return [
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'api_key.revoke',
        recordType: 'api_key',
        recordId: a.keyId,
        detail: null,
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${apiKeys} WHERE ${target})`,
    ),
    db
      .update(apiKeys)
      .set({ revokedAt: new Date(a.now) })
      .where(target)
      .returning({ id: apiKeys.id }),
  ] as const;
}

/** The live key with this hash, its last use set to now: its business, or nothing (unknown or revoked). */
export function useApiKey(db: Db, keyHash: string, now: number) {
  return db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, businessId: apiKeys.businessId, prefix: apiKeys.prefix });
}

/** The business a client invitation belongs to (the staff API's revoke is by invitation id). */
export function invitationBusiness(db: Db, invitationId: string) {
  return db.select({ businessId: invitations.businessId }).from(invitations).where(eq(invitations.id, invitationId));
}

/** The business an appointment belongs to. */
export function appointmentBusiness(db: Db, appointmentId: string) {
  return db.select({ businessId: appointments.businessId }).from(appointments).where(eq(appointments.id, appointmentId));
}
