/**
 * Offline reading (issue 15 item 3), the server's side of it: signed-in parent pages name their
 * account by an opaque marker (the Pawtal-Account header the service worker keys its saved
 * copies by) that differs between accounts and is not the account id; signed-out pages and the
 * console carry none; signing out answers `Clear-Site-Data: "cache"`; /sw.js is served from
 * static with `Cache-Control: no-cache` (never a stale worker).
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createAppointment, createBusiness, createClientRecord, createPet, signedInAs } from '../helpers/factories';
import { get, ORIGIN, postForm } from '../helpers/http';
import { createStaffAccount, staffSignedIn } from '../helpers/staff-factories';

const MARKER = 'Pawtal-Account';

async function parent() {
  const business = await createBusiness();
  const client = await createClientRecord(business.id);
  await createAppointment({ client, pets: [await createPet(client)] });
  const session = await signedInAs(client.phoneE164);
  return { business, client, ...session };
}

describe('the account marker on parent pages', () => {
  it('is an opaque hex marker, the same on every page of one account and never the account id', async () => {
    const jamie = await parent();
    const list = await get(`/c/${jamie.client.id}/appointments`, { cookie: jamie.cookie });
    expect(list.status).toBe(200);
    const marker = list.headers.get(MARKER);
    expect(marker).toMatch(/^[0-9a-f]{32}$/);
    expect(marker).not.toContain(jamie.accountId);
    expect(marker).not.toContain(jamie.accountId.replace(/^acc_/, ''));
    const pets = await get(`/c/${jamie.client.id}/pets`, { cookie: jamie.cookie });
    expect(pets.headers.get(MARKER)).toBe(marker);
    // Nothing personal in the page either: the marker is a header, not the phone or the name.
    expect(marker).not.toContain(jamie.client.phoneE164.replace('+', ''));
  });

  it('differs between two accounts', async () => {
    const jamie = await parent();
    const sam = await parent();
    const a = (await get(`/c/${jamie.client.id}/appointments`, { cookie: jamie.cookie })).headers.get(MARKER);
    const b = (await get(`/c/${sam.client.id}/appointments`, { cookie: sam.cookie })).headers.get(MARKER);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it('is absent for a signed-out visitor (sign-in page, a page that sends them to sign in)', async () => {
    const signIn = await get('/sign-in');
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get(MARKER)).toBeNull();
    const { client } = await parent();
    const redirected = await get(`/c/${client.id}/appointments`);
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get(MARKER)).toBeNull();
  });
});

describe('the business console', () => {
  it('carries no parent account marker, so its pages are never kept offline', async () => {
    const business = await createBusiness();
    const staff = await createStaffAccount({ businessId: business.id });
    const { cookie } = await staffSignedIn(staff.id);
    const inbox = await get(`/manage/${business.id}/inbox`, { cookie });
    expect(inbox.status).toBe(200);
    expect(inbox.headers.get(MARKER)).toBeNull();
  });
});

describe('POST /sign-out', () => {
  it('tells the browser to clear its caches for the site', async () => {
    const { cookie } = await parent();
    const res = await postForm('/sign-out', {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('Clear-Site-Data')).toBe('"cache"');
  });
});

describe('GET /sw.js', () => {
  it('is the service worker, served from static with Cache-Control: no-cache', async () => {
    const res = await env.ASSETS.fetch(new Request(`${ORIGIN}/sw.js`));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/javascript/);
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
    const source = await res.text();
    expect(source).toContain("addEventListener('fetch'");
    expect(source).toContain('Pawtal-Account');
  });
});
