/**
 * Reads of a client's prepaid packages (SPEC §10), through the client and scoped to the
 * signed-in session in SQL (`visibleTo`). A statement for the page's one batch.
 */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { clientPackages } from '../schema';
import { visibleTo } from './portal';
import type { ClientScope } from './credit';

/** The client's packages, most recently bought first. */
export function packagesStatements(db: Db, scope: ClientScope) {
  const rows = db
    .select({
      id: clientPackages.id,
      name: clientPackages.name,
      covers: clientPackages.covers,
      totalQuantity: clientPackages.totalQuantity,
      remainingQuantity: clientPackages.remainingQuantity,
      purchasedOn: clientPackages.purchasedOn,
      expiresOn: clientPackages.expiresOn,
    })
    .from(clientPackages)
    .where(and(eq(clientPackages.clientId, scope.clientId), visibleTo(clientPackages.clientId, scope.tokenHash, scope.now)) as SQL)
    .orderBy(desc(clientPackages.purchasedOn), desc(clientPackages.id));
  return [rows] as const;
}

export type PackageRow = Awaited<ReturnType<typeof packagesStatements>[0]>[number];
