/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker, libSQL, local R2 and
 * the demo seed: Jamie's pets at Happy Tails (SPEC §6) — the list with vaccination flags, a
 * profile, then "Add a pet": a refusal (no name) shown next to the field, then a pet with a
 * 2000 × 1500 photo of ~4.4 MB, which appears in the list with its photo loaded: the phone gets
 * only the server's copies (Images binding, sharp locally) — a 320 px square WebP thumbnail and a
 * 1600 px WebP on tap, never the upload. With and without JavaScript; no page side-scrolls.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/pets.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { makePng } from '../helpers/png';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, mainText, ready, screenshot, signIn, steps, useE2E, waitUntil } from './support';

const e2e = useE2E('pets');
const jamie = DEMO.parents.jamie;
const pets = `/c/${DEMO.clients.jamieAtBoarding}/pets`;

/** A real photo-like PNG of PHOTO_W × PHOTO_H (opaque gradients with grain: ~4.4 MB, under the 5 MB limit). */
const PHOTO_W = 2000;
const PHOTO_H = 1500;
async function photoFile(): Promise<{ path: string; bytes: number }> {
  const png = await makePng({ width: PHOTO_W, height: PHOTO_H, photo: true, ink: false });
  const path = join(mkdtempSync(join(tmpdir(), 'pawtal-pet-photo-')), 'nugget.png');
  writeFileSync(path, png);
  return { path, bytes: png.byteLength };
}

for (const javaScript of [true, false]) {
  const label = `pets-${javaScript ? 'js' : 'nojs'}`;
  const newName = javaScript ? 'Nugget' : 'Waffles';

  describe(`pets, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
    });
    after(async () => {
      await context?.close();
    });

    step('signs in and opens Pets: Biscuit flagged (an expired vaccination), Pepper not', async (t) => {
      await page.goto(`${e2e.appUrl}/sign-in`);
      await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      await page.goto(`${e2e.appUrl}${pets}`);
      await page.getByRole('heading', { level: 1, name: 'Pets' }).waitFor();
      const biscuit = page.locator('.pets-list li', { hasText: 'Biscuit' });
      assert.match(await biscuit.innerText(), /Expired/);
      assert.doesNotMatch(await page.locator('.pets-list li', { hasText: 'Pepper' }).innerText(), /Expire/);
      await assertNoHorizontalOverflow(page, 'pets list');
      await screenshot(page, `${label}-01-list`);
      await assertAccessible(page, `${label}-01-list`);
    });

    step('opens Biscuit: every field, vaccinations flagged, no edit controls', async () => {
      await page
        .locator('.pets-list')
        .getByRole('link', { name: /Biscuit/ })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Biscuit' }).waitFor();
      const text = await mainText(page);
      for (const fact of ['Golden Retriever', 'Male', 'Apr 12, 2019', 'lb', 'Golden', 'Westlake Animal Hospital', 'Apoquel', 'No chicken', 'thunder']) {
        assert.ok(text.includes(fact), `${fact} in: ${text}`);
      }
      // An expired vaccination reads as one phrase; a US business spells Color and Behavior.
      assert.match(text, /Bordetella · Expired \w{3} \d{1,2}, \d{4}/);
      assert.match(text, /\bColor Golden\b/);
      assert.match(text, /\bBehavior notes\b/);
      assert.match(text, /DHPP · expires .* Expires soon/);
      assert.equal(await page.locator('main form').count(), 0);
      await assertNoHorizontalOverflow(page, 'pet profile');
      await screenshot(page, `${label}-02-profile`);
      await assertAccessible(page, `${label}-02-profile`);
    });

    step('Add a pet without a name: the message is next to the Name field, nothing added', async () => {
      await page.goto(`${e2e.appUrl}${pets}/new`);
      await ready(page, 'form[action$="/pets/new"]', javaScript);
      await page.getByLabel('Dog').check();
      await page.getByRole('button', { name: 'Add pet' }).click();
      await page.getByText("Enter your pet's name.").waitFor();
      assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');
      assert.ok(await page.getByLabel('Dog').isChecked(), 'the typed values are kept');
      await assertNoHorizontalOverflow(page, 'add a pet (refused)');
      await screenshot(page, `${label}-03-refused`);
      await assertAccessible(page, `${label}-03-refused`);
    });

    step(`adds ${newName} with a photo and sees it on its profile and in the list`, async (t) => {
      await ready(page, 'form[action$="/pets/new"]', javaScript);
      await page.getByLabel('Name', { exact: true }).fill(newName);
      await page.getByLabel('Dog').check();
      await page.getByLabel('Breed (optional)').fill('Corgi');
      await page.getByLabel('Birthday (optional)').fill('2023-03-01');
      await page.getByLabel('Weight in lb (optional)').fill('24');
      const photo = await photoFile();
      t.diagnostic(`uploading a ${PHOTO_W} × ${PHOTO_H} PNG of ${photo.bytes} bytes`);
      await page.getByLabel('Photo (optional)').setInputFiles(photo.path);
      await page.getByRole('button', { name: 'Add pet' }).click();
      await page.getByText('Pet added. The business has been told.').waitFor();
      await page.getByRole('heading', { level: 1, name: newName }).waitFor();
      const text = await mainText(page);
      assert.match(text, /Corgi/);
      assert.match(text, /24 lb/);
      const shown = page.locator('main img.pet-photo');
      await shown.scrollIntoViewIfNeeded();
      // Lazy-loaded: it loads once in view, and then has its real size: the server's 320 px square copy.
      await waitUntil(page, 'document.querySelector("main img.pet-photo")?.naturalWidth > 0');
      assert.equal(
        await page.evaluate('`${document.querySelector("main img.pet-photo").naturalWidth}×${document.querySelector("main img.pet-photo").naturalHeight}`'),
        '320×320',
      );
      await assertNoHorizontalOverflow(page, 'new pet profile');
      await screenshot(page, `${label}-04-added`);
      await assertAccessible(page, `${label}-04-added`);
      await page.getByRole('link', { name: '← All pets' }).click();
      await page.locator('.pets-list li', { hasText: newName }).waitFor();
      await screenshot(page, `${label}-05-listed`);
      await assertAccessible(page, `${label}-05-listed`);
    });

    step(`the list's thumbnail of ${newName} is a small WebP and full size on tap is at most 1600 px: never the upload`, async (t) => {
      const img = page.locator('.pets-list li', { hasText: newName }).locator('img.pet-photo');
      const src = await img.getAttribute('src');
      assert.match(src ?? '', /\/photo\?size=thumb$/);
      await img.scrollIntoViewIfNeeded();
      await img.evaluate(
        (el: { complete: boolean; naturalWidth: number }) =>
          (el.complete && el.naturalWidth > 0) || new Promise((r) => ((el as unknown as { onload: unknown }).onload = r)),
      );
      assert.equal(await img.evaluate((el: { naturalWidth: number; naturalHeight: number }) => `${el.naturalWidth}×${el.naturalHeight}`), '320×320');
      const thumb = await page.request.get(`${e2e.appUrl}${src}`);
      assert.equal(thumb.status(), 200);
      assert.equal(thumb.headers()['content-type'], 'image/webp');
      const thumbBytes = (await thumb.body()).byteLength;
      assert.ok(thumbBytes <= 40 * 1024, `the thumbnail is ${thumbBytes} bytes`);
      // Tap the photo on the profile: the large copy opens.
      await page.locator('.pets-list li', { hasText: newName }).getByRole('link').first().click();
      await page.getByRole('heading', { level: 1, name: newName }).waitFor();
      const link = page.getByRole('link', { name: `Photo of ${newName}, full size` });
      const fullHref = await link.getAttribute('href');
      assert.match(fullHref ?? '', /\/photo\/view$/);
      await link.click();
      await page.waitForURL(/\/photo\/view$/);
      // The large copy inside a page, with a way back to the pet.
      const fullImg = page.locator('img.full-photo');
      await fullImg.waitFor();
      await page.waitForFunction('document.querySelector("img.full-photo")?.complete');
      const size = await fullImg.evaluate((el: { naturalWidth: number; naturalHeight: number }) => `${el.naturalWidth}×${el.naturalHeight}`);
      assert.equal(size, '1600×1200');
      const fullSrc = await fullImg.getAttribute('src');
      assert.match(fullSrc ?? '', /\/photo\?size=full$/);
      assert.equal(await page.getByRole('link', { name: `← Back to ${newName}` }).count(), 1);
      const full = await page.request.get(`${e2e.appUrl}${fullSrc}`);
      assert.equal(full.headers()['content-type'], 'image/webp');
      const fullBytes = (await full.body()).byteLength;
      t.diagnostic(`size=thumb: ${thumbBytes} bytes (320×320 WebP); size=full: ${fullBytes} bytes (1600×1200 WebP)`);
      assert.ok(fullBytes < 1024 * 1024, `the large copy is ${fullBytes} bytes`);
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: newName }).waitFor();
    });

    step('each pets page is one round trip and at most 14,600 bytes gzip', async (t) => {
      for (const path of [pets, `${pets}/${DEMO.pets.biscuit}`, `${pets}/new`]) {
        const res = await page.request.get(`${e2e.appUrl}${path}`);
        assert.equal(res.status(), 200, path);
        assert.match(res.headers()['server-timing'] ?? '', /desc="1 round trip"/, path);
        const html = await res.body();
        const gzip = gzipSync(html, { level: 9 }).byteLength;
        t.diagnostic(`${path}: ${html.byteLength} bytes, ${gzip} gzip -9`);
        assert.ok(gzip <= 14_600, `${path} is ${gzip} bytes gzip`);
      }
    });
  });
}
