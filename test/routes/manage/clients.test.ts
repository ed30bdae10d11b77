/**
 * The console's clients and pets through the real Worker and libSQL: the searchable paged list
 * (name, phone in any format, email, pet name), the client page, add and edit a client (E.164
 * with the business's country, 422 at the field with nothing saved, linking to an existing
 * portal account at once), staff editing a pet with the parents' rules, invitations (one, many,
 * everyone not yet invited) reaching the outbox with their audit rows, and tenancy (another
 * business's staff → 404 for each id, nothing written).
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { newId } from '../../../src/domain/ids';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs, uniquePhone } from '../../helpers/factories';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function withStaff(overrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness(overrides);
  const staff = await createStaffAccount({ businessId: business.id, name: 'Casey Desk' });
  const { cookie } = await staffSignedIn(staff.id);
  return { business, staff, cookie, base: `/manage/${business.id}/clients` };
}

async function auditOf(businessId: string) {
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));
}

async function clientsOf(businessId: string) {
  return db.select().from(schema.clients).where(eq(schema.clients.businessId, businessId));
}

async function textsTo(phone: string) {
  return db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, phone));
}

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** The national digits of a US test number, typed the way people do: (206) 555-0100. */
function typed(e164: string): string {
  const d = e164.slice(2);
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
}

describe('GET /manage/:businessId/clients', () => {
  it('lists clients with phone, email, pets and portal status, 25 a page, in one round trip', async () => {
    const { business, cookie, base } = await withStaff();
    await db.insert(schema.clients).values(
      Array.from({ length: 27 }, (_, i) => ({
        id: newId('cli'),
        businessId: business.id,
        firstName: 'Sam',
        lastName: `Zed${String(i).padStart(2, '0')}`,
        phoneE164: uniquePhone(),
        createdAt: new Date(),
      })),
    );
    const first = await createClientRecord(business.id, { firstName: 'Ada', lastName: 'Aardvark', email: 'ada@example.com' });
    await createPet(first, { name: 'Pickle' });
    const res = await get(base, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain('28 clients.');
    expect(html).toContain(`href="${base}/${first.id}"`);
    expect(html).toContain('ada@example.com');
    expect(html).toContain('Pets: Pickle');
    expect(html).toContain('Portal: Not invited');
    expect(html).toContain(typed(first.phoneE164));
    expect(html.match(/name="clientId"/g)).toHaveLength(25);
    // The budget: a console page ≤ 30 KB gzip (a full page of 25 clients is far under it).
    expect(await gzipSize(html)).toBeLessThan(30 * 1024);
    expect(html).toContain('Page 1 of 2');
    const two = await (await get(`${base}?page=2`, { cookie })).text();
    expect(two.match(/name="clientId"/g)).toHaveLength(3);
    expect((await get(`${base}?page=3`, { cookie })).status).toBe(404);
  });

  it('searches by name, phone in any format, email and pet name', async () => {
    const { business, cookie, base } = await withStaff();
    const phone = uniquePhone();
    const jo = await createClientRecord(business.id, { firstName: 'Jo', lastName: 'Marsh', phoneE164: phone, email: 'jo.marsh@example.com' });
    await createPet(jo, { name: 'Waffles' });
    const other = await createClientRecord(business.id, { firstName: 'Kim', lastName: 'Other' });
    const found = async (q: string) => {
      const html = await (await get(`${base}?q=${encodeURIComponent(q)}`, { cookie })).text();
      return { jo: html.includes(`id="client-${jo.id}"`), other: html.includes(`id="client-${other.id}"`) };
    };
    for (const q of [
      'marsh',
      'Jo Marsh',
      typed(phone),
      phone,
      phone.slice(-7),
      `1-${phone.slice(2, 5)}.${phone.slice(5, 8)}.${phone.slice(8)}`,
      'JO.MARSH@',
      'waff',
    ]) {
      expect(await found(q), q).toEqual({ jo: true, other: false });
    }
    expect(await found('nobody-like-this')).toEqual({ jo: false, other: false });
    // With JS the search input asks for the list as the person types; every such URL is a full page too.
    const page = await (await get(`${base}?q=marsh`, { cookie })).text();
    expect(page).toMatch(/<input id="client-q" name="q" type="search" value="marsh"[^>]*hx-get="[^"]+\/clients"[^>]*hx-select="#client-results"/);
    expect(page).toContain('<div id="client-results">');
    // LIKE's wildcards are plain characters in a query.
    expect(await found('%')).toEqual({ jo: false, other: false });
  });
});

describe('GET /manage/:businessId/clients/:clientId', () => {
  it('shows contact, pets with vaccinations, appointments, agreements, credit and portal status in one round trip', async () => {
    const { business, cookie, base } = await withStaff();
    const client = await createClientRecord(business.id, { firstName: 'Robin', lastName: 'Page', email: 'robin@example.com' });
    const pet = await createPet(client, { name: 'Mochi' });
    await db.insert(schema.petVaccinations).values({ id: `vac_${pet.id}`, businessId: business.id, petId: pet.id, name: 'Rabies', expiresOn: '2020-01-01' });
    await createAppointment({ client, pets: [pet], serviceType: 'daycare', startsAt: new Date(Date.now() + 3 * 86_400_000) });
    await createAppointment({
      client,
      pets: [pet],
      serviceType: 'boarding',
      status: 'finished',
      startsAt: new Date(Date.now() - 9 * 86_400_000),
      endsAt: new Date(Date.now() - 7 * 86_400_000),
    });
    const agreementId = `agr_${client.id}`;
    await db.insert(schema.agreements).values({ id: agreementId, businessId: business.id, title: 'Boarding waiver', createdAt: new Date() });
    await db
      .insert(schema.agreementVersions)
      .values({ id: `agv_${client.id}`, businessId: business.id, agreementId, version: 1, body: 'Text', publishedAt: new Date() });
    await db.insert(schema.storeCreditTransactions).values({
      id: `crd_${client.id}`,
      businessId: business.id,
      clientId: client.id,
      amountMinor: 2500,
      currency: 'USD',
      reason: 'Refund',
      createdAt: new Date(),
    });
    await db.insert(schema.invitations).values({
      id: `inv_${client.id}`,
      businessId: business.id,
      clientId: client.id,
      tokenHash: `hash-${client.id}`,
      channel: 'sms',
      phoneE164: client.phoneE164,
      createdAt: new Date('2026-11-20T20:00:00Z'),
      expiresAt: new Date('2026-12-20T20:00:00Z'),
    });
    const res = await get(`${base}/${client.id}`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain('Robin Page');
    expect(html).toContain(typed(client.phoneE164));
    expect(html).toContain('robin@example.com');
    expect(html).toContain('Mochi');
    expect(html).toMatch(/Rabies: expires[^<]*2020<span class="status s-canceled">Expired/);
    expect(html).toContain('Daycare · Mochi');
    expect(html).toContain('Boarding · Mochi');
    expect(html).toContain('Boarding waiver: <span class="status s-requested">To sign</span>');
    expect(html).toMatch(/<dd id="credit">\$25\.00 · <a href="[^"]+\/credit">/);
    expect(html).toContain('<dd id="portal-status">Invited on Nov 20, 2026 by text</dd>');
    expect(html).toContain(`href="${base}/${client.id}/pets/${pet.id}/edit"`);
  });

  it('says registered and last seen for a client with a portal account', async () => {
    const { business, cookie, base } = await withStaff();
    const client = await createClientRecord(business.id);
    await signedInAs(client.phoneE164, { lastSeenAt: Date.parse('2026-11-30T18:00:00Z') });
    const html = await (await get(`${base}/${client.id}`, { cookie })).text();
    expect(html).toContain('<dd id="portal-status">Registered · last seen Nov 30, 2026</dd>');
    expect(html).not.toContain('Send portal invitation');
  });
});

describe('add and edit a client', () => {
  it('adds a client with the phone in E.164 (the business country), email normalized, and the audit row', async () => {
    const { business, cookie, base, staff } = await withStaff({ country: 'GB', timeZone: 'Europe/London', locale: 'en-GB', currency: 'GBP' });
    expect((await get(`${base}/new`, { cookie })).status).toBe(200);
    const res = await postForm(`${base}/new`, { firstName: 'Ann', lastName: 'Lee', phone: '020 7946 0001', email: ' Ann.Lee@Example.COM ' }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('server-timing')).toContain('desc="2 round trips"');
    const [client] = await clientsOf(business.id);
    expect(client).toMatchObject({ firstName: 'Ann', lastName: 'Lee', phoneE164: '+442079460001', email: 'ann.lee@example.com' });
    expect(res.headers.get('location')).toBe(`${base}/${client!.id}?added=1`);
    expect(await auditOf(business.id)).toEqual([
      expect.objectContaining({ action: 'client.create', recordType: 'client', recordId: client!.id, staffAccountId: staff.id }),
    ]);
  });

  it('refuses an unparseable phone, a missing name and a bad email with 422 at each field, saving nothing', async () => {
    const { business, cookie, base } = await withStaff();
    const res = await postForm(`${base}/new`, { firstName: '', lastName: 'Lee', phone: '12', email: 'not-an-email' }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="client-first-error"');
    expect(html).toMatch(/id="client-phone-error" role="alert">[^<]+</);
    expect(html).toContain('id="client-email-error" role="alert">Enter an email address like name@example.com.');
    expect(html).toContain('value="12"');
    expect(await clientsOf(business.id)).toHaveLength(0);
    expect(await auditOf(business.id)).toHaveLength(0);
    const letters = await postForm(`${base}/new`, { firstName: 'A', lastName: 'B', phone: 'call me' }, { cookie });
    expect(letters.status).toBe(422);
    expect(await letters.text()).toContain('id="client-phone-error"');
    expect(await clientsOf(business.id)).toHaveLength(0);
  });

  it('links a number that has a portal account to it at once (SPEC §3.4)', async () => {
    const { business, cookie, base } = await withStaff();
    const elsewhere = await createBusiness();
    const existing = await createClientRecord(elsewhere.id);
    const parent = await signedInAs(existing.phoneE164);
    const res = await postForm(`${base}/new`, { firstName: 'Pat', lastName: 'Known', phone: typed(existing.phoneE164) }, { cookie });
    expect(res.status).toBe(303);
    const [client] = await clientsOf(business.id);
    expect(res.headers.get('location')).toBe(`${base}/${client!.id}?added=linked`);
    const links = await db.select().from(schema.accountClientLinks).where(eq(schema.accountClientLinks.clientId, client!.id));
    expect(links).toEqual([expect.objectContaining({ accountId: parent.accountId, businessId: business.id })]);
    expect(await (await get(`${base}/${client!.id}?added=linked`, { cookie })).text()).toContain('Registered');
  });

  it('edits a client: a new number moves the link to the account that has it; 422 keeps the old record', async () => {
    const { business, cookie, base } = await withStaff();
    const client = await createClientRecord(business.id, { firstName: 'Old', lastName: 'Name' });
    const oldParent = await signedInAs(client.phoneE164);
    const newPhone = uniquePhone();
    const elsewhere = await createClientRecord((await createBusiness()).id, { phoneE164: newPhone });
    const newParent = await signedInAs(elsewhere.phoneE164);
    const form = await (await get(`${base}/${client.id}/edit`, { cookie })).text();
    expect(form).toContain('value="Old"');

    const bad = await postForm(`${base}/${client.id}/edit`, { firstName: 'New', lastName: 'Name', phone: '555', email: '' }, { cookie });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="client-phone-error"');
    expect((await clientsOf(business.id))[0]).toMatchObject({ firstName: 'Old', phoneE164: client.phoneE164 });

    const ok = await postForm(`${base}/${client.id}/edit`, { firstName: 'New', lastName: 'Name', phone: newPhone, email: 'new@example.com' }, { cookie });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('server-timing')).toContain('desc="2 round trips"');
    expect(ok.headers.get('location')).toBe(`${base}/${client.id}?saved=1`);
    expect((await clientsOf(business.id))[0]).toMatchObject({ firstName: 'New', phoneE164: newPhone, email: 'new@example.com' });
    const links = await db.select().from(schema.accountClientLinks).where(eq(schema.accountClientLinks.clientId, client.id));
    expect(links.map((l) => l.accountId)).toEqual([newParent.accountId]);
    expect(links.map((l) => l.accountId)).not.toContain(oldParent.accountId);
    expect(await auditOf(business.id)).toEqual([
      expect.objectContaining({ action: 'client.update', recordId: client.id, detail: 'Changed name, phone, email' }),
    ]);
  });
});

describe('staff edit a pet', () => {
  it('saves with the parents’ form rules, keeps the grams of an unchanged weight, writes the audit row', async () => {
    const { business, cookie, base } = await withStaff();
    const client = await createClientRecord(business.id);
    const pet = await createPet(client, { name: 'Biscuit', weightGrams: 12_345 });
    const path = `${base}/${client.id}/pets/${pet.id}/edit`;
    const form = await (await get(path, { cookie })).text();
    expect(form).toContain('<label for="pet-weight">Weight in lb (optional)</label>');
    expect(form).toContain('value="27.2"');
    const res = await postForm(path, { name: 'Biscuit Jr', species: 'dog', sex: 'male', weight: '27.2', medications: 'Half a pill at breakfast' }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base}/${client.id}?pet=1`);
    expect(res.headers.get('server-timing')).toContain('desc="2 round trips"');
    const [after] = await db.select().from(schema.pets).where(eq(schema.pets.id, pet.id));
    expect(after).toMatchObject({ name: 'Biscuit Jr', sex: 'male', weightGrams: 12_345, medications: 'Half a pill at breakfast', breed: null });
    expect(await auditOf(business.id)).toEqual([expect.objectContaining({ action: 'pet.update', recordType: 'pet', recordId: pet.id })]);
  });

  it('answers 422 at the field and saves nothing for bad values', async () => {
    const { business, cookie, base } = await withStaff();
    const client = await createClientRecord(business.id);
    const pet = await createPet(client, { name: 'Biscuit' });
    const res = await postForm(
      `${base}/${client.id}/pets/${pet.id}/edit`,
      { name: '\u200b', species: 'dragon', weight: '-3', birthday: '2999-01-01' },
      { cookie },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('This has only invisible characters.');
    expect(html).toContain('Choose dog, cat or other.');
    expect(html).toContain('The weight must be more than 0.');
    expect(html).toContain('The birthday cannot be in the future.');
    expect((await db.select().from(schema.pets).where(eq(schema.pets.id, pet.id)))[0]).toMatchObject({ name: 'Biscuit', species: 'dog' });
    expect(await auditOf(business.id)).toHaveLength(0);
  });

  it('a pet of another client of ours is not found under this client', async () => {
    const { business, cookie, base } = await withStaff();
    const a = await createClientRecord(business.id);
    const b = await createClientRecord(business.id);
    const pet = await createPet(b);
    expect((await get(`${base}/${a.id}/pets/${pet.id}/edit`, { cookie })).status).toBe(404);
    expect((await postForm(`${base}/${a.id}/pets/${pet.id}/edit`, { name: 'X', species: 'cat' }, { cookie })).status).toBe(404);
  });

  it('parents still cannot edit pets in the portal', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const pet = await createPet(client);
    const parent = await signedInAs(client.phoneE164);
    expect((await postForm(`/c/${client.id}/pets/${pet.id}/edit`, { name: 'Hacked', species: 'cat' }, { cookie: parent.cookie })).status).toBe(404);
    expect((await db.select().from(schema.pets).where(eq(schema.pets.id, pet.id)))[0]!.name).toBe(pet.name);
  });
});

describe('invitations from the console', () => {
  it('invites one client by text: the link reaches the outbox, with the audit row, through the shared sending code', async () => {
    const { business, cookie, base, staff } = await withStaff();
    const client = await createClientRecord(business.id, { firstName: 'Ivy' });
    const res = await postForm(`${base}/${client.id}/invite`, { channel: 'sms' }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('server-timing')).toContain('desc="2 round trips"');
    expect(res.headers.get('location')).toBe(`${base}/${client.id}?invited=sms`);
    const texts = await textsTo(client.phoneE164);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toMatch(new RegExp(`^${business.name} invites you to Pawtal, their client portal: https?://[^ ]+/invite/[A-Za-z0-9_-]{43}$`));
    const invites = await db.select().from(schema.invitations).where(eq(schema.invitations.clientId, client.id));
    expect(invites).toEqual([expect.objectContaining({ channel: 'sms', phoneE164: client.phoneE164, revokedAt: null })]);
    expect(await auditOf(business.id)).toEqual([
      expect.objectContaining({ action: 'client.invite', recordId: client.id, staffAccountId: staff.id, detail: 'by text' }),
    ]);
    const page = await (await get(`${base}/${client.id}?invited=sms`, { cookie })).text();
    expect(page).toContain('Invitation sent by text.');
    expect(page).toMatch(/<dd id="portal-status">Invited on [^<]+ by text<\/dd>/);
  });

  it('refuses an email invitation without an address (422, nothing sent) and needs a channel', async () => {
    const { business, cookie, base } = await withStaff();
    const client = await createClientRecord(business.id, { email: null });
    const res = await postForm(`${base}/${client.id}/invite`, { channel: 'email' }, { cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('There is no email address on file for this client.');
    expect((await postForm(`${base}/${client.id}/invite`, { channel: 'pigeon' }, { cookie })).status).toBe(422);
    expect(await db.select().from(schema.invitations).where(eq(schema.invitations.clientId, client.id))).toHaveLength(0);
    expect(await auditOf(business.id)).toHaveLength(0);
  });

  it('invites the selected clients by email, or everyone not yet invited by text', async () => {
    const { business, cookie, base } = await withStaff();
    const a = await createClientRecord(business.id, { email: 'a@example.com' });
    const b = await createClientRecord(business.id, { email: null });
    const c = await createClientRecord(business.id, { email: 'c@example.com' });
    const registered = await createClientRecord(business.id);
    await signedInAs(registered.phoneE164);
    const picked = await postForm(
      `${base}/invitations`,
      [
        ['who', 'selected'],
        ['channel', 'email'],
        ['clientId', a.id],
        ['clientId', b.id],
      ],
      { cookie },
    );
    expect(picked.status).toBe(303);
    expect(picked.headers.get('server-timing')).toContain('desc="2 round trips"');
    expect(picked.headers.get('location')).toBe(`${base}?invited=1&by=email&refused=1`);
    const mails = await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, 'a@example.com'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.bodyText).toContain('/invite/');
    expect(await (await get(`${base}?invited=1&by=email&refused=1`, { cookie })).text()).toContain(
      '1 invitation sent by email. 1 client was skipped (no email on file).',
    );

    const everyone = await postForm(`${base}/invitations`, { who: 'everyone', channel: 'sms' }, { cookie });
    expect(everyone.status).toBe(303);
    expect(everyone.headers.get('location')).toBe(`${base}?invited=2&by=sms`);
    expect(await textsTo(b.phoneE164)).toHaveLength(1);
    expect(await textsTo(c.phoneE164)).toHaveLength(1);
    expect(await textsTo(a.phoneE164)).toHaveLength(0);
    expect(await textsTo(registered.phoneE164)).toHaveLength(0);
    const audit = await auditOf(business.id);
    expect(
      audit
        .filter((r) => r.action === 'client.invite')
        .map((r) => r.recordId)
        .sort(),
    ).toEqual([a.id, b.id, c.id].sort());

    const again = await postForm(`${base}/invitations`, { who: 'everyone', channel: 'sms' }, { cookie });
    expect(again.status).toBe(422);
    const none = await postForm(`${base}/invitations`, { who: 'selected', channel: 'sms' }, { cookie });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Select at least one client to invite');
  });

  it('writes the invitation in the business’s text language (Spanish) when the client has no account', async () => {
    const { business, cookie, base } = await withStaff();
    await db.update(schema.businesses).set({ textLanguage: 'es' }).where(eq(schema.businesses.id, business.id));
    const client = await createClientRecord(business.id);
    expect((await postForm(`${base}/${client.id}/invite`, { channel: 'sms' }, { cookie })).status).toBe(303);
    const texts = await textsTo(client.phoneE164);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toMatch(new RegExp(`^${business.name} le invita a Pawtal, su portal de clientes: https?://[^ ]+/invite/[A-Za-z0-9_-]{43}$`));
  });

  it('writes the invitation email in the language of an account with the client’s phone (Spanish) over the business’s (English)', async () => {
    const { business, cookie, base } = await withStaff();
    const email = `ivy.${newId('e').slice(-8)}@example.com`;
    const client = await createClientRecord(business.id, { firstName: 'Ivy', email });
    await db.insert(schema.portalAccounts).values({ id: newId('acc'), phoneE164: client.phoneE164, language: 'es', createdAt: new Date() });
    const res = await postForm(
      `${base}/invitations`,
      [
        ['who', 'selected'],
        ['channel', 'email'],
        ['clientId', client.id],
      ],
      { cookie },
    );
    expect(res.status).toBe(303);
    const mails = await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`${business.name} le invita a Pawtal`);
    expect(mails[0]!.bodyText).toMatch(/^Hola, Ivy:\n\n/);
    expect(mails[0]!.bodyText).toContain('30 días');
    expect(mails[0]!.bodyText).not.toContain('invites you');
  });

  it('refuses when the business has no portal (409, nothing written)', async () => {
    const { business, cookie, base } = await withStaff({ offersBoarding: false, offersDaycare: false, offersGrooming: true });
    const client = await createClientRecord(business.id);
    const res = await postForm(`${base}/${client.id}/invite`, { channel: 'sms' }, { cookie });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('The client portal is not available yet');
    expect(await db.select().from(schema.invitations).where(eq(schema.invitations.clientId, client.id))).toHaveLength(0);
  });
});

describe('tenancy', () => {
  it('another business’s staff get 404 for each client and pet id, and nothing is written', async () => {
    const { business, base } = await withStaff();
    const client = await createClientRecord(business.id, { firstName: 'Mine' });
    const pet = await createPet(client, { name: 'Mine' });
    const other = await createBusiness();
    const stranger = await createStaffAccount({ businessId: other.id, role: 'owner' });
    const { cookie } = await staffSignedIn(stranger.id);
    const gets = [base, `${base}/new`, `${base}/${client.id}`, `${base}/${client.id}/edit`, `${base}/${client.id}/pets/${pet.id}/edit`];
    for (const path of gets) expect((await get(path, { cookie })).status, path).toBe(404);
    const posts: [string, Record<string, string> | [string, string][]][] = [
      [`${base}/new`, { firstName: 'X', lastName: 'Y', phone: uniquePhone() }],
      [`${base}/${client.id}/edit`, { firstName: 'Hacked', lastName: 'Y', phone: uniquePhone() }],
      [`${base}/${client.id}/pets/${pet.id}/edit`, { name: 'Hacked', species: 'cat' }],
      [`${base}/${client.id}/invite`, { channel: 'sms' }],
      [
        `${base}/invitations`,
        [
          ['who', 'selected'],
          ['channel', 'sms'],
          ['clientId', client.id],
        ],
      ],
      [`${base}/invitations`, { who: 'everyone', channel: 'sms' }],
    ];
    for (const [path, body] of posts) expect((await postForm(path, body, { cookie })).status, path).toBe(404);
    // Our ids under the stranger's own business are not found either.
    const theirs = `/manage/${other.id}/clients`;
    for (const path of [`${theirs}/${client.id}`, `${theirs}/${client.id}/edit`, `${theirs}/${client.id}/pets/${pet.id}/edit`])
      expect((await get(path, { cookie })).status, path).toBe(404);
    for (const [path, body] of [
      [`${theirs}/${client.id}/edit`, { firstName: 'Hacked', lastName: 'Y', phone: uniquePhone() }],
      [`${theirs}/${client.id}/pets/${pet.id}/edit`, { name: 'Hacked', species: 'cat' }],
      [`${theirs}/${client.id}/invite`, { channel: 'sms' }],
    ] as const) {
      expect((await postForm(path, body, { cookie })).status, path).toBe(404);
    }
    const mixed = await postForm(
      `${theirs}/invitations`,
      [
        ['who', 'selected'],
        ['channel', 'sms'],
        ['clientId', client.id],
      ],
      { cookie },
    );
    expect(mixed.status).toBe(404);
    expect((await clientsOf(business.id)).map((c) => c.firstName)).toEqual(['Mine']);
    expect((await db.select().from(schema.pets).where(eq(schema.pets.id, pet.id)))[0]!.name).toBe('Mine');
    expect(await textsTo(client.phoneE164)).toHaveLength(0);
    expect(
      await db
        .select()
        .from(schema.invitations)
        .where(and(eq(schema.invitations.clientId, client.id))),
    ).toHaveLength(0);
    expect(await auditOf(business.id)).toHaveLength(0);
    expect(await auditOf(other.id)).toHaveLength(0);
    expect(await clientsOf(other.id)).toHaveLength(0);
  });

  it('sends the signed-out to sign in', async () => {
    const { base } = await withStaff();
    expect((await get(base)).headers.get('location')).toBe('/manage/sign-in');
  });
});
