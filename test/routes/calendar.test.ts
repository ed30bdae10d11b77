/**
 * The calendar through the real Worker and libSQL (issue 15 item 1): "Add to calendar" for one
 * visit (access-checked like the detail page) and the account's private feed — made, shown
 * once, replaced (the old address dead at once), removed — whose visits are exactly the
 * account's, upcoming and of the last 30 days, and follow status changes. Every file is read
 * back with ical.js (Mozilla's iCalendar parser).
 */
import { describe, expect, it, vi } from 'vitest';
import ICAL from 'ical.js';
import { eq, sql } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { sha256Hex } from '../../src/domain/ids';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs } from '../helpers/factories';
import { carryCookies, get, postForm } from '../helpers/http';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function parent(businessOverrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness(businessOverrides);
  const client = await createClientRecord(business.id);
  const pet = await createPet(client, { name: 'Pepper' });
  const session = await signedInAs(client.phoneE164);
  return { business, client, pet, cookie: session.cookie, accountId: session.accountId };
}

interface ParsedEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
  status: string;
  sequence: number;
  url: string;
  location: string | null;
  description: string;
}

function parse(text: string): { calendar: InstanceType<typeof ICAL.Component>; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return {
      uid: e.uid,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      summary: e.summary,
      status: String(c.getFirstPropertyValue('status')),
      sequence: e.sequence,
      url: String(c.getFirstPropertyValue('url')),
      location: e.location,
      description: e.description,
    };
  });
  return { calendar, events };
}

/** Makes (or replaces) the account's feed and reads its address off the account page shown next. */
async function makeFeed(cookie: string) {
  const res = await postForm('/account/calendar-feed', {}, { cookie });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/account#calendar-feed');
  const withNew = carryCookies(cookie, res);
  const page = await get('/account', { cookie: withNew });
  expect(page.status).toBe(200);
  const html = await page.text();
  const token = /https:\/\/pawtal\.test\/calendar\/([A-Za-z0-9_-]{43})\.ics/.exec(html)?.[1];
  expect(token).toBeDefined();
  return { token: token!, html, cookie: carryCookies(withNew, page) };
}

const feed = (token: string) => get(`/calendar/${token}.ics`);

describe('GET /c/:clientId/appointments/:id/calendar.ics', () => {
  it('answers a valid iCalendar file of the visit: UTC times, the business zone named, address, link back, status', async () => {
    const { business, client, pet, cookie } = await parent({ name: 'Detail Dogs', address: '12 Bark Ave\nSeattle, WA' });
    const startsAt = new Date(Date.UTC(2030, 0, 15, 17, 0)); // 09:00 PST
    const appointment = await createAppointment({
      client,
      pets: [pet],
      status: 'confirmed',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      notes: 'Gate code 1234',
      withServices: { serviceName: 'Full groom' },
    });
    const res = await get(`/c/${client.id}/appointments/${appointment.id}/calendar.ics`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="grooming-2030-01-15.ics"');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const text = await res.text();
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).not.toContain('Gate code');
    const { calendar, events } = parse(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe(business.timeZone);
    expect(events).toEqual([
      expect.objectContaining({
        uid: `${appointment.id}@pawtal.test`,
        start: '2030-01-15T17:00:00.000Z',
        end: '2030-01-15T19:00:00.000Z',
        summary: 'Full groom for Pepper at Detail Dogs',
        status: 'CONFIRMED',
        sequence: 0,
        url: `https://pawtal.test/c/${client.id}/appointments/${appointment.id}`,
        location: '12 Bark Ave, Seattle, WA',
      }),
    ]);
    expect(events[0]!.description).toContain('9:00');
    expect(events[0]!.description).toContain('America/Los_Angeles');
  });

  it("answers 404 for another account's appointment, through either id", async () => {
    const me = await parent();
    const other = await parent();
    const theirs = await createAppointment({ client: other.client, pets: [other.pet], status: 'confirmed' });
    expect((await get(`/c/${me.client.id}/appointments/${theirs.id}/calendar.ics`, { cookie: me.cookie })).status).toBe(404);
    expect((await get(`/c/${other.client.id}/appointments/${theirs.id}/calendar.ics`, { cookie: me.cookie })).status).toBe(404);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { client, pet } = await parent();
    const appointment = await createAppointment({ client, pets: [pet] });
    const res = await get(`/c/${client.id}/appointments/${appointment.id}/calendar.ics`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/sign-in');
  });

  it('is offered on the detail page of an upcoming visit only, as a plain link', async () => {
    const { client, pet, cookie } = await parent();
    const upcoming = await createAppointment({ client, pets: [pet], status: 'confirmed', startsAt: new Date(Date.now() + 2 * DAY) });
    const past = await createAppointment({ client, pets: [pet], status: 'finished', startsAt: new Date(Date.now() - 2 * DAY) });
    const html = await (await get(`/c/${client.id}/appointments/${upcoming.id}`, { cookie })).text();
    expect(html).toContain(`href="/c/${client.id}/appointments/${upcoming.id}/calendar.ics" hx-boost="false">Add to calendar</a>`);
    const pastHtml = await (await get(`/c/${client.id}/appointments/${past.id}`, { cookie })).text();
    expect(pastHtml).not.toContain('Add to calendar');
  });
});

describe('the calendar feed', () => {
  it('is made from the account page, its address shown once, and only its SHA-256 stored', async () => {
    const { cookie, accountId } = await parent();
    const before = await (await get('/account', { cookie })).text();
    expect(before).toContain('<h2 id="calendar-feed-heading">Calendar feed</h2>');
    expect(before).toContain('Create a calendar feed');
    const { token, html, cookie: after } = await makeFeed(cookie);
    expect(html).toContain(`href="webcal://pawtal.test/calendar/${token}.ics"`);
    expect(html).toContain('<label for="calendar-feed-url">Feed address</label>');
    const [row] = await db.select().from(schema.calendarFeeds).where(eq(schema.calendarFeeds.accountId, accountId));
    expect(row!.tokenSha256).toBe(await sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const again = await (await get('/account', { cookie: after })).text();
    expect(again).not.toContain(token);
    expect(again).toContain('You have a calendar feed.');
    expect(again).toContain('Make a new link');
  });

  it("holds exactly the account's visits at every linked business, upcoming and of the last 30 days, in one round trip", async () => {
    const me = await parent({ name: 'Alpha Kennels' });
    const beta = await createBusiness({ name: 'Beta Daycare' });
    const betaClient = await createClientRecord(beta.id, { phoneE164: me.client.phoneE164 });
    const betaPet = await createPet(betaClient, { name: 'Mochi' });
    const hidden = await createBusiness({ name: 'Not Yet Grooming', offersBoarding: false, offersDaycare: false, offersGrooming: true });
    const hiddenClient = await createClientRecord(hidden.id, { phoneE164: me.client.phoneE164 });
    const other = await parent();
    const theirVisitHere = await createClientRecord(me.business.id);
    // Whole seconds: iCalendar times have no milliseconds.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const soon = await createAppointment({ client: me.client, pets: [me.pet], status: 'confirmed', startsAt: new Date(now + 3 * DAY) });
    const requested = await createAppointment({
      client: betaClient,
      pets: [betaPet],
      serviceType: 'daycare',
      status: 'requested',
      startsAt: new Date(now + DAY),
    });
    const recent = await createAppointment({ client: me.client, pets: [me.pet], status: 'finished', startsAt: new Date(now - 10 * DAY) });
    const canceledAhead = await createAppointment({ client: me.client, pets: [me.pet], status: 'canceled', startsAt: new Date(now + 5 * DAY) });
    await createAppointment({ client: me.client, pets: [me.pet], status: 'finished', startsAt: new Date(now - 40 * DAY) });
    await createAppointment({ client: hiddenClient, pets: [], status: 'confirmed', startsAt: new Date(now + 2 * DAY) });
    await createAppointment({ client: other.client, pets: [other.pet], status: 'confirmed', startsAt: new Date(now + 2 * DAY) });
    await createAppointment({ client: theirVisitHere, pets: [], status: 'confirmed', startsAt: new Date(now + 2 * DAY) });
    await makeFeed(other.cookie);

    const { token } = await makeFeed(me.cookie);
    const res = await feed(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    expect(res.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
    const { calendar, events } = parse(await res.text());
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Pet visits (Pawtal)');
    expect(events.map((e) => e.uid)).toEqual([recent, requested, soon, canceledAhead].map((a) => `${a.id}@pawtal.test`));
    expect(events.map((e) => e.status)).toEqual(['CONFIRMED', 'TENTATIVE', 'CONFIRMED', 'CANCELLED']);
    expect(events[1]).toMatchObject({
      summary: 'Daycare for Mochi at Beta Daycare',
      start: requested.startsAt.toISOString(),
      end: requested.endsAt.toISOString(),
      url: `https://pawtal.test/c/${betaClient.id}/appointments/${requested.id}`,
    });
    expect(events[2]).toMatchObject({ summary: 'Grooming for Pepper at Alpha Kennels', start: soon.startsAt.toISOString(), end: soon.endsAt.toISOString() });
  });

  it('shows a visit canceled after subscribing as CANCELLED, with a higher SEQUENCE', async () => {
    const { client, pet, cookie } = await parent();
    const visit = await createAppointment({ client, pets: [pet], status: 'confirmed', startsAt: new Date(Date.now() + 4 * DAY) });
    const { token } = await makeFeed(cookie);
    const first = parse(await (await feed(token)).text()).events;
    expect(first).toEqual([expect.objectContaining({ uid: `${visit.id}@pawtal.test`, status: 'CONFIRMED', sequence: 0 })]);

    // The business cancels it (as the console does: status, reason, version + 1).
    await db
      .update(schema.appointments)
      .set({ status: 'canceled', cancelReason: 'Groomer unwell', version: sql`${schema.appointments.version} + 1`, updatedAt: new Date() })
      .where(eq(schema.appointments.id, visit.id));
    const after = parse(await (await feed(token)).text()).events;
    expect(after).toEqual([expect.objectContaining({ uid: `${visit.id}@pawtal.test`, status: 'CANCELLED', sequence: 1 })]);
    expect(after[0]!.summary).toMatch(/^Canceled: /);
  });

  it('stops answering the old address the moment a new link is made', async () => {
    const { client, pet, cookie } = await parent();
    await createAppointment({ client, pets: [pet], status: 'confirmed' });
    const first = await makeFeed(cookie);
    expect((await feed(first.token)).status).toBe(200);
    const second = await makeFeed(first.cookie);
    expect(second.token).not.toBe(first.token);
    expect((await feed(first.token)).status).toBe(404);
    expect((await feed(second.token)).status).toBe(200);
    expect(
      await db
        .select()
        .from(schema.calendarFeeds)
        .where(eq(schema.calendarFeeds.tokenSha256, await sha256Hex(first.token))),
    ).toEqual([]);
  });

  it('is removed from the account page: the address answers 404 and the page offers a new one', async () => {
    const { cookie } = await parent();
    const made = await makeFeed(cookie);
    const res = await postForm('/account/calendar-feed/remove', {}, { cookie: made.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account?calendar=removed#calendar-feed');
    expect((await feed(made.token)).status).toBe(404);
    const html = await (await get('/account?calendar=removed', { cookie: made.cookie })).text();
    expect(html).toContain('Your calendar feed is removed.');
    expect(html).toContain('Create a calendar feed');
  });

  it.each(['A'.repeat(43), 'short', `${'A'.repeat(43)}.txt`])('answers 404 for an unknown or malformed address (%s)', async (name) => {
    expect((await get(`/calendar/${name.endsWith('.txt') ? name : `${name}.ics`}`)).status).toBe(404);
  });

  it('keeps the token out of the request log', async () => {
    const { cookie } = await parent();
    const { token } = await makeFeed(cookie);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect((await feed(token)).status).toBe(200);
      const lines = log.mock.calls.map((call) => call.join(' '));
      expect(lines.some((l) => l.includes('"path":"/calendar/[token]"'))).toBe(true);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      log.mockRestore();
    }
  });

  it('needs a signed-in parent to be made or removed', async () => {
    for (const path of ['/account/calendar-feed', '/account/calendar-feed/remove']) {
      const res = await postForm(path, {});
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toContain('/sign-in');
    }
  });
});

describe('the calendar in Spanish', () => {
  it('writes a one-off file in the request’s language', async () => {
    const { client, pet, cookie } = await parent({ name: 'Detail Dogs', phone: '(206) 555-0142' });
    const visit = await createAppointment({ client, pets: [pet], status: 'confirmed', startsAt: new Date(Date.UTC(2030, 0, 15, 17, 0)) });
    const res = await get(`/c/${client.id}/appointments/${visit.id}/calendar.ics`, { cookie, headers: { 'Accept-Language': 'es' } });
    expect(res.status).toBe(200);
    const { events } = parse(await res.text());
    expect(events[0]!.summary).toBe('Peluquería para Pepper en Detail Dogs');
    expect(events[0]!.description).toContain('Estado: Confirmada. El negocio la confirmó.');
    expect(events[0]!.description).toContain('Cuándo: ');
    expect(events[0]!.description).toContain('15 de ene de 2030');
    expect(events[0]!.description).toContain('Negocio: Detail Dogs, (206) 555-0142');
    expect(events[0]!.description).not.toContain('When: ');
  });

  it('writes the feed in the account’s stored language, else the business’s text language — never the fetcher’s', async () => {
    const { client, pet, cookie, accountId } = await parent({ name: 'Alpha Kennels' });
    await createAppointment({ client, pets: [pet], status: 'canceled', startsAt: new Date(Date.now() + 3 * DAY) });
    const { token } = await makeFeed(cookie);

    await db.update(schema.portalAccounts).set({ language: 'es' }).where(eq(schema.portalAccounts.id, accountId));
    const spanish = parse(await (await feed(token)).text());
    expect(spanish.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Visitas de mascotas (Pawtal)');
    expect(spanish.events[0]!.summary).toBe('Cancelada: Peluquería para Pepper en Alpha Kennels');
    expect(spanish.events[0]!.description).toContain('Estado: Cancelada. No se llevará a cabo.');

    await db.update(schema.portalAccounts).set({ language: null }).where(eq(schema.portalAccounts.id, accountId));
    await db.update(schema.businesses).set({ textLanguage: 'es' }).where(eq(schema.businesses.id, client.businessId));
    const byBusiness = parse(await (await get(`/calendar/${token}.ics`, { headers: { 'Accept-Language': 'en' } })).text());
    expect(byBusiness.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Visitas de mascotas (Pawtal)');
    expect(byBusiness.events[0]!.summary).toMatch(/^Cancelada: /);
  });

  it('shows the feed section of the account page in Spanish', async () => {
    const { cookie } = await parent();
    const res = await get('/account', { cookie, headers: { 'Accept-Language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h2 id="calendar-feed-heading">Suscripción de calendario</h2>');
    expect(html).toContain('Crear una suscripción de calendario');
    expect(html).not.toContain('Create a calendar feed');
  });
});
