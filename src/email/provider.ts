/**
 * How Pawtal sends email (SPEC §3.2–3.3): one small interface, implemented by Postmark's HTTP
 * API in production (./http.ts) and by a database outbox in development and tests
 * (./outbox.ts); ./index.ts picks one from the environment. Also the text of the emails that
 * carry a one-time code (password reset), written to be plain: no images, no links, no
 * tracking of any kind.
 */
import { RESET_CODE_TTL_MS } from '../domain/credential-policy';
import { isWellFormedCode } from '../domain/otp-policy';
import { ProviderSendError } from '../messaging/send-error';
import { t } from '../i18n';

/** One outgoing email to one person. */
export interface OutgoingEmail {
  /** One plain address (`jamie@example.com`), no display name, no list. */
  to: string;
  /** One line. */
  subject: string;
  /** The plain-text body; every email has one. */
  text: string;
  /** An HTML alternative of the same content, when there is one. */
  html?: string;
}

/** Something that can send an email. */
export interface EmailProvider {
  /** Short name recorded with each message: "postmark", "outbox". */
  readonly name: string;
  /**
   * Sends (or, for the outbox, stores) one email.
   * @returns the provider's id for the message, when it has one
   * @throws {EmailSendError} when the message was not accepted
   * @throws TypeError when the message itself is malformed ({@link assertSendable})
   */
  send(msg: OutgoingEmail): Promise<{ providerMessageId: string | null }>;
}

/** An email the provider did not accept, or could not be reached about (the shared shape: ProviderSendError). */
export class EmailSendError extends ProviderSendError {
  override readonly name = 'EmailSendError';
}

/** A single mailbox: something@domain, with nothing that could name a second recipient. */
const PLAIN_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+\.[^\s@,;:<>()[\]"\\]+$/;

/**
 * Refuses what no provider should be asked to send: a `to` that is not one plain address (a
 * comma would send to two people), a subject with a line break (header injection), or an
 * empty subject or text. Both providers call it, so the outbox fails where production would.
 * @throws TypeError naming the field (never its content, which may hold a code)
 */
export function assertSendable(msg: OutgoingEmail): void {
  if (msg.to.length > 254 || !PLAIN_ADDRESS.test(msg.to)) throw new TypeError('Email: "to" must be one plain address');
  if (!msg.subject.trim() || /[\r\n]/.test(msg.subject)) throw new TypeError('Email: "subject" must be one non-empty line');
  if (!msg.text.trim()) throw new TypeError('Email: "text" must not be empty');
}

/** What an emailed code is for; each has its own subject, wording and lifetime. */
export type EmailCodePurpose = 'password_reset';

/** Each purpose's words, in the current request's language (a function: called at send time, never at module load). */
function copyFor(purpose: EmailCodePurpose): { subject: string; lead: string; ignore: string; ttlMs: number } {
  switch (purpose) {
    case 'password_reset':
      return {
        subject: t('auth.mail.reset.subject'),
        lead: t('auth.mail.reset.lead'),
        ignore: t('auth.mail.reset.ignore'),
        ttlMs: RESET_CODE_TTL_MS,
      };
  }
}

/**
 * The email that carries a one-time code, e.g. for a password reset:
 *
 *   subject: Your Pawtal password reset code
 *   text:    Here is your code to reset your Pawtal password:
 *
 *                123456
 *
 *            It works once, within 24 hours. Don’t share it: Pawtal will never ask you for it.
 *
 *            If you didn’t ask to reset your password, ignore this email: …
 *
 * The code stays out of the subject (subjects show on lock screens and in notification
 * previews). The HTML part says the same in a few inline-styled tags: no images, no links, no
 * remote content, so there is nothing to track an open or a click with.
 *
 * @param code - the 6-digit code (the sign-in code rules, domain/credential-policy.ts)
 * @returns subject, text and html, ready for `send({ to, ...emailCodeMessage(…) })`
 * @throws TypeError when the code is not 6 ASCII digits
 */
export function emailCodeMessage(code: string, purpose: EmailCodePurpose): { subject: string; text: string; html: string } {
  if (!isWellFormedCode(code)) throw new TypeError('emailCodeMessage: the code must be 6 ASCII digits');
  const copy = copyFor(purpose);
  const hours = Math.round(copy.ttlMs / 3_600_000);
  const expiry = t('auth.mail.expiry', { hours });
  const text = `${copy.lead}\n\n    ${code}\n\n${expiry}\n\n${copy.ignore}\n\n— Pawtal\n`;
  const html =
    '<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1f2328">' +
    `<p>${escapeHtml(copy.lead)}</p>` +
    `<p style="font-size:28px;font-weight:700;letter-spacing:4px;font-family:ui-monospace,Menlo,Consolas,monospace">${escapeHtml(code)}</p>` +
    `<p>${escapeHtml(expiry)}</p>` +
    `<p style="color:#57606a">${escapeHtml(copy.ignore)}</p>` +
    '<p>— Pawtal</p></body></html>';
  return { subject: copy.subject, text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
