/**
 * The business console's schedule (issue 10, item 3): the day and week views of the
 * business's appointments in its time zone, and the staff's status changes on them.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const scheduleRoutes = new Hono<AppEnv>();
