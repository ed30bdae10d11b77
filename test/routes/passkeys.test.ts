/**
 * Parents' passkeys (issue 15 item 2) through the real Worker and database, with a software
 * passkey (test/helpers/webauthn.ts) answering the server's WebAuthn options: adding one from
 * the account, signing in with it instead of a text-message code (the same session an SMS
 * sign-in makes), and every refusal — a removed passkey, another account's credential, a
 * replayed challenge, another origin or RP ID, no user verification, a sign-in not recent enough.
 */
import { describe, expect, it } from 'vitest';
import { exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '../../src/domain/passkeys';
import * as schema from '../../src/db/schema';
import { createBusiness, createClientRecord, db, signedInAs } from '../helpers/factories';
import { get, ORIGIN, postForm, setCookies } from '../helpers/http';
import { SoftPasskey } from '../helpers/webauthn';
import { MAX_PASSKEY_CHALLENGES_PER_IP_PER_HOUR } from '../../src/domain/otp-policy';

/** The page script's `fetch(options, { method: 'POST' })`. */
async function options<T>(path: string, cookie?: string): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin' };
  if (cookie) headers.cookie = cookie;
  const res = await exports.default.fetch(new Request(ORIGIN + path, { method: 'POST', headers, body: '{}', redirect: 'manual' }));
  expect(res.headers.get('cache-control')).toContain('no-store');
  return { status: res.status, json: (await res.json()) as T };
}

async function parent() {
  const business = await createBusiness();
  const client = await createClientRecord(business.id);
  const signedIn = await signedInAs(client.phoneE164);
  return { business, client, ...signedIn };
}

/** A parent with a passkey added through the routes. */
async function parentWithPasskey() {
  const p = await parent();
  const passkey = await SoftPasskey.create(ORIGIN);
  const { json } = await options<PublicKeyCredentialCreationOptionsJSON>('/account/passkeys/options', p.cookie);
  const res = await postForm('/account/passkeys', { response: await passkey.register(json), name: 'My phone' }, { cookie: p.cookie });
  expect(res.status).toBe(303);
  return { ...p, passkey };
}

async function signInWith(passkey: SoftPasskey, spoil: Parameters<SoftPasskey['assert']>[1] = {}) {
  const { json } = await options<PublicKeyCredentialRequestOptionsJSON>('/sign-in/passkey/options');
  const response = await passkey.assert(json, spoil);
  return { res: await postForm('/sign-in/passkey', { response }), response, challenge: json.challenge };
}

function passkeysOf(accountId: string) {
  return db.select().from(schema.passkeys).where(eq(schema.passkeys.accountId, accountId));
}

describe('GET /sign-in', () => {
  it('has the passkey button, hidden until the page script finds WebAuthn (without JS nothing changes)', async () => {
    const html = await (await get('/sign-in')).text();
    expect(html).toMatch(/<form[^>]*action="\/sign-in\/passkey"[^>]*data-passkey="authenticate"[^>]*data-options="\/sign-in\/passkey\/options"[^>]*hidden/);
    expect(html).toContain('Sign in with a passkey');
    expect(html).toContain('Text me a code');
  });
});

describe('POST /account/passkeys/options', () => {
  it('asks for a discoverable credential with user verification, for this host, the challenge stored server-side', async () => {
    const p = await parent();
    const { status, json } = await options<PublicKeyCredentialCreationOptionsJSON>('/account/passkeys/options', p.cookie);
    expect(status).toBe(200);
    expect(json.rp.id).toBe('pawtal.test');
    expect(json.authenticatorSelection).toMatchObject({ residentKey: 'required', requireResidentKey: true, userVerification: 'required' });
    expect(json.attestation).toBe('none');
    const [stored] = await db.select().from(schema.webauthnChallenges).where(eq(schema.webauthnChallenges.challenge, json.challenge));
    expect(stored).toMatchObject({ purpose: 'parent_register', subjectId: p.accountId });
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(5 * 60 * 1000);
  });

  it('answers 403 when the sign-in is not recent (as a password change would)', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const { cookie } = await signedInAs(client.phoneE164, { createdAt: Date.now() - 60 * 60 * 1000 });
    const { status } = await options('/account/passkeys/options', cookie);
    expect(status).toBe(403);
  });
});

describe('POST /account/passkeys', () => {
  it('saves the passkey and lists it with its name and dates', async () => {
    const p = await parentWithPasskey();
    const rows = await passkeysOf(p.accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ credentialId: p.passkey.credentialId, name: 'My phone', staffAccountId: null, lastUsedAt: null });
    const page = await get('/account/passkeys?added', { cookie: p.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Your passkey is saved');
    expect(html).toContain('<strong>My phone</strong>');
    expect(html).toContain('Not used yet.');
  });

  it('refuses a response made for another origin (422, nothing saved)', async () => {
    const p = await parent();
    const passkey = await SoftPasskey.create(ORIGIN);
    const { json } = await options<PublicKeyCredentialCreationOptionsJSON>('/account/passkeys/options', p.cookie);
    const res = await postForm('/account/passkeys', { response: await passkey.register(json, { origin: 'https://evil.test' }) }, { cookie: p.cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Your passkey was not saved');
    expect(await passkeysOf(p.accountId)).toHaveLength(0);
  });

  it('refuses a credential made without user verification', async () => {
    const p = await parent();
    const passkey = await SoftPasskey.create(ORIGIN);
    const { json } = await options<PublicKeyCredentialCreationOptionsJSON>('/account/passkeys/options', p.cookie);
    const res = await postForm('/account/passkeys', { response: await passkey.register(json, { userVerified: false }) }, { cookie: p.cookie });
    expect(res.status).toBe(422);
    expect(await passkeysOf(p.accountId)).toHaveLength(0);
  });

  it('refuses a challenge issued to another account, and a replayed one', async () => {
    const a = await parent();
    const b = await parent();
    const passkey = await SoftPasskey.create(ORIGIN);
    const { json } = await options<PublicKeyCredentialCreationOptionsJSON>('/account/passkeys/options', a.cookie);
    const response = await passkey.register(json);
    // B's session posts A's ceremony: the challenge was not issued to B.
    expect((await postForm('/account/passkeys', { response }, { cookie: b.cookie })).status).toBe(422);
    expect((await postForm('/account/passkeys', { response }, { cookie: a.cookie })).status).toBe(303);
    // The same answer again: the challenge is used up.
    const again = await postForm('/account/passkeys', { response }, { cookie: a.cookie });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('That took too long, or the page was used already');
    expect(await passkeysOf(b.accountId)).toHaveLength(0);
    expect(await passkeysOf(a.accountId)).toHaveLength(1);
  });
});

describe('POST /sign-in/passkey', () => {
  it('signs the parent in with the session an SMS sign-in makes, and sends no text', async () => {
    const p = await parentWithPasskey();
    const { res } = await signInWith(p.passkey);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${p.client.id}/appointments`);
    const cookie = setCookies(res).get('__Host-pawtal_session');
    expect(cookie?.raw).toMatch(/HttpOnly/i);
    expect(cookie?.raw).toMatch(/Secure/i);
    const home = await get(`/c/${p.client.id}/appointments`, { cookie: `__Host-pawtal_session=${cookie!.value}` });
    expect(home.status).toBe(200);
    const sessions = await db.select().from(schema.sessions).where(eq(schema.sessions.accountId, p.accountId));
    expect(sessions).toHaveLength(2);
    const [row] = await passkeysOf(p.accountId);
    expect(row!.lastUsedAt).not.toBeNull();
    expect(row!.signCount).toBe(1);
    expect(await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, p.client.phoneE164))).toHaveLength(0);
  });

  it('refuses a replayed challenge: the same answer twice, or a new signature over a used challenge', async () => {
    const p = await parentWithPasskey();
    const first = await signInWith(p.passkey);
    expect(first.res.status).toBe(303);
    const replay = await postForm('/sign-in/passkey', { response: first.response });
    expect(replay.status).toBe(422);
    expect(setCookies(replay).has('__Host-pawtal_session')).toBe(false);
    const { json } = await options<PublicKeyCredentialRequestOptionsJSON>('/sign-in/passkey/options');
    const resigned = await postForm('/sign-in/passkey', { response: await p.passkey.assert(json, { challenge: first.challenge }) });
    expect(resigned.status).toBe(422);
  });

  it('refuses an answer made for another origin or another RP ID', async () => {
    const p = await parentWithPasskey();
    const origin = await signInWith(p.passkey, { origin: 'https://evil.test' });
    expect(origin.res.status).toBe(422);
    expect(await origin.res.text()).toContain('That passkey did not work');
    const rp = await signInWith(p.passkey, { rpId: 'evil.test' });
    expect(rp.res.status).toBe(422);
    expect(setCookies(rp.res).has('__Host-pawtal_session')).toBe(false);
  });

  it('refuses an answer without user verification', async () => {
    const p = await parentWithPasskey();
    expect((await signInWith(p.passkey, { userVerified: false })).res.status).toBe(422);
  });

  it('refuses a credential presented for another account (its user handle is not the passkey’s account)', async () => {
    const a = await parentWithPasskey();
    const b = await parentWithPasskey();
    const { res } = await signInWith(a.passkey, { userHandle: b.passkey.userHandle! });
    expect(res.status).toBe(422);
    expect(setCookies(res).has('__Host-pawtal_session')).toBe(false);
  });

  it('refuses a passkey that is not on file', async () => {
    const stranger = await SoftPasskey.create(ORIGIN);
    stranger.userHandle = 'YWNjX25vYm9keQ';
    const { res } = await signInWith(stranger);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('We don’t know that passkey');
  });
});

describe('POST /account/passkeys/:passkeyId/remove', () => {
  it('removes the passkey, which then cannot sign in', async () => {
    const p = await parentWithPasskey();
    const [row] = await passkeysOf(p.accountId);
    const res = await postForm(`/account/passkeys/${row!.id}/remove`, {}, { cookie: p.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/passkeys?removed');
    expect(await passkeysOf(p.accountId)).toHaveLength(0);
    const { res: signIn } = await signInWith(p.passkey);
    expect(signIn.status).toBe(422);
    expect(await signIn.text()).toContain('We don’t know that passkey');
  });

  it('answers 404 for another account’s passkey and removes nothing', async () => {
    const a = await parentWithPasskey();
    const b = await parent();
    const [row] = await passkeysOf(a.accountId);
    expect((await postForm(`/account/passkeys/${row!.id}/remove`, {}, { cookie: b.cookie })).status).toBe(404);
    expect(await passkeysOf(a.accountId)).toHaveLength(1);
  });
});

describe('GET /account', () => {
  it('offers "Add a passkey" (for the page script) and links to the passkeys page', async () => {
    const p = await parent();
    const html = await (await get('/account', { cookie: p.cookie })).text();
    expect(html).toMatch(/<form[^>]*action="\/account\/passkeys"[^>]*data-passkey="register"[^>]*hidden/);
    expect(html).toContain('href="/account/passkeys"');
  });
});

describe('passkey sign-in options, per network', () => {
  it('issues at most 60 challenges an hour to one IP address, then says so (429) and stores no more', async () => {
    const ip = '198.51.100.77';
    const ask = () =>
      exports.default.fetch(
        new Request(`${ORIGIN}/sign-in/passkey/options`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'cf-connecting-ip': ip },
          body: '{}',
        }),
      );
    const before = (await db.select().from(schema.webauthnChallenges)).length;
    for (let i = 0; i < MAX_PASSKEY_CHALLENGES_PER_IP_PER_HOUR; i++) expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^Too many passkey tries from this network\. Try again in \d+ minutes?/);
    expect((await db.select().from(schema.webauthnChallenges)).length - before).toBe(MAX_PASSKEY_CHALLENGES_PER_IP_PER_HOUR);
    // Another network is not affected.
    const other = await exports.default.fetch(
      new Request(`${ORIGIN}/sign-in/passkey/options`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'cf-connecting-ip': '198.51.100.78' },
        body: '{}',
      }),
    );
    expect(other.status).toBe(200);
  });
});

describe('passkeys in Spanish', () => {
  it('shows the passkeys page in Spanish, with Spanish dates', async () => {
    const p = await parentWithPasskey();
    const res = await get('/account/passkeys?added', { cookie: p.cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="passkeys-heading">Llaves de acceso</h1>');
    expect(html).toContain('Su llave de acceso se guardó.');
    expect(html).toContain('Agregada el ');
    expect(html).toContain('Todavía no se ha usado.');
    expect(html).toContain('aria-label="Quitar My phone"');
    expect(html).toContain('← Volver a su cuenta');
    expect(html).not.toContain('A passkey signs you in');
    expect(html).not.toContain('Not used yet.');
  });

  it('says in Spanish why a passkey was not saved', async () => {
    const p = await parent();
    const passkey = await SoftPasskey.create(ORIGIN);
    const { json } = await options<PublicKeyCredentialCreationOptionsJSON>('/account/passkeys/options', p.cookie);
    const res = await postForm(
      '/account/passkeys',
      { response: await passkey.register(json, { origin: 'https://evil.test' }) },
      { cookie: p.cookie, headers: { 'accept-language': 'es' } },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Su llave de acceso no se guardó. Inténtelo de nuevo.');
    expect(html).not.toContain('Your passkey was not saved');
  });
});
