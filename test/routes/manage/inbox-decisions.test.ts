/**
 * The inbox's other decisions through the real Worker, booking lock and libSQL: moving a
 * request to the waitlist (its places freed for others), confirming a waitlisted request when
 * a place is free (and 409 when there is none), giving an "any groomer" request another
 * groomer on confirm (the groomer's slots move with it; a busy groomer is refused), and an
 * integration API key's decisions in the audit log.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { newId } from '../../../src/domain/ids';
import { apiKeyHash, newApiKey } from '../../../src/domain/api-key';
import { db } from '../../helpers/factories';
import { bookingParent, localDate, localTime } from '../../helpers/booking-factories';
import { appointmentsOf, groomingChoice, reviewForm, setup, submit, type Pairs, type Setup } from '../../helpers/booking-flow';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';
import { SELF } from 'cloudflare:test';

function daycare(s: Setup, day: string): Pairs {
  return [
    ['type', 'daycare'],
    ['pet', s.rex.id],
    [`service.${s.rex.id}`, s.ids.daycare],
    ['day', day],
    ['dropoff', '08:00'],
    ['pickup', '16:00'],
  ];
}

async function book(s: Setup, choice: Pairs) {
  const review = await reviewForm(s, choice);
  expect((await submit(s, review.fields)).status).toBe(303);
  const mine = await appointmentsOf(s.client.id);
  return mine[mine.length - 1]!;
}

async function claimsOf(appointmentId: string) {
  return db.select().from(schema.capacityClaims).where(eq(schema.capacityClaims.appointmentId, appointmentId));
}

async function deskOf(s: Setup) {
  const staff = await createStaffAccount({ businessId: s.business.id, role: 'staff', name: 'Casey Desk' });
  return { staff, ...(await staffSignedIn(staff.id)) };
}

describe('move to the waitlist, and confirm from it', () => {
  it('a requested daycare day goes to the waitlist: places freed, parent told, audit row; then confirmed back when the place is free', async () => {
    const s = await setup();
    const day = localDate(6);
    const mine = await book(s, daycare(s, day));
    expect((await claimsOf(mine.id)).some((c) => c.resource === `daycare:${day}`)).toBe(true);
    const { cookie } = await deskOf(s);
    const inbox = await (await get(`/manage/${s.business.id}/inbox`, { cookie })).text();
    expect(inbox).toContain(`action="/manage/${s.business.id}/requests/${mine.id}/waitlist"`);
    expect(inbox).toMatch(/Daycare [^<]*: 1 of 2 places taken, 1 free/);

    const res = await postForm(`/manage/${s.business.id}/requests/${mine.id}/waitlist`, {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${s.business.id}/inbox?done=waitlist`);
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('waitlisted');
    expect(await claimsOf(mine.id)).toEqual([]);
    const texts = await db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, s.client.phoneE164));
    expect(texts.some((t) => t.body.includes('on the waitlist'))).toBe(true);
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id));
    expect(audit.map((a) => a.action)).toEqual(['request.waitlist']);

    // Twice (a double tap, a second window): 409, nothing changed.
    const again = await postForm(`/manage/${s.business.id}/requests/${mine.id}/waitlist`, {}, { cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This request is already on the waitlist.');

    const page = await (await get(`/manage/${s.business.id}/inbox`, { cookie })).text();
    expect(page).toContain('Confirm (takes a place)');
    expect(page).toMatch(/0 of 2 places taken, 2 free \(room for this request\)/);
    const confirm = await postForm(`/manage/${s.business.id}/requests/${mine.id}/confirm`, {}, { cookie });
    expect(confirm.status).toBe(303);
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('confirmed');
    expect((await claimsOf(mine.id)).map((c) => c.resource)).toEqual([`daycare:${day}`]);
  });

  it('confirming a waitlisted request with no free place answers 409 and keeps it waitlisted with no place', async () => {
    const s = await setup();
    const day = localDate(7);
    for (let i = 0; i < 2; i++) {
      const other = await bookingParent(s.business.id);
      await book({ ...s, ...other }, daycare({ ...s, ...other }, day));
    }
    const mine = await book(s, daycare(s, day));
    expect(mine.status).toBe('waitlisted');
    const { cookie } = await deskOf(s);
    const page = await (await get(`/manage/${s.business.id}/inbox`, { cookie })).text();
    expect(page).toMatch(/2 of 2 places taken, 0 free \(not enough for this request\)/);
    const res = await postForm(`/manage/${s.business.id}/requests/${mine.id}/confirm`, {}, { cookie });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('There is no free place for this request any more. It stays as it is.');
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('waitlisted');
    expect(await claimsOf(mine.id)).toEqual([]);
    const all = await db
      .select()
      .from(schema.capacityClaims)
      .where(and(eq(schema.capacityClaims.businessId, s.business.id), eq(schema.capacityClaims.resource, `daycare:${day}`)));
    expect(all).toHaveLength(2);
  });
});

describe('confirming an "any groomer" request with another groomer', () => {
  async function anyGroomerNailTrim(s: Setup, start: number) {
    const mine = await book(s, [
      ['type', 'grooming'],
      ['pet', s.rex.id],
      [`service.${s.rex.id}`, s.ids.nailTrim],
      ['start', String(start)],
    ]);
    const [line] = await db
      .select()
      .from(schema.appointmentServices)
      .innerJoin(schema.appointmentPets, eq(schema.appointmentPets.id, schema.appointmentServices.appointmentPetId))
      .where(eq(schema.appointmentPets.appointmentId, mine.id));
    return { mine, line: line!.appointment_services, appointmentPetId: line!.appointment_pets.id };
  }

  it('offers a groomer select, moves the line and its slots to the chosen groomer, and says so in the audit log', async () => {
    const s = await setup();
    const { mine, line, appointmentPetId } = await anyGroomerNailTrim(s, localTime(3, '10:00'));
    expect(line.staffRequested).toBe(false);
    const other = line.staffId === s.ids.robin ? s.ids.nailsOnly : s.ids.robin;
    const { cookie } = await deskOf(s);
    const page = await (await get(`/manage/${s.business.id}/inbox`, { cookie })).text();
    expect(page).toContain(`<label for="groomer-${appointmentPetId}">Groomer for Rex</label>`);

    const res = await postForm(`/manage/${s.business.id}/requests/${mine.id}/confirm`, { [`groomer:${appointmentPetId}`]: other }, { cookie });
    expect(res.status).toBe(303);
    const [after] = await db.select().from(schema.appointmentServices).where(eq(schema.appointmentServices.id, line.id));
    expect(after!.staffId).toBe(other);
    const staffClaims = (await claimsOf(mine.id)).filter((c) => c.resource.startsWith('staff:'));
    expect(staffClaims.length).toBeGreaterThan(0);
    expect(staffClaims.every((c) => c.resource.startsWith(`staff:${other}:`))).toBe(true);
    expect((await claimsOf(mine.id)).some((c) => c.resource.startsWith('client:'))).toBe(true);
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('confirmed');
    const [audit] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id));
    expect(audit).toMatchObject({ action: 'request.confirm', detail: expect.stringMatching(/^groomer: (Robin|Nell)$/) });
  });

  it('refuses a groomer busy at that time (409, nothing changed) and a staff id not of this business (422)', async () => {
    const s = await setup();
    const start = localTime(4, '11:00');
    const first = await anyGroomerNailTrim(s, start);
    const other = await bookingParent(s.business.id);
    const second = await anyGroomerNailTrim({ ...s, ...other }, start);
    // Both groomers are now busy at 11:00: one with each request.
    expect(second.line.staffId).not.toBe(first.line.staffId);
    const { cookie } = await deskOf(s);
    const before = await claimsOf(first.mine.id);
    const busy = await postForm(
      `/manage/${s.business.id}/requests/${first.mine.id}/confirm`,
      { [`groomer:${first.appointmentPetId}`]: second.line.staffId! },
      { cookie },
    );
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain('That groomer is busy at this time.');
    expect(await claimsOf(first.mine.id)).toEqual(before);
    const [line] = await db.select().from(schema.appointmentServices).where(eq(schema.appointmentServices.id, first.line.id));
    expect(line!.staffId).toBe(first.line.staffId);

    const stranger = await setup();
    const foreign = await postForm(
      `/manage/${s.business.id}/requests/${first.mine.id}/confirm`,
      { [`groomer:${first.appointmentPetId}`]: stranger.ids.robin },
      { cookie },
    );
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain('Choose a groomer from the list.');
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('requested');
  });
});

describe('the integration API', () => {
  it('writes an API key decision to the audit log, naming the key, and can waitlist', async () => {
    const s = await setup();
    const mine = await book(s, groomingChoice(s, localTime(2, '10:00')));
    const { key, prefix } = newApiKey();
    await db
      .insert(schema.apiKeys)
      .values({ id: newId('key'), businessId: s.business.id, name: 'Front desk tablet', prefix, keyHash: await apiKeyHash(key), createdAt: new Date() });
    const res = await SELF.fetch(`https://pawtal.test/staff/appointments/${mine.id}/waitlist`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', newStatus: 'waitlisted' });
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.businessId, s.business.id), eq(schema.auditLog.recordId, mine.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffAccountId: null, action: 'request.waitlist', detail: `API key ${prefix}…` });
  });
});

describe('the parent’s text in their language', () => {
  const textsOf = (phone: string) => db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, phone));

  it('a business whose text language is Spanish texts the decision in Spanish', async () => {
    const s = await setup();
    const mine = await book(s, daycare(s, localDate(8)));
    await db.update(schema.businesses).set({ textLanguage: 'es' }).where(eq(schema.businesses.id, s.business.id));
    const { cookie } = await deskOf(s);
    expect((await postForm(`/manage/${s.business.id}/requests/${mine.id}/waitlist`, {}, { cookie })).status).toBe(303);
    const texts = await textsOf(s.client.phoneE164);
    const text = texts.find((t) => t.body.includes(`/appointments/${mine.id}`));
    expect(text!.body).toContain('puso en lista de espera su solicitud de guardería para el ');
    expect(text!.body).toContain(`Detalles: https://pawtal.test/c/${s.client.id}/appointments/${mine.id}`);
    expect(text!.body).not.toContain('on the waitlist');
  });

  it('the parent’s own language (Spanish) wins over the business’s (English)', async () => {
    const s = await setup();
    const mine = await book(s, daycare(s, localDate(9)));
    await db.update(schema.portalAccounts).set({ language: 'es' }).where(eq(schema.portalAccounts.phoneE164, s.client.phoneE164));
    const { cookie } = await deskOf(s);
    expect((await postForm(`/manage/${s.business.id}/requests/${mine.id}/decline`, { reason: 'Sin lugar ese día' }, { cookie })).status).toBe(303);
    const text = (await textsOf(s.client.phoneE164)).find((t) => t.body.includes(`/appointments/${mine.id}`));
    expect(text!.body).toMatch(/no pudo aceptar su solicitud de guardería para el .+ \(Sin lugar ese día\)\. Detalles: /);
    expect(text!.body).not.toContain('could not accept');
  });
});
