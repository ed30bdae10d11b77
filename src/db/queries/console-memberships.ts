/**
 * Memberships in the console (issue 14 item 4): the business's membership plans (added,
 * retired — members keep theirs), a client's memberships, starting one from a plan (its name,
 * perks, price, currency and period copied, so a plan retired later changes nothing the client
 * holds), status changes (conditional on the status the page showed) and a new next-renewal
 * date. Every write is one batch with its audit row, each statement conditional on the session
 * being a member of this business; new rows take their ids from the forms' submission keys.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, clientMemberships, clients, membershipPlans } from '../schema';
import type { MembershipStatus } from '../../domain/membership-form';
import { asMember, type StaffActor } from './console';
import { featureSwitchesStatement } from './console-packages';
import { auditWhen } from './owners';

interface Scope {
  businessId: string;
  tokenHash: string;
  now: number;
}

function plans(db: Db, scope: Scope) {
  return db
    .select({
      id: membershipPlans.id,
      name: membershipPlans.name,
      perks: membershipPlans.perks,
      priceMinor: membershipPlans.priceMinor,
      period: membershipPlans.period,
      retiredAt: membershipPlans.retiredAt,
    })
    .from(membershipPlans)
    .where(and(eq(membershipPlans.businessId, scope.businessId), asMember(membershipPlans.businessId, scope.tokenHash, scope.now)))
    .orderBy(sql`${membershipPlans.retiredAt} IS NOT NULL`, asc(membershipPlans.name), asc(membershipPlans.id));
}

/** The plans page: every plan (on sale first) and the switches. */
export function membershipPlansStatements(db: Db, scope: Scope) {
  return { plans: plans(db, scope), switches: featureSwitchesStatement(db, scope) };
}

export interface NewMembershipPlan {
  id: string;
  name: string;
  perks: string | null;
  priceMinor: number;
  period: 'week' | 'month' | 'year';
}

/** The plan, only when the session may work here and no plan has this id yet; its audit row only when it was inserted. */
export function addMembershipPlanStatements(db: Db, a: StaffActor, p: NewMembershipPlan) {
  const t = membershipPlans;
  return [
    db.run(sql`INSERT INTO ${t} ("id", "business_id", "name", "perks", "price_minor", "period", "created_at")
      SELECT ${p.id}, ${businesses.id}, ${p.name}, ${p.perks}, ${p.priceMinor}, ${p.period}, CAST(${a.now} AS INTEGER)
      FROM ${businesses}
      WHERE ${businesses.id} = ${a.businessId} AND ${asMember(businesses.id, a.tokenHash, a.now)}
        AND NOT EXISTS (SELECT 1 FROM ${t} again WHERE again.id = ${p.id})`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'membership_plan.add',
        recordType: 'membership_plan',
        recordId: p.id,
        detail: `${p.name}: ${p.priceMinor} every ${p.period}`.slice(0, 300),
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`changes() = 1 AND EXISTS (SELECT 1 FROM ${t} WHERE ${t.id} = ${p.id})`,
    ),
  ] as const;
}

/** Retires a plan still on sale (audit row first, only while it is); a second retire changes nothing. */
export function retireMembershipPlanStatements(db: Db, a: StaffActor, planId: string, planName: string) {
  const onSale = and(
    eq(membershipPlans.id, planId),
    eq(membershipPlans.businessId, a.businessId),
    isNull(membershipPlans.retiredAt),
    asMember(membershipPlans.businessId, a.tokenHash, a.now),
  );
  return [
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'membership_plan.retire',
        recordType: 'membership_plan',
        recordId: planId,
        detail: planName.slice(0, 300),
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${membershipPlans} WHERE ${onSale})`,
    ),
    db
      .update(membershipPlans)
      .set({ retiredAt: new Date(a.now) })
      .where(onSale),
  ] as const;
}

/** A client's memberships page: the client, their memberships (active, paused, then canceled), the plans. */
export function clientMembershipsStatements(db: Db, scope: Scope, clientId: string) {
  return {
    client: db
      .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName })
      .from(clients)
      .where(and(eq(clients.id, clientId), eq(clients.businessId, scope.businessId), asMember(clients.businessId, scope.tokenHash, scope.now))),
    memberships: db
      .select({
        id: clientMemberships.id,
        planId: clientMemberships.planId,
        planName: clientMemberships.planName,
        status: clientMemberships.status,
        perks: clientMemberships.perks,
        priceMinor: clientMemberships.priceMinor,
        currency: clientMemberships.currency,
        period: clientMemberships.period,
        startedOn: clientMemberships.startedOn,
        nextRenewalOn: clientMemberships.nextRenewalOn,
      })
      .from(clientMemberships)
      .where(
        and(
          eq(clientMemberships.clientId, clientId),
          eq(clientMemberships.businessId, scope.businessId),
          asMember(clientMemberships.businessId, scope.tokenHash, scope.now),
        ),
      )
      .orderBy(
        sql`case ${clientMemberships.status} when 'active' then 0 when 'paused' then 1 else 2 end`,
        sql`${clientMemberships.startedOn} DESC`,
        asc(clientMemberships.id),
      ),
    plans: plans(db, scope),
    switches: featureSwitchesStatement(db, scope),
  };
}

export interface MembershipStart {
  /** From the form's submission key. */
  id: string;
  clientId: string;
  planId: string;
  /** For the audit row. */
  planName: string;
  currency: string;
  startedOn: string;
  nextRenewalOn: string;
}

/**
 * The new membership, active, with the plan's name, perks, price and period copied — only when
 * the plan is this business's and on sale, the client is this business's and no membership has
 * this id yet; its audit row only when it was inserted. The last statement returns the
 * membership when it exists (started now, or by an earlier send of the same form).
 */
export function startMembershipStatements(db: Db, a: StaffActor, s: MembershipStart) {
  const t = clientMemberships;
  return [
    db.run(sql`INSERT INTO ${t} ("id", "business_id", "client_id", "plan_name", "status", "perks", "price_minor", "currency", "period", "next_renewal_on", "plan_id", "started_on")
      SELECT ${s.id}, ${membershipPlans.businessId}, ${clients.id}, ${membershipPlans.name}, 'active', ${membershipPlans.perks}, ${membershipPlans.priceMinor}, ${s.currency},
        ${membershipPlans.period}, ${s.nextRenewalOn}, ${membershipPlans.id}, ${s.startedOn}
      FROM ${membershipPlans} JOIN ${clients} ON ${clients.businessId} = ${membershipPlans.businessId}
      WHERE ${membershipPlans.id} = ${s.planId} AND ${membershipPlans.businessId} = ${a.businessId} AND ${membershipPlans.retiredAt} IS NULL
        AND ${clients.id} = ${s.clientId} AND ${asMember(membershipPlans.businessId, a.tokenHash, a.now)}
        AND NOT EXISTS (SELECT 1 FROM ${t} again WHERE again.id = ${s.id})`),
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'membership.start',
        recordType: 'client',
        recordId: s.clientId,
        detail: `${s.planName} (${s.planId}) as ${s.id}, starts ${s.startedOn}`.slice(0, 300),
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

/** The membership as the page showed it: this business's, this client's, and (for a change) in `statuses`. */
function theirs(a: StaffActor, membershipId: string, clientId: string, statuses: readonly MembershipStatus[]) {
  return and(
    eq(clientMemberships.id, membershipId),
    eq(clientMemberships.clientId, clientId),
    eq(clientMemberships.businessId, a.businessId),
    inArray(clientMemberships.status, [...statuses]),
    asMember(clientMemberships.businessId, a.tokenHash, a.now),
  );
}

export interface MembershipChange {
  membershipId: string;
  clientId: string;
  from: MembershipStatus;
  to: MembershipStatus;
  /** A resume's next renewal when the membership has none (one period from today). */
  resumeRenewalOn: string;
}

/**
 * A status change, only while the membership is still `from`: a cancel clears the next renewal,
 * a pause keeps it, a resume keeps it (or sets one). Audit row first, under the same condition;
 * the update returns the row when it applied.
 */
export function changeMembershipStatements(db: Db, a: StaffActor, ch: MembershipChange) {
  const where = theirs(a, ch.membershipId, ch.clientId, [ch.from]);
  return [
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: `membership.${ch.to === 'active' ? 'resume' : ch.to === 'paused' ? 'pause' : 'cancel'}`,
        recordType: 'client_membership',
        recordId: ch.membershipId,
        detail: `${ch.from} → ${ch.to}`,
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${clientMemberships} WHERE ${where})`,
    ),
    db
      .update(clientMemberships)
      .set({
        status: ch.to,
        ...(ch.to === 'canceled'
          ? { nextRenewalOn: null }
          : ch.to === 'active'
            ? { nextRenewalOn: sql`coalesce(${clientMemberships.nextRenewalOn}, ${ch.resumeRenewalOn})` }
            : {}),
      })
      .where(where)
      .returning({ id: clientMemberships.id }),
  ] as const;
}

/** A new next-renewal date for a membership that is not canceled; audit row first, under the same condition. */
export function setRenewalStatements(db: Db, a: StaffActor, r: { membershipId: string; clientId: string; nextRenewalOn: string; was: string | null }) {
  const where = theirs(a, r.membershipId, r.clientId, ['active', 'paused']);
  return [
    auditWhen(
      db,
      {
        id: a.auditId,
        businessId: a.businessId,
        staffAccountId: a.staffAccountId,
        action: 'membership.renewal',
        recordType: 'client_membership',
        recordId: r.membershipId,
        detail: `next renewal ${r.was ?? 'none'} → ${r.nextRenewalOn}`,
        ipAddress: a.ipAddress,
        now: a.now,
      },
      sql`EXISTS (SELECT 1 FROM ${clientMemberships} WHERE ${where})`,
    ),
    db.update(clientMemberships).set({ nextRenewalOn: r.nextRenewalOn }).where(where).returning({ id: clientMemberships.id }),
  ] as const;
}
