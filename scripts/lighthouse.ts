/**
 * Lighthouse (mobile) on the parent's portal, as issue 11 asks: accessibility, best practices
 * and SEO on the home, appointments, booking, pets, agreement, pet, certificate upload, account
 * and data export pages, with the demo parent
 * (Jamie, two businesses) signed in. Starts its own stack the way the e2e tests and the bench
 * do (a fresh database with the demo seed, wrangler dev, the SMS outbox), signs in by code
 * through the outbox, then runs the `lighthouse` CLI on each page with the session cookie
 * (--extra-headers) in the system Chromium, and prints the scores. Exits 1 when a score is
 * below 100. About a minute; not part of CI.
 *
 * Run: npm run lighthouse            (LIGHTHOUSE_URL=http://127.0.0.1:8787 to use a running `npm run dev`)
 *      LIGHTHOUSE_KEEP=1 keeps the JSON reports in test-results/lighthouse/.
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, startStack, type Stack } from './stack';
import { DEMO } from './seed';
import { DEMO_AGREEMENTS } from './demo-agreements';

const run = promisify(execFile);
const CATEGORIES = ['accessibility', 'best-practices', 'seo'] as const;
const JAMIE = DEMO.parents.jamie;
const boarding = `/c/${DEMO.clients.jamieAtBoarding}`;
const PAGES: { name: string; path: string; noindexExpected?: boolean; spanish?: boolean }[] = [
  { name: 'home', path: '/' },
  { name: 'appointments', path: `${boarding}/appointments` },
  { name: 'booking', path: `${boarding}/book` },
  { name: 'pets', path: `${boarding}/pets` },
  { name: 'agreement', path: `${boarding}/agreements/${DEMO_AGREEMENTS.boarding}` },
  // Issue 14 and 15's parent pages: the pet page with its certificates, the certificate upload,
  // the account page (calendar feed, passkeys, your data) and the printable data export.
  { name: 'pet', path: `${boarding}/pets/${DEMO.pets.biscuit}` },
  { name: 'certificate upload', path: `${boarding}/pets/${DEMO.pets.biscuit}/vaccinations/new` },
  { name: 'account', path: '/account' },
  // Marked noindex on purpose (a person's whole record): Lighthouse's "is-crawlable" audit is expected to fail there.
  { name: 'your data (printable)', path: '/account/export.html', noindexExpected: true },
  // Issue 15 item 4: the same pages in Spanish (the switcher's cookie).
  { name: 'home (es)', path: '/', spanish: true },
  { name: 'appointments (es)', path: `${boarding}/appointments`, spanish: true },
  { name: 'booking (es)', path: `${boarding}/book`, spanish: true },
  { name: 'pet (es)', path: `${boarding}/pets/${DEMO.pets.biscuit}`, spanish: true },
  { name: 'account (es)', path: '/account', spanish: true },
];
const OUT = join(ROOT, 'test-results', 'lighthouse');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Cookies as a browser would keep them, from each response's Set-Cookie. */
class Jar {
  readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function post(appUrl: string, jar: Jar, path: string, form: Record<string, string>): Promise<Response> {
  const res = await fetch(`${appUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appUrl, 'sec-fetch-site': 'same-origin', cookie: jar.header() },
    body: new URLSearchParams(form),
  });
  jar.take(res);
  return res;
}

/** Signs the demo parent in by a texted code read from /dev/outbox; returns the Cookie header. */
async function signIn(appUrl: string): Promise<string> {
  const jar = new Jar();
  const asked = await post(appUrl, jar, '/sign-in', { phone: JAMIE.phoneDisplay });
  if (asked.status !== 303) throw new Error(`POST /sign-in answered ${asked.status}`);
  const started = Date.now();
  let code: string | undefined;
  while (!code && Date.now() - started < 15_000) {
    const html = await (await fetch(`${appUrl}/dev/outbox`)).text();
    code = html.match(new RegExp(`To \\${JAMIE.phoneE164}</strong>[\\s\\S]*?<pre>([\\s\\S]*?)</pre>`))?.[1]?.match(/\b(\d{6})\b/)?.[1];
    if (!code) await new Promise((r) => setTimeout(r, 200));
  }
  if (!code) throw new Error(`no code for ${JAMIE.phoneE164} in /dev/outbox`);
  const verified = await post(appUrl, jar, '/sign-in/code', { code });
  if (verified.status !== 303 || !jar.cookies.has('__Host-pawtal_session')) throw new Error(`POST /sign-in/code answered ${verified.status} without a session`);
  return jar.header();
}

interface Audit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
}

async function lighthouse(url: string, cookie: string, name: string): Promise<{ scores: Record<string, number>; failing: string[] }> {
  const outPath = join(OUT, `${name}.json`);
  await run(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      '--quiet',
      '--output=json',
      `--output-path=${outPath}`,
      `--only-categories=${CATEGORIES.join(',')}`,
      '--form-factor=mobile',
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync',
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(readFileSync(outPath, 'utf8')) as {
    finalDisplayedUrl: string;
    categories: Record<string, { score: number; auditRefs: { id: string; weight: number }[] }>;
    audits: Record<string, Audit>;
  };
  if (new URL(report.finalDisplayedUrl).pathname.startsWith('/sign-in'))
    throw new Error(`${name}: Lighthouse was sent to sign in (${report.finalDisplayedUrl})`);
  const scores: Record<string, number> = {};
  const failing: string[] = [];
  for (const category of CATEGORIES) {
    const c = report.categories[category]!;
    scores[category] = Math.round(c.score * 100);
    for (const ref of c.auditRefs) {
      const audit = report.audits[ref.id];
      if (audit && ref.weight > 0 && audit.score !== null && audit.score < 1) failing.push(`${category}: ${audit.id} (${audit.title})`);
    }
  }
  return { scores, failing };
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  let stack: Stack | undefined;
  let dir: string | undefined;
  let appUrl = process.env.LIGHTHOUSE_URL;
  const started = Date.now();
  try {
    if (!appUrl) {
      dir = await mkdtemp(join(tmpdir(), 'pawtal-lighthouse-'));
      stack = await startStack({
        dbFile: join(dir, 'lighthouse.db'),
        dbPort: 0,
        appPort: await freePort(),
        persistTo: join(dir, 'wrangler-state'),
        vars: { APP_ENV: 'development', SMS_PROVIDER: 'outbox', EMAIL_PROVIDER: 'outbox', OTP_PEPPER: randomBytes(32).toString('base64'), PUBLIC_HOST: '' },
        log: () => {},
      });
      appUrl = stack.appUrl;
    }
    const cookie = await signIn(appUrl);
    let allPerfect = true;
    console.log(`Lighthouse ${JSON.parse(readFileSync(join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version}, mobile, ${appUrl}`);
    console.log(`${'page'.padEnd(22)}${CATEGORIES.map((c) => c.padStart(16)).join('')}`);
    for (const p of PAGES) {
      const { scores, failing } = await lighthouse(`${appUrl}${p.path}`, p.spanish ? `${cookie}; pawtal_lang=es` : cookie, p.name);
      console.log(`${p.name.padEnd(22)}${CATEGORIES.map((c) => String(scores[c]).padStart(16)).join('')}`);
      for (const f of failing)
        console.log(`  · ${f}${p.noindexExpected && f.startsWith('seo: is-crawlable') ? ' — expected: the page is noindex on purpose' : ''}`);
      const unexpected = failing.filter((f) => !(p.noindexExpected && f.startsWith('seo: is-crawlable')));
      if (unexpected.length > 0 || CATEGORIES.some((c) => c !== 'seo' && scores[c] !== 100) || (!p.noindexExpected && scores.seo !== 100)) allPerfect = false;
    }
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s; reports in ${OUT})`);
    if (!allPerfect) process.exitCode = 1;
  } finally {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

await main();
