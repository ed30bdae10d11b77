/**
 * The account page through the real Worker, OTP guard and libSQL server: what it shows (in one
 * round trip), changing the email and password (only within 10 minutes of signing in, else a
 * code by SMS first; each change ends the account's other sessions), the password page that
 * registration leads to, and "sign out everywhere".
 */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import type { Env } from '../../src/env';
import type { OtpState } from '../../src/domain/otp-policy';
import type { CredentialGuard } from '../../src/durable-objects/credential-guard';
import { credentialGuardForEmail } from '../../src/durable-objects/stubs';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { changeCredentialsStatements } from '../../src/db/queries/credentials';
import type { Db } from '../../src/db/client';
import { PASSWORD_MESSAGES } from '../../src/domain/password';
import { createBusiness, createClientRecord, db, signedInAs } from '../helpers/factories';
import { carryCookies, get, postForm, setCookies } from '../helpers/http';
import {
  accountRow,
  ageSession,
  codeFromEmail,
  codeFromSms,
  emailsTo,
  freshIp,
  GOOD_PASSWORD,
  parentWithPassword,
  roundTrips,
  sessionsOf,
  smsTo,
  uniqueEmail,
} from '../helpers/credentials';

const MIN = 60_000;
const CONFIRM_FIRST = 'For your security, confirm it’s you with a code before changing your email or password.';
const EMAIL_TAKEN = 'This email is already used by another Pawtal account. Use a different email.';

/** A parent signed in on this browser (`me`) and on another device (`other`), no email yet. */
async function parentOnTwoDevices() {
  const business = await createBusiness();
  const client = await createClientRecord(business.id, { firstName: 'Robin', lastName: 'Parker' });
  const other = await signedInAs(client.phoneE164);
  const me = await signedInAs(client.phoneE164);
  return { business, client, other, me, accountId: me.accountId };
}

/** The code in the last email sent to `address`. */
async function lastCodeTo(address: string): Promise<string> {
  const mails = await emailsTo(address);
  return codeFromEmail(mails.at(-1)!.text);
}

/** Asks for `email` on the account page and enters the code sent to it. */
async function setEmail(cookie: string, email: string) {
  const ask = await postForm('/account/email', { email }, { cookie, headers: { 'cf-connecting-ip': freshIp() } });
  expect(ask.status).toBe(303);
  const withPending = carryCookies(cookie, ask);
  const res = await postForm('/account/email/verify', { code: await lastCodeTo(email) }, { cookie: withPending });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/account?saved=email');
  return res;
}

function sessionRow(tokenHash: string) {
  return db.select().from(schema.sessions).where(eq(schema.sessions.tokenHash, tokenHash));
}

describe('GET /account: the parent as each business has them', () => {
  /** `<li class="card">` of the records list whose heading is `businessName`. */
  function recordCard(html: string, businessName: string): string | undefined {
    const list = /<ul[^>]*aria-labelledby="records-heading"[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    return [...list.matchAll(/<li class="card">([\s\S]*?)<\/li>/g)]
      .map((m) => m[1]!)
      .find((li) => new RegExp(`<h3><a href="[^"]+">${businessName}</a></h3>`).test(li));
  }

  it('lists each linked client record with its business, names, phone and email, in one round trip', async () => {
    const alpha = await createBusiness({ name: 'Alpha Kennels' });
    const beta = await createBusiness({ name: 'Beta Daycare' });
    const atAlpha = await createClientRecord(alpha.id, { firstName: 'Robin', lastName: 'Parker', email: 'robin@alpha.example' });
    await createClientRecord(beta.id, { phoneE164: atAlpha.phoneE164, firstName: 'Rob', lastName: 'Parker-Lee', email: null });
    // Someone else, at the same businesses: never on this page.
    await createClientRecord(alpha.id, { firstName: 'Stranger', lastName: 'Danger', email: 'stranger@alpha.example' });
    const stranger = await createClientRecord(beta.id, { firstName: 'Other', lastName: 'Person', email: 'other@beta.example' });
    await signedInAs(stranger.phoneE164);
    const me = await signedInAs(atAlpha.phoneE164);

    const res = await get('/account', { cookie: me.cookie });
    expect(res.status).toBe(200);
    expect(roundTrips(res)).toBe('1');
    const html = await res.text();
    const d = atAlpha.phoneE164.slice(2);
    const phone = `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;

    const a = recordCard(html, 'Alpha Kennels');
    expect(a).toBeDefined();
    expect(a).toContain('<dt>First name</dt><dd>Robin</dd>');
    expect(a).toContain('<dt>Last name</dt><dd>Parker</dd>');
    expect(a).toContain(`<dt>Phone</dt><dd>${phone}</dd>`);
    expect(a).toContain('<dt>Email</dt><dd>robin@alpha.example</dd>');

    const b = recordCard(html, 'Beta Daycare');
    expect(b).toBeDefined();
    expect(b).toContain('<dt>First name</dt><dd>Rob</dd>');
    expect(b).toContain('<dt>Last name</dt><dd>Parker-Lee</dd>');
    expect(b).toContain(`<dt>Phone</dt><dd>${phone}</dd>`);
    expect(b).toContain('<dt>Email</dt><dd>None on file</dd>');

    // Each card links to that business's section; the page leads back to the businesses.
    expect(a).toContain(`<h3><a href="/c/${atAlpha.id}/appointments">Alpha Kennels</a></h3>`);
    expect(html).toContain('<a href="/">← Back to your businesses</a>');

    // Exactly the two records, and nothing of the other clients.
    expect(html.match(/<li class="card">/g)).toHaveLength(2);
    // The stranger's number as the page would show it (its last four digits alone could match any number in the page).
    const sd = stranger.phoneE164.slice(2);
    const strangerPhone = `(${sd.slice(0, 3)}) ${sd.slice(3, 6)}-${sd.slice(6)}`;
    for (const text of ['Stranger', 'Danger', 'stranger@alpha.example', 'Other', 'other@beta.example', strangerPhone, stranger.phoneE164]) {
      expect(html).not.toContain(text);
    }
  });
});

describe('GET /: two client records in one business', () => {
  it('offers both profiles to choose from', async () => {
    const business = await createBusiness({ name: 'Gamma Boarding' });
    const first = await createClientRecord(business.id, { firstName: 'Casey', lastName: 'Morgan' });
    const second = await createClientRecord(business.id, { phoneE164: first.phoneE164, firstName: 'Jordan', lastName: 'Morgan' });
    const { cookie } = await signedInAs(first.phoneE164);

    const res = await get('/', { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Your businesses');
    expect(html).toContain(`href="/c/${first.id}/`);
    expect(html).toContain(`href="/c/${second.id}/`);
    expect(html).toContain('Casey Morgan');
    expect(html).toContain('Jordan Morgan');
    expect(html.match(/Gamma Boarding/g)?.length).toBeGreaterThanOrEqual(2);
  });
});

describe('GET /account', () => {
  it('shows the phone, the email and whether a password is set, in one round trip', async () => {
    const { client, me } = await parentOnTwoDevices();
    const res = await get('/account', { cookie: me.cookie });
    expect(res.status).toBe(200);
    expect(roundTrips(res)).toBe('1');
    const html = await res.text();
    const d = client.phoneE164.slice(2);
    expect(html).toContain(`(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`);
    expect(html).toMatch(/<dt>Email<\/dt><dd>Not set<\/dd>/);
    expect(html).toMatch(/<dt>Password<\/dt><dd>Not set<\/dd>/);
    // Just signed in: the change forms are offered.
    expect(html).toContain('action="/account/email"');
    expect(html).toContain('action="/account/password"');
    expect(html).toContain('action="/account/sign-out-everywhere"');
  });

  it('shows an email and a set password without ever rendering the hash', async () => {
    const { other, email, passwordHash } = await parentWithPassword();
    const html = await (await get('/account', { cookie: other.cookie })).text();
    expect(html).toContain(`<dd>${email}</dd>`);
    expect(html).toMatch(/<dt>Password<\/dt><dd>Set<\/dd>/);
    expect(html).not.toContain(passwordHash!);
    expect(html).not.toContain('pbkdf2');
  });

  it('sends a signed-out visitor to sign in', async () => {
    const res = await get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });

  it('asks for a code instead of offering the forms when the sign-in is older than 10 minutes', async () => {
    const { me } = await parentOnTwoDevices();
    await ageSession(me.tokenHash, 11 * MIN);
    const html = await (await get('/account', { cookie: me.cookie })).text();
    expect(html).not.toContain('action="/account/email"');
    expect(html).toContain('action="/account/confirm"');
    expect(html).toContain('confirm it&#39;s you');
  });
});

describe('POST /account/email', () => {
  it('saves the email (normalised) once the code sent to it comes back, and ends the account’s other sessions', async () => {
    const { me, other, accountId, client } = await parentOnTwoDevices();
    const email = uniqueEmail();
    const ask = await postForm('/account/email', { email: `  ${email.toUpperCase()}` }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    expect(ask.status).toBe(303);
    expect(ask.headers.get('location')).toBe('/account/email/verify');
    const cookie = carryCookies(me.cookie, ask);
    // Nothing changes before the code comes back.
    expect((await accountRow(accountId)).email).toBeNull();
    expect(await sessionsOf(accountId)).toHaveLength(2);
    const page = await get('/account/email/verify', { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`We&#39;ve emailed a 6-digit code to <strong>${email}</strong>`);
    const [mail] = await emailsTo(email);
    expect(mail!.subject).toBe('Confirm your email address for Pawtal');

    const res = await postForm('/account/email/verify', { code: codeFromEmail(mail!.text) }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account?saved=email');
    expect(setCookies(res).get('__Host-pawtal_new_email')?.raw).toMatch(/Max-Age=0/);
    expect((await accountRow(accountId)).email).toBe(email);
    const rows = await sessionsOf(accountId);
    expect(rows.map((r) => r.tokenHash)).toEqual([me.tokenHash]);
    expect((await get(`/c/${client.id}/appointments`, { cookie: other.cookie })).status).toBe(303);
    expect(await (await get('/account?saved=email', { cookie: me.cookie })).text()).toContain('Your email is saved.');
  });

  it('refuses a wrong code for the new email with 422 and saves nothing', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    const email = uniqueEmail();
    const ask = await postForm('/account/email', { email }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    const cookie = carryCookies(me.cookie, ask);
    const code = await lastCodeTo(email);
    const res = await postForm('/account/email/verify', { code: code === '000000' ? '111111' : '000000' }, { cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('That code is not right. 4 tries left for this code.');
    expect((await accountRow(accountId)).email).toBeNull();
    expect(await sessionsOf(accountId)).toHaveLength(2);
  });

  it('accepts the code after the 10 minutes (the request was recent; the code proves the mailbox)', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    const email = uniqueEmail();
    const ask = await postForm('/account/email', { email }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    await ageSession(me.tokenHash, 30 * MIN);
    const res = await postForm('/account/email/verify', { code: await lastCodeTo(email) }, { cookie: carryCookies(me.cookie, ask) });
    expect(res.status).toBe(303);
    expect((await accountRow(accountId)).email).toBe(email);
  });

  it('never lets another account use the pending address or its code', async () => {
    const a = await parentOnTwoDevices();
    const b = await parentOnTwoDevices();
    const email = uniqueEmail();
    const ask = await postForm('/account/email', { email }, { cookie: a.me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    const pending = setCookies(ask).get('__Host-pawtal_new_email')!.value;
    // B's browser with A's pending cookie: it is not B's, so there is nothing to verify.
    const res = await postForm(
      '/account/email/verify',
      { code: await lastCodeTo(email) },
      {
        cookie: `${b.me.cookie}; __Host-pawtal_new_email=${pending}`,
      },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    expect((await accountRow(b.accountId)).email).toBeNull();
  });

  it('refuses the address if another account took it while the code was on its way', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    const email = uniqueEmail();
    const ask = await postForm('/account/email', { email }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    const rival = await parentOnTwoDevices();
    await db.update(schema.portalAccounts).set({ email }).where(eq(schema.portalAccounts.id, rival.accountId));
    const res = await postForm('/account/email/verify', { code: await lastCodeTo(email) }, { cookie: carryCookies(me.cookie, ask) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(EMAIL_TAKEN);
    expect((await accountRow(accountId)).email).toBeNull();
    expect(await sessionsOf(accountId)).toHaveLength(2);
  });

  it('answers an address of another account exactly as a free one; its owner is told, no code is sent, nothing changes', async () => {
    const taken = await parentWithPassword();
    const { me, accountId } = await parentOnTwoDevices();
    const free = uniqueEmail();
    const ask = (email: string) => postForm('/account/email', { email }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    const forFree = await ask(free);
    const forTaken = await ask(taken.email);
    for (const res of [forFree, forTaken]) {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/account/email/verify');
      expect(roundTrips(res)).toBe(roundTrips(forFree));
    }
    const page = await get('/account/email/verify', { cookie: carryCookies(me.cookie, forTaken) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`We&#39;ve emailed a 6-digit code to <strong>${taken.email}</strong>`);
    // The owner is told, without a code; the code the asker could guess never works.
    const [notice, ...more] = await emailsTo(taken.email);
    expect(more).toEqual([]);
    expect(notice!.subject).toBe('Someone tried to use your email address on Pawtal');
    expect(() => codeFromEmail(notice!.text)).toThrow();
    const guess = await postForm('/account/email/verify', { code: '123456' }, { cookie: carryCookies(me.cookie, forTaken) });
    expect(guess.status).toBe(422);
    expect(await guess.text()).toContain('That code is not right. 4 tries left for this code.');
    expect((await accountRow(accountId)).email).toBeNull();
    expect(await sessionsOf(accountId)).toHaveLength(2);
    expect((await accountRow(taken.accountId)).email).toBe(taken.email);
    expect(await sessionsOf(taken.accountId)).toHaveLength(1);
  });

  it('a resend for an address of another account tells its owner again and still sends no code', async () => {
    const taken = await parentWithPassword();
    const { me, accountId } = await parentOnTwoDevices();
    const ask = await postForm('/account/email', { email: taken.email }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    expect(ask.status).toBe(303);
    // Let the 30 s between sends pass, in the address's guard.
    await runInDurableObject(credentialGuardForEmail(env as unknown as Env, taken.email), (_i: CredentialGuard, state) => {
      const verify = state.storage.kv.get<OtpState>('verify:v1')!;
      state.storage.kv.put('verify:v1', { ...verify, sends: verify.sends.map((t) => t - 60_000) });
    });
    const resend = await postForm('/account/email/resend', {}, { cookie: carryCookies(me.cookie, ask), headers: { 'cf-connecting-ip': freshIp() } });
    expect(resend.status).toBe(303);
    expect(resend.headers.get('location')).toBe('/account/email/verify?resent');
    let all = await emailsTo(taken.email);
    for (let i = 0; i < 60 && all.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      all = await emailsTo(taken.email);
    }
    expect(all.map((m) => m.subject)).toEqual(['Someone tried to use your email address on Pawtal', 'Someone tried to use your email address on Pawtal']);
    for (const mail of all) expect(() => codeFromEmail(mail.text)).toThrow();
    expect((await accountRow(accountId)).email).toBeNull();
  });

  it('counts asking for a taken address in the address’s guard, like a free one: a second ask at once waits', async () => {
    const taken = await parentWithPassword();
    const { me } = await parentOnTwoDevices();
    const free = uniqueEmail();
    for (const email of [free, taken.email]) {
      const first = await postForm('/account/email', { email }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
      expect(first.status).toBe(303);
      const again = await postForm('/account/email', { email }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
      expect(again.status).toBe(429);
      const html = await again.text();
      expect(html).toMatch(/Please wait \d+ seconds before asking for another code\./);
      expect(html).toContain('id="email-error"');
      expect(html).toContain(`value="${email}"`);
    }
  });

  it.each([
    ['malformed', 'robin at example', 'Enter an email address like name@example.com.'],
    ['empty', '', 'Enter your email address.'],
  ])('refuses a %s email with 422', async (_name, email, message) => {
    const { me } = await parentOnTwoDevices();
    const res = await postForm('/account/email', { email }, { cookie: me.cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
  });

  it('needs a recent sign-in: an older session gets 403, the confirm step, and changes nothing', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    await ageSession(me.tokenHash, 11 * MIN);
    const res = await postForm('/account/email', { email: uniqueEmail() }, { cookie: me.cookie });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain(CONFIRM_FIRST);
    expect(html).toContain('action="/account/confirm"');
    expect((await accountRow(accountId)).email).toBeNull();
    expect(await sessionsOf(accountId)).toHaveLength(2);
  });

  it('counts a code confirmed 9 minutes ago as recent, even on a month-old session', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    await db
      .update(schema.sessions)
      .set({ createdAt: new Date(Date.now() - 20 * 24 * 60 * MIN), authenticatedAt: new Date(Date.now() - 9 * MIN) })
      .where(eq(schema.sessions.tokenHash, me.tokenHash));
    await setEmail(me.cookie, uniqueEmail());
    expect((await accountRow(accountId)).email).not.toBeNull();
  });

  it('re-checks the recent sign-in in SQL: a write from a session that is no longer recent changes nothing', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    await ageSession(me.tokenHash, 11 * MIN);
    const [update, endOthers] = await db.batch(
      changeCredentialsStatements(db as unknown as Db, { tokenHash: me.tokenHash, now: Date.now(), email: uniqueEmail() }),
    );
    expect(update.rowsAffected).toBe(0);
    expect(endOthers.rowsAffected).toBe(0);
    expect((await accountRow(accountId)).email).toBeNull();
  });
});

describe('confirming it’s you by code', () => {
  it('texts a code to the account’s phone; the right code makes the session recent again', async () => {
    const { me, client, accountId } = await parentOnTwoDevices();
    await ageSession(me.tokenHash, 60 * MIN);
    const ask = await postForm('/account/confirm', { next: '/account' }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    expect(ask.status).toBe(303);
    expect(ask.headers.get('location')).toBe('/account/confirm?next=%2Faccount');
    const page = await get('/account/confirm?next=%2Faccount', { cookie: me.cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<input[^>]*autocomplete="one-time-code"[^>]*inputmode="numeric"/);

    const [sms] = await smsTo(client.phoneE164);
    const code = codeFromSms(sms!);
    const wrong = await postForm('/account/confirm/code', { code: code === '000000' ? '111111' : '000000', next: '/account' }, { cookie: me.cookie });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That code is not right. 4 tries left for this code.');

    const ok = await postForm('/account/confirm/code', { code, next: '/account' }, { cookie: me.cookie });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/account?saved=confirmed');
    const [row] = await sessionRow(me.tokenHash);
    expect(Date.now() - row!.authenticatedAt!.getTime()).toBeLessThan(10_000);

    const email = uniqueEmail();
    await setEmail(me.cookie, email);
    expect((await accountRow(accountId)).email).toBe(email);
  });

  it('goes back to the password page when it started there, and never anywhere else', async () => {
    const { me, client } = await parentOnTwoDevices();
    await ageSession(me.tokenHash, 60 * MIN);
    await postForm('/account/confirm', { next: '/account/password' }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    const code = codeFromSms((await smsTo(client.phoneE164))[0]!);
    const ok = await postForm('/account/confirm/code', { code, next: 'https://evil.example/' }, { cookie: me.cookie });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/account?saved=confirmed');
  });

  it('refuses a malformed code with 422 without asking the guard', async () => {
    const { me } = await parentOnTwoDevices();
    const res = await postForm('/account/confirm/code', { code: '12ab', next: '/account' }, { cookie: me.cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('The code is 6 digits');
  });
});

describe('POST /account/password', () => {
  it('sets the password from the account page and ends the other sessions; email sign-in then works', async () => {
    const { me, other, accountId } = await parentOnTwoDevices();
    const email = uniqueEmail();
    await setEmail(me.cookie, email);
    // The email change already ended `other`; sign in there again to see the password change end it too.
    const again = await signedInAs((await accountRow(accountId)).phoneE164);
    const res = await postForm('/account/password', { from: 'account', password: GOOD_PASSWORD }, { cookie: me.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account?saved=password');
    expect((await accountRow(accountId)).passwordHash).toMatch(/^pbkdf2-sha256\$/);
    expect((await sessionsOf(accountId)).map((r) => r.tokenHash)).toEqual([me.tokenHash]);
    expect(await sessionRow(again.tokenHash)).toHaveLength(0);
    expect(await sessionRow(other.tokenHash)).toHaveLength(0);
    expect((await postForm('/sign-in/email', { email, password: GOOD_PASSWORD }, { headers: { 'cf-connecting-ip': freshIp() } })).status).toBe(303);
  });

  it('changes an existing password: the old one stops working', async () => {
    const { other: me, email, password, accountId } = await parentWithPassword();
    const res = await postForm('/account/password', { password: 'completely new words' }, { cookie: me.cookie });
    expect(res.status).toBe(303);
    expect((await sessionsOf(accountId)).map((r) => r.tokenHash)).toEqual([me.tokenHash]);
    expect((await postForm('/sign-in/email', { email, password }, { headers: { 'cf-connecting-ip': freshIp() } })).status).toBe(422);
    expect((await postForm('/sign-in/email', { email, password: 'completely new words' }, { headers: { 'cf-connecting-ip': freshIp() } })).status).toBe(303);
  });

  it.each([
    ['common', 'iloveyou123', PASSWORD_MESSAGES.common],
    ['too short', 'v3ry', PASSWORD_MESSAGES.too_short],
    ['the parent’s name', 'Robin Parker', PASSWORD_MESSAGES.name],
    ['empty', '', 'Choose a password.'],
  ])('refuses a %s password with 422 and the message beside the field', async (_name, password, message) => {
    const { me, accountId } = await parentOnTwoDevices();
    for (const from of ['account', 'page']) {
      const res = await postForm('/account/password', { from, password, email: uniqueEmail() }, { cookie: me.cookie });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('id="password-error"');
      if (password) expect(html).not.toContain(password);
    }
    expect((await accountRow(accountId)).passwordHash).toBeNull();
    expect(await sessionsOf(accountId)).toHaveLength(2);
  });

  it('needs a recent sign-in: an older session gets 403 and the hash is unchanged', async () => {
    const { other: me, passwordHash, accountId } = await parentWithPassword();
    await ageSession(me.tokenHash, 11 * MIN);
    for (const from of ['account', 'page']) {
      const res = await postForm('/account/password', { from, password: 'completely new words' }, { cookie: me.cookie });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain(CONFIRM_FIRST);
    }
    expect((await accountRow(accountId)).passwordHash).toBe(passwordHash);
  });
});

describe('GET /account/password (where registration leads)', () => {
  it('offers email and password for an account without an email, with a way to skip', async () => {
    const { me } = await parentOnTwoDevices();
    const res = await get('/account/password', { cookie: me.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Set a password');
    expect(html).toMatch(/<input[^>]*id="email"[^>]*type="email"/);
    expect(html).toMatch(/<input[^>]*id="password"[^>]*type="password"[^>]*autocomplete="new-password"/);
    expect(html).toContain('Skip for now');
  });

  it('offers the email the businesses have on file, and only the signed-in parent sees it', async () => {
    const alpha = await createBusiness({ name: 'Alpha Offers' });
    const beta = await createBusiness({ name: 'Beta Offers' });
    const mine = await createClientRecord(alpha.id, { email: `Robin.${crypto.randomUUID().slice(0, 8)}@Alpha.example` });
    await createClientRecord(beta.id, { phoneE164: mine.phoneE164, email: null });
    const other = await createClientRecord(alpha.id, { email: `other.${crypto.randomUUID().slice(0, 8)}@alpha.example` });
    const me = await signedInAs(mine.phoneE164);
    const res = await get('/account/password', { cookie: me.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`<input[^>]*id="email"[^>]*type="email" value="${mine.email!.toLowerCase()}"`));
    expect(html).toContain('The email your business has on file.');
    expect(html).not.toContain(other.email!);
    // Someone not signed in is sent to sign in, and sees no address.
    const anonymous = await get('/account/password');
    expect(anonymous.status).toBe(303);
    expect(await anonymous.text()).not.toContain('@alpha.example');
  });

  it('offers every distinct address on file when the businesses have different ones', async () => {
    const alpha = await createBusiness({ name: 'Alpha Two' });
    const beta = await createBusiness({ name: 'Beta Two' });
    const tag = crypto.randomUUID().slice(0, 8);
    const mine = await createClientRecord(alpha.id, { email: `a.${tag}@alpha.example` });
    await createClientRecord(beta.id, { phoneE164: mine.phoneE164, email: `b.${tag}@beta.example` });
    const me = await signedInAs(mine.phoneE164);
    const html = await (await get('/account/password', { cookie: me.cookie })).text();
    expect(html).toMatch(new RegExp(`<input[^>]*id="email"[^>]*value="a.${tag}@alpha.example"`));
    expect(html).toContain(`Your businesses have these on file: a.${tag}@alpha.example, b.${tag}@beta.example.`);
  });

  it('sets both at once; the email is required there', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    const missing = await postForm('/account/password', { password: GOOD_PASSWORD }, { cookie: me.cookie });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Enter your email address: you will sign in with it.');

    const email = uniqueEmail();
    const res = await postForm('/account/password', { email, password: GOOD_PASSWORD }, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
    // The password is saved at once; the email once its code comes back.
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/email/verify');
    expect((await accountRow(accountId)).passwordHash).toMatch(/^pbkdf2-sha256\$/);
    expect((await accountRow(accountId)).email).toBeNull();
    const verified = await postForm('/account/email/verify', { code: await lastCodeTo(email) }, { cookie: carryCookies(me.cookie, res) });
    expect(verified.status).toBe(303);
    expect((await accountRow(accountId)).email).toBe(email);
    expect((await postForm('/sign-in/email', { email, password: GOOD_PASSWORD }, { headers: { 'cf-connecting-ip': freshIp() } })).status).toBe(303);
  });

  it('answers an address of another account as a free one: the password is saved, the email is not; its owner is told', async () => {
    const taken = await parentWithPassword();
    const { me, accountId } = await parentOnTwoDevices();
    const res = await postForm(
      '/account/password',
      { email: taken.email, password: GOOD_PASSWORD },
      { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/email/verify');
    expect((await accountRow(accountId)).passwordHash).toMatch(/^pbkdf2-sha256\$/);
    expect((await accountRow(accountId)).email).toBeNull();
    const [notice] = await emailsTo(taken.email);
    expect(notice!.subject).toBe('Someone tried to use your email address on Pawtal');
    expect((await accountRow(taken.accountId)).passwordHash).toBe(taken.passwordHash);
  });

  it('refuses the new email itself as the password', async () => {
    const { me } = await parentOnTwoDevices();
    const email = uniqueEmail();
    const res = await postForm('/account/password', { email, password: email }, { cookie: me.cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(PASSWORD_MESSAGES.email);
  });
});

describe('POST /account/sign-out-everywhere', () => {
  it('ends every session of the account, this one included, and clears the cookie', async () => {
    const { me, other, accountId, client } = await parentOnTwoDevices();
    const stranger = await signedInAs((await createClientRecord(client.businessId)).phoneE164);
    const res = await postForm('/account/sign-out-everywhere', {}, { cookie: me.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?signed_out');
    expect(setCookies(res).get('__Host-pawtal_session')?.raw).toMatch(/Max-Age=0/);
    expect(await sessionsOf(accountId)).toHaveLength(0);
    for (const cookie of [me.cookie, other.cookie]) {
      expect((await get(`/c/${client.id}/appointments`, { cookie })).status).toBe(303);
    }
    // Another account's session is untouched.
    expect(await sessionRow(stranger.tokenHash)).toHaveLength(1);
  });

  it('needs no recent sign-in (anyone holding the session may end it everywhere)', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    await ageSession(me.tokenHash, 60 * MIN);
    expect((await postForm('/account/sign-out-everywhere', {}, { cookie: me.cookie })).status).toBe(303);
    expect(await sessionsOf(accountId)).toHaveLength(0);
  });
});

describe('the account page in Spanish, and the choice of language', () => {
  it('is Spanish for a Spanish browser, with the language form (Español selected)', async () => {
    const { me } = await parentOnTwoDevices();
    const res = await get('/account', { cookie: me.cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="account-heading">Su cuenta</h1>');
    expect(html).toMatch(/<dt>Contraseña<\/dt><dd>Sin definir<\/dd>/);
    expect(html).toContain('Correo electrónico y contraseña');
    expect(html).toContain('Cerrar sesión en todos los dispositivos');
    expect(html).toContain('<h2 id="your-data-heading">Sus datos</h2>');
    expect(html).toContain('Agregar una llave de acceso');
    expect(html).toMatch(/<form method="post" action="\/language" hx-boost="false">/);
    expect(html).toMatch(/<option value="es" lang="es" selected="">Español<\/option>/);
    expect(html).toContain('<option value="en" lang="en">English</option>');
    expect(html).toContain('<input type="hidden" name="back" value="/account"/>');
    expect(html).toContain('Guardar idioma');
    expect(html).not.toContain('Sign out everywhere');
    expect(html).not.toContain('Your details at each business');
  });

  it('offers the language form in English with English selected', async () => {
    const { me } = await parentOnTwoDevices();
    const html = await (await get('/account', { cookie: me.cookie })).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toMatch(/<label for="language">Language<\/label><select id="language" name="language">/);
    expect(html).toMatch(/<option value="en" lang="en" selected="">English<\/option>/);
    expect(html).toContain('<option value="es" lang="es">Español</option>');
    expect(html).toContain('Save language');
  });

  it('says in Spanish that a change needs a code first', async () => {
    const { me } = await parentOnTwoDevices();
    await ageSession(me.tokenHash, 11 * MIN);
    const res = await postForm('/account/email', { email: uniqueEmail() }, { cookie: me.cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Por su seguridad, confirme que es usted con un código antes de cambiar su correo electrónico o su contraseña.');
    expect(html).toContain('Enviarme un código');
    expect(html).not.toContain(CONFIRM_FIRST);
  });

  it('keeps the choice on the account: after POST /language es, the page is Spanish with only the session cookie; an unknown language is refused', async () => {
    const { me, accountId } = await parentOnTwoDevices();
    const res = await postForm('/language', { language: 'es', back: '/account' }, { cookie: me.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    expect((await accountRow(accountId)).language).toBe('es');

    // No pawtal_lang cookie, no Accept-Language: only the account's stored choice.
    const page = await get('/account', { cookie: me.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="account-heading">Su cuenta</h1>');
    expect(html).toMatch(/<option value="es" lang="es" selected="">Español<\/option>/);
    expect(html).not.toContain('Sign out everywhere');

    const bad = await postForm('/language', { language: 'xx', back: '/account' }, { cookie: me.cookie });
    expect(bad.status).toBe(400);
    expect((await accountRow(accountId)).language).toBe('es');
    const still = await (await get('/account', { cookie: me.cookie })).text();
    expect(still).toContain('<html lang="es"');
    expect(still).toContain('<h1 id="account-heading">Su cuenta</h1>');
  });
});
