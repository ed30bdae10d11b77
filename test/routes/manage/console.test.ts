/**
 * The console's daily loop through the real Worker, booking lock and libSQL: the inbox and its
 * decisions (the parent told, the audit row written, one outcome when a parent cancels at the
 * same moment), the notification feed and unread count, the owners' audit log, and tenancy.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { db } from '../../helpers/factories';
import { localTime } from '../../helpers/booking-factories';
import { appointmentsOf, groomingChoice, notificationsOf, reviewForm, setup, submit } from '../../helpers/booking-flow';
import { get, getPartial, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

/** A bookable business with a parent's pending grooming request, and a signed-in staff member. */
async function withRequest(role: 'owner' | 'staff' = 'staff') {
  const s = await setup();
  const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
  expect((await submit(s, review.fields)).status).toBe(303);
  const [appointment] = await appointmentsOf(s.client.id);
  const staff = await createStaffAccount({ businessId: s.business.id, role, name: 'Casey Desk' });
  const { cookie } = await staffSignedIn(staff.id);
  return { s, appointment: appointment!, staff, cookie };
}

async function auditOf(businessId: string) {
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));
}

describe('GET /manage/:businessId/inbox', () => {
  it('lists the pending request with client, pets, services, time, deposit — in one round trip', async () => {
    const { s, appointment, cookie } = await withRequest();
    const res = await get(`/manage/${s.business.id}/inbox`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain(`id="request-${appointment.id}"`);
    expect(html).toContain('Grooming · Jo Booker');
    expect(html).toContain('<strong>Rex</strong>: Full groom (Robin Groomer) + Teeth brushing');
    expect(html).toContain('Deposit required');
    expect(html).toMatch(/<span id="unread" class="badge"[^>]*>1 unread<\/span>/);
  });

  it('tells an open inbox of requests that arrived since it was loaded (the htmx poll), as a link, for this business only', async () => {
    const { s, cookie } = await withRequest();
    const page = await (await get(`/manage/${s.business.id}/inbox`, { cookie })).text();
    const since = page.match(/hx-get="\/manage\/[^/]+\/inbox\/news\?since=(\d+)"/)?.[1];
    expect(since).toBeDefined();
    const quiet = await getPartial(`/manage/${s.business.id}/inbox/news?since=${since}`, { cookie });
    expect(quiet.status).toBe(200);
    expect(quiet.headers.get('server-timing')).toContain('desc="1 round trip"');
    const quietHtml = await quiet.text();
    expect(quietHtml).toMatch(/^<p id="inbox-news"[^>]*hx-trigger="every 30s"[^>]*><\/p>$/);

    // Another parent books at the same business; one at another business does not count.
    const review = await reviewForm(s, groomingChoice(s, localTime(3, '10:00')));
    expect((await submit(s, review.fields)).status).toBe(303);
    const elsewhere = await setup();
    const otherReview = await reviewForm(elsewhere, groomingChoice(elsewhere, localTime(3, '10:00')));
    expect((await submit(elsewhere, otherReview.fields)).status).toBe(303);
    const news = await (await getPartial(`/manage/${s.business.id}/inbox/news?since=${since}`, { cookie })).text();
    expect(news).toContain('1 new request since this page was loaded.');
    expect(news).toContain(`<a href="/manage/${s.business.id}/inbox">Show the new list</a>`);
    // Without htmx the same URL is a page; another business's staff get 404.
    const plain = await get(`/manage/${s.business.id}/inbox/news?since=${since}`, { cookie });
    expect(plain.status).toBe(200);
    expect(await plain.text()).toContain('Back to Requests');
    const stranger = await staffSignedIn((await createStaffAccount({ businessId: elsewhere.business.id })).id);
    expect((await get(`/manage/${s.business.id}/inbox/news?since=${since}`, { cookie: stranger.cookie })).status).toBe(404);
  });

  it('answers 404 to a staff member of another business, and sends the signed-out to sign in', async () => {
    const { s } = await withRequest();
    const other = await setup();
    const stranger = await createStaffAccount({ businessId: other.business.id });
    const { cookie } = await staffSignedIn(stranger.id);
    expect((await get(`/manage/${s.business.id}/inbox`, { cookie })).status).toBe(404);
    expect((await get(`/manage/${s.business.id}/notifications`, { cookie })).status).toBe(404);
    expect((await get(`/manage/${s.business.id}/inbox`)).headers.get('location')).toBe('/manage/sign-in');
  });
});

describe('POST /manage/:businessId/requests/:id/confirm|decline', () => {
  it('confirms through the booking lock, texts the parent and writes who did it to the audit log', async () => {
    const { s, appointment, cookie, staff } = await withRequest();
    const res = await postForm(`/manage/${s.business.id}/requests/${appointment.id}/confirm`, {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${s.business.id}/inbox?done=confirm`);
    const [after] = await appointmentsOf(s.client.id);
    expect(after!.status).toBe('confirmed');
    const texts = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, s.client.phoneE164));
    expect(texts.some((t) => t.body.includes('confirmed your grooming request'))).toBe(true);
    const audit = await auditOf(s.business.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffAccountId: staff.id, action: 'request.confirm', recordType: 'appointment', recordId: appointment.id });
    const inbox = await (await get(`/manage/${s.business.id}/inbox?done=confirm`, { cookie })).text();
    expect(inbox).toContain('Confirmed. The client has been told by text.');
    expect(inbox).not.toContain(`id="request-${appointment.id}"`);
  });

  it('declines with the reason, which the parent sees, and the audit row keeps it', async () => {
    const { s, appointment, cookie } = await withRequest();
    const res = await postForm(`/manage/${s.business.id}/requests/${appointment.id}/decline`, { reason: 'Fully booked with walk-ins that day' }, { cookie });
    expect(res.status).toBe(303);
    const [after] = await appointmentsOf(s.client.id);
    expect(after).toMatchObject({ status: 'canceled', cancelReason: 'Fully booked with walk-ins that day' });
    expect((await auditOf(s.business.id))[0]).toMatchObject({ action: 'request.decline', detail: 'Fully booked with walk-ins that day' });
    // The parent reads "Declined by <business>" and the reason, never "Canceled".
    const detail = await (await get(`/c/${s.client.id}/appointments/${appointment.id}`, { cookie: s.cookie })).text();
    expect(detail).toContain(`Declined by ${s.business.name}`);
    expect(detail).toContain('<dt>Reason</dt><dd>Fully booked with walk-ins that day</dd>');
    expect(detail).not.toMatch(/class="status s-canceled">Canceled</);
    const history = await (await get(`/c/${s.client.id}/appointments/history`, { cookie: s.cookie })).text();
    const upcoming = await (await get(`/c/${s.client.id}/appointments`, { cookie: s.cookie })).text();
    expect(history + upcoming).toContain(`Declined by ${s.business.name}`);
  });

  it('Back after a confirm, then Confirm again: 409 with words, no second text or audit row', async () => {
    const { s, appointment, cookie } = await withRequest();
    const url = `/manage/${s.business.id}/requests/${appointment.id}/confirm`;
    expect((await postForm(url, {}, { cookie })).status).toBe(303);
    const texts = async () => (await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, s.client.phoneE164))).length;
    const textsAfterFirst = await texts();
    const again = await postForm(url, {}, { cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/This request (is|was) already confirmed/i);
    expect(await texts()).toBe(textsAfterFirst);
    expect(await auditOf(s.business.id)).toHaveLength(1);
  });

  it('refuses a request the parent has just canceled with 409 and clear words, changing and auditing nothing', async () => {
    const { s, appointment, cookie } = await withRequest();
    expect(
      (await postForm(`/c/${s.client.id}/appointments/${appointment.id}/cancel`, { version: String(appointment.version) }, { cookie: s.cookie })).status,
    ).toBe(303);
    const res = await postForm(`/manage/${s.business.id}/requests/${appointment.id}/confirm`, {}, { cookie });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('This request was just canceled by the client');
    const [after] = await appointmentsOf(s.client.id);
    expect(after!.status).toBe('canceled');
    expect(await auditOf(s.business.id)).toHaveLength(0);
  });

  it('answers 404 for another business’s request, even with a valid one of ours in the URL', async () => {
    const { s, appointment } = await withRequest();
    const other = await setup();
    const stranger = await createStaffAccount({ businessId: other.business.id });
    const { cookie } = await staffSignedIn(stranger.id);
    expect((await postForm(`/manage/${other.business.id}/requests/${appointment.id}/confirm`, {}, { cookie })).status).toBe(404);
    expect((await postForm(`/manage/${s.business.id}/requests/${appointment.id}/confirm`, {}, { cookie })).status).toBe(404);
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('requested');
  });

  it('a staff confirm racing the parent’s cancel ends with exactly one outcome, 20 times', async () => {
    const outcomes: string[] = [];
    for (let run = 0; run < 20; run++) {
      const { s, appointment, cookie } = await withRequest();
      const [staffAnswer, parentAnswer] = await Promise.all([
        postForm(`/manage/${s.business.id}/requests/${appointment.id}/confirm`, {}, { cookie }),
        postForm(`/c/${s.client.id}/appointments/${appointment.id}/cancel`, { version: String(appointment.version) }, { cookie: s.cookie }),
      ]);
      const [after] = await appointmentsOf(s.client.id);
      const won = [staffAnswer.status === 303, parentAnswer.status === 303];
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(after!.status).toBe(won[0] ? 'confirmed' : 'canceled');
      expect([staffAnswer.status, parentAnswer.status].sort()).toEqual([303, 409]);
      expect(await auditOf(s.business.id)).toHaveLength(won[0] ? 1 : 0);
      outcomes.push(after!.status);
    }
    // The figure for the closing note: how the 20 races fell (each already checked to have one outcome).
    const won = (status: string) => outcomes.filter((o) => o === status).length;
    console.info(`race staff confirm vs parent cancel: ${won('confirmed')} confirmed, ${won('canceled')} canceled, of ${outcomes.length}`);
  }, 120_000);
});

describe('notifications', () => {
  it('lists client actions newest first, unread marked; marking one read lowers the count, with an audit row', async () => {
    const { s, appointment, cookie } = await withRequest();
    // A second notification: the parent cancels.
    await postForm(`/c/${s.client.id}/appointments/${appointment.id}/cancel`, { version: String(appointment.version) }, { cookie: s.cookie });
    const page = await (await get(`/manage/${s.business.id}/notifications`, { cookie })).text();
    expect(page.indexOf('Canceled by the client')).toBeLessThan(page.indexOf('New request'));
    expect(page).toContain('Mark all 2 as read');
    const [first] = await notificationsOf(s.business.id);
    expect((await postForm(`/manage/${s.business.id}/notifications/${first!.id}/read`, {}, { cookie })).status).toBe(303);
    const badge = await getPartial(`/manage/${s.business.id}/notifications/unread`, { cookie });
    expect(await badge.text()).toMatch(/^<span id="unread"[^>]*hx-trigger="every 30s"[^>]*>1 unread<\/span>$/);
    expect((await postForm(`/manage/${s.business.id}/notifications/read-all`, {}, { cookie })).status).toBe(303);
    expect(await (await getPartial(`/manage/${s.business.id}/notifications/unread`, { cookie })).text()).toContain('none unread');
    expect((await auditOf(s.business.id)).map((a) => a.action).sort()).toEqual(['notification.read', 'notification.read_all']);
  });

  it('another business’s staff cannot mark ours read', async () => {
    const { s } = await withRequest();
    const other = await setup();
    const stranger = await createStaffAccount({ businessId: other.business.id });
    const { cookie } = await staffSignedIn(stranger.id);
    expect((await postForm(`/manage/${s.business.id}/notifications/read-all`, {}, { cookie })).status).toBe(404);
    expect((await notificationsOf(s.business.id)).every((n) => n.readAt === null)).toBe(true);
  });
});

describe('GET /manage/:businessId/audit', () => {
  it('shows owners who did what, filterable by action; staff get 403', async () => {
    const { s, appointment, cookie } = await withRequest('staff');
    await postForm(`/manage/${s.business.id}/requests/${appointment.id}/decline`, { reason: 'No groomer that day' }, { cookie });
    expect((await get(`/manage/${s.business.id}/audit`, { cookie })).status).toBe(403);
    const owner = await createStaffAccount({ businessId: s.business.id, role: 'owner', name: 'Olive Owner' });
    const { cookie: ownerCookie } = await staffSignedIn(owner.id);
    const html = await (await get(`/manage/${s.business.id}/audit?action=request.decline`, { cookie: ownerCookie })).text();
    expect(html).toContain('Casey Desk');
    expect(html).toContain('request.decline');
    expect(html).toContain('No groomer that day');
    const none = await (await get(`/manage/${s.business.id}/audit?action=request.confirm`, { cookie: ownerCookie })).text();
    expect(none).toContain('No staff actions recorded for this action.');
  });
});
