/**
 * The console's daily loop with a parent in another window (issue 10, "Tests"): two browser
 * contexts at 1280 × 800 against the real Worker, libSQL and the demo seed — the Happy Tails
 * owner in the console (scripts/demo-staff.ts) and Jamie in the portal — once with JavaScript
 * and once without:
 *
 *   the owner signs in and waits on Requests → Jamie books a boarding stay for Biscuit through
 *   the real booking pages → the header's unread count goes up by one (with JS by itself, the
 *   page never reloaded: htmx polls the badge every 30 s; without JS a reload shows it) and the
 *   request is in the inbox → the owner confirms it → Jamie's request page says Confirmed and
 *   the text is in the outbox → Jamie books a second stay → the owner declines it with a reason
 *   → Jamie sees "Declined by Happy Tails …" and the reason → the owner checks the first stay's
 *   guest in on the Schedule → Jamie's page for that stay offers "View live camera". Then the
 *   inbox and the schedule at a tablet's 768 × 1024: no horizontal overflow, axe clean.
 *
 * The stays sit 8+ weeks out (the demo's full and one-place-left nights are at 30 and 45 days),
 * on open days (no Sunday, no closed date), and each run has its own dates: the two runs share
 * this file's database (useE2E starts one stack per file).
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/console-loop.e2e.ts
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@libsql/client';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { DEMO_STAFF } from '../../scripts/demo-staff';
import { demoBookingDates } from '../../scripts/seed';
import { addDays, localDateString } from '../../src/domain/time';
import {
  DEMO,
  assertAccessible,
  assertNoHorizontalOverflow,
  hasMarker,
  mainText,
  readOutbox,
  ready,
  screenshot,
  setMarker,
  signIn,
  signInStaff,
  sleep,
  steps,
  useE2E,
} from './support';

const e2e = useE2E('console-loop');

const owner = DEMO_STAFF[0];
const jamie = DEMO.parents.jamie;
const HAPPY_TAILS = 'Happy Tails Boarding & Daycare';
const LA = 'America/Los_Angeles';
const DESKTOP = { width: 1280, height: 800 } as const;
const TABLET = { width: 768, height: 1024 } as const;
const manage = `/manage/${DEMO.businesses.boarding}`;
const portal = `/c/${DEMO.clients.jamieAtBoarding}/appointments`;
/** The badge is polled every 30 s; a little more for the booking to land between two polls. */
const POLL_WAIT_MS = 40_000;

/** Open days for a boarding stay: Happy Tails closes early on Sundays (no 16:00 window) and on its closed dates. */
const closed = new Set(demoBookingDates(Date.now()).happyTails.closedDates);
const isOpen = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay() !== 0 && !closed.has(date);

/** A stay of `nights` from the first open check-in day at or after `offset` days from today (LA), checking out on an open day. */
function stayFrom(offset: number, nights: number): { checkIn: string; checkOut: string } {
  const today = localDateString(Date.now(), LA);
  let checkIn = addDays(today, offset);
  while (!isOpen(checkIn)) checkIn = addDays(checkIn, 1);
  let checkOut = addDays(checkIn, nights);
  while (!isOpen(checkOut)) checkOut = addDays(checkOut, 1);
  return { checkIn, checkOut };
}

for (const javaScript of [true, false]) {
  const label = `console-loop-${javaScript ? 'js' : 'nojs'}`;
  // Each run its own nights (and a gap between them), well inside the 90-day horizon.
  const confirmedStay = stayFrom(javaScript ? 56 : 70, 2);
  const declinedStay = stayFrom(javaScript ? 63 : 77, 1);
  const declineReason = `Suites are being repainted that week (${javaScript ? 'js' : 'no-js'} run), sorry`;

  describe(`console daily loop with a parent in another window, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let staffContext: BrowserContext | undefined;
    let parentContext: BrowserContext | undefined;
    let staff: Page;
    let parent: Page;
    /** The page the current step works in: the one photographed if the step fails. */
    let current: Page | undefined;
    const step = steps(label, () => current);
    let shot = 0;
    const snap = (page: Page, name: string) => screenshot(page, `${label}-${String(++shot).padStart(2, '0')}-${name}`);

    /** Unread notifications the header showed before Jamie booked. */
    let unreadBefore = 0;
    let confirmedId = '';
    let declinedId = '';
    /** With JS: the badge's own requests (htmx polling it). */
    const badgePolls: Request[] = [];

    const unread = async () => {
      const text = (await staff.locator('#unread').innerText()).trim();
      const match = /^(\d+) unread$/.exec(text);
      assert.ok(match || text === 'none unread', `the unread badge reads ${JSON.stringify(text)}`);
      return match ? Number(match[1]) : 0;
    };
    const badgeText = (n: number) => (n > 0 ? `${n} unread` : 'none unread');

    /** The owner opens Requests from the console nav (with JS a boosted swap, without a page load). */
    const openInbox = async () => {
      await ready(staff, 'nav.sections a', javaScript);
      await staff.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Requests' }).click();
      await staff.waitForURL((u) => u.pathname === `${manage}/inbox` && !u.searchParams.has('done'));
      await staff.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    };

    /** Jamie books a boarding stay for Biscuit through the booking pages; returns the new request's id. */
    const book = async (stay: { checkIn: string; checkOut: string }, notes: string): Promise<string> => {
      const next = async (button: string, stepName: string) => {
        await ready(parent, '#booking form', javaScript);
        await parent.getByRole('button', { name: button, exact: true }).click();
        await parent.locator('#booking > p.muted', { hasText: `: ${stepName}` }).waitFor();
      };
      await ready(parent, 'nav.sections a', javaScript);
      await parent.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Book', exact: true }).click();
      await parent.getByRole('heading', { level: 1, name: 'Book a visit' }).waitFor();
      await parent.locator('#booking > p.muted', { hasText: 'Pets and visit' }).waitFor();
      await parent.getByRole('group', { name: 'What would you like to book?' }).getByRole('radio', { name: 'Boarding' }).check();
      await parent
        .getByRole('group', { name: 'Which pets?' })
        .getByRole('checkbox', { name: /^Biscuit/ })
        .check();
      await next('Next', 'Services');
      await parent
        .getByRole('group', { name: 'Service for Biscuit' })
        .getByRole('radio', { name: /^Overnight boarding/ })
        .check();
      await next('Next', 'Time');
      await parent.getByLabel('Check-in date').fill(stay.checkIn);
      await parent.getByLabel('Check-out date').fill(stay.checkOut);
      await next('Next', 'Notes');
      await parent.getByLabel('Notes for the business (optional)').fill(notes);
      await next('Review', 'Review');
      const review = (await parent.locator('dl.review').innerText()).replace(/\s+/g, ' ');
      assert.match(review, /Boarding for Biscuit/, `the review: ${review}`);
      await ready(parent, '#booking form', javaScript);
      await parent.getByRole('button', { name: 'Send request' }).click();
      await parent.waitForURL((u) => u.pathname.startsWith(`${portal}/`) && u.searchParams.get('booked') === 'requested');
      await parent.getByRole('status').filter({ hasText: 'Request sent.' }).waitFor();
      assert.equal((await parent.locator('.detail .status').innerText()).trim(), 'Requested');
      const id = new URL(parent.url()).pathname.split('/').at(-1)!;
      assert.match(id, /^apt_/);
      return id;
    };

    /** Jamie opens one of her appointments (a fresh load of its page, as after following the text's link). */
    const parentOpens = async (id: string) => {
      await parent.goto(`${e2e.appUrl}${portal}/${id}`);
      await parent.locator('.detail .status').waitFor();
    };

    /** The inbox card of one request. */
    const request = (id: string) => staff.locator(`#request-${id}`);

    step('the owner signs in (password + TOTP) and waits on Requests; Jamie signs in and opens Happy Tails', async (t) => {
      ({ context: staffContext, page: staff } = await e2e.newPage({ javaScript }));
      ({ context: parentContext, page: parent } = await e2e.newPage({ javaScript }));
      await staff.setViewportSize(DESKTOP);
      await parent.setViewportSize(DESKTOP);
      current = staff;
      await signInStaff(staff, e2e.appUrl, owner, { javaScript });
      await staff.waitForURL((u) => u.pathname === `${manage}/inbox`);
      await staff.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
      if (!javaScript) assert.equal(await staff.locator('[data-htmx-powered]').count(), 0, 'JavaScript is really off');
      unreadBefore = await unread();
      t.diagnostic(`unread before the booking: ${unreadBefore}`);
      if (javaScript) {
        await setMarker(staff);
        staff.on('request', (r) => {
          if (new URL(r.url()).pathname === `${manage}/notifications/unread`) badgePolls.push(r);
        });
      }
      await snap(staff, 'inbox-waiting');

      current = parent;
      await parent.goto(`${e2e.appUrl}/`);
      await signIn(parent, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      await parent.getByRole('heading', { level: 1, name: 'Your businesses' }).waitFor();
      await ready(parent, 'main h2 a', javaScript);
      await parent
        .locator('main')
        .getByRole('link', { name: new RegExp(`^${HAPPY_TAILS}`) })
        .click();
      await parent.waitForURL((u) => u.pathname === portal);
    });

    step(`Jamie books a boarding stay (${confirmedStay.checkIn} to ${confirmedStay.checkOut}) through the booking pages`, async () => {
      current = parent;
      confirmedId = await book(confirmedStay, 'Biscuit loves the big yard.');
      await snap(parent, 'parent-requested');
    });

    step(
      javaScript
        ? 'the header count goes up by itself (htmx poll, no reload), and Requests lists the new stay'
        : 'without JS a reload shows the new stay in Requests and the count one higher',
      async () => {
        current = staff;
        if (javaScript) {
          await staff.locator('#unread', { hasText: badgeText(unreadBefore + 1) }).waitFor({ timeout: POLL_WAIT_MS });
          const poll = badgePolls.at(-1);
          assert.ok(poll, 'the badge was polled');
          assert.equal((await poll.allHeaders())['hx-request-type'], 'partial', 'the badge is fetched alone, as an htmx partial');
          assert.ok(await hasMarker(staff), 'the page was not reloaded (window marker survived)');
          assert.equal(new URL(staff.url()).pathname, `${manage}/inbox`, 'still on Requests');
          await snap(staff, 'badge-polled');
          await openInbox();
        } else {
          await staff.reload();
          await staff.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
          assert.equal(await unread(), unreadBefore + 1, 'the reload shows one more unread notification');
        }
        const item = request(confirmedId);
        await item.waitFor();
        const text = (await item.innerText()).replace(/\s+/g, ' ');
        assert.match(text, /Boarding · Jamie Rivera/);
        assert.match(text, /Biscuit: Overnight boarding/);
        assert.match(text, /Biscuit loves the big yard\./);
        assert.match(text, /Boarding night .*: \d+ of 12 places taken/);
        await snap(staff, 'inbox-new-request');
      },
      POLL_WAIT_MS + 20_000,
    );

    step('the owner confirms it; Jamie sees Confirmed and the text is in the outbox', async () => {
      current = staff;
      await ready(staff, `#request-${confirmedId} form`, javaScript);
      await request(confirmedId).getByRole('button', { name: 'Confirm', exact: true }).click();
      await staff.waitForURL((u) => u.pathname === `${manage}/inbox` && u.searchParams.get('done') === 'confirm');
      assert.match(await mainText(staff), /Confirmed\. The client has been told by text\./);
      assert.equal(await request(confirmedId).count(), 0, 'the confirmed request has left the inbox');

      current = parent;
      await parentOpens(confirmedId);
      assert.equal((await parent.locator('.detail .status').innerText()).trim(), 'Confirmed');
      await snap(parent, 'parent-confirmed');
      // The text is sent after the response (waitUntil): give it a moment.
      let text: string | undefined;
      for (let tries = 0; !text && tries < 25; tries++) {
        if (tries) await sleep(200);
        text = (await readOutbox(e2e.appUrl)).find((m) => m.to === jamie.phoneE164 && m.body.includes(`/appointments/${confirmedId}`))?.body;
      }
      assert.ok(text, 'a text to Jamie linking the confirmed stay is in the outbox');
      assert.match(text, new RegExp(`^${HAPPY_TAILS} confirmed your boarding request for `));
    });

    step('the owner declines a second stay with a reason; Jamie sees "Declined by Happy Tails" and the reason', async () => {
      current = parent;
      declinedId = await book(declinedStay, 'A short one this time.');
      current = staff;
      await openInbox();
      const item = request(declinedId);
      await item.waitFor();
      await ready(staff, `#request-${declinedId} form`, javaScript);
      await item.getByLabel(/^Reason for declining/).fill(declineReason);
      await item.getByRole('button', { name: 'Decline', exact: true }).click();
      await staff.waitForURL((u) => u.pathname === `${manage}/inbox` && u.searchParams.get('done') === 'decline');
      assert.match(await mainText(staff), /Declined\. The client has been told by text\./);
      assert.equal(await request(declinedId).count(), 0, 'the declined request has left the inbox');

      current = parent;
      await parentOpens(declinedId);
      const status = (await parent.locator('.detail .status').innerText()).trim();
      assert.equal(status, `Declined by ${HAPPY_TAILS}`, 'a declined request never reads as Canceled');
      const text = await mainText(parent);
      assert.ok(text.includes(`Reason ${declineReason}`), `the reason is on Jamie's page: ${text}`);
      await snap(parent, 'parent-declined');
    });

    step('the owner checks the first stay in on the Schedule; Jamie then sees "View live camera" on it', async () => {
      current = staff;
      await ready(staff, 'nav.sections a', javaScript);
      await staff.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Schedule' }).click();
      await staff.waitForURL((u) => u.pathname === `${manage}/schedule`);
      // A pet is checked in only from its stay's first day: the stay's day comes (its start moves to a minute ago).
      const db = createClient({ url: e2e.dbUrl });
      try {
        await db.execute({ sql: 'UPDATE appointments SET starts_at = ? WHERE id = ?', args: [Date.now() - 60_000, confirmedId] });
      } finally {
        db.close();
      }
      await ready(staff, 'form[action$="/schedule"]', javaScript);
      await staff.getByRole('navigation', { name: 'Other days' }).getByRole('link', { name: 'Today', exact: true }).click();
      await staff.waitForURL((u) => u.pathname === `${manage}/schedule` && u.searchParams.has('day'));
      const visit = staff.locator(`#visit-${confirmedId}`);
      await visit.waitFor();
      const card = (await visit.innerText()).replace(/\s+/g, ' ');
      assert.match(card, /Jamie Rivera · Biscuit/);
      assert.match(card, /Confirmed/);
      assert.match(card, /Checks in today/);
      await snap(staff, 'schedule-day');
      await ready(staff, `#visit-${confirmedId} form`, javaScript);
      await visit.getByRole('button', { name: 'Check in', exact: true }).click();
      await staff.waitForURL((u) => u.pathname === `${manage}/schedule` && u.searchParams.get('done') === 'checked_in');
      assert.match(await mainText(staff), /Checked in\. The client can now see their pet on the live camera/);
      assert.equal((await staff.locator(`#visit-${confirmedId} .status`).innerText()).trim(), 'Checked in');
      await snap(staff, 'schedule-checked-in');

      current = parent;
      await parentOpens(confirmedId);
      assert.equal((await parent.locator('.detail .status').innerText()).trim(), 'Checked in');
      const camera = parent.getByRole('link', { name: 'View live camera' });
      assert.equal(await camera.count(), 1, 'the checked-in stay offers the live camera');
      assert.equal(await camera.getAttribute('href'), `${portal}/${confirmedId}/camera`);
      await snap(parent, 'parent-live-camera');
    });

    step('on a tablet (768 × 1024) the inbox and the schedule fit the width and are axe clean', async () => {
      current = staff;
      await staff.setViewportSize(TABLET);
      await openInbox();
      await assertNoHorizontalOverflow(staff, 'inbox at 768 px');
      await assertAccessible(staff, `${label} inbox at 768 px`);
      await snap(staff, 'tablet-inbox');
      await staff.goto(`${e2e.appUrl}${manage}/schedule?day=${confirmedStay.checkIn}`);
      await staff.locator(`#visit-${confirmedId}`).waitFor();
      await assertNoHorizontalOverflow(staff, 'schedule at 768 px');
      await assertAccessible(staff, `${label} schedule at 768 px`);
      await snap(staff, 'tablet-schedule');
      await staffContext?.close();
      await parentContext?.close();
    });
  });
}
