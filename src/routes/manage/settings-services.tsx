/**
 * Settings (console part 3, items 3 and 4): services and add-ons, which groomer does which
 * service and when each works. Owners only.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const settingsServicesRoutes = new Hono<AppEnv>();
