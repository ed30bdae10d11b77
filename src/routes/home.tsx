/**
 * `/`: where a signed-in parent lands. One available profile → straight to its appointments;
 * several → a chooser (SPEC §3.4); none available → "not available yet" for the businesses
 * that have not turned the portal on (SPEC §2), never an error.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { respond } from '../middleware/htmx';
import { availableProfiles, headerFor, loadSignedIn, profileHome } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { ChooseProfile, NoProfiles, NotAvailableYet } from '../../templates/portal/pages';

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', async (c) => {
  const { session } = await loadSignedIn(c, () => [] as const);
  const available = availableProfiles(session);
  if (available.length === 1) return c.redirect(profileHome(available[0]!.clientId), 303);
  if (available.length === 0) {
    const names = [...new Set(session.profiles.map((p) => p.business.name))];
    return respond(c, {
      page: () => (
        <Page title="Not available yet" header={{ signedIn: true }}>
          {names.length > 0 ? <NotAvailableYet businessNames={names} /> : <NoProfiles />}
        </Page>
      ),
    });
  }
  const choices = available.map((p) => ({
    href: profileHome(p.clientId),
    businessName: p.business.name,
    clientName: `${p.firstName} ${p.lastName}`,
  }));
  return respond(c, {
    page: () => (
      <Page title="Choose a business" header={headerFor(session)}>
        <ChooseProfile choices={choices} />
      </Page>
    ),
  });
});
