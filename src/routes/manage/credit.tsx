/**
 * A client's store credit in the console (console part 2, item 3): the ledger and one write, a
 * new entry. Staff and owners may add or deduct; only an owner may take the balance below zero.
 * The zero floor, the client and the linked appointment are checked in the INSERT itself
 * (queries/console-credit.ts), so two deductions at once never spend the same credit; a refused
 * entry saves nothing and says why. Each form carries a submission key that becomes the entry's
 * id: a double tap, a resend after Back or a second window's copy of the same form saves it once. Each entry has its audit row in the same batch.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { unreadCountStatement } from '../../db/queries/console';
import { addCreditEntryStatements, creditLedgerStatements, LEDGER_LIMIT } from '../../db/queries/console-credit';
import { checkCreditForm, creditFormValues, type CreditField, type CreditFormValues } from '../../domain/credit-entry';
import { newId, randomToken } from '../../domain/ids';
import { formatMoney } from '../../domain/money';
import { formatDate, formatMoment } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireStaff } from '../../middleware/console';
import { serviceTypeLabel } from '../../../templates/appointments/labels';
import { CreditLedger } from '../../../templates/manage/credit';
import { consolePage } from './page';

export const consoleCreditRoutes = new Hono<AppEnv>();

const PATH = '/manage/:businessId/clients/:clientId/credit';
const empty = (): CreditFormValues => ({ direction: 'add', amount: '', reason: '', appointment: '', allowNegative: false, key: randomToken(16) });

async function load(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const clientId = c.req.param('clientId')!;
  const db = c.get('db');
  const loaded = await loadStaff(c, (tokenHash, now) => ({
    ...creditLedgerStatements(db, { businessId, tokenHash, now }, clientId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(loaded.staff, businessId);
  const client = loaded.results.client[0];
  if (!client) throw new HTTPException(404);
  return { ...loaded, m, client, businessId, clientId };
}

type Loaded = Awaited<ReturnType<typeof load>>;

function render(
  c: Context<AppEnv>,
  l: Loaded,
  extra: {
    values?: CreditFormValues;
    errors?: Partial<Record<CreditField, string>>;
    formError?: string;
    notice?: string | null;
    status?: 200 | 409 | 422;
  } = {},
) {
  const { m, results: r } = l;
  const money = (minor: number, currency: string, sign: 'auto' | 'exceptZero' = 'auto') => formatMoney(minor, currency, m.locale, sign);
  const balance = r.balances.find((b) => b.currency === m.currency)?.balanceMinor ?? 0;
  const day = (ms: number) => formatDate(ms, m.timeZone, m.locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const appointmentLabel = (a: { serviceType: Parameters<typeof serviceTypeLabel>[0]; startsAt: Date }) =>
    `${serviceTypeLabel(a.serviceType)}, ${day(a.startsAt.getTime())}`;
  return consolePage(
    c,
    `Store credit · ${l.client.firstName} ${l.client.lastName}`,
    { staff: l.staff, membership: m, unread: Number(r.unread[0]?.unread ?? 0), current: 'clients' },
    () => (
      <CreditLedger
        businessId={l.businessId}
        clientId={l.clientId}
        clientName={`${l.client.firstName} ${l.client.lastName}`}
        balance={money(balance, m.currency)}
        otherBalances={r.balances.filter((b) => b.currency !== m.currency && b.balanceMinor !== 0).map((b) => money(b.balanceMinor, b.currency))}
        rows={r.entries.map((e) => ({
          id: e.id,
          amount: money(e.amountMinor, e.currency, 'exceptZero'),
          positive: e.amountMinor > 0,
          when: formatMoment(e.createdAt.getTime(), m.timeZone, m.locale),
          reason: e.reason,
          by: e.byName ? `by ${e.byName}` : 'imported',
          appointment: e.appointmentStartsAt ? day(e.appointmentStartsAt.getTime()) : null,
        }))}
        limit={LEDGER_LIMIT}
        currency={m.currency}
        isOwner={m.role === 'owner'}
        appointments={r.appointments.map((a) => ({ id: a.id, label: appointmentLabel(a) }))}
        values={extra.values ?? empty()}
        errors={extra.errors ?? {}}
        formError={extra.formError}
        notice={extra.notice}
      />
    ),
    extra.status,
  );
}

const DONE: Record<string, string> = {
  added: 'Credit added. The client sees it in their portal.',
  deducted: 'Credit deducted. The client sees it in their portal.',
};

consoleCreditRoutes.get(PATH, async (c) => {
  const l = await load(c);
  return render(c, l, { notice: DONE[c.req.query('done') ?? ''] ?? null });
});

consoleCreditRoutes.post(PATH, async (c) => {
  const l = await load(c);
  const posted = creditFormValues(await c.req.parseBody());
  // A form without its key (an old page) gets one now: it is then a new entry, as the person meant.
  const values = posted.key ? posted : { ...posted, key: randomToken(16) };
  const checked = checkCreditForm(
    values,
    l.m.currency,
    l.results.appointments.map((a) => a.id),
  );
  if (!checked.ok) return render(c, l, { values, errors: checked.errors, status: 422 });
  const allowNegative = values.allowNegative && l.m.role === 'owner';
  const db = c.get('db');
  const [, , saved] = await db.batch(
    addCreditEntryStatements(
      db,
      { businessId: l.businessId, staffAccountId: l.staff.staffAccountId, tokenHash: l.tokenHash, now: l.now, auditId: newId('aud'), ipAddress: clientIp(c) },
      {
        id: `crd_${values.key}`,
        clientId: l.clientId,
        amountMinor: checked.amountMinor,
        currency: l.m.currency,
        reason: checked.reason,
        appointmentId: checked.appointmentId,
        allowNegative,
      },
    ),
  );
  if (saved.length === 0) {
    // Refused by the ledger: the balance (read again, it may have changed) would go below zero.
    const fresh = await load(c);
    const balance = fresh.results.balances.find((b) => b.currency === l.m.currency)?.balanceMinor ?? 0;
    return render(c, fresh, {
      values,
      errors: {
        amount: `That would take the balance below zero: it is ${formatMoney(balance, l.m.currency, l.m.locale)}.${l.m.role === 'owner' ? ' Tick “Allow the balance to go below zero” to deduct it anyway.' : ' Only an owner can allow a negative balance.'}`,
      },
      status: 409,
    });
  }
  return c.redirect(`/manage/${l.businessId}/clients/${l.clientId}/credit?done=${checked.amountMinor > 0 ? 'added' : 'deducted'}`, 303);
});
