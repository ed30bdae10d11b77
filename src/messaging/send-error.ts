/**
 * The one shape of a message a provider did not accept, or could not be reached about, shared
 * by email (EmailSendError, Postmark) and SMS (SmsSendError, Twilio): the delivery drain asks
 * only `retryable`, whichever channel failed.
 */
export class ProviderSendError extends Error {
  override readonly name: string = 'ProviderSendError';
  /** Which provider failed. */
  readonly provider: string;
  /** HTTP status of the provider's answer; null for network errors and timeouts. */
  readonly status: number | null;
  /** The provider's own error code (Twilio 21211 invalid "To", Postmark 406 inactive recipient), when it gave one. */
  readonly code: number | string | null;
  /** True when trying again later may succeed (timeouts, network errors, 429, 5xx). */
  readonly retryable: boolean;

  constructor(message: string, details: { provider: string; status?: number | null; code?: number | string | null; retryable: boolean; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.provider = details.provider;
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.retryable = details.retryable;
  }
}
