/**
 * "Email me new requests" (issue 10, item 4): each staff member turns it on or off for
 * themselves per business on the Notifications page (a plain form, 303, an audit row), and a
 * parent's new request queues one email per opted-in member of that business, in the booking's
 * own batch, through the email outbox.
 */
import { describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { db } from '../../helpers/factories';
import { localTime } from '../../helpers/booking-factories';
import { appointmentsOf, groomingChoice, reviewForm, setup, submit } from '../../helpers/booking-flow';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function emailsTo(addresses: string[]) {
  return db.select().from(schema.emailOutbox).where(inArray(schema.emailOutbox.toAddress, addresses));
}

async function flagOf(staffAccountId: string, businessId: string) {
  const [row] = await db
    .select({ on: schema.staffMemberships.emailNewRequests })
    .from(schema.staffMemberships)
    .where(and(eq(schema.staffMemberships.staffAccountId, staffAccountId), eq(schema.staffMemberships.businessId, businessId)));
  return row?.on;
}

async function book(s: Awaited<ReturnType<typeof setup>>) {
  const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
  expect((await submit(s, review.fields)).status).toBe(303);
  const [appointment] = await appointmentsOf(s.client.id);
  return appointment!;
}

describe('POST /manage/:businessId/notifications/email', () => {
  it('turns the email on and off for the staff member themselves, without JS (303), with an audit row', async () => {
    const s = await setup();
    const staff = await createStaffAccount({ businessId: s.business.id });
    const { cookie } = await staffSignedIn(staff.id);
    const before = await (await get(`/manage/${s.business.id}/notifications`, { cookie })).text();
    expect(before).toContain('Email me new requests');
    expect(before).not.toMatch(/id="email_new_requests"[^>]*checked/);

    const on = await postForm(`/manage/${s.business.id}/notifications/email`, { email_new_requests: 'on' }, { cookie });
    expect(on.status).toBe(303);
    expect(on.headers.get('location')).toBe(`/manage/${s.business.id}/notifications?email=on`);
    expect(await flagOf(staff.id, s.business.id)).toBe(true);
    const page = await (await get(`/manage/${s.business.id}/notifications?email=on`, { cookie })).text();
    expect(page).toMatch(/id="email_new_requests"[^>]*checked/);
    expect(page).toContain('you will get an email for each new request');

    // An unticked checkbox sends nothing: off.
    expect((await postForm(`/manage/${s.business.id}/notifications/email`, {}, { cookie })).status).toBe(303);
    expect(await flagOf(staff.id, s.business.id)).toBe(false);
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id));
    expect(audit.map((a) => [a.action, a.staffAccountId, a.detail])).toEqual(
      expect.arrayContaining([
        ['staff.email_new_requests', staff.id, 'on'],
        ['staff.email_new_requests', staff.id, 'off'],
      ]),
    );
  });

  it('answers 404 for a business the staff member is not a member of, and changes nothing there', async () => {
    const s = await setup();
    const other = await setup();
    const member = await createStaffAccount({ businessId: s.business.id });
    const stranger = await createStaffAccount({ businessId: other.business.id });
    const { cookie } = await staffSignedIn(stranger.id);
    expect((await postForm(`/manage/${s.business.id}/notifications/email`, { email_new_requests: 'on' }, { cookie })).status).toBe(404);
    expect(await flagOf(member.id, s.business.id)).toBe(false);
    expect((await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id))).length).toBe(0);
  });
});

describe('a new request, with staff who asked for emails', () => {
  it('queues one email per opted-in member, naming the client, pets, services, time and the console link; none for others', async () => {
    const s = await setup();
    const other = await setup();
    const keen = await createStaffAccount({ businessId: s.business.id, role: 'owner' });
    const alsoKeen = await createStaffAccount({ businessId: s.business.id });
    const quiet = await createStaffAccount({ businessId: s.business.id });
    // Opted in at another business only: that never reaches this business's requests.
    const elsewhere = await createStaffAccount({ businessId: other.business.id });
    for (const member of [keen, alsoKeen]) {
      const { cookie } = await staffSignedIn(member.id);
      expect((await postForm(`/manage/${s.business.id}/notifications/email`, { email_new_requests: 'on' }, { cookie })).status).toBe(303);
    }
    const { cookie: elsewhereCookie } = await staffSignedIn(elsewhere.id);
    await postForm(`/manage/${other.business.id}/notifications/email`, { email_new_requests: 'on' }, { cookie: elsewhereCookie });

    const appointment = await book(s);

    const emails = await emailsTo([keen.email, alsoKeen.email, quiet.email, elsewhere.email]);
    expect(emails.map((e) => e.toAddress).sort()).toEqual([keen.email, alsoKeen.email].sort());
    const [email] = emails;
    expect(email!.status).toBe('sent'); // the development outbox: the row is the delivery
    expect(email!.subject).toBe(`New grooming request from Jo Booker · ${s.business.name}`);
    expect(email!.bodyText).toContain('Jo Booker asked');
    expect(email!.bodyText).toContain('- Rex: Full groom (Robin Groomer');
    expect(email!.bodyText).toContain('+ Teeth brushing');
    expect(email!.bodyText).toMatch(/Requested time:\n- .*10:00/);
    expect(email!.bodyText).toContain(`/manage/${s.business.id}/inbox#request-${appointment.id}`);
    expect(new Set(emails.map((e) => e.id)).size).toBe(2);
  });

  it('sends nothing when nobody opted in', async () => {
    const s = await setup();
    const member = await createStaffAccount({ businessId: s.business.id, role: 'owner' });
    await book(s);
    expect(await emailsTo([member.email])).toEqual([]);
  });
});
