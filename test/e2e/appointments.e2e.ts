/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker (wrangler dev), the
 * local libSQL server and the demo seed: the pet parent's way through sign-in and the
 * appointment pages (SPEC §3.1, §3.4, §4, §12) — once with JavaScript (htmx swaps, history
 * restores) and once without (plain links and form posts). Same steps both ways.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/*.e2e.ts
 * Screenshots land in test-results/e2e/ (git-ignored).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page, Request } from 'playwright-core';
import {
  DEMO,
  assertAccessible,
  assertNoHorizontalOverflow,
  hasMarker,
  mainText,
  ready,
  screenshot,
  setMarker,
  signIn,
  steps,
  useE2E,
  waitUntil,
} from './support';

const e2e = useE2E('appointments');

const jamie = DEMO.parents.jamie;
const HAPPY_TAILS = 'Happy Tails Boarding & Daycare';
const PADDINGTON = 'Paddington Grooming Studio';
const boardingHome = `/c/${DEMO.clients.jamieAtBoarding}/appointments`;
const groomingHome = `/c/${DEMO.clients.jamieAtGrooming}/appointments`;
/** Happy Tails' Upcoming list, soonest first (seed: -3, -2, +4, +7, +14, +30 days). */
const UPCOMING_STATUSES = ['Ready for pickup', 'Checked in', 'Confirmed', 'Unconfirmed', 'Requested', 'Waitlisted'];
/** History holds 22 finished visits, the canceled stay and the no-show: 24, 20 a page. */
const HISTORY_TOTAL = DEMO.finishedAtBoarding + 2;
const PAGE_SIZE = 20;

for (const javaScript of [true, false]) {
  const label = `appointments-${javaScript ? 'js' : 'nojs'}`;

  describe(`appointments, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    /** Whether the header on the business chooser had a business switcher with no name (checked by its own test below). */
    let chooserSwitcher: { present: boolean; summaryText: string } | undefined;
    /** The address bar after Back from the signed-out page (checked by its own test below). */
    let addressAfterBack: string | undefined;
    const step = steps(label, () => page);
    const url = (path = '') => `${e2e.appUrl}${path}`;
    const path = () => {
      const u = new URL(page.url());
      return u.pathname + u.search;
    };
    const items = () => page.locator('main ol.appts > li');
    const itemWithStatus = (status: string) => items().filter({ has: page.locator('.status').getByText(status, { exact: true }) });
    /** The business named in the header switcher (its "Business:" prefix is for screen readers). */
    const switcherName = async () => (await page.locator('header details.switcher > summary').innerText()).replace(/^Business:\s*/, '').trim();
    const statuses = () => page.locator('main ol.appts > li .status').allInnerTexts();
    /** dt → dd text of the detail page's field list. */
    const detailFields = async () =>
      (await page.evaluate(`Object.fromEntries([...document.querySelectorAll('.detail dl > dt')].map((dt) =>
        [dt.textContent.trim(), dt.nextElementSibling.innerText.replace(/\\s+/g, ' ').trim()]))`)) as Record<string, string>;

    /** With JS: the next request for `pathAndQuery`, so its headers and answer can be checked. */
    const nextRequest = (pathAndQuery: string) =>
      page.waitForRequest((r) => {
        const u = new URL(r.url());
        return r.method() === 'GET' && u.pathname + u.search === pathAndQuery;
      });

    /** With JS, `request` must be an htmx partial request answered with the panel fragment only. */
    const assertPartialSwap = async (request: Request) => {
      const headers = await request.allHeaders();
      assert.equal(headers['hx-request'], 'true', 'HX-Request header');
      assert.equal(headers['hx-request-type'], 'partial', 'HX-Request-Type header');
      const body = await (await request.response())!.text();
      assert.match(body, /^<section id="appointments"/, 'a partial request is answered with the panel fragment');
      assert.doesNotMatch(body, /<!doctype|<html/i, 'the fragment is not a whole page');
      assert.ok(await hasMarker(page), 'the page was not reloaded (window marker survived)');
    };

    /** With JS, Back must be an htmx history restore (a re-fetch of the full page, swapped in). */
    const goBack = async (expectedPath: string) => {
      const restore = javaScript ? nextRequest(expectedPath) : undefined;
      await page.goBack();
      await page.waitForURL((u) => u.pathname + u.search === expectedPath);
      if (restore) {
        const headers = await (await restore).allHeaders();
        assert.equal(headers['hx-history-restore-request'], 'true', 'Back is an htmx history restore');
        assert.equal(headers['hx-request-type'], 'full', 'a history restore asks for the full page');
      }
    };

    const assertUpcoming = async (where: string) => {
      assert.equal(path(), boardingHome, `${where}: on Upcoming`);
      await page.locator('#tab-upcoming[aria-current="page"]').waitFor();
      assert.deepEqual(await statuses(), UPCOMING_STATUSES, `${where}: Upcoming lists every open visit, soonest first`);
    };

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
      // The iDogCam feed is another site; answer it locally so the test stays offline.
      await context.route('https://idogcam.example/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>iDogCam</title><h1>iDogCam stub</h1>' }),
      );
    });
    after(async () => {
      await context?.close();
    });

    step('opening / leads to the sign-in page', async () => {
      await page.goto(url('/'));
      assert.equal(path(), '/sign-in');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('Mobile phone number').waitFor();
      if (javaScript)
        await ready(page, 'form[action="/sign-in"]', true); // htmx is running
      else assert.equal(await page.locator('[data-htmx-powered]').count(), 0, 'JavaScript is really off');
      await assertNoHorizontalOverflow(page, 'sign-in');
      await screenshot(page, `${label}-01-sign-in`);
      await assertAccessible(page, `${label}-01-sign-in`);
    });

    step('signing in with the texted code shows the home with both businesses', async (t) => {
      await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      assert.equal(path(), '/');
      await page.getByRole('heading', { level: 1, name: 'Your businesses' }).waitFor();
      const choices = page.locator('main h2 a');
      assert.deepEqual(
        (await choices.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()),
        [HAPPY_TAILS, PADDINGTON],
      );
      const switcher = page.locator('header details.switcher');
      chooserSwitcher = {
        present: (await switcher.count()) > 0,
        summaryText:
          (await switcher
            .locator('summary')
            .textContent()
            .catch(() => '')) ?? '',
      };
      await assertNoHorizontalOverflow(page, 'chooser');
      await screenshot(page, `${label}-02-choose-business`);
      await assertAccessible(page, `${label}-02-choose-business`);
    });

    step('picking Happy Tails shows Upcoming with plain-word statuses', async () => {
      await ready(page, 'main h2 a', javaScript);
      await page
        .locator('main')
        .getByRole('link', { name: new RegExp(`^${HAPPY_TAILS}`) })
        .click();
      await page.waitForURL((u) => u.pathname === boardingHome);
      await page.getByRole('heading', { level: 1, name: 'Appointments' }).waitFor();
      await assertUpcoming('after choosing');
      assert.equal(await items().count(), UPCOMING_STATUSES.length);
      const text = await mainText(page);
      for (const absent of ['Finished', 'Canceled', 'No-show']) {
        assert.ok(!text.includes(absent), `"${absent}" belongs in History, not Upcoming`);
      }
      const checkedIn = (await itemWithStatus('Checked in').innerText()).replace(/\s+/g, ' ');
      assert.match(checkedIn, /Overnight boarding · Biscuit/);
      const daycare = (await itemWithStatus('Confirmed').innerText()).replace(/\s+/g, ' ');
      assert.match(daycare, /7:30 AM P[SD]T/, 'a daycare visit shows its time with the Seattle zone label');
      assert.match(daycare, /Daycare – full day · Biscuit, Pepper/);
      assert.equal(await switcherName(), HAPPY_TAILS, 'the switcher names the business');
      await assertNoHorizontalOverflow(page, 'Upcoming');
      await screenshot(page, `${label}-03-upcoming`);
      await assertAccessible(page, `${label}-03-upcoming`);
    });

    step('an appointment detail shows business, zone-labelled time, pets, prepayment and contact', async () => {
      await ready(page, '#tab-history', javaScript);
      await setMarker(page);
      await itemWithStatus('Confirmed').getByRole('link').click();
      await page.waitForURL((u) => u.pathname === `${boardingHome}/${DEMO.appointments.confirmed}`);
      await page.getByRole('heading', { level: 1, name: /^Daycare · / }).waitFor();
      const fields = await detailFields();
      assert.equal(fields.Business, HAPPY_TAILS);
      assert.match(fields.When ?? '', /, 7:30 AM – 6:00 PM P[SD]T$/, 'time in the business zone, labelled');
      assert.match(fields.Pets ?? '', /^Biscuit · Golden Retriever Services: Daycare – full day /);
      assert.match(fields.Pets ?? '', /Pepper · Border Collie Services: Daycare – full day Add-ons: Extra playtime$/);
      assert.equal(fields['Prepaid online'], '$76.00');
      assert.equal(fields.Notes, 'Booked online for both dogs.');
      const text = await mainText(page);
      assert.match(text, /Confirmed/);
      // Happy Tails lets confirmed visits change until 48 hours before (seed), and this one is days away.
      assert.equal(await page.getByRole('link', { name: 'Change the time' }).count(), 1);
      assert.equal(await page.getByRole('link', { name: 'Cancel appointment' }).count(), 1);
      assert.equal(await page.getByRole('link', { name: '+1 206 555 0142' }).getAttribute('href'), 'tel:+12065550142');
      assert.equal(await page.getByRole('link', { name: 'View live camera' }).count(), 0, 'no camera for a visit not checked in');
      if (javaScript) {
        assert.ok(await hasMarker(page), 'opening the detail was a boosted swap');
        // Focus after the swap: on the new page's heading, as a full page load would start there.
        await waitUntil(page, 'document.activeElement?.tagName === "H1" && document.activeElement.textContent.startsWith("Daycare ·")');
      }
      await assertNoHorizontalOverflow(page, 'detail');
      await screenshot(page, `${label}-04-detail-daycare`);
      await assertAccessible(page, `${label}-04-detail-daycare`);
    });

    step('the browser Back button brings Upcoming back', async () => {
      await goBack(boardingHome);
      await assertUpcoming('after Back');
      if (javaScript) assert.ok(await hasMarker(page), 'Back was restored by htmx in the same page');
    });

    step('the checked-in boarding stay shows "View live camera", which opens the iDogCam feed', async () => {
      await ready(page, 'main ol.appts a', javaScript);
      await itemWithStatus('Checked in').getByRole('link').click();
      const detailPath = `${boardingHome}/${DEMO.appointments.checkedIn}`;
      await page.waitForURL((u) => u.pathname === detailPath);
      await page.getByRole('heading', { level: 1, name: /^Boarding · / }).waitFor();
      const fields = await detailFields();
      assert.equal(fields.Business, HAPPY_TAILS);
      assert.match(fields['Check-in'] ?? '', /, 8:00 AM P[SD]T$/);
      assert.match(fields['Check-out'] ?? '', /, 5:00 PM P[SD]T$/);
      assert.match(fields.Pet ?? '', /^Biscuit · Golden Retriever Services: Overnight boarding Add-ons: /);
      const camera = page.getByRole('link', { name: 'View live camera' });
      assert.equal(await camera.getAttribute('href'), `${detailPath}/camera`);
      await screenshot(page, `${label}-05-detail-checked-in`);
      await assertAccessible(page, `${label}-05-detail-checked-in`);
      if (javaScript) {
        // A boosted click would fetch the other site with XHR and fail; it must be a plain link.
        assert.equal(await camera.getAttribute('data-htmx-powered'), null, 'the camera link is not boosted');
      }
      await camera.click();
      await page.waitForURL((u) => u.hostname === 'idogcam.example');
      const feed = new URL(page.url());
      assert.equal(`${feed.origin}${feed.pathname}`, DEMO.idogcam.feedUrl);
      assert.equal(feed.searchParams.get('account'), DEMO.idogcam.accountId);
      assert.equal(feed.searchParams.get('room'), 'Suite 3', "the feed for Biscuit's room");
      await page.goBack();
      await page.waitForURL((u) => u.pathname === detailPath);
      await ready(page, 'main .detail a[href$="/appointments"]', javaScript);
      await page.getByRole('link', { name: '← All appointments' }).click();
      await page.waitForURL((u) => u.pathname === boardingHome);
      await assertUpcoming('after "All appointments"');
    });

    step('History: Finished items, an in-page swap with JS, and a second page', async () => {
      await ready(page, '#tab-history', javaScript);
      await setMarker(page);
      const historyPath = `${boardingHome}/history`;
      const request = javaScript ? nextRequest(historyPath) : undefined;
      await page.getByRole('link', { name: 'History', exact: true }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/history'));
      await page.locator('#tab-history[aria-current="page"]').waitFor();
      assert.equal(path(), historyPath);
      if (request) await assertPartialSwap(await request);
      else assert.equal(await hasMarker(page), false, 'without JS a link is a full page load');
      const firstPage = await statuses();
      assert.equal(firstPage.length, PAGE_SIZE);
      assert.ok(firstPage.includes('Finished'), 'History has Finished visits');
      assert.ok(firstPage.includes('Canceled') && firstPage.includes('No-show'));
      assert.match(await mainText(page), /Page 1 of 2/);
      await assertNoHorizontalOverflow(page, 'History');
      await screenshot(page, `${label}-06-history`);
      await assertAccessible(page, `${label}-06-history`);

      assert.ok(HISTORY_TOTAL > PAGE_SIZE, 'the seed has a second page of History');
      await ready(page, '#page-next', javaScript);
      const page2 = `${historyPath}?page=2`;
      const request2 = javaScript ? nextRequest(page2) : undefined;
      await page.getByRole('link', { name: 'Older →' }).click();
      await page.waitForURL((u) => u.pathname + u.search === page2);
      await page.getByText('Page 2 of 2').waitFor();
      if (request2) {
        await assertPartialSwap(await request2);
        // Focus moves into the swapped-in list (the clicked link is gone), not back to the top of the document.
        await waitUntil(page, '!!document.activeElement?.closest("#appointments")');
      }
      assert.deepEqual(await statuses(), Array(HISTORY_TOTAL - PAGE_SIZE).fill('Finished'));
      assert.equal(await page.getByRole('link', { name: 'Older →' }).count(), 0, 'no page after the last');
      await screenshot(page, `${label}-07-history-page-2`);
      await assertAccessible(page, `${label}-07-history-page-2`);
    });

    step('Back goes to History page 1, then to Upcoming; nothing wider than 360 px', async () => {
      await goBack(`${boardingHome}/history`);
      await page.getByText('Page 1 of 2').waitFor();
      await page.locator('#tab-history[aria-current="page"]').waitFor();
      await goBack(boardingHome);
      await assertUpcoming('after Back twice');
      await assertNoHorizontalOverflow(page, 'Upcoming after Back');
    });

    step('the business switcher lists both businesses and switches to Paddington, in London time', async () => {
      const switcher = page.locator('header details.switcher');
      await switcher.locator('summary').click();
      const links = switcher.getByRole('link');
      assert.deepEqual(await links.allInnerTexts(), [HAPPY_TAILS, PADDINGTON]);
      assert.equal(await links.first().getAttribute('aria-current'), 'true');
      await screenshot(page, `${label}-08-switcher-open`);
      await assertAccessible(page, `${label}-08-switcher-open`);
      await ready(page, 'header details.switcher a', javaScript);
      await switcher.getByRole('link', { name: PADDINGTON }).click();
      await page.waitForURL((u) => u.pathname === groomingHome);
      await page.locator('#tab-upcoming[aria-current="page"]').waitFor();
      assert.equal(await switcherName(), PADDINGTON);
      assert.deepEqual(await statuses(), ['Confirmed', 'Requested', 'Unconfirmed']);
      const whens = await page.locator('main ol.appts .when').allInnerTexts();
      // Grooms are booked at 09:00 and 14:30 London time; the label is GMT or BST, never Seattle's.
      assert.deepEqual(
        whens.map((w) => /· (\d{2}:\d{2}) (GMT|BST)$/.exec(w.trim())?.[1]),
        ['09:00', '09:00', '14:30'],
        `London times with a GMT/BST label: ${JSON.stringify(whens)}`,
      );
      assert.doesNotMatch(await mainText(page), /P[SD]T/);
      await assertNoHorizontalOverflow(page, 'Paddington Upcoming');
      await screenshot(page, `${label}-09-paddington-upcoming`);
      await assertAccessible(page, `${label}-09-paddington-upcoming`);

      await ready(page, 'main ol.appts a', javaScript);
      await itemWithStatus('Confirmed').getByRole('link').click();
      await page.waitForURL((u) => u.pathname === `${groomingHome}/${DEMO.appointments.groomConfirmed}`);
      const fields = await detailFields();
      assert.equal(fields.Business, PADDINGTON);
      assert.match(fields.When ?? '', /, 09:00 – 11:00 (GMT|BST)$/);
      assert.equal(fields.Pet, 'Biscuit · Golden Retriever Services: Full groom (with Priya Shah) Add-ons: Blueberry facial (with Priya Shah)');
      await screenshot(page, `${label}-10-paddington-detail`);
      await assertAccessible(page, `${label}-10-paddington-detail`);
      await goBack(groomingHome);
      await page.locator('#tab-upcoming[aria-current="page"]').waitFor();
      assert.deepEqual(await statuses(), ['Confirmed', 'Requested', 'Unconfirmed']);
    });

    step('signing out shows "You are signed out." and the appointments need sign-in again', async () => {
      await ready(page, 'form[action="/sign-out"]', javaScript);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You are signed out.').waitFor();
      assert.equal(path(), '/sign-in?signed_out');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await screenshot(page, `${label}-11-signed-out`);
      await assertAccessible(page, `${label}-11-signed-out`);

      // Back after signing out must not bring the appointments back (shared phones). The page
      // Back lands on is asked for again (no-store / htmx history restore) and sends to sign-in.
      const restore = javaScript ? nextRequest(groomingHome) : undefined;
      await page.goBack();
      if (restore) {
        const request = await restore;
        assert.equal((await request.allHeaders())['hx-history-restore-request'], 'true');
        const response = await request.response();
        // htmx is told to navigate (not to swap the sign-in page under the old address).
        assert.equal(response?.status(), 204, 'the restore is answered with a redirect for htmx');
        assert.equal((await response?.allHeaders())?.['hx-redirect'], '/sign-in');
      }
      await page.getByText('You are signed out.').waitFor({ state: 'detached' });
      await page.getByLabel('Mobile phone number').waitFor();
      assert.equal(await page.locator('main ol.appts').count(), 0, 'no appointments after Back');
      assert.equal(await page.locator('header form[action="/sign-out"]').count(), 0, 'no signed-in header after Back');
      addressAfterBack = path();

      for (const target of [boardingHome, `${boardingHome}/history`, `${boardingHome}/${DEMO.appointments.checkedIn}`]) {
        await page.goto(url(target));
        assert.equal(path(), '/sign-in', `${target} after sign-out`);
        await page.getByLabel('Mobile phone number').waitFor();
      }
    });

    it('the business chooser has no nameless business switcher in its header', (t) => {
      if (!chooserSwitcher) return t.skip('the sign-in step did not reach the chooser');
      assert.ok(
        !chooserSwitcher.present || chooserSwitcher.summaryText.replace('Business:', '').trim() !== '',
        `switcher summary on the chooser is ${JSON.stringify(chooserSwitcher.summaryText)}`,
      );
    });

    it('Back after signing out shows the sign-in page at the /sign-in address', (t) => {
      if (!addressAfterBack) return t.skip('the sign-out step did not get that far');
      assert.equal(addressAfterBack, '/sign-in');
    });
  });
}
