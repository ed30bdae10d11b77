/**
 * The demo's business-console accounts (issue: console part 1): an owner and a front-desk
 * staff member at Happy Tails, an owner at Paddington. Apart from the rest of the demo because
 * they need the Worker's pepper: the TOTP secrets are sealed with it (src/domain/secret-box.ts)
 * exactly as the console seals them, so the secrets printed in the README work in an
 * authenticator app, and /dev/two-step shows their current codes in development.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, inArray } from 'drizzle-orm';
import * as schema from '../src/db/schema';
import { hashPassword } from '../src/domain/password';
import { seal } from '../src/domain/secret-box';
import { DEMO, type SeedDatabase } from './seed';

export const DEMO_STAFF = [
  {
    id: 'sta_demo_ht_owner',
    email: 'owner@happytails.example',
    name: 'Morgan Lee',
    password: 'happy-tails-owner-demo',
    totpSecret: 'PAWTALDEMOHAPPYTAILSOWNERSECRET2',
    memberships: [{ businessId: DEMO.businesses.boarding, role: 'owner' as const }],
  },
  {
    id: 'sta_demo_ht_desk',
    email: 'desk@happytails.example',
    name: 'Riley Park',
    password: 'happy-tails-desk-demo',
    totpSecret: null,
    memberships: [{ businessId: DEMO.businesses.boarding, role: 'staff' as const }],
  },
  {
    id: 'sta_demo_pd_owner',
    email: 'owner@paddington.example',
    name: 'Priya Shah',
    password: 'paddington-owner-demo',
    totpSecret: 'PAWTALDEMOPADDINGTONOWNERSECRET3',
    memberships: [{ businessId: DEMO.businesses.grooming, role: 'owner' as const }],
  },
] as const;

const IDS = DEMO_STAFF.map((s) => s.id);

/** Writes (or, with `replace`, rewrites) the demo staff accounts in one batch; `pepper` is the Worker's OTP_PEPPER. */
export async function seedDemoStaff(db: SeedDatabase, pepper: string, now = Date.now()): Promise<void> {
  const rows = await Promise.all(
    DEMO_STAFF.map(async (s) => ({
      id: s.id,
      email: s.email,
      name: s.name,
      passwordHash: await hashPassword(s.password),
      totpSecretSealed: s.totpSecret ? await seal(pepper, 'staff-totp', s.totpSecret) : null,
      createdAt: new Date(now),
    })),
  );
  await db.batch([
    db.delete(schema.auditLog).where(inArray(schema.auditLog.staffAccountId, IDS)),
    db.delete(schema.staffSessions).where(inArray(schema.staffSessions.staffAccountId, IDS)),
    db.delete(schema.staffRecoveryCodes).where(inArray(schema.staffRecoveryCodes.staffAccountId, IDS)),
    db.delete(schema.staffMemberships).where(inArray(schema.staffMemberships.staffAccountId, IDS)),
    db.delete(schema.staffAccounts).where(inArray(schema.staffAccounts.id, IDS)),
    db.insert(schema.staffAccounts).values(rows),
    db
      .insert(schema.staffMemberships)
      .values(
        DEMO_STAFF.flatMap((s) => s.memberships.map((m) => ({ staffAccountId: s.id, businessId: m.businessId, role: m.role, createdAt: new Date(now) }))),
      ),
  ]);
}

/** Whether the demo staff are there already (the stack seeds them once, like the rest of the demo). */
export async function hasDemoStaff(db: SeedDatabase): Promise<boolean> {
  return (await db.select({ id: schema.staffAccounts.id }).from(schema.staffAccounts).where(eq(schema.staffAccounts.id, IDS[0]!))).length > 0;
}

/** OTP_PEPPER from the repository's .dev.vars, which wrangler dev gives the Worker (null when there is none). */
export function devVarsPepper(): string | null {
  const file = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.dev.vars');
  if (!existsSync(file)) return null;
  return /^OTP_PEPPER=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim() || null;
}
