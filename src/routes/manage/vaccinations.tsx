/**
 * Vaccination certificates in the console (issue 14 item 5): the uploads waiting for a check,
 * each one's review — the certificate (streamed from R2 by a console-only, access-checked route)
 * beside the vaccines the parent typed, which staff may correct — and the decisions: Accept
 * (the pet's record updated, verified and linked to the upload) or Reject with a reason the
 * parent sees. Each decision is one batch with its audit row and applies only while the upload
 * is pending (queries/console-vaccinations.ts): a second Accept — a double tap, another window —
 * answers 409 "already accepted" and changes nothing. Every id of another business is 404.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { unreadCountStatement } from '../../db/queries/console';
import {
  acceptUploadStatements,
  rejectUploadStatements,
  uploadDocumentStatement,
  uploadReviewStatements,
  vaccinationListStatements,
  WAITING_LIMIT,
} from '../../db/queries/console-vaccinations';
import { newId } from '../../domain/ids';
import { formatMoment, localDateString } from '../../domain/time';
import {
  checkEntries,
  checkRejectReason,
  earliestExpiry,
  ENTRY_ROWS,
  entryValues,
  latestExpiry,
  padEntries,
  parseEntries,
  type EntryErrors,
  type EntryValue,
} from '../../domain/vaccination-upload';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireStaff, type Membership } from '../../middleware/console';
import { formatCalendarDate } from '../../../templates/components/calendar-date';
import { VaccinationUploadList, VaccinationUploadReview } from '../../../templates/manage/vaccinations';
import { consolePage } from './page';

export const consoleVaccinationRoutes = new Hono<AppEnv>();

const UPLOAD = ':uploadId{vup_[A-Za-z0-9_-]+}';
const listHref = (businessId: string) => `/manage/${businessId}/vaccinations`;
const uploadHref = (businessId: string, uploadId: string) => `${listHref(businessId)}/${uploadId}`;
const when = (m: Membership, ms: number) => formatMoment(ms, m.timeZone, m.locale);

const DONE: Record<string, string> = {
  accepted: 'Accepted. The pet’s record is updated and the parent sees it as verified.',
  rejected: 'Not accepted. The parent sees your reason.',
};

// ---- The list ----

consoleVaccinationRoutes.get('/manage/:businessId/vaccinations', async (c) => {
  const businessId = c.req.param('businessId');
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    ...vaccinationListStatements(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(l.staff, businessId);
  const row = (r: (typeof l.results.waiting)[number]) => ({
    id: r.id,
    href: uploadHref(businessId, r.id),
    petName: r.petName,
    clientName: `${r.clientFirstName} ${r.clientLastName}`,
    when: when(m, (r.decidedAt ?? r.uploadedAt).getTime()),
    outcome: r.status === 'accepted' ? 'Accepted' : r.status === 'rejected' ? 'Not accepted' : null,
  });
  return consolePage(
    c,
    'Vaccination certificates',
    { staff: l.staff, membership: m, unread: Number(l.results.unread[0]?.unread ?? 0), current: 'vaccinations' },
    () => <VaccinationUploadList waiting={l.results.waiting.map(row)} decided={l.results.decided.map(row)} waitingLimit={WAITING_LIMIT} />,
  );
});

// ---- One upload: the review ----

async function loadUpload(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const uploadId = c.req.param('uploadId')!;
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    ...uploadReviewStatements(db, { businessId, tokenHash, now }, uploadId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(l.staff, businessId);
  const upload = l.results.upload[0];
  if (!upload) throw new HTTPException(404);
  return { ...l, m, upload, businessId, uploadId };
}

type Loaded = Awaited<ReturnType<typeof loadUpload>>;

function decidedLine(l: Loaded): string | null {
  const u = l.upload;
  if (u.status === 'pending' || !u.decidedAt) return null;
  const by = u.decidedByName ? ` by ${u.decidedByName}` : '';
  const at = when(l.m, u.decidedAt.getTime());
  return u.status === 'accepted' ? `Accepted${by} on ${at}.` : `Not accepted${by} on ${at}: ${u.rejectReason}`;
}

function renderReview(
  c: Context<AppEnv>,
  l: Loaded,
  extra: {
    rows?: EntryValue[];
    errors?: EntryErrors & { reason?: string; form?: string };
    reason?: string;
    notice?: string | null;
    status?: 200 | 409 | 422;
  } = {},
) {
  const { upload: u, m } = l;
  const today = localDateString(l.now, m.timeZone);
  const typed = parseEntries(u.entries);
  const rows = extra.rows ?? (u.status === 'pending' ? padEntries(typed, Math.max(ENTRY_ROWS, typed.length + 1)) : typed);
  const base = `${uploadHref(l.businessId, u.id)}`;
  const kind = u.contentType === 'application/pdf' ? 'pdf' : u.contentType === 'image/heic' ? 'heic' : 'image';
  const notice = extra.notice ?? null;
  return consolePage(
    c,
    `Vaccination certificate · ${u.petName}`,
    { staff: l.staff, membership: m, unread: Number(l.results.unread[0]?.unread ?? 0), current: 'vaccinations' },
    () => (
      <VaccinationUploadReview
        listHref={listHref(l.businessId)}
        petName={u.petName}
        clientName={`${u.clientFirstName} ${u.clientLastName}`}
        uploaded={when(m, u.uploadedAt.getTime())}
        decided={notice ?? decidedLine(l)}
        document={{ href: `${base}/document`, downloadHref: `${base}/document?download=1`, kind }}
        acceptAction={`${base}/accept`}
        rejectAction={`${base}/reject`}
        rows={rows}
        errors={extra.errors ?? {}}
        reason={extra.reason ?? ''}
        earliest={earliestExpiry(today)}
        latest={latestExpiry(today)}
        onRecord={l.results.onRecord.map((v) => ({
          name: v.name,
          expires: v.expiresOn ? `expires ${formatCalendarDate(v.expiresOn, m.locale)}` : 'no expiry date',
          verified: v.verifiedAt !== null,
        }))}
      />
    ),
    extra.status,
  );
}

consoleVaccinationRoutes.get(`/manage/:businessId/vaccinations/${UPLOAD}`, async (c) => {
  const l = await loadUpload(c);
  const done = DONE[c.req.query('done') ?? ''];
  return renderReview(c, l, done ? { notice: `${done} ${decidedLine(l) ?? ''}`.trim() } : {});
});

/** Said when the upload was decided meanwhile (a double tap, another window): what it is now. */
function alreadyDecided(l: Loaded): string {
  return l.upload.status === 'accepted'
    ? 'This certificate was already accepted: nothing was changed.'
    : 'This certificate was already not accepted: nothing was changed.';
}

/** After a batch that wrote nothing: 409 when the upload is decided, 404 when it is gone from view. */
async function refused(c: Context<AppEnv>) {
  const fresh = await loadUpload(c);
  if (fresh.upload.status === 'pending') throw new HTTPException(404);
  return renderReview(c, fresh, { errors: { form: alreadyDecided(fresh) }, status: 409 });
}

consoleVaccinationRoutes.post(`/manage/:businessId/vaccinations/${UPLOAD}/accept`, async (c) => {
  const l = await loadUpload(c);
  if (l.upload.status !== 'pending') return renderReview(c, l, { errors: { form: alreadyDecided(l) }, status: 409 });
  const form = await c.req.parseBody();
  const count = Math.max(ENTRY_ROWS, parseEntries(l.upload.entries).length + 1);
  const rows = entryValues(form, count);
  const checked = checkEntries(rows, localDateString(l.now, l.m.timeZone));
  if (!checked.ok) return renderReview(c, l, { rows, errors: checked.errors, status: 422 });
  const db = c.get('db');
  const actor = {
    businessId: l.businessId,
    staffAccountId: l.staff.staffAccountId,
    tokenHash: l.tokenHash,
    now: l.now,
    auditId: newId('aud'),
    ipAddress: clientIp(c),
  };
  const [audit] = await db.batch(
    acceptUploadStatements(db, actor, {
      uploadId: l.uploadId,
      petId: l.upload.petId,
      entries: checked.entries,
      newIds: checked.entries.map(() => newId('vac')),
    }),
  );
  if (audit.rowsAffected === 0) return refused(c);
  return c.redirect(`${uploadHref(l.businessId, l.uploadId)}?done=accepted`, 303);
});

consoleVaccinationRoutes.post(`/manage/:businessId/vaccinations/${UPLOAD}/reject`, async (c) => {
  const l = await loadUpload(c);
  if (l.upload.status !== 'pending') return renderReview(c, l, { errors: { form: alreadyDecided(l) }, status: 409 });
  const form = await c.req.parseBody();
  const checked = checkRejectReason(form.reason);
  if (!checked.ok) return renderReview(c, l, { errors: { reason: checked.error }, reason: typeof form.reason === 'string' ? form.reason : '', status: 422 });
  const db = c.get('db');
  const actor = {
    businessId: l.businessId,
    staffAccountId: l.staff.staffAccountId,
    tokenHash: l.tokenHash,
    now: l.now,
    auditId: newId('aud'),
    ipAddress: clientIp(c),
  };
  const [audit] = await db.batch(rejectUploadStatements(db, actor, { uploadId: l.uploadId, reason: checked.reason }));
  if (audit.rowsAffected === 0) return refused(c);
  return c.redirect(`${uploadHref(l.businessId, l.uploadId)}?done=rejected`, 303);
});

// ---- The certificate itself ----

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};

/**
 * The certificate as uploaded, for the console only (staff of this business): streamed from R2
 * with its sniffed type, inline (or as a download with `?download=1`), never sniffed again by the
 * browser and never cached beyond this session. Only this route may be framed, and only by our
 * own pages (middleware/security.ts), for the review page's PDF viewer.
 */
consoleVaccinationRoutes.get(`/manage/:businessId/vaccinations/${UPLOAD}/document`, async (c) => {
  const businessId = c.req.param('businessId');
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({ document: uploadDocumentStatement(db, { businessId, tokenHash, now }, c.req.param('uploadId')) }));
  requireStaff(l.staff, businessId);
  const row = l.results.document[0];
  if (!row) throw new HTTPException(404);
  const object = await c.env.PHOTOS.get(row.objectKey);
  if (!object) throw new HTTPException(404);
  const name = `certificate.${EXTENSIONS[row.contentType] ?? 'bin'}`;
  return new Response(object.body, {
    headers: {
      'Content-Type': row.contentType,
      'Content-Length': String(object.size),
      'Content-Disposition': `${c.req.query('download') ? 'attachment' : 'inline'}; filename="${name}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  });
});
