/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker, libSQL and the demo
 * seed: store credit, packages, memberships and classes (SPEC §8, §10) — reached from the
 * section navigation, readable without side-scrolling, with and without JavaScript; and a
 * business without those features (Paddington) shows no Packages, Memberships or Classes entry.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/account-sections.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, mainText, screenshot, signIn, steps, useE2E } from './support';

const e2e = useE2E('account-sections');
const jamie = DEMO.parents.jamie;
const boarding = `/c/${DEMO.clients.jamieAtBoarding}`;
const grooming = `/c/${DEMO.clients.jamieAtGrooming}`;

for (const javaScript of [true, false]) {
  const label = `account-sections-${javaScript ? 'js' : 'nojs'}`;

  describe(`store credit, packages, memberships and classes, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);
    const path = () => new URL(page.url()).pathname;
    const navLabels = async () => (await page.locator('nav.sections a').allTextContents()).map((s) => s.trim());
    /** Follows the section link named `name` in the nav: one tap, or two through "More". */
    const openSection = async (name: string, expectedPath: string) => {
      const link = page.locator('nav.sections').getByRole('link', { name, exact: true });
      if (!(await link.isVisible())) await page.locator('nav.sections .more summary').click();
      await link.click();
      await page.waitForURL((u) => u.pathname === expectedPath);
      await page.getByRole('heading', { level: 1 }).waitFor();
    };

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
    });
    after(async () => {
      await context?.close();
    });

    step('signs in and opens Happy Tails, whose nav lists Store credit, Packages, Memberships and Classes', async (t) => {
      await page.goto(`${e2e.appUrl}/sign-in`);
      await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      await page.goto(`${e2e.appUrl}${boarding}/appointments`);
      const labels = await navLabels();
      for (const name of ['Store credit', 'Packages', 'Memberships', 'Classes']) assert.ok(labels.includes(name), `${name} in ${labels}`);
      await assertNoHorizontalOverflow(page, 'appointments with the full nav');
      await screenshot(page, `${label}-01-nav`);
      await assertAccessible(page, `${label}-01-nav`);
    });

    step('Credit shows the balance and the history with the linked appointment', async () => {
      await openSection('Store credit', `${boarding}/credit`);
      const text = await mainText(page);
      assert.match(text, /Balance \$39\.00/);
      assert.match(text, /Gift card redeemed/);
      assert.match(text, /\+\$50\.00/);
      assert.match(text, /-\$30\.00/);
      await assertNoHorizontalOverflow(page, 'credit');
      await screenshot(page, `${label}-02-credit`);
      await assertAccessible(page, `${label}-02-credit`);
      await page
        .locator('ol.ledger')
        .getByRole('link', { name: /^Boarding on / })
        .click();
      await page.waitForURL((u) => u.pathname === `${boarding}/appointments/${DEMO.appointments.finishedPrefix}04`);
    });

    step('Packages, Memberships and Classes show Jamie’s holdings', async () => {
      await openSection('Packages', `${boarding}/packages`);
      assert.match(await mainText(page), /10-day daycare pack .*6 of 10/);
      await assertNoHorizontalOverflow(page, 'packages');
      await screenshot(page, `${label}-03-packages`);
      await assertAccessible(page, `${label}-03-packages`);
      await openSection('Memberships', `${boarding}/memberships`);
      assert.match(await mainText(page), /Daycare Club Active .*\$49\.00 a month/);
      await assertNoHorizontalOverflow(page, 'memberships');
      await openSection('Classes', `${boarding}/classes`);
      await page.getByText('Schedule (6 sessions)').click();
      const text = await mainText(page);
      assert.match(text, /Puppy Manners · Biscuit/);
      assert.match(text, /Attended 2 sessions Remaining 3 sessions/);
      await assertNoHorizontalOverflow(page, 'classes');
      await screenshot(page, `${label}-04-classes`);
      await assertAccessible(page, `${label}-04-classes`);
    });

    step('each page of the demo is one round trip and ≤ 14,600 bytes gzip -9', async (t) => {
      for (const section of ['credit', 'packages', 'memberships', 'classes']) {
        const res = await page.request.get(`${e2e.appUrl}${boarding}/${section}`, { maxRedirects: 0 });
        assert.equal(res.status(), 200, section);
        assert.match(res.headers()['server-timing'] ?? '', /desc="1 round trip"/, section);
        const html = await res.body();
        const gzip = gzipSync(html, { level: 9 }).byteLength;
        t.diagnostic(`${section}: ${html.byteLength} bytes, ${gzip} gzip -9`);
        assert.ok(gzip <= 14_600, `${section} is ${gzip} bytes gzip`);
      }
    });

    step('Paddington (no packages, memberships or classes) shows no such entries, and their URLs are 404', async () => {
      await page.goto(`${e2e.appUrl}${grooming}/appointments`);
      const labels = await navLabels();
      assert.ok(labels.includes('Store credit'));
      for (const name of ['Packages', 'Memberships', 'Classes']) assert.ok(!labels.includes(name), `${name} not in ${labels}`);
      const res = await page.goto(`${e2e.appUrl}${grooming}/packages`);
      assert.equal(res?.status(), 404);
      assert.equal(path(), `${grooming}/packages`);
    });
  });
}
