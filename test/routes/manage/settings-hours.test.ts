/**
 * The owner's "Hours and closures" page through the real Worker and database: each form seen
 * and saved (with its audit row), each bad field refused at the field with what was typed kept
 * and nothing saved, a change that would leave a confirmed visit outside the hours (or on a
 * closed day) refused with the list unless the owner keeps it, staff 403, and a service type's
 * own hours changing what a parent can book.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { CLOSED_DATE_MESSAGES, HOURS_MESSAGES, WINDOW_MESSAGES } from '../../../src/domain/opening-hours-form';
import { createAppointment, db } from '../../helpers/factories';
import { localDate, localTime } from '../../helpers/booking-factories';
import { query, setup, type Setup } from '../../helpers/booking-flow';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function owner(businessId: string) {
  const account = await createStaffAccount({ businessId, role: 'owner' });
  return { account, ...(await staffSignedIn(account.id)) };
}

const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const errorAt = (id: string, message: string) => `<p class="error" id="${id}-error" role="alert">${escaped(message)}</p>`;

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The hours form for one scope: `days[weekday]` = its periods; the other days empty. */
function hoursForm(scope: string, days: Record<number, [string, string][]>, extra: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = { scope, ...extra };
  for (let weekday = 0; weekday < 7; weekday++) {
    (days[weekday] ?? []).forEach(([opens, closes], i) => {
      fields[`opens.${weekday}.${i}`] = opens;
      fields[`closes.${weekday}.${i}`] = closes;
    });
  }
  return fields;
}

/** Every day 08:00–18:00, as createBookableBusiness stores it. */
const everyDay = (opens = '08:00', closes = '18:00'): Record<number, [string, string][]> =>
  Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [[opens, closes]]]));

function hoursOf(businessId: string) {
  return db.select().from(schema.businessHours).where(eq(schema.businessHours.businessId, businessId));
}

function auditOf(businessId: string, action: string) {
  return db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.businessId, businessId), eq(schema.auditLog.action, action)));
}

function closedOf(businessId: string) {
  return db.select().from(schema.closedDates).where(eq(schema.closedDates.businessId, businessId));
}

function windowsOf(businessId: string) {
  return db.select().from(schema.serviceWindows).where(eq(schema.serviceWindows.businessId, businessId));
}

/** A confirmed groom for the setup's client, `days` from today at 10:00–11:00 local. */
function confirmedGroom(s: Setup, days: number) {
  return createAppointment({
    client: s.client,
    pets: [s.rex],
    serviceType: 'grooming',
    status: 'confirmed',
    startsAt: new Date(localTime(days, '10:00')),
    endsAt: new Date(localTime(days, '11:00')),
  });
}

const hoursPath = (s: Setup) => `/manage/${s.business.id}/settings/hours`;

describe('GET /manage/:businessId/settings/hours', () => {
  it('shows the owner the shared hours, the closed days and the windows in one round trip', async () => {
    const s = await setup();
    await db.insert(schema.closedDates).values({ businessId: s.business.id, date: localDate(9), reason: 'Staff training' });
    const { cookie } = await owner(s.business.id);
    const res = await get(hoursPath(s), { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
    const html = await res.text();
    expect(html).toContain('<label for="opens-1-0">Monday opens</label>');
    expect(html).toMatch(/id="opens-1-0" name="opens.1.0" type="time" value="08:00"/);
    expect(html).toMatch(/id="closes-0-0" name="closes.0.0" type="time" value="18:00"/);
    expect(html).toContain('Staff training');
    expect(html).toContain('8:00 AM–10:00 AM');
    expect(html).toContain('America/Los_Angeles');
    for (const id of ['closed-date', 'closed-reason', 'window-starts', 'window-ends', 'for']) expect(html).toContain(`<label for="${id}">`);
  });

  it('shows a service type’s own hours, with the shared hours each empty day falls back to', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const html = await (await get(`${hoursPath(s)}?for=grooming`, { cookie })).text();
    expect(html).toContain('Opening hours: Grooming');
    expect(html).toContain('<input type="hidden" name="scope" value="grooming"/>');
    expect(html).toMatch(/id="opens-1-0" name="opens.1.0" type="time" value=""/);
    expect(html).toContain('Shared hours: 08:00–18:00.');
  });

  it('answers 403 to a staff member', async () => {
    const s = await setup();
    const member = await createStaffAccount({ businessId: s.business.id, role: 'staff' });
    const { cookie } = await staffSignedIn(member.id);
    expect((await get(hoursPath(s), { cookie })).status).toBe(403);
  });
});

describe('POST /manage/:businessId/settings/hours', () => {
  it('replaces the shared hours with split periods, writes the audit row, and answers 303 to the page with a notice', async () => {
    const s = await setup();
    const { cookie, account } = await owner(s.business.id);
    const days = {
      ...everyDay(),
      1: [
        ['08:00', '12:00'],
        ['13:00', '18:00'],
      ] as [string, string][],
      0: [],
    };
    const res = await postForm(hoursPath(s), hoursForm('all', days), { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${hoursPath(s)}?for=all&done=hours`);
    const rows = await hoursOf(s.business.id);
    expect(rows).toHaveLength(7);
    expect(
      rows
        .filter((r) => r.weekday === 1)
        .map((r) => `${r.opens}-${r.closes}`)
        .sort(),
    ).toEqual(['08:00-12:00', '13:00-18:00']);
    expect(rows.some((r) => r.weekday === 0)).toBe(false);
    expect(rows.every((r) => r.serviceType === null)).toBe(true);
    const [audit] = await auditOf(s.business.id, 'settings.hours.update');
    expect(audit).toMatchObject({ staffAccountId: account.id, recordType: 'business_hours', recordId: 'all' });
    expect(audit!.detail).toContain('Mon 08:00–12:00, 13:00–18:00');
    const page = await (await get(res.headers.get('location')!, { cookie })).text();
    expect(page).toContain('Opening hours saved.');
  });

  it('saves a service type’s own hours without touching the shared ones', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    expect((await postForm(hoursPath(s), hoursForm('grooming', { 2: [['10:00', '14:00']] }), { cookie })).status).toBe(303);
    const rows = await hoursOf(s.business.id);
    expect(rows.filter((r) => r.serviceType === null)).toHaveLength(7);
    expect(rows.filter((r) => r.serviceType === 'grooming').map((r) => [r.weekday, r.opens, r.closes])).toEqual([[2, '10:00', '14:00']]);
  });

  describe('with a bad field', () => {
    it.each([
      [{ 'opens.1.0': '8am', 'closes.1.0': '18:00' }, 'opens-1-0', HOURS_MESSAGES.time, '8am'],
      [{ 'opens.1.0': '08:00', 'closes.1.0': '24:30' }, 'closes-1-0', HOURS_MESSAGES.time, '24:30'],
      [{ 'opens.1.0': '08:00', 'closes.1.0': '' }, 'closes-1-0', HOURS_MESSAGES.closesMissing, '08:00'],
      [{ 'opens.1.0': '18:00', 'closes.1.0': '08:00' }, 'closes-1-0', HOURS_MESSAGES.order, '18:00'],
      [
        { 'opens.1.0': '08:00', 'closes.1.0': '13:00', 'opens.1.1': '12:00', 'closes.1.1': '18:00' },
        'opens-1-1',
        'This overlaps 08:00–13:00 on Monday. Periods of one day may not overlap.',
        '12:00',
      ],
    ])('refuses %o with the message at %s (422), keeping what was typed, saving nothing', async (fields, id, message, kept) => {
      const s = await setup();
      const { cookie } = await owner(s.business.id);
      const before = await hoursOf(s.business.id);
      const res = await postForm(hoursPath(s), { scope: 'grooming', ...fields }, { cookie });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(errorAt(id, message));
      expect(html).toMatch(new RegExp(`id="${id}"[^>]*autofocus`));
      expect(html.match(/autofocus/g)).toHaveLength(1);
      expect(html).toContain(`value="${kept}"`);
      expect(await hoursOf(s.business.id)).toEqual(before);
      expect(await auditOf(s.business.id, 'settings.hours.update')).toHaveLength(0);
    });
  });

  describe('when it would leave a confirmed visit outside the hours', () => {
    it('refuses with the visit listed (client, time in the business zone, link to its day), saving nothing', async () => {
      const s = await setup();
      const visit = await confirmedGroom(s, 3);
      const day = localDate(3);
      const { cookie } = await owner(s.business.id);
      const days = { ...everyDay(), [weekdayOf(day)]: [['12:00', '18:00']] as [string, string][] };
      const res = await postForm(hoursPath(s), hoursForm('all', days), { cookie });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`id="affected-${visit.id}"`);
      expect(html).toContain(`<a href="/manage/${s.business.id}/schedule?day=${day}">Jo Booker</a>`);
      expect(html).toMatch(/10:00 – 11:00 AM P[DS]T/);
      expect(html).toContain('Keep the existing appointments');
      expect(html).toContain('value="12:00"');
      expect((await hoursOf(s.business.id)).filter((r) => r.weekday === weekdayOf(day)).map((r) => r.opens)).toEqual(['08:00']);
      expect(await auditOf(s.business.id, 'settings.hours.update')).toHaveLength(0);
    });

    it('refuses removing that weekday’s hours too, and a grooming-only change that leaves the groom out', async () => {
      const s = await setup();
      await confirmedGroom(s, 3);
      const wd = weekdayOf(localDate(3));
      const { cookie } = await owner(s.business.id);
      expect((await postForm(hoursPath(s), hoursForm('all', { ...everyDay(), [wd]: [] }), { cookie })).status).toBe(422);
      expect((await postForm(hoursPath(s), hoursForm('grooming', { [wd]: [['13:00', '17:00']] }), { cookie })).status).toBe(422);
      // Daycare's own hours that day do not concern a groom.
      expect((await postForm(hoursPath(s), hoursForm('daycare', { [wd]: [['13:00', '17:00']] }), { cookie })).status).toBe(303);
    });

    it('saves when the owner ticks “Keep the existing appointments”, saying so in the audit row', async () => {
      const s = await setup();
      await confirmedGroom(s, 3);
      const wd = weekdayOf(localDate(3));
      const { cookie } = await owner(s.business.id);
      const res = await postForm(hoursPath(s), hoursForm('all', { ...everyDay(), [wd]: [['12:00', '18:00']] }, { keep: '1' }), { cookie });
      expect(res.status).toBe(303);
      expect((await hoursOf(s.business.id)).filter((r) => r.weekday === wd).map((r) => r.opens)).toEqual(['12:00']);
      expect((await auditOf(s.business.id, 'settings.hours.update'))[0]!.detail).toContain('(1 appointments kept)');
    });

    it('does not count a canceled visit', async () => {
      const s = await setup();
      await createAppointment({
        client: s.client,
        pets: [s.rex],
        status: 'canceled',
        cancelReason: 'Changed plans',
        startsAt: new Date(localTime(3, '10:00')),
        endsAt: new Date(localTime(3, '11:00')),
      });
      const { cookie } = await owner(s.business.id);
      expect((await postForm(hoursPath(s), hoursForm('all', { ...everyDay(), [weekdayOf(localDate(3))]: [] }), { cookie })).status).toBe(303);
    });
  });

  it('answers 403 to a staff member and saves nothing', async () => {
    const s = await setup();
    const member = await createStaffAccount({ businessId: s.business.id, role: 'staff' });
    const { cookie } = await staffSignedIn(member.id);
    const res = await postForm(hoursPath(s), hoursForm('all', { 1: [['10:00', '11:00']] }), { cookie });
    expect(res.status).toBe(403);
    expect(await hoursOf(s.business.id)).toHaveLength(7);
    expect(await auditOf(s.business.id, 'settings.hours.update')).toHaveLength(0);
  });
});

describe('a service type’s own hours in the parent’s booking', () => {
  it('offers grooming starts only within grooming’s own hours that day, and daycare keeps the shared day', async () => {
    const s = await setup();
    const date = localDate(3);
    const { cookie } = await owner(s.business.id);
    const groomingTimes = async () =>
      (
        await get(
          `/c/${s.client.id}/book?${query([
            ['type', 'grooming'],
            ['pet', s.rex.id],
            [`service.${s.rex.id}`, s.ids.fullGroom],
            ['date', date],
            ['step', 'time'],
          ])}`,
          { cookie: s.cookie },
        )
      ).text();
    expect(await groomingTimes()).toContain(`value="${localTime(3, '09:00')}"`);
    expect((await postForm(hoursPath(s), hoursForm('grooming', { [weekdayOf(date)]: [['13:00', '15:00']] }), { cookie })).status).toBe(303);
    const html = await groomingTimes();
    expect(html).not.toContain(`value="${localTime(3, '09:00')}"`);
    expect(html).toContain(`value="${localTime(3, '13:00')}"`);
    expect(html).toContain(`value="${localTime(3, '14:00')}"`);
    expect(html).not.toContain(`value="${localTime(3, '14:30')}"`);
    // Daycare still drops off at 08:00 that day (the shared hours).
    const daycare = await get(
      `/c/${s.client.id}/book?${query([
        ['type', 'daycare'],
        ['pet', s.rex.id],
        [`service.${s.rex.id}`, s.ids.daycare],
        ['day', date],
        ['dropoff', '08:00'],
        ['pickup', '16:00'],
        ['step', 'notes'],
      ])}`,
      { cookie: s.cookie },
    );
    expect(daycare.status).toBe(200);
  });
});

describe('POST /manage/:businessId/settings/hours/closed-dates', () => {
  it('closes a day with the reason parents see, writes the audit row, answers 303 with a notice', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const date = localDate(12);
    const res = await postForm(`${hoursPath(s)}/closed-dates`, { date, reason: 'Christmas Day' }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${hoursPath(s)}?done=closed`);
    expect(await closedOf(s.business.id)).toEqual([{ businessId: s.business.id, date, reason: 'Christmas Day' }]);
    expect(await auditOf(s.business.id, 'settings.closed_date.add')).toMatchObject([{ recordType: 'closed_date', recordId: date, detail: 'Christmas Day' }]);
    const page = await (await get(res.headers.get('location')!, { cookie })).text();
    expect(page).toContain('Day closed.');
    expect(page).toContain(`id="closed-${date}"`);
  });

  describe('with a bad field', () => {
    it.each([
      [{ date: '2026-02-30', reason: 'x' }, 'closed-date', CLOSED_DATE_MESSAGES.date, '2026-02-30'],
      [{ date: 'next friday', reason: 'x' }, 'closed-date', CLOSED_DATE_MESSAGES.date, 'next friday'],
      [{ date: localDate(-1), reason: 'x' }, 'closed-date', CLOSED_DATE_MESSAGES.past, localDate(-1)],
      [{ date: localDate(5), reason: 'r'.repeat(201) }, 'closed-reason', CLOSED_DATE_MESSAGES.reasonLength, 'r'.repeat(201)],
    ])('refuses %o at %s (422), keeping what was typed, saving nothing', async (fields, id, message, kept) => {
      const s = await setup();
      const { cookie } = await owner(s.business.id);
      const res = await postForm(`${hoursPath(s)}/closed-dates`, fields, { cookie });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(errorAt(id, message));
      expect(html).toContain(kept);
      expect(await closedOf(s.business.id)).toEqual([]);
      expect(await auditOf(s.business.id, 'settings.closed_date.add')).toHaveLength(0);
    });

    it('refuses a day already closed', async () => {
      const s = await setup();
      const { cookie } = await owner(s.business.id);
      await db.insert(schema.closedDates).values({ businessId: s.business.id, date: localDate(4), reason: 'Inventory' });
      const res = await postForm(`${hoursPath(s)}/closed-dates`, { date: localDate(4), reason: 'Again' }, { cookie });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(errorAt('closed-date', CLOSED_DATE_MESSAGES.already));
      expect(await closedOf(s.business.id)).toMatchObject([{ reason: 'Inventory' }]);
    });
  });

  it('refuses a day with a confirmed visit, listing it; closes it when the owner keeps the appointments', async () => {
    const s = await setup();
    const visit = await confirmedGroom(s, 3);
    const date = localDate(3);
    const { cookie } = await owner(s.business.id);
    const refused = await postForm(`${hoursPath(s)}/closed-dates`, { date, reason: 'Flood' }, { cookie });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(`id="affected-${visit.id}"`);
    expect(html).toContain(`<a href="/manage/${s.business.id}/schedule?day=${date}">Jo Booker</a>`);
    expect(html).toContain('value="Flood"');
    expect(await closedOf(s.business.id)).toEqual([]);
    const kept = await postForm(`${hoursPath(s)}/closed-dates`, { date, reason: 'Flood', keep: '1' }, { cookie });
    expect(kept.status).toBe(303);
    expect(await closedOf(s.business.id)).toMatchObject([{ date, reason: 'Flood' }]);
    expect((await auditOf(s.business.id, 'settings.closed_date.add'))[0]!.detail).toBe('Flood (existing appointments kept)');
  });

  it('reopens a closed day with its audit row', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    await db.insert(schema.closedDates).values({ businessId: s.business.id, date: localDate(4), reason: 'Inventory' });
    const res = await postForm(`${hoursPath(s)}/closed-dates/remove`, { date: localDate(4) }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${hoursPath(s)}?done=reopened`);
    expect(await closedOf(s.business.id)).toEqual([]);
    expect(await auditOf(s.business.id, 'settings.closed_date.remove')).toMatchObject([{ recordId: localDate(4) }]);
  });

  it('answers 403 to a staff member and closes nothing', async () => {
    const s = await setup();
    const member = await createStaffAccount({ businessId: s.business.id, role: 'staff' });
    const { cookie } = await staffSignedIn(member.id);
    expect((await postForm(`${hoursPath(s)}/closed-dates`, { date: localDate(5), reason: 'x' }, { cookie })).status).toBe(403);
    expect(await closedOf(s.business.id)).toEqual([]);
  });
});

describe('POST /manage/:businessId/settings/hours/windows', () => {
  it('adds a window and removes one, each with its audit row', async () => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const added = await postForm(`${hoursPath(s)}/windows`, { kind: 'pick_up', starts: '12:00', ends: '13:00' }, { cookie });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`${hoursPath(s)}?done=window`);
    const windows = await windowsOf(s.business.id);
    const lunch = windows.find((w) => w.starts === '12:00')!;
    expect(lunch).toMatchObject({ kind: 'pick_up', ends: '13:00' });
    expect(await auditOf(s.business.id, 'settings.window.add')).toMatchObject([{ recordId: lunch.id }]);
    const page = await (await get(`${hoursPath(s)}?done=window`, { cookie })).text();
    expect(page).toContain('Window added.');
    expect(page).toContain('12:00 PM–1:00 PM');
    const removed = await postForm(`${hoursPath(s)}/windows/remove`, { id: lunch.id }, { cookie });
    expect(removed.status).toBe(303);
    expect((await windowsOf(s.business.id)).map((w) => w.id)).not.toContain(lunch.id);
    expect(await auditOf(s.business.id, 'settings.window.remove')).toMatchObject([{ recordId: lunch.id }]);
  });

  it.each([
    [{ kind: 'lunch', starts: '12:00', ends: '13:00' }, 'window-kind', WINDOW_MESSAGES.kind],
    [{ kind: 'drop_off', starts: 'noon', ends: '13:00' }, 'window-starts', HOURS_MESSAGES.time],
    [{ kind: 'drop_off', starts: '12:00', ends: '11:00' }, 'window-ends', WINDOW_MESSAGES.order],
    [
      { kind: 'drop_off', starts: '08:00', ends: '09:00' },
      'window-starts',
      'A drop-off window already starts at 08:00. Remove it first, or choose another time.',
    ],
  ])('refuses %o at %s (422), saving nothing', async (fields, id, message) => {
    const s = await setup();
    const { cookie } = await owner(s.business.id);
    const res = await postForm(`${hoursPath(s)}/windows`, fields, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(errorAt(id, message));
    expect(html).toContain(`value="${fields.starts}"`);
    expect(await windowsOf(s.business.id)).toHaveLength(2);
    expect(await auditOf(s.business.id, 'settings.window.add')).toHaveLength(0);
  });

  it('does not remove another business’s window', async () => {
    const s = await setup();
    const other = await setup();
    const [theirs] = await windowsOf(other.business.id);
    const { cookie } = await owner(s.business.id);
    const res = await postForm(`${hoursPath(s)}/windows/remove`, { id: theirs!.id }, { cookie });
    expect(res.headers.get('location')).toBe(`${hoursPath(s)}?done=unchanged`);
    expect(await windowsOf(other.business.id)).toHaveLength(2);
    expect(await auditOf(s.business.id, 'settings.window.remove')).toHaveLength(0);
  });
});
