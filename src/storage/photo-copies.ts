/**
 * Photos served small (SPEC §6–§7, docs/decisions/0013-photo-copies-on-the-server.md): a parent's
 * phone never downloads an original upload. Every photo shown in the portal has copies made on
 * the server by the Cloudflare Images binding (`IMAGES`; in wrangler dev and the tests the same
 * binding runs locally on sharp): a thumbnail and a "large" copy for full size on tap. Copies are
 * WebP (transparency kept, smaller than JPEG at the same quality) and carry no metadata (no EXIF
 * location from a phone).
 *
 * A copy lives in R2 beside its original at `copyKey(original, variant)`; the key names the
 * variant's size, so changing a size later makes new copies instead of serving stale ones.
 * Copies are made when a pet photo is uploaded (a photo Images cannot read is refused then), and
 * otherwise on first request — photos stored before, demo photos, report-card photos stored by
 * the business — and kept for every later request.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';

export interface PhotoVariant {
  /** Part of the copy's key: the size and fit, so a different variant never reuses a copy. */
  id: string;
  transform: ImageTransform;
  quality: number;
}

/** A pet's photo as drawn in its square box (56 px in the list, 160 px on the profile), sharp at 2×. */
export const PET_THUMB: PhotoVariant = { id: 'sq320.webp', transform: { width: 320, height: 320, fit: 'cover' }, quality: 75 };
/** A report-card photo drawn at most 96 px on its long side, its aspect kept; sharp up to 3×. */
export const CARD_THUMB: PhotoVariant = { id: 'fit320.webp', transform: { width: 320, height: 320, fit: 'scale-down' }, quality: 75 };
/** Full size on tap: as large as a phone or laptop screen shows it; never larger than the original. */
export const LARGE: PhotoVariant = { id: 'fit1600.webp', transform: { width: 1600, height: 1600, fit: 'scale-down' }, quality: 82 };

export const COPY_TYPE = 'image/webp';

export function copyKey(originalKey: string, variant: PhotoVariant): string {
  return `${originalKey}.${variant.id}`;
}

/** The copy's bytes; throws (an ImagesError) when Images cannot read the original. */
export async function makeCopy(images: ImagesBinding, original: ArrayBuffer | Uint8Array, variant: PhotoVariant): Promise<Uint8Array> {
  const input = new Blob([original]).stream();
  const result = await images.input(input).transform(variant.transform).output({ format: COPY_TYPE, quality: variant.quality });
  return new Uint8Array(await result.response().arrayBuffer());
}

/**
 * The response for one photo's copy, for a viewer already checked: the stored copy (304 when the
 * browser's ETag still matches); when none is stored yet, one made now from the original and
 * kept. Should Images fail, the original is served (logged), so a photo is never missing — only
 * heavier. 404 (thrown) when the original is not in R2. `originalType` names the original's type for
 * objects put without one.
 */
export async function serveCopy(c: Context<AppEnv>, originalKey: string, variant: PhotoVariant, originalType?: string): Promise<Response> {
  const bucket = c.env.PHOTOS;
  const key = copyKey(originalKey, variant);
  // R2 answers null (never 304) for a missing key, so a conditional get is safe on the first visit.
  const stored = await bucket.get(key, { onlyIf: c.req.raw.headers });
  if (stored) return objectResponse(stored, 'body' in stored ? (stored as R2ObjectBody).body : null);
  const original = await bucket.get(originalKey);
  if (!original) throw new HTTPException(404);
  const bytes = await original.arrayBuffer();
  let copy: Uint8Array;
  try {
    copy = await makeCopy(c.env.IMAGES, bytes, variant);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'photo copy failed', requestId: c.get('requestId'), variant: variant.id, error: String(error) }));
    const headers = privateHeaders(original);
    if (!headers.get('Content-Type') && originalType) headers.set('Content-Type', originalType);
    headers.set('Content-Length', String(bytes.byteLength));
    return new Response(bytes, { status: 200, headers });
  }
  const put = await bucket.put(key, copy, { httpMetadata: { contentType: COPY_TYPE } });
  return objectResponse(put, copy);
}

/** Headers every photo answer carries: private to the signed-in viewer, cached a day, revalidated by ETag. */
function privateHeaders(object: R2Object): Headers {
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set('ETag', object.httpEtag);
  headers.set('Cache-Control', 'private, max-age=86400');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Vary', 'Cookie');
  return headers;
}

/** 200 with the body, or 304 when R2 matched the request's preconditions and returned no body. */
function objectResponse(object: R2Object, body: ReadableStream | Uint8Array | null): Response {
  const headers = privateHeaders(object);
  if (body === null) return new Response(null, { status: 304, headers });
  headers.set('Content-Length', String(object.size));
  return new Response(body, { status: 200, headers });
}
