/**
 * Development-only pages. `/dev/outbox` lists the SMS and emails the outbox providers stored
 * instead of sending (SPEC §3.1); outside development (APP_ENV=development) every /dev URL is 404.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { listOutbox } from '../sms/outbox';
import { emailOutboxStore, listEmailOutbox } from '../email/outbox';
import { respond } from '../middleware/htmx';
import { Page } from '../../templates/layouts/page';
import { Outbox } from '../../templates/dev/outbox';

export const devRoutes = new Hono<AppEnv>();

devRoutes.use('/dev/*', async (c, next) => {
  if (c.env.APP_ENV !== 'development') throw new HTTPException(404);
  await next();
});

devRoutes.get('/dev/outbox', async (c) => {
  const db = c.get('db');
  const [messages, emails] = await Promise.all([listOutbox(db, 50), listEmailOutbox(emailOutboxStore(db), 50)]);
  return respond(c, {
    page: () => (
      <Page title="Outbox">
        <Outbox messages={messages} emails={emails} />
      </Page>
    ),
  });
});
