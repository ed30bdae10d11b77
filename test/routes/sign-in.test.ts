/**
 * Sign-in by phone and code, end to end through the real Worker, the real OTP guard Durable
 * Object and the real libSQL server: happy path, anti-enumeration, every refused code and
 * phone, sessions (flags, tampering, expiry, sign out) and CSRF.
 */
import { describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { app } from '../../src/app';

const executionCtx = createExecutionContext();
import { and, eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { otpGuardForPhone } from '../../src/durable-objects/stubs';
import { createBusiness, createClientRecord, db, signedInAs, uniquePhone } from '../helpers/factories';
import { carryCookies, get, ORIGIN, postForm, setCookies } from '../helpers/http';

function nationalFormat(e164: string): string {
  const d = e164.slice(2);
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
}

/** Waits for the SMS that the Worker sends after its response (waitUntil). */
async function smsTo(phoneE164: string, timeoutMs = 3000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, phoneE164));
    if (rows.length > 0 || Date.now() > deadline) return rows.map((r) => r.body);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function codeFrom(body: string): string {
  const match = /#(\d{6})$/.exec(body);
  if (!match) throw new Error(`no WebOTP line in ${body}`);
  return match[1]!;
}

/** Starts sign-in for a number and returns the pending cookie. */
async function requestCode(phoneInput: string, ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  const res = await postForm('/sign-in', { phone: phoneInput }, { headers: { 'cf-connecting-ip': ip } });
  return { res, cookie: carryCookies(undefined, res) };
}

async function parentWithAppointmentsAccess() {
  const business = await createBusiness();
  const client = await createClientRecord(business.id);
  return { business, client };
}

describe('GET /sign-in', () => {
  it('answers the phone form with a labelled tel field and security headers', async () => {
    const res = await get('/sign-in');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label for="phone">Mobile phone number</label>');
    expect(html).toMatch(/<input[^>]*id="phone"[^>]*type="tel"[^>]*autocomplete="tel"/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="0 round trips", app;dur=[\d.]+/);
  });
});

describe('POST /sign-in then POST /sign-in/code', () => {
  it('signs a known parent in with the code from the SMS and lands on their appointments', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { res, cookie } = await requestCode(nationalFormat(client.phoneE164));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in/code');

    const page = await get('/sign-in/code', { cookie });
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toMatch(/<input[^>]*autocomplete="one-time-code"[^>]*inputmode="numeric"/);

    const [body] = await smsTo(client.phoneE164);
    expect(body).toMatch(/\n@pawtal\.test #\d{6}$/);

    const verified = await postForm('/sign-in/code', { code: codeFrom(body!) }, { cookie });
    expect(verified.status).toBe(303);
    expect(verified.headers.get('location')).toBe(`/c/${client.id}/appointments`);
    const session = setCookies(verified).get('__Host-pawtal_session');
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session?.raw).toMatch(/; Path=\//);
    expect(session?.raw).toMatch(/; Secure/);
    expect(session?.raw).toMatch(/; HttpOnly/);
    expect(session?.raw).toMatch(/; SameSite=Lax/);
    expect(session?.raw).not.toMatch(/Domain=/i);

    // Only the hash of the token is stored.
    const stored = await db.select().from(schema.sessions).where(eq(schema.sessions.tokenHash, session!.value));
    expect(stored).toHaveLength(0);

    const home = await get(`/c/${client.id}/appointments`, { cookie: carryCookies(cookie, verified) });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Appointments');
  });

  it('accepts a pasted code with a space in the middle', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await requestCode(client.phoneE164);
    const code = codeFrom((await smsTo(client.phoneE164))[0]!);
    const res = await postForm('/sign-in/code', { code: ` ${code.slice(0, 3)} ${code.slice(3)} ` }, { cookie });
    expect(res.status).toBe(303);
  });

  it('gives an unknown number the same answer as a known one and sends nothing', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const unknown = uniquePhone();
    const known = await requestCode(client.phoneE164);
    const stranger = await requestCode(unknown);
    expect(stranger.res.status).toBe(known.res.status);
    expect(stranger.res.headers.get('location')).toBe(known.res.headers.get('location'));
    expect([...setCookies(stranger.res).keys()]).toEqual([...setCookies(known.res).keys()]);
    // Not even the round-trip count may differ (the SMS is written after the response).
    const trips = (res: Response) => /desc="(\d+) round trips?"/.exec(res.headers.get('server-timing') ?? '')?.[1];
    expect(trips(stranger.res)).toBe(trips(known.res));
    const knownPage = await (await get('/sign-in/code', { cookie: known.cookie })).text();
    const strangerPage = await (await get('/sign-in/code', { cookie: stranger.cookie })).text();
    expect(strangerPage.replace(nationalFormat(unknown), 'N')).toBe(knownPage.replace(nationalFormat(client.phoneE164), 'N'));

    expect(await smsTo(client.phoneE164)).toHaveLength(1);
    expect(await smsTo(unknown, 500)).toHaveLength(0);
    // And no code can sign the stranger in.
    const guess = await postForm('/sign-in/code', { code: '123456' }, { cookie: stranger.cookie });
    expect(guess.status).toBe(422);
  });

  it('refuses a wrong code with 422 and says how many tries are left', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await requestCode(client.phoneE164);
    const code = codeFrom((await smsTo(client.phoneE164))[0]!);
    const wrong = code === '000000' ? '111111' : '000000';
    const res = await postForm('/sign-in/code', { code: wrong }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('That code is not right. 4 tries left for this code.');
    expect(html).toContain('aria-invalid="true"');
    expect(setCookies(res).has('__Host-pawtal_session')).toBe(false);
  });

  it.each([
    ['letters', 'abcdef', 'The code is 6 digits'],
    ['5 digits', '12345', 'The code is 6 digits'],
    ['7 digits', '1234567', 'The code is 6 digits'],
    ['empty', '', 'Enter the 6-digit code from the text message.'],
  ])('refuses a malformed code (%s) with 422 without using up a try', async (_name, input, message) => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await requestCode(client.phoneE164);
    const code = codeFrom((await smsTo(client.phoneE164))[0]!);
    for (let i = 0; i < 6; i++) {
      const res = await postForm('/sign-in/code', { code: input }, { cookie });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
    }
    // Six malformed tries later the real code still works: none of them counted.
    expect((await postForm('/sign-in/code', { code }, { cookie })).status).toBe(303);
  });

  it('refuses an expired code with 422', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await requestCode(client.phoneE164);
    const code = codeFrom((await smsTo(client.phoneE164))[0]!);
    // Move the stored code's expiry into the past, as 10 minutes passing would.
    await runInDurableObject(otpGuardForPhone(env, client.phoneE164), (_instance, state) => {
      const otp = state.storage.kv.get<{ code: { expiresAt: number } }>('otp:v1')!;
      otp.code.expiresAt = Date.now() - 1;
      state.storage.kv.put('otp:v1', otp);
    });
    const res = await postForm('/sign-in/code', { code }, { cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This code has expired');
  });

  it('refuses a code used a second time with 422', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await requestCode(client.phoneE164);
    const code = codeFrom((await smsTo(client.phoneE164))[0]!);
    expect((await postForm('/sign-in/code', { code }, { cookie })).status).toBe(303);
    const again = await postForm('/sign-in/code', { code }, { cookie });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('already been used');
  });

  it('sends a code to the code page without a pending sign-in back to the phone form', async () => {
    const res = await postForm('/sign-in/code', { code: '123456' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Your sign-in timed out');
  });

  it('refuses a second code within 30 seconds with 429 and a clear wait', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await requestCode(client.phoneE164);
    const res = await postForm('/sign-in/resend', {}, { cookie });
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(/Please wait \d+ seconds before asking for another code/);
  });
});

describe('the code as people type or paste it', () => {
  it('the field takes "660 588" whole (no maxlength of 6), and the code with a space or a dash signs in', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await requestCode(nationalFormat(client.phoneE164));
    const html = await (await get('/sign-in/code', { cookie })).text();
    const field = /<input[^>]*id="code"[^>]*>/.exec(html)![0];
    expect(field).toContain('autocomplete="one-time-code"');
    expect(Number(/maxlength="(\d+)"/.exec(field)?.[1] ?? 999)).toBeGreaterThanOrEqual(7);
    expect(field).not.toContain('pattern=');
    const code = codeFrom((await smsTo(client.phoneE164))[0]!);
    const verified = await postForm('/sign-in/code', { code: `${code.slice(0, 3)} ${code.slice(3)}` }, { cookie });
    expect(verified.status).toBe(303);
  });
});

describe('GET /sign-in/resend (a reload after a refused "Send a new code")', () => {
  it('lands on the code page (303), not a 404; the same for the email and reset codes', async () => {
    const res = await get('/sign-in/resend');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in/code');
    expect((await get('/password/resend')).headers.get('location')).toBe('/password/reset');
    expect((await get('/account/email/resend')).headers.get('location')).toBe('/account/email/verify');
  });
});

describe('POST /sign-in with the SMS provider misconfigured', () => {
  it('answers a number on file exactly like an unknown one, and logs the failure', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client } = await parentWithAppointmentsAccess();
    const broken = { ...env, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_FROM: '' };
    const post = (phone: string) =>
      app.request(
        `${ORIGIN}/sign-in`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': `10.9.${Math.floor(Math.random() * 250)}.1` },
          body: new URLSearchParams({ phone }).toString(),
        },
        broken,
        executionCtx,
      );
    const known = await post(client.phoneE164);
    const unknown = await post(uniquePhone());
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    await waitOnExecutionContext(executionCtx);
    expect(errors.mock.calls.some((call) => String(call[0]).includes('sms send failed'))).toBe(true);
    errors.mockRestore();
  });
});

describe('POST /sign-in outside development without PUBLIC_HOST', () => {
  it('answers as ever but sends no text naming the request’s Host, and logs why', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client } = await parentWithAppointmentsAccess();
    const evil = 'https://evil.example';
    const res = await app.request(
      `${evil}/sign-in`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: evil, 'cf-connecting-ip': `10.8.${Math.floor(Math.random() * 250)}.1` },
        body: new URLSearchParams({ phone: client.phoneE164 }).toString(),
      },
      { ...env, APP_ENV: 'staging', PUBLIC_HOST: '' },
      executionCtx,
    );
    expect(res.status).toBe(303);
    await waitOnExecutionContext(executionCtx);
    expect(await smsTo(client.phoneE164, 300)).toEqual([]);
    expect(errors.mock.calls.some((call) => String(call[0]).includes('sms send failed') && String(call[0]).includes('PUBLIC_HOST is not set'))).toBe(true);
    errors.mockRestore();
  });
});

describe('POST /sign-in with a bad phone number', () => {
  it.each([
    ['letters', 'call me maybe'],
    ['too short', '12345'],
    ['empty', ''],
  ])('answers 422 with the form and a message (%s)', async (_name, phone) => {
    const res = await postForm('/sign-in', { phone });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="phone-error"');
    expect(html).toContain('aria-invalid="true"');
  });

  it('answers 422 for an overlong phone number', async () => {
    const res = await postForm('/sign-in', { phone: '2'.repeat(40) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('too long for a phone number');
  });

  it('refuses an oversized form body with 413', async () => {
    const res = await postForm('/sign-in', { phone: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
  });
});

describe('CSRF', () => {
  it('refuses a form posted from another site with 403', async () => {
    const res = await postForm(
      '/sign-in',
      { phone: '(206) 555-0100' },
      {
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      },
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Form not accepted');
  });
});

describe('sessions', () => {
  it('treats a tampered session cookie as signed out', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { token } = await signedInAs(client.phoneE164);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const res = await get(`/c/${client.id}/appointments`, { cookie: `__Host-pawtal_session=${tampered}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });

  it('treats a session past its 30-day absolute life as signed out', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await signedInAs(client.phoneE164, { expiresAt: Date.now() - 1000 });
    const res = await get(`/c/${client.id}/appointments`, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });

  it('treats a session idle for more than 14 days as signed out', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie } = await signedInAs(client.phoneE164, { lastSeenAt: Date.now() - 15 * 24 * 3600 * 1000 });
    const res = await get(`/c/${client.id}/appointments`, { cookie });
    expect(res.status).toBe(303);
  });

  it('refreshes last_seen_at of a session used after the touch interval', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const lastSeenAt = Date.now() - 24 * 3600 * 1000;
    const { cookie, tokenHash } = await signedInAs(client.phoneE164, { lastSeenAt });
    expect((await get(`/c/${client.id}/appointments`, { cookie })).status).toBe(200);
    const [row] = await db.select().from(schema.sessions).where(eq(schema.sessions.tokenHash, tokenHash));
    expect(row!.lastSeenAt.getTime()).toBeGreaterThan(lastSeenAt + 1000);
  });

  it('signs out: the session row is deleted, the cookie cleared, the old cookie no longer works', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const { cookie, tokenHash } = await signedInAs(client.phoneE164);
    const res = await postForm('/sign-out', {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?signed_out');
    expect(setCookies(res).get('__Host-pawtal_session')?.raw).toMatch(/Max-Age=0/);
    expect(await db.select().from(schema.sessions).where(eq(schema.sessions.tokenHash, tokenHash))).toHaveLength(0);
    const after = await get(`/c/${client.id}/appointments`, { cookie });
    expect(after.status).toBe(303);
    expect(await (await get('/sign-in?signed_out')).text()).toContain('You are signed out.');
  });

  it('rotates: signing in again replaces the session this browser had', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const old = await signedInAs(client.phoneE164);
    const { cookie } = await requestCode(client.phoneE164);
    const code = codeFrom((await smsTo(client.phoneE164))[0]!);
    const res = await postForm('/sign-in/code', { code }, { cookie: `${cookie}; ${old.cookie}` });
    expect(res.status).toBe(303);
    expect(setCookies(res).get('__Host-pawtal_session')?.value).not.toBe(old.token);
    const oldRows = await db
      .select()
      .from(schema.sessions)
      .where(and(eq(schema.sessions.tokenHash, old.tokenHash)));
    expect(oldRows).toHaveLength(0);
  });
});

describe('signing in in Spanish', () => {
  const es = { 'accept-language': 'es' };

  it('answers the phone form in Spanish', async () => {
    const res = await get('/sign-in', { headers: es });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<title>Iniciar sesión · Pawtal</title>');
    expect(html).toContain('<label for="phone">Número de celular</label>');
    expect(html).toContain('Enviarme un código');
    expect(html).toContain('Iniciar sesión con correo electrónico y contraseña');
    expect(html).not.toContain('Text me a code');
  });

  it('refuses a malformed number in Spanish', async () => {
    const res = await postForm('/sign-in', { phone: 'call me' }, { headers: es });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Un número de teléfono solo puede tener dígitos, espacios y + ( ) - . Ingréselo así: (206) 555-0100');
    expect(html).not.toContain('A phone number can only have');
  });

  it('texts the code in Spanish (the WebOTP line as ever), and refuses a wrong code in Spanish', async () => {
    const { client } = await parentWithAppointmentsAccess();
    const res = await postForm(
      '/sign-in',
      { phone: client.phoneE164 },
      { headers: { ...es, 'cf-connecting-ip': `10.9.${Math.floor(Math.random() * 250)}.7` } },
    );
    expect(res.status).toBe(303);
    const cookie = carryCookies(undefined, res);
    const [body] = await smsTo(client.phoneE164);
    expect(body).toMatch(/^Use \d{6} para ingresar a Pawtal\. Vence en 10 minutos\. No lo comparta\.\n\n@pawtal\.test #\d{6}$/);

    const page = await get('/sign-in/code', { cookie, headers: es });
    const pageHtml = await page.text();
    expect(pageHtml).toContain('<h1 id="code-heading">Ingrese su código</h1>');
    expect(pageHtml).toContain('<label for="code">Código de 6 dígitos</label>');
    expect(pageHtml).toContain('Enviar un código nuevo');
    expect(pageHtml).not.toContain('Enter your code');

    const code = codeFrom(body!);
    const wrong = await postForm('/sign-in/code', { code: code === '000000' ? '111111' : '000000' }, { cookie, headers: es });
    expect(wrong.status).toBe(422);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Ese código no es correcto. Le quedan 4 intentos con este código.');
    expect(wrongHtml).not.toContain('That code is not right');
  });
});
