/**
 * The Postmark provider against a mocked fetch: what goes on the wire (URL, method, token
 * header, JSON body) and how each kind of answer is turned into a result or an EmailSendError.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostmarkEmailProvider } from '../../src/email/http';
import { EmailSendError, emailCodeMessage } from '../../src/email/provider';

const TOKEN = 'pm-server-token-secret';
const FROM = 'Pawtal <no-reply@pawtal.test>';
const MESSAGE = { to: 'jamie@example.com', ...emailCodeMessage('246813', 'password_reset') };

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Mocks fetch with `impl` and returns the spy. */
function mockFetch(impl: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(impl);
}

/** The one request the provider made: URL, init, headers and its JSON body. */
function sentRequest(spy: ReturnType<typeof mockFetch>) {
  expect(spy).toHaveBeenCalledTimes(1);
  const [input, init] = spy.mock.calls[0]!;
  return { url: String(input), init: init!, headers: new Headers(init!.headers), body: JSON.parse(String(init!.body)) as unknown };
}

const provider = (extra: Partial<ConstructorParameters<typeof PostmarkEmailProvider>[0]> = {}) =>
  new PostmarkEmailProvider({ serverToken: TOKEN, from: FROM, ...extra });

/** The message of the error `send` rejects with. */
async function failure(p: PostmarkEmailProvider): Promise<EmailSendError> {
  const error = await p.send(MESSAGE).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EmailSendError);
  return error as EmailSendError;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('PostmarkEmailProvider.send', () => {
  it('POSTs the JSON message to /email with the server token, tracking off, and returns the MessageID', async () => {
    const spy = mockFetch(async () =>
      json(200, {
        To: 'jamie@example.com',
        SubmittedAt: '2026-11-23T14:00:00Z',
        MessageID: 'b7bc2f4a-e38e-4336-af7d-e6c392c2f817',
        ErrorCode: 0,
        Message: 'OK',
      }),
    );
    const result = await provider().send(MESSAGE);

    expect(result).toEqual({ providerMessageId: 'b7bc2f4a-e38e-4336-af7d-e6c392c2f817' });
    const { url, init, headers, body } = sentRequest(spy);
    expect(url).toBe('https://api.postmarkapp.com/email');
    expect(init.method).toBe('POST');
    expect(headers.get('X-Postmark-Server-Token')).toBe(TOKEN);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('Accept')).toBe('application/json');
    expect(body).toEqual({
      From: FROM,
      To: 'jamie@example.com',
      Subject: MESSAGE.subject,
      TextBody: MESSAGE.text,
      HtmlBody: MESSAGE.html,
      MessageStream: 'outbound',
      TrackOpens: false,
      TrackLinks: 'None',
    });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(provider().name).toBe('postmark');
  });

  it('leaves HtmlBody out when there is no HTML, and uses a configured stream', async () => {
    const spy = mockFetch(async () => json(200, { MessageID: 'id-1', ErrorCode: 0, Message: 'OK' }));
    await provider({ messageStream: 'password-resets' }).send({ to: 'jamie@example.com', subject: 'Hi', text: 'Plain' });
    const { body } = sentRequest(spy);
    expect(body).not.toHaveProperty('HtmlBody');
    expect(body).toMatchObject({ MessageStream: 'password-resets', TextBody: 'Plain' });
  });

  it("turns a 422 with Postmark's error into an EmailSendError with its code and message", async () => {
    mockFetch(async () => json(422, { ErrorCode: 406, Message: 'You tried to send to recipient(s) that have been marked as inactive.' }));
    const error = await failure(provider());
    expect(error).toMatchObject({ provider: 'postmark', status: 422, code: 406, retryable: false });
    expect(error.message).toBe('Postmark refused the message (HTTP 422, error 406): You tried to send to recipient(s) that have been marked as inactive.');
    // Never the token, the code or the body.
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('246813');
  });

  it('reports a bad token (401, error 10) without repeating it', async () => {
    mockFetch(async () => json(401, { ErrorCode: 10, Message: 'Bad or missing API token' }));
    const error = await failure(provider());
    expect(error).toMatchObject({ status: 401, code: 10, retryable: false });
    expect(error.message).toMatch(/HTTP 401, error 10\): Bad or missing API token/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('treats a 2xx whose ErrorCode is not 0 as a refusal', async () => {
    mockFetch(async () => json(200, { ErrorCode: 300, Message: 'Invalid email request' }));
    expect(await failure(provider())).toMatchObject({ status: 200, code: 300, retryable: false });
  });

  it('marks 429 and 5xx as retryable, and copes with a non-JSON error body', async () => {
    mockFetch(async () => new Response('<html>Service Unavailable</html>', { status: 503, statusText: 'Service Unavailable' }));
    const error = await failure(provider());
    expect(error).toMatchObject({ name: 'EmailSendError', status: 503, code: null, retryable: true });
    expect(error.message).toMatch(/^Postmark refused the message \(HTTP 503\): /);

    vi.restoreAllMocks();
    mockFetch(async () => json(429, { ErrorCode: 429, Message: 'Rate limit exceeded' }));
    expect(await failure(provider())).toMatchObject({ status: 429, code: 429, retryable: true });
  });

  it('turns a network error into a retryable EmailSendError', async () => {
    mockFetch(async () => {
      throw new TypeError('Network connection lost.');
    });
    const error = await failure(provider());
    expect(error).toMatchObject({ status: null, retryable: true });
    expect(error.message).toBe('Could not reach Postmark: Network connection lost.');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('gives up after the timeout', async () => {
    // A Postmark that never answers, but honours the abort signal like real fetch.
    mockFetch(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        }),
    );
    const started = Date.now();
    const error = await failure(provider({ timeoutMs: 20 }));
    expect(error.message).toBe('Postmark did not answer within 20 ms');
    expect(error).toMatchObject({ retryable: true, status: null });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('returns a null id for a 2xx without a MessageID rather than failing a sent email', async () => {
    mockFetch(async () => new Response('', { status: 200 }));
    expect(await provider().send(MESSAGE)).toEqual({ providerMessageId: null });
  });

  it('sends nothing for a malformed message', async () => {
    const spy = mockFetch(async () => json(200, { MessageID: 'x', ErrorCode: 0 }));
    await expect(provider().send({ ...MESSAGE, to: 'a@example.com, b@example.com' })).rejects.toThrow(TypeError);
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses to be built without a token or a sender', () => {
    expect(() => new PostmarkEmailProvider({ serverToken: '', from: FROM })).toThrow(/serverToken/);
    expect(() => new PostmarkEmailProvider({ serverToken: TOKEN, from: '' })).toThrow(/from/);
  });
});
