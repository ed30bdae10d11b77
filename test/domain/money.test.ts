import { describe, expect, it } from 'vitest';
import { currencyMinorDigits, formatMoney } from '../../src/domain/money';

/** Intl uses no-break spaces in some locales; compare with plain spaces. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('currencyMinorDigits', () => {
  it.each([
    ['USD', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KWD', 3],
  ])('%s has %i minor digits', (currency, digits) => {
    expect(currencyMinorDigits(currency)).toBe(digits);
  });
});

describe('formatMoney', () => {
  it('formats US dollars from cents', () => {
    expect(formatMoney(1999, 'USD', 'en-US')).toBe('$19.99');
    expect(formatMoney(5000, 'USD', 'en-US')).toBe('$50.00');
    expect(formatMoney(1005, 'USD', 'en-US')).toBe('$10.05');
  });

  it('formats pounds from pence', () => {
    expect(formatMoney(1999, 'GBP', 'en-GB')).toBe('£19.99');
    expect(formatMoney(1000, 'GBP', 'en-GB')).toBe('£10.00');
  });

  it('formats yen with no minor unit: 1500 minor units are ¥1,500, not ¥15', () => {
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney(1500, 'JPY', 'ja-JP')).toBe('￥1,500');
  });

  it('formats three-digit currencies', () => {
    expect(formatMoney(1234, 'KWD', 'en-US')).toBe('KWD 1.234'.replace(' ', '\u00a0'));
  });

  it('follows the viewer’s locale', () => {
    expect(plain(formatMoney(123456, 'EUR', 'de-DE'))).toBe('1.234,56 €');
    expect(formatMoney(1999, 'GBP', 'en-US')).toBe('£19.99');
  });

  it('shows negative amounts, and a plus sign on request', () => {
    expect(formatMoney(-300, 'GBP', 'en-GB')).toBe('-£3.00');
    expect(formatMoney(500, 'USD', 'en-US', 'exceptZero')).toBe('+$5.00');
    expect(formatMoney(0, 'USD', 'en-US', 'exceptZero')).toBe('$0.00');
  });

  it('is exact for the largest safe amounts (no floating-point rounding)', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it('falls back to en-US for a malformed locale instead of failing the page', () => {
    expect(formatMoney(1999, 'USD', 'not a locale!')).toBe('$19.99');
  });

  it('refuses fractional minor units and malformed currency codes', () => {
    expect(() => formatMoney(19.99, 'USD', 'en-US')).toThrow(RangeError);
    expect(() => formatMoney(100, 'US', 'en-US')).toThrow(RangeError);
  });
});
