/**
 * Photos served small (SPEC §6–§7, docs/decisions/0013-photo-copies-on-the-server.md): a parent's
 * phone never downloads an original upload. Every photo shown in the portal has copies made on
 * the server by the Cloudflare Images binding (`IMAGES`; in wrangler dev and the tests the same
 * binding runs locally on sharp): a thumbnail and a "large" copy for full size on tap. Copies are
 * WebP (transparency kept, smaller than JPEG at the same quality) and carry no metadata (no EXIF
 * location from a phone).
 *
 * A copy lives in R2 beside its original at `copyKey(original, variant)`; the key names the
 * variant's size, so changing a size later makes new copies instead of serving stale ones. An
 * original never changes under its key (pet photos get a new random key per upload; whoever
 * stores report-card photos must do the same), so a stored copy never goes stale.
 * Copies are made when a pet photo is uploaded (a photo Images cannot read is refused then), and
 * otherwise on first request — photos stored before, demo photos, report-card photos stored by
 * the business — and kept for every later request. The original itself is never served (it
 * may carry a phone's location): when no copy can be made the answer is 503, and a failure is
 * remembered for an hour (a marker at the copy's key) so a broken object is not fetched and sent
 * to Images on every view.
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

/** A business's logo in the portal header: drawn 32 px high, sharp at 3×, its aspect kept. */
export const LOGO: PhotoVariant = { id: 'logo-h96.webp', transform: { width: 480, height: 96, fit: 'scale-down' }, quality: 85 };

export const COPY_TYPE = 'image/webp';
/** How long a failed copy is not tried again (each try reads the whole original and calls Images). */
export const COPY_RETRY_AFTER_MS = 60 * 60 * 1000;
/** Custom metadata of the marker stored at a copy's key when making the copy failed. */
const FAILED_AT = 'copy-failed-at';

export function copyKey(originalKey: string, variant: PhotoVariant): string {
  return `${originalKey}.${variant.id}`;
}

/** The copy's bytes; throws (an ImagesError) when Images cannot read the original or is not available. */
export async function makeCopy(
  images: ImagesBinding,
  original: ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>,
  variant: PhotoVariant,
): Promise<Uint8Array> {
  const input = original instanceof ReadableStream ? original : new Blob([original]).stream();
  const result = await images.input(input).transform(variant.transform).output({ format: COPY_TYPE, quality: variant.quality });
  return new Uint8Array(await result.response().arrayBuffer());
}

/**
 * The response for one photo's copy, for a viewer already checked: the stored copy (304 when the
 * browser's ETag still matches); when none is stored yet, one made now from the original
 * (streamed to Images, never buffered here) and kept. 404 (thrown) when the original is not in
 * R2; 503 with Retry-After, not cached, when no copy can be made (or one failed within the hour).
 */
export async function serveCopy(c: Context<AppEnv>, originalKey: string, variant: PhotoVariant, now = Date.now()): Promise<Response> {
  const bucket = c.env.PHOTOS;
  const key = copyKey(originalKey, variant);
  // Only If-None-Match: a failed If-Match would also come back without a body, and is no 304.
  // R2 answers null (never "not modified") for a missing key, so the first visit is safe too.
  const ifNoneMatch = c.req.header('if-none-match');
  const stored = await bucket.get(key, ifNoneMatch ? { onlyIf: new Headers({ 'if-none-match': ifNoneMatch }) } : {});
  const failedAt = Number(stored?.customMetadata?.[FAILED_AT] ?? NaN);
  if (stored && Number.isNaN(failedAt)) return objectResponse(stored, 'body' in stored ? (stored as R2ObjectBody).body : null);
  if (now - failedAt < COPY_RETRY_AFTER_MS) return unavailable(failedAt + COPY_RETRY_AFTER_MS - now);

  const original = await bucket.get(originalKey);
  if (!original) throw new HTTPException(404);
  let copy: Uint8Array;
  try {
    copy = await makeCopy(c.env.IMAGES, original.body, variant);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'photo copy failed', requestId: c.get('requestId'), variant: variant.id, error: String(error) }));
    await bucket.put(key, new Uint8Array(), { customMetadata: { [FAILED_AT]: String(now) } });
    return unavailable(COPY_RETRY_AFTER_MS);
  }
  const put = await bucket.put(key, copy, { httpMetadata: { contentType: COPY_TYPE } });
  return objectResponse(put, copy);
}

/** No copy to send: 503, never cached, with when to ask again. */
function unavailable(retryAfterMs: number): Response {
  return new Response('This photo cannot be shown right now.', {
    status: 503,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
      'X-Content-Type-Options': 'nosniff',
    },
  });
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
