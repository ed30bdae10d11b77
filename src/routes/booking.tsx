/**
 * Online booking (SPEC §5): /c/:clientId/book walks through pets and visit → services → time →
 * notes → review as GET steps carrying their state in the URL, and POST /c/:clientId/book
 * sends the signed review to the booking lock. Each handler is parse → load (one batch) →
 * check and plan (src/domain/booking) → lock (one call) → render (templates/booking, from
 * the view models of booking-views.ts). With online booking off, every URL here answers 404.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../app-env';
import {
  appointmentForChangeStatements,
  bookingCatalogueStatements,
  claimsOverlappingStatement,
  petVisitsOverlappingStatement,
  staffBusyStatement,
  type BookingScope,
} from '../db/queries/booking';
import {
  BOOKING_STEPS,
  MAX_NOTES_LENGTH,
  bookingFields,
  bookingQuery,
  checkBooking,
  checkBookingForm,
  fullWords,
  parseBookingState,
  planSubmission,
  reviewKey,
  signBooking,
  stepAfter,
  stepBefore,
  stepNumber,
  stepOf,
  stepLabel,
  stepSpec,
  timeField,
  validateUpTo,
  type BookingCatalogue,
  type BookingState,
  type BookingStep,
  type CalendarLoad,
  type FieldErrors,
  type FlowSteps,
  type ValidBooking,
  type VisitTimes,
} from '../domain/booking';
import { randomToken } from '../domain/ids';
import { addDays, formatDateTimeRange, formatMoment, localDateString, timeZoneLabel, zonedDateTimeToUtc } from '../domain/time';
import { newRequestEmail } from '../domain/new-request-email';
import type { StaffRequestEmail, SubmissionPlan } from '../domain/booking-plan';
import { deliveryModeFor, type DeliveryMode } from '../messaging/delivery';
import { publicOrigin } from '../messaging/public-host';
import { serviceTypeLabel } from '../../templates/appointments/labels';
import { bookingLockForBusiness } from '../durable-objects/stubs';
import { agreementsToSignStatement } from '../db/queries/agreements';
import { respond } from '../middleware/htmx';
import { headerFor, loadSignedInNamed, profileHome, requireProfile } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { StepFrame } from '../../templates/booking/steps';
import { NotesStep, ReviewStep, ServicesStep, TimeStep, WhoStep } from '../../templates/booking/views';
import { reviewView, servicesView, timeView, visitLabel, whoView, type ViewInput } from './booking-views';
import { inEnglish, t, tx } from '../i18n';

export const bookingRoutes = new Hono<AppEnv>();

const DAY_MS = 86_400_000;

/** The window of calendar load a step needs, in epoch ms (empty when it needs none). */
export function loadWindow(state: BookingState, step: BookingStep | 'submit', tz: string, now: number, horizonDays = 120): { from: number; to: number } {
  const needsLoad = step === 'time' || step === 'notes' || step === 'review' || step === 'submit';
  if (!needsLoad || !state.type) return { from: 0, to: 0 };
  const day = (date: string) => zonedDateTimeToUtc(date, '00:00', tz);
  const today = localDateString(now, tz);
  if (state.type === 'grooming') {
    const date = state.start !== null ? localDateString(state.start, tz) : (state.date ?? addDays(today, 1));
    return { from: day(date) - DAY_MS, to: day(addDays(date, 2)) };
  }
  if (step === 'time') return { from: day(today), to: day(addDays(today, horizonDays + 2)) };
  if (state.type === 'boarding' && state.checkIn && state.checkOut && state.checkIn < state.checkOut) {
    return { from: day(state.checkIn), to: day(addDays(state.checkOut, 1)) };
  }
  if (state.type === 'daycare' && state.days.length > 0) {
    return { from: day(state.days[0]!), to: day(addDays(state.days.at(-1)!, 1)) };
  }
  return { from: 0, to: 0 };
}

/**
 * Everything a step needs, in one batch with the session; named results. `ownKey` is the
 * review's idempotency key: appointments a submission with that key already made are left out
 * of the calendar, so Back to a review already sent (a refresh, a retry) shows it as it was —
 * its places free, no overlap with itself — and sending it again reaches the lock, which
 * answers with the first request.
 */
export async function loadBooking(
  c: Context<AppEnv>,
  state: BookingState,
  step: BookingStep | 'submit',
  changingAppointmentId: string | null = null,
  ownKey: string | null = null,
) {
  const clientId = c.req.param('clientId')!;
  const db = c.get('db');
  // The business's zone and horizon are only known after the read: a day either side covers
  // any zone, and the daycare calendar's window is the longest horizon we show (120 days).
  const window = loadWindow(state, step, 'UTC', Date.now());
  const padded = window.to > window.from ? { from: window.from - DAY_MS, to: window.to + DAY_MS } : window;
  const loaded = await loadSignedInNamed(c, (tokenHash, now) => {
    const scope: BookingScope = { clientId, tokenHash, now };
    return {
      ...bookingCatalogueStatements(db, scope),
      busy: staffBusyStatement(db, scope, padded.from, padded.to),
      claims: claimsOverlappingStatement(db, scope, padded.from, padded.to),
      petVisits: petVisitsOverlappingStatement(db, scope, padded.from, padded.to),
      toSign: agreementsToSignStatement(db, { ...scope, bookingType: state.type }),
      ...(changingAppointmentId ? appointmentForChangeStatements(db, scope, changingAppointmentId) : {}),
    };
  });
  const profile = requireProfile(loaded.session, clientId);
  const r = loaded.results;
  const business = r.business[0];
  if (!business?.onlineBookingEnabled) throw new HTTPException(404);
  const catalogue: BookingCatalogue = {
    business,
    pets: r.pets,
    vaccinations: r.vaccinations,
    services: r.services,
    addOns: r.addOns,
    staff: r.staff,
    staffServices: r.staffServices,
    schedules: r.schedules,
    exceptions: r.exceptions,
    hours: r.hours,
    closedDates: r.closedDates.map((d) => d.date),
    windows: r.windows,
  };
  const ownRequest = new Set(r.petVisits.filter((v) => ownKey !== null && v.submissionKey === ownKey).map((v) => v.appointmentId));
  const occupancy: Record<string, number> = {};
  const units: Record<string, number[]> = {};
  const ownClaims: { resource: string; unit: number }[] = [];
  for (const claim of r.claims) {
    if (ownRequest.has(claim.appointmentId)) continue;
    // The appointment being rescheduled does not compete with itself; the lock is told which
    // units are its own so it can reuse them for the new time.
    if (claim.appointmentId === changingAppointmentId) {
      ownClaims.push({ resource: claim.resource, unit: claim.unit });
      continue;
    }
    occupancy[claim.resource] = (occupancy[claim.resource] ?? 0) + 1;
    (units[claim.resource] ??= []).push(claim.unit);
  }
  const load: CalendarLoad = {
    busy: r.busy
      .filter((b) => b.appointmentId !== changingAppointmentId && !ownRequest.has(b.appointmentId) && b.staffId !== null)
      .map((b) => ({ staffId: b.staffId ?? '', startsAt: b.startsAt.getTime(), endsAt: b.endsAt.getTime() })),
    occupancy,
    petVisits: r.petVisits
      .filter((v) => v.appointmentId !== changingAppointmentId && !ownRequest.has(v.appointmentId))
      .map((v) => ({ ...v, startsAt: v.startsAt.getTime(), endsAt: v.endsAt.getTime() })),
  };
  const changingRows = 'changingAppointment' in r ? (r as unknown as ChangingRows) : null;
  const appointment = changingRows?.changingAppointment[0];
  const changing =
    changingRows && appointment ? { appointment, petLines: changingRows.changingPetLines, addOns: changingRows.changingAddOns, ownClaims } : null;
  const closedReasons = Object.fromEntries(r.closedDates.map((d) => [d.date, d.reason]));
  // Agreements to sign before booking online: each that blocks booking, or all when the business asks (booking rules).
  const mustSignFirst = r.toSign.filter((a) => business.agreementsBeforeBooking || a.blocksBooking).map((a) => ({ id: a.agreementId, title: a.title }));
  return { session: loaded.session, profile, catalogue, load, units, now: loaded.now, changing, closedReasons, mustSignFirst };
}

type ChangingRows = { [K in keyof ReturnType<typeof appointmentForChangeStatements>]: Awaited<ReturnType<typeof appointmentForChangeStatements>[K]> };

export type Loaded = Awaited<ReturnType<typeof loadBooking>>;

/**
 * Where a run of steps lives: the booking flow (all five steps at /c/:id/book), or the
 * reschedule flow (time → review at /c/:id/appointments/:id/reschedule, pets and services fixed).
 */
export interface Flow {
  title: string;
  path: string;
  steps: FlowSteps;
  /** Where Back goes from the first step. */
  exitHref: string;
  /** Extra fields the review form posts (e.g. the appointment version). */
  extraHidden: [string, string][];
  /** What the review's button says. */
  sendLabel: string;
  /** What the review's idempotency key is scoped to besides the choices. */
  keyScope: (state: BookingState) => string;
}

export function bookingFlow(clientId: string): Flow {
  return {
    title: t('booking.flow.title'),
    path: `/c/${clientId}/book`,
    steps: BOOKING_STEPS,
    exitHref: profileHome(clientId),
    extraHidden: [],
    sendLabel: t('booking.flow.send'),
    keyScope: (state) => `draft:${state.draft ?? ''}`,
  };
}

function backHref(flow: Flow, state: BookingState, step: BookingStep): string {
  const prev = stepBefore(flow.steps, step);
  return prev ? `${flow.path}?${bookingQuery(state, { step: prev })}` : flow.exitHref;
}

function viewInput(l: Loaded): ViewInput {
  return { catalogue: l.catalogue, load: l.load, now: l.now, closedReasons: l.closedReasons };
}

/** Renders `step` of the flow (with errors, or a form-level message) as a page or the fragment. */
export async function renderStep(
  c: Context<AppEnv>,
  l: Loaded,
  state: BookingState,
  step: BookingStep,
  errors: FieldErrors,
  status: 200 | 409 | 422,
  formError?: string,
  flow: Flow = bookingFlow(l.profile.clientId),
) {
  const v = viewInput(l);
  const hidden = bookingFields(state).filter(([name]) => !stepSpec(step).owns(name));
  const frame = {
    title: flow.title,
    action: flow.path,
    backHref: backHref(flow, state, step),
    formError,
    stepNumber: flow.steps.indexOf(step) + 1 || stepNumber(step),
    stepCount: flow.steps.length,
    stepLabel: stepLabel(step),
  };
  const next = stepAfter(flow.steps, step);
  let body: Child;
  switch (step) {
    case 'who':
      body = (
        <StepFrame {...frame} step="who" hidden={hidden} submitLabel={t('booking.next')} nextStep={next}>
          <WhoStep {...whoView(state, v, errors)} />
        </StepFrame>
      );
      break;
    case 'services':
      body = (
        <StepFrame {...frame} step="services" hidden={hidden} submitLabel={t('booking.next')} nextStep={next}>
          <ServicesStep pets={servicesView(state, v, errors)} carriedOver={c.req.query('again') === '1'} />
        </StepFrame>
      );
      break;
    case 'time':
      body = (
        <StepFrame {...frame} step="time" hidden={hidden} submitLabel={t('booking.next')} nextStep={next}>
          <TimeStep {...timeView(state, v, errors, flow.path)} />
        </StepFrame>
      );
      break;
    case 'notes':
      body = (
        <StepFrame {...frame} step="notes" hidden={hidden} submitLabel={t('booking.toReview')} nextStep={next}>
          <NotesStep notes={state.notes} error={errors.notes} maxLength={MAX_NOTES_LENGTH} />
        </StepFrame>
      );
      break;
    case 'review': {
      const check = checkBooking(state, l.catalogue, l.load, l.now);
      const availability = check.ok && check.hasRoom ? 'open' : l.catalogue.business.waitlistAllowed ? 'waitlist' : 'full';
      const summary = <ReviewStep {...reviewView(state, v, availability)} />;
      if (availability === 'full') {
        body = (
          <StepFrame
            {...frame}
            hidden={bookingFields(state).filter(([n]) => !stepSpec('time').owns(n))}
            submitLabel={t('booking.chooseAnotherTime')}
            nextStep="time"
          >
            {summary}
          </StepFrame>
        );
        if (status === 200) status = 409;
      } else {
        // The key depends only on the client, the draft (or the appointment moved) and the
        // choices: every re-render of this review posts the same key (SPEC §5).
        const key = await reviewKey(c.env.OTP_PEPPER, l.profile.clientId, flow.keyScope(state), state);
        const issuedAt = Date.now();
        const signature = await signBooking(c.env.OTP_PEPPER, l.profile.clientId, key, issuedAt, state);
        const signed: [string, string][] = [...bookingFields(state), ...flow.extraHidden, ['key', key], ['issued', String(issuedAt)], ['sig', signature]];
        body = (
          <StepFrame {...frame} method="post" hidden={signed} submitLabel={flow.sendLabel}>
            {summary}
          </StepFrame>
        );
      }
      break;
    }
  }
  return respond(
    c,
    {
      page: () => (
        <Page title={flow.title} header={headerFor(l.session, l.profile)}>
          {body}
        </Page>
      ),
      fragment: () => body,
    },
    status,
  );
}

/** Reads a posted review: the choices, and whether its signed key is ours, for them, and fresh. */
export async function readSignedReview(c: Context<AppEnv>, clientId: string, form: URLSearchParams, state: BookingState, now: number) {
  const key = form.get('key') ?? '';
  const issuedAt = Number(form.get('issued'));
  const check =
    /^[A-Za-z0-9_-]{16,64}$/.test(key) && Number.isFinite(issuedAt)
      ? await checkBookingForm(c.env.OTP_PEPPER, clientId, { key, issuedAt, signature: form.get('sig') ?? '' }, state, now)
      : ({ ok: false, reason: 'tampered' } as const);
  return { key, check };
}

/** A posted form as URLSearchParams (repeated fields kept), through Hono's parser. */
export async function postedForm(c: Context<AppEnv>): Promise<URLSearchParams> {
  const body = await c.req.parseBody({ all: true });
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') params.append(name, v.slice(0, 4096));
  }
  return params;
}

/** Who, what, when — the business's notification of a new request. */
export function requestedSummary(l: Loaded, state: BookingState, times: VisitTimes): string {
  const { timeZone: tz, locale } = l.catalogue.business;
  const spans = times.kind === 'daycare' ? times.days : [times];
  const when = spans.map((a) => `${formatMoment(a.startsAt, tz, locale)} to ${formatMoment(a.endsAt, tz, locale)}`).join('; ');
  return `${l.profile.firstName} ${l.profile.lastName} asked to book ${inEnglish(() => visitLabel(state, l.catalogue))}: ${when}.`;
}

/**
 * The "Email me new requests" email of this request (queued with it, one per opted-in staff
 * member, by the lock's batch), or undefined when this environment cannot send email or build
 * the console link — the parent's request never fails for it; the reason is logged.
 */
function staffRequestEmail(c: Context<AppEnv>, l: Loaded, plan: SubmissionPlan, booking: ValidBooking, times: VisitTimes): StaffRequestEmail | undefined {
  const cat = l.catalogue;
  const { timeZone: tz, locale } = cat.business;
  let mode: DeliveryMode;
  let origin: string;
  try {
    mode = deliveryModeFor(c.env, c.get('db'), 'email');
    origin = publicOrigin(c.env, c.req.url);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'new-request email not queued', requestId: c.get('requestId'), error: String(error) }));
    return undefined;
  }
  const nameOf = (list: { id: string; name: string }[], id: string) => list.find((x) => x.id === id)?.name ?? '';
  const groomer = (petId: string) => {
    if (times.kind !== 'grooming') return null;
    const staffId = times.segments.find((seg) => seg.petId === petId)?.staffId;
    const person = cat.staff.find((st) => st.id === staffId);
    return person ? `${person.firstName} ${person.lastName}` : null;
  };
  const spans = times.kind === 'daycare' ? times.days : [times];
  const first = plan.appointments[0]?.id ?? '';
  const words = inEnglish(() =>
    newRequestEmail({
      businessName: cat.business.name,
      clientName: `${l.profile.firstName} ${l.profile.lastName}`,
      kind: serviceTypeLabel(booking.type),
      pets: booking.pets.map((pet) => {
        const who = groomer(pet.petId);
        return {
          name: nameOf(cat.pets, pet.petId),
          services: pet.serviceIds.map((id) => `${nameOf(cat.services, id)}${who ? ` (${who}${pet.staffId ? ', asked for' : ''})` : ''}`),
          addOns: pet.addOnIds.map((id) => nameOf(cat.addOns, id)),
        };
      }),
      when: spans.map((a) => `${formatDateTimeRange(a.startsAt, a.endsAt, tz, locale)} ${timeZoneLabel(tz, a.startsAt, locale)}`),
      notes: booking.notes || null,
      link: `${origin}/manage/${cat.business.id}/inbox#request-${first}`,
    }),
  );
  return { ...words, provider: mode.provider, immediate: mode.immediate };
}

/** The business wants its agreements signed before online booking: which ones, each a link to sign it. */
function signFirstPage(c: Context<AppEnv>, l: Loaded, status: 200 | 409) {
  const base = `/c/${l.profile.clientId}/agreements`;
  const body = () => (
    <section aria-labelledby="sign-first-heading">
      <h1 id="sign-first-heading">{t('booking.signFirst.title')}</h1>
      <p>{t('booking.signFirst.body', { business: l.catalogue.business.name, count: l.mustSignFirst.length })}</p>
      <ul>
        {l.mustSignFirst.map((a) => (
          <li>
            <a href={`${base}/${a.id}`}>{t('booking.signFirst.sign', { title: a.title })}</a>
          </li>
        ))}
      </ul>
      <p>{tx('booking.signFirst.then', { link: <a href={`/c/${l.profile.clientId}/book`}>{t('booking.flow.title')}</a> })}</p>
    </section>
  );
  return respond(
    c,
    {
      page: () => (
        <Page title={t('booking.signFirst.title')} header={headerFor(l.session, l.profile)}>
          {body()}
        </Page>
      ),
      fragment: body,
    },
    status,
  );
}

bookingRoutes.get('/c/:clientId/book', async (c) => {
  const url = new URL(c.req.url);
  const parsed = parseBookingState(url.searchParams);
  // A new run of the form gets its draft id at its first step; it rides along to the review.
  const state = parsed.draft ? parsed : { ...parsed, draft: randomToken(16) };
  const step = stepOf(url.searchParams.get('step'));
  const clientId = c.req.param('clientId');
  // Back to a review already sent shows it again (its key, so "Send" lands on the first request), not "already booked".
  const key = await reviewKey(c.env.OTP_PEPPER, clientId, bookingFlow(clientId).keyScope(state), state);
  const l = await loadBooking(c, state, step, null, key);
  if (l.mustSignFirst.length > 0) return signFirstPage(c, l, 200);
  const prev = stepBefore(BOOKING_STEPS, step);
  const check = prev ? validateUpTo(prev, state, l.catalogue, l.load, l.now) : { step: null, errors: {} };
  if (check.step) return renderStep(c, l, state, check.step, check.errors, 422);
  return renderStep(c, l, state, step, {}, 200);
});

bookingRoutes.post('/c/:clientId/book', async (c) => {
  const form = await postedForm(c);
  const state = parseBookingState(form);
  const l = await loadBooking(c, state, 'submit', null, form.get('key'));
  if (l.mustSignFirst.length > 0) return signFirstPage(c, l, 409);
  const clientId = l.profile.clientId;
  const review = await readSignedReview(c, clientId, form, state, l.now);
  const checked = checkBooking(state, l.catalogue, l.load, l.now);
  // Choices that do not pass (whether signed or not) go back to their step first.
  if (!checked.ok) return renderStep(c, l, state, checked.step, checked.errors, 422);
  if (!review.check.ok) {
    const message = review.check.reason === 'expired' ? t('booking.review.expired') : t('booking.review.tampered');
    return renderStep(c, l, state, 'review', {}, 422, message);
  }
  const plan = planSubmission({
    booking: checked.booking,
    times: checked.times,
    catalogue: l.catalogue,
    units: l.units,
    clientId,
    idempotencyKey: review.key,
    now: l.now,
    vaccinationRecordNeeded: checked.vaccinationRecordNeeded,
    notificationSummary: requestedSummary(l, state, checked.times),
  });
  const staffEmail = staffRequestEmail(c, l, plan, checked.booking, checked.times);
  if (staffEmail) plan.staffEmail = staffEmail;
  const outcome = await bookingLockForBusiness(c.env, l.catalogue.business.id).submit(plan);
  if (outcome.status === 'full') {
    return renderStep(c, l, state, 'time', { [timeField(state.type)]: fullWords(outcome.fullResources, l.catalogue, state.type) }, 409);
  }
  const first = outcome.appointmentIds[0];
  if (!first) throw new Error('booking lock answered without an appointment');
  return c.redirect(`${profileHome(clientId)}/${first}?booked=${outcome.status}`, 303);
});

/** "Book again": the booking flow prefilled with the same pets, services, add-ons and staff, opened at Services. */
export function bookAgainQuery(serviceType: string, lines: { petId: string; serviceIds: string[]; staffId: string | null; addOnIds: string[] }[]): string {
  const params = new URLSearchParams({ step: 'services', again: '1', draft: randomToken(16), type: serviceType });
  for (const l of lines) params.append('pet', l.petId);
  for (const l of lines) {
    for (const s of l.serviceIds) params.append(`service.${l.petId}`, s);
    for (const a of l.addOnIds) params.append(`addon.${l.petId}`, a);
    if (l.staffId) params.append(`staff.${l.petId}`, l.staffId);
  }
  return params.toString();
}
