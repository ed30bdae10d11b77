/**
 * Demo agreements (SPEC §9) at Happy Tails, kept apart from the rest of the seed
 * (scripts/seed.ts adds these statements to its one batch):
 * - "Boarding & daycare agreement": version 1 signed by Jamie (typed name) long ago, and a
 *   newer version 2 that asks for a new signature;
 * - "Photo release": one version, not signed yet.
 * The stored hash is the SHA-256 of the exact version text, as the portal computes it.
 */
import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from '../src/db/schema';
import { agreementSignatures, agreementVersions, agreements } from '../src/db/schema';

const BUSINESS = 'biz_demo_boarding';
const CLIENT = 'cli_demo_jamie_boarding';
const DAY_MS = 86_400_000;

/** Fixed ids, for docs and end-to-end tests. */
export const DEMO_AGREEMENTS = {
  boarding: 'agr_demo_boarding',
  boardingV1: 'agv_demo_boarding_1',
  boardingV2: 'agv_demo_boarding_2',
  photoRelease: 'agr_demo_photo_release',
  photoReleaseV1: 'agv_demo_photo_release_1',
  /** Jamie's signature of the boarding agreement's version 1. */
  jamieSignedV1: 'sig_demo_jamie_boarding_1',
} as const;

const BOARDING_V1 = `Happy Tails Boarding & Daycare — Boarding and daycare agreement (version 1)

1. Vaccinations. Every dog is vaccinated against rabies, distemper/parvo and bordetella, and the records are on file before the first visit.
2. Health. Tell us about any illness, injury or medication at drop-off. We may call a vet at the owner's expense if a dog needs care.
3. Play groups. Dogs play in supervised groups. Play carries a small risk of scrapes or injury, which the owner accepts.
4. Pick-up. Dogs not picked up by closing time stay overnight at the boarding rate.`;

const BOARDING_V2 = `Happy Tails Boarding & Daycare — Boarding and daycare agreement (version 2)

1. Vaccinations. Every dog is vaccinated against rabies, distemper/parvo, bordetella and canine influenza (new), and the records are on file before the first visit.
2. Health. Tell us about any illness, injury or medication at drop-off. We may call a vet at the owner's expense if a dog needs care.
3. Play groups. Dogs play in supervised groups. Play carries a small risk of scrapes or injury, which the owner accepts.
4. Pick-up. Dogs not picked up by closing time stay overnight at the boarding rate.
5. Cancellations (new). Boarding canceled less than 48 hours before check-in is charged one night.`;

const PHOTO_RELEASE = `Happy Tails Boarding & Daycare — Photo release

We take photos of the dogs in our care for report cards. With this release you also allow us to share photos of your dog (never your name or address) on our website and social media. You can withdraw this release at any time by telling the front desk.`;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Deletes the demo businesses' agreements, signatures first. */
export function deleteDemoAgreementStatements(db: LibSQLDatabase<typeof schema>, businessIds: string[]): BatchItem<'sqlite'>[] {
  return [
    db.delete(agreementSignatures).where(inArray(agreementSignatures.businessId, businessIds)),
    db.delete(agreementVersions).where(inArray(agreementVersions.businessId, businessIds)),
    db.delete(agreements).where(inArray(agreements.businessId, businessIds)),
  ];
}

/** Inserts the demo agreements (after businesses and clients). */
export function insertDemoAgreementStatements(db: LibSQLDatabase<typeof schema>, now: number): BatchItem<'sqlite'>[] {
  const A = DEMO_AGREEMENTS;
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS);
  return [
    db.insert(agreements).values([
      { id: A.boarding, businessId: BUSINESS, title: 'Boarding & daycare agreement', createdAt: at(370) },
      { id: A.photoRelease, businessId: BUSINESS, title: 'Photo release', createdAt: at(20) },
    ]),
    db.insert(agreementVersions).values([
      { id: A.boardingV1, businessId: BUSINESS, agreementId: A.boarding, version: 1, body: BOARDING_V1, publishedAt: at(370) },
      { id: A.boardingV2, businessId: BUSINESS, agreementId: A.boarding, version: 2, body: BOARDING_V2, publishedAt: at(10) },
      { id: A.photoReleaseV1, businessId: BUSINESS, agreementId: A.photoRelease, version: 1, body: PHOTO_RELEASE, publishedAt: at(20) },
    ]),
    db.insert(agreementSignatures).values({
      id: A.jamieSignedV1,
      businessId: BUSINESS,
      clientId: CLIENT,
      agreementVersionId: A.boardingV1,
      signerName: 'Jamie Rivera',
      method: 'typed',
      signatureKey: null,
      textSha256: sha256(BOARDING_V1),
      consentGiven: true,
      signedAt: at(365),
      ipAddress: '198.51.100.23',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    }),
  ];
}
