/**
 * Development-only pages. `/dev/outbox` lists the SMS the outbox provider stored instead of
 * sending (SPEC §3.1); outside development (APP_ENV=development) every /dev URL is 404.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { listOutbox } from '../sms/outbox';
import { respond } from '../middleware/htmx';
import { Page } from '../../templates/layouts/page';
import { Outbox } from '../../templates/dev/outbox';

export const devRoutes = new Hono<AppEnv>();

devRoutes.use('/dev/*', async (c, next) => {
  if (c.env.APP_ENV !== 'development') throw new HTTPException(404);
  await next();
});

devRoutes.get('/dev/outbox', async (c) => {
  const messages = await listOutbox(c.get('db'), 50);
  return respond(c, {
    page: () => (
      <Page title="SMS outbox">
        <Outbox messages={messages} />
      </Page>
    ),
  });
});
