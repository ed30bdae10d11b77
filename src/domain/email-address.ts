/**
 * Email addresses as accounts use them (SPEC §3.3): one normal form, so "Ann@Example.com " and
 * "ann@example.com" are the same account, the same UNIQUE key in portal_accounts and the same
 * credential guard. Normalising = trimming and lower-casing the whole address (the local part
 * is case-sensitive in theory, never in practice). Validation is deliberately modest — what a
 * form can check: one "@", a non-empty local part, a domain with a dot, no spaces, ≤ 254
 * characters. Whether mail arrives is only known by sending a code.
 *
 * Pure: no I/O.
 */
import { t } from '../i18n';

/** RFC 5321's limit on a forward path, the longest address worth accepting. */
export const MAX_EMAIL_LENGTH = 254;

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export type EmailCheck = { ok: true; email: string } | { ok: false; message: string };

/** Messages shown beside the email field (exported so tests can assert them), in the current request's language. */
export const EMAIL_MESSAGES: { readonly empty: string; readonly tooLong: string; readonly invalid: string } = {
  get empty() {
    return t('auth.emailAddress.empty');
  },
  get tooLong() {
    return t('auth.emailAddress.tooLong', { max: MAX_EMAIL_LENGTH });
  },
  get invalid() {
    return t('auth.emailAddress.invalid');
  },
};

/**
 * Trims and lower-cases `raw` and checks its shape.
 * @returns the normal form, or the message to show beside the field
 */
export function normalizeEmail(raw: string): EmailCheck {
  const email = raw.trim().toLowerCase();
  if (email === '') return { ok: false, message: EMAIL_MESSAGES.empty };
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, message: EMAIL_MESSAGES.tooLong };
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return { ok: false, message: EMAIL_MESSAGES.invalid };
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, message: EMAIL_MESSAGES.invalid };
  }
  if (!DOMAIN.test(domain)) return { ok: false, message: EMAIL_MESSAGES.invalid };
  return { ok: true, email };
}

/** True for a string already in normal form and valid (what the credential guard's name must be). */
export function isNormalizedEmail(s: string): boolean {
  const check = normalizeEmail(s);
  return check.ok && check.email === s;
}

/**
 * The addresses the parent's businesses have on file, as the "Set a password" page offers
 * them: each valid one once (in normal form), in the order of `onFile`; blanks and malformed
 * ones left out.
 */
export function emailsOnFile(onFile: readonly (string | null)[]): string[] {
  const seen: string[] = [];
  for (const raw of onFile) {
    if (!raw) continue;
    const checked = normalizeEmail(raw);
    if (checked.ok && !seen.includes(checked.email)) seen.push(checked.email);
  }
  return seen;
}
