/**
 * The tenancy suite (SPEC §12, issue 16), generated from the app's route table: every route
 * whose path takes an id is requested, signed in as a parent, with another client's id of the
 * same business, another business's id and a well-formed id that does not exist — and must
 * answer 404. POST routes get a same-origin form that would be accepted by the id's owner,
 * and must write nothing (every row of both businesses reads back the same). Each route is
 * first requested with the parent's own ids, which must not be 404, so a 404 below means the
 * id was refused and not that the fixture is wrong.
 *
 * The cases come from `app.routes`: a route with an id parameter the suite has no fixture for
 * (or a POST route with no form) fails the first test by name, so adding a route means adding
 * its case here. What is out of scope is listed in OUT_OF_SCOPE with the reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { eq, getTableColumns, inArray, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { app } from '../../src/app';
import { entryField } from '../../src/domain/vaccination-upload';
import * as schema from '../../src/db/schema';
import { newId, sha256Hex } from '../../src/domain/ids';
import { createAppointment, db } from '../helpers/factories';
import { bookingParent, hiddenFields, localTime } from '../helpers/booking-factories';
import { appointmentsOf, groomingChoice, query, reviewForm, setup, submit, type Pairs, type Setup } from '../helpers/booking-flow';
import { get, postForm, postMultipart } from '../helpers/http';
import { makePng } from '../helpers/png';

const DAY = 86_400_000;

interface Route {
  method: string;
  path: string;
}

/** Routes the suite does not request, and why. Checked in order; the first match wins. */
const OUT_OF_SCOPE: { rule: string; applies: (r: Route) => boolean; reason: string }[] = [
  { rule: 'ALL middleware', applies: (r) => r.method === 'ALL', reason: 'middleware mounts (ALL /*, /staff/*, /dev/*), not pages' },
  {
    rule: '/staff/…',
    applies: (r) => r.path.startsWith('/staff/'),
    reason: 'the staff API is a bearer-token API for the business, not a parent session (its own tests)',
  },
  { rule: '/dev/…', applies: (r) => r.path.startsWith('/dev/'), reason: 'development only: answers 404 outside APP_ENV=development (test/routes/dev.test.ts)' },
  { rule: '/healthz', applies: (r) => r.path === '/healthz', reason: 'no tenant data' },
  {
    rule: '/accent/:file, /logos/:businessId/:file',
    applies: (r) => r.path.startsWith('/accent/') || r.path.startsWith('/logos/'),
    reason: 'a business’s public look in the portal header (its colour, its logo’s copy), no client data (test/routes/manage/settings.test.ts)',
  },
  {
    rule: '/invite/:token…',
    applies: (r) => r.path.startsWith('/invite/:token'),
    reason: 'the token is a secret invitation link used before sign-in, not a tenant id (test/routes/invitations.test.ts)',
  },
  {
    rule: '/calendar/:file',
    applies: (r) => r.path === '/calendar/:file',
    reason: 'the calendar feed: its secret token is the key (no session, looked up by hash), not a tenant id (test/routes/calendar.test.ts)',
  },
  {
    rule: '/manage/:businessId…',
    applies: (r) => r.path.startsWith('/manage/:businessId'),
    reason: 'the business console: staff sessions, not parents; generated the same way in test/routes/manage/tenancy.test.ts',
  },
  {
    rule: '/manage/invite/:token',
    applies: (r) => r.path.startsWith('/manage/invite/:token'),
    reason: 'a staff invitation link: a secret token used before sign-in, not a tenant id (test/routes/manage/team.test.ts)',
  },
  {
    rule: '/account/passkeys/:passkeyId…, /manage/passkeys/:passkeyId…',
    applies: (r) => r.path.startsWith('/account/passkeys/:passkeyId') || r.path.startsWith('/manage/passkeys/:passkeyId'),
    reason:
      'a passkey is a person’s (parent or staff account), not a business’s record: another account’s passkey id answers 404 (test/routes/passkeys.test.ts, test/routes/manage/passkeys.test.ts)',
  },
  { rule: 'no id in the path', applies: (r) => !/:\w/.test(r.path), reason: 'nothing to swap: the route reads the signed-in account only' },
];

/** Every id parameter the suite can fill, with the prefix of a well-formed id that exists nowhere. */
const ID_PARAMS = {
  clientId: { prefix: 'cli', businessOwned: false },
  appointmentId: { prefix: 'apt', businessOwned: false },
  petId: { prefix: 'pet', businessOwned: false },
  cardId: { prefix: 'rc', businessOwned: false },
  photoId: { prefix: 'rcp', businessOwned: false },
  // An agreement is the business's, signed by each of its clients: another client of the same
  // business sees the same agreement, so only the other business's and a missing id apply.
  agreementId: { prefix: 'agr', businessOwned: true },
  signatureId: { prefix: 'sig', businessOwned: false },
} as const;
type IdParam = keyof typeof ID_PARAMS;
type Ids = Record<IdParam, string> & { stayId: string };

/** Routes whose appointment must be a stay in progress (the camera is only for one). */
const STAY_ROUTES = new Set(['GET /c/:clientId/appointments/:appointmentId/camera']);

/** The query a route needs to answer its owner (none for most). */
const QUERIES: Record<string, string> = {};

interface World {
  s: Setup;
  ids: Ids;
}

/**
 * The form each POST route with an id would accept from the id's owner, built as that owner
 * (their own signed-in browser): so if the route ever stops checking whose id it is, the case
 * writes and fails.
 */
/** Routes whose form carries a file: posted as multipart/form-data with this file as `file`. */
const FILES: Record<string, () => File> = {
  'POST /c/:clientId/pets/:petId/vaccinations/new': () =>
    new File([new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')], 'certificate.pdf', {
      type: 'application/pdf',
    }),
};

function multipart(fields: Pairs, file: File): FormData {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  body.append('file', file);
  return body;
}

const FORMS: Record<string, (w: World) => Promise<Pairs>> = {
  'POST /c/:clientId/appointments/:appointmentId/cancel': async () => [['version', '1']],
  'POST /c/:clientId/appointments/:appointmentId/reschedule': async ({ s, ids }) => {
    const moved = query([
      ['type', 'grooming'],
      ['start', String(localTime(6, s === own?.s ? '10:00' : '14:00'))],
      ['step', 'review'],
    ]);
    const res = await get(`/c/${s.client.id}/appointments/${ids.appointmentId}/reschedule?${moved}`, { cookie: s.cookie });
    expect(res.status).toBe(200);
    return hiddenFields(await res.text());
  },
  'POST /c/:clientId/book': async ({ s }) => {
    const review = await reviewForm(s, groomingChoice(s, localTime(5, s === own?.s ? '09:00' : '15:00')));
    expect(review.status).toBe(200);
    return review.fields;
  },
  'POST /c/:clientId/pets/new': async () => [
    ['name', 'Intruder'],
    ['species', 'dog'],
    ['sex', 'unknown'],
  ],
  // Sent with a real PDF (FILES below): a route that stopped checking whose pet it is would save it.
  'POST /c/:clientId/pets/:petId/vaccinations/new': async () => [
    ['key', 'tenancy-case-0000000000'],
    [entryField('name', 1), 'Rabies'],
    [entryField('expires', 1), '2031-01-01'],
  ],
  'POST /c/:clientId/agreements/:agreementId': async ({ s, ids }) => {
    const res = await get(`/c/${s.client.id}/agreements/${ids.agreementId}`, { cookie: s.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    return [
      ['versionId', html.match(/name="versionId" value="([^"]+)"/)![1]!],
      ['textSha256', html.match(/name="textSha256" value="([^"]+)"/)![1]!],
      ['consent', 'yes'],
      ['drawn', ''],
      ['typedName', 'Jo Booker'],
    ];
  },
};

function keyOf(r: Route): string {
  return `${r.method} ${r.path}`;
}

function paramsOf(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

const ROUTES: Route[] = [...new Map(app.routes.map((r) => [keyOf(r), { method: r.method, path: r.path }])).values()];
const outOfScope = (r: Route) => OUT_OF_SCOPE.find((o) => o.applies(r));
const IN_SCOPE = ROUTES.filter((r) => !outOfScope(r));

/** Why the suite cannot test a route, or undefined when it can. */
function missingCase(r: Route): string | undefined {
  const unknown = paramsOf(r.path).filter((p) => !(p in ID_PARAMS));
  if (unknown.length) return `new route with an id and no tenancy test: ${keyOf(r)} (no fixture for ${unknown.map((p) => `:${p}`).join(', ')})`;
  if (r.method !== 'GET' && !FORMS[keyOf(r)]) return `new route with an id and no tenancy test: ${keyOf(r)} (no form to post)`;
  if (r.method !== 'GET' && !ROUTES.some((g) => g.method === 'GET' && g.path === r.path)) {
    return `new route with an id and no tenancy test: ${keyOf(r)} (no GET of the same path to check the fixture)`;
  }
  return undefined;
}

const PNG = await makePng({ width: 64, height: 48 });

/** Puts a PNG into R2 under `key`. */
async function storedPng(key: string): Promise<string> {
  await env.PHOTOS.put(key, PNG, { httpMetadata: { contentType: 'image/png' } });
  return key;
}

/** One business's agreement: version 1 (which each client has signed) and version 2 (to sign). */
async function createAgreement(businessId: string) {
  const agreementId = newId('agr');
  const v1 = newId('agv');
  await db.insert(schema.agreements).values({ id: agreementId, businessId, title: 'House rules', createdAt: new Date(Date.now() - 3 * DAY) });
  await db.insert(schema.agreementVersions).values([
    { id: v1, businessId, agreementId, version: 1, body: 'Dogs are walked twice a day.', publishedAt: new Date(Date.now() - 2 * DAY) },
    { id: newId('agv'), businessId, agreementId, version: 2, body: 'Dogs are walked three times a day.', publishedAt: new Date(Date.now() - DAY) },
  ]);
  return { agreementId, v1, v1Body: 'Dogs are walked twice a day.' };
}

/**
 * Everything a parent of `s` can open: a pending grooming request booked through the real
 * flow at `start`, a boarding stay in progress with a camera room, a pet with a photo, a sent
 * report card with a photo, and a drawn signature of the business's agreement.
 */
async function worldOf(s: Setup, agreement: Awaited<ReturnType<typeof createAgreement>>, start: number): Promise<World> {
  const review = await reviewForm(s, groomingChoice(s, start));
  expect(review.status).toBe(200);
  expect((await submit(s, review.fields)).status).toBe(303);
  const [appointment] = await appointmentsOf(s.client.id);
  const stay = await createAppointment({
    client: s.client,
    pets: [s.lulu],
    serviceType: 'boarding',
    status: 'checked_in',
    startsAt: new Date(Date.now() - 2 * 60 * 60 * 1000),
    endsAt: new Date(Date.now() + DAY),
    cameraRoom: 'room-2',
  });
  const b = s.business.id;
  await db
    .update(schema.pets)
    .set({ photoKey: await storedPng(`pets/${b}/${s.rex.id}/${newId('img')}.png`) })
    .where(eq(schema.pets.id, s.rex.id));
  const cardId = newId('rc');
  await db.insert(schema.reportCards).values({
    id: cardId,
    businessId: b,
    clientId: s.client.id,
    petId: s.rex.id,
    mood: 'Happy',
    createdAt: new Date(Date.now() - DAY - 60_000),
    sentAt: new Date(Date.now() - DAY),
  });
  const photoId = newId('rcp');
  await db.insert(schema.reportCardPhotos).values({
    id: photoId,
    businessId: b,
    reportCardId: cardId,
    objectKey: await storedPng(`report-cards/${b}/${cardId}/${newId('img')}.png`),
    width: 64,
    height: 48,
  });
  const signatureId = newId('sig');
  await db.insert(schema.agreementSignatures).values({
    id: signatureId,
    businessId: b,
    clientId: s.client.id,
    agreementVersionId: agreement.v1,
    signerName: 'Jo Booker',
    method: 'drawn',
    signatureKey: await storedPng(`signatures/${b}/${s.client.id}/${signatureId}.png`),
    textSha256: await sha256Hex(agreement.v1Body),
    consentGiven: true,
    signedAt: new Date(Date.now() - DAY),
    ipAddress: '203.0.113.7',
    userAgent: 'TenancyTest/1.0',
  });
  return {
    s,
    ids: {
      clientId: s.client.id,
      appointmentId: appointment!.id,
      stayId: stay.id,
      petId: s.rex.id,
      cardId,
      photoId,
      agreementId: agreement.agreementId,
      signatureId,
    },
  };
}

/** Ids of the right shape that no row has. */
function missingIds(): Ids {
  const ids = Object.fromEntries(Object.entries(ID_PARAMS).map(([p, { prefix }]) => [p, newId(prefix)])) as Record<IdParam, string>;
  return { ...ids, stayId: newId('apt') };
}

/** Every row of the two businesses in every table with a business id, in one batch. */
async function rowsOf(businessIds: string[]) {
  const tables = (Object.values(schema) as unknown[]).filter(
    (t): t is SQLiteTable & { businessId: any } => is(t, SQLiteTable) && 'businessId' in getTableColumns(t),
  );
  const results = await db.batch(tables.map((t) => db.select().from(t).where(inArray(t.businessId, businessIds))) as [any, ...any[]]);
  return results.map((rows: any[]) => JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()));
}

let own: World | undefined;
let sibling: World;
let foreign: World;

beforeAll(async () => {
  const camera = { packagesEnabled: true, membershipsEnabled: true, groupClassesEnabled: true, idogcamFeedUrl: 'https://cam.example/live' };
  const a = await setup(camera);
  const b = await setup(camera);
  const agreementA = await createAgreement(a.business.id);
  own = await worldOf(a, agreementA, localTime(2, '10:00'));
  sibling = await worldOf({ ...a, ...(await bookingParent(a.business.id)) }, agreementA, localTime(2, '13:00'));
  foreign = await worldOf(b, await createAgreement(b.business.id), localTime(2, '10:00'));
});

/** The route's path with the parent's own ids up to `param`, and `other`'s from there on. */
function pathOf(r: Route, param: string | undefined, other: Ids): string {
  const params = paramsOf(r.path);
  const from = param ? params.indexOf(param) : params.length;
  const stay = STAY_ROUTES.has(keyOf(r));
  let i = 0;
  const path = r.path.replace(/:(\w+)/g, (_, name: IdParam) => {
    const ids = i++ < from ? own!.ids : other;
    return name === 'appointmentId' && stay ? ids.stayId : ids[name];
  });
  return path + (QUERIES[keyOf(r)] ?? '');
}

describe('tenancy: the route table', () => {
  it('has a case for every route with an id (a new route with an id must add its case here)', () => {
    const missing = IN_SCOPE.map(missingCase).filter((m): m is string => m !== undefined);
    expect(missing, missing.join('\n')).toEqual([]);
  });

  it('leaves out only middleware, the staff API, /dev, /healthz, the business’s colour and logo, invitation tokens and routes without an id', () => {
    const left = ROUTES.filter(outOfScope).map((r) => `${keyOf(r)} — ${outOfScope(r)!.reason}`);
    // Every route without an id is out of scope, and every route with one is in, unless a rule names it.
    for (const r of ROUTES) if (/:\w/.test(r.path) && !outOfScope(r)) expect(IN_SCOPE).toContain(r);
    expect(left.length + IN_SCOPE.length).toBe(ROUTES.length);
    expect(IN_SCOPE.length).toBeGreaterThan(20);
  });
});

describe('tenancy: a parent asking for ids that are not theirs gets 404', () => {
  for (const r of IN_SCOPE.filter((route) => !missingCase(route))) {
    const params = paramsOf(r.path);
    it(`${keyOf(r)}: another client's, another business's and a missing id all answer 404${r.method === 'POST' ? ', and nothing is written' : ''}`, async () => {
      // The parent's own ids open the page: the fixture is right, so the 404s below are refusals.
      const mine = await get(pathOf(r, undefined, own!.ids), { cookie: own!.s.cookie });
      await mine.arrayBuffer();
      expect(mine.status, `own ids: GET ${pathOf(r, undefined, own!.ids)}`).toBeLessThan(400);

      const cases: { label: string; path: string; owner: World }[] = [];
      for (const param of params as IdParam[]) {
        if (!ID_PARAMS[param].businessOwned) cases.push({ label: `another client's :${param}`, path: pathOf(r, param, sibling.ids), owner: sibling });
        cases.push({ label: `another business's :${param}`, path: pathOf(r, param, foreign.ids), owner: foreign });
        cases.push({ label: `a missing :${param}`, path: pathOf(r, param, missingIds()), owner: own! });
      }
      for (const c of cases) {
        if (r.method === 'GET') {
          const res = await get(c.path, { cookie: own!.s.cookie });
          await res.arrayBuffer();
          expect(res.status, `${c.label}: GET ${c.path}`).toBe(404);
          continue;
        }
        const form = await FORMS[keyOf(r)]!(c.owner);
        const before = await rowsOf([own!.s.business.id, foreign.s.business.id]);
        const file = FILES[keyOf(r)];
        const res = file
          ? await postMultipart(c.path, multipart(form, file()), { cookie: own!.s.cookie })
          : await postForm(c.path, form, { cookie: own!.s.cookie });
        await res.arrayBuffer();
        expect(res.status, `${c.label}: POST ${c.path}`).toBe(404);
        expect(await rowsOf([own!.s.business.id, foreign.s.business.id]), `${c.label}: POST ${c.path} wrote`).toEqual(before);
      }
    });
  }
});
