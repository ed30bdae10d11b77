/**
 * Invitation rules as pure functions: the token (entropy, shape, only its hash stored), the
 * state of a link, the messages, the staff request and the plan of a bulk invitation.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/ids';
import {
  INVITATION_TTL_MS,
  MAX_CLIENTS_PER_REQUEST,
  invitationEmail,
  invitationExpiry,
  invitationLink,
  invitationSms,
  invitationState,
  isWellFormedInvitationToken,
  newInvitationToken,
  outboxIdFor,
  parseInvitationRequest,
  phoneEnding,
  planInvitations,
  type InvitationStateFields,
} from '../../src/domain/invitation';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const PHONE = '+12065550100';

function row(overrides: Partial<InvitationStateFields> = {}): InvitationStateFields {
  return { expiresAt: NOW + 1000, revokedAt: null, usedAt: null, phoneE164: PHONE, ...overrides };
}

describe('newInvitationToken', () => {
  it('makes 256-bit base64url tokens, stored as their SHA-256, never twice the same', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { token, tokenHash } = await newInvitationToken();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 43 base64url chars = 258 bits of text for 256 random bits
      expect(isWellFormedInvitationToken(token)).toBe(true);
      expect(tokenHash).toBe(await sha256Hex(token));
      expect(tokenHash).not.toContain(token);
      seen.add(token);
    }
    expect(seen.size).toBe(50);
  });

  it('calls anything else malformed', () => {
    for (const bad of ['', 'abc', 'x'.repeat(42), 'x'.repeat(44), `${'x'.repeat(42)}=`, `${'x'.repeat(42)}/`, `${'x'.repeat(42)} `]) {
      expect(isWellFormedInvitationToken(bad)).toBe(false);
    }
  });
});

describe('invitationState', () => {
  it('is valid while unused, unrevoked, unexpired and sent to the phone on file', () => {
    expect(invitationState(row(), { phoneE164: PHONE }, NOW)).toBe('valid');
  });

  it('expires at 30 days, to the millisecond', () => {
    const expiresAt = invitationExpiry(NOW);
    expect(expiresAt - NOW).toBe(INVITATION_TTL_MS);
    expect(INVITATION_TTL_MS).toBe(30 * 24 * 3600 * 1000);
    expect(invitationState(row({ expiresAt }), { phoneE164: PHONE }, expiresAt - 1)).toBe('valid');
    expect(invitationState(row({ expiresAt }), { phoneE164: PHONE }, expiresAt)).toBe('expired');
    expect(invitationState(row({ expiresAt: new Date(expiresAt) }), { phoneE164: PHONE }, expiresAt + 1)).toBe('expired');
  });

  it('is revoked, used, or phone_changed when so', () => {
    expect(invitationState(row({ revokedAt: NOW - 1 }), { phoneE164: PHONE }, NOW)).toBe('revoked');
    expect(invitationState(row({ usedAt: new Date(NOW - 1) }), { phoneE164: PHONE }, NOW)).toBe('used');
    expect(invitationState(row(), { phoneE164: '+12065550199' }, NOW)).toBe('phone_changed');
  });

  it('names the most useful reason when several apply: used, revoked, expired, phone changed', () => {
    const everything = row({ usedAt: NOW - 3, revokedAt: NOW - 2, expiresAt: NOW - 1 });
    const otherPhone = { phoneE164: '+12065550199' };
    expect(invitationState(everything, otherPhone, NOW)).toBe('used');
    expect(invitationState({ ...everything, usedAt: null }, otherPhone, NOW)).toBe('revoked');
    expect(invitationState({ ...everything, usedAt: null, revokedAt: null }, otherPhone, NOW)).toBe('expired');
  });
});

describe('messages', () => {
  it('SMS: one short line with the business and the link', () => {
    const link = invitationLink('Pawtal.Test', 'T'.repeat(43));
    expect(link).toBe(`https://pawtal.test/invite/${'T'.repeat(43)}`);
    // In development the link opens the request's own origin (http, with its port).
    expect(invitationLink('http://localhost:8787', 'T'.repeat(43))).toBe(`http://localhost:8787/invite/${'T'.repeat(43)}`);
    const sms = invitationSms('Happy  Tails\n', link);
    expect(sms).toBe(`Happy Tails invites you to Pawtal, their client portal: ${link}`);
    expect(sms.length).toBeLessThanOrEqual(160); // one GSM-7 segment
  });

  it('email: the business in the subject, the client greeted, the link on its own line, the 30 days said', () => {
    const mail = invitationEmail({ businessName: 'Happy Tails', firstName: 'Sam', link: 'https://pawtal.test/invite/abc' });
    expect(mail.subject).toBe('Happy Tails invites you to Pawtal');
    expect(mail.text).toContain('Hi Sam,');
    expect(mail.text).toContain('\nhttps://pawtal.test/invite/abc\n');
    expect(mail.text).toContain('30 days');
  });

  it('email: the whole English text, as it always was', () => {
    const mail = invitationEmail({ businessName: 'Happy Tails', firstName: 'Sam', link: 'https://pawtal.test/invite/abc' });
    expect(mail.text).toBe(
      'Hi Sam,\n\n' +
        "Happy Tails invites you to Pawtal, their client portal: your pets' visits in one place.\n\n" +
        'Open your invitation:\nhttps://pawtal.test/invite/abc\n\n' +
        "The link is for you only and works for 30 days. To finish, we'll text a code to the mobile number Happy Tails has on file.\n\n" +
        '— Pawtal\n',
    );
  });

  it('SMS and email in Spanish, the SMS still one segment (no accent: GSM-7)', () => {
    const link = invitationLink('pawtal.test', 'T'.repeat(43));
    const sms = invitationSms('Happy Tails', link, 'es');
    expect(sms).toBe(`Happy Tails le invita a Pawtal, su portal de clientes: ${link}`);
    expect(sms.length).toBeLessThanOrEqual(160);
    const mail = invitationEmail({ businessName: 'Happy Tails', firstName: 'Sam', link: 'https://pawtal.test/invite/abc', language: 'es' });
    expect(mail.subject).toBe('Happy Tails le invita a Pawtal');
    expect(mail.text).toContain('Hola, Sam:');
    expect(mail.text).toContain('\nhttps://pawtal.test/invite/abc\n');
    expect(mail.text).toContain('30 días');
    expect(mail.text).toContain('que Happy Tails tiene registrado');
    expect(mail.text).not.toContain('invites you');
  });

  it('masks the phone to its last 4 digits', () => {
    expect(phoneEnding('+12065550100')).toBe('0100');
    expect(phoneEnding('+442079460001')).toBe('0001');
  });
});

describe('parseInvitationRequest', () => {
  it('accepts 1 to 500 ids and a channel, keeping repeats once and listing them', () => {
    expect(parseInvitationRequest({ clientIds: ['a', 'b', 'a'], channel: 'sms' })).toEqual({
      ok: true,
      clientIds: ['a', 'b'],
      duplicates: ['a'],
      channel: 'sms',
    });
    const many = Array.from({ length: MAX_CLIENTS_PER_REQUEST }, (_, i) => `cli_${i}`);
    expect(parseInvitationRequest({ clientIds: many, channel: 'email' }).ok).toBe(true);
  });

  it.each([
    ['no body', null],
    ['no channel', { clientIds: ['a'] }],
    ['an unknown channel', { clientIds: ['a'], channel: 'fax' }],
    ['no ids', { clientIds: [], channel: 'sms' }],
    ['501 ids', { clientIds: Array.from({ length: 501 }, (_, i) => `c${i}`), channel: 'sms' }],
    ['a number as id', { clientIds: [42], channel: 'sms' }],
    ['an overlong id', { clientIds: ['x'.repeat(65)], channel: 'sms' }],
  ])('refuses %s', (_name, body) => {
    expect(parseInvitationRequest(body).ok).toBe(false);
  });
});

describe('planInvitations', () => {
  const sam = { id: 'cli_sam', firstName: 'Sam', phoneE164: PHONE, email: 'Sam@Example.com' };
  const noMail = { id: 'cli_nomail', firstName: 'Kim', phoneE164: '+12065550101', email: null };

  it('plans one invitation per known client with a fresh token in its message only, and refuses the rest', async () => {
    const plan = await planInvitations({
      requestedIds: ['cli_sam', 'cli_foreign', 'cli_nomail'],
      duplicates: ['cli_sam'],
      targets: [sam, noMail],
      channel: 'sms',
      businessName: 'Happy Tails',
      host: 'pawtal.test',
    });
    expect(plan.invitations.map((i) => i.clientId)).toEqual(['cli_sam', 'cli_nomail']);
    expect(plan.refused).toEqual([
      { clientId: 'cli_sam', reason: 'duplicate' },
      { clientId: 'cli_foreign', reason: 'not_found' },
    ]);
    const [first, second] = plan.invitations;
    expect(first!.message).toMatchObject({ channel: 'sms', to: PHONE, outboxId: outboxIdFor(first!.invitationId, 'sms') });
    const token = /\/invite\/([A-Za-z0-9_-]{43})$/.exec(first!.message.channel === 'sms' ? first!.message.body : '')![1]!;
    expect(first!.tokenHash).toBe(await sha256Hex(token));
    expect(second!.tokenHash).not.toBe(first!.tokenHash);
  });

  it('refuses email invitations to clients without an address, and normalises the address', async () => {
    const plan = await planInvitations({
      requestedIds: ['cli_sam', 'cli_nomail'],
      duplicates: [],
      targets: [sam, noMail],
      channel: 'email',
      businessName: 'Happy Tails',
      host: 'pawtal.test',
    });
    expect(plan.refused).toEqual([{ clientId: 'cli_nomail', reason: 'no_email' }]);
    expect(plan.invitations[0]!.message).toMatchObject({ channel: 'email', to: 'sam@example.com', subject: 'Happy Tails invites you to Pawtal' });
  });

  it('writes each client’s message in their language (English when none is given)', async () => {
    const plan = await planInvitations({
      requestedIds: ['cli_sam', 'cli_nomail'],
      duplicates: [],
      targets: [
        { ...sam, language: 'es' },
        { ...noMail, language: null },
      ],
      channel: 'sms',
      businessName: 'Happy Tails',
      host: 'pawtal.test',
    });
    const bodies = plan.invitations.map((i) => (i.message.channel === 'sms' ? i.message.body : ''));
    expect(bodies[0]).toMatch(/^Happy Tails le invita a Pawtal, su portal de clientes: https:\/\/pawtal\.test\/invite\//);
    expect(bodies[1]).toMatch(/^Happy Tails invites you to Pawtal, their client portal: https:\/\/pawtal\.test\/invite\//);
  });

  it('derives the outbox id from the invitation id', () => {
    expect(outboxIdFor('inv_abc123', 'sms')).toBe('sms_abc123');
    expect(outboxIdFor('inv_abc123', 'email')).toBe('eml_abc123');
  });
});
