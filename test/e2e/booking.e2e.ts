/**
 * End to end, in a real Chromium at 360 × 740, against the real Worker (wrangler dev), the
 * local libSQL server and the demo seed: online booking and what a parent may do with a
 * pending request (SPEC §4–§5) — once with JavaScript (each step an htmx swap of #booking with
 * the URL pushed) and once without (plain GET forms, a POST for the request). Same steps both
 * ways, as Jamie at Paddington Grooming Studio (Europe/London, £10 fixed deposit, changes of
 * confirmed visits not allowed, so only pending requests can be changed):
 *
 *   sign in → "Book" → Grooming, Biscuit + Truffle → Bath & brush for both, a Blueberry facial
 *   for Biscuit → the first date with start times, its first start → notes → review (prices,
 *   total, deposit, per-pet London times) → Back and forward again → send → "Request sent.",
 *   → browser Back to the review and send again (the same request) → Requested, in Upcoming →
 *   "Change the time" (opens on the booked time) to another date → "Save new time" → "Time
 *   changed." → "Cancel request" → Canceled by the client → "Book again" on a past visit with
 *   two services (both carried, opening at Services) → the business got new_request,
 *   rescheduled_by_client and canceled_by_client for that appointment (read from the database).
 *
 * With JS also: every step change is an htmx partial swap of #booking (HX-Request-Type:
 * partial, the window marker survives), and the browser's Back from Services returns to Pets
 * and visit. Every booking step is checked for horizontal overflow at 360 px and photographed
 * into test-results/e2e/booking-{js,nojs}-NN-….png.
 *
 * Two checks sit in their own tests at the end, so that what they find does not stop the flow:
 * the time step's wording (legend names the date, each start reads as its time) and, with JS,
 * that the browser's Back from Services keeps the pets step's choices.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/booking.e2e.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@libsql/client';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { DEMO, assertNoHorizontalOverflow, hasMarker, mainText, ready, screenshot, setMarker, signIn, steps, useE2E, assertAccessible } from './support';

const e2e = useE2E('booking');

const jamie = DEMO.parents.jamie;
const PADDINGTON = 'Paddington Grooming Studio';
const LONDON = 'Europe/London';
const groomingHome = `/c/${DEMO.clients.jamieAtGrooming}/appointments`;
const bookPath = `/c/${DEMO.clients.jamieAtGrooming}/book`;
const NOTES = 'Truffle is wriggly with nail trims: lots of treats, please.';
/** Bath & brush 75 min; Blueberry facial 10 min (seed). Side by side when two groomers are free, else Truffle right after Biscuit. */
const BISCUIT_MINUTES = 75 + 10;
const TRUFFLE_MINUTES = 75;
/** What the review must list (seed prices, GBP, en-GB). */
const PRICE_ROWS = [
  ['Biscuit: Bath & brush', '£35.00'],
  ['Biscuit: Blueberry facial', '£6.00'],
  ['Truffle: Bath & brush', '£35.00'],
];
const TOTAL_ROWS = [
  ['Total', '£76.00'],
  ['Deposit required', '£10.00'],
];
const GROOMER = '(Priya Shah|Tom Hughes)';

// Expected wall-clock strings, computed here (not by the app's formatters) from the instant.
const hhmmFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const zoneFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, timeZoneName: 'short' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'short', year: 'numeric' });
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit' });
/** "09:00" in London. */
const hhmm = (ms: number) => hhmmFormat.format(ms);
/** "GMT" or "BST" at that instant (en-GB names London's zone so). */
const zone = (ms: number) => zoneFormat.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
/** "24 Nov 2026" (the app adds the weekday; its punctuation is the app's business). */
const day = (ms: number) => dayFormat.format(ms);
/** "2026-11-24", the London calendar date. */
const isoDay = (ms: number) => isoDayFormat.format(ms);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MIN = 60_000;

for (const javaScript of [true, false]) {
  const label = `booking-${javaScript ? 'js' : 'nojs'}`;

  describe(`booking, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let context: BrowserContext | undefined;
    let page: Page;
    const step = steps(label, () => page);
    let shot = 0;
    const snap = (name: string) => screenshot(page, `${label}-${String(++shot).padStart(2, '0')}-${name}`);
    const path = () => {
      const u = new URL(page.url());
      return u.pathname + u.search;
    };

    /** The chosen first start (epoch ms), the appointment id, the new start after "Change the time". */
    let firstStart = 0;
    let appointmentId = '';
    let newStart = 0;
    /** With JS: what the pets step showed after the browser's Back from Services (see the separate test). */
    let afterBrowserBack: { url: string; grooming: boolean; biscuit: boolean; truffle: boolean } | undefined;
    /** How the time step words the first date's start times (see the separate test). */
    let timeWording: { legend: string; option: string; date: string; time: string } | undefined;
    /** The review form's choices (hidden fields without key/issued/sig), to compare after Back and forward. */
    let reviewedChoices: string[] = [];
    /** Who the review said grooms whom (the detail must say the same). */
    let groomers: Record<'Biscuit' | 'Truffle', string> = { Biscuit: '', Truffle: '' };
    /** Whether the last review groomed the two side by side (two groomers free at the start). */
    let sideBySide = false;

    const waitForStep = async (n: number, name: string, of = 5) => {
      await page.locator('#booking > p.muted', { hasText: `Step ${n} of ${of}: ${name}` }).waitFor();
    };
    const detailFields = async () =>
      (await page.evaluate(`Object.fromEntries([...document.querySelectorAll('.detail dl > dt')].map((dt) =>
        [dt.textContent.trim(), dt.nextElementSibling.innerText.replace(/\\s+/g, ' ').trim()]))`)) as Record<string, string>;
    const pairs = (rows: string) =>
      page
        .locator(rows)
        .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!.replace(/\s+/g, ' ').trim(), tr.querySelector('td')!.textContent!.trim()]));
    const formChoices = async () =>
      (
        await page
          .locator('#booking form input[type=hidden]')
          .evaluateAll((inputs) => inputs.map((i) => `${i.getAttribute('name')}=${i.getAttribute('value')}`))
      ).filter((f) => !/^(key|issued|sig)=/.test(f));

    /**
     * Moves one booking step by `act` (a click). With JS the step must be an htmx partial
     * request for `stepPath` answered with the #booking fragment and swapped in place (the
     * window marker survives); without JS it is a page load. Then: the step heading, no
     * horizontal overflow, a screenshot.
     */
    const moveTo = async (act: () => Promise<void>, to: { n: number; name: string; shot: string; stepPath?: string; of?: number }): Promise<void> => {
      await ready(page, '#booking form', javaScript);
      if (javaScript) await setMarker(page);
      const stepPath = to.stepPath ?? bookPath;
      const request = javaScript ? page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === stepPath) : undefined;
      await act();
      await waitForStep(to.n, to.name, to.of);
      if (request) await assertPartialSwap(await request);
      else assert.equal(await hasMarker(page), false, 'without JS a step is a page load');
      await assertNoHorizontalOverflow(page, `step ${to.n} (${to.name})`);
      await snap(to.shot);
    };

    const assertPartialSwap = async (request: Request) => {
      const headers = await request.allHeaders();
      assert.equal(headers['hx-request'], 'true', 'HX-Request header');
      assert.equal(headers['hx-request-type'], 'partial', 'HX-Request-Type header');
      const body = await (await request.response())!.text();
      assert.match(body, /^<section id="booking"/, 'a step is answered with the #booking fragment');
      assert.doesNotMatch(body, /<!doctype|<html/i, 'the fragment is not a whole page');
      assert.ok(await hasMarker(page), 'the step was swapped in place (window marker survived)');
    };

    /**
     * On the time step: from `fromDate` on, the first date whose start times are offered
     * (Sunday and Monday, closed, must offer none), then its first start. Returns the start.
     */
    const pickFirstStart = async (fromDate: string, stepPath: string): Promise<number> => {
      const dateField = page.getByLabel('Date', { exact: true });
      const starts = () => page.getByRole('group', { name: /^Start times on / }).getByRole('radio');
      for (let date = fromDate, tries = 0; ; date = addDays(date, 1), tries++) {
        assert.ok(tries < 14, `no start times in the two weeks from ${fromDate}`);
        if ((await dateField.inputValue()) !== date) {
          await ready(page, '#booking form', javaScript);
          const request = javaScript ? page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === stepPath) : undefined;
          await dateField.fill(date);
          // With JS the times follow the date (its change re-renders the step); without JS the
          // parent asks for them.
          if (javaScript) await dateField.blur();
          else await page.getByRole('button', { name: 'Show times for this date' }).click();
          // The new render carries the date in its value attribute (typing only sets the property).
          await page.locator(`#date[value="${date}"]`).waitFor();
          if (request) {
            const headers = await (await request).allHeaders();
            assert.equal(headers['hx-request-type'], 'partial', 'the date change is a partial request');
          }
        }
        const count = await starts().count();
        if ([0, 1].includes(weekday(date))) {
          assert.equal(count, 0, `${date} is a ${weekday(date) ? 'Monday' : 'Sunday'} (closed), yet start times are offered`);
          assert.match(await mainText(page), /Nothing available\./);
        }
        if (count === 0) continue;
        const first = starts().first();
        const value = Number(await first.getAttribute('value'));
        assert.ok(Number.isFinite(value) && value > Date.now() + 12 * 60 * MIN, 'the first start respects the 12-hour notice');
        assert.equal(isoDay(value), date, 'the start is on the date asked for (London calendar)');
        // The option reads as London wall-clock time with its zone label (its exact wording is
        // checked in its own test below, so a wording bug does not stop the flow).
        const labelText = (await page.locator(`label.choice:has(input[name="start"][value="${value}"])`).innerText()).trim();
        assert.ok(labelText.endsWith(`${hhmm(value)} ${zone(value)}`), `start option ${JSON.stringify(labelText)} is ${hhmm(value)} ${zone(value)}`);
        timeWording ??= {
          legend: (await page.locator('fieldset:has(input[name="start"]) > legend').innerText()).trim(),
          option: labelText,
          date: day(value),
          time: `${hhmm(value)} ${zone(value)}`,
        };
        await first.check();
        return value;
      }
    };

    /**
     * The review's "When" lines, one per pet in London time with the groomer: Biscuit at the
     * start, Truffle beside it (another groomer) or right after. A groomer named must be working then (seed: Tom Wednesday–
     * Saturday 10:00–16:00; Priya Tuesday–Saturday 09:00–17:30). Returns who grooms whom.
     */
    const assertWhenLines = async (start: number): Promise<Record<'Biscuit' | 'Truffle', string>> => {
      const whens = (await page.locator('dl.review dt:text-is("When") ~ dd').allInnerTexts()).map((s) => s.trim());
      assert.equal(whens.filter((w) => /^(Biscuit|Truffle): /.test(w)).length, 2, `one "When" line per pet: ${JSON.stringify(whens)}`);
      // When Priya and Tom are both free the two are groomed side by side (both at the start,
      // by different groomers); otherwise Truffle right after Biscuit.
      const truffleText = whens.find((w) => w.startsWith('Truffle:')) ?? '';
      sideBySide = truffleText.includes(`, ${hhmm(start)} ${zone(start)} with`);
      const truffleAt = sideBySide ? start : start + BISCUIT_MINUTES * MIN;
      const segments = { Biscuit: [start, BISCUIT_MINUTES], Truffle: [truffleAt, TRUFFLE_MINUTES] } as const;
      const groomers = {} as Record<'Biscuit' | 'Truffle', string>;
      for (const [pet, [at, minutes]] of Object.entries(segments) as ['Biscuit' | 'Truffle', readonly [number, number]][]) {
        const text = whens.find((w) => w.startsWith(`${pet}:`)) ?? '';
        const match = new RegExp(`^${pet}: \\w{3},? ${escapeRegExp(day(at))}, ${hhmm(at)} ${zone(at)} with ${GROOMER}$`).exec(text);
        assert.ok(match, `${pet}'s line ${JSON.stringify(text)} should read "${pet}: <weekday> ${day(at)}, ${hhmm(at)} ${zone(at)} with <groomer>"`);
        const groomer = match[1]!;
        const end = at + minutes * MIN;
        const [from, to, days] = groomer === 'Tom Hughes' ? ['10:00', '16:00', [3, 4, 5, 6]] : ['09:00', '17:30', [2, 3, 4, 5, 6]];
        assert.ok(
          days.includes(weekday(isoDay(at))) && from <= hhmm(at) && hhmm(end) <= to,
          `${groomer} grooms ${pet} ${isoDay(at)} ${hhmm(at)}–${hhmm(end)}, outside their schedule`,
        );
        groomers[pet] = groomer;
      }
      if (sideBySide) assert.notEqual(groomers.Biscuit, groomers.Truffle, 'side by side means two groomers');
      return groomers;
    };

    const assertPrices = async () => {
      assert.deepEqual(await pairs('table.prices tbody tr'), PRICE_ROWS, 'a price line per service and add-on');
      assert.deepEqual(await pairs('table.prices tfoot tr'), TOTAL_ROWS, 'the total and the £10.00 deposit');
    };

    /** The detail's "When": start – end of the whole visit (both pets, side by side or one after another), labelled. */
    const expectedWhen = (start: number) => {
      const end = start + (sideBySide ? Math.max(BISCUIT_MINUTES, TRUFFLE_MINUTES) : BISCUIT_MINUTES + TRUFFLE_MINUTES) * MIN;
      return new RegExp(`^\\w{3},? ${escapeRegExp(day(start))}, ${hhmm(start)} – ${hhmm(end)} ${zone(start)}$`);
    };

    /** The detail's pets: each service with the groomer the review named, Biscuit's add-on. */
    const assertDetailPets = (pets: string | undefined) => {
      assert.match(pets ?? '', new RegExp(`^Biscuit · Golden Retriever Services: Bath & brush \\(with ${groomers.Biscuit}\\) Add-ons: Blueberry facial`));
      assert.match(pets ?? '', new RegExp(`Truffle · Cockapoo Services: Bath & brush \\(with ${groomers.Truffle}\\)$`));
    };

    before(async () => {
      ({ context, page } = await e2e.newPage({ javaScript }));
    });
    after(async () => {
      await context?.close();
    });

    step('signing in and choosing Paddington shows its appointments', async (t) => {
      await page.goto(`${e2e.appUrl}/`);
      await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript, t });
      await page.getByRole('heading', { level: 1, name: 'Your businesses' }).waitFor();
      if (!javaScript) assert.equal(await page.locator('[data-htmx-powered]').count(), 0, 'JavaScript is really off');
      await ready(page, 'main h2 a', javaScript);
      await page
        .locator('main')
        .getByRole('link', { name: new RegExp(`^${PADDINGTON}`) })
        .click();
      await page.waitForURL((u) => u.pathname === groomingHome);
      await page.locator('#tab-upcoming[aria-current="page"]').waitFor();
    });

    step('"Book" in the section nav opens step 1 of 5, Pets and visit', async () => {
      const nav = page.getByRole('navigation', { name: 'Sections' });
      await ready(page, 'nav.sections a', javaScript);
      await nav.getByRole('link', { name: 'Book', exact: true }).click();
      await page.waitForURL((u) => u.pathname === bookPath);
      await page.getByRole('heading', { level: 1, name: 'Book a visit' }).waitFor();
      await assertAccessible(page, `booking ${label} book`);
      await waitForStep(1, 'Pets and visit');
      const types = page.getByRole('group', { name: 'What would you like to book?' }).getByRole('radio');
      assert.equal(await types.count(), 1, 'Paddington only offers grooming');
      const pets = page.getByRole('group', { name: 'Which pets?' }).getByRole('checkbox');
      assert.equal(await pets.count(), 2, "Jamie's two pets at Paddington");
      assert.match(await page.getByRole('group', { name: 'Which pets?' }).innerText(), /Biscuit · Golden Retriever\s+Truffle · Cockapoo/);
      await assertNoHorizontalOverflow(page, 'step 1 (Pets and visit)');
      await snap('pets-and-visit');
    });

    step('step 1: Grooming with Biscuit and Truffle leads to Services, one block per pet', async () => {
      await page.getByRole('radio', { name: 'Grooming' }).check();
      await page.getByRole('checkbox', { name: /^Biscuit/ }).check();
      await page.getByRole('checkbox', { name: /^Truffle/ }).check();
      await moveTo(() => page.getByRole('button', { name: 'Next' }).click(), { n: 2, name: 'Services', shot: 'services' });
      const url = new URL(page.url());
      assert.equal(url.pathname, bookPath);
      assert.equal(url.searchParams.get('step'), 'services', 'the step is in the URL');
      assert.equal(url.searchParams.get('type'), 'grooming');
      assert.deepEqual(url.searchParams.getAll('pet').sort(), [DEMO.pets.biscuitAtGrooming, DEMO.pets.truffle].sort());
      assert.deepEqual(await page.locator('#booking .pet-choice h2').allInnerTexts(), ['Biscuit', 'Truffle']);
    });

    if (javaScript) {
      step('with JS, the browser Back from Services returns to Pets and visit (choices observed), then Next again', async () => {
        const servicesUrl = path();
        await page.goBack();
        await waitForStep(1, 'Pets and visit');
        afterBrowserBack = {
          url: path(),
          grooming: await page.getByRole('radio', { name: 'Grooming' }).isChecked(),
          biscuit: await page.getByRole('checkbox', { name: /^Biscuit/ }).isChecked(),
          truffle: await page.getByRole('checkbox', { name: /^Truffle/ }).isChecked(),
        };
        assert.ok(await hasMarker(page), 'Back was an htmx history restore in the same page');
        await snap('pets-after-browser-back');
        // Whatever Back kept (checked in its own test below), carry on with the same choices.
        await page.getByRole('radio', { name: 'Grooming' }).check();
        await page.getByRole('checkbox', { name: /^Biscuit/ }).check();
        await page.getByRole('checkbox', { name: /^Truffle/ }).check();
        await moveTo(() => page.getByRole('button', { name: 'Next' }).click(), { n: 2, name: 'Services', shot: 'services-again' });
        assert.equal(path(), servicesUrl, 'the same Services URL as before');
      });
    }

    step('step 2: Bath & brush for both, a Blueberry facial for Biscuit, any groomer, leads to Time', async () => {
      for (const pet of ['Biscuit', 'Truffle']) {
        // Grooming: several services may be combined in one visit (checkboxes).
        const service = page.getByRole('group', { name: `Services for ${pet}` });
        const options = (await service.locator('label').allInnerTexts()).map((o) => o.replace(/\s+/g, ' ').trim());
        assert.deepEqual([...options].sort(), ['Bath & brush · £35.00', 'Full groom · £55.00', 'Nail trim · £12.00'], `${pet}'s services with prices`);
        await service.getByRole('checkbox', { name: /^Bath & brush/ }).check();
        assert.equal(await page.getByLabel(`Groomer for ${pet}`).inputValue(), '', '"Any groomer" by default');
      }
      const addOns = page.getByRole('group', { name: 'Add-ons for Biscuit (optional)' });
      assert.match(await addOns.innerText(), /Blueberry facial · £6\.00/);
      await addOns.getByRole('checkbox', { name: /^Blueberry facial/ }).check();
      await moveTo(() => page.getByRole('button', { name: 'Next' }).click(), { n: 3, name: 'Time', shot: 'time' });
      const url = new URL(page.url());
      assert.equal(url.searchParams.get(`service.${DEMO.pets.biscuitAtGrooming}`), DEMO.services.bathBrush);
      assert.equal(url.searchParams.get(`service.${DEMO.pets.truffle}`), DEMO.services.bathBrush);
      assert.deepEqual(url.searchParams.getAll(`addon.${DEMO.pets.biscuitAtGrooming}`), [DEMO.addOns.facial]);
      assert.deepEqual(url.searchParams.getAll(`addon.${DEMO.pets.truffle}`), []);
    });

    step('step 3: the first date with start times (Sun/Mon closed, 12 h notice), its first start, leads to Notes', async (t) => {
      const tomorrow = addDays(isoDay(Date.now()), 1);
      assert.equal(await page.getByLabel('Date', { exact: true }).inputValue(), tomorrow, 'the time step opens on tomorrow (London)');
      firstStart = await pickFirstStart(tomorrow, bookPath);
      t.diagnostic(`first start: ${new Date(firstStart).toISOString()} (${isoDay(firstStart)} ${hhmm(firstStart)} ${zone(firstStart)})`);
      await assertNoHorizontalOverflow(page, 'step 3 (Time) with start times');
      await snap('time-with-starts');
      await moveTo(() => page.getByRole('button', { name: 'Next' }).click(), { n: 4, name: 'Notes', shot: 'notes' });
      assert.equal(new URL(page.url()).searchParams.get('start'), String(firstStart));
    });

    step('step 4: notes lead to the review', async () => {
      await page.getByLabel('Notes for the business (optional)').fill(NOTES);
      await moveTo(() => page.getByRole('button', { name: 'Review' }).click(), { n: 5, name: 'Review', shot: 'review' });
    });

    step('step 5: the review shows the prices, the £76.00 total, the £10.00 deposit and London times per pet', async () => {
      await assertPrices();
      groomers = await assertWhenLines(firstStart);
      const review = (await page.locator('dl.review').innerText()).replace(/\s+/g, ' ');
      assert.match(review, /^Visit Grooming for Biscuit, Truffle When /);
      assert.ok(review.includes(`Notes ${NOTES}`), `the notes are on the review: ${review}`);
      assert.match(await mainText(page), /This is a request: the business confirms it\. The deposit is collected by the business\./);
      assert.equal(await page.getByRole('button', { name: 'Send request' }).count(), 1);
      await assertAccessible(page, `booking ${label} review`);
      assert.equal(await page.locator('#booking form').getAttribute('method'), 'post');
      reviewedChoices = await formChoices();
      assert.ok(reviewedChoices.includes(`start=${firstStart}`) && reviewedChoices.includes(`notes=${NOTES}`));
    });

    step('Back one step (Notes) and forward again keeps every choice', async () => {
      await moveTo(() => page.locator('#booking .actions').getByRole('link', { name: 'Back' }).click(), {
        n: 4,
        name: 'Notes',
        shot: 'notes-after-back',
      });
      assert.equal(await page.getByLabel('Notes for the business (optional)').inputValue(), NOTES, 'the notes are kept');
      await moveTo(() => page.getByRole('button', { name: 'Review' }).click(), { n: 5, name: 'Review', shot: 'review-again' });
      assert.deepEqual(await formChoices(), reviewedChoices, 'the same choices reach the review');
      await assertPrices();
      assert.deepEqual(await assertWhenLines(firstStart), groomers, 'the same groomers');
    });

    step('sending the request lands on its detail: "Request sent.", Requested, the London time', async () => {
      await ready(page, '#booking form', javaScript);
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.waitForURL((u) => u.pathname.startsWith(`${groomingHome}/`) && u.searchParams.get('booked') === 'requested');
      appointmentId = new URL(page.url()).pathname.split('/').at(-1)!;
      assert.match(appointmentId, /^apt_/);
      await page.getByRole('status').filter({ hasText: 'Request sent.' }).waitFor();
      assert.equal((await page.locator('.detail .status').innerText()).trim(), 'Requested');
      const fields = await detailFields();
      assert.equal(fields.Business, PADDINGTON);
      assert.match(fields.When ?? '', expectedWhen(firstStart), `When: ${fields.When}`);
      assertDetailPets(fields.Pets);
      assert.equal(fields.Notes, NOTES);
      assert.equal(await page.getByRole('link', { name: 'Change the time' }).count(), 1, 'a pending request can be moved');
      assert.equal(await page.getByRole('link', { name: 'Cancel request' }).count(), 1, 'a pending request can be canceled');
      await assertNoHorizontalOverflow(page, 'detail after booking');
      await snap('detail-requested');
    });

    step('Back to the review and "Send request" again lands on the same request (no second one)', async () => {
      await page.goBack();
      await waitForStep(5, 'Review');
      await ready(page, '#booking form', javaScript);
      assert.deepEqual(await formChoices(), reviewedChoices, 'the review Back shows has the same choices');
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.waitForURL((u) => u.pathname.startsWith(`${groomingHome}/`) && u.searchParams.has('booked'));
      assert.equal(new URL(page.url()).pathname.split('/').at(-1), appointmentId, 'the first request, not a new one');
      await snap('detail-after-resend');
    });

    step('Upcoming lists the new request as Requested at its London time', async () => {
      await ready(page, 'nav.sections a', javaScript);
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Appointments' }).click();
      await page.waitForURL((u) => u.pathname === groomingHome);
      await page.locator('#tab-upcoming[aria-current="page"]').waitFor();
      const item = page.locator(`main ol.appts > li:has(a[href="${groomingHome}/${appointmentId}"])`);
      assert.equal(await item.count(), 1, 'the new request is in Upcoming');
      assert.equal((await item.locator('.status').innerText()).trim(), 'Requested');
      assert.match((await item.locator('.when').innerText()).trim(), new RegExp(`${escapeRegExp(day(firstStart))} · ${hhmm(firstStart)} ${zone(firstStart)}$`));
      assert.match((await item.locator('.what').innerText()).trim(), /Bath & brush.* · Biscuit, Truffle$/);
      await assertNoHorizontalOverflow(page, 'Upcoming');
      await snap('upcoming');
    });

    step('"Change the time": another date\'s first start, review, send → "Time changed." and the new time', async (t) => {
      const detail = `${groomingHome}/${appointmentId}`;
      const reschedulePath = `${detail}/reschedule`;
      await ready(page, `main ol.appts a[href="${detail}"]`, javaScript);
      await page.locator(`main ol.appts a[href="${detail}"]`).click();
      await page.waitForURL((u) => u.pathname === detail);
      await ready(page, '.detail .actions a', javaScript);
      await page.getByRole('link', { name: 'Change the time' }).click();
      await page.waitForURL((u) => u.pathname === reschedulePath);
      await page.getByRole('heading', { level: 1, name: 'Change the time' }).waitFor();
      await assertAccessible(page, `booking ${label} reschedule`);
      await assertNoHorizontalOverflow(page, 'reschedule: time');
      await snap('reschedule-time');
      // It starts from the booking as it is: the booked date, the booked start chosen.
      assert.equal(await page.getByLabel('Date', { exact: true }).inputValue(), isoDay(firstStart), 'the booked date');
      assert.equal(await page.locator(`input[name="start"][value="${firstStart}"]`).isChecked(), true, 'the booked start is chosen');
      // From the Sunday after the booked date: Sunday and Monday (closed) must offer nothing.
      const booked = isoDay(firstStart);
      const sunday = addDays(booked, 7 - weekday(booked));
      newStart = await pickFirstStart(sunday, reschedulePath);
      assert.ok(isoDay(newStart) > addDays(sunday, 1), 'the first date with times comes after Sunday and Monday');
      assert.notEqual(isoDay(newStart), isoDay(firstStart), 'another date');
      t.diagnostic(`new start: ${isoDay(newStart)} ${hhmm(newStart)} ${zone(newStart)}`);
      await snap('reschedule-time-with-starts');
      // The change flow reuses the booking's Time and Review steps: step 2 of 2.
      await moveTo(() => page.getByRole('button', { name: 'Next' }).click(), {
        n: 2,
        of: 2,
        name: 'Review',
        shot: 'reschedule-review',
        stepPath: reschedulePath,
      });
      await assertPrices();
      groomers = await assertWhenLines(newStart);
      await ready(page, '#booking form', javaScript);
      await page.getByRole('button', { name: 'Save new time' }).click();
      await page.waitForURL((u) => u.pathname === detail && u.searchParams.get('changed') === 'rescheduled');
      await page.getByRole('status').filter({ hasText: 'Time changed.' }).waitFor();
      assert.equal((await page.locator('.detail .status').innerText()).trim(), 'Requested', 'still a pending request');
      const fields = await detailFields();
      assert.match(fields.When ?? '', expectedWhen(newStart), `When after the change: ${fields.When}`);
      assert.ok(!(fields.When ?? '').includes(day(firstStart)), 'the old date is gone');
      assert.equal(fields.Notes, NOTES, 'the notes are kept');
      assertDetailPets(fields.Pets);
      await assertNoHorizontalOverflow(page, 'detail after the change');
      await snap('detail-time-changed');
    });

    step('"Cancel request" → confirmation → "Yes, cancel it" → Canceled, "Canceled by the client"', async () => {
      const detail = `${groomingHome}/${appointmentId}`;
      await ready(page, '.detail .actions a', javaScript);
      await page.getByRole('link', { name: 'Cancel request' }).click();
      await page.waitForURL((u) => u.pathname === `${detail}/cancel`);
      await page.getByRole('heading', { level: 1, name: 'Cancel this request?' }).waitFor();
      await assertAccessible(page, `booking ${label} cancel`);
      const text = await mainText(page);
      assert.match(text, new RegExp(`Grooming for Biscuit, Truffle on \\w{3},? ${escapeRegExp(day(newStart))}, ${hhmm(newStart)} ${zone(newStart)}\\.`));
      assert.equal(await page.getByRole('link', { name: 'No, keep it' }).getAttribute('href'), detail);
      await assertNoHorizontalOverflow(page, 'cancel confirmation');
      await snap('cancel-confirm');
      await ready(page, `form[action="${detail}/cancel"]`, javaScript);
      await page.getByRole('button', { name: 'Yes, cancel it' }).click();
      await page.waitForURL((u) => u.pathname === detail && u.searchParams.get('changed') === 'canceled');
      await page.getByRole('status').filter({ hasText: 'Canceled.' }).waitFor();
      assert.equal((await page.locator('.detail .status').innerText()).trim(), 'Canceled');
      const fields = await detailFields();
      assert.equal(fields['Cancel reason'], 'Canceled by the client');
      assert.equal(await page.getByRole('link', { name: 'Change the time' }).count(), 0, 'a canceled request cannot be moved');
      assert.equal(await page.getByRole('link', { name: 'Cancel request' }).count(), 0);
      await assertNoHorizontalOverflow(page, 'detail after canceling');
      await snap('detail-canceled');
    });

    step('"Book again" on a past visit with two services carries both, the add-ons and the groomers, opening at Services', async () => {
      const past = `${groomingHome}/${DEMO.appointments.groomFinishedPrefix}2`;
      await page.goto(`${e2e.appUrl}${past}`);
      await ready(page, '.detail .actions a', javaScript);
      await page.getByRole('link', { name: 'Book again' }).click();
      await waitForStep(2, 'Services');
      assert.match(await mainText(page), /The pets, services, add-ons and groomers of your earlier visit are chosen below\./);
      const truffle = page.getByRole('group', { name: 'Services for Truffle' });
      const checked = await truffle.locator('input:checked').evaluateAll((inputs) => inputs.map((i) => i.closest('label')!.textContent!.trim()));
      assert.equal(checked.length, 2, `both of Truffle's services are carried over: ${checked.join(', ')}`);
      assert.notEqual(await page.getByLabel('Groomer for Truffle').inputValue(), '', 'the groomer is carried over');
      await assertNoHorizontalOverflow(page, 'book again: services');
      await snap('book-again-services');
      await moveTo(() => page.getByRole('button', { name: 'Next' }).click(), { n: 3, name: 'Time', shot: 'book-again-time' });
    });

    step('the business was notified: new_request, rescheduled_by_client, canceled_by_client', async () => {
      const db = createClient({ url: e2e.dbUrl });
      try {
        const { rows } = await db.execute({
          sql: 'SELECT kind, business_id, client_id, summary FROM business_notifications WHERE appointment_id = ? ORDER BY created_at, rowid',
          args: [appointmentId],
        });
        assert.deepEqual(
          rows.map((r) => r.kind),
          ['new_request', 'rescheduled_by_client', 'canceled_by_client'],
          'one notification per change, in order',
        );
        for (const r of rows) {
          assert.equal(r.business_id, DEMO.businesses.grooming);
          assert.equal(r.client_id, DEMO.clients.jamieAtGrooming);
          assert.match(String(r.summary), /^Jamie Rivera /);
        }
      } finally {
        db.close();
      }
    });

    it('the time step names the date in its legend and each start by its time alone', (t) => {
      if (!timeWording) return t.skip('the time step was not reached');
      const { legend, option, date, time } = timeWording;
      assert.ok(legend.includes(date), `legend ${JSON.stringify(legend)} names the date ${date}`);
      assert.equal(option, time, 'a start option reads as its time and zone, not the date again');
    });

    if (javaScript) {
      it('with JS, the browser Back from Services shows Pets and visit with Grooming, Biscuit and Truffle still chosen', (t) => {
        if (!afterBrowserBack) return t.skip('the Back step did not run');
        assert.deepEqual(
          afterBrowserBack,
          { url: afterBrowserBack.url, grooming: true, biscuit: true, truffle: true },
          `after Back at ${afterBrowserBack.url}`,
        );
      });
    }
  });
}
