/**
 * Group classes (SPEC §10) under the client profile being viewed: /c/:clientId/classes —
 * the classes the client's pets are enrolled in, with attendance and schedule. The section
 * exists only when the business has group classes on — otherwise 404, even for a signed-in
 * parent. Display only. One database batch, session included.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { classesStatements } from '../db/queries/classes';
import { showsSection } from '../domain/access';
import { classProgress } from '../domain/class-progress';
import { t } from '../i18n';
import { respond } from '../middleware/htmx';
import { headerFor, loadSignedIn, requireProfile } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { ClassesPage, type EnrollmentItem } from '../../templates/classes/classes';

export const classRoutes = new Hono<AppEnv>();

classRoutes.get('/c/:clientId/classes', async (c) => {
  const clientId = c.req.param('clientId');
  const { session, results, now } = await loadSignedIn(c, (tokenHash, now) => classesStatements(c.get('db'), { clientId, tokenHash, now }));
  const profile = requireProfile(session, clientId);
  if (!showsSection(profile.business, 'group_classes')) throw new HTTPException(404);
  const [enrollments, sessions, attendance] = results;
  const items: EnrollmentItem[] = enrollments.map((e) => {
    const attendedIds = new Set(attendance.filter((a) => a.enrollmentId === e.id).map((a) => a.sessionId));
    const progress = classProgress(
      sessions.filter((s) => s.classId === e.classId),
      attendedIds,
      now,
    );
    return { id: e.id, className: e.className, description: e.description, petName: e.petName, ...progress };
  });
  return respond(c, {
    page: () => (
      <Page title={t('classes.title')} header={headerFor(session, profile)}>
        <ClassesPage items={items} timeZone={profile.business.timeZone} locale={profile.business.locale} />
      </Page>
    ),
  });
});
