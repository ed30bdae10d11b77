/**
 * Reads of a client's memberships (SPEC §10), through the client and scoped to the signed-in
 * session in SQL (`visibleTo`). A statement for the page's one batch.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { clientMemberships } from '../schema';
import { visibleTo } from './portal';
import type { ClientScope } from './credit';

/** The client's memberships: active first, then paused, then canceled; by plan name. */
export function membershipsStatements(db: Db, scope: ClientScope) {
  const rows = db
    .select({
      id: clientMemberships.id,
      planName: clientMemberships.planName,
      status: clientMemberships.status,
      perks: clientMemberships.perks,
      priceMinor: clientMemberships.priceMinor,
      currency: clientMemberships.currency,
      period: clientMemberships.period,
      nextRenewalOn: clientMemberships.nextRenewalOn,
    })
    .from(clientMemberships)
    .where(and(eq(clientMemberships.clientId, scope.clientId), visibleTo(clientMemberships.clientId, scope.tokenHash, scope.now)) as SQL)
    .orderBy(
      sql`case ${clientMemberships.status} when 'active' then 0 when 'paused' then 1 else 2 end`,
      asc(clientMemberships.planName),
      asc(clientMemberships.id),
    );
  return [rows] as const;
}

export type MembershipRow = Awaited<ReturnType<typeof membershipsStatements>[0]>[number];
