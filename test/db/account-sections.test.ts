/**
 * The store credit, packages, memberships and classes queries' own tenancy guard: with a live
 * session, a client record the account is not linked to yields no rows — in SQL, before any
 * route check runs — and an expired session sees nothing.
 */
import { describe, expect, it } from 'vitest';
import { classesStatements } from '../../src/db/queries/classes';
import { creditStatements } from '../../src/db/queries/credit';
import { membershipsStatements } from '../../src/db/queries/memberships';
import { packagesStatements } from '../../src/db/queries/packages';
import { createBusiness, createClientRecord, createPet, db, signedInAs } from '../helpers/factories';
import { createCreditTransaction, createGroupClass, createMembership, createPackage, enrollPet } from '../helpers/account-factories';

async function clientWithEverything() {
  const business = await createBusiness({ packagesEnabled: true, membershipsEnabled: true, groupClassesEnabled: true });
  const client = await createClientRecord(business.id);
  const pet = await createPet(client);
  await createCreditTransaction(client, { amountMinor: 1500 });
  await createPackage(client);
  await createMembership(client);
  const klass = await createGroupClass(business.id, { sessionStarts: [new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000)] });
  await enrollPet(klass, pet, [klass.sessions[0]!.id]);
  return { client };
}

/** Row counts of every statement of the four pages, for `scope`. */
async function counts(scope: { clientId: string; tokenHash: string; now: number }) {
  const credit = await db.batch(creditStatements(db, scope, 1));
  const packages = await db.batch(packagesStatements(db, scope));
  const memberships = await db.batch(membershipsStatements(db, scope));
  const classes = await db.batch(classesStatements(db, scope));
  return {
    credit: credit[0].length,
    creditTotal: credit[1][0]?.total ?? 0,
    balances: credit[2].map((b) => b.balanceMinor),
    packages: packages[0].length,
    memberships: memberships[0].length,
    classes: classes.map((r) => r.length),
  };
}

describe('account section queries', () => {
  it('return the rows of a client linked to the session', async () => {
    const mine = await clientWithEverything();
    const { tokenHash } = await signedInAs(mine.client.phoneE164);
    expect(await counts({ clientId: mine.client.id, tokenHash, now: Date.now() })).toEqual({
      credit: 1,
      creditTotal: 1,
      balances: [1500],
      packages: 1,
      memberships: 1,
      classes: [1, 2, 1],
    });
  });

  it('return nothing for a client the session is not linked to', async () => {
    const mine = await clientWithEverything();
    const theirs = await clientWithEverything();
    const { tokenHash } = await signedInAs(mine.client.phoneE164);
    expect(await counts({ clientId: theirs.client.id, tokenHash, now: Date.now() })).toEqual({
      credit: 0,
      creditTotal: 0,
      balances: [],
      packages: 0,
      memberships: 0,
      classes: [0, 0, 0],
    });
  });

  it('return nothing once the session has expired', async () => {
    const mine = await clientWithEverything();
    const { tokenHash } = await signedInAs(mine.client.phoneE164, { expiresAt: Date.now() - 1 });
    const result = await counts({ clientId: mine.client.id, tokenHash, now: Date.now() });
    expect([result.credit, result.packages, result.memberships, ...result.classes]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
