/**
 * Money for people to read (SPEC §12: "money in minor units with currency, formatted for the
 * viewer's locale").
 *
 * Why it exists: amounts are stored as integers in the currency's minor unit (cents, pence)
 * next to an ISO 4217 code, and how many minor digits a currency has is not always 2 — JPY
 * has 0, KWD has 3. Dividing by 100 everywhere would show ¥1,500 as ¥15. The digit count
 * comes from Intl (`resolvedOptions().maximumFractionDigits` of a currency formatter, i.e.
 * CLDR's data), so it stays right for every currency without a table of our own.
 *
 * Pure: no I/O, no module state.
 */
import { resolveLocale } from './locale';

/** How a formatted amount shows its sign: `auto` = only minus; `exceptZero` = +5.00 / −5.00. */
export type MoneySignDisplay = 'auto' | 'exceptZero';

/**
 * The number of minor-unit digits of `currency`: 2 for USD and GBP, 0 for JPY, 3 for KWD.
 * @throws RangeError for a malformed currency code.
 */
export function currencyMinorDigits(currency: string): number {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats an amount held in minor units: `formatMoney(1999, 'USD', 'en-US')` → "$19.99",
 * `formatMoney(1500, 'JPY', 'ja-JP')` → "￥1,500", `formatMoney(-300, 'GBP', 'en-GB')` → "-£3.00".
 *
 * @param minor Integer amount in the currency's minor unit (may be negative, e.g. store credit spent).
 * @param currency ISO 4217 code, e.g. `USD`.
 * @param locale The viewer's BCP 47 locale; a malformed one falls back to en-US.
 * @param signDisplay `exceptZero` to show a plus sign on credits (store credit history).
 * @throws RangeError when `minor` is not a safe integer or the currency code is malformed.
 */
export function formatMoney(minor: number, currency: string, locale: string, signDisplay: MoneySignDisplay = 'auto'): string {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`Money must be a whole number of minor units, got ${minor}`);
  }
  const digits = currencyMinorDigits(currency);
  return new Intl.NumberFormat(resolveLocale(locale), {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay,
  }).format(minorToDecimalString(minor, digits));
}

/**
 * `minor` as an exact decimal string with `digits` fraction digits (1999, 2 → "19.99"), so
 * formatting never meets binary floating-point rounding. Intl accepts decimal strings.
 */
function minorToDecimalString(minor: number, digits: number): `${number}` {
  const sign = minor < 0 ? '-' : '';
  const magnitude = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${magnitude}` as `${number}`;
  const whole = magnitude.slice(0, -digits);
  const fraction = magnitude.slice(-digits);
  return `${sign}${whole}.${fraction}` as `${number}`;
}
