/**
 * The email + password rules of SPEC §3.3 that need shared, exact counters: wrong-password
 * limits per email, and the life of a password-reset code. Pure, like otp-policy.ts, so the
 * credential guard Durable Object (durable-objects/credential-guard.ts) can read, decide and
 * write in one synchronous step.
 *
 * Wrong passwords: every attempt is counted as a failure BEFORE the password is checked (the
 * check runs in the Worker, outside the object) and the count is cleared only by a success.
 * So N concurrent guesses can never get more than the allowed number past the guard: each one
 * takes its place in the count atomically, and the one that reaches a multiple of
 * {@link PASSWORD_FAILURES_PER_LOCK} starts the lockout at once. 5 in a row → 15 minutes; each
 * further 5 → double the previous lockout (30 min, 1 h, … capped at a day). Nothing but a
 * success (a right password, or a completed reset by email code) resets the count: not time,
 * not a reset request.
 *
 * Reset codes: exactly the sign-in code rules of otp-policy.ts (6 digits, HMAC with the pepper,
 * single use, 5 tries per code, 10 consecutive failures lock, 30 s / 5 an hour / 10 a day) with
 * a 24-hour life instead of 10 minutes (the TTL is a parameter there, not a copy here).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Wrong passwords in a row that lock password sign-in for an email. */
export const PASSWORD_FAILURES_PER_LOCK = 5;
/** The first lockout; each repeat doubles it, up to {@link PASSWORD_LOCK_MAX_MS}. */
export const PASSWORD_LOCK_BASE_MS = 15 * MINUTE;
/** The longest lockout: the real owner can always sign in by phone or reset by email meanwhile. */
export const PASSWORD_LOCK_MAX_MS = DAY;
/** How long a password-reset code sent by email can be used (SPEC §3.3). */
export const RESET_CODE_TTL_MS = DAY;

/** What the credential guard remembers about wrong passwords for one email. Plain data. */
export interface PasswordAttemptState {
  /** Attempts (counted as failures until one succeeds) since the last success. */
  failures: number;
  /** End of the current or last lockout; null when never locked since the last success. */
  lockedUntil: number | null;
}

/** Answer of `CredentialGuard.beginPasswordAttempt`. */
export type PasswordAttemptResult =
  /**
   * Check the password now. `attemptsLeft`: how many more wrong passwords are allowed after
   * this one before a lockout (0 = this attempt locks if wrong, for `lockMsIfWrong`).
   */
  | { status: 'allowed'; attemptsLeft: number; lockMsIfWrong: number }
  /** Do not check it (but spend the same time, see the route): locked for `retryAfterMs`. */
  | { status: 'locked'; retryAfterMs: number };

export function emptyPasswordAttemptState(): PasswordAttemptState {
  return { failures: 0, lockedUntil: null };
}

export function isEmptyPasswordAttemptState(s: PasswordAttemptState): boolean {
  return s.failures === 0 && s.lockedUntil === null;
}

/** Length of the `n`-th lockout (1-based): 15 min, 30 min, 1 h, … at most a day. */
export function passwordLockDurationMs(n: number): number {
  const k = Math.max(1, Math.floor(n));
  return Math.min(PASSWORD_LOCK_BASE_MS * 2 ** Math.min(k - 1, 20), PASSWORD_LOCK_MAX_MS);
}

/**
 * A password attempt starting at `now`. Refused while locked (not counted: it cannot succeed).
 * Otherwise counted as a failure right away; when the count reaches a multiple of
 * {@link PASSWORD_FAILURES_PER_LOCK} the next lockout starts now, so concurrent attempts are
 * refused while this one is checked. A right password then calls {@link applyPasswordSuccess}.
 */
export function applyPasswordAttempt(state: PasswordAttemptState, now: number): { state: PasswordAttemptState; result: PasswordAttemptResult } {
  if (state.lockedUntil !== null && state.lockedUntil > now) {
    return { state, result: { status: 'locked', retryAfterMs: state.lockedUntil - now } };
  }
  const failures = state.failures + 1;
  const intoRound = failures % PASSWORD_FAILURES_PER_LOCK;
  if (intoRound === 0) {
    const lockMs = passwordLockDurationMs(failures / PASSWORD_FAILURES_PER_LOCK);
    return {
      state: { failures, lockedUntil: now + lockMs },
      result: { status: 'allowed', attemptsLeft: 0, lockMsIfWrong: lockMs },
    };
  }
  const nextLockMs = passwordLockDurationMs(Math.floor(failures / PASSWORD_FAILURES_PER_LOCK) + 1);
  return {
    state: { ...state, failures },
    result: { status: 'allowed', attemptsLeft: PASSWORD_FAILURES_PER_LOCK - intoRound, lockMsIfWrong: nextLockMs },
  };
}

/** A right password (or a completed reset): the count, the lockout and its ladder are cleared. */
export function applyPasswordSuccess(): PasswordAttemptState {
  return emptyPasswordAttemptState();
}

/**
 * Changing the email or password needs the session to have proved who it is this recently
 * (SPEC §3.5, issue #5): by signing in, or by a code confirmed on the account page.
 */
export const RECENT_AUTH_MS = 10 * MINUTE;

/**
 * Whether a session proved who it is within {@link RECENT_AUTH_MS} of `now`.
 * @param session.authenticatedAt - `sessions.authenticated_at` (null: never since sign-in)
 * @param session.createdAt - `sessions.created_at`, the sign-in itself
 */
export function isRecentlyAuthenticated(session: { authenticatedAt: number | null; createdAt: number }, now: number): boolean {
  const at = session.authenticatedAt ?? session.createdAt;
  return at > now - RECENT_AUTH_MS;
}
