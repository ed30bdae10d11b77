/**
 * Settings (console part 3, item 2): weekly opening hours per service type, closed dates with
 * the reason parents see, drop-off and pick-up windows. Owners only.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const settingsHoursRoutes = new Hono<AppEnv>();
