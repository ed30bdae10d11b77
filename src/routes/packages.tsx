/**
 * Packages (SPEC §10) under the client profile being viewed: /c/:clientId/packages. The
 * section exists only when the business has packages on — otherwise 404, even for a
 * signed-in parent. Display only. One database batch, session included.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { packagesStatements } from '../db/queries/packages';
import { showsSection } from '../domain/access';
import { localDateString } from '../domain/time';
import { t } from '../i18n';
import { respond } from '../middleware/htmx';
import { headerFor, loadSignedIn, requireProfile } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { PackagesPage } from '../../templates/packages/packages';

export const packageRoutes = new Hono<AppEnv>();

packageRoutes.get('/c/:clientId/packages', async (c) => {
  const clientId = c.req.param('clientId');
  const { session, results, now } = await loadSignedIn(c, (tokenHash, now) => packagesStatements(c.get('db'), { clientId, tokenHash, now }));
  const profile = requireProfile(session, clientId);
  if (!showsSection(profile.business, 'packages')) throw new HTTPException(404);
  // A package is usable through its expiry date, on the business's calendar.
  const today = localDateString(now, profile.business.timeZone);
  const items = results[0].map((p) => ({ ...p, expired: p.expiresOn !== null && p.expiresOn < today }));
  return respond(c, {
    page: () => (
      <Page title={t('packages.title')} header={headerFor(session, profile)}>
        <PackagesPage items={items} locale={profile.business.locale} />
      </Page>
    ),
  });
});
