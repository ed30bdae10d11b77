/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker, libSQL, R2 and the
 * demo seed: Jamie signs the new version of Happy Tails' boarding agreement by drawing on the
 * signature pad with pointer events (JavaScript on), then views the signed copy with the drawn
 * image and the audit trail; and signs the photo release by typed name with JavaScript off
 * (the pad stays hidden).
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/agreements.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_AGREEMENTS } from '../../scripts/demo-agreements';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, mainText, ready, screenshot, signIn, steps, useE2E, waitUntil } from './support';

const e2e = useE2E('agreements');
const jamie = DEMO.parents.jamie;
const base = `/c/${DEMO.clients.jamieAtBoarding}/agreements`;

for (const javaScript of [true, false]) {
  const label = `agreements-${javaScript ? 'js' : 'nojs'}`;
  const agreementId = javaScript ? DEMO_AGREEMENTS.boarding : DEMO_AGREEMENTS.photoRelease;

  describe(`signing an agreement ${javaScript ? 'by drawing (JavaScript on)' : 'by typed name (JavaScript off)'}`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
    });
    after(async () => {
      await context?.close();
    });

    step('signs in and lists the agreements with status and version', async (t) => {
      await page.goto(`${e2e.appUrl}/sign-in`);
      await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      await page.goto(`${e2e.appUrl}${base}`);
      const text = await mainText(page);
      // The JS run (first) signs the boarding agreement; the no-JS run then signs the photo release.
      assert.match(text, javaScript ? /Boarding & daycare agreement Version 2 To sign \(new version\)/ : /Boarding & daycare agreement Version 2 Signed on/);
      assert.match(text, /Photo release Version 1 To sign/);
      await assertNoHorizontalOverflow(page, 'agreements list');
      await screenshot(page, `${label}-01-list`);
      await assertAccessible(page, `${label}-01-list`);
    });

    step('opens the agreement: the full text and the sign form', async () => {
      await page.goto(`${e2e.appUrl}${base}/${agreementId}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const pad = page.locator('[data-signature-pad] canvas');
      if (javaScript) await pad.waitFor({ state: 'visible' });
      else assert.equal(await pad.isVisible(), false, 'the pad is hidden without JavaScript');
      await assertNoHorizontalOverflow(page, 'agreement');
    });

    step(javaScript ? 'draws a signature with the mouse and signs' : 'types the full name and signs', async () => {
      await page.getByLabel('I agree to sign electronically').check();
      if (javaScript) {
        await ready(page, 'form.sign-form', true);
        const pad = page.locator('[data-signature-pad] canvas');
        await pad.scrollIntoViewIfNeeded();
        const box = (await pad.boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.6);
        await page.mouse.down();
        for (let i = 1; i <= 12; i++) {
          await page.mouse.move(box.x + box.width * (0.15 + i * 0.05), box.y + box.height * (0.6 - 0.3 * Math.sin(i / 2)));
        }
        await page.mouse.up();
        const drawn = await page.locator('input[name="drawn"]').inputValue();
        assert.match(drawn, /^data:image\/png;base64,/);
        await screenshot(page, `${label}-02-drawn`);
        await assertAccessible(page, `${label}-02-drawn`);
      } else {
        await page.getByLabel('Type your full name').fill('Jamie Rivera');
      }
      await page.getByRole('button', { name: /^Sign version/ }).click();
      await page.waitForURL((u) => /\/signed\/sig_/.test(u.pathname));
      await page.getByRole('heading', { level: 1 }).waitFor();
    });

    step('shows the signed copy with the audit trail (and the drawn image)', async () => {
      const text = await mainText(page);
      assert.match(text, /Signed\. Thank you/);
      assert.match(text, /Signer Jamie Rivera/);
      assert.match(text, javaScript ? /Method Drawn signature/ : /Method Typed name/);
      assert.match(text, /Signed at \(UTC\) \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
      assert.match(text, /SHA-256 of the text signed [0-9a-f]{64}/);
      if (javaScript) {
        const image = page.locator('img.signature-image');
        await image.waitFor();
        const src = (await image.getAttribute('src'))!;
        const res = await page.request.get(`${e2e.appUrl}${src}`);
        assert.equal(res.status(), 200, `GET ${src}`);
        assert.equal(res.headers()['content-type'], 'image/png');
        await waitUntil(
          page,
          "(() => { const img = document.querySelector('img.signature-image'); return !!img && img.complete && img.naturalWidth > 0; })()",
          5_000,
        );
      }
      await assertNoHorizontalOverflow(page, 'signed copy');
      await screenshot(page, `${label}-03-signed`);
      await assertAccessible(page, `${label}-03-signed`);
      await page.goto(`${e2e.appUrl}${base}`);
      assert.match(await mainText(page), javaScript ? /Boarding & daycare agreement Version 2 Signed on/ : /Photo release Version 1 Signed on/);
    });
  });
}
