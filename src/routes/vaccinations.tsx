/**
 * "Upload a vaccination certificate" (issue 14 item 5) on a pet of the client profile being
 * viewed: the file (a photo or a PDF, ≤ 10 MB, its type told by its bytes) and the vaccines the
 * parent reads off it. A refusal is 422 with what was typed kept and the message at the field;
 * nothing is saved. The file is stored in R2 under a business-scoped random key before the
 * upload row is written, and removed again when the row is not (`withObjectsStored`). The form's
 * submission key is the upload's id, so a double tap or a resend saves one upload. A pet of
 * another client or business is 404. The pet's page shows what became of each upload.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import type { ClientProfile, SessionContext } from '../db/queries/portal';
import { addUploadStatements, uploadPetStatement, type PetUploadRow } from '../db/queries/vaccinations';
import { newId, randomToken } from '../domain/ids';
import { formatDate, localDateString } from '../domain/time';
import {
  CERTIFICATE_MAX_BYTES,
  checkCertificate,
  checkEntries,
  earliestExpiry,
  ENTRY_ROWS,
  entryValues,
  latestExpiry,
  parseEntries,
  type EntryErrors,
  type EntryValue,
} from '../domain/vaccination-upload';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { headerFor, loadSignedIn, requireProfile } from '../middleware/portal';
import { withObjectsStored } from '../storage/objects';
import { Page } from '../../templates/layouts/page';
import { formatCalendarDate } from '../../templates/components/calendar-date';
import { VaccinationUploadForm, type UploadView } from '../../templates/pets/vaccination-upload';
import { t, viewLocale } from '../i18n';

export const vaccinationRoutes = new Hono<AppEnv>();

const PATH = '/c/:clientId/pets/:petId/vaccinations/new';
/** Pet ids are ours (domain/ids.ts); anything else cannot match and is 404 before any I/O. */
const PET_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SUBMISSION_KEY = /^[A-Za-z0-9_-]{16,32}$/;

/** The pet page's list of uploads, in the business's time zone, its region and the reader's language. */
export function uploadViews(rows: PetUploadRow[], business: { timeZone: string; locale: string }): UploadView[] {
  const locale = viewLocale(business.locale);
  return rows.map((r) => ({
    id: r.id,
    uploaded: formatDate(r.uploadedAt.getTime(), business.timeZone, locale, { day: 'numeric', month: 'short', year: 'numeric' }),
    status: r.status,
    reason: r.rejectReason,
    summary: parseEntries(r.entries)
      .map((e) => t('pets.upload.entry', { name: e.name, date: formatCalendarDate(e.expiresOn, locale) }))
      .join(', '),
  }));
}

const petHref = (clientId: string, petId: string) => `/c/${clientId}/pets/${petId}`;

function formPage(
  c: Context<AppEnv>,
  v: { session: SessionContext; profile: ClientProfile; now: number; pet: { id: string; name: string } },
  rows: EntryValue[],
  errors: EntryErrors & { file?: string },
  status: 200 | 422,
  submissionKey: string,
) {
  const today = localDateString(v.now, v.profile.business.timeZone);
  const body = () => (
    <VaccinationUploadForm
      action={`${petHref(v.profile.clientId, v.pet.id)}/vaccinations/new`}
      backHref={petHref(v.profile.clientId, v.pet.id)}
      petName={v.pet.name}
      businessName={v.profile.business.name}
      submissionKey={submissionKey}
      rows={rows}
      errors={errors}
      maxMb={CERTIFICATE_MAX_BYTES / 1024 / 1024}
      earliest={earliestExpiry(today)}
      latest={latestExpiry(today)}
    />
  );
  return respond(
    c,
    {
      page: () => (
        <Page title={t('pets.upload.pageTitle', { pet: v.pet.name })} header={headerFor(v.session, v.profile)}>
          {body()}
        </Page>
      ),
      fragment: body,
    },
    status,
  );
}

async function load(c: Context<AppEnv>) {
  const clientId = c.req.param('clientId')!;
  const petId = c.req.param('petId')!;
  if (!PET_ID.test(petId)) throw new HTTPException(404);
  const { session, results, now, tokenHash } = await loadSignedIn(
    c,
    (tokenHash, now) => [uploadPetStatement(c.get('db'), { clientId, tokenHash, now }, petId)] as const,
  );
  const profile = requireProfile(session, clientId);
  const pet = results[0][0];
  if (!pet) throw new HTTPException(404);
  return { session, profile, now, tokenHash, pet };
}

vaccinationRoutes.get(PATH, async (c) => {
  const v = await load(c);
  return formPage(c, v, entryValues({}), {}, 200, randomToken(16));
});

/** "Jamie Rivera sent a vaccination certificate for Biscuit (Rabies, DHPP) to review." */
export function certificateNotice(clientName: string, petName: string, vaccines: string[]): string {
  return `${clientName} sent a vaccination certificate for ${petName} (${vaccines.join(', ')}) to review.`;
}

/** The upload's row was not written because an earlier send of this form wrote it. */
class AlreadyUploaded extends Error {}

vaccinationRoutes.post(PATH, async (c) => {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data|^application\/x-www-form-urlencoded/i.test(contentType)) throw new HTTPException(415);
  const form = await c.req.parseBody();
  const v = await load(c);
  const { profile, pet, now } = v;
  // One key per form (kept when it is shown again): a double tap saves one upload.
  const submissionKey = typeof form.key === 'string' && SUBMISSION_KEY.test(form.key) ? form.key : randomToken(16);
  const rows = entryValues(form, ENTRY_ROWS);
  const checked = checkEntries(rows, localDateString(now, profile.business.timeZone));
  const file = form.file instanceof File ? form.file : null;
  const size = file?.size ?? 0;
  // The size first, from the part's length: an oversized file is refused without reading it.
  const bytes = file && size <= CERTIFICATE_MAX_BYTES ? await file.arrayBuffer() : new ArrayBuffer(0);
  const certificate = checkCertificate(size, new Uint8Array(bytes));
  const errors: EntryErrors & { file?: string } = checked.ok ? {} : { ...checked.errors };
  if (!certificate.ok) errors.file = certificate.error;
  if (!checked.ok || !certificate.ok) return formPage(c, v, rows, errors, 422, submissionKey);

  const db = c.get('db');
  const id = `vup_${submissionKey}`;
  // Scoped by business and pet, and random: never guessable from a URL.
  const objectKey = `vaccinations/${profile.business.id}/${pet.id}/${newId('doc')}`;
  try {
    await withObjectsStored(c.env.PHOTOS, [{ key: objectKey, body: bytes, contentType: certificate.type }], async () => {
      const [inserted, , , keyed] = await db.batch(
        addUploadStatements(db, {
          id,
          clientId: profile.clientId,
          petId: pet.id,
          objectKey,
          contentType: certificate.type,
          sizeBytes: size,
          entries: checked.entries,
          now,
          tokenHash: v.tokenHash,
          notificationId: newId('ntf'),
          // The business's words: English, whatever the parent reads.
          notificationSummary: certificateNotice(
            `${profile.firstName} ${profile.lastName}`,
            pet.name,
            checked.entries.map((e) => e.name),
          ),
        }),
      );
      if (inserted.rowsAffected > 0) return;
      // Sent before with this form's key: that upload stands (this copy of the file is removed).
      if (keyed.length > 0) throw new AlreadyUploaded();
      // The session ended, or the pet left this client, between the two batches.
      throw new HTTPException(404);
    });
  } catch (error) {
    if (!(error instanceof AlreadyUploaded)) throw error;
  }
  return redirectAfterPost(c, `${petHref(profile.clientId, pet.id)}?uploaded=1#upload-${id}`);
});
