/**
 * Staff passkeys (issue 15 item 2) through the real Worker and database, with a software
 * passkey: added on /manage/passkeys, then used instead of password + TOTP (a new session with
 * its second factor passed) or as the second factor after the password (only the account's own
 * passkey counts), removed, and refused when replayed or made for another origin.
 */
import { describe, expect, it } from 'vitest';
import { exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '../../../src/domain/passkeys';
import * as schema from '../../../src/db/schema';
import { createBusiness, db } from '../../helpers/factories';
import { get, ORIGIN, postForm, setCookies } from '../../helpers/http';
import { STAFF_PASSWORD, createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';
import { SoftPasskey } from '../../helpers/webauthn';

async function options<T>(path: string, cookie?: string): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin' };
  if (cookie) headers.cookie = cookie;
  const res = await exports.default.fetch(new Request(ORIGIN + path, { method: 'POST', headers, body: '{}', redirect: 'manual' }));
  return { status: res.status, json: (await res.json()) as T };
}

function staffCookie(res: Response): string | undefined {
  const cookie = setCookies(res).get('__Host-pawtal_staff');
  return cookie ? `__Host-pawtal_staff=${cookie.value}` : undefined;
}

/** An owner with TOTP set up (so the password alone opens nothing) and a passkey added through the routes. */
async function ownerWithPasskey() {
  const business = await createBusiness();
  const staff = await createStaffAccount({ businessId: business.id, role: 'owner', totp: true });
  const { cookie } = await staffSignedIn(staff.id);
  const passkey = await SoftPasskey.create(ORIGIN);
  const { status, json } = await options<PublicKeyCredentialCreationOptionsJSON>('/manage/passkeys/options', cookie);
  expect(status).toBe(200);
  expect(json.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
  const res = await postForm('/manage/passkeys', { response: await passkey.register(json), name: 'Desk key' }, { cookie });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/manage/passkeys?added');
  return { business, staff, cookie, passkey };
}

function passkeysOf(staffAccountId: string) {
  return db.select().from(schema.passkeys).where(eq(schema.passkeys.staffAccountId, staffAccountId));
}

async function passwordOnly(email: string) {
  const res = await postForm('/manage/sign-in', { email, password: STAFF_PASSWORD });
  expect(res.headers.get('location')).toBe('/manage/two-step');
  return staffCookie(res)!;
}

describe('/manage/passkeys', () => {
  it('lists the passkey added, with Remove', async () => {
    const { staff, cookie } = await ownerWithPasskey();
    const html = await (await get('/manage/passkeys?added', { cookie })).text();
    expect(html).toContain('<strong>Desk key</strong>');
    expect(html).toContain('Your passkey is saved');
    const [row] = await passkeysOf(staff.id);
    expect(html).toContain(`action="/manage/passkeys/${row!.id}/remove"`);
  });

  it('is linked from every console page’s sections', async () => {
    const { staff, cookie } = await ownerWithPasskey();
    const [membership] = await db.select().from(schema.staffMemberships).where(eq(schema.staffMemberships.staffAccountId, staff.id));
    const inbox = await (await get(`/manage/${membership!.businessId}/inbox`, { cookie })).text();
    expect(inbox).toContain('<a href="/manage/passkeys">Your passkeys</a>');
  });

  it('is closed to a session still owing its second factor', async () => {
    const business = await createBusiness();
    const staff = await createStaffAccount({ businessId: business.id, role: 'owner', totp: true });
    const { cookie } = await staffSignedIn(staff.id, { pending: true });
    expect((await get('/manage/passkeys', { cookie })).headers.get('location')).toBe('/manage/two-step');
    expect((await options('/manage/passkeys/options', cookie)).status).toBe(403);
  });

  it('answers 404 when removing another staff member’s passkey', async () => {
    const a = await ownerWithPasskey();
    const b = await ownerWithPasskey();
    const [row] = await passkeysOf(a.staff.id);
    expect((await postForm(`/manage/passkeys/${row!.id}/remove`, {}, { cookie: b.cookie })).status).toBe(404);
    expect(await passkeysOf(a.staff.id)).toHaveLength(1);
  });
});

describe('POST /manage/sign-in/passkey', () => {
  it('signs in with the passkey alone: a session with both factors passed', async () => {
    const { business, passkey } = await ownerWithPasskey();
    const { json } = await options<PublicKeyCredentialRequestOptionsJSON>('/manage/sign-in/passkey/options');
    const res = await postForm('/manage/sign-in/passkey', { response: await passkey.assert(json) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage');
    const cookie = staffCookie(res);
    const inbox = await get(`/manage/${business.id}/inbox`, { cookie });
    expect(inbox.status).toBe(200);
  });

  it('refuses a replayed answer, another origin, and a removed passkey', async () => {
    const { staff, cookie, passkey } = await ownerWithPasskey();
    const { json } = await options<PublicKeyCredentialRequestOptionsJSON>('/manage/sign-in/passkey/options');
    const response = await passkey.assert(json);
    expect((await postForm('/manage/sign-in/passkey', { response })).status).toBe(303);
    const replay = await postForm('/manage/sign-in/passkey', { response });
    expect(replay.status).toBe(422);
    expect(staffCookie(replay)).toBeUndefined();

    const other = await options<PublicKeyCredentialRequestOptionsJSON>('/manage/sign-in/passkey/options');
    expect((await postForm('/manage/sign-in/passkey', { response: await passkey.assert(other.json, { origin: 'https://evil.test' }) })).status).toBe(422);

    const [row] = await passkeysOf(staff.id);
    expect((await postForm(`/manage/passkeys/${row!.id}/remove`, {}, { cookie })).status).toBe(303);
    const after = await options<PublicKeyCredentialRequestOptionsJSON>('/manage/sign-in/passkey/options');
    const removed = await postForm('/manage/sign-in/passkey', { response: await passkey.assert(after.json) });
    expect(removed.status).toBe(422);
    expect(await removed.text()).toContain('We don’t know that passkey');
  });

  it('does not let a parent’s passkey into the console', async () => {
    const stranger = await SoftPasskey.create(ORIGIN);
    stranger.userHandle = 'c3RhX25vYm9keQ';
    const { json } = await options<PublicKeyCredentialRequestOptionsJSON>('/manage/sign-in/passkey/options');
    expect((await postForm('/manage/sign-in/passkey', { response: await stranger.assert(json) })).status).toBe(422);
  });
});

describe('POST /manage/two-step/passkey', () => {
  it('passes the second factor after the password with the account’s own passkey', async () => {
    const { business, staff, passkey } = await ownerWithPasskey();
    const cookie = await passwordOnly(staff.email);
    const twoStep = await (await get('/manage/two-step', { cookie })).text();
    expect(twoStep).toContain('Use a passkey instead');
    const { json } = await options<PublicKeyCredentialRequestOptionsJSON>('/manage/two-step/passkey/options', cookie);
    expect(json.allowCredentials?.map((c) => c.id)).toEqual([passkey.credentialId]);
    const res = await postForm('/manage/two-step/passkey', { response: await passkey.assert(json) }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage');
    expect((await get(`/manage/${business.id}/inbox`, { cookie })).status).toBe(200);
  });

  it('refuses another staff member’s passkey as the second factor', async () => {
    const a = await ownerWithPasskey();
    const b = await ownerWithPasskey();
    const cookie = await passwordOnly(a.staff.email);
    const { json } = await options<PublicKeyCredentialRequestOptionsJSON>('/manage/two-step/passkey/options', cookie);
    const res = await postForm('/manage/two-step/passkey', { response: await b.passkey.assert(json) }, { cookie });
    expect(res.status).toBe(422);
    expect((await get(`/manage/${a.business.id}/inbox`, { cookie })).headers.get('location')).toBe('/manage/two-step');
  });
});
