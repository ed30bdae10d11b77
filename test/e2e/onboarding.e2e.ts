/**
 * A new business goes from `npm run admin -- business:create` to its first online booking
 * without SQL (issue 13): in a real Chromium against the real Worker and libSQL, once with
 * JavaScript and once without, each run with its own business, owner, client and phone:
 *
 *   the admin command (scripts/admin.ts, run in-process against the stack's LIBSQL_URL) creates
 *   a daycare business in America/Chicago and invites its owner → the invitation email in
 *   /dev/outbox → the owner (1280 × 800) sets a name and password, enrols TOTP (the code computed
 *   from the key shown, as an authenticator app would), passes the recovery codes and lands on
 *   Requests with "Get ready for online booking": 5 of 5 steps left → following the checklist's
 *   own links: the profile (phone, address), the weekday opening hours with one drop-off and
 *   one pick-up window, a daycare service with a price, the booking rules
 *   (5 pets a day, online booking on, 24 h notice), a client with a phone invited by text — each
 *   step then shows as done, and after the last the list is gone (inbox and settings) → the
 *   settings pages again at 360 px → the parent (360 × 740, a second context) opens the texted link,
 *   registers with the texted code, adds a pet on the portal's Add a pet page and books a day of
 *   daycare on an open weekday past the notice → Requested → the owner sees it on Requests.
 *
 * Each settings page is checked with axe and for horizontal overflow (1280 px and 360 px). Screenshots go to
 * test-results/e2e/onboarding-{js,nojs}-NN-….png.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/onboarding.e2e.ts
 */
import { randomBytes, randomInt } from 'node:crypto';
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import type { BrowserContext, Page } from 'playwright-core';
import { runAdminCli } from '../../scripts/admin';
import { addDays, localDateString } from '../../src/domain/time';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  latestCode,
  latestSms,
  mainText,
  readEmails,
  ready,
  screenshot,
  sleep,
  steps,
  useE2E,
  VIEWPORT,
  type OutboxEmail,
  type OutboxMessage,
} from './support';

const e2e = useE2E('onboarding');

const DESKTOP = { width: 1280, height: 800 } as const;
const CHICAGO = 'America/Chicago';
/** Distinguishes this run's businesses, addresses and numbers from any earlier run's. */
const RUN = randomBytes(3).toString('hex');
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;
const OPENS = '07:00';
const CLOSES = '18:00';
const DROP_OFF = ['07:00', '09:00'] as const;
const PICK_UP = ['16:00', '18:00'] as const;
const NOTICE_HOURS = 24;
const CAPACITY = 5;
const SERVICE = 'Full day of play';
const CHECKLIST = {
  profile: 'Add your phone and address to your profile',
  hours: 'Set your opening hours',
  service: 'Add a service clients can book',
  capacity: 'Set how many pets a night or day you take (and when groomers work)',
  invited: 'Invite your clients',
} as const;

/** Two different fresh numbers, +1 425 2xx xxxx (a valid NANP range). */
const phoneSuffixes = (() => {
  const first = randomInt(0, 1_000_000);
  return [first, (first + 1 + randomInt(0, 999_998)) % 1_000_000];
})();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first Monday–Friday at least `offset` days after today in Chicago: open (hours set) and past the 24 h notice. */
function openWeekday(offset: number): string {
  let date = addDays(localDateString(Date.now(), CHICAGO), offset);
  while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = addDays(date, 1);
  return date;
}

/** "Wednesday, December 9", as the daycare calendar names a day (en-US). */
const dayLabel = (date: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric' }).format(new Date(`${date}T12:00:00Z`));

for (const [index, javaScript] of [true, false].entries()) {
  const mode = javaScript ? 'js' : 'nojs';
  const label = `onboarding-${mode}`;

  describe(`a new business from business:create to its first online booking, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let ownerContext: BrowserContext | undefined;
    let parentContext: BrowserContext | undefined;
    let owner: Page;
    let parent: Page;
    /** The page the current step works in: the one photographed if the step fails. */
    let current: Page | undefined;
    const step = steps(label, () => current);
    let shot = 0;
    const snap = (page: Page, name: string) => screenshot(page, `${label}-${String(++shot).padStart(2, '0')}-${name}`);

    const businessName = `Prairie Paws Daycare ${mode} ${RUN}`;
    const ownerEmail = `owner.${mode}.${RUN}@example.com`;
    const ownerName = javaScript ? 'Morgan Ellis' : 'Casey Novak';
    const ownerPassword = `walnut ${RUN} harbour ${mode} kettle`;
    const digits = String(phoneSuffixes[index]).padStart(6, '0');
    const client = {
      firstName: javaScript ? 'Avery' : 'Quinn',
      lastName: 'Lindqvist',
      phoneTyped: `(425) 2${digits.slice(0, 2)}-${digits.slice(2)}`,
      phoneE164: `+14252${digits}`,
    };
    const petName = javaScript ? 'Maple' : 'Pretzel';
    const bookedDay = openWeekday(3 + index);

    let businessId = '';
    let invitePath = '';
    let clientId = '';
    let appointmentId = '';
    let invitationSms: OutboxMessage | undefined;
    const manage = () => `/manage/${businessId}`;

    after(async () => {
      await ownerContext?.close();
      await parentContext?.close();
    });

    const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' }).waitFor();
    const checklist = () => owner.locator('aside.onboarding');
    /** What the checklist shows: the "N of 5 steps left" line, the steps done and the steps still links. */
    const checklistState = async () => {
      const left = (await checklist().locator('p.muted').innerText()).replace(/\s+/g, ' ').trim();
      const done = await checklist()
        .locator('li:has(s)')
        .evaluateAll((lis) => lis.map((li) => li.querySelector('s')!.textContent!.trim()));
      const todo = await checklist()
        .locator('li a')
        .evaluateAll((as) => as.map((a) => a.textContent!.trim()));
      const doneSr = await checklist()
        .locator('li:has(s) .sr')
        .evaluateAll((ss) => ss.map((s) => s.textContent!.trim()));
      return { left, done, todo, doneSr };
    };
    const assertChecklist = async (done: (keyof typeof CHECKLIST)[], where: string) => {
      await checklist().waitFor();
      const state = await checklistState();
      const all = Object.keys(CHECKLIST) as (keyof typeof CHECKLIST)[];
      assert.equal(state.left, `${all.length - done.length} of ${all.length} steps left. This list goes away when they are all done.`, where);
      assert.deepEqual(
        state.done,
        all.filter((k) => done.includes(k)).map((k) => CHECKLIST[k]),
        `${where}: steps done`,
      );
      assert.deepEqual(
        state.todo,
        all.filter((k) => !done.includes(k)).map((k) => CHECKLIST[k]),
        `${where}: steps left`,
      );
      assert.ok(
        state.doneSr.every((s) => s === '(done)'),
        `${where}: each done step says so to a screen reader`,
      );
    };
    /** The owner opens a console section from the nav. */
    const openSection = async (name: 'Requests' | 'Settings' | 'Clients', path: string, heading: string) => {
      await ready(owner, 'nav.sections a', javaScript);
      await owner.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}${path}` && u.search === '');
      await h1(owner, heading);
    };
    /** Follows one of the checklist's links (not a typed URL). */
    const followChecklist = async (key: keyof typeof CHECKLIST, path: string, heading: string) => {
      await ready(owner, 'aside.onboarding a', javaScript);
      await checklist().getByRole('link', { name: CHECKLIST[key], exact: true }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}${path}`);
      await h1(owner, heading);
    };
    const checkSettingsPage = async (name: string) => {
      await assertNoHorizontalOverflow(owner, `${name} at 1280 px`);
      await assertAccessible(owner, `${label} ${name}`);
      await snap(owner, name);
    };
    const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

    step('business:create makes the business and emails its owner an invitation link', async () => {
      const port = new URL(e2e.appUrl).port;
      const lines: string[] = [];
      const before = (await readEmails(e2e.appUrl)).length;
      const code = await runAdminCli(
        [
          'business:create',
          '--name',
          businessName,
          '--country',
          'US',
          '--time-zone',
          CHICAGO,
          '--services',
          'daycare',
          '--currency',
          'USD',
          '--owner-email',
          ownerEmail,
          '--public-host',
          `localhost:${port}`,
        ],
        { LIBSQL_URL: e2e.dbUrl, EMAIL_PROVIDER: 'outbox' },
        (line) => lines.push(line),
      );
      assert.equal(code, 0, lines.join('\n'));
      const created = /^Created (biz_[A-Za-z0-9_-]+): /.exec(lines[0] ?? '');
      assert.ok(created, `the command names the new business: ${lines.join('\n')}`);
      businessId = created[1]!;
      assert.match(lines.join('\n'), /Portal: on\./);
      assert.match(lines.join('\n'), new RegExp(`Invited ${escapeRegExp(ownerEmail)} as its owner`));

      let email: OutboxEmail | undefined;
      for (let tries = 0; !email && tries < 25; tries++) {
        if (tries) await sleep(200);
        email = (await readEmails(e2e.appUrl)).find((m) => m.to === ownerEmail);
      }
      assert.ok(email, `an email to ${ownerEmail} in /dev/outbox (${before} emails before)`);
      assert.match(email.subject, new RegExp(escapeRegExp(businessName)));
      // The link opens the --public-host given (localhost:<port>); the browser opens the same path on the stack's origin.
      const link = new RegExp(`http://localhost:${port}(/manage/invite/[A-Za-z0-9_-]+)`).exec(email.body);
      assert.ok(link, `the invitation link in the email: ${JSON.stringify(email.body)}`);
      invitePath = link[1]!;
    });

    step('the owner (1280 × 800) sets a password, enrols TOTP, passes the recovery codes and lands on Requests', async () => {
      ({ context: ownerContext, page: owner } = await e2e.newPage({ javaScript }));
      await owner.setViewportSize(DESKTOP);
      current = owner;
      const response = await owner.goto(`${e2e.appUrl}${invitePath}`);
      assert.equal(response?.status(), 200);
      await h1(owner, `Join ${businessName}`);
      if (!javaScript) assert.equal(await owner.locator('[data-htmx-powered]').count(), 0, 'JavaScript is really off');
      assert.ok((await mainText(owner)).includes(`You were invited as ${ownerEmail}.`));
      await ready(owner, 'main form', javaScript);
      await owner.getByLabel('Your name').fill(ownerName);
      await owner.getByLabel('New password').fill(ownerPassword);
      await owner.getByRole('button', { name: 'Create my account' }).click();

      await owner.waitForURL((u) => u.pathname === '/manage/two-step/setup');
      await h1(owner, 'Set up two-step sign-in');
      const secret = (await owner.locator('code.secret').innerText()).replace(/\s+/g, '');
      assert.match(secret, /^[A-Z2-7]{16,}$/, `a base32 key is shown: ${secret}`);
      await snap(owner, 'enrol');
      await ready(owner, 'form[action="/manage/two-step/setup"]', javaScript);
      await owner.getByLabel('6-digit code', { exact: true }).fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
      await owner.getByRole('button', { name: 'Turn on two-step sign-in' }).click();

      await h1(owner, 'Save your recovery codes');
      assert.equal(await owner.locator('ul.recovery-codes li code').count(), 10, 'ten recovery codes');
      await snap(owner, 'recovery-codes');
      await ready(owner, 'main a.button', javaScript);
      await owner.getByRole('link', { name: 'I have saved them, continue' }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}/inbox`);
      await h1(owner, 'Requests');
      assert.equal((await owner.locator('header .biz').innerText()).trim(), businessName);
      await owner.getByRole('heading', { level: 2, name: 'Get ready for online booking' }).waitFor();
      await assertChecklist([], 'a new business on Requests');
      await snap(owner, 'inbox-checklist');
    });

    step('the profile: phone and address saved, the step shows done', async () => {
      current = owner;
      await followChecklist('profile', '/settings/profile', 'Business profile');
      await checkSettingsPage('profile');
      await ready(owner, 'form[action$="/settings/profile"]', javaScript);
      await owner.getByLabel('Phone clients call (optional)').fill('(312) 248-0190');
      await owner.getByLabel('Address (optional)').fill('1200 W Fulton Market\nChicago, IL 60607');
      await owner.getByRole('button', { name: 'Save profile' }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}/settings/profile` && u.searchParams.get('done') === 'profile');
      await notice(owner, 'Profile saved.');
      assert.equal(await owner.getByLabel('Address (optional)').inputValue(), '1200 W Fulton Market\nChicago, IL 60607');
      await openSection('Requests', '/inbox', 'Requests');
      await assertChecklist(['profile'], 'after the profile');
    });

    step(`opening hours ${WEEKDAYS[0]}–${WEEKDAYS.at(-1)} ${OPENS}–${CLOSES} and drop-off/pick-up windows; the step shows done`, async () => {
      current = owner;
      await followChecklist('hours', '/settings/hours', 'Hours and closures');
      await checkSettingsPage('hours');
      await ready(owner, 'form[action$="/settings/hours"]', javaScript);
      for (const day of WEEKDAYS) {
        await owner.getByLabel(`${day} opens`, { exact: true }).fill(OPENS);
        await owner.getByLabel(`${day} closes`, { exact: true }).fill(CLOSES);
      }
      await owner.getByRole('button', { name: 'Save shared hours' }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}/settings/hours` && u.searchParams.get('done') === 'hours');
      await notice(owner, 'Opening hours saved.');
      assert.equal(await owner.getByLabel('Wednesday opens', { exact: true }).inputValue(), OPENS);
      assert.equal(await owner.getByLabel('Saturday opens', { exact: true }).inputValue(), '', 'the weekend stays closed');

      // A drop-off and a pick-up window, so the parent picks from them below. (Without any, the
      // time step offers every half hour of the opening hours: test/routes/booking.test.ts.)
      const windows = owner.locator('form[action$="/settings/hours/windows"]');
      const windowRows = owner.locator('section[aria-labelledby="windows-heading"] ul.closed-days > li');
      const toAdd = [
        ['Drop-off', ...DROP_OFF],
        ['Pick-up', ...PICK_UP],
      ] as const;
      for (const [n, [kind, from, to]] of toAdd.entries()) {
        await ready(owner, 'form[action$="/settings/hours/windows"]', javaScript);
        await windows.getByRole('radio', { name: kind, exact: true }).check();
        await windows.getByLabel('From', { exact: true }).fill(from);
        await windows.getByLabel('To', { exact: true }).fill(to);
        await windows.getByRole('button', { name: 'Add window' }).click();
        // The second add lands on the same URL as the first: wait for its row instead.
        await windowRows.nth(n).waitFor();
        assert.equal(new URL(owner.url()).searchParams.get('done'), 'window');
        await notice(owner, 'Window added.');
      }
      const listed = (await windowRows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').replace(/ Remove.*$/, ''));
      assert.deepEqual(listed, ['Drop-off 7:00 AM–9:00 AM', 'Pick-up 4:00 PM–6:00 PM'], "the windows, in the business's en-US clock");
      await openSection('Settings', '/settings', 'Settings');
      await assertChecklist(['profile', 'hours'], 'settings, after the hours');
    });

    step('a daycare service with a price, the step shows done', async () => {
      current = owner;
      await followChecklist('service', '/settings/services', 'Services and add-ons');
      await checkSettingsPage('services');
      const form = owner.locator('form', { has: owner.getByRole('heading', { level: 2, name: 'Add a service' }) });
      await ready(owner, 'form[action$="/settings/services"]', javaScript);
      await form.getByLabel('Name', { exact: true }).fill(SERVICE);
      await form.getByLabel('Kind of service').selectOption({ label: 'Daycare' });
      await form.getByLabel('Length in minutes').fill('540');
      await form.getByLabel('Price (USD)').fill('42.50');
      await form.getByRole('button', { name: 'Add service' }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}/settings/services` && u.searchParams.get('done') === 'service-added');
      await notice(owner, 'Service added.');
      const listed = (await owner.locator('ul.services li', { hasText: SERVICE }).innerText()).replace(/\s+/g, ' ');
      assert.match(listed, /Daycare · 540 min · \$42\.50/);
      await openSection('Requests', '/inbox', 'Requests');
      await assertChecklist(['profile', 'hours', 'service'], 'after the service');
    });

    step(`booking rules: ${CAPACITY} pets a day, online booking on, ${NOTICE_HOURS} h notice; the step shows done`, async () => {
      current = owner;
      await followChecklist('capacity', '/settings/booking', 'Booking rules');
      await checkSettingsPage('booking-rules');
      await ready(owner, 'form[action$="/settings/booking"]', javaScript);
      await owner.getByLabel('Daycare: pets a day').fill(String(CAPACITY));
      await owner.getByRole('checkbox', { name: 'Clients can book online' }).check();
      await owner.getByLabel('Minimum notice (hours before the visit)').fill(String(NOTICE_HOURS));
      await owner.getByRole('button', { name: 'Save booking rules' }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}/settings/booking` && u.searchParams.get('done') === 'booking');
      await notice(owner, 'Booking rules saved.');
      assert.equal(await owner.getByLabel('Daycare: pets a day').inputValue(), String(CAPACITY));
      assert.ok(await owner.getByRole('checkbox', { name: 'Clients can book online' }).isChecked());
      await openSection('Settings', '/settings', 'Settings');
      await assertChecklist(['profile', 'hours', 'service', 'capacity'], 'settings, after the rules');
    });

    step('a new client with a phone, invited by text: the checklist is gone from the inbox and settings', async () => {
      current = owner;
      await followChecklist('invited', '/clients', 'Clients');
      await ready(owner, 'main a', javaScript);
      await owner.getByRole('link', { name: 'Add a client' }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}/clients/new`);
      await h1(owner, 'Add a client');
      await ready(owner, 'form[action$="/clients/new"]', javaScript);
      await owner.getByLabel('First name').fill(client.firstName);
      await owner.getByLabel('Last name').fill(client.lastName);
      await owner.getByLabel('Mobile phone').fill(client.phoneTyped);
      await owner.getByRole('button', { name: 'Add client' }).click();
      await owner.waitForURL((u) => /^\/manage\/[^/]+\/clients\/cli_/.test(u.pathname) && u.searchParams.get('added') === '1');
      await h1(owner, `${client.firstName} ${client.lastName}`);
      await notice(owner, 'Client added.');
      clientId = new URL(owner.url()).pathname.split('/').at(-1)!;
      assert.equal((await owner.locator('#portal-status').innerText()).trim(), 'Not invited');

      await ready(owner, 'form[action$="/invite"]', javaScript);
      assert.ok(await owner.getByRole('radio', { name: 'Text message' }).isChecked(), 'a text is the default');
      await owner.getByRole('button', { name: 'Send portal invitation' }).click();
      await owner.waitForURL((u) => u.pathname === `${manage()}/clients/${clientId}` && u.searchParams.get('invited') === 'sms');
      await notice(owner, 'Invitation sent by text.');
      assert.match((await owner.locator('#portal-status').innerText()).trim(), /^Invited on .* by text$/);
      await snap(owner, 'client-invited');

      await openSection('Requests', '/inbox', 'Requests');
      assert.equal(await checklist().count(), 0, 'no checklist on Requests once every step is done');
      await openSection('Settings', '/settings', 'Settings');
      assert.equal(await checklist().count(), 0, 'no checklist on Settings once every step is done');
      await checkSettingsPage('settings-done');
    });

    step('on a phone (360 px) the settings pages fit the width and are axe clean', async () => {
      current = owner;
      await owner.setViewportSize(VIEWPORT);
      for (const [path, heading] of [
        ['/settings', 'Settings'],
        ['/settings/profile', 'Business profile'],
        ['/settings/hours', 'Hours and closures'],
        ['/settings/services', 'Services and add-ons'],
        ['/settings/booking', 'Booking rules'],
      ] as const) {
        await owner.goto(`${e2e.appUrl}${manage()}${path}`);
        await h1(owner, heading);
        await assertNoHorizontalOverflow(owner, `${heading} at 360 px`);
        await assertAccessible(owner, `${label} ${heading} at 360 px`);
      }
      await snap(owner, 'booking-rules-phone');
      await owner.setViewportSize(DESKTOP);
    });

    step('the parent (360 px) opens the texted link and registers with the texted code', async () => {
      ({ context: parentContext, page: parent } = await e2e.newPage({ javaScript }));
      current = parent;
      invitationSms = await latestSms(e2e.appUrl, client.phoneE164);
      const match = new RegExp(
        `^${escapeRegExp(businessName)} invites you to Pawtal, their client portal: ${escapeRegExp(e2e.appUrl)}(/invite/[A-Za-z0-9_-]+)$`,
      ).exec(invitationSms.body);
      assert.ok(match, `invitation SMS: ${JSON.stringify(invitationSms.body)}`);
      const response = await parent.goto(`${e2e.appUrl}${match[1]}`);
      assert.equal(response?.status(), 200);
      await h1(parent, `${client.firstName}, ${businessName} invites you to Pawtal`);
      await ready(parent, 'form[action$="/code-request"]', javaScript);
      await parent.getByRole('button', { name: 'Text me a code' }).click();
      await h1(parent, 'Enter your code');
      const { code } = await latestCode(e2e.appUrl, client.phoneE164, { newerThan: invitationSms });
      await ready(parent, 'form[action$="/verify"]', javaScript);
      await parent.getByLabel('6-digit code').fill(code);
      await parent.getByRole('button', { name: 'Register' }).click();
      await parent.waitForURL((u) => u.pathname === `/c/${clientId}/welcome`);
      await h1(parent, `Welcome to Pawtal, ${client.firstName}`);
      await assertNoHorizontalOverflow(parent, 'welcome');
      await snap(parent, 'parent-welcome');
    });

    step(`the parent adds ${petName} on the portal's Add a pet page`, async () => {
      current = parent;
      await ready(parent, 'nav.sections a', javaScript);
      await parent.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pets', exact: true }).click();
      await parent.waitForURL((u) => u.pathname === `/c/${clientId}/pets`);
      await h1(parent, 'Pets');
      assert.match(await mainText(parent), /No pets on your record yet\./);
      await ready(parent, 'main a.button', javaScript);
      await parent.getByRole('link', { name: 'Add a pet' }).click();
      await parent.waitForURL((u) => u.pathname === `/c/${clientId}/pets/new`);
      await h1(parent, 'Add a pet');
      await ready(parent, 'form[action$="/pets/new"]', javaScript);
      await parent.getByLabel('Name', { exact: true }).fill(petName);
      await parent.getByLabel('Dog').check();
      await parent.getByLabel('Breed (optional)').fill('Labrador Retriever');
      await parent.getByRole('button', { name: 'Add pet' }).click();
      await h1(parent, petName);
      await assertNoHorizontalOverflow(parent, 'pet profile');
    });

    step(`the parent books daycare on ${bookedDay} online and sees it as Requested`, async () => {
      current = parent;
      const next = async (button: string, stepName: string) => {
        await ready(parent, '#booking form', javaScript);
        await parent.getByRole('button', { name: button, exact: true }).click();
        await parent.locator('#booking > p.muted', { hasText: `: ${stepName}` }).waitFor();
        await assertNoHorizontalOverflow(parent, `booking: ${stepName}`);
      };
      await ready(parent, 'nav.sections a', javaScript);
      await parent.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Book', exact: true }).click();
      await h1(parent, 'Book a visit');
      await parent.locator('#booking > p.muted', { hasText: 'Pets and visit' }).waitFor();
      const daycare = parent.getByRole('group', { name: 'What would you like to book?' }).getByRole('radio', { name: 'Daycare' });
      if (await daycare.count()) await daycare.check();
      await parent
        .getByRole('group', { name: 'Which pets?' })
        .getByRole('checkbox', { name: new RegExp(`^${petName}`) })
        .check();
      await next('Next', 'Services');
      await parent
        .getByRole('group', { name: `Service for ${petName}` })
        .getByRole('radio', { name: new RegExp(`^${SERVICE}`) })
        .check();
      await next('Next', 'Time');
      await snap(parent, 'parent-days');
      // Today is inside the 24 h notice and the weekend has no hours: neither can be ticked.
      const today = localDateString(Date.now(), CHICAGO);
      const saturday = addDays(bookedDay, 6 - new Date(`${bookedDay}T12:00:00Z`).getUTCDay());
      const dayBox = (date: string) => parent.locator(`#booking input[name="day"][value="${date}"]`);
      assert.ok(await dayBox(today).isDisabled(), `today (${today}) cannot be booked`);
      assert.ok(await dayBox(saturday).isDisabled(), `Saturday ${saturday} cannot be booked`);
      await parent.getByRole('checkbox', { name: dayLabel(bookedDay), exact: true }).check();
      assert.deepEqual(await parent.getByLabel('Drop-off time').locator('option').allInnerTexts(), ['7:00 AM–9:00 AM']);
      assert.deepEqual(await parent.getByLabel('Pick-up time').locator('option').allInnerTexts(), ['4:00 PM–6:00 PM']);
      await next('Next', 'Notes');
      await parent.getByLabel('Notes for the business (optional)').fill(`${petName}'s first day: a bit shy at first.`);
      await next('Review', 'Review');
      const review = (await parent.locator('dl.review').innerText()).replace(/\s+/g, ' ');
      assert.match(review, new RegExp(`Daycare for ${petName}`), `the review: ${review}`);
      const shortDay = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' }).format(
        new Date(`${bookedDay}T12:00:00Z`),
      );
      assert.match(
        review,
        new RegExp(`When ${escapeRegExp(shortDay)}, 7:00 AM C[SD]T`),
        `the review: the day, from the first drop-off, Chicago time: ${review}`,
      );
      assert.match(await mainText(parent), /\$42\.50/, 'the review shows the price set in the console');
      await snap(parent, 'parent-review');
      await ready(parent, '#booking form', javaScript);
      await parent.getByRole('button', { name: 'Send request' }).click();
      await parent.waitForURL((u) => u.pathname.startsWith(`/c/${clientId}/appointments/`) && u.searchParams.get('booked') === 'requested');
      await parent.getByRole('status').filter({ hasText: 'Request sent.' }).waitFor();
      assert.equal((await parent.locator('.detail .status').innerText()).trim(), 'Requested');
      appointmentId = new URL(parent.url()).pathname.split('/').at(-1)!;
      assert.match(appointmentId, /^apt_/);
      await assertNoHorizontalOverflow(parent, 'the requested visit');
      await snap(parent, 'parent-requested');
    });

    step('the owner sees the new request on Requests', async () => {
      current = owner;
      await openSection('Requests', '/inbox', 'Requests');
      const item = owner.locator(`#request-${appointmentId}`);
      await item.waitFor();
      const text = (await item.innerText()).replace(/\s+/g, ' ');
      assert.match(text, new RegExp(`Daycare · ${client.firstName} ${client.lastName}`));
      assert.match(text, new RegExp(`${petName}: ${SERVICE}`));
      assert.match(text, new RegExp(`Daycare .*: 1 of ${CAPACITY} places taken`));
      await snap(owner, 'inbox-first-request');
    });
  });
}
