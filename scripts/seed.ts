/**
 * Demo data for local development, the README walkthrough and end-to-end tests.
 *
 * Why it exists: every screen of the portal should be reachable on a fresh database — every
 * appointment status, the live camera, History with more than one page, a grooming business
 * in beta and one not yet on, a parent with two businesses — without clicking through a
 * business back office that does not exist yet.
 *
 * Choices:
 * - Fixed, readable ids (`biz_demo_boarding`, `apt_demo_checked_in` …, all in `DEMO`) so docs
 *   and e2e tests can name rows. Times are relative to `now`, laid out on the business's own
 *   calendar (e.g. 09:00 Europe/London), so the demo always has upcoming and past visits.
 * - Everything is written in ONE `db.batch` (one HTTP round trip, atomic): a half-seeded
 *   database cannot happen. With `replaceExisting` the same batch first deletes the demo
 *   businesses' rows (and only theirs), so re-seeding is idempotent.
 * - Phone numbers are in fictional ranges (NANP 555-01xx, Ofcom 020 7946 0xxx). Client numbers
 *   are E.164 (the schema requires it); business and vet phones are text people read, stored in
 *   international format ("+1 206 555 0142") so they are readable and dialable from anywhere.
 * - No portal accounts are created: an account is a verified phone number, made at first
 *   sign-in (SPEC §3.4), which is exactly what the demo should exercise.
 *
 * Run: `npm run db:seed` (or `npx tsx scripts/seed.ts [--force]`) with LIBSQL_URL /
 * LIBSQL_AUTH_TOKEN (default http://127.0.0.1:8080). It refuses, exit 0, when the database
 * already has businesses, unless `--force` (then the demo rows are replaced, others kept).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from '../src/db/schema';
import {
  accountClientLinks,
  addOns,
  appointmentAddOns,
  appointmentPets,
  appointmentServices,
  appointments,
  businessNotifications,
  businesses,
  clients,
  petVaccinations,
  pets,
  services,
  staff,
  type AppointmentStatus,
  type ServiceType,
} from '../src/db/schema';
import { addDays, formatDate, localDateString, zonedDateTimeToUtc } from '../src/domain/time';

/** The database handle the seed writes through (drizzle over @libsql/client). */
export type SeedDatabase = LibSQLDatabase<typeof schema>;

/** Where `npm run db:server` listens by default. */
export const DEFAULT_LIBSQL_URL = 'http://127.0.0.1:8080';

const DAY_MS = 86_400_000;

/** Ids, names and phone numbers of the demo rows, for docs and tests. */
export const DEMO = {
  businesses: {
    /** Happy Tails Boarding & Daycare: boarding + daycare (portal on), Seattle, iDogCam. */
    boarding: 'biz_demo_boarding',
    /** Paddington Grooming Studio: grooming only, beta granted (portal on), London. */
    grooming: 'biz_demo_grooming',
    /** Clip Joint Grooming: grooming only, NO beta (portal "not available yet"), Chicago. */
    groomingNoBeta: 'biz_demo_grooming_nobeta',
  },
  parents: {
    /** Jamie Rivera: clients of Happy Tails and Paddington; every appointment status. */
    jamie: { firstName: 'Jamie', lastName: 'Rivera', phoneE164: '+12065550100', phoneDisplay: '(206) 555-0100' },
    /** Alex Morgan: client of Clip Joint only (a business whose portal is not on yet). */
    alex: { firstName: 'Alex', lastName: 'Morgan', phoneE164: '+442079460001', phoneDisplay: '+44 20 7946 0001' },
    /** Sam Lee: another Happy Tails client, for "someone else's appointment is 404" checks. */
    sam: { firstName: 'Sam', lastName: 'Lee', phoneE164: '+12065550123', phoneDisplay: '(206) 555-0123' },
  },
  clients: {
    jamieAtBoarding: 'cli_demo_jamie_boarding',
    jamieAtGrooming: 'cli_demo_jamie_grooming',
    alexAtNoBeta: 'cli_demo_alex_nobeta',
    samAtBoarding: 'cli_demo_sam_boarding',
  },
  pets: {
    /** Happy Tails: golden retriever with one expired, one expiring and one valid vaccination. */
    biscuit: 'pet_demo_biscuit',
    pepper: 'pet_demo_pepper',
    mochi: 'pet_demo_mochi',
    /** Paddington's own record of Biscuit (pets belong to one business's client record). */
    biscuitAtGrooming: 'pet_demo_biscuit_grooming',
    truffle: 'pet_demo_truffle',
    luna: 'pet_demo_luna',
    rocket: 'pet_demo_rocket',
  },
  appointments: {
    requested: 'apt_demo_requested',
    waitlisted: 'apt_demo_waitlisted',
    unconfirmed: 'apt_demo_unconfirmed',
    /** Daycare for two pets, prepaid online. */
    confirmed: 'apt_demo_confirmed',
    /** Boarding stay in progress, pet in camera room "Suite 3": shows "View live camera". */
    checkedIn: 'apt_demo_checked_in',
    readyForPickup: 'apt_demo_ready_for_pickup',
    canceled: 'apt_demo_canceled',
    noShow: 'apt_demo_no_show',
    /** `apt_demo_finished_01` (most recent) … `apt_demo_finished_22` at Happy Tails. */
    finishedPrefix: 'apt_demo_finished_',
    groomConfirmed: 'apt_demo_groom_confirmed',
    /** Grooming request with a deposit paid online. */
    groomRequested: 'apt_demo_groom_requested',
    groomUnconfirmed: 'apt_demo_groom_unconfirmed',
    groomCanceled: 'apt_demo_groom_canceled',
    /** `apt_demo_groom_finished_1` … `_4` at Paddington, all at 09:00 London time. */
    groomFinishedPrefix: 'apt_demo_groom_finished_',
    alexConfirmed: 'apt_demo_nobeta_confirmed',
    samConfirmed: 'apt_demo_other_client',
  },
  /** How many finished appointments Jamie has at Happy Tails (History needs > 20 for page 2). */
  finishedAtBoarding: 22,
  finishedAtGrooming: 4,
  idogcam: { feedUrl: 'https://idogcam.example/feeds/happy-tails', accountId: 'idc_demo_happy_tails' },
} as const;

const DEMO_BUSINESS_IDS = Object.values(DEMO.businesses);

/** Catalogue rows referenced by appointments; prices in minor units of the business currency. */
const SERVICE = {
  boardingNight: { id: 'svc_demo_boarding_night', priceMinor: 5500 },
  daycareFull: { id: 'svc_demo_daycare_full', priceMinor: 3800 },
  daycareHalf: { id: 'svc_demo_daycare_half', priceMinor: 2400 },
  fullGroom: { id: 'svc_demo_full_groom', priceMinor: 5500 },
  bathBrush: { id: 'svc_demo_bath_brush', priceMinor: 3500 },
  nailTrim: { id: 'svc_demo_nail_trim', priceMinor: 1200 },
  clipFullGroom: { id: 'svc_demo_clip_full_groom', priceMinor: 7000 },
} as const;
const ADD_ON = {
  bath: { id: 'add_demo_bath', priceMinor: 2500 },
  playtime: { id: 'add_demo_playtime', priceMinor: 1000 },
  boardingNails: { id: 'add_demo_boarding_nails', priceMinor: 1500 },
  teeth: { id: 'add_demo_teeth', priceMinor: 800 },
  facial: { id: 'add_demo_facial', priceMinor: 600 },
  deshed: { id: 'add_demo_deshed', priceMinor: 1500 },
  pawBalm: { id: 'add_demo_paw_balm', priceMinor: 500 },
} as const;
const STAFF = {
  maria: 'stf_demo_maria',
  devon: 'stf_demo_devon',
  priya: 'stf_demo_priya',
  tom: 'stf_demo_tom',
  rosa: 'stf_demo_rosa',
} as const;

/** One service or add-on line for one pet. */
interface DemoLine {
  item: { id: string; priceMinor: number };
  staffId?: string;
  /** Defaults to 1; boarding nights use the number of nights. */
  quantity?: number;
}

/** One appointment with its pets and their services and add-ons, before it becomes rows. */
interface DemoAppointment {
  id: string;
  businessId: string;
  clientId: string;
  serviceType: ServiceType;
  status: AppointmentStatus;
  startsAt: number;
  endsAt: number;
  notes?: string;
  cancelReason?: string;
  payment?: { kind: 'prepayment' | 'deposit'; minor: number; currency: string };
  idempotencyKey?: string;
  pets: { petId: string; cameraRoom?: string; services: DemoLine[]; addOns?: DemoLine[] }[];
}

/**
 * True when the database has no businesses yet: the only state in which the CLI seeds
 * without `--force`.
 */
export async function isDatabaseEmpty(db: SeedDatabase): Promise<boolean> {
  const rows = await db.select({ id: businesses.id }).from(businesses).limit(1);
  return rows.length === 0;
}

/**
 * Writes the demo businesses, clients, pets and appointments in one atomic batch.
 *
 * @param db drizzle over @libsql/client (the caller owns and closes the client).
 * @param now The instant the demo is built around: upcoming and past appointments are laid
 *   out relative to it on each business's calendar.
 * @param options.replaceExisting First delete every row of the demo businesses (same batch),
 *   so re-seeding is idempotent. Without it, seeding twice fails on the primary keys and
 *   writes nothing.
 */
export async function seedDemoData(
  db: SeedDatabase,
  now = Date.now(),
  options: { replaceExisting?: boolean } = {},
): Promise<void> {
  const statements: BatchItem<'sqlite'>[] = [
    ...(options.replaceExisting ? deleteDemoStatements(db) : []),
    ...insertDemoStatements(db, now),
  ];
  const [first, ...rest] = statements;
  if (!first) return;
  await db.batch([first, ...rest]);
}

/** Deletes every row belonging to the demo businesses, children before parents. */
function deleteDemoStatements(db: SeedDatabase): BatchItem<'sqlite'>[] {
  const ofDemo = <T extends { businessId: Parameters<typeof inArray>[0] }>(table: T) =>
    inArray(table.businessId, DEMO_BUSINESS_IDS);
  return [
    db.delete(appointmentAddOns).where(ofDemo(appointmentAddOns)),
    db.delete(appointmentServices).where(ofDemo(appointmentServices)),
    db.delete(appointmentPets).where(ofDemo(appointmentPets)),
    db.delete(businessNotifications).where(ofDemo(businessNotifications)),
    db.delete(appointments).where(ofDemo(appointments)),
    db.delete(petVaccinations).where(ofDemo(petVaccinations)),
    db.delete(pets).where(ofDemo(pets)),
    db.delete(accountClientLinks).where(ofDemo(accountClientLinks)),
    db.delete(clients).where(ofDemo(clients)),
    db.delete(services).where(ofDemo(services)),
    db.delete(addOns).where(ofDemo(addOns)),
    db.delete(staff).where(ofDemo(staff)),
    db.delete(businesses).where(inArray(businesses.id, DEMO_BUSINESS_IDS)),
  ];
}

/** The insert statements for the whole demo, built around `now`. */
function insertDemoStatements(db: SeedDatabase, now: number): BatchItem<'sqlite'>[] {
  const LA = 'America/Los_Angeles';
  const LONDON = 'Europe/London';
  const CHICAGO = 'America/Chicago';
  const longAgo = new Date(now - 400 * DAY_MS);

  /** `time` on the day `dayOffset` days from today, on `tz`'s calendar. */
  const on = (tz: string) => (dayOffset: number, time: string) =>
    zonedDateTimeToUtc(addDays(localDateString(now, tz), dayOffset), time, tz);
  const inSeattle = on(LA);
  const inLondon = on(LONDON);
  const inChicago = on(CHICAGO);
  /** A calendar date `dayOffset` days from today in Seattle, for vaccination expiries. */
  const seattleDate = (dayOffset: number) => addDays(localDateString(now, LA), dayOffset);
  const londonDate = (dayOffset: number) => addDays(localDateString(now, LONDON), dayOffset);

  const { businesses: B, clients: C, pets: P, appointments: A, parents } = DEMO;

  // ---- Businesses and their catalogues ----
  const businessRows: (typeof businesses.$inferInsert)[] = [
    {
      id: B.boarding,
      name: 'Happy Tails Boarding & Daycare',
      offersBoarding: true,
      offersDaycare: true,
      timeZone: LA,
      country: 'US',
      currency: 'USD',
      locale: 'en-US',
      phone: '+1 206 555 0142',
      address: '1420 Westlake Ave N\nSeattle, WA 98109',
      onlineBookingEnabled: true,
      idogcamFeedUrl: DEMO.idogcam.feedUrl,
      idogcamAccountId: DEMO.idogcam.accountId,
      createdAt: longAgo,
    },
    {
      id: B.grooming,
      name: 'Paddington Grooming Studio',
      offersGrooming: true,
      groomingBetaGranted: true,
      timeZone: LONDON,
      country: 'GB',
      currency: 'GBP',
      locale: 'en-GB',
      phone: '+44 20 7946 0155',
      address: '12 Praed Street\nLondon W2 1NJ',
      onlineBookingEnabled: true,
      createdAt: longAgo,
    },
    {
      id: B.groomingNoBeta,
      name: 'Clip Joint Grooming',
      offersGrooming: true,
      groomingBetaGranted: false,
      timeZone: CHICAGO,
      country: 'US',
      currency: 'USD',
      locale: 'en-US',
      phone: '+1 312 555 0177',
      address: '2210 N Milwaukee Ave\nChicago, IL 60647',
      createdAt: longAgo,
    },
  ];

  const staffRows: (typeof staff.$inferInsert)[] = [
    { id: STAFF.maria, businessId: B.boarding, firstName: 'Maria', lastName: 'Lopez' },
    { id: STAFF.devon, businessId: B.boarding, firstName: 'Devon', lastName: 'Park' },
    { id: STAFF.priya, businessId: B.grooming, firstName: 'Priya', lastName: 'Shah' },
    { id: STAFF.tom, businessId: B.grooming, firstName: 'Tom', lastName: 'Hughes' },
    { id: STAFF.rosa, businessId: B.groomingNoBeta, firstName: 'Rosa', lastName: 'Diaz' },
  ];

  const serviceRows: (typeof services.$inferInsert)[] = [
    { ...SERVICE.boardingNight, businessId: B.boarding, name: 'Overnight boarding', type: 'boarding', durationMinutes: 1440 },
    { ...SERVICE.daycareFull, businessId: B.boarding, name: 'Daycare – full day', type: 'daycare', durationMinutes: 630 },
    { ...SERVICE.daycareHalf, businessId: B.boarding, name: 'Daycare – half day', type: 'daycare', durationMinutes: 300 },
    { ...SERVICE.fullGroom, businessId: B.grooming, name: 'Full groom', type: 'grooming', durationMinutes: 120 },
    { ...SERVICE.bathBrush, businessId: B.grooming, name: 'Bath & brush', type: 'grooming', durationMinutes: 75 },
    { ...SERVICE.nailTrim, businessId: B.grooming, name: 'Nail trim', type: 'grooming', durationMinutes: 20 },
    { ...SERVICE.clipFullGroom, businessId: B.groomingNoBeta, name: 'Full groom', type: 'grooming', durationMinutes: 120 },
  ];

  const addOnRows: (typeof addOns.$inferInsert)[] = [
    { ...ADD_ON.bath, businessId: B.boarding, name: 'Bath before going home', durationMinutes: 45 },
    { ...ADD_ON.playtime, businessId: B.boarding, name: 'Extra playtime', durationMinutes: 30 },
    { ...ADD_ON.boardingNails, businessId: B.boarding, name: 'Nail trim', durationMinutes: 15 },
    { ...ADD_ON.teeth, businessId: B.grooming, name: 'Teeth cleaning', durationMinutes: 10 },
    { ...ADD_ON.facial, businessId: B.grooming, name: 'Blueberry facial', durationMinutes: 10 },
    { ...ADD_ON.deshed, businessId: B.grooming, name: 'De-shedding treatment', durationMinutes: 30 },
    { ...ADD_ON.pawBalm, businessId: B.groomingNoBeta, name: 'Paw balm', durationMinutes: 5 },
  ];

  // ---- Clients ----
  const clientRows: (typeof clients.$inferInsert)[] = [
    { id: C.jamieAtBoarding, businessId: B.boarding, ...nameAndPhone(parents.jamie), email: 'jamie.rivera@example.com', createdAt: new Date(now - 380 * DAY_MS) },
    { id: C.jamieAtGrooming, businessId: B.grooming, ...nameAndPhone(parents.jamie), email: 'jamie.rivera@example.com', createdAt: new Date(now - 200 * DAY_MS) },
    { id: C.alexAtNoBeta, businessId: B.groomingNoBeta, ...nameAndPhone(parents.alex), email: null, createdAt: new Date(now - 90 * DAY_MS) },
    { id: C.samAtBoarding, businessId: B.boarding, ...nameAndPhone(parents.sam), email: null, createdAt: new Date(now - 150 * DAY_MS) },
  ];

  // ---- Pets (SPEC §6: every field filled; photos need an object store the schema has not got) ----
  const petBase = { photoKey: null, createdAt: new Date(now - 370 * DAY_MS) };
  const biscuitProfile = {
    name: 'Biscuit',
    species: 'dog',
    breed: 'Golden Retriever',
    sex: 'male',
    birthday: '2019-04-12',
    weightGrams: 29_500,
    colour: 'Golden',
    spayedNeutered: true,
    medications: 'Apoquel 16 mg with breakfast (seasonal allergies)',
    feeding: '2 cups of his own kibble, morning and evening. No chicken.',
    behaviourNotes: 'Loves every dog he meets; nervous of thunder — a blanket over his crate helps.',
  } as const;
  const petRows: (typeof pets.$inferInsert)[] = [
    {
      ...petBase,
      ...biscuitProfile,
      id: P.biscuit,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      vetName: 'Westlake Animal Hospital',
      vetPhone: '+1 206 555 0163',
    },
    {
      ...petBase,
      id: P.pepper,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      name: 'Pepper',
      species: 'dog',
      breed: 'Border Collie',
      sex: 'female',
      birthday: '2021-08-30',
      weightGrams: 18_100,
      colour: 'Black and white',
      spayedNeutered: true,
      vetName: 'Westlake Animal Hospital',
      vetPhone: '+1 206 555 0163',
      medications: null,
      feeding: '1½ cups of kibble twice a day; a frozen Kong at nap time.',
      behaviourNotes: 'High energy. Herds smaller dogs — best in the big-dog play group.',
    },
    {
      ...petBase,
      id: P.mochi,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      name: 'Mochi',
      species: 'cat',
      breed: 'Domestic Shorthair',
      sex: 'female',
      birthday: '2017-02-03',
      weightGrams: 4_300,
      colour: 'Grey tabby',
      spayedNeutered: true,
      vetName: 'Capitol Hill Cat Clinic',
      vetPhone: '+1 206 555 0171',
      medications: 'Thyroid tablet (methimazole 2.5 mg) twice daily, hidden in a treat',
      feeding: 'Half a pouch of wet food morning and evening; dry food free choice.',
      behaviourNotes: 'Shy at first. Likes a box to hide in and a quiet room away from dogs.',
    },
    {
      ...petBase,
      ...biscuitProfile,
      id: P.biscuitAtGrooming,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      vetName: 'Westlake Animal Hospital',
      vetPhone: '+1 206 555 0163',
      behaviourNotes: 'Happy on the table; dislikes the dryer on his face.',
    },
    {
      ...petBase,
      id: P.truffle,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      name: 'Truffle',
      species: 'dog',
      breed: 'Cockapoo',
      sex: 'female',
      birthday: '2022-05-19',
      weightGrams: 8_200,
      colour: 'Apricot',
      spayedNeutered: false,
      vetName: 'Paddington Vets',
      vetPhone: '+44 20 7946 0188',
      medications: null,
      feeding: 'Not fed at the studio.',
      behaviourNotes: 'Wriggly with nail trims — two people, lots of treats.',
    },
    {
      ...petBase,
      id: P.luna,
      businessId: B.groomingNoBeta,
      clientId: C.alexAtNoBeta,
      name: 'Luna',
      species: 'dog',
      breed: 'Miniature Schnauzer',
      sex: 'female',
      birthday: '2020-11-02',
      weightGrams: 7_400,
      colour: 'Salt and pepper',
      spayedNeutered: true,
      vetName: 'Logan Square Animal Clinic',
      vetPhone: '+1 312 555 0190',
      medications: null,
      feeding: 'Not fed at the salon.',
      behaviourNotes: 'Schnauzer cut with a short skirt, please.',
    },
    {
      ...petBase,
      id: P.rocket,
      businessId: B.boarding,
      clientId: C.samAtBoarding,
      name: 'Rocket',
      species: 'dog',
      breed: 'Jack Russell Terrier',
      sex: 'male',
      birthday: '2020-03-14',
      weightGrams: 6_800,
      colour: 'White and tan',
      spayedNeutered: true,
      vetName: 'Westlake Animal Hospital',
      vetPhone: '+1 206 555 0163',
      medications: null,
      feeding: '¾ cup of kibble twice a day.',
      behaviourNotes: 'Escape artist: double-check the gate.',
    },
  ];

  // Biscuit shows all three vaccination states: expired, expiring within 30 days, valid.
  const vaccinationRows: (typeof petVaccinations.$inferInsert)[] = [
    { id: 'vac_demo_biscuit_rabies', businessId: B.boarding, petId: P.biscuit, name: 'Rabies', expiresOn: seattleDate(300) },
    { id: 'vac_demo_biscuit_dhpp', businessId: B.boarding, petId: P.biscuit, name: 'DHPP', expiresOn: seattleDate(12) },
    { id: 'vac_demo_biscuit_bordetella', businessId: B.boarding, petId: P.biscuit, name: 'Bordetella', expiresOn: seattleDate(-20) },
    { id: 'vac_demo_pepper_rabies', businessId: B.boarding, petId: P.pepper, name: 'Rabies', expiresOn: seattleDate(540) },
    { id: 'vac_demo_pepper_dhpp', businessId: B.boarding, petId: P.pepper, name: 'DHPP', expiresOn: seattleDate(200) },
    { id: 'vac_demo_pepper_bordetella', businessId: B.boarding, petId: P.pepper, name: 'Bordetella', expiresOn: seattleDate(150) },
    { id: 'vac_demo_mochi_rabies', businessId: B.boarding, petId: P.mochi, name: 'Rabies', expiresOn: seattleDate(400) },
    { id: 'vac_demo_mochi_fvrcp', businessId: B.boarding, petId: P.mochi, name: 'FVRCP', expiresOn: seattleDate(25) },
    { id: 'vac_demo_biscuit_groom_rabies', businessId: B.grooming, petId: P.biscuitAtGrooming, name: 'Rabies', expiresOn: londonDate(300) },
    { id: 'vac_demo_truffle_dhp', businessId: B.grooming, petId: P.truffle, name: 'DHP', expiresOn: londonDate(-5) },
    { id: 'vac_demo_truffle_lepto', businessId: B.grooming, petId: P.truffle, name: 'Leptospirosis', expiresOn: londonDate(90) },
    { id: 'vac_demo_luna_rabies', businessId: B.groomingNoBeta, petId: P.luna, name: 'Rabies', expiresOn: addDays(localDateString(now, CHICAGO), 220) },
    { id: 'vac_demo_rocket_rabies', businessId: B.boarding, petId: P.rocket, name: 'Rabies', expiresOn: seattleDate(180) },
  ];

  // ---- Appointments ----
  const boarding = (nights: number, extra: Omit<DemoLine, 'item' | 'quantity'> = {}): DemoLine => ({
    item: SERVICE.boardingNight,
    quantity: nights,
    ...extra,
  });
  const daycare: DemoLine = { item: SERVICE.daycareFull };
  const visits: DemoAppointment[] = [
    // Happy Tails (Seattle): one appointment in every status.
    {
      id: A.requested,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'requested',
      startsAt: inSeattle(14, '08:00'),
      endsAt: inSeattle(17, '17:00'),
      notes: 'Requested online. Pepper needs her Kong at nap time.',
      payment: { kind: 'deposit', minor: 5000, currency: 'USD' },
      idempotencyKey: 'demo-request-pepper-boarding',
      pets: [{ petId: P.pepper, services: [boarding(3)], addOns: [{ item: ADD_ON.bath, staffId: STAFF.devon }] }],
    },
    {
      id: A.waitlisted,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'waitlisted',
      startsAt: inSeattle(30, '08:00'),
      endsAt: inSeattle(33, '17:00'),
      notes: 'The holiday weekend is full; we will confirm if a suite opens up.',
      idempotencyKey: 'demo-request-biscuit-holiday',
      pets: [{ petId: P.biscuit, services: [boarding(3)] }],
    },
    {
      id: A.unconfirmed,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'unconfirmed',
      startsAt: inSeattle(7, '10:00'),
      endsAt: inSeattle(9, '16:00'),
      pets: [{ petId: P.mochi, services: [boarding(2)] }],
    },
    {
      id: A.confirmed,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: inSeattle(4, '07:30'),
      endsAt: inSeattle(4, '18:00'),
      notes: 'Booked online for both dogs.',
      payment: { kind: 'prepayment', minor: 2 * SERVICE.daycareFull.priceMinor, currency: 'USD' },
      idempotencyKey: 'demo-request-daycare-both',
      pets: [
        { petId: P.biscuit, services: [daycare] },
        { petId: P.pepper, services: [daycare], addOns: [{ item: ADD_ON.playtime }] },
      ],
    },
    {
      id: A.checkedIn,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'checked_in',
      startsAt: inSeattle(-2, '08:00'),
      endsAt: inSeattle(2, '17:00'),
      notes: 'Pick-up after 5 PM on the last day.',
      pets: [
        {
          petId: P.biscuit,
          cameraRoom: 'Suite 3',
          services: [boarding(4)],
          addOns: [{ item: ADD_ON.playtime, quantity: 4 }, { item: ADD_ON.bath, staffId: STAFF.devon }],
        },
      ],
    },
    {
      id: A.readyForPickup,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'ready_for_pickup',
      startsAt: inSeattle(-3, '10:00'),
      endsAt: inSeattle(0, '12:00'),
      notes: 'Mochi is packed up and waiting at the front desk.',
      pets: [{ petId: P.mochi, cameraRoom: 'Cat Condo 2', services: [boarding(3)] }],
    },
    {
      id: A.canceled,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'canceled',
      startsAt: inSeattle(10, '08:00'),
      endsAt: inSeattle(12, '17:00'),
      cancelReason: 'Canceled by the client',
      idempotencyKey: 'demo-request-biscuit-canceled',
      pets: [{ petId: P.biscuit, services: [boarding(2)] }],
    },
    {
      id: A.noShow,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'daycare',
      status: 'no_show',
      startsAt: inSeattle(-12, '07:30'),
      endsAt: inSeattle(-12, '18:00'),
      pets: [{ petId: P.pepper, services: [daycare] }],
    },
    ...finishedAtHappyTails(),
    {
      id: A.samConfirmed,
      businessId: B.boarding,
      clientId: C.samAtBoarding,
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: inSeattle(4, '07:30'),
      endsAt: inSeattle(4, '18:00'),
      pets: [{ petId: P.rocket, services: [daycare] }],
    },

    // Paddington (London): grooming at 09:00 local time, per-pet services, add-ons and groomers.
    {
      id: A.groomConfirmed,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      serviceType: 'grooming',
      status: 'confirmed',
      startsAt: inLondon(3, '09:00'),
      endsAt: inLondon(3, '11:00'),
      pets: [
        {
          petId: P.biscuitAtGrooming,
          services: [{ item: SERVICE.fullGroom, staffId: STAFF.priya }],
          addOns: [{ item: ADD_ON.facial, staffId: STAFF.priya }],
        },
      ],
    },
    {
      id: A.groomRequested,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      serviceType: 'grooming',
      status: 'requested',
      startsAt: inLondon(8, '09:00'),
      endsAt: inLondon(8, '10:15'),
      notes: 'Requested online; prefers Tom.',
      payment: { kind: 'deposit', minor: 1000, currency: 'GBP' },
      idempotencyKey: 'demo-request-truffle-bath',
      pets: [{ petId: P.truffle, services: [{ item: SERVICE.bathBrush, staffId: STAFF.tom }] }],
    },
    {
      id: A.groomUnconfirmed,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      serviceType: 'grooming',
      status: 'unconfirmed',
      startsAt: inLondon(15, '14:30'),
      endsAt: inLondon(15, '14:50'),
      pets: [{ petId: P.biscuitAtGrooming, services: [{ item: SERVICE.nailTrim, staffId: STAFF.tom }] }],
    },
    {
      id: A.groomCanceled,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      serviceType: 'grooming',
      status: 'canceled',
      startsAt: inLondon(-20, '09:00'),
      endsAt: inLondon(-20, '10:15'),
      cancelReason: 'Our groomer was unwell — we will call you to rebook.',
      pets: [{ petId: P.truffle, services: [{ item: SERVICE.bathBrush, staffId: STAFF.tom }] }],
    },
    ...finishedAtPaddington(),

    // Clip Joint (Chicago): portal not on yet, but the data is there.
    {
      id: A.alexConfirmed,
      businessId: B.groomingNoBeta,
      clientId: C.alexAtNoBeta,
      serviceType: 'grooming',
      status: 'confirmed',
      startsAt: inChicago(6, '10:00'),
      endsAt: inChicago(6, '12:00'),
      pets: [
        {
          petId: P.luna,
          services: [{ item: SERVICE.clipFullGroom, staffId: STAFF.rosa }],
          addOns: [{ item: ADD_ON.pawBalm, staffId: STAFF.rosa }],
        },
      ],
    },
  ];

  /** 22 finished visits, about weekly going back: mostly daycare, every fourth a 3-night stay. */
  function finishedAtHappyTails(): DemoAppointment[] {
    return Array.from({ length: DEMO.finishedAtBoarding }, (_, index) => {
      const number = index + 1;
      const dayOffset = -3 - 6 * number;
      const base = {
        id: `${A.finishedPrefix}${String(number).padStart(2, '0')}`,
        businessId: B.boarding,
        clientId: C.jamieAtBoarding,
        status: 'finished' as const,
      };
      if (number % 4 === 0) {
        return {
          ...base,
          serviceType: 'boarding' as const,
          startsAt: inSeattle(dayOffset, '08:00'),
          endsAt: inSeattle(dayOffset + 3, '17:00'),
          pets: [
            {
              petId: number % 8 === 0 ? P.mochi : P.biscuit,
              cameraRoom: number % 8 === 0 ? 'Cat Condo 2' : 'Suite 3',
              services: [boarding(3)],
              addOns: number % 8 === 0 ? [] : [{ item: ADD_ON.bath, staffId: STAFF.devon }],
            },
          ],
        };
      }
      const bothDogs = number % 3 === 0;
      return {
        ...base,
        serviceType: 'daycare' as const,
        startsAt: inSeattle(dayOffset, '07:30'),
        endsAt: inSeattle(dayOffset, '18:00'),
        notes: number === 1 ? 'Great day — Biscuit made a new friend in the pool.' : undefined,
        pets: bothDogs
          ? [
              { petId: P.biscuit, services: [daycare] },
              { petId: P.pepper, services: [daycare] },
            ]
          : [{ petId: number % 2 === 0 ? P.pepper : P.biscuit, services: [daycare] }],
      };
    });
  }

  /** Four finished grooms at 09:00 London time, six weeks apart; the second had both dogs. */
  function finishedAtPaddington(): DemoAppointment[] {
    return Array.from({ length: DEMO.finishedAtGrooming }, (_, index) => {
      const number = index + 1;
      const dayOffset = -42 * number + 7;
      return {
        id: `${A.groomFinishedPrefix}${number}`,
        businessId: B.grooming,
        clientId: C.jamieAtGrooming,
        serviceType: 'grooming' as const,
        status: 'finished' as const,
        startsAt: inLondon(dayOffset, '09:00'),
        endsAt: inLondon(dayOffset, number === 2 ? '11:15' : '11:00'),
        pets:
          number === 2
            ? [
                {
                  petId: P.biscuitAtGrooming,
                  services: [{ item: SERVICE.fullGroom, staffId: STAFF.priya }],
                  addOns: [{ item: ADD_ON.teeth, staffId: STAFF.priya }],
                },
                {
                  petId: P.truffle,
                  services: [
                    { item: SERVICE.bathBrush, staffId: STAFF.tom },
                    { item: SERVICE.nailTrim, staffId: STAFF.tom },
                  ],
                  addOns: [{ item: ADD_ON.deshed, staffId: STAFF.tom }],
                },
              ]
            : [
                {
                  petId: P.biscuitAtGrooming,
                  services: [{ item: SERVICE.fullGroom, staffId: number === 4 ? STAFF.tom : STAFF.priya }],
                  addOns: number === 3 ? [{ item: ADD_ON.facial, staffId: STAFF.priya }] : [],
                },
              ],
      };
    });
  }

  const rows = appointmentRows(visits, now);

  // ---- What the businesses were told (SPEC §11) ----
  const notificationRows: (typeof businessNotifications.$inferInsert)[] = [
    {
      id: 'ntf_demo_boarding_request',
      businessId: B.boarding,
      kind: 'new_request',
      clientId: C.jamieAtBoarding,
      appointmentId: A.requested,
      summary: `Jamie Rivera requested boarding for Pepper from ${formatDate(inSeattle(14, '08:00'), LA, 'en-US')}.`,
      createdAt: new Date(now - 2 * DAY_MS),
    },
    {
      id: 'ntf_demo_grooming_request',
      businessId: B.grooming,
      kind: 'new_request',
      clientId: C.jamieAtGrooming,
      appointmentId: A.groomRequested,
      summary: `Jamie Rivera requested a bath & brush for Truffle on ${formatDate(inLondon(8, '09:00'), LONDON, 'en-GB')}.`,
      createdAt: new Date(now - DAY_MS),
    },
  ];

  return [
    db.insert(businesses).values(businessRows),
    db.insert(staff).values(staffRows),
    db.insert(services).values(serviceRows),
    db.insert(addOns).values(addOnRows),
    db.insert(clients).values(clientRows),
    db.insert(pets).values(petRows),
    db.insert(petVaccinations).values(vaccinationRows),
    db.insert(appointments).values(rows.appointments),
    db.insert(appointmentPets).values(rows.appointmentPets),
    db.insert(appointmentServices).values(rows.appointmentServices),
    db.insert(appointmentAddOns).values(rows.appointmentAddOns),
    db.insert(businessNotifications).values(notificationRows),
  ];
}

/** Turns appointment descriptions into rows of the four appointment tables. */
function appointmentRows(visits: DemoAppointment[], now: number) {
  const result = {
    appointments: [] as (typeof appointments.$inferInsert)[],
    appointmentPets: [] as (typeof appointmentPets.$inferInsert)[],
    appointmentServices: [] as (typeof appointmentServices.$inferInsert)[],
    appointmentAddOns: [] as (typeof appointmentAddOns.$inferInsert)[],
  };
  for (const visit of visits) {
    // Booked two weeks before it started (or two weeks ago, for ones still ahead).
    const createdAt = Math.min(visit.startsAt, now) - 14 * DAY_MS;
    const closed = visit.status === 'finished' || visit.status === 'canceled' || visit.status === 'no_show';
    result.appointments.push({
      id: visit.id,
      businessId: visit.businessId,
      clientId: visit.clientId,
      serviceType: visit.serviceType,
      status: visit.status,
      startsAt: new Date(visit.startsAt),
      endsAt: new Date(visit.endsAt),
      notes: visit.notes ?? null,
      cancelReason: visit.cancelReason ?? null,
      onlinePaymentKind: visit.payment?.kind ?? null,
      onlinePaymentMinor: visit.payment?.minor ?? null,
      onlinePaymentCurrency: visit.payment?.currency ?? null,
      idempotencyKey: visit.idempotencyKey ?? null,
      createdAt: new Date(createdAt),
      updatedAt: new Date(closed ? Math.max(createdAt, Math.min(visit.endsAt, now)) : createdAt),
    });
    const visitSuffix = visit.id.replace(/^apt_/, '');
    for (const pet of visit.pets) {
      const appointmentPetId = `ap_${visitSuffix}_${pet.petId.replace(/^pet_demo_/, '')}`;
      result.appointmentPets.push({
        id: appointmentPetId,
        businessId: visit.businessId,
        appointmentId: visit.id,
        petId: pet.petId,
        cameraRoom: pet.cameraRoom ?? null,
      });
      pet.services.forEach((line, index) =>
        result.appointmentServices.push({
          id: `${appointmentPetId}_svc${index + 1}`,
          businessId: visit.businessId,
          appointmentPetId,
          serviceId: line.item.id,
          staffId: line.staffId ?? null,
          priceMinor: line.item.priceMinor * (line.quantity ?? 1),
        }),
      );
      (pet.addOns ?? []).forEach((line, index) =>
        result.appointmentAddOns.push({
          id: `${appointmentPetId}_add${index + 1}`,
          businessId: visit.businessId,
          appointmentPetId,
          addOnId: line.item.id,
          staffId: line.staffId ?? null,
          priceMinor: line.item.priceMinor * (line.quantity ?? 1),
        }),
      );
    }
  }
  return result;
}

function nameAndPhone(parent: { firstName: string; lastName: string; phoneE164: string }) {
  return { firstName: parent.firstName, lastName: parent.lastName, phoneE164: parent.phoneE164 };
}

/**
 * The command line: seeds the database at `env.LIBSQL_URL` when it has no businesses, or
 * replaces the demo rows with `--force`. Returns the process exit code (0 also when it
 * refuses, so `npm run db:seed` in a setup script is safe to repeat).
 */
export async function runSeedCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  log: (line: string) => void = console.log,
): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { force: { type: 'boolean', default: false } } });
  const url = env.LIBSQL_URL || DEFAULT_LIBSQL_URL;
  const client = createClient({ url, authToken: env.LIBSQL_AUTH_TOKEN || undefined });
  const db = drizzle(client, { schema });
  try {
    if (!(await isDatabaseEmpty(db)) && !values.force) {
      log(
        `The database at ${url} already has businesses, so the demo data was not added.\n` +
          'Run with --force to replace the demo businesses (other businesses are kept).',
      );
      return 0;
    }
    await seedDemoData(db, Date.now(), { replaceExisting: values.force });
    log(describeDemo(url));
    return 0;
  } catch (error) {
    log(
      `Could not seed ${url}: ${error instanceof Error ? error.message : String(error)}\n` +
        'Is the local database running (npm run db:server) with migrations applied (npm run db:migrate)?',
    );
    return 1;
  } finally {
    client.close();
  }
}

/** What was seeded, for the terminal. */
function describeDemo(url: string): string {
  const { parents } = DEMO;
  return [
    `Demo data written to ${url}:`,
    `  Happy Tails Boarding & Daycare (${DEMO.businesses.boarding}) — boarding + daycare, portal on, live camera`,
    `  Paddington Grooming Studio (${DEMO.businesses.grooming}) — grooming, beta granted`,
    `  Clip Joint Grooming (${DEMO.businesses.groomingNoBeta}) — grooming, portal not available yet`,
    `Sign in as:`,
    `  ${parents.jamie.firstName} ${parents.jamie.lastName}  ${parents.jamie.phoneDisplay}  (two businesses, every appointment status)`,
    `  ${parents.alex.firstName} ${parents.alex.lastName}  ${parents.alex.phoneDisplay}  (Clip Joint only)`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runSeedCli(process.argv.slice(2), process.env);
}
