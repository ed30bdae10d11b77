/**
 * Owners' invitations of staff by email (issue: console part 1, item 1): a unique link whose
 * token (256 random bits) is stored only as SHA-256, good for 7 days, revocable, used once.
 * Pure rules: the token's shape, the state of an invitation, the email's words.
 */
import { randomToken, sha256Hex } from './ids';

export const STAFF_INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
export const MAX_STAFF_NAME = 80;

export type StaffInvitationState = 'valid' | 'expired' | 'revoked' | 'used';

export function newStaffInvitationToken(): string {
  return randomToken(32);
}

export function isWellFormedStaffInvitationToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function staffInvitationTokenHash(token: string): Promise<string> {
  return sha256Hex(`staff-invitation:${token}`);
}

export function staffInvitationState(row: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null }, now: number): StaffInvitationState {
  if (row.acceptedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= now) return 'expired';
  return 'valid';
}

export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

export function checkStaffName(raw: unknown): NameCheck {
  const name = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (!name) return { ok: false, message: 'Enter your name as your colleagues know it.' };
  if (name.length > MAX_STAFF_NAME) return { ok: false, message: `Keep your name to ${MAX_STAFF_NAME} characters or fewer.` };
  return { ok: true, name };
}

/** The invitation email: plain text, the link, who invites, until when. */
export function staffInvitationEmail(p: { businessName: string; inviterName: string; role: 'owner' | 'staff'; link: string; expires: string }) {
  const as = p.role === 'owner' ? 'an owner' : 'a staff member';
  return {
    subject: `${p.inviterName} invited you to ${p.businessName} on Pawtal`.replace(/[\r\n]+/g, ' '),
    text: [
      `${p.inviterName} invited you to join ${p.businessName} on Pawtal for business as ${as}.`,
      '',
      `Open this link to set your name and password: ${p.link}`,
      '',
      `The link works once and until ${p.expires}. If you did not expect it, ignore this email.`,
    ].join('\n'),
  };
}
