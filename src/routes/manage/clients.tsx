/**
 * The console's clients and pets (issue 10 item 5, SPEC §11).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const clientRoutes = new Hono<AppEnv>();
