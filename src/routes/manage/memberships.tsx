/**
 * Memberships in the console (issue 14 item 4): the business's membership plans (add, retire —
 * members keep theirs) at /manage/:businessId/memberships, and a client's memberships at
 * /manage/:businessId/clients/:clientId/memberships: start one from a plan (the next renewal one
 * period after the start), pause, resume, cancel (which clears the next renewal) and change the
 * next renewal date. Thin routes: the rules are domain/membership-form.ts, the conditional
 * writes queries/console-memberships.ts; each write is one batch with its audit row.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { unreadCountStatement } from '../../db/queries/console';
import {
  addMembershipPlanStatements,
  changeMembershipStatements,
  clientMembershipsStatements,
  membershipPlansStatements,
  retireMembershipPlanStatements,
  setRenewalStatements,
  startMembershipStatements,
} from '../../db/queries/console-memberships';
import { MEMBERSHIP_PERIODS } from '../../db/schema';
import { newId, randomToken } from '../../domain/ids';
import {
  addPeriod,
  checkDate,
  checkMembershipChange,
  checkMembershipPlanForm,
  membershipActions,
  membershipPlanFormValues,
  PERIOD_WORDS,
  STATUS_WORDS,
  type MembershipPeriod,
  type MembershipPlanField,
  type MembershipPlanFormValues,
  type MembershipStatus,
} from '../../domain/membership-form';
import { formatMoney } from '../../domain/money';
import { checkPlanChoice, submissionKey } from '../../domain/package-form';
import { addDays, localDateString } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireStaff } from '../../middleware/console';
import { formatCalendarDate } from '../../../templates/components/calendar-date';
import { ClientMembershipsPage, MembershipPlansPage, type MembershipRowError } from '../../../templates/manage/memberships';
import { consolePage } from './page';

export const consoleMembershipRoutes = new Hono<AppEnv>();

const PLANS = '/manage/:businessId/memberships';
const CLIENT = '/manage/:businessId/clients/:clientId/memberships';

const key = () => randomToken(16);
const emptyPlan = (): MembershipPlanFormValues => ({ name: '', perks: '', price: '', period: 'month', key: key() });
const PER: Record<MembershipPeriod, string> = { week: 'a week', month: 'a month', year: 'a year' };

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

// ---- Plans -------------------------------------------------------------------------------------

async function loadPlans(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const db = c.get('db');
  const loaded = await loadStaff(c, (tokenHash, now) => ({
    ...membershipPlansStatements(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(loaded.staff, businessId);
  return { ...loaded, m, businessId };
}

type LoadedPlans = Awaited<ReturnType<typeof loadPlans>>;

function renderPlans(
  c: Context<AppEnv>,
  l: LoadedPlans,
  extra: { values?: MembershipPlanFormValues; errors?: Partial<Record<MembershipPlanField, string>>; notice?: string | null; status?: 200 | 422 } = {},
) {
  const { m, results: r } = l;
  return consolePage(
    c,
    'Memberships',
    { staff: l.staff, membership: m, unread: Number(r.unread[0]?.unread ?? 0), current: 'memberships' },
    () => (
      <MembershipPlansPage
        businessId={l.businessId}
        enabled={!!r.switches[0]?.membershipsEnabled}
        currency={m.currency}
        plans={r.plans.map((x) => ({
          id: x.id,
          name: x.name,
          perks: x.perks,
          price: `${formatMoney(x.priceMinor, m.currency, m.locale)} ${PER[x.period]}`,
          retired: x.retiredAt !== null,
        }))}
        periodOptions={MEMBERSHIP_PERIODS.map((p) => ({ value: p, label: PERIOD_WORDS[p] }))}
        values={extra.values ?? emptyPlan()}
        errors={extra.errors ?? {}}
        notice={extra.notice}
      />
    ),
    extra.status,
  );
}

const PLAN_DONE: Record<string, string> = {
  added: 'Membership plan added. Start it from a client’s page.',
  retired: 'Plan retired: it is no longer offered. Members keep their memberships.',
};

consoleMembershipRoutes.get(PLANS, async (c) => {
  const l = await loadPlans(c);
  return renderPlans(c, l, { notice: PLAN_DONE[c.req.query('done') ?? ''] ?? null });
});

consoleMembershipRoutes.post(PLANS, async (c) => {
  const l = await loadPlans(c);
  const posted = membershipPlanFormValues(await c.req.parseBody());
  const values = posted.key ? posted : { ...posted, key: key() };
  const checked = checkMembershipPlanForm(values, l.m.currency);
  if (!checked.ok) return renderPlans(c, l, { values, errors: checked.errors, status: 422 });
  await c.get('db').batch(addMembershipPlanStatements(c.get('db'), actor(c, l), { id: `mpl_${values.key}`, ...checked.value }));
  return c.redirect(`/manage/${l.businessId}/memberships?done=added`, 303);
});

consoleMembershipRoutes.post(`${PLANS}/:planId/retire`, async (c) => {
  const l = await loadPlans(c);
  const plan = l.results.plans.find((x) => x.id === c.req.param('planId'));
  if (!plan) throw new HTTPException(404);
  if (plan.retiredAt === null) await c.get('db').batch(retireMembershipPlanStatements(c.get('db'), actor(c, l), plan.id, plan.name));
  return c.redirect(`/manage/${l.businessId}/memberships?done=retired#plan-${plan.id}`, 303);
});

// ---- A client's memberships --------------------------------------------------------------------

async function loadClient(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const clientId = c.req.param('clientId')!;
  const db = c.get('db');
  const loaded = await loadStaff(c, (tokenHash, now) => ({
    ...clientMembershipsStatements(db, { businessId, tokenHash, now }, clientId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(loaded.staff, businessId);
  const client = loaded.results.client[0];
  if (!client) throw new HTTPException(404);
  return { ...loaded, m, client, businessId, clientId, today: localDateString(loaded.now, m.timeZone) };
}

type LoadedClient = Awaited<ReturnType<typeof loadClient>>;

interface StartValues {
  plan: string;
  startedOn: string;
  key: string;
  errors: { plan?: string; startedOn?: string };
}

function renderClient(
  c: Context<AppEnv>,
  l: LoadedClient,
  extra: { start?: StartValues; rowError?: MembershipRowError | null; notice?: string | null; status?: 200 | 409 | 422 } = {},
) {
  const { m, results: r } = l;
  const day = (d: string) => formatCalendarDate(d, m.locale);
  const name = `${l.client.firstName} ${l.client.lastName}`;
  return consolePage(
    c,
    `Memberships · ${name}`,
    { staff: l.staff, membership: m, unread: Number(r.unread[0]?.unread ?? 0), current: 'clients' },
    () => (
      <ClientMembershipsPage
        businessId={l.businessId}
        clientId={l.clientId}
        clientName={name}
        enabled={!!r.switches[0]?.membershipsEnabled}
        memberships={r.memberships.map((x) => ({
          id: x.id,
          planName: x.planName,
          status: x.status,
          statusLabel: STATUS_WORDS[x.status],
          perks: x.perks,
          price: `${formatMoney(x.priceMinor, x.currency, m.locale)} ${PER[x.period]}`,
          started: x.startedOn ? day(x.startedOn) : null,
          nextRenewal: x.nextRenewalOn ? day(x.nextRenewalOn) : null,
          nextRenewalOn: x.nextRenewalOn,
          canEditRenewal: x.status !== 'canceled',
          actions: membershipActions(x.status),
        }))}
        plans={r.plans
          .filter((x) => x.retiredAt === null)
          .map((x) => ({ id: x.id, label: `${x.name} · ${formatMoney(x.priceMinor, m.currency, m.locale)} ${PER[x.period]}` }))}
        start={extra.start ?? { plan: '', startedOn: l.today, key: key(), errors: {} }}
        rowError={extra.rowError}
        today={l.today}
        notice={extra.notice}
      />
    ),
    extra.status,
  );
}

const CLIENT_DONE: Record<string, string> = {
  started: 'Membership started. The client sees it in their portal.',
  active: 'Membership resumed.',
  paused: 'Membership paused. Its next renewal date is kept.',
  canceled: 'Membership canceled. It will not renew.',
  renewal: 'Next renewal date changed.',
};

const back = (l: LoadedClient, done: string, id?: string) =>
  `/manage/${l.businessId}/clients/${l.clientId}/memberships?done=${done}${id ? `#membership-${id}` : ''}`;

consoleMembershipRoutes.get(CLIENT, async (c) => {
  const l = await loadClient(c);
  return renderClient(c, l, { notice: CLIENT_DONE[c.req.query('done') ?? ''] ?? null });
});

consoleMembershipRoutes.post(CLIENT, async (c) => {
  const l = await loadClient(c);
  const form = await c.req.parseBody();
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).slice(0, 100) : '');
  const start: StartValues = { plan: text('plan'), startedOn: text('startedOn'), key: submissionKey(form) || key(), errors: {} };
  const choice = checkPlanChoice(
    start.plan,
    l.results.plans.map((x) => ({ id: x.id, retired: x.retiredAt !== null })),
    'membership',
  );
  if (!choice.ok) start.errors.plan = choice.message;
  const date = checkDate(start.startedOn, l.today, addDays(l.today, -366), 'start');
  if (!date.ok) start.errors.startedOn = date.message;
  const plan = l.results.plans.find((x) => x.id === start.plan);
  if (!choice.ok || !date.ok || !plan) return renderClient(c, l, { start, status: 422 });
  const db = c.get('db');
  const id = `mbr_${start.key}`;
  const [, , saved] = await db.batch(
    startMembershipStatements(db, actor(c, l), {
      id,
      clientId: l.clientId,
      planId: plan.id,
      planName: plan.name,
      currency: l.m.currency,
      startedOn: date.day,
      nextRenewalOn: addPeriod(date.day, plan.period),
    }),
  );
  if (saved.length === 0) {
    const fresh = await loadClient(c);
    return renderClient(c, fresh, {
      start: { ...start, errors: { plan: 'That plan was retired just now and is no longer offered. Nothing was started.' } },
      status: 409,
    });
  }
  return c.redirect(back(l, 'started', id), 303);
});

consoleMembershipRoutes.post(`${CLIENT}/:membershipId/status`, async (c) => {
  const l = await loadClient(c);
  const held = l.results.memberships.find((x) => x.id === c.req.param('membershipId'));
  if (!held) throw new HTTPException(404);
  const form = await c.req.parseBody();
  const to = typeof form.to === 'string' ? form.to : '';
  // A double tap or a second window: already so, nothing to do.
  if (to === held.status) return c.redirect(back(l, to, held.id), 303);
  const check = checkMembershipChange(held.status, to);
  if (!check.ok) return renderClient(c, l, { rowError: { id: held.id, message: check.message }, status: 409 });
  const db = c.get('db');
  const [, updated] = await db.batch(
    changeMembershipStatements(db, actor(c, l), {
      membershipId: held.id,
      clientId: l.clientId,
      from: held.status,
      to: check.to,
      resumeRenewalOn: addPeriod(l.today, held.period),
    }),
  );
  if (updated.length === 0) {
    const fresh = await loadClient(c);
    const now = fresh.results.memberships.find((x) => x.id === held.id);
    if (now?.status === check.to) return c.redirect(back(l, check.to, held.id), 303);
    const status: MembershipStatus | undefined = now?.status;
    return renderClient(c, fresh, {
      rowError: {
        id: held.id,
        message: `Someone changed this membership since your page was loaded: it is now ${status ? STATUS_WORDS[status].toLowerCase() : 'gone'}. Nothing was changed.`,
      },
      status: 409,
    });
  }
  return c.redirect(back(l, check.to, held.id), 303);
});

consoleMembershipRoutes.post(`${CLIENT}/:membershipId/renewal`, async (c) => {
  const l = await loadClient(c);
  const held = l.results.memberships.find((x) => x.id === c.req.param('membershipId'));
  if (!held) throw new HTTPException(404);
  const form = await c.req.parseBody();
  const typed = typeof form.nextRenewalOn === 'string' ? form.nextRenewalOn.slice(0, 40) : '';
  if (held.status === 'canceled') {
    return renderClient(c, l, {
      rowError: { id: held.id, message: 'A canceled membership does not renew: start a new one instead. Nothing was changed.' },
      status: 409,
    });
  }
  const date = checkDate(typed, l.today, l.today, 'renewal');
  if (!date.ok) return renderClient(c, l, { rowError: { id: held.id, renewalError: date.message, renewal: typed }, status: 422 });
  const db = c.get('db');
  const [, updated] = await db.batch(
    setRenewalStatements(db, actor(c, l), { membershipId: held.id, clientId: l.clientId, nextRenewalOn: date.day, was: held.nextRenewalOn }),
  );
  if (updated.length === 0) {
    const fresh = await loadClient(c);
    return renderClient(c, fresh, {
      rowError: { id: held.id, message: 'This membership was canceled since your page was loaded. Nothing was changed.' },
      status: 409,
    });
  }
  return c.redirect(back(l, 'renewal', held.id), 303);
});
