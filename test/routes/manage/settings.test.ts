/**
 * The owner's business profile and booking rules through the real Worker and database: each bad
 * input refused at its field with nothing saved, a save written with its audit row and seen by
 * the parent's portal at the next page view, a change that would strand booked visits refused
 * with their list unless "Keep the existing appointments" is ticked, staff 403.
 */
import { describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { createBusiness, db } from '../../helpers/factories';
import { bookingParent, localDate } from '../../helpers/booking-factories';
import { appointmentsOf, daycareChoice, reviewForm, setup, submit } from '../../helpers/booking-flow';
import { get, ORIGIN, postForm } from '../../helpers/http';
import { makePng } from '../../helpers/png';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function owner(businessId: string) {
  const account = await createStaffAccount({ businessId, role: 'owner' });
  return { account, ...(await staffSignedIn(account.id)) };
}

async function businessRow(id: string) {
  const [row] = await db.select().from(schema.businesses).where(eq(schema.businesses.id, id));
  return row!;
}

const PROFILE = {
  name: 'Harbour Hounds',
  phone: '(206) 555-0142',
  address: '12 Pier Road\nSeattle, WA',
  timeZone: 'America/Los_Angeles',
  country: 'US',
  locale: 'en-US',
  currency: 'USD',
  offers_boarding: '1',
  offers_daycare: '1',
  accentColour: '#1d5e3a',
};

/** The booking rules form as the page sends it, from a business row. */
function rulesForm(over: Record<string, string | undefined> = {}): Record<string, string> {
  const base: Record<string, string | undefined> = {
    boardingNightlyCapacity: '10',
    daycareDailyCapacity: '10',
    minNoticeHours: '24',
    bookingHorizonDays: '60',
    slotIntervalMinutes: '30',
    maxDaysPerRequest: '14',
    maxLiveRequestsPerDay: '3',
    onlineBookingEnabled: '1',
    waitlistAllowed: '1',
    depositRule: 'none',
    changePolicy: 'not_allowed',
    vaccinationPolicy: 'refuse',
    ...over,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** The profile form without `field` (an unticked checkbox is not sent), with `over` on top. */
function profileWithout(field: keyof typeof PROFILE, over: Record<string, string> = {}): Record<string, string> {
  const form: Record<string, string> = { ...PROFILE, ...over };
  delete form[field];
  return form;
}

const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];

describe('settings pages: who may open them', () => {
  it('shows the index, profile and booking rules to an owner, with the values on file', async () => {
    const business = await createBusiness({ boardingNightlyCapacity: 7 });
    const { cookie } = await owner(business.id);
    const index = await get(`/manage/${business.id}/settings`, { cookie });
    expect(index.status).toBe(200);
    const html = await index.text();
    for (const path of ['profile', 'booking', 'hours', 'services']) expect(html).toContain(`href="/manage/${business.id}/settings/${path}"`);
    const profile = await (await get(`/manage/${business.id}/settings/profile`, { cookie })).text();
    expect(profile).toContain(`value="${business.name}"`);
    expect(profile).toMatch(/<option value="America\/Los_Angeles" selected="">/);
    const rules = await (await get(`/manage/${business.id}/settings/booking`, { cookie })).text();
    expect(rules).toMatch(/id="boardingNightlyCapacity"[^>]*value="7"/);
  });

  it('answers 403 to a staff member, for reading and for saving, and saves nothing', async () => {
    const business = await createBusiness();
    const staff = await createStaffAccount({ businessId: business.id, role: 'staff' });
    const { cookie } = await staffSignedIn(staff.id);
    for (const path of ['settings', 'settings/profile', 'settings/booking']) expect((await get(`/manage/${business.id}/${path}`, { cookie })).status).toBe(403);
    expect((await postForm(`/manage/${business.id}/settings/profile`, { ...PROFILE }, { cookie })).status).toBe(403);
    expect((await postForm(`/manage/${business.id}/settings/booking`, rulesForm({ boardingNightlyCapacity: '99' }), { cookie })).status).toBe(403);
    const row = await businessRow(business.id);
    expect(row.name).toBe(business.name);
    expect(row.boardingNightlyCapacity).toBe(0);
  });
});

describe('POST /manage/:businessId/settings/profile', () => {
  it.each([
    ['name', { name: '' }, 'Enter the business’s name'],
    ['phone', { phone: '555' }, 'too short'],
    ['timeZone', { timeZone: 'Mars/Olympus' }, 'Choose the time zone'],
    ['country', { country: 'XX' }, 'two-letter country code'],
    ['locale', { locale: 'not a locale' }, 'language and region code'],
    ['currency', { currency: 'DOLLARS' }, 'three-letter currency code'],
    ['serviceTypes', { offers_boarding: undefined, offers_daycare: undefined }, 'Tick at least one service'],
    ['accentColour', { accentColour: '#ffff00' }, 'needs at least 4.5:1'],
    ['accentColour', { accentColour: 'green' }, '# and six hex digits'],
    ['textLanguage', { textLanguage: 'fr' }, 'Choose English or Spanish'],
  ])('refuses a bad %s at the field (422), keeping what was typed and saving nothing', async (field, change, message) => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const form = Object.fromEntries(Object.entries({ ...PROFILE, ...change }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const res = await postForm(`/manage/${business.id}/settings/profile`, form, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, field === 'serviceTypes' ? 'serviceTypes' : field)).toContain(message.replace(/'/g, '&#39;'));
    if (field !== 'name') expect(html).toContain('value="Harbour Hounds"');
    const row = await businessRow(business.id);
    expect(row.name).toBe(business.name);
    expect(row.accentColour).toBeNull();
    expect(await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, business.id))).toHaveLength(0);
  });

  it('saves the profile with its audit row; the parent sees the new name and accent colour at the next page view', async () => {
    const s = await setup();
    const { cookie, account } = await owner(s.business.id);
    const res = await postForm(`/manage/${s.business.id}/settings/profile`, { ...PROFILE, offers_grooming: '1' }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${s.business.id}/settings/profile?done=profile`);
    const row = await businessRow(s.business.id);
    expect(row).toMatchObject({ name: 'Harbour Hounds', phone: '+1 206 555 0142', address: '12 Pier Road\nSeattle, WA', accentColour: '#1d5e3a' });
    const [audit] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id));
    expect(audit).toMatchObject({ action: 'settings.profile.update', staffAccountId: account.id, recordId: s.business.id });
    expect(audit!.detail).toContain('name');
    const after = await (await get(`/manage/${s.business.id}/settings/profile?done=profile`, { cookie })).text();
    expect(after).toContain('Profile saved.');
    const portal = await (await get(`/c/${s.client.id}/appointments`, { cookie: s.cookie })).text();
    expect(portal).toContain('Harbour Hounds');
    expect(portal).toContain('<link rel="stylesheet" href="/accent/1d5e3a.css"');
    const css = await get('/accent/1d5e3a.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('background:#1d5e3a');
    expect((await get('/accent/ffff00.css')).status).toBe(404); // fails the contrast check: never served
  });

  it('sets the language of the texts and emails of clients who have not chosen one; a form without the field leaves it', async () => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const page = await (await get(`/manage/${business.id}/settings/profile`, { cookie })).text();
    expect(page).toMatch(/<label for="textLanguage">Language of texts and emails to clients who have not chosen one in the portal<\/label>/);
    expect(page).toMatch(/<option value="en" selected="">English<\/option>/);
    expect((await postForm(`/manage/${business.id}/settings/profile`, { ...PROFILE, textLanguage: 'es' }, { cookie })).status).toBe(303);
    expect((await businessRow(business.id)).textLanguage).toBe('es');
    expect(await (await get(`/manage/${business.id}/settings/profile`, { cookie })).text()).toMatch(
      /<option value="es" selected="">Español \(Spanish\)<\/option>/,
    );
    expect((await postForm(`/manage/${business.id}/settings/profile`, { ...PROFILE }, { cookie })).status).toBe(303);
    expect((await businessRow(business.id)).textLanguage).toBe('es');
  });

  it('keeps the currency once visits are recorded in it', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const day = localDate(5);
    const review = await reviewForm(s, daycareChoice(s, day));
    expect((await submit(s, review.fields)).status).toBe(303);
    const res = await postForm(`/manage/${s.business.id}/settings/profile`, { ...PROFILE, offers_grooming: '1', currency: 'CAD' }, { cookie });
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), 'currency')).toContain('The currency stays USD');
    expect((await businessRow(s.business.id)).currency).toBe('USD');
  });

  it('refuses to turn off a service with visits still booked, listing them; saves with "Keep the existing appointments"', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const day = localDate(6);
    const review = await reviewForm(s, daycareChoice(s, day));
    expect((await submit(s, review.fields)).status).toBe(303);
    const form = { ...PROFILE, offers_daycare: undefined, offers_grooming: '1' } as Record<string, string | undefined>;
    delete form.offers_daycare;
    const refused = await postForm(`/manage/${s.business.id}/settings/profile`, form as Record<string, string>, { cookie });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('Visits are still booked for a service you turned off');
    expect(html).toContain(`href="/manage/${s.business.id}/schedule?day=${day}"`);
    expect(html).toContain('Jo Booker');
    expect(html).toContain('name="keep"');
    expect((await businessRow(s.business.id)).offersDaycare).toBe(true);
    const kept = await postForm(`/manage/${s.business.id}/settings/profile`, { ...(form as Record<string, string>), keep: '1' }, { cookie });
    expect(kept.status).toBe(303);
    expect((await businessRow(s.business.id)).offersDaycare).toBe(false);
    const [visit] = await appointmentsOf(s.client.id);
    expect(visit!.status).toBe('requested');
  });
});

describe('POST /manage/:businessId/settings/booking', () => {
  it.each([
    ['boardingNightlyCapacity', { boardingNightlyCapacity: '-1' }, 'whole number from 0'],
    ['daycareDailyCapacity', { daycareDailyCapacity: 'ten' }, 'whole number from 0'],
    ['bookingHorizonDays', { bookingHorizonDays: '0' }, 'from 1 to 730'],
    ['slotIntervalMinutes', { slotIntervalMinutes: '2' }, 'from 5 to 240'],
    ['deposit', { depositRule: 'percentage', depositPercent: '150' }, 'percentage from 0.01 to 100'],
    ['deposit', { depositRule: 'fixed', depositFixed: '12.345' }, 'at most 2 decimals'],
    ['changePolicy', { changePolicy: 'until_hours_before', changePolicyHours: '' }, 'hours before the visit'],
    ['idogcamFeedUrl', { idogcamFeedUrl: 'http://cam.example/feed' }, 'starting with https://'],
  ])('refuses a bad %s at the field (422), saving nothing', async (field, change, message) => {
    const business = await createBusiness({ boardingNightlyCapacity: 4 });
    const { cookie } = await owner(business.id);
    const res = await postForm(`/manage/${business.id}/settings/booking`, rulesForm(change), { cookie });
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), field === 'deposit' ? 'depositRule' : field)).toContain(message);
    const row = await businessRow(business.id);
    expect(row.boardingNightlyCapacity).toBe(4);
    expect(row.daycareDailyCapacity).toBe(0);
    expect(await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, business.id))).toHaveLength(0);
  });

  it('saves the rules with an audit row; the parent booking follows at once (online booking off → no Book)', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    expect((await get(`/c/${s.client.id}/book`, { cookie: s.cookie })).status).toBe(200);
    const res = await postForm(
      `/manage/${s.business.id}/settings/booking`,
      rulesForm({
        onlineBookingEnabled: undefined,
        depositRule: 'percentage',
        depositPercent: '25',
        changePolicy: 'until_hours_before',
        changePolicyHours: '48',
        idogcamFeedUrl: 'https://cam.example/feeds/x',
      }),
      { cookie },
    );
    expect(res.status).toBe(303);
    const row = await businessRow(s.business.id);
    expect(row).toMatchObject({
      onlineBookingEnabled: false,
      depositRule: 'percentage',
      depositValue: 2500,
      changePolicy: 'until_hours_before',
      changePolicyHours: 48,
      idogcamFeedUrl: 'https://cam.example/feeds/x',
      boardingNightlyCapacity: 10,
    });
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id));
    expect(audit.map((a) => a.action)).toEqual(['settings.booking.update']);
    expect((await get(`/c/${s.client.id}/book`, { cookie: s.cookie })).status).toBe(404);
    const page = await (await get(`/manage/${s.business.id}/settings/booking?done=booking`, { cookie })).text();
    expect(page).toContain('Booking rules saved.');
    expect(page).toMatch(/id="depositPercent"[^>]*value="25"/);
  });

  it('refuses a daycare capacity below what is booked, listing the visits; saves with "Keep the existing appointments"', async () => {
    const s = await setup(); // daycare 2 a day
    const { cookie } = await owner(s.business.id);
    const day = localDate(4);
    for (let i = 0; i < 2; i++) {
      const other = { ...s, ...(await bookingParent(s.business.id)) };
      const r = await reviewForm(other, daycareChoice(other, day));
      expect((await submit(other, r.fields)).status).toBe(303);
    }
    const before = await businessRow(s.business.id);
    const form = rulesForm({ boardingNightlyCapacity: String(before.boardingNightlyCapacity), daycareDailyCapacity: '1' });
    const refused = await postForm(`/manage/${s.business.id}/settings/booking`, form, { cookie });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('More places are already booked than the new capacity');
    expect(html.match(/Jo Booker/g)).toHaveLength(2);
    expect((await businessRow(s.business.id)).daycareDailyCapacity).toBe(2);
    // The same capacity as booked is fine.
    expect((await postForm(`/manage/${s.business.id}/settings/booking`, { ...form, daycareDailyCapacity: '2' }, { cookie })).status).toBe(303);
    const kept = await postForm(`/manage/${s.business.id}/settings/booking`, { ...form, keep: '1' }, { cookie });
    expect(kept.status).toBe(303);
    expect((await businessRow(s.business.id)).daycareDailyCapacity).toBe(1);
  });
});

describe('the onboarding checklist', () => {
  const steps = (html: string) =>
    [...html.matchAll(/<li>(?:<a href="[^"]+">([^<]+)<\/a>|<span aria-hidden="true">✓ <\/span><s>([^<]+)<\/s>)/g)].map((m) =>
      m[1] ? `todo: ${m[1]}` : `done: ${m[2]}`,
    );

  it('leads a new business’s owner through the setup from the inbox and settings, ticking steps as the data shows them done, then goes away', async () => {
    const business = await createBusiness({ phone: null, address: null, offersDaycare: false });
    const { cookie } = await owner(business.id);
    const first = await (await get(`/manage/${business.id}/inbox`, { cookie })).text();
    expect(first).toContain('Get ready for online booking');
    expect(first).toContain('5 of 5 steps left');
    expect(first).toContain(`<a href="/manage/${business.id}/settings/hours">Set your opening hours</a>`);
    expect((await (await get(`/manage/${business.id}/settings`, { cookie })).text()).match(/Get ready for online booking/g)).toHaveLength(1);

    // Step by step, as the pages would write it.
    expect((await postForm(`/manage/${business.id}/settings/profile`, profileWithout('offers_daycare', { name: business.name }), { cookie })).status).toBe(303);
    await db.insert(schema.businessHours).values({ id: `bh_${crypto.randomUUID()}`, businessId: business.id, weekday: 1, opens: '08:00', closes: '18:00' });
    const mid = await (await get(`/manage/${business.id}/inbox`, { cookie })).text();
    expect(steps(mid).slice(0, 2)).toEqual(['done: Add your phone and address to your profile', 'done: Set your opening hours']);
    expect(mid).toContain('3 of 5 steps left');

    await db.insert(schema.services).values({
      id: `svc_${crypto.randomUUID().slice(0, 8)}`,
      businessId: business.id,
      name: 'Boarding',
      type: 'boarding',
      durationMinutes: 1440,
      priceMinor: 5000,
    });
    expect(
      (await postForm(`/manage/${business.id}/settings/booking`, rulesForm({ boardingNightlyCapacity: '8', daycareDailyCapacity: '0' }), { cookie })).status,
    ).toBe(303);
    const client = await db
      .insert(schema.clients)
      .values({
        id: `cli_${crypto.randomUUID().slice(0, 8)}`,
        businessId: business.id,
        firstName: 'Ana',
        lastName: 'Lopez',
        phoneE164: '+12065550177',
        createdAt: new Date(),
      })
      .returning();
    expect(await (await get(`/manage/${business.id}/inbox`, { cookie })).text()).toContain('1 of 5 steps left');
    await db.insert(schema.invitations).values({
      id: `inv_${crypto.randomUUID().slice(0, 8)}`,
      businessId: business.id,
      clientId: client[0]!.id,
      tokenHash: crypto.randomUUID(),
      channel: 'sms',
      phoneE164: '+12065550177',
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const done = await (await get(`/manage/${business.id}/inbox`, { cookie })).text();
    expect(done).not.toContain('Get ready for online booking');
    expect(await (await get(`/manage/${business.id}/settings`, { cookie })).text()).not.toContain('Get ready for online booking');
  });

  it('is not shown to staff', async () => {
    const business = await createBusiness({ phone: null });
    const staff = await createStaffAccount({ businessId: business.id, role: 'staff' });
    const { cookie } = await staffSignedIn(staff.id);
    const html = await (await get(`/manage/${business.id}/inbox`, { cookie })).text();
    expect(html).toContain('Requests');
    expect(html).not.toContain('Get ready for online booking');
  });
});

describe('"Clients sign your agreements before booking online"', () => {
  it('holds the parent’s online booking until the newest version of each agreement is signed', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const agreementId = `agr_${crypto.randomUUID().slice(0, 8)}`;
    const versionId = `agv_${crypto.randomUUID().slice(0, 8)}`;
    await db.insert(schema.agreements).values({ id: agreementId, businessId: s.business.id, title: 'Boarding waiver', createdAt: new Date() });
    await db
      .insert(schema.agreementVersions)
      .values({ id: versionId, businessId: s.business.id, agreementId, version: 1, body: 'Text.', publishedAt: new Date() });
    const review = await reviewForm(s, daycareChoice(s, localDate(5)));
    // Off (the default): the agreement does not stand in the way.
    expect((await get(`/c/${s.client.id}/book`, { cookie: s.cookie })).status).toBe(200);
    expect((await postForm(`/manage/${s.business.id}/settings/booking`, rulesForm({ agreementsBeforeBooking: '1' }), { cookie })).status).toBe(303);
    expect((await businessRow(s.business.id)).agreementsBeforeBooking).toBe(true);

    const page = await get(`/c/${s.client.id}/book`, { cookie: s.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sign first, then book');
    expect(html).toContain(`<a href="/c/${s.client.id}/agreements/${agreementId}">Read and sign “Boarding waiver”</a>`);
    // A review opened before the setting changed cannot be sent either.
    const refused = await submit(s, review.fields);
    expect(refused.status).toBe(409);
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);

    await db.insert(schema.agreementSignatures).values({
      id: `sig_${crypto.randomUUID().slice(0, 8)}`,
      businessId: s.business.id,
      clientId: s.client.id,
      agreementVersionId: versionId,
      signerName: 'Jo Booker',
      method: 'typed',
      textSha256: 'a'.repeat(64),
      consentGiven: true,
      signedAt: new Date(),
    });
    const open = await get(`/c/${s.client.id}/book`, { cookie: s.cookie });
    expect(open.status).toBe(200);
    expect(await open.text()).not.toContain('Sign first, then book');
    expect((await submit(s, review.fields)).status).toBe(303);
  });
});

describe('the logo', () => {
  function profileUpload(businessId: string, cookie: string, fields: Record<string, string>, logo?: { bytes: Uint8Array; type: string }) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('logo', logo ? new File([logo.bytes], 'logo', { type: logo.type }) : new File([], '', { type: 'application/octet-stream' }));
    return exports.default.fetch(
      new Request(`${ORIGIN}/manage/${businessId}/settings/profile`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie },
        body: fd,
        redirect: 'manual',
      }),
    );
  }

  it('stores a small WebP copy (never the upload), shows it in the parent’s header, replaces and removes it', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    // Noise makes it a real-sized image (well over the 16 KB of a plain form): the upload cap applies here.
    const png = await makePng({ width: 900, height: 300, noise: true });
    expect(png.byteLength).toBeGreaterThan(16 * 1024);
    const res = await profileUpload(s.business.id, cookie, { ...PROFILE, name: s.business.name, offers_grooming: '1' }, { bytes: png, type: 'image/png' });
    expect(res.status).toBe(303);
    const key = (await businessRow(s.business.id)).logoKey!;
    expect(key).toMatch(new RegExp(`^logos/${s.business.id}/logo_[a-z0-9]+\\.webp$`));
    const stored = await env.PHOTOS.get(key);
    expect(stored?.httpMetadata?.contentType).toBe('image/webp');
    const listed = await env.PHOTOS.list({ prefix: `logos/${s.business.id}/` });
    expect(listed.objects.map((o) => o.key)).toEqual([key]); // the copy only
    const portal = await (await get(`/c/${s.client.id}/appointments`, { cookie: s.cookie })).text();
    expect(portal).toContain(`<img class="biz-logo" src="/${key}" alt="" height="32"/>`);
    const served = await get(`/${key}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(8, 12))).toBe('WEBP');

    // A second upload replaces it (the old copy goes); "Remove the logo" takes it away.
    expect(
      (await profileUpload(s.business.id, cookie, { ...PROFILE, name: s.business.name, offers_grooming: '1' }, { bytes: png, type: 'image/png' })).status,
    ).toBe(303);
    const second = (await businessRow(s.business.id)).logoKey!;
    expect(second).not.toBe(key);
    expect(await env.PHOTOS.get(key)).toBeNull();
    expect((await profileUpload(s.business.id, cookie, { ...PROFILE, name: s.business.name, offers_grooming: '1', removeLogo: '1' })).status).toBe(303);
    expect((await businessRow(s.business.id)).logoKey).toBeNull();
    expect(await env.PHOTOS.get(second)).toBeNull();
    expect(await (await get(`/c/${s.client.id}/appointments`, { cookie: s.cookie })).text()).not.toContain('biz-logo');
  });

  it('refuses a file that is not an image at the logo field, saving nothing of the form', async () => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const res = await profileUpload(business.id, cookie, { ...PROFILE }, { bytes: new TextEncoder().encode('not an image at all'), type: 'image/png' });
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), 'logo')).toContain('must be a JPEG, PNG or WebP image');
    const row = await businessRow(business.id);
    expect(row.name).toBe(business.name);
    expect(row.logoKey).toBeNull();
    expect((await env.PHOTOS.list({ prefix: `logos/${business.id}/` })).objects).toHaveLength(0);
  });

  it('serves only keys of the logo shape', async () => {
    expect((await get('/logos/biz_demo/logo_nothere.webp')).status).toBe(404);
    expect((await get('/logos/biz_demo/..%2Fpets.webp')).status).toBe(404);
  });
});
