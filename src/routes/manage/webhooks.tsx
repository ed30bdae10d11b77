/**
 * The owners' webhooks pages (issue: console part 1, item 4): add an HTTPS endpoint (refused at
 * the field when not HTTPS or aimed at localhost / a private, loopback or link-local address),
 * its signing secret sealed (secret-box.ts) and shown once; one endpoint's delivery log, "send a
 * test event" (a delivery due at once, sent by the cron — src/webhooks/deliver.ts) and disable.
 * Every change writes its audit row in its own batch; staff get 403, another business 404.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import {
  DELIVERY_LOG_LIMIT,
  addEndpointStatements,
  disableEndpointStatements,
  endpointPageStatements,
  endpointsStatement,
  testDeliveryStatements,
} from '../../db/queries/webhooks';
import { newId } from '../../domain/ids';
import { seal } from '../../domain/secret-box';
import { checkWebhookUrl, newWebhookSecret, testEventBody } from '../../domain/webhook';
import { WEBHOOK_SECRET_PURPOSE } from '../../webhooks/deliver';
import { EndpointPage, Webhooks } from '../../../templates/manage/webhooks';
import { loadOwnerPage, momentOr, ownerPage, type OwnerCtx, ownerActor } from './owner-page';

export const webhookRoutes = new Hono<AppEnv>();

type EndpointRows = Awaited<ReturnType<typeof endpointsStatement>>;

function loadList(c: Context<AppEnv>, businessId: string) {
  const db = c.get('db');
  return loadOwnerPage(c, businessId, (tokenHash, now) => ({ endpoints: endpointsStatement(db, businessId, tokenHash, now) }));
}

function renderList(
  c: Context<AppEnv>,
  ctx: OwnerCtx,
  rows: EndpointRows,
  extra: { url?: string; urlError?: string; created?: { url: string; secret: string; id: string }; status?: 200 | 422 } = {},
) {
  const { m } = ctx;
  const endpoints = rows.map((e) => ({
    id: e.id,
    url: e.url,
    created: `${momentOr(e.createdAt, m, '')}${e.createdByName ? ` by ${e.createdByName}` : ''}`,
    disabled: e.disabledAt ? momentOr(e.disabledAt, m, '') : null,
    queued: Number(e.queued),
    failed: Number(e.failed),
  }));
  return ownerPage(
    c,
    { title: 'Webhooks', section: 'webhooks', staff: ctx.staff, m, unread: ctx.unread },
    () => <Webhooks businessId={m.businessId} endpoints={endpoints} url={extra.url} urlError={extra.urlError} created={extra.created} />,
    extra.status,
  );
}

webhookRoutes.get('/manage/:businessId/webhooks', async (c) => {
  const loaded = await loadList(c, c.req.param('businessId'));
  return renderList(c, loaded, loaded.results.endpoints);
});

webhookRoutes.post('/manage/:businessId/webhooks', async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const loaded = await loadList(c, businessId);
  const url = checkWebhookUrl(form.url);
  if (!url.ok)
    return renderList(c, loaded, loaded.results.endpoints, {
      url: typeof form.url === 'string' ? form.url.slice(0, 2000) : '',
      urlError: url.message,
      status: 422,
    });
  const secret = newWebhookSecret();
  const id = newId('whe');
  const db = c.get('db');
  const [, , created, endpoints] = await db.batch([
    ...addEndpointStatements(db, { ...ownerActor(c, loaded), id, url: url.url, secretSealed: await seal(c.env.OTP_PEPPER, WEBHOOK_SECRET_PURPOSE, secret) }),
    endpointsStatement(db, businessId, loaded.tokenHash, loaded.now),
  ]);
  if (created.length === 0) return c.redirect(`/manage/${businessId}/webhooks`, 303);
  // Shown once, in the answer to this POST: only the sealed secret is stored.
  return renderList(c, loaded, endpoints, { created: { url: url.url, secret, id } });
});

const NOTICES: Record<string, string> = {
  test: 'Test event queued: it is sent within a minute. Reload to see the outcome.',
  disabled: 'Endpoint disabled. Nothing more is sent to it.',
};

webhookRoutes.get('/manage/:businessId/webhooks/:endpointId', async (c) => {
  const businessId = c.req.param('businessId');
  const endpointId = c.req.param('endpointId');
  const db = c.get('db');
  const loaded = await loadOwnerPage(c, businessId, (tokenHash, now) => endpointPageStatements(db, businessId, endpointId, tokenHash, now));
  const endpoint = loaded.results.endpoint[0];
  if (!endpoint) throw new HTTPException(404);
  const { m } = loaded;
  const deliveries = loaded.results.deliveries.map((d) => ({
    id: d.id,
    event: d.event,
    status: d.status,
    created: momentOr(d.createdAt, m, ''),
    attempts: d.attempts,
    outcome:
      d.status === 'delivered'
        ? `${d.lastStatusCode ?? ''} at ${momentOr(d.deliveredAt, m, '')}`
        : [d.lastError, d.status === 'queued' && d.nextAttemptAt ? `next try ${momentOr(d.nextAttemptAt, m, '')}` : null].filter(Boolean).join(' · ') ||
          'Not tried yet',
  }));
  return ownerPage(c, { title: 'Webhook endpoint', section: 'webhooks', staff: loaded.staff, m, unread: loaded.unread }, () => (
    <EndpointPage
      businessId={businessId}
      endpoint={{
        id: endpoint.id,
        url: endpoint.url,
        created: momentOr(endpoint.createdAt, m, ''),
        disabled: endpoint.disabledAt ? momentOr(endpoint.disabledAt, m, '') : null,
      }}
      deliveries={deliveries}
      notice={NOTICES[c.req.query('done') ?? ''] ?? null}
      limit={DELIVERY_LOG_LIMIT}
    />
  ));
});

webhookRoutes.post('/manage/:businessId/webhooks/:endpointId/test', async (c) => {
  const businessId = c.req.param('businessId');
  const endpointId = c.req.param('endpointId');
  const ctx = await loadOwnerPage(c, businessId, () => ({}));
  const db = c.get('db');
  const deliveryId = newId('whd');
  const [, , made] = await db.batch(
    testDeliveryStatements(db, {
      ...ownerActor(c, ctx),
      endpointId,
      deliveryId,
      body: testEventBody({ id: `evt_${deliveryId.slice(4)}`, businessId, now: ctx.now }),
    }),
  );
  if (made.length === 0) throw new HTTPException(404);
  return c.redirect(`/manage/${businessId}/webhooks/${endpointId}?done=test`, 303);
});

webhookRoutes.post('/manage/:businessId/webhooks/:endpointId/disable', async (c) => {
  const businessId = c.req.param('businessId');
  const endpointId = c.req.param('endpointId');
  const ctx = await loadOwnerPage(c, businessId, () => ({}));
  const db = c.get('db');
  await db.batch(disableEndpointStatements(db, { ...ownerActor(c, ctx), endpointId }));
  return c.redirect(`/manage/${businessId}/webhooks/${endpointId}?done=disabled`, 303);
});
