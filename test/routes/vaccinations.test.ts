/**
 * "Upload a vaccination certificate" through the real Worker, libSQL and (miniflare's) R2: the
 * form on the pet's page, a photo or a PDF saved with its rows (status pending) under a
 * business-scoped key, each refusal at its field with what was typed kept and nothing saved (a
 * text file named .pdf, an 11 MB file, a missing name, a bad date), the submission key saving one
 * upload for a double tap, the pet page's "waiting / verified / not accepted" and tenancy.
 */
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import { newId } from '../../src/domain/ids';
import { createBusiness, createClientRecord, createPet, db, signedInAs } from '../helpers/factories';
import { ORIGIN, get } from '../helpers/http';
import { makePng } from '../helpers/png';

async function parent() {
  const business = await createBusiness({ name: `Happy Tails ${newId('x').slice(-4)}` });
  const client = await createClientRecord(business.id, { firstName: 'Jo', lastName: 'Parent' });
  const pet = await createPet(client, { name: 'Biscuit' });
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, pet, cookie };
}

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PHOTO = await makePng({ width: 40, height: 30 });

function uploadForm(fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type: string }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', file ? new File([file.bytes], file.name, { type: file.type }) : new File([], '', { type: 'application/octet-stream' }));
  return fd;
}

function post(path: string, body: FormData, cookie: string) {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie }, body, redirect: 'manual' }),
  );
}

const uploadsOf = (petId: string) => db.select().from(schema.vaccinationUploads).where(eq(schema.vaccinationUploads.petId, petId));
const notificationsOf = (businessId: string) => db.select().from(schema.businessNotifications).where(eq(schema.businessNotifications.businessId, businessId));
const objectsOf = async (businessId: string) => (await env.PHOTOS.list({ prefix: `vaccinations/${businessId}/` })).objects;
const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];
const keyOf = (html: string) => /name="key" value="([A-Za-z0-9_-]+)"/.exec(html)?.[1];

describe('GET /c/:clientId/pets/:petId/vaccinations/new', () => {
  it('is linked from the pet page and shows the form: the file and a few vaccine rows', async () => {
    const { client, pet, cookie } = await parent();
    const petPage = await (await get(`/c/${client.id}/pets/${pet.id}`, { cookie })).text();
    expect(petPage).toContain(`href="/c/${client.id}/pets/${pet.id}/vaccinations/new"`);
    expect(petPage).toContain('Upload a vaccination certificate');
    const res = await get(`/c/${client.id}/pets/${pet.id}/vaccinations/new`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('name="file"');
    expect(html).toContain('name="name_1"');
    expect(html).toContain('name="expires_4"');
    expect(keyOf(html)).toBeTruthy();
  });

  it('is 404 for a pet of another client or another business', async () => {
    const { client, cookie } = await parent();
    const otherClient = await createClientRecord(client.businessId);
    const theirs = await createPet(otherClient);
    const otherBusiness = await createBusiness();
    const foreign = await createPet(await createClientRecord(otherBusiness.id));
    for (const id of [theirs.id, foreign.id, 'no-such-pet']) {
      expect((await get(`/c/${client.id}/pets/${id}/vaccinations/new`, { cookie })).status).toBe(404);
      const res = await post(
        `/c/${client.id}/pets/${id}/vaccinations/new`,
        uploadForm({ name_1: 'Rabies', expires_1: '2030-01-01' }, { bytes: PDF, name: 'c.pdf', type: 'application/pdf' }),
        cookie,
      );
      expect(res.status).toBe(404);
    }
    expect(await uploadsOf(theirs.id)).toHaveLength(0);
    expect(await uploadsOf(foreign.id)).toHaveLength(0);
    expect(await objectsOf(client.businessId)).toHaveLength(0);
  });
});

describe('POST /c/:clientId/pets/:petId/vaccinations/new', () => {
  it('saves a PDF and its rows as pending, and the pet page says it waits for the business', async () => {
    const { business, client, pet, cookie } = await parent();
    const path = `/c/${client.id}/pets/${pet.id}/vaccinations/new`;
    const res = await post(
      path,
      uploadForm(
        { name_1: 'Rabies', expires_1: '2029-05-01', name_2: 'DHPP', expires_2: '2027-02-10' },
        { bytes: PDF, name: 'cert.pdf', type: 'application/pdf' },
      ),
      cookie,
    );
    expect(res.status).toBe(303);
    const [upload] = await uploadsOf(pet.id);
    expect(upload).toMatchObject({ businessId: business.id, clientId: client.id, status: 'pending', contentType: 'application/pdf', sizeBytes: PDF.length });
    expect(JSON.parse(upload!.entries)).toEqual([
      { name: 'Rabies', expiresOn: '2029-05-01' },
      { name: 'DHPP', expiresOn: '2027-02-10' },
    ]);
    expect(upload!.objectKey.startsWith(`vaccinations/${business.id}/${pet.id}/`)).toBe(true);
    const stored = await env.PHOTOS.get(upload!.objectKey);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(PDF);
    expect(stored!.httpMetadata?.contentType).toBe('application/pdf');
    expect(res.headers.get('location')).toBe(`/c/${client.id}/pets/${pet.id}?uploaded=1#upload-${upload!.id}`);
    const page = await (await get(`/c/${client.id}/pets/${pet.id}?uploaded=1`, { cookie })).text();
    expect(page).toContain('Certificate uploaded. The business will check it.');
    expect(page).toContain(`Waiting for ${business.name} to check`);
    expect(page).toContain('Rabies (expires May 1, 2029)');
  });

  it('takes a photo (the type from its bytes, whatever the browser says)', async () => {
    const { pet, client, cookie } = await parent();
    const res = await post(
      `/c/${client.id}/pets/${pet.id}/vaccinations/new`,
      uploadForm({ name_1: 'Rabies', expires_1: '2028-01-01' }, { bytes: PHOTO, name: 'IMG_0001', type: 'application/octet-stream' }),
      cookie,
    );
    expect(res.status).toBe(303);
    expect((await uploadsOf(pet.id)).map((u) => u.contentType)).toEqual(['image/png']);
  });

  it('refuses a text file named .pdf at the file field, keeps what was typed and saves nothing', async () => {
    const { business, pet, client, cookie } = await parent();
    const res = await post(
      `/c/${client.id}/pets/${pet.id}/vaccinations/new`,
      uploadForm(
        { name_1: 'Rabies', expires_1: '2028-01-01' },
        { bytes: new TextEncoder().encode('Rabies valid until 2028\n'), name: 'certificate.pdf', type: 'application/pdf' },
      ),
      cookie,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, 'certificate-file')).toContain('neither a photo nor a PDF');
    expect(html).toContain('value="Rabies"');
    expect(html).toContain('value="2028-01-01"');
    expect(await uploadsOf(pet.id)).toHaveLength(0);
    expect(await objectsOf(business.id)).toHaveLength(0);
  });

  it('refuses an 11 MB file at the file field (the body itself is let through), saving nothing', async () => {
    const { business, pet, client, cookie } = await parent();
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(PDF);
    const res = await post(
      `/c/${client.id}/pets/${pet.id}/vaccinations/new`,
      uploadForm({ name_1: 'Rabies', expires_1: '2028-01-01' }, { bytes: big, name: 'big.pdf', type: 'application/pdf' }),
      cookie,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, 'certificate-file')).toContain('10 MB or less');
    expect(html).toContain('value="Rabies"');
    expect(await uploadsOf(pet.id)).toHaveLength(0);
    expect(await objectsOf(business.id)).toHaveLength(0);
  });

  it.each([
    [{ expires_1: '2028-01-01' }, 'vaccine-name_1', 'Enter the vaccine’s name'],
    [{ name_1: 'Rabies', expires_1: '2028-02-31' }, 'vaccine-expires_1', 'as a date'],
    [{ name_1: 'Rabies', expires_1: '2015-01-01' }, 'vaccine-expires_1', 'more than 5 years ago'],
    [{}, 'entries', 'at least one vaccine'],
  ])('refuses %j at %s, saving nothing', async (fields, id, message) => {
    const { business, pet, client, cookie } = await parent();
    const res = await post(
      `/c/${client.id}/pets/${pet.id}/vaccinations/new`,
      uploadForm(fields as Record<string, string>, { bytes: PDF, name: 'c.pdf', type: 'application/pdf' }),
      cookie,
    );
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), id)).toContain(message);
    expect(await uploadsOf(pet.id)).toHaveLength(0);
    expect(await objectsOf(business.id)).toHaveLength(0);
  });

  it('asks for the file when none was chosen', async () => {
    const { pet, client, cookie } = await parent();
    const res = await post(`/c/${client.id}/pets/${pet.id}/vaccinations/new`, uploadForm({ name_1: 'Rabies', expires_1: '2028-01-01' }), cookie);
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), 'certificate-file')).toContain('Choose the certificate');
  });

  it('saves one upload for a double tap or a resend of the same form (its key), and leaves one file', async () => {
    const { business, pet, client, cookie } = await parent();
    const path = `/c/${client.id}/pets/${pet.id}/vaccinations/new`;
    const key = keyOf(await (await get(path, { cookie })).text())!;
    const send = () =>
      post(path, uploadForm({ key, name_1: 'Rabies', expires_1: '2028-01-01' }, { bytes: PDF, name: 'c.pdf', type: 'application/pdf' }), cookie);
    const taps = await Promise.all([send(), send()]);
    expect(taps.map((r) => r.status)).toEqual([303, 303]);
    expect((await send()).status).toBe(303);
    const uploads = await uploadsOf(pet.id);
    expect(uploads.map((u) => u.id)).toEqual([`vup_${key}`]);
    expect((await objectsOf(business.id)).map((o) => o.key)).toEqual([uploads[0]!.objectKey]);
    // And the business is told once, not three times.
    expect(await notificationsOf(business.id)).toHaveLength(1);
  });

  it('tells the business in its notifications (in English, whatever the parent reads), and the console lists it', async () => {
    const { business, pet, client, cookie } = await parent();
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/c/${client.id}/pets/${pet.id}/vaccinations/new`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie, 'accept-language': 'es' },
        body: uploadForm(
          { name_1: 'Rabies', expires_1: '2029-05-01', name_2: 'DHPP', expires_2: '2027-02-10' },
          { bytes: PDF, name: 'c.pdf', type: 'application/pdf' },
        ),
        redirect: 'manual',
      }),
    );
    expect(res.status).toBe(303);
    const notes = await notificationsOf(business.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      kind: 'certificate_uploaded',
      clientId: client.id,
      summary: 'Jo Parent sent a vaccination certificate for Biscuit (Rabies, DHPP) to review.',
    });
  });

  it('tells nobody when the upload is refused', async () => {
    const { business, pet, client, cookie } = await parent();
    const res = await post(`/c/${client.id}/pets/${pet.id}/vaccinations/new`, uploadForm({ name_1: 'Rabies', expires_1: '2029-05-01' }), cookie);
    expect(res.status).toBe(422);
    expect(await notificationsOf(business.id)).toHaveLength(0);
  });

  it('shows "verified" and "not accepted: <reason>" once the business decided', async () => {
    const { business, pet, client, cookie } = await parent();
    const base = { businessId: business.id, clientId: client.id, petId: pet.id, contentType: 'application/pdf', sizeBytes: 10, objectKey: 'x' };
    await db.insert(schema.vaccinationUploads).values([
      {
        ...base,
        id: newId('vup'),
        entries: '[{"name":"Rabies","expiresOn":"2028-01-01"}]',
        status: 'accepted',
        uploadedAt: new Date(Date.now() - 2000),
        decidedAt: new Date(),
      },
      {
        ...base,
        id: newId('vup'),
        entries: '[{"name":"DHPP","expiresOn":"2028-01-01"}]',
        status: 'rejected',
        rejectReason: 'The photo is blurred',
        uploadedAt: new Date(Date.now() - 1000),
        decidedAt: new Date(),
      },
    ]);
    await db
      .insert(schema.petVaccinations)
      .values({ id: newId('vac'), businessId: business.id, petId: pet.id, name: 'Rabies', expiresOn: '2028-01-01', verifiedAt: new Date() });
    const html = await (await get(`/c/${client.id}/pets/${pet.id}`, { cookie })).text();
    expect(html).toContain('Not accepted: The photo is blurred');
    expect(html.match(/Verified/g)?.length).toBe(2); // the upload and the vaccination on record
  });
});

describe('vaccination certificates in Spanish', () => {
  const es = { 'accept-language': 'es' };

  it('shows the form in Spanish, refuses with Spanish messages, and lists the upload in Spanish', async () => {
    const { business, client, pet, cookie } = await parent();
    const path = `/c/${client.id}/pets/${pet.id}/vaccinations/new`;
    const res = await get(path, { cookie, headers: es });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<title>Certificado de vacunación · Biscuit · Pawtal</title>');
    expect(html).toContain('<h1 id="upload-heading">Subir un certificado de vacunación</h1>');
    expect(html).toContain(`Una foto del certificado de Biscuit o su PDF, y lo que dice: ${business.name} lo compara`);
    expect(html).toContain('Vencimiento de la vacuna 1');
    expect(html).toContain('← Volver a Biscuit');
    expect(html).not.toContain('Upload a vaccination certificate');

    const send = (fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type: string }) =>
      exports.default.fetch(
        new Request(`${ORIGIN}${path}`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie, ...es },
          body: uploadForm(fields, file),
          redirect: 'manual',
        }),
      );
    const refused = await send({ name_1: 'Rabies', expires_1: '' });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('Revise los 2 campos marcados abajo. No se guardó nada.');
    expect(errorAt(page, 'certificate-file')).toBe('Elija el certificado: una foto de él o un PDF.');
    expect(errorAt(page, 'vaccine-expires_1')).toBe('Escriba la fecha de vencimiento como aparece en el certificado.');
    expect(page).not.toContain('Nothing was saved');
    expect(await uploadsOf(pet.id)).toHaveLength(0);

    const saved = await send({ name_1: 'Rabies', expires_1: '2029-05-01' }, { bytes: PDF, name: 'cert.pdf', type: 'application/pdf' });
    expect(saved.status).toBe(303);
    const petPage = await (await get(`/c/${client.id}/pets/${pet.id}?uploaded=1`, { cookie, headers: es })).text();
    expect(petPage).toContain('Certificado subido. El negocio lo revisará.');
    expect(petPage).toContain('Rabies (vence el 1 may 2029)');
    expect(petPage).toContain(`Esperando la revisión de ${business.name}`);
    expect(petPage).not.toContain('Waiting for');
  });
});
