/** The demo's console accounts: real password hashes, TOTP secrets sealed as the Worker seals them, memberships. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { verifyPassword } from '../../src/domain/password';
import { open } from '../../src/domain/secret-box';
import { checkTotp, totpCode, totpStep } from '../../src/domain/two-step';
import { DEMO_STAFF, hasDemoStaff, seedDemoStaff } from '../../scripts/demo-staff';
import { DEMO, seedDemoData } from '../../scripts/seed';
import { freshDatabase, type FreshDatabase } from './fresh-database';

let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await freshDatabase('demo-staff-');
  await seedDemoData(fresh.db);
  await seedDemoStaff(fresh.db, 'a-test-pepper');
}, 60_000);
afterAll(() => fresh?.close());

describe('seedDemoStaff', () => {
  it('gives Happy Tails an owner and a desk member, Paddington an owner', async () => {
    const rows = await fresh.db.select().from(schema.staffMemberships);
    expect(
      rows
        .filter((r) => r.businessId === DEMO.businesses.boarding)
        .map((r) => r.role)
        .sort(),
    ).toEqual(['owner', 'staff']);
    expect(rows.filter((r) => r.businessId === DEMO.businesses.grooming).map((r) => r.role)).toEqual(['owner']);
    expect(await hasDemoStaff(fresh.db)).toBe(true);
  });

  it('stores passwords the console verifies and secrets the README prints, sealed with the pepper given', async () => {
    for (const s of DEMO_STAFF) {
      const [row] = await fresh.db.select().from(schema.staffAccounts).where(eq(schema.staffAccounts.id, s.id));
      expect(await verifyPassword(s.password, row!.passwordHash)).toBe(true);
      if (!s.totpSecret) {
        expect(row!.totpSecretSealed).toBeNull();
        continue;
      }
      expect(row!.totpSecretSealed).not.toContain(s.totpSecret);
      const secret = await open('a-test-pepper', 'staff-totp', row!.totpSecretSealed!);
      expect(secret).toBe(s.totpSecret);
      const now = Date.now();
      expect(checkTotp(secret!, totpCode(s.totpSecret, totpStep(now)), now, null).ok).toBe(true);
    }
  });

  it('can run again (the demo is rewritten, not duplicated)', async () => {
    await seedDemoStaff(fresh.db, 'a-test-pepper');
    expect(await fresh.db.select().from(schema.staffAccounts)).toHaveLength(DEMO_STAFF.length);
  });
});
