/**
 * The pets pages through the real Worker, libSQL and (miniflare's) R2: the list and profile
 * with every SPEC §6 field, vaccination flags, one round trip per page, tenancy (foreign ids →
 * 404), no route that edits or deletes a pet, "Add a pet" with each refusal (422, the field's
 * message, nothing saved in the database or R2) and the happy path with and without a photo
 * and the business's notification. Photos are served small: the upload's two copies (a 320 px
 * square thumbnail and a ≤ 1600 px large copy, WebP) are made by the Images binding (sharp in
 * miniflare) and stored beside it; only the copies are ever served, to the owner only; a photo
 * stored without copies gets them on first request; a photo Images cannot read is refused at
 * upload, and a stored one answers 503 (never the original), remembered for an hour.
 */
import { env, exports } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import { newId } from '../../src/domain/ids';
import { localDateString, addDays } from '../../src/domain/time';
import { imageHeader } from '../../src/domain/image-header';
import { NAME_MESSAGES } from '../../src/domain/name-text';
import { UNREADABLE_PHOTO, withPhotoStored } from '../../src/routes/pets';
import { LARGE, PET_THUMB, copyKey } from '../../src/storage/photo-copies';
import { createBusiness, createClientRecord, createPet, db, signedInAs } from '../helpers/factories';
import { ORIGIN, get, getPartial } from '../helpers/http';
import { makePng } from '../helpers/png';

async function parent(businessOverrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness(businessOverrides);
  const client = await createClientRecord(business.id, { firstName: 'Jo', lastName: 'Parent' });
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, cookie };
}

function today(tz = 'America/Los_Angeles') {
  return localDateString(Date.now(), tz);
}

async function addVaccination(pet: { id: string; businessId: string }, name: string, expiresOn: string | null) {
  await db.insert(schema.petVaccinations).values({ id: newId('vac'), businessId: pet.businessId, petId: pet.id, name, expiresOn });
}

/** A JPEG's first bytes but no frame header: refused as damaged before anything decodes it. */
const HEADLESS_JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0xff, 0xd9]);
/** A real 2400 × 1800 PNG (a stroke on transparency: a small file with many pixels). */
const PHOTO = await makePng({ width: 2400, height: 1800 });
/** A PNG whose header says 13,000 × 10 (its pixels are never decoded). */
const WIDE = await makePng({ width: 13_000, height: 10, ink: false });
/** A PNG whose header says 10,000 × 10,000 (100 MP) and whose data is no image: only its header may be read. */
const HUNDRED_MP = (() => {
  const head = PHOTO.slice(0, 33);
  head.set([0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10], 16);
  return new Uint8Array([...head, ...new Uint8Array(4000).fill(0x5a)]);
})();
/** A PNG header (readable, 640 × 480) followed by image data that is not zlib: no decoder reads it. */
const CORRUPT = (() => {
  const head = PHOTO.slice(0, 33);
  head.set([0, 0, 2, 0x80, 0, 0, 1, 0xe0], 16);
  const tail = new Uint8Array(4000).fill(0x5a);
  return new Uint8Array([...head, ...tail]);
})();

type Upload = { bytes: Uint8Array; name: string; type: string };

function petForm(fields: Record<string, string>, photo?: Upload) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (photo) fd.append('photo', new File([photo.bytes], photo.name, { type: photo.type }));
  else fd.append('photo', new File([], '', { type: 'application/octet-stream' }));
  return fd;
}

function postPet(clientId: string, body: FormData, cookie: string) {
  return exports.default.fetch(
    new Request(`${ORIGIN}/c/${clientId}/pets/new`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie },
      body,
      redirect: 'manual',
    }),
  );
}

async function petsOf(clientId: string) {
  return db.select().from(schema.pets).where(eq(schema.pets.clientId, clientId));
}

async function photosOf(businessId: string) {
  return (await env.PHOTOS.list({ prefix: `pets/${businessId}/` })).objects;
}

/** Type and pixel size of a served image, from its header. */
async function served(res: Response) {
  return imageHeader(new Uint8Array(await res.arrayBuffer()));
}

async function notificationsOf(businessId: string) {
  return db
    .select()
    .from(schema.businessNotifications)
    .where(and(eq(schema.businessNotifications.businessId, businessId), eq(schema.businessNotifications.kind, 'pet_added')));
}

describe('GET /c/:clientId/pets', () => {
  it('lists the client’s pets by name with species, breed, age and the worst vaccination flag, in one round trip', async () => {
    const { client, cookie } = await parent();
    const rex = await createPet(client, { name: 'Rex', breed: 'Collie', birthday: addDays(today(), -400) });
    const biscuit = await createPet(client, { name: 'Biscuit', species: 'cat', breed: null });
    await addVaccination(rex, 'Rabies', addDays(today(), -1));
    await addVaccination(rex, 'Bordetella', addDays(today(), 10));
    await addVaccination(biscuit, 'FVRCP', addDays(today(), 10));
    const res = await get(`/c/${client.id}/pets`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="1 round trip"/);
    const html = await res.text();
    expect(html.indexOf('Biscuit')).toBeLessThan(html.indexOf('Rex'));
    expect(html).toContain(`href="/c/${client.id}/pets/${rex.id}"`);
    expect(html).toContain('Dog, Collie · 1 year, 1 month');
    expect(html).toContain('· Cat<');
    const rexItem = html.slice(html.indexOf('Rex'));
    expect(rexItem.slice(0, rexItem.indexOf('</li>'))).toContain('>Expired<');
    const biscuitItem = html.slice(html.indexOf('Biscuit'));
    expect(biscuitItem.slice(0, biscuitItem.indexOf('</li>'))).toContain('>Expires soon<');
    expect(html).toContain(`href="/c/${client.id}/pets/new"`);
  });

  it('shows an empty state, and renders the fragment alone for a partial htmx request', async () => {
    const { client, cookie } = await parent();
    const page = await (await get(`/c/${client.id}/pets`, { cookie })).text();
    expect(page).toContain('No pets on your record yet.');
    const fragment = await (await getPartial(`/c/${client.id}/pets`, { cookie })).text();
    expect(fragment.startsWith('<section')).toBe(true);
  });

  it('answers 404 for another parent’s client id, and sends a signed-out visitor to sign in', async () => {
    const { cookie } = await parent();
    const other = await parent();
    await createPet(other.client, { name: 'Secret' });
    const res = await get(`/c/${other.client.id}/pets`, { cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Secret');
    const signedOut = await get(`/c/${other.client.id}/pets`);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/sign-in');
  });
});

describe('GET /c/:clientId/pets/:petId', () => {
  it('shows every SPEC §6 field, with the weight in lb for an en-US business and vaccinations flagged', async () => {
    const { client, cookie } = await parent();
    const pet = await createPet(client, {
      name: 'Pepper',
      species: 'dog',
      breed: 'Beagle',
      sex: 'female',
      birthday: '2021-04-30',
      weightGrams: 9_979,
      colour: 'Tricolour',
      spayedNeutered: true,
      vetName: 'Lake City Vets',
      vetPhone: '(206) 555-0123',
      medications: 'Apoquel 16 mg daily',
      feeding: '1 cup twice a day',
      behaviourNotes: 'Shy with big dogs',
    });
    await addVaccination(pet, 'Rabies', addDays(today(), -3));
    await addVaccination(pet, 'Bordetella', addDays(today(), 29));
    await addVaccination(pet, 'DHPP', addDays(today(), 200));
    const res = await get(`/c/${client.id}/pets/${pet.id}`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
    const html = await res.text();
    for (const text of [
      '<h1 id="pet-heading">Pepper</h1>',
      'Dog',
      'Beagle',
      'Female',
      'Apr 30, 2021 (',
      '22 lb',
      'Tricolour',
      '<dt>Spayed/neutered</dt><dd class="pre">Yes</dd>',
      'Lake City Vets, (206) 555-0123',
      'Apoquel 16 mg daily',
      '1 cup twice a day',
      'Shy with big dogs',
    ]) {
      expect(html).toContain(text);
    }
    const line = (name: string) => {
      const at = html.indexOf(`<strong>${name}</strong>`);
      return html.slice(at, html.indexOf('</li>', at));
    };
    // One phrase for an expired vaccination ("Expired <date>"), not "expires <date> · Expired".
    expect(line('Rabies')).toMatch(/>Expired \w{3} \d{1,2}, \d{4}</);
    expect(line('Rabies')).not.toContain('expires');
    expect(line('Bordetella')).toContain('>Expires soon<');
    // An en-US business spells Color and Behavior.
    expect(html).toContain('<dt>Color</dt>');
    expect(html).toContain('<dt>Behavior notes</dt>');
    expect(line('DHPP')).not.toMatch(/Expire/);
    // Read only: no edit or delete controls in the page's content (the footer's language switcher is a form).
    expect(html.slice(html.indexOf('<main'), html.indexOf('</main>'))).not.toMatch(/<form|>Edit|>Delete/i);
  });

  it('weighs in kg for a British business and computes the age in its time zone', async () => {
    // Just after midnight in Auckland it is already the next day there: the birthday counts.
    const { client, cookie } = await parent({ locale: 'en-GB', country: 'GB', timeZone: 'Pacific/Auckland' });
    const birthday = addDays(today('Pacific/Auckland'), -365 * 2 - 1);
    const pet = await createPet(client, { weightGrams: 12_500, birthday });
    const html = await (await get(`/c/${client.id}/pets/${pet.id}`, { cookie })).text();
    expect(html).toContain('12.5 kg');
    expect(html).toMatch(/\(2 years(, \d+ months?)?\)/);
  });

  it('answers 404 for another client’s pet, another business’s pet, and an unknown id', async () => {
    const { business, client, cookie } = await parent();
    const sibling = await createClientRecord(business.id);
    const siblingPet = await createPet(sibling, { name: 'NotYours' });
    const other = await parent();
    const foreignPet = await createPet(other.client, { name: 'Foreign' });
    for (const path of [
      `/c/${client.id}/pets/${siblingPet.id}`,
      `/c/${client.id}/pets/${foreignPet.id}`,
      `/c/${other.client.id}/pets/${foreignPet.id}`,
      `/c/${client.id}/pets/pet_nope`,
      `/c/${client.id}/pets/${foreignPet.id}/photo?size=thumb`,
    ]) {
      const res = await get(path, { cookie });
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html).not.toContain('NotYours');
      expect(html).not.toContain('Foreign');
    }
  });
});

describe('no edit or delete of an existing pet', () => {
  it.each(['PUT', 'PATCH', 'DELETE', 'POST'])('%s to a pet’s URLs is refused and changes nothing', async (method) => {
    const { client, cookie } = await parent();
    const pet = await createPet(client, { name: 'Keep' });
    for (const path of [
      `/c/${client.id}/pets/${pet.id}`,
      `/c/${client.id}/pets/${pet.id}/edit`,
      `/c/${client.id}/pets/${pet.id}/delete`,
      `/c/${client.id}/pets/${pet.id}/photo`,
    ]) {
      const res = await exports.default.fetch(
        new Request(ORIGIN + path, {
          method,
          headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'name=Changed&species=cat',
          redirect: 'manual',
        }),
      );
      expect([404, 405], `${method} ${path}`).toContain(res.status);
    }
    const [row] = await petsOf(client.id);
    expect(row).toMatchObject({ name: 'Keep', species: 'dog' });
    const edit = await get(`/c/${client.id}/pets/${pet.id}/edit`, { cookie });
    expect(edit.status).toBe(404);
  });
});

describe('GET /c/:clientId/pets/new', () => {
  it('shows the form with the weight asked in lb for an en-US business, in one round trip', async () => {
    const { client, cookie } = await parent();
    const res = await get(`/c/${client.id}/pets/new`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
    const html = await res.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('Weight in lb (optional)');
    expect(html).toContain(`max="${today()}"`);
    expect(html).toContain('accept="image/jpeg,image/png,image/webp"');
    expect(html).not.toContain('photo_thumb');
  });

  it('answers 404 for another parent’s client id', async () => {
    const { cookie } = await parent();
    const other = await parent();
    expect((await get(`/c/${other.client.id}/pets/new`, { cookie })).status).toBe(404);
  });
});

describe('POST /c/:clientId/pets/new', () => {
  it('adds the pet once for a double tap (one key per form), answering both with that pet, and keeps the key on a 422', async () => {
    const { client, cookie } = await parent();
    const form = await (await get(`/c/${client.id}/pets/new`, { cookie })).text();
    const key = /name="key" value="([A-Za-z0-9_-]{16,32})"/.exec(form)?.[1];
    expect(key).toBeTruthy();
    const [one, two] = await Promise.all([
      postPet(client.id, petForm({ key: key!, name: 'Twice', species: 'dog' }, { bytes: PHOTO, name: 'ok.png', type: 'image/png' }), cookie),
      postPet(client.id, petForm({ key: key!, name: 'Twice', species: 'dog' }, { bytes: PHOTO, name: 'ok.png', type: 'image/png' }), cookie),
    ]);
    expect([one.status, two.status]).toEqual([303, 303]);
    expect(one.headers.get('location')).toBe(two.headers.get('location'));
    const saved = await petsOf(client.id);
    expect(saved.filter((p) => p.name === 'Twice')).toHaveLength(1);
    // A refused form shown again keeps its key, so fixing and sending it still adds one pet.
    const refused = await postPet(client.id, petForm({ key: 'Kkkkkkkkkkkkkkkkkkkkkk', name: '', species: 'dog' }), cookie);
    expect(await refused.text()).toContain('name="key" value="Kkkkkkkkkkkkkkkkkkkkkk"');
  });

  describe('refusals: 422, the field’s message, nothing saved', () => {
    const cases: [string, Record<string, string>, { bytes: Uint8Array; name: string; type: string } | undefined, string][] = [
      ['no name', { name: '', species: 'dog' }, undefined, 'Enter your pet&#39;s name.'],
      ['a birthday in the future', { name: 'Rex', species: 'dog', birthday: '2999-01-01' }, undefined, 'The birthday cannot be in the future.'],
      ['a negative weight', { name: 'Rex', species: 'dog', weight: '-5' }, undefined, 'The weight must be more than 0.'],
      [
        'a non-image photo (named .jpg, typed image/jpeg)',
        { name: 'Rex', species: 'dog' },
        { bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>'), name: 'rex.jpg', type: 'image/jpeg' },
        'The photo must be a JPEG, PNG or WebP image.',
      ],
      [
        'an oversized photo',
        { name: 'Rex', species: 'dog' },
        {
          bytes: (() => {
            const b = new Uint8Array(5 * 1024 * 1024 + 1);
            b.set(PHOTO.subarray(0, 64));
            return b;
          })(),
          name: 'big.png',
          type: 'image/png',
        },
        'The photo is too large: choose one of 5 MB or less.',
      ],
      [
        'a JPEG without a frame header',
        { name: 'Rex', species: 'dog' },
        { bytes: HEADLESS_JPEG, name: 'rex.jpg', type: 'image/jpeg' },
        'This photo looks damaged: choose another one.',
      ],
      [
        'a photo of too many pixels',
        { name: 'Rex', species: 'dog' },
        { bytes: WIDE, name: 'pano.png', type: 'image/png' },
        'The photo has too many pixels (13000 × 10): choose one of at most 12,000 pixels a side and 40 megapixels.',
      ],
      ['a name of only invisible characters', { name: '\u200b\u3164\u200d', species: 'dog' }, undefined, NAME_MESSAGES.invisible],
      ['a name with a NUL character', { name: 'Rex\u0000', species: 'dog' }, undefined, NAME_MESSAGES.control],
      ['a vet name with a control character', { name: 'Rex', species: 'dog', vetName: 'Dr\u0007 Who' }, undefined, NAME_MESSAGES.control],
      ['a breed with a line break', { name: 'Rex', species: 'dog', breed: 'Collie\nMix' }, undefined, NAME_MESSAGES.control],
      ['feeding notes with a NUL character', { name: 'Rex', species: 'dog', feeding: 'Twice a day\u0000' }, undefined, NAME_MESSAGES.control],
      [
        'a photo of more than 40 megapixels (refused by its header, before any copy)',
        { name: 'Rex', species: 'dog' },
        { bytes: HUNDRED_MP, name: 'huge.png', type: 'image/png' },
        'The photo has too many pixels (10000 × 10000): choose one of at most 12,000 pixels a side and 40 megapixels.',
      ],
      [
        'a photo no decoder can read (Images refuses it)',
        { name: 'Rex', species: 'dog' },
        { bytes: CORRUPT, name: 'rex.png', type: 'image/png' },
        UNREADABLE_PHOTO,
      ],
    ];
    it.each(cases)('with %s', async (_, fields, photo, message) => {
      const { business, client, cookie } = await parent();
      const res = await postPet(client.id, petForm(fields, photo), cookie);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('role="alert"');
      expect(html).toContain('aria-invalid="true"');
      if (fields.name) expect(html).toContain(`value="${fields.name}"`);
      expect(await petsOf(client.id)).toHaveLength(0);
      expect(await notificationsOf(business.id)).toHaveLength(0);
      expect(await photosOf(business.id)).toHaveLength(0);
    });

    it('keeps a valid photo out of R2 when another field is refused', async () => {
      const { business, client, cookie } = await parent();
      const res = await postPet(client.id, petForm({ name: '', species: 'dog' }, { bytes: PHOTO, name: 'ok.png', type: 'image/png' }), cookie);
      expect(res.status).toBe(422);
      expect(await photosOf(business.id)).toHaveLength(0);
    });

    it('answers a phone-sized photo over 5 MB with the form re-rendered: what was typed kept, the message at the photo field', async () => {
      const { client, cookie } = await parent();
      const big = new Uint8Array(9 * 1024 * 1024);
      big.set(PHOTO.subarray(0, 64));
      const res = await postPet(
        client.id,
        petForm({ name: 'Biscuit the Second', species: 'dog', breed: 'Beagle' }, { bytes: big, name: 'IMG_0001.png', type: 'image/png' }),
        cookie,
      );
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(/id="pet-photo-error"[^>]*>The photo is too large: choose one of 5 MB or less\./);
      expect(html).toContain('value="Biscuit the Second"');
      expect(html).toContain('value="Beagle"');
      expect(html).toContain('data-max-bytes="5242880"');
      expect(await petsOf(client.id)).toHaveLength(0);
    });

    it('refuses a body over the upload limit with a 413 page that says what to do, and keeps other forms at 16 KB', async () => {
      const { client, cookie } = await parent();
      const huge = petForm({ name: 'Rex', species: 'dog' }, { bytes: new Uint8Array(26 * 1024 * 1024), name: 'x.jpg', type: 'image/jpeg' });
      const refused = await postPet(client.id, huge, cookie);
      expect(refused.status).toBe(413);
      expect(await refused.text()).toContain('a photo can be at most 5 MB');
      expect(await petsOf(client.id)).toHaveLength(0);
      const other = await exports.default.fetch(
        new Request(`${ORIGIN}/c/${client.id}/appointments/x/cancel`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie },
          body: petForm({ notes: 'x'.repeat(20 * 1024) }),
          redirect: 'manual',
        }),
      );
      expect(other.status).toBe(413);
    });

    it('answers 404 for another parent’s client id and saves nothing there', async () => {
      const { cookie } = await parent();
      const other = await parent();
      const res = await postPet(other.client.id, petForm({ name: 'Intruder', species: 'dog' }, { bytes: PHOTO, name: 'a.png', type: 'image/png' }), cookie);
      expect(res.status).toBe(404);
      expect(await petsOf(other.client.id)).toHaveLength(0);
      expect(await photosOf(other.business.id)).toHaveLength(0);
    });
  });

  it('adds a pet without a photo to the client record, tells the business in the same batch, and shows it', async () => {
    const { business, client, cookie } = await parent();
    const res = await postPet(
      client.id,
      petForm({
        name: 'Mochi',
        species: 'cat',
        breed: 'Siamese',
        sex: 'male',
        birthday: '2024-05-01',
        weight: '9.5',
        spayedNeutered: 'no',
        feeding: 'Wet food',
      }),
      cookie,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('server-timing')).toMatch(/desc="2 round trips"/);
    const [pet] = await petsOf(client.id);
    expect(pet).toMatchObject({
      businessId: business.id,
      name: 'Mochi',
      species: 'cat',
      breed: 'Siamese',
      sex: 'male',
      birthday: '2024-05-01',
      weightGrams: 4_309,
      spayedNeutered: false,
      feeding: 'Wet food',
      photoKey: null,
    });
    expect(res.headers.get('location')).toBe(`/c/${client.id}/pets/${pet!.id}?added=1`);
    const [note] = await notificationsOf(business.id);
    expect(note).toMatchObject({ clientId: client.id, kind: 'pet_added' });
    expect(note!.summary).toMatch(/^Jo Parent added a pet: Mochi \(cat, Siamese\), on \w{3}, \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M\.$/);
    const page = await (await get(res.headers.get('location')!, { cookie })).text();
    expect(page).toContain('Pet added. The business has been told.');
    expect(page).toContain('9.5 lb');
    const list = await (await get(`/c/${client.id}/pets`, { cookie })).text();
    expect(list).toContain('Mochi');
  });

  it('adds a pet with a photo: the upload and its two copies in R2; only the copies are served, to the owner, cached privately', async () => {
    const { business, client, cookie } = await parent();
    const res = await postPet(
      client.id,
      petForm({ name: 'Pixel', species: 'dog' }, { bytes: PHOTO, name: 'IMG_1.PNG', type: 'application/octet-stream' }),
      cookie,
    );
    expect(res.status).toBe(303);
    const [pet] = await petsOf(client.id);
    const key = pet!.photoKey!;
    expect(key).toMatch(new RegExp(`^pets/${business.id}/${pet!.id}/`));
    expect((await photosOf(business.id)).map((o) => o.key).sort()).toEqual([key, copyKey(key, PET_THUMB), copyKey(key, LARGE)].sort());
    expect((await env.PHOTOS.head(key))?.httpMetadata?.contentType).toBe('image/png');

    const profile = await (await get(`/c/${client.id}/pets/${pet!.id}`, { cookie })).text();
    expect(profile).toMatch(
      new RegExp(
        `<img class="pet-photo" src="/c/${client.id}/pets/${pet!.id}/photo\\?size=thumb" alt="Photo of Pixel" width="160" height="160" loading="lazy"`,
      ),
    );
    expect(profile).toContain(`href="/c/${client.id}/pets/${pet!.id}/photo/view"`);
    // The full-size photo opens inside a page: the header, a way back to the pet, the large copy.
    const view = await get(`/c/${client.id}/pets/${pet!.id}/photo/view`, { cookie });
    expect(view.status).toBe(200);
    const viewHtml = await view.text();
    expect(viewHtml).toContain('<header class="site">');
    expect(viewHtml).toContain(`<a href="/c/${client.id}/pets/${pet!.id}">← Back to Pixel</a>`);
    expect(viewHtml).toContain(`<img class="full-photo" src="/c/${client.id}/pets/${pet!.id}/photo?size=full" alt="Photo of Pixel"`);
    expect((await get(`/c/${client.id}/pets/${pet!.id}/photo/view`, { cookie: (await parent()).cookie })).status).toBe(404);
    const list = await (await get(`/c/${client.id}/pets`, { cookie })).text();
    expect(list).toContain('width="56" height="56" loading="lazy"');

    const expected = { thumb: { width: 320, height: 320 }, full: { width: 1600, height: 1200 } };
    const etags: string[] = [];
    for (const size of ['thumb', 'full'] as const) {
      const photo = await get(`/c/${client.id}/pets/${pet!.id}/photo?size=${size}`, { cookie });
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toBe('image/webp');
      expect(photo.headers.get('cache-control')).toBe('private, max-age=86400');
      expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
      expect(photo.headers.get('server-timing')).toMatch(/desc="1 round trip"/);
      const length = Number(photo.headers.get('content-length'));
      expect(await served(photo)).toEqual({ type: 'image/webp', ...expected[size] });
      expect(length).toBeLessThan(PHOTO.length);
      const etag = photo.headers.get('etag')!;
      etags.push(etag);
      const again = await get(`/c/${client.id}/pets/${pet!.id}/photo?size=${size}`, { cookie, headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    expect(etags[0]).not.toBe(etags[1]);
    expect((await get(`/c/${client.id}/pets/${pet!.id}/photo?size=huge`, { cookie })).status).toBe(404);
    expect((await get(`/c/${client.id}/pets/${pet!.id}/photo?size=original`, { cookie })).status).toBe(404);

    const stranger = await parent();
    expect((await get(`/c/${client.id}/pets/${pet!.id}/photo?size=thumb`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await get(`/c/${client.id}/pets/${pet!.id}/photo?size=thumb`)).status).toBe(303);
  });

  it('never enlarges: a photo smaller than the large copy keeps its size, the thumbnail is still 320 px square', async () => {
    const { client, cookie } = await parent();
    const small = await makePng({ width: 400, height: 300 });
    expect((await postPet(client.id, petForm({ name: 'Wee', species: 'cat' }, { bytes: small, name: 'wee.png', type: 'image/png' }), cookie)).status).toBe(303);
    const [pet] = await petsOf(client.id);
    expect(await served(await get(`/c/${client.id}/pets/${pet!.id}/photo?size=full`, { cookie }))).toEqual({ type: 'image/webp', width: 400, height: 300 });
    expect(await served(await get(`/c/${client.id}/pets/${pet!.id}/photo?size=thumb`, { cookie }))).toEqual({ type: 'image/webp', width: 320, height: 320 });
  });

  it('ignores a thumbnail field sent by the browser (copies are made here only)', async () => {
    const { business, client, cookie } = await parent();
    const fd = petForm({ name: 'Tiny', species: 'cat' }, { bytes: PHOTO, name: 'big.png', type: 'image/png' });
    fd.append('photo_thumb', new File([await makePng({ width: 10, height: 10 })], 'thumb.png', { type: 'image/png' }));
    expect((await postPet(client.id, fd, cookie)).status).toBe(303);
    const [pet] = await petsOf(client.id);
    expect(await photosOf(business.id)).toHaveLength(3);
    expect(await served(await get(`/c/${client.id}/pets/${pet!.id}/photo?size=thumb`, { cookie }))).toEqual({ type: 'image/webp', width: 320, height: 320 });
  });
  it('a pet without a photo has no photo URL (404)', async () => {
    const { client, cookie } = await parent();
    const pet = await createPet(client);
    expect((await get(`/c/${client.id}/pets/${pet.id}/photo?size=thumb`, { cookie })).status).toBe(404);
  });
});

describe('photos stored without copies (before copies were made at upload, or by the demo)', () => {
  async function petWithStoredPhoto(bytes: Uint8Array, contentType: string) {
    const p = await parent();
    const pet = await createPet(p.client, { name: 'Legacy' });
    const key = `pets/${p.business.id}/${pet.id}/legacy`;
    await env.PHOTOS.put(key, bytes, { httpMetadata: { contentType } });
    await db.update(schema.pets).set({ photoKey: key }).where(eq(schema.pets.id, pet.id));
    return { ...p, pet, key, url: (size: string) => `/c/${p.client.id}/pets/${pet.id}/photo?size=${size}` };
  }

  it('makes each copy on its first request and keeps it: the second answer is the stored copy', async () => {
    const { key, cookie, url } = await petWithStoredPhoto(PHOTO, 'image/png');
    expect(await env.PHOTOS.head(copyKey(key, PET_THUMB))).toBeNull();
    const first = await get(url('thumb'), { cookie });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/webp');
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(imageHeader(bytes)).toEqual({ type: 'image/webp', width: 320, height: 320 });
    const stored = await env.PHOTOS.get(copyKey(key, PET_THUMB));
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(bytes);
    const second = await get(url('thumb'), { cookie, headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(second.status).toBe(304);
    expect(await served(await get(url('full'), { cookie }))).toEqual({ type: 'image/webp', width: 1600, height: 1200 });
    expect(await env.PHOTOS.head(copyKey(key, LARGE))).not.toBeNull();
  });

  it('answers ten simultaneous first requests with the same small copy', async () => {
    const { key, cookie, url } = await petWithStoredPhoto(PHOTO, 'image/png');
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(url('thumb'), { cookie })));
    const bodies = await Promise.all(answers.map(async (res) => ({ status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) })));
    for (const { status, bytes } of bodies) {
      expect(status).toBe(200);
      expect(imageHeader(bytes)).toEqual({ type: 'image/webp', width: 320, height: 320 });
      expect(bytes).toEqual(bodies[0]!.bytes);
    }
    expect((await env.PHOTOS.list({ prefix: `${key}.` })).objects.map((o) => o.key)).toEqual([copyKey(key, PET_THUMB)]);
  });

  it('answers 503 (not cached, never the original) when Images cannot read it, and does not try again within the hour', async () => {
    const { key, cookie, url } = await petWithStoredPhoto(CORRUPT, 'image/png');
    const res = await get(url('thumb'), { cookie });
    expect(res.status).toBe(503);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('retry-after')).toBe('3600');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body).not.toEqual(CORRUPT);
    // The failure is remembered at the copy's key: the next view does not fetch the original or call Images.
    const marker = await env.PHOTOS.head(copyKey(key, PET_THUMB));
    expect(marker?.size).toBe(0);
    await env.PHOTOS.delete(key);
    const again = await get(url('thumb'), { cookie });
    expect(again.status).toBe(503);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(3500);
  });

  it('tries again after the hour, and then serves the copy', async () => {
    const { key, cookie, url } = await petWithStoredPhoto(PHOTO, 'image/png');
    await env.PHOTOS.put(copyKey(key, PET_THUMB), new Uint8Array(), { customMetadata: { 'copy-failed-at': String(Date.now() - 61 * 60_000) } });
    const res = await get(url('thumb'), { cookie });
    expect(res.status).toBe(200);
    expect(await served(res)).toEqual({ type: 'image/webp', width: 320, height: 320 });
  });

  it('answers 404 when the object itself is gone', async () => {
    const { key, cookie, url } = await petWithStoredPhoto(PHOTO, 'image/png');
    await env.PHOTOS.delete(key);
    expect((await get(url('thumb'), { cookie })).status).toBe(404);
  });
});

describe('withPhotoStored', () => {
  const upload = (key: string) => ({ key, bytes: PHOTO.slice().buffer, type: 'image/png' as const, thumb: new Uint8Array([1]), large: new Uint8Array([2]) });

  it('removes the photo and both copies when the database write fails, and keeps them when it succeeds', async () => {
    const key = `pets/test-${newId('biz')}/photo`;
    const keys = [key, copyKey(key, PET_THUMB), copyKey(key, LARGE)];
    const failing = withPhotoStored(env.PHOTOS, upload(key), async (photoKey) => {
      expect(photoKey).toBe(key);
      for (const k of keys) expect(await env.PHOTOS.head(k), k).not.toBeNull();
      throw new Error('batch failed');
    });
    await expect(failing).rejects.toThrow('batch failed');
    for (const k of keys) expect(await env.PHOTOS.head(k), k).toBeNull();
    await withPhotoStored(env.PHOTOS, upload(key), async () => {});
    expect((await env.PHOTOS.head(key))?.httpMetadata?.contentType).toBe('image/png');
    expect((await env.PHOTOS.head(copyKey(key, PET_THUMB)))?.httpMetadata?.contentType).toBe('image/webp');
    await env.PHOTOS.delete(keys);
  });

  it('runs the write with no key and stores nothing when there is no photo', async () => {
    let seen: string | null | undefined;
    await withPhotoStored(env.PHOTOS, null, async (photoKey) => {
      seen = photoKey;
    });
    expect(seen).toBeNull();
  });
});

describe('pets in Spanish', () => {
  const es = { 'accept-language': 'es' };

  it('shows the list and a pet’s profile in Spanish, with Spanish dates, ages and plural words', async () => {
    const { client, cookie } = await parent();
    const pet = await createPet(client, {
      name: 'Pepper',
      breed: 'Beagle',
      sex: 'female',
      birthday: '2021-04-30',
      weightGrams: 9_979,
      spayedNeutered: true,
    });
    await addVaccination(pet, 'Rabies', addDays(today(), -3));
    await addVaccination(pet, 'Bordetella', addDays(today(), 29));
    const list = await get(`/c/${client.id}/pets`, { cookie, headers: es });
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('<html lang="es"');
    expect(listHtml).toContain('<h1 id="pets-heading">Mascotas</h1>');
    expect(listHtml).toContain('Perro, Beagle · ');
    expect(listHtml).toMatch(/ · \d+ años(?: y \d+ (?:mes|meses))?</);
    expect(listHtml).toContain('Vacuna: <span class="status s-canceled">Vencida</span>');
    expect(listHtml).toContain('Agregar una mascota');
    expect(listHtml).not.toContain('Add a pet');

    const res = await get(`/c/${client.id}/pets/${pet.id}?added=1`, { cookie, headers: es });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    for (const text of [
      'Mascota agregada. Se le avisó al negocio.',
      '<dt>Especie</dt><dd class="pre">Perro</dd>',
      '<dt>Sexo</dt><dd class="pre">Hembra</dd>',
      '30 abr 2021 (',
      '<dt>Esterilizado/castrado</dt><dd class="pre">Sí</dd>',
      '<dt>Color</dt>',
      '<dt>Notas de comportamiento</dt>',
      '<dt>Medicamentos</dt><dd class="pre"><span class="muted">No indicado</span></dd>',
      '>Vence pronto<',
      'Subir un certificado de vacunación',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toMatch(/>Venció el \d{1,2} \S+ \d{4}</);
    expect(html).not.toContain('To change anything here, contact');
    expect(html).not.toContain('Pet added.');
  });

  it('refuses the form with Spanish messages, and still tells the business in English', async () => {
    const { business, client, cookie } = await parent();
    const post = (fields: Record<string, string>) =>
      exports.default.fetch(
        new Request(`${ORIGIN}/c/${client.id}/pets/new`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie, ...es },
          body: petForm(fields),
          redirect: 'manual',
        }),
      );
    const refused = await post({ name: '', species: 'fish', weight: 'heavy' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Revise los 3 campos marcados abajo.');
    expect(html).toContain('Escriba el nombre de su mascota.');
    expect(html).toContain('Elija perro, gato u otro.');
    expect(html).toContain('Escriba el peso en lb como un número, p. ej., 12.5.');
    expect(html).toContain('Peso en lb (opcional)');
    expect(html).not.toContain('Please check');
    expect(await petsOf(client.id)).toHaveLength(0);

    const added = await post({ name: 'Mochi', species: 'cat', breed: 'Siamese' });
    expect(added.status).toBe(303);
    const [note] = await notificationsOf(business.id);
    expect(note!.summary).toMatch(/^Jo Parent added a pet: Mochi \(cat, Siamese\), on \w{3}, \w{3} \d{1,2}, \d{4}, /);
  });
});
