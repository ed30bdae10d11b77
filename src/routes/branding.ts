/**
 * A business's look in the portal header (console settings, profile): its accent colour and its
 * logo. Both are public (they identify the business, nothing about a client) and named by their
 * content, so each is cached a year and the portal sees a change at its next page view.
 *
 * - The colour: our CSP allows no inline style, so it is a one-rule stylesheet named by the
 *   colour itself. Only colours the settings page accepts are served (six hex digits, contrast
 *   with white text at least WCAG AA); anything else is 404.
 * - The logo: the small WebP copy the settings page made on upload (storage/photo-copies.ts
 *   LOGO), under a new random key per upload; the original upload is never stored.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { contrastWithWhite, MIN_CONTRAST } from '../domain/business-settings';
import { COPY_TYPE } from '../storage/photo-copies';

export const brandingRoutes = new Hono<AppEnv>();

const YEAR = 'public, max-age=31536000, immutable';

brandingRoutes.get('/accent/:file{[0-9a-f]{6}\\.css}', (c) => {
  const hex = `#${c.req.param('file').slice(0, 6)}`;
  if (contrastWithWhite(hex) < MIN_CONTRAST) return c.notFound();
  c.header('Content-Type', 'text/css; charset=utf-8');
  c.header('Cache-Control', YEAR);
  return c.body(`header.site{background:${hex}}`);
});

/** Where a business's logo copy is kept in R2, and served from (the same path). */
export function logoKey(businessId: string, logoId: string): string {
  return `logos/${businessId}/${logoId}.webp`;
}

brandingRoutes.get('/logos/:businessId{biz_[a-z0-9_]+}/:file{logo_[a-z0-9]+\\.webp}', async (c) => {
  const object = await c.env.PHOTOS.get(`logos/${c.req.param('businessId')}/${c.req.param('file')}`);
  if (!object) throw new HTTPException(404);
  return new Response(object.body, { headers: { 'Content-Type': COPY_TYPE, 'Cache-Control': YEAR, ETag: object.httpEtag } });
});
