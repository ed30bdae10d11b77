/**
 * Report cards in the console (SPEC §7, §11): the business's drafts and recently sent cards, one
 * card with its pet, client and photos, and the writes — a new card, and saving one (a draft
 * edited, sent, or a sent card corrected), photos added and removed in the same batch.
 *
 * Every read is scoped by `asMember` (report cards are for all staff). Every write begins with
 * its audit row, inserted only when the change applies (the card is this business's, the session
 * may work here, and it is still a draft — or already sent, for a correction); every other
 * statement of the batch runs only when that audit row exists, so a refused or raced save writes
 * nothing at all, and a card is sent (and its text queued) once.
 */
import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { appointments, auditLog, businesses, clients, pets, portalAccounts, reportCardPhotos, reportCards } from '../schema';
import { textLanguageColumn } from '../../messaging/text-language';
import { asMember, type StaffActor } from './console';

/** Sent cards shown on the list page, newest first (drafts are all shown). */
export const SENT_LIST_LIMIT = 50;
export const DRAFT_LIST_LIMIT = 100;

interface Scope {
  businessId: string;
  tokenHash: string;
  now: number;
}

function listQuery(db: Db, scope: Scope, sent: boolean) {
  return db
    .select({
      id: reportCards.id,
      petName: pets.name,
      clientFirstName: clients.firstName,
      clientLastName: clients.lastName,
      createdAt: reportCards.createdAt,
      sentAt: reportCards.sentAt,
      mood: reportCards.mood,
    })
    .from(reportCards)
    .innerJoin(pets, eq(pets.id, reportCards.petId))
    .innerJoin(clients, eq(clients.id, reportCards.clientId))
    .where(
      and(
        eq(reportCards.businessId, scope.businessId),
        sent ? isNotNull(reportCards.sentAt) : isNull(reportCards.sentAt),
        asMember(reportCards.businessId, scope.tokenHash, scope.now),
      ),
    )
    .orderBy(sent ? desc(reportCards.sentAt) : desc(reportCards.createdAt), desc(reportCards.id))
    .limit(sent ? SENT_LIST_LIMIT : DRAFT_LIST_LIMIT);
}

export function reportCardListStatements(db: Db, scope: Scope) {
  return { drafts: listQuery(db, scope, false), sent: listQuery(db, scope, true) };
}

/** The pet a new card is for (through its client, in this business), and the appointment it belongs to, if any (the client's own). */
export function newCardStatements(db: Db, scope: Scope, clientId: string, petId: string, appointmentId: string | null) {
  return {
    pet: db
      .select({
        id: pets.id,
        name: pets.name,
        clientId: clients.id,
        clientFirstName: clients.firstName,
        clientLastName: clients.lastName,
        phoneE164: clients.phoneE164,
        /** The language of the text when the card is sent: the parent's, else the business's. */
        language: textLanguageColumn(),
      })
      .from(pets)
      .innerJoin(clients, and(eq(clients.id, pets.clientId), eq(clients.businessId, pets.businessId)))
      .innerJoin(businesses, eq(businesses.id, pets.businessId))
      .leftJoin(portalAccounts, eq(portalAccounts.phoneE164, clients.phoneE164))
      .where(
        and(eq(pets.id, petId), eq(pets.clientId, clientId), eq(pets.businessId, scope.businessId), asMember(pets.businessId, scope.tokenHash, scope.now)),
      ),
    appointment: db
      .select({ id: appointments.id, serviceType: appointments.serviceType, startsAt: appointments.startsAt })
      .from(appointments)
      .where(
        and(
          eq(appointments.id, appointmentId ?? ''),
          eq(appointments.clientId, clientId),
          eq(appointments.businessId, scope.businessId),
          asMember(appointments.businessId, scope.tokenHash, scope.now),
        ),
      ),
  };
}

/** One card of this business with its pet, client (and their phone and language, for the text when sent) and photos. */
export function cardStatements(db: Db, scope: Scope, cardId: string) {
  const ours = and(eq(reportCards.id, cardId), eq(reportCards.businessId, scope.businessId), asMember(reportCards.businessId, scope.tokenHash, scope.now));
  return {
    card: db
      .select({
        id: reportCards.id,
        clientId: reportCards.clientId,
        petId: reportCards.petId,
        appointmentId: reportCards.appointmentId,
        mood: reportCards.mood,
        activities: reportCards.activities,
        eating: reportCards.eating,
        potty: reportCards.potty,
        staffComment: reportCards.staffComment,
        createdAt: reportCards.createdAt,
        sentAt: reportCards.sentAt,
        petName: pets.name,
        clientFirstName: clients.firstName,
        clientLastName: clients.lastName,
        phoneE164: clients.phoneE164,
        language: textLanguageColumn(),
        appointmentServiceType: appointments.serviceType,
        appointmentStartsAt: appointments.startsAt,
      })
      .from(reportCards)
      .innerJoin(pets, eq(pets.id, reportCards.petId))
      .innerJoin(clients, eq(clients.id, reportCards.clientId))
      .innerJoin(businesses, eq(businesses.id, reportCards.businessId))
      .leftJoin(portalAccounts, eq(portalAccounts.phoneE164, clients.phoneE164))
      .leftJoin(appointments, and(eq(appointments.id, reportCards.appointmentId), eq(appointments.clientId, reportCards.clientId)))
      .where(ours),
    photos: db
      .select({
        id: reportCardPhotos.id,
        objectKey: reportCardPhotos.objectKey,
        width: reportCardPhotos.width,
        height: reportCardPhotos.height,
        position: reportCardPhotos.position,
      })
      .from(reportCardPhotos)
      .innerJoin(reportCards, eq(reportCards.id, reportCardPhotos.reportCardId))
      .where(and(eq(reportCardPhotos.reportCardId, cardId), eq(reportCardPhotos.businessId, scope.businessId), ours))
      .orderBy(asc(reportCardPhotos.position), asc(reportCardPhotos.id)),
  };
}

/** One photo of one of this business's cards (drafts too), for the console's thumbnails. */
export function cardPhotoStatement(db: Db, scope: Scope, cardId: string, photoId: string) {
  return db
    .select({ objectKey: reportCardPhotos.objectKey })
    .from(reportCardPhotos)
    .innerJoin(reportCards, eq(reportCards.id, reportCardPhotos.reportCardId))
    .where(
      and(
        eq(reportCardPhotos.id, photoId),
        eq(reportCardPhotos.reportCardId, cardId),
        eq(reportCards.businessId, scope.businessId),
        asMember(reportCards.businessId, scope.tokenHash, scope.now),
      ),
    );
}

export type ReportNotes = { mood: string | null; activities: string | null; eating: string | null; potty: string | null; staffComment: string | null };

export interface NewPhotoRow {
  id: string;
  objectKey: string;
  width: number;
  height: number;
  position: number;
}

/** The parent's text, stored with the send (the outbox row, queued or — with the dev outbox — delivered). */
export interface CardText {
  id: string;
  toE164: string;
  body: string;
  provider: string;
  immediate: boolean;
}

export type CardAction = 'report_card.draft' | 'report_card.send' | 'report_card.correct';

const applied = (auditId: string) => sql`EXISTS (SELECT 1 FROM ${auditLog} WHERE ${auditLog.id} = ${auditId})`;

function photoInserts(db: Db, a: StaffActor, cardId: string, photos: NewPhotoRow[]) {
  return photos.map((p) =>
    db.run(sql`INSERT INTO ${reportCardPhotos} ("id", "business_id", "report_card_id", "object_key", "width", "height", "position")
      SELECT ${p.id}, ${a.businessId}, ${cardId}, ${p.objectKey}, ${p.width}, ${p.height}, ${p.position} WHERE ${applied(a.auditId)}`),
  );
}

function textInsert(db: Db, a: StaffActor, m: CardText | null) {
  if (!m) return [];
  return [
    db.run(sql`INSERT OR IGNORE INTO "sms_outbox" ("id", "to_e164", "body", "provider", "status", "provider_message_id", "error", "created_at")
      SELECT ${m.id}, ${m.toE164}, ${m.body}, ${m.provider}, ${m.immediate ? 'sent' : 'queued'}, ${m.immediate ? m.id : null}, NULL, CAST(${a.now} AS INTEGER)
      WHERE ${applied(a.auditId)}`),
  ];
}

function auditRow(db: Db, a: StaffActor, action: CardAction, cardId: string, detail: string | null, when: SQL) {
  return db.run(sql`INSERT INTO ${auditLog} ("id", "business_id", "staff_account_id", "action", "record_type", "record_id", "detail", "ip_address", "created_at")
    SELECT ${a.auditId}, ${a.businessId}, ${a.staffAccountId}, ${action}, 'report_card', ${cardId}, ${detail}, ${a.ipAddress}, CAST(${a.now} AS INTEGER)
    WHERE ${when}`);
}

/**
 * A new card for the pet (its client in this business), saved as a draft or sent at once, with
 * its photos and (when sent) the parent's text, once per id (the form's submission key). The
 * second-last statement reads the card back only when this batch wrote it; the last reads it
 * whoever wrote it (an earlier send of the same form).
 */
export function createCardStatements(
  db: Db,
  a: StaffActor,
  c: {
    id: string;
    clientId: string;
    petId: string;
    appointmentId: string | null;
    notes: ReportNotes;
    send: boolean;
    photos: NewPhotoRow[];
    text: CardText | null;
  },
) {
  const petOk = sql`EXISTS (SELECT 1 FROM ${pets} p JOIN ${clients} cl ON cl.id = p.client_id AND cl.business_id = p.business_id
    WHERE p.id = ${c.petId} AND p.client_id = ${c.clientId} AND p.business_id = ${a.businessId}
    AND ${asMember(businesses.id, a.tokenHash, a.now)})
    AND (${c.appointmentId} IS NULL OR EXISTS (SELECT 1 FROM ${appointments} ap WHERE ap.id = ${c.appointmentId} AND ap.client_id = ${c.clientId} AND ap.business_id = ${a.businessId}))`;
  // asMember needs a business id column to compare with: the business row itself. A card with this
  // id already (the same form sent twice: its submission key is the id) is not written again.
  const when = sql`EXISTS (SELECT 1 FROM ${businesses} WHERE ${businesses.id} = ${a.businessId} AND ${petOk})
    AND NOT EXISTS (SELECT 1 FROM ${reportCards} again WHERE again.id = ${c.id})`;
  const n = c.notes;
  return [
    auditRow(db, a, c.send ? 'report_card.send' : 'report_card.draft', c.id, c.send ? 'Sent when written' : null, when),
    db.run(sql`INSERT INTO ${reportCards} ("id", "business_id", "client_id", "pet_id", "appointment_id", "staff_id", "mood", "activities", "eating", "potty", "staff_comment", "created_at", "sent_at")
      SELECT ${c.id}, ${a.businessId}, ${c.clientId}, ${c.petId}, ${c.appointmentId}, NULL, ${n.mood}, ${n.activities}, ${n.eating}, ${n.potty}, ${n.staffComment},
        CAST(${a.now} AS INTEGER), ${c.send ? sql`CAST(${a.now} AS INTEGER)` : sql`NULL`}
      WHERE ${applied(a.auditId)}`),
    ...photoInserts(db, a, c.id, c.photos),
    ...textInsert(db, a, c.text),
    // The card, only when this very batch wrote it (its audit row is this request's).
    db
      .select({ id: reportCards.id })
      .from(reportCards)
      .where(and(eq(reportCards.id, c.id), sql`EXISTS (SELECT 1 FROM ${auditLog} WHERE ${auditLog.id} = ${a.auditId})`)),
    // The card as it is now, whoever wrote it: an earlier send of the same form.
    db
      .select({ id: reportCards.id, sentAt: reportCards.sentAt })
      .from(reportCards)
      .where(and(eq(reportCards.id, c.id), eq(reportCards.businessId, a.businessId))),
  ] as const;
}

/**
 * Saves a card in place: a draft edited (`report_card.draft`) or sent (`report_card.send`, which
 * sets sent_at and queues the text), or a sent card corrected (`report_card.correct`, sent_at
 * kept). Applies only while the card is in the state the form was read in (a draft, or sent), so
 * a card is never unsent and never sent twice. Photos in `removePhotoIds` (this card's) are
 * deleted, `photos` added. The last statement reads the card's sent_at back when it applied.
 */
export function saveCardStatements(
  db: Db,
  a: StaffActor,
  c: { id: string; action: CardAction; detail: string | null; notes: ReportNotes; removePhotoIds: string[]; photos: NewPhotoRow[]; text: CardText | null },
) {
  const wasSent = c.action === 'report_card.correct';
  const when = and(
    eq(reportCards.id, c.id),
    eq(reportCards.businessId, a.businessId),
    wasSent ? isNotNull(reportCards.sentAt) : isNull(reportCards.sentAt),
    asMember(reportCards.businessId, a.tokenHash, a.now),
  ) as SQL;
  const n = c.notes;
  return [
    auditRow(db, a, c.action, c.id, c.detail, sql`EXISTS (SELECT 1 FROM ${reportCards} WHERE ${when})`),
    db.run(sql`UPDATE ${reportCards} SET "mood" = ${n.mood}, "activities" = ${n.activities}, "eating" = ${n.eating}, "potty" = ${n.potty},
      "staff_comment" = ${n.staffComment}, "sent_at" = ${c.action === 'report_card.send' ? sql`CAST(${a.now} AS INTEGER)` : sql`"sent_at"`}
      WHERE "id" = ${c.id} AND "business_id" = ${a.businessId} AND ${applied(a.auditId)}`),
    ...(c.removePhotoIds.length
      ? [
          db.run(sql`DELETE FROM ${reportCardPhotos} WHERE "report_card_id" = ${c.id} AND "business_id" = ${a.businessId}
            AND "id" IN (${sql.join(
              c.removePhotoIds.map((id) => sql`${id}`),
              sql`, `,
            )}) AND ${applied(a.auditId)}`),
        ]
      : []),
    ...photoInserts(db, a, c.id, c.photos),
    ...textInsert(db, a, c.text),
    db
      .select({ id: reportCards.id })
      .from(reportCards)
      .where(and(eq(reportCards.id, c.id), sql`${applied(a.auditId)}`)),
  ] as const;
}

/** Object keys of photo rows (for removing their objects from R2 once the rows are gone). */
export function photoKeysOf(rows: { id: string; objectKey: string }[], ids: string[]): string[] {
  const wanted = new Set(ids);
  return rows.filter((r) => wanted.has(r.id)).map((r) => r.objectKey);
}
