/**
 * What a parent may change about an appointment (SPEC §4–§5): cancel or reschedule a pending
 * request (Requested or Waitlisted) — or a confirmed appointment when the business's change
 * policy allows it — and "Book again" from a past one. Every change goes through the
 * business's booking lock, which serialises it against other parents and the business; the
 * loser of a race gets a clear message, never a 500.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import type { AppointmentStatus } from '../db/schema';
import { changeAllowed } from '../domain/change-policy';
import {
  RESCHEDULE_STEPS,
  checkBooking,
  fullWords,
  parseBookingState,
  planReschedule,
  stepOf,
  timeField,
  validateUpTo,
  type BookingState,
} from '../domain/booking';
import { CANCELED_BY_CLIENT_REASON, type ChangeOutcome } from '../domain/booking-plan';
import { statusLabel } from '../domain/appointment-status';
import { formatMoment, localDateString, localTimeString } from '../domain/time';
import { bookingLockForBusiness } from '../durable-objects/stubs';
import { respond } from '../middleware/htmx';
import { headerFor, loadSignedInNamed, profileHome, requireProfile } from '../middleware/portal';
import { appointmentForChangeStatements, bookingCatalogueStatements } from '../db/queries/booking';
import { Page } from '../../templates/layouts/page';
import { Message } from '../../templates/components/message-page';
import { bookAgainQuery, loadBooking, postedForm, readSignedReview, renderStep, type Flow, type Loaded } from './booking';
import { visitLabel } from './booking-views';
import { inEnglish, t, viewLocale } from '../i18n';

export const appointmentChangeRoutes = new Hono<AppEnv>();

function detailHref(clientId: string, appointmentId: string) {
  return `${profileHome(clientId)}/${appointmentId}`;
}

/**
 * The appointment being changed as the booking it is (trusted: from the database): its pets,
 * every service and add-on, its time, and per pet the groomer — the one asked for when moving
 * it ("any groomer" stays any), the one who did the work when booking it again.
 */
function bookedState(
  l: { changing: Loaded['changing']; catalogue: { business: { timeZone: string }; pets: { id: string }[] } },
  groomer: 'asked for' | 'who did it' = 'asked for',
): BookingState {
  const change = l.changing;
  if (!change) throw new HTTPException(404);
  const a = change.appointment;
  const tz = l.catalogue.business.timeZone;
  const byPet = new Map<string, { serviceIds: string[]; staffId: string | null; addOnIds: string[] }>();
  const petOf = new Map<string, string>();
  for (const line of change.petLines) {
    petOf.set(line.appointmentPetId, line.petId);
    const pet = byPet.get(line.petId) ?? { serviceIds: [], staffId: null, addOnIds: [] };
    byPet.set(line.petId, pet);
    if (line.serviceId && !pet.serviceIds.includes(line.serviceId)) pet.serviceIds.push(line.serviceId);
    if (line.staffId && (line.staffRequested || groomer === 'who did it')) pet.staffId = line.staffId;
  }
  for (const addOn of change.addOns) byPet.get(petOf.get(addOn.appointmentPetId) ?? '')?.addOnIds.push(addOn.addOnId);
  const startsAt = a.startsAt.getTime();
  const endsAt = a.endsAt.getTime();
  const type = a.serviceType === 'training' ? null : a.serviceType;
  return {
    draft: null,
    type,
    // In the order the booking steps list pets (by name), whatever order the lines came in.
    pets: [...byPet]
      .map(([petId, v]) => ({ petId, ...v }))
      .sort((x, y) => l.catalogue.pets.findIndex((p) => p.id === x.petId) - l.catalogue.pets.findIndex((p) => p.id === y.petId)),
    date: type === 'grooming' ? localDateString(startsAt, tz) : null,
    start: type === 'grooming' ? startsAt : null,
    checkIn: type === 'boarding' ? localDateString(startsAt, tz) : null,
    checkOut: type === 'boarding' ? localDateString(endsAt, tz) : null,
    dropOff: type === 'boarding' || type === 'daycare' ? localTimeString(startsAt, tz) : null,
    pickUp: type === 'boarding' || type === 'daycare' ? localTimeString(endsAt, tz) : null,
    days: type === 'daycare' ? [localDateString(startsAt, tz)] : [],
    notes: a.notes ?? '',
    invalid: [],
  };
}

/** Loads the appointment (404 when not the parent's) and answers whether it may be changed now. */
async function loadChange(c: Context<AppEnv>, state: BookingState, step: Parameters<typeof loadBooking>[2]) {
  const appointmentId = c.req.param('appointmentId')!;
  const l = await loadBooking(c, state, step, appointmentId);
  if (!l.changing) throw new HTTPException(404);
  const a = l.changing.appointment;
  const allowed = changeAllowed({ status: a.status, startsAt: a.startsAt.getTime() }, l.catalogue.business, l.now);
  return { l, appointment: a, allowed };
}

/** What the change pages need of a load: who is signed in, the profile and the business. */
type ChangeScope = Pick<Loaded, 'session' | 'profile'> & { catalogue: { business: Loaded['catalogue']['business'] } };

function notChangeable(c: Context<AppEnv>, l: ChangeScope, status: AppointmentStatus, message?: string) {
  const body = () => (
    <Message heading={t('booking.change.cantHeading')}>
      <p>{message ?? t('booking.change.cantBody', { status: statusLabel(status).toLowerCase(), business: l.catalogue.business.name })}</p>
      <p>
        <a href={detailHref(l.profile.clientId, c.req.param('appointmentId')!)}>{t('booking.change.backToAppointment')}</a>
      </p>
    </Message>
  );
  return respond(
    c,
    {
      page: () => (
        <Page title={t('booking.change.cantTitle')} header={headerFor(l.session, l.profile)}>
          {body()}
        </Page>
      ),
      fragment: body,
    },
    409,
  );
}

/** Plain words for a change that lost a race. */
export function conflictWords(outcome: Extract<ChangeOutcome, { status: 'conflict' }>, businessName: string): string {
  switch (outcome.reason) {
    case 'status_changed':
      return outcome.currentStatus === 'confirmed'
        ? t('booking.change.justConfirmed', { business: businessName })
        : t('booking.change.justChanged', { status: statusLabel(outcome.currentStatus ?? 'canceled').toLowerCase() });
    case 'version_changed':
      return t('booking.change.versionChanged');
    case 'full':
      return t('booking.change.full');
    case 'not_found':
      return t('booking.change.notFound');
  }
}

// ---- Cancel ----

appointmentChangeRoutes.get('/c/:clientId/appointments/:appointmentId/cancel', async (c) => {
  const { l, appointment, allowed } = await loadCancel(c);
  if (!allowed) return notChangeable(c, l, appointment.status);
  const clientId = l.profile.clientId;
  const body = () => (
    <section class="card" aria-labelledby="cancel-heading">
      <h1 id="cancel-heading">{appointment.status === 'confirmed' ? t('booking.cancel.headingAppointment') : t('booking.cancel.headingRequest')}</h1>
      <p>
        {t('booking.cancel.what', {
          visit: visitLabel(bookedState(l), l.catalogue),
          when: formatMoment(appointment.startsAt.getTime(), l.catalogue.business.timeZone, viewLocale(l.catalogue.business.locale)),
        })}
      </p>
      <form method="post" action={`${detailHref(clientId, appointment.id)}/cancel`}>
        <input type="hidden" name="version" value={String(appointment.version)} />
        <button type="submit">{t('booking.cancel.yes')}</button> <a href={detailHref(clientId, appointment.id)}>{t('booking.cancel.no')}</a>
      </form>
    </section>
  );
  return respond(c, {
    page: () => (
      <Page title={t('booking.cancel.title')} header={headerFor(l.session, l.profile)}>
        {body()}
      </Page>
    ),
    fragment: body,
  });
});

appointmentChangeRoutes.post('/c/:clientId/appointments/:appointmentId/cancel', async (c) => {
  const form = await c.req.parseBody();
  const version = Number(form.version);
  const { l, appointment, allowed } = await loadCancel(c);
  if (!allowed) return notChangeable(c, l, appointment.status, changedSinceShown(version, appointment, l));
  if (!Number.isInteger(version) || version < 1) throw new HTTPException(422, { message: t('booking.cancel.missingVersion') });
  const business = l.catalogue.business;
  const outcome = await bookingLockForBusiness(c.env, business.id).cancel({
    businessId: business.id,
    clientId: l.profile.clientId,
    appointmentId: appointment.id,
    expectedVersion: version,
    now: l.now,
    allowedStatuses: allowedStatuses(l),
    reason: CANCELED_BY_CLIENT_REASON,
    notificationSummary: `${l.profile.firstName} ${l.profile.lastName} canceled ${inEnglish(() => visitLabel(bookedState(l), l.catalogue))} on ${formatMoment(appointment.startsAt.getTime(), business.timeZone, business.locale)}.`,
  });
  if (outcome.status === 'conflict') return notChangeable(c, l, outcome.currentStatus ?? appointment.status, conflictWords(outcome, business.name));
  return c.redirect(`${detailHref(l.profile.clientId, appointment.id)}?changed=canceled`, 303);
});

/**
 * When the form was shown for an older version, the appointment changed since (e.g. the
 * business confirmed it a moment ago): say so, as the lock would have.
 */
function changedSinceShown(versionSeen: number, appointment: { version: number; status: AppointmentStatus }, l: ChangeScope): string | undefined {
  if (!Number.isInteger(versionSeen) || versionSeen >= appointment.version) return undefined;
  return conflictWords({ status: 'conflict', reason: 'status_changed', currentStatus: appointment.status }, l.catalogue.business.name);
}

function allowedStatuses(l: ChangeScope): AppointmentStatus[] {
  return l.catalogue.business.changePolicy === 'until_hours_before' ? ['requested', 'waitlisted', 'confirmed'] : ['requested', 'waitlisted'];
}

/**
 * Canceling needs only the business, the client's pets and the appointment: one batch of
 * those, not the booking catalogue and calendar (404 when the appointment is not theirs).
 */
async function loadCancel(c: Context<AppEnv>) {
  const clientId = c.req.param('clientId')!;
  const appointmentId = c.req.param('appointmentId')!;
  const db = c.get('db');
  const loaded = await loadSignedInNamed(c, (tokenHash, now) => {
    const scope = { clientId, tokenHash, now };
    const { business, pets } = bookingCatalogueStatements(db, scope);
    return { business, pets, ...appointmentForChangeStatements(db, scope, appointmentId) };
  });
  const profile = requireProfile(loaded.session, clientId);
  const r = loaded.results;
  const business = r.business[0];
  const appointment = r.changingAppointment[0];
  if (!business?.onlineBookingEnabled || !appointment) throw new HTTPException(404);
  const l = {
    session: loaded.session,
    profile,
    now: loaded.now,
    catalogue: { business, pets: r.pets },
    changing: { appointment, petLines: r.changingPetLines, addOns: r.changingAddOns, ownClaims: [] },
  };
  const allowed = changeAllowed({ status: appointment.status, startsAt: appointment.startsAt.getTime() }, business, l.now);
  return { l, appointment, allowed };
}

// ---- Reschedule ----

function rescheduleFlow(clientId: string, appointmentId: string, version: number): Flow {
  const detail = detailHref(clientId, appointmentId);
  return {
    title: t('booking.reschedule.title'),
    path: `${detail}/reschedule`,
    steps: RESCHEDULE_STEPS,
    exitHref: detail,
    extraHidden: [['version', String(version)]],
    sendLabel: t('booking.reschedule.send'),
    keyScope: () => `reschedule:${appointmentId}:${version}`,
  };
}

const TIME_FIELDS = ['date', 'start', 'checkin', 'checkout', 'dropoff', 'pickup', 'day'];

/**
 * The booked pets and services with the time fields the parent sent; a first visit (no time
 * field sent) starts from the appointment's own time.
 */
function rescheduleState(l: Loaded, params: URLSearchParams): BookingState {
  const booked = bookedState(l);
  if (!TIME_FIELDS.some((f) => params.has(f))) return booked;
  const chosen = parseBookingState(params);
  // Daycare is rescheduled one day (one appointment) at a time.
  return {
    ...booked,
    date: chosen.date,
    start: chosen.start,
    checkIn: chosen.checkIn,
    checkOut: chosen.checkOut,
    dropOff: chosen.dropOff,
    pickUp: chosen.pickUp,
    days: chosen.days.slice(0, 1),
    invalid: chosen.invalid,
  };
}

appointmentChangeRoutes.get('/c/:clientId/appointments/:appointmentId/reschedule', async (c) => {
  const params = new URL(c.req.url).searchParams;
  const step = stepOf(params.get('step')) === 'review' ? 'review' : 'time';
  const hint = parseBookingState(params);
  // Until the appointment is read its kind is unknown: the daycare window (today to the
  // longest horizon) covers a first visit of the time step of any kind.
  const { l, appointment, allowed } = await loadChange(c, hint.type ? hint : { ...hint, type: 'daycare' }, step);
  if (!allowed) return notChangeable(c, l, appointment.status);
  const state = rescheduleState(l, params);
  const flow = rescheduleFlow(l.profile.clientId, appointment.id, appointment.version);
  if (step === 'review') {
    const check = validateUpTo('time', state, l.catalogue, l.load, l.now);
    if (check.step) return renderStep(c, l, state, 'time', check.errors, 422, undefined, flow);
  }
  return renderStep(c, l, state, step, {}, 200, undefined, flow);
});

appointmentChangeRoutes.post('/c/:clientId/appointments/:appointmentId/reschedule', async (c) => {
  const form = await postedForm(c);
  const hint = parseBookingState(form);
  const { l, appointment, allowed } = await loadChange(c, hint, 'submit');
  const version = Number(form.get('version'));
  if (!allowed) return notChangeable(c, l, appointment.status, changedSinceShown(version, appointment, l));
  const state = rescheduleState(l, form);
  const flow = rescheduleFlow(l.profile.clientId, appointment.id, appointment.version);
  const review = await readSignedReview(c, l.profile.clientId, form, state, l.now);
  if (!review.check.ok) {
    return renderStep(c, l, state, 'review', {}, 422, t('booking.reschedule.formChanged'), flow);
  }
  const checked = checkBooking(state, l.catalogue, l.load, l.now);
  if (!checked.ok) return renderStep(c, l, state, 'time', checked.errors, 422, undefined, flow);
  const business = l.catalogue.business;
  const changing = l.changing;
  if (!changing) throw new HTTPException(404);
  const newStart = checked.times.kind === 'daycare' ? (checked.times.days[0]?.startsAt ?? 0) : checked.times.startsAt;
  const plan = planReschedule({
    booking: checked.booking,
    times: checked.times,
    catalogue: l.catalogue,
    units: l.units,
    clientId: l.profile.clientId,
    appointmentId: appointment.id,
    expectedVersion: version,
    lines: changing.petLines,
    ownClaims: changing.ownClaims,
    allowedStatuses: allowedStatuses(l),
    idempotencyKey: review.key,
    now: l.now,
    notificationSummary: `${l.profile.firstName} ${l.profile.lastName} moved ${inEnglish(() => visitLabel(state, l.catalogue))} from ${formatMoment(appointment.startsAt.getTime(), business.timeZone, business.locale)} to ${formatMoment(newStart, business.timeZone, business.locale)}.`,
  });
  const outcome = await bookingLockForBusiness(c.env, business.id).reschedule(plan);
  if (outcome.status === 'conflict') {
    if (outcome.reason === 'full') {
      return renderStep(
        c,
        l,
        state,
        'time',
        { [timeField(state.type)]: fullWords(outcome.fullResources ?? [], l.catalogue, state.type) },
        409,
        undefined,
        flow,
      );
    }
    return notChangeable(c, l, outcome.currentStatus ?? appointment.status, conflictWords(outcome, business.name));
  }
  return c.redirect(`${detailHref(l.profile.clientId, appointment.id)}?changed=rescheduled`, 303);
});

// ---- Book again ----

appointmentChangeRoutes.get('/c/:clientId/appointments/:appointmentId/book-again', async (c) => {
  const { l } = await loadCancel(c);
  const state = bookedState(l, 'who did it');
  if (!state.type) throw new HTTPException(404);
  const lines = state.pets.map((p) => ({ petId: p.petId, serviceIds: p.serviceIds, staffId: p.staffId, addOnIds: p.addOnIds }));
  return c.redirect(`/c/${l.profile.clientId}/book?${bookAgainQuery(state.type, lines)}`, 303);
});
