/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker, libSQL, local R2 and
 * the demo seed: Jamie's pets at Happy Tails (SPEC §6) — the list with vaccination flags, a
 * profile, then "Add a pet": a refusal (no name) shown next to the field, then a pet with a
 * photo, which appears in the list with its photo loaded. With JavaScript the browser sends a
 * small copy of the photo and the list's thumbnail is that small JPEG; without it, the
 * thumbnail is the original PNG. With and without JavaScript; no page side-scrolls.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/pets.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, mainText, ready, screenshot, signIn, steps, useE2E } from './support';

const e2e = useE2E('pets');
const jamie = DEMO.parents.jamie;
const pets = `/c/${DEMO.clients.jamieAtBoarding}/pets`;

/** A real PNG of PHOTO_W × PHOTO_H (noisy, so it does not compress: ~0.9 MB), so the browser can decode and draw it. */
const PHOTO_W = 640;
const PHOTO_H = 480;
function pngFile(): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(PHOTO_W, 0);
  ihdr.writeUInt32BE(PHOTO_H, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  let seed = 7;
  const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24) & 0xff;
  const rows = Buffer.concat(Array.from({ length: PHOTO_H }, () => Buffer.from([0, ...Array.from({ length: PHOTO_W * 3 }, noise)])));
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
  const path = join(mkdtempSync(join(tmpdir(), 'pawtal-pet-photo-')), 'nugget.png');
  writeFileSync(path, png);
  return path;
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
      await page.locator('.pets-list').getByRole('link', { name: /Biscuit/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Biscuit' }).waitFor();
      const text = await mainText(page);
      for (const fact of ['Golden Retriever', 'Male', 'Apr 12, 2019', 'lb', 'Golden', 'Westlake Animal Hospital', 'Apoquel', 'No chicken', 'thunder']) {
        assert.ok(text.includes(fact), `${fact} in: ${text}`);
      }
      assert.match(text, /Bordetella · expires .* Expired/);
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

    step(`adds ${newName} with a photo and sees it on its profile and in the list`, async () => {
      await ready(page, 'form[action$="/pets/new"]', javaScript);
      await page.getByLabel('Name', { exact: true }).fill(newName);
      await page.getByLabel('Dog').check();
      await page.getByLabel('Breed (optional)').fill('Corgi');
      await page.getByLabel('Birthday (optional)').fill('2023-03-01');
      await page.getByLabel('Weight in lb (optional)').fill('24');
      await page.getByLabel('Photo (optional)').setInputFiles(pngFile());
      await page.getByRole('button', { name: 'Add pet' }).click();
      await page.getByText('Pet added. The business has been told.').waitFor();
      await page.getByRole('heading', { level: 1, name: newName }).waitFor();
      const text = await mainText(page);
      assert.match(text, /Corgi/);
      assert.match(text, /24 lb/);
      const photo = page.locator('main img.pet-photo');
      await photo.scrollIntoViewIfNeeded();
      // Lazy-loaded: it loads once in view, and then has its real size: with JS the small copy
      // (320 px on the long side), without JS the original upload.
      await page.waitForFunction('document.querySelector("main img.pet-photo")?.naturalWidth > 0');
      assert.equal(await page.evaluate('document.querySelector("main img.pet-photo").naturalWidth'), javaScript ? 320 : PHOTO_W);
      await assertNoHorizontalOverflow(page, 'new pet profile');
      await screenshot(page, `${label}-04-added`);
      await assertAccessible(page, `${label}-04-added`);
      await page.getByRole('link', { name: '← All pets' }).click();
      await page.locator('.pets-list li', { hasText: newName }).waitFor();
      await screenshot(page, `${label}-05-listed`);
      await assertAccessible(page, `${label}-05-listed`);
    });

    step(`the list's thumbnail of ${newName} is ${javaScript ? 'a small JPEG made in the browser' : 'the original PNG (no JS, no small copy)'}`, async (t) => {
      const img = page.locator('.pets-list li', { hasText: newName }).locator('img.pet-photo');
      const src = await img.getAttribute('src');
      assert.match(src ?? '', /\/photo\?size=thumb$/);
      await img.scrollIntoViewIfNeeded();
      await img.evaluate((el: { complete: boolean; naturalWidth: number }) => el.complete && el.naturalWidth > 0 || new Promise((r) => ((el as unknown as { onload: unknown }).onload = r)));
      const res = await page.request.get(`${e2e.appUrl}${src}`);
      assert.equal(res.status(), 200);
      const bytes = (await res.body()).byteLength;
      t.diagnostic(`size=thumb: ${res.headers()['content-type']}, ${bytes} bytes`);
      if (javaScript) {
        assert.equal(res.headers()['content-type'], 'image/jpeg');
        assert.ok(bytes <= 150 * 1024, `the thumbnail is ${bytes} bytes`);
        assert.equal(await img.evaluate((el: { naturalWidth: number; naturalHeight: number }) => `${el.naturalWidth}×${el.naturalHeight}`), '320×240');
      } else {
        assert.equal(res.headers()['content-type'], 'image/png');
        assert.ok(bytes > 900 * 1024, `the original is ${bytes} bytes`);
      }
      const full = await page.request.get(`${e2e.appUrl}${src!.replace('size=thumb', 'size=full')}`);
      assert.equal(full.headers()['content-type'], 'image/png');
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
