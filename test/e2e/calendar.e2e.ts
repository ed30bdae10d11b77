/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker, libSQL and the demo
 * seed: the calendar (issue 15 item 1). Jamie opens an upcoming visit and taps "Add to
 * calendar": the .ics file downloads and Mozilla's ical.js reads one event with its times; on
 * her account page she creates a calendar feed, whose address (shown once) serves every linked
 * business's visits as a calendar ical.js reads; "Make a new link" stops the old address at once.
 * With and without JavaScript.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/calendar.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, screenshot, signIn, steps, useE2E } from './support';

const e2e = useE2E('calendar');
const jamie = DEMO.parents.jamie;
const appointments = `/c/${DEMO.clients.jamieAtBoarding}/appointments`;

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
}

for (const javaScript of [true, false]) {
  const label = `calendar-${javaScript ? 'js' : 'nojs'}`;

  describe(`the calendar for Jamie, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);
    let feedUrl = '';

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
    });
    after(async () => {
      await context?.close();
    });

    step('signs in, opens an upcoming visit and downloads it with "Add to calendar"', async (t) => {
      await page.goto(`${e2e.appUrl}/sign-in`);
      await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      await page.goto(`${e2e.appUrl}${appointments}`);
      // A visit days ahead (the first in the list is the demo day's, over by the afternoon).
      await page.locator(`main a[href="${appointments}/${DEMO.appointments.confirmed}"]`).first().click();
      await page.waitForURL((u) => u.pathname === `${appointments}/${DEMO.appointments.confirmed}`);
      const id = new URL(page.url()).pathname.split('/').at(-1)!;
      const link = page.getByRole('link', { name: 'Add to calendar' });
      await link.waitFor();
      await assertNoHorizontalOverflow(page, 'appointment');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.match(download.suggestedFilename(), /\.ics$/);
      const text = readFileSync((await download.path())!, 'utf8');
      assert.ok(text.includes('\r\n'), 'lines end in CRLF');
      const [event, ...rest] = events(text);
      assert.equal(rest.length, 0);
      assert.ok(event!.uid.startsWith(`${id}@`), `UID ${event!.uid}`);
      assert.ok(event!.startDate.toJSDate() < event!.endDate.toJSDate());
      assert.ok(event!.endDate.toJSDate().getTime() > Date.now(), 'an upcoming (or current) visit');
      assert.match(event!.summary, /Happy Tails/);
      t.diagnostic(`${download.suggestedFilename()}: ${event!.summary}, ${event!.startDate.toString()}`);
      // Still on the visit: a download does not navigate.
      assert.equal(new URL(page.url()).pathname, `${appointments}/${id}`);
    });

    step('creates a calendar feed on the account page; its address serves every business’s visits', async (t) => {
      await page.goto(`${e2e.appUrl}/account`);
      await page.getByRole('heading', { level: 2, name: 'Calendar feed' }).waitFor();
      // The no-JS run follows the JS run on the same account: the feed exists already, so it makes a new link.
      await page.getByRole('button', { name: /^(Create a calendar feed|Make a new link)$/ }).click();
      const address = page.getByLabel('Feed address');
      await address.waitFor();
      feedUrl = await address.inputValue();
      assert.match(feedUrl, /\/calendar\/[A-Za-z0-9_-]{22,}\.ics$/);
      await assertNoHorizontalOverflow(page, 'account page with the feed');
      await screenshot(page, `${label}-feed`);
      await assertAccessible(page, `${label}-feed`);
      const res = await page.request.get(feedUrl.replace(/^https?:\/\/[^/]+/, e2e.appUrl));
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'] ?? '', /^text\/calendar/);
      const all = events(await res.text());
      const summaries = all.map((e) => e.summary);
      assert.ok(all.length > 2, `${all.length} events`);
      assert.ok(
        summaries.some((s) => /Happy Tails/.test(s)),
        'Happy Tails visits',
      );
      assert.ok(
        summaries.some((s) => /Paddington/.test(s)),
        'Paddington visits',
      );
      t.diagnostic(`feed: ${all.length} events`);
    });

    step('"Make a new link" stops the old address at once', async () => {
      await page.getByRole('button', { name: 'Make a new link' }).click();
      // The answer replaces the page (with JS, an htmx swap): wait for the new address.
      let newer = feedUrl;
      for (let i = 0; i < 100 && newer === feedUrl; i++) {
        await page.waitForTimeout(100);
        newer =
          (await page
            .getByLabel('Feed address')
            .inputValue()
            .catch(() => feedUrl)) || feedUrl;
      }
      assert.notEqual(newer, feedUrl);
      const old = await page.request.get(feedUrl.replace(/^https?:\/\/[^/]+/, e2e.appUrl));
      assert.equal(old.status(), 404);
      const fresh = await page.request.get(newer.replace(/^https?:\/\/[^/]+/, e2e.appUrl));
      assert.equal(fresh.status(), 200);
    });
  });
}
