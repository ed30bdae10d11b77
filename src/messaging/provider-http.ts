/**
 * The one POST to a provider's HTTP API (Postmark for email, Twilio for SMS) over plain fetch:
 * a time limit, and a network error or a timeout turned into the channel's retryable send
 * error. What counts as a refusal in the answer is each provider's own (email/http.ts,
 * sms/twilio.ts).
 */
import type { ProviderSendError } from './send-error';

/** The provider's answer: status, raw text, and the text as a JSON object when it is one. */
export interface ProviderAnswer {
  res: Response;
  text: string;
  json: Record<string, unknown> | null;
}

/**
 * POSTs `init` to `url`, giving up after `timeoutMs`.
 * @param who - the provider as people name it ("Postmark"), for the error message
 * @param sendError - builds the channel's error (EmailSendError, SmsSendError)
 * @throws the `sendError` built for a network error or a timeout, retryable, with the fetch
 *   error as its cause
 */
export async function postToProvider(
  url: string,
  init: { headers: Record<string, string>; body: string },
  opts: {
    who: string;
    provider: string;
    timeoutMs: number;
    sendError: (message: string, details: ConstructorParameters<typeof ProviderSendError>[1]) => ProviderSendError;
  },
): Promise<ProviderAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(opts.timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw opts.sendError(
      timedOut
        ? `${opts.who} did not answer within ${opts.timeoutMs} ms`
        : `Could not reach ${opts.who}: ${error instanceof Error ? error.message : String(error)}`,
      { provider: opts.provider, retryable: true, cause: error },
    );
  }
  const text = await res.text().catch(() => '');
  return { res, text, json: parseJsonObject(text) };
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
