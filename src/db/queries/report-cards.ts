/**
 * Reads of a client's report cards (SPEC §7), always through the client record (tenant first)
 * and scoped to the signed-in session in SQL (`visibleTo`). Only SENT cards exist here: a draft
 * (`sent_at` null) matches no statement, so neither its text nor its photos can be reached.
 * Each function returns statements for the caller's one batch and never awaits them itself.
 */
import { and, asc, desc, eq, isNotNull, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { appointments, pets, reportCardPhotos, reportCards, staff } from '../schema';
import { visibleTo } from './portal';

/** Whose cards: a client record, visible only to a live session linked to it. */
export interface ReportCardScope {
  clientId: string;
  tokenHash: string;
  now: number;
}

/** Sent cards of the client, visible to the session. */
function sentOfClient(scope: ReportCardScope): SQL {
  return and(
    eq(reportCards.clientId, scope.clientId),
    isNotNull(reportCards.sentAt),
    visibleTo(reportCards.clientId, scope.tokenHash, scope.now),
  ) as SQL;
}

/**
 * The report-cards page: every pet of the client (each gets a section, empty or not), the
 * sent cards newest first with their appointment (only when it is this client's own) and the
 * staff member's first name, and the photos of those cards in their order.
 */
export function reportCardListStatements(db: Db, scope: ReportCardScope) {
  const petRows = db
    .select({ id: pets.id, name: pets.name })
    .from(pets)
    .where(and(eq(pets.clientId, scope.clientId), visibleTo(pets.clientId, scope.tokenHash, scope.now)))
    .orderBy(asc(pets.name), asc(pets.id));
  const cards = db
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
    .leftJoin(
      appointments,
      and(eq(appointments.id, reportCards.appointmentId), eq(appointments.clientId, reportCards.clientId)),
    )
    .leftJoin(staff, and(eq(staff.id, reportCards.staffId), eq(staff.businessId, reportCards.businessId)))
    .where(sentOfClient(scope))
    .orderBy(desc(reportCards.sentAt), desc(reportCards.id));
  const photos = db
    .select({
      id: reportCardPhotos.id,
      reportCardId: reportCardPhotos.reportCardId,
      width: reportCardPhotos.width,
      height: reportCardPhotos.height,
    })
    .from(reportCardPhotos)
    .innerJoin(
      reportCards,
      and(eq(reportCards.id, reportCardPhotos.reportCardId), eq(reportCards.businessId, reportCardPhotos.businessId)),
    )
    .where(sentOfClient(scope))
    .orderBy(asc(reportCardPhotos.reportCardId), asc(reportCardPhotos.position), asc(reportCardPhotos.id));
  return [petRows, cards, photos] as const;
}

export type ReportCardRow = Awaited<ReturnType<typeof reportCardListStatements>[1]>[number];
export type ReportCardPhotoRow = Awaited<ReturnType<typeof reportCardListStatements>[2]>[number];

/**
 * The object keys of one photo of one sent card of the client (no row when the card is a
 * draft, another client's or another business's, or the photo is not that card's).
 */
export function reportCardPhotoStatements(db: Db, scope: ReportCardScope, cardId: string, photoId: string) {
  const photo = db
    .select({ objectKey: reportCardPhotos.objectKey, thumbKey: reportCardPhotos.thumbKey })
    .from(reportCardPhotos)
    .innerJoin(
      reportCards,
      and(eq(reportCards.id, reportCardPhotos.reportCardId), eq(reportCards.businessId, reportCardPhotos.businessId)),
    )
    .where(and(eq(reportCardPhotos.id, photoId), eq(reportCards.id, cardId), sentOfClient(scope)));
  return [photo] as const;
}
