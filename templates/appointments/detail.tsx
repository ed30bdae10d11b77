/**
 * One appointment with every field SPEC §4 lists: business, date and time in the business's
 * time zone (check-in/check-out for boarding), pets with services, add-ons and staff, the
 * amount paid through online booking, notes, cancel reason, and how to reach the business.
 */
import type { AppointmentStatus, ServiceType } from '../../src/db/schema';
import { formatDate, formatTime, timeZoneLabel } from '../../src/domain/time';
import { formatMoney } from '../../src/domain/money';
import { parentStatusLabel, statusExplanation, statusLabel } from '../../src/domain/appointment-status';
import { Notice } from '../components/notice';
import { serviceTypeLabel } from './labels';

export interface DetailLine {
  name: string;
  staffName: string | null;
}

export interface DetailPet {
  name: string;
  breed: string | null;
  services: DetailLine[];
  addOns: DetailLine[];
}

export interface AppointmentDetailProps {
  backHref: string;
  cameraHref: string | null;
  /** What just happened, from the redirect after a change ("Request sent", "Canceled"…). */
  banner?: string | null;
  /** Changes the parent may make now; absent ones are not offered. */
  actions?: { rescheduleHref?: string | null; cancelHref?: string | null; bookAgainHref?: string | null; calendarHref?: string | null };
  business: { name: string; phone: string | null; address: string | null; timeZone: string; locale: string };
  appointment: {
    serviceType: ServiceType;
    status: AppointmentStatus;
    startsAt: Date;
    endsAt: Date;
    notes: string | null;
    cancelReason: string | null;
    declinedByBusiness?: boolean;
    onlinePaymentKind: 'prepayment' | 'deposit' | null;
    onlinePaymentMinor: number | null;
    onlinePaymentCurrency: string | null;
  };
  pets: DetailPet[];
  /** An online request: the total and deposit its review showed, and every day it asked for. */
  request?: {
    totalMinor: number;
    depositMinor: number;
    currency: string;
    /** Two or more appointments of one request (daycare days); empty otherwise. */
    visits: { id: string; startsAt: Date; status: AppointmentStatus; current: boolean }[];
  } | null;
  requestHref?: (appointmentId: string) => string;
}

function Moment({ ms, tz, locale }: { ms: number; tz: string; locale: string }) {
  return (
    <>
      {formatDate(ms, tz, locale)}, {formatTime(ms, tz, locale)} {timeZoneLabel(tz, ms, locale)}
    </>
  );
}

function Lines({ label, lines }: { label: string; lines: DetailLine[] }) {
  if (lines.length === 0) return null;
  return (
    <p>
      <span class="muted">{label}: </span>
      {lines.map((l, i) => (
        <>
          {i > 0 ? ', ' : ''}
          {l.name}
          {l.staffName ? ` (with ${l.staffName})` : ''}
        </>
      ))}
    </p>
  );
}

export function AppointmentDetail({ backHref, cameraHref, banner, actions, business, appointment: a, pets, request, requestHref }: AppointmentDetailProps) {
  const tz = business.timeZone;
  const locale = business.locale;
  const start = a.startsAt.getTime();
  const end = a.endsAt.getTime();
  const sameDay = formatDate(start, tz, locale) === formatDate(end, tz, locale);
  return (
    <article class="detail" aria-labelledby="detail-heading">
      <p>
        <a href={backHref}>← All appointments</a>
      </p>
      <h1 id="detail-heading">
        {serviceTypeLabel(a.serviceType)} · {formatDate(start, tz, locale)}
      </h1>
      <Notice text={banner} />
      <p>
        <span class={`status s-${a.status}`}>{parentStatusLabel(a, business.name)}</span>{' '}
        <span class="muted small">{a.declinedByBusiness ? 'The business could not take this request.' : statusExplanation(a.status)}</span>
      </p>
      {actions && (actions.rescheduleHref || actions.cancelHref || actions.bookAgainHref) ? (
        <p class="actions">
          {actions.rescheduleHref ? (
            <a class="button" href={actions.rescheduleHref}>
              Change the time
            </a>
          ) : null}
          {actions.cancelHref ? (
            <a class="button secondary" href={actions.cancelHref}>
              Cancel {a.status === 'confirmed' ? 'appointment' : 'request'}
            </a>
          ) : null}
          {actions.bookAgainHref ? (
            <a class="button" href={actions.bookAgainHref}>
              Book again
            </a>
          ) : null}
        </p>
      ) : null}
      {actions?.calendarHref ? (
        <p>
          <a class="button secondary" href={actions.calendarHref} hx-boost="false">
            Add to calendar
          </a>
        </p>
      ) : null}
      {cameraHref ? (
        <p>
          <a class="button" href={cameraHref} hx-boost="false">
            View live camera
          </a>
        </p>
      ) : null}
      <dl>
        <dt>Business</dt>
        <dd>{business.name}</dd>
        {a.serviceType === 'boarding' ? (
          <>
            <dt>Check-in</dt>
            <dd>
              <Moment ms={start} tz={tz} locale={locale} />
            </dd>
            <dt>Check-out</dt>
            <dd>
              <Moment ms={end} tz={tz} locale={locale} />
            </dd>
          </>
        ) : (
          <>
            <dt>When</dt>
            <dd>
              {formatDate(start, tz, locale)}, {formatTime(start, tz, locale)} – {sameDay ? '' : `${formatDate(end, tz, locale)}, `}
              {formatTime(end, tz, locale)} {timeZoneLabel(tz, start, locale)}
            </dd>
          </>
        )}
        <dt>{pets.length === 1 ? 'Pet' : 'Pets'}</dt>
        <dd>
          <ul class="pets">
            {pets.map((p) => (
              <li>
                <strong>{p.name}</strong>
                {p.breed ? <span class="muted"> · {p.breed}</span> : null}
                <Lines label="Services" lines={p.services} />
                <Lines label="Add-ons" lines={p.addOns} />
              </li>
            ))}
          </ul>
        </dd>
        {request && request.visits.length > 1 ? (
          <>
            <dt>Days in this request</dt>
            <dd>
              <ul class="request-days">
                {request.visits.map((v) => (
                  <li>
                    {v.current || !requestHref ? (
                      <span aria-current="page">{formatDate(v.startsAt.getTime(), tz, locale)}</span>
                    ) : (
                      <a href={requestHref(v.id)}>{formatDate(v.startsAt.getTime(), tz, locale)}</a>
                    )}{' '}
                    <span class="muted">· {statusLabel(v.status)}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {request ? (
          <>
            <dt>{request.visits.length > 1 ? 'Total of the request' : 'Total'}</dt>
            <dd>{formatMoney(request.totalMinor, request.currency, locale)}</dd>
            {request.depositMinor > 0 ? (
              <>
                <dt>Deposit required</dt>
                <dd>
                  {formatMoney(request.depositMinor, request.currency, locale)} <span class="muted small">(collected by the business)</span>
                </dd>
              </>
            ) : null}
          </>
        ) : null}
        {a.onlinePaymentKind && a.onlinePaymentMinor !== null && a.onlinePaymentCurrency ? (
          <>
            <dt>{a.onlinePaymentKind === 'deposit' ? 'Deposit paid online' : 'Prepaid online'}</dt>
            <dd>{formatMoney(a.onlinePaymentMinor, a.onlinePaymentCurrency, locale)}</dd>
          </>
        ) : null}
        {a.notes ? (
          <>
            <dt>Notes</dt>
            <dd class="pre">{a.notes}</dd>
          </>
        ) : null}
        {a.status === 'canceled' ? (
          <>
            <dt>{a.declinedByBusiness ? 'Reason' : 'Cancel reason'}</dt>
            <dd>{a.cancelReason ?? 'No reason given'}</dd>
          </>
        ) : null}
      </dl>
      <section class="contact" aria-labelledby="contact-heading">
        <h2 id="contact-heading">Contact {business.name}</h2>
        {a.status === 'confirmed' && !actions?.cancelHref ? <p>To change or cancel this appointment, please contact the business.</p> : null}
        {business.phone ? (
          <p>
            <a href={`tel:${business.phone.replace(/[^+\d]/g, '')}`}>{business.phone}</a>
          </p>
        ) : null}
        {business.address ? <p class="pre">{business.address}</p> : null}
      </section>
    </article>
  );
}
