/**
 * The cron's vaccination expiry reminders (messaging/vaccination-reminders.ts, src/cron.ts)
 * against the real database: a required vaccination 30 and 7 days before its expiry is texted
 * once each, across runs and with two runs at once; a renewed expiry is reminded again; a
 * vaccination no active service requires, or on another day, is not; days are the business's
 * calendar days; the text names the pet, the vaccine and the date. The database is shared with
 * other files, so each test looks at its own rows only.
 */
import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import * as schema from '../../src/db/schema';
import { newId } from '../../src/domain/ids';
import { addDays, localDateString } from '../../src/domain/time';
import { scheduled } from '../../src/cron';
import { reminderMessage, runsReminders, sendVaccinationReminders } from '../../src/messaging/vaccination-reminders';
import { createBusiness, createClientRecord, createPet, db } from '../helpers/factories';

const DAY = 24 * 60 * 60 * 1000;
const appDb = () => createDb(env, { roundTrips: 0, durationMs: 0 });

async function setUp(opts: { timeZone?: string; required?: string | null; active?: boolean; textLanguage?: 'en' | 'es' } = {}) {
  const business = await createBusiness({ name: 'Happy Tails', timeZone: opts.timeZone ?? 'America/Los_Angeles' });
  if (opts.textLanguage) await db.update(schema.businesses).set({ textLanguage: opts.textLanguage }).where(eq(schema.businesses.id, business.id));
  const client = await createClientRecord(business.id);
  const pet = await createPet(client, { name: 'Biscuit' });
  await db.insert(schema.services).values({
    id: newId('svc'),
    businessId: business.id,
    name: 'Daycare day',
    type: 'daycare',
    durationMinutes: 480,
    priceMinor: 4000,
    active: opts.active ?? true,
    requiredVaccinations: opts.required === undefined ? 'Bordetella,Rabies' : opts.required,
  });
  return { business, client, pet };
}

async function vaccination(pet: { id: string; businessId: string }, name: string, expiresOn: string) {
  const id = newId('vac');
  await db.insert(schema.petVaccinations).values({ id, businessId: pet.businessId, petId: pet.id, name, expiresOn });
  return id;
}

const textsTo = (phone: string) => db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, phone));
const remindersOf = (ids: string[]) => db.select().from(schema.vaccinationReminders).where(inArray(schema.vaccinationReminders.vaccinationId, ids));
const run = (now: number) => sendVaccinationReminders(env, appDb(), now);

describe('vaccination expiry reminders', () => {
  it('texts a required vaccination 30 days before it expires, once across two runs, naming the pet, the vaccine and the date', async () => {
    const now = Date.now();
    const { client, pet } = await setUp();
    const expiresOn = addDays(localDateString(now, 'America/Los_Angeles'), 30);
    const id = await vaccination(pet, 'rabies', expiresOn);
    await run(now);
    await run(now + 60_000);
    const texts = await textsTo(client.phoneE164);
    expect(texts).toHaveLength(1);
    const [y, m, d] = expiresOn.split('-').map(Number) as [number, number, number];
    const date = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
    expect(texts[0]!.body).toBe(
      `Happy Tails: Biscuit's rabies vaccination expires on ${date} (in 30 days). Upload the new certificate here: https://pawtal.test/c/${client.id}/pets/${pet.id}/vaccinations/new`,
    );
    expect(texts[0]!.status).toBe('sent'); // the development outbox delivers as it stores
    expect((await remindersOf([id])).map((r) => [r.expiresOn, r.daysBefore])).toEqual([[expiresOn, 30]]);
  });

  it('texts 7 days before once, even when two runs go at the same moment', async () => {
    const now = Date.now();
    const { client, pet } = await setUp();
    const id = await vaccination(pet, 'Bordetella', addDays(localDateString(now, 'America/Los_Angeles'), 7));
    await Promise.all([run(now), run(now)]);
    await run(now + 10 * 60_000);
    const texts = await textsTo(client.phoneE164);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain('(in 7 days)');
    expect((await remindersOf([id])).map((r) => r.daysBefore)).toEqual([7]);
  });

  it('reminds both leads of one expiry, and a renewed expiry again', async () => {
    const now = Date.now();
    const tz = 'America/Los_Angeles';
    const { client, pet } = await setUp();
    const first = addDays(localDateString(now, tz), 30);
    const id = await vaccination(pet, 'Rabies', first);
    await run(now);
    await run(now + 23 * DAY); // 7 days before
    // Renewed: a new certificate a year on; 30 days before that one.
    const later = now + 400 * DAY;
    const renewed = addDays(localDateString(later, tz), 30);
    await db.update(schema.petVaccinations).set({ expiresOn: renewed }).where(eq(schema.petVaccinations.id, id));
    await run(later);
    await run(later + 60_000);
    expect((await textsTo(client.phoneE164)).map((t) => /\(in (\d+) days\)/.exec(t.body)?.[1]).sort()).toEqual(['30', '30', '7']);
    expect((await remindersOf([id])).map((r) => [r.expiresOn, r.daysBefore]).sort()).toEqual(
      [
        [first, 30],
        [first, 7],
        [renewed, 30],
      ].sort(),
    );
  });

  it('sends nothing for a vaccination no active service requires, or on another day', async () => {
    const now = Date.now();
    const today = localDateString(now, 'America/Los_Angeles');
    const { client, pet } = await setUp();
    const ids = [
      await vaccination(pet, 'Leptospirosis', addDays(today, 30)),
      await vaccination(pet, 'Rab', addDays(today, 30)),
      await vaccination(pet, 'Rabies', addDays(today, 29)),
      await vaccination(pet, 'Bordetella', addDays(today, 8)),
    ];
    const inactive = await setUp({ active: false });
    ids.push(await vaccination(inactive.pet, 'Rabies', addDays(today, 30)));
    await run(now);
    expect(await textsTo(client.phoneE164)).toHaveLength(0);
    expect(await textsTo(inactive.client.phoneE164)).toHaveLength(0);
    expect(await remindersOf(ids)).toHaveLength(0);
  });

  it('counts the days on the business’s calendar: 30 days before in Auckland is not in Los Angeles', async () => {
    // 20:00 UTC: already tomorrow in Auckland (UTC+13 in December), still today in Los Angeles.
    const now = Date.UTC(2026, 11, 3, 20, 0);
    const auckland = await setUp({ timeZone: 'Pacific/Auckland' });
    const la = await setUp({ timeZone: 'America/Los_Angeles' });
    const expiresOn = addDays(localDateString(now, 'Pacific/Auckland'), 30);
    expect(addDays(localDateString(now, 'America/Los_Angeles'), 30)).not.toBe(expiresOn);
    await vaccination(auckland.pet, 'Rabies', expiresOn);
    await vaccination(la.pet, 'Rabies', expiresOn);
    await run(now);
    expect(await textsTo(auckland.client.phoneE164)).toHaveLength(1);
    expect(await textsTo(la.client.phoneE164)).toHaveLength(0);
  });

  it('runs from the cron every 10 minutes (at minute 5, not with retention)', async () => {
    const at = Date.UTC(2026, 11, 3, 10, 5);
    expect(runsReminders(at)).toBe(true);
    expect(runsReminders(at + 60_000)).toBe(false);
    expect(runsReminders(Date.UTC(2026, 11, 3, 10, 0))).toBe(false);
    const { client, pet } = await setUp();
    await vaccination(pet, 'Rabies', addDays(localDateString(Date.now(), 'America/Los_Angeles'), 30));
    const waits: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => waits.push(p), passThroughOnException: () => {} } as unknown as ExecutionContext;
    await scheduled({ cron: '* * * * *', scheduledTime: at, noRetry: () => {} } as ScheduledController, env, ctx);
    await Promise.all(waits);
    expect(await textsTo(client.phoneE164)).toHaveLength(1);
  });

  it('writes the text in the business’s text language (Spanish), the date in its region', async () => {
    const now = Date.now();
    const { client, pet } = await setUp({ textLanguage: 'es' });
    const expiresOn = addDays(localDateString(now, 'America/Los_Angeles'), 30);
    await vaccination(pet, 'rabies', expiresOn);
    await run(now);
    const texts = await textsTo(client.phoneE164);
    expect(texts).toHaveLength(1);
    const [y, m, d] = expiresOn.split('-').map(Number) as [number, number, number];
    const date = new Intl.DateTimeFormat('es-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
    expect(texts[0]!.body).toBe(
      `Happy Tails: la vacuna rabies de Biscuit vence el ${date} (en 30 días). Suba el nuevo certificado aquí: https://pawtal.test/c/${client.id}/pets/${pet.id}/vaccinations/new`,
    );
  });

  it('writes the text in the parent’s own language over the business’s', async () => {
    const now = Date.now();
    const { client, pet } = await setUp();
    await db.insert(schema.portalAccounts).values({ id: newId('acc'), phoneE164: client.phoneE164, language: 'es', createdAt: new Date(now) });
    await vaccination(pet, 'Bordetella', addDays(localDateString(now, 'America/Los_Angeles'), 7));
    await run(now);
    const texts = await textsTo(client.phoneE164);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain('Happy Tails: la vacuna Bordetella de Biscuit vence el ');
    expect(texts[0]!.body).toContain('(en 7 días)');
    expect(texts[0]!.body).not.toContain('vaccination expires');
  });

  it('writes the message in the business’s locale', () => {
    expect(
      reminderMessage({
        businessName: 'Paws',
        petName: 'Rex',
        vaccine: 'DHPP',
        expiresOn: '2027-01-05',
        daysBefore: 7,
        locale: 'en-GB',
        link: 'https://p.test/x',
      }),
    ).toBe("Paws: Rex's DHPP vaccination expires on 5 Jan 2027 (in 7 days). Upload the new certificate here: https://p.test/x");
  });
});
