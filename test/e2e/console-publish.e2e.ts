/**
 * What the business writes, as the parent then reads it (issue 14, "Tests"): two browser
 * contexts against the real Worker, libSQL, R2 and the demo seed — the Happy Tails owner in the
 * console at 1280 × 800 and Jamie in the portal at 360 px — once with JavaScript and once
 * without:
 *
 *   the owner writes a report card for Biscuit with two photos and sends it → Jamie's text is in
 *   the outbox, its link opens the card with both thumbnails really loaded → the owner publishes
 *   a new version of the boarding agreement → Jamie's agreements say "To sign (new version)",
 *   she signs it by typed name → the owner sees her signature of that version → the owner adds
 *   store credit → Jamie's balance has gone up by exactly that → Jamie uploads Biscuit's rabies
 *   certificate from his page → the owner opens it beside what she typed and accepts it → Jamie
 *   sees the vaccination verified with its new expiry.
 *
 * The two runs share this file's database (useE2E starts one stack per file), so each run looks
 * for its own words and compares the balance before and after rather than with a fixed figure.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/console-publish.e2e.ts
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_AGREEMENTS } from '../../scripts/demo-agreements';
import { DEMO_STAFF } from '../../scripts/demo-staff';
import {
  DEMO,
  assertAccessible,
  assertNoHorizontalOverflow,
  mainText,
  readOutbox,
  ready,
  screenshot,
  signIn,
  signInStaff,
  sleep,
  steps,
  useE2E,
  waitUntil,
} from './support';

const e2e = useE2E('console-publish');

const owner = DEMO_STAFF[0];
const jamie = DEMO.parents.jamie;
const DESKTOP = { width: 1280, height: 800 } as const;
const manage = `/manage/${DEMO.businesses.boarding}`;
const client = DEMO.clients.jamieAtBoarding;
const portal = `/c/${client}`;
const PHOTOS = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'scripts', 'demo-photos');

/** "$12.50" → 1250; the first money amount in `text`. */
function cents(text: string): number {
  const m = /(-?)\$([\d,]+)\.(\d{2})/.exec(text);
  assert.ok(m, `no amount in ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]!.replace(/,/g, '')) * 100 + Number(m[3]));
}

for (const javaScript of [true, false]) {
  const run = javaScript ? 'js' : 'no-js';
  const label = `console-publish-${run}`;
  const mood = `Bouncy and glad to see everyone (${run} run)`;
  const clause = `Late pick-up after 6 pm is charged as an extra day (${run} run).`;

  describe(`the business publishes, the parent reads, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let staffContext: BrowserContext | undefined;
    let parentContext: BrowserContext | undefined;
    let staff: Page;
    let parent: Page;
    let current: Page | undefined;
    const step = steps(label, () => current);
    let shot = 0;
    const snap = (page: Page, name: string) => screenshot(page, `${label}-${String(++shot).padStart(2, '0')}-${name}`);
    let balanceBefore = 0;

    const nav = async (name: string) => {
      await ready(staff, 'nav.sections a', javaScript);
      await staff.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true }).click();
    };

    step('the owner signs in to the console; Jamie signs in to the portal', async (t) => {
      ({ context: staffContext, page: staff } = await e2e.newPage({ javaScript }));
      ({ context: parentContext, page: parent } = await e2e.newPage({ javaScript }));
      await staff.setViewportSize(DESKTOP);
      current = staff;
      await signInStaff(staff, e2e.appUrl, owner, { javaScript });
      await staff.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
      current = parent;
      await parent.goto(`${e2e.appUrl}/sign-in`);
      await signIn(parent, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      await parent.goto(`${e2e.appUrl}${portal}/credit`);
      balanceBefore = cents(await parent.locator('dl.balance dd').first().innerText());
      t.diagnostic(`Jamie's balance before: ${balanceBefore} cents`);
    });

    step('the owner writes a report card for Biscuit with two photos and sends it', async () => {
      current = staff;
      await staff.goto(`${e2e.appUrl}${manage}/clients/${client}`);
      await ready(staff, 'main a', javaScript);
      await staff.getByRole('link', { name: `Write a report card for Biscuit` }).click();
      await staff.getByRole('heading', { level: 1, name: /Report card for Biscuit/ }).waitFor();
      await staff.getByLabel('Mood (optional)').fill(mood);
      await staff.getByLabel('Staff comment (optional)').fill('Played fetch all afternoon.');
      const photos = staff.getByLabel('Add photos (optional)');
      if (javaScript) {
        // Three chosen, one removed before sending: the list shows what will go, and only that goes.
        await photos.setInputFiles([join(PHOTOS, 'pool-day.png'), join(PHOTOS, 'nap-time.png'), join(PHOTOS, 'sunny-yard.png')]);
        const chosen = staff.locator('[data-chosen-photos] li');
        await chosen.nth(2).waitFor();
        assert.equal(await chosen.count(), 3);
        await staff.getByRole('button', { name: 'Remove nap-time.png' }).click();
        assert.equal(await chosen.count(), 2);
        assert.deepEqual(await photos.evaluate((el) => Array.from((el as unknown as { files: ArrayLike<{ name: string }> }).files, (f) => f.name)), [
          'pool-day.png',
          'sunny-yard.png',
        ]);
      } else {
        await photos.setInputFiles([join(PHOTOS, 'pool-day.png'), join(PHOTOS, 'sunny-yard.png')]);
      }
      await snap(staff, 'card-filled');
      await ready(staff, 'form[enctype="multipart/form-data"]', javaScript);
      const uploads: string[] = [];
      const onRequest = (r: { method(): string; resourceType(): string; url(): string }) => {
        if (r.method() === 'POST' && r.url().includes('/report-card')) uploads.push(r.resourceType());
      };
      staff.on('request', onRequest);
      await staff.getByRole('button', { name: 'Send to the parent' }).click();
      await staff.getByText('Report card sent.').waitFor();
      staff.off('request', onRequest);
      // With JS the photos go by XMLHttpRequest (its upload events drive the progress bar); without, as a plain form.
      assert.deepEqual(uploads, [javaScript ? 'xhr' : 'document']);
      assert.match(await staff.locator('#card-state').innerText(), /^Sent /);
      assert.equal(await staff.locator('.card-photos img').count(), 2, 'the card keeps both photos');
      await assertNoHorizontalOverflow(staff, 'sent report card');
    });

    step('Jamie gets the text; its link opens the card with both thumbnails loaded (360 px)', async () => {
      current = parent;
      let link = '';
      for (let i = 0; i < 40 && !link; i++) {
        const sms = (await readOutbox(e2e.appUrl)).filter((m) => m.to === jamie.phoneE164 && /Biscuit's report card is ready/.test(m.body));
        const found = sms.map((m) => /(https?:\/\/\S+)/.exec(m.body)?.[1]).filter((u): u is string => !!u);
        // Each run sends one card; the newest text is this run's.
        if (found.length >= (javaScript ? 1 : 2)) link = found.at(-1)!;
        else await sleep(250);
      }
      assert.ok(link, 'a text to Jamie with a link to the report card');
      const url = new URL(link);
      await parent.goto(`${e2e.appUrl}${url.pathname}${url.hash}`);
      const card = parent.locator('article', { hasText: mood });
      await card.waitFor();
      const thumbs = card.locator('img');
      assert.equal(await thumbs.count(), 2);
      for (let i = 0; i < 2; i++) await thumbs.nth(i).scrollIntoViewIfNeeded();
      await waitUntil(
        parent,
        `Array.from(document.querySelectorAll('article img')).filter((img) => img.closest('article').textContent.includes(${JSON.stringify(mood)})).every((img) => img.complete && img.naturalWidth > 0)`,
      );
      await assertNoHorizontalOverflow(parent, 'report cards');
      await snap(parent, 'parent-card');
      await assertAccessible(parent, `${label}-parent-card`);
    });

    let version = 0;
    step('the owner publishes a new version of the boarding agreement', async () => {
      current = staff;
      await nav('Agreements');
      await staff.getByRole('heading', { level: 1, name: 'Agreements' }).waitFor();
      await ready(staff, 'main a', javaScript);
      await staff.getByRole('link', { name: 'Boarding & daycare agreement' }).click();
      await staff.getByRole('heading', { level: 2, name: 'Publish a new version' }).waitFor();
      const button = staff.getByRole('button', { name: /^Publish version \d+$/ });
      version = Number((await button.innerText()).replace(/\D+/g, ''));
      const text = staff.getByLabel(`Text of version ${version}`);
      await text.fill(`${await text.inputValue()}\n\n${clause}`);
      await assertAccessible(staff, `${label}-agreement-console`);
      await ready(staff, 'form#publish', javaScript);
      await button.click();
      await staff.getByText('New version published.').waitFor();
      assert.match(await mainText(staff), new RegExp(`Version ${version}, published`));
      assert.match(await mainText(staff), /Still to sign version \d+ .*Jamie Rivera/s);
      await snap(staff, 'agreement-published');
    });

    step('Jamie is asked to sign the new version, reads the new clause and signs it', async () => {
      current = parent;
      await parent.goto(`${e2e.appUrl}${portal}/agreements`);
      assert.match(await mainText(parent), new RegExp(`Boarding & daycare agreement Version ${version} To sign \\(new version\\)`));
      await parent.goto(`${e2e.appUrl}${portal}/agreements/${DEMO_AGREEMENTS.boarding}`);
      assert.ok((await parent.locator('#agreement-text').innerText()).includes(clause), 'the new clause is in the text shown');
      await parent.getByLabel('I agree to sign electronically').check();
      await parent.getByLabel('Type your full name').fill('Jamie Rivera');
      await ready(parent, 'form.sign-form', javaScript);
      await parent.getByRole('button', { name: /^Sign version/ }).click();
      await parent.waitForURL((u) => /\/signed\/sig_/.test(u.pathname));
      assert.match(await mainText(parent), new RegExp(`Agreement version ${version}`));
      await assertNoHorizontalOverflow(parent, 'signed copy');
    });

    step('the owner sees Jamie’s signature of that version and opens the signed copy', async () => {
      current = staff;
      await staff.reload();
      const row = staff.locator('li', { hasText: `Jamie Rivera · version ${version}` });
      await row.first().waitFor();
      await ready(staff, 'main a', javaScript);
      await row.first().getByRole('link', { name: 'Jamie Rivera' }).click();
      await staff.getByRole('heading', { level: 2, name: 'Audit trail' }).waitFor();
      assert.match(await mainText(staff), /Method Typed name/);
      assert.ok((await staff.locator('.agreement-text').innerText()).includes(clause));
    });

    step('the owner adds store credit; Jamie’s balance goes up by exactly that', async () => {
      current = staff;
      await staff.goto(`${e2e.appUrl}${manage}/clients/${client}/credit`);
      await ready(staff, 'form.card', javaScript);
      await staff.getByRole('radio', { name: 'Add credit' }).check();
      await staff.getByLabel('Amount (USD)').fill('12.50');
      await staff.getByLabel('Reason (the client sees it)').fill(`Goodwill for the late pick-up (${run} run)`);
      await staff.getByRole('button', { name: 'Save entry' }).click();
      await staff.getByText('Credit added.').waitFor();
      current = parent;
      await parent.goto(`${e2e.appUrl}${portal}/credit`);
      const after = cents(await parent.locator('dl.balance dd').first().innerText());
      assert.equal(after - balanceBefore, 1250, `balance ${balanceBefore} → ${after}`);
      assert.match(await mainText(parent), new RegExp(`Goodwill for the late pick-up \\(${run} run\\)`));
      await assertNoHorizontalOverflow(parent, 'store credit');
      await snap(parent, 'parent-credit');
    });

    // Each run its own expiry, years ahead of the demo's Rabies date: the record must end up with it.
    const expiry = `${new Date().getUTCFullYear() + (javaScript ? 3 : 4)}-06-15`;
    const expiryYear = expiry.slice(0, 4);
    step('Jamie uploads Biscuit’s rabies certificate with its new expiry', async () => {
      current = parent;
      await parent.goto(`${e2e.appUrl}${portal}/pets/${DEMO.pets.biscuit}`);
      await ready(parent, 'main a', javaScript);
      await parent.getByRole('link', { name: 'Upload a vaccination certificate' }).click();
      await parent.getByRole('heading', { level: 1, name: 'Upload a vaccination certificate' }).waitFor();
      await parent.getByLabel('The certificate').setInputFiles(join(PHOTOS, 'good-boy.png'));
      await parent.getByLabel('Vaccine 1', { exact: true }).fill('Rabies');
      await parent.getByLabel('Vaccine 1 expires on').fill(expiry);
      await assertNoHorizontalOverflow(parent, 'certificate upload');
      await assertAccessible(parent, `${label}-certificate-upload`);
      await ready(parent, 'form[enctype="multipart/form-data"]', javaScript);
      await parent.getByRole('button', { name: 'Upload' }).click();
      await parent.waitForURL((u) => u.pathname === `${portal}/pets/${DEMO.pets.biscuit}`);
      assert.match(await mainText(parent), /Waiting for Happy Tails Boarding & Daycare to check/);
    });

    step('the owner opens the certificate beside what Jamie typed and accepts it', async () => {
      current = staff;
      await nav('Vaccinations');
      await staff.getByRole('heading', { level: 1, name: 'Vaccination certificates' }).waitFor();
      await ready(staff, 'main a', javaScript);
      await staff.getByRole('link', { name: 'Biscuit' }).first().click();
      await staff.getByRole('heading', { level: 2, name: 'What the parent typed' }).waitFor();
      await waitUntil(
        staff,
        `(() => { const img = document.querySelector('img[alt="The certificate as uploaded"]'); return !!img && img.complete && img.naturalWidth > 0; })()`,
      );
      await snap(staff, 'certificate-review');
      await ready(staff, 'form.card', javaScript);
      await staff.getByRole('button', { name: 'Accept' }).click();
      await staff.waitForURL((u) => u.pathname.startsWith(`${manage}/vaccinations`));
      assert.doesNotMatch(await mainText(staff), /Something went wrong/);
    });

    step('Jamie sees the rabies vaccination verified with its new expiry', async () => {
      current = parent;
      await parent.goto(`${e2e.appUrl}${portal}/pets/${DEMO.pets.biscuit}`);
      const rabies = (
        await parent
          .locator('li', { hasText: /^\s*Rabies/ })
          .first()
          .innerText()
      ).replace(/\s+/g, ' ');
      assert.match(rabies, new RegExp(`${expiryYear}.*Verified`), `the rabies line: ${rabies}`);
      assert.match(await mainText(parent), /Uploaded [^·]+: [^·]*Rabies[^·]*· Verified/);
      await assertNoHorizontalOverflow(parent, 'pet page');
      await snap(parent, 'parent-verified');
    });

    step('closes both windows', async () => {
      await staffContext?.close();
      await parentContext?.close();
    });
  });
}
