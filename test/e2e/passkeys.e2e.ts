/**
 * End to end, in a real Chromium at 360 × 740 with the DevTools protocol's virtual
 * authenticator (CTAP2, internal, resident keys, user verification): Jamie signs in by text
 * message, adds a passkey on the account page, signs out, signs in with the passkey — no text
 * message sent — and removes it; the removed passkey is then refused at sign-in. A console owner
 * adds one after password + code and then signs in with it alone.
 *
 * WebAuthn needs a secure context and a domain as its RP ID (an IP address is not one), so the
 * browser opens the stack as http://localhost:<port> rather than http://127.0.0.1:<port>.
 *
 * Run: node --import tsx --test --test-concurrency=1 test/e2e/passkeys.e2e.ts
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO, assertAccessible, assertNoHorizontalOverflow, readOutbox, screenshot, signIn, signInStaff, steps, useE2E } from './support';
import { DEMO_STAFF } from '../../scripts/demo-staff';

const e2e = useE2E('passkeys');
const jamie = DEMO.parents.jamie;

describe('passkeys for a parent, with JavaScript and a virtual authenticator', () => {
  let context: BrowserContext | undefined;
  let page: Page;
  let host = '';
  const step = steps('passkeys', () => page);
  const textsToJamie = async () => (await readOutbox(e2e.appUrl)).filter((m) => m.to === jamie.phoneE164).length;

  before(async () => {
    ({ context, page } = await e2e.newPage({ javaScript: true }));
    host = e2e.appUrl.replace('127.0.0.1', 'localhost');
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
  });
  after(async () => {
    await context?.close();
  });

  step('signs in by text message; the sign-in page offers a passkey too', async (t) => {
    await page.goto(`${host}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    await signIn(page, e2e.appUrl, { phoneTyped: jamie.phoneDisplay, phoneE164: jamie.phoneE164, javaScript: true, t });
  });

  step('adds a passkey from the account page', async () => {
    await page.goto(`${host}/account`);
    await page.getByRole('heading', { name: 'Passkeys' }).waitFor();
    await page.getByLabel('Name for this passkey (optional)').fill('Jamie’s phone');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL((url) => url.pathname === '/account/passkeys');
    await page.getByText('Your passkey is saved').waitFor();
    await page.getByText('Jamie’s phone').waitFor();
    await page.getByText('Not used yet.').waitFor();
    await assertNoHorizontalOverflow(page, 'passkeys page');
    await screenshot(page, 'passkeys-01-added');
    await assertAccessible(page, 'passkeys page');
  });

  step('signs out, then signs in with the passkey: no text message is sent', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    const texts = await textsToJamie();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await assertNoHorizontalOverflow(page, 'after passkey sign-in');
    await screenshot(page, 'passkeys-02-signed-in');
    assert.equal(await textsToJamie(), texts, 'a passkey sign-in sends no SMS');
  });

  step('shows when the passkey was last used, and removes it', async () => {
    await page.goto(`${host}/account/passkeys`);
    await page.getByText(/Last used/).waitFor();
    await page.getByRole('button', { name: 'Remove Jamie’s phone' }).click();
    await page.getByText('The passkey is removed').waitFor();
    await page.getByText('You have no passkeys yet.').waitFor();
    await screenshot(page, 'passkeys-03-removed');
  });

  step('the removed passkey is refused at sign-in (the authenticator still has it)', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByText('We don’t know that passkey').waitFor();
    assert.equal(new URL(page.url()).pathname, '/sign-in/passkey');
    await assertNoHorizontalOverflow(page, 'refused passkey');
    await screenshot(page, 'passkeys-04-refused');
    await assertAccessible(page, 'sign-in with a refused passkey');
  });
});

describe('passkeys for staff, with JavaScript and a virtual authenticator', () => {
  let context: BrowserContext | undefined;
  let page: Page;
  let host = '';
  const step = steps('passkeys-staff', () => page);
  const owner = DEMO_STAFF[0]!;

  before(async () => {
    ({ context, page } = await e2e.newPage({ javaScript: true }));
    host = e2e.appUrl.replace('127.0.0.1', 'localhost');
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
  });
  after(async () => {
    await context?.close();
  });

  step('the owner signs in with password and code, and adds a passkey on /manage/passkeys', async () => {
    await signInStaff(page, host, { email: owner.email, password: owner.password, totpSecret: owner.totpSecret }, { javaScript: true });
    await page.goto(`${host}/manage/passkeys`);
    await page.getByLabel('Name for this passkey (optional)').fill('Front desk laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Your passkey is saved').waitFor();
    await page.getByText('Front desk laptop').waitFor();
    await assertNoHorizontalOverflow(page, 'staff passkeys page');
    await assertAccessible(page, 'staff passkeys page');
    await screenshot(page, 'passkeys-staff-01-added');
  });

  step('signs out, then signs in with the passkey alone: no password, no code', async () => {
    await page.goto(`${host}/manage`);
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL((url) => url.pathname === '/manage/sign-in');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/manage/sign-in') && url.pathname !== '/manage');
    assert.match(new URL(page.url()).pathname, /^\/manage\/biz_[^/]+\/inbox$/);
    await screenshot(page, 'passkeys-staff-02-signed-in');
  });
});
