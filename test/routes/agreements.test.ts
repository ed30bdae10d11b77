/**
 * Agreements (SPEC §9) through the real Worker, libSQL and R2: the list with status and
 * version, the full text and the sign form, signing by typed name and by drawing, the signed
 * copy with its audit trail and image, the refusals (nothing saved), a new version asking for
 * a new signature, tenancy (foreign ids → 404), one round trip per page, and no route that
 * alters a signature.
 */
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import { newId, sha256Hex } from '../../src/domain/ids';
import { NAME_MESSAGES } from '../../src/domain/name-text';
import { SIGN_MESSAGES } from '../../src/domain/signature';
import { withSignatureStored } from '../../src/routes/agreements';
import { createBusiness, createClientRecord, db, signedInAs } from '../helpers/factories';
import { ORIGIN, get, postForm } from '../helpers/http';
import { makePng, toDataUrl } from '../helpers/png';

const DAY = 86_400_000;
const UA = 'Mozilla/5.0 (Linux; Android 14) AgreementsTest/1.0';

async function createAgreement(businessId: string, title: string, bodies: string[], publishedAt = Date.now() - 30 * DAY) {
  const agreementId = newId('agr');
  await db.insert(schema.agreements).values({ id: agreementId, businessId, title, createdAt: new Date(publishedAt) });
  const versions = [];
  for (const [i, body] of bodies.entries()) versions.push(await addVersion(businessId, agreementId, i + 1, body, publishedAt + i * DAY));
  return { agreementId, versions };
}

async function addVersion(businessId: string, agreementId: string, version: number, body: string, publishedAt = Date.now()) {
  const id = newId('agv');
  await db.insert(schema.agreementVersions).values({ id, businessId, agreementId, version, body, publishedAt: new Date(publishedAt) });
  return { id, version, body };
}

async function parent() {
  const business = await createBusiness();
  const client = await createClientRecord(business.id, { firstName: 'Jamie', lastName: 'Rivera' });
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, cookie };
}

/** The agreement page's text as the browser shows it, and the form's hidden fields. */
async function openAgreement(clientId: string, agreementId: string, cookie: string) {
  const res = await get(`/c/${clientId}/agreements/${agreementId}`, { cookie });
  expect(res.status).toBe(200);
  const html = await res.text();
  // The text as rendered (domain/agreement-text.ts: paragraphs, lists), its markup kept to check the escaping.
  const shown = html.match(/<div class="agreement-text" id="agreement-text">([\s\S]*?)<\/div>/)![1]!;
  const versionId = html.match(/name="versionId" value="([^"]+)"/)![1]!;
  const textSha256 = html.match(/name="textSha256" value="([^"]+)"/)![1]!;
  return { html, shown, versionId, textSha256, res };
}

function sign(clientId: string, agreementId: string, cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return postForm(`/c/${clientId}/agreements/${agreementId}`, fields, {
    cookie,
    headers: { 'cf-connecting-ip': '203.0.113.7', 'user-agent': UA, ...headers },
  });
}

async function signaturesOf(clientId: string) {
  return db.select().from(schema.agreementSignatures).where(eq(schema.agreementSignatures.clientId, clientId));
}

async function storedSignatures(businessId: string) {
  return (await env.PHOTOS.list({ prefix: `signatures/${businessId}/` })).objects;
}

const TEXT = 'Boarding agreement\n\n1. Fido’s vaccinations are up to date & “current”.\n2. <Owner> pays on pick-up.';

describe('GET /c/:clientId/agreements', () => {
  it('lists the business’s agreements with version and status ("To sign" / "Signed on <date>"); one round trip', async () => {
    const { business, client, cookie } = await parent();
    const waiver = await createAgreement(business.id, 'Liability waiver', ['v1 text', 'v2 text']);
    const policy = await createAgreement(business.id, 'Vaccination policy', ['Only vaccinated dogs.']);
    await db.insert(schema.agreementSignatures).values({
      id: newId('sig'),
      businessId: business.id,
      clientId: client.id,
      agreementVersionId: policy.versions[0]!.id,
      signerName: 'Jamie Rivera',
      method: 'typed',
      textSha256: await sha256Hex('Only vaccinated dogs.'),
      consentGiven: true,
      signedAt: new Date(Date.UTC(2030, 0, 15, 6)),
    });
    const res = await get(`/c/${client.id}/agreements`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
    const html = await res.text();
    expect(html).toContain('Liability waiver');
    expect(html).toContain('Version 2');
    expect(html).toContain('To sign');
    expect(html).toContain(`href="/c/${client.id}/agreements/${waiver.agreementId}"`);
    // 2030-01-15 06:00Z is 14 January in the business's zone (Seattle).
    expect(html).toContain('Signed on Mon, Jan 14, 2030');
  });

  it('shows an empty state when the business has no agreements', async () => {
    const { client, cookie } = await parent();
    const html = await (await get(`/c/${client.id}/agreements`, { cookie })).text();
    expect(html).toContain('Nothing to sign.');
  });

  it('answers 404 for another client’s id and never lists another business’s agreements', async () => {
    const me = await parent();
    const other = await parent();
    await createAgreement(other.business.id, 'Their secret waiver', ['x']);
    expect((await get(`/c/${other.client.id}/agreements`, { cookie: me.cookie })).status).toBe(404);
    expect(await (await get(`/c/${me.client.id}/agreements`, { cookie: me.cookie })).text()).not.toContain('Their secret waiver');
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { client } = await parent();
    const res = await get(`/c/${client.id}/agreements`);
    expect(res.status).toBe(303);
  });
});

describe('GET /c/:clientId/agreements/:agreementId', () => {
  it('shows the full text of the newest version and the sign form with its version and text hash; one round trip', async () => {
    const { business, client, cookie } = await parent();
    const a = await createAgreement(business.id, 'Boarding agreement', ['old text', TEXT]);
    const { html, shown, versionId, textSha256, res } = await openAgreement(client.id, a.agreementId, cookie);
    expect(res.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
    // Every character escaped, the numbered lines a list: the stored text is never HTML.
    expect(shown).toBe('<p>Boarding agreement</p><ol><li>Fido’s vaccinations are up to date &amp; “current”.</li><li>&lt;Owner&gt; pays on pick-up.</li></ol>');
    expect(html).not.toContain('old text');
    expect(versionId).toBe(a.versions[1]!.id);
    expect(textSha256).toBe(await sha256Hex(TEXT));
    expect(html).toContain('Version 2');
    expect(html).toContain('I agree to sign electronically');
    // The typed name is always there (the only way without JS); the pad is hidden until JS shows it.
    expect(html).toContain('name="typedName"');
    expect(html).toMatch(/<div class="signature-pad" data-signature-pad="true" hidden="">/);
  });

  it('answers 404 for another business’s agreement and for an unknown or malformed id', async () => {
    const me = await parent();
    const other = await parent();
    const theirs = await createAgreement(other.business.id, 'Theirs', ['secret terms']);
    const res = await get(`/c/${me.client.id}/agreements/${theirs.agreementId}`, { cookie: me.cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret terms');
    expect((await get(`/c/${me.client.id}/agreements/agr_nope`, { cookie: me.cookie })).status).toBe(404);
    expect((await get(`/c/${me.client.id}/agreements/${'x'.repeat(80)}`, { cookie: me.cookie })).status).toBe(404);
  });
});

describe('POST /c/:clientId/agreements/:agreementId', () => {
  describe('signed by typed name (no JavaScript)', () => {
    it('stores the audit trail: the hash equals SHA-256 of the stored text shown, UTC time, IP, user agent, version; then shows the signed copy', async () => {
      const { business, client, cookie } = await parent();
      const a = await createAgreement(business.id, 'Boarding agreement', ['first', TEXT]);
      const { versionId, textSha256 } = await openAgreement(client.id, a.agreementId, cookie);
      const before = Date.now();
      const res = await sign(client.id, a.agreementId, cookie, { versionId, textSha256, consent: 'yes', drawn: '', typedName: ' Jamie  Rivera ' });
      const after = Date.now();
      expect(res.status).toBe(303);
      const [row, ...rest] = await signaturesOf(client.id);
      expect(rest).toHaveLength(0);
      expect(row!.textSha256).toBe(await sha256Hex(TEXT));
      expect(row!.agreementVersionId).toBe(a.versions[1]!.id);
      expect(row!.signerName).toBe('Jamie Rivera');
      expect(row!.method).toBe('typed');
      expect(row!.signatureKey).toBeNull();
      expect(row!.consentGiven).toBe(true);
      expect(row!.signedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(row!.signedAt.getTime()).toBeLessThanOrEqual(after);
      expect(row!.ipAddress).toBe('203.0.113.7');
      expect(row!.userAgent).toBe(UA);
      expect(row!.businessId).toBe(business.id);
      const notes = await db.select().from(schema.businessNotifications).where(eq(schema.businessNotifications.clientId, client.id));
      expect(notes.map((n) => n.kind)).toEqual(['agreement_signed']);

      const location = res.headers.get('location')!;
      expect(location).toBe(`/c/${client.id}/agreements/${a.agreementId}/signed/${row!.id}?signed=1`);
      const copy = await get(location, { cookie });
      expect(copy.status).toBe(200);
      expect(copy.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
      const html = await copy.text();
      expect(html).toContain('Boarding agreement — signed copy');
      expect(html).toContain('<p class="typed-signature">Jamie Rivera</p>');
      expect(html).toContain('Typed name');
      expect(html).toContain(row!.signedAt.toISOString());
      // The business-local time names its zone as people say it, not as an IANA id.
      expect(html).toMatch(/\(\w{3}, [^)]+ (AM|PM) [A-Z][a-z]+ Time\)|\([^)]+ [A-Z][a-z]+( [A-Z][a-z]+)* Time\)/);
      expect(html).not.toMatch(/\d (AM|PM)? ?[A-Z][a-z]+\/[A-Z]/);
      expect(html).toContain('203.0.113.7');
      expect(html).toContain(UA);
      expect(html).toContain(`<code>${row!.textSha256}</code>`);
      expect(html).toContain('Version 2');
      expect(html).not.toContain('/image"');

      // The agreement now links its signed copy instead of the form, and the list says when.
      const again = await (await get(`/c/${client.id}/agreements/${a.agreementId}`, { cookie })).text();
      expect(again).not.toContain('name="versionId"');
      expect(again).toContain(`/signed/${row!.id}`);
      expect(await (await get(`/c/${client.id}/agreements`, { cookie })).text()).toContain('Signed on');
    });
  });

  describe('signed by drawing', () => {
    it('stores the PNG in R2 under signatures/, and serves it only to the signer', async () => {
      const { business, client, cookie } = await parent();
      const a = await createAgreement(business.id, 'Grooming consent', ['Clip as needed.']);
      const { versionId, textSha256 } = await openAgreement(client.id, a.agreementId, cookie);
      const png = await makePng();
      const res = await sign(client.id, a.agreementId, cookie, { versionId, textSha256, consent: 'yes', drawn: toDataUrl(png), typedName: '' });
      expect(res.status).toBe(303);
      const [row] = await signaturesOf(client.id);
      expect(row!.method).toBe('drawn');
      expect(row!.signerName).toBe('Jamie Rivera');
      expect(row!.signatureKey).toMatch(new RegExp(`^signatures/${business.id}/${client.id}/`));
      const object = await env.PHOTOS.get(row!.signatureKey!);
      expect(new Uint8Array(await object!.arrayBuffer())).toEqual(png);

      const copyHref = `/c/${client.id}/agreements/${a.agreementId}/signed/${row!.id}`;
      const html = await (await get(copyHref, { cookie })).text();
      expect(html).toContain(`src="${copyHref}/image"`);
      expect(html).toContain('Drawn signature');
      const image = await get(`${copyHref}/image`, { cookie });
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await image.arrayBuffer())).toEqual(png);

      const stranger = await parent();
      expect((await get(`${copyHref}/image`, { cookie: stranger.cookie })).status).toBe(404);
      expect((await get(`/c/${stranger.client.id}/agreements/${a.agreementId}/signed/${row!.id}`, { cookie: stranger.cookie })).status).toBe(404);
      expect((await get(`/c/${stranger.client.id}/agreements/${a.agreementId}/signed/${row!.id}/image`, { cookie: stranger.cookie })).status).toBe(404);
      expect((await get(`${copyHref}/image`)).status).toBe(303);
    });
  });

  describe('refusals (nothing saved)', () => {
    async function setup() {
      const p = await parent();
      const a = await createAgreement(p.business.id, 'Daycare rules', [TEXT]);
      const opened = await openAgreement(p.client.id, a.agreementId, p.cookie);
      return { ...p, a, opened };
    }

    async function expectNothingSaved(clientId: string, businessId: string) {
      expect(await signaturesOf(clientId)).toHaveLength(0);
      expect(await storedSignatures(businessId)).toHaveLength(0);
    }

    it('without consent: 422 with the consent message, the typed name kept', async () => {
      const { client, business, cookie, a, opened } = await setup();
      const res = await sign(client.id, a.agreementId, cookie, { versionId: opened.versionId, textSha256: opened.textSha256, typedName: 'Jamie Rivera' });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<p class="error" id="consent-error" role="alert">${SIGN_MESSAGES.consent}</p>`);
      expect(html).toContain('value="Jamie Rivera"');
      await expectNothingSaved(client.id, business.id);
    });

    it('records "unknown" for a client address that is not an IP address (never the header as sent)', async () => {
      const { client, cookie, a, opened } = await setup();
      const fields = { versionId: opened.versionId, textSha256: opened.textSha256, consent: 'yes', drawn: '', typedName: 'Jamie Rivera' };
      const res = await sign(client.id, a.agreementId, cookie, fields, { 'cf-connecting-ip': '6.6.6.6<script>' });
      expect(res.status).toBe(303);
      const [row] = await signaturesOf(client.id);
      expect(row!.ipAddress).toBe('unknown');
    });

    it.each([
      ['only invisible characters', '\u200b\u200d\u2060', NAME_MESSAGES.invisible],
      ['a NUL character', 'Jamie\u0000Rivera', NAME_MESSAGES.control],
      ['a control character', 'Jamie\u001bRivera', NAME_MESSAGES.control],
    ])('with a typed name of %s: 422 at the field, nothing saved', async (_what, typedName, message) => {
      const { client, business, cookie, a, opened } = await setup();
      const res = await sign(client.id, a.agreementId, cookie, {
        versionId: opened.versionId,
        textSha256: opened.textSha256,
        consent: 'yes',
        drawn: '',
        typedName,
      });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(`<p class="error" id="signature-error" role="alert">${message}</p>`);
      await expectNothingSaved(client.id, business.id);
    });

    it('with an empty signature (neither drawn nor typed): 422', async () => {
      const { client, business, cookie, a, opened } = await setup();
      const res = await sign(client.id, a.agreementId, cookie, {
        versionId: opened.versionId,
        textSha256: opened.textSha256,
        consent: 'yes',
        drawn: '',
        typedName: '  ',
      });
      expect(res.status).toBe(422);
      // Posted without the pad's flag (no JS): the words ask only for typing.
      expect(await res.text()).toContain(`<p class="error" id="signature-error" role="alert">${SIGN_MESSAGES.emptyTyped}</p>`);
      await expectNothingSaved(client.id, business.id);
    });

    it('with a blank drawn pad: 422', async () => {
      const { client, business, cookie, a, opened } = await setup();
      const blank = toDataUrl(await makePng({ ink: false }));
      const res = await sign(client.id, a.agreementId, cookie, { versionId: opened.versionId, textSha256: opened.textSha256, consent: 'yes', drawn: blank });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(SIGN_MESSAGES.blank);
      await expectNothingSaved(client.id, business.id);
    });

    it('with an image that is not a PNG: 422', async () => {
      const { client, business, cookie, a, opened } = await setup();
      const fields = { versionId: opened.versionId, textSha256: opened.textSha256, consent: 'yes' };
      const jpeg = await sign(client.id, a.agreementId, cookie, { ...fields, drawn: 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==' });
      expect(jpeg.status).toBe(422);
      expect(await jpeg.text()).toContain(SIGN_MESSAGES.notPng);
      // Declared PNG, but the bytes are not.
      const fake = await sign(client.id, a.agreementId, cookie, { ...fields, drawn: `data:image/png;base64,${btoa(`GIF89a${'x'.repeat(100)}`)}` });
      expect(fake.status).toBe(422);
      expect(await fake.text()).toContain(SIGN_MESSAGES.notPng);
      await expectNothingSaved(client.id, business.id);
    });

    it('with a PNG over 200 KB: 422', async () => {
      const { client, business, cookie, a, opened } = await setup();
      const big = await makePng({ width: 1000, height: 400, noise: true });
      expect(big.length).toBeGreaterThan(200 * 1024);
      const res = await sign(client.id, a.agreementId, cookie, {
        versionId: opened.versionId,
        textSha256: opened.textSha256,
        consent: 'yes',
        drawn: toDataUrl(big.slice(0, 210 * 1024)),
      });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(SIGN_MESSAGES.tooLarge);
      await expectNothingSaved(client.id, business.id);
    });

    it('when the version changed since the page was loaded: 409, the new text shown with a new form, nothing saved', async () => {
      const { client, business, cookie, a, opened } = await setup();
      await addVersion(business.id, a.agreementId, 2, 'Daycare rules, revised: pick-up by 6 pm.');
      const res = await sign(client.id, a.agreementId, cookie, {
        versionId: opened.versionId,
        textSha256: opened.textSha256,
        consent: 'yes',
        typedName: 'Jamie Rivera',
      });
      expect(res.status).toBe(409);
      const html = await res.text();
      expect(html).toContain(SIGN_MESSAGES.changed);
      expect(html).toContain('Daycare rules, revised: pick-up by 6 pm.');
      expect(html).toContain('Sign version 2');
      await expectNothingSaved(client.id, business.id);
    });

    it('when the posted text hash is not the text’s: 409, nothing saved', async () => {
      const { client, business, cookie, a, opened } = await setup();
      const res = await sign(client.id, a.agreementId, cookie, {
        versionId: opened.versionId,
        textSha256: 'f'.repeat(64),
        consent: 'yes',
        typedName: 'Jamie Rivera',
      });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain(SIGN_MESSAGES.changed);
      await expectNothingSaved(client.id, business.id);
    });

    it('a version already signed: 409 "already signed", the first signature unchanged and no second image kept', async () => {
      const { client, business, cookie, a, opened } = await setup();
      const fields = { versionId: opened.versionId, textSha256: opened.textSha256, consent: 'yes' };
      expect((await sign(client.id, a.agreementId, cookie, { ...fields, typedName: 'Jamie Rivera' })).status).toBe(303);
      const [first] = await signaturesOf(client.id);
      const res = await sign(client.id, a.agreementId, cookie, { ...fields, drawn: toDataUrl(await makePng()) });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain(SIGN_MESSAGES.alreadySigned);
      expect(await signaturesOf(client.id)).toEqual([first]);
      expect(await storedSignatures(business.id)).toHaveLength(0);
    });

    it('another business’s agreement: 404, nothing saved', async () => {
      const { client, business, cookie, opened } = await setup();
      const other = await parent();
      const theirs = await createAgreement(other.business.id, 'Theirs', ['terms']);
      const res = await sign(client.id, theirs.agreementId, cookie, {
        versionId: opened.versionId,
        textSha256: opened.textSha256,
        consent: 'yes',
        typedName: 'Jamie',
      });
      expect(res.status).toBe(404);
      await expectNothingSaved(client.id, business.id);
    });
  });

  it('a new version asks for a new signature; the earlier signed copy stays viewable', async () => {
    const { business, client, cookie } = await parent();
    const a = await createAgreement(business.id, 'Liability waiver', ['Version one terms.']);
    const v1 = await openAgreement(client.id, a.agreementId, cookie);
    expect(
      (await sign(client.id, a.agreementId, cookie, { versionId: v1.versionId, textSha256: v1.textSha256, consent: 'yes', typedName: 'Jamie Rivera' })).status,
    ).toBe(303);
    const [old] = await signaturesOf(client.id);
    await addVersion(business.id, a.agreementId, 2, 'Version two terms.');
    const list = await (await get(`/c/${client.id}/agreements`, { cookie })).text();
    expect(list).toContain('To sign (new version)');
    const v2 = await openAgreement(client.id, a.agreementId, cookie);
    expect(v2.shown).toBe('<p>Version two terms.</p>');
    expect(v2.html).toContain(`/signed/${old!.id}`);
    expect(
      (await sign(client.id, a.agreementId, cookie, { versionId: v2.versionId, textSha256: v2.textSha256, consent: 'yes', typedName: 'Jamie Rivera' })).status,
    ).toBe(303);
    const rows = await signaturesOf(client.id);
    expect(rows).toHaveLength(2);
    const copy = await (await get(`/c/${client.id}/agreements/${a.agreementId}/signed/${old!.id}`, { cookie })).text();
    expect(copy).toContain('Version one terms.');
    expect(copy).toContain(`<code>${await sha256Hex('Version one terms.')}</code>`);
  });

  it('has no route that alters or deletes a signature', async () => {
    const { business, client, cookie } = await parent();
    const a = await createAgreement(business.id, 'Waiver', ['Terms.']);
    const v = await openAgreement(client.id, a.agreementId, cookie);
    await sign(client.id, a.agreementId, cookie, { versionId: v.versionId, textSha256: v.textSha256, consent: 'yes', typedName: 'Jamie Rivera' });
    const [row] = await signaturesOf(client.id);
    const copyHref = `/c/${client.id}/agreements/${a.agreementId}/signed/${row!.id}`;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await exports.default.fetch(
        new Request(ORIGIN + copyHref, {
          method,
          headers: { cookie, origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
          body: 'signerName=Someone+else',
          redirect: 'manual',
        }),
      );
      expect(res.status, method).toBe(404);
    }
    expect(await signaturesOf(client.id)).toEqual([row]);
  });
});

describe('page weight', () => {
  async function gzipSize(text: string): Promise<number> {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return (await new Response(stream).arrayBuffer()).byteLength;
  }

  it('keeps the agreement page and the signed copy of a long (7 KB) agreement within 14,600 bytes gzip', async () => {
    const { business, client, cookie } = await parent();
    const clauses = Array.from(
      { length: 40 },
      (_, i) =>
        `${i + 1}. Clause ${i + 1}: the owner confirms item ${i * 7 + 3} of the house rules and accepts fee schedule ${String.fromCharCode(65 + (i % 26))}.`,
    );
    const body = clauses.join('\n');
    expect(body.length).toBeGreaterThan(3500);
    const a = await createAgreement(business.id, 'Long waiver', [`${body}\n${body.split('').reverse().join('')}`]);
    const opened = await openAgreement(client.id, a.agreementId, cookie);
    expect(await gzipSize(opened.html)).toBeLessThanOrEqual(14_600);
    const res = await sign(client.id, a.agreementId, cookie, {
      versionId: opened.versionId,
      textSha256: opened.textSha256,
      consent: 'yes',
      drawn: toDataUrl(await makePng()),
    });
    expect(res.status).toBe(303);
    const copy = await (await get(res.headers.get('location')!, { cookie })).text();
    expect(await gzipSize(copy)).toBeLessThanOrEqual(14_600);
  });
});

describe('withSignatureStored (PNG to R2 first, then the row)', () => {
  it('keeps the image when the row is written, deletes it when nothing is written or the write fails', async () => {
    const png = await makePng();
    const key = (n: string) => `signatures/test-${newId('t')}/${n}.png`;
    const kept = key('kept');
    expect(await withSignatureStored(env.PHOTOS, { key: kept, png }, async () => true)).toBe(true);
    expect(await env.PHOTOS.head(kept)).not.toBeNull();

    const unwritten = key('unwritten');
    expect(
      await withSignatureStored(env.PHOTOS, { key: unwritten, png }, async () => {
        expect(await env.PHOTOS.head(unwritten)).not.toBeNull(); // stored before the row is written
        return false;
      }),
    ).toBe(false);
    expect(await env.PHOTOS.head(unwritten)).toBeNull();

    const failed = key('failed');
    await expect(
      withSignatureStored(env.PHOTOS, { key: failed, png }, async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(await env.PHOTOS.head(failed)).toBeNull();

    expect(await withSignatureStored(env.PHOTOS, null, async () => true)).toBe(true);
  });
});

describe('in Spanish (Accept-Language: es)', () => {
  const ES = { 'accept-language': 'es' };

  it('shows the list, the agreement and its sign form in Spanish, the business’s own text untranslated', async () => {
    const { business, client, cookie } = await parent();
    const a = await createAgreement(business.id, 'Liability waiver', ['Dogs must be vaccinated.']);
    const list = await get(`/c/${client.id}/agreements`, { cookie, headers: ES });
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('<html lang="es"');
    expect(listHtml).toContain('<h1 id="agreements-heading">Acuerdos</h1>');
    expect(listHtml).toContain('Versión 1');
    expect(listHtml).toContain('Por firmar');
    expect(listHtml).toContain('Liability waiver');
    expect(listHtml).not.toContain('To sign');

    const page = await get(`/c/${client.id}/agreements/${a.agreementId}`, { cookie, headers: ES });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Dogs must be vaccinated.');
    expect(html).toContain('Acepto firmar electrónicamente');
    expect(html).toContain('aria-label="Área de firma"');
    expect(html).toContain('Como lo tiene el negocio: Jamie Rivera');
    expect(html).toContain('Firmar la versión 1');
    expect(html).not.toContain('I agree to sign electronically');
  });

  it('refuses in Spanish: without consent and with a name that is not the one on file (422), nothing saved', async () => {
    const { business, client, cookie } = await parent();
    const a = await createAgreement(business.id, 'Daycare rules', [TEXT]);
    const { versionId, textSha256 } = await openAgreement(client.id, a.agreementId, cookie);
    const res = await sign(client.id, a.agreementId, cookie, { versionId, textSha256, typedName: 'J' }, ES);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Marque la casilla para aceptar firmar electrónicamente.');
    expect(html).toContain('Escriba su nombre completo como lo tiene el negocio: Jamie Rivera.');
    expect(html).not.toContain('Tick the box to agree to sign electronically.');
    expect(await signaturesOf(client.id)).toHaveLength(0);
  });

  it('shows the signed copy’s audit trail in Spanish; what is stored stays as it was', async () => {
    const { business, client, cookie } = await parent();
    const a = await createAgreement(business.id, 'Boarding agreement', [TEXT]);
    const { versionId, textSha256 } = await openAgreement(client.id, a.agreementId, cookie);
    const res = await sign(client.id, a.agreementId, cookie, { versionId, textSha256, consent: 'yes', drawn: '', typedName: 'Jamie Rivera' }, ES);
    expect(res.status).toBe(303);
    const [row] = await signaturesOf(client.id);
    expect(row!.method).toBe('typed');
    const notes = await db.select().from(schema.businessNotifications).where(eq(schema.businessNotifications.clientId, client.id));
    expect(notes[0]!.summary).toContain('signed “Boarding agreement” (version 1)');
    const copy = await get(res.headers.get('location')!, { cookie, headers: ES });
    expect(copy.status).toBe(200);
    const html = await copy.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Boarding agreement: copia firmada');
    expect(html).toContain('Firmado. Gracias: ya se le avisó al negocio.');
    expect(html).toContain('Registro de auditoría');
    expect(html).toContain('<dd>Nombre escrito</dd>');
    expect(html).toContain('Dirección IP');
    expect(html).toContain(`<code>${row!.textSha256}</code>`);
    expect(html).not.toContain('Audit trail');
  });
});
