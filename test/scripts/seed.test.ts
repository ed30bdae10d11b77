/**
 * The demo seed (scripts/seed.ts) against the local libSQL server with the real migrations,
 * through @libsql/client and drizzle as `npm run db:seed` runs it.
 */
import { and, count, eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from './fresh-database';
import { DEMO, demoBookingDates, isDatabaseEmpty, runSeedCli, seedDemoData, type SeedDatabase } from '../../scripts/seed';
import * as schema from '../../src/db/schema';
import { APPOINTMENT_STATUSES } from '../../src/db/schema';
import { portalAvailability } from '../../src/domain/access';
import { isUpcoming, showsLiveCamera } from '../../src/domain/appointment-status';
import {
  boardingCalendar,
  checkGroomingStart,
  depositFor,
  groomingStartTimes,
  type BookingRules,
  type StaffSchedule,
  type Weekday,
} from '../../src/domain/availability';
import {
  boardingNightResource,
  CAPACITY_HOLDING_STATUSES,
  daycareDayResource,
  holdsCapacity,
  resourceCapacity,
  staffSlotResources,
} from '../../src/domain/capacity';
import { normalizePhone } from '../../src/domain/phone';
import { addDays, localDateString, localTimeString } from '../../src/domain/time';

const {
  addOns,
  appointments,
  appointmentPets,
  appointmentServices,
  bookingSubmissions,
  businessHours,
  businesses,
  capacityClaims,
  clients,
  closedDates,
  pets,
  serviceWindows,
  services,
  staffSchedules,
  staffServices,
} = schema;

type Fresh = FreshDatabase;

/** Row counts of the tables the seed writes, to compare before and after. */
async function tableCounts(db: SeedDatabase) {
  const tables = [
    businesses,
    clients,
    pets,
    appointments,
    appointmentPets,
    appointmentServices,
    businessHours,
    closedDates,
    serviceWindows,
    staffSchedules,
    staffServices,
    capacityClaims,
    bookingSubmissions,
  ] as const;
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
    expect(
      paid
        .filter((a) => a.onlinePaymentKind === 'deposit')
        .map((a) => a.onlinePaymentCurrency)
        .sort(),
    ).toEqual(['GBP', 'USD']);
  });

  it('gives the canceled appointments a cancel reason', async () => {
    const canceled = await fresh.db.select().from(appointments).where(eq(appointments.status, 'canceled'));
    expect(canceled.length).toBeGreaterThan(0);
    for (const a of canceled) expect(a.cancelReason).toBeTruthy();
  });

  it('has an appointment with two pets', async () => {
    const pair = await fresh.db.select().from(appointmentPets).where(eq(appointmentPets.appointmentId, DEMO.appointments.confirmed));
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
    const rows = await fresh.db.select().from(appointments).where(eq(appointments.businessId, DEMO.businesses.grooming));
    const atNine = rows.filter((a) => localTimeString(a.startsAt, 'Europe/London') === '09:00');
    expect(atNine.length).toBeGreaterThanOrEqual(DEMO.finishedAtGrooming + 2);
  });

  it('gives Jamie store credit at Happy Tails: a balance, signed amounts, and history linked to his own appointments', async () => {
    const rows = await fresh.db.select().from(schema.storeCreditTransactions).where(eq(schema.storeCreditTransactions.clientId, DEMO.clients.jamieAtBoarding));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.reduce((sum, r) => sum + r.amountMinor, 0)).toBe(DEMO.storeCredit.balanceMinor);
    expect(rows.some((r) => r.amountMinor < 0)).toBe(true);
    expect(rows.every((r) => r.businessId === DEMO.businesses.boarding && r.currency === 'USD')).toBe(true);
    const linked = rows.filter((r) => r.appointmentId);
    expect(linked.length).toBeGreaterThanOrEqual(1);
    const linkedVisits = await fresh.db
      .select()
      .from(appointments)
      .where(
        inArray(
          appointments.id,
          linked.map((r) => r.appointmentId!),
        ),
      );
    expect(linkedVisits.map((a) => a.clientId)).toEqual(linked.map(() => DEMO.clients.jamieAtBoarding));
  });

  it('turns packages, memberships and group classes on at Happy Tails only, with one package, one membership and a class for Jamie', async () => {
    const rows = await fresh.db.select().from(businesses);
    for (const b of rows) {
      const on = b.id === DEMO.businesses.boarding;
      expect({ id: b.id, p: b.packagesEnabled, m: b.membershipsEnabled, g: b.groupClassesEnabled }).toEqual({ id: b.id, p: on, m: on, g: on });
    }
    const packages = await fresh.db.select().from(schema.clientPackages);
    expect(packages.map((p) => p.clientId)).toEqual([DEMO.clients.jamieAtBoarding]);
    const memberships = await fresh.db.select().from(schema.clientMemberships);
    expect(memberships.map((m) => [m.clientId, m.status])).toEqual([[DEMO.clients.jamieAtBoarding, 'active']]);
    const sessions = await fresh.db.select().from(schema.classSessions).where(eq(schema.classSessions.classId, DEMO.groupClass));
    expect(sessions).toHaveLength(DEMO.classSessions);
    expect(sessions.filter((s) => s.startsAt.getTime() < now).length).toBeGreaterThan(0);
    expect(sessions.filter((s) => s.startsAt.getTime() > now).length).toBeGreaterThan(0);
    const [enrollment] = await fresh.db.select().from(schema.classEnrollments);
    expect(enrollment).toMatchObject({ petId: DEMO.pets.biscuit, clientId: DEMO.clients.jamieAtBoarding, classId: DEMO.groupClass });
    const attended = await fresh.db.select().from(schema.classAttendance).where(eq(schema.classAttendance.enrollmentId, enrollment!.id));
    expect(attended.length).toBeGreaterThan(0);
    const pastIds = new Set(sessions.filter((s) => s.startsAt.getTime() < now).map((s) => s.id));
    expect(attended.every((a) => pastIds.has(a.sessionId))).toBe(true);
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

describe('online booking settings and the capacity ledger of the demo', () => {
  const now = Date.now();
  let fresh: Fresh;
  const B = DEMO.businesses;

  beforeAll(async () => {
    fresh = await freshDatabase();
    await seedDemoData(fresh.db, now);
  });
  afterAll(() => fresh.close());

  /** The next `MM-DD` on or after `today` (YYYY-MM-DD). */
  const nextOccurrence = (today: string, monthDay: string) => {
    const year = Number(today.slice(0, 4));
    const thisYear = `${year}-${monthDay}`;
    return thisYear >= today ? thisYear : `${year + 1}-${monthDay}`;
  };
  const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

  async function business(id: string) {
    const [row] = await fresh.db.select().from(businesses).where(eq(businesses.id, id));
    return row!;
  }

  /** The business's booking rules as the availability functions take them, read back from the database. */
  async function rulesOf(id: string): Promise<BookingRules> {
    const b = await business(id);
    const hours = await fresh.db.select().from(businessHours).where(eq(businessHours.businessId, id));
    const closed = await fresh.db.select().from(closedDates).where(eq(closedDates.businessId, id));
    return {
      timeZone: b.timeZone,
      minNoticeHours: b.minNoticeHours,
      horizonDays: b.bookingHorizonDays,
      closedDates: closed.map((c) => c.date),
      openingHours: hours.map((h) => ({ weekday: h.weekday as Weekday, opens: h.opens, closes: h.closes })),
      slotIntervalMinutes: b.slotIntervalMinutes,
      maxDaysPerRequest: b.maxDaysPerRequest,
    };
  }

  async function schedulesFor(serviceId: string): Promise<StaffSchedule[]> {
    const rows = await fresh.db
      .select({ staffId: staffSchedules.staffId, weekday: staffSchedules.weekday, starts: staffSchedules.starts, ends: staffSchedules.ends })
      .from(staffSchedules)
      .innerJoin(staffServices, eq(staffServices.staffId, staffSchedules.staffId))
      .where(eq(staffServices.serviceId, serviceId));
    return rows.map((r) => ({ ...r, weekday: r.weekday as Weekday }));
  }

  const hoursByWeekday = async (id: string) => {
    const rows = await fresh.db.select().from(businessHours).where(eq(businessHours.businessId, id));
    const by: Record<number, string[]> = {};
    for (const r of rows) (by[r.weekday] ??= []).push(`${r.opens}-${r.closes}`);
    for (const periods of Object.values(by)) periods.sort();
    return by;
  };

  it('gives Happy Tails boarding and daycare settings: capacities, notice, horizon, waitlist, 20 % deposit, 48 h change policy', async () => {
    expect(await business(B.boarding)).toMatchObject({
      onlineBookingEnabled: true,
      boardingNightlyCapacity: 12,
      daycareDailyCapacity: 20,
      minNoticeHours: 24,
      bookingHorizonDays: 90,
      maxDaysPerRequest: 14,
      waitlistAllowed: true,
      depositRule: 'percentage',
      depositValue: 2000,
      changePolicy: 'until_hours_before',
      changePolicyHours: 48,
    });
    const daily = ['07:00-19:00'];
    expect(await hoursByWeekday(B.boarding)).toEqual({ 0: ['09:00-17:00'], 1: daily, 2: daily, 3: daily, 4: daily, 5: daily, 6: daily });
    const windows = await fresh.db.select().from(serviceWindows).where(eq(serviceWindows.businessId, B.boarding));
    const list = (kind: string) =>
      windows
        .filter((w) => w.kind === kind)
        .map((w) => `${w.starts}-${w.ends}`)
        .sort();
    expect(list('drop_off')).toEqual(['07:00-10:00', '16:00-19:00']);
    expect(list('pick_up')).toEqual(['07:00-10:00', '16:00-19:00']);

    const today = localDateString(now, 'America/Los_Angeles');
    const closed = await fresh.db.select().from(closedDates).where(eq(closedDates.businessId, B.boarding));
    expect(closed.map((c) => c.date).sort()).toEqual([nextOccurrence(today, '12-25'), nextOccurrence(today, '01-01')].sort());
    for (const c of closed) expect(c.reason).toBeTruthy();
    expect(demoBookingDates(now).happyTails.closedDates.sort()).toEqual(closed.map((c) => c.date).sort());
  });

  it('gives Paddington Tuesday–Saturday hours with a lunch break, 30-minute slots, a £10 deposit, no waitlist, no changes', async () => {
    expect(await business(B.grooming)).toMatchObject({
      onlineBookingEnabled: true,
      slotIntervalMinutes: 30,
      minNoticeHours: 12,
      bookingHorizonDays: 60,
      waitlistAllowed: false,
      depositRule: 'fixed',
      depositValue: 1000,
      changePolicy: 'not_allowed',
      changePolicyHours: null,
    });
    const split = ['09:00-12:30', '13:30-17:30'];
    expect(await hoursByWeekday(B.grooming)).toEqual({ 2: split, 3: split, 4: split, 5: split, 6: split });
    const closed = await fresh.db.select().from(closedDates).where(eq(closedDates.businessId, B.grooming));
    const today = localDateString(now, 'Europe/London');
    expect(closed.map((c) => c.date).sort()).toEqual(['12-25', '12-26', '01-01'].map((md) => nextOccurrence(today, md)).sort());
    expect(await fresh.db.select().from(serviceWindows).where(eq(serviceWindows.businessId, B.grooming))).toEqual([]);
  });

  it('keeps online booking off at Clip Joint', async () => {
    expect(await business(B.groomingNoBeta)).toMatchObject({ onlineBookingEnabled: false, groomingBetaGranted: false });
  });

  it('takes dogs only at Happy Tails daycare, with rabies and Bordetella, and flags a request without them', async () => {
    const rows = await fresh.db.select().from(services).where(eq(services.businessId, B.boarding));
    const daycare = rows.filter((r) => r.type === 'daycare');
    expect(daycare.length).toBeGreaterThan(0);
    expect(daycare.every((r) => r.speciesAllowed === 'dog' && r.requiredVaccinations === 'Rabies,Bordetella')).toBe(true);
    expect(rows.filter((r) => r.type === 'boarding').every((r) => r.requiredVaccinations === null)).toBe(true);
    expect(await business(B.boarding)).toMatchObject({ vaccinationPolicy: 'flag' });
  });

  it('schedules Priya Tuesday–Saturday and Tom Wednesday–Saturday 10:00–16:00', async () => {
    const rows = await fresh.db.select().from(staffSchedules).where(eq(staffSchedules.businessId, B.grooming));
    const of = (staffId: string) =>
      rows
        .filter((r) => r.staffId === staffId)
        .map((r) => `${r.weekday} ${r.starts}-${r.ends}`)
        .sort();
    expect(of(DEMO.staff.priya)).toEqual([2, 3, 4, 5, 6].map((d) => `${d} 09:00-17:30`));
    expect(of(DEMO.staff.tom)).toEqual([3, 4, 5, 6].map((d) => `${d} 10:00-16:00`));
    expect(new Set(rows.map((r) => r.staffId))).toEqual(new Set([DEMO.staff.priya, DEMO.staff.tom]));
  });

  it('has Priya do all three Paddington services and Tom only bath & brush and nail trim (not the full groom)', async () => {
    const rows = await fresh.db.select().from(staffServices).where(eq(staffServices.businessId, B.grooming));
    const of = (staffId: string) =>
      rows
        .filter((r) => r.staffId === staffId)
        .map((r) => r.serviceId)
        .sort();
    const { fullGroom, bathBrush, nailTrim } = DEMO.services;
    expect(of(DEMO.staff.priya)).toEqual([fullGroom, bathBrush, nailTrim].sort());
    expect(of(DEMO.staff.tom)).toEqual([bathBrush, nailTrim].sort());
    expect(of(DEMO.staff.tom)).not.toContain(fullGroom);
    expect((await schedulesFor(fullGroom)).map((s) => s.staffId)).not.toContain(DEMO.staff.tom);
  });

  it('sets each add-on to the kind of service it goes with', async () => {
    const rows = await fresh.db.select({ id: addOns.id, serviceType: addOns.serviceType }).from(addOns);
    const type = Object.fromEntries(rows.map((r) => [r.id, r.serviceType]));
    expect(type[DEMO.addOns.bath]).toBe('boarding');
    expect(type[DEMO.addOns.boardingNails]).toBe('boarding');
    expect([null, 'daycare']).toContain(type[DEMO.addOns.playtime]);
    for (const id of [DEMO.addOns.teeth, DEMO.addOns.facial, DEMO.addOns.deshed, DEMO.addOns.pawBalm]) {
      expect(type[id]).toBe('grooming');
    }
  });

  it('offers real grooming times: Priya and Tom for a bath, only Priya for a full groom', async () => {
    const rules = await rulesOf(B.grooming);
    const busy = await groomingBusy();
    // The first Wednesday–Saturday open day at least two days ahead: both groomers work.
    let date = addDays(localDateString(now, 'Europe/London'), 2);
    while (![3, 4, 5, 6].includes(weekdayOf(date)) || rules.closedDates.includes(date)) date = addDays(date, 1);

    const bath = groomingStartTimes({ rules, date, durationMinutes: 75, staff: await schedulesFor(DEMO.services.bathBrush), busy, now });
    expect(bath.length).toBeGreaterThan(0);
    expect(new Set(bath.flatMap((slot) => slot.staffIds))).toEqual(new Set([DEMO.staff.priya, DEMO.staff.tom]));

    const fullGroomStaff = await schedulesFor(DEMO.services.fullGroom);
    const full = groomingStartTimes({ rules, date, durationMinutes: 120, staff: fullGroomStaff, busy, now });
    expect(full.length).toBeGreaterThan(0);
    expect(new Set(full.flatMap((slot) => slot.staffIds))).toEqual(new Set([DEMO.staff.priya]));
    const withTom = checkGroomingStart({
      rules,
      startsAt: full[0]!.startsAt,
      durationMinutes: 120,
      staff: fullGroomStaff,
      staffId: DEMO.staff.tom,
      busy,
      now,
    });
    expect(withTom).toEqual({ ok: false, reason: 'staff_does_not_do_service' });
  });

  it('books every demo visit on an open day, within opening hours and on its groomers’ working days', async () => {
    for (const id of [B.boarding, B.grooming]) {
      const rules = await rulesOf(id);
      const rows = await fresh.db.select().from(appointments).where(eq(appointments.businessId, id));
      for (const a of rows) {
        for (const at of [a.startsAt, a.endsAt]) {
          const date = localDateString(at, rules.timeZone);
          const time = localTimeString(at, rules.timeZone);
          expect(rules.closedDates, `${a.id} on a closed date`).not.toContain(date);
          const periods = rules.openingHours.filter((h) => h.weekday === weekdayOf(date));
          expect(
            periods.some((p) => p.opens <= time && time <= p.closes),
            `${a.id}: ${date} ${time} is outside opening hours`,
          ).toBe(true);
        }
      }
    }
    // Grooms: on a day every groomer of the visit works (history included).
    const lines = await fresh.db
      .select({ id: appointments.id, startsAt: appointments.startsAt, staffId: appointmentServices.staffId })
      .from(appointmentServices)
      .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
      .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
      .where(eq(appointments.businessId, B.grooming));
    const schedules = await fresh.db.select().from(staffSchedules).where(eq(staffSchedules.businessId, B.grooming));
    for (const line of lines) {
      const weekday = weekdayOf(localDateString(line.startsAt, 'Europe/London'));
      expect(
        schedules.some((s) => s.staffId === line.staffId && s.weekday === weekday),
        `${line.id}: groomer off that day`,
      ).toBe(true);
    }
  });

  it('puts upcoming grooms where online booking would: open, on the grid, groomer scheduled and free', async () => {
    const rules = await rulesOf(B.grooming);
    const busy = await groomingBusy();
    const lines = await fresh.db
      .select({ appointment: appointments, serviceId: appointmentServices.serviceId, staffId: appointmentServices.staffId })
      .from(appointmentServices)
      .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
      .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
      .where(and(eq(appointments.businessId, B.grooming), inArray(appointments.status, [...CAPACITY_HOLDING_STATUSES])));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    // The demo day's grooms are today's work (within the notice period by design): demo-day.test.ts checks them.
    const today = new Set<string>(Object.values(DEMO.appointments.groomToday));
    for (const { appointment: a, serviceId, staffId } of lines) {
      if (today.has(a.id)) continue;
      const check = checkGroomingStart({
        rules,
        startsAt: a.startsAt.getTime(),
        durationMinutes: (a.endsAt.getTime() - a.startsAt.getTime()) / 60_000,
        staff: await schedulesFor(serviceId),
        staffId,
        busy: busy.filter((b) => b.appointmentId !== a.id),
        now,
      });
      expect(check, a.id).toEqual({ ok: true, staffId });
    }
  });

  it('gives every capacity-holding visit exactly its claims, and waitlisted or closed visits none', async () => {
    const all = await fresh.db.select().from(appointments);
    const petRows = await fresh.db.select().from(appointmentPets);
    const serviceRows = await fresh.db
      .select({ appointmentId: appointmentPets.appointmentId, staffId: appointmentServices.staffId })
      .from(appointmentServices)
      .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId));
    const claims = await fresh.db.select().from(capacityClaims);
    const tz = Object.fromEntries((await fresh.db.select().from(businesses)).map((b) => [b.id, b.timeZone]));

    expect(all.filter((a) => holdsCapacity(a.status)).length).toBeGreaterThanOrEqual(10);
    for (const a of all) {
      const got = claims.filter((c) => c.appointmentId === a.id);
      if (!holdsCapacity(a.status)) {
        expect(got, `${a.id} (${a.status}) holds no capacity`).toEqual([]);
        continue;
      }
      for (const c of got) expect(c.businessId).toBe(a.businessId);
      const petCount = petRows.filter((p) => p.appointmentId === a.id).length;
      const first = localDateString(a.startsAt, tz[a.businessId]!);
      const last = localDateString(a.endsAt, tz[a.businessId]!);
      const expected: string[] = [];
      if (a.serviceType === 'boarding') {
        for (let night = first; night < last; night = addDays(night, 1)) for (let i = 0; i < petCount; i++) expected.push(boardingNightResource(night));
      } else if (a.serviceType === 'daycare') {
        for (let day = first; day <= last; day = addDays(day, 1)) for (let i = 0; i < petCount; i++) expected.push(daycareDayResource(day));
      } else {
        const staffIds = new Set(serviceRows.filter((s) => s.appointmentId === a.id).map((s) => s.staffId!));
        for (const staffId of staffIds) expected.push(...staffSlotResources(staffId, a.startsAt.getTime(), a.endsAt.getTime()));
      }
      expect(expected.length, a.id).toBeGreaterThan(0);
      expect(got.map((c) => c.resource).sort(), a.id).toEqual(expected.sort());
    }
    for (const status of ['waitlisted', 'finished', 'canceled', 'no_show'] as const) {
      expect(
        all.some((a) => a.status === status),
        `the demo has a ${status} visit`,
      ).toBe(true);
    }
  });

  it('numbers units from 0 per resource, unique and below capacity (grooming slots: unit 0)', async () => {
    const claims = await fresh.db.select().from(capacityClaims);
    const byBusiness = Object.fromEntries((await fresh.db.select().from(businesses)).map((b) => [b.id, b]));
    const units = new Map<string, number[]>();
    for (const c of claims) {
      const key = `${c.businessId} ${c.resource}`;
      units.set(key, [...(units.get(key) ?? []), c.unit]);
      expect(c.unit).toBeLessThan(resourceCapacity(c.resource, byBusiness[c.businessId]!));
      if (c.resource.startsWith('staff:')) expect(c.unit).toBe(0);
    }
    for (const [key, list] of units) {
      expect(
        list.sort((a, b) => a - b),
        key,
      ).toEqual(list.map((_, i) => i));
    }
  });

  it('fills Happy Tails boarding on the waitlisted stay’s nights and leaves one place on the later stay', async () => {
    const { fullStay, onePlaceLeftStay } = demoBookingDates(now).happyTails;
    const [waitlisted] = await fresh.db.select().from(appointments).where(eq(appointments.id, DEMO.appointments.waitlisted));
    expect(localDateString(waitlisted!.startsAt, 'America/Los_Angeles')).toBe(fullStay.checkIn);
    expect(localDateString(waitlisted!.endsAt, 'America/Los_Angeles')).toBe(fullStay.checkOut);

    const claims = await fresh.db.select().from(capacityClaims).where(eq(capacityClaims.businessId, B.boarding));
    const occupancy: Record<string, number> = {};
    for (const c of claims)
      if (c.resource.startsWith('boarding:')) occupancy[c.resource.slice('boarding:'.length)] = (occupancy[c.resource.slice('boarding:'.length)] ?? 0) + 1;
    for (const night of fullStay.nights) expect(occupancy[night], night).toBe(12);
    for (const night of onePlaceLeftStay.nights) expect(occupancy[night], night).toBe(11);

    const rules = await rulesOf(B.boarding);
    const calendar = (pets: number, from: string, days: number) => boardingCalendar({ rules, from, days, capacityPerNight: 12, occupancy, pets, now });
    expect(calendar(1, fullStay.checkIn, fullStay.nights.length).map((d) => d.nightAvailable)).toEqual(fullStay.nights.map(() => false));
    expect(calendar(1, onePlaceLeftStay.checkIn, onePlaceLeftStay.nights.length).every((d) => d.nightAvailable)).toBe(true);
    expect(calendar(2, onePlaceLeftStay.checkIn, onePlaceLeftStay.nights.length).some((d) => d.nightAvailable)).toBe(false);
    // Plenty of other bookable check-in days within the horizon.
    const open = calendar(1, addDays(localDateString(now, rules.timeZone), 1), 60).filter((d) => d.bookableAsCheckIn);
    expect(open.length).toBeGreaterThan(40);
  });

  it('records the deposit the business asks for on online requests, and a paid deposit is that amount', async () => {
    const online = await fresh.db
      .select()
      .from(appointments)
      .where(and(inArray(appointments.businessId, [B.boarding, B.grooming]), isNotNull(appointments.idempotencyKey)));
    expect(online.length).toBeGreaterThanOrEqual(4);
    for (const a of online) {
      const b = await business(a.businessId);
      const lines = await fresh.db
        .select({ price: appointmentServices.priceMinor })
        .from(appointmentServices)
        .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
        .where(eq(appointmentPets.appointmentId, a.id));
      const extras = await fresh.db
        .select({ price: schema.appointmentAddOns.priceMinor })
        .from(schema.appointmentAddOns)
        .innerJoin(appointmentPets, eq(appointmentPets.id, schema.appointmentAddOns.appointmentPetId))
        .where(eq(appointmentPets.appointmentId, a.id));
      const total = [...lines, ...extras].reduce((sum, l) => sum + l.price, 0);
      expect(a.depositRequiredMinor, a.id).toBe(depositFor({ rule: b.depositRule, value: b.depositValue, totalMinor: total }));
      if (a.onlinePaymentKind === 'deposit') expect(a.onlinePaymentMinor, a.id).toBe(a.depositRequiredMinor);
    }
    const [groomRequest] = online.filter((a) => a.id === DEMO.appointments.groomRequested);
    expect(groomRequest).toMatchObject({ depositRequiredMinor: 1000, onlinePaymentMinor: 1000, onlinePaymentCurrency: 'GBP' });
  });

  /** Live grooming work at Paddington, as the booking flow reads it. */
  async function groomingBusy() {
    const rows = await fresh.db
      .select({
        appointmentId: appointments.id,
        staffId: appointmentServices.staffId,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
      })
      .from(appointmentServices)
      .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
      .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
      .where(and(eq(appointments.businessId, B.grooming), inArray(appointments.status, [...CAPACITY_HOLDING_STATUSES])));
    return rows.map((r) => ({ appointmentId: r.appointmentId, staffId: r.staffId!, startsAt: r.startsAt.getTime(), endsAt: r.endsAt.getTime() }));
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

  it('replaces demo rows the booking flow added since (a request, its pet, its claims, its submission)', async () => {
    const before = await tableCounts(fresh.db);
    const { fullStay } = demoBookingDates(Date.now()).happyTails;
    const created = new Date();
    await fresh.db.batch([
      fresh.db.insert(bookingSubmissions).values({
        id: 'sub_from_the_app',
        businessId: DEMO.businesses.boarding,
        clientId: DEMO.clients.samAtBoarding,
        idempotencyKey: 'key-from-the-app',
        kind: 'create',
        outcome: '{"status":"requested"}',
        createdAt: created,
      }),
      fresh.db.insert(appointments).values({
        id: 'apt_from_the_app',
        businessId: DEMO.businesses.boarding,
        clientId: DEMO.clients.samAtBoarding,
        serviceType: 'boarding',
        status: 'requested',
        startsAt: created,
        endsAt: new Date(created.getTime() + 86_400_000),
        idempotencyKey: 'key-from-the-app',
        submissionId: 'sub_from_the_app',
        depositRequiredMinor: 1100,
        createdAt: created,
        updatedAt: created,
      }),
      fresh.db.insert(appointmentPets).values({
        id: 'ap_from_the_app',
        businessId: DEMO.businesses.boarding,
        appointmentId: 'apt_from_the_app',
        petId: DEMO.pets.rocket,
      }),
      fresh.db.insert(capacityClaims).values({
        businessId: DEMO.businesses.boarding,
        resource: boardingNightResource(addDays(fullStay.checkOut, 5)),
        unit: 0,
        appointmentId: 'apt_from_the_app',
      }),
    ]);
    await seedDemoData(fresh.db, Date.now(), { replaceExisting: true });
    expect(await tableCounts(fresh.db)).toEqual(before);
    expect(await fresh.db.select().from(appointments).where(eq(appointments.id, 'apt_from_the_app'))).toEqual([]);
    expect(await fresh.db.select().from(bookingSubmissions)).toEqual([]);
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
