/**
 * The business's side of booking requests, for staff tools until the business console exists
 * (SPEC §11): confirm or decline a request. It goes through the same booking lock as the
 * parents' changes, so a confirm racing a parent's cancel ends with exactly one outcome. The
 * parent is told by text message (messaging/decision-message.ts): the message is stored in the
 * decision's own batch, only if the decision applies, and delivered after the answer (or by the
 * cron); with no SMS provider configured the decision still stands and the miss is logged.
 * Protected by a bearer credential: a business's API key (`pwk_…`, created by its owners in the
 * console; it only ever touches that business — another business's ids answer 404, a revoked
 * or unknown key 401), or the legacy all-business STAFF_API_TOKEN secret, kept for now
 * (decision record 0017); with neither, 404 as before.
 */
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { invitationBusiness, useApiKey } from '../db/queries/api-keys';
import { decisionStatements, type DecisionRows } from '../db/queries/staff';
import { newId } from '../domain/ids';
import { clientIp } from '../middleware/client-ip';
import { apiKeyHash, looksLikeApiKey } from '../domain/api-key';
import { decideRequest } from './decide-request';

export const staffRoutes = new Hono<AppEnv>();

/** Who is calling the staff API: one business's key, or the legacy token (every business). */
export interface ApiCaller {
  /** The key's business; null for the legacy STAFF_API_TOKEN. */
  businessId: string | null;
  /** The key, for the audit log ("API key pk_ab12…"); null for the legacy token. */
  keyLabel: string | null;
}

const CALLER = 'staffApiCaller';

/** The caller the guard authenticated (the guard runs before every /staff/* handler). */
export function apiCaller(c: Context<AppEnv>): ApiCaller {
  return (c.get(CALLER as never) as ApiCaller | undefined) ?? { businessId: null, keyLabel: null };
}

function unauthorized(): HTTPException {
  return new HTTPException(401, {
    res: new Response('Unauthorized', { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="pawtal", error="invalid_token"' } }),
  });
}

async function authenticate(c: Context<AppEnv>): Promise<ApiCaller> {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
  if (looksLikeApiKey(presented)) {
    // One statement: the live key's business, and its last use recorded.
    const [key] = await useApiKey(c.get('db'), await apiKeyHash(presented), Date.now());
    if (!key) throw unauthorized();
    return { businessId: key.businessId, keyLabel: `API key ${key.prefix}…` };
  }
  const token = c.env.STAFF_API_TOKEN;
  if (!token) throw new HTTPException(404);
  await bearerAuth({ token })(c as never, async () => {});
  return { businessId: null, keyLabel: null };
}

/**
 * The staff API's guard: `Authorization: Bearer <API key | STAFF_API_TOKEN>`, else 401 (404 when
 * neither a key is presented nor a token configured). A key's calls naming another business
 * (`:businessId`) or one of its invitations (`:invitationId`) answer 404 exactly as unknown ids
 * do; appointments are checked by the handler, which reads the appointment anyway. Used by
 * `staffRoutes.use('/staff/*')` and inline by other staff sub-apps (invitations.tsx): the
 * second run reuses the first one's caller.
 */
export const requireStaffToken = createMiddleware<AppEnv>(async (c, next) => {
  let caller = c.get(CALLER as never) as ApiCaller | undefined;
  if (!caller) {
    caller = await authenticate(c);
    c.set(CALLER as never, caller as never);
  }
  if (caller.businessId) {
    const businessId = c.req.param('businessId');
    if (businessId && businessId !== caller.businessId) return c.json({ error: 'business_not_found' }, 404);
    const invitationId = c.req.param('invitationId');
    if (invitationId) {
      const [row] = await invitationBusiness(c.get('db'), invitationId);
      if (row?.businessId !== caller.businessId) return c.json({ error: 'not_found' }, 404);
    }
  }
  await next();
});

staffRoutes.use('/staff/*', requireStaffToken);

staffRoutes.post('/staff/appointments/:appointmentId/:decision{confirm|decline|waitlist}', async (c) => {
  const appointmentId = c.req.param('appointmentId');
  const decision = c.req.param('decision') as 'confirm' | 'decline' | 'waitlist';
  const db = c.get('db');
  const named = decisionStatements(db, appointmentId);
  const [request, lines, limits] = await db.batch([named.request, named.lines, named.limits]);
  const rows: DecisionRows = { request, lines, limits };
  const row = rows.request[0];
  const caller = apiCaller(c);
  if (!row || (caller.businessId !== null && row.businessId !== caller.businessId)) return c.json({ status: 'conflict', reason: 'not_found' }, 404);
  const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
  const outcome = await decideRequest(c, {
    appointmentId,
    decision,
    rows,
    reason: body.reason,
    // A key's decisions are in its business's audit log, like a staff member's.
    audit: caller.keyLabel
      ? {
          id: newId('aud'),
          staffAccountId: null,
          detail:
            decision === 'decline' && typeof body.reason === 'string' && body.reason.trim()
              ? `${caller.keyLabel}: ${body.reason.trim().slice(0, 400)}`
              : caller.keyLabel,
          ipAddress: clientIp(c),
        }
      : undefined,
  });
  return c.json(outcome, outcome.status === 'ok' ? 200 : 409);
});
