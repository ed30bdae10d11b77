/**
 * The owners' "Services and add-ons" settings through the real Worker and database: the
 * catalogue page, adding / editing / deactivating services and add-ons (each bad field refused
 * at the field with nothing saved), a new price never touching a request already made (its
 * lines and the parent's appointment page), the parent's booking page following the catalogue
 * at the next view, the groomers' services and weeks with removals under live confirmed
 * appointments refused with their list unless kept, their dated exceptions (a day off, other
 * hours) followed by the parent's booking times and refused the same way, audit rows, staff 403.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { newId, sha256Hex } from '../../../src/domain/ids';
import { addExceptionStatements, removePeriodStatements, setGroomerServicesStatements } from '../../../src/db/queries/settings-services';
import {
  dayAndPeriods,
  EXCEPTION_MESSAGES,
  overlapMessage,
  PERIOD_MESSAGES,
  periodOccurrences,
  PRICE_MESSAGES,
  SERVICE_MESSAGES,
} from '../../../src/domain/service-form';
import { createBusiness, createClientRecord, createPet, db } from '../../helpers/factories';
import { createBookableBusiness, localDate, localTime, TZ } from '../../helpers/booking-factories';
import { appointmentsOf, groomingChoice, query, reviewForm, setup, submit } from '../../helpers/booking-flow';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function owner(businessId: string) {
  const account = await createStaffAccount({ businessId, role: 'owner' });
  return { account, ...(await staffSignedIn(account.id)) };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function auditOf(businessId: string) {
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));
}

function servicesOf(businessId: string) {
  return db.select().from(schema.services).where(eq(schema.services.businessId, businessId));
}

function addOnsOf(businessId: string) {
  return db.select().from(schema.addOns).where(eq(schema.addOns.businessId, businessId));
}

/** The parent's services step for a grooming visit. */
async function groomingServicesStep(s: Awaited<ReturnType<typeof setup>>) {
  const res = await get(
    `/c/${s.client.id}/book?${query([
      ['type', 'grooming'],
      ['pet', s.rex.id],
      ['step', 'services'],
    ])}`,
    { cookie: s.cookie },
  );
  expect(res.status).toBe(200);
  return res.text();
}

const SERVICE = { name: 'Puppy intro groom', type: 'grooming', duration: '45', price: '45.50', species: 'dog', vaccinations: 'Rabies, Bordetella' };

describe('GET /manage/:businessId/settings/services', () => {
  it('shows the services, add-ons and groomers to the owner, in one round trip', async () => {
    const { business } = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    const res = await get(`/manage/${business.id}/settings/services`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain('Services and add-ons');
    expect(html).toContain('Full groom');
    expect(html).toContain('Grooming · 60 min · $60.00');
    expect(html).toContain('Teeth brushing');
    expect(html).toContain('Robin Groomer');
    expect(html).toContain('Sun 09:00–17:00');
    expect(html).toMatch(/<label for="service-price">Price \(USD\)<\/label>/);
  });

  it('has no groomers for a business without grooming, and their pages answer 404', async () => {
    const { business, ids } = await createBookableBusiness({ offersGrooming: false });
    const { cookie } = await owner(business.id);
    const html = await (await get(`/manage/${business.id}/settings/services`, { cookie })).text();
    expect(html).not.toContain('Groomers');
    expect(html).not.toContain('Robin Groomer');
    expect(html).not.toContain('value="grooming"');
    expect((await get(`/manage/${business.id}/settings/services/groomers/${ids.robin}`, { cookie })).status).toBe(404);
  });

  it('is for owners only: staff get 403 on every page and action, nothing written', async () => {
    const { business, ids } = await createBookableBusiness();
    const member = await createStaffAccount({ businessId: business.id, role: 'staff' });
    const { cookie } = await staffSignedIn(member.id);
    const base = `/manage/${business.id}/settings/services`;
    const answers = [
      await get(base, { cookie }),
      await postForm(base, SERVICE, { cookie }),
      await get(`${base}/${ids.fullGroom}`, { cookie }),
      await postForm(`${base}/${ids.fullGroom}`, { ...SERVICE, price: '1' }, { cookie }),
      await postForm(`${base}/${ids.fullGroom}/active`, { active: 'no' }, { cookie }),
      await postForm(`${base}/add-ons`, { name: 'Bow', service_type: '', duration: '0', price: '1' }, { cookie }),
      await get(`${base}/add-ons/${ids.teeth}`, { cookie }),
      await postForm(`${base}/add-ons/${ids.teeth}`, { name: 'Bow', service_type: '', duration: '0', price: '1' }, { cookie }),
      await postForm(`${base}/add-ons/${ids.teeth}/active`, { active: 'no' }, { cookie }),
      await get(`${base}/groomers/${ids.robin}`, { cookie }),
      await postForm(`${base}/groomers/${ids.robin}/services`, { keep: 'yes' }, { cookie }),
      await postForm(`${base}/groomers/${ids.robin}/periods`, { weekday: '1', starts: '18:00', ends: '19:00' }, { cookie }),
      await postForm(`${base}/groomers/${ids.robin}/exceptions`, { date: localDate(3), keep: 'yes' }, { cookie }),
      await postForm(`${base}/groomers/${ids.robin}/exceptions/remove`, { exception: 'sxc_x', keep: 'yes' }, { cookie }),
    ].map((r) => r.status);
    expect(answers).toEqual(answers.map(() => 403));
    expect(await servicesOf(business.id)).toHaveLength(4);
    expect((await servicesOf(business.id)).every((s) => s.active)).toBe(true);
    expect(await auditOf(business.id)).toHaveLength(0);
  });
});

describe('POST /manage/:businessId/settings/services (add a service)', () => {
  it('adds one service and one add-on for a double tap or a resend of the same form (its key); a fresh form adds another', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const base = `/manage/${s.business.id}/settings/services`;
    const keys = () => get(base, { cookie }).then(async (r) => [...(await r.text()).matchAll(/name="key" value="([a-z2-7]+)"/g)].map((m) => m[1]!));
    const [serviceKey, addOnKey] = await keys();
    expect(serviceKey && addOnKey && serviceKey !== addOnKey).toBeTruthy();
    const before = (await servicesOf(s.business.id)).length;
    const service: [string, string][] = [...Object.entries(SERVICE), ['key', serviceKey!]];
    const taps = await Promise.all([postForm(base, service, { cookie }), postForm(base, service, { cookie })]);
    expect(taps.map((r) => r.status)).toEqual([303, 303]);
    expect((await postForm(base, service, { cookie })).status).toBe(303); // Back, then Add again
    expect((await servicesOf(s.business.id)).filter((x) => x.name === 'Puppy intro groom')).toHaveLength(1);
    expect((await servicesOf(s.business.id)).length).toBe(before + 1);
    const addOn: [string, string][] = [
      ['name', 'Tooth gel'],
      ['service_type', 'grooming'],
      ['duration', '10'],
      ['price', '8'],
      ['key', addOnKey!],
    ];
    const addTaps = await Promise.all([postForm(`${base}/add-ons`, addOn, { cookie }), postForm(`${base}/add-ons`, addOn, { cookie })]);
    expect(addTaps.map((r) => r.status)).toEqual([303, 303]);
    expect((await addOnsOf(s.business.id)).filter((x) => x.name === 'Tooth gel')).toHaveLength(1);
    expect((await auditOf(s.business.id)).map((a) => a.action).sort()).toEqual(['settings.add_on.add', 'settings.service.add']);
    const [fresh] = await keys();
    expect(fresh).not.toBe(serviceKey);
    expect((await postForm(base, [...Object.entries(SERVICE), ['key', fresh!]], { cookie })).status).toBe(303);
    expect((await servicesOf(s.business.id)).filter((x) => x.name === 'Puppy intro groom')).toHaveLength(2);
  });

  it('adds it with the price in minor units and its audit row; the parent is offered it at the next view', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    expect(await groomingServicesStep(s)).not.toContain('Puppy intro groom');
    const res = await postForm(`/manage/${s.business.id}/settings/services`, [...Object.entries(SERVICE), ['species', 'cat']], { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${s.business.id}/settings/services?done=service-added`);
    const added = (await servicesOf(s.business.id)).find((x) => x.name === 'Puppy intro groom');
    expect(added).toMatchObject({
      type: 'grooming',
      durationMinutes: 45,
      priceMinor: 4550,
      active: true,
      speciesAllowed: 'dog,cat',
      requiredVaccinations: 'Rabies,Bordetella',
    });
    const audit = await auditOf(s.business.id);
    expect(audit.map((a) => [a.action, a.recordId])).toEqual([['settings.service.add', added!.id]]);
    expect(audit[0]!.detail).toBe('Puppy intro groom · Grooming · 45 min · $45.50');
    const page = await (await get(res.headers.get('location')!, { cookie })).text();
    expect(page).toContain('Service added.');
    expect(page).toContain('Grooming · 45 min · $45.50 · Dogs, Cats only · needs Rabies, Bordetella');
    // The booking page reads the catalogue at every view: the new service is there.
    expect(await groomingServicesStep(s)).toContain('Puppy intro groom');
  });

  it.each([
    ['name', '', SERVICE_MESSAGES.nameMissing],
    ['name', 'x'.repeat(81), SERVICE_MESSAGES.nameLong],
    ['type', 'training', SERVICE_MESSAGES.type],
    ['duration', '0', SERVICE_MESSAGES.serviceDuration],
    ['duration', 'an hour', SERVICE_MESSAGES.durationNumber],
    ['price', '', PRICE_MESSAGES.missing],
    ['price', '-5', PRICE_MESSAGES.negative],
    ['price', 'forty', PRICE_MESSAGES.number],
    ['price', '45.505', 'USD prices have at most 2 decimals, e.g. 45.50.'],
    ['vaccinations', 'Rabies<script>', SERVICE_MESSAGES.vaccinationChar],
  ])('refuses %s %j at the field (422), keeping what was typed, saving nothing', async (field, value, message) => {
    const { business } = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    const res = await postForm(`/manage/${business.id}/settings/services`, { ...SERVICE, [field]: value }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<p class="error" id="service-${field}-error" role="alert">${esc(message)}</p>`);
    if (field !== 'type') expect(html).toContain(`value="${esc(value)}"`);
    if (field !== 'name') expect(html).toContain(`value="${SERVICE.name}"`);
    expect(await servicesOf(business.id)).toHaveLength(4);
    expect(await auditOf(business.id)).toHaveLength(0);
  });

  it('refuses no species at its fieldset', async () => {
    const { business } = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    const { species: _, ...noSpecies } = SERVICE;
    const res = await postForm(`/manage/${business.id}/settings/services`, noSpecies, { cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(`<p class="error" id="species-error" role="alert">${SERVICE_MESSAGES.species}</p>`);
    expect(await servicesOf(business.id)).toHaveLength(4);
  });

  it('takes a price in the currency of the business: whole yen, no decimals', async () => {
    const { business } = await createBookableBusiness({ currency: 'JPY', locale: 'ja-JP' });
    const { cookie } = await owner(business.id);
    const refused = await postForm(`/manage/${business.id}/settings/services`, { ...SERVICE, price: '1500.50' }, { cookie });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('JPY prices are whole numbers, without decimals.');
    expect((await postForm(`/manage/${business.id}/settings/services`, { ...SERVICE, price: '1500' }, { cookie })).status).toBe(303);
    expect((await servicesOf(business.id)).find((x) => x.name === SERVICE.name)?.priceMinor).toBe(1500);
  });
});

describe('POST /manage/:businessId/settings/services/:serviceId (edit)', () => {
  it("changes the price for new requests only: a request made before keeps its price, in the DB and the parent's page", async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    expect((await submit(s, review.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    const detailBefore = await (await get(`/c/${s.client.id}/appointments/${appointment!.id}`, { cookie: s.cookie })).text();
    expect(detailBefore).toContain('$70.00'); // full groom 60.00 + teeth 10.00

    const edit = await get(`/manage/${s.business.id}/settings/services/${s.ids.fullGroom}`, { cookie });
    expect(edit.status).toBe(200);
    expect(edit.headers.get('server-timing')).toContain('desc="1 round trip"');
    expect(await edit.text()).toContain('value="60.00"');
    const saved = await postForm(
      `/manage/${s.business.id}/settings/services/${s.ids.fullGroom}`,
      [
        ['name', 'Full groom'],
        ['duration', '60'],
        ['price', '80'],
        ['species', 'dog'],
        ['species', 'cat'],
        ['species', 'other'],
        ['vaccinations', ''],
      ],
      { cookie },
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/manage/${s.business.id}/settings/services/${s.ids.fullGroom}?done=service-saved`);
    const [service] = await db.select().from(schema.services).where(eq(schema.services.id, s.ids.fullGroom));
    expect(service).toMatchObject({ priceMinor: 8000, type: 'grooming', speciesAllowed: null });

    const lines = await db.select().from(schema.appointmentServices).where(eq(schema.appointmentServices.serviceId, s.ids.fullGroom));
    expect(lines.map((l) => l.priceMinor)).toEqual([6000]);
    const detailAfter = await (await get(`/c/${s.client.id}/appointments/${appointment!.id}`, { cookie: s.cookie })).text();
    expect(detailAfter).toContain('$70.00');
    expect(detailAfter).not.toContain('$90.00');
    // A new request is priced at the new price.
    const newReview = await reviewForm(s, groomingChoice(s, localTime(3, '10:00')));
    expect(newReview.html).toContain('$90.00');

    const audit = await auditOf(s.business.id);
    expect(audit.map((a) => [a.action, a.detail])).toEqual([['settings.service.update', 'price $60.00 → $80.00']]);
  });

  it('refuses a bad price at the field, keeping the typed values, changing nothing', async () => {
    const { business, ids } = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    const res = await postForm(
      `/manage/${business.id}/settings/services/${ids.fullGroom}`,
      { name: 'Renamed groom', duration: '90', price: '12.345', species: 'dog' },
      { cookie },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="error" id="service-price-error" role="alert">USD prices have at most 2 decimals, e.g. 45.50.</p>');
    expect(html).toContain('value="Renamed groom"');
    expect(html).toMatch(/<h1 id="service-heading">Full groom /);
    expect(html).toContain('value="90"');
    const [service] = await db.select().from(schema.services).where(eq(schema.services.id, ids.fullGroom));
    expect(service).toMatchObject({ name: 'Full groom', durationMinutes: 60, priceMinor: 6000 });
    expect(await auditOf(business.id)).toHaveLength(0);
  });

  it("answers 404 for another business's service id", async () => {
    const { business } = await createBookableBusiness();
    const other = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    expect((await get(`/manage/${business.id}/settings/services/${other.ids.fullGroom}`, { cookie })).status).toBe(404);
    const res = await postForm(`/manage/${business.id}/settings/services/${other.ids.fullGroom}/active`, { active: 'no' }, { cookie });
    expect(res.status).toBe(404);
    expect((await db.select().from(schema.services).where(eq(schema.services.id, other.ids.fullGroom)))[0]!.active).toBe(true);
  });
});

describe('POST /manage/:businessId/settings/services/:serviceId/active', () => {
  it("takes a deactivated service off the parent's booking page at the next view, and puts it back", async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    expect(await groomingServicesStep(s)).toContain('Full groom');
    const off = await postForm(`/manage/${s.business.id}/settings/services/${s.ids.fullGroom}/active`, { active: 'no' }, { cookie });
    expect(off.status).toBe(303);
    expect(off.headers.get('location')).toBe(`/manage/${s.business.id}/settings/services/${s.ids.fullGroom}?done=service-off`);
    expect((await db.select().from(schema.services).where(eq(schema.services.id, s.ids.fullGroom)))[0]!.active).toBe(false);
    const step = await groomingServicesStep(s);
    expect(step).not.toContain('Full groom');
    expect(step).toContain('Nail trim');
    // Still listed in the settings, marked, with its way back.
    const list = await (await get(`/manage/${s.business.id}/settings/services`, { cookie })).text();
    expect(list).toMatch(/Full groom<\/a> <span class="status s-canceled">Not offered<\/span>/);
    const page = await (await get(off.headers.get('location')!, { cookie })).text();
    expect(page).toContain('Offer this service again');

    expect((await postForm(`/manage/${s.business.id}/settings/services/${s.ids.fullGroom}/active`, { active: 'yes' }, { cookie })).status).toBe(303);
    expect(await groomingServicesStep(s)).toContain('Full groom');
    expect((await auditOf(s.business.id)).map((a) => a.action).sort()).toEqual(['settings.service.deactivate', 'settings.service.reactivate']);
  });
});

describe('add-ons', () => {
  const ADD_ON = { name: 'Blueberry facial', service_type: 'grooming', duration: '10', price: '12.5' };

  it('adds, edits and deactivates an add-on, each with its audit row; the parent sees it come and go', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const base = `/manage/${s.business.id}/settings/services`;
    const added = await postForm(`${base}/add-ons`, ADD_ON, { cookie });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`${base}?done=add-on-added`);
    const row = (await addOnsOf(s.business.id)).find((a) => a.name === 'Blueberry facial')!;
    expect(row).toMatchObject({ serviceType: 'grooming', durationMinutes: 10, priceMinor: 1250, active: true });
    expect(await groomingServicesStep(s)).toContain('Blueberry facial');

    const edit = await get(`${base}/add-ons/${row.id}`, { cookie });
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('value="12.50"');
    const saved = await postForm(`${base}/add-ons/${row.id}`, { ...ADD_ON, service_type: '', price: '15' }, { cookie });
    expect(saved.status).toBe(303);
    expect((await addOnsOf(s.business.id)).find((a) => a.id === row.id)).toMatchObject({ serviceType: null, priceMinor: 1500 });

    expect((await postForm(`${base}/add-ons/${row.id}/active`, { active: 'no' }, { cookie })).status).toBe(303);
    expect(await groomingServicesStep(s)).not.toContain('Blueberry facial');
    const audit = await auditOf(s.business.id);
    expect(audit.map((a) => a.action).sort()).toEqual(['settings.add_on.add', 'settings.add_on.deactivate', 'settings.add_on.update']);
    expect(audit.find((a) => a.action === 'settings.add_on.update')!.detail).toBe('for grooming → any; price $12.50 → $15.00');
  });

  it.each([
    ['name', '', 'name', SERVICE_MESSAGES.nameMissing],
    ['service_type', 'spa', 'service_type', SERVICE_MESSAGES.addOnType],
    ['duration', '500', 'duration', SERVICE_MESSAGES.addOnDuration],
    ['price', '-1', 'price', PRICE_MESSAGES.negative],
    ['price', '1.001', 'price', 'USD prices have at most 2 decimals, e.g. 45.50.'],
  ])('refuses %s %j at the field (422), saving nothing', async (field, value, id, message) => {
    const { business, ids } = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    const base = `/manage/${business.id}/settings/services/add-ons`;
    const res = await postForm(base, { ...ADD_ON, [field]: value }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<p class="error" id="add-on-${id}-error" role="alert">${esc(message)}</p>`);
    expect(await addOnsOf(business.id)).toHaveLength(1);
    const edit = await postForm(`${base}/${ids.teeth}`, { ...ADD_ON, [field]: value }, { cookie });
    expect(edit.status).toBe(422);
    expect((await addOnsOf(business.id))[0]).toMatchObject({ name: 'Teeth brushing', priceMinor: 1000 });
    expect(await auditOf(business.id)).toHaveLength(0);
  });
});

/** A confirmed grooming appointment with Robin doing the full groom, `days` ahead at `time`. */
async function confirmedGroom(s: { business: { id: string }; ids: { fullGroom: string; robin: string } }, days: number, time: string, clientName: string) {
  const client = await createClientRecord(s.business.id, { firstName: clientName, lastName: 'Parent' });
  const pet = await createPet(client, { name: 'Biscuit' });
  const appointmentId = newId('apt');
  const appointmentPetId = newId('apet');
  const startsAt = localTime(days, time);
  const now = new Date();
  await db.batch([
    db.insert(schema.appointments).values({
      id: appointmentId,
      businessId: s.business.id,
      clientId: client.id,
      serviceType: 'grooming',
      status: 'confirmed',
      startsAt: new Date(startsAt),
      endsAt: new Date(startsAt + 3_600_000),
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(schema.appointmentPets).values({ id: appointmentPetId, businessId: s.business.id, appointmentId, petId: pet.id }),
    db.insert(schema.appointmentServices).values({
      id: newId('asv'),
      businessId: s.business.id,
      appointmentPetId,
      serviceId: s.ids.fullGroom,
      staffId: s.ids.robin,
      priceMinor: 6000,
    }),
  ]);
  return { appointmentId, startsAt };
}

function weekdayIn(days: number): number {
  return new Date(`${localDate(days)}T00:00:00Z`).getUTCDay();
}

function periodsOf(staffId: string, weekday?: number) {
  return db
    .select()
    .from(schema.staffSchedules)
    .where(and(eq(schema.staffSchedules.staffId, staffId), weekday === undefined ? undefined : eq(schema.staffSchedules.weekday, weekday)));
}

describe("groomers' weeks", () => {
  it("shows the groomer's services and week in one round trip, and adds a second period on a day", async () => {
    const { business, ids } = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    const base = `/manage/${business.id}/settings/services/groomers/${ids.robin}`;
    const page = await get(base, { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await page.text();
    expect(html).toContain('Robin Groomer');
    expect(html).toMatch(new RegExp(`name="service" value="${ids.fullGroom}" checked`));
    expect(html).not.toContain('Daycare day');
    // Make room for a split day: Monday becomes 09:00–12:00 and 13:00–17:00.
    const [monday] = await periodsOf(ids.robin, 1);
    expect((await postForm(`${base}/periods/remove`, { period: monday!.id }, { cookie })).status).toBe(303);
    expect((await postForm(`${base}/periods`, { weekday: '1', starts: '09:00', ends: '12:00' }, { cookie })).status).toBe(303);
    const res = await postForm(`${base}/periods`, { weekday: '1', starts: '13:00', ends: '17:00' }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base}?done=period-added`);
    expect((await periodsOf(ids.robin, 1)).map((p) => `${p.starts}-${p.ends}`).sort()).toEqual(['09:00-12:00', '13:00-17:00']);
    const after = await (await get(res.headers.get('location')!, { cookie })).text();
    expect(after).toContain('Working period added.');
    expect((await auditOf(business.id)).map((a) => a.action).sort()).toEqual([
      'settings.groomer.period.add',
      'settings.groomer.period.add',
      'settings.groomer.period.remove',
    ]);
  });

  it("changes the parent's grooming times at the next view: a removed period is no longer offered, an added one is", async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const base = `/manage/${s.business.id}/settings/services/groomers/${s.ids.robin}`;
    const date = localDate(3);
    const times = async () =>
      (
        await get(
          `/c/${s.client.id}/book?${query([
            ['type', 'grooming'],
            ['pet', s.rex.id],
            [`service.${s.rex.id}`, s.ids.fullGroom],
            ['date', date],
            ['step', 'time'],
          ])}`,
          { cookie: s.cookie },
        )
      ).text();
    expect(await times()).toContain(`value="${localTime(3, '09:00')}"`);
    const [period] = await periodsOf(s.ids.robin, weekdayIn(3));
    expect((await postForm(`${base}/periods/remove`, { period: period!.id }, { cookie })).status).toBe(303);
    const none = await times();
    expect(none).not.toContain(`value="${localTime(3, '09:00')}"`);
    expect(none).not.toContain(`value="${localTime(3, '13:00')}"`);
    expect((await postForm(`${base}/periods`, { weekday: String(weekdayIn(3)), starts: '13:00', ends: '15:00' }, { cookie })).status).toBe(303);
    const afternoon = await times();
    expect(afternoon).toContain(`value="${localTime(3, '13:00')}"`);
    expect(afternoon).not.toContain(`value="${localTime(3, '09:00')}"`);
  });

  it.each([
    [{ weekday: '1', starts: '16:00', ends: '18:00' }, 'starts', overlapMessage({ starts: '09:00', ends: '17:00' })],
    [{ weekday: '1', starts: '18:00', ends: '17:30' }, 'ends', PERIOD_MESSAGES.order],
    [{ weekday: '1', starts: 'nine', ends: '19:00' }, 'starts', PERIOD_MESSAGES.time],
    [{ weekday: '8', starts: '18:00', ends: '19:00' }, 'weekday', PERIOD_MESSAGES.weekday],
  ])('refuses the period %j at its field (422), keeping it typed, adding nothing', async (fields, field, message) => {
    const { business, ids } = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    const res = await postForm(`/manage/${business.id}/settings/services/groomers/${ids.robin}/periods`, fields, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<p class="error" id="period-${field}-error" role="alert">${esc(message)}</p>`);
    if (field !== 'weekday') expect(html).toContain(`value="${fields.starts}"`);
    expect(await periodsOf(ids.robin)).toHaveLength(7);
    expect(await auditOf(business.id)).toHaveLength(0);
  });

  it('refuses to remove a working period under a live confirmed appointment, listing it in the business zone; the keep box accepts', async () => {
    const s = await createBookableBusiness();
    const { cookie } = await owner(s.business.id);
    const { appointmentId, startsAt } = await confirmedGroom(s, 4, '10:00', 'Casey');
    const base = `/manage/${s.business.id}/settings/services/groomers/${s.ids.robin}`;
    const weekday = weekdayIn(4);
    const [period] = await periodsOf(s.ids.robin, weekday);
    const [other] = await periodsOf(s.ids.robin, (weekday + 1) % 7);
    // Another day's period has no appointment under it: removed at once.
    expect((await postForm(`${base}/periods/remove`, { period: other!.id }, { cookie })).status).toBe(303);

    const refused = await postForm(`${base}/periods/remove`, { period: period!.id }, { cookie });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('1 confirmed appointment would lose');
    const when = new Intl.DateTimeFormat('en-US', { timeZone: TZ, hour: 'numeric', minute: '2-digit' }).format(startsAt);
    expect(html).toMatch(new RegExp(`id="affected-${appointmentId}">Casey Parent · [^<]*${when} P[SD]T`));
    expect(html).toContain('Keep the existing appointments');
    expect(await periodsOf(s.ids.robin, weekday)).toHaveLength(1);
    expect((await auditOf(s.business.id)).map((a) => a.action)).toEqual(['settings.groomer.period.remove']);

    const kept = await postForm(`${base}/periods/remove`, { period: period!.id, keep: 'yes' }, { cookie });
    expect(kept.status).toBe(303);
    expect(kept.headers.get('location')).toBe(`${base}?done=period-removed`);
    expect(await periodsOf(s.ids.robin, weekday)).toHaveLength(0);
    const [appointment] = await db.select().from(schema.appointments).where(eq(schema.appointments.id, appointmentId));
    expect(appointment!.status).toBe('confirmed');
    const audit = (await auditOf(s.business.id)).filter((a) => a.detail?.includes('kept'));
    expect(audit.map((a) => a.action)).toEqual(['settings.groomer.period.remove']);
    expect(audit[0]!.detail).toContain('kept 1 appointment');
  });

  it('does not count a canceled or past appointment, nor one at another time of the day', async () => {
    const s = await createBookableBusiness();
    const { cookie } = await owner(s.business.id);
    const base = `/manage/${s.business.id}/settings/services/groomers/${s.ids.robin}`;
    const weekday = weekdayIn(4);
    const { appointmentId } = await confirmedGroom(s, 4, '10:00', 'Dana');
    await db.update(schema.appointments).set({ status: 'canceled' }).where(eq(schema.appointments.id, appointmentId));
    const [period] = await periodsOf(s.ids.robin, weekday);
    // Split the day so the appointment-free afternoon can go on its own.
    await db.update(schema.staffSchedules).set({ ends: '12:00' }).where(eq(schema.staffSchedules.id, period!.id));
    const afternoon = newId('sch');
    await db.insert(schema.staffSchedules).values({ id: afternoon, businessId: s.business.id, staffId: s.ids.robin, weekday, starts: '13:00', ends: '17:00' });
    await confirmedGroom(s, 4, '10:00', 'Eli');
    expect((await postForm(`${base}/periods/remove`, { period: afternoon }, { cookie })).status).toBe(303);
    expect((await postForm(`${base}/periods/remove`, { period: period!.id }, { cookie })).status).toBe(422);
    await db
      .update(schema.appointments)
      .set({ status: 'finished' })
      .where(
        eq(
          schema.appointments.clientId,
          (
            await db
              .select()
              .from(schema.clients)
              .where(and(eq(schema.clients.businessId, s.business.id), eq(schema.clients.firstName, 'Eli')))
          )[0]!.id,
        ),
      );
    expect((await postForm(`${base}/periods/remove`, { period: period!.id }, { cookie })).status).toBe(303);
  });

  it('refuses to take a service away from a groomer booked for it, listing the appointment; the keep box accepts', async () => {
    const s = await createBookableBusiness();
    const { cookie } = await owner(s.business.id);
    const { appointmentId } = await confirmedGroom(s, 5, '11:00', 'Frankie');
    const base = `/manage/${s.business.id}/settings/services/groomers/${s.ids.robin}`;
    const does = () => db.select().from(schema.staffServices).where(eq(schema.staffServices.staffId, s.ids.robin));

    const refused = await postForm(`${base}/services`, { service: s.ids.nailTrim }, { cookie });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(`id="affected-${appointmentId}">Frankie Parent · `);
    // What was ticked stays ticked: nail trim on, full groom off.
    expect(html).toMatch(new RegExp(`name="service" value="${s.ids.nailTrim}" checked`));
    expect(html).not.toMatch(new RegExp(`name="service" value="${s.ids.fullGroom}" checked`));
    expect((await does()).map((d) => d.serviceId).sort()).toEqual([s.ids.fullGroom, s.ids.nailTrim].sort());
    expect(await auditOf(s.business.id)).toHaveLength(0);

    const kept = await postForm(`${base}/services`, { service: s.ids.nailTrim, keep: 'yes' }, { cookie });
    expect(kept.status).toBe(303);
    expect((await does()).map((d) => d.serviceId)).toEqual([s.ids.nailTrim]);
    const [audit] = await auditOf(s.business.id);
    expect(audit).toMatchObject({ action: 'settings.groomer.services', recordId: s.ids.robin, detail: 'no longer does Full groom; kept 1 appointment' });
  });

  it('the batch itself refuses without keep: an appointment confirmed after the page was read stops the removal', async () => {
    const s = await createBookableBusiness();
    const { account, token } = await owner(s.business.id);
    // The page was read with no appointment; then one is confirmed, then the owner's batch runs.
    await confirmedGroom(s, 5, '11:00', 'Gale');
    const a = {
      businessId: s.business.id,
      staffAccountId: account.id,
      tokenHash: await sha256Hex(token),
      now: Date.now(),
      ipAddress: null,
      staffId: s.ids.robin,
      add: [],
      remove: [s.ids.fullGroom],
      detail: 'no longer does Full groom',
    };
    const [refused] = await db.batch(setGroomerServicesStatements(db, { ...a, auditId: newId('aud'), keep: false }));
    expect(refused.rowsAffected).toBe(0);
    const does = () => db.select().from(schema.staffServices).where(eq(schema.staffServices.staffId, s.ids.robin));
    expect(await does()).toHaveLength(2);
    expect(await auditOf(s.business.id)).toHaveLength(0);
    const [kept] = await db.batch(setGroomerServicesStatements(db, { ...a, auditId: newId('aud'), keep: true }));
    expect(kept.rowsAffected).toBe(1);
    expect((await does()).map((d) => d.serviceId)).toEqual([s.ids.nailTrim]);
  });

  it('the period removal batch refuses without keep when an appointment was confirmed in the period after the page was read', async () => {
    const s = await createBookableBusiness();
    const { account, token } = await owner(s.business.id);
    const weekday = weekdayIn(6);
    const [period] = await periodsOf(s.ids.robin, weekday);
    await confirmedGroom(s, 6, '15:00', 'Harper');
    const now = Date.now();
    const a = {
      businessId: s.business.id,
      staffAccountId: account.id,
      tokenHash: await sha256Hex(token),
      now,
      ipAddress: null,
      staffId: s.ids.robin,
      periodId: period!.id,
      detail: 'x',
    };
    const occurrences = periodOccurrences(period!, TZ, now, now + 30 * 86_400_000);
    const [refused] = await db.batch(removePeriodStatements(db, { ...a, auditId: newId('aud'), occurrences }));
    expect(refused.rowsAffected).toBe(0);
    expect(await periodsOf(s.ids.robin, weekday)).toHaveLength(1);
    // Another weekday's occurrences do not meet the appointment.
    const elsewhere = periodOccurrences({ ...period!, weekday: (weekday + 1) % 7 }, TZ, now, now + 30 * 86_400_000);
    const [removed] = await db.batch(removePeriodStatements(db, { ...a, auditId: newId('aud'), occurrences: elsewhere }));
    expect(removed.rowsAffected).toBe(1);
    expect(await periodsOf(s.ids.robin, weekday)).toHaveLength(0);
  });

  it("gives a groomer a service (only the business's own grooming ones) and the parent can pick them for it", async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const other = await createBookableBusiness();
    const base = `/manage/${s.business.id}/settings/services/groomers/${s.ids.nailsOnly}`;
    const res = await postForm(
      `${base}/services`,
      [
        ['service', s.ids.nailTrim],
        ['service', s.ids.fullGroom],
        ['service', s.ids.daycare],
        ['service', other.ids.fullGroom],
      ],
      { cookie },
    );
    expect(res.status).toBe(303);
    const rows = await db.select().from(schema.staffServices).where(eq(schema.staffServices.staffId, s.ids.nailsOnly));
    expect(rows.map((r) => r.serviceId).sort()).toEqual([s.ids.fullGroom, s.ids.nailTrim].sort());
    expect((await auditOf(s.business.id))[0]!.detail).toBe('now does Full groom');
    const step = await get(
      `/c/${s.client.id}/book?${query([
        ['type', 'grooming'],
        ['pet', s.rex.id],
        [`service.${s.rex.id}`, s.ids.fullGroom],
        ['step', 'services'],
      ])}`,
      { cookie: s.cookie },
    );
    expect(await step.text()).toContain('Nell Nails');
  });
});

function exceptionsOf(staffId: string) {
  return db.select().from(schema.staffScheduleExceptions).where(eq(schema.staffScheduleExceptions.staffId, staffId));
}

/** The date in words as the groomer's page shows it (en-US, the business zone). */
const dateWords = (days: number) =>
  new Intl.DateTimeFormat('en-US', { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(localTime(days, '12:00'));

describe("groomers' exceptions", () => {
  /** The parent's grooming start times (the HTML of the time step) for a full groom `days` ahead. */
  function timesOn(s: Awaited<ReturnType<typeof setup>>, days: number) {
    return get(
      `/c/${s.client.id}/book?${query([
        ['type', 'grooming'],
        ['pet', s.rex.id],
        [`service.${s.rex.id}`, s.ids.fullGroom],
        ['date', localDate(days)],
        ['step', 'time'],
      ])}`,
      { cookie: s.cookie },
    ).then((r) => r.text());
  }

  it('lists a day off with its reason, and the parent is offered no time with the groomer that day, until it is removed', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const base = `/manage/${s.business.id}/settings/services/groomers/${s.ids.robin}`;
    expect(await (await get(base, { cookie })).text()).toContain('None coming up.');
    expect(await timesOn(s, 3)).toContain(`value="${localTime(3, '09:00')}"`);

    const res = await postForm(`${base}/exceptions`, { date: localDate(3), starts: '', ends: '', reason: 'Holiday' }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base}?done=exception-added`);
    const [row] = await exceptionsOf(s.ids.robin);
    expect(row).toMatchObject({ businessId: s.business.id, date: localDate(3), starts: null, ends: null, reason: 'Holiday' });
    const page = await get(res.headers.get('location')!, { cookie });
    expect(page.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await page.text();
    expect(html).toContain('Exception added.');
    expect(html).toContain(`<strong>${dateWords(3)}</strong> · Off all day · Holiday`);

    const off = await timesOn(s, 3);
    expect(off).not.toContain(`value="${localTime(3, '09:00')}"`);
    expect(off).not.toContain(`value="${localTime(3, '13:00')}"`);
    // Only that date: the next day keeps the weekly pattern.
    expect(await timesOn(s, 4)).toContain(`value="${localTime(4, '09:00')}"`);

    const removed = await postForm(`${base}/exceptions/remove`, { exception: row!.id }, { cookie });
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe(`${base}?done=exception-removed`);
    expect(await exceptionsOf(s.ids.robin)).toHaveLength(0);
    expect(await timesOn(s, 3)).toContain(`value="${localTime(3, '09:00')}"`);
    const audit = await auditOf(s.business.id);
    expect(audit.map((a) => a.action).sort()).toEqual(['settings.staff_exception.add', 'settings.staff_exception.remove']);
    expect(audit.find((a) => a.action === 'settings.staff_exception.add')).toMatchObject({
      recordId: s.ids.robin,
      detail: `${localDate(3)} off all day (Holiday)`,
    });
    expect((await postForm(`${base}/exceptions/remove`, { exception: row!.id }, { cookie })).headers.get('location')).toBe(`${base}?done=exception-gone`);
  });

  it('offers the parent only the exception hours that date', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const base = `/manage/${s.business.id}/settings/services/groomers/${s.ids.robin}`;
    expect((await postForm(`${base}/exceptions`, { date: localDate(3), starts: '13:00', ends: '15:00', reason: '' }, { cookie })).status).toBe(303);
    expect(await (await get(base, { cookie })).text()).toContain(`<strong>${dateWords(3)}</strong> · 13:00–15:00`);
    const html = await timesOn(s, 3);
    expect(html).toContain(`value="${localTime(3, '13:00')}"`);
    expect(html).toContain(`value="${localTime(3, '14:00')}"`);
    expect(html).not.toContain(`value="${localTime(3, '09:00')}"`);
    expect(html).not.toContain(`value="${localTime(3, '14:30')}"`);
  });

  it.each([
    [{ date: '2026-02-30', starts: '', ends: '', reason: '' }, 'date', EXCEPTION_MESSAGES.date],
    [{ date: 'yesterday', starts: '', ends: '', reason: 'Vet' }, 'date', EXCEPTION_MESSAGES.past],
    [{ date: 'soon', starts: '10:00', ends: '', reason: '' }, 'ends', EXCEPTION_MESSAGES.both],
    [{ date: 'soon', starts: '12:00', ends: '11:00', reason: '' }, 'ends', EXCEPTION_MESSAGES.order],
    [{ date: 'soon', starts: '', ends: '', reason: 'x'.repeat(201) }, 'reason', EXCEPTION_MESSAGES.reason],
  ])('refuses the exception %j at its field (422), keeping it typed, saving nothing', async (typed, field, message) => {
    const { business, ids } = await createBookableBusiness();
    const { cookie } = await owner(business.id);
    const fields = { ...typed, date: typed.date === 'yesterday' ? localDate(-1) : typed.date === 'soon' ? localDate(5) : typed.date };
    const res = await postForm(`/manage/${business.id}/settings/services/groomers/${ids.robin}/exceptions`, fields, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<p class="error" id="exception-${field}-error" role="alert">${esc(message)}</p>`);
    expect(html).toContain(`id="exception-date" name="date" type="date" value="${fields.date}"`);
    if (fields.starts) expect(html).toContain(`value="${fields.starts}"`);
    if (fields.reason) expect(html).toContain(`value="${fields.reason}"`);
    expect(await exceptionsOf(ids.robin)).toHaveLength(0);
    expect(await auditOf(business.id)).toHaveLength(0);
  });

  it('refuses an exception that leaves a live confirmed appointment outside the hours, listing it; hours around it or the keep box accept', async () => {
    const s = await createBookableBusiness();
    const { cookie } = await owner(s.business.id);
    const { appointmentId } = await confirmedGroom(s, 4, '10:00', 'Indy');
    const base = `/manage/${s.business.id}/settings/services/groomers/${s.ids.robin}`;
    const date = localDate(4);

    for (const hours of [
      { starts: '', ends: '' },
      { starts: '13:00', ends: '15:00' },
    ]) {
      const refused = await postForm(`${base}/exceptions`, { date, ...hours, reason: 'Course' }, { cookie });
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toContain('1 confirmed appointment would lose');
      expect(html).toContain(`id="affected-${appointmentId}">Indy Parent · `);
      expect(html).toContain('Keep the existing appointments');
      expect(html).toContain('value="Course"');
    }
    expect(await exceptionsOf(s.ids.robin)).toHaveLength(0);
    expect(await auditOf(s.business.id)).toHaveLength(0);

    // Another date, or hours the appointment fits in, are fine.
    expect((await postForm(`${base}/exceptions`, { date: localDate(5), starts: '', ends: '', reason: '' }, { cookie })).status).toBe(303);
    expect((await postForm(`${base}/exceptions`, { date, starts: '09:00', ends: '12:00', reason: '' }, { cookie })).status).toBe(303);
    expect(await exceptionsOf(s.ids.robin)).toHaveLength(2);

    // With the week's period gone, removing the exception would leave the appointment outside.
    const [period] = await periodsOf(s.ids.robin, weekdayIn(4));
    expect((await postForm(`${base}/periods/remove`, { period: period!.id, keep: 'yes' }, { cookie })).status).toBe(303);
    const morning = (await exceptionsOf(s.ids.robin)).find((x) => x.date === date)!;
    const refusedRemoval = await postForm(`${base}/exceptions/remove`, { exception: morning.id }, { cookie });
    expect(refusedRemoval.status).toBe(422);
    expect(await refusedRemoval.text()).toContain(`id="affected-${appointmentId}">Indy Parent · `);
    expect(await exceptionsOf(s.ids.robin)).toHaveLength(2);
    expect((await postForm(`${base}/exceptions/remove`, { exception: morning.id, keep: 'yes' }, { cookie })).status).toBe(303);

    const kept = await postForm(`${base}/exceptions`, { date, starts: '', ends: '', reason: 'Course', keep: 'yes' }, { cookie });
    expect(kept.status).toBe(303);
    expect(kept.headers.get('location')).toBe(`${base}?done=exception-added`);
    const [appointment] = await db.select().from(schema.appointments).where(eq(schema.appointments.id, appointmentId));
    expect(appointment!.status).toBe('confirmed');
    const audit = (await auditOf(s.business.id)).filter((a) => a.detail?.includes('kept'));
    expect(audit.map((a) => a.action).sort()).toEqual(['settings.groomer.period.remove', 'settings.staff_exception.add', 'settings.staff_exception.remove']);
    expect(audit.find((a) => a.action === 'settings.staff_exception.add')!.detail).toBe(`${date} off all day (Course); kept 1 appointment`);
  });

  it('the batch itself refuses without keep when an appointment was confirmed after the page was read', async () => {
    const s = await createBookableBusiness();
    const { account, token } = await owner(s.business.id);
    await confirmedGroom(s, 6, '15:00', 'Jules');
    const date = localDate(6);
    const a = {
      businessId: s.business.id,
      staffAccountId: account.id,
      tokenHash: await sha256Hex(token),
      now: Date.now(),
      ipAddress: null,
      staffId: s.ids.robin,
      detail: 'x',
    };
    const exception = { date, starts: null, ends: null, reason: null };
    const [refused] = await db.batch(
      addExceptionStatements(db, { ...a, auditId: newId('aud'), exceptionId: newId('sxc'), exception, day: dayAndPeriods(date, [], TZ) }),
    );
    expect(refused.rowsAffected).toBe(0);
    expect(await exceptionsOf(s.ids.robin)).toHaveLength(0);
    expect(await auditOf(s.business.id)).toHaveLength(0);
    // Hours the appointment fits in pass the same check.
    const fits = { date, starts: '14:00', ends: '17:00', reason: null };
    const [written] = await db.batch(
      addExceptionStatements(db, {
        ...a,
        auditId: newId('aud'),
        exceptionId: newId('sxc'),
        exception: fits,
        day: dayAndPeriods(date, [fits as { starts: string; ends: string }], TZ),
      }),
    );
    expect(written.rowsAffected).toBe(1);
    expect(await exceptionsOf(s.ids.robin)).toHaveLength(1);
  });
});

describe('a business with no grooming', () => {
  it('still has its services page, without groomers', async () => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const res = await get(`/manage/${business.id}/settings/services`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('No services yet.');
    expect(html).not.toContain('groomers-list');
  });
});
