/**
 * What a parent may change about an appointment, through the real Worker, booking lock and
 * libSQL: cancel, reschedule (starting from the booking as it is) and "Book again" (every
 * service, add-on and groomer carried over) — each refusal clear, nothing lost.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { createAppointment, db } from '../helpers/factories';
import { bookingParent, hiddenFields, localDate, localTime } from '../helpers/booking-factories';
import { get, postForm } from '../helpers/http';
import { appointmentsOf, groomingChoice, notificationsOf, query, reviewForm, setup, submit, type Pairs, type Setup } from '../helpers/booking-flow';

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
      `/c/${s.client.id}/appointments/${appointment.id}/reschedule?${query([
        ['type', 'grooming'],
        ['start', String(newStart)],
        ['step', 'review'],
      ])}`,
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
      ['type', 'boarding'],
      ['pet', other.rex.id],
      [`service.${other.rex.id}`, s.ids.boarding],
      ['checkin', localDate(4)],
      ['checkout', localDate(5)],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
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
    const stay: Pairs = [
      ['type', 'boarding'],
      ['checkin', localDate(4)],
      ['checkout', localDate(6)],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ];
    const moved = await get(`/c/${s.client.id}/appointments/${appointment.id}/reschedule?${query([...stay, ['step', 'review']])}`, { cookie: s.cookie });
    expect(moved.status).toBe(200);
    const res = await postForm(`/c/${s.client.id}/appointments/${appointment.id}/reschedule`, hiddenFields(await moved.text()), { cookie: s.cookie });
    expect(res.status).toBe(303);
    const claims = await db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.appointmentId, appointment.id));
    expect(
      claims
        .map((c) => c.resource)
        .filter((r) => r.startsWith('boarding:'))
        .sort(),
    ).toEqual([`boarding:${localDate(4)}`, `boarding:${localDate(5)}`]);
    // …and one of the client's live boarding requests for its new first day.
    expect(claims.map((c) => c.resource).filter((r) => r.startsWith('client:'))).toEqual([`client:${s.client.id}:boarding:${localDate(4)}`]);
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

describe('reschedule starts from the booking as it is', () => {
  async function bookedWith(s: Setup, extra: Pairs) {
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00'), extra));
    expect((await submit(s, review.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    return appointment!;
  }

  it('shows the current date and time chosen, and its button says "Save new time"', async () => {
    const s = await setup();
    const appointment = await bookedWith(s, []);
    const page = await get(`/c/${s.client.id}/appointments/${appointment.id}/reschedule`, { cookie: s.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Step 1 of 2: Time');
    expect(html).toContain(`value="${localDate(2)}"`);
    expect(html).toMatch(new RegExp(`value="${localTime(2, '10:00')}" checked=""`));
    const review = await get(
      `/c/${s.client.id}/appointments/${appointment.id}/reschedule?${query([
        ['type', 'grooming'],
        ['date', localDate(3)],
        ['start', String(localTime(3, '13:00'))],
        ['step', 'review'],
      ])}`,
      { cookie: s.cookie },
    );
    const reviewHtml = await review.text();
    expect(reviewHtml).toContain('Save new time');
    expect(reviewHtml).toContain('Rex: Full groom');
    expect(reviewHtml).toContain('Rex: Teeth brushing');
  });

  it('"Any groomer" stays any; a groomer asked for stays asked for', async () => {
    const s = await setup();
    const any = await bookedWith(s, []);
    const page = await get(
      `/c/${s.client.id}/appointments/${any.id}/reschedule?${query([
        ['type', 'grooming'],
        ['date', localDate(3)],
        ['start', String(localTime(3, '13:00'))],
        ['step', 'review'],
      ])}`,
      { cookie: s.cookie },
    );
    expect(hiddenFields(await page.text()).filter(([k]) => k.startsWith('staff.'))).toEqual([]);

    const s2 = await setup();
    const asked = await bookedWith(s2, [[`staff.${s2.rex.id}`, s2.ids.robin]]);
    const page2 = await get(
      `/c/${s2.client.id}/appointments/${asked.id}/reschedule?${query([
        ['type', 'grooming'],
        ['date', localDate(3)],
        ['start', String(localTime(3, '13:00'))],
        ['step', 'review'],
      ])}`,
      { cookie: s2.cookie },
    );
    expect(hiddenFields(await page2.text()).filter(([k]) => k.startsWith('staff.'))).toEqual([[`staff.${s2.rex.id}`, s2.ids.robin]]);
  });

  it('Back and "Save new time" again moves it once', async () => {
    const s = await setup();
    const appointment = await bookedWith(s, []);
    const url = `/c/${s.client.id}/appointments/${appointment.id}/reschedule?${query([
      ['type', 'grooming'],
      ['date', localDate(3)],
      ['start', String(localTime(3, '13:00'))],
      ['step', 'review'],
    ])}`;
    const first = hiddenFields(await (await get(url, { cookie: s.cookie })).text());
    expect((await postForm(`/c/${s.client.id}/appointments/${appointment.id}/reschedule`, first, { cookie: s.cookie })).status).toBe(303);
    const again = await postForm(`/c/${s.client.id}/appointments/${appointment.id}/reschedule`, first, { cookie: s.cookie });
    expect([303, 409]).toContain(again.status);
    expect((await notificationsOf(s.business.id)).filter((n) => n.kind === 'rescheduled_by_client')).toHaveLength(1);
    const [after] = await appointmentsOf(s.client.id);
    expect(after!.startsAt.getTime()).toBe(localTime(3, '13:00'));
  });
});

describe('Book again carries everything', () => {
  it('every service, add-on and groomer of the visit, opening at Services, which says so', async () => {
    const s = await setup();
    const review = await reviewForm(
      s,
      groomingChoice(s, localTime(2, '10:00'), [
        [`service.${s.rex.id}`, s.ids.nailTrim],
        [`staff.${s.rex.id}`, s.ids.robin],
      ]),
    );
    expect((await submit(s, review.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    await db
      .update(schema.appointments)
      .set({ status: 'finished', startsAt: new Date(Date.now() - 5 * 86_400_000), endsAt: new Date(Date.now() - 5 * 86_400_000 + 3600_000) })
      .where(eq(schema.appointments.id, appointment!.id));
    const res = await get(`/c/${s.client.id}/appointments/${appointment!.id}/book-again`, { cookie: s.cookie });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, 'https://x');
    expect(location.searchParams.get('step')).toBe('services');
    expect(location.searchParams.getAll(`service.${s.rex.id}`).sort()).toEqual([s.ids.fullGroom, s.ids.nailTrim].sort());
    expect(location.searchParams.get(`staff.${s.rex.id}`)).toBe(s.ids.robin);
    const html = await (await get(location.pathname + location.search, { cookie: s.cookie })).text();
    expect(html).toContain('The pets, services, add-ons and groomers of your earlier visit are chosen below.');
    expect(html).toMatch(new RegExp(`type="checkbox" name="service.${s.rex.id}" value="${s.ids.fullGroom}" checked=""`));
    expect(html).toMatch(new RegExp(`type="checkbox" name="service.${s.rex.id}" value="${s.ids.nailTrim}" checked=""`));
    expect(html).toMatch(new RegExp(`type="checkbox" name="addon.${s.rex.id}" value="${s.ids.teeth}" checked=""`));
    expect(html).toMatch(new RegExp(`<option value="${s.ids.robin}" selected="">`));
  });
});

describe('cancel loads only what it needs', () => {
  it('answers the confirm page in one round trip', async () => {
    const s = await setup();
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    expect((await submit(s, review.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    const page = await get(`/c/${s.client.id}/appointments/${appointment!.id}/cancel`, { cookie: s.cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('server-timing')).toContain('desc="1 round trip"');
    expect(await page.text()).toContain('Grooming for Rex on');
  });
});

describe('in Spanish', () => {
  const es = { 'Accept-Language': 'es' };

  it('asks before cancelling in Spanish, refuses a confirmed one in Spanish, and tells the business in English', async () => {
    const s = await setup();
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    expect((await submit(s, review.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    const page = await get(`/c/${s.client.id}/appointments/${appointment!.id}/cancel`, { cookie: s.cookie, headers: es });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('¿Cancelar esta solicitud?');
    expect(html).toContain('>Sí, cancelarla</button>');
    expect(html).toContain('>No, conservarla</a>');
    expect(html).not.toContain('Yes, cancel it');

    const res = await postForm(
      `/c/${s.client.id}/appointments/${appointment!.id}/cancel`,
      { version: String(appointment!.version) },
      { cookie: s.cookie, headers: es },
    );
    expect(res.status).toBe(303);
    const canceled = (await notificationsOf(s.business.id)).find((n) => n.kind === 'canceled_by_client');
    expect(canceled!.summary).toContain('Jo Booker canceled Grooming for Rex on ');

    const again = await get(`/c/${s.client.id}/appointments/${appointment!.id}/cancel`, { cookie: s.cookie, headers: es });
    expect(again.status).toBe(409);
    const refused = await again.text();
    expect(refused).toContain('<html lang="es"');
    expect(refused).toContain('Esto no se puede cambiar en línea');
    expect(refused).toContain('Volver a la cita');
    expect(refused).not.toContain('so it can no longer be changed here');
  });

  it('offers a new time in Spanish', async () => {
    const s = await setup();
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    expect((await submit(s, review.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    const res = await get(`/c/${s.client.id}/appointments/${appointment!.id}/reschedule`, { cookie: s.cookie, headers: es });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="booking-heading">Cambiar el horario</h1>');
    expect(html).toContain('Paso 1 de 2: Horario');
    expect(html).toContain('Ver los horarios de esta fecha');
    expect(html).not.toContain('Show times for this date');
  });
});
