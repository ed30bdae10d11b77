/**
 * Security headers, CSRF and request size limits for every response.
 * - CSP allows only our own origin (no inline script or style anywhere in the app), images
 *   included: every photo is served by our own routes.
 * - Referrer-Policy must not be `no-referrer`: browsers would then send `Origin: null` on
 *   form posts and csrf() would refuse them (TECH.md §2).
 * - csrf() refuses cross-site form posts (Sec-Fetch-Site / Origin); with SameSite=Lax
 *   session cookies that covers every POST.
 * - Nothing may be framed (frame-ancestors 'none', X-Frame-Options DENY) except one console
 *   response: a vaccination certificate, which its review page (our own origin) shows in an
 *   <iframe> because a PDF needs one; that response alone gets frame-ancestors 'self',
 *   X-Frame-Options SAMEORIGIN and object-src 'self' (the browser's PDF viewer).
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';

/** The console's certificate viewer (routes/manage/vaccinations.tsx), the one framed response. */
const FRAMED_DOCUMENT_PATH = /^\/manage\/[^/]+\/vaccinations\/vup_[A-Za-z0-9_-]+\/document$/;
const isFramedDocument = (c: Context) => FRAMED_DOCUMENT_PATH.test(c.req.path);

const headers = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: [(c) => (isFramedDocument(c) ? "'self'" : "'none'")],
    baseUri: ["'none'"],
    objectSrc: [(c) => (isFramedDocument(c) ? "'self'" : "'none'")],
  },
  referrerPolicy: 'strict-origin-when-cross-origin',
  xFrameOptions: 'DENY',
  crossOriginEmbedderPolicy: false,
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
});

export const securityHeaders = createMiddleware(async (c, next) => {
  await headers(c, next);
  if (isFramedDocument(c)) c.res.headers.set('X-Frame-Options', 'SAMEORIGIN');
});

export const csrfProtection = csrf();

/** Portal forms are small; anything bigger is refused before it is parsed. */
export const MAX_FORM_BYTES = 16 * 1024;
/**
 * An upload form (below) carries photos (a pet photo ≤ 5 MB, a report-card photo ≤ 10 MB, a logo) plus its fields.
 * The body may be larger than the photo limit (phone photos of 8–20 MB are common) so that the
 * route can answer with the form re-rendered, what was typed kept and the message at the photo
 * field; only beyond this is it refused unread (413, with a page that says what to do).
 */
export const MAX_UPLOAD_FORM_BYTES = 25 * 1024 * 1024;
/**
 * The routes that take a multipart upload, with the same cap: a parent's "Add a pet" (a photo), the
 * business profile (its logo), a report card (photos of ≤ 10 MB each, several at once) and a parent's
 * vaccination certificate (a photo or a PDF of ≤ 10 MB).
 */
const UPLOAD_FORM_PATHS = [
  /^\/c\/[^/]+\/pets\/new$/,
  /^\/manage\/[^/]+\/settings\/profile$/,
  /^\/manage\/[^/]+\/clients\/[^/]+\/pets\/[^/]+\/report-card$/,
  /^\/manage\/[^/]+\/report-cards\/rc_[a-z0-9_]+$/,
  /^\/c\/[^/]+\/pets\/[^/]+\/vaccinations\/new$/,
];
/** Signing an agreement carries a drawn signature as a PNG data URL (≤ 200 KB, domain/signature.ts): base64 plus the form. */
export const MAX_SIGN_FORM_BYTES = 300 * 1024;
const SIGN_FORM_PATH = /^\/c\/[^/]+\/agreements\/[^/]+$/;
/** An agreement's text is up to 50,000 characters (domain/agreement-text.ts), URL-encoded up to 9 bytes each. */
export const MAX_AGREEMENT_FORM_BYTES = 512 * 1024;
const AGREEMENT_FORM_PATH = /^\/manage\/[^/]+\/agreements(\/agr_[A-Za-z0-9_-]+\/versions)?$/;
/** Staff API bodies may list up to 500 client ids. */
export const MAX_STAFF_JSON_BYTES = 64 * 1024;

function sizeLimit(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HTTPException(413, { message: 'That request is too large.' });
    },
  });
}

const formLimit = sizeLimit(MAX_FORM_BYTES);
const staffLimit = sizeLimit(MAX_STAFF_JSON_BYTES);
const uploadFormLimit = sizeLimit(MAX_UPLOAD_FORM_BYTES);
const signFormLimit = sizeLimit(MAX_SIGN_FORM_BYTES);
const agreementFormLimit = sizeLimit(MAX_AGREEMENT_FORM_BYTES);

function isUpload(c: { req: { method: string; path: string; header: (name: string) => string | undefined } }): boolean {
  return c.req.method === 'POST' && UPLOAD_FORM_PATHS.some((p) => p.test(c.req.path)) && /^multipart\/form-data/i.test(c.req.header('content-type') ?? '');
}

export const formSizeLimit = createMiddleware((c, next) =>
  c.req.path.startsWith('/staff/')
    ? staffLimit(c, next)
    : isUpload(c)
      ? uploadFormLimit(c, next)
      : c.req.method === 'POST' && SIGN_FORM_PATH.test(c.req.path)
        ? signFormLimit(c, next)
        : c.req.method === 'POST' && AGREEMENT_FORM_PATH.test(c.req.path)
          ? agreementFormLimit(c, next)
          : formLimit(c, next),
);
