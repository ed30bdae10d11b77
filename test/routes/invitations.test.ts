/**
 * Invitation links end to end through the real Worker, the real OTP guard and the real libSQL
 * server: the staff API (auth, one invitation per client of the business, foreign ids refused,
 * earlier links revoked, 200 at once within the Workers limits, queued delivery through a
 * mocked Twilio and the cron drain, revoke), and the parent's side (the invitation page, a code
 * from the SMS outbox, registration in one batch, every dead link's page, the race for a link).
 * Also the staff decision's text to the parent through Twilio: it is here because this is the one
 * file whose tests drain the shared SMS queue with a mocked Twilio, one test at a time — a drain
 * in another file, running in parallel, would send (and count) this file's queued messages.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { and, eq, inArray } from 'drizzle-orm';
import { app } from '../../src/app';
import * as schema from '../../src/db/schema';
import { registrationStatements } from '../../src/db/queries/invitations';
import { newId, sha256Hex } from '../../src/domain/ids';
import { INVITATION_TTL_MS, outboxIdFor } from '../../src/domain/invitation';
import { DELIVERY_CHUNK, scheduled } from '../../src/messaging/delivery';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs, uniquePhone } from '../helpers/factories';
import { carryCookies, get, ORIGIN, postForm, setCookies } from '../helpers/http';

const TOKEN = 'test-staff-token-invitations';
const staffEnv = { ...env, STAFF_API_TOKEN: TOKEN };
const twilioEnv = {
  ...staffEnv,
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001',
  TWILIO_AUTH_TOKEN: 'twilio-test-token',
  TWILIO_FROM: '+15005550006',
};

afterEach(() => {
  vi.restoreAllMocks();
});

interface StaffOptions {
  token?: string | null;
  env?: object;
  ctx?: ExecutionContext;
  contentType?: string;
}

/** A staff API call, through the app with the staff token configured. */
function staff(path: string, body: unknown, opts: StaffOptions = {}) {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
  const token = opts.token === undefined ? TOKEN : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  return app.request(`${ORIGIN}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }, opts.env ?? staffEnv, opts.ctx);
}

interface CreateAnswer {
  created: { invitationId: string; clientId: string }[];
  refused: { clientId: string; reason: string }[];
  revoked: { invitationId: string; clientId: string }[];
  delivery: { provider: string; status: string; messages: number; sendingNow: number };
  expiresAt: string;
}

async function invite(businessId: string, clientIds: string[], channel: 'sms' | 'email' = 'sms', opts: StaffOptions = {}) {
  const res = await staff(`/staff/businesses/${businessId}/invitations`, { clientIds, channel }, opts);
  return { res, body: (await res.clone().json()) as CreateAnswer };
}

/** The token of an invitation, read from its message in the SMS outbox (where it only travels). */
async function tokenFromOutbox(invitationId: string): Promise<string> {
  const [row] = await db
    .select()
    .from(schema.smsOutbox)
    .where(eq(schema.smsOutbox.id, outboxIdFor(invitationId, 'sms')));
  const match = /\/invite\/([A-Za-z0-9_-]{43})$/.exec(row?.body ?? '');
  if (!match) throw new Error(`no invitation link in ${row?.body}`);
  return match[1]!;
}

/** A business with the portal on and one client, invited by SMS; returns the link's token. */
async function invitedClient(overrides: Partial<typeof schema.clients.$inferInsert> = {}) {
  const business = await createBusiness({ name: `Happy Tails ${newId('t').slice(-5)}` });
  const client = await createClientRecord(business.id, { firstName: 'Sam', ...overrides });
  const { res, body } = await invite(business.id, [client.id]);
  expect(res.status).toBe(201);
  const invitationId = body.created[0]!.invitationId;
  return { business, client, invitationId, token: await tokenFromOutbox(invitationId) };
}

/** Waits for the sign-in code texted after a response (waitUntil) and returns it. */
async function codeSentTo(phoneE164: string, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, phoneE164));
    const code = rows.map((r) => /#(\d{6})$/.exec(r.body)?.[1]).find(Boolean);
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no code texted to ${phoneE164}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function randomIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** The parent asks for a code on the invitation page and gets it from the outbox. */
async function requestCode(token: string, phoneE164: string) {
  const res = await postForm(`/invite/${token}/code-request`, {}, { headers: { 'cf-connecting-ip': randomIp() } });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe(`/invite/${token}/code`);
  return codeSentTo(phoneE164);
}

async function invitationRow(id: string) {
  const [row] = await db.select().from(schema.invitations).where(eq(schema.invitations.id, id));
  return row!;
}

/** 200 client records of one business in one insert. */
async function manyClients(businessId: string, n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId('cli'),
    businessId,
    firstName: `Client${i}`,
    lastName: 'Bulk',
    phoneE164: uniquePhone(),
    email: `client${i}.${newId('e').slice(-6)}@example.com`,
    createdAt: new Date(),
  }));
  await db.insert(schema.clients).values(rows);
  return rows;
}

describe('staff API: who may call it', () => {
  it('is 404 with no staff token configured, 401 without or with a wrong token, 403 for a form post (CSRF)', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const path = `/staff/businesses/${business.id}/invitations`;
    const body = { clientIds: [client.id], channel: 'sms' };
    expect((await staff(path, body, { env: { ...env, STAFF_API_TOKEN: undefined } })).status).toBe(404);
    expect((await staff(path, body, { token: null })).status).toBe(401);
    expect((await staff(path, body, { token: 'wrong' })).status).toBe(401);
    expect((await staff('/staff/invitations/inv_x/revoke', {}, { token: 'wrong' })).status).toBe(401);
    // A cross-site page could send text/plain without a preflight: CSRF refuses it.
    expect((await staff(path, body, { contentType: 'text/plain' })).status).toBe(403);
    expect(await db.select().from(schema.invitations).where(eq(schema.invitations.clientId, client.id))).toHaveLength(0);
  });

  it('answers 400 for a malformed request, 404 for an unknown business, 409 when its portal is not on', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    expect((await staff(`/staff/businesses/${business.id}/invitations`, { clientIds: [client.id], channel: 'fax' })).status).toBe(400);
    expect((await staff(`/staff/businesses/${business.id}/invitations`, { clientIds: [], channel: 'sms' })).status).toBe(400);
    expect((await invite('biz_nope', [client.id])).res.status).toBe(404);
    const groomer = await createBusiness({ offersBoarding: false, offersDaycare: false, offersGrooming: true });
    const groomed = await createClientRecord(groomer.id);
    const refused = await invite(groomer.id, [groomed.id]);
    expect(refused.res.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'portal_not_available' });
  });
});

describe('POST /staff/businesses/:businessId/invitations', () => {
  it('creates one invitation per client, stores only the token hash, texts the link, and never returns the token', async () => {
    const business = await createBusiness({ name: `Happy Tails ${newId('t').slice(-5)}` });
    const a = await createClientRecord(business.id);
    const b = await createClientRecord(business.id);
    const before = Date.now();
    const { res, body } = await invite(business.id, [a.id, b.id]);
    expect(res.status).toBe(201);
    expect(body.created.map((c) => c.clientId)).toEqual([a.id, b.id]);
    expect(body.refused).toEqual([]);
    expect(body.revoked).toEqual([]);
    expect(body.delivery).toMatchObject({ provider: 'outbox', status: 'sent', messages: 2 });

    for (const { invitationId, clientId } of body.created) {
      const token = await tokenFromOutbox(invitationId);
      const row = await invitationRow(invitationId);
      expect(row).toMatchObject({ businessId: business.id, clientId, channel: 'sms', usedAt: null, revokedAt: null });
      expect(row.tokenHash).toBe(await sha256Hex(token));
      expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(INVITATION_TTL_MS);
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(JSON.stringify(body)).not.toContain(token);
      const [sms] = await db
        .select()
        .from(schema.smsOutbox)
        .where(eq(schema.smsOutbox.id, outboxIdFor(invitationId, 'sms')));
      expect(sms).toMatchObject({ toE164: clientId === a.id ? a.phoneE164 : b.phoneE164, status: 'sent', provider: 'outbox' });
      expect(sms!.body).toBe(`${business.name} invites you to Pawtal, their client portal: https://pawtal.test/invite/${token}`);
    }
  });

  it('outside development, refuses to make links without PUBLIC_HOST (never the request’s Host): 503, nothing stored', async () => {
    const business = await createBusiness();
    const a = await createClientRecord(business.id);
    const res = await app.request(
      `https://evil.example/staff/businesses/${business.id}/invitations`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ clientIds: [a.id], channel: 'sms' }),
      },
      { ...staffEnv, APP_ENV: 'staging', PUBLIC_HOST: '' },
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'delivery_not_configured', message: expect.stringContaining('PUBLIC_HOST is not set') });
    expect(await db.select().from(schema.invitations).where(eq(schema.invitations.clientId, a.id))).toEqual([]);
  });

  it('refuses foreign and unknown client ids one by one, creating nothing for them', async () => {
    const business = await createBusiness();
    const other = await createBusiness();
    const mine = await createClientRecord(business.id);
    const theirs = await createClientRecord(other.id);
    const { res, body } = await invite(business.id, [theirs.id, mine.id, 'cli_doesnotexist', mine.id]);
    expect(res.status).toBe(201);
    expect(body.created.map((c) => c.clientId)).toEqual([mine.id]);
    expect(body.refused).toEqual([
      { clientId: mine.id, reason: 'duplicate' },
      { clientId: theirs.id, reason: 'not_found' },
      { clientId: 'cli_doesnotexist', reason: 'not_found' },
    ]);
    expect(await db.select().from(schema.invitations).where(eq(schema.invitations.clientId, theirs.id))).toHaveLength(0);
    expect(await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, theirs.phoneE164))).toHaveLength(0);

    const onlyForeign = await invite(business.id, [theirs.id]);
    expect(onlyForeign.res.status).toBe(422);
    expect(onlyForeign.body.created).toEqual([]);
  });

  it('a second invitation for a client revokes the first, says so, and only the new link works', async () => {
    const { business, client, invitationId: first, token: oldToken } = await invitedClient();
    const { res, body } = await invite(business.id, [client.id]);
    expect(res.status).toBe(201);
    expect(body.revoked).toEqual([{ invitationId: first, clientId: client.id }]);
    const second = body.created[0]!.invitationId;
    expect((await invitationRow(first)).revokedAt).not.toBeNull();
    expect((await invitationRow(second)).revokedAt).toBeNull();

    const old = await get(`/invite/${oldToken}`);
    expect(old.status).toBe(410);
    const html = await old.text();
    expect(html).toContain('This invitation link has been replaced');
    expect(html).toContain(`Ask ${business.name} for a new link`);
    expect((await get(`/invite/${await tokenFromOutbox(second)}`)).status).toBe(200);
  });

  it('sends email invitations to clients with an address and refuses those without one', async () => {
    const business = await createBusiness({ name: `Happy Tails ${newId('t').slice(-5)}` });
    const email = `sam.${newId('e').slice(-8)}@example.com`;
    const withMail = await createClientRecord(business.id, { email });
    const without = await createClientRecord(business.id, { email: null });
    const { res, body } = await invite(business.id, [withMail.id, without.id], 'email');
    expect(res.status).toBe(201);
    expect(body.refused).toEqual([{ clientId: without.id, reason: 'no_email' }]);
    const [mail] = await db
      .select()
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.id, outboxIdFor(body.created[0]!.invitationId, 'email')));
    expect(mail).toMatchObject({ toAddress: email, subject: `${business.name} invites you to Pawtal`, status: 'sent' });
    const token = /\/invite\/([A-Za-z0-9_-]{43})\n/.exec(mail!.bodyText)![1]!;
    expect((await invitationRow(body.created[0]!.invitationId)).tokenHash).toBe(await sha256Hex(token));
    const page = await get(`/invite/${token}`);
    expect(page.status).toBe(200);
  });

  it('invites 200 clients in one request: one write batch, 200 invitations and 200 messages', async () => {
    const business = await createBusiness();
    const clients = await manyClients(business.id, 200);
    const started = performance.now();
    const { res, body } = await invite(
      business.id,
      clients.map((c) => c.id),
    );
    const elapsedMs = performance.now() - started;
    expect(res.status).toBe(201);
    expect(body.created).toHaveLength(200);
    // One read (business + clients) and one write batch, whatever the number of clients.
    expect(res.headers.get('server-timing')).toContain('desc="2 round trips"');
    const ids = body.created.map((c) => c.invitationId);
    expect(await db.select({ id: schema.invitations.id }).from(schema.invitations).where(eq(schema.invitations.businessId, business.id))).toHaveLength(200);
    const messages = await db
      .select({ status: schema.smsOutbox.status })
      .from(schema.smsOutbox)
      .where(
        inArray(
          schema.smsOutbox.id,
          ids.map((id) => outboxIdFor(id, 'sms')),
        ),
      );
    expect(messages).toHaveLength(200);
    expect(messages.every((m) => m.status === 'sent')).toBe(true);
    console.log(`200 invitations in one request: ${elapsedMs.toFixed(0)} ms`);
    expect(elapsedMs).toBeLessThan(5000);
  });

  it('with Twilio: 200 invitations stay within 50 subrequests — 40 sent after the answer, the rest by the cron, 40 a run', async () => {
    const business = await createBusiness();
    const clients = await manyClients(business.id, 200);
    const guard = globalThis.fetch;
    const calls: string[] = [];
    const texted: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      calls.push(url.hostname);
      if (url.hostname === 'api.twilio.com') {
        texted.push(new URLSearchParams(String(init?.body)).get('To')!);
        return new Response(JSON.stringify({ sid: `SM${texted.length}` }), { status: 201 });
      }
      return guard(input, init);
    });

    const ctx = createExecutionContext();
    const { res, body } = await invite(
      business.id,
      clients.map((c) => c.id),
      'sms',
      { env: twilioEnv, ctx },
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(201);
    expect(body.delivery).toEqual({ provider: 'twilio', status: 'queued', messages: 200, sendingNow: DELIVERY_CHUNK });
    expect(texted).toHaveLength(DELIVERY_CHUNK);
    console.log(`subrequests of the staff request and its waitUntil: ${calls.length}`);
    expect(calls.length).toBeLessThanOrEqual(50);

    const outboxIds = body.created.map((c) => outboxIdFor(c.invitationId, 'sms'));
    const statuses = async () => {
      const rows = await db.select().from(schema.smsOutbox).where(inArray(schema.smsOutbox.id, outboxIds));
      return { sent: rows.filter((r) => r.status === 'sent').length, queued: rows.filter((r) => r.status === 'queued').length, rows };
    };
    expect(await statuses()).toMatchObject({ sent: 40, queued: 160 });

    // The cron drains every queued message, oldest first — in the shared test database that can
    // include another test's, so count runs until ours are out, each within its share.
    let runs = 0;
    while ((await statuses()).queued > 0 && runs < 8) {
      runs += 1;
      calls.length = 0;
      const textedBefore = texted.length;
      const cronCtx = createExecutionContext();
      await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), twilioEnv, cronCtx);
      await waitOnExecutionContext(cronCtx);
      expect(calls.length).toBeLessThanOrEqual(50);
      expect(texted.length - textedBefore).toBeLessThanOrEqual(DELIVERY_CHUNK);
    }
    // 160 left after the answer at 40 a run: 4 runs (more only if other tests' messages came first).
    expect(runs).toBeGreaterThanOrEqual(4);
    expect(await statuses()).toMatchObject({ sent: 200, queued: 0 });
    const { rows } = await statuses();
    // Every client texted exactly once, and the delivery log keeps no usable link.
    const ourNumbers = new Set(clients.map((c) => c.phoneE164));
    const textedOurs = texted.filter((to) => ourNumbers.has(to));
    expect(new Set(textedOurs).size).toBe(200);
    expect(textedOurs).toHaveLength(200);
    expect(rows.every((r) => r.providerMessageId?.startsWith('SM'))).toBe(true);
    expect(rows.some((r) => /\/invite\/[A-Za-z0-9_-]{43}/.test(r.body))).toBe(false);
    expect(rows[0]!.body).toMatch(/their client portal: https:\/\/pawtal\.test\/…$/);
  });

  it('with Twilio: a refused message is marked failed, a retryable failure stays queued for the next run', async () => {
    const business = await createBusiness();
    const [refusedClient, flakyClient] = await manyClients(business.id, 2);
    const guard = globalThis.fetch;
    let flakyAttempts = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname !== 'api.twilio.com') return guard(input, init);
      const to = new URLSearchParams(String(init?.body)).get('To');
      if (to === refusedClient!.phoneE164) return new Response(JSON.stringify({ code: 21211, message: "Invalid 'To' Phone Number" }), { status: 400 });
      flakyAttempts += 1;
      if (flakyAttempts === 1) return new Response('busy', { status: 503 });
      return new Response(JSON.stringify({ sid: 'SMok' }), { status: 201 });
    });
    const ctx = createExecutionContext();
    const { body } = await invite(business.id, [refusedClient!.id, flakyClient!.id], 'sms', { env: twilioEnv, ctx });
    await waitOnExecutionContext(ctx);
    const row = async (clientId: string) => {
      const id = outboxIdFor(body.created.find((c) => c.clientId === clientId)!.invitationId, 'sms');
      const [r] = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.id, id));
      return r!;
    };
    expect(await row(refusedClient!.id)).toMatchObject({ status: 'failed' });
    expect((await row(refusedClient!.id)).error).toContain('21211');
    expect(await row(flakyClient!.id)).toMatchObject({ status: 'queued', providerMessageId: null });

    const cronCtx = createExecutionContext();
    await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), twilioEnv, cronCtx);
    await waitOnExecutionContext(cronCtx);
    expect(await row(flakyClient!.id)).toMatchObject({ status: 'sent', providerMessageId: 'SMok' });
  });
  it('answers 503 and creates nothing when the channel’s provider is not configured', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const { res, body } = await invite(business.id, [client.id], 'sms', { env: { ...twilioEnv, TWILIO_FROM: '' } });
    expect(res.status).toBe(503);
    expect(body).toMatchObject({ error: 'delivery_not_configured' });
    expect((body as unknown as { message: string }).message).toContain('TWILIO_FROM');
    expect(await db.select().from(schema.invitations).where(eq(schema.invitations.clientId, client.id))).toHaveLength(0);
  });

  it('a drain whose provider became misconfigured leaves the queued messages unclaimed for a later run', async () => {
    const business = await createBusiness();
    const [client] = await manyClients(business.id, 1);
    const guard = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      return url.hostname === 'api.twilio.com' ? new Response('down', { status: 500 }) : guard(input, init);
    });
    const ctx = createExecutionContext();
    const { body } = await invite(business.id, [client!.id], 'sms', { env: twilioEnv, ctx });
    await waitOnExecutionContext(ctx);
    const id = outboxIdFor(body.created[0]!.invitationId, 'sms');
    const [before] = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.id, id));
    expect(before).toMatchObject({ status: 'queued', providerMessageId: null });
    expect(before!.error).toContain('will retry');

    const cronCtx = createExecutionContext();
    await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), { ...twilioEnv, TWILIO_AUTH_TOKEN: '' }, cronCtx);
    await waitOnExecutionContext(cronCtx);
    const [after] = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.id, id));
    expect(after).toMatchObject({ status: 'queued', providerMessageId: null });
    expect(after!.body).toContain('/invite/');

    // Configured again: the next run sends it (and this leaves no queued row behind for other tests).
    vi.restoreAllMocks();
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      return url.hostname === 'api.twilio.com' ? new Response(JSON.stringify({ sid: 'SMlater' }), { status: 201 }) : guard(input, init);
    });
    const laterCtx = createExecutionContext();
    await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), twilioEnv, laterCtx);
    await waitOnExecutionContext(laterCtx);
    const [sent] = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.id, id));
    expect(sent).toMatchObject({ status: 'sent', providerMessageId: 'SMlater', error: null });
  });
});

describe('POST /staff/appointments/:id/confirm with Twilio', () => {
  it('queues the parent’s text in the decision’s batch and sends it after the answer', async () => {
    const business = await createBusiness({ name: `Happy Tails ${newId('t').slice(-5)}` });
    const client = await createClientRecord(business.id);
    const appointment = await createAppointment({ client, pets: [await createPet(client)], status: 'requested' });
    const guard = globalThis.fetch;
    const texted: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname !== 'api.twilio.com') return guard(input, init);
      texted.push(new URLSearchParams(String(init?.body)).get('To')!);
      return new Response(JSON.stringify({ sid: `SMdecision${texted.length}` }), { status: 201 });
    });
    const ctx = createExecutionContext();
    const res = await staff(`/staff/appointments/${appointment.id}/confirm`, {}, { env: twilioEnv, ctx });
    expect(res.status).toBe(200);
    await waitOnExecutionContext(ctx);
    const rows = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, client.phoneE164));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: 'twilio', status: 'sent' });
    expect(rows[0]!.providerMessageId).toMatch(/^SMdecision\d+$/);
    expect(rows[0]!.body).toContain(`${business.name} confirmed your grooming request for `);
    expect(texted).toContain(client.phoneE164);
  });
});

describe('POST /staff/invitations/:id/revoke', () => {
  it('revokes an unused link (idempotently), refuses a used one, 404 for an unknown one', async () => {
    const { client, invitationId, token } = await invitedClient();
    const res = await staff(`/staff/invitations/${invitationId}/revoke`, {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ invitationId, status: 'revoked', alreadyRevoked: false });
    expect((await get(`/invite/${token}`)).status).toBe(410);
    const again = await staff(`/staff/invitations/${invitationId}/revoke`, {});
    expect(await again.json()).toMatchObject({ status: 'revoked', alreadyRevoked: true });
    expect((await staff('/staff/invitations/inv_unknown/revoke', {})).status).toBe(404);

    const used = await invitedClient();
    const code = await requestCode(used.token, used.client.phoneE164);
    expect((await postForm(`/invite/${used.token}/verify`, { code })).status).toBe(303);
    const refused = await staff(`/staff/invitations/${used.invitationId}/revoke`, {});
    expect(refused.status).toBe(409);
    expect(client.id).not.toBe(used.client.id);
  });
});

describe('GET /invite/:token', () => {
  it('shows the business, the client’s first name and only the last 4 digits of the phone', async () => {
    const { business, client, token } = await invitedClient({ firstName: 'Alexis' });
    const res = await get(`/invite/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`Alexis, ${business.name} invites you to Pawtal`);
    expect(html).toContain(`ending in <strong>${client.phoneE164.slice(-4)}</strong>`);
    expect(html).not.toContain(client.phoneE164.slice(2, 8));
    expect(html).not.toContain(client.lastName);
    expect(html).toContain('Text me a code');
    expect(html).toContain(`action="/invite/${token}/code-request"`);
  });

  it('gives malformed and unknown tokens the same generic 404 page, with no business named', async () => {
    const { business, token } = await invitedClient();
    const unknown = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const pages = [];
    for (const t of ['short', unknown, `${token}x`, '%00%20']) {
      const res = await get(`/invite/${t}`);
      expect(res.status).toBe(404);
      pages.push(await res.text());
    }
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain('This invitation link doesn');
    expect(pages[0]).toContain('Sign in with your phone number');
    expect(pages[0]).not.toContain(business.name);
    // Nothing can be done with them either.
    expect((await postForm(`/invite/${unknown}/code-request`, {})).status).toBe(404);
    expect((await postForm(`/invite/${unknown}/verify`, { code: '123456' })).status).toBe(404);
  });

  it('says an expired link has expired (410), names the business and what to do next, and sends no code', async () => {
    const { business, client, invitationId, token } = await invitedClient();
    // As if it had been sent 31 days ago.
    const day = 24 * 3600 * 1000;
    await db
      .update(schema.invitations)
      .set({ createdAt: new Date(Date.now() - 31 * day), expiresAt: new Date(Date.now() - day) })
      .where(eq(schema.invitations.id, invitationId));
    const res = await get(`/invite/${token}`);
    expect(res.status).toBe(410);
    // Still the app's page, with its headers: security, no caching, not indexed.
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('This invitation has expired');
    expect(html).toContain(`Ask ${business.name} for a new link`);
    expect(html).toContain('sign in with your phone number');
    expect((await postForm(`/invite/${token}/code-request`, {})).status).toBe(410);
    await new Promise((r) => setTimeout(r, 200));
    const texts = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, client.phoneE164));
    expect(texts.filter((t) => /#\d{6}$/.test(t.body))).toHaveLength(0);
  });

  it('refuses a link whose client’s phone changed since it was sent: no code to either number', async () => {
    const { business, client, token } = await invitedClient();
    const newPhone = uniquePhone();
    await db.update(schema.clients).set({ phoneE164: newPhone }).where(eq(schema.clients.id, client.id));
    const res = await get(`/invite/${token}`);
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain(`The mobile number ${business.name} has on file has changed`);
    expect(html).toContain(`Ask ${business.name} for a new link`);
    expect(html).not.toContain(newPhone.slice(-4));
    expect((await postForm(`/invite/${token}/code-request`, {})).status).toBe(410);
    await new Promise((r) => setTimeout(r, 200));
    const texts = await db
      .select()
      .from(schema.smsOutbox)
      .where(inArray(schema.smsOutbox.toE164, [client.phoneE164, newPhone]));
    expect(texts.filter((t) => /#\d{6}$/.test(t.body))).toHaveLength(0);
  });
});

describe('registering from an invitation', () => {
  it('verifies the phone on file by code, creates the account, links every record with the number, and welcomes the parent', async () => {
    const { business, client, invitationId, token } = await invitedClient();
    // The same parent is a client of a second business too: one account sees both (SPEC §3.4).
    const elsewhere = await createClientRecord((await createBusiness()).id, { phoneE164: client.phoneE164 });

    const code = await requestCode(token, client.phoneE164);
    const codePage = await get(`/invite/${token}/code`);
    expect(codePage.status).toBe(200);
    const codeHtml = await codePage.text();
    expect(codeHtml).toMatch(/<input[^>]*autocomplete="one-time-code"[^>]*inputmode="numeric"/);
    expect(codeHtml).toContain(`action="/invite/${token}/verify"`);

    const res = await postForm(`/invite/${token}/verify`, { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${client.id}/welcome`);
    const session = setCookies(res).get('__Host-pawtal_session');
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const flag of [/; Path=\//, /; Secure/, /; HttpOnly/, /; SameSite=Lax/]) expect(session?.raw).toMatch(flag);
    const cookie = carryCookies(undefined, res);

    const [account] = await db.select().from(schema.portalAccounts).where(eq(schema.portalAccounts.phoneE164, client.phoneE164));
    expect(account).toBeDefined();
    expect(await invitationRow(invitationId)).toMatchObject({ usedByAccountId: account!.id });
    expect((await invitationRow(invitationId)).usedAt).not.toBeNull();
    const links = await db.select().from(schema.accountClientLinks).where(eq(schema.accountClientLinks.accountId, account!.id));
    expect(links.map((l) => l.clientId).sort()).toEqual([client.id, elsewhere.id].sort());

    const welcome = await get(`/c/${client.id}/welcome`, { cookie });
    expect(welcome.status).toBe(200);
    const html = await welcome.text();
    expect(html).toContain('Welcome to Pawtal, Sam');
    expect(html).toContain(`You&#39;re registered with ${business.name}.`);
    expect(html).toContain('href="/account/password"');
    expect(html).toContain(`href="/c/${client.id}/appointments"`);
    expect((await get(`/c/${client.id}/appointments`, { cookie })).status).toBe(200);
    // Just registered, so setting an email and password needs no second code.
    expect((await get('/account/password', { cookie })).status).toBe(200);

    // The link worked once: now it says so, and points to sign-in.
    const reused = await get(`/invite/${token}`);
    expect(reused.status).toBe(410);
    const reusedHtml = await reused.text();
    expect(reusedHtml).toContain('This invitation has already been used');
    expect(reusedHtml).toContain('href="/sign-in"');
    expect((await postForm(`/invite/${token}/verify`, { code })).status).toBe(410);
  });

  it('signs an existing account in (no second account) and lands on the inviting business’s appointments', async () => {
    const { client, invitationId, token } = await invitedClient();
    const before = await signedInAs(client.phoneE164);
    const code = await requestCode(token, client.phoneE164);
    const res = await postForm(`/invite/${token}/verify`, { code }, { cookie: before.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${client.id}/appointments`);
    expect(setCookies(res).get('__Host-pawtal_session')?.value).not.toBe(before.token);
    expect(await db.select().from(schema.portalAccounts).where(eq(schema.portalAccounts.phoneE164, client.phoneE164))).toHaveLength(1);
    expect(await invitationRow(invitationId)).toMatchObject({ usedByAccountId: before.accountId });
    // The session this browser had was replaced.
    expect(await db.select().from(schema.sessions).where(eq(schema.sessions.tokenHash, before.tokenHash))).toHaveLength(0);
  });

  it('refuses a wrong or malformed code with 422 and the same words as sign-in, without signing in', async () => {
    const { client, invitationId, token } = await invitedClient();
    const code = await requestCode(token, client.phoneE164);
    const wrong = await postForm(`/invite/${token}/verify`, { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That code is not right. 4 tries left for this code.');
    expect(setCookies(wrong).has('__Host-pawtal_session')).toBe(false);
    const malformed = await postForm(`/invite/${token}/verify`, { code: 'abc' });
    expect(malformed.status).toBe(422);
    expect(await malformed.text()).toContain('The code is 6 digits');
    expect((await invitationRow(invitationId)).usedAt).toBeNull();
    expect((await postForm(`/invite/${token}/verify`, { code })).status).toBe(303);
  });

  it('asks to wait before a second code within 30 seconds (429), as sign-in does', async () => {
    const { client, token } = await invitedClient();
    await requestCode(token, client.phoneE164);
    const again = await postForm(`/invite/${token}/code-request`, { resend: '1' }, { headers: { 'cf-connecting-ip': randomIp() } });
    expect(again.status).toBe(429);
    const html = await again.text();
    expect(html).toMatch(/Please wait \d+ seconds before asking for another code/);
    expect(html).toContain('Enter your code');
  });

  it('two requests racing with the same code: exactly one registers', async () => {
    const { client, invitationId, token } = await invitedClient();
    const code = await requestCode(token, client.phoneE164);
    const results = await Promise.all([postForm(`/invite/${token}/verify`, { code }), postForm(`/invite/${token}/verify`, { code })]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
    expect((await invitationRow(invitationId)).usedAt).not.toBeNull();
  });

  it('two registration batches racing for one link: exactly one marks it used', async () => {
    const { client, invitationId } = await invitedClient();
    const now = Date.now();
    const attempt = async () => {
      const tokenHash = await sha256Hex(newId('tok'));
      const results = await db.batch(
        registrationStatements(db, { invitationId, phoneE164: client.phoneE164, tokenHash, previousTokenHash: null, userAgent: null, now }),
      );
      return results[5].length;
    };
    const applied = await Promise.all([attempt(), attempt(), attempt()]);
    expect(applied.sort()).toEqual([0, 0, 1]);
    const [row] = await db
      .select()
      .from(schema.invitations)
      .where(and(eq(schema.invitations.id, invitationId), eq(schema.invitations.usedAt, new Date(now))));
    expect(row).toBeDefined();
  });

  it('refuses a link revoked after the code was sent, without signing in', async () => {
    const { client, invitationId, token } = await invitedClient();
    const code = await requestCode(token, client.phoneE164);
    expect((await staff(`/staff/invitations/${invitationId}/revoke`, {})).status).toBe(200);
    const res = await postForm(`/invite/${token}/verify`, { code });
    expect(res.status).toBe(410);
    expect(setCookies(res).has('__Host-pawtal_session')).toBe(false);
  });
});

describe('the invitation pages in Spanish', () => {
  const es = { 'accept-language': 'es' };

  it('shows the invitation, the code page, a refused code and a dead link in Spanish', async () => {
    const { business, client, token } = await invitedClient({ firstName: 'Alexis' });
    const res = await get(`/invite/${token}`, { headers: es });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain(`Alexis, ${business.name} le invita a Pawtal`);
    expect(html).toContain(`que termina en <strong>${client.phoneE164.slice(-4)}</strong>`);
    expect(html).toContain('Enviarme un código');
    expect(html).not.toContain('invites you to Pawtal');

    const ask = await postForm(`/invite/${token}/code-request`, {}, { headers: { ...es, 'cf-connecting-ip': randomIp() } });
    expect(ask.status).toBe(303);
    const codePage = await (await get(`/invite/${token}/code`, { headers: es })).text();
    expect(codePage).toContain('Registrarme');
    expect(codePage).not.toContain('Register');

    const refused = await postForm(`/invite/${token}/verify`, { code: '12' }, { headers: es });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('El código tiene 6 dígitos (solo números). Revise el mensaje de texto e inténtelo de nuevo.');

    const dead = await get('/invite/short', { headers: es });
    expect(dead.status).toBe(404);
    const deadHtml = await dead.text();
    expect(deadHtml).toContain('Este enlace de invitación no funciona');
    expect(deadHtml).toContain('Inicie sesión con su número de teléfono');
    expect(deadHtml).not.toContain('This invitation link doesn');
  });
});
