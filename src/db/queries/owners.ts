/**
 * Shared pieces of the owners' console pages (team, API keys, webhooks): `asOwner`, the
 * write-side twin of `asMember` (the session's staff member is an owner of the business, past
 * the second factor), and the audit row written only when its change applies.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog, staffMemberships, staffSessions } from '../schema';
import { asMember } from './console';
import { qualified } from './portal';

/** `businessIdColumn` is a business where the session's staff member may work now, as an owner. */
export function asOwner(businessIdColumn: AnyColumn, tokenHash: string, now: number): SQL {
  return sql`(${asMember(businessIdColumn, tokenHash, now)} and exists (select 1 from ${staffMemberships} om
    join ${staffSessions} os on os.staff_account_id = om.staff_account_id
    where om.business_id = ${qualified(businessIdColumn)} and os.token_hash = ${tokenHash} and om.role = 'owner'))`;
}

export interface AuditInput {
  id: string;
  businessId: string;
  staffAccountId: string;
  action: string;
  recordType: string;
  recordId: string;
  detail: string | null;
  ipAddress: string | null;
  now: number;
}

/** The audit row of a change, inserted only when `when` holds (put it before the change it describes). */
export function auditWhen(db: Db, a: AuditInput, when: SQL) {
  return db.run(sql`INSERT INTO ${auditLog} ("id", "business_id", "staff_account_id", "action", "record_type", "record_id", "detail", "ip_address", "created_at")
    SELECT ${a.id}, ${a.businessId}, ${a.staffAccountId}, ${a.action}, ${a.recordType}, ${a.recordId}, ${a.detail}, ${a.ipAddress}, CAST(${a.now} AS INTEGER)
    WHERE ${when}`);
}
