/**
 * Packages (SPEC §10) through the real Worker and libSQL: every field, expired ones marked,
 * the section hidden (404, no nav entry) when the business has packages off, the empty state,
 * tenancy (foreign ids → 404), one round trip, and no route that changes a package.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { createBusiness, createClientRecord, db, signedInAs } from '../helpers/factories';
import { createPackage } from '../helpers/account-factories';
import { get, postForm } from '../helpers/http';

async function parent(businessOverrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness({ packagesEnabled: true, ...businessOverrides });
  const client = await createClientRecord(business.id);
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, cookie };
}

describe('GET /c/:clientId/packages', () => {
  it('lists name, what it covers, remaining of total, purchase date and expiry; expired marked; one round trip', async () => {
    const { client, cookie } = await parent();
    await createPackage(client, {
      name: '10 daycare days',
      covers: 'Full-day daycare',
      totalQuantity: 10,
      remainingQuantity: 7,
      purchasedOn: '2030-01-10',
      expiresOn: '2099-01-10',
    });
    await createPackage(client, {
      name: '5 baths',
      covers: 'Bath & brush',
      totalQuantity: 5,
      remainingQuantity: 2,
      purchasedOn: '2020-03-01',
      expiresOn: '2021-03-01',
    });
    const res = await get(`/c/${client.id}/packages`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="1 round trip"/);
    const html = await res.text();
    expect(html).toContain('10 daycare days');
    expect(html).toContain('Full-day daycare');
    expect(html).toContain('7 of 10');
    expect(html).toContain('Jan 10, 2030');
    expect(html).toContain('Jan 10, 2099');
    expect(html).toContain('5 baths');
    expect(html).toContain('2 of 5');
    expect(html).toContain('Mar 1, 2021');
    // Newest purchase first; only the old one is marked expired.
    expect(html.indexOf('10 daycare days')).toBeLessThan(html.indexOf('5 baths'));
    expect(html.match(/<span class="status s-canceled">Expired<\/span>/g)).toHaveLength(1);
    expect(html.indexOf('>Expired</span>')).toBeGreaterThan(html.indexOf('5 baths'));
    expect(html).toContain(`href="/c/${client.id}/packages"`);
  });

  it('shows an empty state when the feature is on but there are no packages', async () => {
    const { client, cookie } = await parent();
    const res = await get(`/c/${client.id}/packages`, { cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You have no packages at this business.');
  });

  it('renders the full page for boosted navigation (HX-Request-Type: full)', async () => {
    const { client, cookie } = await parent();
    const res = await get(`/c/${client.id}/packages`, { cookie, headers: { 'HX-Request': 'true', 'HX-Request-Type': 'full' } });
    expect((await res.text()).startsWith('<!doctype html>')).toBe(true);
  });

  it('answers 404 and shows no nav entry when the business has packages off, even with packages on file', async () => {
    const { client, cookie } = await parent({ packagesEnabled: false });
    await createPackage(client, { name: 'Hidden package' });
    const res = await get(`/c/${client.id}/packages`, { cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Hidden package');
    const home = await (await get(`/c/${client.id}/appointments`, { cookie })).text();
    expect(home).not.toContain(`/c/${client.id}/packages`);
    expect(home).toContain(`/c/${client.id}/credit`);
  });

  it('answers 404 for another client’s id, at the same business or another', async () => {
    const me = await parent();
    const neighbour = await createClientRecord(me.business.id);
    await createPackage(neighbour, { name: 'Neighbour package' });
    const elsewhere = await parent();
    await createPackage(elsewhere.client, { name: 'Elsewhere package' });
    for (const id of [neighbour.id, elsewhere.client.id]) {
      const res = await get(`/c/${id}/packages`, { cookie: me.cookie });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('package</');
    }
    const mine = await (await get(`/c/${me.client.id}/packages`, { cookie: me.cookie })).text();
    expect(mine).not.toContain('Neighbour package');
    expect(mine).not.toContain('Elsewhere package');
  });

  it('has no route that changes a package', async () => {
    const { client, cookie } = await parent();
    const pkg = await createPackage(client, { remainingQuantity: 3 });
    for (const path of [`/c/${client.id}/packages`, `/c/${client.id}/packages/${pkg.id}`]) {
      const res = await postForm(path, { remainingQuantity: '10' }, { cookie });
      expect([404, 405]).toContain(res.status);
    }
    const [row] = await db.select().from(schema.clientPackages).where(eq(schema.clientPackages.id, pkg.id));
    expect(row!.remainingQuantity).toBe(3);
  });
});

describe('GET /c/:clientId/packages in Spanish (Accept-Language: es)', () => {
  it('shows the words in Spanish and the dates with Spanish month names', async () => {
    const { client, cookie } = await parent();
    await createPackage(client, {
      name: '5 baths',
      covers: 'Bath & brush',
      totalQuantity: 5,
      remainingQuantity: 2,
      purchasedOn: '2020-03-01',
      expiresOn: '2021-03-01',
    });
    const res = await get(`/c/${client.id}/packages`, { cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="packages-heading">Paquetes</h1>');
    expect(html).toContain('<span class="status s-canceled">Vencido</span>');
    expect(html).toContain('2 de 5');
    expect(html).toContain('<dt>Venció</dt>');
    expect(html).toMatch(/1 (de )?mar/);
    expect(html).not.toContain('Remaining');
  });
});
