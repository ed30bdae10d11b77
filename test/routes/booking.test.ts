/**
 * Online booking through the real Worker, booking lock and libSQL: the steps, the signed
 * submit, idempotency, reschedule and cancel, the notifications the business gets, and every
 * refusal the issue names — each answered with a clear message and nothing saved.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { createAppointment, createBusiness, createClientRecord, createPet, db } from '../helpers/factories';
import { bookingParent, createBookableBusiness, hiddenFields, localDate, localTime } from '../helpers/booking-factories';
import { get, getPartial, postForm } from '../helpers/http';

type Pairs = [string, string][];

function query(pairs: Pairs): string {
  return new URLSearchParams(pairs).toString();
}

async function setup(overrides: Parameters<typeof createBookableBusiness>[0] = {}) {
  const { business, ids } = await createBookableBusiness(overrides);
  const parent = await bookingParent(business.id);
  return { business, ids, ...parent };
}

type Setup = Awaited<ReturnType<typeof setup>>;

function groomingChoice(s: Setup, start: number, extra: Pairs = []): Pairs {
  return [
    ['type', 'grooming'],
    ['pet', s.rex.id],
    [`service.${s.rex.id}`, s.ids.fullGroom],
    [`addon.${s.rex.id}`, s.ids.teeth],
    ['start', String(start)],
    ...extra,
  ];
}

/** Opens the review step for `choice` and returns its signed form fields. */
async function reviewForm(s: Setup, choice: Pairs): Promise<{ status: number; html: string; fields: Pairs }> {
  const res = await get(`/c/${s.client.id}/book?${query([...choice, ['step', 'review']])}`, { cookie: s.cookie });
  const html = await res.text();
  return { status: res.status, html, fields: hiddenFields(html) };
}

async function submit(s: Setup, fields: Pairs) {
  return postForm(`/c/${s.client.id}/book`, fields, { cookie: s.cookie });
}

async function appointmentsOf(clientId: string) {
  return db.select().from(schema.appointments).where(eq(schema.appointments.clientId, clientId));
}

async function notificationsOf(businessId: string) {
  return db.select().from(schema.businessNotifications).where(eq(schema.businessNotifications.businessId, businessId));
}

describe('GET /c/:clientId/book', () => {
  it('starts with pets and the kinds of visit the business takes online', async () => {
    const s = await setup();
    const res = await get(`/c/${s.client.id}/book`, { cookie: s.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain('What would you like to book?');
    expect(html).toContain('value="grooming"');
    expect(html).toContain('value="daycare"');
    expect(html).toContain('Rex');
    expect(html).toContain('Lulu');
  });

  it('renders only the step as a fragment for a partial htmx request', async () => {
    const s = await setup();
    const res = await getPartial(`/c/${s.client.id}/book?${query([['type', 'grooming'], ['pet', s.rex.id], ['step', 'services']])}`, {
      cookie: s.cookie,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="booking"')).toBe(true);
    expect(html).toContain('Full groom');
    expect(html).toContain('Any groomer');
  });

  it('offers only free grooming start times', async () => {
    const s = await setup();
    const date = localDate(3);
    const res = await get(
      `/c/${s.client.id}/book?${query([['type', 'grooming'], ['pet', s.rex.id], [`service.${s.rex.id}`, s.ids.fullGroom], ['date', date], ['step', 'time']])}`,
      { cookie: s.cookie },
    );
    const html = await res.text();
    expect(html).toContain(`value="${localTime(3, '09:00')}"`);
    expect(html).toContain(`value="${localTime(3, '16:00')}"`);
    // A 60-minute groom cannot start at 16:30 (the groomer stops at 17:00).
    expect(html).not.toContain(`value="${localTime(3, '16:30')}"`);
  });

  it('sends a parent back to the step with the missing choice, with 422', async () => {
    const s = await setup();
    const res = await get(`/c/${s.client.id}/book?${query([['type', 'grooming'], ['step', 'services']])}`, { cookie: s.cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Choose at least one pet.');
  });

  it('answers 404 everywhere when online booking is off', async () => {
    const s = await setup({ onlineBookingEnabled: false });
    expect((await get(`/c/${s.client.id}/book`, { cookie: s.cookie })).status).toBe(404);
    expect((await postForm(`/c/${s.client.id}/book`, [['type', 'grooming']], { cookie: s.cookie })).status).toBe(404);
    const list = await (await get(`/c/${s.client.id}/appointments`, { cookie: s.cookie })).text();
    expect(list).not.toContain('/book"');
  });
});

describe('POST /c/:clientId/book', () => {
  it('creates a Requested grooming appointment with prices, deposit and a notification, in one round trip', async () => {
    const s = await setup();
    const start = localTime(2, '10:00');
    const review = await reviewForm(s, groomingChoice(s, start, [['notes', 'Rex is shy']]));
    expect(review.status).toBe(200);
    expect(review.html).toContain('$70.00'); // 60 + 10
    expect(review.html).toContain('$14.00'); // 20 % deposit
    const res = await submit(s, review.fields);
    expect(res.status).toBe(303);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const [appointment] = await appointmentsOf(s.client.id);
    expect(res.headers.get('location')).toBe(`/c/${s.client.id}/appointments/${appointment!.id}?booked=requested`);
    expect(appointment).toMatchObject({ status: 'requested', serviceType: 'grooming', notes: 'Rex is shy', depositRequiredMinor: 1400 });
    expect(appointment!.startsAt.getTime()).toBe(start);
    expect(appointment!.endsAt.getTime()).toBe(start + 60 * 60_000);
    const notes = await notificationsOf(s.business.id);
    expect(notes.map((n) => n.kind)).toEqual(['new_request']);
    expect(notes[0]!.summary).toContain('Jo Booker');
    expect(notes[0]!.summary).toContain('Rex');

    const detail = await (await get(res.headers.get('location')!, { cookie: s.cookie })).text();
    expect(detail).toContain('Request sent.');
    expect(detail).toContain('>Requested<');
  });

  it('creates exactly one request for a double submit and shows the same result', async () => {
    const s = await setup();
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '11:00')));
    const responses = await Promise.all(Array.from({ length: 10 }, () => submit(s, review.fields)));
    const locations = new Set(responses.map((r) => r.headers.get('location')));
    expect(responses.every((r) => r.status === 303)).toBe(true);
    expect(locations.size).toBe(1);
    expect(await appointmentsOf(s.client.id)).toHaveLength(1);
    expect(await notificationsOf(s.business.id)).toHaveLength(1);
  });

  it('waitlists a daycare day that filled up while the parent decided (waitlist allowed)', async () => {
    const s = await setup();
    const day = localDate(4);
    const choice: Pairs = [
      ['type', 'daycare'],
      ['pet', s.rex.id],
      [`service.${s.rex.id}`, s.ids.daycare],
      ['day', day],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ];
    const review = await reviewForm(s, choice);
    // Two other parents take both places meanwhile.
    for (let i = 0; i < 2; i++) {
      const other = await bookingParent(s.business.id);
      const o = { ...s, ...other };
      const r = await reviewForm(o, [['type', 'daycare'], ['pet', o.rex.id], [`service.${o.rex.id}`, s.ids.daycare], ['day', day], ['dropoff', '08:00'], ['pickup', '16:00']]);
      expect((await submit(o, r.fields)).status).toBe(303);
    }
    const res = await submit(s, review.fields);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('booked=waitlisted');
    const [mine] = await appointmentsOf(s.client.id);
    expect(mine!.status).toBe('waitlisted');
    const claims = await db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.resource, `daycare:${day}`));
    expect(claims.filter((c) => c.businessId === s.business.id)).toHaveLength(2);
  });

  it('refuses a full time without a waitlist with 409 on the time step, saving nothing', async () => {
    const s = await setup({ waitlistAllowed: false, daycareDailyCapacity: 1 });
    const day = localDate(5);
    const mine: Pairs = [['type', 'daycare'], ['pet', s.rex.id], [`service.${s.rex.id}`, s.ids.daycare], ['day', day], ['dropoff', '08:00'], ['pickup', '16:00']];
    const review = await reviewForm(s, mine);
    const other = { ...s, ...(await bookingParent(s.business.id)) };
    const r = await reviewForm(other, [['type', 'daycare'], ['pet', other.rex.id], [`service.${other.rex.id}`, s.ids.daycare], ['day', day], ['dropoff', '08:00'], ['pickup', '16:00']]);
    expect((await submit(other, r.fields)).status).toBe(303);
    const res = await submit(s, review.fields);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('That time has just been fully booked. Choose another time.');
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  });
});

describe('refusals: a clear message and nothing saved', () => {
  async function refused(s: Setup, choice: Pairs, message: string, status = 422) {
    const review = await reviewForm(s, choice);
    expect(review.status).toBe(status);
    expect(review.html).toContain(message);
    expect(review.html).not.toContain('Send request');
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  }

  it('a time in the past', async () => {
    const s = await setup();
    await refused(s, groomingChoice(s, localTime(-1, '10:00')), 'That time has already passed.');
  });

  it('a time inside the notice window', async () => {
    const s = await setup({ minNoticeHours: 72 });
    await refused(s, groomingChoice(s, localTime(1, '10:00')), 'the business needs more notice');
  });

  it('a time beyond the horizon', async () => {
    const s = await setup({ bookingHorizonDays: 7 });
    await refused(s, groomingChoice(s, localTime(10, '10:00')), 'too far ahead to book online');
  });

  it('a closed day', async () => {
    const s = await setup();
    await db.insert(schema.closedDates).values({ businessId: s.business.id, date: localDate(3), reason: 'Holiday' });
    await refused(s, groomingChoice(s, localTime(3, '10:00')), 'The business is closed that day.');
  });

  it('a start outside the groomers’ hours', async () => {
    const s = await setup();
    await refused(s, groomingChoice(s, localTime(3, '08:00')), 'not working then');
  });

  it('a pet of another client', async () => {
    const s = await setup();
    const stranger = await createClientRecord(s.business.id);
    const theirPet = await createPet(stranger, { name: 'NotYours' });
    await refused(
      s,
      [['type', 'grooming'], ['pet', theirPet.id], [`service.${theirPet.id}`, s.ids.fullGroom], ['start', String(localTime(2, '10:00'))]],
      'One of the pets chosen is not on your profile with this business.',
    );
  });

  it('a service of another business', async () => {
    const s = await setup();
    const other = await createBookableBusiness();
    await refused(
      s,
      [['type', 'grooming'], ['pet', s.rex.id], [`service.${s.rex.id}`, other.ids.fullGroom], ['start', String(localTime(2, '10:00'))]],
      'Choose a service for Rex.',
    );
  });

  it('a groomer who does not do that service', async () => {
    const s = await setup();
    await refused(s, groomingChoice(s, localTime(2, '10:00'), [[`staff.${s.rex.id}`, s.ids.nailsOnly]]), 'Nell Nails does not do Full groom.');
  });

  it('check-out before check-in', async () => {
    const s = await setup();
    await refused(
      s,
      [['type', 'boarding'], ['pet', s.rex.id], [`service.${s.rex.id}`, s.ids.boarding], ['checkin', localDate(5)], ['checkout', localDate(4)], ['dropoff', '08:00'], ['pickup', '16:00']],
      'Check-out must be after check-in.',
    );
  });

  it('more days than allowed', async () => {
    const s = await setup({ maxDaysPerRequest: 2 });
    await refused(
      s,
      [['type', 'daycare'], ['pet', s.rex.id], [`service.${s.rex.id}`, s.ids.daycare], ['day', localDate(3)], ['day', localDate(4)], ['day', localDate(5)], ['dropoff', '08:00'], ['pickup', '16:00']],
      'more days than can be booked at once',
    );
  });

  it('a tampered form (choices changed after review)', async () => {
    const s = await setup();
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    const tampered = review.fields.map(([k, v]): [string, string] => (k === 'start' ? [k, String(localTime(2, '11:00'))] : [k, v]));
    const res = await submit(s, tampered);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This booking form was changed or is out of date.');
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  });

  it('an expired form', async () => {
    const s = await setup();
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    const old = review.fields.map(([k, v]): [string, string] => (k === 'issued' ? [k, String(Date.now() - 3 * 3600_000)] : [k, v]));
    const res = await submit(s, old);
    expect(res.status).toBe(422);
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  });
});

describe('cancel and reschedule', () => {
  async function booked(s: Setup, start = localTime(2, '10:00')) {
    const review = await reviewForm(s, groomingChoice(s, start));
    const res = await submit(s, review.fields);
    expect(res.status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    return appointment!;
  }

  it('cancels a pending request with the reason "Canceled by the client" and tells the business', async () => {
    const s = await setup();
    const appointment = await booked(s);
    const page = await get(`/c/${s.client.id}/appointments/${appointment.id}/cancel`, { cookie: s.cookie });
    expect(page.status).toBe(200);
    const res = await postForm(`/c/${s.client.id}/appointments/${appointment.id}/cancel`, { version: String(appointment.version) }, { cookie: s.cookie });
    expect(res.status).toBe(303);
    const [after] = await appointmentsOf(s.client.id);
    expect(after).toMatchObject({ status: 'canceled', cancelReason: 'Canceled by the client' });
    const claims = await db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.appointmentId, appointment.id));
    expect(claims).toHaveLength(0);
    expect((await notificationsOf(s.business.id)).map((n) => n.kind).sort()).toEqual(['canceled_by_client', 'new_request']);
    const detail = await (await get(`/c/${s.client.id}/appointments/${appointment.id}`, { cookie: s.cookie })).text();
    expect(detail).toContain('Canceled by the client');
  });

  it('refuses to cancel an already canceled request with 409, changing nothing', async () => {
    const s = await setup();
    const appointment = await booked(s);
    await postForm(`/c/${s.client.id}/appointments/${appointment.id}/cancel`, { version: '1' }, { cookie: s.cookie });
    const again = await postForm(`/c/${s.client.id}/appointments/${appointment.id}/cancel`, { version: '1' }, { cookie: s.cookie });
    expect(again.status).toBe(409);
    expect((await notificationsOf(s.business.id)).filter((n) => n.kind === 'canceled_by_client')).toHaveLength(1);
  });

  it('refuses to cancel a confirmed appointment under the default policy, with the way to reach the business', async () => {
    const s = await setup();
    const appointment = await booked(s);
    await db.update(schema.appointments).set({ status: 'confirmed', version: 2 }).where(eq(schema.appointments.id, appointment.id));
    const res = await postForm(`/c/${s.client.id}/appointments/${appointment.id}/cancel`, { version: '2' }, { cookie: s.cookie });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('can no longer be changed here');
    const [after] = await appointmentsOf(s.client.id);
    expect(after!.status).toBe('confirmed');
  });

  it('reschedules a pending request to a new time and tells the business', async () => {
    const s = await setup();
    const appointment = await booked(s, localTime(2, '10:00'));
    const newStart = localTime(3, '13:00');
    const review = await get(
      `/c/${s.client.id}/appointments/${appointment.id}/reschedule?${query([['type', 'grooming'], ['start', String(newStart)], ['step', 'review']])}`,
      { cookie: s.cookie },
    );
    expect(review.status).toBe(200);
    const fields = hiddenFields(await review.text());
    const res = await postForm(`/c/${s.client.id}/appointments/${appointment.id}/reschedule`, fields, { cookie: s.cookie });
    expect(res.status).toBe(303);
    const [after] = await appointmentsOf(s.client.id);
    expect(after!.startsAt.getTime()).toBe(newStart);
    expect(after!.status).toBe('requested');
    expect((await notificationsOf(s.business.id)).map((n) => n.kind).sort()).toEqual(['new_request', 'rescheduled_by_client']);
  });

  it('moves a boarding stay by a night at a full business: its own places count for its new nights', async () => {
    const s = await setup({ boardingNightlyCapacity: 1, waitlistAllowed: false });
    // Another parent reviews a stay on night 4 while it is still free…
    const other = { ...s, ...(await bookingParent(s.business.id)) };
    const theirs = await reviewForm(other, [
      ['type', 'boarding'], ['pet', other.rex.id], [`service.${other.rex.id}`, s.ids.boarding],
      ['checkin', localDate(4)], ['checkout', localDate(5)], ['dropoff', '08:00'], ['pickup', '16:00'],
    ]);
    expect(theirs.status).toBe(200);
    // …then the business books our stay on nights 3 and 4 outside the lock (like the demo data)…
    const appointment = await createAppointment({
      client: s.client,
      pets: [s.rex],
      serviceType: 'boarding',
      status: 'requested',
      startsAt: new Date(localTime(3, '08:00')),
      endsAt: new Date(localTime(5, '16:00')),
      withServices: { serviceName: 'Boarding night' },
    });
    await db.insert(schema.capacityClaims).values([
      { businessId: s.business.id, resource: `boarding:${localDate(3)}`, unit: 0, appointmentId: appointment.id },
      { businessId: s.business.id, resource: `boarding:${localDate(4)}`, unit: 0, appointmentId: appointment.id },
    ]);
    // …so the other parent is refused, and the lock has now seen night 4's place as taken.
    expect((await submit(other, theirs.fields)).status).toBe(409);
    // Moving our stay to nights 4 and 5 keeps night 4's place: it is ours.
    const stay: Pairs = [['type', 'boarding'], ['checkin', localDate(4)], ['checkout', localDate(6)], ['dropoff', '08:00'], ['pickup', '16:00']];
    const moved = await get(`/c/${s.client.id}/appointments/${appointment.id}/reschedule?${query([...stay, ['step', 'review']])}`, { cookie: s.cookie });
    expect(moved.status).toBe(200);
    const res = await postForm(`/c/${s.client.id}/appointments/${appointment.id}/reschedule`, hiddenFields(await moved.text()), { cookie: s.cookie });
    expect(res.status).toBe(303);
    const claims = await db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.appointmentId, appointment.id));
    expect(claims.map((c) => c.resource).sort()).toEqual([`boarding:${localDate(4)}`, `boarding:${localDate(5)}`]);
  });

  it('offers "Book again" on a past appointment, prefilled with the same pets, services and add-ons', async () => {
    const s = await setup();
    const appointment = await booked(s);
    await db
      .update(schema.appointments)
      .set({ status: 'finished', startsAt: new Date(Date.now() - 5 * 86_400_000), endsAt: new Date(Date.now() - 5 * 86_400_000 + 3600_000) })
      .where(and(eq(schema.appointments.id, appointment.id)));
    const detail = await (await get(`/c/${s.client.id}/appointments/${appointment.id}`, { cookie: s.cookie })).text();
    expect(detail).toContain('Book again');
    const res = await get(`/c/${s.client.id}/appointments/${appointment.id}/book-again`, { cookie: s.cookie });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, 'https://x');
    expect(location.pathname).toBe(`/c/${s.client.id}/book`);
    expect(location.searchParams.getAll('pet')).toEqual([s.rex.id]);
    expect(location.searchParams.get(`service.${s.rex.id}`)).toBe(s.ids.fullGroom);
    expect(location.searchParams.getAll(`addon.${s.rex.id}`)).toEqual([s.ids.teeth]);
  });

  it('answers 404 for another client’s appointment', async () => {
    const s = await setup();
    const appointment = await booked(s);
    const other = await bookingParent(s.business.id);
    expect((await get(`/c/${other.client.id}/appointments/${appointment.id}/cancel`, { cookie: other.cookie })).status).toBe(404);
  });
});

describe('grooming-only business without online booking', () => {
  it('shows no Book entry', async () => {
    const business = await createBusiness({ onlineBookingEnabled: false });
    const s = await bookingParent(business.id);
    const html = await (await get(`/c/${s.client.id}/appointments`, { cookie: s.cookie })).text();
    expect(html).not.toContain('>Book<');
  });
});
