/**
 * The appointments pages through the real Worker and libSQL: lists, paging, fragments vs
 * pages, the detail's fields, time zones, tenancy (foreign ids → 404), access rules and the
 * live-camera rule, and the one-round-trip budget as the Server-Timing header reports it.
 */
import { describe, expect, it } from 'vitest';
import { createAppointment, createBusiness, createClientRecord, createPet, signedInAs } from '../helpers/factories';
import { get, getPartial } from '../helpers/http';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function parent(businessOverrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness(businessOverrides);
  const client = await createClientRecord(business.id);
  const pet = await createPet(client, { name: 'Pepper' });
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, pet, cookie };
}

describe('GET /c/:clientId/appointments (Upcoming)', () => {
  it('lists upcoming appointments soonest first with status in plain words, and one round trip', async () => {
    const { client, pet, cookie } = await parent();
    await createAppointment({ client, pets: [pet], status: 'confirmed', startsAt: new Date(Date.now() + 3 * DAY) });
    await createAppointment({ client, pets: [pet], status: 'requested', startsAt: new Date(Date.now() + DAY) });
    await createAppointment({ client, pets: [pet], status: 'finished', startsAt: new Date(Date.now() - 3 * DAY) });
    const res = await get(`/c/${client.id}/appointments`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="1 round trip"/);
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const requested = html.indexOf('>Requested<');
    const confirmed = html.indexOf('>Confirmed<');
    expect(requested).toBeGreaterThan(0);
    expect(confirmed).toBeGreaterThan(requested);
    expect(html).not.toContain('>Finished<');
    expect(html).toContain('aria-current="page"');
    expect(html).toContain('Pepper');
  });

  it('keeps a stay in progress (checked in) in Upcoming even after its planned end', async () => {
    const { client, pet, cookie } = await parent();
    await createAppointment({
      client,
      pets: [pet],
      serviceType: 'boarding',
      status: 'checked_in',
      startsAt: new Date(Date.now() - 3 * DAY),
      endsAt: new Date(Date.now() - HOUR),
    });
    const html = await (await get(`/c/${client.id}/appointments`, { cookie })).text();
    expect(html).toContain('>Checked in<');
  });

  it('shows an empty state when there is nothing upcoming', async () => {
    const { client, cookie } = await parent();
    const html = await (await get(`/c/${client.id}/appointments`, { cookie })).text();
    expect(html).toContain('No upcoming appointments.');
  });
});

describe('GET /c/:clientId/appointments/history', () => {
  it('pages 20 at a time, newest first, with page links', async () => {
    const { client, pet, cookie } = await parent();
    for (let i = 1; i <= 25; i++) {
      await createAppointment({ client, pets: [pet], status: 'finished', startsAt: new Date(Date.now() - i * DAY), notes: `visit ${i}` });
    }
    const first = await get(`/c/${client.id}/appointments/history`, { cookie });
    expect(first.status).toBe(200);
    const html1 = await first.text();
    expect(html1.match(/>Finished</g)).toHaveLength(20);
    expect(html1).toContain('Page 1 of 2');
    expect(html1).toContain(`href="/c/${client.id}/appointments/history?page=2"`);
    const html2 = await (await get(`/c/${client.id}/appointments/history?page=2`, { cookie })).text();
    expect(html2.match(/>Finished</g)).toHaveLength(5);
    expect(html2).toContain('Page 2 of 2');
  });

  it.each(['3', 'abc', '0', '-1'])('answers 404 for page=%s', async (page) => {
    const { client, pet, cookie } = await parent();
    await createAppointment({ client, pets: [pet], status: 'finished', startsAt: new Date(Date.now() - DAY) });
    expect((await get(`/c/${client.id}/appointments/history?page=${page}`, { cookie })).status).toBe(404);
  });

  it('renders only the panel fragment for HX-Request-Type: partial, the full page otherwise', async () => {
    const { client, pet, cookie } = await parent();
    await createAppointment({ client, pets: [pet], status: 'no_show', startsAt: new Date(Date.now() - DAY) });
    const partial = await getPartial(`/c/${client.id}/appointments/history`, { cookie });
    expect(partial.status).toBe(200);
    expect(partial.headers.get('vary')).toContain('HX-Request-Type');
    const fragment = await partial.text();
    expect(fragment.startsWith('<section id="appointments"')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('>No-show<');

    const boosted = await get(`/c/${client.id}/appointments/history`, {
      cookie,
      headers: { 'HX-Request': 'true', 'HX-Request-Type': 'full', 'HX-Boosted': 'true' },
    });
    expect((await boosted.text()).startsWith('<!doctype html>')).toBe(true);
  });
});

describe('GET /c/:clientId/appointments/:id', () => {
  it('shows every field: business, times with zone, pets with services, staff and add-ons, prepayment, notes, contact', async () => {
    const { business, client, pet, cookie } = await parent({ name: 'Detail Dogs', phone: '(206) 555-0142', address: '12 Bark Ave' });
    const second = await createPet(client, { name: 'Mochi', breed: 'Shiba Inu' });
    const startsAt = new Date(Date.UTC(2030, 0, 15, 17, 0)); // 09:00 PST
    const appointment = await createAppointment({
      client,
      pets: [pet, second],
      status: 'confirmed',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      notes: 'Side gate code 1234',
      withServices: { serviceName: 'Full groom', staffFirstName: 'Robin', addOnName: 'Teeth brushing' },
      onlinePayment: { kind: 'prepayment', minor: 2500, currency: 'USD' },
    });
    const res = await get(`/c/${client.id}/appointments/${appointment.id}`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain(business.name);
    expect(html).toContain('9:00');
    expect(html).toContain('PST');
    expect(html).toContain('Pepper');
    expect(html).toContain('Mochi');
    expect(html).toContain('Full groom (with Robin Groomer)');
    expect(html).toContain('Teeth brushing');
    expect(html).toContain('Prepaid online');
    expect(html).toContain('$25.00');
    expect(html).toContain('Side gate code 1234');
    expect(html).toContain('href="tel:2065550142"');
    expect(html).toContain('12 Bark Ave');
    expect(html).toContain('>Confirmed<');
    expect(html).toContain('To change or cancel this appointment, please contact the business.');
  });

  it('shows check-in and check-out for boarding, and the cancel reason when canceled', async () => {
    const { client, pet, cookie } = await parent();
    const appointment = await createAppointment({
      client,
      pets: [pet],
      serviceType: 'boarding',
      status: 'canceled',
      cancelReason: 'Family trip postponed',
      startsAt: new Date(Date.now() + 10 * DAY),
      endsAt: new Date(Date.now() + 13 * DAY),
    });
    const html = await (await get(`/c/${client.id}/appointments/${appointment.id}`, { cookie })).text();
    expect(html).toContain('Check-in');
    expect(html).toContain('Check-out');
    expect(html).toContain('Family trip postponed');
  });

  it('shows a 09:00 London appointment at 09:00 on both sides of each DST change', async () => {
    const { client, pet, cookie } = await parent({
      offersBoarding: false,
      offersDaycare: false,
      offersGrooming: true,
      groomingBetaGranted: true,
      timeZone: 'Europe/London',
      country: 'GB',
      currency: 'GBP',
      locale: 'en-GB',
    });
    // 09:00 local = 09:00Z in winter (GMT) and 08:00Z in summer (BST).
    const cases = [
      [Date.UTC(2030, 2, 30, 9, 0), 'GMT'], // Saturday before the spring change (31 March 2030)
      [Date.UTC(2030, 3, 1, 8, 0), 'BST'], // Monday after
      [Date.UTC(2030, 9, 26, 8, 0), 'BST'], // Saturday before the autumn change (27 October 2030)
      [Date.UTC(2030, 9, 28, 9, 0), 'GMT'], // Monday after
    ] as const;
    for (const [ms, zone] of cases) {
      const appointment = await createAppointment({ client, pets: [pet], startsAt: new Date(ms) });
      const html = await (await get(`/c/${client.id}/appointments/${appointment.id}`, { cookie })).text();
      expect(html).toContain(`09:00 – 11:00 ${zone}`);
    }
  });

  it('answers 404 for another account’s appointment, another client’s id and another business’s client', async () => {
    const me = await parent();
    const other = await parent();
    const theirs = await createAppointment({ client: other.client, pets: [other.pet] });
    // Their appointment under my client id.
    expect((await get(`/c/${me.client.id}/appointments/${theirs.id}`, { cookie: me.cookie })).status).toBe(404);
    // Their client id with my session.
    expect((await get(`/c/${other.client.id}/appointments/${theirs.id}`, { cookie: me.cookie })).status).toBe(404);
    expect((await get(`/c/${other.client.id}/appointments`, { cookie: me.cookie })).status).toBe(404);
    const fragment = await getPartial(`/c/${other.client.id}/appointments`, { cookie: me.cookie });
    expect(fragment.status).toBe(404);
    expect(await fragment.text()).toContain('Page not found');
  });

  it('answers 404 for my own appointment at my other business under the wrong client id', async () => {
    const first = await createBusiness();
    const second = await createBusiness();
    const a = await createClientRecord(first.id);
    const b = await createClientRecord(second.id, { phoneE164: a.phoneE164 });
    const petB = await createPet(b);
    const atSecond = await createAppointment({ client: b, pets: [petB] });
    const { cookie } = await signedInAs(a.phoneE164);
    expect((await get(`/c/${b.id}/appointments/${atSecond.id}`, { cookie })).status).toBe(200);
    expect((await get(`/c/${a.id}/appointments/${atSecond.id}`, { cookie })).status).toBe(404);
  });
});

describe('access rules', () => {
  it('tells a parent whose only business is grooming-only without the beta that the portal is not available yet', async () => {
    const business = await createBusiness({
      name: 'Snip Snip',
      offersBoarding: false,
      offersDaycare: false,
      offersGrooming: true,
      groomingBetaGranted: false,
    });
    const client = await createClientRecord(business.id);
    const { cookie } = await signedInAs(client.phoneE164);
    const home = await get('/', { cookie });
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Not available yet');
    expect(html).toContain('Snip Snip');
    const direct = await get(`/c/${client.id}/appointments`, { cookie });
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('not available yet');
  });

  it('shows a business switcher with several businesses and none with one', async () => {
    const first = await createBusiness({ name: 'Alpha Kennels' });
    const second = await createBusiness({ name: 'Beta Daycare' });
    const a = await createClientRecord(first.id);
    await createClientRecord(second.id, { phoneE164: a.phoneE164 });
    const { cookie } = await signedInAs(a.phoneE164);
    const chooser = await get('/', { cookie });
    expect(chooser.status).toBe(200);
    const chooserHtml = await chooser.text();
    expect(chooserHtml).toContain('Your businesses');
    // The chooser is the page itself: no nameless switcher in the header.
    expect(chooserHtml).not.toContain('class="switcher"');
    const page = await (await get(`/c/${a.id}/appointments`, { cookie })).text();
    expect(page).toContain('class="switcher"');
    expect(page).toContain('Beta Daycare');
    // Both menus are one exclusive group: without JS the browser keeps at most one open.
    expect(page).toContain('<details class="switcher" name="menu">');
    expect(page).toContain('<details class="more" name="menu">');

    const solo = await parent();
    const soloHome = await get('/', { cookie: solo.cookie });
    expect(soloHome.status).toBe(303);
    expect(soloHome.headers.get('location')).toBe(`/c/${solo.client.id}/appointments`);
    const soloPage = await (await get(`/c/${solo.client.id}/appointments`, { cookie: solo.cookie })).text();
    expect(soloPage).not.toContain('class="switcher"');
  });

  it('shows a client record a business adds later at the next page view, with no action from the parent', async () => {
    const first = await createBusiness({ name: 'First Kennels' });
    const a = await createClientRecord(first.id);
    const { cookie } = await signedInAs(a.phoneE164);
    expect((await get('/', { cookie })).status).toBe(303); // one business: straight to it
    const later = await createBusiness({ name: 'Later Daycare' });
    const b = await createClientRecord(later.id, { phoneE164: a.phoneE164 });
    const home = await get('/', { cookie });
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Later Daycare');
    expect(html).toContain(`/c/${b.id}/appointments`);
    expect(home.headers.get('server-timing')).toContain('desc="1 round trip"');
    // A business without the portal on is linked too, but not offered.
    const notYet = await createBusiness({ name: 'Not Yet Grooming', offersBoarding: false, offersDaycare: false, offersGrooming: true });
    await createClientRecord(notYet.id, { phoneE164: a.phoneE164 });
    expect(await (await get('/', { cookie })).text()).not.toContain('Not Yet Grooming');
  });

  it('sends a signed-out visitor to sign in (HX-Redirect for a partial request)', async () => {
    const res = await get('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
    const partial = await getPartial('/c/cli_x/appointments');
    expect(partial.headers.get('hx-redirect')).toBe('/sign-in');
    // Back after signing out: htmx restores the page by fetching it; it must navigate, not swap.
    const restore = await get('/c/cli_x/appointments', { headers: { 'HX-History-Restore-Request': 'true', 'HX-Request-Type': 'full' } });
    expect(restore.headers.get('hx-redirect')).toBe('/sign-in');
  });
});

describe('live camera', () => {
  const idogcam = { idogcamFeedUrl: 'https://idogcam.example/feeds/test', idogcamAccountId: 'acct-9' };

  it('offers the camera on a checked-in boarding stay of a business with iDogCam, and redirects to the room', async () => {
    const { client, pet, cookie } = await parent(idogcam);
    const stay = await createAppointment({
      client,
      pets: [pet],
      serviceType: 'boarding',
      status: 'checked_in',
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + DAY),
      cameraRoom: 'suite-4',
    });
    const html = await (await get(`/c/${client.id}/appointments/${stay.id}`, { cookie })).text();
    expect(html).toContain('View live camera');
    const camera = await get(`/c/${client.id}/appointments/${stay.id}/camera`, { cookie });
    expect(camera.status).toBe(303);
    expect(camera.headers.get('location')).toBe('https://idogcam.example/feeds/test?account=acct-9&room=suite-4');
  });

  it.each([
    ['not configured', {}, 'boarding', 'checked_in'],
    ['not checked in', idogcam, 'boarding', 'confirmed'],
    ['a grooming visit', idogcam, 'grooming', 'checked_in'],
  ] as const)('hides the camera when %s (and its URL answers 404)', async (_name, overrides, serviceType, status) => {
    const { client, pet, cookie } = await parent(overrides);
    const appointment = await createAppointment({
      client,
      pets: [pet],
      serviceType,
      status,
      startsAt: new Date(Date.now() - HOUR),
      endsAt: new Date(Date.now() + DAY),
      cameraRoom: 'suite-1',
    });
    const html = await (await get(`/c/${client.id}/appointments/${appointment.id}`, { cookie })).text();
    expect(html).not.toContain('View live camera');
    expect((await get(`/c/${client.id}/appointments/${appointment.id}/camera`, { cookie })).status).toBe(404);
  });
});

describe('in Spanish', () => {
  const es = { 'Accept-Language': 'es' };

  it('shows the lists and the detail in Spanish, dates in Spanish in the business’s region', async () => {
    const { client, pet, cookie } = await parent({ name: 'Detail Dogs', phone: '(206) 555-0142' });
    const startsAt = new Date(Date.UTC(2030, 0, 15, 17, 0)); // 09:00 PST
    const appointment = await createAppointment({
      client,
      pets: [pet],
      status: 'confirmed',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      withServices: { serviceName: 'Full groom', staffFirstName: 'Robin', addOnName: 'Teeth brushing' },
      onlinePayment: { kind: 'prepayment', minor: 2500, currency: 'USD' },
    });
    const list = await get(`/c/${client.id}/appointments`, { cookie, headers: es });
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('<html lang="es"');
    expect(listHtml).toContain('<h1 id="appointments-heading">Citas</h1>');
    expect(listHtml).toContain('aria-label="Listas de citas"');
    expect(listHtml).toContain('>Confirmada<');
    expect(listHtml).toContain('15 de ene de 2030');
    expect(listHtml).not.toContain('>Upcoming<');

    const history = await (await get(`/c/${client.id}/appointments/history`, { cookie, headers: es })).text();
    expect(history).toContain('Todavía no tiene citas pasadas.');

    const res = await get(`/c/${client.id}/appointments/${appointment.id}`, { cookie, headers: es });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Peluquería · ');
    expect(html).toContain('El negocio la confirmó.');
    expect(html).toContain('Full groom (con Robin Groomer)');
    expect(html).toContain('<dt>Mascota</dt>');
    expect(html).toContain('Pagado por adelantado en línea');
    expect(html).toContain('Contactar a Detail Dogs');
    expect(html).toContain('Para cambiar o cancelar esta cita, comuníquese con el negocio.');
    expect(html).not.toContain('To change or cancel this appointment, please contact the business.');
  });

  it('says a change was made in Spanish, and an unknown banner not at all', async () => {
    const { client, pet, cookie } = await parent();
    const appointment = await createAppointment({ client, pets: [pet], status: 'canceled', startsAt: new Date(Date.now() + 3 * DAY) });
    const html = await (await get(`/c/${client.id}/appointments/${appointment.id}?changed=canceled`, { cookie, headers: es })).text();
    expect(html).toContain('Cancelada. Ya se avisó al negocio.');
    expect(html).toContain('No se llevará a cabo.');
    const odd = await get(`/c/${client.id}/appointments/${appointment.id}?changed=toString`, { cookie, headers: es });
    expect(odd.status).toBe(200);
  });
});
