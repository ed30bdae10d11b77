/**
 * The only module that reads or writes HX-* headers. One rule decides page vs fragment
 * (TECH.md §1): the fragment only when `HX-Request: true` and `HX-Request-Type: partial`;
 * boosted navigation and history restores ask for `full` and get the whole page, so every URL
 * also works without JavaScript and after back/forward.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';

export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

export function isPartial(c: Context): boolean {
  return isHtmx(c) && c.req.header('HX-Request-Type') === 'partial';
}

/**
 * Renders the fragment for partial htmx requests and the full page otherwise, with the
 * status given (422 for a form with errors) and `Vary` so caches keep the two apart.
 */
export function respond(
  c: Context,
  view: { page: () => Child; fragment?: () => Child },
  status: 200 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 503 = 200,
) {
  c.header('Vary', 'HX-Request, HX-Request-Type', { append: true });
  c.header('Cache-Control', 'no-store');
  const partial = isPartial(c) && view.fragment;
  const body = partial ? view.fragment!() : view.page();
  const html = partial ? String(body) : `<!doctype html>${String(body)}`;
  return c.html(html, status);
}

/**
 * After a successful POST: 303 to the next page. Without JS the browser follows it; htmx's
 * fetch follows it too and swaps the page it lands on.
 */
export function redirectAfterPost(c: Context, location: string) {
  return c.redirect(location, 303);
}

/**
 * Sends a signed-out visitor to sign in. A partial htmx request would otherwise swap the
 * sign-in page into a fragment's place, and a history restore (Back after signing out) would
 * show it under the old URL, so htmx is told to navigate instead.
 */
export function redirectToSignIn(c: Context, to = '/sign-in') {
  if (isPartial(c) || c.req.header('HX-History-Restore-Request') === 'true') {
    c.header('HX-Redirect', to);
    return c.body(null, 204);
  }
  return c.redirect(to, 303);
}
