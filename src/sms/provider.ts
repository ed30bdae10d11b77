/**
 * How Pawtal sends text messages (SPEC §3.1): one small interface, implemented by Twilio in
 * production (./twilio.ts) and by a database outbox in development and tests (./outbox.ts);
 * ./index.ts picks one from the environment. Also the text of the sign-in SMS, whose last line
 * is the origin-bound one-time-code line (`@host #code`, WICG "sms-one-time-codes") that lets
 * phones offer the code for autofill (WebOTP, `autocomplete="one-time-code"`) on that site only.
 */
import { CODE_TTL_MS, isWellFormedCode } from '../domain/otp-policy';
import { ProviderSendError } from '../messaging/send-error';
import { t } from '../i18n';

/** One outgoing text message. */
export interface OutgoingSms {
  /** Recipient in E.164 (`+14155550123`). */
  to: string;
  body: string;
}

/** Something that can send a text message. */
export interface SmsProvider {
  /** Short name recorded with each message: "twilio", "outbox". */
  readonly name: string;
  /**
   * Sends (or, for the outbox, stores) one message.
   * @returns the provider's id for the message, when it has one
   * @throws {SmsSendError} when the message was not accepted
   */
  send(msg: OutgoingSms): Promise<{ providerMessageId: string | null }>;
}

/** A message the provider did not accept, or could not be reached about (the shared shape: ProviderSendError). */
export class SmsSendError extends ProviderSendError {
  override readonly name = 'SmsSendError';
}

/**
 * The sign-in SMS, e.g.
 * `Your Pawtal code is 123456. It expires in 10 minutes. Don't share it.\n\n@pawtal.test #123456`.
 * In the current request's language (Spanish: `Use 123456 para ingresar a Pawtal. …`). Plain ASCII in
 * both, so it fits one GSM-7 segment. The `@host #code` line is always the last line, never translated.
 *
 * @param code - the 6-digit code
 * @param host - the site's host name as the browser sees it (messaging/public-host.ts: PUBLIC_HOST, in development the request's
 *   host); a port is dropped (the format names a host only) and it is lower-cased
 * @throws TypeError when the code is not 6 digits or the host is not a plain host name
 */
export function smsBody(code: string, host: string): string {
  if (!isWellFormedCode(code)) throw new TypeError('smsBody: the code must be 6 ASCII digits');
  const bareHost = host.trim().toLowerCase().replace(/:\d+$/, '');
  if (!/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/.test(bareHost)) {
    throw new TypeError(`smsBody: not a host name: ${JSON.stringify(host)}`);
  }
  const minutes = Math.round(CODE_TTL_MS / 60_000);
  return `${t('auth.sms.body', { code, minutes })}\n\n@${bareHost} #${code}`;
}
