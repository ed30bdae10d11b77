/**
 * Online booking through the real Worker, booking lock and libSQL: the steps, the signed
 * submit, idempotency, reschedule and cancel, the notifications the business gets, and every
 * refusal the issue names — each answered with a clear message and nothing saved.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { createAppointment, createBusiness, createClientRecord, createPet, db } from '../helpers/factories';
import { bookingParent, createBookableBusiness, hiddenFields, localDate, localTime } from '../helpers/booking-factories';
import { get, getPartial, postForm } from '../helpers/http';

import {
  appointmentsOf,
  notificationsOf,
  query,
  reviewForm,
  setup,
  signedSubmit,
  submit,
  groomingChoice,
  type Pairs,
  type Setup,
} from '../helpers/booking-flow';

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
    const res = await getPartial(
      `/c/${s.client.id}/book?${query([
        ['type', 'grooming'],
        ['pet', s.rex.id],
        ['step', 'services'],
      ])}`,
      {
        cookie: s.cookie,
      },
    );
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
      `/c/${s.client.id}/book?${query([
        ['type', 'grooming'],
        ['pet', s.rex.id],
        [`service.${s.rex.id}`, s.ids.fullGroom],
        ['date', date],
        ['step', 'time'],
      ])}`,
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
    const res = await get(
      `/c/${s.client.id}/book?${query([
        ['type', 'grooming'],
        ['step', 'services'],
      ])}`,
      { cookie: s.cookie },
    );
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
      const r = await reviewForm(o, [
        ['type', 'daycare'],
        ['pet', o.rex.id],
        [`service.${o.rex.id}`, s.ids.daycare],
        ['day', day],
        ['dropoff', '08:00'],
        ['pickup', '16:00'],
      ]);
      expect((await submit(o, r.fields)).status).toBe(303);
    }
    const res = await submit(s, review.fields);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('booked=waitlisted');
    const [mine] = await appointmentsOf(s.client.id);
    expect(mine!.status).toBe('waitlisted');
    const claims = await db
      .select()
      .from(schema.capacityClaims)
      .where(eq(schema.capacityClaims.resource, `daycare:${day}`));
    expect(claims.filter((c) => c.businessId === s.business.id)).toHaveLength(2);
  });

  it('refuses a full time without a waitlist with 409 on the time step, saving nothing', async () => {
    const s = await setup({ waitlistAllowed: false, daycareDailyCapacity: 1 });
    const day = localDate(5);
    const mine: Pairs = [
      ['type', 'daycare'],
      ['pet', s.rex.id],
      [`service.${s.rex.id}`, s.ids.daycare],
      ['day', day],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ];
    const review = await reviewForm(s, mine);
    const other = { ...s, ...(await bookingParent(s.business.id)) };
    const r = await reviewForm(other, [
      ['type', 'daycare'],
      ['pet', other.rex.id],
      [`service.${other.rex.id}`, s.ids.daycare],
      ['day', day],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ]);
    expect((await submit(other, r.fields)).status).toBe(303);
    const res = await submit(s, review.fields);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('That time has just been fully booked. Choose another time.');
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  });
});

describe('refusals: a clear message and nothing saved', () => {
  /**
   * The review step refuses `choice` with `message`, and so does a submit of it signed as if
   * it had been offered (it could have been, a moment earlier): nothing saved after the POST.
   */
  async function refused(s: Setup, choice: Pairs, message: string, status = 422) {
    const review = await reviewForm(s, choice);
    expect(review.status).toBe(status);
    expect(review.html).toContain(message);
    expect(review.html).not.toContain('Send request');
    const res = await signedSubmit(s, choice);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(message);
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
    expect(await notificationsOf(s.business.id)).toHaveLength(0);
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
      [
        ['type', 'grooming'],
        ['pet', theirPet.id],
        [`service.${theirPet.id}`, s.ids.fullGroom],
        ['start', String(localTime(2, '10:00'))],
      ],
      'One of the pets chosen is not on your profile with this business.',
    );
  });

  it('a service of another business', async () => {
    const s = await setup();
    const other = await createBookableBusiness();
    await refused(
      s,
      [
        ['type', 'grooming'],
        ['pet', s.rex.id],
        [`service.${s.rex.id}`, other.ids.fullGroom],
        ['start', String(localTime(2, '10:00'))],
      ],
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
      [
        ['type', 'boarding'],
        ['pet', s.rex.id],
        [`service.${s.rex.id}`, s.ids.boarding],
        ['checkin', localDate(5)],
        ['checkout', localDate(4)],
        ['dropoff', '08:00'],
        ['pickup', '16:00'],
      ],
      'Check-out must be after check-in.',
    );
  });

  it('more days than allowed', async () => {
    const s = await setup({ maxDaysPerRequest: 2 });
    await refused(
      s,
      [
        ['type', 'daycare'],
        ['pet', s.rex.id],
        [`service.${s.rex.id}`, s.ids.daycare],
        ['day', localDate(3)],
        ['day', localDate(4)],
        ['day', localDate(5)],
        ['dropoff', '08:00'],
        ['pickup', '16:00'],
      ],
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
    expect(review.status).toBe(200);
    // Signed, but three hours ago (a form lives two).
    const res = await signedSubmit(
      s,
      review.fields.filter(([k]) => !['key', 'issued', 'sig'].includes(k)),
      Date.now() - 3 * 3600_000,
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This booking form has expired. Check the details below and send it again.');
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  });
});

describe('what a parent does on a phone (issue: booking, second pass)', () => {
  it('Back from the request page to the review and "Send request" again ends on the first request', async () => {
    const s = await setup();
    const start = await get(`/c/${s.client.id}/book`, { cookie: s.cookie });
    const draft = /name="draft" value="([^"]+)"/.exec(await start.text())?.[1];
    expect(draft).toMatch(/^[A-Za-z0-9_-]{16,32}$/);
    const choice = groomingChoice(s, localTime(2, '11:00'), [['draft', draft!]]);
    const first = await reviewForm(s, choice);
    const sent = await submit(s, first.fields);
    expect(sent.status).toBe(303);
    // Back (htmx and browsers re-fetch the review URL), a refresh, or a second window:
    const again = await reviewForm(s, choice);
    expect(again.fields.find(([k]) => k === 'key')).toEqual(first.fields.find(([k]) => k === 'key'));
    const resent = await submit(s, again.fields);
    expect(resent.status).toBe(303);
    expect(resent.headers.get('location')).toBe(sent.headers.get('location'));
    expect(await appointmentsOf(s.client.id)).toHaveLength(1);
    expect(await notificationsOf(s.business.id)).toHaveLength(1);
  });

  it('a new booking (a new draft) with other choices is a new request', async () => {
    const s = await setup();
    const one = await reviewForm(s, groomingChoice(s, localTime(2, '11:00'), [['draft', 'AAAAAAAAAAAAAAAA']]));
    const two = await reviewForm(s, groomingChoice(s, localTime(3, '11:00'), [['draft', 'BBBBBBBBBBBBBBBB']]));
    expect((await submit(s, one.fields)).status).toBe(303);
    expect((await submit(s, two.fields)).status).toBe(303);
    expect(await appointmentsOf(s.client.id)).toHaveLength(2);
  });

  it('refuses the same pet in an overlapping visit, naming it, and saves nothing', async () => {
    const s = await setup();
    await createAppointment({
      client: s.client,
      pets: [s.rex],
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: new Date(localTime(4, '08:00')),
      endsAt: new Date(localTime(4, '17:00')),
    });
    const choice: Pairs = [
      ['type', 'daycare'],
      ['pet', s.rex.id],
      [`service.${s.rex.id}`, s.ids.daycare],
      ['day', localDate(4)],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ];
    const review = await reviewForm(s, choice);
    expect(review.status).toBe(422);
    expect(review.html).toContain('Rex already has daycare then (');
    expect(review.html).toContain('8:00 AM, confirmed). Choose another time.');
    expect((await signedSubmit(s, choice)).status).toBe(422);
    expect((await appointmentsOf(s.client.id)).filter((a) => a.status === 'requested')).toHaveLength(0);
  });

  it('books several services for one pet in one visit, each a priced line with the groomer', async () => {
    const s = await setup();
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00'), [[`service.${s.rex.id}`, s.ids.nailTrim]]));
    expect(review.status).toBe(200);
    expect(review.html).toContain('Rex: Full groom');
    expect(review.html).toContain('Rex: Nail trim');
    expect((await submit(s, review.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    expect(appointment!.endsAt.getTime() - appointment!.startsAt.getTime()).toBe(90 * 60_000);
    const lines = await db
      .select()
      .from(schema.appointmentServices)
      .innerJoin(schema.appointmentPets, eq(schema.appointmentPets.id, schema.appointmentServices.appointmentPetId))
      .where(eq(schema.appointmentPets.appointmentId, appointment!.id));
    expect(lines.map((l) => l.appointment_services.priceMinor).sort()).toEqual([1500, 6000]);
    expect(new Set(lines.map((l) => l.appointment_services.staffId))).toEqual(new Set([s.ids.robin]));
    // The list names both, with a space after the comma.
    const list = await (await get(`/c/${s.client.id}/appointments`, { cookie: s.cookie })).text();
    expect(list).toMatch(/(Full groom, Nail trim|Nail trim, Full groom) · Rex/);
  });

  it('daycare without windows ("any time within opening hours") offers every half hour of the hours, and books', async () => {
    const s = await setup();
    await db.delete(schema.serviceWindows).where(eq(schema.serviceWindows.businessId, s.business.id));
    const day = localDate(3);
    const choice: Pairs = [
      ['type', 'daycare'],
      ['pet', s.rex.id],
      [`service.${s.rex.id}`, s.ids.daycare],
    ];
    const html = await (await get(`/c/${s.client.id}/book?${query([...choice, ['step', 'time']])}`, { cookie: s.cookie })).text();
    // Open 08:00–18:00: drop-off 08:00 … 17:30 (first chosen), pick-up 08:30 … 18:00 (last chosen).
    const dropOff = /<select id="dropoff"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? '';
    const pickUp = /<select id="pickup"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? '';
    expect(dropOff.match(/<option /g)).toHaveLength(20);
    expect(dropOff).toMatch(/<option value="08:00" selected="">8:00 AM<\/option>/);
    expect(pickUp).toMatch(/<option value="18:00" selected="">6:00 PM<\/option>/);
    expect(pickUp).not.toContain('value="08:00"');
    const review = await reviewForm(s, [...choice, ['day', day], ['dropoff', '08:00'], ['pickup', '18:00']]);
    expect(review.status).toBe(200);
    expect((await submit(s, review.fields)).status).toBe(303);
    const late = await get(`/c/${s.client.id}/book?${query([...choice, ['day', day], ['dropoff', '07:00'], ['pickup', '18:00'], ['step', 'notes']])}`, {
      cookie: s.cookie,
    });
    expect(late.status).toBe(422);
    expect(await late.text()).toContain('outside opening hours');
  });

  it('daycare: the untouched time step is valid (pick-up defaults to the last window), errors sit at their field', async () => {
    const s = await setup();
    await db.insert(schema.serviceWindows).values([
      { id: `win_${s.business.id}_d2`, businessId: s.business.id, kind: 'drop_off', starts: '16:00', ends: '17:00' },
      { id: `win_${s.business.id}_p0`, businessId: s.business.id, kind: 'pick_up', starts: '08:00', ends: '09:00' },
    ]);
    const base: Pairs = [
      ['type', 'daycare'],
      ['pet', s.rex.id],
      [`service.${s.rex.id}`, s.ids.daycare],
    ];
    const html = await (await get(`/c/${s.client.id}/book?${query([...base, ['step', 'time']])}`, { cookie: s.cookie })).text();
    expect(html).toMatch(/<option value="08:00" selected="">8:00 AM–10:00 AM<\/option>/);
    expect(html).toMatch(/<option value="16:00" selected="">4:00 PM–6:00 PM<\/option>/);
    const untouched = await get(
      `/c/${s.client.id}/book?${query([...base, ['day', localDate(3)], ['dropoff', '08:00'], ['pickup', '16:00'], ['step', 'notes']])}`,
      { cookie: s.cookie },
    );
    expect(untouched.status).toBe(200);
    const backwards = await get(
      `/c/${s.client.id}/book?${query([...base, ['day', localDate(3)], ['dropoff', '16:00'], ['pickup', '08:00'], ['step', 'notes']])}`,
      { cookie: s.cookie },
    );
    expect(backwards.status).toBe(422);
    expect(await backwards.text()).toMatch(/id="pickup-error"[^>]*>Pick-up must be after drop-off\./);
  });

  it('daycare days: a month calendar of checkboxes up to the horizon, closed days with their reason, prices per day', async () => {
    const s = await setup();
    await db.insert(schema.closedDates).values({ businessId: s.business.id, date: localDate(6), reason: 'Staff training' });
    const base: Pairs = [
      ['type', 'daycare'],
      ['pet', s.rex.id],
    ];
    const services = await (await get(`/c/${s.client.id}/book?${query([...base, ['step', 'services']])}`, { cookie: s.cookie })).text();
    expect(services).toContain('$40.00 per day');
    const html = await (
      await get(`/c/${s.client.id}/book?${query([...base, [`service.${s.rex.id}`, s.ids.daycare], ['step', 'time']])}`, { cookie: s.cookie })
    ).text();
    expect(html).toContain('<table class="month">');
    expect(html.match(/name="day"/g)).toHaveLength(31);
    expect(html).toMatch(new RegExp(`value="${localDate(6)}" disabled=""`));
    expect(html).toContain('Closed: Staff training');
  });

  it('grooming: a time listed for one date and sent with another is refused at the start field', async () => {
    const s = await setup();
    const choice = groomingChoice(s, localTime(2, '10:00'), [['date', localDate(3)]]);
    const review = await reviewForm(s, choice);
    expect(review.status).toBe(422);
    expect(review.html).toContain('That time is not on the date shown.');
    expect((await signedSubmit(s, choice)).status).toBe(422);
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  });

  it('grooming: with JS the start times follow the date (the date field re-renders the step)', async () => {
    const s = await setup();
    const html = await (
      await get(
        `/c/${s.client.id}/book?${query([
          ['type', 'grooming'],
          ['pet', s.rex.id],
          [`service.${s.rex.id}`, s.ids.fullGroom],
          ['step', 'time'],
        ])}`,
        { cookie: s.cookie },
      )
    ).text();
    expect(html).toMatch(/<input id="date" name="date" type="date"[^>]*hx-get="\/c\/[^"]+\/book"[^>]*hx-trigger="change"/);
  });

  it('two pets with "any groomer" when two groomers are free are groomed side by side', async () => {
    const s = await setup();
    const review = await reviewForm(s, [
      ['type', 'grooming'],
      ['pet', s.rex.id],
      ['pet', s.lulu.id],
      [`service.${s.rex.id}`, s.ids.nailTrim],
      [`service.${s.lulu.id}`, s.ids.nailTrim],
      ['start', String(localTime(2, '10:00'))],
    ]);
    expect(review.status).toBe(200);
    expect(review.html).toMatch(/Rex: [^<]*10:00 AM [^<]* with (Robin Groomer|Nell Nails)/);
    expect(review.html).toMatch(/Lulu: [^<]*10:00 AM [^<]* with (Robin Groomer|Nell Nails)/);
    expect(review.html).toContain('Robin Groomer');
    expect(review.html).toContain('Nell Nails');
  });

  it('eligibility: a cat is refused for dog daycare, a missing vaccination is refused, or flagged when the business prefers', async () => {
    const s = await setup();
    await db.update(schema.services).set({ speciesAllowed: 'dog', requiredVaccinations: 'Rabies' }).where(eq(schema.services.id, s.ids.daycare));
    const cat = await createPet(s.client, { name: 'Tom', species: 'cat' });
    const day = (petId: string): Pairs => [
      ['type', 'daycare'],
      ['pet', petId],
      [`service.${petId}`, s.ids.daycare],
      ['day', localDate(3)],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ];
    const catReview = await reviewForm(s, day(cat.id));
    expect(catReview.status).toBe(422);
    expect(catReview.html).toContain('Daycare day is for dogs only, and Tom is a cat.');
    const noRabies = await reviewForm(s, day(s.rex.id));
    expect(noRabies.status).toBe(422);
    expect(noRabies.html).toContain('Rex&#39;s Rabies vaccination is not on file');
    expect((await signedSubmit(s, day(s.rex.id))).status).toBe(422);
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
    await db.update(schema.businesses).set({ vaccinationPolicy: 'flag' }).where(eq(schema.businesses.id, s.business.id));
    const flagged = await reviewForm(s, day(s.rex.id));
    expect(flagged.status).toBe(200);
    expect((await submit(s, flagged.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    expect(appointment!.vaccinationRecordNeeded).toBe(true);
  });

  it.each([
    ['day', '2026-02-30'],
    ['day', '2026-13-45'],
    ['checkin', '0000-00-00'],
  ])('an impossible date in %s (%s) is 422 at that field, never a 500', async (field, value) => {
    const s = await setup();
    const type = field === 'day' ? 'daycare' : 'boarding';
    const service = type === 'daycare' ? s.ids.daycare : s.ids.boarding;
    const choice: Pairs = [
      ['type', type],
      ['pet', s.rex.id],
      [`service.${s.rex.id}`, service],
      [field, value],
      ['checkout', localDate(5)],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ];
    const review = await reviewForm(s, choice);
    expect(review.status).toBe(422);
    expect(review.html).toMatch(new RegExp(`id="${field}-error"[^>]*>That date does not exist`));
    expect((await signedSubmit(s, choice)).status).toBe(422);
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  });

  it('the request page shows the total and deposit the review showed, every day of the request, and what its status means', async () => {
    const s = await setup();
    const choice: Pairs = [
      ['type', 'daycare'],
      ['pet', s.rex.id],
      [`service.${s.rex.id}`, s.ids.daycare],
      ['day', localDate(3)],
      ['day', localDate(4)],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ];
    const review = await reviewForm(s, choice);
    expect(review.html).toContain('Rex: Daycare day × 2 days');
    expect(review.html).toContain('$80.00');
    expect(review.html).toContain('$16.00');
    const sent = await submit(s, review.fields);
    expect(sent.status).toBe(303);
    const page = await (await get(sent.headers.get('location')!, { cookie: s.cookie })).text();
    expect(page).toContain('Total of the request</dt><dd>$80.00');
    expect(page).toContain('Deposit required</dt><dd>$16.00');
    expect(page.match(/<ul class="request-days">(.*?)<\/ul>/)?.[1]?.match(/<li>/g)).toHaveLength(2);
    expect(page).toContain('Sent to the business, which has not answered yet.');
  });

  it('one parent cannot hold every place of a day: concurrent requests past the per-client limit are refused, not waitlisted', async () => {
    const s = await setup({ daycareDailyCapacity: 20, maxLiveRequestsPerDay: 2 });
    const day = localDate(3);
    // Eight reviews of the same day, each for another of the parent's dogs (so no visit overlaps
    // another and only the cap can refuse), sent at once.
    const dogs = await Promise.all(Array.from({ length: 8 }, (_, i) => createPet(s.client, { name: `Dog ${i}` })));
    const reviews = await Promise.all(
      dogs.map((dog) =>
        reviewForm(s, [
          ['type', 'daycare'],
          ['pet', dog.id],
          [`service.${dog.id}`, s.ids.daycare],
          ['day', day],
          ['dropoff', '08:00'],
          ['pickup', '16:00'],
        ]),
      ),
    );
    expect(reviews.every((r) => r.status === 200)).toBe(true);
    const answers = await Promise.all(reviews.map((r) => submit(s, r.fields)));
    const sent = answers.filter((a) => a.status === 303);
    const refused = answers.filter((a) => a.status === 409);
    expect(sent).toHaveLength(2);
    expect(refused).toHaveLength(6);
    expect(await refused[0]!.text()).toContain('You already have 2 requests for daycare on');
    const saved = await appointmentsOf(s.client.id);
    expect(saved).toHaveLength(2);
    expect(saved.every((a) => a.status === 'requested')).toBe(true);
    const claims = await db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.businessId, s.business.id));
    expect(claims.filter((c) => c.resource === `daycare:${day}`)).toHaveLength(2);
    expect(
      claims
        .filter((c) => c.resource.startsWith('client:'))
        .map((c) => c.unit)
        .sort(),
    ).toEqual([0, 1]);
  });

  it('a submission with no pet is 422 at the pets field, never a 500', async () => {
    const s = await setup();
    const res = await signedSubmit(s, [
      ['type', 'daycare'],
      ['day', localDate(3)],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Choose at least one pet.');
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

describe('in Spanish', () => {
  const es = { 'Accept-Language': 'es' };

  it('walks the steps and the review in Spanish; the business’s notification stays English', async () => {
    const s = await setup();
    const first = await get(`/c/${s.client.id}/book`, { cookie: s.cookie, headers: es });
    expect(first.status).toBe(200);
    const who = await first.text();
    expect(who).toContain('<html lang="es"');
    expect(who).toContain('<h1 id="booking-heading">Reservar una visita</h1>');
    expect(who).toContain('Paso 1 de 5: Mascotas y visita');
    expect(who).toContain('<legend>¿Qué le gustaría reservar?</legend>');
    expect(who).toContain('<legend>¿Qué mascotas?</legend>');
    expect(who).toContain('>Siguiente</button>');
    expect(who).not.toContain('What would you like to book?');

    const res = await get(`/c/${s.client.id}/book?${query([...groomingChoice(s, localTime(2, '10:00')), ['step', 'review']])}`, {
      cookie: s.cookie,
      headers: es,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Paso 5 de 5: Revisión');
    expect(html).toContain('<dt>Visita</dt>');
    expect(html).toContain('<dt>Cuándo</dt>');
    expect(html).toContain('Depósito requerido');
    expect(html).toContain('Esto es una solicitud: el negocio la confirma. El negocio cobra el depósito.');
    expect(html).toContain('>Enviar solicitud</button>');
    expect(html).toContain('>Atrás</a>');
    expect(html).not.toContain('This is a request: the business confirms it.');

    const sent = await submit(s, hiddenFields(html));
    expect(sent.status).toBe(303);
    const [note] = await notificationsOf(s.business.id);
    expect(note!.summary).toContain('Jo Booker asked to book Grooming for Rex: ');
  });

  it('refuses a time in the past in Spanish, saving nothing', async () => {
    const s = await setup();
    const choice = groomingChoice(s, localTime(-1, '10:00'));
    const review = await get(`/c/${s.client.id}/book?${query([...choice, ['step', 'review']])}`, { cookie: s.cookie, headers: es });
    expect(review.status).toBe(422);
    const html = await review.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Ese horario ya pasó. Elija uno posterior.');
    expect(html).toContain('Paso 3 de 5: Horario');
    expect(html).not.toContain('That time has already passed.');
    expect(await appointmentsOf(s.client.id)).toHaveLength(0);
  });
});
