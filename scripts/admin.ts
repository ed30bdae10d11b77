/**
 * The operator's command (issue 12 item 5): `npm run admin -- <command> [options]` against
 * LIBSQL_URL / LIBSQL_AUTH_TOKEN — the local server or Turso. Until the business console exists,
 * this is how a business comes to be, gets the grooming beta, and how an account is signed out
 * everywhere, without writing SQL.
 *
 * Every input is checked before anything is written (with the same rules the app uses: time
 * zones by Intl, countries by the phone library that parses their numbers, names by
 * domain/name-text.ts); a bad one is one clear line and exit code 1. `--owner-email` also
 * invites the business's owner to the console (a staff invitation, 7 days, written in the same
 * batch as the business, its email queued for the Worker's cron or, with the outbox provider,
 * stored at once in /dev/outbox); the link printed is the one emailed.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { isSupportedCountry } from 'libphonenumber-js/min';
import * as schema from '../src/db/schema';
import { SERVICE_TYPES } from '../src/db/schema';
import { portalAvailability, type PortalAccessFields } from '../src/domain/access';
import { newId } from '../src/domain/ids';
import { lineProblem, NAME_MESSAGES, notesProblem } from '../src/domain/name-text';
import { normalizePhone } from '../src/domain/phone';
import { normalizeEmail } from '../src/domain/email-address';
import { STAFF_INVITATION_TTL_MS, newStaffInvitationToken, staffInvitationEmail, staffInvitationTokenHash } from '../src/domain/staff-invitation';
import { formatMoment, isValidTimeZone } from '../src/domain/time';
import { DEFAULT_LIBSQL_URL } from './seed';

type Db = ReturnType<typeof drizzle<typeof schema>>;
type ServiceType = (typeof SERVICE_TYPES)[number];

export const USAGE = `Usage: npm run admin -- <command> [options]   (database: LIBSQL_URL, LIBSQL_AUTH_TOKEN)

  business:create --name <name> --country <CC> --time-zone <Area/City> --services <list> --currency <XXX>
                  [--locale <bcp47>] [--phone <phone>] [--address <text>]
                  [--owner-email <email> --public-host <host>]
      Creates a business. --services is a comma-separated list of ${SERVICE_TYPES.join(', ')}.
      --owner-email invites its owner to the console by email (the link opens https://<public-host>;
      EMAIL_PROVIDER=outbox, as in development, stores the email in /dev/outbox instead of sending).
  business:list
      Lists every business: id, name, country, time zone, services, portal on or not yet.
  beta:grant <businessId>     Turns the grooming beta on (the portal for a business without boarding or daycare).
  beta:revoke <businessId>    Turns it off again.
  sessions:end <accountId | +E.164 phone>
      Ends every session of one portal account (signs it out everywhere).`;

/** Bad input: printed as is, exit code 1. */
export class AdminInputError extends Error {}

const MAX_NAME = 100;
const MAX_PHONE = 40;
const MAX_ADDRESS = 300;

function text(value: string | undefined, flag: string, max: number, kind: 'name' | 'line' | 'notes'): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > max) throw new AdminInputError(`${flag} is longer than ${max} characters.`);
  const problem = kind === 'notes' ? notesProblem(trimmed) : lineProblem(trimmed, { name: kind === 'name' });
  if (problem) throw new AdminInputError(`${flag}: ${NAME_MESSAGES[problem]}`);
  return trimmed;
}

/** The business:create options, checked; throws AdminInputError naming the first bad one. */
export function parseBusinessOptions(values: Record<string, string | undefined>) {
  const name = text(values.name, '--name', MAX_NAME, 'name');
  if (!name) throw new AdminInputError('--name is required, e.g. --name "Happy Tails Boarding".');

  const country = (values.country ?? '').trim();
  if (!country) throw new AdminInputError('--country is required: a two-letter ISO 3166 code, e.g. --country US.');
  if (!/^[A-Z]{2}$/.test(country) || !isSupportedCountry(country)) {
    throw new AdminInputError(`--country ${JSON.stringify(country)} is not a two-letter country code Pawtal knows (e.g. US, GB, CA, AU).`);
  }

  const timeZone = (values['time-zone'] ?? '').trim();
  if (!timeZone) throw new AdminInputError('--time-zone is required: an IANA time zone, e.g. --time-zone America/Los_Angeles.');
  if (!timeZone.includes('/') || !isValidTimeZone(timeZone)) {
    throw new AdminInputError(`--time-zone ${JSON.stringify(timeZone)} is not an IANA time zone (e.g. America/Los_Angeles, Europe/London).`);
  }

  const services = (values.services ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (services.length === 0) throw new AdminInputError(`--services is required: one or more of ${SERVICE_TYPES.join(', ')}, comma-separated.`);
  const unknown = services.filter((s) => !(SERVICE_TYPES as readonly string[]).includes(s));
  if (unknown.length)
    throw new AdminInputError(
      `--services: ${unknown.map((s) => JSON.stringify(s)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a service type; use ${SERVICE_TYPES.join(', ')}.`,
    );
  const offers = new Set(services as ServiceType[]);

  const currency = (values.currency ?? '').trim();
  if (!currency) throw new AdminInputError('--currency is required: an ISO 4217 code, e.g. --currency USD.');
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf('currency').includes(currency)) {
    throw new AdminInputError(`--currency ${JSON.stringify(currency)} is not an ISO 4217 currency code (e.g. USD, GBP, EUR).`);
  }

  const localeInput = (values.locale ?? `en-${country}`).trim();
  let locale: string;
  try {
    [locale] = Intl.getCanonicalLocales(localeInput) as [string];
  } catch {
    throw new AdminInputError(`--locale ${JSON.stringify(localeInput)} is not a BCP 47 locale (e.g. en-US, en-GB, fr-CA).`);
  }

  const phone = text(values.phone, '--phone', MAX_PHONE, 'line');
  if (phone && !normalizePhone(phone, country).ok) {
    throw new AdminInputError(`--phone ${JSON.stringify(phone)} is not a phone number in ${country} (or in international form, +…).`);
  }
  const address = text(values.address, '--address', MAX_ADDRESS, 'notes');

  return {
    name,
    country,
    timeZone,
    currency,
    locale,
    phone: phone || null,
    address: address || null,
    offersBoarding: offers.has('boarding'),
    offersDaycare: offers.has('daycare'),
    offersGrooming: offers.has('grooming'),
    offersTraining: offers.has('training'),
  };
}

function servicesOf(b: PortalAccessFields): string {
  return SERVICE_TYPES.filter((s) => b[`offers${s[0]!.toUpperCase()}${s.slice(1)}` as 'offersBoarding']).join(',') || '-';
}

function portalWords(b: PortalAccessFields): string {
  if (b.offersBoarding || b.offersDaycare) return 'on';
  return portalAvailability(b) === 'on' ? 'on (grooming beta)' : 'not yet (no grooming beta)';
}

async function requireBusiness(db: Db, id: string | undefined) {
  if (!id) throw new AdminInputError('Which business? Give its id, e.g. biz_…  (npm run admin -- business:list)');
  const [business] = await db.select().from(schema.businesses).where(eq(schema.businesses.id, id));
  if (!business) throw new AdminInputError(`No business has the id ${JSON.stringify(id)} (npm run admin -- business:list).`);
  return business;
}

/**
 * The owner's console invitation for a new business (`--owner-email`, with `--public-host` for
 * the link), or null without `--owner-email`. Checked before anything is written.
 */
async function ownerInvitation(
  values: { 'owner-email'?: string; 'public-host'?: string },
  env: Record<string, string | undefined>,
  business: { id: string; name: string; timeZone: string; locale?: string | null },
  now: number,
) {
  if (values['owner-email'] === undefined) return null;
  const email = normalizeEmail(values['owner-email']);
  if (!email.ok) throw new AdminInputError(`--owner-email: ${email.message}`);
  const host = (values['public-host'] ?? env.PUBLIC_HOST ?? '').trim().toLowerCase();
  if (!/^[a-z0-9.-]+(:\d{1,5})?$/.test(host) || (!host.includes('.') && !host.startsWith('localhost'))) {
    throw new AdminInputError('--public-host: the host the console is reached at, e.g. portal.example.com (the invitation link opens https://<host>).');
  }
  const origin = host.startsWith('localhost') ? `http://${host}` : `https://${host}`;
  const token = newStaffInvitationToken();
  const expiresAt = now + STAFF_INVITATION_TTL_MS;
  const link = `${origin}/manage/invite/${token}`;
  const words = staffInvitationEmail({
    businessName: business.name,
    inviterName: 'The Pawtal operator',
    role: 'owner',
    link,
    expires: formatMoment(expiresAt, business.timeZone, business.locale ?? 'en-US'),
  });
  const immediate = (env.EMAIL_PROVIDER ?? 'outbox') === 'outbox';
  const provider = immediate ? 'outbox' : (env.EMAIL_PROVIDER as string);
  const tokenHash = await staffInvitationTokenHash(token);
  const outboxId = newId('eml');
  return {
    email: email.email,
    link,
    immediate,
    statements: (db: Db) => [
      db.insert(schema.staffInvitations).values({
        id: newId('sinv'),
        businessId: business.id,
        email: email.email,
        role: 'owner' as const,
        tokenHash,
        createdAt: new Date(now),
        expiresAt: new Date(expiresAt),
      }),
      db.insert(schema.emailOutbox).values({
        id: outboxId,
        toAddress: email.email,
        subject: words.subject,
        bodyText: words.text,
        provider,
        status: immediate ? 'sent' : 'queued',
        providerMessageId: immediate ? outboxId : null,
        createdAt: new Date(now),
      }),
    ],
  };
}

/** Runs one command; what it prints goes to `log`. Returns the exit code. */
export async function runAdminCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  log: (line: string) => void = console.log,
  now: number = Date.now(),
): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    log(USAGE);
    return command ? 0 : 1;
  }
  const url = env.LIBSQL_URL || DEFAULT_LIBSQL_URL;
  let client: ReturnType<typeof createClient> | null = null;
  const open = () => {
    client = createClient({ url, authToken: env.LIBSQL_AUTH_TOKEN || undefined });
    return drizzle(client, { schema });
  };
  try {
    switch (command) {
      case 'business:create': {
        const { values } = parseArgs({
          args: [...rest],
          options: {
            name: { type: 'string' },
            country: { type: 'string' },
            'time-zone': { type: 'string' },
            services: { type: 'string' },
            currency: { type: 'string' },
            locale: { type: 'string' },
            phone: { type: 'string' },
            address: { type: 'string' },
            'owner-email': { type: 'string' },
            'public-host': { type: 'string' },
          },
        });
        const business = { id: newId('biz'), ...parseBusinessOptions(values), createdAt: new Date(now) };
        const invite = await ownerInvitation(values, env, business, now);
        const db = open();
        await db.batch([db.insert(schema.businesses).values(business), ...(invite ? invite.statements(db) : [])]);
        log(
          `Created ${business.id}: ${business.name} (${business.country}, ${business.timeZone}, ${business.currency}; ${servicesOf({ ...business, groomingBetaGranted: false })}).`,
        );
        log(`Portal: ${portalWords({ ...business, groomingBetaGranted: false })}.`);
        if (invite)
          log(`Invited ${invite.email} as its owner (link valid 7 days, emailed${invite.immediate ? ' to the outbox' : ' by the cron'}): ${invite.link}`);
        else log('No owner invited yet: run again with --owner-email and --public-host, or invite from the console.');
        return 0;
      }
      case 'business:list': {
        parseArgs({ args: [...rest], options: {} });
        const rows = await open().select().from(schema.businesses).orderBy(asc(schema.businesses.name), asc(schema.businesses.id));
        if (rows.length === 0) log('No businesses yet (npm run admin -- business:create …).');
        for (const b of rows) log([b.id, b.name, b.country, b.timeZone, servicesOf(b), `portal ${portalWords(b)}`].join('\t'));
        return 0;
      }
      case 'beta:grant':
      case 'beta:revoke': {
        const { positionals } = parseArgs({ args: [...rest], options: {}, allowPositionals: true });
        if (positionals.length > 1) throw new AdminInputError(`${command} takes one business id, got ${positionals.length}.`);
        const db = open();
        const business = await requireBusiness(db, positionals[0]);
        const granted = command === 'beta:grant';
        await db.update(schema.businesses).set({ groomingBetaGranted: granted }).where(eq(schema.businesses.id, business.id));
        const after = { ...business, groomingBetaGranted: granted };
        log(`${business.name} (${business.id}): grooming beta ${granted ? 'granted' : 'revoked'}; portal ${portalWords(after)}.`);
        if (business.offersBoarding || business.offersDaycare) log('(It offers boarding or daycare, so its portal is on either way.)');
        return 0;
      }
      case 'sessions:end': {
        const { positionals } = parseArgs({ args: [...rest], options: {}, allowPositionals: true });
        const who = positionals[0]?.trim();
        if (!who || positionals.length > 1) throw new AdminInputError("sessions:end takes one account id (acc_…) or the account's phone number in E.164 (+…).");
        if (!who.startsWith('acc_') && !/^\+[1-9][0-9]{4,14}$/.test(who)) {
          throw new AdminInputError(`${JSON.stringify(who)} is neither an account id (acc_…) nor a phone number in E.164 (+14155550123).`);
        }
        const db = open();
        const column = who.startsWith('acc_') ? schema.portalAccounts.id : schema.portalAccounts.phoneE164;
        const [account] = await db.select().from(schema.portalAccounts).where(eq(column, who));
        if (!account) throw new AdminInputError(`No portal account has ${who.startsWith('acc_') ? 'the id' : 'the phone number'} ${who}.`);
        const ended = await db.delete(schema.sessions).where(eq(schema.sessions.accountId, account.id));
        log(`Ended ${ended.rowsAffected} session${ended.rowsAffected === 1 ? '' : 's'} of ${account.id} (${account.phoneE164}).`);
        return 0;
      }
      default:
        throw new AdminInputError(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof AdminInputError) {
      log(error.message);
      return 1;
    }
    // parseArgs: an unknown or valueless option.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      log(`${command}: ${error.message}\n\n${USAGE}`);
      return 1;
    }
    log(`Could not run ${command} against ${url}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    (client as ReturnType<typeof createClient> | null)?.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAdminCli(process.argv.slice(2), process.env);
}
