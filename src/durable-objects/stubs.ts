/**
 * The only place Durable Object names are built (DESIGN.md rule 4: one way to get a DO stub).
 * A name is permanent: it decides which object, and so which stored state, a call reaches. So
 * names are derived here from validated, normalised input, never ad hoc in a route.
 *
 * - OTP guard per phone number: the E.164 string itself (`+14155550123`).
 * - OTP guard per client IP: `ip:<bucket>`, where the bucket is the IPv4 address or the IPv6 /64
 *   (see `ipRateKey`). Call `countIpSend` on it before `requestCode` on the number's guard, and
 *   `countIpPasswordAttempt` before `beginPasswordAttempt` on the email's credential guard.
 * - Booking lock per business: `business:<businessId>` (tenant first, DESIGN.md rule 2).
 * - The health check's object: one OTP guard named `health` (neither E.164 nor `ip:`, so no
 *   number or client IP ever reaches it).
 * - Credential guard per email address: the normalised address itself (`ann@example.com`;
 *   domain/email-address.ts `normalizeEmail`), so every spelling of one address shares its limits.
 */
import type { Env } from '../env';
import { ipRateKey } from '../domain/otp-policy';
import { isNormalizedEmail } from '../domain/email-address';
import type { BookingLock } from './booking-lock';
import type { CredentialGuard } from './credential-guard';
import type { OtpGuard } from './otp-guard';

const E164 = /^\+[1-9][0-9]{4,14}$/;

/**
 * The OTP guard of one phone number.
 * @param e164 - a number already normalised to E.164 (domain/phone.ts `normalizePhone`)
 * @throws TypeError if `e164` is not E.164 (a programming error: it would create a stray object)
 */
export function otpGuardForPhone(env: Pick<Env, 'OTP_GUARD'>, e164: string): DurableObjectStub<OtpGuard> {
  if (!E164.test(e164)) throw new TypeError(`otpGuardForPhone: not an E.164 number: ${JSON.stringify(e164)}`);
  return env.OTP_GUARD.getByName(e164);
}

/**
 * The per-IP counters (code sends, password attempts) of one client IP bucket (an IPv4 address, or an IPv6 /64).
 * @param ip - the client address, e.g. from the `CF-Connecting-IP` header
 * @throws TypeError if `ip` is empty
 */
export function otpGuardForIp(env: Pick<Env, 'OTP_GUARD'>, ip: string): DurableObjectStub<OtpGuard> {
  if (!ip.trim()) throw new TypeError('otpGuardForIp: empty IP address');
  return env.OTP_GUARD.getByName(`ip:${ipRateKey(ip)}`);
}

/**
 * The booking lock of one business.
 * @throws TypeError if `businessId` is empty
 */
export function bookingLockForBusiness(env: Pick<Env, 'BOOKING_LOCK'>, businessId: string): DurableObjectStub<BookingLock> {
  if (!businessId) throw new TypeError('bookingLockForBusiness: empty business id');
  return env.BOOKING_LOCK.getByName(`business:${businessId}`);
}

/**
 * The credential guard (wrong-password limits, password-reset codes) of one email address.
 * @param email - an address already normalised (domain/email-address.ts `normalizeEmail`)
 * @throws TypeError if `email` is not normalised and valid (a programming error: another
 *   spelling would reach another object and dodge the limits)
 */
export function credentialGuardForEmail(env: Pick<Env, 'CREDENTIAL_GUARD'>, email: string): DurableObjectStub<CredentialGuard> {
  if (!isNormalizedEmail(email)) throw new TypeError('credentialGuardForEmail: not a normalised email address');
  return env.CREDENTIAL_GUARD.getByName(email);
}

/**
 * The credential guard of a console sign-in: `staff:<email>` for passwords, `staff-two-step:<account id>`
 * for second-factor codes. Never a parent's name (those are bare email addresses), so a parent's
 * lockout and a staff member's never touch each other.
 */
export function credentialGuardForStaff(env: Pick<Env, 'CREDENTIAL_GUARD'>, kind: 'password' | 'two-step', key: string): DurableObjectStub<CredentialGuard> {
  return env.CREDENTIAL_GUARD.getByName(kind === 'password' ? `staff:${key}` : `staff-two-step:${key}`);
}

/** The one OTP guard the health check calls (`ping`); its name cannot be a phone number's or an IP bucket's. */
export function otpGuardForHealth(env: Pick<Env, 'OTP_GUARD'>): DurableObjectStub<OtpGuard> {
  return env.OTP_GUARD.getByName('health');
}
