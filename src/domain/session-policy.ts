/**
 * Session lifetime rules (SPEC §3.5): 30 days absolute, 14 days idle. `last_seen_at` is only
 * rewritten when it is older than TOUCH_INTERVAL, so most page views stay read-only while idle
 * expiry is still accurate to within that interval.
 */
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000;
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;
/** Bytes of randomness in a session token (256 bits; SPEC asks for at least 128). */
export const SESSION_TOKEN_BYTES = 32;

/** Whether a session with these timestamps is still usable at `now`. */
export function isSessionLive(session: { expiresAt: number; lastSeenAt: number }, now: number): boolean {
  return session.expiresAt > now && session.lastSeenAt > now - SESSION_IDLE_MS;
}

/** Business console sessions: the same absolute life, but 12 hours idle (a shared front-desk computer). */
export const STAFF_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
