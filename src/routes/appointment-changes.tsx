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
import { checkBookingForm, parseBookingState, stepOf, type BookingState } from '../domain/booking-form';
import { planTiming, validateUpTo } from '../domain/booking-flow';
import { CANCELED_BY_CLIENT_REASON, type ChangeOutcome, type ResourceNeed } from '../domain/booking-plan';
import { resourceCapacity } from '../domain/capacity';
import { newId } from '../domain/ids';
import { statusLabel } from '../domain/appointment-status';
import { bookingLockForBusiness } from '../durable-objects/stubs';
import { respond } from '../middleware/htmx';
import { headerFor, profileHome } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { Message } from '../../templates/components/message-page';
import {
  bookAgainQuery,
  boardingStayTimes,
  daycareTimes,
  loadBooking,
  renderStep,
  sequentialSegments,
  slotKeys,
  visitLabel,
  type Flow,
  type Loaded,
} from './booking';
import { moment } from '../../templates/booking/steps';

export const appointmentChangeRoutes = new Hono<AppEnv>();

function detailHref(clientId: string, appointmentId: string) {
  return `${profileHome(clientId)}/${appointmentId}`;
}

/** The appointment being changed, with the state it was booked with (trusted: from the database). */
function bookedState(l: Loaded): BookingState {
  const change = l.changing!;
  const a = change.appointment;
  const byPet = new Map<string, { serviceId: string | null; staffId: string | null; addOnIds: string[] }>();
  const petOf = new Map<string, string>();
  for (const line of change.petLines) {
    petOf.set(line.appointmentPetId, line.petId);
    if (!byPet.has(line.petId)) byPet.set(line.petId, { serviceId: line.serviceId, staffId: line.staffId, addOnIds: [] });
  }
  for (const addOn of change.addOns) byPet.get(petOf.get(addOn.appointmentPetId) ?? '')?.addOnIds.push(addOn.addOnId);
  return {
    type: a.serviceType === 'training' ? null : a.serviceType,
    pets: [...byPet].map(([petId, v]) => ({ petId, ...v })),
    date: null,
    start: null,
    checkIn: null,
    checkOut: null,
    dropOff: null,
    pickUp: null,
    days: [],
    notes: a.notes ?? '',
  };
}

/** Loads the appointment (404 when not the parent's) and answers whether it may be changed now. */
async function loadChange(c: Context<AppEnv>, state: BookingState, step: Parameters<typeof loadBooking>[2]) {
  const appointmentId = c.req.param('appointmentId')!;
  const l = await loadBooking(c, state, step, null, appointmentId);
  if (!l.changing) throw new HTTPException(404);
  const a = l.changing.appointment;
  const allowed = changeAllowed({ status: a.status, startsAt: a.startsAt.getTime() }, l.catalogue.business, l.now);
  return { l, appointment: a, allowed };
}

function notChangeable(c: Context<AppEnv>, l: Loaded, status: AppointmentStatus, message?: string) {
  const body = () => (
    <Message heading="This can't be changed online">
      <p>
        {message ??
          `This appointment is ${statusLabel(status).toLowerCase()}, so it can no longer be changed here. Contact ${l.catalogue.business.name} to change it.`}
      </p>
      <p>
        <a href={detailHref(l.profile.clientId, c.req.param('appointmentId')!)}>Back to the appointment</a>
      </p>
    </Message>
  );
  return respond(c, { page: () => <Page title="Can't change online" header={headerFor(l.session, l.profile)}>{body()}</Page>, fragment: body }, 409);
}

/** Plain words for a change that lost a race. */
export function conflictWords(outcome: Extract<ChangeOutcome, { status: 'conflict' }>, businessName: string): string {
  switch (outcome.reason) {
    case 'status_changed':
      return outcome.currentStatus === 'confirmed'
        ? `This request was just confirmed — contact ${businessName} to change it.`
        : `This appointment was just changed (it is now ${statusLabel(outcome.currentStatus ?? 'canceled').toLowerCase()}). Nothing else was changed.`;
    case 'version_changed':
      return 'This appointment was changed a moment ago. Check the new details and try again.';
    case 'full':
      return 'That time has just been fully booked. Choose another time.';
    case 'not_found':
      return 'We could not find this appointment any more.';
  }
}

// ---- Cancel ----

appointmentChangeRoutes.get('/c/:clientId/appointments/:appointmentId/cancel', async (c) => {
  const { l, appointment, allowed } = await loadChange(c, bookedState0(), 'who');
  if (!allowed) return notChangeable(c, l, appointment.status);
  const clientId = l.profile.clientId;
  const body = () => (
    <section class="card" aria-labelledby="cancel-heading">
      <h1 id="cancel-heading">Cancel this {appointment.status === 'confirmed' ? 'appointment' : 'request'}?</h1>
      <p>
        {visitLabel(bookedState(l), l.catalogue)} on {moment(appointment.startsAt.getTime(), l.catalogue.business.timeZone, l.catalogue.business.locale)}.
      </p>
      <form method="post" action={`${detailHref(clientId, appointment.id)}/cancel`}>
        <input type="hidden" name="version" value={String(appointment.version)} />
        <button type="submit">Yes, cancel it</button>{' '}
        <a href={detailHref(clientId, appointment.id)}>No, keep it</a>
      </form>
    </section>
  );
  return respond(c, { page: () => <Page title="Cancel" header={headerFor(l.session, l.profile)}>{body()}</Page>, fragment: body });
});

appointmentChangeRoutes.post('/c/:clientId/appointments/:appointmentId/cancel', async (c) => {
  const form = await c.req.parseBody();
  const version = Number(form.version);
  const { l, appointment, allowed } = await loadChange(c, bookedState0(), 'who');
  if (!allowed) return notChangeable(c, l, appointment.status, changedSinceShown(version, appointment, l));
  if (!Number.isInteger(version) || version < 1) throw new HTTPException(422, { message: 'Missing version' });
  const business = l.catalogue.business;
  const outcome = await bookingLockForBusiness(c.env, business.id).cancel({
    businessId: business.id,
    clientId: l.profile.clientId,
    appointmentId: appointment.id,
    expectedVersion: version,
    now: l.now,
    allowedStatuses: allowedStatuses(l),
    reason: CANCELED_BY_CLIENT_REASON,
    notificationSummary: `${l.profile.firstName} ${l.profile.lastName} canceled ${visitLabel(bookedState(l), l.catalogue)} on ${moment(appointment.startsAt.getTime(), business.timeZone, business.locale)}.`,
  });
  if (outcome.status === 'conflict') return notChangeable(c, l, outcome.currentStatus ?? appointment.status, conflictWords(outcome, business.name));
  return c.redirect(`${detailHref(l.profile.clientId, appointment.id)}?changed=canceled`, 303);
});

/**
 * When the form was shown for an older version, the appointment changed since (e.g. the
 * business confirmed it a moment ago): say so, as the lock would have.
 */
function changedSinceShown(versionSeen: number, appointment: { version: number; status: AppointmentStatus }, l: Loaded): string | undefined {
  if (!Number.isInteger(versionSeen) || versionSeen >= appointment.version) return undefined;
  return conflictWords({ status: 'conflict', reason: 'status_changed', currentStatus: appointment.status }, l.catalogue.business.name);
}

function allowedStatuses(l: Loaded): AppointmentStatus[] {
  return l.catalogue.business.changePolicy === 'until_hours_before' ? ['requested', 'waitlisted', 'confirmed'] : ['requested', 'waitlisted'];
}

function bookedState0(): BookingState {
  return parseBookingState(new URLSearchParams());
}

// ---- Reschedule ----

function rescheduleFlow(clientId: string, appointmentId: string, version: number): Flow {
  const detail = detailHref(clientId, appointmentId);
  return { title: 'Change the time', path: `${detail}/reschedule`, firstStep: 'time', exitHref: detail, extraHidden: [['version', String(version)]] };
}

/** The booked pets and services with the new time fields the parent chose. */
function rescheduleState(l: Loaded, params: URLSearchParams): BookingState {
  const chosen = parseBookingState(params);
  const booked = bookedState(l);
  // Daycare is rescheduled one day (one appointment) at a time.
  return { ...booked, date: chosen.date, start: chosen.start, checkIn: chosen.checkIn, checkOut: chosen.checkOut, dropOff: chosen.dropOff, pickUp: chosen.pickUp, days: chosen.days.slice(0, 1) };
}

appointmentChangeRoutes.get('/c/:clientId/appointments/:appointmentId/reschedule', async (c) => {
  const params = new URL(c.req.url).searchParams;
  const step = stepOf(params.get('step')) === 'review' ? 'review' : 'time';
  const hint = parseBookingState(params);
  const { l, appointment, allowed } = await loadChange(c, hint.type ? hint : { ...hint, type: 'grooming' }, step);
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
  const form = new URLSearchParams((await c.req.text()).slice(0, 16_384));
  const hint = parseBookingState(form);
  const { l, appointment, allowed } = await loadChange(c, hint, 'submit');
  if (!allowed) return notChangeable(c, l, appointment.status, changedSinceShown(Number(form.get('version')), appointment, l));
  const state = rescheduleState(l, form);
  const flow = rescheduleFlow(l.profile.clientId, appointment.id, appointment.version);
  const key = form.get('key') ?? '';
  const issuedAt = Number(form.get('issued'));
  const formCheck = /^[A-Za-z0-9_-]{16,64}$/.test(key) && Number.isFinite(issuedAt)
    ? await checkBookingForm(c.env.OTP_PEPPER, l.profile.clientId, { key, issuedAt, signature: form.get('sig') ?? '' }, state, l.now)
    : ({ ok: false, reason: 'tampered' } as const);
  if (!formCheck.ok) {
    return renderStep(c, l, state, 'review', {}, 422, 'This form was changed or has expired. Check the new time and send it again.', flow);
  }
  const timing = planTiming(state, l.catalogue, l.load, l.now);
  if (!timing.ok && timing.reason !== 'full') return renderStep(c, l, state, 'time', { [timing.field]: timing.message }, 422, undefined, flow);
  const business = l.catalogue.business;
  const need = (resource: string, units: number): ResourceNeed => ({
    resource,
    units,
    capacity: resourceCapacity(resource, business),
    // Units this appointment holds now are free for its own new time.
    observedUnits: l.units[resource] ?? [],
  });
  let startsAt: number;
  let endsAt: number;
  let needs: ResourceNeed[];
  let staffChanges: { lineId: string; staffId: string | null }[] = [];
  if (state.type === 'grooming') {
    const segments = timing.ok && timing.kind === 'grooming' ? timing.segments : sequentialSegments(state, l.catalogue);
    startsAt = segments[0]!.startsAt;
    endsAt = segments.at(-1)!.endsAt;
    needs = [...new Set(segments.flatMap(slotKeys))].map((r) => need(r, 1));
    staffChanges = l.changing!.petLines
      .filter((line) => line.lineId)
      .map((line) => ({ lineId: line.lineId!, staffId: segments.find((s) => s.petId === line.petId)?.staffId ?? line.staffId }));
  } else if (state.type === 'boarding') {
    const stay = timing.ok && timing.kind === 'boarding' ? timing : boardingStayTimes(state, l.catalogue);
    ({ startsAt, endsAt } = stay);
    needs = stay.needs.map((r) => need(r, state.pets.length));
  } else {
    const day = (timing.ok && timing.kind === 'daycare' ? timing.days : daycareTimes(state, l.catalogue))[0]!;
    ({ startsAt, endsAt } = day);
    needs = day.needs.map((r) => need(r, state.pets.length));
  }
  const outcome = await bookingLockForBusiness(c.env, business.id).reschedule({
    businessId: business.id,
    clientId: l.profile.clientId,
    appointmentId: appointment.id,
    expectedVersion: Number(form.get('version')),
    idempotencyKey: key,
    submissionId: newId('sub'),
    now: l.now,
    waitlistAllowed: business.waitlistAllowed,
    startsAt,
    endsAt,
    needs,
    staffChanges,
    currentClaims: l.changing!.ownClaims,
    allowedStatuses: allowedStatuses(l),
    notificationSummary: `${l.profile.firstName} ${l.profile.lastName} moved ${visitLabel(state, l.catalogue)} from ${moment(appointment.startsAt.getTime(), business.timeZone, business.locale)} to ${moment(startsAt, business.timeZone, business.locale)}.`,
  });
  if (outcome.status === 'conflict') {
    if (outcome.reason === 'full') return renderStep(c, l, state, 'time', { [timingField(state)]: conflictWords(outcome, business.name) }, 409, undefined, flow);
    return notChangeable(c, l, outcome.currentStatus ?? appointment.status, conflictWords(outcome, business.name));
  }
  return c.redirect(`${detailHref(l.profile.clientId, appointment.id)}?changed=rescheduled`, 303);
});

function timingField(state: BookingState): string {
  return state.type === 'grooming' ? 'start' : state.type === 'boarding' ? 'checkin' : 'day';
}

// ---- Book again ----

appointmentChangeRoutes.get('/c/:clientId/appointments/:appointmentId/book-again', async (c) => {
  const { l } = await loadChange(c, bookedState0(), 'who');
  const state = bookedState(l);
  if (!state.type) throw new HTTPException(404);
  const lines = state.pets.map((p) => ({ petId: p.petId, serviceId: p.serviceId, staffId: p.staffId, addOnIds: p.addOnIds }));
  return c.redirect(`/c/${l.profile.clientId}/book?${bookAgainQuery(state.type, lines)}`, 303);
});
