/**
 * The booking flow's steps. Each step is one <section id="booking"> holding a GET form whose
 * hidden fields carry every earlier choice (the state lives in the URL), so a step works
 * without JavaScript and Back keeps choices; with htmx the form swaps just this section and
 * pushes the URL. The review step posts, signed, to create the request.
 */
import type { Child } from 'hono/jsx';
import { formatMoney } from '../../src/domain/money';
import type { PriceLine } from '../../src/domain/booking/rules';
import { Field, FieldError } from '../components/field';
import { t, viewLocale } from '../../src/i18n';

export interface StepFrameProps {
  title: string;
  /** "Step 3 of 5: Time" */
  stepNumber: number;
  stepCount: number;
  stepLabel: string;
  /** This step's name: static/app-*.js records the choices under it before moving on. */
  step?: string;
  action: string;
  method?: 'get' | 'post';
  hidden: [string, string][];
  backHref?: string | null;
  submitLabel: string;
  /** `step` value sent by the main button (GET steps). */
  nextStep?: string;
  formError?: string;
  children: Child;
}

function swapAttrs(href: string) {
  return { 'hx-get': href, 'hx-target': '#booking', 'hx-swap': 'outerHTML', 'hx-push-url': 'true' };
}

export function StepFrame(p: StepFrameProps) {
  const get = (p.method ?? 'get') === 'get';
  return (
    <section id="booking" aria-labelledby="booking-heading">
      <h1 id="booking-heading">{p.title}</h1>
      <p class="muted">{t('booking.stepOf', { number: p.stepNumber, count: p.stepCount, label: p.stepLabel })}</p>
      {p.formError ? (
        <p class="error" role="alert">
          {p.formError}
        </p>
      ) : null}
      <form method={get ? 'get' : 'post'} action={p.action} data-step={get ? p.step : undefined} {...(get ? swapAttrs(p.action) : {})}>
        {p.hidden.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {p.children}
        <div class="actions">
          <button type="submit" name={get ? 'step' : undefined} value={get ? p.nextStep : undefined}>
            {p.submitLabel}
          </button>
          {p.backHref ? (
            <a href={p.backHref} {...swapAttrs(p.backHref)}>
              {t('booking.back')}
            </a>
          ) : null}
        </div>
      </form>
    </section>
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
  checked?: boolean;
  disabled?: boolean;
}

/** A fieldset of radios or checkboxes with its legend and error. */
export function Choices(p: {
  name: string;
  legend: string;
  type: 'radio' | 'checkbox';
  options: Option[];
  error?: string;
  /** Each option's own input name (checkboxes of separate settings); `name` for all by default. */
  nameOf?: (value: string) => string;
}) {
  const errorId = p.error ? `${p.name}-error`.replace(/\W/g, '-') : undefined;
  return (
    <fieldset class={p.error ? 'choices invalid' : 'choices'} aria-describedby={errorId}>
      <legend>{p.legend}</legend>
      {p.error ? (
        <p class="error" id={errorId} role="alert">
          {p.error}
        </p>
      ) : null}
      {p.options.length === 0 ? <p class="muted">{t('booking.nothingAvailable')}</p> : null}
      {p.options.map((o) => (
        <label class="choice">
          <input type={p.type} name={p.nameOf ? p.nameOf(o.value) : p.name} value={p.nameOf ? '1' : o.value} checked={o.checked} disabled={o.disabled} />
          <span>
            {o.label}
            {o.hint ? <span class="muted"> · {o.hint}</span> : null}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function SelectField(p: { id: string; name: string; label: string; options: Option[]; error?: string }) {
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <label for={p.id}>{p.label}</label>
      <select id={p.id} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${p.id}-error` : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.checked}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={p.id} error={p.error} />
    </div>
  );
}

export function DateField(p: {
  id: string;
  name: string;
  label: string;
  value: string | null;
  min: string;
  max: string;
  error?: string;
  hx?: Record<string, string>;
}) {
  return <Field id={p.id} name={p.name} label={p.label} type="date" value={p.value ?? ''} min={p.min} max={p.max} error={p.error} hx={p.hx} />;
}

export interface ReviewProps {
  timeZone: string;
  locale: string;
  currency: string;
  visitLabel: string;
  whenLines: string[];
  lines: PriceLine[];
  totalMinor: number;
  depositMinor: number;
  notes: string;
  /** "waitlist": the time is full and the request will be waitlisted; "full": it cannot be sent. */
  availability: 'open' | 'waitlist' | 'full';
}

/** A price line's heading: "Rex: Full groom", "Rex: Boarding night × 3 nights". */
function priceLine(l: PriceLine): string {
  const values = { pet: l.petName, item: l.label };
  if (l.unit === 'night') return t('booking.review.lineNights', { ...values, count: l.quantity });
  if (l.unit === 'day') return t('booking.review.lineDays', { ...values, count: l.quantity });
  return t('booking.review.line', values);
}

export function ReviewSummary(p: ReviewProps) {
  const money = (minor: number) => formatMoney(minor, p.currency, viewLocale(p.locale));
  return (
    <>
      <dl class="review">
        <dt>{t('booking.review.visit')}</dt>
        <dd>{p.visitLabel}</dd>
        <dt>{t('booking.review.when')}</dt>
        {p.whenLines.map((w) => (
          <dd>{w}</dd>
        ))}
        {p.notes ? (
          <>
            <dt>{t('booking.review.notes')}</dt>
            <dd class="pre">{p.notes}</dd>
          </>
        ) : null}
      </dl>
      <table class="prices">
        <caption class="sr">{t('booking.review.prices')}</caption>
        <tbody>
          {p.lines.map((l) => (
            <tr>
              <th scope="row">{priceLine(l)}</th>
              <td>{money(l.amountMinor)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('booking.review.total')}</th>
            <td>{money(p.totalMinor)}</td>
          </tr>
          {p.depositMinor > 0 ? (
            <tr>
              <th scope="row">{t('booking.review.deposit')}</th>
              <td>{money(p.depositMinor)}</td>
            </tr>
          ) : null}
        </tfoot>
      </table>
      {p.availability === 'waitlist' ? (
        <p class="notice warn" role="status">
          {t('booking.review.waitlist')}
        </p>
      ) : null}
      {p.availability === 'full' ? (
        <p class="error" role="alert">
          {t('booking.review.full')}
        </p>
      ) : null}
      <p class="muted small">
        {t('booking.review.isRequest')} {p.depositMinor > 0 ? t('booking.review.depositCollected') : ''}
      </p>
    </>
  );
}

/** "Tue 1 Dec 2026, 10:00 GMT" in the business's zone (the one formatter, from domain/time). */
export { formatMoment as moment } from '../../src/domain/time';
