/**
 * Memberships (SPEC §10) under the client profile being viewed: /c/:clientId/memberships.
 * The section exists only when the business has memberships on — otherwise 404, even for a
 * signed-in parent. Display only. One database batch, session included.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { membershipsStatements } from '../db/queries/memberships';
import { showsSection } from '../domain/access';
import { t } from '../i18n';
import { respond } from '../middleware/htmx';
import { headerFor, loadSignedIn, requireProfile } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { MembershipsPage } from '../../templates/memberships/memberships';

export const membershipRoutes = new Hono<AppEnv>();

membershipRoutes.get('/c/:clientId/memberships', async (c) => {
  const clientId = c.req.param('clientId');
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => membershipsStatements(c.get('db'), { clientId, tokenHash, now }));
  const profile = requireProfile(session, clientId);
  if (!showsSection(profile.business, 'memberships')) throw new HTTPException(404);
  return respond(c, {
    page: () => (
      <Page title={t('memberships.title')} header={headerFor(session, profile)}>
        <MembershipsPage items={results[0]} locale={profile.business.locale} />
      </Page>
    ),
  });
});
