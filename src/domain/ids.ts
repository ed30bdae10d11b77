/**
 * Random identifiers and secret tokens.
 *
 * Why it exists: every row id, session token, invitation token and idempotency key is made
 * here, so there is one place that decides how much entropy they carry and how they are
 * spelled. Everything comes from `crypto.getRandomValues` (a CSPRNG in workerd and Node),
 * never from `Math.random`.
 *
 * - Row ids are `<prefix>_<26 base32 chars>`: 128 random bits, lower case, no padding. The
 *   prefix tells a human what the id points at (`apt_…`, `pet_…`); lower-case base32 keeps ids
 *   URL-safe, case-insensitive and selectable with one double-click.
 * - Tokens (sessions, invitations) are base64url without padding: shortest URL- and
 *   cookie-safe text for the bytes. Only their SHA-256 (`sha256Hex`) is stored, so a leaked
 *   table cannot be replayed.
 *
 * Pure: no I/O and no module state; works in workerd and in Node ≥ 20 (global `crypto`).
 */

/** RFC 4648 base32 alphabet, lower-cased. */
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Random bytes in a row id: 128 bits, enough that collisions never happen in practice. */
const ID_RANDOM_BYTES = 16;

/** Prefixes are short lower-case words, so ids stay readable and unambiguous. */
const ID_PREFIX_PATTERN = /^[a-z][a-z0-9]{0,15}$/;

/**
 * Makes a new random row id: `prefix` + `_` + 16 random bytes in lower-case base32
 * (26 characters), e.g. `apt_3k7q…`.
 *
 * @param prefix What the id names, e.g. `apt`, `pet`, `biz`: 1–16 lower-case letters/digits,
 *   starting with a letter.
 * @throws RangeError when the prefix is not of that form (a programming error).
 */
export function newId(prefix: string): string {
  if (!ID_PREFIX_PATTERN.test(prefix)) {
    throw new RangeError(`Id prefix must be 1-16 lower-case letters or digits, got "${prefix}"`);
  }
  return `${prefix}_${bytesToBase32(randomBytes(ID_RANDOM_BYTES))}`;
}

/**
 * Makes a random token: `bytes` random bytes as base64url without padding.
 * The default 32 bytes (256 bits) is well above the 128 bits SPEC §3.2 and §3.5 ask for;
 * anything used as a secret (sessions, invitations, reset codes) must keep at least 16.
 * Fewer bytes are allowed for non-secret labels (e.g. unique names in test factories).
 *
 * @param bytes How many random bytes (a positive integer).
 * @throws RangeError when `bytes` is not a positive integer.
 */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1) {
    throw new RangeError(`A token needs a positive whole number of random bytes, got ${bytes}`);
  }
  return bytesToBase64Url(randomBytes(bytes));
}

/**
 * SHA-256 of the UTF-8 bytes of `text`, as 64 lower-case hex characters. Used to store
 * tokens (never the token itself) and to fingerprint signed agreement texts.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** `count` bytes from the platform CSPRNG. */
function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** RFC 4648 base32 (lower-case alphabet), without padding. */
export function bytesToBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bitsInBuffer = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bitsInBuffer += 8;
    while (bitsInBuffer >= 5) {
      bitsInBuffer -= 5;
      out += BASE32_ALPHABET[(buffer >>> bitsInBuffer) & 31];
    }
    buffer &= (1 << bitsInBuffer) - 1; // keep only the bits not yet written
  }
  if (bitsInBuffer > 0) out += BASE32_ALPHABET[(buffer << (5 - bitsInBuffer)) & 31];
  return out;
}

/** RFC 4648 §5 base64url, without padding. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
