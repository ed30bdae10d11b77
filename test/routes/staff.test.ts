/**
 * The business's confirm/decline operation (until the business console exists): protected by
 * a bearer token, serialised with the parents' changes by the booking lock.
 */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { app } from '../../src/app';
import * as schema from '../../src/db/schema';
import { db } from '../helpers/factories';
import { bookingParent, createBookableBusiness, hiddenFields, localTime } from '../helpers/booking-factories';
import { get, ORIGIN, postForm } from '../helpers/http';

const TOKEN = 'test-staff-token-0123456789';
const staffEnv = { ...env, STAFF_API_TOKEN: TOKEN };

function staff(path: string, token: string | null = TOKEN, body: unknown = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return app.request(`${ORIGIN}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }, staffEnv);
}

/** A parent's grooming request, made through the real flow. */
async function pendingRequest() {
  const { business, ids } = await createBookableBusiness();
  const parent = await bookingParent(business.id);
  const choice = new URLSearchParams([
    ['type', 'grooming'],
    ['pet', parent.rex.id],
    [`service.${parent.rex.id}`, ids.fullGroom],
    ['start', String(localTime(2, '10:00'))],
    ['step', 'review'],
  ]);
  const review = await get(`/c/${parent.client.id}/book?${choice}`, { cookie: parent.cookie });
  const res = await postForm(`/c/${parent.client.id}/book`, hiddenFields(await review.text()), { cookie: parent.cookie });
  expect(res.status).toBe(303);
  const [appointment] = await db.select().from(schema.appointments).where(eq(schema.appointments.clientId, parent.client.id));
  return { business, parent, appointment: appointment! };
}

describe('POST /staff/appointments/:id/confirm|decline', () => {
  it('is 404 when no staff token is configured, 401 without the right token', async () => {
    const { appointment } = await pendingRequest();
    const off = await app.request(
      `${ORIGIN}/staff/appointments/${appointment.id}/confirm`,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{}' },
      env,
    );
    expect(off.status).toBe(404);
    expect((await staff(`/staff/appointments/${appointment.id}/confirm`, null)).status).toBe(401);
    expect((await staff(`/staff/appointments/${appointment.id}/confirm`, 'wrong')).status).toBe(401);
  });

  it('confirms a request, and the parent can no longer cancel it under the default policy', async () => {
    const { parent, appointment } = await pendingRequest();
    const res = await staff(`/staff/appointments/${appointment.id}/confirm`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', newStatus: 'confirmed' });
    const cancel = await postForm(`/c/${parent.client.id}/appointments/${appointment.id}/cancel`, { version: '2' }, { cookie: parent.cookie });
    expect(cancel.status).toBe(409);
  });

  it('declines a request: canceled with the business’s reason, and its place freed', async () => {
    const { appointment } = await pendingRequest();
    const res = await staff(`/staff/appointments/${appointment.id}/decline`, TOKEN, { reason: 'Fully booked that week' });
    expect(res.status).toBe(200);
    const [after] = await db.select().from(schema.appointments).where(eq(schema.appointments.id, appointment.id));
    expect(after).toMatchObject({ status: 'canceled', cancelReason: 'Fully booked that week' });
    expect(await db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.appointmentId, appointment.id))).toHaveLength(0);
  });

  it('a parent’s cancel racing the business’s confirm ends with exactly one outcome and a clear message to the loser', async () => {
    for (let round = 0; round < 5; round++) {
      const { parent, appointment } = await pendingRequest();
      const [cancel, confirm] = await Promise.all([
        postForm(`/c/${parent.client.id}/appointments/${appointment.id}/cancel`, { version: '1' }, { cookie: parent.cookie }),
        staff(`/staff/appointments/${appointment.id}/confirm`),
      ]);
      const [after] = await db.select().from(schema.appointments).where(eq(schema.appointments.id, appointment.id));
      if (cancel.status === 303) {
        expect(confirm.status).toBe(409);
        expect(after!.status).toBe('canceled');
      } else {
        expect(cancel.status).toBe(409);
        expect(await cancel.text()).toContain('This request was just confirmed — contact');
        expect(confirm.status).toBe(200);
        expect(after!.status).toBe('confirmed');
      }
    }
  });
});
