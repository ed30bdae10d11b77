/**
 * Development-only pages. `/dev/outbox` lists the SMS and emails the outbox providers stored
 * instead of sending (SPEC §3.1); `/dev/two-step` shows console accounts' current two-step
 * codes; outside development (APP_ENV=development) every /dev URL is 404.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { listOutbox } from '../sms/outbox';
import { emailOutboxStore, listEmailOutbox } from '../email/outbox';
import { respond } from '../middleware/htmx';
import { Page } from '../../templates/layouts/page';
import { Outbox } from '../../templates/dev/outbox';
import { asc, isNotNull } from 'drizzle-orm';
import { staffAccounts } from '../db/schema';
import { open } from '../domain/secret-box';
import { TOTP_STEP_SECONDS, totpCode, totpStep } from '../domain/two-step';

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

/**
 * The current two-step codes of console accounts (development only), so a newcomer can sign
 * in as the demo owner without an authenticator app: README "Business console".
 */
devRoutes.get('/dev/two-step', async (c) => {
  const db = c.get('db');
  const accounts = await db
    .select({ email: staffAccounts.email, sealed: staffAccounts.totpSecretSealed })
    .from(staffAccounts)
    .where(isNotNull(staffAccounts.totpSecretSealed))
    .orderBy(asc(staffAccounts.email))
    .limit(50);
  const now = Date.now();
  const rows = await Promise.all(
    accounts.map(async (a) => {
      const secret = a.sealed ? await open(c.env.OTP_PEPPER, 'staff-totp', a.sealed) : null;
      return { email: a.email, code: secret ? totpCode(secret, totpStep(now)) : 'sealed with another pepper' };
    }),
  );
  const secondsLeft = TOTP_STEP_SECONDS - (Math.floor(now / 1000) % TOTP_STEP_SECONDS);
  return respond(c, {
    page: () => (
      <Page title="Two-step codes">
        <section class="card" aria-labelledby="codes-heading">
          <h1 id="codes-heading">Two-step codes (development)</h1>
          <p class="muted">The code each console account's authenticator app shows now; the next one in {secondsLeft} s.</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Code</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.email}</td>
                  <td>
                    <code>{r.code}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </Page>
    ),
  });
});
