/**
 * Agreement templates in the console through the real Worker and database: an owner adds an
 * agreement with the small markup and publishes new versions; the parent is asked to sign each
 * new version; who must sign (every client or by service) and whether booking waits; refusals at
 * the field with nothing saved (HTML, empty, no service ticked, a stale form, the same text);
 * double taps and two windows publishing once; staff reading but not writing; signed copies with
 * their audit trail and the download; another business's ids answering 404.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../../src/db/schema';
import { sha256Hex } from '../../../src/domain/ids';
import { createAppointment, createBusiness, createClientRecord, db, signedInAs } from '../../helpers/factories';
import { localDate } from '../../helpers/booking-factories';
import { daycareChoice, query, setup } from '../../helpers/booking-flow';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function member(businessId: string, role: 'owner' | 'staff' = 'owner') {
  const account = await createStaffAccount({ businessId, role, totp: role === 'owner' });
  return { account, ...(await staffSignedIn(account.id)) };
}

const TEXT = '# Boarding\nWe look after your dog & feed it.\n\n## You agree\n- Vaccinations are current\n- Dogs < 10 kg share a room';

const key = () => crypto.randomUUID().replace(/-/g, '').slice(0, 24);

function create(businessId: string, cookie: string, fields: Record<string, string> | [string, string][]) {
  return postForm(`/manage/${businessId}/agreements`, fields, { cookie });
}

async function agreementsOf(businessId: string) {
  return db.select().from(schema.agreements).where(eq(schema.agreements.businessId, businessId));
}
async function versionsOf(agreementId: string) {
  return db.select().from(schema.agreementVersions).where(eq(schema.agreementVersions.agreementId, agreementId));
}
async function auditOf(businessId: string) {
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));
}

const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];

/** The parent signs the newest version by typed name, through the portal's own form. */
async function parentSigns(clientId: string, agreementId: string, cookie: string, name: string) {
  const page = await (await get(`/c/${clientId}/agreements/${agreementId}`, { cookie })).text();
  const versionId = page.match(/name="versionId" value="([^"]+)"/)![1]!;
  const textSha256 = page.match(/name="textSha256" value="([^"]+)"/)![1]!;
  const res = await postForm(`/c/${clientId}/agreements/${agreementId}`, { versionId, textSha256, consent: 'yes', drawn: '', typedName: name }, { cookie });
  expect(res.status).toBe(303);
  return res.headers.get('location')!;
}

async function withAgreement(fields: Record<string, string> = {}) {
  const business = await createBusiness();
  const client = await createClientRecord(business.id, { firstName: 'Jamie', lastName: 'Rivera' });
  const owner = await member(business.id);
  const k = key();
  const res = await create(business.id, owner.cookie, { key: k, title: 'Boarding agreement', text: TEXT, who: 'all', ...fields });
  expect(res.status).toBe(303);
  return { business, client, owner, agreementId: `agr_${k}` };
}

describe('/manage/:businessId/agreements', () => {
  it('an owner publishes an agreement: rendered from the markup, escaped, audited, and the parent is asked to sign it', async () => {
    const { business, client, owner, agreementId } = await withAgreement();
    const [a] = await agreementsOf(business.id);
    expect(a).toMatchObject({ id: agreementId, title: 'Boarding agreement', appliesTo: null, blocksBooking: false });
    const [v] = await versionsOf(agreementId);
    expect(v).toMatchObject({ version: 1, body: TEXT });

    const page = await get(`/manage/${business.id}/agreements/${agreementId}?done=created`, { cookie: owner.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Agreement published.');
    expect(html).toContain(
      '<div class="agreement-text" id="agreement-text"><h2>Boarding</h2><p>We look after your dog &amp; feed it.</p><h3>You agree</h3><ul><li>Vaccinations are current</li><li>Dogs &lt; 10 kg share a room</li></ul></div>',
    );
    expect(html).toContain('Still to sign version 1');
    expect(html).toContain(`<a href="/manage/${business.id}/clients/${client.id}">Jamie Rivera</a>`);
    const list = await (await get(`/manage/${business.id}/agreements`, { cookie: owner.cookie })).text();
    expect(list).toContain('0 signed the newest version · 1 still to sign');
    expect((await auditOf(business.id)).map((r) => [r.action, r.recordId])).toEqual([['agreement.create', agreementId]]);

    const parent = await signedInAs(client.phoneE164);
    const portal = await (await get(`/c/${client.id}/agreements`, { cookie: parent.cookie })).text();
    expect(portal).toContain('Boarding agreement');
    expect(portal).toContain('To sign');
  });

  it.each([
    [{ title: 'Rules', text: 'Read <b>this</b> first' }, 'text', 'cannot contain HTML'],
    [{ title: 'Rules', text: '<script>alert(1)</script>' }, 'text', 'cannot contain HTML'],
    [{ title: 'Rules', text: '  ' }, 'text', 'Enter the text'],
    [{ title: '', text: 'Text' }, 'title', 'Enter a title'],
    [{ title: 'Rules', text: 'Text', who: 'services' }, 'who', 'Tick at least one'],
  ])('refuses %j (422) at the %s field, with what was typed kept and nothing saved', async (form, field, message) => {
    const business = await createBusiness();
    const { cookie } = await member(business.id);
    const res = await create(business.id, cookie, { key: key(), who: 'all', ...form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, field)).toContain(message);
    if (form.text.trim()) expect(html).toContain(form.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(await agreementsOf(business.id)).toHaveLength(0);
    expect(await auditOf(business.id)).toHaveLength(0);
  });

  it('takes a long text (40,000 characters) that a normal form could not carry', async () => {
    const business = await createBusiness();
    const { cookie } = await member(business.id);
    const long = Array.from({ length: 400 }, (_, i) => `Clause ${i}: ${'é'.repeat(90)}`).join('\n\n');
    expect(long.length).toBeGreaterThan(40_000);
    const res = await create(business.id, cookie, { key: key(), title: 'Long', text: long, who: 'all' });
    expect(res.status).toBe(303);
    const [a] = await agreementsOf(business.id);
    expect((await versionsOf(a!.id))[0]!.body).toBe(long);
  });

  it('a double tap or a resend after Back creates one agreement with one version and one audit row', async () => {
    const business = await createBusiness();
    const { cookie } = await member(business.id);
    const form = { key: key(), title: 'Photo release', text: 'We may post photos.', who: 'all' };
    const results = await Promise.all([create(business.id, cookie, form), create(business.id, cookie, form)]);
    expect(results.map((r) => r.status)).toEqual([303, 303]);
    expect((await create(business.id, cookie, form)).status).toBe(303);
    const rows = await agreementsOf(business.id);
    expect(rows).toHaveLength(1);
    expect(await versionsOf(rows[0]!.id)).toHaveLength(1);
    expect(await auditOf(business.id)).toHaveLength(1);
  });

  it('staff read agreements but cannot add or change one (403, nothing saved)', async () => {
    const { business, agreementId } = await withAgreement();
    const staff = await member(business.id, 'staff');
    const list = await get(`/manage/${business.id}/agreements`, { cookie: staff.cookie });
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Only an owner can add or change agreements.');
    expect(html).not.toContain('New agreement');
    expect((await get(`/manage/${business.id}/agreements/${agreementId}`, { cookie: staff.cookie })).status).toBe(200);
    expect((await create(business.id, staff.cookie, { key: key(), title: 'Mine', text: 'x', who: 'all' })).status).toBe(403);
    const publish = await postForm(
      `/manage/${business.id}/agreements/${agreementId}/versions`,
      { key: key(), fromVersion: '1', text: 'Changed' },
      { cookie: staff.cookie },
    );
    expect(publish.status).toBe(403);
    expect(await agreementsOf(business.id)).toHaveLength(1);
    expect(await versionsOf(agreementId)).toHaveLength(1);
  });
});

describe('publishing a new version', () => {
  it('asks a parent who signed version 1 to sign again; both signatures stay on record with their copies', async () => {
    const { business, client, owner, agreementId } = await withAgreement();
    const parent = await signedInAs(client.phoneE164);
    const firstCopy = await parentSigns(client.id, agreementId, parent.cookie, 'Jamie Rivera');
    expect(await (await get(`/c/${client.id}/agreements`, { cookie: parent.cookie })).text()).not.toContain('To sign');

    const res = await postForm(
      `/manage/${business.id}/agreements/${agreementId}/versions`,
      { key: key(), fromVersion: '1', text: `${TEXT}\n- Pick-up by 6 pm` },
      { cookie: owner.cookie },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${business.id}/agreements/${agreementId}?done=published`);
    expect((await versionsOf(agreementId)).map((v) => v.version).sort()).toEqual([1, 2]);
    expect((await auditOf(business.id)).map((r) => r.action).sort()).toEqual(['agreement.create', 'agreement.publish']);

    const portal = await (await get(`/c/${client.id}/agreements`, { cookie: parent.cookie })).text();
    expect(portal).toContain('To sign (new version)');
    const console1 = await (await get(`/manage/${business.id}/agreements/${agreementId}`, { cookie: owner.cookie })).text();
    expect(console1).toContain('Still to sign version 2');
    expect(console1).toContain('Jamie Rivera</a> · version 1');
    await parentSigns(client.id, agreementId, parent.cookie, 'Jamie Rivera');
    const console2 = await (await get(`/manage/${business.id}/agreements/${agreementId}`, { cookie: owner.cookie })).text();
    expect(console2).toContain('Everyone who must sign it has signed.');
    expect(console2.match(/Jamie Rivera<\/a> · version [12]/g)).toHaveLength(2);
    // The parent's first copy is still theirs to open.
    expect((await get(firstCopy.split('?')[0]!, { cookie: parent.cookie })).status).toBe(200);
  });

  it('publishes once under a double tap, and a stale second window is told (409) with its text kept, nothing saved', async () => {
    const { business, owner, agreementId } = await withAgreement();
    const path = `/manage/${business.id}/agreements/${agreementId}/versions`;
    const form = { key: key(), fromVersion: '1', text: 'Version two.' };
    const both = await Promise.all([postForm(path, form, { cookie: owner.cookie }), postForm(path, form, { cookie: owner.cookie })]);
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    expect((await versionsOf(agreementId)).map((v) => v.version).sort()).toEqual([1, 2]);

    // A second window opened on version 1 publishes its own edit.
    const stale = await postForm(path, { key: key(), fromVersion: '1', text: 'My other edit.' }, { cookie: owner.cookie });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Version 2 was published while you were editing.');
    expect(html).toContain('My other edit.');
    expect(html).toContain('name="fromVersion" value="2"');
    expect((await versionsOf(agreementId)).map((v) => v.version).sort()).toEqual([1, 2]);
    expect((await auditOf(business.id)).filter((r) => r.action === 'agreement.publish')).toHaveLength(1);
  });

  it('refuses the same text again (422) and HTML (422) at the field, nothing saved', async () => {
    const { business, owner, agreementId } = await withAgreement();
    const path = `/manage/${business.id}/agreements/${agreementId}/versions`;
    const same = await postForm(path, { key: key(), fromVersion: '1', text: TEXT }, { cookie: owner.cookie });
    expect(same.status).toBe(422);
    expect(errorAt(await same.text(), 'text')).toContain('This is the text of version 1 already.');
    const html = await postForm(path, { key: key(), fromVersion: '1', text: 'Hi <img src=x onerror=alert(1)>' }, { cookie: owner.cookie });
    expect(html.status).toBe(422);
    expect(errorAt(await html.text(), 'text')).toContain('cannot contain HTML');
    expect(await versionsOf(agreementId)).toHaveLength(1);
  });
});

describe('who must sign, and booking', () => {
  it('an agreement for grooming clients is not asked of a daycare-only client until they have a grooming visit', async () => {
    const { business, client } = await withAgreement({ who: 'services', services: 'grooming' });
    expect((await agreementsOf(business.id))[0]!.appliesTo).toBe('["grooming"]');
    const parent = await signedInAs(client.phoneE164);
    await createAppointment({ client, serviceType: 'daycare', status: 'finished', pets: [] });
    expect(await (await get(`/c/${client.id}/agreements`, { cookie: parent.cookie })).text()).not.toContain('Boarding agreement');
    await createAppointment({ client, serviceType: 'grooming', status: 'finished', pets: [] });
    expect(await (await get(`/c/${client.id}/agreements`, { cookie: parent.cookie })).text()).toContain('Boarding agreement');
  });

  it('"Online booking waits" holds booking the service it is for, and only that one', async () => {
    const s = await setup();
    const owner = await member(s.business.id);
    const k = key();
    const form: [string, string][] = [
      ['key', k],
      ['title', 'Daycare waiver'],
      ['text', 'Dogs play in groups.'],
      ['who', 'services'],
      ['services', 'daycare'],
      ['blocksBooking', '1'],
    ];
    expect((await create(s.business.id, owner.cookie, form)).status).toBe(303);
    const daycare = await get(`/c/${s.client.id}/book?${query([...daycareChoice(s, localDate(5)), ['step', 'review']])}`, { cookie: s.cookie });
    const html = await daycare.text();
    expect(html).toContain('Sign first, then book');
    expect(html).toContain(`Read and sign “Daycare waiver”`);
    const grooming = await get(`/c/${s.client.id}/book?type=grooming&step=pets`, { cookie: s.cookie });
    expect(await grooming.text()).not.toContain('Sign first, then book');

    // The owner turns the hold off: booking daycare goes ahead.
    const rules = await postForm(
      `/manage/${s.business.id}/agreements/agr_${k}/rules`,
      [
        ['title', 'Daycare waiver'],
        ['who', 'services'],
        ['services', 'daycare'],
      ],
      { cookie: owner.cookie },
    );
    expect(rules.status).toBe(303);
    expect(rules.headers.get('location')).toContain('done=rules');
    const again = await get(`/c/${s.client.id}/book?${query([...daycareChoice(s, localDate(5)), ['step', 'review']])}`, { cookie: s.cookie });
    expect(await again.text()).not.toContain('Sign first, then book');
    expect((await auditOf(s.business.id)).map((r) => r.action).sort()).toEqual(['agreement.create', 'agreement.rules']);
  });
});

describe('an agreement stored before these checks', () => {
  it('keeps working: its text with a tag-like "<Owner>" is not re-judged when the title or who must sign changes', async () => {
    const business = await createBusiness();
    const { cookie } = await member(business.id);
    const agreementId = `agr_${key()}`;
    await db.insert(schema.agreements).values({ id: agreementId, businessId: business.id, title: 'Old rules', createdAt: new Date() });
    await db
      .insert(schema.agreementVersions)
      .values({ id: `agv_${key()}`, businessId: business.id, agreementId, version: 1, body: 'The <Owner> pays on pick-up.', publishedAt: new Date() });
    const res = await postForm(`/manage/${business.id}/agreements/${agreementId}/rules`, { title: 'House rules', who: 'all' }, { cookie });
    expect(res.status).toBe(303);
    expect((await agreementsOf(business.id))[0]!.title).toBe('House rules');
    const page = await (await get(`/manage/${business.id}/agreements/${agreementId}`, { cookie })).text();
    expect(page).toContain('<p>The &lt;Owner&gt; pays on pick-up.</p>');
  });
});

describe('signed copies in the console', () => {
  it('shows the audit trail and downloads a self-contained printable page', async () => {
    const { business, client, owner, agreementId } = await withAgreement();
    const parent = await signedInAs(client.phoneE164);
    await parentSigns(client.id, agreementId, parent.cookie, 'Jamie Rivera');
    const [sig] = await db.select().from(schema.agreementSignatures).where(eq(schema.agreementSignatures.clientId, client.id));
    const path = `/manage/${business.id}/agreements/${agreementId}/signatures/${sig!.id}`;
    const page = await get(path, { cookie: owner.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Audit trail');
    expect(html).toContain(await sha256Hex(TEXT));
    expect(html).toContain('<p class="typed-signature">Jamie Rivera</p>');
    expect(html).toContain(`${path}/download`);

    const download = await get(`${path}/download`, { cookie: owner.cookie });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="boarding-agreement-jamie-rivera-v1.html"');
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    const doc = await download.text();
    expect(doc.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(doc).toContain('<style>');
    expect(doc).toContain(sig!.textSha256);
    // Self-contained: nothing it needs from the site (no stylesheet, no script, no image URL) — it opens offline.
    expect(doc).not.toMatch(/<link |<script|src="\//);
  });

  it('answers 404 for another business’s agreement, version form, rules and signature, changing nothing', async () => {
    const { business, client, agreementId } = await withAgreement();
    const parent = await signedInAs(client.phoneE164);
    await parentSigns(client.id, agreementId, parent.cookie, 'Jamie Rivera');
    const [sig] = await db.select().from(schema.agreementSignatures).where(eq(schema.agreementSignatures.clientId, client.id));
    const other = await createBusiness();
    const intruder = await member(other.id);
    const base = `/manage/${other.id}/agreements/${agreementId}`;
    expect((await get(base, { cookie: intruder.cookie })).status).toBe(404);
    expect((await get(`${base}/signatures/${sig!.id}`, { cookie: intruder.cookie })).status).toBe(404);
    expect((await get(`${base}/signatures/${sig!.id}/download`, { cookie: intruder.cookie })).status).toBe(404);
    expect((await postForm(`${base}/versions`, { key: key(), fromVersion: '1', text: 'Taken over' }, { cookie: intruder.cookie })).status).toBe(404);
    expect((await postForm(`${base}/rules`, { title: 'Taken over', who: 'all' }, { cookie: intruder.cookie })).status).toBe(404);
    // Its own business's URL with the foreign id: still 404.
    expect((await get(`/manage/${business.id}/agreements/${agreementId}`, { cookie: intruder.cookie })).status).toBe(404);
    expect(await versionsOf(agreementId)).toHaveLength(1);
    expect(
      (
        await db
          .select()
          .from(schema.agreements)
          .where(and(eq(schema.agreements.id, agreementId)))
      )[0]!.title,
    ).toBe('Boarding agreement');
  });
});
