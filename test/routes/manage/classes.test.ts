/**
 * Group classes in the console through the real Worker and database: creating a class, adding
 * and removing sessions (times on the business's wall clock), enrolling and unenrolling pets with
 * the class's places enforced in the INSERT (also when many enrolments arrive at once), the
 * tablet attendance sheet (without JS, with htmx, under double taps), submission keys, audit
 * rows, refusals at the field, tenancy (foreign class, session and enrolment ids are 404), and
 * the parent's /classes page showing what staff set up — only when group classes are on.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { addDays, localDateString } from '../../../src/domain/time';
import { createBusiness, createClientRecord, createPet, db, signedInAs } from '../../helpers/factories';
import { get, postForm, type RequestOptions } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

const TZ = 'America/Los_Angeles';
const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];
const keyIn = (html: string, action: string) =>
  new RegExp(`action="${action.replace(/[/]/g, '\\/')}"[^>]*>(?:(?!</form>)[\\s\\S])*?name="key" value="([a-z2-7]+)"`).exec(html)?.[1];
const localDay = (days: number) => addDays(localDateString(Date.now(), TZ), days);
const partial: RequestOptions['headers'] = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

async function desk(overrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness({ groupClassesEnabled: true, timeZone: TZ, ...overrides });
  const account = await createStaffAccount({ businessId: business.id, role: 'staff', name: 'Dee Desk' });
  const { cookie } = await staffSignedIn(account.id);
  return { business, account, cookie, base: `/manage/${business.id}/classes` };
}

async function newClass(base: string, cookie: string, form: Record<string, string> = {}) {
  const res = await postForm(base, { name: 'Puppy Manners', description: 'Sit, stay and come.', capacity: '4', ...form }, { cookie });
  expect(res.status).toBe(303);
  const id = /\/classes\/(cls_[a-z0-9_]+)\?done=class-added$/.exec(res.headers.get('location') ?? '')?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/** Adds a session through the class page's form (its key is the new session's id) and returns its row. */
async function addSession(classPath: string, cookie: string, date: string, starts = '18:00', ends = '19:00') {
  const key = keyIn(await (await get(classPath, { cookie })).text(), `${classPath}/sessions`);
  const res = await postForm(`${classPath}/sessions`, { key: key!, date, starts, ends }, { cookie });
  expect(res.status).toBe(303);
  const [row] = await db
    .select()
    .from(schema.classSessions)
    .where(eq(schema.classSessions.id, `csn_${key}`));
  return row!;
}

const enrollmentsOf = (classId: string) => db.select().from(schema.classEnrollments).where(eq(schema.classEnrollments.classId, classId));
const auditOf = (businessId: string) => db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));

describe('/manage/:businessId/classes', () => {
  it('creates a class, adds sessions in the business’s zone, enrolls a pet, marks attendance — and the parent sees it all', async () => {
    const { business, cookie, base } = await desk();
    const client = await createClientRecord(business.id, { firstName: 'Jamie', lastName: 'Rivera' });
    const pet = await createPet(client, { name: 'Biscuit' });
    expect(await (await get(base, { cookie })).text()).toContain('No classes yet.');

    const classId = await newClass(base, cookie);
    const classPath = `${base}/${classId}`;
    const klass = await db.select().from(schema.groupClasses).where(eq(schema.groupClasses.id, classId));
    expect(klass.map((k) => [k.businessId, k.name, k.description, k.capacity])).toEqual([[business.id, 'Puppy Manners', 'Sit, stay and come.', 4]]);

    const past = await addSession(classPath, cookie, localDay(-2));
    const nextDate = '2027-07-01'; // summer time in Seattle: 18:00 PDT = 01:00Z the next day
    const next = await addSession(classPath, cookie, nextDate);
    expect(next.startsAt.getTime()).toBe(Date.UTC(2027, 6, 2, 1, 0));
    expect(next.endsAt.getTime()).toBe(Date.UTC(2027, 6, 2, 2, 0));
    await addSession(classPath, cookie, '2027-07-08');

    const classPage = await (await get(classPath, { cookie })).text();
    expect(classPage).toContain(`value="${pet.id}"`);
    expect(classPage).toContain('Biscuit · Jamie Rivera');
    expect(classPage).toContain('PDT');
    const enrol = await postForm(`${classPath}/enrollments`, { pet: pet.id }, { cookie });
    expect(enrol.status).toBe(303);
    expect(enrol.headers.get('location')).toBe(`${classPath}?done=enrolled`);
    const [enrollment] = await enrollmentsOf(classId);
    expect(enrollment).toMatchObject({ petId: pet.id, clientId: client.id, businessId: business.id });

    const oneTrip = /db;dur=[\d.]+;desc="1 round trip"/;
    for (const path of [base, classPath, `${classPath}/sessions/${past.id}`])
      expect((await get(path, { cookie })).headers.get('server-timing')).toMatch(oneTrip);
    const list = await (await get(base, { cookie })).text();
    expect(list).toContain('Puppy Manners');
    expect(list).toContain('Sit, stay and come.');
    expect(list).toMatch(/<dt>Enrolled<\/dt><dd>1 of 4 places taken<\/dd>/);
    expect(list).toMatch(/<dt>Sessions<\/dt><dd>3 sessions<\/dd>/);
    expect(list).toMatch(/<dt>Next session<\/dt><dd>Thu, Jul 1, 2027, 6:00 PM PDT<\/dd>/);

    const sessionPath = `${classPath}/sessions/${past.id}`;
    expect(await (await get(classPath, { cookie })).text()).toContain(`<a class="button secondary" href="${sessionPath}">Attendance</a>`);
    const sheet = await (await get(sessionPath, { cookie })).text();
    expect(sheet).toContain('Mark Biscuit present');
    const mark = await postForm(`${sessionPath}/attendance`, { enrollment: enrollment!.id, present: '1' }, { cookie });
    expect(mark.status).toBe(303);
    expect(mark.headers.get('location')).toBe(`${sessionPath}#att-${enrollment!.id}`);
    expect(await (await get(sessionPath, { cookie })).text()).toContain('Mark Biscuit absent');

    const parent = await signedInAs(client.phoneE164);
    const portal = await (await get(`/c/${client.id}/classes`, { cookie: parent.cookie })).text();
    expect(portal).toContain('Puppy Manners · Biscuit');
    expect(portal).toMatch(/<dt>Attended<\/dt><dd>1 session<\/dd>/);
    expect(portal).toMatch(/<dt>Remaining<\/dt><dd>2 sessions<\/dd>/);
    expect(portal).toMatch(/<dt>Next session<\/dt><dd>Thu, Jul 1, 2027, 6:00[^<]*7:00[^<]*PM PDT<\/dd>/);

    const audit = await auditOf(business.id);
    expect(audit.map((a) => a.action).sort()).toEqual([
      'class.add',
      'class.attendance.present',
      'class.enroll',
      'class.session.add',
      'class.session.add',
      'class.session.add',
    ]);
  });

  it.each([
    [{ name: '' }, 'name', 'Enter the class’s name'],
    [{ capacity: '0' }, 'capacity', 'at least 1 pet'],
    [{ capacity: 'lots' }, 'capacity', 'whole number'],
    [{ capacity: '' }, 'capacity', 'how many pets'],
  ])('refuses a class with %j at the %s field (422), saving nothing', async (over, fieldId, words) => {
    const { business, cookie, base } = await desk();
    const res = await postForm(base, { name: 'Agility', description: '', capacity: '6', ...over }, { cookie });
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), fieldId)).toContain(words);
    expect(await db.select().from(schema.groupClasses).where(eq(schema.groupClasses.businessId, business.id))).toHaveLength(0);
  });

  it.each([
    [{ date: '2027-02-30' }, 'date', 'real date'],
    [{ date: '' }, 'date', 'Enter the session’s date'],
    [{ ends: '18:00' }, 'ends', 'end time must be after the start time'],
    [{ ends: '17:00' }, 'ends', 'end time must be after the start time'],
    [{ starts: '7pm' }, 'starts', '24-hour clock'],
    [{ date: '2027-03-14', starts: '02:30', ends: '03:30' }, 'starts', 'clocks go forward'],
  ])('refuses a session with %j at the %s field (422), saving nothing', async (over, fieldId, words) => {
    const { cookie, base } = await desk();
    const classId = await newClass(base, cookie);
    const res = await postForm(`${base}/${classId}/sessions`, { date: '2027-01-10', starts: '18:00', ends: '19:00', ...over }, { cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, fieldId)).toContain(words);
    expect(html).toContain(`value="${(over as { starts?: string }).starts ?? '18:00'}"`); // what was typed is kept
    expect(await db.select().from(schema.classSessions).where(eq(schema.classSessions.classId, classId))).toHaveLength(0);
  });

  it('refuses a full class, a pet already in it, another business’s pet and no pet, with clear words', async () => {
    const { business, cookie, base } = await desk();
    const classId = await newClass(base, cookie, { capacity: '1' });
    const path = `${base}/${classId}/enrollments`;
    const client = await createClientRecord(business.id);
    const biscuit = await createPet(client, { name: 'Biscuit' });
    const mochi = await createPet(client, { name: 'Mochi' });
    const other = await createBusiness();
    const stranger = await createPet(await createClientRecord(other.id), { name: 'Stranger' });

    const none = await postForm(path, { pet: '' }, { cookie });
    expect(none.status).toBe(422);
    expect(errorAt(await none.text(), 'pet')).toBe('Choose the pet to enroll.');
    const foreign = await postForm(path, { pet: stranger.id }, { cookie });
    expect(foreign.status).toBe(422);
    expect(errorAt(await foreign.text(), 'pet')).toContain('one of your clients’ pets');

    expect((await postForm(path, { pet: biscuit.id }, { cookie })).status).toBe(303);
    const again = await postForm(path, { pet: biscuit.id }, { cookie });
    expect(again.status).toBe(409);
    expect(errorAt(await again.text(), 'pet')).toBe('Biscuit is already in this class.');
    const full = await postForm(path, { pet: mochi.id }, { cookie });
    expect(full.status).toBe(409);
    const html = await full.text();
    expect(html).toContain('This class is full (1 of 1 place taken), so Mochi was not enrolled.');
    expect(html).toContain('id="class-full"');
    expect((await enrollmentsOf(classId)).map((e) => e.petId)).toEqual([biscuit.id]);
    expect((await auditOf(business.id)).filter((a) => a.action === 'class.enroll')).toHaveLength(1);
  });

  it('edits a class’s name, description and places — never to fewer places than pets enrolled', async () => {
    const { business, cookie, base } = await desk();
    const classId = await newClass(base, cookie, { capacity: '4' });
    const path = `${base}/${classId}`;
    const client = await createClientRecord(business.id);
    for (const name of ['Biscuit', 'Mochi']) {
      const pet = await createPet(client, { name });
      expect((await postForm(`${path}/enrollments`, { pet: pet.id }, { cookie })).status).toBe(303);
    }
    const page = await (await get(path, { cookie })).text();
    expect(page).toContain('id="edit-capacity" name="capacity" type="number" value="4"');

    const tooFew = await postForm(path, { name: 'Puppy Manners', description: '', capacity: '1' }, { cookie });
    expect(tooFew.status).toBe(409);
    expect(errorAt(await tooFew.text(), 'edit-capacity')).toBe('2 pets are enrolled, so the class needs at least 2 places. Unenroll pets first to take fewer.');
    const blank = await postForm(path, { name: '', description: '', capacity: '3' }, { cookie });
    expect(blank.status).toBe(422);
    expect(errorAt(await blank.text(), 'edit-name')).toContain('Enter the class’s name');

    const edit = { name: 'Puppy Manners II', description: 'Now with recall.', capacity: '2' };
    const saved = await Promise.all([postForm(path, edit, { cookie }), postForm(path, edit, { cookie })]);
    expect(saved.map((r) => r.status)).toEqual([303, 303]);
    expect(saved[0]!.headers.get('location')).toBe(`${path}?done=class-saved`);
    const [row] = await db.select().from(schema.groupClasses).where(eq(schema.groupClasses.id, classId));
    expect([row!.name, row!.description, row!.capacity]).toEqual(['Puppy Manners II', 'Now with recall.', 2]);
    expect((await auditOf(business.id)).filter((a) => a.action === 'class.update')).toHaveLength(1);
    const full = await postForm(`${path}/enrollments`, { pet: (await createPet(client, { name: 'Rex' })).id }, { cookie });
    expect(full.status).toBe(409);
  });

  it('takes exactly the places left when many enrolments arrive at once; the rest are told the class is full', async () => {
    const { business, cookie, base } = await desk();
    const classId = await newClass(base, cookie, { capacity: '3' });
    const path = `${base}/${classId}/enrollments`;
    const client = await createClientRecord(business.id);
    const first = await createPet(client, { name: 'First' });
    expect((await postForm(path, { pet: first.id }, { cookie })).status).toBe(303);
    const pets = await Promise.all(Array.from({ length: 6 }, (_, i) => createPet(client, { name: `Racer ${i}` })));
    const answers = await Promise.all(pets.map((p) => postForm(path, { pet: p.id }, { cookie })));
    expect(answers.map((r) => r.status).sort()).toEqual([303, 303, 409, 409, 409, 409]);
    for (const refused of answers.filter((r) => r.status === 409))
      expect(await refused.text()).toMatch(/This class is full \(3 of 3 places taken\), so Racer \d was not enrolled\./);
    expect(await enrollmentsOf(classId)).toHaveLength(3);
    expect((await auditOf(business.id)).filter((a) => a.action === 'class.enroll')).toHaveLength(3);
  });

  it('creates one class, one session and one enrolment for a double tap or a resend of the same form (its key)', async () => {
    const { business, cookie, base } = await desk();
    const listKey = keyIn(await (await get(base, { cookie })).text(), base);
    expect(listKey).toBeTruthy();
    const classForm = { key: listKey!, name: 'Agility', description: '', capacity: '5' };
    const taps = await Promise.all([postForm(base, classForm, { cookie }), postForm(base, classForm, { cookie })]);
    expect(taps.map((r) => r.status)).toEqual([303, 303]);
    expect(taps[0]!.headers.get('location')).toBe(taps[1]!.headers.get('location'));
    expect((await postForm(base, classForm, { cookie })).status).toBe(303); // Back, then Create again
    const classes = await db.select().from(schema.groupClasses).where(eq(schema.groupClasses.businessId, business.id));
    expect(classes).toHaveLength(1);
    const classPath = `${base}/${classes[0]!.id}`;

    const page = await (await get(classPath, { cookie })).text();
    const sessionForm = { key: keyIn(page, `${classPath}/sessions`)!, date: '2027-01-10', starts: '18:00', ends: '19:00' };
    const pet = await createPet(await createClientRecord(business.id));
    const enrolForm = { key: keyIn(page, `${classPath}/enrollments`)!, pet: pet.id };
    expect(sessionForm.key).toBeTruthy();
    expect(enrolForm.key).not.toBe(sessionForm.key);
    const more = await Promise.all([
      postForm(`${classPath}/sessions`, sessionForm, { cookie }),
      postForm(`${classPath}/sessions`, sessionForm, { cookie }),
      postForm(`${classPath}/enrollments`, enrolForm, { cookie }),
      postForm(`${classPath}/enrollments`, enrolForm, { cookie }),
    ]);
    expect(more.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    expect(await db.select().from(schema.classSessions).where(eq(schema.classSessions.classId, classes[0]!.id))).toHaveLength(1);
    expect(await enrollmentsOf(classes[0]!.id)).toHaveLength(1);
    expect((await auditOf(business.id)).map((a) => a.action).sort()).toEqual(['class.add', 'class.enroll', 'class.session.add']);
  });

  it('marks attendance from a tablet: big buttons, an htmx swap of the one row, double taps changing it once', async () => {
    const { business, cookie, base } = await desk();
    const classId = await newClass(base, cookie);
    const classPath = `${base}/${classId}`;
    const client = await createClientRecord(business.id, { firstName: 'Jamie', lastName: 'Rivera' });
    const pets = [await createPet(client, { name: 'Biscuit' }), await createPet(client, { name: 'Mochi' })];
    for (const p of pets) expect((await postForm(`${classPath}/enrollments`, { pet: p.id }, { cookie })).status).toBe(303);
    const [biscuit] = (await enrollmentsOf(classId)).filter((e) => e.petId === pets[0]!.id);
    const session = await addSession(classPath, cookie, localDay(-1));
    const sessionPath = `${classPath}/sessions/${session.id}`;
    const action = `${sessionPath}/attendance`;

    const sheet = await (await get(sessionPath, { cookie })).text();
    expect(sheet.match(/<li class="card" id="att-enr_/g)).toHaveLength(2);
    expect(sheet).toContain(`<form method="post" action="${action}" hx-post="${action}" hx-target="#att-${biscuit!.id}" hx-swap="outerHTML"`);

    const form = { enrollment: biscuit!.id, present: '1' };
    const taps = await Promise.all([1, 2, 3].map(() => postForm(action, form, { cookie, headers: partial })));
    expect(taps.map((r) => r.status)).toEqual([200, 200, 200]);
    const row = await taps[0]!.text();
    expect(row.startsWith(`<li class="card" id="att-${biscuit!.id}">`)).toBe(true);
    expect(row).not.toContain('<html');
    expect(row).toContain('Present');
    expect(row).toContain('Mark Biscuit absent');
    const attendance = () => db.select().from(schema.classAttendance).where(eq(schema.classAttendance.sessionId, session.id));
    expect(await attendance()).toEqual([{ enrollmentId: biscuit!.id, sessionId: session.id, businessId: business.id }]);

    const off = await Promise.all([1, 2].map(() => postForm(action, { ...form, present: '0' }, { cookie })));
    expect(off.map((r) => r.status)).toEqual([303, 303]);
    expect(await attendance()).toEqual([]);
    const actions = (await auditOf(business.id)).map((a) => a.action).filter((a) => a.startsWith('class.attendance'));
    expect(actions.sort()).toEqual(['class.attendance.absent', 'class.attendance.present']);
  });

  it('keeps attendance closed before the session’s day', async () => {
    const { business, cookie, base } = await desk();
    const classId = await newClass(base, cookie);
    const classPath = `${base}/${classId}`;
    const pet = await createPet(await createClientRecord(business.id), { name: 'Biscuit' });
    await postForm(`${classPath}/enrollments`, { pet: pet.id }, { cookie });
    const [enrollment] = await enrollmentsOf(classId);
    const session = await addSession(classPath, cookie, localDay(3));
    const sessionPath = `${classPath}/sessions/${session.id}`;
    const sheet = await (await get(sessionPath, { cookie })).text();
    expect(sheet).toContain('Attendance can be marked from the day of the session.');
    expect(sheet).not.toContain('Mark Biscuit present');
    const res = await postForm(`${sessionPath}/attendance`, { enrollment: enrollment!.id, present: '1' }, { cookie });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('<p class="error" role="alert" id="attendance-error">Attendance can be marked from the day of the session.</p>');
    const swapped = await postForm(`${sessionPath}/attendance`, { enrollment: enrollment!.id, present: '1' }, { cookie, headers: partial });
    expect(swapped.status).toBe(409);
    const row = await swapped.text();
    expect(row.startsWith(`<li class="card" id="att-${enrollment!.id}">`)).toBe(true);
    expect(row).toContain('Attendance can be marked from the day of the session.');
    expect(await db.select().from(schema.classAttendance).where(eq(schema.classAttendance.sessionId, session.id))).toHaveLength(0);
  });

  it('removes a session still to come with no attendance, and refuses one already held or with attendance', async () => {
    const { business, cookie, base } = await desk();
    const classId = await newClass(base, cookie);
    const classPath = `${base}/${classId}`;
    const pet = await createPet(await createClientRecord(business.id));
    await postForm(`${classPath}/enrollments`, { pet: pet.id }, { cookie });
    const [enrollment] = await enrollmentsOf(classId);
    const future = await addSession(classPath, cookie, localDay(5));
    const past = await addSession(classPath, cookie, localDay(-3));

    const page = await (await get(classPath, { cookie })).text();
    expect(page).toContain(`action="${classPath}/sessions/${future.id}/remove"`);
    expect(page).not.toContain(`action="${classPath}/sessions/${past.id}/remove"`);
    const refused = await postForm(`${classPath}/sessions/${past.id}/remove`, {}, { cookie });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('already started, so it stays on the schedule');

    const removed = await Promise.all([1, 2].map(() => postForm(`${classPath}/sessions/${future.id}/remove`, {}, { cookie })));
    expect(removed.map((r) => r.status).sort()).toEqual([303, 303]);
    const left = await db.select().from(schema.classSessions).where(eq(schema.classSessions.classId, classId));
    expect(left.map((s) => s.id)).toEqual([past.id]);
    expect((await postForm(`${classPath}/sessions/${future.id}/remove`, {}, { cookie })).headers.get('location')).toBe(`${classPath}?done=session-removed`);
    expect((await auditOf(business.id)).filter((a) => a.action === 'class.session.remove')).toHaveLength(1);

    // A later session with attendance recorded (e.g. marked on its day, then rescheduled by hand) stays.
    const later = await addSession(classPath, cookie, localDay(6));
    await db.insert(schema.classAttendance).values({ enrollmentId: enrollment!.id, sessionId: later.id, businessId: business.id });
    const kept = await postForm(`${classPath}/sessions/${later.id}/remove`, {}, { cookie });
    expect(kept.status).toBe(409);
    expect(await kept.text()).toContain('has attendance recorded');
  });

  it('unenrolls a pet, with its attendance; the parent no longer sees the class', async () => {
    const { business, cookie, base } = await desk();
    const classId = await newClass(base, cookie);
    const classPath = `${base}/${classId}`;
    const client = await createClientRecord(business.id);
    const pet = await createPet(client, { name: 'Biscuit' });
    await postForm(`${classPath}/enrollments`, { pet: pet.id }, { cookie });
    const [enrollment] = await enrollmentsOf(classId);
    const session = await addSession(classPath, cookie, localDay(-1));
    await postForm(`${classPath}/sessions/${session.id}/attendance`, { enrollment: enrollment!.id, present: '1' }, { cookie });
    const res = await postForm(`${classPath}/enrollments/${enrollment!.id}/remove`, {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${classPath}?done=unenrolled`);
    expect(await enrollmentsOf(classId)).toHaveLength(0);
    expect(await db.select().from(schema.classAttendance).where(eq(schema.classAttendance.enrollmentId, enrollment!.id))).toHaveLength(0);
    const audit = (await auditOf(business.id)).find((a) => a.action === 'class.unenroll');
    expect(audit?.detail).toContain('Biscuit');
    const parent = await signedInAs(client.phoneE164);
    expect(await (await get(`/c/${client.id}/classes`, { cookie: parent.cookie })).text()).toContain('None of your pets are enrolled in a class.');
    // A second tap after the first went through lands back on the class page; nothing else changes.
    const again = await postForm(`${classPath}/enrollments/${enrollment!.id}/remove`, {}, { cookie });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`${classPath}?done=unenrolled`);
    expect((await auditOf(business.id)).filter((a) => a.action === 'class.unenroll')).toHaveLength(1);
  });

  it('answers 404 for another business’s class, session and enrolment ids, changing nothing', async () => {
    const mine = await desk();
    const theirs = await desk();
    const theirClass = await newClass(theirs.base, theirs.cookie);
    const theirPath = `${theirs.base}/${theirClass}`;
    const pet = await createPet(await createClientRecord(theirs.business.id));
    await postForm(`${theirPath}/enrollments`, { pet: pet.id }, { cookie: theirs.cookie });
    const [enrollment] = await enrollmentsOf(theirClass);
    const session = await addSession(theirPath, theirs.cookie, localDay(5));
    const myClass = await newClass(mine.base, mine.cookie);
    const myPath = `${mine.base}/${myClass}`;
    const cookie = mine.cookie;

    // Their business in the URL.
    expect((await get(theirs.base, { cookie })).status).toBe(404);
    // Their ids under my business.
    const asMine = `${mine.base}/${theirClass}`;
    expect((await get(asMine, { cookie })).status).toBe(404);
    expect((await postForm(asMine, { name: 'Taken over', description: '', capacity: '9' }, { cookie })).status).toBe(404);
    expect((await postForm(`${asMine}/sessions`, { date: '2027-01-10', starts: '18:00', ends: '19:00' }, { cookie })).status).toBe(404);
    expect((await postForm(`${asMine}/enrollments`, { pet: pet.id }, { cookie })).status).toBe(404);
    expect((await get(`${asMine}/sessions/${session.id}`, { cookie })).status).toBe(404);
    expect((await get(`${myPath}/sessions/${session.id}`, { cookie })).status).toBe(404);
    expect((await postForm(`${myPath}/sessions/${session.id}/remove`, {}, { cookie })).status).toBe(404);
    expect((await postForm(`${asMine}/sessions/${session.id}/remove`, {}, { cookie })).status).toBe(404);
    expect((await postForm(`${myPath}/enrollments/${enrollment!.id}/remove`, {}, { cookie })).status).toBe(404);
    expect((await postForm(`${asMine}/sessions/${session.id}/attendance`, { enrollment: enrollment!.id, present: '1' }, { cookie })).status).toBe(404);
    // My session, their enrolment.
    const mySession = await addSession(myPath, cookie, localDay(-1));
    expect((await postForm(`${myPath}/sessions/${mySession.id}/attendance`, { enrollment: enrollment!.id, present: '1' }, { cookie })).status).toBe(404);

    expect(await enrollmentsOf(theirClass)).toHaveLength(1);
    expect((await db.select().from(schema.groupClasses).where(eq(schema.groupClasses.id, theirClass)))[0]?.name).toBe('Puppy Manners');
    expect(await db.select().from(schema.classSessions).where(eq(schema.classSessions.classId, theirClass))).toHaveLength(1);
    expect(await db.select().from(schema.classAttendance).where(eq(schema.classAttendance.enrollmentId, enrollment!.id))).toHaveLength(0);
    expect((await auditOf(mine.business.id)).map((a) => a.action).sort()).toEqual(['class.add', 'class.session.add']);

    // Once they remove their session and unenroll their pet, those ids are still 404 here.
    expect((await postForm(`${theirPath}/sessions/${session.id}/remove`, {}, { cookie: theirs.cookie })).status).toBe(303);
    expect((await postForm(`${theirPath}/enrollments/${enrollment!.id}/remove`, {}, { cookie: theirs.cookie })).status).toBe(303);
    expect((await postForm(`${myPath}/sessions/${session.id}/remove`, {}, { cookie })).status).toBe(404);
    expect((await postForm(`${myPath}/enrollments/${enrollment!.id}/remove`, {}, { cookie })).status).toBe(404);
  });

  it('keeps the parent’s section hidden (404) while group classes are off, and says so in the console', async () => {
    const { business, cookie, base } = await desk({ groupClassesEnabled: false });
    const client = await createClientRecord(business.id);
    const pet = await createPet(client);
    const classId = await newClass(base, cookie);
    await postForm(`${base}/${classId}/enrollments`, { pet: pet.id }, { cookie });
    expect(await (await get(base, { cookie })).text()).toContain('Group classes are off in Settings');
    const parent = await signedInAs(client.phoneE164);
    expect((await get(`/c/${client.id}/classes`, { cookie: parent.cookie })).status).toBe(404);
    await db
      .update(schema.businesses)
      .set({ groupClassesEnabled: true })
      .where(and(eq(schema.businesses.id, business.id)));
    const shown = await get(`/c/${client.id}/classes`, { cookie: parent.cookie });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Puppy Manners · Biscuit');
    expect(await (await get(base, { cookie })).text()).not.toContain('Group classes are off in Settings');
  });
});
