/**
 * Email + password through the real Worker, the real credential guard and the real libSQL
 * server: sign-in, wrong-password limits and lockout, the same answer for unknown emails,
 * reset by a code from the email outbox (happy path; expired, reused, wrong), the password
 * rules, and that passwords and their hashes are never logged or rendered.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import type { Env } from '../../src/env';
import { PASSWORD_ITERATIONS, PASSWORD_MESSAGES } from '../../src/domain/password';
import { credentialGuardForEmail } from '../../src/durable-objects/stubs';
import { db } from '../helpers/factories';
import { carryCookies, get, postForm, setCookies } from '../helpers/http';
import { accountRow, codeFromEmail, emailsTo, freshIp, GOOD_PASSWORD, parentWithPassword, roundTrips, sessionsOf, uniqueEmail } from '../helpers/credentials';

const testEnv = env as unknown as Env;
const SESSION = '__Host-pawtal_session';
const RESET = '__Host-pawtal_reset';
const WRONG = 'The email or password is not right.';

/** Signs in from a fresh IP (each test's attempts stay clear of the per-IP cap unless it passes one). */
function signIn(email: string, password: string, cookie?: string, ip = freshIp()) {
  return postForm('/sign-in/email', { email, password }, { cookie, headers: { 'cf-connecting-ip': ip } });
}

/** Asks for a reset code from a fresh IP; returns the response and the pending-reset cookie. */
async function forgot(email: string) {
  const res = await postForm('/password/forgot', { email }, { headers: { 'cf-connecting-ip': freshIp() } });
  return { res, cookie: carryCookies(undefined, res) };
}

async function resetCode(email: string): Promise<string> {
  const [mail] = await emailsTo(email);
  if (!mail) throw new Error(`no email to ${email}`);
  return codeFromEmail(mail.text);
}

/** The page without the parts that differ by design (the email typed, CSP nonces if any). */
function comparable(html: string, email: string): string {
  return html.replaceAll(email, 'EMAIL');
}

describe('GET /sign-in/email', () => {
  it('answers a form with an email field and a password field, linked from the phone sign-in page', async () => {
    const res = await get('/sign-in/email');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<input[^>]*id="email"[^>]*type="email"[^>]*autocomplete="username"/);
    expect(html).toMatch(/<input[^>]*id="password"[^>]*type="password"[^>]*value=""[^>]*autocomplete="current-password"/);
    expect(html).toContain('href="/password/forgot"');
    expect(await (await get('/sign-in')).text()).toContain('href="/sign-in/email"');
  });
});

describe('POST /sign-in/email', () => {
  it('signs in with the email (any case, spaces around) and password, and lands on the portal', async () => {
    const { client, email, password, accountId, other } = await parentWithPassword();
    const res = await signIn(`  ${email.toUpperCase()} `, password);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${client.id}/appointments`);
    const session = setCookies(res).get(SESSION);
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session?.raw).toMatch(/; Secure/);
    expect(session?.raw).toMatch(/; HttpOnly/);
    const home = await get(`/c/${client.id}/appointments`, { cookie: carryCookies(undefined, res) });
    expect(home.status).toBe(200);
    // A new session, authenticated now; signing in elsewhere ends nothing.
    const rows = await sessionsOf(accountId);
    expect(rows).toHaveLength(2);
    const fresh = rows.find((r) => r.tokenHash !== other.tokenHash)!;
    expect(Date.now() - fresh.authenticatedAt!.getTime()).toBeLessThan(10_000);
  });

  it('replaces the session this browser had (a sign-in always rotates the token)', async () => {
    const { email, password, other } = await parentWithPassword();
    const res = await signIn(email, password, other.cookie);
    expect(res.status).toBe(303);
    expect(setCookies(res).get(SESSION)?.value).not.toBe(other.token);
    expect(await db.select().from(schema.sessions).where(eq(schema.sessions.tokenHash, other.tokenHash))).toHaveLength(0);
  });

  it('refuses a wrong password with 422, the form again and no session', async () => {
    const { email } = await parentWithPassword();
    const res = await signIn(email, 'not the password at all');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(WRONG);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`value="${email}"`);
    expect(html).not.toContain('not the password at all');
    expect(setCookies(res).has(SESSION)).toBe(false);
  });

  it('re-hashes a password stored at a lower cost once it is verified', async () => {
    const { email, password, accountId, passwordHash } = await parentWithPassword({ iterations: 1_000 });
    expect(passwordHash).toMatch(/^pbkdf2-sha256\$1000\$/);
    expect((await signIn(email, password)).status).toBe(303);
    const row = await accountRow(accountId);
    expect(row.passwordHash).toMatch(new RegExp(`^pbkdf2-sha256\\$${PASSWORD_ITERATIONS}\\$`));
    expect((await signIn(email, password)).status).toBe(303);
  });

  it.each([
    ['empty', '', 'Enter your email address.'],
    ['no @', 'robin.example.com', 'Enter an email address like name@example.com.'],
  ])('refuses a malformed email (%s) with 422 before counting an attempt', async (_name, email, message) => {
    const res = await signIn(email, 'whatever password');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain('id="email-error"');
  });

  it('asks for the password when it is empty', async () => {
    const { email } = await parentWithPassword();
    const res = await signIn(email, '');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Enter your password.');
  });

  it('gives an unknown email, and an email without a password, the same answer as a wrong password', async () => {
    const known = await parentWithPassword();
    const noPassword = await parentWithPassword({ withPassword: false });
    const unknown = uniqueEmail();
    const a = await signIn(known.email, 'wrong password here');
    const b = await signIn(unknown, 'wrong password here');
    const c = await signIn(noPassword.email, 'wrong password here');
    for (const res of [b, c]) {
      expect(res.status).toBe(a.status);
      expect([...setCookies(res).keys()]).toEqual([...setCookies(a).keys()]);
      expect(roundTrips(res)).toBe(roundTrips(a));
    }
    const pageA = comparable(await a.text(), known.email);
    expect(comparable(await b.text(), unknown)).toBe(pageA);
    expect(comparable(await c.text(), noPassword.email)).toBe(pageA);
  });
});

describe('wrong-password limits', () => {
  it('warns before the lockout, locks after 5 wrong passwords in a row, and then refuses even the right one', async () => {
    const { email, password } = await parentWithPassword();
    const answers: { status: number; html: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await signIn(email, `wrong guess ${i}`);
      answers.push({ status: res.status, html: await res.text() });
    }
    expect(answers.map((a) => a.status)).toEqual([422, 422, 422, 422, 429]);
    expect(answers[0]!.html).toContain(WRONG);
    expect(answers[0]!.html).not.toContain('before password sign-in pauses');
    expect(answers[2]!.html).toContain('2 more tries before password sign-in pauses for 15 minutes.');
    expect(answers[3]!.html).toContain('1 more try before password sign-in pauses for 15 minutes.');
    expect(answers[4]!.html).toContain('password sign-in is paused for 15 minutes');

    const right = await signIn(email, password);
    expect(right.status).toBe(429);
    expect(await right.text()).toMatch(/password sign-in is paused for 1[45] minutes/);
    expect(setCookies(right).has(SESSION)).toBe(false);
  });

  it('locks an unknown email exactly like a known one', async () => {
    const { email } = await parentWithPassword();
    const unknown = uniqueEmail();
    const statuses = async (address: string) => {
      const out = [];
      for (let i = 0; i < 6; i++) out.push((await signIn(address, `wrong guess ${i}`)).status);
      return out;
    };
    expect(await statuses(unknown)).toEqual(await statuses(email));
  });

  it('lets a correct password through before the limit and starts the count again', async () => {
    const { email, password } = await parentWithPassword();
    for (let i = 0; i < 4; i++) expect((await signIn(email, `wrong ${i}`)).status).toBe(422);
    expect((await signIn(email, password)).status).toBe(303);
    const after = await signIn(email, 'wrong again');
    expect(after.status).toBe(422);
    expect(await after.text()).not.toContain('pauses');
  });

  it('caps password attempts per network: of 34 at once from one IP across many emails, 30 are checked; then even the right password waits, and other networks are not affected', async () => {
    const { email, password } = await parentWithPassword();
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 34 }, (_, i) => signIn(uniqueEmail(), `stuffed ${i}`, undefined, ip)));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(30).fill(422), ...Array(4).fill(429)]);
    const refused = await Promise.all(results.filter((r) => r.status === 429).map((r) => r.text()));
    for (const html of refused) {
      expect(html).toContain('Too many password sign-ins were tried from your network.');
      expect(html).toMatch(/password sign-in from here is paused for (59|60) minutes\. You can sign in with a code by text message\./);
      expect(html).toContain('aria-invalid="true"');
    }
    // The right password from the capped network: refused, no session.
    const right = await signIn(email, password, undefined, ip);
    expect(right.status).toBe(429);
    expect(await right.text()).toContain('from your network');
    expect(setCookies(right).has(SESSION)).toBe(false);
    // Refused attempts are not counted against the email: two more from the capped network, then
    // two wrong ones elsewhere leave 3 tries (no warning); had the refused ones counted, 1 (a warning).
    for (let i = 0; i < 2; i++) expect((await signIn(email, `capped ${i}`, undefined, ip)).status).toBe(429);
    const other = freshIp();
    expect((await signIn(email, 'wrong elsewhere 1', undefined, other)).status).toBe(422);
    const second = await signIn(email, 'wrong elsewhere 2', undefined, other);
    expect(second.status).toBe(422);
    expect(await second.text()).not.toContain('before password sign-in pauses');
    const elsewhere = await signIn(email, password, undefined, freshIp());
    expect(elsewhere.status).toBe(303);
    expect(setCookies(elsewhere).has(SESSION)).toBe(true);
  });

  it('counts concurrent wrong passwords exactly: of 8 at once, 5 are checked and the rest meet the lockout', async () => {
    const { email } = await parentWithPassword();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(email, `parallel ${i}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([422, 422, 422, 422, 429, 429, 429, 429]);
  });
});

describe('POST /password/forgot', () => {
  it('emails a code to an account and shows the same answer as for any email', async () => {
    const { email } = await parentWithPassword();
    const { res, cookie } = await forgot(email);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/password/reset');
    expect(setCookies(res).get(RESET)?.raw).toMatch(/; HttpOnly/);
    const page = await get('/password/reset', { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('If an account has this email, we&#39;ve sent a code');
    const [mail] = await emailsTo(email);
    expect(mail!.subject).toBe('Your Pawtal password reset code');
    expect(codeFromEmail(mail!.text)).toMatch(/^\d{6}$/);
  });

  it('gives an unknown email the same status, cookies, round trips and page, and sends nothing', async () => {
    const { email } = await parentWithPassword();
    const unknown = uniqueEmail();
    const known = await forgot(email);
    const stranger = await forgot(unknown);
    expect(stranger.res.status).toBe(known.res.status);
    expect(stranger.res.headers.get('location')).toBe(known.res.headers.get('location'));
    expect([...setCookies(stranger.res).keys()]).toEqual([...setCookies(known.res).keys()]);
    expect(roundTrips(stranger.res)).toBe(roundTrips(known.res));
    const knownPage = comparable(await (await get('/password/reset', { cookie: known.cookie })).text(), email);
    const strangerPage = comparable(await (await get('/password/reset', { cookie: stranger.cookie })).text(), unknown);
    expect(strangerPage).toBe(knownPage);
    expect(await emailsTo(email)).toHaveLength(1);
    expect(await emailsTo(unknown, 500)).toHaveLength(0);
    // No code resets it.
    const guess = await postForm('/password/reset', { code: '123456', password: GOOD_PASSWORD }, { cookie: stranger.cookie });
    expect(guess.status).toBe(422);
    expect(await guess.text()).toContain('That code is not right.');
  });

  it('refuses a malformed email with 422', async () => {
    const res = await postForm('/password/forgot', { email: 'not an email' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Enter an email address like name@example.com.');
  });

  it('spaces codes 30 seconds apart', async () => {
    const { email } = await parentWithPassword();
    const { cookie } = await forgot(email);
    const again = await postForm('/password/resend', {}, { cookie, headers: { 'cf-connecting-ip': freshIp() } });
    expect(again.status).toBe(429);
    expect(await again.text()).toMatch(/Please wait \d+ seconds before asking for another code/);
  });
});

describe('POST /password/reset', () => {
  it('sets the new password, ends every other session of the account and signs this browser in', async () => {
    const { client, email, password, accountId, other } = await parentWithPassword();
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    const res = await postForm('/password/reset', { code, password: 'a brand new passphrase' }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${client.id}/appointments`);
    const session = setCookies(res).get(SESSION)!;
    expect(setCookies(res).get(RESET)?.raw).toMatch(/Max-Age=0/);

    const rows = await sessionsOf(accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toBe(other.tokenHash);
    expect((await get(`/c/${client.id}/appointments`, { cookie: other.cookie })).status).toBe(303);
    expect((await get(`/c/${client.id}/appointments`, { cookie: `${SESSION}=${session.value}` })).status).toBe(200);

    expect((await signIn(email, password)).status).toBe(422);
    expect((await signIn(email, 'a brand new passphrase')).status).toBe(303);
  });

  it('refuses the same code a second time with 422 (single use)', async () => {
    const { email } = await parentWithPassword();
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    expect((await postForm('/password/reset', { code, password: 'first new passphrase' }, { cookie })).status).toBe(303);
    const again = await postForm('/password/reset', { code, password: 'second new passphrase' }, { cookie });
    // The reset cookie was cleared by the success: a browser that kept it hears the code is used.
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('This code has already been used or is no longer valid.');
    expect((await signIn(email, 'second new passphrase')).status).toBe(422);
  });

  it('refuses an expired code with 422', async () => {
    const { email } = await parentWithPassword();
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    // Move the stored code's expiry into the past, as 24 hours passing would.
    await runInDurableObject(credentialGuardForEmail(testEnv, email), (_instance, state) => {
      const reset = state.storage.kv.get<{ code: { expiresAt: number } }>('reset:v1')!;
      reset.code.expiresAt = Date.now() - 1;
      state.storage.kv.put('reset:v1', reset);
    });
    const res = await postForm('/password/reset', { code, password: 'a brand new passphrase' }, { cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This code has expired (codes work for 24 hours). Send a new code.');
  });

  it('refuses a wrong code with 422 and says how many tries are left', async () => {
    const { email, password } = await parentWithPassword();
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    const res = await postForm('/password/reset', { code: code === '000000' ? '111111' : '000000', password: 'a brand new passphrase' }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('That code is not right. 4 tries left for this code.');
    expect(html).toContain('id="code-error"');
    expect((await signIn(email, password)).status).toBe(303);
  });

  it.each([
    ['letters', 'abcdef', 'The code is 6 digits'],
    ['empty', '', 'Enter the 6-digit code from the email.'],
  ])('refuses a malformed code (%s) with 422 without using up a try', async (_name, input, message) => {
    const { email } = await parentWithPassword();
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    for (let i = 0; i < 6; i++) {
      const res = await postForm('/password/reset', { code: input, password: 'a brand new passphrase' }, { cookie });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
    }
    expect((await postForm('/password/reset', { code, password: 'a brand new passphrase' }, { cookie })).status).toBe(303);
  });

  it.each([
    ['common', 'password123', PASSWORD_MESSAGES.common],
    ['common with digits added', 'sunshine2024!', PASSWORD_MESSAGES.common],
    ['too short', 'k7#q', PASSWORD_MESSAGES.too_short],
    ['empty', '', 'Choose a new password.'],
  ])('refuses a %s password with 422 and keeps the code usable', async (_name, newPassword, message) => {
    const { email } = await parentWithPassword();
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    const res = await postForm('/password/reset', { code, password: newPassword }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain('id="password-error"');
    if (newPassword) expect(html).not.toContain(`value="${newPassword}"`);
    // The code is kept in its field, as typed (spaces too), so only the password is typed again.
    expect(html).toMatch(new RegExp(`<input[^>]*id="code"[^>]*value="${code}"`));
    const spaced = await postForm('/password/reset', { code: `${code.slice(0, 3)} ${code.slice(3)}`, password: newPassword }, { cookie });
    expect(await spaced.text()).toMatch(new RegExp(`<input[^>]*id="code"[^>]*value="${code.slice(0, 3)} ${code.slice(3)}"`));
    expect((await postForm('/password/reset', { code, password: 'a brand new passphrase' }, { cookie })).status).toBe(303);
  });

  it('refuses the email itself as the password', async () => {
    const { email } = await parentWithPassword();
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    const res = await postForm('/password/reset', { code, password: email }, { cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Don’t use your email address as your password.');
  });

  it('clears a password lockout (whoever reads the mailbox may choose the password)', async () => {
    const { email } = await parentWithPassword();
    for (let i = 0; i < 5; i++) await signIn(email, `wrong ${i}`);
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    expect((await postForm('/password/reset', { code, password: 'a brand new passphrase' }, { cookie })).status).toBe(303);
    expect((await signIn(email, 'a brand new passphrase')).status).toBe(303);
  });

  it('sends a browser without a pending reset back to the email form', async () => {
    const res = await postForm('/password/reset', { code: '123456', password: GOOD_PASSWORD });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Your password reset timed out');
    const page = await get('/password/reset');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/password/forgot');
  });
});

describe('passwords and hashes stay secret', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are never logged nor rendered, whatever happens', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
    }
    const { email, password, passwordHash, client } = await parentWithPassword();
    const newPassword = 'another fine passphrase';
    const pages: string[] = [];
    const keep = async (res: Response) => {
      pages.push(await res.clone().text());
      expect(res.headers.get('location') ?? '').not.toContain('pass');
      return res;
    };
    await keep(await signIn(email, 'a wrong password here'));
    await keep(await signIn(email, password));
    await keep(await signIn(uniqueEmail(), password));
    const { cookie } = await forgot(email);
    const code = await resetCode(email);
    await keep(await postForm('/password/reset', { code, password: 'short' }, { cookie }));
    const reset = await keep(await postForm('/password/reset', { code, password: newPassword }, { cookie }));
    const signedIn = carryCookies(undefined, reset);
    await keep(await get(`/c/${client.id}/appointments`, { cookie: signedIn }));
    await keep(await get('/account', { cookie: signedIn }));
    await keep(await get('/account/password', { cookie: signedIn }));
    await keep(await postForm('/account/password', { password: 'password' }, { cookie: signedIn }));

    const newHash = (await db.select().from(schema.portalAccounts).where(eq(schema.portalAccounts.email, email)))[0]!.passwordHash!;
    expect(newHash).toMatch(/^pbkdf2-sha256\$/);
    expect(logged.length).toBeGreaterThan(0); // the request log ran, so the spy saw it
    for (const text of [...logged, ...pages]) {
      for (const secret of [password, newPassword, passwordHash!, newHash, newHash.split('$')[3]!, 'pbkdf2']) {
        expect(text).not.toContain(secret);
      }
    }
    for (const page of pages) expect(page).not.toMatch(/type="password"[^>]*value="[^"]+"/);
  });
});

describe('email sign-in and reset in Spanish', () => {
  const es = { 'accept-language': 'es' };

  it('answers the email sign-in form in Spanish and refuses a wrong password in Spanish', async () => {
    const page = await get('/sign-in/email', { headers: es });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<label for="email">Correo electrónico</label>');
    expect(html).toContain('<label for="password">Contraseña</label>');
    expect(html).toContain('¿Olvidó su contraseña?');
    expect(html).not.toContain('Forgot your password?');

    const { email } = await parentWithPassword();
    const res = await postForm('/sign-in/email', { email, password: 'not the password at all' }, { headers: { ...es, 'cf-connecting-ip': freshIp() } });
    expect(res.status).toBe(422);
    const refused = await res.text();
    expect(refused).toContain('El correo electrónico o la contraseña no son correctos.');
    expect(refused).not.toContain(WRONG);
  });

  it('emails the reset code in Spanish and refuses a common password in Spanish', async () => {
    const { email } = await parentWithPassword();
    const res = await postForm('/password/forgot', { email }, { headers: { ...es, 'cf-connecting-ip': freshIp() } });
    expect(res.status).toBe(303);
    const cookie = carryCookies(undefined, res);
    const [mail] = await emailsTo(email);
    expect(mail!.subject).toBe('Su código para restablecer la contraseña de Pawtal');
    expect(mail!.text).toContain('Sirve una sola vez, dentro de 24 horas.');

    const page = await get('/password/reset', { cookie, headers: es });
    const html = await page.text();
    expect(html).toContain('<h1 id="reset-heading">Elija una contraseña nueva</h1>');
    expect(html).toContain('Al menos 8 caracteres; mejor si son 15 o más.');
    expect(html).not.toContain('Choose a new password');

    const weak = await postForm('/password/reset', { code: codeFromEmail(mail!.text), password: 'password123' }, { cookie, headers: es });
    expect(weak.status).toBe(422);
    const weakHtml = await weak.text();
    expect(weakHtml).toContain('Esta contraseña es demasiado común');
    expect(weakHtml).not.toContain(PASSWORD_MESSAGES.common);
  });
});
