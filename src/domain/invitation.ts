/**
 * Invitation links (SPEC §3.2): the rules, with no I/O.
 *
 * - A link carries a token of {@link INVITATION_TOKEN_BYTES} random bytes (256 bits, SPEC asks
 *   for ≥ 128) from `randomToken`; the database keeps only its SHA-256, so a leaked table
 *   cannot be replayed. The token travels only in the message sent to the client.
 * - A link works for {@link INVITATION_TTL_MS} (30 days), once, until it is revoked, and only
 *   while the client's phone is still the one it was sent for: the code that completes
 *   registration goes to the phone on file, and a number changed since sending means the link
 *   reached someone the business no longer has on file.
 * - The messages are short and plain: the SMS must fit one segment for usual business names.
 *   They are in the client's language: the stored choice of an account with their phone, else
 *   the business's text language (messaging/text-language.ts; the targets' query reads it).
 *
 * Pure except for the CSPRNG and Web Crypto hashing (not I/O), like domain/ids.ts.
 */
import { INVITATION_CHANNELS } from '../db/schema';
import { normalizeEmail } from './email-address';
import { newId, randomToken, sha256Hex } from './ids';
import { DEFAULT_LANGUAGE, isLanguage, translator, type Language } from '../i18n';

/** Random bytes in an invitation token (256 bits). */
export const INVITATION_TOKEN_BYTES = 32;
/** How long a link works after it was made. */
export const INVITATION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Clients in one bulk request (the staff API refuses more). */
export const MAX_CLIENTS_PER_REQUEST = 500;
/** Longest client id looked up; anything longer cannot be one of ours. */
const MAX_CLIENT_ID_LENGTH = 64;

/** What a token looks like: 32 bytes as unpadded base64url. Anything else is malformed. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type InvitationChannel = (typeof INVITATION_CHANNELS)[number];

/** A fresh token and its hash (only the hash is stored). */
export async function newInvitationToken(): Promise<{ token: string; tokenHash: string }> {
  const token = randomToken(INVITATION_TOKEN_BYTES);
  return { token, tokenHash: await sha256Hex(token) };
}

/** Whether `token` has the shape we issue; a malformed one is never looked up. */
export function isWellFormedInvitationToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** The SHA-256 under which a token is stored. */
export function invitationTokenHash(token: string): Promise<string> {
  return sha256Hex(token);
}

/** What an invitation link is worth right now. */
export type InvitationState = 'valid' | 'expired' | 'revoked' | 'used' | 'phone_changed';

/** The invitation fields that decide its state. */
export interface InvitationStateFields {
  expiresAt: Date | number;
  revokedAt: Date | number | null;
  usedAt: Date | number | null;
  /** The client's phone when the invitation was made. */
  phoneE164: string;
}

/**
 * The state of an invitation at `now`. When several reasons apply, the one most useful to
 * the person holding the link wins: used (they registered: sign in), then revoked (a newer
 * link replaced it), then expired, then a changed phone.
 *
 * @param client - the client record it was made for, as it is now
 * @param now - epoch ms
 */
export function invitationState(row: InvitationStateFields, client: { phoneE164: string }, now: number): InvitationState {
  if (row.usedAt !== null) return 'used';
  if (row.revokedAt !== null) return 'revoked';
  if (toMs(row.expiresAt) <= now) return 'expired';
  if (row.phoneE164 !== client.phoneE164) return 'phone_changed';
  return 'valid';
}

/** When an invitation made at `createdAt` stops working. */
export function invitationExpiry(createdAt: number): number {
  return createdAt + INVITATION_TTL_MS;
}

/** The last 4 digits of a phone number, the only part an invitation page shows. */
export function phoneEnding(e164: string): string {
  return e164.replace(/\D/g, '').slice(-4);
}

/**
 * The link in the message: `<origin>/invite/<token>`.
 * @param hostOrOrigin - messaging/public-host.ts `publicOrigin` (`https://portal.example`, or
 *   `http://localhost:8787` in development), or a bare host, which is taken as https
 */
export function invitationLink(hostOrOrigin: string, token: string): string {
  const origin = hostOrOrigin.includes('://') ? hostOrOrigin.trim() : `https://${hostOrOrigin.trim()}`;
  return `${origin.toLowerCase().replace(/\/+$/, '')}/invite/${token}`;
}

/**
 * The invitation SMS: "Happy Tails invites you to Pawtal, their client portal: https://…".
 * One line, no name of the client (a text can be read on a lock screen).
 */
export function invitationSms(businessName: string, link: string, language: Language = DEFAULT_LANGUAGE): string {
  return translator(language)('messages.invitation.sms', { business: oneLine(businessName), link });
}

/** The invitation email: subject and plain text with the link. */
export function invitationEmail(input: { businessName: string; firstName: string; link: string; language?: Language }): {
  subject: string;
  text: string;
} {
  const tr = translator(input.language ?? DEFAULT_LANGUAGE);
  const business = oneLine(input.businessName);
  const days = Math.round(INVITATION_TTL_MS / (24 * 60 * 60 * 1000));
  return {
    subject: tr('messages.invitation.emailSubject', { business }),
    text: tr('messages.invitation.emailText', { business, firstName: oneLine(input.firstName), link: input.link, days }),
  };
}

/** A parsed staff request to invite clients, or what is wrong with it. */
export type InvitationRequest = { ok: true; clientIds: string[]; duplicates: string[]; channel: InvitationChannel } | { ok: false; message: string };

/**
 * Checks the staff API body `{ clientIds: string[] (1–500), channel: 'sms' | 'email' }`.
 * Repeated ids are kept once and listed in `duplicates` (they are refused, not created twice).
 */
export function parseInvitationRequest(body: unknown): InvitationRequest {
  if (body === null || typeof body !== 'object') return { ok: false, message: 'Send a JSON object { clientIds, channel }.' };
  const { clientIds, channel } = body as { clientIds?: unknown; channel?: unknown };
  if (!INVITATION_CHANNELS.includes(channel as InvitationChannel)) return { ok: false, message: 'channel must be "sms" or "email".' };
  if (!Array.isArray(clientIds) || clientIds.length === 0 || clientIds.length > MAX_CLIENTS_PER_REQUEST) {
    return { ok: false, message: `clientIds must be a list of 1 to ${MAX_CLIENTS_PER_REQUEST} client ids.` };
  }
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const id of clientIds) {
    if (typeof id !== 'string' || id === '' || id.length > MAX_CLIENT_ID_LENGTH) {
      return { ok: false, message: `Every client id must be a non-empty string of at most ${MAX_CLIENT_ID_LENGTH} characters.` };
    }
    if (seen.has(id)) duplicates.push(id);
    else seen.add(id);
  }
  return { ok: true, clientIds: [...seen], duplicates, channel: channel as InvitationChannel };
}

/** A client record an invitation may be made for (read from the inviting business). */
export interface InvitationTarget {
  id: string;
  firstName: string;
  phoneE164: string;
  email: string | null;
  /** The language of the client's message (the account's choice, else the business's); English when absent. */
  language?: Language | null;
}

/** Why a requested client gets no invitation. `not_found` also covers other businesses' clients. */
export type RefusalReason = 'not_found' | 'no_email' | 'duplicate';

/** One message as it goes into the outbox. */
export type InvitationMessage =
  | { channel: 'sms'; outboxId: string; to: string; body: string }
  | { channel: 'email'; outboxId: string; to: string; subject: string; text: string };

/** One invitation to create, with its message (which holds the only copy of the token). */
export interface PlannedInvitation {
  invitationId: string;
  clientId: string;
  tokenHash: string;
  phoneE164: string;
  message: InvitationMessage;
}

export interface InvitationPlan {
  invitations: PlannedInvitation[];
  refused: { clientId: string; reason: RefusalReason }[];
}

/**
 * Decides, for each requested id, the invitation and its message or the refusal: an id that is
 * not one of `targets` (the inviting business's clients) is `not_found`; an email invitation to
 * a client without a usable address is `no_email`; a repeated id is `duplicate`.
 * Each invitation gets a fresh token, which appears only in its message.
 *
 * @param input.host - the host of the link (messaging/public-host.ts `publicHost`)
 */
export async function planInvitations(input: {
  requestedIds: string[];
  duplicates: string[];
  targets: InvitationTarget[];
  channel: InvitationChannel;
  businessName: string;
  host: string;
}): Promise<InvitationPlan> {
  const byId = new Map(input.targets.map((t) => [t.id, t]));
  const plan: InvitationPlan = { invitations: [], refused: input.duplicates.map((clientId) => ({ clientId, reason: 'duplicate' })) };
  for (const clientId of input.requestedIds) {
    const client = byId.get(clientId);
    if (!client) {
      plan.refused.push({ clientId, reason: 'not_found' });
      continue;
    }
    const email = client.email === null ? null : normalizeEmail(client.email);
    if (input.channel === 'email' && !email?.ok) {
      plan.refused.push({ clientId, reason: 'no_email' });
      continue;
    }
    const invitationId = newId('inv');
    const { token, tokenHash } = await newInvitationToken();
    const link = invitationLink(input.host, token);
    const language = isLanguage(client.language) ? client.language : DEFAULT_LANGUAGE;
    const message: InvitationMessage =
      email?.ok && input.channel === 'email'
        ? {
            channel: 'email',
            outboxId: outboxIdFor(invitationId, 'email'),
            to: email.email,
            ...invitationEmail({ businessName: input.businessName, firstName: client.firstName, link, language }),
          }
        : { channel: 'sms', outboxId: outboxIdFor(invitationId, 'sms'), to: client.phoneE164, body: invitationSms(input.businessName, link, language) };
    plan.invitations.push({ invitationId, clientId, tokenHash, phoneE164: client.phoneE164, message });
  }
  return plan;
}

/**
 * The outbox row id of an invitation's message: the invitation id's random part under the
 * outbox's prefix (`inv_x` → `sms_x` / `eml_x`), so a message and its invitation can be
 * matched without a column for it.
 */
export function outboxIdFor(invitationId: string, channel: InvitationChannel): string {
  return `${channel === 'sms' ? 'sms' : 'eml'}_${invitationId.slice(invitationId.indexOf('_') + 1)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toMs(value: Date | number): number {
  return typeof value === 'number' ? value : value.getTime();
}
