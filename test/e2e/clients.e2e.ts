/**
 * The console's clients and pets in a real Chromium against the real Worker, libSQL and the
 * demo seed: the Happy Tails owner signs in (password + TOTP), searches the client list (with
 * JS the list follows the typing and the URL; without, the form submits), opens Jamie's page,
 * adds a client (an unparseable phone refused at the field first) and invites them by text —
 * at 360 px, with and without JavaScript, axe clean.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/clients.e2e.ts
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_STAFF } from '../../scripts/demo-staff';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, mainText, readOutbox, ready, screenshot, signInStaff, steps, useE2E } from './support';

const e2e = useE2E('clients');
const owner = DEMO_STAFF[0];
const clientsPath = `/manage/${DEMO.businesses.boarding}/clients`;

for (const javaScript of [true, false]) {
  const label = `clients-${javaScript ? 'js' : 'nojs'}`;
  describe(`console clients, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);
    let shot = 0;
    const snap = (name: string) => screenshot(page, `${label}-${String(++shot).padStart(2, '0')}-${name}`);

    step('the owner signs in and opens Clients from the console nav', async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
      await signInStaff(page, e2e.appUrl, owner, { javaScript });
      await page.waitForURL((u) => u.pathname.endsWith('/inbox'));
      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Clients' }).click();
      await page.waitForURL((u) => u.pathname === clientsPath);
      await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
      assert.match(await mainText(page), /Jamie Rivera/);
      await assertAccessible(page, `${label} list`);
      await assertNoHorizontalOverflow(page, 'client list at 360 px');
      await snap('list');
    });

    step('searching by phone digits finds Jamie and not Sam', async () => {
      await ready(page, '#client-q', javaScript);
      await page.getByLabel('Search by name, phone, email or pet').fill('555-0100');
      if (javaScript) await page.waitForURL((u) => u.searchParams.get('q') === '555-0100');
      else {
        await page.getByRole('button', { name: 'Search' }).click();
        await page.waitForURL((u) => u.searchParams.get('q') === '555-0100');
      }
      await page.locator('#client-count', { hasText: '1 client matches' }).waitFor();
      const text = await mainText(page);
      assert.match(text, /Jamie Rivera/);
      assert.doesNotMatch(text, /Sam Lee/);
      if (javaScript) assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'client-q', 'focus stays in the search box');
      await snap('search');
    });

    step('Jamie’s page shows pets with vaccinations, appointments and the portal status; axe clean', async () => {
      await page.getByRole('link', { name: 'Jamie Rivera' }).click();
      await page.waitForURL((u) => u.pathname === `${clientsPath}/${DEMO.clients.jamieAtBoarding}`);
      const text = await mainText(page);
      assert.match(text, /Biscuit/);
      assert.match(text, /Expired/);
      assert.match(text, /Upcoming appointments/);
      assert.match(text, /Portal (Registered|Invited|Not invited)/);
      await assertAccessible(page, `${label} client`);
      await assertNoHorizontalOverflow(page, 'client page at 360 px');
      await snap('client');
    });

    step('adding a client refuses a bad phone at the field, then saves and invites by text', async () => {
      const last = `Tester${javaScript ? 'Js' : 'NoJs'}`;
      const phone = javaScript ? '(206) 555-0177' : '(206) 555-0178';
      await page.goto(`${e2e.appUrl}${clientsPath}/new`);
      await ready(page, 'form[action$="/clients/new"]', javaScript);
      await page.getByLabel('First name').fill('Robin');
      await page.getByLabel('Last name').fill(last);
      await page.getByLabel('Mobile phone').fill('12');
      await page.getByRole('button', { name: 'Add client' }).click();
      await page.locator('#client-phone-error').waitFor();
      await assertAccessible(page, `${label} client form 422`);
      await snap('form-422');
      await page.getByLabel('Mobile phone').fill(phone);
      await page.getByRole('button', { name: 'Add client' }).click();
      await page.getByRole('heading', { level: 1, name: `Robin ${last}` }).waitFor();
      assert.match(await mainText(page), /Client added/);
      await page.getByRole('button', { name: 'Send portal invitation' }).click();
      await page.locator('.notice', { hasText: 'Invitation sent by text.' }).waitFor();
      assert.match(await mainText(page), /Invited on/);
      const outbox = await readOutbox(e2e.appUrl);
      assert.ok(
        outbox.some((m) => m.body.includes('/invite/')),
        'the invitation text is in the outbox',
      );
      await snap('invited');
      await context?.close();
    });
  });
}
