/**
 * The owners' API keys page and the staff API with a key: shown once and stored as SHA-256
 * only, revocable (then 401), last use recorded, and a key of business A on business B's ids
 * answers 404 exactly as an unknown id does — nothing changed there.
 */
import { describe, expect, it } from 'vitest';
import { exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { sha256Hex } from '../../../src/domain/ids';
import { db } from '../../helpers/factories';
import { localTime } from '../../helpers/booking-factories';
import { appointmentsOf, groomingChoice, reviewForm, setup, submit } from '../../helpers/booking-flow';
import { get, ORIGIN, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

function api(path: string, key: string | null, body: unknown = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

/** A business with a parent's pending request and a signed-in owner. */
async function ownerWithRequest() {
  const s = await setup();
  const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
  expect((await submit(s, review.fields)).status).toBe(303);
  const [appointment] = await appointmentsOf(s.client.id);
  const owner = await createStaffAccount({ businessId: s.business.id, role: 'owner', name: 'Olive Owner' });
  const { cookie } = await staffSignedIn(owner.id);
  return { s, appointment: appointment!, owner, cookie };
}

/** Creates a key through the page and reads it from the answer (the only time it is shown). */
async function createKey(businessId: string, cookie: string, name = 'Front desk tool') {
  const res = await postForm(`/manage/${businessId}/api-keys`, { name }, { cookie });
  expect(res.status).toBe(200);
  const html = await res.text();
  const key = /id="new-key"[^>]*value="(pwk_[A-Za-z0-9_-]+)"/.exec(html)?.[1] ?? /value="(pwk_[A-Za-z0-9_-]+)"/.exec(html)?.[1];
  expect(key, 'the new key is in the answer').toBeTruthy();
  return { key: key!, html };
}

function keysOf(businessId: string) {
  return db.select().from(schema.apiKeys).where(eq(schema.apiKeys.businessId, businessId));
}

describe('POST /manage/:businessId/api-keys', () => {
  it('shows the new key once, stores only its SHA-256 and prefix, and writes the audit row', async () => {
    const { s, owner, cookie } = await ownerWithRequest();
    const { key, html } = await createKey(s.business.id, cookie);
    expect(html).toContain('the only time it is shown');
    const [row] = await keysOf(s.business.id);
    expect(row).toMatchObject({
      name: 'Front desk tool',
      keyHash: await sha256Hex(key),
      prefix: key.slice(0, 12),
      createdBy: owner.id,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(row)).not.toContain(key);
    const pageRes = await get(`/manage/${s.business.id}/api-keys`, { cookie });
    expect(pageRes.headers.get('server-timing')).toContain('desc="1 round trip"');
    const page = await pageRes.text();
    expect(page).not.toContain(key);
    expect(page).toContain(`${key.slice(0, 12)}…`);
    expect(page).toContain('Never');
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id));
    expect(audit.map((a) => a.action)).toEqual(['api_key.create']);
  });

  it('answers 422 at the field for a missing name, creating nothing', async () => {
    const { s, cookie } = await ownerWithRequest();
    const res = await postForm(`/manage/${s.business.id}/api-keys`, { name: '   ' }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p class="error" id="name-error" role="alert">Give the key a name/);
    expect(await keysOf(s.business.id)).toHaveLength(0);
  });

  it('is for owners only: staff get 403 on the page and every action, nothing changed', async () => {
    const { s, cookie } = await ownerWithRequest();
    await createKey(s.business.id, cookie);
    const [row] = await keysOf(s.business.id);
    const member = await createStaffAccount({ businessId: s.business.id, role: 'staff' });
    const staff = await staffSignedIn(member.id);
    expect((await get(`/manage/${s.business.id}/api-keys`, { cookie: staff.cookie })).status).toBe(403);
    expect((await postForm(`/manage/${s.business.id}/api-keys`, { name: 'Mine' }, { cookie: staff.cookie })).status).toBe(403);
    expect((await postForm(`/manage/${s.business.id}/api-keys/${row!.id}/revoke`, {}, { cookie: staff.cookie })).status).toBe(403);
    expect((await keysOf(s.business.id)).map((k) => k.revokedAt)).toEqual([null]);
  });
});

describe('the staff API with an API key', () => {
  it('confirms a request of its own business and records the last use', async () => {
    const { s, appointment, cookie } = await ownerWithRequest();
    const { key } = await createKey(s.business.id, cookie);
    const res = await api(`/staff/appointments/${appointment.id}/confirm`, key);
    expect(res.status).toBe(200);
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('confirmed');
    const [row] = await keysOf(s.business.id);
    expect(row!.lastUsedAt).not.toBeNull();
    expect(await (await get(`/manage/${s.business.id}/api-keys`, { cookie })).text()).not.toMatch(/<dt>Last used<\/dt>\s*<dd>Never/);
  });

  it("answers 404 for another business's appointment, business and invitation, changing nothing", async () => {
    const a = await ownerWithRequest();
    const b = await ownerWithRequest();
    const { key } = await createKey(a.s.business.id, a.cookie);
    const foreign = await api(`/staff/appointments/${b.appointment.id}/confirm`, key);
    const unknown = await api(`/staff/appointments/apt_doesnotexist/confirm`, key);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual(await unknown.json());
    expect((await api(`/staff/appointments/${b.appointment.id}/decline`, key, { reason: 'x' })).status).toBe(404);
    expect((await appointmentsOf(b.s.client.id))[0]!.status).toBe('requested');
    const invite = await api(`/staff/businesses/${b.s.business.id}/invitations`, key, { clientIds: [b.s.client.id], channel: 'sms' });
    expect(invite.status).toBe(404);
    expect(await db.select().from(schema.invitations).where(eq(schema.invitations.businessId, b.s.business.id))).toHaveLength(0);
    // B's own invitation cannot be revoked with A's key either.
    const { key: keyB } = await createKey(b.s.business.id, b.cookie);
    const created = await api(`/staff/businesses/${b.s.business.id}/invitations`, keyB, { clientIds: [b.s.client.id], channel: 'sms' });
    expect(created.status).toBe(201);
    const invitationId = ((await created.json()) as { created: { invitationId: string }[] }).created[0]!.invitationId;
    expect((await api(`/staff/invitations/${invitationId}/revoke`, key)).status).toBe(404);
    const [inv] = await db.select().from(schema.invitations).where(eq(schema.invitations.id, invitationId));
    expect(inv!.revokedAt).toBeNull();
    expect((await api(`/staff/invitations/${invitationId}/revoke`, keyB)).status).toBe(200);
  });

  it('answers 401 to a revoked key and to an unknown one', async () => {
    const { s, appointment, cookie, owner } = await ownerWithRequest();
    const { key } = await createKey(s.business.id, cookie);
    const [row] = await keysOf(s.business.id);
    const revoke = await postForm(`/manage/${s.business.id}/api-keys/${row!.id}/revoke`, {}, { cookie });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get('location')).toBe(`/manage/${s.business.id}/api-keys?done=revoked`);
    const res = await api(`/staff/appointments/${appointment.id}/confirm`, key);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect((await api(`/staff/appointments/${appointment.id}/confirm`, `pwk_${'A'.repeat(43)}`)).status).toBe(401);
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('requested');
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id));
    expect(audit.map((a) => [a.action, a.staffAccountId]).sort()).toEqual([
      ['api_key.create', owner.id],
      ['api_key.revoke', owner.id],
    ]);
  });
});
