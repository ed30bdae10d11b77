/**
 * The parent's side of vaccination certificates (issue 14 item 5): the pet an upload is for,
 * the pet's uploads with their outcome, and the one write — a new upload, waiting for the
 * business to check it. Always through the client record and scoped to the signed-in session in
 * SQL (`visibleTo`), so another client's or business's pet matches no row. Each function returns
 * statements for the caller's one batch.
 */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { businessNotifications, petVaccinations, pets, vaccinationUploads } from '../schema';
import { webhookDeliveriesForNotification } from './webhooks';
import { visibleTo } from './portal';
import type { CertificateType, VaccinationEntry } from '../../domain/vaccination-upload';

export interface UploadScope {
  clientId: string;
  tokenHash: string;
  now: number;
}

/** The pet's uploads shown on its page, newest first. */
export const UPLOADS_SHOWN = 10;

function ownPet(scope: UploadScope, petId: string) {
  return and(eq(pets.id, petId), eq(pets.clientId, scope.clientId), visibleTo(pets.clientId, scope.tokenHash, scope.now));
}

/** The pet (name only) when it is the viewer's: the upload form's one read. */
export function uploadPetStatement(db: Db, scope: UploadScope, petId: string) {
  return db.select({ id: pets.id, name: pets.name }).from(pets).where(ownPet(scope, petId));
}

/**
 * The pet page's part: the pet's recent uploads (status, reason, when) and which of its
 * vaccinations staff verified against one.
 */
export function petUploadStatements(db: Db, scope: UploadScope, petId: string) {
  const uploads = db
    .select({
      id: vaccinationUploads.id,
      status: vaccinationUploads.status,
      rejectReason: vaccinationUploads.rejectReason,
      entries: vaccinationUploads.entries,
      uploadedAt: vaccinationUploads.uploadedAt,
      decidedAt: vaccinationUploads.decidedAt,
    })
    .from(vaccinationUploads)
    .innerJoin(pets, and(eq(pets.id, vaccinationUploads.petId), eq(pets.businessId, vaccinationUploads.businessId)))
    .where(ownPet(scope, petId))
    .orderBy(desc(vaccinationUploads.uploadedAt), desc(vaccinationUploads.id))
    .limit(UPLOADS_SHOWN);
  const verified = db
    .select({ id: petVaccinations.id, verifiedAt: petVaccinations.verifiedAt })
    .from(petVaccinations)
    .innerJoin(pets, and(eq(pets.id, petVaccinations.petId), eq(pets.businessId, petVaccinations.businessId)))
    .where(and(ownPet(scope, petId), isNotNull(petVaccinations.verifiedAt)));
  return [uploads, verified] as const;
}

export type PetUploadRow = Awaited<ReturnType<typeof petUploadStatements>[0]>[number];

export interface NewUpload {
  /** From the form's submission key: a double tap or a resend is the same upload. */
  id: string;
  clientId: string;
  petId: string;
  objectKey: string;
  contentType: CertificateType;
  sizeBytes: number;
  entries: VaccinationEntry[];
  now: number;
  tokenHash: string;
  /** A fresh id per request for the business's "certificate uploaded" notification, and its words. */
  notificationId: string;
  notificationSummary: string;
}

/**
 * The upload, inserted only while the session may see the pet (the business and client come
 * from the pet's row, never from the request) and no upload has this id yet. The second
 * statement tells the business (and its webhooks) — only when this request's insert wrote the row
 * (its object key is this request's own, so a resend of the form notifies nobody). The last
 * statement reads back the upload with this id for this pet: inserted now, or by an earlier send.
 */
export function addUploadStatements(db: Db, u: NewUpload) {
  const insert =
    db.run(sql`INSERT INTO ${vaccinationUploads} ("id", "business_id", "client_id", "pet_id", "object_key", "content_type", "size_bytes", "entries", "status", "uploaded_at")
    SELECT ${u.id}, ${pets.businessId}, ${pets.clientId}, ${pets.id}, ${u.objectKey}, ${u.contentType}, ${u.sizeBytes}, ${JSON.stringify(u.entries)}, 'pending', CAST(${u.now} AS INTEGER)
    FROM ${pets} WHERE ${pets.id} = ${u.petId} AND ${pets.clientId} = ${u.clientId} AND ${visibleTo(pets.clientId, u.tokenHash, u.now)}
    ON CONFLICT ("id") DO NOTHING`);
  const notify = db.run(sql`insert into ${businessNotifications} (id, business_id, kind, client_id, summary, created_at)
    select ${u.notificationId}, ${vaccinationUploads.businessId}, 'certificate_uploaded', ${vaccinationUploads.clientId}, ${u.notificationSummary}, ${u.now}
    from ${vaccinationUploads} where ${vaccinationUploads.id} = ${u.id} and ${vaccinationUploads.objectKey} = ${u.objectKey}`);
  const keyed = db
    .select({ id: vaccinationUploads.id })
    .from(vaccinationUploads)
    .where(and(eq(vaccinationUploads.id, u.id), eq(vaccinationUploads.petId, u.petId), eq(vaccinationUploads.clientId, u.clientId)));
  return [insert, notify, webhookDeliveriesForNotification(db, u.notificationId), keyed] as const;
}
