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
import { t, viewLocale } from '../../src/i18n';
import { cancelReasonWords, serviceTypeLabel } from './labels';

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
  return <>{t('appointments.dateTimeZone', { date: formatDate(ms, tz, locale), time: formatTime(ms, tz, locale), zone: timeZoneLabel(tz, ms, locale) })}</>;
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
          {l.staffName ? ` ${t('appointments.detail.withStaff', { staff: l.staffName })}` : ''}
        </>
      ))}
    </p>
  );
}

export function AppointmentDetail({ backHref, cameraHref, banner, actions, business, appointment: a, pets, request, requestHref }: AppointmentDetailProps) {
  const tz = business.timeZone;
  const locale = viewLocale(business.locale);
  const start = a.startsAt.getTime();
  const end = a.endsAt.getTime();
  const sameDay = formatDate(start, tz, locale) === formatDate(end, tz, locale);
  return (
    <article class="detail" aria-labelledby="detail-heading">
      <p>
        <a href={backHref}>{t('appointments.detail.back')}</a>
      </p>
      <h1 id="detail-heading">{t('appointments.detail.heading', { service: serviceTypeLabel(a.serviceType), date: formatDate(start, tz, locale) })}</h1>
      <Notice text={banner} />
      <p>
        <span class={`status s-${a.status}`}>{parentStatusLabel(a, business.name)}</span>{' '}
        <span class="muted small">{a.declinedByBusiness ? t('appointments.explain.declined') : statusExplanation(a.status)}</span>
      </p>
      {actions && (actions.rescheduleHref || actions.cancelHref || actions.bookAgainHref) ? (
        <p class="actions">
          {actions.rescheduleHref ? (
            <a class="button" href={actions.rescheduleHref}>
              {t('appointments.detail.changeTime')}
            </a>
          ) : null}
          {actions.cancelHref ? (
            <a class="button secondary" href={actions.cancelHref}>
              {a.status === 'confirmed' ? t('appointments.detail.cancelAppointment') : t('appointments.detail.cancelRequest')}
            </a>
          ) : null}
          {actions.bookAgainHref ? (
            <a class="button" href={actions.bookAgainHref}>
              {t('appointments.detail.bookAgain')}
            </a>
          ) : null}
        </p>
      ) : null}
      {actions?.calendarHref ? (
        <p>
          <a class="button secondary" href={actions.calendarHref} hx-boost="false">
            {t('appointments.detail.addToCalendar')}
          </a>
        </p>
      ) : null}
      {cameraHref ? (
        <p>
          <a class="button" href={cameraHref} hx-boost="false">
            {t('appointments.detail.camera')}
          </a>
        </p>
      ) : null}
      <dl>
        <dt>{t('appointments.detail.business')}</dt>
        <dd>{business.name}</dd>
        {a.serviceType === 'boarding' ? (
          <>
            <dt>{t('appointments.detail.checkIn')}</dt>
            <dd>
              <Moment ms={start} tz={tz} locale={locale} />
            </dd>
            <dt>{t('appointments.detail.checkOut')}</dt>
            <dd>
              <Moment ms={end} tz={tz} locale={locale} />
            </dd>
          </>
        ) : (
          <>
            <dt>{t('appointments.detail.when')}</dt>
            <dd>
              {sameDay
                ? t('appointments.detail.whenSameDay', {
                    date: formatDate(start, tz, locale),
                    start: formatTime(start, tz, locale),
                    end: formatTime(end, tz, locale),
                    zone: timeZoneLabel(tz, start, locale),
                  })
                : t('appointments.detail.whenSpan', {
                    date: formatDate(start, tz, locale),
                    start: formatTime(start, tz, locale),
                    endDate: formatDate(end, tz, locale),
                    end: formatTime(end, tz, locale),
                    zone: timeZoneLabel(tz, start, locale),
                  })}
            </dd>
          </>
        )}
        <dt>{t('appointments.detail.pets', { count: pets.length })}</dt>
        <dd>
          <ul class="pets">
            {pets.map((p) => (
              <li>
                <strong>{p.name}</strong>
                {p.breed ? <span class="muted"> · {p.breed}</span> : null}
                <Lines label={t('appointments.detail.services')} lines={p.services} />
                <Lines label={t('appointments.detail.addOns')} lines={p.addOns} />
              </li>
            ))}
          </ul>
        </dd>
        {request && request.visits.length > 1 ? (
          <>
            <dt>{t('appointments.detail.requestDays')}</dt>
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
            <dt>{request.visits.length > 1 ? t('appointments.detail.requestTotal') : t('appointments.detail.total')}</dt>
            <dd>{formatMoney(request.totalMinor, request.currency, locale)}</dd>
            {request.depositMinor > 0 ? (
              <>
                <dt>{t('appointments.detail.deposit')}</dt>
                <dd>
                  {formatMoney(request.depositMinor, request.currency, locale)} <span class="muted small">{t('appointments.detail.depositCollected')}</span>
                </dd>
              </>
            ) : null}
          </>
        ) : null}
        {a.onlinePaymentKind && a.onlinePaymentMinor !== null && a.onlinePaymentCurrency ? (
          <>
            <dt>{a.onlinePaymentKind === 'deposit' ? t('appointments.detail.depositPaid') : t('appointments.detail.prepaid')}</dt>
            <dd>{formatMoney(a.onlinePaymentMinor, a.onlinePaymentCurrency, locale)}</dd>
          </>
        ) : null}
        {a.notes ? (
          <>
            <dt>{t('appointments.detail.notes')}</dt>
            <dd class="pre">{a.notes}</dd>
          </>
        ) : null}
        {a.status === 'canceled' ? (
          <>
            <dt>{a.declinedByBusiness ? t('appointments.detail.reason') : t('appointments.detail.cancelReason')}</dt>
            <dd>{cancelReasonWords(a.cancelReason) ?? t('appointments.detail.noReason')}</dd>
          </>
        ) : null}
      </dl>
      <section class="contact" aria-labelledby="contact-heading">
        <h2 id="contact-heading">{t('appointments.detail.contact', { business: business.name })}</h2>
        {a.status === 'confirmed' && !actions?.cancelHref ? <p>{t('appointments.detail.contactToChange')}</p> : null}
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
