/**
 * The console's second factor (issue: console part 1): TOTP after RFC 6238 (30-second steps,
 * 6 digits, HMAC-SHA1 as every authenticator app expects) through @oslojs/otp, with each code
 * good once (a code at or before the last accepted step is refused, so a code seen over a
 * shoulder cannot be replayed), and ten one-time recovery codes. Pure: the caller passes the
 * time and stores what comes back.
 */
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { bytesToBase32 } from './ids';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that are accepted (clock drift of the phone): ±30 s. */
export const TOTP_DRIFT_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;
/** The name authenticator apps show next to the code. */
export const TWO_STEP_ISSUER = 'Pawtal';

/** A new TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation), as base32 for the app. */
export function newTotpSecret(): string {
  return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** The otpauth:// URI an authenticator app reads (from a QR code, or typed as the secret). */
export function totpUri(secretBase32: string, accountEmail: string): string {
  return createTOTPKeyURI(TWO_STEP_ISSUER, accountEmail, decodeBase32IgnorePadding(secretBase32), TOTP_STEP_SECONDS, TOTP_DIGITS);
}

/** The secret in groups of four, easier to type: "JBSW Y3DP EHPK 3PXP". */
export function groupedSecret(secretBase32: string): string {
  return secretBase32.replace(/(.{4})/g, '$1 ').trim();
}

export function totpStep(now: number): number {
  return Math.floor(now / 1000 / TOTP_STEP_SECONDS);
}

/** The code for `step` (for the development page and tests). */
export function totpCode(secretBase32: string, step: number): string {
  return generateHOTP(decodeBase32IgnorePadding(secretBase32), BigInt(step), TOTP_DIGITS);
}

/** Digits only: people type "123 456" or paste "123-456". */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'wrong' | 'reused' };

/**
 * Checks a typed code against the secret at `now` (±1 step). A code of a step at or before
 * `lastStep` is refused as reused; on success, store the returned step as the new last step.
 */
export function checkTotp(secretBase32: string, typed: string, now: number, lastStep: number | null): TotpCheck {
  const code = normalizeCode(typed);
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'malformed' };
  const current = totpStep(now);
  let matched: number | null = null;
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (equalInConstantTime(totpCode(secretBase32, step), code)) matched = step;
  }
  if (matched === null) return { ok: false, reason: 'wrong' };
  if (lastStep !== null && matched <= lastStep) return { ok: false, reason: 'reused' };
  return { ok: true, step: matched };
}

function equalInConstantTime(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/** Ten recovery codes of 10 base32 characters (50 bits each), shown once as "abcde-fghij". */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = bytesToBase32(crypto.getRandomValues(new Uint8Array(7)))
      .slice(0, 10)
      .toLowerCase();
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** A typed recovery code as stored (lowercase, no dash or spaces), or null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const code = typed.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z2-7]{10}$/.test(code) ? code : null;
}

export const TWO_STEP_MESSAGES = {
  malformed: 'Enter the 6-digit code from your authenticator app.',
  wrong: 'That code is not right. Check the time on your phone and enter the newest code.',
  reused: 'That code was used already. Wait for the next one (a new code every 30 seconds).',
  recovery: 'That recovery code is not right, or it was used already.',
} as const;
