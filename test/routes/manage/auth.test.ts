/**
 * Signing in to the business console through the real Worker, credential guard and libSQL:
 * password, the second factor (TOTP each good once, recovery codes once), enrolment, the
 * console's own cookie and its 12-hour idle limit.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { totpCode, totpStep } from '../../../src/domain/two-step';
import { createBusiness, db } from '../../helpers/factories';
import { get, postForm, setCookies } from '../../helpers/http';
import { STAFF_PASSWORD, createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function signIn(email: string, password = STAFF_PASSWORD) {
  const res = await postForm('/manage/sign-in', { email, password });
  const cookie = setCookies(res).get('__Host-pawtal_staff');
  return { res, cookie: cookie ? `__Host-pawtal_staff=${cookie.value}` : undefined, raw: cookie?.raw };
}

describe('POST /manage/sign-in', () => {
  it('signs a staff member of a business without two-step straight in, with the console’s own __Host- cookie', async () => {
    const business = await createBusiness();
    const staff = await createStaffAccount({ businessId: business.id, role: 'staff' });
    const { res, cookie, raw } = await signIn(staff.email);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage');
    expect(raw).toMatch(/Secure/);
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Lax/);
    expect(raw).toMatch(/Path=\//);
    const home = await get('/manage', { cookie });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe(`/manage/${business.id}/inbox`);
    // A parent's cookie name never opens the console, nor this one the portal.
    expect((await get(`/manage/${business.id}/inbox`, { cookie: cookie!.replace('pawtal_staff', 'pawtal_session') })).headers.get('location')).toBe(
      '/manage/sign-in',
    );
  });

  it('refuses a wrong password and an unknown email with the same words, and changes nothing', async () => {
    const business = await createBusiness();
    const staff = await createStaffAccount({ businessId: business.id });
    const wrong = await signIn(staff.email, 'not the password at all');
    const unknown = await signIn('nobody.here@example.com');
    expect(wrong.res.status).toBe(422);
    expect(unknown.res.status).toBe(422);
    expect(await wrong.res.text()).toContain('The email or password is not right.');
    expect(await unknown.res.text()).toContain('The email or password is not right.');
    expect(wrong.cookie).toBeUndefined();
    expect(await db.select().from(schema.staffSessions).where(eq(schema.staffSessions.staffAccountId, staff.id))).toHaveLength(0);
  });

  it('pauses password sign-in for an email after repeated wrong passwords, even for the right one then', async () => {
    const business = await createBusiness();
    const staff = await createStaffAccount({ businessId: business.id });
    let last: Response | undefined;
    for (let i = 0; i < 12; i++) last = (await signIn(staff.email, `wrong password ${i}`)).res;
    expect(last!.status).toBe(429);
    const right = await signIn(staff.email);
    expect(right.res.status).toBe(429);
    expect(await right.res.text()).toContain('Sign-in is paused');
  });

  it('sends an owner without a second factor to set one up, and opens no console page until then', async () => {
    const business = await createBusiness();
    const owner = await createStaffAccount({ businessId: business.id, role: 'owner' });
    const { res, cookie } = await signIn(owner.email);
    expect(res.headers.get('location')).toBe('/manage/two-step/setup');
    const inbox = await get(`/manage/${business.id}/inbox`, { cookie });
    expect(inbox.status).toBe(303);
    expect(inbox.headers.get('location')).toBe('/manage/two-step/setup');
  });
});

describe('the second factor', () => {
  async function pendingOwner(opts: { totp?: boolean } = { totp: true }) {
    const business = await createBusiness();
    const owner = await createStaffAccount({ businessId: business.id, role: 'owner', totp: opts.totp });
    const { cookie, res } = await signIn(owner.email);
    return { business, owner, cookie: cookie!, res };
  }

  it('asks for the code, takes the current one, and opens the console', async () => {
    const { business, owner, cookie, res } = await pendingOwner();
    expect(res.headers.get('location')).toBe('/manage/two-step');
    const form = await get('/manage/two-step', { cookie });
    expect(await form.text()).toContain('autocomplete="one-time-code"');
    const code = totpCode(owner.secret!, totpStep(Date.now()));
    const ok = await postForm('/manage/two-step', { code: `${code.slice(0, 3)} ${code.slice(3)}` }, { cookie });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/manage');
    expect((await get(`/manage/${business.id}/inbox`, { cookie })).status).toBe(200);
  });

  it('refuses a wrong code, and a code used already (in another session), with clear words', async () => {
    const { owner, cookie } = await pendingOwner();
    const wrong = await postForm('/manage/two-step', { code: '000000' === totpCode(owner.secret!, totpStep(Date.now())) ? '111111' : '000000' }, { cookie });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That code is not right.');
    const code = totpCode(owner.secret!, totpStep(Date.now()));
    expect((await postForm('/manage/two-step', { code }, { cookie })).status).toBe(303);
    const second = (await signIn(owner.email)).cookie!;
    const reused = await postForm('/manage/two-step', { code }, { cookie: second });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain('That code was used already.');
  });

  it('enrols: the secret shown, a code confirms it, ten recovery codes shown once; one of them signs in once', async () => {
    const { business, owner, cookie } = await pendingOwner({ totp: false });
    const page = await (await get('/manage/two-step/setup', { cookie })).text();
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(page)![1]!.replace(/ /g, '');
    const sealed = /name="sealed" value="([^"]+)"/.exec(page)![1]!;
    expect(page).toContain('otpauth://totp/');
    const bad = await postForm('/manage/two-step/setup', { sealed, code: '12345' }, { cookie });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter the 6-digit code');
    const done = await postForm('/manage/two-step/setup', { sealed, code: totpCode(secret, totpStep(Date.now())) }, { cookie });
    expect(done.status).toBe(200);
    const codes = [...(await done.text()).matchAll(/<li><code>([a-z2-7]{5}-[a-z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    const stored = await db.select().from(schema.staffRecoveryCodes).where(eq(schema.staffRecoveryCodes.staffAccountId, owner.id));
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(codes[0]!.replace('-', ''));
    expect((await get(`/manage/${business.id}/inbox`, { cookie })).status).toBe(200);

    // Later, without the phone: a recovery code works once.
    const next = (await signIn(owner.email)).cookie!;
    expect((await postForm('/manage/two-step', { recovery: codes[3]!.toUpperCase() }, { cookie: next })).headers.get('location')).toBe('/manage');
    const again = (await signIn(owner.email)).cookie!;
    const reused = await postForm('/manage/two-step', { recovery: codes[3]! }, { cookie: again });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain('That recovery code is not right, or it was used already.');
  });

  it('a business requiring two-step sign-in asks it of staff too', async () => {
    const business = await createBusiness({ requireTwoStep: true });
    const staff = await createStaffAccount({ businessId: business.id, role: 'staff' });
    const { res, cookie } = await signIn(staff.email);
    expect(res.headers.get('location')).toBe('/manage/two-step/setup');
    expect((await get(`/manage/${business.id}/inbox`, { cookie })).headers.get('location')).toBe('/manage/two-step/setup');
  });
});

describe('console sessions', () => {
  it('end after 12 hours idle', async () => {
    const business = await createBusiness();
    const staff = await createStaffAccount({ businessId: business.id });
    const { cookie } = await staffSignedIn(staff.id, { lastSeenAt: Date.now() - 13 * 3600_000 });
    const res = await get(`/manage/${business.id}/inbox`, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage/sign-in');
  });

  it('sign out ends the session on the server', async () => {
    const business = await createBusiness();
    const staff = await createStaffAccount({ businessId: business.id });
    const { cookie } = await staffSignedIn(staff.id);
    expect((await postForm('/manage/sign-out', {}, { cookie })).status).toBe(303);
    expect((await get(`/manage/${business.id}/inbox`, { cookie })).headers.get('location')).toBe('/manage/sign-in');
  });
});
