/**
 * The demo agreements (scripts/demo-agreements.ts, written by the seed): at Happy Tails, Jamie
 * signed version 1 of the boarding agreement (stored hash = SHA-256 of that text) and has
 * version 2 and the photo release to sign; a re-seed replaces them.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type SeedDatabase } from '../../scripts/seed';
import { freshDatabase } from './fresh-database';
import { DEMO_AGREEMENTS } from '../../scripts/demo-agreements';
import * as schema from '../../src/db/schema';

describe('demo agreements', () => {
  let db: SeedDatabase;
  let close: () => Promise<void>;
  const now = Date.now();

  beforeAll(async () => {
    const fresh = await freshDatabase('seed-agr-test-');
    db = fresh.db;
    close = fresh.close;
    await seedDemoData(db, now);
  });
  afterAll(() => close());

  it('has Jamie’s typed signature of the old boarding version only, hashed over that version’s text', async () => {
    const signatures = await db.select().from(schema.agreementSignatures);
    expect(signatures).toHaveLength(1);
    const [sig] = signatures;
    expect(sig).toMatchObject({ clientId: 'cli_demo_jamie_boarding', agreementVersionId: DEMO_AGREEMENTS.boardingV1, method: 'typed', signatureKey: null });
    const [v1] = await db.select().from(schema.agreementVersions).where(eq(schema.agreementVersions.id, DEMO_AGREEMENTS.boardingV1));
    expect(sig!.textSha256).toBe(createHash('sha256').update(v1!.body, 'utf8').digest('hex'));
    const versions = await db.select().from(schema.agreementVersions).where(eq(schema.agreementVersions.agreementId, DEMO_AGREEMENTS.boarding));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    expect(sig!.signedAt.getTime()).toBeLessThan(versions.find((v) => v.version === 2)!.publishedAt.getTime());
  });

  it('re-seeds over itself (replaceExisting) without duplicates', async () => {
    await seedDemoData(db, now, { replaceExisting: true });
    expect(await db.select().from(schema.agreements)).toHaveLength(2);
    expect(await db.select().from(schema.agreementSignatures)).toHaveLength(1);
  });
});
