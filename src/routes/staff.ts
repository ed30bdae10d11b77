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
import { decisionContext } from '../db/queries/staff';
import { decideRequest } from './decide-request';

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
  const [row] = await decisionContext(c.get('db'), appointmentId);
  if (!row) return c.json({ status: 'conflict', reason: 'not_found' }, 404);
  const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
  const outcome = await decideRequest(c, { appointmentId, decision, context: row, reason: body.reason });
  return c.json(outcome, outcome.status === 'ok' ? 200 : 409);
});
