/**
 * Agreements (SPEC §9) under the client profile being viewed (/c/:clientId/agreements…): the
 * list with status and version, one agreement's newest text with the sign form, the signed
 * copy with its audit trail, and the drawn image behind an access check. Every page is one
 * database batch, session check included; foreign ids answer 404.
 *
 * Signing is the only write, and signatures are never changed (no route alters one). The form
 * carries the version id and the SHA-256 of the text shown; the POST reads the newest version
 * (with the session), refuses when it moved on, stores the drawn PNG in R2 under
 * `signatures/`, then writes the row and the business's notification as one batch that again
 * requires the version to be the newest — and deletes the PNG if that batch writes nothing or
 * fails.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { withObjectsStored } from '../storage/objects';
import { agreementDetailStatements, agreementListStatements, isAlreadySignedError, signStatements, signedCopyStatements } from '../db/queries/agreements';
import type { ClientProfile, SessionContext } from '../db/queries/portal';
import { newId, sha256Hex } from '../domain/ids';
import { SIGN_MESSAGES, checkSignForm, signFormValues, type SignFormErrors, type SignFormValues } from '../domain/signature';
import { formatDate, formatTime, timeZoneName } from '../domain/time';
import { t, viewLocale } from '../i18n';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { clientIp } from '../middleware/client-ip';
import { headerFor, loadSignedIn, requireProfile } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { AgreementList } from '../../templates/agreements/list';
import { AgreementDetail } from '../../templates/agreements/detail';
import { SignedCopy } from '../../templates/agreements/signed';

export const agreementRoutes = new Hono<AppEnv>();

/** Ids are ours (domain/ids.ts); anything else cannot match and is 404 before any I/O. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_USER_AGENT = 512;

function listHref(clientId: string) {
  return `/c/${clientId}/agreements`;
}
function agreementHref(clientId: string, agreementId: string) {
  return `${listHref(clientId)}/${agreementId}`;
}
function signedHref(clientId: string, agreementId: string, signatureId: string) {
  return `${agreementHref(clientId, agreementId)}/signed/${signatureId}`;
}

function idParam(c: Context<AppEnv>, name: string): string {
  const value = c.req.param(name);
  if (!value || !ID.test(value)) throw new HTTPException(404);
  return value;
}

agreementRoutes.get('/c/:clientId/agreements', async (c) => {
  const clientId = c.req.param('clientId');
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => agreementListStatements(c.get('db'), { clientId, tokenHash, now }));
  const profile = requireProfile(session, clientId);
  const [newest, signatures] = results;
  const items = newest.map((a) => {
    const mine = signatures.filter((s) => s.agreementId === a.agreementId);
    return {
      href: agreementHref(clientId, a.agreementId),
      title: a.title,
      version: a.version,
      signedAt: mine.find((s) => s.versionId === a.versionId)?.signedAt ?? null,
      signedEarlier: mine.some((s) => s.versionId !== a.versionId),
    };
  });
  const body = () => <AgreementList items={items} timeZone={profile.business.timeZone} locale={profile.business.locale} />;
  return respond(c, {
    page: () => (
      <Page title={t('agreements.title')} header={headerFor(session, profile)}>
        {body()}
      </Page>
    ),
    fragment: body,
  });
});

interface Loaded {
  session: SessionContext;
  profile: ClientProfile;
  tokenHash: string;
  now: number;
  agreement: { agreementId: string; title: string; versionId: string; version: number; body: string };
  textSha256: string;
  signatures: { id: string; versionId: string; version: number; signedAt: Date }[];
}

/** One agreement's newest version and the client's signatures of it, in the page's one batch. */
async function loadAgreement(c: Context<AppEnv>): Promise<Loaded> {
  const clientId = c.req.param('clientId')!;
  const agreementId = idParam(c, 'agreementId');
  const { session, results, now, tokenHash } = await loadSignedIn(c, (tokenHash, now) =>
    agreementDetailStatements(c.get('db'), { clientId, tokenHash, now }, agreementId),
  );
  const profile = requireProfile(session, clientId);
  const [newest, signatures] = results;
  const agreement = newest[0];
  if (!agreement) throw new HTTPException(404);
  // The hash of the exact text the page shows (the stored body, rendered as it is).
  return { session, profile, tokenHash, now, agreement, textSha256: await sha256Hex(agreement.body), signatures };
}

function detailPage(
  c: Context<AppEnv>,
  l: Loaded,
  form: { values: Pick<SignFormValues, 'typedName' | 'consent'>; errors: SignFormErrors; formError?: string | null; banner?: string | null },
  status: 200 | 409 | 422 = 200,
) {
  const { profile, agreement } = l;
  const clientId = profile.clientId;
  const current = l.signatures.find((s) => s.versionId === agreement.versionId) ?? null;
  const body = () => (
    <AgreementDetail
      backHref={listHref(clientId)}
      action={agreementHref(clientId, agreement.agreementId)}
      title={agreement.title}
      versionId={agreement.versionId}
      version={agreement.version}
      body={agreement.body}
      textSha256={l.textSha256}
      signedHref={current ? signedHref(clientId, agreement.agreementId, current.id) : null}
      signedAt={current?.signedAt ?? null}
      earlier={l.signatures
        .filter((s) => s.versionId !== agreement.versionId)
        .map((s) => ({ href: signedHref(clientId, agreement.agreementId, s.id), version: s.version, signedAt: s.signedAt }))}
      timeZone={profile.business.timeZone}
      locale={profile.business.locale}
      banner={form.banner ?? null}
      formError={form.formError ?? null}
      typedName={form.values.typedName}
      signerName={`${profile.firstName} ${profile.lastName}`.trim()}
      consent={form.values.consent}
      errors={form.errors}
    />
  );
  return respond(
    c,
    {
      page: () => (
        <Page title={agreement.title} header={headerFor(l.session, profile)}>
          {body()}
        </Page>
      ),
      fragment: body,
    },
    status,
  );
}

agreementRoutes.get('/c/:clientId/agreements/:agreementId', async (c) => {
  const loaded = await loadAgreement(c);
  return detailPage(c, loaded, { values: { typedName: '', consent: false }, errors: {} });
});

/**
 * Stores the drawn signature (if any) in R2, then runs `write`; when `write` writes nothing
 * (false) or throws, the object is deleted again, so a refused or failed signing leaves no
 * image behind. Returns what `write` returned.
 */
export function withSignatureStored(bucket: R2Bucket, image: { key: string; png: Uint8Array } | null, write: () => Promise<boolean>): Promise<boolean> {
  const objects = image ? [{ key: image.key, body: image.png, contentType: 'image/png' }] : [];
  return withObjectsStored(bucket, objects, write, (written) => written);
}

agreementRoutes.post('/c/:clientId/agreements/:agreementId', async (c) => {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(contentType)) throw new HTTPException(415);
  const form = await c.req.parseBody();
  const loaded = await loadAgreement(c);
  const { profile, agreement, now, tokenHash } = loaded;
  const values = signFormValues(form);
  const keep = { typedName: values.typedName, consent: values.consent };

  // The newest version is not the one the form was loaded with: show the new text, save nothing.
  if (values.versionId !== agreement.versionId || values.textSha256 !== loaded.textSha256) {
    return detailPage(c, loaded, { values: keep, errors: {}, formError: SIGN_MESSAGES.changed }, 409);
  }
  if (loaded.signatures.some((s) => s.versionId === agreement.versionId)) {
    return detailPage(c, loaded, { values: keep, errors: {}, formError: SIGN_MESSAGES.alreadySigned }, 409);
  }
  const checked = await checkSignForm(values, `${profile.firstName} ${profile.lastName}`.trim());
  if (!checked.ok) return detailPage(c, loaded, { values: keep, errors: checked.errors }, 422);

  const business = profile.business;
  const signatureId = newId('sig');
  // Scoped by business and client, and random: never guessable; served only through the copy's route.
  const signatureKey = checked.png ? `signatures/${business.id}/${profile.clientId}/${signatureId}.png` : null;
  const when = `${formatDate(now, business.timeZone, business.locale)}, ${formatTime(now, business.timeZone, business.locale)}`;
  let duplicate = false;
  const written = await withSignatureStored(c.env.PHOTOS, signatureKey && checked.png ? { key: signatureKey, png: checked.png } : null, async () => {
    try {
      const [inserted] = await c.get('db').batch(
        signStatements(c.get('db'), {
          id: signatureId,
          clientId: profile.clientId,
          agreementId: agreement.agreementId,
          versionId: agreement.versionId,
          signerName: checked.signerName,
          method: checked.method,
          signatureKey,
          textSha256: loaded.textSha256,
          signedAt: now,
          ipAddress: clientIp(c),
          userAgent: c.req.header('user-agent')?.slice(0, MAX_USER_AGENT) ?? null,
          notificationId: newId('ntf'),
          notificationSummary: `${profile.firstName} ${profile.lastName} signed “${agreement.title}” (version ${agreement.version}) on ${when}.`,
          tokenHash,
        }),
      );
      return inserted.rowsAffected > 0;
    } catch (err) {
      // Signed in another tab meanwhile: UNIQUE(client, version).
      if (!isAlreadySignedError(err)) throw err;
      duplicate = true;
      return false;
    }
  });
  if (!written) {
    // Nothing written: signed meanwhile, or a newer version was published between the two batches.
    const fresh = await loadAgreement(c);
    return detailPage(c, fresh, { values: keep, errors: {}, formError: duplicate ? SIGN_MESSAGES.alreadySigned : SIGN_MESSAGES.changed }, 409);
  }
  return redirectAfterPost(c, `${signedHref(profile.clientId, agreement.agreementId, signatureId)}?signed=1`);
});

/** The signed copy with its audit trail: printable, one batch. */
agreementRoutes.get('/c/:clientId/agreements/:agreementId/signed/:signatureId', async (c) => {
  const clientId = c.req.param('clientId');
  const agreementId = idParam(c, 'agreementId');
  const signatureId = idParam(c, 'signatureId');
  const { session, results } = await loadSignedIn(c, (tokenHash, now) =>
    signedCopyStatements(c.get('db'), { clientId, tokenHash, now }, agreementId, signatureId),
  );
  const profile = requireProfile(session, clientId);
  const s = results[0][0];
  if (!s) throw new HTTPException(404);
  const business = profile.business;
  const self = signedHref(clientId, agreementId, s.id);
  const locale = viewLocale(business.locale);
  const body = () => (
    <SignedCopy
      backHref={agreementHref(clientId, agreementId)}
      banner={c.req.query('signed') ? t('agreements.banner.signed') : null}
      title={s.title}
      version={s.version}
      body={s.body}
      signerName={s.signerName}
      method={s.method}
      imageHref={s.signatureKey ? `${self}/image` : null}
      textSha256={s.textSha256}
      signedAtUtc={s.signedAt.toISOString()}
      signedAtLocal={t('agreements.audit.localTime', {
        date: formatDate(s.signedAt, business.timeZone, locale),
        time: formatTime(s.signedAt, business.timeZone, locale),
        zone: timeZoneName(business.timeZone, s.signedAt, locale),
      })}
      ipAddress={s.ipAddress}
      userAgent={s.userAgent}
    />
  );
  return respond(c, {
    page: () => (
      <Page title={t('agreements.signedTitle', { title: s.title })} header={headerFor(session, profile)}>
        {body()}
      </Page>
    ),
    fragment: body,
  });
});

/** The drawn signature, streamed from R2 to a viewer who may see the signed copy. Never changes. */
agreementRoutes.get('/c/:clientId/agreements/:agreementId/signed/:signatureId/image', async (c) => {
  const clientId = c.req.param('clientId');
  const agreementId = idParam(c, 'agreementId');
  const signatureId = idParam(c, 'signatureId');
  const { session, results } = await loadSignedIn(c, (tokenHash, now) =>
    signedCopyStatements(c.get('db'), { clientId, tokenHash, now }, agreementId, signatureId),
  );
  requireProfile(session, clientId);
  const key = results[0][0]?.signatureKey;
  if (!key) throw new HTTPException(404);
  const object = await c.env.PHOTOS.get(key);
  if (!object) throw new HTTPException(404);
  const headers = new Headers();
  headers.set('Content-Type', 'image/png');
  headers.set('Content-Length', String(object.size));
  headers.set('Cache-Control', 'private, max-age=86400, immutable');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Vary', 'Cookie');
  return new Response(object.body, { status: 200, headers });
});
