/**
 * Email + password credentials of portal accounts and the session changes that go with them
 * (SPEC §3.3, §3.5): signing in by password, resetting it, changing the email or password
 * (which ends the account's other sessions), confirming a session by code, and signing out
 * everywhere. Each change is one atomic batch.
 *
 * Changes that need a recent sign-in check it in SQL too (`recentSessionAccount`), not only in
 * the route: a session that stops being recent or live between the page's read and the write
 * changes nothing.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { accountClientLinks, businesses, clients, portalAccounts, sessions } from '../schema';
import { RECENT_AUTH_MS } from '../../domain/credential-policy';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../domain/session-policy';
import { sessionStatements, visibleTo } from './portal';

/** The account with this (normalised) email and its stored password hash, if any. */
export function credentialsForEmail(db: Db, email: string) {
  return db
    .select({ accountId: portalAccounts.id, passwordHash: portalAccounts.passwordHash })
    .from(portalAccounts)
    .where(eq(portalAccounts.email, email))
    .limit(1);
}

/** Which account, if any, has this (normalised) email. '' matches nothing. */
export function emailOwnerStatement(db: Db, email: string) {
  return db.select({ accountId: portalAccounts.id }).from(portalAccounts).where(eq(portalAccounts.email, email)).limit(1);
}

/**
 * The parent's details as each business has them (SPEC §3.4, issue 4 item 6): every client
 * record the live session's account is linked to (`visibleTo`), with its business's name —
 * names, phone and email may differ from one business to the next. Ordered by business, then
 * name, so the page is stable.
 */
export function clientRecordsStatement(db: Db, tokenHash: string, now: number) {
  return db
    .select({
      clientId: clients.id,
      businessName: businesses.name,
      firstName: clients.firstName,
      lastName: clients.lastName,
      phoneE164: clients.phoneE164,
      email: clients.email,
    })
    .from(clients)
    .innerJoin(businesses, eq(businesses.id, clients.businessId))
    .where(visibleTo(clients.id, tokenHash, now))
    .orderBy(businesses.name, clients.lastName, clients.firstName, clients.id);
}

/** What the account page shows and decides with, for the session `tokenHash`. */
export function accountSettingsStatement(db: Db, tokenHash: string) {
  return db
    .select({
      email: portalAccounts.email,
      hasPassword: sql<boolean>`${portalAccounts.passwordHash} is not null`.mapWith(Boolean),
      sessionCreatedAt: sessions.createdAt,
      authenticatedAt: sessions.authenticatedAt,
    })
    .from(sessions)
    .innerJoin(portalAccounts, eq(portalAccounts.id, sessions.accountId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
}

export interface NewSessionInput {
  tokenHash: string;
  /** The session this browser had before: ended, so a sign-in always rotates the token. */
  previousTokenHash: string | null;
  userAgent: string | null;
  now: number;
}

function insertSessionFor(input: NewSessionInput, accountWhere: SQL): SQL {
  const { tokenHash, now } = input;
  return sql`insert into sessions (token_hash, account_id, created_at, last_seen_at, expires_at, user_agent, authenticated_at)
    select ${tokenHash}, id, ${now}, ${now}, ${now + SESSION_ABSOLUTE_MS}, ${input.userAgent?.slice(0, 256) ?? null}, ${now}
    from portal_accounts where ${accountWhere}`;
}

/** Links the account to every client record with its number (SPEC §3.4: linking at sign-in). */
function linkClientsOf(accountWhere: SQL, now: number): SQL {
  return sql`insert or ignore into ${accountClientLinks} (account_id, client_id, business_id, created_at)
    select a.id, c.id, c.business_id, ${now} from ${clients} c join ${portalAccounts} a on a.phone_e164 = c.phone_e164
    where ${accountWhere}`;
}

/**
 * Signing in with a password just verified against `verifiedHash`: end this browser's previous
 * session, start a new one (authenticated now) — only if `verifiedHash` is still the account's
 * password, so a password changed meanwhile wins — link client records, replace the hash with
 * `rehash` when the cost went up, and read the session context to land on.
 */
export function passwordSignInStatements(db: Db, input: NewSessionInput & { accountId: string; verifiedHash: string; rehash: string | null }) {
  const account = sql`id = ${input.accountId} and password_hash = ${input.verifiedHash}`;
  const endPrevious = db.delete(sessions).where(eq(sessions.tokenHash, input.previousTokenHash ?? ''));
  const startSession = db.run(insertSessionFor(input, account));
  const linkClients = db.run(linkClientsOf(sql`a.id = ${input.accountId}`, input.now));
  const rehash = db.run(sql`update portal_accounts set password_hash = ${input.rehash}
    where id = ${input.accountId} and password_hash = ${input.verifiedHash} and ${input.rehash} is not null`);
  const { context } = sessionStatements(db, input.tokenHash, input.now);
  return [endPrevious, startSession, linkClients, rehash, context] as const;
}

/**
 * A password reset by email code: set the new hash, end EVERY session of the account (and
 * this browser's previous one, whoever's it was), start this browser's new session, link
 * client records and read the session context. Does nothing for an email with no account.
 */
export function resetPasswordStatements(db: Db, input: NewSessionInput & { email: string; passwordHash: string }) {
  const setHash = db.update(portalAccounts).set({ passwordHash: input.passwordHash }).where(eq(portalAccounts.email, input.email));
  const endAll = db.run(sql`delete from ${sessions} where account_id in (select id from ${portalAccounts} where email = ${input.email})`);
  const endPrevious = db.delete(sessions).where(eq(sessions.tokenHash, input.previousTokenHash ?? ''));
  const startSession = db.run(insertSessionFor(input, sql`email = ${input.email}`));
  const linkClients = db.run(linkClientsOf(sql`a.email = ${input.email}`, input.now));
  const { context } = sessionStatements(db, input.tokenHash, input.now);
  return [setHash, endAll, endPrevious, startSession, linkClients, context] as const;
}

/**
 * `select account_id` of the session while it is live — and, with `recent`, only when it
 * authenticated within the last 10 minutes.
 */
function sessionAccount(tokenHash: string, now: number, recent: boolean): SQL {
  return sql`select account_id from ${sessions} where token_hash = ${tokenHash}
    and expires_at > ${now} and last_seen_at > ${now - SESSION_IDLE_MS}
    ${recent ? sql`and coalesce(authenticated_at, created_at) > ${now - RECENT_AUTH_MS}` : sql``}`;
}

/**
 * Sets the account's email and/or password hash (undefined = unchanged) and ends the account's
 * other sessions — only when the session `tokenHash` signed in within the last 10 minutes.
 * The first result's `rowsAffected` is 0 when it had not. A UNIQUE violation (another account
 * took the email meanwhile) fails the whole batch.
 *
 * `requireRecent: false` is for an email whose change was asked for by a recent session and
 * whose verification code (bound to the account) has just been checked: the code may take
 * longer than 10 minutes to arrive, and the session must still be live and the account's.
 */
export function changeCredentialsStatements(db: Db, input: { tokenHash: string; now: number; email?: string; passwordHash?: string; requireRecent?: boolean }) {
  const account = sessionAccount(input.tokenHash, input.now, input.requireRecent ?? true);
  const update = db.run(sql`update ${portalAccounts}
    set email = coalesce(${input.email ?? null}, email), password_hash = coalesce(${input.passwordHash ?? null}, password_hash)
    where id = (${account})`);
  const endOthers = db.run(sql`delete from ${sessions} where account_id = (${account}) and token_hash <> ${input.tokenHash}`);
  return [update, endOthers] as const;
}

/** The session proved who it is just now (a code): `authenticated_at = now`, if it is live. */
export function markAuthenticatedStatement(db: Db, tokenHash: string, now: number) {
  return db
    .update(sessions)
    .set({ authenticatedAt: new Date(now) })
    .where(and(eq(sessions.tokenHash, tokenHash), sql`${sessions.expiresAt} > ${now}`, sql`${sessions.lastSeenAt} > ${now - SESSION_IDLE_MS}`));
}

/** Sign out everywhere: every session of the account that `tokenHash` belongs to, this one included. */
export function endAllSessionsStatement(db: Db, tokenHash: string) {
  return db.run(sql`delete from ${sessions} where account_id = (select account_id from ${sessions} where token_hash = ${tokenHash})`);
}

/** True when a database error is the UNIQUE index on portal_accounts.email. */
export function isEmailTakenError(error: unknown): boolean {
  const text = (e: unknown): string => (e instanceof Error ? `${e.message} ${'cause' in e ? text((e as { cause?: unknown }).cause) : ''}` : String(e ?? ''));
  return /UNIQUE constraint failed: portal_accounts\.email/i.test(text(error));
}
