/**
 * Packages in the console (issue 14 item 4): the business's package plans (add, retire —
 * clients keep what they bought) at /manage/:businessId/packages, and a client's packages at
 * /manage/:businessId/clients/:clientId/packages (sell a plan — payment is outside Pawtal —
 * and use one for a finished visit by hand). Checking a visit out on the schedule uses a
 * covering package by itself (queries/schedule.ts). Thin routes: the form rules are
 * domain/package-form.ts, the conditional writes queries/console-packages.ts; each write is one
 * batch with its audit row, its id from the form's submission key (a double tap writes once).
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { unreadCountStatement } from '../../db/queries/console';
import {
  addPackagePlanStatements,
  clientPackagesStatements,
  packagePlansStatements,
  retirePackagePlanStatements,
  sellPackageStatements,
  usePackageStatements,
} from '../../db/queries/console-packages';
import { SERVICE_TYPES, type ServiceType } from '../../db/schema';
import { newId, randomToken } from '../../domain/ids';
import { formatMoney } from '../../domain/money';
import {
  checkPackagePlanForm,
  checkPackageUse,
  checkPlanChoice,
  packageExpiresOn,
  packagePlanFormValues,
  submissionKey,
  type PackagePlanField,
  type PackagePlanFormValues,
  type UseField,
} from '../../domain/package-form';
import { formatDate, formatMoment, localDateString } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireStaff } from '../../middleware/console';
import { serviceTypeLabel } from '../../../templates/appointments/labels';
import { formatCalendarDate } from '../../../templates/components/calendar-date';
import { ClientPackagesPage, PackagePlansPage, type UseFormValues } from '../../../templates/manage/packages';
import { consolePage } from './page';

export const consolePackageRoutes = new Hono<AppEnv>();

const PLANS = '/manage/:businessId/packages';
const CLIENT = '/manage/:businessId/clients/:clientId/packages';

const key = () => randomToken(16);
const emptyPlan = (): PackagePlanFormValues => ({ name: '', covers: '', serviceType: '', quantity: '', price: '', validityDays: '', key: key() });
const serviceWords = (t: ServiceType | null) => (t ? `${serviceTypeLabel(t)} visits` : 'any visit');

// ---- Plans -------------------------------------------------------------------------------------

async function loadPlans(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const db = c.get('db');
  const loaded = await loadStaff(c, (tokenHash, now) => ({
    ...packagePlansStatements(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(loaded.staff, businessId);
  return { ...loaded, m, businessId };
}

type LoadedPlans = Awaited<ReturnType<typeof loadPlans>>;

function renderPlans(
  c: Context<AppEnv>,
  l: LoadedPlans,
  extra: {
    values?: PackagePlanFormValues;
    errors?: Partial<Record<PackagePlanField, string>>;
    notice?: string | null;
    error?: string | null;
    status?: 200 | 409 | 422;
  } = {},
) {
  const { m, results: r } = l;
  return consolePage(
    c,
    'Packages',
    { staff: l.staff, membership: m, unread: Number(r.unread[0]?.unread ?? 0), current: 'packages' },
    () => (
      <PackagePlansPage
        businessId={l.businessId}
        enabled={!!r.switches[0]?.packagesEnabled}
        currency={m.currency}
        plans={r.plans.map((x) => ({
          id: x.id,
          name: x.name,
          covers: x.covers,
          service: serviceWords(x.serviceType),
          quantity: x.quantity,
          price: formatMoney(x.priceMinor, m.currency, m.locale),
          validity: x.validityDays === null ? 'never expires' : `valid ${x.validityDays} day${x.validityDays === 1 ? '' : 's'}`,
          retired: x.retiredAt !== null,
        }))}
        serviceOptions={[{ value: '', label: 'Any service' }, ...SERVICE_TYPES.map((t) => ({ value: t, label: serviceTypeLabel(t) }))]}
        values={extra.values ?? emptyPlan()}
        errors={extra.errors ?? {}}
        notice={extra.notice}
        error={extra.error}
      />
    ),
    extra.status,
  );
}

const PLAN_DONE: Record<string, string> = {
  added: 'Package plan added. Sell it from a client’s page.',
  retired: 'Plan retired: it is no longer sold. Clients keep the packages they bought.',
};

function actor(c: Context<AppEnv>, l: { businessId: string; staff: { staffAccountId: string }; tokenHash: string; now: number }) {
  return {
    businessId: l.businessId,
    staffAccountId: l.staff.staffAccountId,
    tokenHash: l.tokenHash,
    now: l.now,
    auditId: newId('aud'),
    ipAddress: clientIp(c),
  };
}

consolePackageRoutes.get(PLANS, async (c) => {
  const l = await loadPlans(c);
  return renderPlans(c, l, { notice: PLAN_DONE[c.req.query('done') ?? ''] ?? null });
});

consolePackageRoutes.post(PLANS, async (c) => {
  const l = await loadPlans(c);
  const posted = packagePlanFormValues(await c.req.parseBody());
  const values = posted.key ? posted : { ...posted, key: key() };
  const checked = checkPackagePlanForm(values, l.m.currency);
  if (!checked.ok) return renderPlans(c, l, { values, errors: checked.errors, status: 422 });
  await c.get('db').batch(addPackagePlanStatements(c.get('db'), actor(c, l), { id: `ppl_${values.key}`, ...checked.value }));
  return c.redirect(`/manage/${l.businessId}/packages?done=added`, 303);
});

consolePackageRoutes.post(`${PLANS}/:planId/retire`, async (c) => {
  const l = await loadPlans(c);
  const plan = l.results.plans.find((x) => x.id === c.req.param('planId'));
  if (!plan) throw new HTTPException(404);
  // Already retired (a double tap, a second window): nothing to do, the same answer.
  if (plan.retiredAt === null) await c.get('db').batch(retirePackagePlanStatements(c.get('db'), actor(c, l), plan.id, plan.name));
  return c.redirect(`/manage/${l.businessId}/packages?done=retired#plan-${plan.id}`, 303);
});

// ---- A client's packages -----------------------------------------------------------------------

async function loadClient(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const clientId = c.req.param('clientId')!;
  const db = c.get('db');
  const loaded = await loadStaff(c, (tokenHash, now) => ({
    ...clientPackagesStatements(db, { businessId, tokenHash, now }, clientId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(loaded.staff, businessId);
  const client = loaded.results.client[0];
  if (!client) throw new HTTPException(404);
  const today = localDateString(loaded.now, m.timeZone);
  return { ...loaded, m, client, businessId, clientId, today };
}

type LoadedClient = Awaited<ReturnType<typeof loadClient>>;

/** The rules' view of the client's packages and finished visits. */
function heldAndVisits(l: LoadedClient) {
  const held = l.results.packages.map((x) => ({
    id: x.id,
    name: x.name,
    remainingQuantity: x.remainingQuantity,
    expiresOn: x.expiresOn,
    serviceType: x.planId === null ? undefined : x.serviceType,
  }));
  const visits = l.results.visits.map((v) => ({ id: v.id, serviceType: v.serviceType, usedPackageName: v.usedPackageName }));
  return { held, visits };
}

function renderClient(
  c: Context<AppEnv>,
  l: LoadedClient,
  extra: {
    sell?: { plan: string; key: string; error?: string };
    use?: UseFormValues & { errors: Partial<Record<UseField, string>> };
    notice?: string | null;
    status?: 200 | 409 | 422;
  } = {},
) {
  const { m, results: r } = l;
  const day = (d: string) => formatCalendarDate(d, m.locale);
  const visitLabel = (v: { serviceType: ServiceType; startsAt: Date }) =>
    `${serviceTypeLabel(v.serviceType)}, ${formatDate(v.startsAt, m.timeZone, m.locale, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  const name = `${l.client.firstName} ${l.client.lastName}`;
  return consolePage(
    c,
    `Packages · ${name}`,
    { staff: l.staff, membership: m, unread: Number(r.unread[0]?.unread ?? 0), current: 'clients' },
    () => (
      <ClientPackagesPage
        businessId={l.businessId}
        clientId={l.clientId}
        clientName={name}
        enabled={!!r.switches[0]?.packagesEnabled}
        packages={r.packages.map((x) => {
          const expired = x.expiresOn !== null && x.expiresOn < l.today;
          return {
            id: x.id,
            name: x.name,
            covers: x.covers,
            remaining: x.remainingQuantity,
            total: x.totalQuantity,
            bought: day(x.purchasedOn),
            soldBy: x.soldByName,
            price: x.priceMinor === null ? null : formatMoney(x.priceMinor, m.currency, m.locale),
            expires: x.expiresOn ? day(x.expiresOn) : 'Never',
            state: expired ? 'expired' : x.remainingQuantity === 0 ? 'used_up' : null,
            uses: r.uses
              .filter((u) => u.clientPackageId === x.id)
              .map((u) => ({
                visit: visitLabel({ serviceType: u.visitServiceType, startsAt: u.visitStartsAt }),
                when: formatMoment(u.usedAt.getTime(), m.timeZone, m.locale),
                by: u.byName,
              })),
          };
        })}
        plans={r.plans
          .filter((x) => x.retiredAt === null)
          .map((x) => ({ id: x.id, label: `${x.name} · ${x.quantity} × ${serviceWords(x.serviceType)} · ${formatMoney(x.priceMinor, m.currency, m.locale)}` }))}
        sell={extra.sell ?? { plan: '', key: key() }}
        use={extra.use ?? { package: '', appointment: '', key: key(), errors: {} }}
        packageOptions={r.packages.map((x) => ({ id: x.id, label: `${x.name} · ${x.remainingQuantity} of ${x.totalQuantity} left` }))}
        visitOptions={r.visits.map((v) => ({ id: v.id, label: `${visitLabel(v)}${v.usedPackageName ? ` · used ${v.usedPackageName}` : ''}` }))}
        notice={extra.notice}
      />
    ),
    extra.status,
  );
}

const CLIENT_DONE: Record<string, string> = {
  sold: 'Package sold. The client sees it in their portal.',
  used: 'One visit used from the package.',
};

consolePackageRoutes.get(CLIENT, async (c) => {
  const l = await loadClient(c);
  return renderClient(c, l, { notice: CLIENT_DONE[c.req.query('done') ?? ''] ?? null });
});

consolePackageRoutes.post(CLIENT, async (c) => {
  const l = await loadClient(c);
  const form = await c.req.parseBody();
  const plan = typeof form.plan === 'string' ? form.plan.slice(0, 100) : '';
  const sell = { plan, key: submissionKey(form) || key() };
  const planRow = l.results.plans.find((x) => x.id === plan);
  const choice = checkPlanChoice(
    plan,
    l.results.plans.map((x) => ({ id: x.id, retired: x.retiredAt !== null })),
    'package',
  );
  if (!choice.ok || !planRow) return renderClient(c, l, { sell: { ...sell, error: choice.ok ? 'Choose a package plan.' : choice.message }, status: 422 });
  const db = c.get('db');
  const [, , saved] = await db.batch(
    sellPackageStatements(db, actor(c, l), {
      id: `cpk_${sell.key}`,
      clientId: l.clientId,
      planId: planRow.id,
      planName: planRow.name,
      purchasedOn: l.today,
      expiresOn: packageExpiresOn(l.today, planRow.validityDays),
    }),
  );
  if (saved.length === 0) {
    // The plan was retired since the page was read.
    const fresh = await loadClient(c);
    return renderClient(c, fresh, { sell: { ...sell, error: 'That plan is retired and no longer sold. Nothing was sold.' }, status: 409 });
  }
  return c.redirect(`/manage/${l.businessId}/clients/${l.clientId}/packages?done=sold#package-cpk_${sell.key}`, 303);
});

consolePackageRoutes.post(`${CLIENT}/use`, async (c) => {
  const l = await loadClient(c);
  const form = await c.req.parseBody();
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).slice(0, 100) : '');
  const values: UseFormValues = { package: text('package'), appointment: text('appointment'), key: submissionKey(form) || key() };
  const id = `pku_${values.key}`;
  // A repeat of a form that already wrote (a double tap, Back and send): the same answer, nothing more.
  if (l.results.uses.some((u) => u.id === id)) return c.redirect(`/manage/${l.businessId}/clients/${l.clientId}/packages?done=used`, 303);
  const { held, visits } = heldAndVisits(l);
  const dateLabel = (d: string) => formatCalendarDate(d, l.m.locale);
  const checked = checkPackageUse(values.package, values.appointment, held, visits, l.today, dateLabel);
  if (!checked.ok) return renderClient(c, l, { use: { ...values, errors: checked.errors }, status: checked.conflict ? 409 : 422 });
  const db = c.get('db');
  const written = await db.batch(
    usePackageStatements(db, actor(c, l), {
      id,
      clientId: l.clientId,
      clientPackageId: values.package,
      appointmentId: values.appointment,
      today: l.today,
    }),
  );
  if (written[3].length === 0) {
    // Another use got there first (a second window, a check-out): say what it is now.
    const fresh = await loadClient(c);
    if (fresh.results.uses.some((u) => u.id === id)) return c.redirect(`/manage/${l.businessId}/clients/${l.clientId}/packages?done=used`, 303);
    const again = heldAndVisits(fresh);
    const now = checkPackageUse(values.package, values.appointment, again.held, again.visits, fresh.today, dateLabel);
    return renderClient(c, fresh, {
      use: { ...values, errors: now.ok ? { appointment: 'That visit changed while you were choosing. Nothing was changed — try again.' } : now.errors },
      status: 409,
    });
  }
  return c.redirect(`/manage/${l.businessId}/clients/${l.clientId}/packages?done=used`, 303);
});
