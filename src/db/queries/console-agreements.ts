/**
 * Agreement templates in the console (issue 14 item 2): the list with who still has to sign,
 * one agreement with its versions, signatures and the clients still asked, a signed copy, and
 * the owners' writes — a new agreement (its version 1), a new version, and who must sign.
 * Versions are never edited: publishing one is a new row, and the parent's portal asks every
 * affected client to sign the newest (queries/agreements.ts). Every write is guarded in SQL
 * (`asOwner`, the business, the version it was edited from) and writes its audit row only when
 * it applied, so a double tap, a resend after Back or a stale second window changes nothing twice.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { agreementSignatures, agreementVersions, agreements, businesses, clients } from '../schema';
import { asMember, type StaffActor } from './console';
import { asOwner, auditWhen } from './owners';
import { mustSign, SIGNED_COPY_COLUMNS } from './agreements';
import { qualified } from './portal';

export interface AgreementScope {
  businessId: string;
  tokenHash: string;
  now: number;
}

/** The newest version's number of an agreement (by its qualified id column). */
const newestNumber = (agreementIdSql: SQL) => sql`(select max(v2.version) from ${agreementVersions} v2 where v2.agreement_id = ${agreementIdSql})`;

const signedNewest = (agreementIdSql: SQL, clientIdSql: SQL) => sql`exists (select 1 from ${agreementSignatures} sg
  join ${agreementVersions} sv on sv.id = sg.agreement_version_id
  where sg.client_id = ${clientIdSql} and sv.agreement_id = ${agreementIdSql} and sv.version = ${newestNumber(agreementIdSql)})`;

/** The agreements page: each agreement, its newest version, and how many clients signed it / still have to. */
export function agreementListStatement(db: Db, s: AgreementScope) {
  const a = qualified(agreements.id);
  const appliesTo = qualified(agreements.appliesTo);
  return db
    .select({
      id: agreements.id,
      title: agreements.title,
      appliesTo: agreements.appliesTo,
      blocksBooking: agreements.blocksBooking,
      version: sql<number>`${newestNumber(a)}`.mapWith(Number),
      publishedAt: sql<number>`(select v.published_at from ${agreementVersions} v where v.agreement_id = ${a} and v.version = ${newestNumber(a)})`.mapWith(
        Number,
      ),
      signed:
        sql<number>`(select count(*) from ${clients} cl where cl.business_id = ${qualified(agreements.businessId)} and ${signedNewest(a, sql`cl.id`)})`.mapWith(
          Number,
        ),
      waiting: sql<number>`(select count(*) from ${clients} cl where cl.business_id = ${qualified(agreements.businessId)}
        and ${mustSign(appliesTo, sql`cl.id`)} and not ${signedNewest(a, sql`cl.id`)})`.mapWith(Number),
    })
    .from(agreements)
    .where(and(eq(agreements.businessId, s.businessId), asMember(agreements.businessId, s.tokenHash, s.now)))
    .orderBy(agreements.title, agreements.id);
}

export const SIGNATURE_LIST_LIMIT = 200;
export const WAITING_LIST_LIMIT = 100;

/** One agreement: the row, every version (newest first), its signatures, and clients still asked to sign the newest. */
export function agreementDetailStatements(db: Db, s: AgreementScope, agreementId: string) {
  const mine = and(eq(agreements.id, agreementId), eq(agreements.businessId, s.businessId), asMember(agreements.businessId, s.tokenHash, s.now));
  return {
    agreement: db
      .select({ id: agreements.id, title: agreements.title, appliesTo: agreements.appliesTo, blocksBooking: agreements.blocksBooking })
      .from(agreements)
      .where(mine),
    versions: db
      .select({
        id: agreementVersions.id,
        version: agreementVersions.version,
        body: agreementVersions.body,
        publishedAt: agreementVersions.publishedAt,
        signatures: sql<number>`(select count(*) from ${agreementSignatures} sg where sg.agreement_version_id = ${qualified(agreementVersions.id)})`.mapWith(
          Number,
        ),
      })
      .from(agreementVersions)
      .innerJoin(agreements, eq(agreements.id, agreementVersions.agreementId))
      .where(mine)
      .orderBy(desc(agreementVersions.version)),
    signatures: db
      .select({
        id: agreementSignatures.id,
        clientId: clients.id,
        firstName: clients.firstName,
        lastName: clients.lastName,
        signerName: agreementSignatures.signerName,
        method: agreementSignatures.method,
        version: agreementVersions.version,
        signedAt: agreementSignatures.signedAt,
      })
      .from(agreementSignatures)
      .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSignatures.agreementVersionId))
      .innerJoin(agreements, eq(agreements.id, agreementVersions.agreementId))
      .innerJoin(clients, eq(clients.id, agreementSignatures.clientId))
      .where(mine)
      .orderBy(desc(agreementSignatures.signedAt), desc(agreementSignatures.id))
      .limit(SIGNATURE_LIST_LIMIT),
    waiting: db
      .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName })
      .from(clients)
      .innerJoin(agreements, eq(agreements.businessId, clients.businessId))
      .where(
        and(mine, mustSign(qualified(agreements.appliesTo), qualified(clients.id)), sql`not ${signedNewest(qualified(agreements.id), qualified(clients.id))}`),
      )
      .orderBy(clients.lastName, clients.firstName, clients.id)
      .limit(WAITING_LIST_LIMIT),
  };
}

/** One signed copy, with the client and its audit trail; no row when it is not this business's. */
export function consoleSignedCopyStatement(db: Db, s: AgreementScope, agreementId: string, signatureId: string) {
  return db
    .select({ ...SIGNED_COPY_COLUMNS, clientId: clients.id, clientFirstName: clients.firstName, clientLastName: clients.lastName })
    .from(agreementSignatures)
    .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSignatures.agreementVersionId))
    .innerJoin(agreements, eq(agreements.id, agreementVersions.agreementId))
    .innerJoin(clients, eq(clients.id, agreementSignatures.clientId))
    .where(
      and(
        eq(agreementSignatures.id, signatureId),
        eq(agreements.id, agreementId),
        eq(agreementSignatures.businessId, s.businessId),
        asMember(agreementSignatures.businessId, s.tokenHash, s.now),
      ),
    );
}

export interface AgreementRules {
  title: string;
  /** JSON array of service types, or null for every client. */
  appliesTo: string | null;
  blocksBooking: boolean;
}

function audit(a: StaffActor, action: string, recordId: string, detail: string) {
  return {
    id: a.auditId,
    businessId: a.businessId,
    staffAccountId: a.staffAccountId,
    action,
    recordType: 'agreement',
    recordId,
    detail: detail.slice(0, 300),
    ipAddress: a.ipAddress,
    now: a.now,
  };
}

/**
 * A new agreement with its version 1, written only by an owner and only once per id (the form's
 * submission key); the audit row only when the version was just written. The last statement
 * reads the agreement back: a row means it exists (now, or from an earlier send of the form).
 */
export function createAgreementStatements(db: Db, a: StaffActor, n: AgreementRules & { id: string; versionId: string; text: string }) {
  return [
    db.run(sql`INSERT INTO ${agreements} ("id", "business_id", "title", "applies_to", "blocks_booking", "created_at")
      SELECT ${n.id}, ${businesses.id}, ${n.title}, ${n.appliesTo}, ${n.blocksBooking ? 1 : 0}, CAST(${a.now} AS INTEGER)
      FROM ${businesses}
      WHERE ${businesses.id} = ${a.businessId} AND ${asOwner(businesses.id, a.tokenHash, a.now)} AND NOT EXISTS (SELECT 1 FROM ${agreements} x WHERE x.id = ${n.id})`),
    db.run(sql`INSERT INTO ${agreementVersions} ("id", "business_id", "agreement_id", "version", "body", "published_at")
      SELECT ${n.versionId}, ${a.businessId}, ${n.id}, 1, ${n.text}, CAST(${a.now} AS INTEGER)
      WHERE changes() = 1 AND NOT EXISTS (SELECT 1 FROM ${agreementVersions} x WHERE x.id = ${n.versionId})`),
    auditWhen(db, audit(a, 'agreement.create', n.id, `“${n.title}”, version 1`), sql`changes() = 1`),
    db
      .select({ id: agreements.id })
      .from(agreements)
      .where(and(eq(agreements.id, n.id), eq(agreements.businessId, a.businessId))),
  ] as const;
}

/**
 * A new version of the agreement, numbered newest + 1, written only when the newest is still
 * the one the owner edited (`fromVersion`), the text differs from it, and this id is new; the
 * audit row only when it was written. Reads back the version (exists → published) and the
 * newest number now, so the route can tell "published", "someone else published first" and
 * "nothing changed" apart.
 */
export function publishVersionStatements(db: Db, a: StaffActor, p: { agreementId: string; versionId: string; fromVersion: number; text: string }) {
  const newest = newestNumber(sql`${p.agreementId}`);
  return [
    db.run(sql`INSERT INTO ${agreementVersions} ("id", "business_id", "agreement_id", "version", "body", "published_at")
      SELECT ${p.versionId}, ${agreements.businessId}, ${agreements.id}, ${p.fromVersion} + 1, ${p.text}, CAST(${a.now} AS INTEGER)
      FROM ${agreements}
      WHERE ${agreements.id} = ${p.agreementId} AND ${agreements.businessId} = ${a.businessId} AND ${asOwner(agreements.businessId, a.tokenHash, a.now)}
        AND ${newest} = ${p.fromVersion}
        AND NOT EXISTS (SELECT 1 FROM ${agreementVersions} same WHERE same.agreement_id = ${p.agreementId} AND same.version = ${p.fromVersion} AND same.body = ${p.text})
        AND NOT EXISTS (SELECT 1 FROM ${agreementVersions} x WHERE x.id = ${p.versionId})`),
    auditWhen(db, audit(a, 'agreement.publish', p.agreementId, `version ${p.fromVersion + 1}`), sql`changes() = 1`),
    db
      .select({ id: agreementVersions.id, version: agreementVersions.version })
      .from(agreementVersions)
      .where(and(eq(agreementVersions.id, p.versionId), eq(agreementVersions.businessId, a.businessId))),
    db
      .select({ newest: sql<number>`coalesce(max(${agreementVersions.version}), 0)`.mapWith(Number) })
      .from(agreementVersions)
      .where(and(eq(agreementVersions.agreementId, p.agreementId), eq(agreementVersions.businessId, a.businessId))),
  ] as const;
}

/** Title, who must sign and whether booking waits: an owner's change, audited when something changed. */
export function agreementRulesStatements(db: Db, a: StaffActor, agreementId: string, r: AgreementRules, detail: string) {
  return [
    db.run(sql`UPDATE ${agreements} SET "title" = ${r.title}, "applies_to" = ${r.appliesTo}, "blocks_booking" = ${r.blocksBooking ? 1 : 0}
      WHERE ${agreements.id} = ${agreementId} AND ${agreements.businessId} = ${a.businessId} AND ${asOwner(agreements.businessId, a.tokenHash, a.now)}
        AND ("title" IS NOT ${r.title} OR "applies_to" IS NOT ${r.appliesTo} OR "blocks_booking" <> ${r.blocksBooking ? 1 : 0})`),
    auditWhen(db, audit(a, 'agreement.rules', agreementId, detail), sql`changes() = 1`),
  ] as const;
}
