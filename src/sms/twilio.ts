/**
 * Twilio's Programmable Messaging REST API over plain fetch (no SDK: it does not fit the
 * Workers bundle budget, and one POST is all we need).
 *
 * POST https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded
 * `To`, `Body` and either `From` (a number) or `MessagingServiceSid` (when the configured sender
 * starts with "MG"), HTTP Basic auth AccountSid:AuthToken. The answer's `sid` is the message id;
 * errors come back as JSON `{ code, message, more_info, status }`.
 *
 * Error messages never include the message body (it holds the sign-in code) or the token.
 */
import { postToProvider } from '../messaging/provider-http';
import { SmsSendError, type OutgoingSms, type SmsProvider } from './provider';

/** Where and as whom to send. */
export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** A sender number (E.164) or a Messaging Service SID (`MG…`). */
  from: string;
  /** Give up on Twilio after this long; default 10 s. */
  timeoutMs?: number;
  /** API origin; tests and proxies only. Default https://api.twilio.com. */
  apiBase?: string;
}

/** Default time we wait for Twilio before giving up. */
export const TWILIO_TIMEOUT_MS = 10_000;

/** Sends SMS through Twilio's Messages API. */
export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'twilio';
  readonly #config: Required<TwilioConfig>;

  /** @throws TypeError when a credential or the sender is missing */
  constructor(config: TwilioConfig) {
    for (const key of ['accountSid', 'authToken', 'from'] as const) {
      if (!config[key]) throw new TypeError(`TwilioSmsProvider: ${key} is required`);
    }
    this.#config = { timeoutMs: TWILIO_TIMEOUT_MS, apiBase: 'https://api.twilio.com', ...config };
  }

  /**
   * Creates one Message resource.
   * @returns Twilio's message SID (`SM…`), or null if a 2xx answer had none
   * @throws {SmsSendError} on a non-2xx answer (with Twilio's error code and message), a network
   *   error or a timeout
   */
  async send(msg: OutgoingSms): Promise<{ providerMessageId: string | null }> {
    const { accountSid, authToken, from, timeoutMs, apiBase } = this.#config;
    const url = `${apiBase}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const form = new URLSearchParams({ To: msg.to, Body: msg.body });
    form.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);

    const { res, text, json } = await postToProvider(
      url,
      {
        headers: {
          Authorization: `Basic ${btoa(`${accountSid}:${authToken}`)}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: form.toString(),
      },
      { who: 'Twilio', provider: this.name, timeoutMs, sendError: (message, details) => new SmsSendError(message, details) },
    );
    if (!res.ok) {
      const code = typeof json?.code === 'number' || typeof json?.code === 'string' ? json.code : null;
      const detail = typeof json?.message === 'string' ? json.message : text.slice(0, 200) || res.statusText;
      throw new SmsSendError(`Twilio refused the message (HTTP ${res.status}${code !== null ? `, error ${code}` : ''}): ${detail}`, {
        provider: this.name,
        status: res.status,
        code,
        retryable: res.status === 429 || res.status >= 500,
      });
    }
    // Accepted. A missing sid is not worth failing (and re-sending) a message Twilio took.
    return { providerMessageId: typeof json?.sid === 'string' ? json.sid : null };
  }
}
