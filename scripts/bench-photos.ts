/**
 * Section 9 of `npm run bench`: photos served small (docs/decisions/0013). On the running stack,
 * as the signed-in demo parent:
 * - adds a pet with a photo-like 2000 × 1500 PNG (~4.4 MB, under the 5 MB limit): status,
 *   round trips and Worker time of the POST, which makes both copies through the Images binding
 *   (sharp in wrangler dev);
 * - fetches its thumbnail and full size: type, pixel size (from the header), bytes — and the
 *   same for a demo report-card photo, first request (copy made then) and second (stored copy).
 * Budgets: the POST ≤ 2 round trips; every served photo is WebP, a thumbnail ≤ 320 px a side and
 * ≤ 40 KiB, a full size ≤ 1600 px a side and ≤ 1 MiB — never the upload.
 */
import { imageHeader } from '../src/domain/image-header';
import { makePng } from '../test/helpers/png';

export const THUMB_BYTES_BUDGET = 40 * 1024;
export const FULL_BYTES_BUDGET = 1024 * 1024;

export interface ServedPhoto {
  what: string;
  path: string;
  status: number;
  type: string | null;
  width: number | null;
  height: number | null;
  bytes: number;
  appMs: number | null;
  kind: 'thumb' | 'full';
}

export interface PhotoResult {
  upload: { width: number; height: number; bytes: number; status: number; roundTrips: number | null; appMs: number | null } | null;
  served: ServedPhoto[];
}

interface Session {
  appUrl: string;
  cookie: () => string;
}

function timing(header: string | null): { roundTrips: number | null; appMs: number | null } {
  const trips = /desc="(\d+) round trips?"/.exec(header ?? '')?.[1];
  const app = /app;dur=([\d.]+)/.exec(header ?? '')?.[1];
  return { roundTrips: trips ? Number(trips) : null, appMs: app ? Number(app) : null };
}

async function fetchPhoto(s: Session, what: string, path: string, kind: 'thumb' | 'full'): Promise<ServedPhoto> {
  const res = await fetch(s.appUrl + path, { headers: { Cookie: s.cookie(), 'User-Agent': 'pawtal-bench' } });
  const body = new Uint8Array(await res.arrayBuffer());
  const header = imageHeader(body);
  return {
    what,
    path,
    status: res.status,
    type: res.headers.get('content-type'),
    width: header?.width ?? null,
    height: header?.height ?? null,
    bytes: body.byteLength,
    appMs: timing(res.headers.get('server-timing')).appMs,
    kind,
  };
}

/** Adds a pet with a photo for `clientId`, then measures its copies and one report-card photo's. */
export async function photoBench(s: Session, clientId: string, reportCardPhotoPath: (size: 'thumb' | 'full') => string, result: PhotoResult): Promise<void> {
  const [width, height] = [2000, 1500];
  const png = await makePng({ width, height, photo: true, ink: false });
  const form = new FormData();
  form.append('name', 'Bench');
  form.append('species', 'dog');
  form.append('photo', new File([png], 'bench.png', { type: 'image/png' }));
  const res = await fetch(`${s.appUrl}/c/${clientId}/pets/new`, {
    method: 'POST',
    headers: { Cookie: s.cookie(), Origin: s.appUrl, 'Sec-Fetch-Site': 'same-origin', 'User-Agent': 'pawtal-bench' },
    body: form,
    redirect: 'manual',
  });
  await res.arrayBuffer();
  result.upload = { width, height, bytes: png.byteLength, status: res.status, ...timing(res.headers.get('server-timing')) };
  const petPath = /\/pets\/([^/?]+)\?added=1$/.exec(res.headers.get('location') ?? '')?.[1];
  if (res.status !== 303 || !petPath) throw new Error(`adding a pet with a photo: HTTP ${res.status}, Location ${res.headers.get('location') ?? '-'}`);
  const photo = (size: string) => `/c/${clientId}/pets/${petPath}/photo?size=${size}`;
  result.served.push(await fetchPhoto(s, 'pet photo thumbnail (made at upload)', photo('thumb'), 'thumb'));
  result.served.push(await fetchPhoto(s, 'pet photo full size (made at upload)', photo('full'), 'full'));
  result.served.push(await fetchPhoto(s, 'report-card thumbnail, first view (made now)', reportCardPhotoPath('thumb'), 'thumb'));
  result.served.push(await fetchPhoto(s, 'report-card thumbnail, second view (stored)', reportCardPhotoPath('thumb'), 'thumb'));
  result.served.push(await fetchPhoto(s, 'report-card full size, first view (made now)', reportCardPhotoPath('full'), 'full'));
}

export function printPhotos(r: PhotoResult, table: (h: string[], rows: (string | number)[][], right?: boolean[]) => string, num: (n: number) => string): void {
  if (!r.upload) return;
  const u = r.upload;
  console.log(`\n9. Photos served small (Images binding; sharp under wrangler dev)`);
  console.log(
    `   POST add a pet with a ${u.width} × ${u.height} PNG of ${num(u.bytes)} B: HTTP ${u.status}, ${u.roundTrips ?? 'n/a'} round trips, app ${u.appMs?.toFixed(1) ?? 'n/a'} ms (both copies made)`,
  );
  console.log(
    table(
      ['photo', 'status', 'type', 'pixels', 'bytes', 'app ms'],
      r.served.map((p) => [p.what, p.status, p.type ?? '-', p.width ? `${p.width} × ${p.height}` : '?', num(p.bytes), p.appMs?.toFixed(1) ?? 'n/a']),
      [false, true, false, true, true, true],
    ).replace(/^/gm, '   '),
  );
}

export function photoChecks(r: PhotoResult, check: (budget: string, measured: string, limit: string, pass: boolean) => void, num: (n: number) => string): void {
  if (!r.upload) return;
  check(
    'photos: POST add a pet with a photo, round trips',
    String(r.upload.roundTrips ?? 'no Server-Timing'),
    '≤ 2',
    r.upload.roundTrips !== null && r.upload.roundTrips <= 2,
  );
  for (const p of r.served) {
    const [maxSide, maxBytes] = p.kind === 'thumb' ? [320, THUMB_BYTES_BUDGET] : [1600, FULL_BYTES_BUDGET];
    const ok = p.status === 200 && p.type === 'image/webp' && p.width !== null && Math.max(p.width, p.height ?? 0) <= maxSide && p.bytes <= maxBytes;
    check(`photos: ${p.what}`, `${p.type ?? '-'}, ${p.width ?? '?'} × ${p.height ?? '?'}, ${num(p.bytes)} B`, `WebP ≤ ${maxSide} px, ≤ ${num(maxBytes)} B`, ok);
  }
}
