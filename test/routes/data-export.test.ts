/**
 * "Download your data" (issue 15 item 5) through the real Worker and libSQL server: the JSON
 * file and the printable page hold exactly the signed-in parent's own records — two parents of
 * one business each get theirs and none of the other's ids; a parent linked to two businesses
 * gets both; a business whose portal is not on is named only; drafts stay out — in one database
 * round trip, as an attachment that is never cached, and only when signed in. The JSON writer
 * is checked against JSON.stringify.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import * as schema from '../../src/db/schema';
import { newId, randomToken, sha256Hex } from '../../src/domain/ids';
import type { ExportDocument } from '../../src/db/queries/data-export';
import { EXPORT_LIMITS, buildExportDocument, dataExportStatements, type ExportRows } from '../../src/db/queries/data-export';
import type { Db } from '../../src/db/client';
import { jsonPieces, jsonStream } from '../../src/routes/data-export';
import { formatWeight } from '../../src/domain/pet-form';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs, uniquePhone } from '../helpers/factories';
import { createCreditTransaction, createGroupClass, createMembership, createPackage, enrollPet } from '../helpers/account-factories';
import { get } from '../helpers/http';
import { roundTrips } from '../helpers/credentials';
import { makePng } from '../helpers/png';

const DAY = 86_400_000;
const PNG = await makePng({ width: 600, height: 400 });

/** Every id-like value (`prefix_…`) anywhere in `text`. */
function idsIn(text: string): Set<string> {
  return new Set(text.match(/\b[a-z][a-z0-9]{0,15}_[a-z2-7]{26}\b/g) ?? []);
}

/** One parent's records at one business: a pet with a vaccination, a visit with lines, a signed agreement, a sent and a draft card, credit, a package, a membership and a class. */
async function recordsFor(
  client: { id: string; businessId: string; firstName: string },
  agreement: { id: string; versionId: string; body: string },
  tag: string,
) {
  const pet = await createPet(client, { name: `Pet-${tag}`, breed: 'Collie', weightGrams: 21_500, medications: `Meds-${tag}` });
  const vaccinationId = newId('vac');
  await db
    .insert(schema.petVaccinations)
    .values({ id: vaccinationId, businessId: client.businessId, petId: pet.id, name: `Rabies-${tag}`, expiresOn: '2099-05-01', verifiedAt: new Date() });
  const visit = await createAppointment({
    client,
    pets: [pet],
    serviceType: 'grooming',
    status: 'finished',
    startsAt: new Date(Date.UTC(2026, 5, 1, 16)),
    notes: `Notes-${tag}`,
    withServices: { serviceName: `Bath-${tag}`, staffFirstName: `Groomer${tag}`, addOnName: `Nails-${tag}` },
  });
  const canceled = await createAppointment({ client, pets: [pet], serviceType: 'daycare', status: 'canceled', cancelReason: `Reason-${tag}` });
  const signatureId = newId('sig');
  const signatureKey = `signatures/${client.businessId}/${client.id}/${signatureId}.png`;
  await env.PHOTOS.put(signatureKey, PNG, { httpMetadata: { contentType: 'image/png' } });
  await db.insert(schema.agreementSignatures).values({
    id: signatureId,
    businessId: client.businessId,
    clientId: client.id,
    agreementVersionId: agreement.versionId,
    signerName: `${client.firstName} Signer-${tag}`,
    method: 'drawn',
    signatureKey,
    textSha256: await sha256Hex(agreement.body),
    consentGiven: true,
    signedAt: new Date(Date.UTC(2026, 4, 2, 10, 30)),
    ipAddress: '203.0.113.7',
    userAgent: `Agent-${tag}`,
  });
  const sent = {
    id: newId('rc'),
    businessId: client.businessId,
    clientId: client.id,
    petId: pet.id,
    appointmentId: visit.id,
    mood: `Mood-${tag}`,
    createdAt: new Date(),
    sentAt: new Date(),
  };
  const draft = { ...sent, id: newId('rc'), mood: `Draft-${tag}`, sentAt: null };
  await db.insert(schema.reportCards).values([sent, draft]);
  const photo = {
    id: newId('rcp'),
    businessId: client.businessId,
    reportCardId: sent.id,
    objectKey: `report-cards/${client.businessId}/${sent.id}/${newId('img')}.png`,
    width: 600,
    height: 400,
  };
  await env.PHOTOS.put(photo.objectKey, PNG, { httpMetadata: { contentType: 'image/png' } });
  await db.insert(schema.reportCardPhotos).values(photo);
  const credit = await createCreditTransaction(client, { amountMinor: 2500, reason: `Credit-${tag}` });
  const spent = await createCreditTransaction(client, { amountMinor: -1000, reason: `Spent-${tag}`, appointmentId: visit.id });
  const pkg = await createPackage(client, { name: `Package-${tag}` });
  const membership = await createMembership(client, { planName: `Plan-${tag}` });
  const klass = await createGroupClass(client.businessId, {
    name: `Class-${tag}`,
    sessionStarts: [new Date(Date.now() - 7 * DAY), new Date(Date.now() + 7 * DAY)],
  });
  const enrollment = await enrollPet(klass, { id: pet.id, clientId: client.id }, [klass.sessions[0]!.id]);
  return {
    pet,
    vaccinationId,
    visit,
    canceled,
    signatureId,
    sent,
    draft,
    photo,
    credit,
    spent,
    pkg,
    membership,
    enrollment,
    ownIds: [client.id, pet.id, visit.id, canceled.id, signatureId, sent.id, photo.id, credit.id, spent.id, pkg.id, membership.id, enrollment.id],
  };
}

async function createAgreement(businessId: string, title: string, body: string) {
  const id = newId('agr');
  const versionId = newId('agv');
  await db.insert(schema.agreements).values({ id, businessId, title, createdAt: new Date() });
  await db.insert(schema.agreementVersions).values({ id: versionId, businessId, agreementId: id, version: 1, body, publishedAt: new Date(Date.now() - DAY) });
  return { id, versionId, body };
}

interface World {
  alpha: Awaited<ReturnType<typeof createBusiness>>;
  beta: Awaited<ReturnType<typeof createBusiness>>;
  closed: Awaited<ReturnType<typeof createBusiness>>;
  robin: {
    cookie: string;
    tokenHash: string;
    atAlpha: Awaited<ReturnType<typeof recordsFor>>;
    atBeta: Awaited<ReturnType<typeof recordsFor>>;
    clientIds: string[];
    closedClientId: string;
  };
  kim: { cookie: string; atAlpha: Awaited<ReturnType<typeof recordsFor>>; clientId: string };
}

let w: World;

beforeAll(async () => {
  const tag = randomToken(4);
  const alpha = await createBusiness({ name: `Alpha Kennels ${tag}`, packagesEnabled: true, membershipsEnabled: true, groupClassesEnabled: true });
  const beta = await createBusiness({
    name: `Beta Grooming ${tag}`,
    offersBoarding: false,
    offersDaycare: false,
    offersGrooming: true,
    groomingBetaGranted: true,
    timeZone: 'Europe/London',
    country: 'GB',
    currency: 'GBP',
    locale: 'en-GB',
  });
  const closed = await createBusiness({
    name: `Closed Clips ${tag}`,
    offersBoarding: false,
    offersDaycare: false,
    offersGrooming: true,
    groomingBetaGranted: false,
  });
  const waiverAlpha = await createAgreement(alpha.id, 'Alpha waiver', 'Alpha text: I agree.');
  const waiverBeta = await createAgreement(beta.id, 'Beta waiver', 'Beta text: I agree.');
  const robinPhone = uniquePhone();
  const robinAlpha = await createClientRecord(alpha.id, { firstName: 'Robin', lastName: 'Parker', phoneE164: robinPhone, email: 'robin@example.test' });
  const robinBeta = await createClientRecord(beta.id, { firstName: 'Robin', lastName: 'Parker', phoneE164: robinPhone });
  const robinClosed = await createClientRecord(closed.id, { firstName: 'Robin', lastName: 'Parker', phoneE164: robinPhone });
  await createPet(robinClosed, { name: 'HiddenAtClosed' });
  const kimAlpha = await createClientRecord(alpha.id, { firstName: 'Kim', lastName: 'Other' });
  const robinAtAlpha = await recordsFor(robinAlpha, waiverAlpha, 'RA');
  const robinAtBeta = await recordsFor(robinBeta, waiverBeta, 'RB');
  const kimAtAlpha = await recordsFor(kimAlpha, waiverAlpha, 'KA');
  const robin = await signedInAs(robinPhone);
  const kim = await signedInAs(kimAlpha.phoneE164);
  w = {
    alpha,
    beta,
    closed,
    robin: {
      cookie: robin.cookie,
      tokenHash: robin.tokenHash,
      atAlpha: robinAtAlpha,
      atBeta: robinAtBeta,
      clientIds: [robinAlpha.id, robinBeta.id],
      closedClientId: robinClosed.id,
    },
    kim: { cookie: kim.cookie, atAlpha: kimAtAlpha, clientId: kimAlpha.id },
  };
});

async function exportOf(cookie: string): Promise<{ res: Response; text: string; doc: ExportDocument }> {
  const res = await get('/account/export.json', { cookie });
  const text = await res.text();
  return { res, text, doc: JSON.parse(text) as ExportDocument };
}

describe('GET /account/export.json', () => {
  it('is an attachment that is never cached, read in one round trip, in the documented shape', async () => {
    const { res, doc } = await exportOf(w.robin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="pawtal-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(roundTrips(res)).toBe('1');
    expect(doc.formatVersion).toBe(1);
    expect(doc.limits.appointments).toBe(EXPORT_LIMITS.appointments);
    expect(doc.truncated).toEqual([]);
    expect(doc.account.phone).toMatch(/^\+1206/);
  });

  it('a parent linked to two businesses gets both, and a business whose portal is not on by name only', async () => {
    const { text, doc } = await exportOf(w.robin.cookie);
    expect(doc.businesses.map((b) => b.business.id).sort()).toEqual([w.alpha.id, w.beta.id].sort());
    expect(doc.businesses.map((b) => b.client.id).sort()).toEqual([...w.robin.clientIds].sort());
    for (const id of [...w.robin.atAlpha.ownIds, ...w.robin.atBeta.ownIds]) expect(text).toContain(`"${id}"`);
    expect(doc.notAvailableYet).toEqual([{ name: w.closed.name }]);
    expect(text).not.toContain(w.robin.closedClientId);
    expect(text).not.toContain('HiddenAtClosed');
  });

  it('two parents of one business: each export holds exactly their own records and none of the other’s ids', async () => {
    const robin = await exportOf(w.robin.cookie);
    const kim = await exportOf(w.kim.cookie);
    const kimIds = [...w.kim.atAlpha.ownIds, w.kim.atAlpha.draft.id];
    const robinIds = [...w.robin.atAlpha.ownIds, ...w.robin.atBeta.ownIds, w.robin.closedClientId];
    for (const id of kimIds) expect(robin.text).not.toContain(id);
    for (const id of robinIds) expect(kim.text).not.toContain(id);
    for (const id of w.kim.atAlpha.ownIds) expect(kim.text).toContain(`"${id}"`);
    expect(robin.text).not.toMatch(/-KA\b/);
    expect(kim.text).not.toMatch(/-R[AB]\b/);
    // Every id Kim's export holds is hers or her business's (its id, the shared agreement's, her class's and its sessions).
    const business = kim.doc.businesses;
    expect(business).toHaveLength(1);
    const allowed = new Set([
      ...w.kim.atAlpha.ownIds,
      kim.doc.account.id,
      w.alpha.id,
      business[0]!.agreements[0]!.agreementId,
      ...business[0]!.classes.flatMap((e) => [e.classId, ...e.sessions.map((s) => s.id)]),
    ]);
    expect([...idsIn(kim.text)].filter((id) => !allowed.has(id))).toEqual([]);
  });

  it('holds every section: pet profile and vaccinations, appointments with times, lines and prices, signatures with the audit trail, sent cards with photo links, credit, packages, memberships, classes', async () => {
    const { doc } = await exportOf(w.robin.cookie);
    const alpha = doc.businesses.find((b) => b.business.id === w.alpha.id)!;
    const r = w.robin.atAlpha;
    expect(alpha.client).toMatchObject({ firstName: 'Robin', lastName: 'Parker', email: 'robin@example.test' });
    expect(alpha.business.timeZone).toBe('America/Los_Angeles');

    const pet = alpha.pets.find((p) => p.id === r.pet.id)!;
    expect(pet).toMatchObject({ name: 'Pet-RA', breed: 'Collie', weightGrams: 21_500, medications: 'Meds-RA', photoUrl: null });
    expect(pet.vaccinations).toEqual([{ name: 'Rabies-RA', expiresOn: '2099-05-01', state: 'valid', verified: true, verifiedAt: expect.any(String) }]);

    const visit = alpha.appointments.find((a) => a.id === r.visit.id)!;
    expect(visit).toMatchObject({
      status: 'finished',
      serviceType: 'grooming',
      startsAt: '2026-06-01T16:00:00.000Z',
      timeZone: 'America/Los_Angeles',
      startsAtLocal: '2026-06-01T09:00',
      notes: 'Notes-RA',
      totalMinor: 6000,
      currency: 'USD',
    });
    expect(visit.url).toBe(`https://pawtal.test/c/${r.pet.clientId}/appointments/${r.visit.id}`);
    expect(visit.pets).toEqual([
      {
        petId: r.pet.id,
        name: 'Pet-RA',
        services: [{ name: 'Bath-RA', priceMinor: 5000, staff: 'GroomerRA Groomer', staffRequested: false }],
        addOns: [{ name: 'Nails-RA', priceMinor: 1000, staff: null }],
      },
    ]);
    expect(alpha.appointments.find((a) => a.id === r.canceled.id)).toMatchObject({ status: 'canceled', cancelReason: 'Reason-RA' });

    const signature = alpha.agreements.find((s) => s.id === r.signatureId)!;
    expect(signature).toMatchObject({
      title: 'Alpha waiver',
      version: 1,
      text: 'Alpha text: I agree.',
      textSha256: await sha256Hex('Alpha text: I agree.'),
      signerName: 'Robin Signer-RA',
      method: 'drawn',
      signedAt: '2026-05-02T10:30:00.000Z',
      ipAddress: '203.0.113.7',
      userAgent: 'Agent-RA',
      consentGiven: true,
    });

    expect(alpha.reportCards.map((c) => c.id)).toEqual([r.sent.id]);
    expect(alpha.reportCards[0]!.photos).toEqual([
      {
        id: r.photo.id,
        width: 600,
        height: 400,
        thumbnailUrl: `https://pawtal.test/c/${r.pet.clientId}/report-cards/${r.sent.id}/photos/${r.photo.id}?size=thumb`,
        fullUrl: `https://pawtal.test/c/${r.pet.clientId}/report-cards/${r.sent.id}/photos/${r.photo.id}?size=full`,
      },
    ]);

    expect(alpha.storeCredit.balances).toEqual([{ currency: 'USD', balanceMinor: 1500 }]);
    expect(alpha.storeCredit.transactions.map((t) => t.id).sort()).toEqual([r.credit.id, r.spent.id].sort());
    expect(alpha.storeCredit.transactions.find((t) => t.id === r.spent.id)!.appointmentId).toBe(r.visit.id);
    expect(alpha.packages.map((p) => p.name)).toEqual(['Package-RA']);
    expect(alpha.memberships.map((m) => m.planName)).toEqual(['Plan-RA']);
    expect(alpha.classes.map((e) => [e.className, e.sessions.map((s) => s.attended)])).toEqual([['Class-RA', [true, false]]]);

    // Beta shows no packages, memberships or classes in the portal; what it holds of them is still the parent's data.
    const beta = doc.businesses.find((b) => b.business.id === w.beta.id)!;
    expect(beta.business).toMatchObject({ timeZone: 'Europe/London', currency: 'GBP' });
    expect(beta.appointments.find((a) => a.id === w.robin.atBeta.visit.id)).toMatchObject({ startsAtLocal: '2026-06-01T17:00', timeZone: 'Europe/London' });
    expect([beta.packages.map((p) => p.name), beta.memberships.map((m) => m.planName), beta.classes.map((e) => e.className)]).toEqual([
      ['Package-RB'],
      ['Plan-RB'],
      ['Class-RB'],
    ]);
  });

  it('its signature and photo links open for the parent while signed in, and are 404 for another parent', async () => {
    const { doc } = await exportOf(w.robin.cookie);
    const alpha = doc.businesses.find((b) => b.business.id === w.alpha.id)!;
    const image = new URL(alpha.agreements[0]!.signatureImageUrl!).pathname;
    const thumb = new URL(alpha.reportCards[0]!.photos[0]!.thumbnailUrl);
    const mine = await get(image, { cookie: w.robin.cookie });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('image/png');
    await mine.arrayBuffer();
    expect((await get(image, { cookie: w.kim.cookie })).status).toBe(404);
    const photo = await get(thumb.pathname + thumb.search, { cookie: w.robin.cookie });
    expect(photo.status).toBe(200);
    await photo.arrayBuffer();
    expect((await get(thumb.pathname + thumb.search, { cookie: w.kim.cookie })).status).toBe(404);
  });

  it('signed out: to sign in, and nothing is read', async () => {
    const res = await get('/account/export.json');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
    const stale = await get('/account/export.json', { cookie: `__Host-pawtal_session=${randomToken(32)}` });
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toBe('/sign-in');
  });
});

describe('dataExportStatements', () => {
  it('every statement reads only rows of the session’s own client records (SQL scoping, before any filtering in code)', async () => {
    const statements = dataExportStatements(db as unknown as Db, { tokenHash: w.robin.tokenHash, now: Date.now() });
    const names = Object.keys(statements) as (keyof typeof statements)[];
    const answers = await db.batch(Object.values(statements) as unknown as Parameters<typeof db.batch>[0]);
    const rows = Object.fromEntries(names.map((name, i) => [name, answers[i] as unknown as Record<string, unknown>[]]));
    const robinClients = new Set([...w.robin.clientIds, w.robin.closedClientId]);
    const robinPets = new Set((rows.pets ?? []).map((p) => p.id as string));
    expect(robinPets).toEqual(
      new Set([w.robin.atAlpha.pet.id, w.robin.atBeta.pet.id, ...(rows.pets ?? []).filter((p) => p.name === 'HiddenAtClosed').map((p) => p.id as string)]),
    );
    for (const name of names) {
      for (const row of rows[name] ?? []) {
        if ('clientId' in row) expect(robinClients, `${name} row of ${String(row.clientId)}`).toContain(row.clientId);
        if ('petId' in row) expect(robinPets, `${name} row of pet ${String(row.petId)}`).toContain(row.petId);
      }
    }
    const kim = w.kim.atAlpha;
    const text = JSON.stringify(rows);
    for (const id of [...kim.ownIds, kim.draft.id, w.robin.atAlpha.draft.id]) expect(text).not.toContain(id);
    expect(rows.clients!.map((c) => c.id).sort()).toEqual([...robinClients].sort());
  });
});

describe('GET /account/export.html', () => {
  it('is a page of the site with the same content for a person: pets, vaccinations, visits, agreements with signature image and audit trail, card thumbnails, credit; one round trip, never cached', async () => {
    const res = await get('/account/export.html', { cookie: w.robin.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(roundTrips(res)).toBe('1');
    const html = await res.text();
    const r = w.robin.atAlpha;
    expect(html).toContain('<h1 id="export-heading">Your data</h1>');
    for (const text of [
      'Pet-RA',
      'Pet-RB',
      'Rabies-RA',
      'Bath-RA',
      'Nails-RA',
      'Notes-RA',
      'Alpha text: I agree.',
      'Agent-RA',
      '203.0.113.7',
      'Mood-RA',
      'Credit-RA',
      'Package-RA',
      'Plan-RA',
      'Class-RA',
      w.closed.name,
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain(`src="/c/${r.pet.clientId}/agreements/`);
    expect(html).toContain(`/signed/${r.signatureId}/image"`);
    expect(html).toContain(`src="/c/${r.pet.clientId}/report-cards/${r.sent.id}/photos/${r.photo.id}?size=thumb"`);
    expect(html).toContain('href="/account/export.json"');
    // The weight in the business's unit (pounds in the US), as the pet's page writes it.
    expect(html).toContain(formatWeight(21_500, 'lb', 'en-US'));
    for (const text of ['Pet-KA', 'Mood-KA', 'Draft-RA', 'HiddenAtClosed', w.kim.clientId]) expect(html).not.toContain(text);
  });

  it('signed out: to sign in', async () => {
    const res = await get('/account/export.html');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });
});

describe('GET /account: "Your data"', () => {
  it('links to both downloads as plain links', async () => {
    const html = await (await get('/account', { cookie: w.robin.cookie })).text();
    expect(html).toContain('<h2 id="your-data-heading">Your data</h2>');
    expect(html).toMatch(/<a href="\/account\/export\.json" download="" hx-boost="false">Download your data \(JSON file\)<\/a>/);
    expect(html).toContain('<a href="/account/export.html">Your data as a printable page</a>');
  });
});

describe('buildExportDocument: the limits', () => {
  it('keeps the newest EXPORT_LIMITS.appointments and names the list in `truncated`', { timeout: 60_000 }, () => {
    const clientId = 'cli_capped';
    const empty = {
      pets: [],
      vaccinations: [],
      uploads: [],
      appointmentPets: [],
      serviceLines: [],
      addOnLines: [],
      signatures: [],
      cards: [],
      photos: [],
      credit: [],
      balances: [],
      packages: [],
      memberships: [],
      enrollments: [],
      classSessions: [],
    };
    const start = Date.UTC(2026, 0, 1);
    const appointments = Array.from({ length: EXPORT_LIMITS.appointments + 1 }, (_, i) => ({
      id: `apt_${String(i).padStart(5, '0')}`,
      clientId,
      serviceType: 'daycare',
      status: 'finished',
      declinedByBusiness: false,
      startsAt: new Date(start - i * DAY),
      endsAt: new Date(start - i * DAY + 3_600_000),
      notes: null,
      cancelReason: null,
      onlinePaymentKind: null,
      onlinePaymentMinor: null,
      onlinePaymentCurrency: null,
      depositRequiredMinor: null,
      vaccinationRecordNeeded: false,
      createdAt: new Date(start),
      updatedAt: new Date(start),
    }));
    const rows = {
      ...empty,
      account: [{ id: 'acc_capped', phoneE164: '+12065550100', email: null, hasPassword: false, createdAt: new Date(start) }],
      clients: [
        {
          id: clientId,
          firstName: 'Cap',
          lastName: 'Ped',
          phoneE164: '+12065550100',
          email: null,
          createdAt: new Date(start),
          businessId: 'biz_capped',
          businessName: 'Capped',
          businessPhone: null,
          businessAddress: null,
        },
      ],
      appointments,
    } as unknown as ExportRows;
    const doc = buildExportDocument({
      rows,
      available: [{ clientId, business: { id: 'biz_capped', name: 'Capped', timeZone: 'UTC', currency: 'USD', locale: 'en-US', country: 'US' } }],
      notAvailable: [],
      origin: '',
      now: start,
    });
    expect(doc.truncated).toEqual(['appointments']);
    expect(doc.businesses[0]!.appointments).toHaveLength(EXPORT_LIMITS.appointments);
    expect(doc.businesses[0]!.appointments.at(-1)!.id).toBe(`apt_${String(EXPORT_LIMITS.appointments - 1).padStart(5, '0')}`);
  });
});

describe('jsonPieces', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes', () => {
    const value = {
      a: [],
      b: {},
      c: [1, 'two', null, true, { d: 'é “quoted” \n line', e: [[], [{}]] }],
      f: undefined,
      g: new Date(Date.UTC(2026, 0, 1)),
      h: -0.5,
    };
    expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
    expect([...jsonPieces([])].join('')).toBe('[]');
    expect([...jsonPieces('x')].join('')).toBe('"x"');
  });

  it('jsonStream sends a big document in several chunks that join to the same JSON', async () => {
    const big = { items: Array.from({ length: 5_000 }, (_, i) => ({ id: `apt_${i}`, notes: 'x'.repeat(40) })) };
    const reader = jsonStream(big as unknown as ExportDocument).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks += 1;
      text += decoder.decode(r.value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(`${JSON.stringify(big, null, 2)}\n`);
  });
});

describe('GET /account/export.html in Spanish', () => {
  it('is the same page in Spanish, dates and words; the records themselves as they are', async () => {
    const res = await get('/account/export.html', { cookie: w.robin.cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="export-heading">Sus datos</h1>');
    for (const text of [
      'Todo lo que Pawtal guarda sobre usted',
      'Sus datos registrados',
      'Vacunas',
      'Acuerdos firmados',
      'Saldo a favor',
      'Especie',
      'perro',
      'Pet-RA',
      'Mood-RA',
    ]) {
      expect(html).toContain(text);
    }
    // The vaccination expires on 2099-05-01: a Spanish month name.
    expect(html).toMatch(/vence el [^<]*may/);
    expect(html).not.toContain('Everything Pawtal holds about you');
    expect(html).not.toContain('Your details on file');
    // The JSON file keeps its documented field names.
    const json = (await (await get('/account/export.json', { cookie: w.robin.cookie, headers: { 'accept-language': 'es' } })).json()) as ExportDocument;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['formatVersion', 'account', 'businesses', 'notAvailableYet']));
  });
});
