/**
 * Report cards (SPEC §7) through the real Worker, libSQL and the R2 binding: only SENT cards,
 * grouped per pet and newest first, an empty state per pet, date in the business zone, the
 * linked appointment, the notes and photos as lazy thumbnails linking to the full size; the
 * photo route serves small WebP copies made by the Images binding (sharp in miniflare) and
 * kept in R2 — never the business's original — to the owner only, and answers 404 for a draft,
 * another client's card and another business's; one round trip; the HTML budget with ten cards.
 */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import * as schema from '../../src/db/schema';
import { newId } from '../../src/domain/ids';
import { imageHeader } from '../../src/domain/image-header';
import { CARD_THUMB, LARGE, copyKey } from '../../src/storage/photo-copies';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs } from '../helpers/factories';
import { get } from '../helpers/http';
import { makePng } from '../helpers/png';

const DAY = 86_400_000;

/** A real 2000 × 1500 PNG, as a business might store it (a stroke on transparency: a small file). */
const PNG_FULL = await makePng({ width: 2000, height: 1500 });

async function parent(businessOverrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness(businessOverrides);
  const client = await createClientRecord(business.id);
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, cookie };
}

interface CardInput {
  pet: { id: string };
  sentAt: Date | null;
  appointmentId?: string | null;
  staffId?: string | null;
  mood?: string;
  activities?: string;
  eating?: string;
  potty?: string;
  staffComment?: string;
}

async function createCard(client: { id: string; businessId: string }, input: CardInput) {
  const row = {
    id: newId('rc'),
    businessId: client.businessId,
    clientId: client.id,
    petId: input.pet.id,
    appointmentId: input.appointmentId ?? null,
    staffId: input.staffId ?? null,
    mood: input.mood ?? null,
    activities: input.activities ?? null,
    eating: input.eating ?? null,
    potty: input.potty ?? null,
    staffComment: input.staffComment ?? null,
    createdAt: new Date((input.sentAt ?? new Date()).getTime() - 60_000),
    sentAt: input.sentAt,
  } satisfies typeof schema.reportCards.$inferInsert;
  await db.insert(schema.reportCards).values(row);
  return row;
}

/** A photo row, and its image put into R2. */
async function createPhoto(card: { id: string; businessId: string }, opts: { position?: number; width?: number; height?: number } = {}) {
  const base = `report-cards/${card.businessId}/${card.id}/${newId('img')}`;
  const row = {
    id: newId('rcp'),
    businessId: card.businessId,
    reportCardId: card.id,
    objectKey: `${base}.png`,
    width: opts.width ?? 2000,
    height: opts.height ?? 1500,
    position: opts.position ?? 0,
  } satisfies typeof schema.reportCardPhotos.$inferInsert;
  await env.PHOTOS.put(row.objectKey, PNG_FULL, { httpMetadata: { contentType: 'image/png' } });
  await db.insert(schema.reportCardPhotos).values(row);
  return row;
}

function photoPath(clientId: string, cardId: string, photoId: string, size?: string) {
  return `/c/${clientId}/report-cards/${cardId}/photos/${photoId}${size ? `?size=${size}` : ''}`;
}

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

describe('GET /c/:clientId/report-cards', () => {
  it('shows only sent cards, grouped per pet and newest first, with date, appointment, notes and photos; one round trip', async () => {
    const { business, client, cookie } = await parent();
    const biscuit = await createPet(client, { name: 'Biscuit' });
    const pepper = await createPet(client, { name: 'Pepper' });
    await createPet(client, { name: 'Mochi', species: 'cat' });
    const devon = { id: newId('stf'), businessId: business.id, firstName: 'Devon', lastName: 'Park' };
    await db.insert(schema.staff).values(devon);
    const visit = await createAppointment({
      client,
      pets: [biscuit],
      serviceType: 'daycare',
      status: 'finished',
      startsAt: new Date(Date.UTC(2030, 0, 14, 17)),
    });
    // 2030-01-15 06:00Z is still 14 January in Seattle (22:00 PST).
    const older = await createCard(client, {
      pet: biscuit,
      sentAt: new Date(Date.UTC(2030, 0, 15, 6)),
      appointmentId: visit.id,
      staffId: devon.id,
      mood: 'Happy and bouncy',
      activities: 'Pool time, fetch',
      eating: 'Ate all of lunch',
      potty: 'Normal',
      staffComment: 'Made a new friend.',
    });
    const newer = await createCard(client, { pet: biscuit, sentAt: new Date(Date.UTC(2030, 1, 2, 20)), mood: 'Sleepy after a long day' });
    await createCard(client, { pet: biscuit, sentAt: null, mood: 'DRAFT NOT SENT' });
    await createCard(client, { pet: pepper, sentAt: new Date(Date.UTC(2030, 0, 20, 20)), mood: 'Calm' });
    const second = await createPhoto(older, { position: 1, width: 800, height: 1200 });
    const first = await createPhoto(older, { position: 0 });

    const res = await get(`/c/${client.id}/report-cards`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="1 round trip"/);
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('DRAFT NOT SENT');
    // Pets in name order, each with its own cards; Mochi has none.
    const [atBiscuit, atMochi, atPepper] = ['>Biscuit</h2>', '>Mochi</h2>', '>Pepper</h2>'].map((h) => html.indexOf(h));
    expect(atBiscuit).toBeGreaterThan(0);
    expect(atBiscuit).toBeLessThan(atMochi!);
    expect(atMochi).toBeLessThan(atPepper!);
    const biscuitSection = html.slice(atBiscuit, atMochi);
    expect(biscuitSection.indexOf('Sleepy after a long day')).toBeLessThan(biscuitSection.indexOf('Happy and bouncy'));
    expect(biscuitSection.indexOf('Sleepy after a long day')).toBeGreaterThan(0);
    expect(biscuitSection).not.toContain('Calm');
    expect(html.slice(atMochi, atPepper)).toContain('No report cards for Mochi yet.');
    expect(html.slice(atPepper)).toContain('Calm');
    // Date in the business zone, the appointment linked, every note, the staff comment.
    expect(biscuitSection).toContain('Mon, Jan 14, 2030');
    expect(biscuitSection).toContain(`href="/c/${client.id}/appointments/${visit.id}"`);
    expect(biscuitSection).toContain('Daycare on Mon, Jan 14, 2030');
    for (const text of ['Pool time, fetch', 'Ate all of lunch', 'Normal', 'Made a new friend.', 'From Devon']) expect(biscuitSection).toContain(text);
    // Photos in position order: lazy thumbnails with their drawn size, linking to the full size.
    const thumb1 = photoPath(client.id, older.id, first.id, 'thumb');
    const thumb2 = photoPath(client.id, older.id, second.id, 'thumb');
    expect(html.indexOf(thumb1)).toBeGreaterThan(0);
    expect(html.indexOf(thumb1)).toBeLessThan(html.indexOf(thumb2));
    expect(html).toMatch(
      new RegExp(
        `<a href="${photoPath(client.id, older.id, first.id, 'full').replace(/[?]/g, '\\?')}"[^>]*><img src="${thumb1.replace(/[?]/g, '\\?')}"[^>]*width="96" height="72" loading="lazy"`,
      ),
    );
    expect(html).toMatch(/width="64" height="96" loading="lazy"/);
    expect(html).not.toContain(`${newer.id}/photos`);
    // The section is reachable from the page itself (the navigation entry is wired in portal.ts).
  });

  it('shows an empty state for each pet when nothing has been sent, and for a client with no pets', async () => {
    const { client, cookie } = await parent();
    const biscuit = await createPet(client, { name: 'Biscuit' });
    await createCard(client, { pet: biscuit, sentAt: null, mood: 'Still a draft' });
    const html = await (await get(`/c/${client.id}/report-cards`, { cookie })).text();
    expect(html).toContain('No report cards for Biscuit yet.');
    expect(html).not.toContain('Still a draft');
    const none = await parent();
    expect(await (await get(`/c/${none.client.id}/report-cards`, { cookie: none.cookie })).text()).toContain('No pets on file yet');
  });

  it('answers 404 for another client’s id and never shows another client’s cards', async () => {
    const me = await parent();
    const other = await parent({});
    const theirPet = await createPet(other.client, { name: 'Stranger' });
    await createCard(other.client, { pet: theirPet, sentAt: new Date(), mood: 'Their secret mood' });
    const res = await get(`/c/${other.client.id}/report-cards`, { cookie: me.cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Their secret mood');
    expect(await (await get(`/c/${me.client.id}/report-cards`, { cookie: me.cookie })).text()).not.toContain('Their secret mood');
  });

  it('does not link an appointment that is not the client’s own', async () => {
    const me = await parent();
    const other = await parent();
    const myPet = await createPet(me.client);
    const theirPet = await createPet(other.client);
    const theirs = await createAppointment({ client: other.client, pets: [theirPet] });
    await createCard(me.client, { pet: myPet, sentAt: new Date(), appointmentId: theirs.id, mood: 'Odd row' });
    const html = await (await get(`/c/${me.client.id}/report-cards`, { cookie: me.cookie })).text();
    expect(html).toContain('Odd row');
    expect(html).not.toContain(theirs.id);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { client } = await parent();
    const res = await get(`/c/${client.id}/report-cards`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });

  it('keeps a page with ten cards (three photos each, every note) within 14,600 bytes gzip', async () => {
    const { client, cookie } = await parent();
    const pets = [await createPet(client, { name: 'Biscuit' }), await createPet(client, { name: 'Pepper' })];
    const staffRow = { id: newId('stf'), businessId: client.businessId, firstName: 'Devon', lastName: 'Park' };
    await db.insert(schema.staff).values(staffRow);
    for (let i = 0; i < 10; i++) {
      const pet = pets[i % 2]!;
      const visit = await createAppointment({
        client,
        pets: [pet],
        serviceType: 'daycare',
        status: 'finished',
        startsAt: new Date(Date.now() - (i + 1) * DAY),
      });
      const card = await createCard(client, {
        pet,
        sentAt: new Date(Date.now() - (i + 1) * DAY + 8 * 3_600_000),
        appointmentId: visit.id,
        staffId: staffRow.id,
        mood: `Happy, playful and very social with the other dogs all day long (${i})`,
        activities: 'Group play in the big yard, two pool sessions, fetch with the ball launcher, a long nap after lunch',
        eating: 'Ate all of breakfast and lunch; drank plenty of water; one treat after the pool',
        potty: 'Normal pee and poop on every break (morning, noon, afternoon)',
        staffComment: `${pet.id === pets[0]!.id ? 'Biscuit' : 'Pepper'} was a star today and made friends with everyone in the small-dog group. See you next time!`,
      });
      for (let position = 0; position < 3; position++) {
        const photo = {
          id: newId('rcp'),
          businessId: client.businessId,
          reportCardId: card.id,
          objectKey: `x/${card.id}/${position}.jpg`,
          width: 1600,
          height: 1200,
          position,
        };
        await db.insert(schema.reportCardPhotos).values(photo);
      }
    }
    const res = await get(`/c/${client.id}/report-cards`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<li class="card">/g)).toHaveLength(10);
    expect(html.match(/<img /g)).toHaveLength(30);
    const bytes = await gzipSize(html);
    expect(bytes).toBeLessThanOrEqual(14_600);
  });
});

describe('older cards: the list shows each pet’s newest five, the pet’s own pages all of them', () => {
  async function petWithCards(n: number) {
    const p = await parent();
    const pet = await createPet(p.client, { name: 'Biscuit' });
    const other = await createPet(p.client, { name: 'Pepper' });
    const cards = [];
    // Card i was sent i days ago: card 1 is the newest.
    for (let i = 1; i <= n; i++) cards.push(await createCard(p.client, { pet, sentAt: new Date(Date.now() - i * DAY), mood: `Mood number ${i}.` }));
    await createCard(p.client, { pet, sentAt: null, mood: 'Mood of a draft.' });
    await createCard(p.client, { pet: other, sentAt: new Date(), mood: 'Pepper mood.' });
    return { ...p, pet, cards };
  }

  it('lists the five newest per pet and links to all of them, counting only sent cards', async () => {
    const { client, cookie, pet, cards } = await petWithCards(12);
    const photo = await createPhoto(cards[0]!);
    const hidden = await createPhoto(cards[6]!);
    const res = await get(`/c/${client.id}/report-cards`, { cookie });
    expect(res.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
    const html = await res.text();
    for (let i = 1; i <= 5; i++) expect(html).toContain(`Mood number ${i}.`);
    expect(html).not.toContain('Mood number 6.');
    expect(html).toContain('Pepper mood.');
    expect(html).toContain(`<a href="/c/${client.id}/report-cards/pets/${pet.id}">All 12 report cards for Biscuit →</a>`);
    expect(html).toContain(photo.id);
    expect(html).not.toContain(hidden.id);
    // Pepper has one card: no link to more.
    expect(html).not.toContain('report cards for Pepper');
  });

  it('pages through one pet’s sent cards, ten a page, newest first, with their photos; 404 past the last page', async () => {
    const { client, cookie, pet, cards } = await petWithCards(12);
    const onPage2 = await createPhoto(cards[10]!);
    const base = `/c/${client.id}/report-cards/pets/${pet.id}`;
    const res1 = await get(base, { cookie });
    expect(res1.status).toBe(200);
    expect(res1.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
    const html1 = await res1.text();
    expect(html1).toContain('Report cards for Biscuit');
    expect(html1.indexOf('Mood number 1.')).toBeLessThan(html1.indexOf('Mood number 10.'));
    expect(html1).not.toContain('Mood number 11.');
    expect(html1).not.toContain('Mood of a draft.');
    expect(html1).not.toContain('Pepper mood.');
    expect(html1).not.toContain(onPage2.id);
    expect(html1).toContain('Page 1 of 2');
    const html2 = await (await get(`${base}?page=2`, { cookie })).text();
    expect(html2).toContain('Mood number 11.');
    expect(html2).toContain('Mood number 12.');
    expect(html2).not.toContain('Mood number 10.');
    expect(html2).toContain(photoPath(client.id, cards[10]!.id, onPage2.id, 'thumb'));
    expect((await get(`${base}?page=3`, { cookie })).status).toBe(404);
    expect((await get(`${base}?page=0`, { cookie })).status).toBe(404);
  });

  it('shows the empty state for a pet with no sent cards, and 404 for another client’s pet', async () => {
    const me = await parent();
    const pet = await createPet(me.client, { name: 'Mochi' });
    await createCard(me.client, { pet, sentAt: null });
    expect(await (await get(`/c/${me.client.id}/report-cards/pets/${pet.id}`, { cookie: me.cookie })).text()).toContain('No report cards for Mochi yet.');
    const other = await parent();
    const theirs = await createPet(other.client, { name: 'Stranger' });
    await createCard(other.client, { pet: theirs, sentAt: new Date(), mood: 'Their secret mood' });
    for (const path of [`/c/${me.client.id}/report-cards/pets/${theirs.id}`, `/c/${other.client.id}/report-cards/pets/${theirs.id}`]) {
      const res = await get(path, { cookie: me.cookie });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('Their secret mood');
    }
  });
});

describe('GET /c/:clientId/report-cards/:cardId/photos/:photoId', () => {
  async function cardWithPhotos() {
    const p = await parent();
    const pet = await createPet(p.client, { name: 'Biscuit' });
    const card = await createCard(p.client, { pet, sentAt: new Date(Date.now() - DAY), mood: 'Happy' });
    const photo = await createPhoto(card);
    return { ...p, pet, card, photo };
  }

  it('serves small copies, made on first request and kept in R2, never the original; privately cached, one round trip', async () => {
    const { client, cookie, card, photo } = await cardWithPhotos();
    const thumb = await get(photoPath(client.id, card.id, photo.id, 'thumb'), { cookie });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(thumb.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(thumb.headers.get('x-content-type-options')).toBe('nosniff');
    expect(thumb.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
    const thumbBytes = new Uint8Array(await thumb.arrayBuffer());
    // The aspect kept, the long side 320 px.
    expect(imageHeader(thumbBytes)).toEqual({ type: 'image/webp', width: 320, height: 240 });
    expect(new Uint8Array(await (await env.PHOTOS.get(copyKey(photo.objectKey, CARD_THUMB)))!.arrayBuffer())).toEqual(thumbBytes);
    const full = await get(photoPath(client.id, card.id, photo.id, 'full'), { cookie });
    expect(full.status).toBe(200);
    expect(imageHeader(new Uint8Array(await full.arrayBuffer()))).toEqual({ type: 'image/webp', width: 1600, height: 1200 });
    expect(await env.PHOTOS.head(copyKey(photo.objectKey, LARGE))).not.toBeNull();
    // No size given: the large copy.
    expect((await get(photoPath(client.id, card.id, photo.id), { cookie })).headers.get('etag')).toBe(full.headers.get('etag'));
    // Revalidation by ETag, from the stored copy.
    const again = await get(photoPath(client.id, card.id, photo.id, 'thumb'), { cookie, headers: { 'if-none-match': thumb.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // The business's original stays as it was.
    expect(new Uint8Array(await (await env.PHOTOS.get(photo.objectKey))!.arrayBuffer())).toEqual(PNG_FULL);
  });

  it('keeps a portrait photo’s aspect, its thumbnail within 320 px', async () => {
    const { client, cookie, card } = await cardWithPhotos();
    const base = `report-cards/${card.businessId}/${card.id}/${newId('img')}.png`;
    await env.PHOTOS.put(base, await makePng({ width: 600, height: 900 }), { httpMetadata: { contentType: 'image/png' } });
    const row = { id: newId('rcp'), businessId: card.businessId, reportCardId: card.id, objectKey: base, width: 600, height: 900, position: 2 };
    await db.insert(schema.reportCardPhotos).values(row);
    const thumb = await get(photoPath(client.id, card.id, row.id, 'thumb'), { cookie });
    expect(imageHeader(new Uint8Array(await thumb.arrayBuffer()))).toEqual({ type: 'image/webp', width: 213, height: 320 });
    // Never enlarged: the large copy of a 600 × 900 photo is 600 × 900.
    const full = await get(photoPath(client.id, card.id, row.id, 'full'), { cookie });
    expect(imageHeader(new Uint8Array(await full.arrayBuffer()))).toEqual({ type: 'image/webp', width: 600, height: 900 });
  });

  it('answers 404 for a draft card’s photo, even to its owner', async () => {
    const { client, cookie, pet } = await cardWithPhotos();
    const draft = await createCard(client, { pet, sentAt: null });
    const photo = await createPhoto(draft);
    for (const size of ['thumb', 'full']) expect((await get(photoPath(client.id, draft.id, photo.id, size), { cookie })).status).toBe(404);
  });

  it('answers 404 for another client’s card, whichever client id is in the URL', async () => {
    const me = await cardWithPhotos();
    const other = await cardWithPhotos();
    expect((await get(photoPath(other.client.id, other.card.id, other.photo.id, 'full'), { cookie: me.cookie })).status).toBe(404);
    expect((await get(photoPath(me.client.id, other.card.id, other.photo.id, 'full'), { cookie: me.cookie })).status).toBe(404);
    // My card id with another card's photo id.
    expect((await get(photoPath(me.client.id, me.card.id, other.photo.id, 'full'), { cookie: me.cookie })).status).toBe(404);
  });

  it('answers 404 for a card at another business, even one of my own client records there', async () => {
    const me = await cardWithPhotos();
    const elsewhere = await createBusiness();
    // A stranger at the other business, and my own record there too (same phone number).
    const stranger = await createClientRecord(elsewhere.id);
    const strangerPet = await createPet(stranger);
    const strangerCard = await createCard(stranger, { pet: strangerPet, sentAt: new Date() });
    const strangerPhoto = await createPhoto(strangerCard);
    expect((await get(photoPath(stranger.id, strangerCard.id, strangerPhoto.id, 'full'), { cookie: me.cookie })).status).toBe(404);
    expect((await get(photoPath(me.client.id, strangerCard.id, strangerPhoto.id, 'full'), { cookie: me.cookie })).status).toBe(404);
    const myOtherRecord = await createClientRecord(elsewhere.id, { phoneE164: me.client.phoneE164 });
    const { cookie } = await signedInAs(me.client.phoneE164);
    // My card at business 1 asked for under my client record at business 2.
    expect((await get(photoPath(myOtherRecord.id, me.card.id, me.photo.id, 'full'), { cookie })).status).toBe(404);
    expect((await get(photoPath(me.client.id, me.card.id, me.photo.id, 'full'), { cookie })).status).toBe(200);
  });

  it('answers 404 for a bad size or id, and for a photo whose object is missing from R2', async () => {
    const { client, cookie, card, photo, pet } = await cardWithPhotos();
    expect((await get(photoPath(client.id, card.id, photo.id, 'huge'), { cookie })).status).toBe(404);
    expect((await get(photoPath(client.id, card.id, 'no such id!'), { cookie })).status).toBe(404);
    const sent = await createCard(client, { pet, sentAt: new Date() });
    const orphan = {
      id: newId('rcp'),
      businessId: client.businessId,
      reportCardId: sent.id,
      objectKey: 'missing/object.png',
      width: 10,
      height: 10,
      position: 0,
    };
    await db.insert(schema.reportCardPhotos).values(orphan);
    expect((await get(photoPath(client.id, sent.id, orphan.id), { cookie })).status).toBe(404);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { client, card, photo } = await cardWithPhotos();
    const res = await get(photoPath(client.id, card.id, photo.id, 'thumb'));
    expect(res.status).toBe(303);
  });
});

describe('GET /c/:clientId/report-cards in Spanish (Accept-Language: es)', () => {
  it('shows the notes’ names, the empty state and the photos’ text in Spanish; what staff wrote untranslated', async () => {
    const { client, cookie } = await parent();
    const biscuit = await createPet(client, { name: 'Biscuit' });
    await createPet(client, { name: 'Mochi', species: 'cat' });
    const card = await createCard(client, {
      pet: biscuit,
      sentAt: new Date(Date.UTC(2030, 0, 15, 20)),
      mood: 'Happy and bouncy',
      staffComment: 'Made a new friend.',
    });
    await createPhoto(card);
    const res = await get(`/c/${client.id}/report-cards`, { cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="report-cards-heading">Informes</h1>');
    expect(html).toContain('<dt>Estado de ánimo</dt>');
    expect(html).toContain('Comentario del personal');
    expect(html).toContain('Happy and bouncy');
    expect(html).toContain('Todavía no hay informes de Mochi.');
    expect(html).toMatch(/alt="Biscuit, [^"]*ene[^"]*, foto 1 \(tamaño completo\)"/);
    expect(html).not.toContain('No report cards for');
  });
});
