/**
 * The console's schedule through the real Worker and libSQL: the day and week views in the
 * business's zone (boarding in house with check-ins/outs, daycare, grooming per groomer), one
 * round trip; each status change allowed and refused, audited in the same batch, places given
 * back on cancel and no-show (and at once in the booking lock), check-in and no-show only from
 * the visit's day; two staff racing from the same page; tenancy; and the parent's
 * live camera appearing when a boarding guest is checked in.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { addDays, localDateString, zonedDateTimeToUtc } from '../../../src/domain/time';
import { bookingLockForBusiness } from '../../../src/durable-objects/stubs';
import { bookingBusiness, claimsOn, createParents, dayAhead, daycarePlan } from '../../helpers/booking-plans';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs } from '../../helpers/factories';
import { get, getPartial, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

const TZ = 'America/Los_Angeles';
/** A Wednesday, well ahead, in the business's zone. */
const DAY = '2027-03-10';
/** Today in the business's zone: check-ins and no-shows happen on the visit's own days. */
const TODAY = localDateString(Date.now(), TZ);
const at = (day: string, time: string) => new Date(zonedDateTimeToUtc(day, time, TZ));

async function business(overrides: Parameters<typeof createBusiness>[0] = {}) {
  const biz = await createBusiness({ timeZone: TZ, ...overrides });
  const client = await createClientRecord(biz.id, { firstName: 'Jo', lastName: 'Booker' });
  const rex = await createPet(client, { name: 'Rex' });
  const staff = await createStaffAccount({ businessId: biz.id, name: 'Casey Desk' });
  const { cookie } = await staffSignedIn(staff.id);
  return { biz, client, rex, staff, cookie };
}

/** A day with a stay checking in, one checking out, one staying over, daycare and two groomers. */
async function busyDay() {
  const b = await business();
  const luna = await createPet(b.client, { name: 'Luna' });
  const arriving = await createAppointment({
    client: b.client,
    pets: [b.rex],
    serviceType: 'boarding',
    status: 'confirmed',
    startsAt: at(DAY, '09:00'),
    endsAt: at('2027-03-13', '17:00'),
  });
  const leaving = await createAppointment({
    client: b.client,
    pets: [luna],
    serviceType: 'boarding',
    status: 'checked_in',
    startsAt: at('2027-03-07', '10:00'),
    endsAt: at(DAY, '11:30'),
  });
  const staying = await createAppointment({
    client: b.client,
    pets: [luna],
    serviceType: 'boarding',
    status: 'checked_in',
    startsAt: at('2027-03-08', '10:00'),
    endsAt: at('2027-03-12', '11:30'),
  });
  const daycare = await createAppointment({
    client: b.client,
    pets: [b.rex],
    serviceType: 'daycare',
    status: 'unconfirmed',
    startsAt: at(DAY, '08:00'),
    endsAt: at(DAY, '17:00'),
  });
  const groomA = await createAppointment({
    client: b.client,
    pets: [b.rex],
    serviceType: 'grooming',
    status: 'confirmed',
    startsAt: at(DAY, '13:00'),
    endsAt: at(DAY, '14:30'),
    withServices: { serviceName: 'Full groom', staffFirstName: 'Robin' },
  });
  const groomB = await createAppointment({
    client: b.client,
    pets: [luna],
    serviceType: 'grooming',
    status: 'confirmed',
    startsAt: at(DAY, '10:00'),
    endsAt: at(DAY, '11:00'),
    withServices: { serviceName: 'Nail trim', staffFirstName: 'Alex' },
  });
  // Not on this day's schedule: the day after, and a pending request (that is the inbox's).
  const tomorrow = await createAppointment({
    client: b.client,
    pets: [b.rex],
    serviceType: 'daycare',
    status: 'confirmed',
    startsAt: at('2027-03-11', '08:00'),
    endsAt: at('2027-03-11', '17:00'),
  });
  const request = await createAppointment({
    client: b.client,
    pets: [b.rex],
    serviceType: 'daycare',
    status: 'requested',
    startsAt: at(DAY, '08:30'),
    endsAt: at(DAY, '16:00'),
  });
  return { ...b, luna, arriving, leaving, staying, daycare, groomA, groomB, tomorrow, request };
}

async function appointment(id: string) {
  return (await db.select().from(schema.appointments).where(eq(schema.appointments.id, id)))[0]!;
}
async function auditOf(businessId: string) {
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));
}
async function claimsOf(appointmentId: string) {
  return db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.appointmentId, appointmentId));
}
function change(businessId: string, a: { id: string }, fields: Record<string, string>, cookie: string) {
  return postForm(`/manage/${businessId}/appointments/${a.id}/status`, { day: TODAY, ...fields }, { cookie });
}

describe('GET /manage/:businessId/schedule', () => {
  it('shows the day in the business’s zone: boarding in house with check-ins and check-outs, daycare, grooming per groomer — one round trip', async () => {
    const d = await busyDay();
    const res = await get(`/manage/${d.biz.id}/schedule?day=${DAY}`, { cookie: d.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain('Schedule · Wed, Mar 10, 2027');
    expect(html).toContain('3 in house · 1 checking in · 1 checking out');
    expect(html).toContain('Checks in today 9:00 AM');
    expect(html).toContain('Checks out today 11:30 AM');
    expect(html).toContain('Drop-off 8:00 AM · Pick-up 5:00 PM');
    for (const a of [d.arriving, d.leaving, d.staying, d.daycare, d.groomA, d.groomB]) expect(html).toContain(`id="visit-${a.id}"`);
    expect(html).not.toContain(`id="visit-${d.tomorrow.id}"`);
    expect(html).not.toContain(`id="visit-${d.request.id}"`);
    // Groomers in name order, each with their visits and times.
    const alex = html.indexOf('<h3 id="groomer-0">Alex Groomer</h3>');
    const robin = html.indexOf('<h3 id="groomer-1">Robin Groomer</h3>');
    expect(alex).toBeGreaterThan(0);
    expect(robin).toBeGreaterThan(alex);
    expect(html.slice(alex, robin)).toContain('<dd>10:00 AM – 11:00 AM</dd>');
    expect(html.slice(robin)).toContain('<strong>Rex</strong>: Full groom (Robin Groomer)');
    // Prev/next links, real hrefs (works without JS).
    expect(html).toContain(`href="/manage/${d.biz.id}/schedule?day=2027-03-09" rel="prev"`);
    expect(html).toContain(`href="/manage/${d.biz.id}/schedule?day=2027-03-11" rel="next"`);
    // Only the allowed changes are offered: a confirmed stay whose day has not come (2027) can be canceled, not yet checked in, nor finished.
    const card = html.slice(html.indexOf(`id="visit-${d.arriving.id}"`), html.indexOf('</li>', html.indexOf(`id="visit-${d.arriving.id}"`) + 1000));
    expect(card).toContain('Cancel visit');
    expect(card).toContain('<label for="reason-');
    expect(card).not.toContain('>Check in<');
    expect(card).not.toContain('>Finish<');
    // A pet that has arrived (checked in) has its report card for this visit one tap away; one still to come has none.
    const staying = html.slice(html.indexOf(`id="visit-${d.staying.id}"`));
    expect(staying).toContain(`/pets/${d.luna.id}/report-card?appointment=${d.staying.id}">Report card for Luna</a>`);
    expect(card).not.toContain('Report card for');
  });

  it('shows the week from Monday, a stay on each of its days, with links to each day', async () => {
    const d = await busyDay();
    const res = await get(`/manage/${d.biz.id}/schedule?view=week&day=${DAY}`, { cookie: d.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain('Schedule · Week of Mon, Mar 8, 2027');
    expect(html).toContain(`href="/manage/${d.biz.id}/schedule?day=2027-03-11">Thursday, Mar 11</a>`);
    expect(html).toContain(`href="/manage/${d.biz.id}/schedule?view=week&amp;day=2027-03-01" rel="prev"`);
    const thursday = html.slice(html.indexOf('id="day-2027-03-11"'), html.indexOf('id="day-2027-03-12"'));
    expect(thursday).toContain('8:00 AM – 5:00 PM</strong> Daycare · Jo Booker (Rex)');
    expect(thursday).toContain('In house</strong> Boarding · Jo Booker (Rex)');
    const wednesday = html.slice(html.indexOf('id="day-2027-03-10"'), html.indexOf('id="day-2027-03-11"'));
    expect(wednesday).toContain('Checks in 9:00 AM</strong> Boarding · Jo Booker (Rex)');
    expect(wednesday).toContain('Checks out 11:30 AM</strong> Boarding · Jo Booker (Luna)');
  });

  it('defaults to today in the business’s zone, and answers an impossible day with 422 and words, never 500', async () => {
    const b = await business({ timeZone: 'Pacific/Kiritimati' });
    const ok = await get(`/manage/${b.biz.id}/schedule`, { cookie: b.cookie });
    expect(ok.status).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(Date.now());
    expect(await ok.text()).toContain(`name="day" type="date" value="${today}"`);
    for (const bad of ['2027-02-30', 'tomorrow', '99999-01-01', '2027-13-01']) {
      const res = await get(`/manage/${b.biz.id}/schedule?day=${bad}`, { cookie: b.cookie });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('is not a date (write it as YYYY-MM-DD');
    }
    for (const far of ['1000-01-01', '9999-12-31']) {
      for (const view of ['day', 'week']) {
        const res = await get(`/manage/${b.biz.id}/schedule?view=${view}&day=${far}`, { cookie: b.cookie });
        expect(res.status).toBe(422);
        expect(await res.text()).toContain('is outside it. Showing today instead.');
      }
    }
    // The edges of the range still render, with their prev/next links.
    expect((await get(`/manage/${b.biz.id}/schedule?view=week&day=1970-01-01`, { cookie: b.cookie })).status).toBe(200);
    expect((await get(`/manage/${b.biz.id}/schedule?view=week&day=2999-12-31`, { cookie: b.cookie })).status).toBe(200);
    // A bad day on a status change falls back to the visit's own day.
    const a = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: new Date(Date.now() + 86_400_000),
      endsAt: new Date(Date.now() + 90_000_000),
    });
    const res = await postForm(
      `/manage/${b.biz.id}/appointments/${a.id}/status`,
      { to: 'canceled', reason: 'Closed', version: '1', day: '0000-00-00' },
      { cookie: b.cookie },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\?day=\d{4}-\d{2}-\d{2}&done=canceled/);
  });

  it('cuts the day at the zone’s midnights on the day clocks spring forward (DST)', async () => {
    const b = await business();
    const spring = '2027-03-14';
    const visit = (start: Date, end: Date) =>
      createAppointment({ client: b.client, pets: [b.rex], serviceType: 'grooming', status: 'confirmed', startsAt: start, endsAt: end });
    const early = await visit(at(spring, '00:30'), at(spring, '01:45'));
    const afterJump = await visit(at(spring, '03:30'), at(spring, '04:00'));
    const late = await visit(at(spring, '23:00'), at(spring, '23:45'));
    const dayBefore = await visit(at('2027-03-13', '22:00'), at('2027-03-13', '23:59'));
    const dayAfter = await visit(at('2027-03-15', '00:00'), at('2027-03-15', '00:30'));
    const html = await (await get(`/manage/${b.biz.id}/schedule?day=${spring}`, { cookie: b.cookie })).text();
    for (const a of [early, afterJump, late]) expect(html).toContain(`id="visit-${a.id}"`);
    for (const a of [dayBefore, dayAfter]) expect(html).not.toContain(`id="visit-${a.id}"`);
    expect(html).toContain('<dd>3:30 AM – 4:00 AM</dd>');
    expect(html).toContain('Times in the business’s time zone (PST).');
  });

  it('keeps a day of 50 visits small: under 30 KB gzip', async () => {
    const b = await business();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createAppointment({
          client: b.client,
          pets: [b.rex],
          serviceType: i % 2 ? 'daycare' : 'grooming',
          status: 'confirmed',
          startsAt: at(DAY, '08:00'),
          endsAt: at(DAY, '17:00'),
          withServices: { serviceName: 'Full groom', staffFirstName: `G${i % 4}` },
        }),
      ),
    );
    const res = await get(`/manage/${b.biz.id}/schedule?day=${DAY}`, { cookie: b.cookie });
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    const gzip = new Uint8Array(await new Response(new Blob([html]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()).byteLength;
    console.info(`schedule day with 50 visits: ${html.length} B raw, ${gzip} B gzip`);
    expect(gzip).toBeLessThan(30 * 1024);
  });

  it('renders only the schedule section for an htmx partial request', async () => {
    const b = await business();
    const res = await getPartial(`/manage/${b.biz.id}/schedule?day=${DAY}`, { cookie: b.cookie });
    expect((await res.text()).startsWith('<section aria-labelledby="schedule-heading" id="schedule">')).toBe(true);
  });

  it('answers 404 to another business’s staff, and sends the signed-out to sign in', async () => {
    const d = await busyDay();
    const other = await business();
    expect((await get(`/manage/${d.biz.id}/schedule?day=${DAY}`, { cookie: other.cookie })).status).toBe(404);
    const signedOut = await get(`/manage/${d.biz.id}/schedule`);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/manage/sign-in');
  });
});

describe('POST /manage/:businessId/appointments/:appointmentId/status', () => {
  it.each([
    ['unconfirmed', 'confirmed'],
    ['confirmed', 'checked_in'],
    ['checked_in', 'ready_for_pickup'],
    ['ready_for_pickup', 'finished'],
  ] as const)('moves %s → %s, version + 1, with its audit row, keeping its places', async (from, to) => {
    const b = await business();
    const a = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'daycare',
      status: from,
      startsAt: at(TODAY, '08:00'),
      endsAt: at(TODAY, '17:00'),
    });
    await db.insert(schema.capacityClaims).values({ businessId: b.biz.id, resource: `daycare:${TODAY}`, unit: 0, appointmentId: a.id });
    const res = await change(b.biz.id, a, { to, version: '1' }, b.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${b.biz.id}/schedule?day=${TODAY}&done=${to}#visit-${a.id}`);
    expect(await appointment(a.id)).toMatchObject({ status: to, version: 2 });
    expect(await auditOf(b.biz.id)).toMatchObject([{ action: `appointment.${to}`, recordType: 'appointment', recordId: a.id, staffAccountId: b.staff.id }]);
    expect(await claimsOf(a.id)).toHaveLength(1);
  });

  it.each(['unconfirmed', 'confirmed'] as const)('marks a %s visit a no-show and gives its places back', async (from) => {
    const b = await business();
    const a = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'daycare',
      status: from,
      startsAt: at(TODAY, '08:00'),
      endsAt: at(TODAY, '17:00'),
    });
    await db.insert(schema.capacityClaims).values({ businessId: b.biz.id, resource: `daycare:${TODAY}`, unit: 0, appointmentId: a.id });
    expect((await change(b.biz.id, a, { to: 'no_show', version: '1' }, b.cookie)).status).toBe(303);
    expect(await appointment(a.id)).toMatchObject({ status: 'no_show', version: 2 });
    expect(await claimsOf(a.id)).toHaveLength(0);
    expect((await auditOf(b.biz.id))[0]).toMatchObject({ action: 'appointment.no_show' });
  });

  it('cancels with the reason the client reads, places given back; without a reason answers 422 at the field', async () => {
    const b = await business();
    const a = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'boarding',
      status: 'confirmed',
      startsAt: at(TODAY, '09:00'),
      endsAt: at(addDays(TODAY, 2), '17:00'),
    });
    await db.insert(schema.capacityClaims).values([
      { businessId: b.biz.id, resource: `boarding:${TODAY}`, unit: 0, appointmentId: a.id },
      { businessId: b.biz.id, resource: `boarding:${addDays(TODAY, 1)}`, unit: 0, appointmentId: a.id },
    ]);
    const missing = await change(b.biz.id, a, { to: 'canceled', version: '1', reason: '  ' }, b.cookie);
    expect(missing.status).toBe(422);
    expect(missing.headers.get('server-timing')).toContain('desc="1 round trip"');
    expect(await missing.text()).toMatch(
      /<p class="error" id="reason-apt_[^"]+-error" role="alert">Say why it is canceled: the client reads this reason\.<\/p>/,
    );
    expect(await claimsOf(a.id)).toHaveLength(2);

    const res = await change(b.biz.id, a, { to: 'canceled', version: '1', reason: 'Kennel closed for repairs' }, b.cookie);
    expect(res.status).toBe(303);
    // The route's one read; the change itself is the booking lock's one batch.
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    expect(await appointment(a.id)).toMatchObject({ status: 'canceled', cancelReason: 'Kennel closed for repairs', version: 2, declinedByBusiness: false });
    expect(await claimsOf(a.id)).toHaveLength(0);
    expect((await auditOf(b.biz.id))[0]).toMatchObject({ action: 'appointment.canceled', detail: 'Confirmed → Canceled: Kennel closed for repairs' });
    const parent = await signedInAs(b.client.phoneE164);
    const detail = await (await get(`/c/${b.client.id}/appointments/${a.id}`, { cookie: parent.cookie })).text();
    expect(detail).toContain('Kennel closed for repairs');
    const page = await (await get(res.headers.get('location')!, { cookie: b.cookie })).text();
    expect(page).toContain('Canceled. The client sees your reason in their portal');
  });

  it.each([
    ['confirmed', 'finished'],
    ['unconfirmed', 'checked_in'],
    ['checked_in', 'canceled'],
    ['checked_in', 'no_show'],
    ['finished', 'checked_in'],
    ['canceled', 'confirmed'],
    ['requested', 'confirmed'],
    ['confirmed', 'deleted'],
  ] as const)('refuses %s → %s with 409 and words, writing nothing', async (from, to) => {
    const b = await business();
    const a = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'daycare',
      status: from,
      startsAt: at(TODAY, '08:00'),
      endsAt: at(TODAY, '17:00'),
    });
    const res = await change(b.biz.id, a, { to, version: '1', reason: 'because' }, b.cookie);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('is not possible now. Nothing was changed.');
    expect(await appointment(a.id)).toMatchObject({ status: from, version: 1 });
    expect(await auditOf(b.biz.id)).toHaveLength(0);
  });

  it('refuses a change from a stale page (the version moved on) with 409, writing nothing', async () => {
    const b = await business();
    const a = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: at(TODAY, '08:00'),
      endsAt: at(TODAY, '17:00'),
    });
    await db.update(schema.appointments).set({ version: 2 }).where(eq(schema.appointments.id, a.id));
    const res = await change(b.biz.id, a, { to: 'checked_in', version: '1' }, b.cookie);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Someone changed this visit since your page was loaded: it is now Confirmed. Nothing was changed');
    expect((await change(b.biz.id, a, { to: 'checked_in' }, b.cookie)).status).toBe(409);
    expect(await appointment(a.id)).toMatchObject({ status: 'confirmed', version: 2 });
    expect(await auditOf(b.biz.id)).toHaveLength(0);
  });

  it('two staff changing the same visit from the same page: exactly one wins, the other gets 409', async () => {
    for (let run = 0; run < 5; run++) {
      const b = await business();
      const colleague = await createStaffAccount({ businessId: b.biz.id, name: 'Pat Front' });
      const other = await staffSignedIn(colleague.id);
      const a = await createAppointment({
        client: b.client,
        pets: [b.rex],
        serviceType: 'daycare',
        status: 'confirmed',
        startsAt: at(TODAY, '08:00'),
        endsAt: at(TODAY, '17:00'),
      });
      await db.insert(schema.capacityClaims).values({ businessId: b.biz.id, resource: `daycare:${TODAY}`, unit: 0, appointmentId: a.id });
      const [first, second] = await Promise.all([
        change(b.biz.id, a, { to: 'checked_in', version: '1' }, b.cookie),
        change(b.biz.id, a, { to: 'canceled', version: '1', reason: 'Sick pet' }, other.cookie),
      ]);
      expect([first.status, second.status].sort()).toEqual([303, 409]);
      const after = await appointment(a.id);
      expect(after.version).toBe(2);
      expect(after.status).toBe(first.status === 303 ? 'checked_in' : 'canceled');
      const audit = await auditOf(b.biz.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]!.staffAccountId).toBe(first.status === 303 ? b.staff.id : colleague.id);
      expect(await claimsOf(a.id)).toHaveLength(after.status === 'canceled' ? 0 : 1);
      const loser = first.status === 409 ? first : second;
      expect(await loser.text()).toContain('Someone changed this visit since your page was loaded');
    }
  }, 60_000);

  it('refuses a check-in or a no-show before the visit’s day with 409 and the day, and does not offer them', async () => {
    const b = await business();
    const later = addDays(TODAY, 3);
    const a = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: at(later, '08:00'),
      endsAt: at(later, '17:00'),
    });
    for (const to of ['checked_in', 'no_show']) {
      const res = await change(b.biz.id, a, { to, version: '1' }, b.cookie);
      expect(res.status).toBe(409);
      expect(await res.text()).toMatch(/This visit starts on [^:<]+: (check the pet in|mark a no-show) on that day or later\. Nothing was changed\./);
    }
    expect(await appointment(a.id)).toMatchObject({ status: 'confirmed', version: 1 });
    expect(await auditOf(b.biz.id)).toHaveLength(0);
    const page = await (await get(`/manage/${b.biz.id}/schedule?day=${later}`, { cookie: b.cookie })).text();
    expect(page).toContain(`visit-${a.id}`);
    expect(page).not.toContain('>Check in<');
    expect(page).not.toContain('>No-show<');
  });

  it('frees a canceled visit’s place in the booking lock at once: the next parent gets it, not the waitlist', async () => {
    const biz = await bookingBusiness(1);
    const staff = await createStaffAccount({ businessId: biz.id, name: 'Casey Desk' });
    const { cookie } = await staffSignedIn(staff.id);
    const [first, second] = await createParents(biz.id, 2);
    const day = dayAhead(4);
    const lock = bookingLockForBusiness(env, biz.id);
    const taken = await lock.submit(daycarePlan({ parent: first!, days: [day], capacity: 1, waitlistAllowed: false }));
    expect(taken).toMatchObject({ status: 'requested' });
    const appointmentId = (taken as { appointmentIds: string[] }).appointmentIds[0]!;
    await db.update(schema.appointments).set({ status: 'confirmed' }).where(eq(schema.appointments.id, appointmentId));
    expect(await lock.submit(daycarePlan({ parent: second!, days: [day], capacity: 1, observedUnits: [0], waitlistAllowed: false }))).toMatchObject({
      status: 'full',
    });

    const res = await postForm(
      `/manage/${biz.id}/appointments/${appointmentId}/status`,
      { to: 'canceled', version: '1', reason: 'Closed for a burst pipe' },
      { cookie },
    );
    expect(res.status).toBe(303);
    expect(await claimsOn(biz.id, `daycare:${day.date}`)).toHaveLength(0);
    // The route's read now sees the day empty; the lock agrees without waiting for its ledger to go stale.
    const again = await lock.submit(daycarePlan({ parent: second!, days: [day], capacity: 1, observedUnits: [], waitlistAllowed: false }));
    expect(again).toMatchObject({ status: 'requested' });
    expect(await claimsOn(biz.id, `daycare:${day.date}`)).toHaveLength(1);
  });

  it('answers 404 for another business’s visit, changing nothing', async () => {
    const b = await business();
    const a = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: at(TODAY, '08:00'),
      endsAt: at(TODAY, '17:00'),
    });
    const other = await business();
    expect((await change(b.biz.id, a, { to: 'checked_in', version: '1' }, other.cookie)).status).toBe(404);
    expect((await change(other.biz.id, a, { to: 'checked_in', version: '1' }, other.cookie)).status).toBe(404);
    expect(await appointment(a.id)).toMatchObject({ status: 'confirmed', version: 1 });
    expect(await auditOf(b.biz.id)).toHaveLength(0);
    expect(await auditOf(other.biz.id)).toHaveLength(0);
  });
});

describe('checking a boarding guest in', () => {
  it('makes “View live camera” appear for the parent of a business with iDogCam', async () => {
    const b = await business({ idogcamFeedUrl: 'https://idogcam.example/feeds/test' });
    const stay = await createAppointment({
      client: b.client,
      pets: [b.rex],
      serviceType: 'boarding',
      status: 'confirmed',
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 3 * 86_400_000),
      cameraRoom: 'suite-2',
    });
    const parent = await signedInAs(b.client.phoneE164);
    const before = await (await get(`/c/${b.client.id}/appointments/${stay.id}`, { cookie: parent.cookie })).text();
    expect(before).not.toContain('View live camera');
    expect((await postForm(`/manage/${b.biz.id}/appointments/${stay.id}/status`, { to: 'checked_in', version: '1' }, { cookie: b.cookie })).status).toBe(303);
    const after = await (await get(`/c/${b.client.id}/appointments/${stay.id}`, { cookie: parent.cookie })).text();
    expect(after).toContain('View live camera');
  });
});
