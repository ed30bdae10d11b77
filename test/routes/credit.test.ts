/**
 * Store credit (SPEC §8) through the real Worker and libSQL: balance and history in the
 * business's currency, locale and time zone, the linked appointment, paging, the empty state,
 * tenancy (foreign ids → 404), one round trip, and that no method adds or changes credit.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs } from '../helpers/factories';
import { createCreditTransaction } from '../helpers/account-factories';
import { ORIGIN, get, postForm } from '../helpers/http';
import { exports } from 'cloudflare:workers';

const DAY = 86_400_000;

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

async function parent(businessOverrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness(businessOverrides);
  const client = await createClientRecord(business.id);
  const pet = await createPet(client, { name: 'Pepper' });
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, pet, cookie };
}

describe('GET /c/:clientId/credit', () => {
  it('shows the balance and the history newest first: date in the business zone, signed amounts, reasons, linked appointment; one round trip', async () => {
    const { client, pet, cookie } = await parent();
    const visit = await createAppointment({ client, pets: [pet], serviceType: 'daycare', status: 'finished', startsAt: new Date(Date.UTC(2030, 0, 14, 17)) });
    // 2030-01-15 06:00Z is still 14 January in Seattle (22:00 PST).
    await createCreditTransaction(client, {
      amountMinor: 2500,
      reason: 'Refund for a short stay',
      createdAt: new Date(Date.UTC(2030, 0, 15, 6)),
      appointmentId: visit.id,
    });
    await createCreditTransaction(client, { amountMinor: -1000, reason: 'Used at checkout', createdAt: new Date(Date.UTC(2030, 1, 1, 20)) });
    const res = await get(`/c/${client.id}/credit`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="1 round trip"/);
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<dd class="amount">$15.00</dd>');
    expect(html).toContain('+$25.00');
    expect(html).toContain('-$10.00');
    expect(html).toContain('Refund for a short stay');
    expect(html).toContain('Used at checkout');
    expect(html).toContain('Mon, Jan 14, 2030');
    expect(html.indexOf('Used at checkout')).toBeLessThan(html.indexOf('Refund for a short stay'));
    expect(html).toContain(`href="/c/${client.id}/appointments/${visit.id}"`);
    expect(html).toContain('Daycare on Mon, Jan 14, 2030');
    // The section is in the navigation.
    expect(html).toContain(`href="/c/${client.id}/credit"`);
  });

  it('formats money for the business locale and currency (en-GB, GBP)', async () => {
    const { client, cookie } = await parent({ timeZone: 'Europe/London', country: 'GB', currency: 'GBP', locale: 'en-GB' });
    await createCreditTransaction(client, { amountMinor: 1234, currency: 'GBP', createdAt: new Date(Date.UTC(2030, 5, 3, 12)) });
    const html = await (await get(`/c/${client.id}/credit`, { cookie })).text();
    expect(html).toContain('<dd class="amount">£12.34</dd>');
    expect(html).toContain('+£12.34');
    expect(html).toContain('3 Jun 2030');
  });

  it('shows a zero balance in the business currency and an empty state when there is no history', async () => {
    const { client, cookie } = await parent();
    const html = await (await get(`/c/${client.id}/credit`, { cookie })).text();
    expect(html).toContain('<dd class="amount">$0.00</dd>');
    expect(html).toContain('No store credit yet.');
  });

  it('pages the history 20 at a time and answers 404 past the last page', async () => {
    const { client, cookie } = await parent();
    for (let i = 1; i <= 23; i++) {
      await createCreditTransaction(client, { amountMinor: 100, reason: `Credit ${i}`, createdAt: new Date(Date.now() - i * DAY) });
    }
    const html1 = await (await get(`/c/${client.id}/credit`, { cookie })).text();
    expect(html1.match(/<li>/g)?.length).toBeGreaterThanOrEqual(20);
    expect(html1).toContain('Credit 20<');
    expect(html1).not.toContain('Credit 21<');
    expect(html1).toContain('Page 1 of 2');
    expect(html1).toContain('<dd class="amount">$23.00</dd>');
    const html2 = await (await get(`/c/${client.id}/credit?page=2`, { cookie })).text();
    expect(html2).toContain('Credit 23<');
    expect(html2).not.toContain('Credit 20<');
    expect(html2).toContain('<dd class="amount">$23.00</dd>');
    expect((await get(`/c/${client.id}/credit?page=3`, { cookie })).status).toBe(404);
    expect((await get(`/c/${client.id}/credit?page=abc`, { cookie })).status).toBe(404);
  });

  it('keeps a full page of 20 long entries under 14,600 bytes gzip', async () => {
    const { client, pet, cookie } = await parent();
    const visit = await createAppointment({ client, pets: [pet], status: 'finished', startsAt: new Date(Date.now() - 40 * DAY) });
    for (let i = 1; i <= 21; i++) {
      await createCreditTransaction(client, {
        amountMinor: i % 2 ? 123_456 : -98_765,
        reason: `Adjustment ${i}: refund for a boarding stay cut short by a family emergency`,
        createdAt: new Date(Date.now() - i * DAY),
        appointmentId: visit.id,
      });
    }
    const html = await (await get(`/c/${client.id}/credit`, { cookie })).text();
    expect(html.match(/class="amt /g)).toHaveLength(20);
    expect(await gzipSize(html)).toBeLessThanOrEqual(14_600);
  });

  it('renders the full page for boosted navigation (HX-Request-Type: full)', async () => {
    const { client, cookie } = await parent();
    const res = await get(`/c/${client.id}/credit`, { cookie, headers: { 'HX-Request': 'true', 'HX-Request-Type': 'full', 'HX-Boosted': 'true' } });
    expect(res.status).toBe(200);
    expect((await res.text()).startsWith('<!doctype html>')).toBe(true);
  });

  it('answers 404 for another client’s id, and never shows another client’s credit', async () => {
    const me = await parent();
    const other = await parent();
    await createCreditTransaction(other.client, { amountMinor: 9900, reason: 'Their secret credit' });
    const res = await get(`/c/${other.client.id}/credit`, { cookie: me.cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Their secret credit');
    const mine = await (await get(`/c/${me.client.id}/credit`, { cookie: me.cookie })).text();
    expect(mine).not.toContain('Their secret credit');
  });

  it('answers 404 for my client record at another business under that business’s client id I am not linked to', async () => {
    const first = await createBusiness();
    const second = await createBusiness();
    const mine = await createClientRecord(first.id);
    const { cookie } = await signedInAs(mine.phoneE164);
    const stranger = await createClientRecord(second.id);
    await createCreditTransaction(stranger, { amountMinor: 500, reason: 'Not yours' });
    expect((await get(`/c/${stranger.id}/credit`, { cookie })).status).toBe(404);
  });

  it('shows each of my businesses only its own credit, in its own currency, under its own client id', async () => {
    const seattle = await createBusiness();
    const london = await createBusiness({ timeZone: 'Europe/London', country: 'GB', currency: 'GBP', locale: 'en-GB' });
    const a = await createClientRecord(seattle.id);
    const b = await createClientRecord(london.id, { phoneE164: a.phoneE164 });
    await createCreditTransaction(a, { amountMinor: 1100, reason: 'Seattle credit' });
    await createCreditTransaction(b, { amountMinor: 2200, currency: 'GBP', reason: 'London credit' });
    const { cookie } = await signedInAs(a.phoneE164);
    const htmlA = await (await get(`/c/${a.id}/credit`, { cookie })).text();
    expect(htmlA).toContain('<dd class="amount">$11.00</dd>');
    expect(htmlA).not.toContain('London credit');
    const htmlB = await (await get(`/c/${b.id}/credit`, { cookie })).text();
    expect(htmlB).toContain('<dd class="amount">£22.00</dd>');
    expect(htmlB).not.toContain('Seattle credit');
  });

  it('does not link an appointment that is not the client’s own', async () => {
    const me = await parent();
    const other = await parent();
    const theirs = await createAppointment({ client: other.client, pets: [other.pet] });
    await createCreditTransaction(me.client, { amountMinor: 700, reason: 'Odd row', appointmentId: theirs.id });
    const html = await (await get(`/c/${me.client.id}/credit`, { cookie: me.cookie })).text();
    expect(html).toContain('Odd row');
    expect(html).not.toContain(theirs.id);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { client } = await parent();
    const res = await get(`/c/${client.id}/credit`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });
});

describe('no route adds or changes credit', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s to the credit URLs is refused and nothing changes', async (method) => {
    const { client, cookie } = await parent();
    const row = await createCreditTransaction(client, { amountMinor: 500, reason: 'Kept' });
    for (const path of [`/c/${client.id}/credit`, `/c/${client.id}/credit/${row.id}`, `/c/${client.id}/credit/add`]) {
      const res =
        method === 'POST'
          ? await postForm(path, { amountMinor: '100000', reason: 'free money', currency: 'USD' }, { cookie })
          : await exports.default.fetch(
              new Request(ORIGIN + path, {
                method,
                headers: { cookie, origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
                body: 'amountMinor=100000',
                redirect: 'manual',
              }),
            );
      expect([404, 405]).toContain(res.status);
    }
    const rows = await db.select().from(schema.storeCreditTransactions).where(eq(schema.storeCreditTransactions.clientId, client.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amountMinor: 500, reason: 'Kept' });
  });
});

describe('GET /c/:clientId/credit in Spanish (Accept-Language: es)', () => {
  it('shows the words in Spanish and the money and dates for the business’s region (es-US)', async () => {
    const { client, pet, cookie } = await parent();
    const visit = await createAppointment({ client, pets: [pet], serviceType: 'daycare', status: 'finished', startsAt: new Date(Date.UTC(2030, 0, 14, 17)) });
    await createCreditTransaction(client, {
      amountMinor: 2500,
      reason: 'Refund for a short stay',
      createdAt: new Date(Date.UTC(2030, 0, 15, 6)),
      appointmentId: visit.id,
    });
    const res = await get(`/c/${client.id}/credit`, { cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="credit-heading">Saldo a favor</h1>');
    expect(html).toContain('<dt>Saldo</dt>');
    expect(html).toContain('Historial');
    expect(html).toContain('<dd class="amount">$25.00</dd>');
    expect(html).toContain('Refund for a short stay');
    expect(html).toMatch(/ el lun, 14 (de )?ene/);
    expect(html).not.toContain('Credit is added and used by the business.');
  });
});
