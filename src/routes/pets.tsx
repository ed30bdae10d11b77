/**
 * Pets (SPEC §6) under the client profile being viewed (/c/:clientId/…): the list, one pet's
 * profile, its photo, and "Add a pet". Every page is one database batch, session check
 * included; a foreign client or pet id answers 404. Existing pets cannot be edited or deleted
 * from the portal, so the only write is adding one: the pet and the business's notification go
 * out as one atomic batch, after the photo (if any) and its two copies — a thumbnail and a large
 * copy, made here by the Images binding (storage/photo-copies.ts) — are stored in R2; they are
 * removed again when that batch fails, so a refused or failed form leaves no object behind. The
 * photo route serves only the copies, never the original upload
 * (docs/decisions/0012-pet-photos.md, 0013-photo-copies-on-the-server.md).
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { withObjectsStored, type StoredObject } from '../storage/objects';
import { COPY_TYPE, LARGE, PET_THUMB, copyKey, makeCopy, serveCopy } from '../storage/photo-copies';
import { addPetStatements, petListStatements, petPhotoStatements, petProfileStatements } from '../db/queries/pets';
import { petUploadStatements } from '../db/queries/vaccinations';
import { uploadViews } from './vaccinations';
import type { ClientProfile } from '../db/queries/portal';
import { newId, randomToken } from '../domain/ids';
import {
  EMPTY_PET_FORM,
  ageOn,
  checkPetForm,
  checkPhoto,
  MAX_PHOTO_BYTES,
  earliestBirthday,
  formatWeight,
  petFormValues,
  vaccinationFlag,
  weightUnitFor,
  type PetFormErrors,
  type PetFormValues,
  type PhotoType,
  type VaccinationFlag,
} from '../domain/pet-form';
import { formatDate, formatTime, localDateString } from '../domain/time';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { headerFor, loadSignedIn, requireProfile } from '../middleware/portal';
import type { SessionContext } from '../db/queries/portal';
import { Page } from '../../templates/layouts/page';
import { PetList } from '../../templates/pets/list';
import { PetPhotoPage, PetProfile } from '../../templates/pets/profile';
import { NewPetForm } from '../../templates/pets/new';
import { speciesLabel } from '../../templates/pets/pet-parts';
import { t, translator, viewLocale } from '../i18n';

export const petRoutes = new Hono<AppEnv>();

/** Pet ids are ours (domain/ids.ts); anything else cannot match and is 404 before any I/O. */
const PET_ID = /^[A-Za-z0-9_-]{1,64}$/;

function petsHref(clientId: string) {
  return `/c/${clientId}/pets`;
}

function photoHref(clientId: string, petId: string, size: 'thumb' | 'full') {
  return `${petsHref(clientId)}/${petId}/photo?size=${size}`;
}

/** The profile's banner after adding a pet or uploading a certificate, in the reader's language. */
function banner(query: { added?: string; uploaded?: string }): string | null {
  if (query.added) return t('pets.banner.added');
  if (query.uploaded) return t('pets.banner.uploaded');
  return null;
}

function worst(flags: VaccinationFlag[]): VaccinationFlag {
  return flags.includes('expired') ? 'expired' : flags.includes('expiring') ? 'expiring' : null;
}

petRoutes.get('/c/:clientId/pets', async (c) => {
  const clientId = c.req.param('clientId');
  const { session, results, now } = await loadSignedIn(c, (tokenHash, now) => petListStatements(c.get('db'), { clientId, tokenHash, now }));
  const profile = requireProfile(session, clientId);
  const [rows, vaccinations] = results;
  const today = localDateString(now, profile.business.timeZone);
  const items = rows.map((pet) => ({
    href: `${petsHref(clientId)}/${pet.id}`,
    photoHref: pet.hasPhoto ? photoHref(clientId, pet.id, 'thumb') : null,
    name: pet.name,
    species: pet.species,
    breed: pet.breed,
    age: pet.birthday ? ageOn(pet.birthday, today) : null,
    flag: worst(vaccinations.filter((v) => v.petId === pet.id).map((v) => vaccinationFlag(v.expiresOn, today))),
  }));
  const body = () => <PetList pets={items} addHref={`${petsHref(clientId)}/new`} banner={null} />;
  return respond(c, {
    page: () => (
      <Page title={t('pets.list.title')} header={headerFor(session, profile)}>
        {body()}
      </Page>
    ),
    fragment: body,
  });
});

// ---- Add a pet (before /:petId so "new" is never read as a pet id) ----

function formPage(
  c: Context<AppEnv>,
  session: SessionContext,
  profile: ClientProfile,
  now: number,
  values: PetFormValues,
  errors: PetFormErrors,
  status: 200 | 422,
  submissionKey: string = randomToken(16),
) {
  const today = localDateString(now, profile.business.timeZone);
  const body = () => (
    <NewPetForm
      action={`${petsHref(profile.clientId)}/new`}
      submissionKey={submissionKey}
      cancelHref={petsHref(profile.clientId)}
      values={values}
      errors={errors}
      weightUnit={weightUnitFor(profile.business)}
      birthdayMin={earliestBirthday(today)}
      birthdayMax={today}
      locale={profile.business.locale}
    />
  );
  return respond(
    c,
    {
      page: () => (
        <Page title={t('pets.new.title')} header={headerFor(session, profile)}>
          {body()}
        </Page>
      ),
      fragment: body,
    },
    status,
  );
}

petRoutes.get('/c/:clientId/pets/new', async (c) => {
  const clientId = c.req.param('clientId');
  const { session, now } = await loadSignedIn(c, () => [] as const);
  const profile = requireProfile(session, clientId);
  return formPage(c, session, profile, now, EMPTY_PET_FORM, {}, 200);
});

/** The uploaded photo, if one was chosen: its bytes and type, or the photo field's message. */
async function readPhoto(value: unknown): Promise<{ bytes: ArrayBuffer; type: PhotoType } | { error: string } | null> {
  if (!(value instanceof File) || value.size === 0) return null;
  // The size first, from the part's length: an oversized file is refused without reading it.
  const bytes = value.size > MAX_PHOTO_BYTES ? new ArrayBuffer(0) : await value.arrayBuffer();
  const checked = checkPhoto(value.size, new Uint8Array(bytes));
  return checked.ok ? { bytes, type: checked.type } : { error: checked.error };
}

export interface PhotoUpload {
  key: string;
  bytes: ArrayBuffer;
  type: PhotoType;
  /** The copies served in its place (PET_THUMB, LARGE), stored at copyKey(key, …). */
  thumb: Uint8Array;
  large: Uint8Array;
}

/** The photo's two copies, or null when Images fails on it (the photo is then refused, nothing saved). */
async function copiesOf(c: Context<AppEnv>, bytes: ArrayBuffer): Promise<{ thumb: Uint8Array; large: Uint8Array } | null> {
  try {
    const [thumb, large] = await Promise.all([makeCopy(c.env.IMAGES, bytes, PET_THUMB), makeCopy(c.env.IMAGES, bytes, LARGE)]);
    return { thumb, large };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'photo copy failed', requestId: c.get('requestId'), at: 'upload', error: String(error) }));
    return null;
  }
}

/** Said when Images fails on the upload: a photo it cannot read and an outage look alike, so the words fit both. */
export function unreadablePhoto(): string {
  return t('pets.error.photoUnreadable');
}
/** Those words in English (tests compare the page with them). */
export const UNREADABLE_PHOTO = translator('en')('pets.error.photoUnreadable');

/**
 * Stores the photo (if any) and its copies in R2, then runs `write` with the photo's key; when
 * storing or `write` throws, every object is deleted again before the error goes on, so a failed
 * save leaves no photo behind.
 */
export async function withPhotoStored(bucket: R2Bucket, photo: PhotoUpload | null, write: (photoKey: string | null) => Promise<void>): Promise<void> {
  const objects: StoredObject[] = photo
    ? [
        { key: photo.key, body: photo.bytes, contentType: photo.type },
        { key: copyKey(photo.key, PET_THUMB), body: photo.thumb, contentType: COPY_TYPE },
        { key: copyKey(photo.key, LARGE), body: photo.large, contentType: COPY_TYPE },
      ]
    : [];
  await withObjectsStored(bucket, objects, () => write(photo?.key ?? null));
}

const SUBMISSION_KEY = /^[A-Za-z0-9_-]{16,32}$/;

/** The form's key added its pet already (a double tap, a resend): answer with that pet. */
class AlreadyAdded extends Error {
  constructor(readonly petId: string) {
    super('pet already added with this form');
  }
}

petRoutes.post('/c/:clientId/pets/new', async (c) => {
  const clientId = c.req.param('clientId');
  const contentType = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data|^application\/x-www-form-urlencoded/i.test(contentType)) throw new HTTPException(415);
  const form = await c.req.parseBody();
  const { session, now, tokenHash } = await loadSignedIn(c, () => [] as const);
  const profile = requireProfile(session, clientId);
  const business = profile.business;
  const values = petFormValues(form);
  // One key per form (kept when it is shown again with errors): a double tap adds the pet once.
  const submissionKey = typeof form.key === 'string' && SUBMISSION_KEY.test(form.key) ? form.key : null;
  const again = (errors: PetFormErrors) => formPage(c, session, profile, now, values, errors, 422, submissionKey ?? undefined);
  const today = localDateString(now, business.timeZone);
  const checked = checkPetForm(values, today, weightUnitFor(business));
  const read = await readPhoto(form.photo);
  const errors: PetFormErrors = checked.ok ? {} : { ...checked.errors };
  if (read && 'error' in read) errors.photo = read.error;
  if (!checked.ok || Object.keys(errors).length) return again(errors);
  const photo = read && 'bytes' in read ? read : null;
  // Made only for a form that is otherwise fine: decoding the photo is the costly part.
  const copies = photo ? await copiesOf(c, photo.bytes) : null;
  if (photo && !copies) return again({ photo: unreadablePhoto() });

  const petId = newId('pet');
  const pet = checked.pet;
  // The business's notification is read in the console: English, whatever the parent reads.
  const when = `${formatDate(now, business.timeZone, business.locale)}, ${formatTime(now, business.timeZone, business.locale)}`;
  const what = `${pet.name} (${speciesLabel(pet.species, translator('en')).toLowerCase()}${pet.breed ? `, ${pet.breed}` : ''})`;
  // The key is scoped by business and pet, and random: it is never guessable from a URL.
  const upload: PhotoUpload | null = photo && copies ? { key: `pets/${business.id}/${petId}/${newId('photo')}`, ...photo, ...copies } : null;
  try {
    await withPhotoStored(c.env.PHOTOS, upload, async (photoKey) => {
      const [inserted, , , keyed] = await c.get('db').batch(
        addPetStatements(c.get('db'), {
          id: petId,
          clientId,
          pet,
          photoKey,
          submissionKey,
          notificationId: newId('ntf'),
          notificationSummary: `${profile.firstName} ${profile.lastName} added a pet: ${what}, on ${when}.`,
          now,
          tokenHash,
        }),
      );
      if (inserted.rowsAffected === 0) {
        // Sent before with this form's key: its pet stands (this photo's objects are removed).
        const earlier = keyed[0]?.id;
        if (earlier) throw new AlreadyAdded(earlier);
        // The session ended between the two batches: nothing was written.
        throw new HTTPException(404);
      }
    });
  } catch (error) {
    if (error instanceof AlreadyAdded) return redirectAfterPost(c, `${petsHref(clientId)}/${error.petId}?added=1`);
    throw error;
  }
  return redirectAfterPost(c, `${petsHref(clientId)}/${petId}?added=1`);
});

// ---- One pet ----

petRoutes.get('/c/:clientId/pets/:petId', async (c) => {
  const clientId = c.req.param('clientId');
  const petId = c.req.param('petId');
  if (!PET_ID.test(petId)) throw new HTTPException(404);
  const { session, results, now } = await loadSignedIn(
    c,
    (tokenHash, now) =>
      [
        ...petProfileStatements(c.get('db'), { clientId, tokenHash, now }, petId),
        ...petUploadStatements(c.get('db'), { clientId, tokenHash, now }, petId),
      ] as const,
  );
  const profile = requireProfile(session, clientId);
  const [petRows, vaccinationRows, uploadRows, verifiedRows] = results;
  const pet = petRows[0];
  if (!pet) throw new HTTPException(404);
  const business = profile.business;
  const today = localDateString(now, business.timeZone);
  const verified = new Set(verifiedRows.map((v) => v.id));
  const body = () => (
    <PetProfile
      backHref={petsHref(clientId)}
      banner={banner({ added: c.req.query('added'), uploaded: c.req.query('uploaded') })}
      businessName={business.name}
      locale={business.locale}
      photo={pet.hasPhoto ? { thumbHref: photoHref(clientId, pet.id, 'thumb'), fullHref: `${petsHref(clientId)}/${pet.id}/photo/view` } : null}
      pet={{
        ...pet,
        age: pet.birthday ? ageOn(pet.birthday, today) : null,
        weight: pet.weightGrams ? formatWeight(pet.weightGrams, weightUnitFor(business), viewLocale(business.locale)) : null,
      }}
      vaccinations={vaccinationRows.map((v) => ({
        name: v.name,
        expiresOn: v.expiresOn,
        flag: vaccinationFlag(v.expiresOn, today),
        verified: verified.has(v.id),
      }))}
      certificates={{ uploads: uploadViews(uploadRows, business), businessName: business.name, uploadHref: `${petsHref(clientId)}/${pet.id}/vaccinations/new` }}
    />
  );
  return respond(c, {
    page: () => (
      <Page title={pet.name} header={headerFor(session, profile)}>
        {body()}
      </Page>
    ),
    fragment: body,
  });
});

/**
 * The full-size photo inside a page (the header, a way back to the pet, the large copy): a
 * tap on the profile's photo opens this rather than the bare image, so Back is never the only
 * way out. Same batch as the profile; a pet without a photo is "not found".
 */
petRoutes.get('/c/:clientId/pets/:petId/photo/view', async (c) => {
  const clientId = c.req.param('clientId');
  const petId = c.req.param('petId');
  if (!PET_ID.test(petId)) throw new HTTPException(404);
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => petProfileStatements(c.get('db'), { clientId, tokenHash, now }, petId));
  const profile = requireProfile(session, clientId);
  const pet = results[0][0];
  if (!pet?.hasPhoto) throw new HTTPException(404);
  const body = () => <PetPhotoPage name={pet.name} backHref={`${petsHref(clientId)}/${pet.id}`} src={photoHref(clientId, pet.id, 'full')} />;
  return respond(c, {
    page: () => (
      <Page title={t('pets.photo.title', { name: pet.name })} header={headerFor(session, profile)}>
        {body()}
      </Page>
    ),
    fragment: body,
  });
});

/**
 * The pet's photo for a viewer who may see the pet: `size=thumb` its thumbnail, `size=full` its
 * large copy (full size on tap) — never the original upload (storage/photo-copies.ts makes a
 * missing copy on first request). A photo never changes under its URL's pet (pets cannot be
 * edited here), so browsers may keep it privately for a day and revalidate by ETag.
 */
petRoutes.get('/c/:clientId/pets/:petId/photo', async (c) => {
  const clientId = c.req.param('clientId');
  const petId = c.req.param('petId');
  const size = c.req.query('size') ?? 'full';
  if (!PET_ID.test(petId) || (size !== 'thumb' && size !== 'full')) throw new HTTPException(404);
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => petPhotoStatements(c.get('db'), { clientId, tokenHash, now }, petId));
  requireProfile(session, clientId);
  const key = results[0][0]?.photoKey;
  if (!key) throw new HTTPException(404);
  return serveCopy(c, key, size === 'thumb' ? PET_THUMB : LARGE);
});
