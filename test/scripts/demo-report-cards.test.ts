/**
 * The demo report cards (scripts/demo-report-cards.ts, written by the seed) and their photo
 * files (scripts/demo-photos/): sent and unsent cards for Jamie's pets at Happy Tails, photo
 * rows whose sizes match the real PNGs shipped, and a re-seed that replaces them.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type SeedDatabase } from '../../scripts/seed';
import { freshDatabase } from './fresh-database';
import { DEMO_REPORT_CARDS, DEMO_REPORT_CARD_PHOTOS } from '../../scripts/demo-report-cards';
import * as schema from '../../src/db/schema';

const PHOTO_DIR = resolve(__dirname, '../../scripts/demo-photos');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('demo report cards', () => {
  let db: SeedDatabase;
  let close: () => Promise<void>;
  const now = Date.now();

  beforeAll(async () => {
    const fresh = await freshDatabase('seed-rc-test-');
    db = fresh.db;
    close = fresh.close;
    await seedDemoData(db, now);
  });
  afterAll(() => close());

  it('gives Jamie’s Happy Tails pets sent cards and one unsent draft, each on one of his finished visits, sent after it', async () => {
    const cards = await db.select().from(schema.reportCards).orderBy(asc(schema.reportCards.id));
    expect(cards.map((c) => c.id).sort()).toEqual(Object.values(DEMO_REPORT_CARDS).sort());
    for (const card of cards) {
      expect(card).toMatchObject({ businessId: 'biz_demo_boarding', clientId: 'cli_demo_jamie_boarding' });
      const [visit] = await db.select().from(schema.appointments).where(eq(schema.appointments.id, card.appointmentId!));
      expect(visit).toMatchObject({ clientId: card.clientId, status: 'finished' });
      const [onVisit] = await db.select({ n: count() }).from(schema.appointmentPets).where(eq(schema.appointmentPets.appointmentId, visit!.id));
      expect(onVisit!.n).toBeGreaterThan(0);
      if (card.sentAt) expect(card.sentAt.getTime()).toBeGreaterThan(visit!.endsAt.getTime());
    }
    expect(cards.filter((c) => c.sentAt === null).map((c) => c.id)).toEqual([DEMO_REPORT_CARDS.biscuitDraft]);
    expect(new Set(cards.map((c) => c.petId))).toEqual(new Set(['pet_demo_biscuit', 'pet_demo_pepper']));
  });

  it('stores photo rows (keys and sizes only) that match the real PNG files shipped in scripts/demo-photos/', async () => {
    const rows = await db.select().from(schema.reportCardPhotos);
    expect(rows).toHaveLength(DEMO_REPORT_CARD_PHOTOS.length);
    expect(rows.some((r) => r.reportCardId === DEMO_REPORT_CARDS.biscuitDraft)).toBe(true);
    for (const photo of DEMO_REPORT_CARD_PHOTOS) {
      const row = rows.find((r) => r.id === photo.id)!;
      expect(row).toMatchObject({ objectKey: photo.objectKey, width: photo.width, height: photo.height });
      expect(pngSize(await readFile(join(PHOTO_DIR, photo.file)))).toEqual({ width: photo.width, height: photo.height });
    }
  });

  it('replaces the cards and photos on a re-seed with replaceExisting', async () => {
    await seedDemoData(db, now + 1000, { replaceExisting: true });
    const [cards] = await db.select({ n: count() }).from(schema.reportCards);
    const [photos] = await db.select({ n: count() }).from(schema.reportCardPhotos);
    expect(cards!.n).toBe(Object.keys(DEMO_REPORT_CARDS).length);
    expect(photos!.n).toBe(DEMO_REPORT_CARD_PHOTOS.length);
  });
});
