/**
 * The owners' team page and staff invitations through the real Worker: invite by email (the
 * token only hashed, the link in the outbox), join with name + password then enrol the second
 * factor, an existing account joining with its password; dead links (expired, revoked, used)
 * change nothing; role changes keep an owner; removal ends the member's sessions at once;
 * staff get 403 on every owner action; audit rows.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { sha256Hex } from '../../../src/domain/ids';
import { PASSWORD_MESSAGES } from '../../../src/domain/password';
import { createBusiness, db } from '../../helpers/factories';
import { carryCookies, get, postForm } from '../../helpers/http';
import { STAFF_PASSWORD, createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function ownerOfNewBusiness() {
  const business = await createBusiness();
  const owner = await createStaffAccount({ businessId: business.id, role: 'owner', name: 'Olive Owner' });
  const { cookie } = await staffSignedIn(owner.id);
  return { business, owner, cookie };
}

const uniqueEmail = () => `new.${crypto.randomUUID().slice(0, 12)}@example.com`;

/** Invites `email` through the page and returns the link's token, read from the outbox email. */
async function invite(businessId: string, cookie: string, email: string, role: 'owner' | 'staff' = 'staff') {
  const res = await postForm(`/manage/${businessId}/team/invitations`, { email, role }, { cookie });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe(`/manage/${businessId}/team?done=invited`);
  const mails = await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, email));
  const last = mails.at(-1)!;
  const token = /\/manage\/invite\/([A-Za-z0-9_-]{43})/.exec(last.bodyText)![1]!;
  return { token, mail: last };
}

function invitationsTo(email: string) {
  return db.select().from(schema.staffInvitations).where(eq(schema.staffInvitations.email, email));
}

function auditOf(businessId: string) {
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));
}

describe('POST /manage/:businessId/team/invitations', () => {
  it('stores the invitation with its token hashed, 7 days, and emails the unique link', async () => {
    const { business, owner, cookie } = await ownerOfNewBusiness();
    const email = uniqueEmail();
    const { token, mail } = await invite(business.id, cookie, email);
    expect(mail.subject).toContain('invited you to');
    const [row] = await invitationsTo(email);
    expect(row).toMatchObject({ businessId: business.id, role: 'staff', invitedBy: owner.id, acceptedAt: null, revokedAt: null });
    expect(row!.tokenHash).not.toContain(token);
    expect(row!.tokenHash).toBe(await sha256Hex(`staff-invitation:${token}`));
    const days = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000;
    expect(days).toBe(7);
    const pageRes = await get(`/manage/${business.id}/team`, { cookie });
    expect(pageRes.headers.get('server-timing')).toContain('desc="1 round trip"');
    const page = await pageRes.text();
    expect(page).toContain(email);
    expect((await auditOf(business.id)).map((a) => a.action)).toEqual(['staff.invite']);
  });

  it('answers 422 at the field for a bad email, saving nothing', async () => {
    const { business, cookie } = await ownerOfNewBusiness();
    const res = await postForm(`/manage/${business.id}/team/invitations`, { email: 'not-an-email', role: 'staff' }, { cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/<p class="error" id="email-error" role="alert">/);
    expect(await db.select().from(schema.staffInvitations).where(eq(schema.staffInvitations.businessId, business.id))).toHaveLength(0);
  });
});

describe('GET/POST /manage/invite/:token', () => {
  it('creates the account and membership, then sends the new member to set up two-step sign-in', async () => {
    const { business, cookie } = await ownerOfNewBusiness();
    const email = uniqueEmail();
    const { token } = await invite(business.id, cookie, email);
    const form = await get(`/manage/invite/${token}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(email);
    expect(html).toMatch(/<label for="name">Your name<\/label>/);
    expect(html).toMatch(/<label for="password">New password<\/label>/);

    const weak = await postForm(`/manage/invite/${token}`, { name: 'Nina New', password: 'password' });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain(PASSWORD_MESSAGES.common);
    expect(await db.select().from(schema.staffAccounts).where(eq(schema.staffAccounts.email, email))).toHaveLength(0);

    const res = await postForm(`/manage/invite/${token}`, { name: 'Nina New', password: 'a long walk by the river 7' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage/two-step/setup');
    const [account] = await db.select().from(schema.staffAccounts).where(eq(schema.staffAccounts.email, email));
    expect(account!.name).toBe('Nina New');
    const [membership] = await db.select().from(schema.staffMemberships).where(eq(schema.staffMemberships.staffAccountId, account!.id));
    expect(membership).toMatchObject({ businessId: business.id, role: 'staff' });
    expect((await invitationsTo(email))[0]!.acceptedAt).not.toBeNull();
    const setup = await get('/manage/two-step/setup', { cookie: carryCookies(undefined, res) });
    expect(setup.status).toBe(200);
    expect(await setup.text()).toContain('name="sealed"');
    expect((await auditOf(business.id)).map((a) => a.action).sort()).toEqual(['staff.invite', 'staff.join']);

    // Reused: a clear page, nothing changed.
    const again = await postForm(`/manage/invite/${token}`, { name: 'Someone Else', password: 'another long password 8' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This invitation has been used already');
    expect((await db.select().from(schema.staffAccounts).where(eq(schema.staffAccounts.email, email)))[0]!.name).toBe('Nina New');
  });

  it('adds the membership to an existing account, with its own password (a wrong one changes nothing)', async () => {
    const { business, cookie } = await ownerOfNewBusiness();
    const elsewhere = await createBusiness();
    const existing = await createStaffAccount({ businessId: elsewhere.id, role: 'staff', totp: true });
    const { token } = await invite(business.id, cookie, existing.email, 'owner');
    const form = await (await get(`/manage/invite/${token}`)).text();
    expect(form).toMatch(/<label for="password">Your current password<\/label>/);
    expect(form).not.toContain('<label for="name">');
    const wrong = await postForm(`/manage/invite/${token}`, { password: 'not the password at all' });
    expect(wrong.status).toBe(422);
    expect(await db.select().from(schema.staffMemberships).where(eq(schema.staffMemberships.staffAccountId, existing.id))).toHaveLength(1);
    const res = await postForm(`/manage/invite/${token}`, { password: STAFF_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage/two-step');
    const memberships = await db.select().from(schema.staffMemberships).where(eq(schema.staffMemberships.staffAccountId, existing.id));
    expect(memberships.map((m) => [m.businessId, m.role]).sort()).toEqual(
      [
        [business.id, 'owner'],
        [elsewhere.id, 'staff'],
      ].sort(),
    );
  });

  it('shows a clear page for expired, revoked and unknown links, and changes nothing', async () => {
    const { business, cookie } = await ownerOfNewBusiness();
    const expiredEmail = uniqueEmail();
    const { token: expired } = await invite(business.id, cookie, expiredEmail);
    await db
      .update(schema.staffInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.staffInvitations.email, expiredEmail));
    const e = await postForm(`/manage/invite/${expired}`, { name: 'Late Larry', password: 'a long walk by the river 7' });
    expect(e.status).toBe(410);
    expect(await e.text()).toContain('This invitation has expired');

    const revokedEmail = uniqueEmail();
    const { token: revoked } = await invite(business.id, cookie, revokedEmail);
    const [row] = await invitationsTo(revokedEmail);
    const r = await postForm(`/manage/${business.id}/team/invitations/${row!.id}/revoke`, {}, { cookie });
    expect(r.status).toBe(303);
    const g = await get(`/manage/invite/${revoked}`);
    expect(g.status).toBe(410);
    expect(await g.text()).toContain('This invitation was withdrawn');
    expect((await postForm(`/manage/invite/${revoked}`, { name: 'Rev Rita', password: 'a long walk by the river 7' })).status).toBe(410);

    expect((await get(`/manage/invite/${'x'.repeat(43)}`)).status).toBe(404);
    for (const email of [expiredEmail, revokedEmail]) {
      expect(await db.select().from(schema.staffAccounts).where(eq(schema.staffAccounts.email, email))).toHaveLength(0);
    }
  });
});

describe('members: role and removal', () => {
  it('removing someone deletes the membership and ends their sessions at once', async () => {
    const { business, cookie } = await ownerOfNewBusiness();
    const member = await createStaffAccount({ businessId: business.id, role: 'staff', name: 'Max Member' });
    const session = await staffSignedIn(member.id);
    expect((await get(`/manage/${business.id}/inbox`, { cookie: session.cookie })).status).toBe(200);
    const res = await postForm(`/manage/${business.id}/team/members/${member.id}/remove`, {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${business.id}/team?done=removed`);
    expect(await db.select().from(schema.staffMemberships).where(eq(schema.staffMemberships.staffAccountId, member.id))).toHaveLength(0);
    expect(await db.select().from(schema.staffSessions).where(eq(schema.staffSessions.staffAccountId, member.id))).toHaveLength(0);
    expect((await get(`/manage/${business.id}/inbox`, { cookie: session.cookie })).headers.get('location')).toBe('/manage/sign-in');
    expect((await auditOf(business.id)).map((a) => [a.action, a.recordId])).toEqual([['staff.remove', member.id]]);
  });

  it('changes a role, but never leaves the business without an owner', async () => {
    const { business, owner, cookie } = await ownerOfNewBusiness();
    const member = await createStaffAccount({ businessId: business.id, role: 'staff' });
    const up = await postForm(`/manage/${business.id}/team/members/${member.id}/role`, { role: 'owner' }, { cookie });
    expect(up.headers.get('location')).toBe(`/manage/${business.id}/team?done=role`);
    const roleOf = async (id: string) =>
      (
        await db
          .select()
          .from(schema.staffMemberships)
          .where(and(eq(schema.staffMemberships.staffAccountId, id), eq(schema.staffMemberships.businessId, business.id)))
      )[0]?.role;
    expect(await roleOf(member.id)).toBe('owner');
    expect((await postForm(`/manage/${business.id}/team/members/${member.id}/role`, { role: 'staff' }, { cookie })).status).toBe(303);
    expect(await roleOf(member.id)).toBe('staff');
    // The last owner cannot step down or be removed.
    const self = await postForm(`/manage/${business.id}/team/members/${owner.id}/role`, { role: 'staff' }, { cookie });
    expect(self.headers.get('location')).toBe(`/manage/${business.id}/team?refused=role`);
    expect(await roleOf(owner.id)).toBe('owner');
    const gone = await postForm(`/manage/${business.id}/team/members/${owner.id}/remove`, {}, { cookie });
    expect(gone.headers.get('location')).toBe(`/manage/${business.id}/team?refused=remove`);
    expect(await roleOf(owner.id)).toBe('owner');
    const page = await (await get(`/manage/${business.id}/team?refused=remove`, { cookie })).text();
    expect(page).toContain('the business needs at least one owner');
    expect((await auditOf(business.id)).map((a) => a.action)).toEqual(['staff.role', 'staff.role']);
  });

  it('answers 403 to a staff member on the page and every owner action, changing nothing', async () => {
    const { business, owner, cookie } = await ownerOfNewBusiness();
    const email = uniqueEmail();
    await invite(business.id, cookie, email);
    const [inv] = await invitationsTo(email);
    const member = await createStaffAccount({ businessId: business.id, role: 'staff' });
    const staff = await staffSignedIn(member.id);
    const base = `/manage/${business.id}/team`;
    expect((await get(base, { cookie: staff.cookie })).status).toBe(403);
    for (const [path, fields] of [
      [`${base}/invitations`, { email: uniqueEmail(), role: 'owner' }],
      [`${base}/invitations/${inv!.id}/revoke`, {}],
      [`${base}/members/${owner.id}/role`, { role: 'staff' }],
      [`${base}/members/${owner.id}/remove`, {}],
      [`${base}/members/${member.id}/role`, { role: 'owner' }],
    ] as const) {
      expect((await postForm(path, fields as Record<string, string>, { cookie: staff.cookie })).status, path).toBe(403);
    }
    expect((await invitationsTo(email))[0]!.revokedAt).toBeNull();
    const roles = await db.select().from(schema.staffMemberships).where(eq(schema.staffMemberships.businessId, business.id));
    expect(roles.map((r) => [r.staffAccountId, r.role]).sort()).toEqual(
      [
        [owner.id, 'owner'],
        [member.id, 'staff'],
      ].sort(),
    );
    expect((await auditOf(business.id)).map((a) => a.action)).toEqual(['staff.invite']);
  });
});
