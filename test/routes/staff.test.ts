/**
 * The business's confirm/decline operation (until the business console exists): protected by
 * a bearer token, serialised with the parents' changes by the booking lock; the parent is told
 * the outcome by text (stored in the decision's batch: no text for a decision that did not apply).
 */
import { describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { app } from '../../src/app';
import * as schema from '../../src/db/schema';
import { createBusiness, createClientRecord, db } from '../helpers/factories';
import { newId } from '../../src/domain/ids';
import { outboxIdFor } from '../../src/domain/invitation';
import { TZ, bookingParent, createBookableBusiness, hiddenFields, localTime } from '../helpers/booking-factories';
import { formatDate, formatTime } from '../../src/domain/time';
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

/** The texts stored for a phone number (the test environment's provider is the outbox: stored = sent). */
function textsTo(phoneE164: string) {
  return db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, phoneE164));
}

/** The outcome texts among them (the sign-in code texts are not). */
async function outcomeTexts(phoneE164: string) {
  return (await textsTo(phoneE164)).filter((t) => t.body.includes('request for'));
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

  it('tells the parent by text that the request is confirmed, with the local date and time and the link', async () => {
    const { business, parent, appointment } = await pendingRequest();
    expect(await outcomeTexts(parent.client.phoneE164)).toHaveLength(0);
    expect((await staff(`/staff/appointments/${appointment.id}/confirm`)).status).toBe(200);
    const texts = await outcomeTexts(parent.client.phoneE164);
    expect(texts).toHaveLength(1);
    const when = `${formatDate(appointment.startsAt.getTime(), TZ, 'en-US')} at ${formatTime(appointment.startsAt.getTime(), TZ, 'en-US')}`;
    expect(texts[0]!.body).toBe(
      `${business.name} confirmed your grooming request for ${when}. Details: https://pawtal.test/c/${parent.client.id}/appointments/${appointment.id}`,
    );
    expect(texts[0]).toMatchObject({ status: 'sent', provider: 'outbox' });
    // Confirming again is a conflict, and tells nobody anything new.
    expect((await staff(`/staff/appointments/${appointment.id}/confirm`)).status).toBe(409);
    expect(await outcomeTexts(parent.client.phoneE164)).toHaveLength(1);
  });

  it('tells the parent a decline with the business’s reason; a decline that does not apply texts nothing', async () => {
    const { business, parent, appointment } = await pendingRequest();
    expect((await staff(`/staff/appointments/${appointment.id}/decline`, TOKEN, { reason: 'Fully booked that week' })).status).toBe(200);
    const [text] = await outcomeTexts(parent.client.phoneE164);
    expect(text!.body).toMatch(
      new RegExp(
        `^${business.name} could not accept your grooming request for .+ \\(Fully booked that week\\)\\. Details: https://pawtal\\.test/c/${parent.client.id}/appointments/${appointment.id}$`,
      ),
    );
    expect((await staff(`/staff/appointments/${appointment.id}/decline`, TOKEN, { reason: 'again' })).status).toBe(409);
    expect(await outcomeTexts(parent.client.phoneE164)).toHaveLength(1);
  });

  it('still decides when no SMS provider is configured, and stores no text', async () => {
    const { parent, appointment } = await pendingRequest();
    const noSms = { ...staffEnv, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_FROM: '' };
    const res = await app.request(
      `${ORIGIN}/staff/appointments/${appointment.id}/confirm`,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{}' },
      noSms,
    );
    expect(res.status).toBe(200);
    expect(await outcomeTexts(parent.client.phoneE164)).toHaveLength(0);
  });

  it('outside development without PUBLIC_HOST, decides but texts no link built from the request’s Host, and logs why', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { parent, appointment } = await pendingRequest();
    const res = await app.request(
      `https://evil.example/staff/appointments/${appointment.id}/confirm`,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{}' },
      { ...staffEnv, APP_ENV: 'staging', PUBLIC_HOST: '' },
    );
    expect(res.status).toBe(200);
    expect(await outcomeTexts(parent.client.phoneE164)).toHaveLength(0);
    expect(errors.mock.calls.some((call) => String(call[0]).includes('decision text not stored') && String(call[0]).includes('PUBLIC_HOST is not set'))).toBe(
      true,
    );
    errors.mockRestore();
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
      // The parent is told "confirmed" exactly when the confirm won.
      expect(await outcomeTexts(parent.client.phoneE164)).toHaveLength(confirm.status === 200 ? 1 : 0);
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

describe('staff API: the parent’s text in their language', () => {
  it('confirms with the text in the business’s text language (Spanish)', async () => {
    const { business, parent, appointment } = await pendingRequest();
    await db.update(schema.businesses).set({ textLanguage: 'es' }).where(eq(schema.businesses.id, business.id));
    expect((await staff(`/staff/appointments/${appointment.id}/confirm`)).status).toBe(200);
    const text = (await textsTo(parent.client.phoneE164)).find((t) => t.body.includes(`/appointments/${appointment.id}`));
    expect(text!.body).toMatch(/ confirmó su solicitud de peluquería para el .+\. Detalles: https:\/\/pawtal\.test\/c\//);
  });

  it('invites in the business’s text language (Spanish), or in the language of an account with the client’s phone', async () => {
    const business = await createBusiness({ name: `Happy Tails ${newId('t').slice(-5)}` });
    await db.update(schema.businesses).set({ textLanguage: 'es' }).where(eq(schema.businesses.id, business.id));
    const spanish = await createClientRecord(business.id);
    const english = await createClientRecord(business.id);
    await db.insert(schema.portalAccounts).values({ id: newId('acc'), phoneE164: english.phoneE164, language: 'en', createdAt: new Date() });
    const res = await staff(`/staff/businesses/${business.id}/invitations`, TOKEN, { clientIds: [spanish.id, english.id], channel: 'sms' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { created: { invitationId: string; clientId: string }[] };
    const bodyOf = async (clientId: string) => {
      const made = body.created.find((c) => c.clientId === clientId)!;
      const [sms] = await db
        .select()
        .from(schema.smsOutbox)
        .where(eq(schema.smsOutbox.id, outboxIdFor(made.invitationId, 'sms')));
      return sms!.body;
    };
    expect(await bodyOf(spanish.id)).toMatch(new RegExp(`^${business.name} le invita a Pawtal, su portal de clientes: https://pawtal.test/invite/`));
    expect(await bodyOf(english.id)).toMatch(new RegExp(`^${business.name} invites you to Pawtal, their client portal: https://pawtal.test/invite/`));
  });
});
