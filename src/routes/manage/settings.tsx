/**
 * Settings (console part 3): the index of the owner's settings pages, the business profile and
 * the booking rules. Hours and closures live in settings-hours.tsx, services, add-ons and the
 * groomers' weeks in settings-services.tsx. Owners only: staff get 403, another business 404.
 * Every change is validated at the field (nothing saved on refusal), written with its audit row
 * in one batch, and read by the portal at its next page view (nothing is cached).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { SettingsIndex } from '../../../templates/manage/settings';
import { loadOwnerPage, ownerPage } from './owner-page';

export const settingsRoutes = new Hono<AppEnv>();

settingsRoutes.get('/manage/:businessId/settings', async (c) => {
  const loaded = await loadOwnerPage(c, c.req.param('businessId'), () => ({}));
  const { m } = loaded;
  return ownerPage(c, { title: 'Settings', section: 'settings', staff: loaded.staff, m, unread: loaded.unread }, () => (
    <SettingsIndex businessId={m.businessId} />
  ));
});
