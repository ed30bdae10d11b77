/**
 * Agreements (SPEC §9): the business's agreements with their newest version, the client's
 * signatures, one signed copy, and the one write — a signature. Agreements belong to the
 * business, so they are reached through the client record (business → client), and every read
 * is scoped to the signed-in session in SQL (`visibleTo`). Statements for the page's one
 * batch, never awaited here.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { agreementSignatures, agreementVersions, agreements, appointments, businessNotifications, clients } from '../schema';
import { webhookDeliveriesForNotification } from './webhooks';
import { qualified, visibleTo } from './portal';

export interface ClientScope {
  clientId: string;
  tokenHash: string;
  now: number;
}

/** The client record, visible to the session: the business's agreements are joined to it. */
function clientVisible(scope: ClientScope): SQL {
  return and(eq(clients.id, scope.clientId), visibleTo(clients.id, scope.tokenHash, scope.now)) as SQL;
}

/**
 * `clientIdSql` must sign `agreementIdSql`: every client of the business, or — when the agreement
 * names service types — clients who have had a visit of one of them (the console counts with it too).
 */
export function mustSign(appliesToSql: SQL, clientIdSql: SQL): SQL {
  return sql`(${appliesToSql} is null or exists (select 1 from ${appointments} ap where ap.client_id = ${clientIdSql}
    and ap.service_type in (select value from json_each(${appliesToSql}))))`;
}

/** The version row is its agreement's newest. */
const isNewest = sql`${agreementVersions.version} = (select max(v2.version) from ${agreementVersions} v2 where v2.agreement_id = ${agreementVersions.agreementId})`;

function newestVersions(db: Db, scope: ClientScope, agreementId?: string) {
  return db
    .select({
      agreementId: agreements.id,
      title: agreements.title,
      versionId: agreementVersions.id,
      version: agreementVersions.version,
      body: agreementVersions.body,
      publishedAt: agreementVersions.publishedAt,
    })
    .from(agreements)
    .innerJoin(clients, eq(clients.businessId, agreements.businessId))
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), isNewest))
    .where(
      and(
        clientVisible(scope),
        // One agreement's page opens whoever it is for; the list shows those the client must sign or has signed.
        agreementId === undefined
          ? sql`(${mustSign(qualified(agreements.appliesTo), qualified(clients.id))} or exists (select 1 from ${agreementSignatures} sg
              join ${agreementVersions} sv on sv.id = sg.agreement_version_id where sg.client_id = ${qualified(clients.id)} and sv.agreement_id = ${qualified(agreements.id)}))`
          : eq(agreements.id, agreementId),
      ),
    )
    .orderBy(agreements.title, agreements.id);
}

/** The client's signatures (of one agreement when given), newest first. */
function signaturesOf(db: Db, scope: ClientScope, agreementId?: string) {
  return db
    .select({
      id: agreementSignatures.id,
      agreementId: agreementVersions.agreementId,
      versionId: agreementVersions.id,
      version: agreementVersions.version,
      signedAt: agreementSignatures.signedAt,
    })
    .from(agreementSignatures)
    .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSignatures.agreementVersionId))
    .where(
      and(
        eq(agreementSignatures.clientId, scope.clientId),
        visibleTo(agreementSignatures.clientId, scope.tokenHash, scope.now),
        agreementId === undefined ? undefined : eq(agreementVersions.agreementId, agreementId),
      ),
    )
    .orderBy(desc(agreementSignatures.signedAt), desc(agreementSignatures.id));
}

/** The list page: each agreement with its newest version (no body needed), and the client's signatures. */
export function agreementListStatements(db: Db, scope: ClientScope) {
  return [newestVersions(db, scope), signaturesOf(db, scope)] as const;
}

/** One agreement's page: its newest version with the full text, and the client's signatures of it. */
export function agreementDetailStatements(db: Db, scope: ClientScope, agreementId: string) {
  return [newestVersions(db, scope, agreementId), signaturesOf(db, scope, agreementId)] as const;
}

/** What a signed copy shows (the parent's and the console's): the text signed and its audit trail. */
export const SIGNED_COPY_COLUMNS = {
  id: agreementSignatures.id,
  title: agreements.title,
  version: agreementVersions.version,
  body: agreementVersions.body,
  signerName: agreementSignatures.signerName,
  method: agreementSignatures.method,
  signatureKey: agreementSignatures.signatureKey,
  textSha256: agreementSignatures.textSha256,
  signedAt: agreementSignatures.signedAt,
  ipAddress: agreementSignatures.ipAddress,
  userAgent: agreementSignatures.userAgent,
};

/** One signed copy, with its audit trail and the text signed; no row when it is not the viewer's. */
export function signedCopyStatements(db: Db, scope: ClientScope, agreementId: string, signatureId: string) {
  return [
    db
      .select({ ...SIGNED_COPY_COLUMNS, agreementId: agreements.id, versionId: agreementVersions.id })
      .from(agreementSignatures)
      .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSignatures.agreementVersionId))
      .innerJoin(agreements, eq(agreements.id, agreementVersions.agreementId))
      .where(
        and(
          eq(agreementSignatures.id, signatureId),
          eq(agreements.id, agreementId),
          eq(agreementSignatures.clientId, scope.clientId),
          visibleTo(agreementSignatures.clientId, scope.tokenHash, scope.now),
        ),
      ),
  ] as const;
}

export interface NewSignature {
  id: string;
  clientId: string;
  agreementId: string;
  versionId: string;
  signerName: string;
  method: 'drawn' | 'typed';
  signatureKey: string | null;
  textSha256: string;
  signedAt: number;
  ipAddress: string | null;
  userAgent: string | null;
  notificationId: string;
  notificationSummary: string;
  tokenHash: string;
}

/**
 * The signature and the business's notification, as one atomic batch. The row is written only
 * while the version is still its agreement's newest, belongs to the client's business, and the
 * session may see the client (so 0 rows = changed since it was read, or signed out). A second
 * signature of the same version fails on UNIQUE(client, version).
 */
export function signStatements(db: Db, s: NewSignature) {
  const insert = db.run(sql`insert into ${agreementSignatures} (id, business_id, client_id, agreement_version_id, signer_name,
      method, signature_key, text_sha256, consent_given, signed_at, ip_address, user_agent)
    select ${s.id}, ${clients.businessId}, ${clients.id}, v.id, ${s.signerName}, ${s.method}, ${s.signatureKey},
      ${s.textSha256}, 1, ${s.signedAt}, ${s.ipAddress}, ${s.userAgent}
    from ${clients} join ${agreementVersions} v on v.business_id = ${clients.businessId}
    where ${clients.id} = ${s.clientId} and ${visibleTo(clients.id, s.tokenHash, s.signedAt)}
      and v.id = ${s.versionId} and v.agreement_id = ${s.agreementId}
      and v.version = (select max(v2.version) from ${agreementVersions} v2 where v2.agreement_id = v.agreement_id)`);
  const notify = db.run(sql`insert into ${businessNotifications} (id, business_id, kind, client_id, summary, created_at)
    select ${s.notificationId}, ${agreementSignatures.businessId}, 'agreement_signed', ${agreementSignatures.clientId},
      ${s.notificationSummary}, ${s.signedAt}
    from ${agreementSignatures} where ${agreementSignatures.id} = ${s.id}`);
  return [insert, notify, webhookDeliveriesForNotification(db, s.notificationId)] as const;
}

/** True when a database error is UNIQUE(client, version): that version is signed already. */
export function isAlreadySignedError(error: unknown): boolean {
  const text = (e: unknown): string => (e instanceof Error ? `${e.message} ${'cause' in e ? text((e as { cause?: unknown }).cause) : ''}` : String(e ?? ''));
  return /UNIQUE constraint failed: agreement_signatures\./i.test(text(error));
}

/**
 * The agreements whose newest version the client must sign and has not, for every client record
 * the session sees (or just `clientId`'s): the home lists them, and online booking waits for
 * those that block it (`blocksBooking`, or all when the business asks: `agreementsBeforeBooking`).
 * `bookingType`: the service type being booked, whose agreements apply even before a first visit.
 */
export function agreementsToSignStatement(db: Db, scope: { tokenHash: string; now: number; clientId?: string; bookingType?: string | null }) {
  const appliesTo = qualified(agreements.appliesTo);
  return db
    .select({ clientId: clients.id, agreementId: agreements.id, title: agreements.title, blocksBooking: agreements.blocksBooking })
    .from(agreements)
    .innerJoin(clients, eq(clients.businessId, agreements.businessId))
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), isNewest))
    .where(
      and(
        visibleTo(clients.id, scope.tokenHash, scope.now),
        scope.clientId === undefined ? undefined : eq(clients.id, scope.clientId),
        scope.bookingType
          ? sql`(${mustSign(appliesTo, qualified(clients.id))} or ${scope.bookingType} in (select value from json_each(${appliesTo})))`
          : mustSign(appliesTo, qualified(clients.id)),
        sql`not exists (select 1 from ${agreementSignatures} sg where sg.client_id = ${qualified(clients.id)} and sg.agreement_version_id = ${qualified(agreementVersions.id)})`,
      ),
    )
    .orderBy(agreements.title, agreements.id);
}
