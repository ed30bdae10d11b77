/**
 * The sign-in code rules of SPEC §3.1 (after NIST SP 800-63B and Twilio Verify), as constants,
 * pure state transitions and a few crypto helpers.
 *
 * Why pure: the OTP guard Durable Object must decide and write in one synchronous step, so the
 * whole decision ("may we send?", "is this guess right, and what happens to the counters?") is
 * a function from (stored state, now, hashes) to (new state, answer). The Durable Object only
 * reads, calls one of these, and writes; everything worth testing is tested here without
 * workerd, storage or clocks.
 *
 * The crypto helpers (code generation, HMAC, constant-time compare) use only Web Crypto, which
 * is not I/O. `hmacCode` is async (crypto.subtle); callers compute it BEFORE reading state.
 */
import { expandIpv6 } from './ip-address';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Digits in a sign-in code. */
export const CODE_LENGTH = 6;
/** How long a code can be used after it was issued. */
export const CODE_TTL_MS = 10 * MINUTE;
/** Wrong guesses one code survives; after that it is dead. */
export const MAX_TRIES_PER_CODE = 5;
/** Consecutive failed guesses (across codes and resends) that lock the number. */
export const LOCK_AFTER_CONSECUTIVE_FAILURES = 10;
/** First lockout. Each repeat lockout doubles it, up to {@link LOCKOUT_MAX_MS}. */
export const LOCKOUT_BASE_MS = HOUR;
/** Longest lockout: a victim's number is never locked for more than a day at a time. */
export const LOCKOUT_MAX_MS = DAY;
/**
 * A lockout that starts within this time after the previous one ended is a repeat (doubles);
 * after a quiet period this long the lockout ladder starts again at one hour.
 */
export const LOCKOUT_MEMORY_MS = DAY;
/**
 * Consecutive failures are forgotten this long after the last one. Without this the object
 * could never be emptied; with send caps of 10 codes a day it gives an attacker nothing.
 */
export const FAILURE_MEMORY_MS = DAY;
/** Minimum time between two sends to one number. */
export const SEND_SPACING_MS = 30 * SECOND;
/** Sends per number in any rolling hour. */
export const MAX_SENDS_PER_HOUR = 5;
/** Sends per number in any rolling 24 hours. */
export const MAX_SENDS_PER_DAY = 10;
/** Sends per client IP (IPv4 address or IPv6 /64) in any rolling hour. */
export const MAX_SENDS_PER_IP_PER_HOUR = 20;
/**
 * Password sign-in attempts one client IP bucket may start in an hour, across every email: the
 * per-email lockout cannot stop one address from trying a few passwords on many emails
 * (credential stuffing), each attempt costing ~75 ms of hashing (decision 0008).
 */
export const MAX_PASSWORD_ATTEMPTS_PER_IP_PER_HOUR = 30;
/**
 * Passkey challenges issued to one client IP per rolling hour (routes/passkeys.tsx and the
 * console's): each is a database row until it expires, and the sign-in ones need no session, so
 * the cap keeps one address from filling the table. Generous: a person retrying a prompt asks
 * for a few.
 */
export const MAX_PASSKEY_CHALLENGES_PER_IP_PER_HOUR = 60;

/** The rolling windows used by the send caps. */
export const HOUR_MS = HOUR;
/** The rolling windows used by the send caps. */
export const DAY_MS = DAY;

// ---------------------------------------------------------------------------------------------
// Results (the shapes the OTP guard's RPC methods return)
// ---------------------------------------------------------------------------------------------

/** Why a send was refused. */
export type SendRefusalReason = 'too_soon' | 'hourly_limit' | 'daily_limit' | 'locked';

/** A refused send: nothing was stored; try again after `retryAfterMs`. */
export interface SendRefused {
  status: 'refused';
  reason: SendRefusalReason;
  retryAfterMs: number;
}

/**
 * Answer of `OtpGuard.requestCode`. `code` is the code to send, or null when the number is not
 * deliverable (unknown number): the caller then sends nothing, but everything else (limits,
 * shape, storage) is identical, so nobody can tell the two apart.
 */
export type RequestCodeResult = { status: 'issued'; code: string | null; expiresAt: number } | SendRefused;

/** Answer of `OtpGuard.verifyCode`. */
export type VerifyResult =
  | { status: 'ok' }
  | { status: 'wrong'; triesLeft: number }
  | { status: 'dead' }
  | { status: 'expired' }
  | { status: 'no_code' }
  | { status: 'locked'; retryAfterMs: number };

// ---------------------------------------------------------------------------------------------
// State of one phone number
// ---------------------------------------------------------------------------------------------

/** The current code of a number, stored only as a keyed hash. */
export interface StoredCode {
  /** HMAC of the code (hex), or an unguessable random value for undeliverable numbers. */
  hash: string;
  expiresAt: number;
  /** Wrong guesses made against this code. */
  tries: number;
}

/** Everything the OTP guard remembers about one phone number. Plain data (structured-clonable). */
export interface OtpState {
  code: StoredCode | null;
  /** Consecutive failed guesses since the last success or lockout. */
  failures: number;
  lastFailureAt: number | null;
  /** End of the current (or most recent remembered) lockout. */
  lockedUntil: number | null;
  /** Lockouts in the current ladder (0 = next lockout is the first: 1 h). */
  lockouts: number;
  /** Send times within the last day, ascending. */
  sends: number[];
}

/** A number nothing is known about. */
export function emptyOtpState(): OtpState {
  return { code: null, failures: 0, lastFailureAt: null, lockedUntil: null, lockouts: 0, sends: [] };
}

/** True when the state holds nothing worth keeping (the object's storage can be cleared). */
export function isEmptyOtpState(s: OtpState): boolean {
  return s.code === null && s.failures === 0 && s.lastFailureAt === null && s.lockedUntil === null && s.lockouts === 0 && s.sends.length === 0;
}

/**
 * Forgets what has aged out at `now`: sends older than a day, failures older than
 * {@link FAILURE_MEMORY_MS}, a lockout ladder idle for {@link LOCKOUT_MEMORY_MS}. Keeps an
 * expired code (so a late guess hears "expired"); {@link expireOtpState} drops that too.
 * Every transition starts with this, so answers never depend on whether the alarm has run.
 */
export function forgetOtpState(s: OtpState, now: number): OtpState {
  const stale = (at: number | null, memory: number) => at !== null && now - at >= memory;
  const forgetFailures = stale(s.lastFailureAt, FAILURE_MEMORY_MS);
  const forgetLockout = stale(s.lockedUntil, LOCKOUT_MEMORY_MS);
  return {
    code: s.code,
    failures: forgetFailures ? 0 : s.failures,
    lastFailureAt: forgetFailures ? null : s.lastFailureAt,
    lockedUntil: forgetLockout ? null : s.lockedUntil,
    lockouts: forgetLockout ? 0 : s.lockouts,
    sends: pruneSends(s.sends, now, DAY),
  };
}

/** {@link forgetOtpState} plus dropping an expired code: what the cleanup alarm applies. */
export function expireOtpState(s: OtpState, now: number): OtpState {
  const next = forgetOtpState(s, now);
  if (next.code && next.code.expiresAt <= now) next.code = null;
  return next;
}

/**
 * When the state next changes by itself (a code expires, sends/failures/lockout age out), or
 * null if it never will (empty). The cleanup alarm is set for this time.
 */
export function nextOtpExpiry(s: OtpState): number | null {
  const times: number[] = [];
  if (s.code) times.push(s.code.expiresAt);
  const lastSend = s.sends.at(-1);
  if (lastSend !== undefined) times.push(lastSend + DAY);
  if (s.lastFailureAt !== null) times.push(s.lastFailureAt + FAILURE_MEMORY_MS);
  if (s.lockedUntil !== null) times.push(s.lockedUntil + LOCKOUT_MEMORY_MS);
  return times.length ? Math.min(...times) : null;
}

/** Length of the lockout that follows `previousLockouts` remembered lockouts: 1 h, 2 h, 4 h … 24 h. */
export function lockoutDurationMs(previousLockouts: number): number {
  const n = Math.max(0, Math.floor(previousLockouts));
  // 2^5 h already exceeds the cap; avoid huge exponents.
  return Math.min(LOCKOUT_BASE_MS * 2 ** Math.min(n, 16), LOCKOUT_MAX_MS);
}

/** Milliseconds until the number is unlocked, or 0 when it is not locked at `now`. */
export function lockRetryAfterMs(s: OtpState, now: number): number {
  return s.lockedUntil !== null && s.lockedUntil > now ? s.lockedUntil - now : 0;
}

// ---------------------------------------------------------------------------------------------
// Send limits
// ---------------------------------------------------------------------------------------------

/** Timestamps still inside a rolling window ending at `now` (a send at t counts until t + window). */
export function pruneSends(sends: readonly number[], now: number, windowMs: number): number[] {
  return sends.filter((t) => t > now - windowMs);
}

/**
 * How long until one more event fits in a rolling window that allows `max` events per
 * `windowMs`; 0 when it fits now. `sends` must be ascending.
 */
export function windowRetryAfterMs(sends: readonly number[], now: number, windowMs: number, max: number): number {
  const inWindow = pruneSends(sends, now, windowMs);
  if (inWindow.length < max) return 0;
  // Once the (n - max)-th oldest send leaves the window, n - max - 1 + 1 = max - 1 remain.
  const mustLeave = inWindow[inWindow.length - max] as number;
  return Math.max(1, mustLeave + windowMs - now);
}

/**
 * Whether one more code may be sent to a number that already had `sends` (ascending), ignoring
 * lockout. Returns null when allowed, else the refusal with the LONGEST wait among the limits
 * that apply (so retrying after `retryAfterMs` is guaranteed to pass these limits).
 */
export function checkPhoneSend(sends: readonly number[], now: number): { reason: 'too_soon' | 'hourly_limit' | 'daily_limit'; retryAfterMs: number } | null {
  const last = sends.at(-1);
  const candidates = [
    { reason: 'daily_limit' as const, retryAfterMs: windowRetryAfterMs(sends, now, DAY, MAX_SENDS_PER_DAY) },
    { reason: 'hourly_limit' as const, retryAfterMs: windowRetryAfterMs(sends, now, HOUR, MAX_SENDS_PER_HOUR) },
    {
      reason: 'too_soon' as const,
      retryAfterMs: last !== undefined && now - last < SEND_SPACING_MS ? last + SEND_SPACING_MS - now : 0,
    },
  ];
  let worst: (typeof candidates)[number] | null = null;
  for (const c of candidates) if (c.retryAfterMs > 0 && (!worst || c.retryAfterMs > worst.retryAfterMs)) worst = c;
  return worst;
}

/**
 * Whether one more send may be started from a client IP that already started `sends`
 * (ascending) — the per-IP hourly cap.
 */
export function checkIpSend(sends: readonly number[], now: number): { allowed: boolean; retryAfterMs: number } {
  const retryAfterMs = windowRetryAfterMs(sends, now, HOUR, MAX_SENDS_PER_IP_PER_HOUR);
  return { allowed: retryAfterMs === 0, retryAfterMs };
}

/**
 * Whether one more password sign-in may be started from a client IP that already started
 * `attempts` (ascending) — the per-IP hourly cap, whatever the emails and whether they were right.
 */
export function checkIpPasswordAttempt(attempts: readonly number[], now: number): { allowed: boolean; retryAfterMs: number } {
  const retryAfterMs = windowRetryAfterMs(attempts, now, HOUR, MAX_PASSWORD_ATTEMPTS_PER_IP_PER_HOUR);
  return { allowed: retryAfterMs === 0, retryAfterMs };
}

/** Whether one more passkey challenge may be issued to a client IP that was issued `issued` (ascending). */
export function checkIpPasskeyChallenge(issued: readonly number[], now: number): { allowed: boolean; retryAfterMs: number } {
  const retryAfterMs = windowRetryAfterMs(issued, now, HOUR, MAX_PASSKEY_CHALLENGES_PER_IP_PER_HOUR);
  return { allowed: retryAfterMs === 0, retryAfterMs };
}

// ---------------------------------------------------------------------------------------------
// Transitions of one phone number
// ---------------------------------------------------------------------------------------------

/**
 * A send request at `now`. `storedHash` is what to store for the new code (its HMAC, or an
 * unguessable value for undeliverable numbers); the caller adds the plaintext code to the
 * answer. On success the new code replaces any old one; the failure count is kept.
 * `ttlMs` is the new code's life: {@link CODE_TTL_MS} for sign-in codes; the credential guard
 * passes the 24 hours of a password-reset code (SPEC §3.3) and keeps every other rule.
 */
export function applyRequestCode(
  state: OtpState,
  now: number,
  storedHash: string,
  ttlMs: number = CODE_TTL_MS,
): { state: OtpState; result: { status: 'issued'; expiresAt: number } | SendRefused } {
  const s = forgetOtpState(state, now);
  const locked = lockRetryAfterMs(s, now);
  if (locked > 0) return { state: s, result: { status: 'refused', reason: 'locked', retryAfterMs: locked } };
  const refusal = checkPhoneSend(s.sends, now);
  if (refusal) return { state: s, result: { status: 'refused', ...refusal } };
  const expiresAt = now + ttlMs;
  return {
    state: { ...s, code: { hash: storedHash, expiresAt, tries: 0 }, sends: [...s.sends, now] },
    result: { status: 'issued', expiresAt },
  };
}

/**
 * A guess at `now`. `candidateHash` is the HMAC of the submitted code, or null when the input
 * was malformed (counts as wrong). Order of checks: locked, no code, expired, dead, compare.
 * Only a compared guess counts as a failure: guesses while locked, without a code, against an
 * expired or dead code cannot succeed, so they are answered without touching the counters.
 * The 10th consecutive failure locks the number (1 h, doubling on repeat) and drops the code.
 * Success consumes the code and resets failures and the lockout ladder.
 */
export function applyVerify(state: OtpState, now: number, candidateHash: string | null): { state: OtpState; result: VerifyResult } {
  const s = forgetOtpState(state, now);
  const locked = lockRetryAfterMs(s, now);
  if (locked > 0) return { state: s, result: { status: 'locked', retryAfterMs: locked } };
  const code = s.code;
  if (!code) return { state: s, result: { status: 'no_code' } };
  if (code.expiresAt <= now) return { state: s, result: { status: 'expired' } };
  if (code.tries >= MAX_TRIES_PER_CODE) return { state: s, result: { status: 'dead' } };

  if (candidateHash !== null && constantTimeEqual(candidateHash, code.hash)) {
    return {
      state: { ...s, code: null, failures: 0, lastFailureAt: null, lockedUntil: null, lockouts: 0 },
      result: { status: 'ok' },
    };
  }

  const failures = s.failures + 1;
  if (failures >= LOCK_AFTER_CONSECUTIVE_FAILURES) {
    const duration = lockoutDurationMs(s.lockouts);
    return {
      state: {
        ...s,
        code: null,
        failures: 0,
        lastFailureAt: null,
        lockedUntil: now + duration,
        lockouts: s.lockouts + 1,
      },
      result: { status: 'locked', retryAfterMs: duration },
    };
  }
  const tries = code.tries + 1;
  return {
    state: { ...s, code: { ...code, tries }, failures, lastFailureAt: now },
    result: { status: 'wrong', triesLeft: MAX_TRIES_PER_CODE - tries },
  };
}

// ---------------------------------------------------------------------------------------------
// Input, codes and hashes
// ---------------------------------------------------------------------------------------------

const CODE_RE = new RegExp(`^[0-9]{${CODE_LENGTH}}$`);

/** True for exactly {@link CODE_LENGTH} ASCII digits (no spaces, signs or other scripts' digits). */
export function isWellFormedCode(s: unknown): s is string {
  return typeof s === 'string' && CODE_RE.test(s);
}

/**
 * A uniformly random {@link CODE_LENGTH}-digit code from a CSPRNG. Rejection sampling: 32-bit
 * values at or above the largest multiple of 10^6 are drawn again, so there is no modulo bias.
 * @param fill - source of random 32-bit words (tests inject one; defaults to crypto.getRandomValues)
 */
export function generateCode(fill: (buf: Uint32Array) => Uint32Array = (buf) => crypto.getRandomValues(buf)): string {
  const modulus = 10 ** CODE_LENGTH;
  const limit = Math.floor(2 ** 32 / modulus) * modulus;
  const buf = new Uint32Array(1);
  for (let i = 0; i < 1_000; i++) {
    const v = fill(buf)[0] as number;
    if (v < limit) return String(v % modulus).padStart(CODE_LENGTH, '0');
  }
  // Probability of 1,000 rejections in a row is ~(0.0002)^1000: only a broken source gets here.
  throw new Error('generateCode: random source keeps returning out-of-range values');
}

const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const b of view) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * HMAC-SHA-256(pepper, phone + "\n" + code) as 64 lowercase hex characters: the only form in
 * which a code is stored. Binding the phone means a hash is useless for any other number.
 * @throws if the pepper is empty (a missing secret must not silently weaken the hash)
 */
export async function hmacCode(pepper: string, phone: string, code: string): Promise<string> {
  if (!pepper) throw new Error('OTP_PEPPER is not set: refusing to hash sign-in codes without it');
  const key = await crypto.subtle.importKey('raw', encoder.encode(pepper), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${phone}\n${code}`));
  return toHex(mac);
}

/**
 * 64 hex characters from 32 random bytes, stored instead of a hash for numbers we must not
 * send to: same shape as an HMAC, and no code will ever hash to it.
 */
export function unguessableHash(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Compares two strings in time that depends only on their lengths (which are public: both are
 * 64-hex-char hashes), never on where they first differ.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// ---------------------------------------------------------------------------------------------
// Client IP bucketing
// ---------------------------------------------------------------------------------------------

/**
 * The rate-limit key of a client IP: an IPv4 address as is; an IPv6 address by its /64
 * prefix (one subscriber usually owns a whole /64, so per-address limits would be free to
 * dodge); IPv4-mapped IPv6 as the IPv4 address. Unparseable input is returned trimmed and
 * lowercased so it still gets a (separate) bucket.
 */
export function ipRateKey(ip: string): string {
  const raw = ip.trim().toLowerCase();
  const mapped = /^(?:::|(?:0{1,4}:){5})ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(raw);
  if (mapped?.[1]) return mapped[1];
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(raw)) return raw;
  const groups = expandIpv6(raw.replace(/%.*$/, ''));
  if (!groups) return raw;
  return `${groups.slice(0, 4).join(':')}::/64`;
}
