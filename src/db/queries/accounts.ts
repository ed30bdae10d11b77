/**
 * Portal accounts, their links to client records and their sessions. Signing in is one atomic
 * batch: create the account if new, link it to every client record with the number (SPEC §3.4),
 * end the session being replaced, start the new one, and read the profiles to land on.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { clients, portalAccounts, sessions } from '../schema';
import { newId } from '../../domain/ids';
import { SESSION_ABSOLUTE_MS } from '../../domain/session-policy';
import { sessionStatements } from './portal';

/** Whether any business has a client record with this number (decides if a code is sent). */
export function phoneIsOnFile(db: Db, phoneE164: string) {
  return db.select({ id: clients.id }).from(clients).where(eq(clients.phoneE164, phoneE164)).limit(1);
}

export interface SignInInput {
  phoneE164: string;
  tokenHash: string;
  /** The session this browser had before, ended so that a sign-in always rotates the token. */
  previousTokenHash: string | null;
  userAgent: string | null;
  now: number;
}

export function signInStatements(db: Db, input: SignInInput) {
  const { phoneE164, tokenHash, now } = input;
  const createAccount = db
    .insert(portalAccounts)
    .values({ id: newId('acc'), phoneE164, createdAt: new Date(now) })
    .onConflictDoNothing({ target: portalAccounts.phoneE164 });
  const linkClients = db.run(sql`insert or ignore into account_client_links (account_id, client_id, business_id, created_at)
    select a.id, c.id, c.business_id, ${now} from clients c join portal_accounts a on a.phone_e164 = c.phone_e164
    where c.phone_e164 = ${phoneE164}`);
  const endPrevious = db.delete(sessions).where(eq(sessions.tokenHash, input.previousTokenHash ?? ''));
  const startSession = db.run(sql`insert into sessions (token_hash, account_id, created_at, last_seen_at, expires_at, user_agent)
    select ${tokenHash}, id, ${now}, ${now}, ${now + SESSION_ABSOLUTE_MS}, ${input.userAgent?.slice(0, 256) ?? null}
    from portal_accounts where phone_e164 = ${phoneE164}`);
  const { context } = sessionStatements(db, tokenHash, now);
  return [createAccount, linkClients, endPrevious, startSession, context] as const;
}

export function signOutStatement(db: Db, tokenHash: string) {
  return db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}
