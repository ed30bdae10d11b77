/**
 * The calendar (issue 15 item 1):
 * - `GET /c/:clientId/appointments/:appointmentId/calendar.ics`: "Add to calendar" for one
 *   visit, access-checked like its detail page (one batch, `visibleTo`-scoped: a foreign id is 404).
 * - `GET /calendar/<token>.ics`: the account's private feed, for calendar apps (no session:
 *   the token is the key; it is looked up by its SHA-256, so an unknown or replaced one is 404).
 *   Only businesses whose portal is on, and nothing the portal does not show the parent.
 * - `POST /account/calendar-feed` makes the account's feed, or replaces it (the old address
 *   stops working at once); `POST /account/calendar-feed/remove` ends it. The new token is
 *   carried to the account page in a signed, HttpOnly `__Host-` cookie for 10 minutes and shown
 *   there once (POST → 303 → GET); only its hash is ever stored.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { feedStatements, removeFeedStatement, saveFeedStatement, visitStatement, type AccountFeedRow } from '../db/queries/calendar';
import { portalAvailability } from '../domain/access';
import { feedCalendar, visitCalendar, visitFileName, type CalendarSite } from '../domain/icalendar';
import { randomToken, sha256Hex } from '../domain/ids';
import { publicOrigin } from '../messaging/public-host';
import { redirectAfterPost } from '../middleware/htmx';
import { loadSignedIn, requireProfile } from '../middleware/portal';
import { DEFAULT_LANGUAGE, t, withLanguage, type Language, type MessageKey } from '../i18n';
import type { CalendarFeedView } from '../../templates/account/calendar-feed';

export const calendarRoutes = new Hono<AppEnv>();

/** 256 bits: well above the 128 the issue asks for; base64url, 43 characters. */
const FEED_TOKEN_BYTES = 32;
const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;
/** Calendar apps poll; a few minutes of caching spares the database without hiding a change for long. */
const FEED_MAX_AGE_S = 300;
const NEW_FEED_COOKIE = 'pawtal_new_feed';
const NEW_FEED_MAX_AGE_S = 10 * 60;
const NOTICES: Record<string, MessageKey> = {
  removed: 'calendar.feed.removed',
};

function site(c: Context<AppEnv>): CalendarSite {
  const origin = publicOrigin(c.env, c.req.url);
  return { origin, host: new URL(origin).host };
}

function calendarFile(c: Context<AppEnv>, body: string, fileName: string, cacheControl: string) {
  return c.body(body, 200, {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': cacheControl,
    'X-Robots-Tag': 'noindex',
  });
}

calendarRoutes.get('/c/:clientId/appointments/:appointmentId/calendar.ics', async (c) => {
  const clientId = c.req.param('clientId');
  const appointmentId = c.req.param('appointmentId');
  const db = c.get('db');
  const { session, results, now } = await loadSignedIn(c, (tokenHash, at) => [visitStatement(db, { clientId, tokenHash, now: at }, appointmentId)] as const);
  requireProfile(session, clientId);
  const visit = results[0][0];
  if (!visit) throw new HTTPException(404);
  return calendarFile(c, visitCalendar(visit, site(c), now), visitFileName(visit), 'private, no-store');
});

calendarRoutes.get('/calendar/:file', async (c) => {
  const token = FEED_FILE.exec(c.req.param('file'))?.[1];
  if (!token) throw new HTTPException(404);
  const db = c.get('db');
  const now = Date.now();
  const [feed, rows] = await db.batch(feedStatements(db, await sha256Hex(token), now));
  if (!feed[0]) throw new HTTPException(404);
  const visits = rows.filter((v) => portalAvailability(v.business) === 'on');
  // No cookie comes with a calendar app: the account's stored language, else each visit's
  // business's text language (the feed's name: the one they all share, else English).
  const chosen = feed[0].language;
  const textLanguages = new Set(visits.map((v) => v.business.textLanguage));
  const shared: Language = chosen ?? (textLanguages.size === 1 ? [...textLanguages][0]! : DEFAULT_LANGUAGE);
  const body = withLanguage(shared, '/', () => feedCalendar(visits, site(c), now, (v) => chosen ?? v.business.textLanguage ?? DEFAULT_LANGUAGE));
  return calendarFile(c, body, 'pawtal-visits.ics', `private, max-age=${FEED_MAX_AGE_S}`);
});

// ---------------------------------------------------------------------------------------------
// The account's feed
// ---------------------------------------------------------------------------------------------

function newFeedSecret(c: Context<AppEnv>): string {
  return `${c.env.OTP_PEPPER}:calendar-feed`;
}

/** The feed's two addresses: https for pasting, webcal:// for a tap that opens the calendar app. */
export function feedUrls(c: Context<AppEnv>, token: string): { https: string; webcal: string } {
  const https = `${site(c).origin}/calendar/${token}.ics`;
  return { https, webcal: https.replace(/^https?:/, 'webcal:') };
}

/** The section as any account page shows it: whether there is a feed (its address is never shown again). */
export function calendarFeedState(row: AccountFeedRow | undefined): CalendarFeedView {
  return { exists: row !== undefined, urls: null };
}

/**
 * The section on `GET /account`: with the new address when this browser just made the feed
 * (the cookie's token must still be the account's feed — a later replace or remove hides
 * it), once; and the notice of a removal.
 */
export async function calendarFeedView(c: Context<AppEnv>, accountId: string, row: AccountFeedRow | undefined): Promise<CalendarFeedView> {
  const which = c.req.query('calendar') ?? '';
  const view = { ...calendarFeedState(row), notice: Object.hasOwn(NOTICES, which) ? t(NOTICES[which]!) : undefined };
  const value = await getSignedCookie(c, newFeedSecret(c), NEW_FEED_COOKIE, 'host');
  if (typeof value !== 'string') return view;
  deleteCookie(c, NEW_FEED_COOKIE, { prefix: 'host', secure: true, path: '/' });
  const [owner = '', token = ''] = value.split(' ');
  if (owner !== accountId || !row || (await sha256Hex(token)) !== row.tokenSha256) return view;
  return { ...view, urls: feedUrls(c, token) };
}

calendarRoutes.post('/account/calendar-feed', async (c) => {
  const db = c.get('db');
  const token = randomToken(FEED_TOKEN_BYTES);
  const feedSha256 = await sha256Hex(token);
  const { session } = await loadSignedIn(c, (tokenHash, now) => [saveFeedStatement(db, { tokenHash, now, feedSha256 })] as const);
  await setSignedCookie(c, NEW_FEED_COOKIE, `${session.accountId} ${token}`, newFeedSecret(c), {
    prefix: 'host',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: NEW_FEED_MAX_AGE_S,
  });
  return redirectAfterPost(c, '/account#calendar-feed');
});

calendarRoutes.post('/account/calendar-feed/remove', async (c) => {
  const db = c.get('db');
  await loadSignedIn(c, (tokenHash, now) => [removeFeedStatement(db, tokenHash, now)] as const);
  deleteCookie(c, NEW_FEED_COOKIE, { prefix: 'host', secure: true, path: '/' });
  return redirectAfterPost(c, '/account?calendar=removed#calendar-feed');
});

/** Reloading a feed form's answer lands on the account page. */
calendarRoutes.get('/account/calendar-feed', (c) => c.redirect('/account#calendar-feed', 303));
