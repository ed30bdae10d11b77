/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker, libSQL, the demo seed
 * and the demo photos in local R2 (scripts/demo-photos.ts, called by scripts/stack.ts): report
 * cards (SPEC §7) reached through the section nav ("More"), with and without JavaScript —
 * Biscuit's sent cards newest first with thumbnails that really load, the unsent draft never
 * shown, Mochi's empty state, a thumbnail opening the full-size image, and back.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/report-cards.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_REPORT_CARDS } from '../../scripts/demo-report-cards';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, mainText, screenshot, signIn, steps, useE2E, waitUntil } from './support';

const e2e = useE2E('report-cards');
const jamie = DEMO.parents.jamie;
const boarding = `/c/${DEMO.clients.jamieAtBoarding}`;
const biscuitSection = `section[aria-labelledby="rc-pet-${DEMO.pets.biscuit}"]`;
const mochiSection = `section[aria-labelledby="rc-pet-${DEMO.pets.mochi}"]`;

/** Waits until every <img> matching `selector` has loaded with real pixels (naturalWidth > 0). */
async function imagesLoaded(page: Page, selector: string): Promise<number[]> {
  const imgs = page.locator(selector);
  const count = await imgs.count();
  for (let i = 0; i < count; i++) await imgs.nth(i).scrollIntoViewIfNeeded();
  const all = `Array.from(document.querySelectorAll(${JSON.stringify(selector)}))`;
  await waitUntil(page, `${all}.every((img) => img.complete && img.naturalWidth > 0)`);
  return (await page.evaluate(`${all}.map((img) => img.naturalWidth)`)) as number[];
}

for (const javaScript of [true, false]) {
  const label = `report-cards-${javaScript ? 'js' : 'nojs'}`;

  describe(`report cards with photos, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);
    const path = () => new URL(page.url()).pathname;

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
    });
    after(async () => {
      await context?.close();
    });

    step('signs in as the demo parent and opens Happy Tails', async (t) => {
      await page.goto(`${e2e.appUrl}/sign-in`);
      await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      // Jamie is a client of two businesses: the chooser, then Happy Tails.
      if (!path().startsWith(boarding)) {
        await page.getByRole('link', { name: /Happy Tails/ }).click();
        await page.waitForURL((u) => u.pathname.startsWith(boarding));
      }
      await page.locator('nav.sections').waitFor();
    });

    step('opens Report cards through the nav (under More when hidden)', async () => {
      const link = page.locator('nav.sections').getByRole('link', { name: 'Report cards', exact: true });
      if (!(await link.isVisible())) await page.locator('nav.sections .more summary').click();
      await link.click();
      await page.waitForURL((u) => u.pathname === `${boarding}/report-cards`);
      await page.getByRole('heading', { level: 1, name: 'Report cards' }).waitFor();
    });

    step('Biscuit’s sent cards newest first, thumbnails load, the draft never shown, Mochi empty', async (t) => {
      const ids = await page.locator(`${biscuitSection} li.card article`).evaluateAll((articles) => articles.map((a) => a.getAttribute('aria-labelledby')));
      assert.deepEqual(ids, [`rc-${DEMO_REPORT_CARDS.biscuitPool}`, `rc-${DEMO_REPORT_CARDS.biscuitStay}`]);
      const biscuitText = (await page.locator(biscuitSection).innerText()).replace(/\s+/g, ' ');
      assert.match(biscuitText, /Happy and bouncy all day[\s\S]*Settled in after the first evening/);
      const text = await mainText(page);
      assert.doesNotMatch(text, /DRAFT/);
      assert.ok(!(await page.content()).includes(DEMO_REPORT_CARDS.biscuitDraft), 'the draft’s id is not in the page');
      assert.match((await page.locator(mochiSection).innerText()).replace(/\s+/g, ' '), /No report cards for Mochi yet\./);

      const thumbs = `${biscuitSection} .photos img`;
      assert.equal(await page.locator(thumbs).count(), 3, 'two photos on the pool day, one on the stay');
      const widths = await imagesLoaded(page, thumbs);
      t.diagnostic(`Biscuit's thumbnails, natural widths: ${widths.join(', ')}`);
      assert.ok(widths.every((w) => w > 0));
      await assertNoHorizontalOverflow(page, 'report cards');
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, `${label}-01-list`);
      await assertAccessible(page, `${label} report cards`);
    });

    step('tapping a thumbnail opens the full-size image; back returns to the list', async () => {
      const link = page.locator(`${biscuitSection} .photos a`).first();
      const href = await link.getAttribute('href');
      assert.ok(href && /size=full$/.test(href), `full-size link: ${href}`);
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(href) && r.request().isNavigationRequest()), link.click()]);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'] ?? '', /^image\//);
      await page.waitForURL((u) => `${u.pathname}${u.search}` === href);
      const [width] = await imagesLoaded(page, 'img');
      assert.equal(width, 480, 'the full-size demo photo is 480 px wide');
      await screenshot(page, `${label}-02-full-size`);

      await page.goBack();
      await page.waitForURL((u) => u.pathname === `${boarding}/report-cards`);
      await page.getByRole('heading', { level: 1, name: 'Report cards' }).waitFor();
      await page.locator(`${biscuitSection} .photos img`).first().waitFor();
      await assertNoHorizontalOverflow(page, 'report cards after back');
    });
  });
}
