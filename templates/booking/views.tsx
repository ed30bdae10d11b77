/**
 * The booking steps' bodies, from ready-made view models (src/routes/booking-views.ts builds
 * them from the loaded page): no availability maths and no database here, only markup. Each
 * is rendered inside StepFrame, as a page or as the htmx fragment.
 */
import { Choices, DateField, ReviewSummary, SelectField, type Option, type ReviewProps } from './steps';
import { FieldError } from '../components/field';
import { t } from '../../src/i18n';

export interface WhoView {
  types: Option[];
  pets: Option[];
  errors: Record<string, string>;
}

export function WhoStep(v: WhoView) {
  return (
    <>
      <Choices name="type" legend={t('booking.who.type')} type="radio" error={v.errors.type} options={v.types} />
      <Choices name="pet" legend={t('booking.who.pets')} type="checkbox" error={v.errors.pet} options={v.pets} />
    </>
  );
}

export interface PetServicesView {
  petId: string;
  name: string;
  /** Grooming: several services in one visit (checkboxes); boarding and daycare: one. */
  several: boolean;
  services: Option[];
  addOns: Option[];
  /** Grooming only. */
  staff: Option[] | null;
  errors: { service?: string; addOn?: string; staff?: string };
}

export function ServicesStep(v: { pets: PetServicesView[]; carriedOver: boolean }) {
  return (
    <>
      {v.carriedOver ? (
        <p class="notice" role="status">
          {t('booking.services.carriedOver')}
        </p>
      ) : null}
      {v.pets.map((pet) => (
        <div class="pet-choice">
          <h2>{pet.name}</h2>
          <Choices
            name={`service.${pet.petId}`}
            legend={pet.several ? t('booking.services.several', { pet: pet.name }) : t('booking.services.one', { pet: pet.name })}
            type={pet.several ? 'checkbox' : 'radio'}
            error={pet.errors.service}
            options={pet.services}
          />
          <Choices
            name={`addon.${pet.petId}`}
            legend={t('booking.services.addOns', { pet: pet.name })}
            type="checkbox"
            error={pet.errors.addOn}
            options={pet.addOns}
          />
          {pet.staff ? (
            <SelectField
              id={`staff-${pet.petId}`}
              name={`staff.${pet.petId}`}
              label={t('booking.services.groomer', { pet: pet.name })}
              error={pet.errors.staff}
              options={pet.staff}
            />
          ) : null}
        </div>
      ))}
    </>
  );
}

export interface DateInput {
  value: string | null;
  min: string;
  max: string;
}

export interface DayCell {
  date: string;
  /** Day of the month, shown; `label` is the full date for screen readers. */
  day: number;
  label: string;
  checked: boolean;
  disabled: boolean;
  /** Why it cannot be chosen: "Closed: Thanksgiving", "full", "too soon". */
  note?: string;
  /** The business is closed that day: listed with its reason under the calendar. */
  closed?: boolean;
}

export interface MonthView {
  heading: string;
  /** Weeks, Monday first; null where the month has no day. */
  weeks: (DayCell | null)[][];
}

export type TimeView =
  | {
      kind: 'grooming';
      date: DateInput;
      /** htmx: re-render the times when the date changes. */
      dateHx: Record<string, string>;
      startsLegend: string;
      starts: Option[];
      errors: Record<string, string>;
    }
  | {
      kind: 'boarding';
      checkIn: DateInput;
      checkOut: DateInput;
      dropOff: Option[];
      pickUp: Option[];
      unavailable: string[];
      errors: Record<string, string>;
    }
  | { kind: 'daycare'; months: MonthView[]; weekdays: string[]; dropOff: Option[]; pickUp: Option[]; errors: Record<string, string> };

export function TimeStep(v: TimeView) {
  const e = v.errors;
  if (v.kind === 'grooming') {
    return (
      <>
        <DateField id="date" name="date" label={t('booking.time.date')} value={v.date.value} min={v.date.min} max={v.date.max} error={e.date} hx={v.dateHx} />
        <button type="submit" name="step" value="time" class="secondary">
          {t('booking.time.showTimes')}
        </button>
        <Choices name="start" legend={v.startsLegend} type="radio" error={e.start} options={v.starts} />
      </>
    );
  }
  if (v.kind === 'boarding') {
    return (
      <>
        <DateField
          id="checkin"
          name="checkin"
          label={t('booking.time.checkIn')}
          value={v.checkIn.value}
          min={v.checkIn.min}
          max={v.checkIn.max}
          error={e.checkin}
        />
        <SelectField id="dropoff" name="dropoff" label={t('booking.time.dropOff')} options={v.dropOff} error={e.dropoff} />
        <DateField
          id="checkout"
          name="checkout"
          label={t('booking.time.checkOut')}
          value={v.checkOut.value}
          min={v.checkOut.min}
          max={v.checkOut.max}
          error={e.checkout}
        />
        <SelectField id="pickup" name="pickup" label={t('booking.time.pickUp')} options={v.pickUp} error={e.pickup} />
        {v.unavailable.length > 0 ? <p class="muted small">{t('booking.time.unavailable', { days: v.unavailable.join('; ') })}</p> : null}
      </>
    );
  }
  return (
    <>
      <fieldset class={e.day ? 'choices invalid' : 'choices'} aria-describedby={e.day ? 'day-error' : undefined}>
        <legend>{t('booking.time.days')}</legend>
        <FieldError id="day" error={e.day} />
        {v.months.map((month) => (
          <table class="month">
            <caption>{month.heading}</caption>
            <thead>
              <tr>
                {v.weekdays.map((w) => (
                  <th scope="col" abbr={w}>
                    {w.slice(0, 2)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {month.weeks.map((week) => (
                <tr>
                  {week.map((cell) =>
                    cell ? (
                      <td class={cell.disabled ? 'off' : undefined}>
                        <label title={cell.note}>
                          <input type="checkbox" name="day" value={cell.date} checked={cell.checked} disabled={cell.disabled} />
                          <span aria-hidden="true">{cell.day}</span>
                          <span class="sr">
                            {cell.label}
                            {cell.note ? ` (${cell.note})` : ''}
                          </span>
                        </label>
                      </td>
                    ) : (
                      <td />
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        {v.months.flatMap((m) => m.weeks.flat()).some((c) => c?.closed) ? (
          <ul class="muted small closed-days">
            {v.months
              .flatMap((m) => m.weeks.flat())
              .filter((c): c is DayCell => !!c?.closed)
              .map((c) => (
                <li>
                  {c.label}: {c.note}
                </li>
              ))}
          </ul>
        ) : null}
      </fieldset>
      <SelectField id="dropoff" name="dropoff" label={t('booking.time.dropOff')} options={v.dropOff} error={e.dropoff} />
      <SelectField id="pickup" name="pickup" label={t('booking.time.pickUp')} options={v.pickUp} error={e.pickup} />
    </>
  );
}

export function NotesStep(v: { notes: string; error?: string; maxLength: number }) {
  return (
    <div class={v.error ? 'field invalid' : 'field'}>
      <label for="notes">{t('booking.notes.label')}</label>
      <textarea id="notes" name="notes" rows={4} maxlength={v.maxLength} aria-describedby={v.error ? 'notes-error' : undefined}>
        {v.notes}
      </textarea>
      <FieldError id="notes" error={v.error} />
    </div>
  );
}

export function ReviewStep(v: ReviewProps) {
  return <ReviewSummary {...v} />;
}
