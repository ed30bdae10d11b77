/**
 * The Twilio provider against a mocked fetch: what goes on the wire (URL, method, auth, form
 * fields) and how each kind of answer is turned into a result or an SmsSendError.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SmsSendError } from '../../src/sms/provider';
import { TwilioSmsProvider } from '../../src/sms/twilio';

const SID = 'AC00000000000000000000000000000001';
const TOKEN = 'tok_secret';
const BODY = "Your Pawtal code is 123456. It expires in 10 minutes. Don't share it.\n\n@pawtal.test #123456";

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Mocks fetch with `impl` and returns the spy. */
function mockFetch(impl: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(impl);
}

/** The one request the provider made: URL, init, and its form fields. */
function sentRequest(spy: ReturnType<typeof mockFetch>) {
  expect(spy).toHaveBeenCalledTimes(1);
  const [input, init] = spy.mock.calls[0]!;
  return { url: String(input), init: init!, form: new URLSearchParams(String(init!.body)) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TwilioSmsProvider.send', () => {
  it('POSTs the form to the Messages resource with Basic auth and returns the message SID', async () => {
    const spy = mockFetch(async () => json(201, { sid: 'SM123', status: 'queued' }));
    const provider = new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006' });

    const result = await provider.send({ to: '+14155550123', body: BODY });

    expect(result).toEqual({ providerMessageId: 'SM123' });
    const { url, init, form } = sentRequest(spy);
    expect(url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(init.method).toBe('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('Authorization')).toBe(`Basic ${btoa(`${SID}:${TOKEN}`)}`);
    expect(headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(form)).toEqual({ To: '+14155550123', From: '+15005550006', Body: BODY });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(provider.name).toBe('twilio');
  });

  it('sends MessagingServiceSid instead of From when the sender is a Messaging Service (MG…)', async () => {
    const spy = mockFetch(async () => json(201, { sid: 'SM456' }));
    const provider = new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from: 'MG0123456789abcdef0123456789abcdef' });
    await provider.send({ to: '+14155550123', body: 'hi' });
    const { form } = sentRequest(spy);
    expect(form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
    expect(form.has('From')).toBe(false);
  });

  it("turns a 4xx with Twilio's JSON error into an SmsSendError with its code and message", async () => {
    mockFetch(async () =>
      json(400, {
        code: 21211,
        message: "The 'To' number +1415555 is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      }),
    );
    const provider = new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006' });
    const error = await provider.send({ to: '+1415555', body: BODY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsSendError);
    expect(error).toMatchObject({ provider: 'twilio', status: 400, code: 21211, retryable: false });
    expect((error as Error).message).toContain('21211');
    expect((error as Error).message).toContain('is not a valid phone number');
    // Never the code, the body or the token.
    expect((error as Error).message).not.toContain('123456');
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('marks 429 and 5xx as retryable, and copes with a non-JSON error body', async () => {
    mockFetch(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const provider = new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006' });
    const error = await provider.send({ to: '+14155550123', body: BODY }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SmsSendError', status: 502, code: null, retryable: true });
    expect((error as Error).message).toMatch(/HTTP 502/);

    vi.restoreAllMocks();
    mockFetch(async () => json(429, { code: 20429, message: 'Too Many Requests' }));
    await expect(provider.send({ to: '+14155550123', body: BODY })).rejects.toMatchObject({ code: 20429, retryable: true });
  });

  it('turns a network error into a retryable SmsSendError', async () => {
    mockFetch(async () => {
      throw new TypeError('Network connection lost.');
    });
    const provider = new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006' });
    const error = await provider.send({ to: '+14155550123', body: BODY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsSendError);
    expect(error).toMatchObject({ status: null, retryable: true });
    expect((error as Error).message).toMatch(/Could not reach Twilio: Network connection lost/);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('gives up after the timeout', async () => {
    // A Twilio that never answers, but honours the abort signal like real fetch.
    mockFetch(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        }),
    );
    const provider = new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006', timeoutMs: 20 });
    const started = Date.now();
    const error = await provider.send({ to: '+14155550123', body: BODY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as Error).message).toBe('Twilio did not answer within 20 ms');
    expect(error).toMatchObject({ retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('returns a null id for a 2xx without a sid rather than failing a sent message', async () => {
    mockFetch(async () => new Response('', { status: 201 }));
    const provider = new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006' });
    expect(await provider.send({ to: '+14155550123', body: 'hi' })).toEqual({ providerMessageId: null });
  });

  it('refuses to be built without credentials', () => {
    expect(() => new TwilioSmsProvider({ accountSid: '', authToken: TOKEN, from: '+15005550006' })).toThrow(/accountSid/);
    expect(() => new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from: '' })).toThrow(/from/);
  });
});
