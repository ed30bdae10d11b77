/**
 * GET / (issue 11): the parent's home with several businesses — each one's next visit in its
 * own zone, pending requests, agreements to sign and new report cards (new until that
 * business's report cards are opened), each a link into that business; one business → its
 * appointments; none available → "not available yet" with phone and address; another
 * account's rows never show; one round trip; the size budget with five businesses.
 */
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import { newId } from '../../src/domain/ids';
import { formatTime, timeZoneLabel } from '../../src/domain/time';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs } from '../helpers/factories';
import { get } from '../helpers/http';

const DAY = 86_400_000;

async function agreement(businessId: string, title: string) {
  const agreementId = newId('agr');
  const versionId = newId('agv');
  await db.insert(schema.agreements).values({ id: agreementId, businessId, title, createdAt: new Date() });
  await db.insert(schema.agreementVersions).values({ id: versionId, businessId, agreementId, version: 1, body: `${title} text`, publishedAt: new Date() });
  return { agreementId, versionId };
}

async function sign(client: { id: string; businessId: string }, versionId: string) {
  await db.insert(schema.agreementSignatures).values({
    id: newId('sig'),
    businessId: client.businessId,
    clientId: client.id,
    agreementVersionId: versionId,
    signerName: 'Sam Tester',
    method: 'typed',
    textSha256: 'a'.repeat(64),
    consentGiven: true,
    signedAt: new Date(),
  });
}

async function card(client: { id: string; businessId: string }, pet: { id: string }, sentAt: Date | null) {
  const id = newId('rc');
  await db.insert(schema.reportCards).values({ id, businessId: client.businessId, clientId: client.id, petId: pet.id, createdAt: new Date(), sentAt });
  return id;
}

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

describe('GET / with several businesses', () => {
  it('shows each business with its next visit in its own zone, pending requests, agreements to sign and new report cards', async () => {
    const seattle = await createBusiness({ name: 'Seattle Kennels', timeZone: 'America/Los_Angeles', locale: 'en-US' });
    const london = await createBusiness({ name: 'London Daycare', timeZone: 'Europe/London', locale: 'en-GB', country: 'GB', currency: 'GBP' });
    const a = await createClientRecord(seattle.id);
    const b = await createClientRecord(london.id, { phoneE164: a.phoneE164 });
    const rex = await createPet(a, { name: 'Rex' });
    const tilly = await createPet(b, { name: 'Tilly' });
    const startsAt = new Date(Math.ceil((Date.now() + 3 * DAY) / DAY) * DAY + 17 * 3_600_000); // 17:00Z three days ahead
    const later = new Date(startsAt.getTime() + 5 * DAY);
    const seattleVisit = await createAppointment({ client: a, pets: [rex], startsAt, status: 'confirmed' });
    await createAppointment({ client: a, pets: [rex], startsAt: later, status: 'confirmed' });
    const londonVisit = await createAppointment({ client: b, pets: [tilly], startsAt, status: 'unconfirmed' });
    const request = await createAppointment({ client: b, pets: [tilly], startsAt: later, status: 'requested', serviceType: 'daycare' });
    await createAppointment({ client: a, pets: [rex], startsAt: new Date(Date.now() - 5 * DAY), status: 'finished' });
    const waiver = await agreement(seattle.id, 'Liability waiver');
    const signed = await agreement(seattle.id, 'Photo consent');
    await sign(a, signed.versionId);
    const newCard = await card(b, tilly, new Date(Date.now() - DAY));
    await card(b, tilly, null); // a draft is never shown
    await card(a, rex, new Date(Date.now() - 60 * DAY)); // too old to be new
    const { cookie } = await signedInAs(a.phoneE164);

    const res = await get('/', { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain('<h1>Your businesses</h1>');
    expect(html).toContain(`href="/c/${a.id}/appointments">Seattle Kennels</a>`);
    expect(html).toContain(`href="/c/${b.id}/appointments">London Daycare</a>`);
    const seattleTime = `${formatTime(startsAt, 'America/Los_Angeles', 'en-US')} ${timeZoneLabel('America/Los_Angeles', startsAt, 'en-US')}`;
    const londonTime = `${formatTime(startsAt, 'Europe/London', 'en-GB')} ${timeZoneLabel('Europe/London', startsAt, 'en-GB')}`;
    expect(seattleTime).not.toBe(londonTime);
    const seattlePart = html.slice(html.indexOf('Seattle Kennels</a>'));
    const londonPart = html.slice(html.indexOf('London Daycare</a>'), html.indexOf('Seattle Kennels</a>'));
    expect(seattlePart).toMatch(
      new RegExp(
        `href="/c/${a.id}/appointments/${seattleVisit.id}"><time datetime="${startsAt.toISOString()}">[^<]*${seattleTime}</time></a> · Rex · Confirmed`,
      ),
    );
    expect(londonPart).toMatch(new RegExp(`href="/c/${b.id}/appointments/${londonVisit.id}"><time [^>]*>[^<]*${londonTime}</time></a> · Tilly · Unconfirmed`));
    // Only the soonest visit is "next"; the request is listed as waiting.
    expect(html.match(/<h3>Next visit<\/h3>/g)).toHaveLength(2);
    expect(londonPart).toContain('Waiting for an answer');
    expect(londonPart).toContain(`href="/c/${b.id}/appointments/${request.id}"`);
    expect(londonPart).toContain('· Requested');
    // The unsigned agreement is offered, the signed one is not.
    expect(seattlePart).toContain(`<a href="/c/${a.id}/agreements/${waiver.agreementId}">Liability waiver</a>`);
    expect(html).not.toContain('Photo consent');
    // The new card links to itself on the report-cards page; the old one and the draft do not show.
    expect(londonPart).toContain('New report cards');
    expect(londonPart).toContain(`href="/c/${b.id}/report-cards#rc-${newCard}">Tilly · `);
    expect(html.match(/#rc-/g)).toHaveLength(1);
    expect(seattlePart).not.toContain('New report cards');
  });

  it('stops calling report cards new once the report cards of that business are opened, and only for that business', async () => {
    const first = await createBusiness({ name: 'First Kennels' });
    const second = await createBusiness({ name: 'Second Kennels' });
    const a = await createClientRecord(first.id);
    const b = await createClientRecord(second.id, { phoneE164: a.phoneE164 });
    const cardA = await card(a, await createPet(a, { name: 'Ace' }), new Date(Date.now() - DAY));
    const cardB = await card(b, await createPet(b, { name: 'Bee' }), new Date(Date.now() - DAY));
    const { cookie } = await signedInAs(a.phoneE164);
    let html = await (await get('/', { cookie })).text();
    expect(html).toContain(`#rc-${cardA}`);
    expect(html).toContain(`#rc-${cardB}`);
    // Opening the home alone marks nothing seen.
    html = await (await get('/', { cookie })).text();
    expect(html).toContain(`#rc-${cardA}`);

    expect((await get(`/c/${a.id}/report-cards`, { cookie })).status).toBe(200);
    html = await (await get('/', { cookie })).text();
    expect(html).not.toContain(`#rc-${cardA}`);
    expect(html).toContain(`#rc-${cardB}`);

    // A card sent after the visit is new again.
    const fresh = await card(a, { id: (await db.query.pets.findFirst({ where: (p, { eq }) => eq(p.clientId, a.id) }))!.id }, new Date(Date.now() + 1000));
    html = await (await get('/', { cookie })).text();
    expect(html).toContain(`#rc-${fresh}`);
  });

  it('never shows the visits of another account, requests or cards, even at the same business', async () => {
    const first = await createBusiness({ name: 'Shared Kennels' });
    const second = await createBusiness({ name: 'Other Kennels' });
    const mine = await createClientRecord(first.id);
    await createClientRecord(second.id, { phoneE164: mine.phoneE164 });
    const theirs = await createClientRecord(first.id, { firstName: 'Other' });
    const theirPet = await createPet(theirs, { name: 'Secretpup' });
    const theirVisit = await createAppointment({ client: theirs, pets: [theirPet] });
    const theirRequest = await createAppointment({ client: theirs, pets: [theirPet], status: 'requested' });
    const theirCard = await card(theirs, theirPet, new Date(Date.now() - DAY));
    await signedInAs(theirs.phoneE164);
    const { cookie } = await signedInAs(mine.phoneE164);
    const html = await (await get('/', { cookie })).text();
    expect(html).toContain('Shared Kennels');
    expect(html).not.toContain('Secretpup');
    expect(html).not.toContain(theirVisit.id);
    expect(html).not.toContain(theirRequest.id);
    expect(html).not.toContain(theirCard);
    expect(html).not.toContain(theirs.id);
  });

  it('stays within 14,600 bytes gzip with five busy businesses', async () => {
    const businesses = await Promise.all([1, 2, 3, 4, 5].map((i) => createBusiness({ name: `Budget Kennels Number ${i}`, onlineBookingEnabled: true })));
    const first = await createClientRecord(businesses[0]!.id);
    for (const biz of businesses) {
      const client = biz === businesses[0] ? first : await createClientRecord(biz.id, { phoneE164: first.phoneE164 });
      const pets = [await createPet(client, { name: 'Biscuit' }), await createPet(client, { name: 'Marmalade' })];
      await createAppointment({ client, pets, status: 'confirmed' });
      for (let i = 0; i < 5; i++) await createAppointment({ client, pets, status: 'requested', startsAt: new Date(Date.now() + (4 + i) * DAY) });
      for (let i = 0; i < 3; i++) await agreement(biz.id, `Agreement number ${i + 1} of this business`);
      for (let i = 0; i < 5; i++) await card(client, pets[i % 2]!, new Date(Date.now() - (i + 1) * 3_600_000));
    }
    const { cookie } = await signedInAs(first.phoneE164);
    const res = await get('/', { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<section class="home-biz"/g)).toHaveLength(5);
    expect(html.match(/2 more requests/g)).toHaveLength(5);
    expect(html.match(/2 more report cards/g)).toHaveLength(5);
    expect(html).not.toContain('Marmalade, Biscuit'); // pets in name order
    expect(await gzipSize(html)).toBeLessThanOrEqual(14_600);
  });
});

describe('GET / with one business or none available', () => {
  it('sends a parent with one business straight to its appointments', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const { cookie } = await signedInAs(client.phoneE164);
    const res = await get('/', { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${client.id}/appointments`);
  });

  it('names the phone and address of a business whose portal is not available yet', async () => {
    const business = await createBusiness({
      name: 'Snip Only',
      offersBoarding: false,
      offersDaycare: false,
      offersGrooming: true,
      groomingBetaGranted: false,
      phone: '(206) 555-0142',
      address: '12 Clipper Lane\nSeattle, WA 98101',
    });
    const client = await createClientRecord(business.id);
    const { cookie } = await signedInAs(client.phoneE164);
    for (const path of ['/', `/c/${client.id}/appointments`]) {
      const res = await get(path, { cookie });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Not available yet');
      expect(html).toContain('<a href="tel:2065550142">(206) 555-0142</a>');
      expect(html).toContain('12 Clipper Lane<br/>Seattle, WA 98101');
    }
  });
});

describe('GET / in Spanish', () => {
  it('shows the home in Spanish, with plural counts', async () => {
    const seattle = await createBusiness({ name: 'Seattle Kennels' });
    const london = await createBusiness({ name: 'London Daycare', timeZone: 'Europe/London', locale: 'en-GB', country: 'GB', currency: 'GBP' });
    const a = await createClientRecord(seattle.id);
    await createClientRecord(london.id, { phoneE164: a.phoneE164 });
    const rex = await createPet(a, { name: 'Rex' });
    for (let i = 0; i < 4; i++) await createAppointment({ client: a, pets: [rex], status: 'requested', startsAt: new Date(Date.now() + (2 + i) * DAY) });
    const { cookie } = await signedInAs(a.phoneE164);
    const res = await get('/', { cookie, headers: { 'Accept-Language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1>Sus negocios</h1>');
    expect(html).toContain('Próxima visita');
    expect(html).toContain('Esperando respuesta');
    expect(html).toContain(' · Solicitada');
    expect(html).toContain('No tiene nada reservado.');
    expect(html).toContain('1 solicitud más');
    expect(html).not.toContain('Your businesses');
  });

  it('says in Spanish that a portal is not available yet', async () => {
    const business = await createBusiness({ name: 'Snip Only', offersBoarding: false, offersDaycare: false, offersGrooming: true, groomingBetaGranted: false });
    const client = await createClientRecord(business.id);
    const { cookie } = await signedInAs(client.phoneE164);
    const html = await (await get('/', { cookie, headers: { 'Accept-Language': 'es' } })).text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Todavía no disponible');
    expect(html).toContain('El portal para clientes todavía no está disponible para <strong>Snip Only</strong>.');
    expect(html).not.toContain('The client portal is not available yet');
  });
});
