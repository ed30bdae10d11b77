/**
 * Loading a console page in one database round trip, like middleware/portal.ts does for
 * parents: the staff session statements and the page's own (named) statements go out as one
 * batch, then the guards run on the answer — no live staff session → the console's sign-in;
 * a business the staff member is not a member of → 404; one whose second factor is still owed
 * → the two-step page; an owner-only page for staff → 403 (`requireStaff`, `requireOwner`).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppEnv } from '../app-env';
import { staffSessionStatements, type StaffWhoRow } from '../db/queries/console';
import type { StaffRole } from '../db/schema';
import { staffTokenHash } from './staff-session';

export class StaffSignInRequired extends Error {
  constructor() {
    super('Staff sign-in required');
  }
}

/** Signed in with the password, but this business (or role) asks for the second factor first. */
export class StaffTwoStepRequired extends Error {
  constructor(readonly enrolled: boolean) {
    super('Second factor required');
  }
}

/** A staff member (not an owner) asked for an owners-only page or action. */
export class OwnersOnly extends Error {
  constructor() {
    super('Owners only');
  }
}

export interface Membership {
  businessId: string;
  businessName: string;
  role: StaffRole;
  timeZone: string;
  locale: string;
  currency: string;
  requireTwoStep: boolean;
  /** Whether this session may work here now (second factor passed, or not asked of them). */
  open: boolean;
}

export interface StaffContext {
  staffAccountId: string;
  email: string;
  name: string;
  enrolled: boolean;
  secondFactorPassed: boolean;
  memberships: Membership[];
}

/** Folds the session rows into a StaffContext, or null when there is no live staff session. */
export function toStaffContext(rows: StaffWhoRow[]): StaffContext | null {
  const first = rows[0];
  if (!first) return null;
  const secondFactorPassed = first.secondFactorAt !== null;
  const memberships: Membership[] = rows.flatMap((r) =>
    r.businessId && r.role && r.businessName && r.timeZone && r.locale && r.currency
      ? [
          {
            businessId: r.businessId,
            businessName: r.businessName,
            role: r.role,
            timeZone: r.timeZone,
            locale: r.locale,
            currency: r.currency,
            requireTwoStep: !!r.requireTwoStep,
            open: secondFactorPassed || (r.role === 'staff' && !r.requireTwoStep),
          },
        ]
      : [],
  );
  return { staffAccountId: first.staffAccountId, email: first.email, name: first.name, enrolled: !!first.enrolled, secondFactorPassed, memberships };
}

type NamedStatements = Record<string, BatchItem<'sqlite'>>;

/** The staff session plus `build`'s named statements, one batch. Throws StaffSignInRequired without a live session. */
export async function loadStaff<T extends NamedStatements>(
  c: Context<AppEnv>,
  build: (tokenHash: string, now: number) => T,
): Promise<{ staff: StaffContext; results: { [K in keyof T]: Awaited<T[K]> }; now: number; tokenHash: string }> {
  const tokenHash = await staffTokenHash(c);
  if (!tokenHash) throw new StaffSignInRequired();
  const now = Date.now();
  const db = c.get('db');
  const { touch, who } = staffSessionStatements(db, tokenHash, now);
  const named = build(tokenHash, now);
  const names = Object.keys(named);
  const [, whoRows, ...rest] = await db.batch([touch, who, ...(Object.values(named) as BatchItem<'sqlite'>[])]);
  const staff = toStaffContext(whoRows as StaffWhoRow[]);
  if (!staff) throw new StaffSignInRequired();
  const results = Object.fromEntries(names.map((name, i) => [name, rest[i]])) as { [K in keyof T]: Awaited<T[K]> };
  return { staff, results, now, tokenHash };
}

/** The staff member's membership of `businessId`: 404 when none, the two-step page when it is owed. */
export function requireStaff(staff: StaffContext, businessId: string): Membership {
  const membership = staff.memberships.find((m) => m.businessId === businessId);
  if (!membership) throw new HTTPException(404);
  if (!membership.open) throw new StaffTwoStepRequired(staff.enrolled);
  return membership;
}

/** As requireStaff, and an owner: staff cannot manage staff, API keys, webhooks, settings or read the audit log. */
export function requireOwner(staff: StaffContext, businessId: string): Membership {
  const membership = requireStaff(staff, businessId);
  if (membership.role !== 'owner') throw new OwnersOnly();
  return membership;
}
