/**
 * Agreement templates in the console (SPEC §9, §11; issue 14 item 2). Staff read the agreements,
 * who signed which version when, and any signed copy with its audit trail (printable, and as a
 * download that keeps working offline: one HTML file with the signature inside). Owners add an
 * agreement, publish new versions (never edit one: a version is what clients signed, hash and
 * all) and choose who must sign — every client, or clients of some services — and whether online
 * booking waits for it. The text is plain paragraphs with a small markup
 * (domain/agreement-text.ts); HTML is refused at the field with nothing saved.
 *
 * Each write is one batch guarded in SQL (queries/console-agreements.ts): creates take the form's
 * submission key as ids, a new version is written only on top of the version the owner edited,
 * so a double tap publishes one version and a stale second window is told what happened with
 * its text kept. POSTs answer 303; refusals 422 (bad input) or 409 (changed meanwhile).
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { unreadCountStatement, type StaffActor } from '../../db/queries/console';
import {
  SIGNATURE_LIST_LIMIT,
  WAITING_LIST_LIMIT,
  agreementDetailStatements,
  agreementListStatement,
  agreementRulesStatements,
  consoleSignedCopyStatement,
  createAgreementStatements,
  publishVersionStatements,
} from '../../db/queries/console-agreements';
import {
  agreementTextProblem,
  agreementTitleProblem,
  checkAgreementDraft,
  checkAudience,
  normaliseAgreementText,
  normaliseAgreementTitle,
  readAudience,
  SERVICE_AUDIENCE,
  type AudienceServiceType,
} from '../../domain/agreement-text';
import { newId, randomToken } from '../../domain/ids';
import { formatDate, formatMoment, formatTime, timeZoneName } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireOwner, requireStaff, type Membership } from '../../middleware/console';
import { SignedCopy } from '../../../templates/agreements/signed';
import { AgreementList, AgreementPage, audienceWords, type AgreementErrors, type AgreementFormValues } from '../../../templates/manage/agreements';
import { consolePage } from './page';

export const consoleAgreementRoutes = new Hono<AppEnv>();

const AGREEMENT = ':agreementId{agr_[A-Za-z0-9_-]+}';
const SIGNATURE = ':signatureId{sig_[A-Za-z0-9_-]+}';
const KEY = /^[A-Za-z0-9_-]{16,32}$/;

const listHref = (businessId: string) => `/manage/${businessId}/agreements`;
const agreementHref = (businessId: string, agreementId: string) => `${listHref(businessId)}/${agreementId}`;
const signatureHref = (businessId: string, agreementId: string, signatureId: string) => `${agreementHref(businessId, agreementId)}/signatures/${signatureId}`;

const DONE: Record<string, string> = {
  created: 'Agreement published. Clients who must sign it are asked in their portal.',
  published: 'New version published. Everyone who must sign it is asked to sign again.',
  rules: 'Saved.',
  unchanged: 'Nothing changed.',
};

const day = (m: Membership, d: Date) => formatDate(d, m.timeZone, m.locale, { day: 'numeric', month: 'short', year: 'numeric' });

function actor(c: Context<AppEnv>, l: { staff: { staffAccountId: string }; tokenHash: string; now: number }, businessId: string): StaffActor {
  return { businessId, staffAccountId: l.staff.staffAccountId, tokenHash: l.tokenHash, now: l.now, auditId: newId('aud'), ipAddress: clientIp(c) };
}

type Body = Record<string, string | File | (string | File)[]>;
const one = (body: Body, name: string): string => {
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : '';
};
const many = (body: Body, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string');
};

/** The posted title/text/audience as the form shows them again. */
function formValues(body: Body): AgreementFormValues {
  const key = one(body, 'key');
  return {
    key: KEY.test(key) ? key : randomToken(16),
    title: one(body, 'title'),
    text: one(body, 'text'),
    who: one(body, 'who') === 'services' ? 'services' : 'all',
    services: SERVICE_AUDIENCE.filter((t) => many(body, 'services').includes(t)),
    blocksBooking: one(body, 'blocksBooking') === '1',
  };
}

const emptyForm = (): AgreementFormValues => ({ key: randomToken(16), title: '', text: '', who: 'all', services: [], blocksBooking: false });

function rulesValues(a: { title: string; appliesTo: string | null; blocksBooking: boolean }): AgreementFormValues {
  const types = readAudience(a.appliesTo);
  return { key: '', title: a.title, text: '', who: types ? 'services' : 'all', services: types ?? [], blocksBooking: a.blocksBooking };
}

// ---- The list and a new agreement ----

async function loadList(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    rows: agreementListStatement(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  return { ...l, businessId, m: requireStaff(l.staff, businessId) };
}

function listPage(
  c: Context<AppEnv>,
  l: Awaited<ReturnType<typeof loadList>>,
  extra: { values?: AgreementFormValues; errors?: AgreementErrors; notice?: string | null; status?: 200 | 422 } = {},
) {
  const { m } = l;
  return consolePage(
    c,
    'Agreements',
    { staff: l.staff, membership: m, unread: Number(l.results.unread[0]?.unread ?? 0), current: 'agreements' },
    () => (
      <AgreementList
        businessId={l.businessId}
        isOwner={m.role === 'owner'}
        rows={l.results.rows.map((r) => ({
          href: agreementHref(l.businessId, r.id),
          title: r.title,
          version: r.version,
          published: day(m, new Date(r.publishedAt)),
          audience: audienceWords(readAudience(r.appliesTo)),
          blocksBooking: r.blocksBooking,
          signed: r.signed,
          waiting: r.waiting,
        }))}
        values={extra.values ?? emptyForm()}
        errors={extra.errors ?? {}}
        notice={extra.notice}
      />
    ),
    extra.status ?? 200,
  );
}

consoleAgreementRoutes.get('/manage/:businessId/agreements', async (c) => {
  const l = await loadList(c);
  return listPage(c, l, { notice: DONE[c.req.query('done') ?? ''] ?? null });
});

/** Title, text and audience checked together: every message at its field. */
function checkForm(values: AgreementFormValues) {
  const draft = checkAgreementDraft({ title: values.title, text: values.text });
  const audience = checkAudience(values.who, values.services);
  const errors: AgreementErrors = { ...(draft.ok ? {} : draft.errors), ...(audience.ok ? {} : { appliesTo: audience.error }) };
  if (!draft.ok || !audience.ok) return { ok: false as const, errors };
  return { ok: true as const, draft: draft.value, appliesTo: audience.value };
}

consoleAgreementRoutes.post('/manage/:businessId/agreements', async (c) => {
  const l = await loadList(c);
  requireOwner(l.staff, l.businessId);
  const values = formValues(await c.req.parseBody({ all: true }));
  const checked = checkForm(values);
  if (!checked.ok) return listPage(c, l, { values, errors: checked.errors, status: 422 });
  const db = c.get('db');
  const id = `agr_${values.key}`;
  const [, , , saved] = await db.batch(
    createAgreementStatements(db, actor(c, l, l.businessId), {
      id,
      versionId: `agv_${values.key}`,
      title: checked.draft.title,
      text: checked.draft.text,
      appliesTo: checked.appliesTo ? JSON.stringify(checked.appliesTo) : null,
      blocksBooking: values.blocksBooking,
    }),
  );
  // No row: the session lost its owner rights between the two reads (the guard refused); say so plainly.
  if (saved.length === 0) throw new HTTPException(404);
  return c.redirect(`${agreementHref(l.businessId, id)}?done=created`, 303);
});

// ---- One agreement ----

async function loadAgreement(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const agreementId = c.req.param('agreementId')!;
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    ...agreementDetailStatements(db, { businessId, tokenHash, now }, agreementId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(l.staff, businessId);
  const agreement = l.results.agreement[0];
  const newest = l.results.versions[0];
  if (!agreement || !newest) throw new HTTPException(404);
  return { ...l, businessId, agreementId, m, agreement, newest };
}

type LoadedAgreement = Awaited<ReturnType<typeof loadAgreement>>;

function agreementPage(
  c: Context<AppEnv>,
  l: LoadedAgreement,
  extra: {
    publish?: { key: string; text: string; fromVersion?: number; error?: string; formError?: string | null };
    rules?: AgreementFormValues;
    rulesErrors?: AgreementErrors;
    notice?: string | null;
    status?: 200 | 409 | 422;
  } = {},
) {
  const { m, agreement, newest } = l;
  const r = l.results;
  return consolePage(
    c,
    agreement.title,
    { staff: l.staff, membership: m, unread: Number(r.unread[0]?.unread ?? 0), current: 'agreements' },
    () => (
      <AgreementPage
        businessId={l.businessId}
        agreementId={l.agreementId}
        title={agreement.title}
        audience={audienceWords(readAudience(agreement.appliesTo))}
        blocksBooking={agreement.blocksBooking}
        newest={{ version: newest.version, published: day(m, newest.publishedAt), text: newest.body }}
        versions={r.versions.map((v) => ({ version: v.version, published: day(m, v.publishedAt), signatures: v.signatures }))}
        signatures={r.signatures.map((s) => ({
          href: signatureHref(l.businessId, l.agreementId, s.id),
          clientName: `${s.firstName} ${s.lastName}`,
          signerName: s.signerName,
          method: s.method === 'drawn' ? 'Drawn signature' : 'Typed name',
          version: s.version,
          when: formatMoment(s.signedAt.getTime(), m.timeZone, m.locale),
        }))}
        signatureLimit={SIGNATURE_LIST_LIMIT}
        waiting={r.waiting.map((w) => ({ name: `${w.firstName} ${w.lastName}`, href: `/manage/${l.businessId}/clients/${w.id}` }))}
        waitingLimit={WAITING_LIST_LIMIT}
        isOwner={m.role === 'owner'}
        publish={{
          key: extra.publish?.key ?? randomToken(16),
          text: extra.publish?.text ?? newest.body,
          fromVersion: extra.publish?.fromVersion ?? newest.version,
          error: extra.publish?.error,
          formError: extra.publish?.formError,
        }}
        rules={extra.rules ?? rulesValues(agreement)}
        rulesErrors={extra.rulesErrors ?? {}}
        notice={extra.notice}
      />
    ),
    extra.status ?? 200,
  );
}

consoleAgreementRoutes.get(`/manage/:businessId/agreements/${AGREEMENT}`, async (c) => {
  const l = await loadAgreement(c);
  return agreementPage(c, l, { notice: DONE[c.req.query('done') ?? ''] ?? null });
});

consoleAgreementRoutes.post(`/manage/:businessId/agreements/${AGREEMENT}/versions`, async (c) => {
  const l = await loadAgreement(c);
  requireOwner(l.staff, l.businessId);
  const body = await c.req.parseBody({ all: true });
  const values = formValues(body);
  const fromVersion = Number(one(body, 'fromVersion'));
  const keep = { key: values.key, text: values.text };
  // Only the text is checked: the title is the agreement's, stored before (and not re-judged here).
  const text = normaliseAgreementText(values.text);
  const textProblem = agreementTextProblem(text);
  if (textProblem) return agreementPage(c, l, { publish: { ...keep, error: textProblem }, status: 422 });
  if (!Number.isInteger(fromVersion) || fromVersion < 1) {
    return agreementPage(c, l, { publish: { ...keep, formError: 'This form is out of date. Check the text below and publish it again.' }, status: 409 });
  }
  const db = c.get('db');
  const [, , written, newestNow] = await db.batch(
    publishVersionStatements(db, actor(c, l, l.businessId), {
      agreementId: l.agreementId,
      versionId: `agv_${values.key}`,
      fromVersion,
      text,
    }),
  );
  // Written now, or by an earlier send of this very form (a double tap, a resend after Back).
  if (written.length > 0) return c.redirect(`${agreementHref(l.businessId, l.agreementId)}?done=published`, 303);
  const fresh = await loadAgreement(c);
  const newest = newestNow[0]?.newest ?? fresh.newest.version;
  if (newest !== fromVersion) {
    return agreementPage(c, fresh, {
      publish: {
        ...keep,
        fromVersion: newest,
        formError: `Version ${newest} was published while you were editing. Read it above; your text is kept below — publish it as version ${newest + 1} if it should replace it.`,
      },
      status: 409,
    });
  }
  return agreementPage(c, fresh, {
    publish: { ...keep, error: `This is the text of version ${fromVersion} already. Change it to publish a new version.` },
    status: 422,
  });
});

consoleAgreementRoutes.post(`/manage/:businessId/agreements/${AGREEMENT}/rules`, async (c) => {
  const l = await loadAgreement(c);
  requireOwner(l.staff, l.businessId);
  const values = formValues(await c.req.parseBody({ all: true }));
  // Only the title is checked: the text is the versions' (an older text is never re-judged).
  const title = normaliseAgreementTitle(values.title);
  const titleProblem = agreementTitleProblem(title);
  const audience = checkAudience(values.who, values.services);
  if (titleProblem || !audience.ok) {
    const errors: AgreementErrors = { ...(titleProblem ? { title: titleProblem } : {}), ...(audience.ok ? {} : { appliesTo: audience.error }) };
    return agreementPage(c, l, { rules: values, rulesErrors: errors, status: 422 });
  }
  const appliesTo = audience.value ? JSON.stringify(audience.value) : null;
  const detail = `“${title}” · ${audienceWords(audience.value as AudienceServiceType[] | null)}${values.blocksBooking ? ' · booking waits' : ''}`;
  const db = c.get('db');
  const [updated] = await db.batch(
    agreementRulesStatements(db, actor(c, l, l.businessId), l.agreementId, { title: title, appliesTo, blocksBooking: values.blocksBooking }, detail),
  );
  return c.redirect(`${agreementHref(l.businessId, l.agreementId)}?done=${updated.rowsAffected > 0 ? 'rules' : 'unchanged'}`, 303);
});

// ---- A signed copy ----

async function loadSignedCopy(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const agreementId = c.req.param('agreementId')!;
  const signatureId = c.req.param('signatureId')!;
  const db = c.get('db');
  const l = await loadStaff(c, (tokenHash, now) => ({
    copy: consoleSignedCopyStatement(db, { businessId, tokenHash, now }, agreementId, signatureId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(l.staff, businessId);
  const copy = l.results.copy[0];
  if (!copy) throw new HTTPException(404);
  return { ...l, m, copy, businessId, agreementId, signatureId };
}

function copyProps(l: Awaited<ReturnType<typeof loadSignedCopy>>, imageHref: string | null) {
  const { m, copy: s } = l;
  return {
    title: s.title,
    version: s.version,
    body: s.body,
    signerName: s.signerName,
    method: s.method,
    imageHref,
    textSha256: s.textSha256,
    signedAtUtc: s.signedAt.toISOString(),
    signedAtLocal: `${formatDate(s.signedAt, m.timeZone, m.locale)}, ${formatTime(s.signedAt, m.timeZone, m.locale)} ${timeZoneName(m.timeZone, s.signedAt, m.locale)}`,
    ipAddress: s.ipAddress,
    userAgent: s.userAgent,
  };
}

consoleAgreementRoutes.get(`/manage/:businessId/agreements/${AGREEMENT}/signatures/${SIGNATURE}`, async (c) => {
  const l = await loadSignedCopy(c);
  const self = signatureHref(l.businessId, l.agreementId, l.signatureId);
  return consolePage(
    c,
    `${l.copy.title} (signed by ${l.copy.clientFirstName} ${l.copy.clientLastName})`,
    { staff: l.staff, membership: l.m, unread: Number(l.results.unread[0]?.unread ?? 0), current: 'agreements' },
    () => (
      <>
        <p class="no-print">
          Client: <a href={`/manage/${l.businessId}/clients/${l.copy.clientId}`}>{`${l.copy.clientFirstName} ${l.copy.clientLastName}`}</a> ·{' '}
          <a href={`${self}/download`}>Download as a printable page</a>
        </p>
        <SignedCopy backHref={agreementHref(l.businessId, l.agreementId)} {...copyProps(l, l.copy.signatureKey ? `${self}/image` : null)} />
      </>
    ),
  );
});

/** The drawn signature, streamed from R2 to staff of this business. */
consoleAgreementRoutes.get(`/manage/:businessId/agreements/${AGREEMENT}/signatures/${SIGNATURE}/image`, async (c) => {
  const l = await loadSignedCopy(c);
  const key = l.copy.signatureKey;
  const object = key ? await c.env.PHOTOS.get(key) : null;
  if (!object) throw new HTTPException(404);
  return new Response(object.body, {
    headers: {
      'Content-Type': 'image/png',
      'Content-Length': String(object.size),
      'Cache-Control': 'private, max-age=86400, immutable',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Cookie',
    },
  });
});

const PRINT_CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#111}
.agreement-text{border:1px solid #999;padding:.75rem 1rem;margin:0 0 1rem}.no-print{display:none}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}.wrap{overflow-wrap:anywhere}
.signature-image{border-bottom:1px solid #999}`;

/**
 * The signed copy as one self-contained HTML file to keep or print: the text, the signature
 * (embedded as a data: URL, so it opens offline) and the audit trail. It is an attachment, so
 * the browser saves it rather than showing it under the site's CSP.
 */
consoleAgreementRoutes.get(`/manage/:businessId/agreements/${AGREEMENT}/signatures/${SIGNATURE}/download`, async (c) => {
  const l = await loadSignedCopy(c);
  let image: string | null = null;
  if (l.copy.signatureKey) {
    const object = await c.env.PHOTOS.get(l.copy.signatureKey);
    if (object) image = `data:image/png;base64,${toBase64(new Uint8Array(await object.arrayBuffer()))}`;
  }
  const client = `${l.copy.clientFirstName} ${l.copy.clientLastName}`;
  const doc = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${l.copy.title} — signed by ${client}`}</title>
        <style>{PRINT_CSS}</style>
      </head>
      <body>
        <p>
          {l.m.businessName} · client {client}
        </p>
        <SignedCopy backHref="#" {...copyProps(l, image)} />
      </body>
    </html>
  );
  const slug = `${l.copy.title}-${client}-v${l.copy.version}`
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 80);
  c.header('Content-Type', 'text/html; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${slug || 'signed-agreement'}.html"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(`<!doctype html>${doc.toString()}`);
});

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
