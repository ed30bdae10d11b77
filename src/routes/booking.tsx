/**
 * Online booking (SPEC §5): /c/:clientId/book walks through pets and visit → services → time →
 * notes → review as GET steps carrying their state in the URL, and POST /c/:clientId/book
 * sends the signed review to the booking lock. A step is one database batch; a submission is
 * one batch plus one booking-lock call (which writes in one batch). With online booking off,
 * every URL here answers 404.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import {
  appointmentForChangeStatements,
  bookingCatalogueStatements,
  claimsOverlappingStatement,
  staffBusyStatement,
  type BookingScope,
} from '../db/queries/booking';
import {
  addOnsForType,
  bookableTypes,
  bookingRules,
  planTiming,
  priceBooking,
  servicesOfType,
  staffName,
  staffSchedulesFor,
  validateUpTo,
  type BookingCatalogue,
  type CalendarLoad,
  type FieldErrors,
  type Timing,
} from '../domain/booking-flow';
import {
  bookingFields,
  bookingQuery,
  checkBookingForm,
  parseBookingState,
  previousStep,
  signBooking,
  stepOf,
  type BookingState,
  type BookingStep,
} from '../domain/booking-form';
import { boardingCalendar, daycareCalendar, groomingStartTimes } from '../domain/availability';
import { resourceCapacity } from '../domain/capacity';
import { newId, randomToken } from '../domain/ids';
import { addDays, formatDate, formatTime, localDateString, timeZoneLabel, zonedDateTimeToUtc } from '../domain/time';
import type { PlannedAppointment, ResourceNeed, SubmissionPlan } from '../domain/booking-plan';
import { bookingLockForBusiness } from '../durable-objects/stubs';
import { respond } from '../middleware/htmx';
import { headerFor, loadSignedIn, profileHome, requireProfile } from '../middleware/portal';
import type { ClientProfile, SessionContext } from '../db/queries/portal';
import { Page } from '../../templates/layouts/page';
import { Choices, DateField, ReviewSummary, SelectField, StepFrame, moment, type Option } from '../../templates/booking/steps';
import { FieldError } from '../../templates/components/field';
import { serviceTypeLabel } from '../../templates/appointments/labels';

export const bookingRoutes = new Hono<AppEnv>();

const DAY_MS = 86_400_000;
const CALENDAR_DAYS = 28;

/** The window of calendar load a step needs, in epoch ms (empty when it needs none). */
export function loadWindow(state: BookingState, step: BookingStep | 'submit', tz: string, now: number): { from: number; to: number } {
  const needsLoad = step === 'time' || step === 'review' || step === 'submit';
  if (!needsLoad || !state.type) return { from: 0, to: 0 };
  const day = (date: string) => zonedDateTimeToUtc(date, '00:00', tz);
  const today = localDateString(now, tz);
  if (state.type === 'grooming') {
    const date = state.start !== null ? localDateString(state.start, tz) : (state.date ?? today);
    return { from: day(date) - DAY_MS, to: day(addDays(date, 2)) };
  }
  if (step === 'time') return { from: day(today), to: day(addDays(today, CALENDAR_DAYS + 1)) };
  if (state.type === 'boarding' && state.checkIn && state.checkOut && state.checkIn < state.checkOut) {
    return { from: day(state.checkIn), to: day(addDays(state.checkOut, 1)) };
  }
  if (state.type === 'daycare' && state.days.length > 0) {
    return { from: day(state.days[0]!), to: day(addDays(state.days.at(-1)!, 1)) };
  }
  return { from: 0, to: 0 };
}

/** Everything a step needs, in one batch with the session. */
export async function loadBooking(
  c: Context<AppEnv>,
  state: BookingState,
  step: BookingStep | 'submit',
  timeZoneHint: string | null,
  changingAppointmentId: string | null = null,
) {
  const clientId = c.req.param('clientId')!;
  const db = c.get('db');
  const nowForWindow = Date.now();
  // The business's zone is only known after the read; the hint (from the URL) or UTC±1 day covers it.
  const window = loadWindow(state, step, timeZoneHint ?? 'UTC', nowForWindow);
  const padded = window.to > window.from ? { from: window.from - DAY_MS, to: window.to + DAY_MS } : window;
  const loaded = await loadSignedIn(c, (tokenHash, now) => {
    const scope: BookingScope = { clientId, tokenHash, now };
    return [
      ...bookingCatalogueStatements(db, scope),
      staffBusyStatement(db, scope, padded.from, padded.to),
      claimsOverlappingStatement(db, scope, padded.from, padded.to),
      ...appointmentForChangeStatements(db, scope, changingAppointmentId ?? ''),
    ] as const;
  });
  const profile = requireProfile(loaded.session, clientId);
  const [
    businessRows,
    petRows,
    serviceRows,
    addOnRows,
    staffRows,
    staffServiceRows,
    scheduleRows,
    hourRows,
    closedRows,
    windowRows,
    busyRows,
    claimRows,
    changingRows,
    changingPetLines,
    changingAddOns,
  ] = loaded.results;
  const business = businessRows[0];
  if (!business || !business.onlineBookingEnabled) throw new HTTPException(404);
  const catalogue: BookingCatalogue = {
    business,
    pets: petRows,
    services: serviceRows,
    addOns: addOnRows,
    staff: staffRows,
    staffServices: staffServiceRows,
    schedules: scheduleRows,
    hours: hourRows,
    closedDates: closedRows.map((r) => r.date),
    windows: windowRows,
  };
  const occupancy: Record<string, number> = {};
  const units: Record<string, number[]> = {};
  const ownClaims: { resource: string; unit: number }[] = [];
  for (const claim of claimRows) {
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
    busy: busyRows
      .filter((b) => b.appointmentId !== changingAppointmentId)
      .map((b) => ({ staffId: b.staffId!, startsAt: b.startsAt.getTime(), endsAt: b.endsAt.getTime() })),
    occupancy,
  };
  const changing = changingRows[0]
    ? { appointment: changingRows[0], petLines: changingPetLines, addOns: changingAddOns, ownClaims }
    : null;
  return { session: loaded.session, profile, catalogue, load, units, now: loaded.now, changing };
}

export type Loaded = Awaited<ReturnType<typeof loadBooking>>;

function bookPath(clientId: string) {
  return `/c/${clientId}/book`;
}

/** Hidden fields for every choice except the ones this step shows as inputs. */
function hiddenFor(state: BookingState, step: BookingStep): [string, string][] {
  const owned: Record<BookingStep, (name: string) => boolean> = {
    who: (n) => n === 'type' || n === 'pet',
    services: (n) => /^(service|addon|staff)\./.test(n),
    time: (n) => ['date', 'start', 'checkin', 'checkout', 'dropoff', 'pickup', 'day'].includes(n),
    notes: (n) => n === 'notes',
    review: () => false,
  };
  return bookingFields(state).filter(([name]) => !owned[step](name));
}

/**
 * Where a run of steps lives: the booking flow (all five steps at /c/:id/book), or the
 * reschedule flow (time → review at /c/:id/appointments/:id/reschedule, pets and services fixed).
 */
export interface Flow {
  title: string;
  path: string;
  firstStep: BookingStep;
  /** Where Back goes from the first step. */
  exitHref: string;
  /** Extra fields the review form posts (e.g. the appointment version). */
  extraHidden: [string, string][];
}

export function bookingFlow(clientId: string): Flow {
  return { title: 'Book a visit', path: bookPath(clientId), firstStep: 'who', exitHref: profileHome(clientId), extraHidden: [] };
}

function stepAfter(flow: Flow, step: BookingStep): BookingStep {
  if (flow.firstStep === 'time' && step === 'time') return 'review';
  const order: BookingStep[] = ['who', 'services', 'time', 'notes', 'review'];
  return order[Math.min(order.indexOf(step) + 1, order.length - 1)]!;
}

function stepBefore(flow: Flow, step: BookingStep): BookingStep | null {
  if (step === flow.firstStep) return null;
  if (flow.firstStep === 'time' && step === 'review') return 'time';
  return previousStep(step);
}

function backHref(flow: Flow, state: BookingState, step: BookingStep): string {
  const prev = stepBefore(flow, step);
  return prev ? `${flow.path}?${bookingQuery(state, { step: prev })}` : flow.exitHref;
}

export function visitLabel(state: BookingState, cat: BookingCatalogue): string {
  const names = state.pets.map((p) => cat.pets.find((x) => x.id === p.petId)?.name).filter(Boolean);
  return `${state.type ? serviceTypeLabel(state.type) : ''} for ${names.join(', ')}`;
}

export function whenLines(timing: Timing & { ok: true }, cat: BookingCatalogue): string[] {
  const { timeZone: tz, locale } = cat.business;
  if (timing.kind === 'grooming') {
    return timing.segments.map(
      (s) => `${cat.pets.find((p) => p.id === s.petId)?.name}: ${moment(s.startsAt, tz, locale)} with ${staffName(cat, s.staffId)}`,
    );
  }
  if (timing.kind === 'boarding') {
    return [
      `Check-in ${moment(timing.startsAt, tz, locale)}`,
      `Check-out ${moment(timing.endsAt, tz, locale)}`,
      `${timing.nights.length} night${timing.nights.length === 1 ? '' : 's'}`,
    ];
  }
  return timing.days.map((d) => moment(d.startsAt, tz, locale));
}

/** What the time step shows for each kind of visit. */
function timeInputs(state: BookingState, l: Loaded, errors: FieldErrors) {
  const cat = l.catalogue;
  const tz = cat.business.timeZone;
  const locale = cat.business.locale;
  const rules = bookingRules(cat);
  const today = localDateString(l.now, tz);
  const lastDay = addDays(today, cat.business.bookingHorizonDays);
  const windowOptions = (kind: 'drop_off' | 'pick_up', chosen: string | null): Option[] =>
    cat.windows
      .filter((w) => w.kind === kind)
      .map((w) => ({ value: w.starts, label: `${w.starts}–${w.ends}`, checked: w.starts === chosen }));
  if (state.type === 'grooming') {
    const date = state.date ?? (state.start !== null ? localDateString(state.start, tz) : addDays(today, 1));
    const first = state.pets[0]!;
    const minutes =
      (cat.services.find((s) => s.id === first.serviceId)?.durationMinutes ?? 30) +
      first.addOnIds.reduce((sum, id) => sum + (cat.addOns.find((a) => a.id === id)?.durationMinutes ?? 0), 0);
    const candidates = groomingStartTimes({
      rules,
      date,
      durationMinutes: minutes,
      staff: staffSchedulesFor(cat, first.serviceId!),
      preferredStaffId: first.staffId,
      busy: l.load.busy,
      now: l.now,
    });
    // Offer only starts at which every pet, one after another, has a free groomer.
    const slots = candidates.filter((slot) => planTiming({ ...state, start: slot.startsAt }, cat, l.load, l.now).ok);
    return (
      <>
        <DateField id="date" name="date" label="Date" value={date} min={today} max={lastDay} error={errors.date} />
        <button type="submit" name="step" value="time" class="secondary">
          Show times for this date
        </button>
        <Choices
          name="start"
          legend={`Start times on ${formatDate(zonedDateTimeToUtc(date, '12:00', tz), tz, locale)}`}
          type="radio"
          error={errors.start}
          options={slots.map((s) => ({
            value: String(s.startsAt),
            label: `${formatTime(s.startsAt, tz, locale)} ${timeZoneLabel(tz, s.startsAt, locale)}`,
            checked: s.startsAt === state.start,
          }))}
        />
      </>
    );
  }
  if (state.type === 'boarding') {
    const calendar = boardingCalendar({
      rules,
      from: today,
      days: CALENDAR_DAYS,
      capacityPerNight: cat.business.boardingNightlyCapacity,
      occupancy: Object.fromEntries(Object.entries(l.load.occupancy).filter(([k]) => k.startsWith('boarding:')).map(([k, v]) => [k.slice(9), v])),
      pets: state.pets.length,
      now: l.now,
    });
    const full = calendar.filter((d) => !d.nightAvailable && !d.closed).map((d) => d.date);
    return (
      <>
        <DateField id="checkin" name="checkin" label="Check-in date" value={state.checkIn} min={today} max={lastDay} error={errors.checkin} />
        <SelectField id="dropoff" name="dropoff" label="Drop-off time" options={windowOptions('drop_off', state.dropOff)} error={errors.dropoff} />
        <DateField id="checkout" name="checkout" label="Check-out date" value={state.checkOut} min={today} max={lastDay} error={errors.checkout} />
        <SelectField id="pickup" name="pickup" label="Pick-up time" options={windowOptions('pick_up', state.pickUp)} error={errors.pickup} />
        {full.length > 0 ? (
          <p class="muted small">Fully booked nights in the next four weeks: {full.join(', ')}.</p>
        ) : null}
      </>
    );
  }
  const calendar = daycareCalendar({
    rules,
    from: today,
    days: CALENDAR_DAYS,
    capacityPerDay: cat.business.daycareDailyCapacity,
    attendance: Object.fromEntries(Object.entries(l.load.occupancy).filter(([k]) => k.startsWith('daycare:')).map(([k, v]) => [k.slice(8), v])),
    pets: state.pets.length,
    now: l.now,
  });
  return (
    <>
      <Choices
        name="day"
        legend="Days"
        type="checkbox"
        error={errors.day}
        options={calendar
          .filter((d) => !d.closed)
          .map((d) => ({
            value: d.date,
            label: formatDate(zonedDateTimeToUtc(d.date, '12:00', tz), tz, locale),
            hint: d.bookable ? undefined : d.dayAvailable ? 'not bookable online' : 'full',
            checked: state.days.includes(d.date),
            disabled: !d.bookable && !state.days.includes(d.date),
          }))}
      />
      <SelectField id="dropoff" name="dropoff" label="Drop-off time" options={windowOptions('drop_off', state.dropOff)} error={errors.dropoff} />
      <SelectField id="pickup" name="pickup" label="Pick-up time" options={windowOptions('pick_up', state.pickUp)} error={errors.pickup} />
    </>
  );
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
  const clientId = l.profile.clientId;
  const cat = l.catalogue;
  const action = flow.path;
  const frame = { title: flow.title, action, backHref: backHref(flow, state, step), formError };
  let body;
  switch (step) {
    case 'who':
      body = (
        <StepFrame {...frame} stepNumber={1} step="who" hidden={hiddenFor(state, step)} submitLabel="Next" nextStep="services">
          <Choices
            name="type"
            legend="What would you like to book?"
            type="radio"
            error={errors.type}
            options={bookableTypes(cat).map((t) => ({ value: t, label: serviceTypeLabel(t), checked: state.type === t }))}
          />
          <Choices
            name="pet"
            legend="Which pets?"
            type="checkbox"
            error={errors.pet}
            options={cat.pets.map((p) => ({ value: p.id, label: p.name, hint: p.breed ?? undefined, checked: state.pets.some((x) => x.petId === p.id) }))}
          />
        </StepFrame>
      );
      break;
    case 'services': {
      const type = state.type!;
      body = (
        <StepFrame {...frame} stepNumber={2} step="services" hidden={hiddenFor(state, step)} submitLabel="Next" nextStep="time">
          {state.pets.map((pet) => {
            const name = cat.pets.find((p) => p.id === pet.petId)?.name ?? '';
            return (
              <div class="pet-choice">
                <h2>{name}</h2>
                <Choices
                  name={`service.${pet.petId}`}
                  legend={`Service for ${name}`}
                  type="radio"
                  error={errors[`service.${pet.petId}`]}
                  options={servicesOfType(cat, type).map((s) => ({
                    value: s.id,
                    label: s.name,
                    hint: formatPrice(s.priceMinor, cat),
                    checked: pet.serviceId === s.id,
                  }))}
                />
                <Choices
                  name={`addon.${pet.petId}`}
                  legend={`Add-ons for ${name} (optional)`}
                  type="checkbox"
                  error={errors[`addon.${pet.petId}`]}
                  options={addOnsForType(cat, type).map((a) => ({
                    value: a.id,
                    label: a.name,
                    hint: formatPrice(a.priceMinor, cat),
                    checked: pet.addOnIds.includes(a.id),
                  }))}
                />
                {type === 'grooming' ? (
                  <SelectField
                    id={`staff-${pet.petId}`}
                    name={`staff.${pet.petId}`}
                    label={`Groomer for ${name}`}
                    error={errors[`staff.${pet.petId}`]}
                    options={[
                      { value: '', label: 'Any groomer', checked: !pet.staffId },
                      ...cat.staff.map((s) => ({ value: s.id, label: `${s.firstName} ${s.lastName}`, checked: pet.staffId === s.id })),
                    ]}
                  />
                ) : null}
              </div>
            );
          })}
        </StepFrame>
      );
      break;
    }
    case 'time':
      body = (
        <StepFrame {...frame} stepNumber={3} step="time" hidden={hiddenFor(state, step)} submitLabel="Next" nextStep={stepAfter(flow, 'time')}>
          {timeInputs(state, l, errors)}
        </StepFrame>
      );
      break;
    case 'notes':
      body = (
        <StepFrame {...frame} stepNumber={4} step="notes" hidden={hiddenFor(state, step)} submitLabel="Review" nextStep="review">
          <div class={errors.notes ? 'field invalid' : 'field'}>
            <label for="notes">Notes for the business (optional)</label>
            <textarea id="notes" name="notes" rows={4} maxlength={1000} aria-describedby={errors.notes ? 'notes-error' : undefined}>
              {state.notes}
            </textarea>
            <FieldError id="notes" error={errors.notes} />
          </div>
        </StepFrame>
      );
      break;
    case 'review': {
      const timing = planTiming(state, cat, l.load, l.now);
      const availability = timing.ok ? 'open' : timing.reason === 'full' ? (cat.business.waitlistAllowed ? 'waitlist' : 'full') : 'full';
      const priced = timing.ok ? priceBooking(state, cat, timing) : fullPrice(state, cat);
      const key = randomToken(16);
      const issuedAt = Date.now();
      const signature = await signBooking(c.env.OTP_PEPPER, clientId, key, issuedAt, state);
      const hidden: [string, string][] = [
        ...bookingFields(state),
        ...flow.extraHidden,
        ['key', key],
        ['issued', String(issuedAt)],
        ['sig', signature],
      ];
      const summary = (
        <ReviewSummary
          timeZone={cat.business.timeZone}
          locale={cat.business.locale}
          currency={cat.business.currency}
          visitLabel={visitLabel(state, cat)}
          whenLines={timing.ok ? whenLines(timing, cat) : requestedWhen(state, cat)}
          lines={priced.lines}
          totalMinor={priced.totalMinor}
          depositMinor={priced.depositMinor}
          notes={state.notes}
          availability={availability}
        />
      );
      body =
        availability === 'full' ? (
          <StepFrame {...frame} stepNumber={5} hidden={hiddenFor(state, 'time')} submitLabel="Choose another time" nextStep="time">
            {summary}
          </StepFrame>
        ) : (
          <StepFrame {...frame} stepNumber={5} method="post" hidden={hidden} submitLabel="Send request">
            {summary}
          </StepFrame>
        );
      if (availability === 'full' && status === 200) status = 409;
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

function formatPrice(minor: number, cat: BookingCatalogue): string {
  return new Intl.NumberFormat(cat.business.locale, { style: 'currency', currency: cat.business.currency }).format(minor / 100);
}

/** Prices when the time is full (waitlist): the same lines, counted from the choices. */
function fullPrice(state: BookingState, cat: BookingCatalogue) {
  const nights =
    state.type === 'boarding' && state.checkIn && state.checkOut
      ? Math.max(1, Math.round((Date.parse(state.checkOut) - Date.parse(state.checkIn)) / DAY_MS))
      : 0;
  const pseudo: Timing & { ok: true } =
    state.type === 'boarding'
      ? { ok: true, kind: 'boarding', startsAt: 0, endsAt: 0, nights: Array.from({ length: nights }, (_, i) => String(i)), needs: [] }
      : state.type === 'daycare'
        ? { ok: true, kind: 'daycare', days: state.days.map((d) => ({ date: d, startsAt: 0, endsAt: 0, needs: [] })) }
        : { ok: true, kind: 'grooming', startsAt: 0, endsAt: 0, segments: [], needs: [] };
  return priceBooking(state, cat, pseudo);
}

function requestedWhen(state: BookingState, cat: BookingCatalogue): string[] {
  const { timeZone: tz, locale } = cat.business;
  if (state.type === 'grooming' && state.start !== null) return [moment(state.start, tz, locale)];
  if (state.type === 'boarding') return [`Check-in ${state.checkIn} ${state.dropOff ?? ''}`, `Check-out ${state.checkOut} ${state.pickUp ?? ''}`];
  return state.days;
}

bookingRoutes.get('/c/:clientId/book', async (c) => {
  const url = new URL(c.req.url);
  const state = parseBookingState(url.searchParams);
  const step = stepOf(url.searchParams.get('step'));
  const l = await loadBooking(c, state, step, null);
  const prev = previousStep(step);
  const check = prev ? validateUpTo(prev, state, l.catalogue, l.load, l.now) : { step: null, errors: {} };
  if (check.step) return renderStep(c, l, state, check.step, check.errors, 422);
  return renderStep(c, l, state, step, {}, 200);
});

/** Builds the lock's plan from a validated state and timing. */
function submissionPlan(l: Loaded, state: BookingState, timing: Timing & { ok: true } | null, key: string): SubmissionPlan {
  const cat = l.catalogue;
  const business = cat.business;
  const need = (resource: string, units: number): ResourceNeed => ({
    resource,
    units,
    capacity: resourceCapacity(resource, business),
    observedUnits: l.units[resource] ?? [],
  });
  const pets = (staffFor: (petId: string) => string | null) =>
    state.pets.map((pet) => ({
      appointmentPetId: newId('apet'),
      petId: pet.petId,
      services: [
        {
          id: newId('asvc'),
          itemId: pet.serviceId!,
          staffId: staffFor(pet.petId),
          priceMinor: cat.services.find((s) => s.id === pet.serviceId)!.priceMinor,
        },
      ],
      addOns: pet.addOnIds.map((id) => ({ id: newId('aadd'), itemId: id, staffId: null, priceMinor: cat.addOns.find((a) => a.id === id)!.priceMinor })),
    }));
  const petCount = state.pets.length;
  const appointments: PlannedAppointment[] = [];
  const priced = timing ? priceBooking(state, cat, timing) : null;
  const common = { serviceType: state.type!, notes: state.notes.trim() || null };
  if (state.type === 'grooming') {
    // A full grooming time has no free groomer: it is planned on the groomers asked for (or the
    // first who does the service), whose taken slots make the lock waitlist or refuse it.
    const segments =
      timing?.kind === 'grooming'
        ? timing.segments
        : sequentialSegments(state, cat);
    const needs = [...new Set(segments.flatMap((s) => slotKeys(s)))].map((r) => need(r, 1));
    appointments.push({
      id: newId('apt'),
      ...common,
      startsAt: segments[0]!.startsAt,
      endsAt: segments.at(-1)!.endsAt,
      depositRequiredMinor: priced?.depositMinor || null,
      pets: pets((petId) => (timing ? segments.find((s) => s.petId === petId)?.staffId ?? null : state.pets.find((p) => p.petId === petId)?.staffId ?? null)),
      needs,
    });
  } else if (state.type === 'boarding') {
    const stay = timing?.kind === 'boarding' ? timing : boardingStayTimes(state, cat);
    appointments.push({
      id: newId('apt'),
      ...common,
      startsAt: stay.startsAt,
      endsAt: stay.endsAt,
      depositRequiredMinor: priced?.depositMinor || null,
      pets: pets(() => null),
      needs: stay.needs.map((r) => need(r, petCount)),
    });
  } else {
    const days = timing?.kind === 'daycare' ? timing.days : daycareTimes(state, cat);
    const perDayDeposit = priced ? Math.round(priced.depositMinor / Math.max(1, days.length)) : 0;
    for (const day of days) {
      appointments.push({
        id: newId('apt'),
        ...common,
        startsAt: day.startsAt,
        endsAt: day.endsAt,
        depositRequiredMinor: perDayDeposit || null,
        pets: pets(() => null),
        needs: day.needs.map((r) => need(r, petCount)),
      });
    }
  }
  return {
    businessId: business.id,
    clientId: l.profile.clientId,
    idempotencyKey: key,
    submissionId: newId('sub'),
    now: l.now,
    waitlistAllowed: business.waitlistAllowed,
    appointments,
    notificationSummary: `${l.profile.firstName} ${l.profile.lastName} asked to book ${visitLabel(state, cat)}: ${requestedSummary(appointments, cat)}.`,
  };
}

function requestedSummary(appointments: PlannedAppointment[], cat: BookingCatalogue): string {
  const { timeZone: tz, locale } = cat.business;
  return appointments.map((a) => `${moment(a.startsAt, tz, locale)} to ${moment(a.endsAt, tz, locale)}`).join('; ');
}

export function slotKeys(segment: { staffId: string; startsAt: number; endsAt: number }): string[] {
  const keys: string[] = [];
  const grid = 15 * 60_000;
  for (let t = Math.floor(segment.startsAt / grid) * grid; t < segment.endsAt; t += grid) keys.push(`staff:${segment.staffId}:${t}`);
  return keys;
}

export function sequentialSegments(state: BookingState, cat: BookingCatalogue) {
  let at = state.start!;
  return state.pets.map((pet) => {
    const minutes =
      (cat.services.find((s) => s.id === pet.serviceId)?.durationMinutes ?? 0) +
      pet.addOnIds.reduce((sum, id) => sum + (cat.addOns.find((a) => a.id === id)?.durationMinutes ?? 0), 0);
    const staffId = pet.staffId ?? cat.staffServices.find((s) => s.serviceId === pet.serviceId)?.staffId ?? '';
    const segment = { petId: pet.petId, staffId, startsAt: at, endsAt: at + minutes * 60_000 };
    at = segment.endsAt;
    return segment;
  });
}

export function boardingStayTimes(state: BookingState, cat: BookingCatalogue) {
  const tz = cat.business.timeZone;
  const nights: string[] = [];
  for (let d = state.checkIn!; d < state.checkOut!; d = addDays(d, 1)) nights.push(d);
  return {
    startsAt: zonedDateTimeToUtc(state.checkIn!, state.dropOff!, tz),
    endsAt: zonedDateTimeToUtc(state.checkOut!, state.pickUp!, tz),
    needs: nights.map((n) => `boarding:${n}`),
  };
}

export function daycareTimes(state: BookingState, cat: BookingCatalogue) {
  const tz = cat.business.timeZone;
  return state.days.map((date) => ({
    date,
    startsAt: zonedDateTimeToUtc(date, state.dropOff!, tz),
    endsAt: zonedDateTimeToUtc(date, state.pickUp!, tz),
    needs: [`daycare:${date}`],
  }));
}

bookingRoutes.post('/c/:clientId/book', async (c) => {
  const form = new URLSearchParams((await c.req.text()).slice(0, 16_384));
  const state = parseBookingState(form);
  const l = await loadBooking(c, state, 'submit', null);
  const clientId = l.profile.clientId;
  const key = form.get('key') ?? '';
  const issuedAt = Number(form.get('issued'));
  const formCheck = /^[A-Za-z0-9_-]{16,64}$/.test(key) && Number.isFinite(issuedAt)
    ? await checkBookingForm(c.env.OTP_PEPPER, clientId, { key, issuedAt, signature: form.get('sig') ?? '' }, state, l.now)
    : ({ ok: false, reason: 'tampered' } as const);
  if (!formCheck.ok) {
    const message =
      formCheck.reason === 'expired'
        ? 'This booking form has expired. Check the details below and send it again.'
        : 'This booking form was changed or is out of date. Check the details below and send it again.';
    return renderStep(c, l, state, 'review', {}, 422, message);
  }
  const check = validateUpTo('review', state, l.catalogue, l.load, l.now);
  if (check.step) return renderStep(c, l, state, check.step, check.errors, 422);
  const timing = planTiming(state, l.catalogue, l.load, l.now);
  if (!timing.ok && timing.reason !== 'full') return renderStep(c, l, state, 'time', { [timing.field]: timing.message }, 422);

  const plan = submissionPlan(l, state, timing.ok ? timing : null, key);
  const outcome = await bookingLockForBusiness(c.env, l.catalogue.business.id).submit(plan);
  if (outcome.status === 'full') {
    return renderStep(c, l, state, 'time', { [state.type === 'grooming' ? 'start' : state.type === 'boarding' ? 'checkin' : 'day']: 'That time has just been fully booked. Choose another time.' }, 409);
  }
  const first = outcome.appointmentIds[0]!;
  return c.redirect(`${profileHome(clientId)}/${first}?booked=${outcome.status}`, 303);
});

/** "Book again": the booking flow prefilled with the same pets, services, add-ons and staff. */
export function bookAgainQuery(
  serviceType: string,
  lines: { petId: string; serviceId: string | null; staffId: string | null; addOnIds: string[] }[],
): string {
  const params = new URLSearchParams({ step: 'time', type: serviceType });
  for (const l of lines) params.append('pet', l.petId);
  for (const l of lines) {
    if (l.serviceId) params.append(`service.${l.petId}`, l.serviceId);
    for (const a of l.addOnIds) params.append(`addon.${l.petId}`, a);
    if (l.staffId) params.append(`staff.${l.petId}`, l.staffId);
  }
  return params.toString();
}

export type { ClientProfile, SessionContext };
