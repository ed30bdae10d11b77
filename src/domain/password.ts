/**
 * Passwords (SPEC §3.3): the slow salted hash we store, and the rules a new password must pass.
 * Why this algorithm and this cost: docs/decisions/0008-password-hashing.md.
 *
 * The hash is PBKDF2-HMAC-SHA-256 from Web Crypto (native code in workerd and Node; no WASM,
 * no dependency), stored as a self-describing string
 *
 *   pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>      (base64 without padding)
 *
 * so the cost can be raised later: `needsRehash` says when a stored hash is weaker than today's
 * setting, and the sign-in route re-hashes the password it has just verified.
 *
 * Cloudflare's production runtime refuses a single PBKDF2 call above 100,000 iterations
 * ("iteration counts above 100000 are not supported"); local workerd and Node do not, so only a
 * deploy would find out. Counts above the cap are therefore run as a chain of calls, each at most
 * {@link MAX_ITERATIONS_PER_CALL}: round 1 is PBKDF2(password, salt, min(n, 100000)); each next
 * round is PBKDF2(password, salt ‖ previous output, the next ≤100,000 iterations); the hash is
 * the last output. Every round is keyed by the password and salted by the previous output, so the
 * work is sequential and an attacker pays the full n HMAC iterations per guess. For n ≤ 100,000
 * this is exactly standard PBKDF2 (RFC 8018), checkable with any library.
 *
 * The password is NFKC-normalised before hashing and before counting its length (NIST SP
 * 800-63B §3.1.1.2), so the same password typed on another keyboard or OS still matches.
 *
 * Pure: no I/O and no module state.
 */
import type { CommonPasswordList } from './common-passwords';
import { t } from '../i18n';

/** The scheme id at the head of every stored hash. */
export const PASSWORD_SCHEME = 'pbkdf2-sha256';
/**
 * Today's cost for new hashes: OWASP's figure for PBKDF2-HMAC-SHA-256. Measured at 71–77 ms
 * per hash inside workerd (decision 0008), well within the Workers Paid CPU limit (30 s).
 */
export const PASSWORD_ITERATIONS = 600_000;
/** Cloudflare's per-call PBKDF2 cap in production; longer counts are chained (see header). */
export const MAX_ITERATIONS_PER_CALL = 100_000;
/** Stored hashes above this are refused as corrupt rather than run (a CPU-time bomb). */
export const MAX_STORED_ITERATIONS = 5_000_000;

/** New passwords: at least this many characters (SPEC §3.3, NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 8;
/** What the form suggests (SPEC §3.3: "15 recommended"); not enforced. */
export const RECOMMENDED_PASSWORD_LENGTH = 15;
/** New passwords: at most this many characters (NIST asks to allow at least 64). */
export const MAX_PASSWORD_LENGTH = 128;
/**
 * `verifyPassword` answers false for input longer than this (UTF-16 units), after the same work
 * as for an unknown account done on its first 4,096 units: far above anything `checkNewPassword`
 * lets anyone set, and a megabyte "password" must cost no more than any other.
 */
const MAX_VERIFY_INPUT = 4_096;

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** The site's name: a password built from it is the first thing an attacker tries here. */
const SITE_WORD = 'pawtal';

const encoder = new TextEncoder();

/** A stored hash that cannot be read: unknown scheme, bad numbers or bad base64. */
export class PasswordHashFormatError extends Error {
  override readonly name = 'PasswordHashFormatError';
}

/**
 * Hashes a new password with a fresh 16-byte salt at today's cost.
 * @param options.iterations - for tests and measurements only; routes use the default
 * @returns the string to store, e.g. `pbkdf2-sha256$600000$<22 chars>$<43 chars>`
 */
export async function hashPassword(password: string, options: { iterations?: number } = {}): Promise<string> {
  const iterations = options.iterations ?? PASSWORD_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_STORED_ITERATIONS) {
    throw new RangeError(`hashPassword: iterations must be a whole number from 1 to ${MAX_STORED_ITERATIONS}`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `${PASSWORD_SCHEME}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/**
 * Whether `password` is the one `stored` was made from. The comparison takes the same time
 * wherever the hashes differ.
 *
 * Pass `stored = null` for an email with no account (or no password): the same work is done
 * at today's cost against a throw-away salt and the answer is false, so the response time does
 * not tell whether the account exists (as for phone sign-in, decision 0004).
 *
 * @throws {PasswordHashFormatError} when `stored` is not a hash this module wrote (a corrupt
 *   row must be loud, not look like a wrong password)
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = stored === null ? null : parseStoredHash(stored);
  if (parsed === null || password.length > MAX_VERIFY_INPUT) {
    // No account, or input no stored password can match: the same work, then no.
    await derive(password.slice(0, MAX_VERIFY_INPUT), new Uint8Array(SALT_BYTES), PASSWORD_ITERATIONS);
    return false;
  }
  const candidate = await derive(password, parsed.salt, parsed.iterations);
  return constantTimeEqualBytes(candidate, parsed.hash);
}

/**
 * Whether a stored hash should be replaced by a new one of the same password (call it after a
 * successful `verifyPassword`): another scheme, fewer iterations than today's, or a short salt.
 * An unreadable string also needs replacing (true), but `verifyPassword` will already have
 * thrown for it.
 */
export function needsRehash(stored: string): boolean {
  try {
    const parsed = parseStoredHash(stored);
    return parsed.iterations < PASSWORD_ITERATIONS || parsed.salt.length < SALT_BYTES;
  } catch {
    return true;
  }
}

/** Why a new password was refused; `message` is the sentence to show beside the field. */
export type PasswordRefusal = 'too_short' | 'too_long' | 'repeated_character' | 'common' | 'site_name' | 'email' | 'name';

export type PasswordCheck = { ok: true } | { ok: false; reason: PasswordRefusal; message: string };

/**
 * The message for each refusal (exported so route tests can assert the exact text), in the
 * current request's language: each is read when it is used (a getter), never at module load.
 */
export const PASSWORD_MESSAGES: Readonly<Record<PasswordRefusal, string>> = {
  get too_short() {
    return t('auth.password.tooShort', { min: MIN_PASSWORD_LENGTH, recommended: RECOMMENDED_PASSWORD_LENGTH });
  },
  get too_long() {
    return t('auth.password.tooLong', { max: MAX_PASSWORD_LENGTH });
  },
  get repeated_character() {
    return t('auth.password.repeated');
  },
  get common() {
    return t('auth.password.common');
  },
  get site_name() {
    return t('auth.password.siteName');
  },
  get email() {
    return t('auth.password.isEmail');
  },
  get name() {
    return t('auth.password.isName');
  },
};

/**
 * The rules for a new password (SPEC §3.3, after NIST SP 800-63B): 8 to 128 characters
 * (counted after NFKC normalisation, by code point, so an emoji counts once), not one character
 * repeated, not in the shipped common-password list (also not one of those with up to 6 digits
 * or symbols added at the end, e.g. "sunshine2024!"), not the site's name with digits or symbols, not the
 * account's email (or the part before "@") and not the account's name. No composition rules
 * (no "must contain a digit"): NIST advises against them. Spaces are allowed and kept.
 *
 * @param commonPasswords - the common-password list (loadCommonPasswords, from the static assets)
 * @param context.email - the account's email, when it has one (or the one being set)
 * @param context.name - the person's name (e.g. the client's first and last name)
 * @returns `{ ok: true }`, or the first rule broken with its message
 */
export function checkNewPassword(
  password: string,
  commonPasswords: CommonPasswordList,
  context: { email?: string | null; name?: string | null } = {},
): PasswordCheck {
  const normalized = password.normalize('NFKC');
  const codePoints = [...normalized];
  if (codePoints.length < MIN_PASSWORD_LENGTH) return refuse('too_short');
  if (codePoints.length > MAX_PASSWORD_LENGTH) return refuse('too_long');
  if (codePoints.every((c) => c === codePoints[0])) return refuse('repeated_character');

  const lower = normalized.toLowerCase();
  if (commonPasswords.has(lower) || commonPasswords.has(lower.replace(/[\p{N}\p{P}\p{S}]{1,6}$/u, ''))) {
    return refuse('common');
  }
  if (lower.replace(/[^\p{L}]/gu, '') === SITE_WORD) return refuse('site_name');

  const compact = squash(lower);
  const email = context.email?.normalize('NFKC').trim().toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    if (compact === squash(email) || (local !== '' && compact === squash(local))) return refuse('email');
  }
  const name = context.name?.normalize('NFKC').trim().toLowerCase();
  if (name) {
    const candidates = [name, ...name.split(/[\s,.'’-]+/u)].map(squash).filter((n) => n.length > 0);
    if (candidates.includes(compact)) return refuse('name');
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------

function refuse(reason: PasswordRefusal): PasswordCheck {
  return { ok: false, reason, message: PASSWORD_MESSAGES[reason] };
}

/** Lower-cased text without whitespace, for "is it just your name/email" comparisons. */
function squash(text: string): string {
  return text.replace(/\s+/gu, '');
}

interface ParsedHash {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

function parseStoredHash(stored: string): ParsedHash {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== PASSWORD_SCHEME) {
    throw new PasswordHashFormatError(`Not a ${PASSWORD_SCHEME} password hash`);
  }
  const [, iterText = '', saltText = '', hashText = ''] = parts;
  if (!/^[1-9][0-9]{0,7}$/.test(iterText) || Number(iterText) > MAX_STORED_ITERATIONS) {
    throw new PasswordHashFormatError('Password hash: iteration count missing or out of range');
  }
  const salt = fromBase64(saltText);
  const hash = fromBase64(hashText);
  if (salt === null || salt.length < 8 || salt.length > 64) {
    throw new PasswordHashFormatError('Password hash: bad salt');
  }
  if (hash === null || hash.length !== HASH_BYTES) {
    throw new PasswordHashFormatError('Password hash: bad hash');
  }
  return { iterations: Number(iterText), salt, hash };
}

/**
 * PBKDF2-HMAC-SHA-256 of the NFKC-normalised password, `iterations` in all, in calls of at most
 * {@link MAX_ITERATIONS_PER_CALL} chained through the salt (see the module header).
 */
async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  let out: Uint8Array | null = null;
  for (let done = 0; done < iterations; ) {
    const round = Math.min(MAX_ITERATIONS_PER_CALL, iterations - done);
    const roundSalt: Uint8Array = out === null ? salt : concat(salt, out);
    out = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: roundSalt, iterations: round }, key, HASH_BYTES * 8));
    done += round;
  }
  return out!;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/** Equal-length byte arrays compared in time independent of where they differ. */
function constantTimeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '');
}

/** Standard base64 without padding (as `toBase64` writes it); null for anything else. */
function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.padEnd(Math.ceil(text.length / 4) * 4, '='));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
