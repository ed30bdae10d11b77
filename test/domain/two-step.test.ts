/** The console's second factor: RFC 6238 codes, each good once, recovery codes, the sealed secret. */
import { describe, expect, it } from 'vitest';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { checkTotp, groupedSecret, newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, totpCode, totpStep, totpUri } from '../../src/domain/two-step';
import { open, seal } from '../../src/domain/secret-box';

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890", 8 digits; we use 6 (the last six).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches RFC 6238’s test vectors (last six digits)', () => {
    expect(totpCode(RFC_SECRET, totpStep(59_000))).toBe('287082');
    expect(totpCode(RFC_SECRET, totpStep(1_111_111_109_000))).toBe('081804');
    expect(totpCode(RFC_SECRET, totpStep(20_000_000_000_000))).toBe('353130');
  });

  it('agrees with the library’s own TOTP at the current time', () => {
    const secret = newTotpSecret();
    const now = Date.now();
    // Compare within one step (the library reads the clock itself).
    const theirs = generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
    expect([totpCode(secret, totpStep(now)), totpCode(secret, totpStep(now) + 1)]).toContain(theirs);
  });

  it('accepts the code of now and of one step either side, with spaces or a dash', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = totpStep(now);
    expect(checkTotp(secret, totpCode(secret, step), now, null)).toEqual({ ok: true, step });
    expect(checkTotp(secret, totpCode(secret, step - 1), now, null)).toEqual({ ok: true, step: step - 1 });
    const spaced = totpCode(secret, step + 1).replace(/^(\d{3})/, '$1 ');
    expect(checkTotp(secret, spaced, now, null)).toEqual({ ok: true, step: step + 1 });
    expect(checkTotp(secret, totpCode(secret, step + 2), now, null)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a code used already (at or before the last accepted step), and malformed input', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = totpStep(now);
    expect(checkTotp(secret, totpCode(secret, step), now, step)).toEqual({ ok: false, reason: 'reused' });
    expect(checkTotp(secret, totpCode(secret, step - 1), now, step)).toEqual({ ok: false, reason: 'reused' });
    expect(checkTotp(secret, '12345', now, null)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkTotp(secret, 'abcdef', now, null)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('gives apps a standard otpauth URI and people a secret in groups of four', () => {
    const uri = new URL(totpUri('JBSWY3DPEHPK3PXP', 'owner@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(groupedSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes that read back however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(normalizeRecoveryCode(` ${codes[0]!.toUpperCase()} `)).toBe(codes[0]!.replace('-', ''));
    expect(normalizeRecoveryCode('not a code')).toBeNull();
  });
});

describe('secret box', () => {
  it('opens what it sealed with the same pepper and purpose only', async () => {
    const sealed = await seal('pepper-1', 'totp', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(await open('pepper-1', 'totp', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(await open('pepper-2', 'totp', sealed)).toBeNull();
    expect(await open('pepper-1', 'other', sealed)).toBeNull();
    expect(await open('pepper-1', 'totp', `${sealed.slice(0, -2)}AA`)).toBeNull();
  });
});
