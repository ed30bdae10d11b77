/**
 * Reads of a client's store credit (SPEC §8): one page of the history, its total, and the
 * balance. Through the client and scoped to the signed-in session in SQL (`visibleTo`);
 * statements for the page's one batch, never awaited here. Display only: nothing here writes.
 */
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { appointments, storeCreditTransactions } from '../schema';
import { visibleTo } from './portal';

export const CREDIT_PAGE_SIZE = 20;

/** Whose records: a client record, visible only to a live session linked to it. */
export interface ClientScope {
  clientId: string;
  tokenHash: string;
  now: number;
}

function ofClient(scope: ClientScope): SQL {
  return and(eq(storeCreditTransactions.clientId, scope.clientId), visibleTo(storeCreditTransactions.clientId, scope.tokenHash, scope.now)) as SQL;
}

/**
 * Newest first: one page of transactions with the linked appointment (only when it is this
 * client's own), the number of transactions, and the balance per currency.
 */
export function creditStatements(db: Db, scope: ClientScope, page: number) {
  const where = ofClient(scope);
  const rows = db
    .select({
      id: storeCreditTransactions.id,
      amountMinor: storeCreditTransactions.amountMinor,
      currency: storeCreditTransactions.currency,
      reason: storeCreditTransactions.reason,
      createdAt: storeCreditTransactions.createdAt,
      appointmentId: appointments.id,
      appointmentServiceType: appointments.serviceType,
      appointmentStartsAt: appointments.startsAt,
    })
    .from(storeCreditTransactions)
    .leftJoin(appointments, and(eq(appointments.id, storeCreditTransactions.appointmentId), eq(appointments.clientId, storeCreditTransactions.clientId)))
    .where(where)
    .orderBy(desc(storeCreditTransactions.createdAt), desc(storeCreditTransactions.id))
    .limit(CREDIT_PAGE_SIZE)
    .offset((page - 1) * CREDIT_PAGE_SIZE);
  const total = db.select({ total: count() }).from(storeCreditTransactions).where(where);
  const balances = db
    .select({
      currency: storeCreditTransactions.currency,
      balanceMinor: sql<number>`sum(${storeCreditTransactions.amountMinor})`.mapWith(Number),
    })
    .from(storeCreditTransactions)
    .where(where)
    .groupBy(storeCreditTransactions.currency)
    .orderBy(asc(storeCreditTransactions.currency));
  return [rows, total, balances] as const;
}

export type CreditRow = Awaited<ReturnType<typeof creditStatements>[0]>[number];
