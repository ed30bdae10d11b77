/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker, libSQL and the demo
 * seed: the parent's pages in Spanish (issue 15 item 4). With JavaScript, a Spanish browser
 * (es-MX) gets the sign-in page in Spanish, the sign-in text in Spanish, and every page Jamie
 * opens in Spanish — each passing axe, fitting 360 px, and showing no English sentence of our
 * catalogs; offline, the saved copy's banner and the page never saved are Spanish; the switcher
 * goes to English and back on the same page. Without JavaScript, an
 * English browser switches to Español at the foot of the page (a plain POST), the choice is
 * kept on the account, and the pages follow it.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/spanish.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { CATALOGS } from '../../src/i18n/catalogs';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, latestCode, readOutbox, screenshot, steps, useE2E, waitUntil } from './support';

const e2e = useE2E('spanish');
const jamie = DEMO.parents.jamie;
const boarding = DEMO.clients.jamieAtBoarding;

/** The pages Jamie reads most, at Happy Tails. */
const PAGES: [string, string][] = [
  ['home', '/'],
  ['appointments', `/c/${boarding}/appointments`],
  ['appointment', `/c/${boarding}/appointments/${DEMO.appointments.confirmed}`],
  ['book', `/c/${boarding}/book`],
  ['pets', `/c/${boarding}/pets`],
  ['pet', `/c/${boarding}/pets/${DEMO.pets.biscuit}`],
  ['report-cards', `/c/${boarding}/report-cards`],
  ['agreements', `/c/${boarding}/agreements`],
  ['credit', `/c/${boarding}/credit`],
  ['account', '/account'],
];

/** More of her pages, read for Spanish and the 360-px fit (axe runs on the ten above). */
const MORE_PAGES: [string, string][] = [
  ['history', `/c/${boarding}/appointments/history`],
  ['a request', `/c/${boarding}/appointments/${DEMO.appointments.requested}`],
  ['a waitlisted stay', `/c/${boarding}/appointments/${DEMO.appointments.waitlisted}`],
  ['a canceled visit', `/c/${boarding}/appointments/${DEMO.appointments.canceled}`],
  ['cancel a request', `/c/${boarding}/appointments/${DEMO.appointments.requested}/cancel`],
  ['reschedule', `/c/${boarding}/appointments/${DEMO.appointments.requested}/reschedule`],
  ['add a pet', `/c/${boarding}/pets/new`],
  ['a certificate upload', `/c/${boarding}/pets/${DEMO.pets.biscuit}/vaccinations/new`],
  ['a pet’s report cards', `/c/${boarding}/report-cards/pets/${DEMO.pets.biscuit}`],
  ['packages', `/c/${boarding}/packages`],
  ['memberships', `/c/${boarding}/memberships`],
  ['classes', `/c/${boarding}/classes`],
  ['passkeys', '/account/passkeys'],
  ['the printable data', '/account/export.html'],
  ['the London groomer (es-GB)', `/c/${DEMO.clients.jamieAtGrooming}/appointments`],
];

/**
 * English sentences of our catalogs that Spanish pages must never show: messages with no
 * placeholder, long enough not to be a name the business chose, and different in Spanish.
 */
const ENGLISH_SENTENCES = Object.entries(CATALOGS.en)
  .filter(([key, en]) => !en.includes('{') && en.length >= 16 && en !== (CATALOGS.es as Record<string, string>)[key])
  .map(([, en]) => en);

async function assertSpanish(page: Page, where: string): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), 'es', `${where}: <html lang>`);
  const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
  const leaks = ENGLISH_SENTENCES.filter((en) => text.includes(en));
  assert.deepEqual(leaks, [], `${where}: English sentences on a Spanish page`);
}

let jamieCookies: Cookie[] = [];

describe('Jamie in Spanish, with JavaScript (an es-MX phone)', () => {
  let context: BrowserContext | undefined;
  let page: Page;
  const step = steps('spanish-js', () => page);

  before(async () => {
    ({ context, page } = await e2e.newPage({ javaScript: true, locale: 'es-MX' }));
  });
  after(async () => {
    await context?.close();
  });

  step('the sign-in page is Spanish, passes axe and fits 360 px; the code comes by a Spanish text', async () => {
    for (const path of ['/sign-in/email', '/password/forgot']) {
      await page.goto(`${e2e.appUrl}${path}`);
      await assertSpanish(page, path);
      await assertNoHorizontalOverflow(page, `${path} in Spanish`);
    }
    await page.goto(`${e2e.appUrl}/sign-in`);
    await assertSpanish(page, 'sign-in');
    await assertAccessible(page, 'sign-in in Spanish');
    await assertNoHorizontalOverflow(page, 'sign-in in Spanish');
    await screenshot(page, 'spanish-js-01-sign-in');
    const before = (await readOutbox(e2e.appUrl)).find((m) => m.to === jamie.phoneE164);
    await page.locator('form[action="/sign-in"] input[name="phone"]').fill(jamie.phoneDisplay);
    await page.locator('form[action="/sign-in"] button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/sign-in/code');
    await assertSpanish(page, 'code page');
    const { code, message } = await latestCode(e2e.appUrl, jamie.phoneE164, { newerThan: before });
    assert.match(message.body, /\b(ingresar|código|Vence)\b/, `the sign-in text is Spanish: ${JSON.stringify(message.body)}`);
    await page.locator('form[action="/sign-in/code"] input[name="code"]').fill(code);
    await page.locator('form[action="/sign-in/code"] button[type="submit"]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    jamieCookies = (await context!.cookies()).filter((c) => c.name.includes('session'));
  });

  for (const [name, path] of PAGES) {
    step(`${name} is Spanish, passes axe and fits 360 px`, async () => {
      await page.goto(`${e2e.appUrl}${path}`);
      await assertSpanish(page, name);
      await assertAccessible(page, `${name} in Spanish`);
      await assertNoHorizontalOverflow(page, `${name} in Spanish`);
      await screenshot(page, `spanish-js-${name}`);
    });
  }

  step('fifteen more pages are Spanish and fit 360 px', async () => {
    for (const [name, path] of MORE_PAGES) {
      const res = await page.goto(`${e2e.appUrl}${path}`);
      assert.equal(res?.status(), 200, `${name}: ${path}`);
      await assertSpanish(page, name);
      await assertNoHorizontalOverflow(page, `${name} in Spanish`);
    }
  });

  step('offline, a saved page opens with the banner in Spanish, and a page never opened says so in Spanish', async () => {
    const appointments = `${e2e.appUrl}/c/${boarding}/appointments`;
    await page.goto(appointments);
    await waitUntil(page, 'navigator.serviceWorker.controller !== null', 15_000);
    await waitUntil(page, `caches.match(${JSON.stringify(appointments)}).then(Boolean)`);
    await context!.setOffline(true);
    try {
      await page.goto(appointments);
      const banner = page.locator('[data-offline-copy]');
      await banner.waitFor();
      assert.match(
        (await banner.innerText()).trim(),
        /^Guardada .+ — no tiene conexión; esta es una copia de solo lectura\. Los botones que envían algo necesitan conexión\.$/,
      );
      await page.goto(`${e2e.appUrl}/c/${boarding}/pets/${DEMO.pets.mochi}`);
      await page.locator('main[data-offline-page]').waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), 'es');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'No tiene conexión');
      await page.getByRole('link', { name: 'Ir a su página de inicio' }).waitFor();
    } finally {
      await context!.setOffline(false);
    }
  });

  step('dates are Spanish in the business’s zone, money in its currency', async () => {
    await page.goto(`${e2e.appUrl}/c/${boarding}/appointments/${DEMO.appointments.confirmed}`);
    const text = await page.locator('main').innerText();
    assert.match(text, /\b(lun|mar|mié|jue|vie|sáb|dom)\b/i, 'a Spanish weekday');
    assert.match(text, /\b(ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\b/i, 'a Spanish month');
  });

  step('the switcher goes to English on the same page, and back', async () => {
    await page.goto(`${e2e.appUrl}/c/${boarding}/pets`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction("document.documentElement.lang === 'en'");
    assert.equal(new URL(page.url()).pathname, `/c/${boarding}/pets`);
    await page.getByRole('button', { name: 'Español' }).click();
    await page.waitForFunction("document.documentElement.lang === 'es'");
    assert.equal(new URL(page.url()).pathname, `/c/${boarding}/pets`);
    await assertSpanish(page, 'pets after switching back');
  });
});

describe('Jamie switches to Spanish without JavaScript (an en-US browser)', () => {
  let context: BrowserContext | undefined;
  let page: Page;
  const step = steps('spanish-nojs', () => page);

  before(async () => {
    ({ context, page } = await e2e.newPage({ javaScript: false, locale: 'en-US' }));
  });
  after(async () => {
    await context?.close();
  });

  step('an English page offers Español at its foot; the plain form switches and stays on the page', async () => {
    assert.ok(jamieCookies.length > 0, 'the first window signed in');
    await context!.addCookies(jamieCookies);
    await page.goto(`${e2e.appUrl}/c/${boarding}/appointments`);
    // The first window switched back to Spanish on the account: it follows the parent here.
    if ((await page.getAttribute('html', 'lang')) === 'es') {
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForURL(`${e2e.appUrl}/c/${boarding}/appointments`);
    }
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('button', { name: 'Español' }).click();
    await page.waitForURL(`${e2e.appUrl}/c/${boarding}/appointments`);
    await assertSpanish(page, 'appointments after the switch');
    await screenshot(page, 'spanish-nojs-01-switched');
  });

  // The markup is the same with or without JS (every page was checked above): three of them again.
  for (const [name, path] of PAGES.filter(([n]) => ['book', 'pet', 'account'].includes(n))) {
    step(`${name} is Spanish without JS, passes axe and fits 360 px`, async () => {
      await page.goto(`${e2e.appUrl}${path}`);
      await assertSpanish(page, name);
      await assertAccessible(page, `${name} in Spanish, no JS`);
      await assertNoHorizontalOverflow(page, `${name} in Spanish, no JS`);
    });
  }

  step('the account page’s language select saves English again', async () => {
    await page.goto(`${e2e.appUrl}/account`);
    await page.locator('select[name="language"]').selectOption('en');
    await page.locator('form[action="/language"] select[name="language"] >> xpath=ancestor::form//button[@type="submit"]').click();
    await page.waitForURL(`${e2e.appUrl}/account`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
  });
});
