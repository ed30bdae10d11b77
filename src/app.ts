/**
 * The Hono app: middleware order, route mounts, and the one place errors become pages.
 * Order (DESIGN.md): observability (request id, timing, log) → security headers → settings
 * check → db handle → CSRF → form size limit → session cookie → routes. The session lookup
 * itself happens inside each page's single database batch (middleware/portal.ts).
 */
import { Hono } from 'hono';
import type { AppEnv } from './app-env';
import { configCheck } from './middleware/config';
import { database, observability } from './middleware/observability';
import { csrfProtection, formSizeLimit, securityHeaders } from './middleware/security';
import { session } from './middleware/session';
import { renderError, renderNotFound } from './routes/errors';
import { appointmentChangeRoutes } from './routes/appointment-changes';
import { appointmentRoutes } from './routes/appointments';
import { bookingRoutes } from './routes/booking';
import { petRoutes } from './routes/pets';
import { vaccinationRoutes } from './routes/vaccinations';
import { reportCardRoutes } from './routes/report-cards';
import { devRoutes } from './routes/dev';
import { homeRoutes } from './routes/home';
import { invitationRoutes } from './routes/invitations';
import { signInRoutes } from './routes/sign-in';
import { passwordRoutes } from './routes/password';
import { accountRoutes } from './routes/account';
import { calendarRoutes } from './routes/calendar';
import { dataExportRoutes } from './routes/data-export';
import { staffRoutes } from './routes/staff';
import { creditRoutes } from './routes/credit';
import { packageRoutes } from './routes/packages';
import { membershipRoutes } from './routes/memberships';
import { classRoutes } from './routes/classes';
import { agreementRoutes } from './routes/agreements';
import { healthRoutes } from './routes/health';
import { consoleAuthRoutes } from './routes/manage/auth';
import { consoleRoutes } from './routes/manage/console';
import { apiKeyRoutes } from './routes/manage/api-keys';
import { teamRoutes } from './routes/manage/team';
import { webhookRoutes } from './routes/manage/webhooks';
import { clientRoutes } from './routes/manage/clients';
import { consoleCreditRoutes } from './routes/manage/credit';
import { consolePackageRoutes } from './routes/manage/packages';
import { consoleMembershipRoutes } from './routes/manage/memberships';
import { consoleReportCardRoutes } from './routes/manage/report-cards';
import { consoleVaccinationRoutes } from './routes/manage/vaccinations';
import { consoleAgreementRoutes } from './routes/manage/agreements';
import { scheduleRoutes } from './routes/manage/schedule';
import { settingsRoutes } from './routes/manage/settings';
import { brandingRoutes } from './routes/branding';
import { settingsHoursRoutes } from './routes/manage/settings-hours';
import { settingsServicesRoutes } from './routes/manage/settings-services';
import { consoleClassRoutes } from './routes/manage/classes';
import { passkeyRoutes } from './routes/passkeys';
import { consolePasskeyRoutes } from './routes/manage/passkeys';

export const app = new Hono<AppEnv>();

app.use('*', observability);
app.use('*', securityHeaders);
app.use('*', configCheck);
app.use('*', database);
app.use('*', csrfProtection);
app.use('*', formSizeLimit);
app.use('*', session);

app.route('/', healthRoutes);
app.route('/', brandingRoutes);
app.route('/', homeRoutes);
app.route('/', signInRoutes);
app.route('/', invitationRoutes);
app.route('/', passwordRoutes);
app.route('/', accountRoutes);
app.route('/', calendarRoutes);
app.route('/', dataExportRoutes);
app.route('/', appointmentChangeRoutes);
app.route('/', appointmentRoutes);
app.route('/', bookingRoutes);
app.route('/', petRoutes);
app.route('/', vaccinationRoutes);
app.route('/', reportCardRoutes);
app.route('/', creditRoutes);
app.route('/', packageRoutes);
app.route('/', membershipRoutes);
app.route('/', classRoutes);
app.route('/', agreementRoutes);
app.route('/', staffRoutes);
app.route('/', consoleAuthRoutes);
app.route('/', consoleRoutes);
app.route('/', apiKeyRoutes);
app.route('/', teamRoutes);
app.route('/', webhookRoutes);
app.route('/', clientRoutes);
app.route('/', consoleCreditRoutes);
app.route('/', consolePackageRoutes);
app.route('/', consoleMembershipRoutes);
app.route('/', consoleReportCardRoutes);
app.route('/', consoleVaccinationRoutes);
app.route('/', consoleAgreementRoutes);
app.route('/', scheduleRoutes);
app.route('/', settingsRoutes);
app.route('/', settingsHoursRoutes);
app.route('/', settingsServicesRoutes);
app.route('/', consoleClassRoutes);
app.route('/', passkeyRoutes);
app.route('/', consolePasskeyRoutes);
app.route('/', devRoutes);

app.notFound(renderNotFound);
app.onError(renderError);
