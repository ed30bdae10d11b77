/**
 * Report cards in the console (SPEC §7, §11; issue 14 item 1): any staff member writes a card
 * for a pet — from the client's page, or from a visit on the schedule (then it belongs to that
 * appointment) — saves it as a draft (the portal never shows one), edits it, adds photos (several
 * at once) and removes them, and sends it: the parent sees it at once and gets a text with a link.
 * A sent card can be corrected in place (the parent sees the latest) but never unsent.
 *
 * Photos are checked here (domain/report-card-form.ts: JPEG, PNG or WebP, HEIC refused by name,
 * ≤ 10 MB each), stored under a new random key per upload with their two copies (CARD_THUMB and
 * LARGE, storage/photo-copies.ts) before the batch, and removed again when the batch writes
 * nothing (`withObjectsStored`), so a refused or failed save leaves nothing behind. Every change
 * writes its audit row in the same batch (queries/console-report-cards.ts). Refusals are 422 at
 * the field with what was typed kept; POSTs answer 303.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { createDb } from '../../db/client';
import { unreadCountStatement, type StaffActor } from '../../db/queries/console';
import {
  cardPhotoStatement,
  cardStatements,
  createCardStatements,
  newCardStatements,
  reportCardListStatements,
  saveCardStatements,
  SENT_LIST_LIMIT,
  type CardAction,
  type CardText,
  type NewPhotoRow,
} from '../../db/queries/console-report-cards';
import { newId } from '../../domain/ids';
import type { PhotoType } from '../../domain/pet-form';
import {
  checkReportCard,
  checkReportPhoto,
  correctionDetail,
  EMPTY_REPORT_CARD,
  REPORT_PHOTO_MAX_BYTES,
  REPORT_PHOTOS_MAX,
  reportCardValues,
  type ReportCardErrors,
  type ReportCardValues,
} from '../../domain/report-card-form';
import { formatMoment } from '../../domain/time';
import { DELIVERY_CHUNK, deliverQueued, deliveryModeFor } from '../../messaging/delivery';
import { publicOrigin } from '../../messaging/public-host';
import { textLanguageOf } from '../../messaging/text-language';
import { translator } from '../../i18n';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireStaff, type Membership } from '../../middleware/console';
import { MAX_UPLOAD_FORM_BYTES } from '../../middleware/security';
import { withObjectsStored, type StoredObject } from '../../storage/objects';
import { CARD_THUMB, COPY_TYPE, LARGE, copyKey, makeCopy, serveCopy } from '../../storage/photo-copies';
import { serviceTypeLabel } from '../../../templates/appointments/labels';
import { ReportCardForm, ReportCardList, type CardPhotoView } from '../../../templates/manage/report-cards';
import { consolePage } from './page';

export const consoleReportCardRoutes = new Hono<AppEnv>();

const CARD = ':cardId{rc_[a-z0-9_]+}';
const PHOTO = ':photoId{rcp_[a-z0-9_]+}';
const APPOINTMENT_ID = /^apt_[a-z0-9_]{1,60}$/;

const listHref = (businessId: string) => `/manage/${businessId}/report-cards`;
const cardHref = (businessId: string, cardId: string) => `${listHref(businessId)}/${cardId}`;
const photoHref = (businessId: string, cardId: string, photoId: string) => `${cardHref(businessId, cardId)}/photos/${photoId}`;

const DONE: Record<string, string> = {
  draft: 'Draft saved. The parent does not see it until you send it.',
  sent: 'Report card sent. The parent sees it now and gets a text with a link.',
  corrected: 'Correction saved. The parent sees the new version.',
};

const when = (m: Membership, ms: number) => formatMoment(ms, m.timeZone, m.locale);

function appointmentLabel(m: Membership, a: { serviceType: Parameters<typeof serviceTypeLabel>[0] | null; startsAt: Date | null }) {
  return a.serviceType && a.startsAt ? `the ${serviceTypeLabel(a.serviceType).toLowerCase()} visit on ${when(m, a.startsAt.getTime())}` : null;
}

function actorOf(c: Context<AppEnv>, l: { staff: { staffAccountId: string }; tokenHash: string; now: number }, businessId: string): StaffActor {
  return { businessId, staffAccountId: l.staff.staffAccountId, tokenHash: l.tokenHash, now: l.now, auditId: newId('aud'), ipAddress: clientIp(c) };
}

// ---- The list ----

consoleReportCardRoutes.get('/manage/:businessId/report-cards', async (c) => {
  const businessId = c.req.param('businessId');
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    ...reportCardListStatements(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(l.staff, businessId);
  const row = (r: (typeof l.results.drafts)[number]) => ({
    id: r.id,
    href: cardHref(businessId, r.id),
    petName: r.petName,
    clientName: `${r.clientFirstName} ${r.clientLastName}`,
    when: r.sentAt ? `Sent ${when(m, r.sentAt.getTime())}` : `Started ${when(m, r.createdAt.getTime())}`,
    mood: r.mood,
  });
  return consolePage(c, 'Report cards', { staff: l.staff, membership: m, unread: Number(l.results.unread[0]?.unread ?? 0), current: 'report-cards' }, () => (
    <ReportCardList drafts={l.results.drafts.map(row)} sent={l.results.sent.map(row)} sentLimit={SENT_LIST_LIMIT} />
  ));
});

// ---- Photos: reading, checking, copying ----

interface Upload {
  bytes: ArrayBuffer;
  type: PhotoType;
  width: number;
  height: number;
}

const files = (value: unknown): File[] => (Array.isArray(value) ? value : [value]).filter((v): v is File => v instanceof File && v.size > 0);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

/** The chosen photos, checked; or the photos field's message (every bad file named). */
async function readPhotos(value: unknown): Promise<{ uploads: Upload[]; error?: string }> {
  const uploads: Upload[] = [];
  const errors: string[] = [];
  for (const file of files(value)) {
    // The size first, from the part's length: an oversized file is refused without reading it.
    const bytes = file.size > REPORT_PHOTO_MAX_BYTES ? new ArrayBuffer(0) : await file.arrayBuffer();
    const checked = checkReportPhoto(file.name, file.size, new Uint8Array(bytes));
    if (checked.ok) uploads.push({ bytes, type: checked.type, width: checked.width, height: checked.height });
    else errors.push(checked.error);
  }
  return errors.length ? { uploads, error: `${errors.join(' ')} Nothing was saved: choose the photos again.` } : { uploads };
}

const UNREADABLE = 'We could not process one of these photos. Try again, or choose others. Nothing was saved.';

/** Each photo with its key and its two copies as objects to store; null when Images fails on one. */
async function storedPhotos(
  c: Context<AppEnv>,
  businessId: string,
  cardId: string,
  uploads: Upload[],
  firstPosition: number,
): Promise<{ rows: NewPhotoRow[]; objects: StoredObject[] } | null> {
  const rows: NewPhotoRow[] = [];
  const objects: StoredObject[] = [];
  try {
    for (const [i, u] of uploads.entries()) {
      const [thumb, large] = await Promise.all([makeCopy(c.env.IMAGES, u.bytes, CARD_THUMB), makeCopy(c.env.IMAGES, u.bytes, LARGE)]);
      // A new random key per upload: an original never changes under its key, so its copies never go stale.
      const key = `report-cards/${businessId}/${cardId}/${newId('photo')}`;
      rows.push({ id: newId('rcp'), objectKey: key, width: u.width, height: u.height, position: firstPosition + i });
      objects.push(
        { key, body: u.bytes, contentType: u.type },
        { key: copyKey(key, CARD_THUMB), body: thumb, contentType: COPY_TYPE },
        { key: copyKey(key, LARGE), body: large, contentType: COPY_TYPE },
      );
    }
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'photo copy failed', requestId: c.get('requestId'), at: 'report-card upload', error: String(error) }));
    return null;
  }
  return { rows, objects };
}

/** The parent's text when a card is sent, or null when texts cannot be queued here (logged; the card is still sent). */
function parentText(
  c: Context<AppEnv>,
  m: Membership,
  to: { phoneE164: string; clientId: string; petName: string; cardId: string; language: string | null },
): CardText | null {
  try {
    const mode = deliveryModeFor(c.env, c.get('db'), 'sms');
    const origin = publicOrigin(c.env, c.req.url);
    return {
      id: newId('sms'),
      toE164: to.phoneE164,
      // In the parent's language (else the business's): sent for the business, outside the parent's request.
      body: translator(textLanguageOf(to.language))('messages.reportCard.ready', {
        business: m.businessName,
        pet: to.petName,
        link: `${origin}/c/${to.clientId}/report-cards#rc-${to.cardId}`,
      }),
      provider: mode.provider,
      immediate: mode.immediate,
    };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'report card text not stored', requestId: c.get('requestId'), error: String(error) }));
    return null;
  }
}

function deliverSoon(c: Context<AppEnv>, text: CardText | null) {
  if (!text || text.immediate) return;
  const requestId = c.get('requestId');
  c.executionCtx.waitUntil(
    deliverQueued(c.env, createDb(c.env, { roundTrips: 0, durationMs: 0 }), { limit: DELIVERY_CHUNK }).catch((error: unknown) => {
      console.error(JSON.stringify({ level: 'error', msg: 'report card text delivery failed', requestId, error: String(error) }));
    }),
  );
}

const FORM_LIMITS = { maxPhotoMb: REPORT_PHOTO_MAX_BYTES / 1024 / 1024, maxBodyMb: MAX_UPLOAD_FORM_BYTES / 1024 / 1024, maxPhotos: REPORT_PHOTOS_MAX };

// ---- A new card (for a pet, optionally for one of the client's appointments) ----

const NEW = '/manage/:businessId/clients/:clientId/pets/:petId/report-card';

async function loadNew(c: Context<AppEnv>, appointmentParam: string | undefined) {
  const businessId = c.req.param('businessId')!;
  const clientId = c.req.param('clientId')!;
  const petId = c.req.param('petId')!;
  const appointmentId = appointmentParam && APPOINTMENT_ID.test(appointmentParam) ? appointmentParam : null;
  if (appointmentParam && !appointmentId) throw new HTTPException(404);
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    ...newCardStatements(db, { businessId, tokenHash, now }, clientId, petId, appointmentId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(l.staff, businessId);
  const pet = l.results.pet[0];
  const appointment = l.results.appointment[0] ?? null;
  if (!pet || (appointmentId && !appointment)) throw new HTTPException(404);
  return { ...l, m, pet, appointment, businessId, clientId, petId, appointmentId };
}

/** A new card's submission key: lower-case letters and digits, so `rc_<key>` is a card id the routes take. */
const NEW_CARD_KEY = /^[a-z0-9]{16,40}$/;
const newCardKey = () => newId('rc').slice('rc_'.length);

function renderNew(
  c: Context<AppEnv>,
  l: Awaited<ReturnType<typeof loadNew>>,
  values: ReportCardValues,
  errors: ReportCardErrors,
  status: 200 | 422 = 200,
  submissionKey = newCardKey(),
) {
  const query = l.appointmentId ? `?appointment=${l.appointmentId}` : '';
  return consolePage(
    c,
    `Report card · ${l.pet.name}`,
    { staff: l.staff, membership: l.m, unread: Number(l.results.unread[0]?.unread ?? 0), current: 'clients' },
    () => (
      <ReportCardForm
        action={`/manage/${l.businessId}/clients/${l.clientId}/pets/${l.petId}/report-card${query}`}
        backHref={`/manage/${l.businessId}/clients/${l.clientId}`}
        backLabel={`${l.pet.clientFirstName} ${l.pet.clientLastName}`}
        petName={l.pet.name}
        clientName={`${l.pet.clientFirstName} ${l.pet.clientLastName}`}
        appointmentLabel={l.appointment ? appointmentLabel(l.m, l.appointment) : null}
        appointmentId={l.appointmentId}
        submissionKey={submissionKey}
        sentLabel={null}
        values={values}
        errors={errors}
        photos={[]}
        {...FORM_LIMITS}
      />
    ),
    status,
  );
}

consoleReportCardRoutes.get(NEW, async (c) => renderNew(c, await loadNew(c, c.req.query('appointment')), EMPTY_REPORT_CARD, {}));

consoleReportCardRoutes.post(NEW, async (c) => {
  const l = await loadNew(c, c.req.query('appointment'));
  const form = await c.req.parseBody({ all: true });
  const values = reportCardValues(form);
  const send = form.intent === 'send';
  // The form's key is the card's id: a double tap, a resend after Back or a reload of the POST saves one card.
  const key = typeof form.key === 'string' && NEW_CARD_KEY.test(form.key) ? form.key : newCardKey();
  const read = await readPhotos(form.photos);
  const checked = checkReportCard(values, read.uploads.length);
  const errors: ReportCardErrors = checked.ok ? {} : { ...checked.errors };
  if (read.error) errors.photos = read.error;
  if (!checked.ok || read.error) return renderNew(c, l, values, errors, 422, key);
  const cardId = `rc_${key}`;
  const photos = await storedPhotos(c, l.businessId, cardId, read.uploads, 0);
  if (!photos) return renderNew(c, l, values, { photos: UNREADABLE }, 422, key);
  const text = send ? parentText(c, l.m, { phoneE164: l.pet.phoneE164, clientId: l.clientId, petName: l.pet.name, cardId, language: l.pet.language }) : null;
  const db = c.get('db');
  const result = await withObjectsStored(
    c.env.PHOTOS,
    photos.objects,
    () =>
      db.batch(
        createCardStatements(db, actorOf(c, l, l.businessId), {
          id: cardId,
          clientId: l.clientId,
          petId: l.petId,
          appointmentId: l.appointmentId,
          notes: checked.card,
          send,
          photos: photos.rows,
          text,
        }),
      ),
    // This request's photos are kept only when this batch wrote the card.
    (r) => (r.at(-2) as unknown[]).length > 0,
  );
  if ((result.at(-2) as unknown[]).length === 0) {
    // The same form sent before: its card is there (open it as it is now).
    const earlier = (result.at(-1) as { sentAt: Date | null }[])[0];
    if (earlier) return c.redirect(`${cardHref(l.businessId, cardId)}?done=${earlier.sentAt ? 'sent' : 'draft'}`, 303);
    // Nothing written: the session ended, or the pet or appointment left this business meanwhile.
    throw new HTTPException(404);
  }
  deliverSoon(c, text);
  return c.redirect(`${cardHref(l.businessId, cardId)}?done=${send ? 'sent' : 'draft'}`, 303);
});

// ---- One card: edit a draft, send it, correct a sent one ----

async function loadCard(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const cardId = c.req.param('cardId')!;
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    ...cardStatements(db, { businessId, tokenHash, now }, cardId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(l.staff, businessId);
  const card = l.results.card[0];
  if (!card) throw new HTTPException(404);
  return { ...l, m, card, photos: l.results.photos, businessId, cardId };
}

type LoadedCard = Awaited<ReturnType<typeof loadCard>>;

function notesOf(card: LoadedCard['card']) {
  return { mood: card.mood, activities: card.activities, eating: card.eating, potty: card.potty, staffComment: card.staffComment };
}

function renderCard(
  c: Context<AppEnv>,
  l: LoadedCard,
  extra: { values?: ReportCardValues; errors?: ReportCardErrors; removing?: string[]; notice?: string | null; status?: 200 | 409 | 422 } = {},
) {
  const { card, m } = l;
  const name = `${card.clientFirstName} ${card.clientLastName}`;
  const removing = new Set(extra.removing ?? []);
  const photos: CardPhotoView[] = l.photos.map((p, i) => ({
    id: p.id,
    thumbHref: photoHref(l.businessId, card.id, p.id),
    label: `Photo ${i + 1}`,
    removeChecked: removing.has(p.id),
  }));
  const n = notesOf(card);
  const values = extra.values ?? {
    mood: n.mood ?? '',
    activities: n.activities ?? '',
    eating: n.eating ?? '',
    potty: n.potty ?? '',
    staffComment: n.staffComment ?? '',
  };
  return consolePage(
    c,
    `Report card · ${card.petName}`,
    { staff: l.staff, membership: m, unread: Number(l.results.unread[0]?.unread ?? 0), current: 'clients' },
    () => (
      <ReportCardForm
        action={cardHref(l.businessId, card.id)}
        backHref={listHref(l.businessId)}
        backLabel="All report cards"
        petName={card.petName}
        clientName={name}
        appointmentLabel={appointmentLabel(m, { serviceType: card.appointmentServiceType, startsAt: card.appointmentStartsAt })}
        sentLabel={card.sentAt ? when(m, card.sentAt.getTime()) : null}
        values={values}
        errors={extra.errors ?? {}}
        photos={photos}
        notice={extra.notice}
        {...FORM_LIMITS}
      />
    ),
    extra.status,
  );
}

consoleReportCardRoutes.get(`/manage/:businessId/report-cards/${CARD}`, async (c) => {
  const l = await loadCard(c);
  return renderCard(c, l, { notice: DONE[c.req.query('done') ?? ''] ?? null });
});

consoleReportCardRoutes.post(`/manage/:businessId/report-cards/${CARD}`, async (c) => {
  const l = await loadCard(c);
  const form = await c.req.parseBody({ all: true });
  const values = reportCardValues(form);
  const ownPhotoIds = new Set(l.photos.map((p) => p.id));
  const removing = [...new Set(strings(form.remove))].filter((id) => ownPhotoIds.has(id));
  const action: CardAction = l.card.sentAt ? 'report_card.correct' : form.intent === 'send' ? 'report_card.send' : 'report_card.draft';
  const read = await readPhotos(form.photos);
  const checked = checkReportCard(values, l.photos.length - removing.length + read.uploads.length);
  const errors: ReportCardErrors = checked.ok ? {} : { ...checked.errors };
  if (read.error) errors.photos = read.error;
  if (!checked.ok || read.error) return renderCard(c, l, { values, errors, removing, status: 422 });
  const nextPosition = l.photos.reduce((max, p) => Math.max(max, p.position + 1), 0);
  const photos = await storedPhotos(c, l.businessId, l.cardId, read.uploads, nextPosition);
  if (!photos) return renderCard(c, l, { values, errors: { photos: UNREADABLE }, removing, status: 422 });
  const text =
    action === 'report_card.send'
      ? parentText(c, l.m, { phoneE164: l.card.phoneE164, clientId: l.card.clientId, petName: l.card.petName, cardId: l.cardId, language: l.card.language })
      : null;
  const detail = action === 'report_card.correct' ? correctionDetail(notesOf(l.card), checked.card, photos.rows.length, removing.length) : null;
  const db = c.get('db');
  const result = await withObjectsStored(
    c.env.PHOTOS,
    photos.objects,
    () =>
      db.batch(
        saveCardStatements(db, actorOf(c, l, l.businessId), {
          id: l.cardId,
          action,
          detail,
          notes: checked.card,
          removePhotoIds: removing,
          photos: photos.rows,
          text,
        }),
      ),
    (r) => (r.at(-1) as unknown[]).length > 0,
  );
  if ((result.at(-1) as unknown[]).length === 0) {
    // Not applied: the card was sent (or went) meanwhile. Show it as it is now; nothing was saved.
    const fresh = await loadCard(c);
    return renderCard(c, fresh, {
      values,
      errors: { form: 'This card changed while you were editing it (it may have been sent). Check it and save again.' },
      status: 409,
    });
  }
  // The rows are gone: remove their photos and copies too (a leftover object is never served, so a failure is only logged).
  const gone = l.photos.filter((p) => removing.includes(p.id)).flatMap((p) => [p.objectKey, copyKey(p.objectKey, CARD_THUMB), copyKey(p.objectKey, LARGE)]);
  if (gone.length) {
    await c.env.PHOTOS.delete(gone).catch((error: unknown) => {
      console.error(JSON.stringify({ level: 'error', msg: 'report card photo not deleted', requestId: c.get('requestId'), error: String(error) }));
    });
  }
  deliverSoon(c, text);
  const done = action === 'report_card.correct' ? 'corrected' : action === 'report_card.send' ? 'sent' : 'draft';
  return c.redirect(`${cardHref(l.businessId, l.cardId)}?done=${done}`, 303);
});

/** A card's photo for the console (drafts too): its thumbnail copy, never the original. */
consoleReportCardRoutes.get(`/manage/:businessId/report-cards/${CARD}/photos/${PHOTO}`, async (c) => {
  const businessId = c.req.param('businessId');
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    photo: cardPhotoStatement(db, { businessId, tokenHash, now }, c.req.param('cardId'), c.req.param('photoId')),
  }));
  requireStaff(l.staff, businessId);
  const row = l.results.photo[0];
  if (!row) throw new HTTPException(404);
  return serveCopy(c, row.objectKey, CARD_THUMB);
});
