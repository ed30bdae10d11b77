/**
 * Passkeys and their WebAuthn challenges (issue 15 item 2). A passkey belongs to one parent
 * account or one staff account (a CHECK says exactly one); a challenge is deleted as it is
 * checked (`consumeChallengeStatement` returns it at most once, and only while it is fresh and
 * was issued for this purpose and this account), and expired ones are swept when new ones are
 * issued, so the table stays small without a cron.
 */
import { and, desc, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { passkeys, portalAccounts, webauthnChallenges, staffSessions, type WebauthnPurpose } from '../schema';
import { newId } from '../../domain/ids';
import { CHALLENGE_TTL_MS, type NewCredential } from '../../domain/passkeys';

/** Stores a new challenge (and sweeps expired ones): one batch. */
export function issueChallengeStatements(db: Db, input: { challenge: string; purpose: WebauthnPurpose; subjectId: string | null; now: number }) {
  return [
    db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, new Date(input.now))),
    db.insert(webauthnChallenges).values({
      challenge: input.challenge,
      purpose: input.purpose,
      subjectId: input.subjectId,
      createdAt: new Date(input.now),
      expiresAt: new Date(input.now + CHALLENGE_TTL_MS),
    }),
  ] as const;
}

/**
 * Uses up a challenge: deleted and returned only when it exists, is unexpired, has this purpose
 * and was issued to `subjectId` (null for a discoverable sign-in). A second use finds nothing.
 */
export function consumeChallengeStatement(db: Db, input: { challenge: string; purpose: WebauthnPurpose; subjectId: string | null; now: number }) {
  return db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challenge, input.challenge),
        eq(webauthnChallenges.purpose, input.purpose),
        gt(webauthnChallenges.expiresAt, new Date(input.now)),
        sql`${webauthnChallenges.subjectId} is ${input.subjectId}`,
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
}

const listColumns = {
  id: passkeys.id,
  credentialId: passkeys.credentialId,
  name: passkeys.name,
  createdAt: passkeys.createdAt,
  lastUsedAt: passkeys.lastUsedAt,
};

export type PasskeyListRow = { id: string; credentialId: string; name: string; createdAt: Date; lastUsedAt: Date | null };

/** A parent account's passkeys, newest first. */
export function accountPasskeysStatement(db: Db, accountId: string) {
  return db.select(listColumns).from(passkeys).where(eq(passkeys.accountId, accountId)).orderBy(desc(passkeys.createdAt), passkeys.id);
}

/** A staff account's passkeys, newest first. */
export function staffPasskeysStatement(db: Db, staffAccountId: string) {
  return db.select(listColumns).from(passkeys).where(eq(passkeys.staffAccountId, staffAccountId)).orderBy(desc(passkeys.createdAt), passkeys.id);
}

/** The stored credential with this id, with its owner (a parent's phone number for the session code). */
export function passkeyByCredentialStatement(db: Db, credentialId: string) {
  return db
    .select({
      id: passkeys.id,
      credentialId: passkeys.credentialId,
      publicKey: passkeys.publicKey,
      signCount: passkeys.signCount,
      accountId: passkeys.accountId,
      staffAccountId: passkeys.staffAccountId,
      phoneE164: portalAccounts.phoneE164,
    })
    .from(passkeys)
    .leftJoin(portalAccounts, eq(portalAccounts.id, passkeys.accountId))
    .where(eq(passkeys.credentialId, credentialId))
    .limit(1);
}

/** Saves a verified new credential for its owner (one of the two ids). Fails on a credential id stored already. */
export function insertPasskeyStatement(
  db: Db,
  input: { owner: { accountId: string } | { staffAccountId: string }; credential: NewCredential; name: string; now: number },
) {
  return db
    .insert(passkeys)
    .values({
      id: newId('pk'),
      credentialId: input.credential.credentialId,
      accountId: 'accountId' in input.owner ? input.owner.accountId : null,
      staffAccountId: 'staffAccountId' in input.owner ? input.owner.staffAccountId : null,
      publicKey: input.credential.publicKey,
      signCount: input.credential.counter,
      transports: JSON.stringify(input.credential.transports),
      name: input.name,
      createdAt: new Date(input.now),
    })
    .onConflictDoNothing({ target: passkeys.credentialId })
    .returning({ id: passkeys.id });
}

/**
 * After a good assertion: the new counter and when it was used — only while the passkey is still
 * there with the counter we checked against (a removal or a concurrent use meanwhile wins).
 */
export function markPasskeyUsedStatement(db: Db, input: { id: string; checkedCount: number; newCounter: number; now: number }) {
  return db
    .update(passkeys)
    .set({ signCount: input.newCounter, lastUsedAt: new Date(input.now) })
    .where(and(eq(passkeys.id, input.id), eq(passkeys.signCount, input.checkedCount)))
    .returning({ id: passkeys.id });
}

/** Removes one of the owner's passkeys; another owner's id removes nothing. */
export function removePasskeyStatement(db: Db, input: { id: string; owner: { accountId: string } | { staffAccountId: string } }) {
  const ownedBy =
    'accountId' in input.owner
      ? and(isNotNull(passkeys.accountId), eq(passkeys.accountId, input.owner.accountId))
      : and(isNotNull(passkeys.staffAccountId), eq(passkeys.staffAccountId, input.owner.staffAccountId));
  return db
    .delete(passkeys)
    .where(and(eq(passkeys.id, input.id), ownedBy))
    .returning({ id: passkeys.id, name: passkeys.name });
}

/** A pending console session passes its second factor by a passkey of its own account. */
export function passSecondFactorByPasskeyStatement(db: Db, input: { tokenHash: string; staffAccountId: string; passkeyId: string; now: number }) {
  return db
    .update(staffSessions)
    .set({ secondFactorAt: new Date(input.now) })
    .where(
      and(
        eq(staffSessions.tokenHash, input.tokenHash),
        eq(staffSessions.staffAccountId, input.staffAccountId),
        // Still there (not removed meanwhile), and the account's own.
        sql`exists (select 1 from ${passkeys} where ${passkeys.id} = ${input.passkeyId} and ${passkeys.staffAccountId} = ${input.staffAccountId})`,
      ),
    )
    .returning({ tokenHash: staffSessions.tokenHash });
}
