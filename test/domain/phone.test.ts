import { describe, expect, it } from 'vitest';
import { formatPhoneForDisplay, normalizePhone } from '../../src/domain/phone';

describe('normalizePhone', () => {
  describe('with numbers people type', () => {
    it.each([
      ['(206) 555-0100', 'US', '+12065550100'],
      ['206.555.0100', 'US', '+12065550100'],
      ['  206 555 0100  ', 'US', '+12065550100'],
      ['+1 206 555 0100', 'US', '+12065550100'],
      ['+1 206 555 0100', 'GB', '+12065550100'],
      ['020 7946 0001', 'GB', '+442079460001'],
      ['+44 20 7946 0001', 'GB', '+442079460001'],
      ['+44 20 7946 0001', 'US', '+442079460001'],
      ['0044 20 7946 0001', 'GB', '+442079460001'],
      ['+44 (0)20 7946 0001', 'US', '+442079460001'],
      ['020 7946 0001', 'gb', '+442079460001'],
    ])('reads %j with region %s as %s', (input, region, e164) => {
      expect(normalizePhone(input, region)).toEqual({ ok: true, e164 });
    });
  });

  describe('with the demo numbers in fictional ranges', () => {
    // 555-01xx (NANP) and 020 7946 0xxx (Ofcom drama range) must pass the validity check,
    // or nobody could sign in to the demo.
    it('accepts +1 206 555 0100 and +44 20 7946 0001 as valid', () => {
      expect(normalizePhone('+12065550100', 'US')).toEqual({ ok: true, e164: '+12065550100' });
      expect(normalizePhone('+442079460001', 'GB')).toEqual({ ok: true, e164: '+442079460001' });
    });
  });

  describe('with bad input', () => {
    it('asks for the number on file when empty', () => {
      expect(normalizePhone('   ', 'US')).toEqual({
        ok: false,
        message: 'Enter the phone number your pet-care business has on file, e.g. (206) 555-0100',
      });
    });

    it('gives a national example of the business’s country', () => {
      const result = normalizePhone('', 'GB');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain('020 7946 0001');
    });

    it.each([
      ['letters', '206-555-CALL', 'US', /only have digits/],
      ['an extension', '206 555 0100 ext 12', 'US', /only have digits/],
      ['too few digits', '555 01', 'US', /too short/],
      ['too many digits', '206 555 0100 1234 5', 'US', /too many digits/],
      ['more than 32 characters', `+1 ${'2'.repeat(30)}`, 'US', /too long/],
      ['an unknown country code', '+999 1234 5678', 'US', /country code/],
      ['a national number when the region is unknown', '206 555 0100', 'ZZ', /Start with \+/],
    ])('refuses %s with a message', (_case, input, region, message) => {
      const result = normalizePhone(input, region);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    });

    it('refuses a number of the right length that no country uses (area code 055)', () => {
      const result = normalizePhone('(055) 555-0100', 'US');
      expect(result).toEqual({ ok: false, message: expect.stringMatching(/doesn’t look like a phone number/) });
    });
  });
});

describe('formatPhoneForDisplay', () => {
  it('writes numbers in their national format', () => {
    expect(formatPhoneForDisplay('+12065550100')).toBe('(206) 555-0100');
    expect(formatPhoneForDisplay('+442079460001')).toBe('020 7946 0001');
  });

  it('keeps national format for the reader’s own country and international for others', () => {
    expect(formatPhoneForDisplay('+12065550100', 'US')).toBe('(206) 555-0100');
    expect(formatPhoneForDisplay('+442079460001', 'US')).toBe('+44 20 7946 0001');
  });

  it('gives back text that is not E.164 unchanged instead of failing the page', () => {
    expect(formatPhoneForDisplay('call the front desk')).toBe('call the front desk');
  });
});
