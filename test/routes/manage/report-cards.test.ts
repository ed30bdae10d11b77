/**
 * Report cards in the console through the real Worker, database and R2: a staff member writes a
 * draft (the parent does not see it), edits it, adds two photos in one submit, removes one, sends
 * it (the parent sees it with its photo, and a text with the link is in the outbox), corrects it
 * (the parent sees the new text, the audit says what changed); HEIC and oversized photos refused
 * at the field with nothing saved; another business's staff and cards are 404.
 */
import { env, exports } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '../../../src/db/schema';
import { newId } from '../../../src/domain/ids';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs } from '../../helpers/factories';
import { ORIGIN, get, postForm } from '../../helpers/http';
import { makePng } from '../../helpers/png';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

async function member(businessId: string, role: 'owner' | 'staff' = 'staff') {
  const account = await createStaffAccount({ businessId, role });
  return { account, ...(await staffSignedIn(account.id)) };
}

async function world() {
  const business = await createBusiness();
  const client = await createClientRecord(business.id);
  const pet = await createPet(client, { name: 'Biscuit' });
  const staff = await member(business.id);
  return { business, client, pet, staff };
}

type Upload = { bytes: Uint8Array; name: string; type: string };

function cardForm(fields: Record<string, string | string[]>, photos: Upload[] = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  if (photos.length) for (const p of photos) fd.append('photos', new File([p.bytes], p.name, { type: p.type }));
  else fd.append('photos', new File([], '', { type: 'application/octet-stream' }));
  return fd;
}

function postMultipart(path: string, body: FormData, cookie: string) {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie }, body, redirect: 'manual' }),
  );
}

const newPath = (w: Awaited<ReturnType<typeof world>>) => `/manage/${w.business.id}/clients/${w.client.id}/pets/${w.pet.id}/report-card`;
const cardsOf = (petId: string) => db.select().from(schema.reportCards).where(eq(schema.reportCards.petId, petId));
const photosOf = (cardId: string) => db.select().from(schema.reportCardPhotos).where(eq(schema.reportCardPhotos.reportCardId, cardId));
const objectsUnder = async (prefix: string) => (await env.PHOTOS.list({ prefix })).objects.map((o) => o.key);
const auditOf = (businessId: string) => db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, businessId));
const textsTo = (phone: string) => db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, phone));
const errorAt = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error" role="alert">([^<]+)</p>`).exec(html)?.[1];

/** Small real PNGs (the console's form body limit is the middleware's, see the report). */
const png = async (name: string, width = 24, height = 16): Promise<Upload> => ({ bytes: await makePng({ width, height }), name, type: 'image/png' });

/** An HEIC file's head: a box size, then "ftyp" and the "heic" brand at offset 4. */
const HEIC: Upload = {
  bytes: new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0, ...new TextEncoder().encode('mif1heic'), ...new Uint8Array(200)]),
  name: 'IMG_0001.HEIC',
  type: 'image/heic',
};

describe('console report cards', () => {
  it('drafts, edits, adds and removes photos, sends, and corrects a card; the parent sees only the sent card, at once', async () => {
    const w = await world();
    const { cookie } = w.staff;
    // Reached from the client's page (a link per pet) and the schedule (the list).
    const clientPage = await (await get(`/manage/${w.business.id}/clients/${w.client.id}`, { cookie })).text();
    expect(clientPage).toContain(`href="${newPath(w)}"`);
    expect(clientPage).toContain(`href="/manage/${w.business.id}/report-cards"`);
    expect(await (await get(`/manage/${w.business.id}/schedule`, { cookie })).text()).toContain(`href="/manage/${w.business.id}/report-cards"`);
    const form = await get(newPath(w), { cookie });
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('enctype="multipart/form-data"');
    expect(formHtml).toMatch(/<input[^>]*type="file"[^>]*multiple/);
    expect(formHtml).toContain('not HEIC');
    expect(formHtml).toContain('under 25 MB');

    // A draft.
    const created = await postMultipart(newPath(w), cardForm({ mood: 'Sleepy', activities: 'Nap by the window', intent: 'draft' }), cookie);
    expect(created.status).toBe(303);
    const [card] = await cardsOf(w.pet.id);
    expect(card).toMatchObject({ mood: 'Sleepy', activities: 'Nap by the window', sentAt: null, businessId: w.business.id, clientId: w.client.id });
    const cardPath = `/manage/${w.business.id}/report-cards/${card!.id}`;
    expect(created.headers.get('location')).toBe(`${cardPath}?done=draft`);
    expect(await (await get(`${cardPath}?done=draft`, { cookie })).text()).toContain('Draft saved.');

    const parent = await signedInAs(w.client.phoneE164);
    const portal = () => get(`/c/${w.client.id}/report-cards`, { cookie: parent.cookie }).then((r) => r.text());
    expect(await portal()).not.toContain('Nap by the window');
    const list = await (await get(`/manage/${w.business.id}/report-cards`, { cookie })).text();
    expect(list).toContain(`href="${cardPath}"`);

    // Edited, with two photos in one submit.
    const edit = await postMultipart(
      cardPath,
      cardForm({ mood: 'Happy', activities: 'Fetch', eating: 'All of lunch', intent: 'draft' }, [await png('a.png'), await png('b.png', 16, 24)]),
      cookie,
    );
    expect(edit.status).toBe(303);
    let photos = await photosOf(card!.id);
    expect(photos).toHaveLength(2);
    expect(photos.map((p) => [p.width, p.height]).sort()).toEqual([
      [16, 24],
      [24, 16],
    ]);
    const prefix = `report-cards/${w.business.id}/${card!.id}/`;
    expect(await objectsUnder(prefix)).toHaveLength(6); // two originals, each with its two copies
    expect((await cardsOf(w.pet.id))[0]).toMatchObject({ mood: 'Happy', eating: 'All of lunch', sentAt: null });
    expect(await portal()).not.toContain('Fetch');
    const thumb = await get(`${cardPath}/photos/${photos[0]!.id}`, { cookie });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');

    // One removed.
    const removed = photos.find((p) => p.width === 16)!;
    expect(
      (await postMultipart(cardPath, cardForm({ mood: 'Happy', activities: 'Fetch', eating: 'All of lunch', remove: removed.id, intent: 'draft' }), cookie))
        .status,
    ).toBe(303);
    photos = await photosOf(card!.id);
    expect(photos.map((p) => p.id)).toEqual([photos.find((p) => p.width === 24)!.id]);
    expect((await objectsUnder(prefix)).filter((k) => k.startsWith(removed.objectKey))).toEqual([]);

    // Sent: the parent sees it with its photo, and is texted a link.
    const sent = await postMultipart(cardPath, cardForm({ mood: 'Happy', activities: 'Fetch', eating: 'All of lunch', intent: 'send' }), cookie);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${cardPath}?done=sent`);
    expect((await cardsOf(w.pet.id))[0]!.sentAt).not.toBeNull();
    const seen = await portal();
    expect(seen).toContain('Fetch');
    expect(seen).toContain(`/c/${w.client.id}/report-cards/${card!.id}/photos/${photos[0]!.id}?size=thumb`);
    const parentThumb = await get(`/c/${w.client.id}/report-cards/${card!.id}/photos/${photos[0]!.id}?size=thumb`, { cookie: parent.cookie });
    expect(parentThumb.status).toBe(200);
    const texts = await textsTo(w.client.phoneE164);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain(`${ORIGIN}/c/${w.client.id}/report-cards#rc-${card!.id}`);
    expect(texts[0]!.body).toContain('Biscuit');

    // Corrected in place: the parent sees the new text; no second text; never unsent.
    const page = await (await get(cardPath, { cookie })).text();
    expect(page).toContain('Save correction');
    expect(page).not.toContain('value="send"');
    const corrected = await postMultipart(
      cardPath,
      cardForm({ mood: 'Happy', activities: 'Fetch and a swim', eating: 'All of lunch', intent: 'draft' }),
      cookie,
    );
    expect(corrected.status).toBe(303);
    expect(corrected.headers.get('location')).toBe(`${cardPath}?done=corrected`);
    const after = await portal();
    expect(after).toContain('Fetch and a swim');
    expect((await cardsOf(w.pet.id))[0]!.sentAt).not.toBeNull();
    expect(await textsTo(w.client.phoneE164)).toHaveLength(1);
    const audit = await auditOf(w.business.id);
    expect(audit.map((a) => a.action).sort()).toEqual([
      'report_card.correct',
      'report_card.draft',
      'report_card.draft',
      'report_card.draft',
      'report_card.send',
    ]);
    const correction = audit.find((a) => a.action === 'report_card.correct')!;
    expect(correction).toMatchObject({ recordType: 'report_card', recordId: card!.id, staffAccountId: w.staff.account.id });
    expect(correction.detail).toBe('Changed: activities');
  });

  it('writes a card for a visit from the schedule and sends it at once', async () => {
    const w = await world();
    const appointment = await createAppointment({ client: w.client, serviceType: 'daycare', status: 'finished', pets: [w.pet] });
    const path = `${newPath(w)}?appointment=${appointment.id}`;
    const form = await (await get(path, { cookie: w.staff.cookie })).text();
    expect(form).toContain('daycare visit');
    const res = await postMultipart(path, cardForm({ staffComment: 'A lovely day', intent: 'send' }), w.staff.cookie);
    expect(res.status).toBe(303);
    const [card] = await cardsOf(w.pet.id);
    expect(card).toMatchObject({ appointmentId: appointment.id, staffComment: 'A lovely day' });
    expect(card!.sentAt).not.toBeNull();
    expect(await textsTo(w.client.phoneE164)).toHaveLength(1);
    expect((await auditOf(w.business.id)).map((a) => a.action)).toEqual(['report_card.send']);
  });

  it('saves one card when the new-card form is sent twice at once (a double tap) and again after Back: one card, one text, one set of photos', async () => {
    const w = await world();
    const form = await (await get(newPath(w), { cookie: w.staff.cookie })).text();
    const key = /name="key" value="([a-z0-9]+)"/.exec(form)?.[1];
    expect(key).toBeTruthy();
    // The form the page's script enhances (chosen photos with Remove, a progress bar); hidden until then.
    expect(form).toContain('data-upload-progress');
    expect(form).toContain('<ul class="chosen-photos" data-chosen-photos="true" hidden=""></ul>');
    expect(form).toMatch(/<p class="upload-progress" data-upload-status="true" hidden=""><label>Sending <progress max="100" value="0"><\/progress>/);
    const photo = await png('yard.png');
    const send = () => postMultipart(newPath(w), cardForm({ key: key!, mood: 'Sunny', intent: 'send' }, [photo]), w.staff.cookie);
    const both = await Promise.all([send(), send()]);
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    expect(both.map((r) => r.headers.get('location'))).toEqual(Array(2).fill(`/manage/${w.business.id}/report-cards/rc_${key}?done=sent`));
    expect((await send()).status).toBe(303);
    const cards = await cardsOf(w.pet.id);
    expect(cards.map((c) => c.id)).toEqual([`rc_${key}`]);
    expect(await photosOf(`rc_${key}`)).toHaveLength(1);
    // The original and its two copies: the repeats' photos were not kept.
    expect(await objectsUnder(`report-cards/${w.business.id}/`)).toHaveLength(3);
    expect(await textsTo(w.client.phoneE164)).toHaveLength(1);
    expect((await auditOf(w.business.id)).map((a) => a.action)).toEqual(['report_card.send']);
  });

  it('refuses an HEIC photo at the field (422), keeping what was typed and saving nothing', async () => {
    const w = await world();
    const res = await postMultipart(newPath(w), cardForm({ mood: 'Bright', intent: 'send' }, [await png('ok.png'), HEIC]), w.staff.cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorAt(html, 'card-photos')).toContain('“IMG_0001.HEIC” is an HEIC photo');
    expect(html).toContain('value="Bright"');
    expect(await cardsOf(w.pet.id)).toHaveLength(0);
    expect(await objectsUnder(`report-cards/${w.business.id}/`)).toEqual([]);
    expect(await textsTo(w.client.phoneE164)).toHaveLength(0);

    // On an existing draft too: nothing under the card's prefix, its notes unchanged.
    await postMultipart(newPath(w), cardForm({ mood: 'Bright', intent: 'draft' }), w.staff.cookie);
    const [card] = await cardsOf(w.pet.id);
    const again = await postMultipart(
      `/manage/${w.business.id}/report-cards/${card!.id}`,
      cardForm({ mood: 'Changed', intent: 'send' }, [HEIC]),
      w.staff.cookie,
    );
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('value="Changed"');
    expect((await cardsOf(w.pet.id))[0]).toMatchObject({ mood: 'Bright', sentAt: null });
    expect(await objectsUnder(`report-cards/${w.business.id}/${card!.id}/`)).toEqual([]);
    expect(await photosOf(card!.id)).toHaveLength(0);
  });

  it('refuses a photo over 10 MB, saving nothing', async () => {
    const w = await world();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(await makePng({ width: 8, height: 8 }));
    const res = await postMultipart(
      newPath(w),
      cardForm({ mood: 'Bright', intent: 'draft' }, [{ bytes: big, name: 'huge.png', type: 'image/png' }]),
      w.staff.cookie,
    );
    // The route answers (the upload cap is 25 MB, src/middleware/security.ts): the message is at the field.
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), 'card-photos')).toContain('at most 10 MB');
    expect(await cardsOf(w.pet.id)).toHaveLength(0);
    expect(await objectsUnder(`report-cards/${w.business.id}/`)).toEqual([]);
  });

  it('refuses a card with nothing in it (422)', async () => {
    const w = await world();
    const res = await postMultipart(newPath(w), cardForm({ mood: '  ', intent: 'draft' }), w.staff.cookie);
    expect(res.status).toBe(422);
    expect(errorAt(await res.text(), 'card-mood')).toContain('Write at least one note');
    expect(await cardsOf(w.pet.id)).toHaveLength(0);
  });

  it('answers 404 to another business’s staff, and for another business’s draft, writing nothing', async () => {
    const ours = await world();
    await postMultipart(newPath(ours), cardForm({ mood: 'Ours', intent: 'draft' }), ours.staff.cookie);
    const [card] = await cardsOf(ours.pet.id);
    const theirs = await world();
    const stranger = theirs.staff.cookie;
    expect((await get(newPath(ours), { cookie: stranger })).status).toBe(404);
    expect((await postMultipart(newPath(ours), cardForm({ mood: 'x', intent: 'send' }), stranger)).status).toBe(404);
    // Their own business's id in the URL, our pet or card: still not found.
    const mixed = `/manage/${theirs.business.id}/clients/${ours.client.id}/pets/${ours.pet.id}/report-card`;
    expect((await get(mixed, { cookie: stranger })).status).toBe(404);
    expect((await postMultipart(mixed, cardForm({ mood: 'x', intent: 'send' }), stranger)).status).toBe(404);
    const draftAsTheirs = `/manage/${theirs.business.id}/report-cards/${card!.id}`;
    expect((await get(draftAsTheirs, { cookie: stranger })).status).toBe(404);
    expect((await postMultipart(draftAsTheirs, cardForm({ mood: 'x', intent: 'send' }), stranger)).status).toBe(404);
    expect((await get(`/manage/${ours.business.id}/report-cards/${card!.id}`, { cookie: stranger })).status).toBe(404);
    expect((await postForm(`/manage/${ours.business.id}/report-cards/${card!.id}`, { mood: 'x', intent: 'send' }, { cookie: stranger })).status).toBe(404);
    // Nor may our own staff reach it through their business, or a card id that is nobody's.
    expect((await get(`/manage/${ours.business.id}/report-cards/${newId('rc')}`, { cookie: ours.staff.cookie })).status).toBe(404);
    expect((await cardsOf(ours.pet.id))[0]).toMatchObject({ mood: 'Ours', sentAt: null });
    expect(await cardsOf(theirs.pet.id)).toHaveLength(0);
    expect(await textsTo(ours.client.phoneE164)).toHaveLength(0);
    expect((await auditOf(theirs.business.id)).length).toBe(0);
    expect(
      await db
        .select()
        .from(schema.auditLog)
        .where(and(eq(schema.auditLog.businessId, ours.business.id), eq(schema.auditLog.action, 'report_card.send'))),
    ).toHaveLength(0);
  });
});

describe('the report card text in the parent’s language', () => {
  it('a business whose text language is Spanish texts a card sent at once in Spanish', async () => {
    const w = await world();
    await db.update(schema.businesses).set({ textLanguage: 'es' }).where(eq(schema.businesses.id, w.business.id));
    const res = await postMultipart(newPath(w), cardForm({ staffComment: 'Un gran día', intent: 'send' }), w.staff.cookie);
    expect(res.status).toBe(303);
    const [card] = await cardsOf(w.pet.id);
    const texts = await textsTo(w.client.phoneE164);
    expect(texts.map((t) => t.body)).toEqual([
      `${w.business.name}: el informe de Biscuit está listo. Véalo aquí: https://pawtal.test/c/${w.client.id}/report-cards#rc-${card!.id}`,
    ]);
  });

  it('the parent’s own language (Spanish) wins over the business’s (English) when a draft is sent', async () => {
    const w = await world();
    await db.insert(schema.portalAccounts).values({ id: newId('acc'), phoneE164: w.client.phoneE164, language: 'es', createdAt: new Date() });
    expect((await postMultipart(newPath(w), cardForm({ mood: 'Feliz', intent: 'draft' }), w.staff.cookie)).status).toBe(303);
    const [card] = await cardsOf(w.pet.id);
    const cardPath = `/manage/${w.business.id}/report-cards/${card!.id}`;
    expect((await postMultipart(cardPath, cardForm({ mood: 'Feliz', intent: 'send' }), w.staff.cookie)).status).toBe(303);
    const texts = await textsTo(w.client.phoneE164);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain(': el informe de Biscuit está listo. Véalo aquí: ');
    expect(texts[0]!.body).not.toContain('report card is ready');
  });
});
