/**
 * Invitation links (SPEC §3.2) in the database. Creating many is one batch (revoke the
 * clients' earlier unused links, insert the invitations and their messages); registering is
 * one batch (the sign-in statements of accounts.ts plus a conditional "mark used" that tells
 * whether this request won the link). Tokens are looked up by their SHA-256 only.
 */
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, clients, emailOutbox, invitations, portalAccounts, smsOutbox } from '../schema';
import type { InvitationChannel, PlannedInvitation } from '../../domain/invitation';
import { signInStatements, type SignInInput } from './accounts';
import { qualified } from './portal';
import { textLanguageColumn } from '../../messaging/text-language';

/** Rows per INSERT statement: keeps each statement well under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 100;

/**
 * The inviting business and which of `clientIds` are its clients (one batch), each with the
 * language of their message (an account's with their phone, else the business's). A foreign or
 * unknown id simply is not among the targets.
 */
export function invitationTargetStatements(db: Db, businessId: string, clientIds: string[]) {
  const business = db
    .select({
      id: businesses.id,
      name: businesses.name,
      offersBoarding: businesses.offersBoarding,
      offersDaycare: businesses.offersDaycare,
      offersGrooming: businesses.offersGrooming,
      offersTraining: businesses.offersTraining,
      groomingBetaGranted: businesses.groomingBetaGranted,
    })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  const targets = db
    .select({ id: clients.id, firstName: clients.firstName, phoneE164: clients.phoneE164, email: clients.email, language: textLanguageColumn() })
    .from(clients)
    .innerJoin(businesses, eq(businesses.id, clients.businessId))
    .leftJoin(portalAccounts, eq(portalAccounts.phoneE164, clients.phoneE164))
    .where(and(eq(clients.businessId, businessId), inArray(clients.id, clientIds)));
  return [business, targets] as const;
}

export interface CreateInvitationsInput {
  businessId: string;
  channel: InvitationChannel;
  now: number;
  expiresAt: number;
  invitations: PlannedInvitation[];
  /**
   * How the messages go out: `immediate` for the development outbox (the row IS the delivered
   * message: status "sent"), otherwise "queued" for src/messaging/delivery.ts.
   */
  delivery: { provider: string; immediate: boolean };
}

/**
 * One batch: revoke the unused, unrevoked invitations of these clients (returning which), then
 * insert the new invitations and their outbox messages. The revoke comes first so it never
 * touches the new rows. Needs at least one invitation.
 */
export function createInvitationsStatements(db: Db, input: CreateInvitationsInput) {
  const { businessId, now, delivery } = input;
  if (input.invitations.length === 0) throw new RangeError('createInvitationsStatements: nothing to create');
  const createdAt = new Date(now);
  const revoke = db
    .update(invitations)
    .set({ revokedAt: createdAt })
    .where(
      and(
        eq(invitations.businessId, businessId),
        inArray(
          invitations.clientId,
          input.invitations.map((i) => i.clientId),
        ),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id, clientId: invitations.clientId });

  const inserts = [];
  for (const part of chunks(input.invitations, ROWS_PER_INSERT)) {
    inserts.push(
      db.insert(invitations).values(
        part.map((i) => ({
          id: i.invitationId,
          businessId,
          clientId: i.clientId,
          tokenHash: i.tokenHash,
          channel: input.channel,
          phoneE164: i.phoneE164,
          createdAt,
          expiresAt: new Date(input.expiresAt),
        })),
      ),
    );
  }
  const status = delivery.immediate ? ('sent' as const) : ('queued' as const);
  const outboxFields = (id: string) => ({
    provider: delivery.provider,
    status,
    providerMessageId: delivery.immediate ? id : null,
    error: null,
    createdAt,
  });
  const sms = input.invitations.flatMap((i) => (i.message.channel === 'sms' ? [i.message] : []));
  for (const part of chunks(sms, ROWS_PER_INSERT)) {
    inserts.push(db.insert(smsOutbox).values(part.map((m) => ({ id: m.outboxId, toE164: m.to, body: m.body, ...outboxFields(m.outboxId) }))));
  }
  const emails = input.invitations.flatMap((i) => (i.message.channel === 'email' ? [i.message] : []));
  for (const part of chunks(emails, ROWS_PER_INSERT)) {
    inserts.push(
      db.insert(emailOutbox).values(part.map((m) => ({ id: m.outboxId, toAddress: m.to, subject: m.subject, bodyText: m.text, ...outboxFields(m.outboxId) }))),
    );
  }
  return [revoke, ...inserts] as const;
}

/**
 * An invitation by the SHA-256 of its token, with what its page shows and its state needs:
 * the client as it is now (first name, current phone) and the business's name.
 */
export function invitationByTokenHash(db: Db, tokenHash: string) {
  return db
    .select({
      id: invitations.id,
      businessId: invitations.businessId,
      clientId: invitations.clientId,
      phoneE164: invitations.phoneE164,
      expiresAt: invitations.expiresAt,
      revokedAt: invitations.revokedAt,
      usedAt: invitations.usedAt,
      businessName: businesses.name,
      client: { firstName: clients.firstName, phoneE164: clients.phoneE164 },
    })
    .from(invitations)
    .innerJoin(clients, and(eq(clients.id, invitations.clientId), eq(clients.businessId, invitations.businessId)))
    .innerJoin(businesses, eq(businesses.id, invitations.businessId))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
}

export type InvitationWithClient = Awaited<ReturnType<typeof invitationByTokenHash>>[number];

export interface RegistrationInput extends SignInInput {
  invitationId: string;
}

/**
 * Registration by invitation, one batch (one transaction), after the phone was verified by code:
 * 0. does an account with this number exist already (read before anything is written);
 * 1–4. the sign-in statements: create the account if new, link it to every client record with
 *    the number in every business, end this browser's previous session, start the new one;
 * 5. mark the invitation used by that account — only if it is still unused, unrevoked,
 *    unexpired and the client's phone is still the one it was sent to. RETURNING says whether
 *    it applied: of two requests racing for one link exactly one gets a row;
 * 6. the new session's context (profiles), as sign-in reads it.
 *
 * `phoneE164` must be the invitation's phone (the number the code was verified for).
 */
export function registrationStatements(db: Db, input: RegistrationInput) {
  const { phoneE164, now } = input;
  const existing = db.select({ id: portalAccounts.id }).from(portalAccounts).where(eq(portalAccounts.phoneE164, phoneE164));
  const [createAccount, linkClients, endPrevious, startSession, context] = signInStatements(db, input);
  const markUsed = db
    .update(invitations)
    .set({
      usedAt: new Date(now),
      usedByAccountId: sql`(select ${portalAccounts.id} from ${portalAccounts} where ${portalAccounts.phoneE164} = ${phoneE164})`,
    })
    .where(
      and(
        eq(invitations.id, input.invitationId),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date(now)),
        eq(invitations.phoneE164, phoneE164),
        sql`${qualified(invitations.phoneE164)} = (select c.phone_e164 from ${clients} c where c.id = ${qualified(invitations.clientId)})`,
      ),
    )
    .returning({ id: invitations.id });
  return [existing, createAccount, linkClients, endPrevious, startSession, markUsed, context] as const;
}

/**
 * Revoke one invitation if it is neither used nor revoked (RETURNING says whether this call
 * did it), then read it back to explain a refusal.
 */
export function revokeInvitationStatements(db: Db, invitationId: string, now: number) {
  const revoke = db
    .update(invitations)
    .set({ revokedAt: new Date(now) })
    .where(and(eq(invitations.id, invitationId), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  const after = db
    .select({ id: invitations.id, usedAt: invitations.usedAt, revokedAt: invitations.revokedAt })
    .from(invitations)
    .where(eq(invitations.id, invitationId));
  return [revoke, after] as const;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
