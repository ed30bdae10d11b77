/**
 * Reads of a client's report cards (SPEC §7), always through the client record (tenant first)
 * and scoped to the signed-in session in SQL (`visibleTo`). Only SENT cards exist here: a draft
 * (`sent_at` null) matches no statement, so neither its text nor its photos can be reached.
 * Each function returns statements for the caller's one batch and never awaits them itself.
 */
import { and, asc, count, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { appointments, pets, reportCardPhotos, reportCards, staff } from '../schema';
import { qualified, visibleTo } from './portal';

/** Cards per pet on the list page (older ones are on the pet's own pages). */
export const CARDS_PER_PET_ON_LIST = 5;
/** Cards per page on one pet's report-card pages. */
export const CARDS_PAGE_SIZE = 10;

/** Whose cards: a client record, visible only to a live session linked to it. */
export interface ReportCardScope {
  clientId: string;
  tokenHash: string;
  now: number;
}

/** Sent cards of the client, visible to the session. */
function sentOfClient(scope: ReportCardScope): SQL {
  return and(eq(reportCards.clientId, scope.clientId), isNotNull(reportCards.sentAt), visibleTo(reportCards.clientId, scope.tokenHash, scope.now)) as SQL;
}

/** The columns a card is shown with, its appointment (only this client's own) and staff name. */
function cardQuery(db: Db) {
  return db
    .select({
      id: reportCards.id,
      petId: reportCards.petId,
      sentAt: reportCards.sentAt,
      mood: reportCards.mood,
      activities: reportCards.activities,
      eating: reportCards.eating,
      potty: reportCards.potty,
      staffComment: reportCards.staffComment,
      staffFirstName: staff.firstName,
      appointmentId: appointments.id,
      appointmentServiceType: appointments.serviceType,
      appointmentStartsAt: appointments.startsAt,
    })
    .from(reportCards)
    .innerJoin(pets, and(eq(pets.id, reportCards.petId), eq(pets.clientId, reportCards.clientId)))
    .leftJoin(appointments, and(eq(appointments.id, reportCards.appointmentId), eq(appointments.clientId, reportCards.clientId)))
    .leftJoin(staff, and(eq(staff.id, reportCards.staffId), eq(staff.businessId, reportCards.businessId)));
}

/** The photos of the cards matching `cards` (a condition on report_cards), in their order. */
function photoQuery(db: Db, scope: ReportCardScope, cards: SQL) {
  return db
    .select({
      id: reportCardPhotos.id,
      reportCardId: reportCardPhotos.reportCardId,
      width: reportCardPhotos.width,
      height: reportCardPhotos.height,
    })
    .from(reportCardPhotos)
    .innerJoin(reportCards, and(eq(reportCards.id, reportCardPhotos.reportCardId), eq(reportCards.businessId, reportCardPhotos.businessId)))
    .where(and(sentOfClient(scope), cards))
    .orderBy(asc(reportCardPhotos.reportCardId), asc(reportCardPhotos.position), asc(reportCardPhotos.id));
}

const newestFirst = [desc(reportCards.sentAt), desc(reportCards.id)] as const;

/** Condition: the card is among its pet's CARDS_PER_PET_ON_LIST newest sent cards. */
function newestOfEachPet(scope: ReportCardScope): SQL {
  return sql`${qualified(reportCards.id)} in (select id from (select rc.id, row_number() over
    (partition by rc.pet_id order by rc.sent_at desc, rc.id desc) as rn from ${reportCards} rc
    where rc.client_id = ${scope.clientId} and rc.sent_at is not null) where rn <= ${CARDS_PER_PET_ON_LIST})`;
}

/**
 * The report-cards page: every pet of the client (each gets a section, empty or not), each
 * pet's newest sent cards (CARDS_PER_PET_ON_LIST, newest first) with their photos, and how
 * many sent cards each pet has (for the link to the older ones).
 */
export function reportCardListStatements(db: Db, scope: ReportCardScope) {
  const petRows = db
    .select({ id: pets.id, name: pets.name })
    .from(pets)
    .where(and(eq(pets.clientId, scope.clientId), visibleTo(pets.clientId, scope.tokenHash, scope.now)))
    .orderBy(asc(pets.name), asc(pets.id));
  const cards = cardQuery(db)
    .where(and(sentOfClient(scope), newestOfEachPet(scope)))
    .orderBy(...newestFirst);
  const photos = photoQuery(db, scope, newestOfEachPet(scope));
  const totals = db.select({ petId: reportCards.petId, total: count() }).from(reportCards).where(sentOfClient(scope)).groupBy(reportCards.petId);
  return [petRows, cards, photos, totals] as const;
}

/**
 * One pet's report-card page: the pet (no row when not the viewer's), one page of its sent
 * cards newest first with their photos, and how many it has.
 */
export function petReportCardStatements(db: Db, scope: ReportCardScope, petId: string, page: number) {
  const pet = db
    .select({ id: pets.id, name: pets.name })
    .from(pets)
    .where(and(eq(pets.id, petId), eq(pets.clientId, scope.clientId), visibleTo(pets.clientId, scope.tokenHash, scope.now)));
  const ofPet = and(sentOfClient(scope), eq(reportCards.petId, petId)) as SQL;
  const offset = (page - 1) * CARDS_PAGE_SIZE;
  const cards = cardQuery(db)
    .where(ofPet)
    .orderBy(...newestFirst)
    .limit(CARDS_PAGE_SIZE)
    .offset(offset);
  const onPage = sql`${qualified(reportCards.id)} in (select rc.id from ${reportCards} rc
    where rc.client_id = ${scope.clientId} and rc.pet_id = ${petId} and rc.sent_at is not null
    order by rc.sent_at desc, rc.id desc limit ${CARDS_PAGE_SIZE} offset ${offset})`;
  const photos = photoQuery(db, scope, and(eq(reportCards.petId, petId), onPage) as SQL);
  const total = db.select({ total: count() }).from(reportCards).where(ofPet);
  return [pet, cards, photos, total] as const;
}

export type ReportCardRow = Awaited<ReturnType<typeof reportCardListStatements>[1]>[number];
export type ReportCardPhotoRow = Awaited<ReturnType<typeof reportCardListStatements>[2]>[number];

/**
 * The object key of one photo of one sent card of the client (no row when the card is a
 * draft, another client's or another business's, or the photo is not that card's).
 */
export function reportCardPhotoStatements(db: Db, scope: ReportCardScope, cardId: string, photoId: string) {
  const photo = db
    .select({ objectKey: reportCardPhotos.objectKey })
    .from(reportCardPhotos)
    .innerJoin(reportCards, and(eq(reportCards.id, reportCardPhotos.reportCardId), eq(reportCards.businessId, reportCardPhotos.businessId)))
    .where(and(eq(reportCardPhotos.id, photoId), eq(reportCards.id, cardId), sentOfClient(scope)));
  return [photo] as const;
}
