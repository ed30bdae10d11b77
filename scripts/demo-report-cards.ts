/**
 * Demo report cards (SPEC §7) for Jamie's pets at Happy Tails, kept apart from the rest of the
 * seed (scripts/seed.ts adds these statements to its one batch):
 * - Biscuit: two sent cards (one with two photos, one with one) and one UNSENT draft with a
 *   photo, which the portal must never show;
 * - Pepper: a sent card with a portrait photo and a sent card without photos;
 * - Mochi: none (the empty state for one pet).
 * Each card belongs to one of Jamie's finished visits (`apt_demo_finished_NN`) and is sent an
 * hour after the visit ends.
 *
 * The photos are real PNGs under scripts/demo-photos/ (never under static/, which is public).
 * The database holds only their R2 keys and sizes; scripts/demo-photos.ts puts the bytes into
 * the local R2 bucket that `wrangler dev` uses; the portal makes their small copies on first view.
 */
import { inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from '../src/db/schema';
import { reportCardPhotos, reportCards } from '../src/db/schema';

const BUSINESS = 'biz_demo_boarding';
const CLIENT = 'cli_demo_jamie_boarding';
const HOUR_MS = 3_600_000;

/** Fixed ids, for docs and end-to-end tests. */
export const DEMO_REPORT_CARDS = {
  biscuitPool: 'rc_demo_biscuit_pool',
  biscuitStay: 'rc_demo_biscuit_stay',
  /** Never sent: the portal must not show it or serve its photo. */
  biscuitDraft: 'rc_demo_biscuit_draft',
  pepperNap: 'rc_demo_pepper_nap',
  pepperPlay: 'rc_demo_pepper_play',
} as const;

export interface DemoPhoto {
  id: string;
  reportCardId: string;
  /** File under scripts/demo-photos/ and its R2 key. */
  file: string;
  objectKey: string;
  width: number;
  height: number;
  position: number;
}

function photo(reportCardId: string, name: string, position: number, size: { width: number; height: number }): DemoPhoto {
  const base = `report-cards/${BUSINESS}/${reportCardId}/${name}`;
  return {
    id: `rcp_demo_${reportCardId.replace(/^rc_demo_/, '')}_${position + 1}`,
    reportCardId,
    file: `${name}.png`,
    objectKey: `${base}.png`,
    ...size,
    position,
  };
}

const LANDSCAPE = { width: 480, height: 360 };
const PORTRAIT = { width: 360, height: 480 };
const R = DEMO_REPORT_CARDS;

/** Every demo photo: the seed writes their rows, scripts/demo-photos.ts their objects. */
export const DEMO_REPORT_CARD_PHOTOS: readonly DemoPhoto[] = [
  photo(R.biscuitPool, 'pool-day', 0, LANDSCAPE),
  photo(R.biscuitPool, 'sunny-yard', 1, LANDSCAPE),
  photo(R.biscuitStay, 'good-boy', 0, LANDSCAPE),
  photo(R.biscuitDraft, 'sunny-yard', 0, LANDSCAPE),
  photo(R.pepperNap, 'nap-time', 0, PORTRAIT),
];

/** Deletes the demo businesses' report cards, photos first (run before pets and visits go). */
export function deleteDemoReportCardStatements(db: LibSQLDatabase<typeof schema>, businessIds: string[]): BatchItem<'sqlite'>[] {
  return [
    db.delete(reportCardPhotos).where(inArray(reportCardPhotos.businessId, businessIds)),
    db.delete(reportCards).where(inArray(reportCards.businessId, businessIds)),
  ];
}

/**
 * Inserts the demo cards and photo rows. `visitEndsAt` gives the end (epoch ms) of a demo
 * visit by id; it throws for an unknown id, so a renamed visit fails the seed loudly.
 */
export function insertDemoReportCardStatements(db: LibSQLDatabase<typeof schema>, visitEndsAt: (appointmentId: string) => number): BatchItem<'sqlite'>[] {
  const card = (
    id: string,
    petId: string,
    visit: string,
    staffId: string | null,
    notes: { mood: string; activities: string; eating: string; potty: string; staffComment: string },
    sent: boolean,
  ): typeof reportCards.$inferInsert => {
    const ends = visitEndsAt(`apt_demo_finished_${visit}`);
    return {
      id,
      businessId: BUSINESS,
      clientId: CLIENT,
      petId,
      appointmentId: `apt_demo_finished_${visit}`,
      staffId,
      ...notes,
      createdAt: new Date(ends + HOUR_MS / 2),
      sentAt: sent ? new Date(ends + HOUR_MS) : null,
    };
  };
  const cards = [
    // apt_demo_finished_01: Biscuit's daycare day ("made a new friend in the pool").
    card(
      R.biscuitPool,
      'pet_demo_biscuit',
      '01',
      'stf_demo_maria',
      {
        mood: 'Happy and bouncy all day',
        activities: 'Pool time (twice), fetch in the big yard, group play',
        eating: 'Ate all of his lunch',
        potty: 'Normal on every break',
        staffComment: 'Biscuit made a new friend in the pool, a doodle called Juniper. See you next time!',
      },
      true,
    ),
    // apt_demo_finished_04: Biscuit's three-night boarding stay.
    card(
      R.biscuitStay,
      'pet_demo_biscuit',
      '04',
      'stf_demo_devon',
      {
        mood: 'Settled in after the first evening',
        activities: 'Morning and afternoon walks, yard time, a bath before pick-up',
        eating: 'Ate breakfast and dinner every day',
        potty: 'Normal',
        staffComment: 'A perfect guest. He loves the squeaky hedgehog in Suite 3.',
      },
      true,
    ),
    // apt_demo_finished_05: written but never sent.
    card(
      R.biscuitDraft,
      'pet_demo_biscuit',
      '05',
      'stf_demo_maria',
      {
        mood: 'DRAFT — not sent yet',
        activities: 'Draft',
        eating: 'Draft',
        potty: 'Draft',
        staffComment: 'Draft: the portal must never show this card.',
      },
      false,
    ),
    // apt_demo_finished_02: Pepper's daycare day.
    card(
      R.pepperNap,
      'pet_demo_pepper',
      '02',
      'stf_demo_maria',
      {
        mood: 'Calm and cuddly',
        activities: 'Short walks, a long nap in the quiet room',
        eating: 'Ate half of her lunch',
        potty: 'Normal',
        staffComment: 'Pepper preferred the quiet room today and napped most of the afternoon.',
      },
      true,
    ),
    // apt_demo_finished_03: daycare for both dogs; Pepper's card has no photos.
    card(
      R.pepperPlay,
      'pet_demo_pepper',
      '03',
      null,
      {
        mood: 'Playful',
        activities: 'Tug of war with Biscuit, agility tunnel',
        eating: 'Ate all of her lunch',
        potty: 'Normal',
        staffComment: 'Pepper and Biscuit stuck together all day.',
      },
      true,
    ),
  ];
  return [
    db.insert(reportCards).values(cards),
    db.insert(reportCardPhotos).values(
      DEMO_REPORT_CARD_PHOTOS.map((p) => ({
        id: p.id,
        businessId: BUSINESS,
        reportCardId: p.reportCardId,
        objectKey: p.objectKey,
        width: p.width,
        height: p.height,
        position: p.position,
      })),
    ),
  ];
}
