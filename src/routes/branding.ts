/**
 * A business's accent colour for the portal header (console settings, profile). Our CSP allows
 * no inline style, so the colour is a one-rule stylesheet named by the colour itself: the URL
 * changes when the colour does (the portal sees it at its next page view) and each can be cached
 * for a year. Only colours the settings page would accept are served (six hex digits, contrast
 * with white text at least WCAG AA); anything else is 404.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { contrastWithWhite, MIN_CONTRAST } from '../domain/business-settings';

export const accentRoutes = new Hono<AppEnv>();

accentRoutes.get('/accent/:file{[0-9a-f]{6}\\.css}', (c) => {
  const hex = `#${c.req.param('file').slice(0, 6)}`;
  if (contrastWithWhite(hex) < MIN_CONTRAST) return c.notFound();
  c.header('Content-Type', 'text/css; charset=utf-8');
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  return c.body(`header.site{background:${hex}}`);
});
