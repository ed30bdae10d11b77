/**
 * Vaccination certificates in the console (issue 14 item 5): the uploads waiting for a check
 * (oldest first) and those decided lately, one upload with its pet, client and the pet's record,
 * the certificate's object, and the two decisions.
 *
 * Every read is scoped by `asMember` and the business id, so another business's upload id
 * matches no row. Each decision begins with its audit row, inserted only while the upload is
 * this business's, still pending and the session may work here; every other statement of the
 * batch runs only when that audit row exists. So two Accepts at once (a double tap, a second
 * window) change the record once: the second batch finds the upload decided and writes nothing.
 */
import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog, clients, petVaccinations, pets, staffAccounts, vaccinationUploads } from '../schema';
import { asMember, type StaffActor } from './console';
import type { VaccinationEntry } from '../../domain/vaccination-upload';

/** Uploads listed as waiting (the oldest first) and as decided lately (the newest first). */
export const WAITING_LIMIT = 100;
export const DECIDED_LIMIT = 20;

interface Scope {
  businessId: string;
  tokenHash: string;
  now: number;
}

const u = vaccinationUploads;

function ours(scope: Scope) {
  return and(eq(u.businessId, scope.businessId), asMember(u.businessId, scope.tokenHash, scope.now));
}

const listColumns = {
  id: u.id,
  status: u.status,
  uploadedAt: u.uploadedAt,
  decidedAt: u.decidedAt,
  petName: pets.name,
  clientFirstName: clients.firstName,
  clientLastName: clients.lastName,
};

export function vaccinationListStatements(db: Db, scope: Scope) {
  const base = () =>
    db
      .select(listColumns)
      .from(u)
      .innerJoin(pets, and(eq(pets.id, u.petId), eq(pets.businessId, u.businessId)))
      .innerJoin(clients, and(eq(clients.id, u.clientId), eq(clients.businessId, u.businessId)));
  return {
    waiting: base()
      .where(and(ours(scope), eq(u.status, 'pending')))
      .orderBy(asc(u.uploadedAt), asc(u.id))
      .limit(WAITING_LIMIT),
    decided: base()
      .where(and(ours(scope), ne(u.status, 'pending')))
      .orderBy(desc(u.decidedAt), desc(u.id))
      .limit(DECIDED_LIMIT),
  };
}

export type UploadListRow = Awaited<ReturnType<typeof vaccinationListStatements>['waiting']>[number];

/** One upload of this business with its pet and client, who decided it, and the pet's vaccinations now. */
export function uploadReviewStatements(db: Db, scope: Scope, uploadId: string) {
  return {
    upload: db
      .select({
        id: u.id,
        petId: u.petId,
        clientId: u.clientId,
        contentType: u.contentType,
        sizeBytes: u.sizeBytes,
        entries: u.entries,
        status: u.status,
        rejectReason: u.rejectReason,
        uploadedAt: u.uploadedAt,
        decidedAt: u.decidedAt,
        decidedByName: staffAccounts.name,
        petName: pets.name,
        clientFirstName: clients.firstName,
        clientLastName: clients.lastName,
      })
      .from(u)
      .innerJoin(pets, and(eq(pets.id, u.petId), eq(pets.businessId, u.businessId)))
      .innerJoin(clients, and(eq(clients.id, u.clientId), eq(clients.businessId, u.businessId)))
      .leftJoin(staffAccounts, eq(staffAccounts.id, u.decidedBy))
      .where(and(eq(u.id, uploadId), ours(scope))),
    onRecord: db
      .select({ name: petVaccinations.name, expiresOn: petVaccinations.expiresOn, verifiedAt: petVaccinations.verifiedAt })
      .from(petVaccinations)
      .innerJoin(u, and(eq(u.petId, petVaccinations.petId), eq(u.businessId, petVaccinations.businessId)))
      .where(and(eq(u.id, uploadId), ours(scope)))
      .orderBy(asc(petVaccinations.name)),
  };
}

/** The certificate's object key and type, for the console's viewer. */
export function uploadDocumentStatement(db: Db, scope: Scope, uploadId: string) {
  return db
    .select({ objectKey: u.objectKey, contentType: u.contentType })
    .from(u)
    .where(and(eq(u.id, uploadId), ours(scope)));
}

const applied = (auditId: string) => sql`EXISTS (SELECT 1 FROM ${auditLog} WHERE ${auditLog.id} = ${auditId})`;

function decisionAudit(db: Db, a: StaffActor, action: 'vaccination.accept' | 'vaccination.reject', uploadId: string, detail: string) {
  const pending = and(eq(u.id, uploadId), eq(u.businessId, a.businessId), eq(u.status, 'pending'), asMember(u.businessId, a.tokenHash, a.now)) as SQL;
  return db.run(sql`INSERT INTO ${auditLog} ("id", "business_id", "staff_account_id", "action", "record_type", "record_id", "detail", "ip_address", "created_at")
    SELECT ${a.auditId}, ${a.businessId}, ${a.staffAccountId}, ${action}, 'vaccination_upload', ${uploadId}, ${detail.slice(0, 300)}, ${a.ipAddress}, CAST(${a.now} AS INTEGER)
    WHERE EXISTS (SELECT 1 FROM ${u} WHERE ${pending})`);
}

/**
 * Accepts the upload with `entries` (as staff left them): for each, the pet's vaccination of the
 * same name (case-insensitive) gets the expiry, is marked verified and linked to the upload — or
 * is added — and the upload is marked accepted. The first statement (the audit row) wrote
 * nothing when the upload was decided already (or is not this business's): then nothing else did.
 */
export function acceptUploadStatements(db: Db, a: StaffActor, x: { uploadId: string; petId: string; entries: VaccinationEntry[]; newIds: string[] }) {
  const detail = x.entries.map((e) => `${e.name} ${e.expiresOn}`).join('; ');
  const now = sql`CAST(${a.now} AS INTEGER)`;
  const sameName = (name: string) => sql`"pet_id" = ${x.petId} AND "business_id" = ${a.businessId} AND lower(trim("name")) = lower(${name})`;
  return [
    decisionAudit(db, a, 'vaccination.accept', x.uploadId, `Accepted: ${detail}`),
    db.run(sql`UPDATE ${u} SET "status" = 'accepted', "decided_at" = ${now}, "decided_by" = ${a.staffAccountId}
      WHERE "id" = ${x.uploadId} AND "business_id" = ${a.businessId} AND "status" = 'pending' AND ${applied(a.auditId)}`),
    ...x.entries.flatMap((e, i) => [
      db.run(sql`UPDATE ${petVaccinations} SET "expires_on" = ${e.expiresOn}, "verified_at" = ${now}, "upload_id" = ${x.uploadId}
        WHERE ${sameName(e.name)} AND ${applied(a.auditId)}`),
      db.run(sql`INSERT INTO ${petVaccinations} ("id", "business_id", "pet_id", "name", "expires_on", "verified_at", "upload_id")
        SELECT ${x.newIds[i]}, ${a.businessId}, ${x.petId}, ${e.name}, ${e.expiresOn}, ${now}, ${x.uploadId}
        WHERE ${applied(a.auditId)} AND NOT EXISTS (SELECT 1 FROM ${petVaccinations} WHERE ${sameName(e.name)})`),
    ]),
  ] as const;
}

/** Rejects the upload with the reason the parent will see; like accepting, only while it is pending. */
export function rejectUploadStatements(db: Db, a: StaffActor, x: { uploadId: string; reason: string }) {
  return [
    decisionAudit(db, a, 'vaccination.reject', x.uploadId, `Not accepted: ${x.reason}`),
    db.run(sql`UPDATE ${u} SET "status" = 'rejected', "reject_reason" = ${x.reason}, "decided_at" = CAST(${a.now} AS INTEGER), "decided_by" = ${a.staffAccountId}
      WHERE "id" = ${x.uploadId} AND "business_id" = ${a.businessId} AND "status" = 'pending' AND ${applied(a.auditId)}`),
  ] as const;
}
