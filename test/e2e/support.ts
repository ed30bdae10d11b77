/**
 * Shared harness for the end-to-end browser tests (test/e2e/*.e2e.ts, run by node's own test
 * runner: `node --import tsx --test --test-concurrency=1 test/e2e/*.e2e.ts`).
 *
 * `useE2E()` registers file-level before/after hooks that start the real stack once per file
 * (scripts/stack.ts: libSQL server on a fresh database file, migrations, demo seed, the Worker
 * under `wrangler dev` with its own `--persist-to`, so OTP send limits start fresh) and one
 * Chromium (Debian's /usr/bin/chromium through playwright-core; browsers are never downloaded).
 * Everything runs at a 360 × 740 phone viewport, with JavaScript on or off per context.
 *
 * Also here: signing in through the real UI with the code read back from /dev/outbox, waiting
 * out the 30-second spacing between codes instead of weakening it; a staff member's console
 * sign-in (password, then a TOTP code used once); the outbox's emails (and the
 * code in the newest one to an address), screenshots into
 * test-results/e2e/, and `steps()`, which chains dependent `it`s so that after the first failure
 * the rest are skipped with a pointer to it rather than failing for the same reason.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, startStack, type Stack } from '../../scripts/stack';
import { DEMO } from '../../scripts/seed';
import { totpCode, totpStep } from '../../src/domain/two-step';

export { DEMO };

export const VIEWPORT = { width: 360, height: 740 } as const;
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'e2e');

/** How long a single Playwright action or wait may take before the step fails. */
const ACTION_TIMEOUT_MS = 10_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface E2E {
  /** Origin of the Worker under test, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly appUrl: string;
  /** URL of the stack's libSQL server, for tests that check what was written (`createClient({ url })`). */
  readonly dbUrl: string;
  readonly browser: Browser;
  /**
   * A fresh browser context (own cookies) at the phone viewport, and a page in it; `locale`
   * (default en-US) is also the Accept-Language it sends.
   */
  newPage(opts: { javaScript: boolean; locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
}

/** A free TCP port on 127.0.0.1 (listen on 0, read it back, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Registers before/after hooks for the current file: stack + Chromium up once, down at the
 * end (temp directory removed unless E2E_KEEP=1). The returned object is usable inside tests.
 * `name` prefixes this file's screenshots (`<name>-….png`); older ones with that prefix are
 * removed when the file starts. `opts.vars` adds Worker settings (e.g. STAFF_API_TOKEN, which
 * turns the staff API on) or overrides the defaults below.
 */
export function useE2E(name: string, opts: { vars?: Record<string, string> } = {}): E2E {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let dir: string | undefined;
  const contexts = new Set<BrowserContext>();

  before(
    async () => {
      const started = Date.now();
      dir = await mkdtemp(join(tmpdir(), `pawtal-e2e-${name}-`));
      const vars = {
        APP_ENV: 'development',
        SMS_PROVIDER: 'outbox',
        // wrangler.toml says "postmark"; tests must never send real email (and need no token).
        EMAIL_PROVIDER: 'outbox',
        OTP_PEPPER: randomBytes(32).toString('base64'),
        PUBLIC_HOST: '',
        ...opts.vars,
      };
      for (let attempt = 1; !stack; attempt++) {
        try {
          stack = await startStack({
            dbFile: join(dir, 'e2e.db'),
            dbPort: 0,
            appPort: await freePort(),
            persistTo: join(dir, 'wrangler-state'),
            vars,
            log: (line) => console.log(`# [stack] ${line}`),
          });
        } catch (error) {
          // The probed port can be taken by another process before wrangler binds it; try
          // another port once. Any other failure is real.
          if (attempt >= 2 || !/Address already in use/.test(String(error))) throw error;
          console.log('# [e2e] the app port was taken before wrangler bound it; retrying on another port');
        }
      }
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      // Screenshots of this file's earlier runs would be mistaken for this run's.
      for (const file of readdirSync(SCREENSHOT_DIR)) {
        if (file.startsWith(`${name}-`) || file.startsWith(`FAILED-${name}-`)) rmSync(join(SCREENSHOT_DIR, file));
      }
      console.log(`# [e2e] stack and browser ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    { timeout: 150_000 },
  );

  after(
    async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await browser?.close().catch(() => {});
      await stack?.stop();
      if (dir && process.env.E2E_KEEP !== '1') await rm(dir, { recursive: true, force: true });
      else if (dir) console.log(`# [e2e] kept ${dir}`);
    },
    { timeout: 30_000 },
  );

  return {
    get appUrl() {
      assert.ok(stack, 'the stack is not running (did the before hook fail?)');
      return stack.appUrl;
    },
    get dbUrl() {
      assert.ok(stack, 'the stack is not running (did the before hook fail?)');
      return stack.dbUrl;
    },
    get browser() {
      assert.ok(browser, 'the browser is not running (did the before hook fail?)');
      return browser;
    },
    async newPage({ javaScript, locale = 'en-US' }) {
      assert.ok(browser, 'the browser is not running (did the before hook fail?)');
      const context = await browser.newContext({
        viewport: VIEWPORT,
        deviceScaleFactor: 2,
        javaScriptEnabled: javaScript,
        locale,
      });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      return { context, page: await context.newPage() };
    },
  };
}

/**
 * Dependent steps of one scenario, each its own `it` (so the report names the step that
 * broke). Once a step fails, the following ones are skipped, naming the failed step. A failing
 * step also leaves a screenshot, FAILED-<label>-<step>.png, in test-results/e2e/.
 */
export function steps(label: string, getPage: () => Page | undefined) {
  let failed: string | undefined;
  return function step(name: string, fn: (t: TestContext) => Promise<void>, timeoutMs = 45_000) {
    it(name, { timeout: timeoutMs }, async (t) => {
      if (failed) {
        t.skip(`an earlier step failed: "${failed}"`);
        return;
      }
      try {
        await fn(t);
      } catch (error) {
        failed = name;
        const page = getPage();
        if (page && !page.isClosed()) {
          await page.screenshot({ path: join(SCREENSHOT_DIR, `FAILED-${slug(label)}-${slug(name)}.png`), fullPage: true }).catch(() => {});
          t.diagnostic(`page at failure: ${page.url()}`);
        }
        throw error;
      }
    });
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** Full-page PNG into test-results/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** One message as /dev/outbox lists it (newest first). */
export interface OutboxMessage {
  to: string;
  createdAt: string;
  body: string;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Reads /dev/outbox from Node (not through the browser) and parses its messages. */
export async function readOutbox(appUrl: string): Promise<OutboxMessage[]> {
  const response = await fetch(`${appUrl}/dev/outbox`);
  assert.equal(response.status, 200, `/dev/outbox answered ${response.status}`);
  const html = await response.text();
  const messages: OutboxMessage[] = [];
  for (const [, item] of html.matchAll(/<li>([\s\S]*?)<\/li>/g)) {
    const to = /<strong>To (\+\d+)<\/strong>/.exec(item!)?.[1];
    const createdAt = /<span class="muted">([^<]+)<\/span>/.exec(item!)?.[1];
    const body = /<pre>([\s\S]*?)<\/pre>/.exec(item!)?.[1];
    if (to && createdAt && body !== undefined) messages.push({ to, createdAt, body: decodeEntities(body) });
  }
  return messages;
}

/**
 * The code in the newest outbox message to `phoneE164`, taken from the last `#123456` of its
 * body (the WebOTP line). The SMS is written after the response (waitUntil), so this polls for
 * up to `timeoutMs`. With `newerThan` (a message seen before asking), only a different, newer
 * message counts — so a second sign-in never reuses the first code.
 */
export async function latestCode(
  appUrl: string,
  phoneE164: string,
  opts: { newerThan?: OutboxMessage; timeoutMs?: number } = {},
): Promise<{ code: string; message: OutboxMessage }> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  const isOld = (m: OutboxMessage) => opts.newerThan !== undefined && m.createdAt === opts.newerThan.createdAt && m.body === opts.newerThan.body;
  for (;;) {
    const newest = (await readOutbox(appUrl)).find((m) => m.to === phoneE164);
    if (newest && !isOld(newest)) {
      const codes = [...newest.body.matchAll(/#(\d{6})/g)];
      const code = codes.at(-1)?.[1];
      assert.ok(code, `the newest SMS to ${phoneE164} has no "#123456" line: ${JSON.stringify(newest.body)}`);
      return { code, message: newest };
    }
    if (Date.now() > deadline) {
      assert.fail(`no new SMS to ${phoneE164} in /dev/outbox within ${opts.timeoutMs ?? 5_000} ms`);
    }
    await sleep(200);
  }
}

/**
 * The newest SMS to `phoneE164` in /dev/outbox — any SMS, with or without a code (e.g. an
 * invitation link). Polls for up to `timeoutMs`; with `newerThan`, only a different message counts.
 */
export async function latestSms(appUrl: string, phoneE164: string, opts: { newerThan?: OutboxMessage; timeoutMs?: number } = {}): Promise<OutboxMessage> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const deadline = Date.now() + timeoutMs;
  const isOld = (m: OutboxMessage) => opts.newerThan !== undefined && m.createdAt === opts.newerThan.createdAt && m.body === opts.newerThan.body;
  for (;;) {
    const newest = (await readOutbox(appUrl)).find((m) => m.to === phoneE164);
    if (newest && !isOld(newest)) return newest;
    if (Date.now() > deadline) assert.fail(`no new SMS to ${phoneE164} in /dev/outbox within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** One email as /dev/outbox lists it (section "Emails", newest first). */
export interface OutboxEmail {
  to: string;
  createdAt: string;
  subject: string;
  body: string;
}

/** Reads the emails of /dev/outbox (`<ol id="emails">`) from Node and parses them. */
export async function readEmails(appUrl: string): Promise<OutboxEmail[]> {
  const response = await fetch(`${appUrl}/dev/outbox`);
  assert.equal(response.status, 200, `/dev/outbox answered ${response.status}`);
  const html = await response.text();
  const list = /<ol[^>]*\bid="emails"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1];
  if (list === undefined) return []; // "No emails yet."
  const emails: OutboxEmail[] = [];
  for (const [, item] of list.matchAll(/<li>([\s\S]*?)<\/li>/g)) {
    const head = /<strong>To ([^<]+)<\/strong>\s*<span class="muted">([^<]+)<\/span>\s*<\/p>\s*<p>([\s\S]*?)<\/p>/.exec(item!);
    const body = /<pre>([\s\S]*?)<\/pre>/.exec(item!)?.[1];
    if (head && body !== undefined) {
      emails.push({ to: decodeEntities(head[1]!), createdAt: head[2]!, subject: decodeEntities(head[3]!), body: decodeEntities(body) });
    }
  }
  return emails;
}

/**
 * The 6-digit code in the newest email to `address` (optionally only one whose subject matches
 * `subject`): the code stands alone on its line in the body. The email is written after the
 * response (waitUntil), so this polls for up to `timeoutMs`; with `newerThan`, only a different,
 * newer email counts.
 */
export async function latestEmailCode(
  appUrl: string,
  address: string,
  opts: { subject?: string | RegExp; newerThan?: OutboxEmail; timeoutMs?: number } = {},
): Promise<{ code: string; email: OutboxEmail }> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const deadline = Date.now() + timeoutMs;
  const wanted = (e: OutboxEmail) =>
    e.to === address && (opts.subject === undefined || (typeof opts.subject === 'string' ? e.subject === opts.subject : opts.subject.test(e.subject)));
  const isOld = (e: OutboxEmail) => opts.newerThan !== undefined && e.createdAt === opts.newerThan.createdAt && e.body === opts.newerThan.body;
  for (;;) {
    const newest = (await readEmails(appUrl)).find(wanted);
    if (newest && !isOld(newest)) {
      const codes = [...newest.body.matchAll(/^\s*(\d{6})\s*$/gm)];
      assert.equal(codes.length, 1, `the newest email to ${address} should hold one 6-digit code: ${JSON.stringify(newest.body)}`);
      return { code: codes[0]![1]!, email: newest };
    }
    if (Date.now() > deadline) {
      assert.fail(`no new email${opts.subject ? ` "${opts.subject}"` : ''} to ${address} in /dev/outbox within ${timeoutMs} ms`);
    }
    await sleep(200);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until `expression`, evaluated in the page, is truthy — polled from here with
 * `page.evaluate`. Not Playwright's `waitForFunction`: when it has to poll, it re-evaluates the
 * predicate with eval inside the page, which our CSP (script-src 'self', no 'unsafe-eval')
 * refuses, so it fails exactly when the page is slow (an image still loading).
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) assert.fail(`not true within ${timeoutMs} ms: ${expression}`);
    await sleep(50);
  }
}

/**
 * With JavaScript, waits until htmx has processed `selector` (it marks elements it wired up
 * with `data-htmx-powered`), so a click is an htmx request and not a plain navigation that
 * races the deferred script. Without JavaScript, just waits for the element.
 */
export async function ready(page: Page, selector: string, javaScript: boolean): Promise<void> {
  await page
    .locator(javaScript ? `${selector}[data-htmx-powered]` : selector)
    .first()
    .waitFor();
}

/**
 * Signs in through the UI: types the phone number into "Mobile phone number", submits, reads
 * the new code from /dev/outbox and enters it in "6-digit code". When the app refuses a second
 * code within the spacing rule ("Please wait N seconds…"), waits N seconds and asks again —
 * the rule is exercised, not bypassed. Ends on whatever page sign-in leads to.
 */
/**
 * The last session each phone number signed in to in this process (each e2e file is its own
 * process): a second window of the same parent within the 30-s spacing of codes borrows it
 * instead of waiting the spacing out (the code flow itself is tested in full by the sign-in files).
 */
const recentSessions = new Map<string, { at: number; cookies: Awaited<ReturnType<BrowserContext['cookies']>> }>();
const CODE_SPACING_MS = 30_000;

export async function signIn(page: Page, appUrl: string, opts: { phoneTyped: string; phoneE164: string; javaScript: boolean; t?: TestContext }): Promise<void> {
  const recent = recentSessions.get(opts.phoneE164);
  if (recent && Date.now() - recent.at < CODE_SPACING_MS) {
    await page.context().addCookies(recent.cookies);
    await page.goto(`${appUrl}/`);
    // Signed out since (or expired): the cookie leads back to sign-in, and the code flow below runs.
    if (!new URL(page.url()).pathname.startsWith('/sign-in')) {
      opts.t?.diagnostic('signed in with the session of this parent’s other window (a new code would wait out the 30-s spacing)');
      return;
    }
  }
  await signInByCode(page, appUrl, opts);
  recentSessions.set(opts.phoneE164, { at: Date.now(), cookies: (await page.context().cookies()).filter((c) => c.name.includes('session')) });
}

async function signInByCode(page: Page, appUrl: string, opts: { phoneTyped: string; phoneE164: string; javaScript: boolean; t?: TestContext }): Promise<void> {
  const phoneField = page.getByLabel('Mobile phone number');
  const codeField = page.getByLabel('6-digit code');
  for (let attempt = 1; ; attempt++) {
    const before = (await readOutbox(appUrl)).find((m) => m.to === opts.phoneE164);
    await ready(page, 'form[action="/sign-in"]', opts.javaScript);
    await phoneField.fill(opts.phoneTyped);
    await page.getByRole('button', { name: 'Text me a code' }).click();
    const wait = page.getByText(/Please wait (\d+) seconds? before asking for another code/);
    await codeField.or(wait).first().waitFor();
    if (await codeField.isVisible()) {
      assert.match(new URL(page.url()).pathname, /^\/sign-in\/code$/);
      const { code } = await latestCode(appUrl, opts.phoneE164, { newerThan: before });
      await ready(page, 'form[action="/sign-in/code"]', opts.javaScript);
      await codeField.fill(code);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      return;
    }
    assert.ok(attempt < 3, 'still told to wait for a new code after waiting it out twice');
    const seconds = Number(/Please wait (\d+) second/.exec(await wait.innerText())?.[1]);
    assert.ok(seconds > 0 && seconds <= 30, `unexpected wait of ${seconds} s (the spacing rule is 30 s)`);
    opts.t?.diagnostic(`code spacing: told to wait ${seconds} s; waiting it out`);
    await sleep(seconds * 1000 + 500);
  }
}

/** A console account as scripts/demo-staff.ts lists them (DEMO_STAFF entries fit). */
export interface StaffLogin {
  email: string;
  password: string;
  /** Base32 TOTP secret; null for an account without a second factor. */
  totpSecret: string | null;
}

/** The last TOTP time step used by this test process (each e2e file is its own process). */
let lastTotpStep = -1;

/**
 * The TOTP code of `secret` for a time step this process has not used yet, computed as an
 * authenticator app would. The console takes each code once (a reused one is refused), so a
 * second sign-in in the same 30-second step waits for the next step instead.
 */
export async function freshTotpCode(secret: string): Promise<string> {
  while (totpStep(Date.now()) <= lastTotpStep) await sleep(1000);
  lastTotpStep = totpStep(Date.now());
  return totpCode(secret, lastTotpStep);
}

/**
 * Signs a staff member in to the business console through the UI: "Work email address" and
 * "Password" on /manage/sign-in, then, for an account with a TOTP secret (which the console
 * must ask for), a fresh code on /manage/two-step. `onPage` runs on each of those pages before
 * it is filled (e.g. an axe check). Ends on whatever page sign-in leads to (the inbox for a
 * one-business account).
 */
export async function signInStaff(
  page: Page,
  appUrl: string,
  staff: StaffLogin,
  opts: { javaScript: boolean; onPage?: (which: 'sign-in' | 'two-step') => Promise<void> },
): Promise<void> {
  const signInPath = '/manage/sign-in';
  const twoStepPath = '/manage/two-step';
  await page.goto(`${appUrl}${signInPath}`);
  await opts.onPage?.('sign-in');
  await ready(page, `form[action="${signInPath}"]`, opts.javaScript);
  await page.getByLabel('Work email address').fill(staff.email);
  await page.getByLabel('Password').fill(staff.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname !== signInPath);
  if (staff.totpSecret) {
    // An account with a second factor is always asked for it.
    assert.equal(new URL(page.url()).pathname, twoStepPath, `${staff.email} has a TOTP secret but was not asked for the second step`);
    await opts.onPage?.('two-step');
    await ready(page, `form[action="${twoStepPath}"]`, opts.javaScript);
    await page.getByLabel('6-digit code from your authenticator app').fill(await freshTotpCode(staff.totpSecret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.pathname !== twoStepPath);
  }
  assert.doesNotMatch(new URL(page.url()).pathname, /^\/manage\/(sign-in|two-step)/, `${staff.email} did not get past sign-in`);
}

/**
 * Fails when the page is wider than its viewport (360 px unless the test set another size):
 * content cut off or side-scrolling.
 */
export async function assertNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const width = page.viewportSize()?.width ?? VIEWPORT.width;
  const [scrollWidth, clientWidth] = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
  assert.ok(scrollWidth <= width, `${where}: page is ${scrollWidth} px wide at a ${width} px viewport (client width ${clientWidth})`);
}

/** Sets a marker on `window`; it survives htmx swaps and is gone after a full page load. */
export async function setMarker(page: Page): Promise<void> {
  await page.evaluate('window.__e2eMarker = 1');
}

export async function hasMarker(page: Page): Promise<boolean> {
  return (await page.evaluate('window.__e2eMarker === 1')) as boolean;
}

/** The visible text of <main>, whitespace collapsed, for readable assertions. */
export async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();
}

/** axe-core's engine, read once from node_modules (no network; injected into the page). */
let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now, at its viewport, and fails on any
 * violation of impact serious or critical, listing each rule, its impact, the failing nodes'
 * selectors and the help URL.
 *
 * axe needs script execution (it uses timers), which a JavaScript-off context does not have; so
 * the current DOM (page.content(), scripts removed so nothing re-runs) is served at the same URL
 * to a scratch JS-enabled page of the same browser (the stylesheet and images still load from
 * the app, so contrast is measured on the real styles), and axe runs there. That context has
 * `bypassCSP: true` — test only, because the app's CSP (rightly) refuses the inline script
 * that page.addScriptTag({ content }) adds; the app's CSP itself is unchanged.
 */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  axeSource ??= readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const browser = page.context().browser();
  assert.ok(browser, 'no browser for the axe scratch page');
  // The page's own viewport, so axe sees the layout (and contrast) at the size the test set.
  const scratch = await browser.newContext({ viewport: page.viewportSize() ?? VIEWPORT, deviceScaleFactor: 2, locale: 'en-US', bypassCSP: true });
  try {
    const axePage = await scratch.newPage();
    await axePage.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await axePage.goto(url);
    await axePage.addScriptTag({ content: axeSource });
    const violations = (await axePage.evaluate(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    }).then((r) => r.violations)`)) as AxeViolation[];
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length === 0) return;
    const report = bad
      .map(
        (v) =>
          `- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
          v.nodes.map((n) => `    ${JSON.stringify(n.target)}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n'),
      )
      .join('\n');
    assert.fail(`${label} (${new URL(url).pathname}): axe-core found ${bad.length} serious/critical violation(s):\n${report}`);
  } finally {
    await scratch.close();
  }
}
