/**
 * `npm run admin` (scripts/admin.ts) against a real local libSQL server with the migrations:
 * each command does what it says, and every bad input is one clear line, exit 1, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { runAdminCli } from '../../scripts/admin';
import { freshDatabase, type FreshDatabase } from './fresh-database';

let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await freshDatabase('admin-test-');
});
afterAll(async () => {
  await fresh.close();
});

async function admin(...argv: string[]) {
  const lines: string[] = [];
  const code = await runAdminCli(argv, fresh.env, (line) => lines.push(line));
  return { code, out: lines.join('\n') };
}

const GROOMER = ['--name', 'Clip Joint', '--country', 'GB', '--time-zone', 'Europe/London', '--services', 'grooming', '--currency', 'GBP'];

async function createGroomer() {
  const { code, out } = await admin('business:create', ...GROOMER);
  expect(code).toBe(0);
  return /Created (biz_\S+):/.exec(out)![1]!;
}

describe('business:create', () => {
  it('with --owner-email invites the owner to the console in the same batch: a hashed 7-day link, the email in the outbox', async () => {
    const { code, out } = await admin('business:create', ...GROOMER, '--owner-email', ' Owner@Example.COM ', '--public-host', 'portal.example.com');
    expect(code).toBe(0);
    const id = /Created (biz_\S+):/.exec(out)![1]!;
    const link = /(https:\/\/portal\.example\.com\/manage\/invite\/[A-Za-z0-9_-]{43})/.exec(out)?.[1];
    expect(link).toBeTruthy();
    const [invitation] = await fresh.db.select().from(schema.staffInvitations).where(eq(schema.staffInvitations.businessId, id));
    expect(invitation).toMatchObject({ email: 'owner@example.com', role: 'owner', acceptedAt: null, revokedAt: null });
    expect(invitation!.tokenHash).not.toContain(link!.split('/').at(-1));
    expect(invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()).toBe(7 * 24 * 3600_000);
    const emails = await fresh.db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, 'owner@example.com'));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.bodyText).toContain(link!);
    expect(emails[0]!.subject).toContain('Clip Joint');
  });

  it('refuses a bad owner email or a missing public host with one clear line, writing nothing', async () => {
    const before = (await fresh.db.select().from(schema.businesses)).length;
    const bad = await admin('business:create', ...GROOMER, '--owner-email', 'not-an-email', '--public-host', 'portal.example.com');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^--owner-email: /);
    const noHost = await admin('business:create', ...GROOMER, '--owner-email', 'owner@example.com');
    expect(noHost.code).toBe(1);
    expect(noHost.out).toContain('--public-host');
    expect((await fresh.db.select().from(schema.businesses)).length).toBe(before);
  });

  it('creates the business with its country, time zone, services, currency and a locale of the country', async () => {
    const { code, out } = await admin(
      'business:create',
      '--name',
      '  Happy Tails  ',
      '--country',
      'US',
      '--time-zone',
      'America/Los_Angeles',
      '--services',
      'boarding,daycare',
      '--currency',
      'USD',
      '--phone',
      '(206) 555-0142',
      '--address',
      '1 Main St\nSeattle',
    );
    expect(code).toBe(0);
    const id = /Created (biz_\S+):/.exec(out)![1]!;
    expect(out).toContain('Portal: on.');
    expect(out).toContain('No owner invited yet');
    const [row] = await fresh.db.select().from(schema.businesses).where(eq(schema.businesses.id, id));
    expect(row).toMatchObject({
      name: 'Happy Tails',
      country: 'US',
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      locale: 'en-US',
      phone: '(206) 555-0142',
      address: '1 Main St\nSeattle',
      offersBoarding: true,
      offersDaycare: true,
      offersGrooming: false,
      offersTraining: false,
      groomingBetaGranted: false,
    });
  });

  it.each([
    [['--name', ''], '--name is required'],
    [['--name', '\u200b\u200b'], '--name: This has only invisible characters'],
    [['--name', 'Tab\there'], '--name: This has a character that cannot be used here'],
    [['--name', 'x'.repeat(101)], '--name is longer than 100 characters'],
    [['--country', 'gb'], '--country "gb" is not a two-letter country code'],
    [['--country', 'XX'], '--country "XX" is not a two-letter country code'],
    [['--time-zone', 'Mars/Olympus'], '--time-zone "Mars/Olympus" is not an IANA time zone'],
    [['--time-zone', 'UTC'], '--time-zone "UTC" is not an IANA time zone'],
    [['--services', ''], '--services is required'],
    [['--services', 'grooming,walking'], '--services: "walking" is not a service type'],
    [['--currency', 'pounds'], '--currency "pounds" is not an ISO 4217 currency code'],
    [['--currency', 'XYZ'], '--currency "XYZ" is not an ISO 4217 currency code'],
    [['--locale', 'not a locale'], '--locale "not a locale" is not a BCP 47 locale'],
    [['--phone', 'call us'], '--phone "call us" is not a phone number in GB'],
    [['--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j with a clear message and exit code 1, writing nothing', async (override, message) => {
    const before = await fresh.db.$count(schema.businesses);
    const argv = [...GROOMER];
    for (let i = 0; i < override.length; i += 2) {
      const at = argv.indexOf(override[i]!);
      if (at >= 0) argv[at + 1] = override[i + 1]!;
      else argv.push(override[i]!, override[i + 1]!);
    }
    const { code, out } = await admin('business:create', ...argv);
    expect(code).toBe(1);
    expect(out).toContain(message);
    expect(await fresh.db.$count(schema.businesses)).toBe(before);
  });

  it('names a missing option', async () => {
    const { code, out } = await admin('business:create', '--name', 'Only A Name');
    expect(code).toBe(1);
    expect(out).toContain('--country is required');
  });
});

describe('beta:grant and beta:revoke', () => {
  it('turn the grooming beta on and off, and business:list shows it', async () => {
    const id = await createGroomer();
    expect((await admin('business:list')).out).toMatch(new RegExp(`${id}\\tClip Joint\\tGB\\tEurope/London\\tgrooming\\tportal not yet`));
    const granted = await admin('beta:grant', id);
    expect(granted).toEqual({ code: 0, out: `Clip Joint (${id}): grooming beta granted; portal on (grooming beta).` });
    expect((await admin('business:list')).out).toContain(`${id}\tClip Joint\tGB\tEurope/London\tgrooming\tportal on (grooming beta)`);
    expect((await admin('beta:revoke', id)).code).toBe(0);
    const [row] = await fresh.db.select().from(schema.businesses).where(eq(schema.businesses.id, id));
    expect(row!.groomingBetaGranted).toBe(false);
  });

  it('refuse an unknown or missing business id', async () => {
    expect(await admin('beta:grant', 'biz_nope')).toEqual({ code: 1, out: 'No business has the id "biz_nope" (npm run admin -- business:list).' });
    expect((await admin('beta:grant')).code).toBe(1);
    expect((await admin('beta:revoke', 'a', 'b')).out).toBe('beta:revoke takes one business id, got 2.');
  });
});

describe('sessions:end', () => {
  it('ends every session of one account, by id or by phone, and no other', async () => {
    const now = new Date();
    const later = new Date(Date.now() + 86_400_000);
    await fresh.db.insert(schema.portalAccounts).values([
      { id: 'acc_admin_one', phoneE164: '+12065550181', createdAt: now },
      { id: 'acc_admin_two', phoneE164: '+12065550182', createdAt: now },
    ]);
    const session = (tokenHash: string, accountId: string) => ({ tokenHash, accountId, createdAt: now, lastSeenAt: now, expiresAt: later });
    await fresh.db.insert(schema.sessions).values([session('h1', 'acc_admin_one'), session('h2', 'acc_admin_one'), session('h3', 'acc_admin_two')]);
    expect(await admin('sessions:end', '+12065550181')).toEqual({ code: 0, out: 'Ended 2 sessions of acc_admin_one (+12065550181).' });
    expect(await fresh.db.$count(schema.sessions, eq(schema.sessions.accountId, 'acc_admin_two'))).toBe(1);
    expect((await admin('sessions:end', 'acc_admin_two')).out).toBe('Ended 1 session of acc_admin_two (+12065550182).');
  });

  it('refuses what is neither an account id nor an E.164 number, and an unknown account', async () => {
    expect((await admin('sessions:end', '206 555 0181')).out).toContain('is neither an account id (acc_…) nor a phone number in E.164');
    expect(await admin('sessions:end', 'acc_missing')).toEqual({ code: 1, out: 'No portal account has the id acc_missing.' });
  });
});

describe('the command line', () => {
  it('prints the usage with no command (exit 1) or help (exit 0), and refuses an unknown command', async () => {
    expect((await admin()).code).toBe(1);
    expect((await admin('help')).out).toContain('business:create --name <name>');
    const unknown = await admin('business:delete');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('Unknown command "business:delete"');
  });

  it('says which database it could not reach, exit 1', async () => {
    const lines: string[] = [];
    const code = await runAdminCli(['business:list'], { LIBSQL_URL: 'http://127.0.0.1:9' }, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/^Could not run business:list against http:\/\/127\.0\.0\.1:9: /);
  });
});
