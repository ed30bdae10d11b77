/**
 * The demo day (issue 10, item 7): on the day the seed runs (Happy Tails' calendar), the
 * schedule has appointments in every status it shows — requested, waitlisted, unconfirmed,
 * confirmed, checked in, ready for pick-up, finished, no-show, canceled by the business with a
 * reason, declined — across boarding and daycare (and a per-groomer day at Paddington), with claims as the booking lock records them,
 * plus inbox items and unread notifications; and seeding again the same day changes nothing.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from './fresh-database';
import { DEMO, demoBookingDates, seedDemoData } from '../../scripts/seed';
import * as schema from '../../src/db/schema';
import { holdsCapacity } from '../../src/domain/capacity';
import { localDateString } from '../../src/domain/time';

const { appointments, appointmentPets, appointmentServices, businessNotifications, capacityClaims } = schema;
const TZ = 'America/Los_Angeles';

describe('the demo day at Happy Tails', () => {
  const now = Date.now();
  let fresh: FreshDatabase;

  beforeAll(async () => {
    fresh = await freshDatabase();
    await seedDemoData(fresh.db, now);
  });
  afterAll(() => fresh.close());

  async function onDemoDay() {
    const day = demoBookingDates(now).happyTails.demoDay.date;
    const rows = await fresh.db.select().from(appointments).where(eq(appointments.businessId, DEMO.businesses.boarding));
    // On the day: starts, ends or is in house that day (business-local dates).
    return rows.filter((a) => localDateString(a.startsAt.getTime(), TZ) <= day && day <= localDateString(a.endsAt.getTime(), TZ));
  }

  it('is today on the business calendar (or the next open day when today is closed)', () => {
    const { demoDay, closedDates } = demoBookingDates(now).happyTails;
    const today = localDateString(now, TZ);
    if (!closedDates.includes(today)) expect(demoDay.date).toBe(today);
    else expect(demoDay.date > today).toBe(true);
  });

  it('has every status the schedule shows, declined and canceled-by-the-business (with reasons) told apart', async () => {
    const rows = await onDemoDay();
    const statuses = new Set(rows.map((a) => a.status));
    for (const status of ['requested', 'waitlisted', 'unconfirmed', 'confirmed', 'checked_in', 'ready_for_pickup', 'finished', 'no_show', 'canceled']) {
      expect(statuses, status).toContain(status);
    }
    const declined = rows.filter((a) => a.status === 'canceled' && a.declinedByBusiness);
    const canceledByBusiness = rows.filter((a) => a.id === DEMO.appointments.today.canceledByBusiness);
    expect(declined.map((a) => a.id)).toContain(DEMO.appointments.today.declined);
    expect(declined[0]!.cancelReason).toBeTruthy();
    expect(canceledByBusiness[0]).toMatchObject({ status: 'canceled', declinedByBusiness: false });
    expect(canceledByBusiness[0]!.cancelReason).toBeTruthy();
  });

  it('spans boarding and daycare: guests in house, a check-in and a check-out that day', async () => {
    const rows = await onDemoDay();
    const day = demoBookingDates(now).happyTails.demoDay.date;
    expect(new Set(rows.map((a) => a.serviceType))).toEqual(new Set(['boarding', 'daycare']));
    const boarding = rows.filter((a) => a.serviceType === 'boarding');
    expect(boarding.some((a) => a.status === 'checked_in')).toBe(true);
    expect(boarding.some((a) => localDateString(a.startsAt.getTime(), TZ) === day)).toBe(true);
    expect(boarding.some((a) => localDateString(a.endsAt.getTime(), TZ) === day)).toBe(true);
  });

  it('holds claims only for statuses that hold capacity, never over the daily capacity', async () => {
    const rows = await onDemoDay();
    const claims = await fresh.db.select().from(capacityClaims).where(eq(capacityClaims.businessId, DEMO.businesses.boarding));
    for (const a of rows) {
      const got = claims.filter((c) => c.appointmentId === a.id);
      if (holdsCapacity(a.status)) expect(got.length, `${a.id} (${a.status})`).toBeGreaterThan(0);
      else expect(got, `${a.id} (${a.status})`).toEqual([]);
    }
    const day = demoBookingDates(now).happyTails.demoDay.date;
    expect(claims.filter((c) => c.resource === `daycare:${day}`).length).toBeLessThanOrEqual(20);
    expect(claims.filter((c) => c.resource === `boarding:${day}`).length).toBeLessThanOrEqual(12);
  });

  it('has a per-groomer day at Paddington: both groomers, each visit in its own status, no groomer booked twice at once', async () => {
    const { date } = demoBookingDates(now).paddington.demoDay;
    const rows = (await fresh.db.select().from(appointments).where(eq(appointments.businessId, DEMO.businesses.grooming))).filter(
      (a) => localDateString(a.startsAt.getTime(), 'Europe/London') === date,
    );
    const ids: string[] = Object.values(DEMO.appointments.groomToday);
    expect(rows.map((a) => a.id)).toEqual(expect.arrayContaining(ids));
    expect(new Set(rows.filter((a) => ids.includes(a.id)).map((a) => a.status))).toEqual(
      new Set(['ready_for_pickup', 'checked_in', 'unconfirmed', 'confirmed']),
    );
    const lines = await fresh.db
      .select({ appointmentId: appointmentPets.appointmentId, staffId: appointmentServices.staffId })
      .from(appointmentServices)
      .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId));
    const staffOf = (id: string) => lines.find((l) => l.appointmentId === id)?.staffId;
    expect(new Set(ids.map(staffOf))).toEqual(new Set([DEMO.staff.priya, DEMO.staff.tom]));
    const live = rows.filter((a) => holdsCapacity(a.status));
    for (const a of live) {
      for (const b of live) {
        if (a.id < b.id && staffOf(a.id) === staffOf(b.id)) {
          expect(a.endsAt <= b.startsAt || b.endsAt <= a.startsAt, `${a.id} and ${b.id} overlap`).toBe(true);
        }
      }
    }
  });

  it('leaves inbox items and unread notifications', async () => {
    const rows = await fresh.db.select().from(appointments).where(eq(appointments.businessId, DEMO.businesses.boarding));
    expect(rows.filter((a) => a.status === 'requested' || a.status === 'waitlisted').length).toBeGreaterThanOrEqual(3);
    const unread = await fresh.db
      .select()
      .from(businessNotifications)
      .where(and(eq(businessNotifications.businessId, DEMO.businesses.boarding), isNull(businessNotifications.readAt)));
    expect(unread.length).toBeGreaterThanOrEqual(2);
  });

  it('seeds again the same day to the same demo day (idempotent)', async () => {
    const before = (await onDemoDay()).map((a) => [a.id, a.status]).sort();
    await seedDemoData(fresh.db, Date.now(), { replaceExisting: true });
    await seedDemoData(fresh.db, Date.now(), { replaceExisting: true });
    expect((await onDemoDay()).map((a) => [a.id, a.status]).sort()).toEqual(before);
  });
});
