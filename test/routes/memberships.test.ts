/**
 * Memberships (SPEC §10) through the real Worker and libSQL: plan, status in plain words,
 * perks, price and period, next renewal; hidden (404, no nav entry) when the business has
 * memberships off; the empty state; tenancy (foreign ids → 404); one round trip.
 */
import { describe, expect, it } from 'vitest';
import { createBusiness, createClientRecord, signedInAs } from '../helpers/factories';
import { createMembership } from '../helpers/account-factories';
import { get, postForm } from '../helpers/http';

async function parent(businessOverrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness({ membershipsEnabled: true, ...businessOverrides });
  const client = await createClientRecord(business.id);
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, cookie };
}

describe('GET /c/:clientId/memberships', () => {
  it('shows plan, status, perks, "$49.00 a month" and the next renewal; active before paused before canceled; one round trip', async () => {
    const { client, cookie } = await parent();
    await createMembership(client, { planName: 'Zen Canceled', status: 'canceled', nextRenewalOn: null, priceMinor: 9900, period: 'year' });
    await createMembership(client, { planName: 'Paused Plan', status: 'paused', perks: null, priceMinor: 1500, period: 'week', nextRenewalOn: null });
    await createMembership(client, {
      planName: 'Daycare Club',
      status: 'active',
      perks: 'Free nail trim each month',
      priceMinor: 4900,
      period: 'month',
      nextRenewalOn: '2030-02-01',
    });
    const res = await get(`/c/${client.id}/memberships`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="1 round trip"/);
    const html = await res.text();
    expect(html).toContain('Daycare Club');
    expect(html).toContain('>Active<');
    expect(html).toContain('>Paused<');
    expect(html).toContain('>Canceled<');
    expect(html).toContain('Free nail trim each month');
    expect(html).toContain('$49.00 a month');
    expect(html).toContain('$15.00 a week');
    expect(html).toContain('$99.00 a year');
    expect(html).toContain('Next renewal');
    expect(html).toContain('Feb 1, 2030');
    expect(html.match(/Next renewal/g)).toHaveLength(1);
    const order = ['Daycare Club', 'Paused Plan', 'Zen Canceled'].map((n) => html.indexOf(n));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain(`href="/c/${client.id}/memberships"`);
  });

  it('formats the price in the business currency and locale (en-GB, GBP)', async () => {
    const { client, cookie } = await parent({ currency: 'GBP', locale: 'en-GB', timeZone: 'Europe/London', country: 'GB' });
    await createMembership(client, { currency: 'GBP', priceMinor: 3000, nextRenewalOn: '2030-02-01' });
    const html = await (await get(`/c/${client.id}/memberships`, { cookie })).text();
    expect(html).toContain('£30.00 a month');
    expect(html).toContain('1 Feb 2030');
  });

  it('shows an empty state when the feature is on but there are no memberships', async () => {
    const { client, cookie } = await parent();
    const res = await get(`/c/${client.id}/memberships`, { cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You have no memberships at this business.');
  });

  it('answers 404 and shows no nav entry when the business has memberships off', async () => {
    const { client, cookie } = await parent({ membershipsEnabled: false });
    await createMembership(client, { planName: 'Hidden plan' });
    const res = await get(`/c/${client.id}/memberships`, { cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Hidden plan');
    const credit = await (await get(`/c/${client.id}/credit`, { cookie })).text();
    expect(credit).not.toContain(`/c/${client.id}/memberships`);
  });

  it('answers 404 for another client’s id', async () => {
    const me = await parent();
    const other = await parent();
    await createMembership(other.client, { planName: 'Their plan' });
    const res = await get(`/c/${other.client.id}/memberships`, { cookie: me.cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Their plan');
    expect(await (await get(`/c/${me.client.id}/memberships`, { cookie: me.cookie })).text()).not.toContain('Their plan');
  });

  it('has no route that changes a membership', async () => {
    const { client, cookie } = await parent();
    const m = await createMembership(client);
    for (const path of [`/c/${client.id}/memberships`, `/c/${client.id}/memberships/${m.id}`, `/c/${client.id}/memberships/${m.id}/cancel`]) {
      expect([404, 405]).toContain((await postForm(path, { status: 'canceled' }, { cookie })).status);
    }
    expect(await (await get(`/c/${client.id}/memberships`, { cookie })).text()).toContain('>Active<');
  });
});

describe('GET /c/:clientId/memberships in Spanish (Accept-Language: es)', () => {
  it('shows status, price and period in Spanish', async () => {
    const { client, cookie } = await parent();
    await createMembership(client, { planName: 'Daycare Club', status: 'active', priceMinor: 4900, period: 'month', nextRenewalOn: '2030-02-01' });
    const res = await get(`/c/${client.id}/memberships`, { cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="memberships-heading">Membresías</h1>');
    expect(html).toContain('>Activa<');
    expect(html).toContain('$49.00 al mes');
    expect(html).toContain('Próxima renovación');
    expect(html).not.toContain('a month');
  });
});
