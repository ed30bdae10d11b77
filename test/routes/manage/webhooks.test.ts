/**
 * The owners' webhooks through the real Worker and database: refusals at the field (not HTTPS,
 * localhost, private addresses), the secret shown once and stored sealed, a test event and a
 * parent's new request queued for the endpoint, the cron's delivery signed as the README says
 * (checked with node's own HMAC), the retry schedule until it gives up, the delivery log, staff 403.
 * Outbound calls go to a fake fetch handed to the deliverer; nothing leaves the test.
 */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { URL_MESSAGES } from '../../../src/domain/webhook';
import { deliverDueWebhooks } from '../../../src/webhooks/deliver';
import { createBusiness, db } from '../../helpers/factories';
import { localTime } from '../../helpers/booking-factories';
import { appointmentsOf, groomingChoice, reviewForm, setup, submit } from '../../helpers/booking-flow';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function owner(businessId: string) {
  const account = await createStaffAccount({ businessId, role: 'owner' });
  return { account, ...(await staffSignedIn(account.id)) };
}

/** Adds an endpoint through the page; returns its id and the secret read from the answer. */
async function addEndpoint(businessId: string, cookie: string, url = `https://hooks.example.com/pawtal/${crypto.randomUUID().slice(0, 8)}`) {
  const res = await postForm(`/manage/${businessId}/webhooks`, { url }, { cookie });
  expect(res.status).toBe(200);
  const html = await res.text();
  const secret = /id="new-secret"[^>]*value="(whsec_[A-Za-z0-9_-]+)"/.exec(html)?.[1];
  expect(secret).toBeTruthy();
  const [row] = await db.select().from(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.url, url));
  return { id: row!.id, secret: secret!, url, row: row! };
}

function deliveriesOf(endpointId: string) {
  return db.select().from(schema.webhookDeliveries).where(eq(schema.webhookDeliveries.endpointId, endpointId));
}

type Sent = { url: string; headers: Headers; body: string };
function fakeFetch(status: number | (() => number), sent: Sent[]): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
    return new Response('ok', { status: typeof status === 'number' ? status : status() });
  }) as typeof fetch;
}

describe('POST /manage/:businessId/webhooks', () => {
  it.each([
    ['http://hooks.example.com/x', URL_MESSAGES.https],
    ['https://localhost/x', URL_MESSAGES.private],
    ['https://127.0.0.1/x', URL_MESSAGES.private],
    ['https://10.0.0.8/x', URL_MESSAGES.private],
    ['https://169.254.169.254/latest', URL_MESSAGES.private],
    ['https://[::1]/x', URL_MESSAGES.private],
  ])('refuses %s with a message at the field (422), storing nothing', async (url, message) => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const res = await postForm(`/manage/${business.id}/webhooks`, { url }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<p class="error" id="url-error" role="alert">${message.replace(/'/g, '&#39;')}</p>`);
    expect(html).toContain(`value="${url}"`);
    expect(await db.select().from(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.businessId, business.id))).toHaveLength(0);
  });

  it('adds an HTTPS endpoint: the secret shown once, stored sealed, audit row', async () => {
    const business = await createBusiness();
    const { cookie, account } = await owner(business.id);
    const { id, secret, row } = await addEndpoint(business.id, cookie);
    expect(row.secretSealed).not.toContain(secret);
    expect(row.createdBy).toBe(account.id);
    const pageRes = await get(`/manage/${business.id}/webhooks`, { cookie });
    expect(pageRes.headers.get('server-timing')).toContain('desc="1 round trip"');
    const page = await pageRes.text();
    expect(page).toContain(row.url);
    expect(page).not.toContain(secret);
    const endpointPage = await get(`/manage/${business.id}/webhooks/${id}`, { cookie });
    expect(endpointPage.status).toBe(200);
    expect(endpointPage.headers.get('server-timing')).toContain('desc="1 round trip"');
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, business.id));
    expect(audit.map((a) => a.action)).toEqual(['webhook.add']);
  });

  it('is for owners only: staff get 403 on the pages and every action', async () => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const { id } = await addEndpoint(business.id, cookie);
    const member = await createStaffAccount({ businessId: business.id, role: 'staff' });
    const staff = await staffSignedIn(member.id);
    const base = `/manage/${business.id}/webhooks`;
    expect((await get(base, { cookie: staff.cookie })).status).toBe(403);
    expect((await get(`${base}/${id}`, { cookie: staff.cookie })).status).toBe(403);
    expect((await postForm(base, { url: 'https://hooks.example.com/staff' }, { cookie: staff.cookie })).status).toBe(403);
    expect((await postForm(`${base}/${id}/test`, {}, { cookie: staff.cookie })).status).toBe(403);
    expect((await postForm(`${base}/${id}/disable`, {}, { cookie: staff.cookie })).status).toBe(403);
    expect(await deliveriesOf(id)).toHaveLength(0);
    expect((await db.select().from(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.id, id)))[0]!.disabledAt).toBeNull();
  });
});

describe('delivery', () => {
  it('sends a test event signed: Pawtal-Timestamp and Pawtal-Signature v1 = HMAC-SHA256(secret, timestamp.body)', async () => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const { id, secret, url } = await addEndpoint(business.id, cookie);
    const res = await postForm(`/manage/${business.id}/webhooks/${id}/test`, {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${business.id}/webhooks/${id}?done=test`);
    const [queued] = await deliveriesOf(id);
    expect(queued).toMatchObject({ event: 'test', status: 'queued', attempts: 0 });

    const sent: Sent[] = [];
    const report = await deliverDueWebhooks(env, db, { fetch: fakeFetch(200, sent), endpointId: id });
    expect(report).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(sent).toHaveLength(1);
    const { headers, body } = sent[0]!;
    expect(sent[0]!.url).toBe(url);
    expect(headers.get('content-type')).toBe('application/json');
    const ts = headers.get('pawtal-timestamp')!;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex');
    expect(headers.get('pawtal-signature')).toBe(`v1=${expected}`);
    expect(JSON.parse(body)).toMatchObject({ type: 'test', business_id: business.id });
    const [done] = await deliveriesOf(id);
    expect(done).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
    const log = await (await get(`/manage/${business.id}/webhooks/${id}`, { cookie })).text();
    expect(log).toMatch(/<td>test<\/td>.*<td>Delivered<\/td>/s);
  });

  it("queues every business notification for the endpoint: a parent's new request arrives as new_request JSON", async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const { id, secret } = await addEndpoint(s.business.id, cookie);
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    expect((await submit(s, review.fields)).status).toBe(303);
    const [row] = await deliveriesOf(id);
    expect(row).toMatchObject({ event: 'new_request', status: 'queued' });
    const [notification] = await db.select().from(schema.businessNotifications).where(eq(schema.businessNotifications.businessId, s.business.id));
    expect(JSON.parse(row!.body)).toEqual({
      id: notification!.id,
      type: 'new_request',
      created_at: notification!.createdAt.toISOString(),
      business_id: s.business.id,
      data: { summary: notification!.summary, client_id: s.client.id, appointment_id: notification!.appointmentId },
    });
    const sent: Sent[] = [];
    await deliverDueWebhooks(env, db, { fetch: fakeFetch(204, sent), endpointId: id });
    expect(sent[0]!.body).toBe(row!.body);
    const ts = sent[0]!.headers.get('pawtal-timestamp')!;
    expect(sent[0]!.headers.get('pawtal-signature')).toBe(`v1=${createHmac('sha256', secret).update(`${ts}.${row!.body}`).digest('hex')}`);
  });

  it("queues the client's cancel too (canceled_by_client), and nothing for a cancel that did not apply", async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    expect((await submit(s, review.fields)).status).toBe(303);
    const { id } = await addEndpoint(s.business.id, cookie);
    const [appointment] = await appointmentsOf(s.client.id);
    const cancel = () => postForm(`/c/${s.client.id}/appointments/${appointment!.id}/cancel`, { version: String(appointment!.version) }, { cookie: s.cookie });
    expect((await cancel()).status).toBe(303);
    expect((await cancel()).status).toBe(409);
    const rows = await deliveriesOf(id);
    expect(rows.map((r) => r.event)).toEqual(['canceled_by_client']);
    expect(JSON.parse(rows[0]!.body)).toMatchObject({ type: 'canceled_by_client', data: { appointment_id: appointment!.id, client_id: s.client.id } });
  });

  it('retries a failing endpoint with backoff for at least 24 hours, then marks the delivery failed', async () => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const { id } = await addEndpoint(business.id, cookie);
    await postForm(`/manage/${business.id}/webhooks/${id}/test`, {}, { cookie });
    const created = (await deliveriesOf(id))[0]!.createdAt.getTime();
    const sent: Sent[] = [];
    let now = created;
    const gaps: number[] = [];
    for (let run = 0; run < 30; run++) {
      const report = await deliverDueWebhooks(env, db, { fetch: fakeFetch(503, sent), endpointId: id, now });
      const [d] = await deliveriesOf(id);
      expect(report.delivered).toBe(0);
      if (d!.status === 'failed') break;
      expect(d).toMatchObject({ status: 'queued', lastStatusCode: 503, lastError: 'HTTP 503' });
      gaps.push((d!.nextAttemptAt!.getTime() - now) / 60_000);
      // Not due before its time: a run a second early sends nothing.
      expect((await deliverDueWebhooks(env, db, { fetch: fakeFetch(503, sent), endpointId: id, now: d!.nextAttemptAt!.getTime() - 1000 })).retrying).toBe(0);
      now = d!.nextAttemptAt!.getTime();
    }
    const [last] = await deliveriesOf(id);
    expect(last).toMatchObject({ status: 'failed', attempts: 13, nextAttemptAt: null });
    expect(sent).toHaveLength(13);
    expect(gaps.slice(0, 6)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(now - created).toBeGreaterThanOrEqual(24 * 3_600_000);
    const log = await (await get(`/manage/${business.id}/webhooks/${id}`, { cookie })).text();
    expect(log).toContain('<td>Failed</td>');
    expect(log).toContain('HTTP 503');
  });

  it('a disabled endpoint gets nothing more: queued deliveries are marked failed', async () => {
    const business = await createBusiness();
    const { cookie } = await owner(business.id);
    const { id } = await addEndpoint(business.id, cookie);
    await postForm(`/manage/${business.id}/webhooks/${id}/test`, {}, { cookie });
    expect((await postForm(`/manage/${business.id}/webhooks/${id}/disable`, {}, { cookie })).status).toBe(303);
    const sent: Sent[] = [];
    await deliverDueWebhooks(env, db, { fetch: fakeFetch(200, sent), endpointId: id });
    expect(sent).toHaveLength(0);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'failed', lastError: 'Endpoint disabled' });
  });
});
