/**
 * Store credit in the console (console part 2, item 3): a client's ledger with who made each
 * entry, and the one write — a new entry. The ledger is append-only: a mistake is corrected by
 * another entry, never by editing one. The balance (in the business's currency) may not go below
 * zero unless an owner allows it; the condition is in the INSERT itself, so two deductions sent at
 * once cannot both spend the same credit.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { appointments, clients, staffAccounts, storeCreditTransactions } from '../schema';
import { asMember, type StaffActor } from './console';
import { auditWhen } from './owners';
import { qualified } from './portal';

/** Entries shown on the client's credit page, newest first. */
export const LEDGER_LIMIT = 100;

interface Scope {
  businessId: string;
  tokenHash: string;
  now: number;
}

export function creditLedgerStatements(db: Db, scope: Scope, clientId: string) {
  const mine = and(
    eq(storeCreditTransactions.clientId, clientId),
    eq(storeCreditTransactions.businessId, scope.businessId),
    asMember(storeCreditTransactions.businessId, scope.tokenHash, scope.now),
  );
  return {
    client: db
      .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName })
      .from(clients)
      .where(and(eq(clients.id, clientId), eq(clients.businessId, scope.businessId), asMember(clients.businessId, scope.tokenHash, scope.now))),
    entries: db
      .select({
        id: storeCreditTransactions.id,
        amountMinor: storeCreditTransactions.amountMinor,
        currency: storeCreditTransactions.currency,
        reason: storeCreditTransactions.reason,
        createdAt: storeCreditTransactions.createdAt,
        appointmentId: storeCreditTransactions.appointmentId,
        appointmentStartsAt: appointments.startsAt,
        byName: staffAccounts.name,
      })
      .from(storeCreditTransactions)
      .leftJoin(appointments, eq(appointments.id, storeCreditTransactions.appointmentId))
      .leftJoin(staffAccounts, eq(staffAccounts.id, storeCreditTransactions.createdBy))
      .where(mine)
      .orderBy(desc(storeCreditTransactions.createdAt), desc(storeCreditTransactions.id))
      .limit(LEDGER_LIMIT),
    balances: db
      .select({ currency: storeCreditTransactions.currency, balanceMinor: sql<number>`sum(${storeCreditTransactions.amountMinor})`.mapWith(Number) })
      .from(storeCreditTransactions)
      .where(mine)
      .groupBy(storeCreditTransactions.currency),
    // Appointments an entry may be linked to: the client's, newest first.
    appointments: db
      .select({ id: appointments.id, serviceType: appointments.serviceType, startsAt: appointments.startsAt })
      .from(appointments)
      .where(
        and(eq(appointments.clientId, clientId), eq(appointments.businessId, scope.businessId), asMember(appointments.businessId, scope.tokenHash, scope.now)),
      )
      .orderBy(desc(appointments.startsAt))
      .limit(30),
  };
}

export interface NewCreditEntry {
  /** From the form's submission key: a second tap or a resend of the same form is the same entry. */
  id: string;
  clientId: string;
  amountMinor: number;
  currency: string;
  reason: string;
  appointmentId: string | null;
  /** An owner ticked "allow a negative balance": the zero floor does not apply. */
  allowNegative: boolean;
}

/**
 * The entry, inserted only when the client is this business's, the session may work here, the
 * linked appointment (if any) is the client's, the balance stays at zero or above (unless
 * allowed) and no entry has this id yet; its audit row only when it was inserted. Returns the
 * entry's row when it exists — inserted now, or by an earlier send of the same form.
 */
export function addCreditEntryStatements(db: Db, a: StaffActor, e: NewCreditEntry) {
  const t = storeCreditTransactions;
  const balanceAfter = sql`(SELECT coalesce(sum(s.amount_minor), 0) FROM ${t} s WHERE s.client_id = ${e.clientId} AND s.currency = ${e.currency}) + ${e.amountMinor}`;
  return [
    db.run(sql`INSERT INTO ${t} ("id", "business_id", "client_id", "amount_minor", "currency", "reason", "appointment_id", "created_at", "created_by")
      SELECT ${e.id}, ${clients.businessId}, ${clients.id}, ${e.amountMinor}, ${e.currency}, ${e.reason}, ${e.appointmentId}, CAST(${a.now} AS INTEGER), ${a.staffAccountId}
      FROM ${clients}
      WHERE ${clients.id} = ${e.clientId} AND ${clients.businessId} = ${a.businessId} AND ${asMember(clients.businessId, a.tokenHash, a.now)}
        AND (${e.appointmentId} IS NULL OR EXISTS (SELECT 1 FROM ${appointments} ap WHERE ap.id = ${e.appointmentId} AND ap.client_id = ${qualified(clients.id)}))
        AND (${e.allowNegative ? 1 : 0} = 1 OR ${balanceAfter} >= 0)
        AND NOT EXISTS (SELECT 1 FROM ${t} again WHERE again.id = ${e.id})`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: e.amountMinor > 0 ? 'credit.add' : 'credit.deduct',
        recordType: 'client',
        recordId: e.clientId,
        detail: `${e.amountMinor > 0 ? '+' : ''}${e.amountMinor} ${e.currency}: ${e.reason}`.slice(0, 300),
        ipAddress: a.ipAddress,
        now: a.now,
      },
      // Only when the INSERT just above wrote the entry: a repeat of the same form (same id) writes no second audit row.
      sql`changes() = 1 AND EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${e.id})`,
    ),
    db.select({ id: t.id }).from(t).where(eq(t.id, e.id)),
  ] as const;
}
