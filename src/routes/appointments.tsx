/**
 * Appointments (SPEC §4): Upcoming and History lists, paginated, and the detail page, under
 * the client profile being viewed (/c/:clientId/…). Every page is one database batch, session
 * check included; a foreign client or appointment id answers 404.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { pageCountFor, pageNumber } from './paging';
import { APPOINTMENTS_PAGE_SIZE, appointmentDetailStatements, appointmentListStatements, type AppointmentList } from '../db/queries/appointments';
import { isUpcoming, showsLiveCamera } from '../domain/appointment-status';
import { changeAllowed } from '../domain/change-policy';
import { requestTotal } from '../domain/booking';
import { respond } from '../middleware/htmx';
import { headerFor, loadSignedIn, profileHome, requireProfile } from '../middleware/portal';
import { t, type MessageKey } from '../i18n';
import { Page } from '../../templates/layouts/page';
import { AppointmentsPanel } from '../../templates/appointments/list';
import { AppointmentDetail, type DetailLine, type DetailPet } from '../../templates/appointments/detail';

export const appointmentRoutes = new Hono<AppEnv>();

async function listPage(c: Context<AppEnv>, list: AppointmentList) {
  const clientId = c.req.param('clientId')!;
  const page = pageNumber(c.req.query('page'));
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => appointmentListStatements(c.get('db'), { clientId, tokenHash, now }, list, page));
  const profile = requireProfile(session, clientId);
  const [rows, totalRows] = results;
  const pageCount = pageCountFor(totalRows[0]?.total ?? 0, APPOINTMENTS_PAGE_SIZE, page);
  const panel = () => (
    <AppointmentsPanel
      basePath={profileHome(clientId)}
      list={list}
      items={rows}
      page={page}
      pageCount={pageCount}
      timeZone={profile.business.timeZone}
      locale={profile.business.locale}
      businessName={profile.business.name}
    />
  );
  return respond(c, {
    page: () => (
      <Page title={list === 'upcoming' ? t('appointments.title.upcoming') : t('appointments.title.history')} header={headerFor(session, profile)}>
        {panel()}
      </Page>
    ),
    fragment: panel,
  });
}

appointmentRoutes.get('/c/:clientId/appointments', (c) => listPage(c, 'upcoming'));
appointmentRoutes.get('/c/:clientId/appointments/history', (c) => listPage(c, 'history'));

async function loadDetail(c: Context<AppEnv>) {
  const clientId = c.req.param('clientId')!;
  const appointmentId = c.req.param('appointmentId')!;
  const loaded = await loadSignedIn(c, (tokenHash, now) => appointmentDetailStatements(c.get('db'), { clientId, tokenHash, now }, appointmentId));
  const profile = requireProfile(loaded.session, clientId);
  const [appointmentRows, petRows, serviceLines, addOnLines, sameRequest] = loaded.results;
  const appointment = appointmentRows[0];
  if (!appointment) throw new HTTPException(404);
  const staffName = (l: { staffFirstName: string | null; staffLastName: string | null }) =>
    l.staffFirstName ? `${l.staffFirstName} ${l.staffLastName ?? ''}`.trim() : null;
  const linesOf = (rows: typeof serviceLines, appointmentPetId: string): DetailLine[] =>
    rows.filter((l) => l.appointmentPetId === appointmentPetId).map((l) => ({ name: l.name, staffName: staffName(l) }));
  const pets: DetailPet[] = petRows.map((p) => ({
    name: p.name,
    breed: p.breed,
    services: linesOf(serviceLines, p.appointmentPetId),
    addOns: linesOf(addOnLines, p.appointmentPetId),
  }));
  const camera = showsLiveCamera({
    serviceType: appointment.serviceType,
    status: appointment.status,
    idogcamFeedUrl: profile.business.idogcamFeedUrl,
  });
  const room = petRows.find((p) => p.cameraRoom)?.cameraRoom ?? null;
  // An online request: what the review showed (total and deposit), over every day it asked for.
  const request =
    appointment.submissionId && sameRequest.length > 0
      ? {
          totalMinor: requestTotal({
            serviceType: appointment.serviceType,
            appointments: sameRequest.map((a) => ({ startsAt: a.startsAt.getTime(), endsAt: a.endsAt.getTime() })),
            serviceLinesMinor: serviceLines.map((l) => l.priceMinor),
            addOnLinesMinor: addOnLines.map((l) => l.priceMinor),
            timeZone: profile.business.timeZone,
          }),
          depositMinor: sameRequest.reduce((sum, a) => sum + (a.depositRequiredMinor ?? 0), 0),
          currency: profile.business.currency,
          visits:
            sameRequest.length > 1 ? sameRequest.map((a) => ({ id: a.id, startsAt: a.startsAt, status: a.status, current: a.id === appointment.id })) : [],
        }
      : null;
  return { session: loaded.session, profile, appointment, pets, camera, room, request, now: loaded.now };
}

const BANNERS: Record<string, MessageKey> = {
  requested: 'appointments.banner.requested',
  waitlisted: 'appointments.banner.waitlisted',
  canceled: 'appointments.banner.canceled',
  rescheduled: 'appointments.banner.rescheduled',
};

appointmentRoutes.get('/c/:clientId/appointments/:appointmentId', async (c) => {
  const { session, profile, appointment, pets, camera, request, now } = await loadDetail(c);
  const base = profileHome(profile.clientId);
  const self = `${base}/${appointment.id}`;
  const online = profile.business.onlineBookingEnabled;
  const changeable = online && changeAllowed({ status: appointment.status, startsAt: appointment.startsAt.getTime() }, profile.business, now);
  const bookable = appointment.serviceType !== 'training';
  const actions = {
    rescheduleHref: changeable && bookable ? `${self}/reschedule?type=${appointment.serviceType}` : null,
    cancelHref: changeable ? `${self}/cancel` : null,
    bookAgainHref: online && bookable && !isUpcoming(appointment, now) ? `${self}/book-again` : null,
    calendarHref: isUpcoming(appointment, now) ? `${self}/calendar.ics` : null,
  };
  const which = c.req.query('booked') ?? c.req.query('changed') ?? '';
  const banner = Object.hasOwn(BANNERS, which) ? t(BANNERS[which]!) : null;
  return respond(c, {
    page: () => (
      <Page title={t('appointments.detail.title')} header={headerFor(session, profile)}>
        <AppointmentDetail
          backHref={base}
          cameraHref={camera ? `${base}/${appointment.id}/camera` : null}
          banner={banner}
          actions={actions}
          business={profile.business}
          appointment={appointment}
          pets={pets}
          request={request}
          requestHref={(id) => `${base}/${id}`}
        />
      </Page>
    ),
  });
});

/**
 * Opens the business's iDogCam feed for the pet's room — only while the rule holds (checked-in
 * boarding/daycare, iDogCam configured); otherwise 404 like any hidden section.
 */
appointmentRoutes.get('/c/:clientId/appointments/:appointmentId/camera', async (c) => {
  const { profile, camera, room } = await loadDetail(c);
  const feed = profile.business.idogcamFeedUrl;
  if (!camera || !feed) throw new HTTPException(404);
  const url = new URL(feed);
  if (profile.business.idogcamAccountId) url.searchParams.set('account', profile.business.idogcamAccountId);
  if (room) url.searchParams.set('room', room);
  return c.redirect(url.toString(), 303);
});
