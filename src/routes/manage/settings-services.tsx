/**
 * Settings (console part 3, items 3 and 4): services and add-ons, which groomer does which
 * service and when each works. Owners only: staff get 403, another business 404 (the business
 * id is checked inside each page's one batch). Services and add-ons are added, edited and
 * deactivated / reactivated, never deleted (appointment lines reference them, each with the
 * price it was booked at, so a new price never changes a request already made). Groomers show
 * only for a business offering grooming; taking away a period or a service under live confirmed
 * appointments is refused with their list unless "Keep the existing appointments" is ticked —
 * so is a dated exception (a day off, or other hours one date), added or removed, that would
 * leave live confirmed appointments of the groomer outside the hours that date then has.
 * Every change is validated at the field (422, typed values kept, nothing saved) and written
 * with its audit row in one batch, then 303 to the page with a notice.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import type { ServiceType } from '../../db/schema';
import {
  addAddOnStatements,
  addExceptionStatements,
  addOnPageStatements,
  addPeriodStatements,
  addServiceStatements,
  catalogueStatements,
  groomerPageStatements,
  removeExceptionStatements,
  removePeriodStatements,
  servicePageStatements,
  setAddOnActiveStatements,
  setGroomerServicesStatements,
  setServiceActiveStatements,
  updateAddOnStatements,
  updateServiceStatements,
  type BusinessOffers,
} from '../../db/queries/settings-services';
import { newId } from '../../domain/ids';
import { formatMoney } from '../../domain/money';
import {
  addOnFormValues,
  appointmentsInPeriod,
  appointmentsOutside,
  appointmentsWithServices,
  dayAndPeriods,
  parseAddOnForm,
  parseExceptionForm,
  parsePeriodForm,
  periodOccurrences,
  parseServiceForm,
  serviceFormValues,
  textList,
  WEEKDAY_NAMES,
  type AddOnFormValues,
  type ExceptionFormValues,
  type PeriodFormValues,
  type ServiceFormValues,
} from '../../domain/service-form';
import { staffPeriodsOn, type Weekday } from '../../domain/availability';
import { formatDate, formatMoment, localDateString, zonedDateTimeToUtc } from '../../domain/time';
import {
  AddOnEditPage,
  GroomerPage,
  ServiceEditPage,
  ServicesPage,
  TYPE_WORDS,
  type AffectedRow,
  type AddOnFormView,
  type ExceptionFormView,
  type ExceptionRow,
  type ServiceFormView,
} from '../../../templates/manage/settings-services';
import { loadOwnerPage, ownerPage, ownerActor } from './owner-page';

export const settingsServicesRoutes = new Hono<AppEnv>();

const BASE = '/manage/:businessId/settings/services';
// Ids are constrained so the fixed words (add-ons, groomers) never read as an id.
const SERVICE = `${BASE}/:serviceId{svc_[a-z0-9_]+}`;
const ADD_ON = `${BASE}/add-ons/:addOnId{add_[a-z0-9_]+}`;
const GROOMER = `${BASE}/groomers/:staffId{stf_[a-z0-9_]+}`;

const NOTICES: Record<string, string> = {
  'service-added': 'Service added. Parents can book it from their next page view.',
  'service-saved': 'Service saved. New requests use it from now; requests already made keep their price.',
  'service-off': 'Service no longer offered: it is off the booking pages. Requests and appointments that have it keep it.',
  'service-on': 'Service offered again.',
  'add-on-added': 'Add-on added. Parents can choose it from their next page view.',
  'add-on-saved': 'Add-on saved. New requests use it from now; requests already made keep their price.',
  'add-on-off': 'Add-on no longer offered.',
  'add-on-on': 'Add-on offered again.',
  services: 'Services saved.',
  'period-added': 'Working period added.',
  'period-removed': 'Working period removed.',
  'period-clash': 'That period overlaps one added a moment ago. Nothing was changed.',
  'period-gone': 'That period had already been removed.',
  'exception-added': 'Exception added. The booking pages use it from their next page view.',
  'exception-removed': 'Exception removed. That date follows the rest of the groomer’s hours again.',
  'exception-clash': 'That exception clashes with one added a moment ago. Nothing was changed.',
  'exception-gone': 'That exception had already been removed.',
};

const notice = (c: Context<AppEnv>) => NOTICES[c.req.query('done') ?? ''] ?? null;

function offeredTypes(b: BusinessOffers): ServiceType[] {
  return [
    b.offersBoarding ? 'boarding' : null,
    b.offersDaycare ? 'daycare' : null,
    b.offersGrooming ? 'grooming' : null,
    b.offersTraining ? 'training' : null,
  ].filter((t): t is ServiceType => t !== null);
}

function theBusiness(rows: BusinessOffers[]): BusinessOffers {
  const b = rows[0];
  if (!b) throw new HTTPException(404);
  return b;
}

const form = (c: Context<AppEnv>) => c.req.parseBody({ all: true }) as Promise<Record<string, unknown>>;

const EMPTY_SERVICE: ServiceFormValues = { name: '', type: '', duration: '', price: '', species: ['dog', 'cat', 'other'], vaccinations: '' };
const EMPTY_ADD_ON: AddOnFormValues = { name: '', serviceType: '', duration: '0', price: '' };
/** How far ahead the database checks a removed period for appointments booked meanwhile. */
const GUARD_DAYS = 800;

const EMPTY_PERIOD: PeriodFormValues = { weekday: '1', starts: '09:00', ends: '17:00' };
const EMPTY_EXCEPTION: ExceptionFormValues = { date: '', starts: '', ends: '', reason: '' };

// ---- The catalogue -----------------------------------------------------------------------------

function loadCatalogue(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId') ?? '';
  const db = c.get('db');
  return loadOwnerPage(c, businessId, (tokenHash, now) => catalogueStatements(db, businessId, tokenHash, now));
}

type Catalogue = Awaited<ReturnType<typeof loadCatalogue>>;

/**
 * Each "Add" form's submission key, which becomes the new row's id (svc_<key>, add_<key>): a
 * double tap, a resend after Back or a second window's copy of the form adds one row, not two.
 */
const newFormKey = () => newId('k').slice(2);
function postedKey(body: Record<string, unknown>): string {
  const key = Array.isArray(body.key) ? body.key[0] : body.key;
  return typeof key === 'string' && /^[a-z2-7]{16,64}$/.test(key) ? key : newFormKey();
}

function renderCatalogue(
  c: Context<AppEnv>,
  loaded: Catalogue,
  extra: { serviceForm?: ServiceFormView; addOnForm?: AddOnFormView; keys?: { service?: string; addOn?: string }; status?: 200 | 422 } = {},
) {
  const { m } = loaded;
  const r = loaded.results;
  const b = theBusiness(r.business);
  const money = (minor: number) => formatMoney(minor, m.currency, m.locale);
  const serviceName = new Map(r.services.map((s) => [s.id, s.name]));
  const groomers = b.offersGrooming
    ? r.staff.map((g) => ({
        id: g.id,
        name: `${g.firstName} ${g.lastName}`.trim(),
        active: g.active,
        services: r.staffServices.filter((x) => x.staffId === g.id).flatMap((x) => serviceName.get(x.serviceId) ?? []),
        week: WEEKDAY_NAMES.map((day, weekday) => {
          const periods = r.schedules.filter((s) => s.staffId === g.id && s.weekday === weekday);
          return periods.length ? `${day.slice(0, 3)} ${periods.map((s) => `${s.starts}–${s.ends}`).join(', ')}` : '';
        })
          .filter(Boolean)
          .join(' · '),
      }))
    : null;
  return ownerPage(
    c,
    { title: 'Services and add-ons', section: 'settings', staff: loaded.staff, m, unread: loaded.unread },
    () => (
      <ServicesPage
        businessId={m.businessId}
        currency={m.currency}
        offered={offeredTypes(b)}
        notice={extra.status === 422 ? null : notice(c)}
        services={r.services.map((s) => ({
          id: s.id,
          name: s.name,
          type: s.type,
          minutes: s.durationMinutes,
          price: money(s.priceMinor),
          active: s.active,
          species: s.speciesAllowed,
          vaccinations: s.requiredVaccinations?.split(',').join(', ') ?? null,
        }))}
        addOns={r.addOns.map((a) => ({
          id: a.id,
          name: a.name,
          serviceType: a.serviceType,
          minutes: a.durationMinutes,
          price: money(a.priceMinor),
          active: a.active,
        }))}
        groomers={groomers}
        serviceForm={extra.serviceForm ?? { values: EMPTY_SERVICE, errors: {} }}
        addOnForm={extra.addOnForm ?? { values: EMPTY_ADD_ON, errors: {} }}
        keys={{ service: extra.keys?.service ?? newFormKey(), addOn: extra.keys?.addOn ?? newFormKey() }}
      />
    ),
    extra.status,
  );
}

settingsServicesRoutes.get(BASE, async (c) => renderCatalogue(c, await loadCatalogue(c)));

settingsServicesRoutes.post(BASE, async (c) => {
  const body = await form(c);
  const loaded = await loadCatalogue(c);
  const { m } = loaded;
  const parsed = parseServiceForm(body, { currency: m.currency, offered: offeredTypes(theBusiness(loaded.results.business)) });
  const key = postedKey(body);
  if (!parsed.ok) return renderCatalogue(c, loaded, { serviceForm: parsed, keys: { service: key }, status: 422 });
  const s = parsed.value;
  const db = c.get('db');
  await db.batch(
    addServiceStatements(db, {
      ...ownerActor(c, loaded),
      id: `svc_${key}`,
      service: s,
      detail: `${s.name} · ${TYPE_WORDS[s.type]} · ${s.durationMinutes} min · ${formatMoney(s.priceMinor, m.currency, m.locale)}`,
    }),
  );
  return c.redirect(`/manage/${m.businessId}/settings/services?done=service-added`, 303);
});

settingsServicesRoutes.post(`${BASE}/add-ons`, async (c) => {
  const body = await form(c);
  const loaded = await loadCatalogue(c);
  const { m } = loaded;
  const parsed = parseAddOnForm(body, { currency: m.currency, offered: offeredTypes(theBusiness(loaded.results.business)) });
  const key = postedKey(body);
  if (!parsed.ok) return renderCatalogue(c, loaded, { addOnForm: parsed, keys: { addOn: key }, status: 422 });
  const x = parsed.value;
  const db = c.get('db');
  await db.batch(
    addAddOnStatements(db, {
      ...ownerActor(c, loaded),
      id: `add_${key}`,
      addOn: x,
      detail: `${x.name} · ${x.serviceType ? TYPE_WORDS[x.serviceType] : 'any service'} · +${x.durationMinutes} min · ${formatMoney(x.priceMinor, m.currency, m.locale)}`,
    }),
  );
  return c.redirect(`/manage/${m.businessId}/settings/services?done=add-on-added`, 303);
});

/** "price $60.00 → $80.00; length 60 → 45 min": what an edit changed, for the audit row. */
function changes(pairs: [string, string, string][]): string {
  const changed = pairs.filter(([, before, after]) => before !== after).map(([what, before, after]) => `${what} ${before} → ${after}`);
  return changed.length ? changed.join('; ') : 'no change';
}

// ---- One service -------------------------------------------------------------------------------

function loadService(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId') ?? '';
  const serviceId = c.req.param('serviceId') ?? '';
  const db = c.get('db');
  return loadOwnerPage(c, businessId, (tokenHash, now) => servicePageStatements(db, businessId, serviceId, tokenHash, now)).then((loaded) => {
    theBusiness(loaded.results.business);
    const service = loaded.results.service[0];
    if (!service) throw new HTTPException(404);
    return { ...loaded, service };
  });
}

function renderService(c: Context<AppEnv>, loaded: Awaited<ReturnType<typeof loadService>>, form?: ServiceFormView, status?: 422) {
  const { m, service } = loaded;
  return ownerPage(
    c,
    { title: service.name, section: 'settings', staff: loaded.staff, m, unread: loaded.unread },
    () => (
      <ServiceEditPage
        businessId={m.businessId}
        serviceId={service.id}
        heading={service.name}
        currency={m.currency}
        type={service.type}
        active={service.active}
        notice={status ? null : notice(c)}
        form={form ?? { values: serviceFormValues(service, m.currency), errors: {} }}
      />
    ),
    status,
  );
}

settingsServicesRoutes.get(SERVICE, async (c) => renderService(c, await loadService(c)));

settingsServicesRoutes.post(SERVICE, async (c) => {
  const body = await form(c);
  const loaded = await loadService(c);
  const { m, service } = loaded;
  const parsed = parseServiceForm(body, { currency: m.currency, offered: [], fixedType: service.type });
  if (!parsed.ok) return renderService(c, loaded, parsed, 422);
  const s = parsed.value;
  const money = (minor: number) => formatMoney(minor, m.currency, m.locale);
  const db = c.get('db');
  await db.batch(
    updateServiceStatements(db, {
      ...ownerActor(c, loaded),
      serviceId: service.id,
      service: s,
      detail: changes([
        ['name', service.name, s.name],
        ['length', `${service.durationMinutes} min`, `${s.durationMinutes} min`],
        ['price', money(service.priceMinor), money(s.priceMinor)],
        ['species', service.speciesAllowed ?? 'all', s.speciesAllowed ?? 'all'],
        ['vaccinations', service.requiredVaccinations ?? 'none', s.requiredVaccinations ?? 'none'],
      ]),
    }),
  );
  return c.redirect(`/manage/${m.businessId}/settings/services/${service.id}?done=service-saved`, 303);
});

settingsServicesRoutes.post(`${SERVICE}/active`, async (c) => {
  const body = await form(c);
  const loaded = await loadService(c);
  const { m, service } = loaded;
  const active = body.active === 'yes';
  const db = c.get('db');
  if (active !== service.active)
    await db.batch(setServiceActiveStatements(db, { ...ownerActor(c, loaded), serviceId: service.id, active, detail: service.name }));
  return c.redirect(`/manage/${m.businessId}/settings/services/${service.id}?done=${active ? 'service-on' : 'service-off'}`, 303);
});

// ---- One add-on --------------------------------------------------------------------------------

function loadAddOn(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId') ?? '';
  const addOnId = c.req.param('addOnId') ?? '';
  const db = c.get('db');
  return loadOwnerPage(c, businessId, (tokenHash, now) => addOnPageStatements(db, businessId, addOnId, tokenHash, now)).then((loaded) => {
    const business = theBusiness(loaded.results.business);
    const addOn = loaded.results.addOn[0];
    if (!addOn) throw new HTTPException(404);
    return { ...loaded, business, addOn };
  });
}

function renderAddOn(c: Context<AppEnv>, loaded: Awaited<ReturnType<typeof loadAddOn>>, form?: AddOnFormView, status?: 422) {
  const { m, addOn } = loaded;
  return ownerPage(
    c,
    { title: addOn.name, section: 'settings', staff: loaded.staff, m, unread: loaded.unread },
    () => (
      <AddOnEditPage
        businessId={m.businessId}
        addOnId={addOn.id}
        heading={addOn.name}
        currency={m.currency}
        offered={offeredTypes(loaded.business)}
        active={addOn.active}
        notice={status ? null : notice(c)}
        form={form ?? { values: addOnFormValues(addOn, m.currency), errors: {} }}
      />
    ),
    status,
  );
}

settingsServicesRoutes.get(ADD_ON, async (c) => renderAddOn(c, await loadAddOn(c)));

settingsServicesRoutes.post(ADD_ON, async (c) => {
  const body = await form(c);
  const loaded = await loadAddOn(c);
  const { m, addOn } = loaded;
  const parsed = parseAddOnForm(body, { currency: m.currency, offered: offeredTypes(loaded.business), current: addOn.serviceType });
  if (!parsed.ok) return renderAddOn(c, loaded, parsed, 422);
  const x = parsed.value;
  const money = (minor: number) => formatMoney(minor, m.currency, m.locale);
  const db = c.get('db');
  await db.batch(
    updateAddOnStatements(db, {
      ...ownerActor(c, loaded),
      addOnId: addOn.id,
      addOn: x,
      detail: changes([
        ['name', addOn.name, x.name],
        ['for', addOn.serviceType ?? 'any', x.serviceType ?? 'any'],
        ['extra time', `${addOn.durationMinutes} min`, `${x.durationMinutes} min`],
        ['price', money(addOn.priceMinor), money(x.priceMinor)],
      ]),
    }),
  );
  return c.redirect(`/manage/${m.businessId}/settings/services/add-ons/${addOn.id}?done=add-on-saved`, 303);
});

settingsServicesRoutes.post(`${ADD_ON}/active`, async (c) => {
  const body = await form(c);
  const loaded = await loadAddOn(c);
  const { m, addOn } = loaded;
  const active = body.active === 'yes';
  const db = c.get('db');
  if (active !== addOn.active) await db.batch(setAddOnActiveStatements(db, { ...ownerActor(c, loaded), addOnId: addOn.id, active, detail: addOn.name }));
  return c.redirect(`/manage/${m.businessId}/settings/services/add-ons/${addOn.id}?done=${active ? 'add-on-on' : 'add-on-off'}`, 303);
});

// ---- One groomer -------------------------------------------------------------------------------

function loadGroomer(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId') ?? '';
  const staffId = c.req.param('staffId') ?? '';
  const db = c.get('db');
  return loadOwnerPage(c, businessId, (tokenHash, now) => groomerPageStatements(db, businessId, staffId, tokenHash, now)).then((loaded) => {
    const business = theBusiness(loaded.results.business);
    const groomer = loaded.results.groomer[0];
    // Groomers are a grooming business's section: hidden (404) otherwise.
    if (!groomer || !business.offersGrooming) throw new HTTPException(404);
    const appointments = loaded.results.appointments.map((a) => ({
      ...a,
      startsAt: a.startsAt.getTime(),
      endsAt: a.endsAt.getTime(),
    }));
    // Exceptions from the business's today: the past ones are history, not settings.
    const today = localDateString(loaded.now, loaded.m.timeZone);
    const exceptions = loaded.results.exceptions.filter((x) => x.date >= today);
    return { ...loaded, groomer, appointments, today, exceptions };
  });
}

type Groomer = Awaited<ReturnType<typeof loadGroomer>>;

function affectedRows(loaded: Groomer, rows: Groomer['appointments']): AffectedRow[] {
  const { m } = loaded;
  return rows.map((a) => ({
    id: a.appointmentId,
    client: `${a.clientFirstName} ${a.clientLastName}`.trim(),
    when: formatMoment(a.startsAt, m.timeZone, m.locale),
  }));
}

type Exception = Groomer['exceptions'][number];

/** The groomer's working periods on `date` if that date's exceptions were `exceptions` (availability's rule). */
function hoursOn(loaded: Groomer, date: string, exceptions: readonly { starts: string | null; ends: string | null }[]) {
  const staffId = loaded.groomer.id;
  return staffPeriodsOn(
    date,
    loaded.results.periods.map((p) => ({ staffId, weekday: p.weekday as Weekday, starts: p.starts, ends: p.ends })),
    exceptions.map((x) => ({ staffId, date, starts: x.starts, ends: x.ends })),
  ).filter((p) => p.starts < p.ends);
}

function exceptionRow(loaded: Groomer, x: Exception): ExceptionRow {
  const { timeZone, locale } = loaded.m;
  return {
    id: x.id,
    when: formatDate(zonedDateTimeToUtc(x.date, '12:00', timeZone), timeZone, locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    hours: x.starts && x.ends ? `${x.starts}–${x.ends}` : 'Off all day',
    reason: x.reason,
  };
}

/** "2026-12-24 off all day (Holiday)" or "2026-12-24 13:00–15:00": an exception in the audit row. */
function exceptionDetail(x: { date: string; starts: string | null; ends: string | null; reason: string | null }, kept: number): string {
  const hours = x.starts && x.ends ? `${x.starts}–${x.ends}` : 'off all day';
  return `${x.date} ${hours}${x.reason ? ` (${x.reason})` : ''}${kept ? `; kept ${kept} appointment${kept === 1 ? '' : 's'}` : ''}`;
}

function renderGroomer(
  c: Context<AppEnv>,
  loaded: Groomer,
  extra: {
    exceptionForm?: ExceptionFormView;
    exceptionRemoval?: { exception: Exception; affected: AffectedRow[] };
    selected?: string[];
    servicesAffected?: AffectedRow[];
    removal?: { period: { id: string; weekday: number; starts: string; ends: string }; affected: AffectedRow[] };
    periodForm?: { values: PeriodFormValues; errors: Partial<Record<keyof PeriodFormValues, string>> };
    status?: 422;
  } = {},
) {
  const { m, groomer } = loaded;
  const r = loaded.results;
  const does = new Set(extra.selected ?? r.does.map((d) => d.serviceId));
  const name = `${groomer.firstName} ${groomer.lastName}`.trim();
  // A service the groomer does that is no longer offered still shows, so it can be taken away.
  const services = r.services
    .filter((s) => s.active || does.has(s.id) || r.does.some((d) => d.serviceId === s.id))
    .map((s) => ({ value: s.id, label: s.name, hint: s.active ? `${s.durationMinutes} min` : 'not offered', checked: does.has(s.id) }));
  return ownerPage(
    c,
    { title: name, section: 'settings', staff: loaded.staff, m, unread: loaded.unread },
    () => (
      <GroomerPage
        businessId={m.businessId}
        groomer={{ id: groomer.id, name, active: groomer.active }}
        notice={extra.status ? null : notice(c)}
        services={services}
        servicesAffected={extra.servicesAffected ?? null}
        week={WEEKDAY_NAMES.map((day, weekday) => ({
          weekday,
          name: day,
          periods: r.periods.filter((p) => p.weekday === weekday).map((p) => ({ id: p.id, starts: p.starts, ends: p.ends })),
        }))}
        removal={
          extra.removal
            ? {
                period: { ...extra.removal.period, day: WEEKDAY_NAMES[extra.removal.period.weekday] ?? '' },
                affected: extra.removal.affected,
              }
            : null
        }
        periodForm={extra.periodForm ?? { values: EMPTY_PERIOD, errors: {} }}
        today={loaded.today}
        exceptions={loaded.exceptions.map((x) => exceptionRow(loaded, x))}
        exceptionRemoval={
          extra.exceptionRemoval ? { exception: exceptionRow(loaded, extra.exceptionRemoval.exception), affected: extra.exceptionRemoval.affected } : null
        }
        exceptionForm={extra.exceptionForm ?? { values: EMPTY_EXCEPTION, errors: {}, affected: null }}
      />
    ),
    extra.status,
  );
}

const groomerHref = (loaded: Groomer, done: string) => `/manage/${loaded.m.businessId}/settings/services/groomers/${loaded.groomer.id}?done=${done}`;

settingsServicesRoutes.get(GROOMER, async (c) => renderGroomer(c, await loadGroomer(c)));

settingsServicesRoutes.post(`${GROOMER}/services`, async (c) => {
  const body = await form(c);
  const loaded = await loadGroomer(c);
  const r = loaded.results;
  const grooming = new Set(r.services.map((s) => s.id));
  const selected = [...new Set(textList(body, 'service'))].filter((id) => grooming.has(id));
  const current = r.does.map((d) => d.serviceId).filter((id) => grooming.has(id));
  const add = selected.filter((id) => !current.includes(id));
  const remove = current.filter((id) => !selected.includes(id));
  const affected = appointmentsWithServices(loaded.appointments, remove);
  const keep = body.keep === 'yes';
  if (affected.length > 0 && !keep) return renderGroomer(c, loaded, { selected, servicesAffected: affectedRows(loaded, affected), status: 422 });
  if (add.length > 0 || remove.length > 0) {
    const names = new Map(r.services.map((s) => [s.id, s.name]));
    const list = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(', ');
    const detail = [
      add.length ? `now does ${list(add)}` : '',
      remove.length ? `no longer does ${list(remove)}` : '',
      affected.length ? `kept ${affected.length} appointment${affected.length === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const db = c.get('db');
    const [written] = await db.batch(setGroomerServicesStatements(db, { ...ownerActor(c, loaded), staffId: loaded.groomer.id, add, remove, keep, detail }));
    if (written.rowsAffected === 0) {
      // An appointment was confirmed for a removed service since the page was read: show it.
      const again = await loadGroomer(c);
      const now = appointmentsWithServices(again.appointments, remove);
      return renderGroomer(c, again, { selected, servicesAffected: affectedRows(again, now), status: 422 });
    }
  }
  return c.redirect(groomerHref(loaded, 'services'), 303);
});

settingsServicesRoutes.post(`${GROOMER}/periods`, async (c) => {
  const body = await form(c);
  const loaded = await loadGroomer(c);
  const parsed = parsePeriodForm(body, loaded.results.periods);
  if (!parsed.ok) return renderGroomer(c, loaded, { periodForm: parsed, status: 422 });
  const p = parsed.value;
  const db = c.get('db');
  const auditId = newId('aud');
  const [audit] = await db.batch(
    addPeriodStatements(db, {
      ...ownerActor(c, loaded),
      auditId,
      staffId: loaded.groomer.id,
      periodId: newId('sch'),
      period: p,
      detail: `${WEEKDAY_NAMES[p.weekday]} ${p.starts}–${p.ends}`,
    }),
  );
  return c.redirect(groomerHref(loaded, audit.rowsAffected > 0 ? 'period-added' : 'period-clash'), 303);
});

settingsServicesRoutes.post(`${GROOMER}/periods/remove`, async (c) => {
  const body = await form(c);
  const loaded = await loadGroomer(c);
  const period = loaded.results.periods.find((p) => p.id === body.period);
  if (!period) return c.redirect(groomerHref(loaded, 'period-gone'), 303);
  const affected = appointmentsInPeriod(loaded.appointments, period, loaded.m.timeZone);
  if (affected.length > 0 && body.keep !== 'yes')
    return renderGroomer(c, loaded, { removal: { period, affected: affectedRows(loaded, affected) }, status: 422 });
  const keep = body.keep === 'yes';
  const db = c.get('db');
  const { now } = loaded;
  const until = Math.max(now + GUARD_DAYS * 86_400_000, ...loaded.appointments.map((a) => a.endsAt));
  const [written] = await db.batch(
    removePeriodStatements(db, {
      ...ownerActor(c, loaded),
      staffId: loaded.groomer.id,
      periodId: period.id,
      occurrences: keep ? null : periodOccurrences(period, loaded.m.timeZone, now, until),
      detail: `${WEEKDAY_NAMES[period.weekday]} ${period.starts}–${period.ends}${affected.length ? `; kept ${affected.length} appointment${affected.length === 1 ? '' : 's'}` : ''}`,
    }),
  );
  if (written.rowsAffected === 0) {
    // An appointment was confirmed in this period since the page was read: show it.
    const again = await loadGroomer(c);
    const still = again.results.periods.find((p) => p.id === period.id);
    if (!still) return c.redirect(groomerHref(again, 'period-gone'), 303);
    const now = appointmentsInPeriod(again.appointments, still, again.m.timeZone);
    return renderGroomer(c, again, { removal: { period: still, affected: affectedRows(again, now) }, status: 422 });
  }
  return c.redirect(groomerHref(loaded, 'period-removed'), 303);
});

/** Adds an exception; once more from a fresh read when the database refused it (a change meanwhile). */
async function addException(c: Context<AppEnv>, body: Record<string, unknown>, loaded: Groomer, again: boolean): Promise<Response> {
  const { timeZone } = loaded.m;
  const parsed = parseExceptionForm(body, { today: loaded.today, existing: loaded.exceptions });
  if (!parsed.ok) return renderGroomer(c, loaded, { exceptionForm: { ...parsed, affected: null }, status: 422 });
  const x = parsed.value;
  const hours = hoursOn(loaded, x.date, [...loaded.exceptions.filter((e) => e.date === x.date), x]);
  const affected = appointmentsOutside(loaded.appointments, x.date, hours, timeZone);
  const keep = body.keep === 'yes';
  if (affected.length > 0 && !keep)
    return renderGroomer(c, loaded, { exceptionForm: { values: parsed.values, errors: {}, affected: affectedRows(loaded, affected) }, status: 422 });
  const db = c.get('db');
  const [written] = await db.batch(
    addExceptionStatements(db, {
      ...ownerActor(c, loaded),
      staffId: loaded.groomer.id,
      exceptionId: newId('sxc'),
      exception: x,
      day: keep ? null : dayAndPeriods(x.date, hours, timeZone),
      detail: exceptionDetail(x, affected.length),
    }),
  );
  if (written.rowsAffected === 0) return again ? addException(c, body, await loadGroomer(c), false) : c.redirect(groomerHref(loaded, 'exception-clash'), 303);
  return c.redirect(groomerHref(loaded, 'exception-added'), 303);
}

settingsServicesRoutes.post(`${GROOMER}/exceptions`, async (c) => {
  const body = await form(c);
  return addException(c, body, await loadGroomer(c), true);
});

/** Removes an exception; once more from a fresh read when the database refused it. */
async function removeException(c: Context<AppEnv>, body: Record<string, unknown>, loaded: Groomer, again: boolean): Promise<Response> {
  const exception = loaded.exceptions.find((x) => x.id === body.exception);
  if (!exception) return c.redirect(groomerHref(loaded, 'exception-gone'), 303);
  const { timeZone } = loaded.m;
  const hours = hoursOn(
    loaded,
    exception.date,
    loaded.exceptions.filter((x) => x.date === exception.date && x.id !== exception.id),
  );
  const affected = appointmentsOutside(loaded.appointments, exception.date, hours, timeZone);
  const keep = body.keep === 'yes';
  if (affected.length > 0 && !keep) return renderGroomer(c, loaded, { exceptionRemoval: { exception, affected: affectedRows(loaded, affected) }, status: 422 });
  const db = c.get('db');
  const [written] = await db.batch(
    removeExceptionStatements(db, {
      ...ownerActor(c, loaded),
      staffId: loaded.groomer.id,
      exceptionId: exception.id,
      day: keep ? null : dayAndPeriods(exception.date, hours, timeZone),
      detail: exceptionDetail(exception, affected.length),
    }),
  );
  if (written.rowsAffected === 0 && again) return removeException(c, body, await loadGroomer(c), false);
  return c.redirect(groomerHref(loaded, written.rowsAffected === 0 ? 'exception-clash' : 'exception-removed'), 303);
}

settingsServicesRoutes.post(`${GROOMER}/exceptions/remove`, async (c) => {
  const body = await form(c);
  return removeException(c, body, await loadGroomer(c), true);
});
