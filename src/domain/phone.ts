/**
 * Phone numbers: what a pet parent types → E.164 (the form client records are stored and
 * matched in), and E.164 → what a person reads.
 *
 * Why libphonenumber-js with the `min` metadata: it carries each country's calling code,
 * national prefix, possible lengths and general number pattern — all that normalising and a
 * sanity check need — and costs ≈ 29 KB gzip in the Worker bundle, against ≈ 50 KB for `max`
 * (measured with esbuild --minify, libphonenumber-js 1.13). What `max` adds is per-type
 * patterns (mobile vs fixed line vs toll-free), which Pawtal never needs: sign-in only asks
 * "is this number on file?", so a typo in an unallocated range just matches nobody (which is
 * also what a number not on file does, by design — SPEC §3.1). Refusing a real client's
 * number because bundled metadata is stale would lock them out, so the looser check is the
 * safer one as well as the smaller.
 *
 * The demo numbers sit in fictional ranges (+1 206 555 0100, +44 20 7946 0001 — NANP 555-01xx
 * and Ofcom's 020 7946 0xxx drama range). `isValid()` with `min` metadata accepts both (the
 * tests pin this), so validity is checked with `isValid()`, not only `isPossible()`.
 *
 * Pure: no I/O, no module state. Its messages are in the current request's language (English
 * outside a parent's request: the console).
 */
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/min';
import { t } from '../i18n';

/** Longest input accepted before parsing: generous for spaces and punctuation. */
export const MAX_PHONE_INPUT_LENGTH = 32;

/** Result of `normalizePhone`: the E.164 number, or a message to show next to the field. */
export type NormalizedPhone = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Only digits (any script; libphonenumber folds them to ASCII), white space and the
 * punctuation people put in phone numbers. Letters — including "ext." — are refused.
 */
const ALLOWED_PHONE_CHARACTERS = /^[\p{Nd}\s+().\-/]+$/u;

/**
 * Normalises a typed phone number to E.164.
 *
 * Numbers without a leading `+` (or the region's international prefix, like `00`) are read
 * as national numbers of `defaultRegion` — the business's country (SPEC §3.1).
 *
 * @param input What the person typed, e.g. `(206) 555-0100` or `+44 20 7946 0001`.
 * @param defaultRegion ISO 3166-1 alpha-2 country, e.g. `US`, `GB`. An unknown region means
 *   only numbers with a country code can be read.
 * @returns `{ ok: true, e164 }`, or `{ ok: false, message }` with a sentence for the person.
 */
export function normalizePhone(input: string, defaultRegion: string): NormalizedPhone {
  const region = toSupportedRegion(defaultRegion);
  const example = phoneExample(region);
  const trimmed = input.trim();

  if (trimmed === '') {
    return refuse(t('auth.phone.empty', { example }));
  }
  if (trimmed.length > MAX_PHONE_INPUT_LENGTH) {
    return refuse(t('auth.phone.tooLong', { max: MAX_PHONE_INPUT_LENGTH, example }));
  }
  if (!ALLOWED_PHONE_CHARACTERS.test(trimmed)) {
    return refuse(t('auth.phone.characters', { example }));
  }

  switch (validatePhoneNumberLength(trimmed, region)) {
    case undefined:
      break;
    case 'TOO_SHORT':
      return refuse(t('auth.phone.tooShort', { example }));
    case 'TOO_LONG':
      return refuse(t('auth.phone.tooManyDigits', { example }));
    case 'INVALID_COUNTRY':
      return refuse(trimmed.startsWith('+') ? t('auth.phone.unknownCountry') : t('auth.phone.startWithPlus', { example }));
    default: // NOT_A_NUMBER, INVALID_LENGTH
      return refuse(t('auth.phone.notAPhone', { example }));
  }

  const parsed = parsePhoneNumberFromString(trimmed, region);
  if (!parsed?.isValid()) {
    return refuse(t('auth.phone.notAPhone', { example }));
  }
  return { ok: true, e164: parsed.number };
}

/**
 * Formats an E.164 number for people to read.
 *
 * National format (`(206) 555-0100`, `020 7946 0001`) when the number belongs to
 * `viewerRegion` or when no region is given; international format (`+44 20 7946 0001`) for a
 * number of another country, so it can still be dialled. Text that is not E.164 comes back
 * unchanged rather than failing a page render.
 *
 * @param e164 e.g. `+12065550100`.
 * @param viewerRegion Optional ISO country of the reader (usually the business's country).
 */
export function formatPhoneForDisplay(e164: string, viewerRegion?: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  const region = viewerRegion?.toUpperCase();
  if (region && parsed.country !== region) return parsed.formatInternational();
  return parsed.formatNational();
}

/** The region as libphonenumber's type, or undefined when its metadata does not know it. */
function toSupportedRegion(region: string): CountryCode | undefined {
  const upper = region.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/** A familiar example for the hint text: fictional numbers, national form where we have one. */
function phoneExample(region: CountryCode | undefined): string {
  switch (region) {
    case 'US':
    case 'CA':
      return '(206) 555-0100';
    case 'GB':
      return '020 7946 0001';
    default:
      return '+1 206 555 0100';
  }
}

function refuse(message: string): NormalizedPhone {
  return { ok: false, message };
}

/** An E.164 number in international format (`+1 206 555 0142`), as the business's own phone is stored. */
export function formatPhoneInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
