/**
 * Packages in the console through the real Worker and database: package plans added (refusals
 * at the field, a double tap adding one) and retired (clients keep theirs); a plan sold to a
 * client (today in the business's zone, its expiry, who sold it) that the parent sees at once —
 * unless the business has packages off; a check-out on the schedule using the oldest covering
 * package once, shown on the visit, never twice for a repeat or two check-outs at once; a use by
 * hand for a finished visit, refused for a visit that used one already; audit rows; tenancy.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { newId } from '../../../src/domain/ids';
import { addDays, localDateString, zonedDateTimeToUtc } from '../../../src/domain/time';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs } from '../../helpers/factories';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

const TZ = 'Pacific/Auckland';
const TODAY = localDateString(Date.now(), TZ);
const at = (day: string, time: string) => new Date(zonedDateTimeToUtc(day, time, TZ));
const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];
const keyOf = (html: string, action: string) =>
  new RegExp(`action="${action.replace(/[/]/g, '\\/')}"[^>]*>(?:(?!</form>)[\\s\\S])*?name="key" value="([A-Za-z0-9_-]+)"`).exec(html)?.[1];

async function setUp(overrides: Parameters<typeof createBusiness>[0] = {}) {
  const biz = await createBusiness({ timeZone: TZ, packagesEnabled: true, ...overrides });
  const client = await createClientRecord(biz.id, { firstName: 'Jo', lastName: 'Booker' });
  const rex = await createPet(client, { name: 'Rex' });
  const staff = await createStaffAccount({ businessId: biz.id, name: 'Dee Desk' });
  const { cookie } = await staffSignedIn(staff.id);
  return { biz, client, rex, staff, cookie };
}

async function plan(businessId: string, over: Partial<typeof schema.packagePlans.$inferInsert> = {}) {
  const row = {
    id: newId('ppl'),
    businessId,
    name: '10 daycare days',
    covers: 'Ten full days of daycare',
    serviceType: 'daycare' as const,
    quantity: 10,
    priceMinor: 25000,
    validityDays: 90,
    createdAt: new Date(),
    ...over,
  } satisfies typeof schema.packagePlans.$inferInsert;
  await db.insert(schema.packagePlans).values(row);
  return row;
}

async function held(
  client: { id: string; businessId: string },
  p: { id: string; name: string } | null,
  over: Partial<typeof schema.clientPackages.$inferInsert> = {},
) {
  const row = {
    id: newId('cpk'),
    businessId: client.businessId,
    clientId: client.id,
    name: p?.name ?? 'Old punch card',
    covers: 'Visits',
    totalQuantity: 10,
    remainingQuantity: 3,
    purchasedOn: addDays(TODAY, -10),
    expiresOn: null,
    planId: p?.id ?? null,
    ...over,
  } satisfies typeof schema.clientPackages.$inferInsert;
  await db.insert(schema.clientPackages).values(row);
  return row;
}

const packageRow = async (id: string) => (await db.select().from(schema.clientPackages).where(eq(schema.clientPackages.id, id)))[0]!;
const usesOf = (appointmentId: string) => db.select().from(schema.packageUses).where(eq(schema.packageUses.appointmentId, appointmentId));
const auditOf = async (businessId: string) => db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));

describe('/manage/:businessId/packages (plans)', () => {
  it('adds a plan (a double tap adds one), lists it and retires it; clients keep the packages they bought', async () => {
    const b = await setUp();
    const path = `/manage/${b.biz.id}/packages`;
    const page = await (await get(path, { cookie: b.cookie })).text();
    expect(page).toContain('No package plans yet.');
    expect(page).toMatch(/<label for="price">Price \(USD\)<\/label>/);
    const key = keyOf(page, path);
    expect(key).toBeTruthy();
    const form = { key: key!, name: '10 daycare days', covers: 'Ten full days', serviceType: 'daycare', quantity: '10', price: '250', validityDays: '90' };
    const taps = await Promise.all([postForm(path, form, { cookie: b.cookie }), postForm(path, form, { cookie: b.cookie })]);
    expect(taps.map((r) => r.status)).toEqual([303, 303]);
    expect(taps[0]!.headers.get('location')).toBe(`${path}?done=added`);
    const plans = await db.select().from(schema.packagePlans).where(eq(schema.packagePlans.businessId, b.biz.id));
    expect(plans).toMatchObject([
      { id: `ppl_${key}`, name: '10 daycare days', serviceType: 'daycare', quantity: 10, priceMinor: 25000, validityDays: 90, retiredAt: null },
    ]);
    const listed = await (await get(`${path}?done=added`, { cookie: b.cookie })).text();
    expect(listed).toContain('Package plan added.');
    expect(listed).toContain('$250.00');
    expect(listed).toContain('10 × Daycare visits · valid 90 days');

    const bought = await held(b.client, plans[0]!);
    expect((await postForm(`${path}/${plans[0]!.id}/retire`, {}, { cookie: b.cookie })).status).toBe(303);
    expect((await postForm(`${path}/${plans[0]!.id}/retire`, {}, { cookie: b.cookie })).status).toBe(303);
    expect((await db.select().from(schema.packagePlans).where(eq(schema.packagePlans.id, plans[0]!.id)))[0]!.retiredAt).not.toBeNull();
    expect((await packageRow(bought.id)).remainingQuantity).toBe(3);
    expect(await (await get(path, { cookie: b.cookie })).text()).toContain('Retired: no longer sold.');
    expect((await auditOf(b.biz.id)).map((a) => a.action).sort()).toEqual(['package_plan.add', 'package_plan.retire']);
  });

  it.each([
    [{ quantity: '0' }, 'quantity', 'at least 1 visit'],
    [{ price: '-3' }, 'price', 'cannot be negative'],
    [{ price: '12.345' }, 'price', 'at most 2 decimals'],
    [{ validityDays: '0' }, 'validityDays', 'at least 1 day'],
    [{ name: '' }, 'name', 'Give the package a name'],
    [{ serviceType: 'swimming' }, 'serviceType', 'Choose the service'],
  ])('refuses %j at the %s field (422), keeping what was typed and saving nothing', async (over, field, message) => {
    const b = await setUp();
    const form = { name: 'Bath pack', covers: 'Five baths', serviceType: 'grooming', quantity: '5', price: '100', validityDays: '', ...over };
    const res = await postForm(`/manage/${b.biz.id}/packages`, form, { cookie: b.cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, field)).toContain(message);
    if (field !== 'covers') expect(html).toContain('value="Five baths"');
    expect(await db.select().from(schema.packagePlans).where(eq(schema.packagePlans.businessId, b.biz.id))).toHaveLength(0);
  });

  it('says on the page when packages are off (clients do not see them)', async () => {
    const b = await setUp({ packagesEnabled: false });
    expect(await (await get(`/manage/${b.biz.id}/packages`, { cookie: b.cookie })).text()).toContain('Packages are off for this business');
  });

  it('is 404 for another business’s plan or page', async () => {
    const b = await setUp();
    const other = await createBusiness();
    const theirs = await plan(other.id);
    expect((await postForm(`/manage/${b.biz.id}/packages/${theirs.id}/retire`, {}, { cookie: b.cookie })).status).toBe(404);
    expect((await db.select().from(schema.packagePlans).where(eq(schema.packagePlans.id, theirs.id)))[0]!.retiredAt).toBeNull();
    expect((await get(`/manage/${other.id}/packages`, { cookie: b.cookie })).status).toBe(404);
    expect((await postForm(`/manage/${other.id}/packages`, { name: 'x', covers: 'x', quantity: '1', price: '1' }, { cookie: b.cookie })).status).toBe(404);
  });
});

describe('/manage/:businessId/clients/:clientId/packages', () => {
  it('sells a plan (today in the business’s zone, its expiry, who sold it); the parent sees it; a double tap sells one', async () => {
    const b = await setUp();
    const p = await plan(b.biz.id, { validityDays: 30 });
    const path = `/manage/${b.biz.id}/clients/${b.client.id}/packages`;
    const page = await (await get(path, { cookie: b.cookie })).text();
    expect(page).toContain('No packages yet.');
    expect(page).toContain('Pawtal records the sale, it does not charge the client.');
    const key = keyOf(page, path)!;
    const taps = await Promise.all([0, 1].map(() => postForm(path, { key, plan: p.id }, { cookie: b.cookie })));
    expect(taps.map((r) => r.status)).toEqual([303, 303]);
    const rows = await db.select().from(schema.clientPackages).where(eq(schema.clientPackages.clientId, b.client.id));
    expect(rows).toMatchObject([
      {
        id: `cpk_${key}`,
        planId: p.id,
        name: '10 daycare days',
        covers: 'Ten full days of daycare',
        totalQuantity: 10,
        remainingQuantity: 10,
        priceMinor: 25000,
        soldBy: b.staff.id,
        purchasedOn: TODAY,
        expiresOn: addDays(TODAY, 30),
      },
    ]);
    expect((await auditOf(b.biz.id)).map((a) => a.action)).toEqual(['package.sell']);
    const html = await (await get(`${path}?done=sold`, { cookie: b.cookie })).text();
    expect(html).toContain('Package sold.');
    expect(html).toContain('sold by Dee Desk');
    expect(html).toMatch(/<dd class="remaining">10 of 10<\/dd>/);

    const parent = await signedInAs(b.client.phoneE164);
    const portal = await get(`/c/${b.client.id}/packages`, { cookie: parent.cookie });
    expect(portal.status).toBe(200);
    const text = await portal.text();
    expect(text).toContain('10 daycare days');
    expect(text).toContain('Ten full days of daycare');
    // The business turns packages off: the parent's section is gone (404), the console still shows them.
    await db.update(schema.businesses).set({ packagesEnabled: false }).where(eq(schema.businesses.id, b.biz.id));
    expect((await get(`/c/${b.client.id}/packages`, { cookie: parent.cookie })).status).toBe(404);
    expect(await (await get(path, { cookie: b.cookie })).text()).toContain('10 daycare days');
  });

  it('refuses a retired plan, another business’s plan and no plan at the field (422), selling nothing', async () => {
    const b = await setUp();
    const retired = await plan(b.biz.id, { retiredAt: new Date() });
    const theirs = await plan((await createBusiness()).id);
    const path = `/manage/${b.biz.id}/clients/${b.client.id}/packages`;
    await plan(b.biz.id, { name: 'On sale' });
    for (const [planId, message] of [
      [retired.id, 'That plan is retired'],
      [theirs.id, 'not this business’s'],
      ['', 'Choose a package plan.'],
    ] as const) {
      const res = await postForm(path, { plan: planId }, { cookie: b.cookie });
      expect(res.status).toBe(422);
      expect(errorAt(await res.text(), 'plan')).toContain(message);
    }
    expect(await db.select().from(schema.clientPackages).where(eq(schema.clientPackages.clientId, b.client.id))).toHaveLength(0);
  });

  it('is 404 for another business’s client, selling and using nothing', async () => {
    const b = await setUp();
    const other = await createBusiness();
    const theirClient = await createClientRecord(other.id);
    const p = await plan(b.biz.id);
    const path = `/manage/${b.biz.id}/clients/${theirClient.id}/packages`;
    expect((await get(path, { cookie: b.cookie })).status).toBe(404);
    expect((await postForm(path, { plan: p.id }, { cookie: b.cookie })).status).toBe(404);
    expect((await postForm(`${path}/use`, { package: 'x', appointment: 'y' }, { cookie: b.cookie })).status).toBe(404);
    expect(await db.select().from(schema.clientPackages).where(eq(schema.clientPackages.clientId, theirClient.id))).toHaveLength(0);
  });
});

describe('checking a visit out uses a package', () => {
  async function readyVisit(b: Awaited<ReturnType<typeof setUp>>, serviceType: schema.ServiceType = 'daycare') {
    return createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType,
      status: 'ready_for_pickup',
      startsAt: at(TODAY, '08:00'),
      endsAt: at(TODAY, '17:00'),
    });
  }
  const checkOut = (b: { biz: { id: string } }, a: { id: string }, cookie: string) =>
    postForm(`/manage/${b.biz.id}/appointments/${a.id}/status`, { to: 'finished', version: '1', day: TODAY }, { cookie });

  it('uses the oldest unexpired covering package once, shows it on the visit, and a repeat check-out changes nothing', async () => {
    const b = await setUp();
    const daycare = await plan(b.biz.id);
    const grooming = await plan(b.biz.id, { name: 'Bath pack', serviceType: 'grooming' });
    const anyService = await plan(b.biz.id, { name: 'Anything pack', serviceType: null });
    const expired = await held(b.client, daycare, { purchasedOn: addDays(TODAY, -100), expiresOn: addDays(TODAY, -1) });
    const usedUp = await held(b.client, daycare, { purchasedOn: addDays(TODAY, -90), remainingQuantity: 0 });
    const otherService = await held(b.client, grooming, { purchasedOn: addDays(TODAY, -80) });
    const legacy = await held(b.client, null, { purchasedOn: addDays(TODAY, -70) });
    const chosen = await held(b.client, daycare, { purchasedOn: addDays(TODAY, -20), expiresOn: TODAY });
    const newer = await held(b.client, anyService, { purchasedOn: addDays(TODAY, -5) });
    const a = await readyVisit(b);
    const res = await checkOut(b, a, b.cookie);
    expect(res.status).toBe(303);
    expect((await packageRow(chosen.id)).remainingQuantity).toBe(2);
    for (const untouched of [expired, otherService, legacy, newer]) expect((await packageRow(untouched.id)).remainingQuantity).toBe(3);
    expect((await packageRow(usedUp.id)).remainingQuantity).toBe(0);
    expect(await usesOf(a.id)).toMatchObject([{ clientPackageId: chosen.id, usedBy: b.staff.id }]);
    expect((await auditOf(b.biz.id)).map((x) => x.action).sort()).toEqual(['appointment.finished', 'package.use']);
    const schedule = await (await get(`/manage/${b.biz.id}/schedule?day=${TODAY}`, { cookie: b.cookie })).text();
    expect(schedule).toContain('<dd class="package-used">10 daycare days (2 of 10 left)</dd>');
    // The parent sees what is left at once.
    const parent = await signedInAs(b.client.phoneE164);
    expect(await (await get(`/c/${b.client.id}/packages`, { cookie: parent.cookie })).text()).toMatch(/<dt>Remaining<\/dt><dd>2 of 10<\/dd>/);
    // The same form again (Back, then Finish): 409, the package not touched again.
    expect((await checkOut(b, a, b.cookie)).status).toBe(409);
    expect((await packageRow(chosen.id)).remainingQuantity).toBe(2);
    expect(await usesOf(a.id)).toHaveLength(1);
    // The client's page names the visit it was used for.
    expect(await (await get(`/manage/${b.biz.id}/clients/${b.client.id}/packages`, { cookie: b.cookie })).text()).toMatch(
      /Used for<\/h3><ul class="uses"><li>Daycare, /,
    );
  });

  it('decrements once when two windows check the same visit out at the same moment', async () => {
    for (let run = 0; run < 3; run++) {
      const b = await setUp();
      const other = await staffSignedIn((await createStaffAccount({ businessId: b.biz.id })).id);
      const p = await held(b.client, await plan(b.biz.id, { serviceType: null }), { remainingQuantity: 1 });
      const spare = await held(b.client, await plan(b.biz.id, { serviceType: null }), { purchasedOn: TODAY });
      const a = await readyVisit(b, 'boarding');
      const answers = await Promise.all([checkOut(b, a, b.cookie), checkOut(b, a, other.cookie)]);
      expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
      expect((await packageRow(p.id)).remainingQuantity).toBe(0);
      expect((await packageRow(spare.id)).remainingQuantity).toBe(3);
      expect(await usesOf(a.id)).toHaveLength(1);
    }
  }, 60_000);

  it('finishes a visit no package covers without using any', async () => {
    const b = await setUp();
    const p = await held(b.client, await plan(b.biz.id, { serviceType: 'grooming' }));
    const a = await readyVisit(b, 'daycare');
    expect((await checkOut(b, a, b.cookie)).status).toBe(303);
    expect((await packageRow(p.id)).remainingQuantity).toBe(3);
    expect(await usesOf(a.id)).toHaveLength(0);
    expect((await auditOf(b.biz.id)).map((x) => x.action)).toEqual(['appointment.finished']);
  });
});

describe('using a package by hand for a finished visit', () => {
  async function finished(b: Awaited<ReturnType<typeof setUp>>, serviceType: schema.ServiceType = 'daycare') {
    return createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType,
      status: 'finished',
      startsAt: at(addDays(TODAY, -1), '08:00'),
      endsAt: at(addDays(TODAY, -1), '17:00'),
    });
  }

  it('uses one; the same form again changes nothing; a second window’s use of the same visit is refused with words', async () => {
    const b = await setUp();
    const p = await held(b.client, await plan(b.biz.id));
    const a = await finished(b);
    const path = `/manage/${b.biz.id}/clients/${b.client.id}/packages`;
    const page = await (await get(path, { cookie: b.cookie })).text();
    const key = keyOf(page, `${path}/use`)!;
    const second = keyOf(await (await get(path, { cookie: b.cookie })).text(), `${path}/use`)!;
    expect(key).toBeTruthy();
    expect(second).not.toBe(key);
    const form = { package: p.id, appointment: a.id };
    const first = await postForm(`${path}/use`, { ...form, key }, { cookie: b.cookie });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${path}?done=used`);
    expect((await postForm(`${path}/use`, { ...form, key }, { cookie: b.cookie })).status).toBe(303);
    const refused = await postForm(`${path}/use`, { ...form, key: second }, { cookie: b.cookie });
    expect(refused.status).toBe(409);
    expect(errorAt(await refused.text(), 'appointment')).toContain(
      'That visit already used 10 daycare days: a visit uses a package once. Nothing was changed.',
    );
    expect((await packageRow(p.id)).remainingQuantity).toBe(2);
    expect(await usesOf(a.id)).toMatchObject([{ id: `pku_${key}`, clientPackageId: p.id, usedBy: b.staff.id }]);
    expect((await auditOf(b.biz.id)).map((x) => x.action)).toEqual(['package.use']);
  });

  it('decrements once for a double tap and for two windows sent at the same moment', async () => {
    for (let run = 0; run < 3; run++) {
      const b = await setUp();
      const p = await held(b.client, await plan(b.biz.id));
      const a = await finished(b);
      const path = `/manage/${b.biz.id}/clients/${b.client.id}/packages/use`;
      const form = { package: p.id, appointment: a.id };
      const tap = newId('k').slice(2, 22);
      const answers = await Promise.all([
        postForm(path, { ...form, key: tap }, { cookie: b.cookie }),
        postForm(path, { ...form, key: tap }, { cookie: b.cookie }),
        postForm(path, { ...form, key: newId('k').slice(2, 22) }, { cookie: b.cookie }),
      ]);
      expect(answers.every((r) => r.status === 303 || r.status === 409)).toBe(true);
      expect((await packageRow(p.id)).remainingQuantity).toBe(2);
      expect(await usesOf(a.id)).toHaveLength(1);
      expect((await auditOf(b.biz.id)).filter((x) => x.action === 'package.use')).toHaveLength(1);
    }
  }, 60_000);

  it.each([
    [{ expiresOn: addDays(TODAY, -1) }, 'daycare', 'package', 'expired on'],
    [{ remainingQuantity: 0 }, 'daycare', 'package', 'is used up'],
    [{}, 'grooming', 'package', 'covers daycare visits, and that visit is grooming'],
  ] as const)('refuses a package %j for a %s visit at the %s field (422), changing nothing', async (over, serviceType, field, message) => {
    const b = await setUp();
    const p = await held(b.client, await plan(b.biz.id), over);
    const a = await finished(b, serviceType);
    const res = await postForm(`/manage/${b.biz.id}/clients/${b.client.id}/packages/use`, { package: p.id, appointment: a.id }, { cookie: b.cookie });
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), field)).toContain(message);
    expect(await usesOf(a.id)).toHaveLength(0);
  });

  it('refuses another client’s package or a visit that is not finished, at the field', async () => {
    const b = await setUp();
    const someoneElse = await createClientRecord(b.biz.id);
    const theirs = await held(someoneElse, await plan(b.biz.id));
    const upcoming = await createAppointment({ client: b.client, pets: [b.rex], serviceType: 'daycare', status: 'confirmed' });
    const res = await postForm(
      `/manage/${b.biz.id}/clients/${b.client.id}/packages/use`,
      { package: theirs.id, appointment: upcoming.id },
      { cookie: b.cookie },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, 'package')).toContain('this client’s packages');
    expect(errorAt(html, 'appointment')).toContain('finished visits');
    expect((await packageRow(theirs.id)).remainingQuantity).toBe(3);
  });
});
