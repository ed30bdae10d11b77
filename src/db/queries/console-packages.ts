/**
 * Packages in the console (issue 14 item 4): the business's package plans (added, retired —
 * clients keep what they bought), a client's packages with their uses, selling a plan to a
 * client (payment happens outside Pawtal) and using a package for a finished visit by hand.
 * Every write is one batch with its audit row, each statement conditional on the session being
 * a member of this business; ids come from the forms' submission keys, so a repeat of the same
 * form writes nothing the second time. A visit uses at most one package, once: the use's INSERT
 * skips a visit that has one already, and the package is decremented only when that INSERT just
 * wrote (the check-out does the same, queries/schedule.ts).
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { appointments, businesses, clientPackages, clients, packagePlans, packageUses, staffAccounts, type ServiceType } from '../schema';
import { asMember, type StaffActor } from './console';
import { auditWhen } from './owners';
import { qualified } from './portal';

/** Finished visits offered for a use by hand: the client's most recent. */
export const FINISHED_VISITS_LIMIT = 30;

interface Scope {
  businessId: string;
  tokenHash: string;
  now: number;
}

function enabled(db: Db, scope: Scope) {
  return db
    .select({ packagesEnabled: businesses.packagesEnabled, membershipsEnabled: businesses.membershipsEnabled })
    .from(businesses)
    .where(and(eq(businesses.id, scope.businessId), asMember(businesses.id, scope.tokenHash, scope.now)));
}

/** The business's feature switches, for the console's notes ("clients do not see this yet"). */
export { enabled as featureSwitchesStatement };

function plans(db: Db, scope: Scope) {
  return db
    .select({
      id: packagePlans.id,
      name: packagePlans.name,
      covers: packagePlans.covers,
      serviceType: packagePlans.serviceType,
      quantity: packagePlans.quantity,
      priceMinor: packagePlans.priceMinor,
      validityDays: packagePlans.validityDays,
      retiredAt: packagePlans.retiredAt,
    })
    .from(packagePlans)
    .where(and(eq(packagePlans.businessId, scope.businessId), asMember(packagePlans.businessId, scope.tokenHash, scope.now)))
    .orderBy(sql`${packagePlans.retiredAt} IS NOT NULL`, asc(packagePlans.name), asc(packagePlans.id));
}

/** The plans page: every plan (on sale first) and the switch. */
export function packagePlansStatements(db: Db, scope: Scope) {
  return { plans: plans(db, scope), switches: enabled(db, scope) };
}

export interface NewPackagePlan {
  id: string;
  name: string;
  covers: string;
  serviceType: ServiceType | null;
  quantity: number;
  priceMinor: number;
  validityDays: number | null;
}

/** The plan, only when the session may work here and no plan has this id yet; its audit row only when it was inserted. */
export function addPackagePlanStatements(db: Db, a: StaffActor, p: NewPackagePlan) {
  const t = packagePlans;
  return [
    db.run(sql`INSERT INTO ${t} ("id", "business_id", "name", "covers", "service_type", "quantity", "price_minor", "validity_days", "created_at")
      SELECT ${p.id}, ${businesses.id}, ${p.name}, ${p.covers}, ${p.serviceType}, ${p.quantity}, ${p.priceMinor}, ${p.validityDays}, CAST(${a.now} AS INTEGER)
      FROM ${businesses}
      WHERE ${businesses.id} = ${a.businessId} AND ${asMember(businesses.id, a.tokenHash, a.now)}
        AND NOT EXISTS (SELECT 1 FROM ${t} again WHERE again.id = ${p.id})`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'package_plan.add',
        recordType: 'package_plan',
        recordId: p.id,
        detail:
          `${p.name}: ${p.quantity} × ${p.serviceType ?? 'any service'}, ${p.priceMinor}, ${p.validityDays === null ? 'no expiry' : `${p.validityDays} days`}`.slice(
            0,
            300,
          ),
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`changes() = 1 AND EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${p.id})`,
    ),
  ] as const;
}

/** Retires a plan still on sale (audit row first, only while it is); a second retire changes nothing. */
export function retirePackagePlanStatements(db: Db, a: StaffActor, planId: string, planName: string) {
  const onSale = and(
    eq(packagePlans.id, planId),
    eq(packagePlans.businessId, a.businessId),
    isNull(packagePlans.retiredAt),
    asMember(packagePlans.businessId, a.tokenHash, a.now),
  );
  return [
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'package_plan.retire',
        recordType: 'package_plan',
        recordId: planId,
        detail: planName.slice(0, 300),
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${packagePlans} WHERE ${onSale})`,
    ),
    db
      .update(packagePlans)
      .set({ retiredAt: new Date(a.now) })
      .where(onSale),
  ] as const;
}

/** A client's packages page: the client, their packages and uses, the plans on sale, their finished visits. */
export function clientPackagesStatements(db: Db, scope: Scope, clientId: string) {
  const member = (col: typeof clientPackages.businessId) => asMember(col, scope.tokenHash, scope.now);
  const theirs = and(eq(clientPackages.clientId, clientId), eq(clientPackages.businessId, scope.businessId), member(clientPackages.businessId));
  const packageIds = db.select({ id: clientPackages.id }).from(clientPackages).where(theirs);
  return {
    client: db
      .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName })
      .from(clients)
      .where(and(eq(clients.id, clientId), eq(clients.businessId, scope.businessId), asMember(clients.businessId, scope.tokenHash, scope.now))),
    packages: db
      .select({
        id: clientPackages.id,
        name: clientPackages.name,
        covers: clientPackages.covers,
        totalQuantity: clientPackages.totalQuantity,
        remainingQuantity: clientPackages.remainingQuantity,
        purchasedOn: clientPackages.purchasedOn,
        expiresOn: clientPackages.expiresOn,
        priceMinor: clientPackages.priceMinor,
        planId: clientPackages.planId,
        serviceType: packagePlans.serviceType,
        soldByName: staffAccounts.name,
      })
      .from(clientPackages)
      .leftJoin(packagePlans, eq(packagePlans.id, clientPackages.planId))
      .leftJoin(staffAccounts, eq(staffAccounts.id, clientPackages.soldBy))
      .where(theirs)
      .orderBy(desc(clientPackages.purchasedOn), desc(sql`${clientPackages}.rowid`)),
    uses: db
      .select({
        id: packageUses.id,
        clientPackageId: packageUses.clientPackageId,
        appointmentId: packageUses.appointmentId,
        usedAt: packageUses.usedAt,
        byName: staffAccounts.name,
        visitStartsAt: appointments.startsAt,
        visitServiceType: appointments.serviceType,
      })
      .from(packageUses)
      .innerJoin(appointments, eq(appointments.id, packageUses.appointmentId))
      .leftJoin(staffAccounts, eq(staffAccounts.id, packageUses.usedBy))
      .where(and(eq(packageUses.businessId, scope.businessId), inArray(packageUses.clientPackageId, packageIds)))
      .orderBy(desc(packageUses.usedAt)),
    plans: plans(db, scope),
    visits: db
      .select({
        id: appointments.id,
        serviceType: appointments.serviceType,
        startsAt: appointments.startsAt,
        usedPackageName: sql<
          string | null
        >`(SELECT cp.name FROM ${packageUses} u JOIN ${clientPackages} cp ON cp.id = u.client_package_id WHERE u.appointment_id = ${qualified(appointments.id)} LIMIT 1)`,
      })
      .from(appointments)
      .where(
        and(
          eq(appointments.clientId, clientId),
          eq(appointments.businessId, scope.businessId),
          eq(appointments.status, 'finished'),
          asMember(appointments.businessId, scope.tokenHash, scope.now),
        ),
      )
      .orderBy(desc(appointments.startsAt))
      .limit(FINISHED_VISITS_LIMIT),
    switches: enabled(db, scope),
  };
}

export interface PackageSale {
  /** From the form's submission key. */
  id: string;
  clientId: string;
  planId: string;
  /** For the audit row. */
  planName: string;
  /** YYYY-MM-DD, today in the business's zone. */
  purchasedOn: string;
  expiresOn: string | null;
}

/**
 * The sale: the plan's name, what it covers, quantity and price copied to the client's new
 * package, only when the plan is this business's and on sale, the client is this business's and
 * no package has this id yet; its audit row only when it was inserted. The last statement
 * returns the package when it exists (sold now, or by an earlier send of the same form).
 */
export function sellPackageStatements(db: Db, a: StaffActor, s: PackageSale) {
  const t = clientPackages;
  return [
    db.run(sql`INSERT INTO ${t} ("id", "business_id", "client_id", "name", "covers", "total_quantity", "remaining_quantity", "purchased_on", "expires_on", "plan_id", "price_minor", "sold_by")
      SELECT ${s.id}, ${packagePlans.businessId}, ${clients.id}, ${packagePlans.name}, ${packagePlans.covers}, ${packagePlans.quantity}, ${packagePlans.quantity},
        ${s.purchasedOn}, ${s.expiresOn}, ${packagePlans.id}, ${packagePlans.priceMinor}, ${a.staffAccountId}
      FROM ${packagePlans} JOIN ${clients} ON ${clients.businessId} = ${packagePlans.businessId}
      WHERE ${packagePlans.id} = ${s.planId} AND ${packagePlans.businessId} = ${a.businessId} AND ${packagePlans.retiredAt} IS NULL
        AND ${clients.id} = ${s.clientId} AND ${asMember(packagePlans.businessId, a.tokenHash, a.now)}
        AND NOT EXISTS (SELECT 1 FROM ${t} again WHERE again.id = ${s.id})`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'package.sell',
        recordType: 'client',
        recordId: s.clientId,
        detail: `${s.planName} (${s.planId}) sold as ${s.id}`.slice(0, 300),
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`changes() = 1 AND EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${s.id})`,
    ),
    db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.id, s.id), eq(t.businessId, a.businessId))),
  ] as const;
}

export interface PackageUseByHand {
  /** From the form's submission key. */
  id: string;
  clientId: string;
  clientPackageId: string;
  appointmentId: string;
  /** YYYY-MM-DD, today in the business's zone: a package is usable through its expiry day. */
  today: string;
}

/**
 * A use recorded by hand for a finished visit of the client's: inserted only when the package is
 * the client's, unexpired, has some left and covers the visit's service (an older package without
 * a plan covers any), the visit has no use yet and no use has this id; then the package loses one
 * only when that INSERT just wrote, and the audit row only when the decrement did. The last
 * statement returns the use when it exists (written now, or by an earlier send of the same form).
 */
export function usePackageStatements(db: Db, a: StaffActor, u: PackageUseByHand) {
  const t = packageUses;
  return [
    db.run(sql`INSERT INTO ${t} ("id", "business_id", "client_package_id", "appointment_id", "used_at", "used_by")
      SELECT ${u.id}, cp.business_id, cp.id, ap.id, CAST(${a.now} AS INTEGER), ${a.staffAccountId}
      FROM ${clientPackages} cp
        JOIN ${appointments} ap ON ap.id = ${u.appointmentId} AND ap.client_id = cp.client_id AND ap.business_id = cp.business_id AND ap.status = 'finished'
        LEFT JOIN ${packagePlans} pp ON pp.id = cp.plan_id
      WHERE cp.id = ${u.clientPackageId} AND cp.client_id = ${u.clientId} AND cp.business_id = ${a.businessId}
        AND EXISTS (SELECT 1 FROM ${clients} WHERE ${clients.id} = cp.client_id AND ${asMember(clients.businessId, a.tokenHash, a.now)})
        AND cp.remaining_quantity > 0 AND (cp.expires_on IS NULL OR cp.expires_on >= ${u.today})
        AND (pp.service_type IS NULL OR pp.service_type = ap.service_type)
        AND NOT EXISTS (SELECT 1 FROM ${t} x WHERE x.appointment_id = ap.id)
        AND NOT EXISTS (SELECT 1 FROM ${t} again WHERE again.id = ${u.id})`),
    db.run(sql`UPDATE ${clientPackages} SET "remaining_quantity" = "remaining_quantity" - 1
      WHERE changes() = 1 AND "id" = ${u.clientPackageId} AND "business_id" = ${a.businessId}
        AND EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${u.id} AND ${t.clientPackageId} = ${u.clientPackageId})`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'package.use',
        recordType: 'client_package',
        recordId: u.clientPackageId,
        detail: `for ${u.appointmentId} (by hand)`,
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`changes() = 1 AND EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${u.id})`,
    ),
    db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.id, u.id), eq(t.businessId, a.businessId))),
  ] as const;
}
