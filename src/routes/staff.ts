/**
 * The business's side of booking requests, for staff tools until the business console exists
 * (SPEC §11): confirm or decline a request. It goes through the same booking lock as the
 * parents' changes, so a confirm racing a parent's cancel ends with exactly one outcome.
 * Protected by a bearer token (STAFF_API_TOKEN secret); with no token configured the routes
 * do not exist (404).
 */
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { createMiddleware } from 'hono/factory';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../app-env';
import { appointments } from '../db/schema';
import { bookingLockForBusiness } from '../durable-objects/stubs';

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
  const [row] = await c.get('db').select({ businessId: appointments.businessId }).from(appointments).where(eq(appointments.id, appointmentId));
  if (!row) return c.json({ status: 'conflict', reason: 'not_found' }, 404);
  const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
  const outcome = await bookingLockForBusiness(c.env, row.businessId).decide({
    businessId: row.businessId,
    appointmentId,
    decision,
    now: Date.now(),
    reason: typeof body.reason === 'string' ? body.reason.slice(0, 500) : undefined,
  });
  return c.json(outcome, outcome.status === 'ok' ? 200 : 409);
});
