/**
 * Memberships in the console through the real Worker and database: plans added (refusals at
 * the field, a double tap adding one) and retired; a membership started from a plan (copied,
 * next renewal one period on, a double tap starting one) that the parent sees at once — unless
 * the business has memberships off; pause (keeps the renewal), resume, cancel (clears it), a
 * canceled one refused any change, the next renewal date changed; audit rows; tenancy.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { newId } from '../../../src/domain/ids';
import { addPeriod } from '../../../src/domain/membership-form';
import { addDays, localDateString } from '../../../src/domain/time';
import { createBusiness, createClientRecord, db, signedInAs } from '../../helpers/factories';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

const TZ = 'Asia/Tokyo';
const TODAY = localDateString(Date.now(), TZ);
const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];
const keyOf = (html: string, action: string) =>
  new RegExp(`action="${action}"[^>]*>(?:(?!</form>)[\\s\\S])*?name="key" value="([A-Za-z0-9_-]+)"`).exec(html)?.[1];

async function setUp(overrides: Parameters<typeof createBusiness>[0] = {}) {
  const biz = await createBusiness({ timeZone: TZ, currency: 'JPY', locale: 'ja-JP', membershipsEnabled: true, ...overrides });
  const client = await createClientRecord(biz.id, { firstName: 'Aki', lastName: 'Member' });
  const staff = await createStaffAccount({ businessId: biz.id, name: 'Dee Desk' });
  const { cookie } = await staffSignedIn(staff.id);
  return { biz, client, staff, cookie };
}

async function plan(businessId: string, over: Partial<typeof schema.membershipPlans.$inferInsert> = {}) {
  const row = {
    id: newId('mpl'),
    businessId,
    name: 'Daycare club',
    perks: '10% off baths',
    priceMinor: 5000,
    period: 'month' as const,
    createdAt: new Date(),
    ...over,
  } satisfies typeof schema.membershipPlans.$inferInsert;
  await db.insert(schema.membershipPlans).values(row);
  return row;
}

const membershipsOf = (clientId: string) => db.select().from(schema.clientMemberships).where(eq(schema.clientMemberships.clientId, clientId));
const auditOf = async (businessId: string) =>
  (await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId))).map((a) => a.action).sort();

describe('/manage/:businessId/memberships (plans)', () => {
  it('adds a plan (a double tap adds one) and retires it', async () => {
    const b = await setUp();
    const path = `/manage/${b.biz.id}/memberships`;
    const page = await (await get(path, { cookie: b.cookie })).text();
    expect(page).toContain('No membership plans yet.');
    const key = keyOf(page, path)!;
    expect(key).toBeTruthy();
    const form = { key, name: 'Daycare club', perks: 'Priority booking', price: '5000', period: 'month' };
    const taps = await Promise.all([postForm(path, form, { cookie: b.cookie }), postForm(path, form, { cookie: b.cookie })]);
    expect(taps.map((r) => r.status)).toEqual([303, 303]);
    const plans = await db.select().from(schema.membershipPlans).where(eq(schema.membershipPlans.businessId, b.biz.id));
    expect(plans).toMatchObject([{ id: `mpl_${key}`, name: 'Daycare club', perks: 'Priority booking', priceMinor: 5000, period: 'month', retiredAt: null }]);
    expect(await (await get(path, { cookie: b.cookie })).text()).toContain('Daycare club');
    expect((await postForm(`${path}/${plans[0]!.id}/retire`, {}, { cookie: b.cookie })).status).toBe(303);
    expect((await postForm(`${path}/${plans[0]!.id}/retire`, {}, { cookie: b.cookie })).status).toBe(303);
    expect(await (await get(path, { cookie: b.cookie })).text()).toContain('Retired: no longer offered.');
    expect(await auditOf(b.biz.id)).toEqual(['membership_plan.add', 'membership_plan.retire']);
  });

  it.each([
    [{ price: '49.99' }, 'price', 'JPY prices are whole numbers'],
    [{ price: '' }, 'price', 'Enter a price'],
    [{ period: 'fortnight' }, 'period', 'every week, month or year'],
    [{ name: '' }, 'name', 'Give the plan a name'],
  ])('refuses %j at the %s field (422), keeping what was typed', async (over, field, message) => {
    const b = await setUp();
    const res = await postForm(
      `/manage/${b.biz.id}/memberships`,
      { name: 'Club', perks: 'Free nail trims', price: '5000', period: 'month', ...over },
      { cookie: b.cookie },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, field)).toContain(message);
    expect(html).toContain('value="Free nail trims"');
    expect(await db.select().from(schema.membershipPlans).where(eq(schema.membershipPlans.businessId, b.biz.id))).toHaveLength(0);
  });

  it('is 404 for another business’s plan or page', async () => {
    const b = await setUp();
    const other = await createBusiness();
    const theirs = await plan(other.id);
    expect((await postForm(`/manage/${b.biz.id}/memberships/${theirs.id}/retire`, {}, { cookie: b.cookie })).status).toBe(404);
    expect((await get(`/manage/${other.id}/memberships`, { cookie: b.cookie })).status).toBe(404);
  });
});

describe('/manage/:businessId/clients/:clientId/memberships', () => {
  it('starts one from a plan (copied, renewal one period on; a double tap starts one); the parent sees it unless memberships are off', async () => {
    const b = await setUp();
    const p = await plan(b.biz.id);
    const path = `/manage/${b.biz.id}/clients/${b.client.id}/memberships`;
    const clientPage = await (await get(`/manage/${b.biz.id}/clients/${b.client.id}`, { cookie: b.cookie })).text();
    expect(clientPage).toContain(`href="${path}"`);
    expect(clientPage).toContain(`href="/manage/${b.biz.id}/clients/${b.client.id}/packages"`);
    const page = await (await get(path, { cookie: b.cookie })).text();
    expect(page).toContain('No memberships yet.');
    expect(page).toContain(`name="startedOn" type="date" value="${TODAY}"`);
    const key = keyOf(page, path)!;
    const taps = await Promise.all([0, 1].map(() => postForm(path, { key, plan: p.id, startedOn: TODAY }, { cookie: b.cookie })));
    expect(taps.map((r) => r.status)).toEqual([303, 303]);
    expect(await membershipsOf(b.client.id)).toMatchObject([
      {
        id: `mbr_${key}`,
        planId: p.id,
        planName: 'Daycare club',
        perks: '10% off baths',
        priceMinor: 5000,
        currency: 'JPY',
        period: 'month',
        status: 'active',
        startedOn: TODAY,
        nextRenewalOn: addPeriod(TODAY, 'month'),
      },
    ]);
    expect(await auditOf(b.biz.id)).toEqual(['membership.start']);

    const parent = await signedInAs(b.client.phoneE164);
    const portal = await get(`/c/${b.client.id}/memberships`, { cookie: parent.cookie });
    expect(portal.status).toBe(200);
    const text = await portal.text();
    expect(text).toContain('Daycare club');
    expect(text).toContain('10% off baths');
    await db.update(schema.businesses).set({ membershipsEnabled: false }).where(eq(schema.businesses.id, b.biz.id));
    expect((await get(`/c/${b.client.id}/memberships`, { cookie: parent.cookie })).status).toBe(404);
    expect(await (await get(path, { cookie: b.cookie })).text()).toContain('Memberships are off for this business');
  });

  it('refuses an unknown, retired or another business’s plan and a bad start date at the field (422)', async () => {
    const b = await setUp();
    const retired = await plan(b.biz.id, { retiredAt: new Date() });
    const theirs = await plan((await createBusiness()).id);
    const path = `/manage/${b.biz.id}/clients/${b.client.id}/memberships`;
    for (const [form, field, message] of [
      [{ plan: retired.id, startedOn: TODAY }, 'plan', 'retired'],
      [{ plan: theirs.id, startedOn: TODAY }, 'plan', 'not this business’s'],
      [{ plan: 'mpl_nothing', startedOn: TODAY }, 'plan', 'Choose one of your membership plans'],
      [{ plan: theirs.id, startedOn: '2027-02-30' }, 'startedOn', 'real date'],
      [{ plan: theirs.id, startedOn: addDays(TODAY, -400) }, 'startedOn', 'at most a year ago'],
    ] as const) {
      const res = await postForm(path, form, { cookie: b.cookie });
      expect(res.status).toBe(422);
      expect(errorAt(await res.text(), field)).toContain(message);
    }
    expect(await membershipsOf(b.client.id)).toHaveLength(0);
  });

  it('pauses (keeping the renewal), resumes, cancels (clearing it); a canceled one is refused any change with words', async () => {
    const b = await setUp();
    const p = await plan(b.biz.id, { period: 'week' });
    const path = `/manage/${b.biz.id}/clients/${b.client.id}/memberships`;
    expect((await postForm(path, { plan: p.id, startedOn: TODAY }, { cookie: b.cookie })).status).toBe(303);
    const [m] = await membershipsOf(b.client.id);
    const renewal = addDays(TODAY, 7);
    expect(m!.nextRenewalOn).toBe(renewal);
    const status = (to: string) => postForm(`${path}/${m!.id}/status`, { to }, { cookie: b.cookie });
    const paused = await status('paused');
    expect(paused.status).toBe(303);
    expect(paused.headers.get('location')).toBe(`${path}?done=paused#membership-${m!.id}`);
    expect((await membershipsOf(b.client.id))[0]).toMatchObject({ status: 'paused', nextRenewalOn: renewal });
    // A double tap of Pause: still paused, one audit row.
    expect((await status('paused')).status).toBe(303);
    expect((await status('active')).status).toBe(303);
    expect((await membershipsOf(b.client.id))[0]).toMatchObject({ status: 'active', nextRenewalOn: renewal });
    expect((await status('canceled')).status).toBe(303);
    expect((await membershipsOf(b.client.id))[0]).toMatchObject({ status: 'canceled', nextRenewalOn: null });
    const refused = await status('paused');
    expect(refused.status).toBe(409);
    expect(errorAt(await refused.text(), `membership-${m!.id}`)).toBe('A canceled membership cannot be paused: start a new one instead. Nothing was changed.');
    const noDate = await postForm(`${path}/${m!.id}/renewal`, { nextRenewalOn: addDays(TODAY, 30) }, { cookie: b.cookie });
    expect(noDate.status).toBe(409);
    expect((await membershipsOf(b.client.id))[0]).toMatchObject({ status: 'canceled', nextRenewalOn: null });
    expect(await auditOf(b.biz.id)).toEqual(['membership.cancel', 'membership.pause', 'membership.resume', 'membership.start']);
  });

  it('two windows changing the same membership at once: one applies, the other is told', async () => {
    for (let run = 0; run < 3; run++) {
      const b = await setUp();
      const p = await plan(b.biz.id);
      const path = `/manage/${b.biz.id}/clients/${b.client.id}/memberships`;
      expect((await postForm(path, { plan: p.id, startedOn: TODAY }, { cookie: b.cookie })).status).toBe(303);
      const [m] = await membershipsOf(b.client.id);
      const answers = await Promise.all(['paused', 'canceled'].map((to) => postForm(`${path}/${m!.id}/status`, { to }, { cookie: b.cookie })));
      const after = (await membershipsOf(b.client.id))[0]!;
      // Either one applied and the other was refused, or the pause applied first and the cancel then (both 303).
      expect(['paused', 'canceled']).toContain(after.status);
      const statuses = answers.map((r) => r.status);
      expect(statuses.every((s) => s === 303 || s === 409)).toBe(true);
      const audit = await auditOf(b.biz.id);
      expect(audit.filter((a) => a !== 'membership.start')).toHaveLength(statuses.filter((s) => s === 303).length);
    }
  }, 60_000);

  it('changes the next renewal date; refuses a past or impossible one at the field', async () => {
    const b = await setUp();
    const p = await plan(b.biz.id);
    const path = `/manage/${b.biz.id}/clients/${b.client.id}/memberships`;
    expect((await postForm(path, { plan: p.id, startedOn: TODAY }, { cookie: b.cookie })).status).toBe(303);
    const [m] = await membershipsOf(b.client.id);
    const later = addDays(TODAY, 45);
    expect((await postForm(`${path}/${m!.id}/renewal`, { nextRenewalOn: later }, { cookie: b.cookie })).status).toBe(303);
    expect((await membershipsOf(b.client.id))[0]!.nextRenewalOn).toBe(later);
    for (const [typed, message] of [
      [addDays(TODAY, -1), 'today or later'],
      ['tomorrow', 'real date'],
    ] as const) {
      const res = await postForm(`${path}/${m!.id}/renewal`, { nextRenewalOn: typed }, { cookie: b.cookie });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(errorAt(html, `renewal-${m!.id}`)).toContain(message);
      expect(html).toContain(`value="${typed}"`);
    }
    expect((await membershipsOf(b.client.id))[0]!.nextRenewalOn).toBe(later);
    expect(await auditOf(b.biz.id)).toEqual(['membership.renewal', 'membership.start']);
  });

  it('is 404 for another business’s client or membership, changing nothing', async () => {
    const b = await setUp();
    const other = await setUp();
    const p = await plan(other.biz.id);
    const theirPath = `/manage/${other.biz.id}/clients/${other.client.id}/memberships`;
    expect((await postForm(theirPath, { plan: p.id, startedOn: TODAY }, { cookie: other.cookie })).status).toBe(303);
    const [theirs] = await membershipsOf(other.client.id);
    expect((await get(`/manage/${b.biz.id}/clients/${other.client.id}/memberships`, { cookie: b.cookie })).status).toBe(404);
    expect((await postForm(`/manage/${b.biz.id}/clients/${other.client.id}/memberships`, { plan: p.id, startedOn: TODAY }, { cookie: b.cookie })).status).toBe(
      404,
    );
    // Their membership under my own client's URL: not found either.
    const mine = `/manage/${b.biz.id}/clients/${b.client.id}/memberships/${theirs!.id}`;
    expect((await postForm(`${mine}/status`, { to: 'canceled' }, { cookie: b.cookie })).status).toBe(404);
    expect((await postForm(`${mine}/renewal`, { nextRenewalOn: addDays(TODAY, 9) }, { cookie: b.cookie })).status).toBe(404);
    expect((await membershipsOf(other.client.id))[0]).toMatchObject({ status: 'active' });
  });
});
