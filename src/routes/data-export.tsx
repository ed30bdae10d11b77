/**
 * "Download your data" (issue 15 item 5): everything Pawtal holds about the signed-in parent,
 * across every linked business whose portal is on.
 * - `GET /account/export.json`: the document described in docs/data-export.md (formatVersion),
 *   as an attachment, `Cache-Control: private, no-store`, streamed out in chunks.
 * - `GET /account/export.html`: the same document as a normal page of the site, readable by a
 *   person and printable (the print stylesheet hides the chrome); its signature images and photo
 *   thumbnails are served by the portal's own access-checked routes.
 *
 * Both read in ONE database round trip: the session statements and every section's statement
 * go out as one batch (db/queries/data-export.ts), each statement scoped to the session in SQL
 * (`visibleTo`), so another parent's rows are never read. Lists are capped (EXPORT_LIMITS) and
 * the document says which were cut. Signed out → sign in, like every page.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env';
import { buildExportDocument, dataExportStatements, type ExportDocument } from '../db/queries/data-export';
import { availableProfiles, headerFor, loadSignedInNamed } from '../middleware/portal';
import { formatPhoneForDisplay } from '../domain/phone';
import { publicOrigin } from '../messaging/public-host';
import { respond } from '../middleware/htmx';
import { t } from '../i18n';
import { Page } from '../../templates/layouts/page';
import { DataExportPage } from '../../templates/account/data-export';

export const dataExportRoutes = new Hono<AppEnv>();

/** Pieces are sent once this many characters have gathered: a few chunks for a big export, one for a small one. */
const CHUNK_CHARS = 64 * 1024;

/** The session's export, in one batch. `origin` starts every link ('' for links relative to this site). */
async function loadExport(c: Context<AppEnv>, origin: string) {
  const db = c.get('db');
  const { session, results, now } = await loadSignedInNamed(c, (tokenHash, at) => dataExportStatements(db, { tokenHash, now: at }));
  const available = availableProfiles(session).map((p) => ({
    clientId: p.clientId,
    business: {
      id: p.business.id,
      name: p.business.name,
      timeZone: p.business.timeZone,
      currency: p.business.currency,
      locale: p.business.locale,
      country: p.business.country,
    },
  }));
  const on = new Set(available.map((a) => a.clientId));
  const notAvailable = [...new Set(session.profiles.filter((p) => !on.has(p.clientId)).map((p) => p.business.name))].map((name) => ({ name }));
  const doc = buildExportDocument({ rows: results, available, notAvailable, origin, now });
  return { session, doc, now };
}

/**
 * `value` as `JSON.stringify(value, null, 2)` writes it, piece by piece (every array element
 * and object member separately), so a big export is never one string in memory.
 */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  const v =
    value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON(): unknown }).toJSON()
      : value;
  if (v === null || typeof v !== 'object') {
    yield JSON.stringify(v) ?? 'null';
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      yield* jsonPieces(v[i] === undefined || typeof v[i] === 'function' ? null : v[i], inner);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, x] of entries) {
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(x, inner);
  }
  yield `\n${indent}}`;
}

/** The document as a byte stream of UTF-8 chunks of about CHUNK_CHARS characters. */
export function jsonStream(doc: ExportDocument): ReadableStream<Uint8Array> {
  const pieces = jsonPieces(doc);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = '';
      for (let next = pieces.next(); ; next = pieces.next()) {
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(`${chunk}\n`));
          else controller.enqueue(encoder.encode('\n'));
          controller.close();
          return;
        }
        chunk += next.value;
        if (chunk.length >= CHUNK_CHARS) break;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

/** `pawtal-data-2026-12-03.json` (the UTC date it was made). */
function fileName(now: number): string {
  return `pawtal-data-${new Date(now).toISOString().slice(0, 10)}.json`;
}

dataExportRoutes.get('/account/export.json', async (c) => {
  const { doc, now } = await loadExport(c, publicOrigin(c.env, c.req.url));
  return new Response(jsonStream(doc), {
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName(now)}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Robots-Tag': 'noindex',
    },
  });
});

dataExportRoutes.get('/account/export.html', async (c) => {
  // Links relative to this site: the page is read (and printed) here, signed in.
  const { session, doc } = await loadExport(c, '');
  const res = respond(c, {
    page: () => (
      <Page title={t('export.title')} header={headerFor(session)}>
        <DataExportPage doc={doc} phoneDisplay={formatPhoneForDisplay(session.phoneE164)} />
      </Page>
    ),
  });
  res.headers.set('Cache-Control', 'private, no-store');
  res.headers.set('X-Robots-Tag', 'noindex');
  return res;
});
