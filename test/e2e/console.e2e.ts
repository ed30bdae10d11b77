/**
 * End to end, in a real Chromium, against the real Worker, libSQL and the demo seed (with its
 * console accounts, scripts/demo-staff.ts): the Happy Tails owner signs in to the business
 * console with password and TOTP (the code computed from the README's secret, as an
 * authenticator app would), sees the parents' pending requests in the inbox, decides one
 * (with JS: confirms Jamie's requested stay; without: declines the waitlisted one with a
 * reason), reads the notifications and marks them read, and finds the decision in the audit
 * log — at 1280 × 800 and at 360 px, with and without JavaScript, axe clean. The parent's
 * side of the decision is read from the database (status, and the text in the outbox).
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/console.e2e.ts
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@libsql/client';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_STAFF } from '../../scripts/demo-staff';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, mainText, readOutbox, ready, screenshot, signInStaff, steps, useE2E } from './support';

const e2e = useE2E('console');
const owner = DEMO_STAFF[0];
const inbox = `/manage/${DEMO.businesses.boarding}/inbox`;

for (const javaScript of [true, false]) {
  const label = `console-${javaScript ? 'js' : 'nojs'}`;
  const decided = javaScript ? DEMO.appointments.requested : DEMO.appointments.waitlisted;

  describe(`business console, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);
    let shot = 0;
    const snap = (name: string) => screenshot(page, `${label}-${String(++shot).padStart(2, '0')}-${name}`);

    step('the owner signs in with password and a TOTP code and lands on the inbox', async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
      await page.setViewportSize({ width: 1280, height: 800 });
      await signInStaff(page, e2e.appUrl, owner, {
        javaScript,
        onPage: (which) => assertAccessible(page, `${label} ${which}`),
      });
      await page.waitForURL((u) => u.pathname === inbox);
      await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
      const cookies = await context!.cookies();
      const staffCookie = cookies.find((c) => c.name === '__Host-pawtal_staff');
      assert.ok(staffCookie?.httpOnly && staffCookie.secure === true, 'the console cookie is __Host-, HttpOnly and Secure');
      await snap('inbox');
    });

    step('the inbox shows the pending requests with client, pets and times; axe clean; fits 360 px', async () => {
      const item = page.locator(`#request-${decided}`);
      await item.waitFor();
      const text = (await item.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /Boarding · Jamie Rivera/);
      assert.match(text, /When .*(AM|PM)/);
      assert.match(text, /Pets /);
      await assertAccessible(page, `${label} inbox`);
      await page.setViewportSize({ width: 360, height: 740 });
      await assertNoHorizontalOverflow(page, 'console inbox at 360 px');
      await snap('inbox-360');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    step(javaScript ? 'confirming a request tells the parent and leaves the inbox' : 'declining a request with a reason tells the parent', async () => {
      const item = page.locator(`#request-${decided}`);
      await ready(page, `#request-${decided} form`, javaScript);
      if (javaScript) {
        await item.getByRole('button', { name: 'Confirm' }).click();
      } else {
        await item.getByLabel('Reason for declining (optional, the client sees it)').fill('No suite free those nights, sorry');
        await item.getByRole('button', { name: 'Decline' }).click();
      }
      await page.waitForURL((u) => u.pathname === inbox && u.searchParams.has('done'));
      assert.match(await mainText(page), javaScript ? /Confirmed\. The client has been told by text\./ : /Declined\. The client has been told by text\./);
      assert.equal(await page.locator(`#request-${decided}`).count(), 0, 'the decided request has left the inbox');
      const db = createClient({ url: e2e.dbUrl });
      try {
        const { rows } = await db.execute({ sql: 'SELECT status, cancel_reason, declined_by_business FROM appointments WHERE id = ?', args: [decided] });
        assert.deepEqual(
          { status: rows[0]!.status, reason: rows[0]!.cancel_reason, declined: Number(rows[0]!.declined_by_business) },
          javaScript ? { status: 'confirmed', reason: null, declined: 0 } : { status: 'canceled', reason: 'No suite free those nights, sorry', declined: 1 },
        );
      } finally {
        db.close();
      }
      const texts = (await readOutbox(e2e.appUrl)).filter((m) => m.to === DEMO.parents.jamie.phoneE164);
      assert.ok(
        texts.some((m) => (javaScript ? /confirmed your boarding request/ : /could not accept/).test(m.body)),
        `the parent's text is in the outbox: ${texts.map((m) => m.body).join(' | ')}`,
      );
      await snap('decided');
    });

    step('notifications: the feed with its unread count, marked read all at once', async () => {
      await ready(page, 'nav.sections a', javaScript);
      await page
        .getByRole('navigation', { name: 'Console sections' })
        .getByRole('link', { name: /Notifications/ })
        .click();
      await page.waitForURL((u) => u.pathname.endsWith('/notifications'));
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      await assertAccessible(page, `${label} notifications`);
      const markAll = page.getByRole('button', { name: /^Mark all \d+ as read$/ });
      if (await markAll.count()) {
        await ready(page, 'form[action$="/notifications/read-all"]', javaScript);
        await markAll.click();
        await page.waitForURL((u) => u.pathname.endsWith('/notifications'));
        await page.locator('#unread', { hasText: 'none unread' }).waitFor();
      }
      assert.equal(await page.getByRole('button', { name: /^Mark all/ }).count(), 0);
      await snap('notifications');
    });

    step('the audit log shows who decided, and from where', async () => {
      await ready(page, 'nav.sections a', javaScript);
      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Audit log' }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/audit'));
      await assertAccessible(page, `${label} audit`);
      const text = await mainText(page);
      assert.match(text, new RegExp(`${owner.name}[\\s\\S]*request\\.${javaScript ? 'confirm' : 'decline'}`));
      assert.ok(text.includes(`appointment ${decided}`));
      await snap('audit');
    });

    step('signing out ends the console session', async () => {
      await ready(page, 'form[action="/manage/sign-out"]', javaScript);
      await page.getByRole('button', { name: /^Sign out/ }).click();
      await page.waitForURL((u) => u.pathname === '/manage/sign-in');
      await page.goto(`${e2e.appUrl}${inbox}`);
      await page.waitForURL((u) => u.pathname === '/manage/sign-in');
      await context?.close();
    });
  });
}
