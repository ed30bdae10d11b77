/** /dev/outbox: the development SMS outbox, listed only when APP_ENV is "development". */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { app } from '../../src/app';
import { OutboxSmsProvider } from '../../src/sms/outbox';
import { emailOutboxStore, OutboxEmailProvider } from '../../src/email/outbox';
import { db, uniquePhone } from '../helpers/factories';
import { get } from '../helpers/http';
import { productionEnv } from '../helpers/production-env';

describe('GET /dev/outbox', () => {
  it('lists stored messages, newest first, in development', async () => {
    const to = uniquePhone();
    const outbox = new OutboxSmsProvider(db as never);
    await outbox.send({ to, body: 'first message' });
    await outbox.send({ to, body: 'second message' });
    const res = await app.request('https://pawtal.test/dev/outbox', {}, { ...env, APP_ENV: 'development' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`To ${to}`);
    expect(html.indexOf('second message')).toBeLessThan(html.indexOf('first message'));
  });

  it('lists stored emails too', async () => {
    const to = `dev-${crypto.randomUUID()}@example.com`;
    await new OutboxEmailProvider(emailOutboxStore(db as never)).send({ to, subject: 'Your code', text: 'Code: 123456' });
    const html = await (await app.request('https://pawtal.test/dev/outbox', {}, { ...env, APP_ENV: 'development' })).text();
    expect(html).toContain(`To ${to}`);
    expect(html).toContain('Code: 123456');
  });

  it('answers 404 outside development', async () => {
    expect((await get('/dev/outbox')).status).toBe(404);
    const prod = await app.request('https://pawtal.test/dev/outbox', {}, productionEnv);
    expect(prod.status).toBe(404);
  });
});
