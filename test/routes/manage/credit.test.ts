/**
 * Store credit in the console through the real Worker and database: add and deduct with a
 * reason and a linked appointment, the ledger showing who made each entry, refusals at the field,
 * the zero floor (staff never below it, an owner only when ticked), two deductions at once
 * spending the credit once, audit rows, and the parent's portal showing the new balance.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { createAppointment, createBusiness, createClientRecord, db, signedInAs } from '../../helpers/factories';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function member(businessId: string, role: 'owner' | 'staff', name?: string) {
  const account = await createStaffAccount({ businessId, role, name });
  return { account, ...(await staffSignedIn(account.id)) };
}

function entriesOf(clientId: string) {
  return db.select().from(schema.storeCreditTransactions).where(eq(schema.storeCreditTransactions.clientId, clientId));
}

const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];

describe('/manage/:businessId/clients/:clientId/credit', () => {
  it('adds and deducts credit with reasons; the ledger says who and the parent sees the balance', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const appointment = await createAppointment({ client, serviceType: 'daycare', status: 'finished', pets: [] });
    const { cookie, account } = await member(business.id, 'staff', 'Dee Desk');
    const path = `/manage/${business.id}/clients/${client.id}/credit`;
    const page = await get(path, { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('No store credit yet.');

    const add = await postForm(path, { direction: 'add', amount: '25.50', reason: 'Refund for the canceled stay', appointment: appointment.id }, { cookie });
    expect(add.status).toBe(303);
    expect(add.headers.get('location')).toBe(`${path}?done=added`);
    const spend = await postForm(path, { direction: 'deduct', amount: '10', reason: 'Used on a bath' }, { cookie });
    expect(spend.status).toBe(303);

    const rows = await entriesOf(client.id);
    expect(rows.map((r) => [r.amountMinor, r.reason, r.createdBy, r.appointmentId]).sort()).toEqual(
      [
        [2550, 'Refund for the canceled stay', account.id, appointment.id],
        [-1000, 'Used on a bath', account.id, null],
      ].sort(),
    );
    const html = await (await get(`${path}?done=deducted`, { cookie })).text();
    expect(html).toContain('<strong id="balance">$15.50</strong>');
    expect(html).toContain('Credit deducted.');
    expect(html.match(/by Dee Desk/g)).toHaveLength(2);
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, business.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['credit.add', 'credit.deduct']);

    const parent = await signedInAs(client.phoneE164);
    const portal = await (await get(`/c/${client.id}/credit`, { cookie: parent.cookie })).text();
    expect(portal).toContain('$15.50');
    expect(portal).toContain('Used on a bath');
  });

  it.each([
    [{ direction: 'add', amount: '', reason: 'x' }, 'amount', 'Enter the amount'],
    [{ direction: 'add', amount: '-5', reason: 'x' }, 'amount', 'cannot be negative'],
    [{ direction: 'add', amount: '0', reason: 'x' }, 'amount', 'above zero'],
    [{ direction: 'add', amount: '1.234', reason: 'x' }, 'amount', 'at most 2 decimals'],
    [{ direction: 'add', amount: '5', reason: '' }, 'reason', 'Say why'],
    [{ direction: 'add', amount: '5', reason: 'r'.repeat(201) }, 'reason', '200 characters'],
    [{ direction: 'sideways', amount: '5', reason: 'x' }, 'direction', 'add credit or deduct'],
    [{ direction: 'add', amount: '5', reason: 'x', appointment: 'apt_someone_else' }, 'appointment', 'this client’s appointments'],
  ])('refuses %j at the %s field (422), saving nothing', async (form, field, message) => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const { cookie } = await member(business.id, 'staff');
    const res = await postForm(`/manage/${business.id}/clients/${client.id}/credit`, form as Record<string, string>, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, field)).toContain(message);
    expect(await entriesOf(client.id)).toHaveLength(0);
  });

  it('never takes the balance below zero for staff; an owner may, when ticked', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const staff = await member(business.id, 'staff');
    const owner = await member(business.id, 'owner');
    const path = `/manage/${business.id}/clients/${client.id}/credit`;
    expect((await postForm(path, { direction: 'add', amount: '5', reason: 'Goodwill' }, { cookie: staff.cookie })).status).toBe(303);
    const refused = await postForm(path, { direction: 'deduct', amount: '8', reason: 'Bath', allowNegative: '1' }, { cookie: staff.cookie });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(errorAt(html, 'amount')).toContain('below zero: it is $5.00. Only an owner can allow a negative balance.');
    expect(html).not.toContain('name="allowNegative"');
    expect(await entriesOf(client.id)).toHaveLength(1);
    const ownerRefused = await postForm(path, { direction: 'deduct', amount: '8', reason: 'Bath' }, { cookie: owner.cookie });
    expect(ownerRefused.status).toBe(409);
    expect(await ownerRefused.text()).toContain('name="allowNegative"');
    const allowed = await postForm(path, { direction: 'deduct', amount: '8', reason: 'Bath', allowNegative: '1' }, { cookie: owner.cookie });
    expect(allowed.status).toBe(303);
    expect((await entriesOf(client.id)).reduce((sum, e) => sum + e.amountMinor, 0)).toBe(-300);
  });

  it('spends the credit once when two deductions of the whole balance are sent at the same moment', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const a = await member(business.id, 'staff');
    const b = await member(business.id, 'staff');
    const path = `/manage/${business.id}/clients/${client.id}/credit`;
    expect((await postForm(path, { direction: 'add', amount: '20', reason: 'Prepaid' }, { cookie: a.cookie })).status).toBe(303);
    const answers = await Promise.all(
      [a, b, a, b].map((m, i) => postForm(path, { direction: 'deduct', amount: '20', reason: `Spent ${i}` }, { cookie: m.cookie })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([303, 409, 409, 409]);
    expect((await entriesOf(client.id)).reduce((sum, e) => sum + e.amountMinor, 0)).toBe(0);
  });

  it('saves one entry for a double tap, a resend after Back or a second window of the same form (its key)', async () => {
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const { cookie } = await member(business.id, 'staff');
    const path = `/manage/${business.id}/clients/${client.id}/credit`;
    const key = /name="key" value="([A-Za-z0-9_-]+)"/.exec(await (await get(path, { cookie })).text())?.[1];
    expect(key).toBeTruthy();
    const form = { key: key!, direction: 'add', amount: '15', reason: 'Goodwill' };
    const taps = await Promise.all([postForm(path, form, { cookie }), postForm(path, form, { cookie })]);
    expect(taps.map((r) => r.status)).toEqual([303, 303]);
    expect((await postForm(path, form, { cookie })).status).toBe(303); // Back, then Save again
    const rows = await entriesOf(client.id);
    expect(rows.map((r) => r.amountMinor)).toEqual([1500]);
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, business.id));
    expect(audit).toHaveLength(1);
    // A fresh form (a new key) is a new entry.
    const next = /name="key" value="([A-Za-z0-9_-]+)"/.exec(await (await get(path, { cookie })).text())?.[1];
    expect(next).not.toBe(key);
    expect((await postForm(path, { ...form, key: next! }, { cookie })).status).toBe(303);
    expect(await entriesOf(client.id)).toHaveLength(2);
  });

  it('is 404 for another business’s client', async () => {
    const business = await createBusiness();
    const other = await createBusiness();
    const client = await createClientRecord(other.id);
    const { cookie } = await member(business.id, 'owner');
    expect((await get(`/manage/${business.id}/clients/${client.id}/credit`, { cookie })).status).toBe(404);
    expect((await postForm(`/manage/${business.id}/clients/${client.id}/credit`, { direction: 'add', amount: '5', reason: 'x' }, { cookie })).status).toBe(404);
    expect(await entriesOf(client.id)).toHaveLength(0);
  });
});
