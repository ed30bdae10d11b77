/**
 * Vaccination certificates in the console through the real Worker, libSQL and R2: the list of
 * uploads waiting (oldest first), the review page with the certificate beside the typed rows,
 * the access-checked document route (type, inline, nosniff, framable only by our own pages),
 * Accept with corrections (the pet's record updated by name, case-insensitive, or added;
 * verified and linked), two Accepts at once changing the record once (409 for the other),
 * Reject with a required reason the parent sees, an audit row per decision, and tenancy.
 */
import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '../../../src/db/schema';
import { newId } from '../../../src/domain/ids';
import { createBusiness, createClientRecord, createPet, db, signedInAs } from '../../helpers/factories';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');

async function setUp() {
  const business = await createBusiness();
  const client = await createClientRecord(business.id, { firstName: 'Jo', lastName: 'Parent' });
  const pet = await createPet(client, { name: 'Biscuit' });
  const account = await createStaffAccount({ businessId: business.id, role: 'staff', name: 'Dee Desk' });
  const { cookie } = await staffSignedIn(account.id);
  return { business, client, pet, account, cookie };
}

async function upload(
  pet: { id: string; businessId: string; clientId: string },
  opts: { entries?: { name: string; expiresOn: string }[]; contentType?: string; bytes?: Uint8Array; uploadedAt?: Date } = {},
) {
  const id = newId('vup');
  const objectKey = `vaccinations/${pet.businessId}/${pet.id}/${newId('doc')}`;
  const bytes = opts.bytes ?? PDF;
  const contentType = opts.contentType ?? 'application/pdf';
  await env.PHOTOS.put(objectKey, bytes, { httpMetadata: { contentType } });
  await db.insert(schema.vaccinationUploads).values({
    id,
    businessId: pet.businessId,
    clientId: pet.clientId,
    petId: pet.id,
    objectKey,
    contentType,
    sizeBytes: bytes.length,
    entries: JSON.stringify(opts.entries ?? [{ name: 'Rabies', expiresOn: '2029-05-01' }]),
    uploadedAt: opts.uploadedAt ?? new Date(),
  });
  return id;
}

const uploadRow = async (id: string) => (await db.select().from(schema.vaccinationUploads).where(eq(schema.vaccinationUploads.id, id)))[0]!;
const vaccinationsOf = (petId: string) => db.select().from(schema.petVaccinations).where(eq(schema.petVaccinations.petId, petId));
const auditOf = (businessId: string) =>
  db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.businessId, businessId), eq(schema.auditLog.recordType, 'vaccination_upload')));
const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];

describe('/manage/:businessId/vaccinations', () => {
  it('lists the uploads waiting, oldest first, with client, pet and when; each opens its review', async () => {
    const { business, client, pet, cookie } = await setUp();
    const other = await createPet(client, { name: 'Alfie' });
    const newer = await upload(pet, { uploadedAt: new Date(Date.now() - 60_000) });
    const older = await upload(other, { uploadedAt: new Date(Date.now() - 3_600_000) });
    const res = await get(`/manage/${business.id}/vaccinations`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('aria-current="page"');
    expect(html.indexOf(`upload-${older}`)).toBeLessThan(html.indexOf(`upload-${newer}`));
    expect(html).toContain(`href="/manage/${business.id}/vaccinations/${older}"`);
    expect(html).toContain('Alfie');
    expect(html).toContain('Jo Parent');
  });

  it('shows the review: the PDF in a frame with a download link, beside the typed rows', async () => {
    const { business, pet, cookie } = await setUp();
    const id = await upload(pet, { entries: [{ name: 'Rabies', expiresOn: '2029-05-01' }] });
    const res = await get(`/manage/${business.id}/vaccinations/${id}`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<iframe src="/manage/${business.id}/vaccinations/${id}/document"`);
    expect(html).toContain(`href="/manage/${business.id}/vaccinations/${id}/document?download=1"`);
    expect(html).toContain('name="name_1" type="text" value="Rabies"');
    expect(html).toContain('value="2029-05-01"');
    expect(html).toContain(`action="/manage/${business.id}/vaccinations/${id}/accept"`);
    expect(html).toContain(`action="/manage/${business.id}/vaccinations/${id}/reject"`);
    // The review page itself is framed by nobody.
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('streams the certificate inline with its type, nosniff, framable by our own pages only', async () => {
    const { business, pet, cookie } = await setUp();
    const id = await upload(pet);
    const res = await get(`/manage/${business.id}/vaccinations/${id}/document`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="certificate.pdf"');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
    const download = await get(`/manage/${business.id}/vaccinations/${id}/document?download=1`, { cookie });
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="certificate.pdf"');
    await download.arrayBuffer();
    // Only staff: a parent's session (or none) does not reach it.
    const parent = await signedInAs((await db.select().from(schema.clients).where(eq(schema.clients.id, pet.clientId)))[0]!.phoneE164);
    const asParent = await get(`/manage/${business.id}/vaccinations/${id}/document`, { cookie: parent.cookie });
    expect(asParent.status).not.toBe(200);
  });

  it('accepts with corrections: updates the same-named vaccination (any case), adds the others, marks them verified; the parent sees it', async () => {
    const { business, client, pet, cookie, account } = await setUp();
    const existing = newId('vac');
    await db.insert(schema.petVaccinations).values({ id: existing, businessId: business.id, petId: pet.id, name: 'Rabies', expiresOn: '2026-01-01' });
    const id = await upload(pet, {
      entries: [
        { name: 'rabies', expiresOn: '2029-05-01' },
        { name: 'DHPP', expiresOn: '2027-01-01' },
      ],
    });
    // Staff correct DHPP's date (the parent misread it).
    const res = await postForm(
      `/manage/${business.id}/vaccinations/${id}/accept`,
      { name_1: 'rabies', expires_1: '2029-05-01', name_2: 'DHPP', expires_2: '2027-02-01' },
      { cookie },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/manage/${business.id}/vaccinations/${id}?done=accepted`);
    const rows = await vaccinationsOf(pet.id);
    expect(rows.map((r) => [r.name, r.expiresOn, r.uploadId, r.verifiedAt !== null]).sort()).toEqual([
      ['DHPP', '2027-02-01', id, true],
      ['Rabies', '2029-05-01', id, true],
    ]);
    expect(rows.find((r) => r.name === 'Rabies')?.id).toBe(existing);
    const decided = await uploadRow(id);
    expect(decided).toMatchObject({ status: 'accepted', decidedBy: account.id });
    expect(decided.decidedAt).not.toBeNull();
    expect((await auditOf(business.id)).map((a) => [a.action, a.recordId, a.detail])).toEqual([
      ['vaccination.accept', id, 'Accepted: rabies 2029-05-01; DHPP 2027-02-01'],
    ]);
    const page = await (await get(`/manage/${business.id}/vaccinations/${id}?done=accepted`, { cookie })).text();
    expect(page).toContain('Accepted by Dee Desk');
    expect(page).not.toContain(`/accept"`);
    const parent = await signedInAs(client.phoneE164);
    const petPage = await (await get(`/c/${client.id}/pets/${pet.id}`, { cookie: parent.cookie })).text();
    expect(petPage).toContain('<span class="status s-confirmed">Verified</span>');
  });

  it('refuses bad rows at their field (422) and changes nothing', async () => {
    const { business, pet, cookie } = await setUp();
    const id = await upload(pet);
    const res = await postForm(`/manage/${business.id}/vaccinations/${id}/accept`, { name_1: '', expires_1: '2029-05-01' }, { cookie });
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), 'review-name_1')).toContain('Enter the vaccine’s name');
    expect((await uploadRow(id)).status).toBe('pending');
    expect(await vaccinationsOf(pet.id)).toHaveLength(0);
  });

  it('changes the record once when Accept is sent twice at the same moment: the other answers 409 "already accepted"', async () => {
    const { business, pet, cookie } = await setUp();
    const second = await staffSignedIn((await createStaffAccount({ businessId: business.id })).id);
    const id = await upload(pet, { entries: [{ name: 'Rabies', expiresOn: '2029-05-01' }] });
    const form = { name_1: 'Rabies', expires_1: '2029-05-01' };
    const answers = await Promise.all([
      postForm(`/manage/${business.id}/vaccinations/${id}/accept`, form, { cookie }),
      postForm(`/manage/${business.id}/vaccinations/${id}/accept`, form, { cookie: second.cookie }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    const conflict = answers.find((r) => r.status === 409)!;
    expect(await conflict.text()).toContain('already accepted: nothing was changed');
    expect(await vaccinationsOf(pet.id)).toHaveLength(1);
    expect(await auditOf(business.id)).toHaveLength(1);
    // Later, from an old page: the same.
    const late = await postForm(`/manage/${business.id}/vaccinations/${id}/reject`, { reason: 'Too late' }, { cookie });
    expect(late.status).toBe(409);
    expect((await uploadRow(id)).status).toBe('accepted');
  });

  it('rejects only with a reason, which the parent sees', async () => {
    const { business, client, pet, cookie } = await setUp();
    const id = await upload(pet);
    const empty = await postForm(`/manage/${business.id}/vaccinations/${id}/reject`, { reason: '  ' }, { cookie });
    expect(empty.status).toBe(422);
    expect(errorAt(await empty.text(), 'reject-reason')).toContain('Say why');
    expect((await uploadRow(id)).status).toBe('pending');
    const res = await postForm(`/manage/${business.id}/vaccinations/${id}/reject`, { reason: 'The expiry date is not readable' }, { cookie });
    expect(res.status).toBe(303);
    expect(await uploadRow(id)).toMatchObject({ status: 'rejected', rejectReason: 'The expiry date is not readable' });
    expect(await vaccinationsOf(pet.id)).toHaveLength(0);
    expect((await auditOf(business.id)).map((a) => a.action)).toEqual(['vaccination.reject']);
    const parent = await signedInAs(client.phoneE164);
    const petPage = await (await get(`/c/${client.id}/pets/${pet.id}`, { cookie: parent.cookie })).text();
    expect(petPage).toContain('Not accepted: The expiry date is not readable');
  });

  it('is 404 for an upload of another business, on every route, and changes nothing', async () => {
    const { business, cookie } = await setUp();
    const other = await createBusiness();
    const theirPet = await createPet(await createClientRecord(other.id));
    const id = await upload(theirPet);
    const base = `/manage/${business.id}/vaccinations/${id}`;
    expect((await get(base, { cookie })).status).toBe(404);
    expect((await get(`${base}/document`, { cookie })).status).toBe(404);
    expect((await postForm(`${base}/accept`, { name_1: 'Rabies', expires_1: '2029-05-01' }, { cookie })).status).toBe(404);
    expect((await postForm(`${base}/reject`, { reason: 'No' }, { cookie })).status).toBe(404);
    // Nor through the other business's URL without being its member.
    expect((await get(`/manage/${other.id}/vaccinations/${id}`, { cookie })).status).toBe(404);
    expect((await uploadRow(id)).status).toBe('pending');
    expect(await vaccinationsOf(theirPet.id)).toHaveLength(0);
    const list = await (await get(`/manage/${business.id}/vaccinations`, { cookie })).text();
    expect(list).not.toContain(id);
  });
});
