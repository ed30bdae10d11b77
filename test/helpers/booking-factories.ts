/**
 * A business set up for online booking, for route tests: open every day, one groomer who does
 * the full groom (and a second who only trims nails), daycare and boarding with small
 * capacities, drop-off/pick-up windows — plus a signed-in client with two pets. Every call
 * makes its own rows (the database is shared by all test files).
 */
import * as schema from '../../src/db/schema';
import { newId } from '../../src/domain/ids';
import { addDays, localDateString, zonedDateTimeToUtc } from '../../src/domain/time';
import { createBusiness, createClientRecord, createPet, db, signedInAs, type BusinessOverrides } from './factories';

export const TZ = 'America/Los_Angeles';

export async function createBookableBusiness(overrides: BusinessOverrides = {}) {
  const business = await createBusiness({
    offersGrooming: true,
    offersBoarding: true,
    offersDaycare: true,
    onlineBookingEnabled: true,
    timeZone: TZ,
    minNoticeHours: 12,
    bookingHorizonDays: 30,
    slotIntervalMinutes: 30,
    maxDaysPerRequest: 5,
    waitlistAllowed: true,
    depositRule: 'percentage',
    depositValue: 2000,
    boardingNightlyCapacity: 2,
    daycareDailyCapacity: 2,
    ...overrides,
  });
  const ids = {
    fullGroom: newId('svc'),
    nailTrim: newId('svc'),
    daycare: newId('svc'),
    boarding: newId('svc'),
    teeth: newId('add'),
    robin: newId('stf'),
    nailsOnly: newId('stf'),
  };
  const b = business.id;
  const statements: any[] = [
    db.insert(schema.services).values([
      { id: ids.fullGroom, businessId: b, name: 'Full groom', type: 'grooming', durationMinutes: 60, priceMinor: 6000 },
      { id: ids.nailTrim, businessId: b, name: 'Nail trim', type: 'grooming', durationMinutes: 30, priceMinor: 1500 },
      { id: ids.daycare, businessId: b, name: 'Daycare day', type: 'daycare', durationMinutes: 480, priceMinor: 4000 },
      { id: ids.boarding, businessId: b, name: 'Boarding night', type: 'boarding', durationMinutes: 1440, priceMinor: 5000 },
    ]),
    db.insert(schema.addOns).values({ id: ids.teeth, businessId: b, name: 'Teeth brushing', serviceType: 'grooming', durationMinutes: 0, priceMinor: 1000 }),
    db.insert(schema.staff).values([
      { id: ids.robin, businessId: b, firstName: 'Robin', lastName: 'Groomer' },
      { id: ids.nailsOnly, businessId: b, firstName: 'Nell', lastName: 'Nails' },
    ]),
    db.insert(schema.staffServices).values([
      { staffId: ids.robin, serviceId: ids.fullGroom, businessId: b },
      { staffId: ids.robin, serviceId: ids.nailTrim, businessId: b },
      { staffId: ids.nailsOnly, serviceId: ids.nailTrim, businessId: b },
    ]),
  ];
  for (let weekday = 0; weekday < 7; weekday++) {
    statements.push(db.insert(schema.businessHours).values({ id: newId('hrs'), businessId: b, weekday, opens: '08:00', closes: '18:00' }));
    statements.push(db.insert(schema.staffSchedules).values({ id: newId('sch'), businessId: b, staffId: ids.robin, weekday, starts: '09:00', ends: '17:00' }));
    statements.push(
      db.insert(schema.staffSchedules).values({ id: newId('sch'), businessId: b, staffId: ids.nailsOnly, weekday, starts: '09:00', ends: '17:00' }),
    );
  }
  statements.push(
    db.insert(schema.serviceWindows).values([
      { id: newId('win'), businessId: b, kind: 'drop_off', starts: '08:00', ends: '10:00' },
      { id: newId('win'), businessId: b, kind: 'pick_up', starts: '16:00', ends: '18:00' },
    ]),
  );
  await db.batch(statements as [any, ...any[]]);
  return { business, ids };
}

/** A signed-in parent of `business` with two dogs. */
export async function bookingParent(businessId: string) {
  const client = await createClientRecord(businessId, { firstName: 'Jo', lastName: 'Booker' });
  const rex = await createPet(client, { name: 'Rex' });
  const lulu = await createPet(client, { name: 'Lulu' });
  const { cookie } = await signedInAs(client.phoneE164);
  return { client, rex, lulu, cookie };
}

/** The business-local date `days` from today. */
export function localDate(days: number, now = Date.now()): string {
  return addDays(localDateString(now, TZ), days);
}

/** Epoch ms of `time` on the local date `days` from today. */
export function localTime(days: number, time: string, now = Date.now()): number {
  return zonedDateTimeToUtc(localDate(days, now), time, TZ);
}

/** Pulls the hidden inputs of the review step's POST form out of its HTML. */
export function hiddenFields(html: string): [string, string][] {
  const form = html.slice(html.indexOf('method="post"'));
  const fields: [string, string][] = [];
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields.push([
      m[1]!,
      m[2]!
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    ]);
  }
  return fields;
}
