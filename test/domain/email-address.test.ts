/** Email normalisation and validation (SPEC §3.3): one normal form per address. */
import { describe, expect, it } from 'vitest';
import { EMAIL_MESSAGES, emailsOnFile, isNormalizedEmail, MAX_EMAIL_LENGTH, normalizeEmail } from '../../src/domain/email-address';

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Ann.Lee+dogs@Example.CO.uk ')).toEqual({ ok: true, email: 'ann.lee+dogs@example.co.uk' });
  });

  it.each([
    ['', EMAIL_MESSAGES.empty],
    ['   ', EMAIL_MESSAGES.empty],
    ['ann', EMAIL_MESSAGES.invalid],
    ['ann@', EMAIL_MESSAGES.invalid],
    ['@example.com', EMAIL_MESSAGES.invalid],
    ['ann@example', EMAIL_MESSAGES.invalid],
    ['ann@@example.com', EMAIL_MESSAGES.invalid],
    ['a@b@example.com', EMAIL_MESSAGES.invalid],
    ['ann lee@example.com', EMAIL_MESSAGES.invalid],
    ['.ann@example.com', EMAIL_MESSAGES.invalid],
    ['ann..lee@example.com', EMAIL_MESSAGES.invalid],
    ['ann@-example.com', EMAIL_MESSAGES.invalid],
    ['ann@example..com', EMAIL_MESSAGES.invalid],
    ['ann@example.com<script>', EMAIL_MESSAGES.invalid],
    [`${'a'.repeat(60)}@${'b'.repeat(200)}.com`, EMAIL_MESSAGES.tooLong],
  ])('refuses %j', (raw, message) => {
    expect(normalizeEmail(raw)).toEqual({ ok: false, message });
  });

  it('accepts the longest address allowed (254 characters)', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email).toHaveLength(MAX_EMAIL_LENGTH);
    expect(normalizeEmail(email)).toEqual({ ok: true, email });
  });
});

describe('isNormalizedEmail', () => {
  it('is true only for the normal form of a valid address', () => {
    expect(isNormalizedEmail('ann@example.com')).toBe(true);
    expect(isNormalizedEmail('Ann@example.com')).toBe(false);
    expect(isNormalizedEmail('ann@example.com ')).toBe(false);
    expect(isNormalizedEmail('ann')).toBe(false);
  });
});

describe('emailsOnFile', () => {
  it('offers each valid address once, in normal form and in order, leaving out blanks and malformed ones', () => {
    expect(emailsOnFile(['Robin@Alpha.example ', null, 'robin@alpha.example', '', 'not an email', 'rob@beta.example'])).toEqual([
      'robin@alpha.example',
      'rob@beta.example',
    ]);
    expect(emailsOnFile([null, null])).toEqual([]);
  });
});
