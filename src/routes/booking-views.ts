/**
 * From a loaded booking page to what each step shows (templates/booking/views.tsx): options
 * with their prices and units, the times offered for a date, the daycare month calendar, the
 * review's lines. Availability is asked here, once, so the templates only lay out markup.
 */
import {
  addOnsForType,
  bookableTypes,
  bookingRules,
  planTiming,
  priceBooking,
  priceUnit,
  servicesOfType,
  staffName,
  staffExceptionsFor,
  staffSchedulesFor,
  petMinutes,
  MAX_NOTES_LENGTH,
  type BookingCatalogue,
  type BookingState,
  type CalendarLoad,
  type FieldErrors,
} from '../domain/booking';
import { boardingCalendar, daycareCalendar, groomingStartTimes } from '../domain/availability';
import { formatMoney } from '../domain/money';
import { addDays, formatClock, formatDate, formatMoment, formatTime, localDateString, timeZoneLabel, zonedDateTimeToUtc } from '../domain/time';
import { serviceTypeLabel } from '../../templates/appointments/labels';
import { t, viewLocale } from '../i18n';
import type { Option } from '../../templates/booking/steps';
import type { MonthView, PetServicesView, TimeView, WhoView } from '../../templates/booking/views';
import type { ReviewProps } from '../../templates/booking/steps';

/** What the views need of a loaded page. */
export interface ViewInput {
  catalogue: BookingCatalogue;
  load: CalendarLoad;
  now: number;
  /** Closed dates with the reason parents see. */
  closedReasons: Record<string, string | null>;
}

function price(minor: number, cat: BookingCatalogue): string {
  return formatMoney(minor, cat.business.currency, viewLocale(cat.business.locale));
}

export function whoView(state: BookingState, v: ViewInput, errors: FieldErrors): WhoView {
  const cat = v.catalogue;
  return {
    types: bookableTypes(cat).map((t) => ({ value: t, label: serviceTypeLabel(t), checked: state.type === t })),
    pets: cat.pets.map((p) => ({ value: p.id, label: p.name, hint: p.breed ?? undefined, checked: state.pets.some((x) => x.petId === p.id) })),
    errors,
  };
}

export function servicesView(state: BookingState, v: ViewInput, errors: FieldErrors): PetServicesView[] {
  const cat = v.catalogue;
  const type = state.type;
  if (!type) return [];
  const unit = priceUnit(type);
  return state.pets.map((pet) => ({
    petId: pet.petId,
    name: cat.pets.find((p) => p.id === pet.petId)?.name ?? '',
    several: type === 'grooming',
    services: servicesOfType(cat, type).map((s) => ({
      value: s.id,
      label: s.name,
      hint:
        unit === 'visit'
          ? price(s.priceMinor, cat)
          : t(unit === 'night' ? 'booking.services.perNight' : 'booking.services.perDay', { price: price(s.priceMinor, cat) }),
      checked: pet.serviceIds.includes(s.id),
    })),
    addOns: addOnsForType(cat, type).map((a) => ({ value: a.id, label: a.name, hint: price(a.priceMinor, cat), checked: pet.addOnIds.includes(a.id) })),
    staff:
      type === 'grooming'
        ? [
            { value: '', label: t('booking.services.anyGroomer'), checked: !pet.staffId },
            ...cat.staff.map((s) => ({ value: s.id, label: `${s.firstName} ${s.lastName}`, checked: pet.staffId === s.id })),
          ]
        : null,
    errors: { service: errors[`service.${pet.petId}`], addOn: errors[`addon.${pet.petId}`], staff: errors[`staff.${pet.petId}`] },
  }));
}

/** Drop-off or pick-up windows as options in the business's clock; the default is valid (first drop-off, last pick-up). */
/** Steps between the times offered when a business has no windows of a kind. */
const OPEN_TIME_STEP_MINUTES = 30;

/**
 * The drop-off or pick-up times a parent picks from: the business's windows of that kind, or —
 * when it has none ("any time within opening hours") — every half hour from the earliest opening
 * to the latest closing of `type`'s hours (the chosen day's own hours are checked on Next).
 */
function openTimes(cat: BookingCatalogue, kind: 'drop_off' | 'pick_up', type: 'boarding' | 'daycare'): string[] {
  const hours = cat.hours.filter((h) => !h.serviceType || h.serviceType === type);
  if (hours.length === 0) return [];
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const first = Math.min(...hours.map((h) => minutes(h.opens)));
  const last = Math.max(...hours.map((h) => minutes(h.closes)));
  const times: string[] = [];
  const from = kind === 'drop_off' ? first : first + OPEN_TIME_STEP_MINUTES;
  const to = kind === 'drop_off' ? last - OPEN_TIME_STEP_MINUTES : last;
  for (let m = from; m <= to; m += OPEN_TIME_STEP_MINUTES) {
    times.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return times;
}

function windowOptions(cat: BookingCatalogue, kind: 'drop_off' | 'pick_up', chosen: string | null, type: 'boarding' | 'daycare'): Option[] {
  const windows = cat.windows.filter((w) => w.kind === kind);
  if (windows.length === 0) {
    const times = openTimes(cat, kind, type);
    const selected = chosen && times.includes(chosen) ? chosen : kind === 'drop_off' ? times[0] : times.at(-1);
    const locale = viewLocale(cat.business.locale);
    return times.map((time) => ({ value: time, label: formatClock(time, locale), checked: time === selected }));
  }
  const fallback = kind === 'drop_off' ? windows[0]?.starts : windows.at(-1)?.starts;
  const selected = windows.some((w) => w.starts === chosen) ? chosen : fallback;
  const locale = viewLocale(cat.business.locale);
  return windows.map((w) => ({ value: w.starts, label: `${formatClock(w.starts, locale)}–${formatClock(w.ends, locale)}`, checked: w.starts === selected }));
}

/** The days the daycare calendar and the boarding notes cover: today to the booking horizon. */
export function calendarDays(cat: BookingCatalogue): number {
  return Math.max(1, Math.min(cat.business.bookingHorizonDays + 1, 120));
}

export function timeView(state: BookingState, v: ViewInput, errors: FieldErrors, timeStepHref: string): TimeView {
  const cat = v.catalogue;
  const tz = cat.business.timeZone;
  const locale = viewLocale(cat.business.locale);
  const rules = bookingRules(cat);
  const today = localDateString(v.now, tz);
  const lastDay = addDays(today, cat.business.bookingHorizonDays);
  if (state.type === 'grooming') {
    const date = state.date ?? (state.start !== null ? localDateString(state.start, tz) : addDays(today, 1));
    const first = state.pets[0];
    const candidates = first
      ? groomingStartTimes({
          rules,
          date,
          durationMinutes: Math.max(5, petMinutes(first, cat)),
          staff: staffSchedulesFor(cat, first.serviceIds),
          exceptions: staffExceptionsFor(cat, first.serviceIds),
          preferredStaffId: first.staffId,
          busy: v.load.busy,
          now: v.now,
        })
      : [];
    // Offer only starts at which every pet has a free groomer (side by side or one after another).
    const slots = candidates.filter((slot) => planTiming({ ...state, date, start: slot.startsAt }, cat, v.load, v.now).ok);
    return {
      kind: 'grooming',
      date: { value: date, min: today, max: lastDay },
      dateHx: {
        'hx-get': timeStepHref,
        'hx-trigger': 'change',
        'hx-include': 'closest form',
        'hx-target': '#booking',
        'hx-swap': 'outerHTML',
        'hx-push-url': 'true',
        'hx-vals': '{"step":"time"}',
      },
      startsLegend: t('booking.time.startsOn', { date: formatDate(zonedDateTimeToUtc(date, '12:00', tz), tz, locale) }),
      starts: slots.map((s) => ({
        value: String(s.startsAt),
        label: `${formatTime(s.startsAt, tz, locale)} ${timeZoneLabel(tz, s.startsAt, locale)}`,
        checked: s.startsAt === state.start,
      })),
      errors,
    };
  }
  if (state.type === 'boarding') {
    const calendar = boardingCalendar({
      rules,
      from: today,
      days: 28,
      capacityPerNight: cat.business.boardingNightlyCapacity,
      occupancy: prefixed(v.load.occupancy, 'boarding:'),
      pets: Math.max(1, state.pets.length),
      now: v.now,
    });
    const dayLabel = (d: string) => formatDate(zonedDateTimeToUtc(d, '12:00', tz), tz, locale, { weekday: 'short', day: 'numeric', month: 'short' });
    const unavailable = calendar
      .filter((d) => d.closed || !d.nightAvailable)
      .map((d) => {
        const reason = v.closedReasons[d.date];
        if (!d.closed) return t('booking.time.dayFull', { day: dayLabel(d.date) });
        return reason ? t('booking.time.dayClosedReason', { day: dayLabel(d.date), reason }) : t('booking.time.dayClosed', { day: dayLabel(d.date) });
      });
    return {
      kind: 'boarding',
      checkIn: { value: state.checkIn, min: today, max: lastDay },
      checkOut: { value: state.checkOut, min: today, max: lastDay },
      dropOff: windowOptions(cat, 'drop_off', state.dropOff, 'boarding'),
      pickUp: windowOptions(cat, 'pick_up', state.pickUp, 'boarding'),
      unavailable,
      errors,
    };
  }
  const calendar = daycareCalendar({
    rules,
    from: today,
    days: calendarDays(cat),
    capacityPerDay: cat.business.daycareDailyCapacity,
    attendance: prefixed(v.load.occupancy, 'daycare:'),
    pets: Math.max(1, state.pets.length),
    now: v.now,
  });
  const months: MonthView[] = [];
  for (const d of calendar) {
    const noon = zonedDateTimeToUtc(d.date, '12:00', tz);
    const heading = formatDate(noon, tz, locale, { month: 'long', year: 'numeric' });
    let month = months.at(-1);
    if (!month || month.heading !== heading) {
      month = { heading, weeks: [[]] };
      months.push(month);
      // Monday-first grid: pad the first week up to this weekday.
      const weekday = (new Date(`${d.date}T12:00:00Z`).getUTCDay() + 6) % 7;
      for (let i = 0; i < weekday; i++) month.weeks[0]!.push(null);
    }
    let week = month.weeks.at(-1)!;
    if (week.length === 7) {
      week = [];
      month.weeks.push(week);
    }
    const chosen = state.days.includes(d.date);
    const reason = v.closedReasons[d.date];
    const note = d.closed
      ? reason
        ? t('booking.time.closedReason', { reason })
        : t('booking.time.closed')
      : d.bookable
        ? undefined
        : d.dayAvailable
          ? t('booking.time.notOnline')
          : t('booking.time.full');
    week.push({
      date: d.date,
      day: Number(d.date.slice(8)),
      label: formatDate(noon, tz, locale, { weekday: 'long', day: 'numeric', month: 'long' }),
      checked: chosen,
      disabled: !d.bookable && !chosen,
      note,
      closed: d.closed,
    });
  }
  for (const m of months) {
    const last = m.weeks.at(-1)!;
    while (last.length < 7) last.push(null);
  }
  const monday = Date.UTC(2024, 0, 1, 12);
  const weekdays = Array.from({ length: 7 }, (_, i) => formatDate(monday + i * 86_400_000, 'UTC', locale, { weekday: 'long' }));
  return {
    kind: 'daycare',
    months,
    weekdays,
    dropOff: windowOptions(cat, 'drop_off', state.dropOff, 'daycare'),
    pickUp: windowOptions(cat, 'pick_up', state.pickUp, 'daycare'),
    errors,
  };
}

function prefixed(occupancy: Record<string, number>, prefix: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(occupancy)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, n]) => [k.slice(prefix.length), n]),
  );
}

/** "Grooming for Rex, Lulu", in the reader's language (see `inEnglish` in src/i18n for the business's words). */
export function visitLabel(state: Pick<BookingState, 'type' | 'pets'>, cat: Pick<BookingCatalogue, 'pets'>): string {
  const names = state.pets.map((p) => cat.pets.find((x) => x.id === p.petId)?.name).filter(Boolean);
  return t('booking.review.visitLabel', { type: state.type ? serviceTypeLabel(state.type) : '', pets: names.join(', ') });
}

/** "When" lines of the review: per pet for grooming, check-in/out for a stay, each day for daycare. */
export function whenLines(state: BookingState, v: ViewInput): string[] {
  const cat = v.catalogue;
  const tz = cat.business.timeZone;
  const locale = viewLocale(cat.business.locale);
  const timing = planTiming(state, cat, v.load, v.now);
  if (timing.ok && timing.kind === 'grooming') {
    return timing.segments.map((s) =>
      t('booking.review.groomingWhen', {
        pet: String(cat.pets.find((p) => p.id === s.petId)?.name),
        when: formatMoment(s.startsAt, tz, locale),
        groomer: String(staffName(cat, s.staffId)),
      }),
    );
  }
  if (timing.ok && timing.kind === 'boarding') {
    return [
      t('booking.review.checkIn', { when: formatMoment(timing.startsAt, tz, locale) }),
      t('booking.review.checkOut', { when: formatMoment(timing.endsAt, tz, locale) }),
      t('booking.review.nights', { count: timing.nights.length }),
    ];
  }
  if (timing.ok && timing.kind === 'daycare') return timing.days.map((d) => formatMoment(d.startsAt, tz, locale));
  if (state.type === 'grooming' && state.start !== null) return [formatMoment(state.start, tz, locale)];
  const at = (date: string | null, time: string | null) => (date && time ? formatMoment(zonedDateTimeToUtc(date, time, tz), tz, locale) : '');
  if (state.type === 'boarding') {
    return [t('booking.review.checkIn', { when: at(state.checkIn, state.dropOff) }), t('booking.review.checkOut', { when: at(state.checkOut, state.pickUp) })];
  }
  return state.days.map((d) => at(d, state.dropOff));
}

export function reviewView(state: BookingState, v: ViewInput, availability: ReviewProps['availability']): ReviewProps {
  const cat = v.catalogue;
  const priced = priceBooking(state, cat);
  return {
    timeZone: cat.business.timeZone,
    locale: cat.business.locale,
    currency: cat.business.currency,
    visitLabel: visitLabel(state, cat),
    whenLines: whenLines(state, v),
    lines: priced.lines,
    totalMinor: priced.totalMinor,
    depositMinor: priced.depositMinor,
    notes: state.notes,
    availability,
  };
}

export const NOTES_MAX = MAX_NOTES_LENGTH;
