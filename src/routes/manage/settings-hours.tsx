/**
 * Settings (console part 3, item 2): weekly opening hours per service type, closed dates with
 * the reason parents see, drop-off and pick-up windows. Owners only (staff 403, another
 * business 404). Each form is checked at its fields (opening-hours-form.ts) and re-rendered with
 * what was typed on refusal (422, nothing saved). A change that would leave live appointments
 * outside the hours, or on a closed day, is refused with the list of them unless the owner ticks
 * "Keep the existing appointments". Every change is one batch with its audit row, then 303 to the
 * page with a notice, so a reload is safe. Ids travel in the form body (no path parameters).
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { SERVICE_TYPES, type ServiceType } from '../../db/schema';
import {
  addClosedDateStatements,
  addWindowStatements,
  hoursPageStatements,
  removeClosedDateStatements,
  removeWindowStatements,
  saveHoursStatements,
} from '../../db/queries/settings-hours';
import type { OpeningHours, Weekday } from '../../domain/availability';
import { newId } from '../../domain/ids';
import {
  MAX_PERIODS_PER_DAY,
  MAX_REASON_LENGTH,
  WEEKDAY_NAMES,
  WEEK_ORDER,
  checkClosedDate,
  checkWeek,
  checkWindow,
  parseScope,
  readClosedDate,
  readWeek,
  readWindow,
  replaceScope,
  visitsLeftOut,
  visitsOnDate,
  weekOf,
  type ClosedDateInput,
  type HoursScope,
  type LiveVisit,
  type WeekInput,
  type WindowInput,
} from '../../domain/opening-hours-form';
import { addDays, formatClock, formatDate, formatDateTimeRange, localDateString, startOfDayUtc, timeZoneLabel, zonedDateTimeToUtc } from '../../domain/time';
import { serviceTypeLabel } from '../../../templates/appointments/labels';
import { HoursPage, type AffectedVisit, type DayRows } from '../../../templates/manage/settings-hours';
import { loadOwnerPage, ownerPage, ownerActor } from './owner-page';

export const settingsHoursRoutes = new Hono<AppEnv>();

const PATH = '/manage/:businessId/settings/hours';

function load(c: Context<AppEnv>, businessId: string, withLive: boolean) {
  const db = c.get('db');
  // The zone is known only after this batch: closed dates are read from the day before UTC's
  // today (every zone's today is on or after it), the business's own today applied after.
  return loadOwnerPage(c, businessId, (tokenHash, now) =>
    hoursPageStatements(db, businessId, tokenHash, now, addDays(localDateString(now, 'UTC'), -1), withLive),
  );
}

type Loaded = Awaited<ReturnType<typeof load>>;

function today(loaded: Loaded): string {
  return localDateString(loaded.now, loaded.m.timeZone);
}

/** The scopes of the hours form: shared, then each service type the business offers. */
function scopesOf(loaded: Loaded): { value: HoursScope; label: string }[] {
  const b = loaded.results.business[0];
  const offered: Record<ServiceType, boolean> = {
    boarding: Boolean(b?.offersBoarding),
    daycare: Boolean(b?.offersDaycare),
    grooming: Boolean(b?.offersGrooming),
    training: Boolean(b?.offersTraining),
  };
  return [{ value: 'all', label: 'Every service (shared)' }, ...SERVICE_TYPES.filter((t) => offered[t]).map((t) => ({ value: t, label: serviceTypeLabel(t) }))];
}

function storedHours(loaded: Loaded): OpeningHours[] {
  return loaded.results.hours.map((h) => ({ weekday: h.weekday as Weekday, opens: h.opens, closes: h.closes, serviceType: h.serviceType ?? null }));
}

function scopeRows(hours: OpeningHours[], scope: HoursScope): OpeningHours[] {
  const type = scope === 'all' ? null : scope;
  return hours.filter((h) => (h.serviceType ?? null) === type);
}

type LiveRow = LiveVisit & { firstName: string; lastName: string };

function liveVisits(loaded: Loaded): LiveRow[] {
  return loaded.results.live.map((v) => ({ ...v, startsAt: v.startsAt.getTime(), endsAt: v.endsAt.getTime() }));
}

function affectedView(loaded: Loaded, visits: LiveRow[], day: (v: LiveRow) => string): AffectedVisit[] {
  const { businessId, timeZone: tz, locale } = loaded.m;
  return visits.map((v) => ({
    id: v.id,
    client: `${v.firstName} ${v.lastName}`,
    what: serviceTypeLabel(v.serviceType),
    when: `${formatDateTimeRange(v.startsAt, v.endsAt, tz, locale)} ${timeZoneLabel(tz, v.startsAt, locale)}`,
    href: `/manage/${businessId}/schedule?day=${day(v)}`,
  }));
}

const periodsText = (rows: { opens: string; closes: string }[]) => rows.map((r) => `${r.opens}–${r.closes}`).join(', ');

interface PageState {
  scope: HoursScope;
  notice?: string | null;
  week?: WeekInput;
  hoursErrors?: Record<string, string>;
  hoursAffected?: AffectedVisit[];
  closedForm?: ClosedDateInput & { errors: Record<string, string>; affected?: AffectedVisit[] };
  windowForm?: WindowInput & { errors: Record<string, string> };
}

function render(c: Context<AppEnv>, loaded: Loaded, s: PageState, status: 200 | 422 = 200) {
  const { m } = loaded;
  const tz = m.timeZone;
  const hours = storedHours(loaded);
  const scopes = scopesOf(loaded);
  const scopeLabel = scopes.find((x) => x.value === s.scope)?.label ?? 'Every service (shared)';
  const week = s.week ?? weekOf(scopeRows(hours, s.scope));
  const shared = weekOf(scopeRows(hours, 'all'));
  const days: DayRows[] = WEEK_ORDER.map((weekday) => {
    const rows = week[weekday] ?? [];
    return {
      weekday,
      name: WEEKDAY_NAMES[weekday],
      rows,
      slots: Math.min(MAX_PERIODS_PER_DAY, rows.length + 1),
      fallback: s.scope === 'all' ? undefined : `Shared hours: ${shared[weekday]?.length ? periodsText(shared[weekday]) : 'closed'}.`,
    };
  });
  const dateLabel = (date: string) => formatDate(zonedDateTimeToUtc(date, '12:00', tz), tz, m.locale);
  const todayDate = today(loaded);
  return ownerPage(
    c,
    { title: 'Hours and closures', section: 'settings', staff: loaded.staff, m, unread: loaded.unread },
    () => (
      <HoursPage
        businessId={m.businessId}
        notice={s.notice ?? null}
        zoneNote={`Times are in the business's time zone, ${tz} (${timeZoneLabel(tz, loaded.now, m.locale)}).`}
        scope={s.scope}
        scopes={scopes}
        scopeLabel={scopeLabel}
        days={days}
        hoursErrors={s.hoursErrors ?? {}}
        hoursAffected={s.hoursAffected ?? []}
        closed={loaded.results.closed.filter((d) => d.date >= todayDate).map((d) => ({ date: d.date, label: dateLabel(d.date), reason: d.reason }))}
        closedForm={{
          date: s.closedForm?.date ?? '',
          reason: s.closedForm?.reason ?? '',
          errors: s.closedForm?.errors ?? {},
          affected: s.closedForm?.affected ?? [],
        }}
        today={todayDate}
        maxReason={MAX_REASON_LENGTH}
        windows={loaded.results.windows.map((w) => ({
          id: w.id,
          kind: w.kind === 'drop_off' ? 'Drop-off' : 'Pick-up',
          range: `${formatClock(w.starts, m.locale)}–${formatClock(w.ends, m.locale)}`,
        }))}
        windowForm={{ kind: s.windowForm?.kind ?? '', starts: s.windowForm?.starts ?? '', ends: s.windowForm?.ends ?? '', errors: s.windowForm?.errors ?? {} }}
      />
    ),
    status,
  );
}

const NOTICES: Record<string, string> = {
  hours: 'Opening hours saved. Parents see them at their next page view.',
  closed: 'Day closed. Parents see it, with its reason, at their next page view.',
  reopened: 'Day reopened.',
  window: 'Window added.',
  window_removed: 'Window removed.',
  unchanged: 'Nothing was changed: the page was out of date. Check it below and try again.',
};

function scopeOr(loaded: Loaded, raw: unknown): HoursScope | null {
  const scope = parseScope(raw);
  return scope && scopesOf(loaded).some((s) => s.value === scope) ? scope : null;
}

const base = (businessId: string) => `/manage/${businessId}/settings/hours`;

settingsHoursRoutes.get(PATH, async (c) => {
  const loaded = await load(c, c.req.param('businessId'), false);
  return render(c, loaded, { scope: scopeOr(loaded, c.req.query('for')) ?? 'all', notice: NOTICES[c.req.query('done') ?? ''] ?? null });
});

settingsHoursRoutes.post(PATH, async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const loaded = await load(c, businessId, true);
  const scope = scopeOr(loaded, form.scope);
  if (!scope) throw new HTTPException(400, { message: 'Choose whose hours to set from the page.' });
  const week = readWeek(form);
  const checked = checkWeek(week);
  if (!checked.ok) return render(c, loaded, { scope, week, hoursErrors: checked.errors }, 422);
  const before = storedHours(loaded);
  const after = replaceScope(before, scope, checked.periods);
  const tz = loaded.m.timeZone;
  const leftOut = visitsLeftOut(before, after, liveVisits(loaded), tz, loaded.now);
  if (leftOut.length > 0 && form.keep !== '1') {
    return render(c, loaded, { scope, week, hoursAffected: affectedView(loaded, leftOut, (v) => localDateString(v.startsAt, tz)) }, 422);
  }
  const label = scopesOf(loaded).find((s) => s.value === scope)!.label;
  const saved = weekOf(checked.periods);
  const detail = `${label}: ${WEEK_ORDER.map((d) => `${WEEKDAY_NAMES[d].slice(0, 3)} ${saved[d]?.length ? periodsText(saved[d]) : '—'}`).join('; ')}${leftOut.length ? ` (${leftOut.length} appointments kept)` : ''}`;
  const db = c.get('db');
  await db.batch(
    saveHoursStatements(db, {
      ...ownerActor(c, loaded),
      scope: scope === 'all' ? null : scope,
      periods: checked.periods.map((p) => ({ id: newId('hrs'), weekday: p.weekday, opens: p.opens, closes: p.closes })),
      detail,
    }),
  );
  return c.redirect(`${base(businessId)}?for=${scope}&done=hours`, 303);
});

settingsHoursRoutes.post(`${PATH}/closed-dates`, async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const loaded = await load(c, businessId, true);
  const input = readClosedDate(form);
  const tz = loaded.m.timeZone;
  const checked = checkClosedDate(
    input,
    today(loaded),
    loaded.results.closed.map((d) => d.date),
  );
  if (!checked.ok) return render(c, loaded, { scope: 'all', closedForm: { ...input, errors: checked.errors } }, 422);
  const keep = form.keep === '1';
  const affected = visitsOnDate(liveVisits(loaded), checked.date, tz, loaded.now);
  if (affected.length > 0 && !keep) {
    return render(c, loaded, { scope: 'all', closedForm: { ...input, errors: {}, affected: affectedView(loaded, affected, () => checked.date) } }, 422);
  }
  const db = c.get('db');
  const [, , applied] = await db.batch(
    addClosedDateStatements(db, {
      ...ownerActor(c, loaded),
      date: checked.date,
      reason: checked.reason,
      keep,
      dayStart: startOfDayUtc(checked.date, tz),
      dayEnd: startOfDayUtc(addDays(checked.date, 1), tz),
    }),
  );
  return c.redirect(`${base(businessId)}?done=${applied.length > 0 ? 'closed' : 'unchanged'}`, 303);
});

settingsHoursRoutes.post(`${PATH}/closed-dates/remove`, async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const loaded = await load(c, businessId, false);
  const date = typeof form.date === 'string' ? form.date.slice(0, 40) : '';
  const db = c.get('db');
  const [, , applied] = await db.batch(removeClosedDateStatements(db, { ...ownerActor(c, loaded), date }));
  return c.redirect(`${base(businessId)}?done=${applied.length > 0 ? 'reopened' : 'unchanged'}`, 303);
});

settingsHoursRoutes.post(`${PATH}/windows`, async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const loaded = await load(c, businessId, false);
  const input = readWindow(form);
  const checked = checkWindow(input, loaded.results.windows);
  if (!checked.ok) return render(c, loaded, { scope: 'all', windowForm: { ...input, errors: checked.errors } }, 422);
  const db = c.get('db');
  const [, , applied] = await db.batch(
    addWindowStatements(db, { ...ownerActor(c, loaded), id: newId('win'), kind: checked.kind, starts: checked.starts, ends: checked.ends }),
  );
  return c.redirect(`${base(businessId)}?done=${applied.length > 0 ? 'window' : 'unchanged'}`, 303);
});

settingsHoursRoutes.post(`${PATH}/windows/remove`, async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const loaded = await load(c, businessId, false);
  const windowId = typeof form.id === 'string' ? form.id.slice(0, 100) : '';
  const db = c.get('db');
  const [, , applied] = await db.batch(removeWindowStatements(db, { ...ownerActor(c, loaded), windowId }));
  return c.redirect(`${base(businessId)}?done=${applied.length > 0 ? 'window_removed' : 'unchanged'}`, 303);
});
