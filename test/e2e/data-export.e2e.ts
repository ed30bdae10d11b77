/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker, libSQL and the demo
 * seed: "Your data" (issue 15 item 5). Jamie signs in, opens her account page and follows the
 * two plain links — the JSON file downloads, parses, names her pets at both of her businesses
 * and nothing of another demo parent's; the printable page opens, fits 360 px with no sideways
 * scroll, shows its signature and photo images, hides the site's chrome in print, and passes
 * axe — with and without JavaScript.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/data-export.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, mainText, screenshot, signIn, steps, useE2E } from './support';

const e2e = useE2E('data-export');
const jamie = DEMO.parents.jamie;

/** Other demo parents' records: none may be in Jamie's export. */
const FOREIGN_IDS = [
  DEMO.clients.samAtBoarding,
  DEMO.clients.danaAtBoarding,
  DEMO.clients.oliviaAtGrooming,
  DEMO.clients.alexAtNoBeta,
  DEMO.pets.rocket,
  DEMO.pets.bramble,
  DEMO.pets.pip,
  DEMO.pets.luna,
  DEMO.appointments.samConfirmed,
  DEMO.appointments.alexConfirmed,
];

interface ExportJson {
  formatVersion: number;
  truncated: string[];
  account: { phone: string };
  businesses: {
    business: { id: string; name: string };
    client: { id: string };
    pets: { name: string }[];
    appointments: unknown[];
    agreements: unknown[];
    reportCards: unknown[];
  }[];
}

for (const javaScript of [true, false]) {
  const label = `data-export-${javaScript ? 'js' : 'nojs'}`;

  describe(`"Your data" for Jamie, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
    });
    after(async () => {
      await context?.close();
    });

    step('signs in and finds "Your data" on the account page, which fits 360 px', async (t) => {
      await page.goto(`${e2e.appUrl}/sign-in`);
      await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      await page.goto(`${e2e.appUrl}/account`);
      await page.getByRole('heading', { name: 'Your data', level: 2 }).waitFor();
      await page.getByRole('link', { name: 'Download your data (JSON file)' }).waitFor();
      await page.getByRole('link', { name: 'Your data as a printable page' }).waitFor();
      await assertNoHorizontalOverflow(page, 'account page');
      await screenshot(page, `${label}-01-account`);
    });

    step('the JSON link downloads a file that parses, names her pets at both businesses and nothing of another parent', async (t) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download your data (JSON file)' }).click()]);
      assert.match(download.suggestedFilename(), /^pawtal-data-\d{4}-\d{2}-\d{2}\.json$/);
      const text = readFileSync((await download.path())!, 'utf8');
      const doc = JSON.parse(text) as ExportJson;
      assert.equal(doc.formatVersion, 1);
      assert.deepEqual(doc.truncated, []);
      assert.equal(doc.account.phone, jamie.phoneE164);
      assert.deepEqual(doc.businesses.map((b) => b.business.id).sort(), [DEMO.businesses.boarding, DEMO.businesses.grooming].sort());
      assert.deepEqual(doc.businesses.map((b) => b.client.id).sort(), [DEMO.clients.jamieAtBoarding, DEMO.clients.jamieAtGrooming].sort());
      const petNames = doc.businesses.flatMap((b) => b.pets.map((p) => p.name)).sort();
      assert.deepEqual(petNames, ['Biscuit', 'Biscuit', 'Mochi', 'Pepper', 'Truffle']);
      for (const id of FOREIGN_IDS) assert.ok(!text.includes(id), `${id} is in Jamie's export`);
      for (const name of ['Rocket', 'Bramble', 'Luna', DEMO.parents.sam.lastName, DEMO.parents.olivia.lastName, DEMO.parents.dana.lastName]) {
        assert.ok(!new RegExp(`\\b${name}\\b`).test(text), `${name} is in Jamie's export`);
      }
      // Still on the account page: a download does not navigate.
      assert.equal(new URL(page.url()).pathname, '/account');
      const counts = doc.businesses.map(
        (b) =>
          `${b.business.name}: ${b.pets.length} pets, ${b.appointments.length} appointments, ${b.agreements.length} signatures, ${b.reportCards.length} cards`,
      );
      t.diagnostic(`export.json: ${Buffer.byteLength(text)} bytes, ${gzipSync(text, { level: 9 }).byteLength} gzip -9; ${counts.join('; ')}`);
      const res = await page.request.get(`${e2e.appUrl}/account/export.json`, { maxRedirects: 0 });
      assert.equal(res.status(), 200);
      assert.match(res.headers()['server-timing'] ?? '', /desc="1 round trip"/);
      assert.equal(res.headers()['cache-control'], 'private, no-store');
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment; /);
    });

    step('the printable page opens, reads at 360 px with no sideways scroll, shows its images and passes axe', async (t) => {
      await page.getByRole('link', { name: 'Your data as a printable page' }).click();
      await page.waitForURL((u) => u.pathname === '/account/export.html');
      await page.getByRole('heading', { name: 'Your data', level: 1 }).waitFor();
      const text = await mainText(page);
      for (const expected of [
        'Happy Tails',
        'Paddington',
        'Biscuit',
        'Pepper',
        'Mochi',
        'Truffle',
        'Rabies',
        'Signed agreements',
        'Report cards',
        'Store credit',
        'SHA-256 of the text signed',
      ]) {
        assert.ok(text.includes(expected), `"${expected}" on the printable page`);
      }
      for (const name of ['Rocket', 'Bramble', 'Luna']) assert.ok(!new RegExp(`\\b${name}\\b`).test(text), `${name} on Jamie's printable page`);
      await assertNoHorizontalOverflow(page, 'printable page');
      // Every image (signatures, card thumbnails, pet photos) loads from the access-checked routes.
      const images = (await page.evaluate('Array.from(document.querySelectorAll("main img")).map((img) => img.getAttribute("src"))')) as string[];
      t.diagnostic(`printable page: ${images.length} images`);
      assert.ok(
        images.some((src) => /\/report-cards\/[^/]+\/photos\/[^/]+\?size=thumb$/.test(src)),
        'a report card thumbnail',
      );
      for (const src of images) {
        const res = await page.request.get(`${e2e.appUrl}${src}`, { maxRedirects: 0 });
        assert.equal(res.status(), 200, src);
        assert.match(res.headers()['content-type'] ?? '', /^image\//, src);
      }
      const res = await page.request.get(`${e2e.appUrl}/account/export.html`, { maxRedirects: 0 });
      const html = await res.body();
      assert.match(res.headers()['server-timing'] ?? '', /desc="1 round trip"/);
      t.diagnostic(`export.html: ${html.byteLength} bytes, ${gzipSync(html, { level: 9 }).byteLength} gzip -9`);
      await screenshot(page, `${label}-02-printable`);
      await assertAccessible(page, `${label}-02-printable`);
    });

    step('in print, the site header and the page’s own links are hidden', async () => {
      await page.emulateMedia({ media: 'print' });
      try {
        assert.equal(await page.locator('header.site').isVisible(), false, 'site header hidden in print');
        assert.equal(await page.getByRole('link', { name: '← Back to your account' }).isVisible(), false, 'back link hidden in print');
        assert.ok(await page.getByRole('heading', { name: 'Your data', level: 1 }).isVisible());
        await assertNoHorizontalOverflow(page, 'printable page, print media');
      } finally {
        await page.emulateMedia({ media: 'screen' });
      }
    });

    step('signed out, both links lead to sign in', async () => {
      const fresh = await e2e.browser.newContext();
      try {
        for (const path of ['/account/export.json', '/account/export.html']) {
          const res = await fresh.request.get(`${e2e.appUrl}${path}`, { maxRedirects: 0 });
          assert.equal(res.status(), 303, path);
          assert.equal(res.headers().location, '/sign-in', path);
        }
      } finally {
        await fresh.close();
      }
    });
  });
}
