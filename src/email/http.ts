/**
 * Postmark's HTTP API over plain fetch (no SDK: one POST is all we need, and the official
 * client is written for Node). Postmark is built for transactional mail: a separate
 * "outbound" message stream, and open and link tracking that can be switched off per message.
 *
 * POST https://api.postmarkapp.com/email
 *   headers: X-Postmark-Server-Token: <server token>, Content-Type and Accept: application/json
 *   body:    { "From", "To", "Subject", "TextBody", "HtmlBody"?, "MessageStream",
 *              "TrackOpens": false, "TrackLinks": "None" }
 * 200 →      { "To", "SubmittedAt", "MessageID", "ErrorCode": 0, "Message": "OK" }
 * errors →   HTTP 401 (bad token) or 422 with { "ErrorCode", "Message" }, e.g. 300 invalid email
 *            request, 406 inactive recipient (bounced or unsubscribed), 412 account pending;
 *            429 rate limited; 5xx on Postmark's side.
 *
 * Error messages never include the token or the message body (it may hold a code or a link).
 */
import { postToProvider } from '../messaging/provider-http';
import { assertSendable, EmailSendError, type EmailProvider, type OutgoingEmail } from './provider';

/** Where, as whom, and through which stream to send. */
export interface PostmarkConfig {
  /** The Postmark server's API token (secret). */
  serverToken: string;
  /** Sender: a confirmed sender signature or an address on a verified domain, e.g. `Pawtal <no-reply@pawtal.app>`. */
  from: string;
  /** Transactional message stream id; default "outbound". */
  messageStream?: string;
  /** Give up on Postmark after this long; default 10 s. */
  timeoutMs?: number;
  /** API origin; tests and proxies only. Default https://api.postmarkapp.com. */
  apiBase?: string;
}

/** Default time we wait for Postmark before giving up. */
export const POSTMARK_TIMEOUT_MS = 10_000;

/** Sends email through Postmark's single-message endpoint. */
export class PostmarkEmailProvider implements EmailProvider {
  readonly name = 'postmark';
  readonly #config: Required<PostmarkConfig>;

  /** @throws TypeError when the token or the sender is missing */
  constructor(config: PostmarkConfig) {
    for (const key of ['serverToken', 'from'] as const) {
      if (!config[key]) throw new TypeError(`PostmarkEmailProvider: ${key} is required`);
    }
    this.#config = {
      messageStream: 'outbound',
      timeoutMs: POSTMARK_TIMEOUT_MS,
      apiBase: 'https://api.postmarkapp.com',
      ...config,
    };
  }

  /**
   * Sends one email, with open and link tracking off.
   * @returns Postmark's MessageID, or null if a 2xx answer had none
   * @throws {EmailSendError} on a non-2xx answer or a non-zero ErrorCode (with Postmark's code
   *   and message), a network error or a timeout
   * @throws TypeError for a malformed message ({@link assertSendable})
   */
  async send(msg: OutgoingEmail): Promise<{ providerMessageId: string | null }> {
    assertSendable(msg);
    const { serverToken, from, messageStream, timeoutMs, apiBase } = this.#config;
    const body: Record<string, unknown> = {
      From: from,
      To: msg.to,
      Subject: msg.subject,
      TextBody: msg.text,
      MessageStream: messageStream,
      TrackOpens: false,
      TrackLinks: 'None',
    };
    if (msg.html !== undefined) body.HtmlBody = msg.html;

    const { res, text, json } = await postToProvider(
      `${apiBase}/email`,
      {
        headers: {
          'X-Postmark-Server-Token': serverToken,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify(body),
      },
      { who: 'Postmark', provider: this.name, timeoutMs, sendError: (message, details) => new EmailSendError(message, details) },
    );
    const code = typeof json?.ErrorCode === 'number' || typeof json?.ErrorCode === 'string' ? json.ErrorCode : null;
    if (!res.ok || (code !== null && Number(code) !== 0)) {
      const detail = typeof json?.Message === 'string' ? json.Message : text.slice(0, 200) || res.statusText;
      throw new EmailSendError(`Postmark refused the message (HTTP ${res.status}${code !== null ? `, error ${code}` : ''}): ${detail.slice(0, 300)}`, {
        provider: this.name,
        status: res.status,
        code,
        retryable: res.status === 429 || res.status >= 500,
      });
    }
    // Accepted. A missing id is not worth failing (and re-sending) a message Postmark took.
    return { providerMessageId: typeof json?.MessageID === 'string' ? json.MessageID : null };
  }
}
