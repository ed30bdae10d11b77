/**
 * The demo seed (scripts/seed.ts) against the local libSQL server with the real migrations,
 * through @libsql/client and drizzle as `npm run db:seed` runs it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { count, eq, inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLibsqlServer, type LibsqlServer } from '../../scripts/libsql-server';
import { applyMigrations } from '../../scripts/migrate';
import { DEMO, isDatabaseEmpty, runSeedCli, seedDemoData, type SeedDatabase } from '../../scripts/seed';
import * as schema from '../../src/db/schema';
import { APPOINTMENT_STATUSES } from '../../src/db/schema';
import { portalAvailability } from '../../src/domain/access';
import { isUpcoming, showsLiveCamera } from '../../src/domain/appointment-status';
import { normalizePhone } from '../../src/domain/phone';
import { localTimeString } from '../../src/domain/time';

const { appointments, appointmentPets, appointmentServices, businesses, clients, pets } = schema;

/** A migrated database on its own server; closed after the file. */
async function freshDatabase() {
  const dir = await mkdtemp(join(tmpdir(), 'seed-test-'));
  const token = randomBytes(16).toString('hex');
  const server: LibsqlServer = await startLibsqlServer({ file: join(dir, 'seed.db'), authToken: token });
  await applyMigrations(server.url, token);
  const client: Client = createClient({ url: server.url, authToken: token });
  const db: SeedDatabase = drizzle(client, { schema });
  return {
    db,
    env: { LIBSQL_URL: server.url, LIBSQL_AUTH_TOKEN: token },
    close: async () => {
      client.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type Fresh = Awaited<ReturnType<typeof freshDatabase>>;

/** Row counts of the tables the seed writes, to compare before and after. */
async function tableCounts(db: SeedDatabase) {
  const tables = [businesses, clients, pets, appointments, appointmentPets, appointmentServices] as const;
  const counts = await Promise.all(tables.map((t) => db.select({ n: count() }).from(t)));
  return counts.map(([row]) => row?.n ?? 0);
}

describe('seedDemoData on an empty database', () => {
  const now = Date.now();
  let fresh: Fresh;

  beforeAll(async () => {
    fresh = await freshDatabase();
    expect(await isDatabaseEmpty(fresh.db)).toBe(true);
    await seedDemoData(fresh.db, now);
  });
  afterAll(() => fresh.close());

  it('leaves the database no longer empty', async () => {
    expect(await isDatabaseEmpty(fresh.db)).toBe(false);
  });

  it('creates the three businesses with the right service types, beta, time zones and features', async () => {
    const rows = await fresh.db.select().from(businesses).orderBy(businesses.id);
    const byId = Object.fromEntries(rows.map((b) => [b.id, b]));

    const happyTails = byId[DEMO.businesses.boarding]!;
    expect(happyTails).toMatchObject({
      name: 'Happy Tails Boarding & Daycare',
      offersBoarding: true,
      offersDaycare: true,
      offersGrooming: false,
      timeZone: 'America/Los_Angeles',
      country: 'US',
      currency: 'USD',
      locale: 'en-US',
      onlineBookingEnabled: true,
      idogcamFeedUrl: 'https://idogcam.example/feeds/happy-tails',
    });
    expect(happyTails.idogcamAccountId).toBeTruthy();
    expect(happyTails.phone).toBeTruthy();
    expect(happyTails.address).toBeTruthy();

    const paddington = byId[DEMO.businesses.grooming]!;
    expect(paddington).toMatchObject({
      name: 'Paddington Grooming Studio',
      offersBoarding: false,
      offersDaycare: false,
      offersGrooming: true,
      groomingBetaGranted: true,
      timeZone: 'Europe/London',
      country: 'GB',
      currency: 'GBP',
      locale: 'en-GB',
    });

    const clipJoint = byId[DEMO.businesses.groomingNoBeta]!;
    expect(clipJoint).toMatchObject({
      name: 'Clip Joint Grooming',
      offersBoarding: false,
      offersDaycare: false,
      offersGrooming: true,
      groomingBetaGranted: false,
      country: 'US',
    });

    expect(portalAvailability(happyTails)).toBe('on');
    expect(portalAvailability(paddington)).toBe('on');
    expect(portalAvailability(clipJoint)).toBe('not_yet');
  });

  it('gives Jamie a client record in Happy Tails and Paddington only, with a valid E.164 number', async () => {
    const jamie = await fresh.db.select().from(clients).where(eq(clients.phoneE164, DEMO.parents.jamie.phoneE164));
    expect(jamie.map((c) => c.businessId).sort()).toEqual([DEMO.businesses.boarding, DEMO.businesses.grooming].sort());
    expect(normalizePhone('(206) 555-0100', 'US')).toEqual({ ok: true, e164: DEMO.parents.jamie.phoneE164 });
  });

  it('puts Alex (the second parent) only in Clip Joint, with a pet and an appointment', async () => {
    const alex = await fresh.db.select().from(clients).where(eq(clients.phoneE164, DEMO.parents.alex.phoneE164));
    expect(alex.map((c) => c.businessId)).toEqual([DEMO.businesses.groomingNoBeta]);
    expect(normalizePhone('020 7946 0001', 'GB')).toEqual({ ok: true, e164: DEMO.parents.alex.phoneE164 });
    const alexPets = await fresh.db.select().from(pets).where(eq(pets.clientId, alex[0]!.id));
    expect(alexPets).toHaveLength(1);
    const alexAppointments = await fresh.db.select().from(appointments).where(eq(appointments.clientId, alex[0]!.id));
    expect(alexAppointments).toHaveLength(1);
  });

  it('stores every client phone number in the E.164 form sign-in normalises to', async () => {
    const rows = await fresh.db.select({ phone: clients.phoneE164 }).from(clients);
    for (const { phone } of rows) expect(normalizePhone(phone, 'US')).toEqual({ ok: true, e164: phone });
  });

  it('gives Jamie an appointment in every status', async () => {
    const rows = await jamiesAppointments();
    expect(new Set(rows.map((a) => a.status))).toEqual(new Set(APPOINTMENT_STATUSES));
  });

  it('gives Happy Tails more than one page of History (20 a page) and some Upcoming', async () => {
    const rows = (await jamiesAppointments()).filter((a) => a.businessId === DEMO.businesses.boarding);
    const history = rows.filter((a) => !isUpcoming(a, now));
    const upcoming = rows.filter((a) => isUpcoming(a, now));
    expect(history.length).toBeGreaterThan(20);
    expect(rows.filter((a) => a.status === 'finished')).toHaveLength(DEMO.finishedAtBoarding);
    expect(upcoming.map((a) => a.status)).toEqual(
      expect.arrayContaining(['requested', 'waitlisted', 'unconfirmed', 'confirmed', 'checked_in', 'ready_for_pickup']),
    );
  });

  it('has a boarding stay in progress now, in a camera room, that shows the live camera', async () => {
    const [stay] = await fresh.db.select().from(appointments).where(eq(appointments.id, DEMO.appointments.checkedIn));
    expect(stay).toMatchObject({ serviceType: 'boarding', status: 'checked_in' });
    expect(stay!.startsAt.getTime()).toBeLessThan(now);
    expect(stay!.endsAt.getTime()).toBeGreaterThan(now);
    const [pet] = await fresh.db.select().from(appointmentPets).where(eq(appointmentPets.appointmentId, stay!.id));
    expect(pet!.cameraRoom).toBe('Suite 3');
    expect(showsLiveCamera({ ...stay!, idogcamFeedUrl: DEMO.idogcam.feedUrl })).toBe(true);
  });

  it('records one online prepayment and deposits, each with amount and currency', async () => {
    const paid = await fresh.db
      .select()
      .from(appointments)
      .where(inArray(appointments.onlinePaymentKind, ['prepayment', 'deposit']));
    expect(paid.find((a) => a.onlinePaymentKind === 'prepayment')).toMatchObject({
      id: DEMO.appointments.confirmed,
      onlinePaymentMinor: 7600,
      onlinePaymentCurrency: 'USD',
    });
    expect(paid.filter((a) => a.onlinePaymentKind === 'deposit').map((a) => a.onlinePaymentCurrency).sort()).toEqual([
      'GBP',
      'USD',
    ]);
  });

  it('gives the canceled appointments a cancel reason', async () => {
    const canceled = await fresh.db.select().from(appointments).where(eq(appointments.status, 'canceled'));
    expect(canceled.length).toBeGreaterThan(0);
    for (const a of canceled) expect(a.cancelReason).toBeTruthy();
  });

  it('has an appointment with two pets', async () => {
    const pair = await fresh.db
      .select()
      .from(appointmentPets)
      .where(eq(appointmentPets.appointmentId, DEMO.appointments.confirmed));
    expect(pair).toHaveLength(2);
  });

  it('gives every grooming service a groomer', async () => {
    const lines = await fresh.db
      .select({ staffId: appointmentServices.staffId })
      .from(appointmentServices)
      .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
      .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
      .where(eq(appointments.serviceType, 'grooming'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.staffId).toBeTruthy();
  });

  it('books Paddington grooms at 09:00 London time', async () => {
    const rows = await fresh.db
      .select()
      .from(appointments)
      .where(eq(appointments.businessId, DEMO.businesses.grooming));
    const atNine = rows.filter((a) => localTimeString(a.startsAt, 'Europe/London') === '09:00');
    expect(atNine.length).toBeGreaterThanOrEqual(DEMO.finishedAtGrooming + 2);
  });

  async function jamiesAppointments() {
    return fresh.db
      .select({
        businessId: appointments.businessId,
        status: appointments.status,
        endsAt: appointments.endsAt,
      })
      .from(appointments)
      .innerJoin(clients, eq(clients.id, appointments.clientId))
      .where(eq(clients.phoneE164, DEMO.parents.jamie.phoneE164));
  }
});

describe('seeding a database that already has data', () => {
  let fresh: Fresh;

  beforeAll(async () => {
    fresh = await freshDatabase();
    await seedDemoData(fresh.db);
  });
  afterAll(() => fresh.close());

  it('fails as a whole when seeded again without replacing, writing nothing', async () => {
    const before = await tableCounts(fresh.db);
    await expect(seedDemoData(fresh.db)).rejects.toThrow();
    expect(await tableCounts(fresh.db)).toEqual(before);
  });

  it('replaces only the demo rows with replaceExisting (idempotent, other businesses kept)', async () => {
    await fresh.db.insert(businesses).values({
      id: 'biz_not_demo',
      name: 'Someone Else’s Kennels',
      offersBoarding: true,
      timeZone: 'America/Denver',
      country: 'US',
      currency: 'USD',
      createdAt: new Date(),
    });
    const before = await tableCounts(fresh.db);
    await seedDemoData(fresh.db, Date.now(), { replaceExisting: true });
    await seedDemoData(fresh.db, Date.now(), { replaceExisting: true });
    expect(await tableCounts(fresh.db)).toEqual(before);
    const others = await fresh.db.select().from(businesses).where(eq(businesses.id, 'biz_not_demo'));
    expect(others).toHaveLength(1);
  });

  describe('the command line', () => {
    it('refuses politely (exit 0) when businesses exist', async () => {
      const lines: string[] = [];
      const before = await tableCounts(fresh.db);
      expect(await runSeedCli([], fresh.env, (line) => lines.push(line))).toBe(0);
      expect(lines.join('\n')).toMatch(/already has businesses.*not added[\s\S]*--force/);
      expect(await tableCounts(fresh.db)).toEqual(before);
    });

    it('replaces the demo rows with --force', async () => {
      const lines: string[] = [];
      const before = await tableCounts(fresh.db);
      expect(await runSeedCli(['--force'], fresh.env, (line) => lines.push(line))).toBe(0);
      expect(lines.join('\n')).toContain('(206) 555-0100');
      expect(await tableCounts(fresh.db)).toEqual(before);
    });

    it('seeds an empty database without --force', async () => {
      const empty = await freshDatabase();
      try {
        expect(await runSeedCli([], empty.env, () => {})).toBe(0);
        expect(await isDatabaseEmpty(empty.db)).toBe(false);
      } finally {
        await empty.close();
      }
    });

    it('exits 1 with a hint when the database cannot be reached', async () => {
      const lines: string[] = [];
      const code = await runSeedCli([], { LIBSQL_URL: 'http://127.0.0.1:9' }, (line) => lines.push(line));
      expect(code).toBe(1);
      expect(lines.join('\n')).toMatch(/npm run db:server/);
    });
  });
});
