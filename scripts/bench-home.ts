/**
 * The home's size with five businesses (issue 11, `npm run bench` section 11): one parent whose
 * number is on file at five businesses (five zones), each with a next visit, five pending
 * requests (three shown, "2 more"), three agreements to sign and five new report cards (three
 * shown), written straight into the database with a live session. bench.ts GETs `/` with the
 * returned cookie and holds the page to the 14,600 B gzip budget in one round trip.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlClient } from './bench-booking';

const ZONES = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney'];
const NAMES = ['Happy Tails Boarding & Daycare', 'Riverside Dog Hotel', 'Paddington Pet Resort', 'Waldhund Tagesstätte', 'Harbour Paws Sydney'];
const DAY = 86_400_000;

/** Writes the five-business parent and returns its session cookie. */
export async function createFiveBusinessParent(db: SqlClient, now = Date.now()): Promise<{ cookie: string }> {
  const tag = randomBytes(4).toString('hex');
  const token = randomBytes(32).toString('base64url');
  const tokenHash = createHash('sha256').update(token).digest('hex');
  const phone = `+1425256${String(Number.parseInt(tag, 16) % 10_000).padStart(4, '0')}`;
  const accountId = `acc_home_${tag}`;
  const stmts: { sql: string; args: (string | number | null)[] }[] = [
    { sql: 'insert into portal_accounts (id, phone_e164, created_at) values (?, ?, ?)', args: [accountId, phone, now] },
    {
      sql: 'insert into sessions (token_hash, account_id, created_at, last_seen_at, expires_at, user_agent) values (?, ?, ?, ?, ?, ?)',
      args: [tokenHash, accountId, now, now, now + 30 * DAY, 'pawtal-bench'],
    },
  ];
  for (const [i, zone] of ZONES.entries()) {
    const biz = `biz_home_${tag}_${i}`;
    const cli = `cli_home_${tag}_${i}`;
    const pets = [`pet_home_${tag}_${i}_a`, `pet_home_${tag}_${i}_b`];
    stmts.push(
      {
        sql: `insert into businesses (id, name, time_zone, country, currency, locale, phone, address, offers_boarding, offers_daycare, online_booking_enabled, created_at)
          values (?, ?, ?, 'US', 'USD', 'en-US', '(206) 555-0100', '1 Bench Street', 1, 1, 1, ?)`,
        args: [biz, NAMES[i]!, zone, now],
      },
      {
        sql: 'insert into clients (id, business_id, first_name, last_name, phone_e164, created_at) values (?, ?, ?, ?, ?, ?)',
        args: [cli, biz, 'Jamie', 'Rivera', phone, now],
      },
      { sql: 'insert into account_client_links (account_id, client_id, business_id, created_at) values (?, ?, ?, ?)', args: [accountId, cli, biz, now] },
    );
    for (const [p, pet] of pets.entries()) {
      stmts.push({
        sql: `insert into pets (id, business_id, client_id, name, species, breed, created_at) values (?, ?, ?, ?, 'dog', 'Mixed', ?)`,
        args: [pet, biz, cli, p === 0 ? 'Biscuit' : 'Marmalade', now],
      });
    }
    const visits: [string, number][] = [['confirmed', 2], ...[4, 5, 6, 7, 8].map((d): [string, number] => ['requested', d])];
    for (const [v, [status, days]] of visits.entries()) {
      const apt = `apt_home_${tag}_${i}_${v}`;
      const startsAt = now + days * DAY;
      stmts.push({
        sql: `insert into appointments (id, business_id, client_id, service_type, status, starts_at, ends_at, created_at, updated_at) values (?, ?, ?, 'daycare', ?, ?, ?, ?, ?)`,
        args: [apt, biz, cli, status, startsAt, startsAt + 8 * 3_600_000, now, now],
      });
      for (const [p, pet] of pets.entries()) {
        stmts.push({
          sql: 'insert into appointment_pets (id, business_id, appointment_id, pet_id) values (?, ?, ?, ?)',
          args: [`${apt}_p${p}`, biz, apt, pet],
        });
      }
    }
    for (const [a, title] of ['Boarding and daycare agreement', 'Vaccination policy', 'Photo and video release'].entries()) {
      const agr = `agr_home_${tag}_${i}_${a}`;
      stmts.push(
        { sql: 'insert into agreements (id, business_id, title, created_at) values (?, ?, ?, ?)', args: [agr, biz, title, now] },
        {
          sql: 'insert into agreement_versions (id, business_id, agreement_id, version, body, published_at) values (?, ?, ?, 1, ?, ?)',
          args: [`${agr}_v1`, biz, agr, `${title}.`, now - DAY],
        },
      );
    }
    for (let r = 0; r < 5; r++) {
      stmts.push({
        sql: 'insert into report_cards (id, business_id, client_id, pet_id, created_at, sent_at) values (?, ?, ?, ?, ?, ?)',
        args: [`rc_home_${tag}_${i}_${r}`, biz, cli, pets[r % 2]!, now - (r + 1) * 3_600_000, now - r * 3_600_000 - 60_000],
      });
    }
  }
  await db.batch(stmts, 'write');
  return { cookie: `__Host-pawtal_session=${token}` };
}
