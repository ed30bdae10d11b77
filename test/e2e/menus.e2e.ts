/**
 * End to end, in a real Chromium at 360 × 740: the header's two menus (the business switcher
 * and "More"), with and without JavaScript. At most one is open at a time; an open menu sits
 * in the page's flow, so it never covers the content below it; following a link in a menu
 * lands on a page with every menu closed. With JavaScript, a tap outside an open menu only
 * closes it (the link under the tap is not followed) and Escape closes it.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/menus.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { DEMO, assertNoHorizontalOverflow, screenshot, signIn, steps, useE2E } from './support';

const e2e = useE2E('menus');
const jamie = DEMO.parents.jamie;
const boarding = `/c/${DEMO.clients.jamieAtBoarding}`;
let cookies: Cookie[] | undefined;

for (const javaScript of [true, false]) {
  const label = `menus-${javaScript ? 'js' : 'nojs'}`;

  describe(`the switcher and More menus, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);
    const switcher = () => page.locator('details.switcher');
    const more = () => page.locator('nav.sections details.more');
    const isOpen = (l: ReturnType<typeof switcher>) => l.evaluate((el: { open: boolean }) => el.open);

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
    });
    after(async () => {
      await context?.close();
    });

    step('signs in as a parent of two businesses; both menus start closed', async (t) => {
      // One sign-in for both runs (a second code for the same phone within 30 s must wait).
      if (cookies) await context!.addCookies(cookies);
      else {
        await page.goto(`${e2e.appUrl}/sign-in`);
        await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
        cookies = await context!.cookies();
      }
      await page.goto(`${e2e.appUrl}${boarding}/appointments`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      if (javaScript) await page.waitForFunction('typeof htmx !== "undefined"');
      assert.equal(await switcher().count(), 1);
      assert.equal(await more().count(), 1);
      assert.equal(await isOpen(switcher()), false);
      assert.equal(await isOpen(more()), false);
    });

    step('an open menu pushes the page down instead of covering it', async () => {
      const mainTopBefore = (await page.locator('main').boundingBox())!.y;
      await more().locator('summary').click();
      assert.equal(await isOpen(more()), true);
      const list = (await more().locator('ul').boundingBox())!;
      const main = (await page.locator('main').boundingBox())!;
      assert.ok(main.y >= list.y + list.height - 1, `main starts at ${main.y}, the open menu ends at ${list.y + list.height}`);
      assert.ok(main.y > mainTopBefore, 'the content moved down');
      // Nothing is drawn over main's first line: the element there is main's own.
      const onTop = await page.evaluate(
        `(() => { const m = document.querySelector('main').getBoundingClientRect(); const el = document.elementFromPoint(m.left + 20, m.top + 5); return Boolean(el && el.closest('main')); })()`,
      );
      assert.equal(onTop, true);
      await assertNoHorizontalOverflow(page, 'More open');
      await screenshot(page, `${label}-01-more-open`);
    });

    step('opening the switcher closes More: never both open', async () => {
      await switcher().locator('summary').click();
      if (javaScript) {
        // The tap was outside the open menu: it only closed it.
        assert.equal(await isOpen(more()), false);
        assert.equal(await isOpen(switcher()), false);
        await switcher().locator('summary').click();
      }
      assert.equal(await isOpen(switcher()), true);
      assert.equal(await isOpen(more()), false);
      const list = (await switcher().locator('ul').boundingBox())!;
      const nav = (await page.locator('nav.sections').boundingBox())!;
      assert.ok(nav.y >= list.y + list.height - 1, 'the switcher pushes the nav down');
      await assertNoHorizontalOverflow(page, 'switcher open');
      await screenshot(page, `${label}-02-switcher-open`);
      await switcher().locator('summary').click();
      assert.equal(await isOpen(switcher()), false);
    });

    if (javaScript) {
      step('a tap outside an open menu closes it and follows nothing', async () => {
        await more().locator('summary').click();
        assert.equal(await isOpen(more()), true);
        const before = page.url();
        // A link in the page, below the menu.
        const link = page.locator('main a[href]').first();
        await link.click();
        assert.equal(await isOpen(more()), false);
        await page.waitForTimeout(300);
        assert.equal(page.url(), before, 'the link under the tap was not followed');
      });

      step('Escape closes the open menu and puts focus back on its summary', async () => {
        await more().locator('summary').click();
        assert.equal(await isOpen(more()), true);
        await page.keyboard.press('Escape');
        assert.equal(await isOpen(more()), false);
        assert.equal(await page.evaluate('document.activeElement && document.activeElement.textContent'), 'More');
      });
    }

    step('following a link in a menu lands on a page with every menu closed', async () => {
      await more().locator('summary').click();
      const link = more().getByRole('link').first();
      const href = (await link.getAttribute('href'))!;
      await link.click();
      await page.waitForURL((u) => u.pathname === href);
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await isOpen(more()), false);
      assert.equal(await isOpen(switcher()), false);
      await page.goBack();
      await page.waitForURL((u) => u.pathname === `${boarding}/appointments`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await isOpen(more()), false);
    });
  });
}
