/**
 * Property-based fuzzing (fast-check) of the parent forms hardened for issue 16 — add a pet,
 * sign an agreement, the account's email and password, sign-in by phone and by email —
 * through the real Worker, Durable Objects and libSQL server. Random and hostile values (unicode of every kind, RTL
 * and zero-width characters, NUL, overlong text, impossible dates, negative and huge numbers,
 * missing and repeated fields). Properties: never a 5xx; a refusal (4xx) writes nothing; an
 * accepted pet reads back as typed. Seeded and bounded (a few hundred requests in all), so a
 * failure replays exactly and CI stays fast; fast-check prints the shrunk counterexample.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { createBusiness, createClientRecord, db, signedInAs } from '../helpers/factories';
import { newId, sha256Hex } from '../../src/domain/ids';
import { lineProblem } from '../../src/domain/name-text';
import { postForm } from '../helpers/http';
import { accountRow, freshIp, parentWithPassword } from '../helpers/credentials';
import { formOf, runs } from '../helpers/fuzz';

/**
 * The write property of a form that adds one row: a refusal (4xx) added nothing and gives
 * undefined; an acceptance is a 303 that added exactly one row, which it gives.
 */
function addedByAnswer<T>(res: Response, added: T[]): T | undefined {
  if (res.status >= 400) {
    expect(added).toEqual([]);
    return undefined;
  }
  expect(res.status).toBe(303);
  expect(added).toHaveLength(1);
  return added[0];
}

/** A parent with one client record, signed in on this browser just now (a recent sign-in). */
async function signedInParent(names: { firstName?: string; lastName?: string } = {}) {
  const business = await createBusiness();
  const client = await createClientRecord(business.id, names);
  return { business, client, ...(await signedInAs(client.phoneE164)) };
}

describe('fuzz: add a pet', () => {
  it('never answers 5xx; a refusal saves nothing; an accepted pet reads back as typed', async () => {
    const { client, cookie } = await signedInParent({ firstName: 'Fuzz', lastName: 'Parent' });
    const pets = () => db.select().from(schema.pets).where(eq(schema.pets.clientId, client.id));
    const fields = formOf(
      ['name', 'species', 'breed', 'sex', 'birthday', 'weight', 'colour', 'spayedNeutered', 'vetName', 'vetPhone', 'medications', 'feeding', 'behaviourNotes'],
      {
        name: ['Rex', 'Ünal 🐾', 'ベル', 'Mr. Biscuits', 'مشمش'],
        species: ['dog', 'cat', 'other'],
        sex: ['unknown', 'female', 'male'],
        birthday: ['', '2020-02-29', '2019-12-31'],
        weight: ['', '12.5', '3', '0,4'],
        spayedNeutered: ['', 'yes', 'no'],
        breed: ['', 'Border Collie'],
        vetName: ['', 'Dr. Ngata'],
        feeding: ['', 'Twice a day\nNo chicken'],
      },
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fields, async (form) => {
        const before = new Set((await pets()).map((p) => p.id));
        const res = await postForm(`/c/${client.id}/pets/new`, form, { cookie });
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        const pet = addedByAnswer(
          res,
          (await pets()).filter((p) => !before.has(p.id)),
        );
        if (!pet) return;
        expect(res.headers.get('location')).toBe(`/c/${client.id}/pets/${pet.id}?added=1`);
        const typed = form.filter(([k]) => k === 'name').map(([, v]) => v.replace(/\r\n/g, '\n').trim());
        expect(typed).toContain(pet.name);
        // What was accepted is a name staff can read: something visible, no control characters.
        expect(lineProblem(pet.name, { name: true })).toBeNull();
        accepted += 1;
      }),
      runs(120),
    );
    // The generator reaches the accepted path too, not only refusals.
    expect(accepted).toBeGreaterThan(5);
  });
});

describe('fuzz: sign an agreement', () => {
  it('never answers 5xx; a refusal stores no signature; an accepted one has a visible, control-free signer name', async () => {
    const { business, client, cookie } = await signedInParent({ firstName: 'Fuzz', lastName: 'Parent' });
    const body = 'Dogs are walked twice a day.';
    const textSha256 = await sha256Hex(body);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        formOf(['versionId', 'textSha256', 'consent', 'drawn', 'typedName'], {
          versionId: ['current'],
          textSha256: [textSha256],
          consent: ['yes'],
          drawn: [''],
          // The client's full name (as on file, in other case and spacing): the typed signature must be it.
          typedName: ['Fuzz Parent', 'fuzz  parent', 'FUZZPARENT'],
        }),
        async (form) => {
          // A new agreement each time: a version is signed once, and refusals must leave it unsigned.
          const agreementId = newId('agr');
          const versionId = newId('agv');
          await db.insert(schema.agreements).values({ id: agreementId, businessId: business.id, title: 'Rules', createdAt: new Date() });
          await db
            .insert(schema.agreementVersions)
            .values({ id: versionId, businessId: business.id, agreementId, version: 1, body, publishedAt: new Date(Date.now() - 1000) });
          const fields = form.map(([k, v]): [string, string] => [k, k === 'versionId' && v === 'current' ? versionId : v]);
          const res = await postForm(`/c/${client.id}/agreements/${agreementId}`, fields, { cookie, headers: { 'cf-connecting-ip': freshIp() } });
          expect(res.status).toBeLessThan(500);
          await res.arrayBuffer();
          const signed = await db.select().from(schema.agreementSignatures).where(eq(schema.agreementSignatures.agreementVersionId, versionId));
          const signature = addedByAnswer(res, signed);
          if (!signature) return;
          expect(lineProblem(signature.signerName, { name: true })).toBeNull();
          accepted += 1;
        },
      ),
      runs(60),
    );
    expect(accepted).toBeGreaterThan(5);
  });
});

describe('fuzz: the account’s email and password', () => {
  it('POST /account/email never answers 5xx and never changes the email (only the code does)', async () => {
    const me = await signedInParent();
    const taken = await parentWithPassword();
    const email = ['robin@example.com', 'ROBIN+pets@Example.COM', taken.email, ` ${taken.email.toUpperCase()} `];
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(formOf(['email'], { email }), async (form) => {
        const res = await postForm('/account/email', form, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
        expect(res.status).toBeLessThan(500);
        expect([303, 422, 429]).toContain(res.status);
        statuses.add(res.status);
        await res.arrayBuffer();
        expect((await accountRow(me.accountId)).email).toBeNull();
        expect((await accountRow(taken.accountId)).email).toBe(taken.email);
      }),
      runs(80),
    );
    expect([...statuses].sort()).toEqual([303, 422, 429]);
  });

  it('POST /account/password never answers 5xx; a refusal leaves the password as it was', async () => {
    const me = await signedInParent({ firstName: 'Robin', lastName: 'Parker' });
    const form = formOf(['email', 'password', 'from'], {
      email: ['robin@example.com', 'Robin@Example.com '],
      password: ['mossy teapot orbit 42', 'password', 'Robin Parker'],
      from: ['account', ''],
    });
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const before = (await accountRow(me.accountId)).passwordHash;
        const res = await postForm('/account/password', fields, { cookie: me.cookie, headers: { 'cf-connecting-ip': freshIp() } });
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        const after = await accountRow(me.accountId);
        if (res.status === 422) expect(after.passwordHash).toBe(before);
        expect(after.email).toBeNull();
      }),
      runs(60),
    );
  });
});

describe('fuzz: sign-in', () => {
  it('POST /sign-in (phone) never answers 5xx; a refused number starts nothing', async () => {
    await fc.assert(
      fc.asyncProperty(formOf(['phone'], { phone: ['+14155550123', '(415) 555-0123', '+44 20 7946 0958'] }), async (form) => {
        const res = await postForm('/sign-in', form, { headers: { 'cf-connecting-ip': freshIp() } });
        expect(res.status).toBeLessThan(500);
        expect([303, 422, 429]).toContain(res.status);
        if (res.status === 422) expect(res.headers.getSetCookie().join('\n')).not.toContain('pawtal_signin=');
        await res.arrayBuffer();
      }),
      runs(80),
    );
  });

  it('POST /sign-in/email never answers 5xx and never signs in with a wrong password', async () => {
    const known = await parentWithPassword();
    const form = formOf(['email', 'password'], { email: [known.email, 'nobody@example.com'], password: ['mossy teapot orbit 43', 'hunter2'] });
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const res = await postForm('/sign-in/email', fields, { headers: { 'cf-connecting-ip': freshIp() } });
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        // The generated passwords are never the account's, so no attempt may succeed.
        expect(res.status).not.toBe(303);
      }),
      runs(40),
    );
  });
});
