/**
 * The business's side of booking requests, for staff tools until the business console exists
 * (SPEC §11): confirm or decline a request. It goes through the same booking lock as the
 * parents' changes, so a confirm racing a parent's cancel ends with exactly one outcome. The
 * parent is told by text message (messaging/decision-message.ts): the message is stored in the
 * decision's own batch, only if the decision applies, and delivered after the answer (or by the
 * cron); with no SMS provider configured the decision still stands and the miss is logged.
 * Protected by a bearer token (STAFF_API_TOKEN secret); with no token configured the routes
 * do not exist (404).
 */
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { createDb } from '../db/client';
import { decisionContext } from '../db/queries/staff';
import type { QueuedSms } from '../domain/booking-plan';
import { newId } from '../domain/ids';
import { bookingLockForBusiness } from '../durable-objects/stubs';
import { decisionMessage } from '../messaging/decision-message';
import { DELIVERY_CHUNK, deliverQueued, deliveryModeFor } from '../messaging/delivery';
import { publicHost } from '../messaging/public-host';

export const staffRoutes = new Hono<AppEnv>();

/**
 * The staff API's guard: `Authorization: Bearer <STAFF_API_TOKEN>`, else 401; with no token
 * configured the staff routes do not exist (404). Other staff sub-apps (invitations.tsx) use it too.
 */
export const requireStaffToken = createMiddleware<AppEnv>(async (c, next) => {
  const token = c.env.STAFF_API_TOKEN;
  if (!token) throw new HTTPException(404);
  return bearerAuth({ token })(c as never, next);
});

staffRoutes.use('/staff/*', requireStaffToken);

staffRoutes.post('/staff/appointments/:appointmentId/:decision{confirm|decline}', async (c) => {
  const appointmentId = c.req.param('appointmentId');
  const decision = c.req.param('decision') as 'confirm' | 'decline';
  const db = c.get('db');
  const [row] = await decisionContext(db, appointmentId);
  if (!row) return c.json({ status: 'conflict', reason: 'not_found' }, 404);
  const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
  const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim().slice(0, 500) : undefined;
  const now = Date.now();

  let parentMessage: QueuedSms | undefined;
  try {
    const mode = deliveryModeFor(c.env, db, 'sms');
    const host = publicHost(c.env, c.req.url);
    parentMessage = {
      id: newId('sms'),
      toE164: row.phoneE164,
      body: decisionMessage({
        decision,
        businessName: row.businessName,
        serviceType: row.serviceType,
        startsAt: row.startsAt.getTime(),
        timeZone: row.timeZone,
        locale: row.locale,
        reason,
        link: `https://${host}/c/${row.clientId}/appointments/${appointmentId}`,
      }),
      provider: mode.provider,
      immediate: mode.immediate,
    };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'decision text not stored', requestId: c.get('requestId'), error: String(error) }));
  }

  const outcome = await bookingLockForBusiness(c.env, row.businessId).decide({
    businessId: row.businessId,
    appointmentId,
    decision,
    now,
    reason,
    parentMessage,
  });
  if (outcome.status === 'ok' && parentMessage && !parentMessage.immediate) {
    const requestId = c.get('requestId');
    c.executionCtx.waitUntil(
      deliverQueued(c.env, createDb(c.env, { roundTrips: 0, durationMs: 0 }), { limit: DELIVERY_CHUNK }).catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'decision text delivery failed', requestId, error: String(error) }));
      }),
    );
  }
  return c.json(outcome, outcome.status === 'ok' ? 200 : 409);
});
