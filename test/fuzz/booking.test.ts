/**
 * Property-based fuzzing (fast-check, issue 16) of online booking and reschedule through the
 * real Worker, booking lock and libSQL server: every step of GET /c/:clientId/book, the submit
 * (signed by the server's own review, signed here the way the server signs — so hostile
 * content reaches the booking rules — or with a forged key/issue time/signature), and the
 * reschedule steps and submit of a pending request. Values are the shared hostile ones
 * (unicode, RTL, zero-width, emoji, NUL, overlong text, impossible dates, negative and huge
 * numbers), fields missing or repeated, next to good values so requests are accepted too.
 * Properties: never a 5xx; a refused POST writes nothing (no appointment, no notification,
 * the rescheduled request as it was); an accepted one adds its request and one notification.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { db } from '../helpers/factories';
import { hiddenFields, localDate, localTime } from '../helpers/booking-factories';
import {
  appointmentsOf,
  groomingChoice,
  notificationsOf,
  query,
  reviewForm,
  setup,
  signedSubmit,
  submit,
  type Pairs,
  type Setup,
} from '../helpers/booking-flow';
import { get, postForm } from '../helpers/http';
import { formOf, runs, text } from '../helpers/fuzz';

const STEPS = ['who', 'services', 'time', 'notes', 'review'];

/** Every field the booking steps read, for the first pet (Rex) and the second (Lulu). */
function fieldNames(s: Setup): string[] {
  const r = s.rex.id;
  return [
    'type',
    'pet',
    `service.${r}`,
    `addon.${r}`,
    `staff.${r}`,
    `service.${s.lulu.id}`,
    'date',
    'start',
    'checkin',
    'checkout',
    'dropoff',
    'pickup',
    'day',
    'notes',
    'draft',
  ];
}

/** Good values per kind of visit, so that most generated requests make sense and some are accepted. */
function goodFor(s: Setup, type: string): Record<string, string[]> {
  const r = s.rex.id;
  const common = { type: [type], pet: [r], notes: ['', 'Gentle with his ears 🐾', 'مرحبا'], draft: ['', 'draftdraftdraft_0001'] };
  const days = [2, 3, 4, 5, 6, 7, 8];
  if (type === 'grooming') {
    return {
      ...common,
      [`service.${r}`]: [s.ids.fullGroom, s.ids.nailTrim],
      [`addon.${r}`]: [s.ids.teeth],
      [`staff.${r}`]: [s.ids.robin, s.ids.nailsOnly],
      date: days.map((d) => localDate(d)),
      start: days.flatMap((d) => ['09:00', '10:30', '13:00', '15:30'].map((t) => String(localTime(d, t)))),
    };
  }
  if (type === 'daycare')
    return { ...common, [`service.${r}`]: [s.ids.daycare], day: days.map((d) => localDate(d)), dropoff: ['08:00', '09:30'], pickup: ['16:00', '17:30'] };
  return {
    ...common,
    [`service.${r}`]: [s.ids.boarding],
    checkin: days.map((d) => localDate(d)),
    checkout: days.map((d) => localDate(d + 1)),
    dropoff: ['08:00', '09:30'],
    pickup: ['16:00', '17:30'],
  };
}

/** A booking form: a kind of visit, then its fields with up to three hostile, missing or repeated. */
function bookingForm(s: Setup): fc.Arbitrary<Pairs> {
  return fc.constantFrom('grooming', 'daycare', 'boarding').chain((type) => formOf(fieldNames(s), goodFor(s, type)));
}

/** What a POST may have written: the client's appointments and the business's notifications. */
async function writes(s: Setup) {
  return { appointments: await appointmentsOf(s.client.id), notifications: await notificationsOf(s.business.id) };
}

describe('fuzz: the online booking steps', () => {
  it('GET /c/:clientId/book never answers 5xx on any step, whatever the fields', async () => {
    const s = await setup();
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(bookingForm(s), fc.constantFrom(...STEPS), async (form, step) => {
        const res = await get(`/c/${s.client.id}/book?${query([...form, ['step', step]])}`, { cookie: s.cookie });
        expect(res.status, `step=${step} ${JSON.stringify(form)}`).toBeLessThan(500);
        statuses.add(res.status);
        await res.arrayBuffer();
      }),
      runs(150),
    );
    // Both the accepted steps and the refusals (422, field marked) are reached.
    expect(statuses).toContain(200);
    expect(statuses).toContain(422);
    expect(await appointmentsOf(s.client.id)).toEqual([]);
  });
});

describe('fuzz: sending a booking request', () => {
  it('POST /c/:clientId/book never answers 5xx; a refusal writes nothing; an acceptance adds its request and one notification', async () => {
    const s = await setup();
    const forged = formOf(['key', 'issued', 'sig'], {});
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bookingForm(s), fc.constantFrom('reviewed', 'signed', 'forged'), forged, async (form, how, forgery) => {
        const before = await writes(s);
        let res: Response;
        if (how === 'reviewed') {
          // The review the server offers for these fields, sent as it is (or the raw fields when it refuses).
          const review = await reviewForm(s, form);
          res = await submit(s, review.status === 200 ? review.fields : form);
        } else if (how === 'signed') {
          res = await signedSubmit(s, form);
        } else {
          res = await submit(s, [...form, ...forgery]);
        }
        const label = `${how} ${JSON.stringify(how === 'forged' ? [...form, ...forgery] : form)}`;
        expect(res.status, label).toBeLessThan(500);
        await res.arrayBuffer();
        const after = await writes(s);
        const added = after.appointments.filter((a) => !before.appointments.some((b) => b.id === a.id));
        const told = after.notifications.filter((n) => !before.notifications.some((b) => b.id === n.id));
        if (res.status >= 400 || how === 'forged') {
          // A forged form is never accepted, and a refusal leaves everything as it was.
          expect(res.status, label).toBeGreaterThanOrEqual(400);
          expect(after, label).toEqual(before);
          return;
        }
        expect(res.status, label).toBe(303);
        if (added.length === 0) {
          // The same draft and choice again: the same idempotency key, so the first request's answer and no new rows.
          expect(told, label).toEqual([]);
          expect(
            before.appointments.some((a) => res.headers.get('location')?.includes(a.id)),
            label,
          ).toBe(true);
          return;
        }
        expect(
          told.map((n) => n.kind),
          label,
        ).toEqual(['new_request']);
        accepted += 1;
      }),
      runs(150),
    );
    expect(accepted).toBeGreaterThan(5);
  });
});

describe('fuzz: rescheduling a pending request', () => {
  /** A pending grooming request and a pending boarding stay, booked through the real flow. */
  async function pendingRequests(s: Setup) {
    const grooming = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    expect((await submit(s, grooming.fields)).status).toBe(303);
    const stay = await reviewForm(s, [
      ['type', 'boarding'],
      ['pet', s.lulu.id],
      [`service.${s.lulu.id}`, s.ids.boarding],
      ['checkin', localDate(3)],
      ['checkout', localDate(4)],
      ['dropoff', '08:00'],
      ['pickup', '16:00'],
    ]);
    expect((await submit(s, stay.fields)).status).toBe(303);
    const rows = await appointmentsOf(s.client.id);
    return { grooming: rows.find((a) => a.serviceType === 'grooming')!, boarding: rows.find((a) => a.serviceType === 'boarding')! };
  }

  function appointmentRow(id: string) {
    return db.select().from(schema.appointments).where(eq(schema.appointments.id, id));
  }

  it('GET and POST …/reschedule never answer 5xx; a refusal leaves the request and notifications as they were', async () => {
    const s = await setup();
    const pending = await pendingRequests(s);
    const timeNames = ['type', 'date', 'start', 'checkin', 'checkout', 'dropoff', 'pickup', 'day', 'notes'];
    const tamper = fc.oneof(
      { weight: 2, arbitrary: fc.constant([] as [string, string[]][]) },
      {
        weight: 1,
        arbitrary: fc.array(fc.tuple(fc.constantFrom('key', 'issued', 'sig', 'version', 'start', 'checkin', 'day'), fc.array(text, { maxLength: 2 })), {
          minLength: 1,
          maxLength: 2,
        }),
      },
    );
    let moved = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('grooming', 'boarding').chain((type) => fc.tuple(fc.constant(type), formOf(timeNames, goodFor(s, type)))),
        fc.constantFrom('time', 'review', ...STEPS),
        tamper,
        async ([type, form], step, tampering) => {
          const appointmentId = type === 'grooming' ? pending.grooming.id : pending.boarding.id;
          const path = `/c/${s.client.id}/appointments/${appointmentId}/reschedule`;
          const page = await get(`${path}?${query([...form, ['step', step]])}`, { cookie: s.cookie });
          expect(page.status, `GET step=${step} ${JSON.stringify(form)}`).toBeLessThan(500);
          await page.arrayBuffer();

          // Send what the review offers for these fields (or the raw fields when it refuses), maybe tampered with.
          const review = await get(`${path}?${query([...form, ['step', 'review']])}`, { cookie: s.cookie });
          expect(review.status, `GET step=review ${JSON.stringify(form)}`).toBeLessThan(500);
          let fields: Pairs = form;
          if (review.status === 200) fields = hiddenFields(await review.text());
          else await review.arrayBuffer();
          for (const [name, values] of tampering) fields = [...fields.filter(([k]) => k !== name), ...values.map((v): [string, string] => [name, v])];
          const [before] = await appointmentRow(appointmentId);
          const told = new Set((await notificationsOf(s.business.id)).map((n) => n.id));
          const res = await postForm(path, fields, { cookie: s.cookie });
          const label = `POST ${JSON.stringify(fields)}`;
          expect(res.status, label).toBeLessThan(500);
          await res.arrayBuffer();
          const [after] = await appointmentRow(appointmentId);
          const notifications = (await notificationsOf(s.business.id)).filter((n) => !told.has(n.id));
          if (res.status >= 400) {
            expect(after, label).toEqual(before);
            expect(notifications, label).toEqual([]);
            return;
          }
          expect(res.status, label).toBe(303);
          expect(after!.version, label).toBe(before!.version + 1);
          expect(
            notifications.map((n) => n.kind),
            label,
          ).toEqual(['rescheduled_by_client']);
          moved += 1;
        },
      ),
      runs(80),
    );
    expect(moved).toBeGreaterThan(3);
  });
});
