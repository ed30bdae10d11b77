/**
 * Report cards (SPEC §7) under the client profile being viewed: /c/:clientId/report-cards
 * lists the cards the business has SENT, grouped per pet, newest first (each pet's newest few;
 * /c/:clientId/report-cards/pets/:petId pages through all of one pet's); each photo's small
 * copies are served by /c/:clientId/report-cards/:cardId/photos/:photoId after the same check.
 * Drafts, another client's and another business's cards answer 404. Every page is one database batch,
 * session check included. Display only: GET is the one method.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { pageCountFor, pageNumber } from './paging';
import {
  CARDS_PAGE_SIZE,
  petReportCardStatements,
  reportCardListStatements,
  reportCardPhotoStatements,
  type ReportCardPhotoRow,
  type ReportCardRow,
} from '../db/queries/report-cards';
import { markReportCardsSeen } from '../db/queries/home';
import { t } from '../i18n';
import { respond } from '../middleware/htmx';
import { CARD_THUMB, LARGE, serveCopy } from '../storage/photo-copies';
import { headerFor, linkedAppointment, loadSignedIn, requireProfile } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { PetReportCards, ReportCardsPage, type ReportCardItem } from '../../templates/report-cards/list';

export const reportCardRoutes = new Hono<AppEnv>();

/** Ids are ours (domain/ids.ts); anything else cannot match and is 404 before any I/O. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function reportCardsHref(clientId: string) {
  return `/c/${clientId}/report-cards`;
}

function photoHref(clientId: string, cardId: string, photoId: string, size: 'thumb' | 'full') {
  return `${reportCardsHref(clientId)}/${cardId}/photos/${photoId}?size=${size}`;
}

/** Cards as the templates take them, per pet id, newest first (the rows' order), photos attached. */
function cardsByPet(clientId: string, cardRows: ReportCardRow[], photoRows: ReportCardPhotoRow[]): Map<string, ReportCardItem[]> {
  const photos = new Map<string, ReportCardItem['photos']>();
  for (const photo of photoRows) {
    const list = photos.get(photo.reportCardId) ?? [];
    list.push({
      thumbHref: photoHref(clientId, photo.reportCardId, photo.id, 'thumb'),
      fullHref: photoHref(clientId, photo.reportCardId, photo.id, 'full'),
      width: photo.width,
      height: photo.height,
    });
    photos.set(photo.reportCardId, list);
  }
  const cards = new Map<string, ReportCardItem[]>();
  for (const r of cardRows) {
    if (!r.sentAt) continue; // never: the queries read sent cards only
    const list = cards.get(r.petId) ?? [];
    list.push({
      id: r.id,
      sentAt: r.sentAt,
      appointment: linkedAppointment(clientId, r),
      mood: r.mood,
      activities: r.activities,
      eating: r.eating,
      potty: r.potty,
      staffComment: r.staffComment,
      staffFirstName: r.staffFirstName,
      photos: photos.get(r.id) ?? [],
    });
    cards.set(r.petId, list);
  }
  return cards;
}

reportCardRoutes.get('/c/:clientId/report-cards', async (c) => {
  const clientId = c.req.param('clientId');
  // Opening the list marks this profile's cards seen: the home stops calling them new (decision 0021).
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => {
    const scope = { clientId, tokenHash, now };
    return [...reportCardListStatements(c.get('db'), scope), markReportCardsSeen(c.get('db'), clientId, scope)] as const;
  });
  const profile = requireProfile(session, clientId);
  const [petRows, cardRows, photoRows, totalRows] = results;
  const cards = cardsByPet(clientId, cardRows, photoRows);
  const totals = new Map(totalRows.map((t) => [t.petId, t.total]));
  const { business } = profile;
  return respond(c, {
    page: () => (
      <Page title={t('reportCards.title')} header={headerFor(session, profile)}>
        <ReportCardsPage
          pets={petRows.map((p) => ({
            id: p.id,
            name: p.name,
            cards: cards.get(p.id) ?? [],
            total: totals.get(p.id) ?? 0,
            allHref: `${reportCardsHref(clientId)}/pets/${p.id}`,
          }))}
          timeZone={business.timeZone}
          locale={business.locale}
        />
      </Page>
    ),
  });
});

reportCardRoutes.get('/c/:clientId/report-cards/pets/:petId', async (c) => {
  const clientId = c.req.param('clientId');
  const petId = c.req.param('petId');
  if (!ID.test(petId)) throw new HTTPException(404);
  const page = pageNumber(c.req.query('page'));
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => petReportCardStatements(c.get('db'), { clientId, tokenHash, now }, petId, page));
  const profile = requireProfile(session, clientId);
  const [petRows, cardRows, photoRows, totalRows] = results;
  const pet = petRows[0];
  if (!pet) throw new HTTPException(404);
  const pageCount = pageCountFor(totalRows[0]?.total ?? 0, CARDS_PAGE_SIZE, page);
  const self = `${reportCardsHref(clientId)}/pets/${pet.id}`;
  const { business } = profile;
  return respond(c, {
    page: () => (
      <Page title={t('reportCards.forPet', { pet: pet.name })} header={headerFor(session, profile)}>
        <PetReportCards
          backHref={reportCardsHref(clientId)}
          petName={pet.name}
          cards={cardsByPet(clientId, cardRows, photoRows).get(pet.id) ?? []}
          page={page}
          pageCount={pageCount}
          pageHref={(n) => (n === 1 ? self : `${self}?page=${n}`)}
          timeZone={business.timeZone}
          locale={business.locale}
        />
      </Page>
    ),
  });
});

/**
 * One photo of a sent report card, for a viewer who may see that card: `size=thumb` its
 * thumbnail (≤ 320 px, aspect kept), `size=full` its large copy — made by the Images binding on
 * first request and kept beside the business's original (storage/photo-copies.ts), which is
 * never served itself. A sent card's photo does not change under its id, so browsers may keep
 * it privately for a day and revalidate by ETag.
 */
reportCardRoutes.get('/c/:clientId/report-cards/:cardId/photos/:photoId', async (c) => {
  const clientId = c.req.param('clientId');
  const cardId = c.req.param('cardId');
  const photoId = c.req.param('photoId');
  const size = c.req.query('size') ?? 'full';
  if (!ID.test(cardId) || !ID.test(photoId) || (size !== 'thumb' && size !== 'full')) throw new HTTPException(404);
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => reportCardPhotoStatements(c.get('db'), { clientId, tokenHash, now }, cardId, photoId));
  requireProfile(session, clientId);
  const row = results[0][0];
  if (!row) throw new HTTPException(404);
  return serveCopy(c, row.objectKey, size === 'thumb' ? CARD_THUMB : LARGE);
});
