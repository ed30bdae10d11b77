/**
 * Memberships in the console (issue 14 item 4): the business's membership plans with the form
 * to add one and a Retire button each; a client's memberships (status, perks, price and period,
 * when it started, the next renewal) with Pause / Resume / Cancel, a form to change the next
 * renewal date, and the form to start one from a plan. Plain forms; view models in, markup out.
 */
import type { MembershipPlanField, MembershipPlanFormValues } from '../../src/domain/membership-form';
import { SelectField } from '../booking/steps';
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export interface MembershipPlanRow {
  id: string;
  name: string;
  perks: string | null;
  price: string;
  retired: boolean;
}

function SwitchNote({ enabled, businessId }: { enabled: boolean; businessId: string }) {
  return enabled ? null : (
    <p class="notice" id="feature-off">
      Memberships are off for this business: clients do not see them in their portal. An owner can turn them on in{' '}
      <a href={`/manage/${businessId}/settings`}>Settings</a>.
    </p>
  );
}

export function MembershipPlansPage(p: {
  businessId: string;
  enabled: boolean;
  currency: string;
  plans: MembershipPlanRow[];
  periodOptions: { value: string; label: string }[];
  values: MembershipPlanFormValues;
  errors: Partial<Record<MembershipPlanField, string>>;
  notice?: string | null;
}) {
  const v = p.values;
  const e = p.errors;
  const row = (x: MembershipPlanRow) => (
    <li id={`plan-${x.id}`} class="card">
      <strong>{x.name}</strong> · {x.price}
      {x.perks ? (
        <>
          <br />
          <span class="small">{x.perks}</span>
        </>
      ) : null}
      {x.retired ? (
        <p class="muted small">Retired: no longer offered. Members keep their memberships.</p>
      ) : (
        <form method="post" action={`/manage/${p.businessId}/memberships/${x.id}/retire`}>
          <button type="submit" class="secondary">
            Retire {x.name}
          </button>
        </form>
      )}
    </li>
  );
  const onSale = p.plans.filter((x) => !x.retired);
  const retired = p.plans.filter((x) => x.retired);
  return (
    <section aria-labelledby="memberships-heading">
      <h1 id="memberships-heading">Memberships</h1>
      <SwitchNote enabled={p.enabled} businessId={p.businessId} />
      <Notice text={p.notice} />
      <p class="muted small">Start a membership from a client’s page (Clients → the client → Memberships). Payment is outside Pawtal.</p>
      <h2>Offered</h2>
      {onSale.length === 0 ? <p>No membership plans yet. Add one below.</p> : null}
      <ul class="settings-list">{onSale.map(row)}</ul>
      <form method="post" action={`/manage/${p.businessId}/memberships`} class="card" novalidate>
        <h2>Add a membership plan</h2>
        <input type="hidden" name="key" value={v.key} />
        <Field id="name" name="name" label="Name" value={v.name} error={e.name} maxlength={80} hint="e.g. Daycare club" />
        <Field id="perks" name="perks" label="Perks (optional, the client reads them)" value={v.perks} error={e.perks} maxlength={300} />
        <Field id="price" name="price" label={`Price (${p.currency})`} inputmode="text" value={v.price} error={e.price} />
        <SelectField
          id="period"
          name="period"
          label="Renews"
          error={e.period}
          options={p.periodOptions.map((o) => ({ value: o.value, label: o.label, checked: o.value === v.period }))}
        />
        <button type="submit">Add plan</button>
      </form>
      {retired.length ? (
        <>
          <h2>Retired</h2>
          <ul class="settings-list">{retired.map(row)}</ul>
        </>
      ) : null}
    </section>
  );
}

const STATUS_CLASS: Record<string, string> = { active: 's-confirmed', paused: 's-requested', canceled: 's-canceled' };

export interface HeldMembershipRow {
  id: string;
  planName: string;
  status: string;
  statusLabel: string;
  perks: string | null;
  price: string;
  started: string | null;
  nextRenewal: string | null;
  /** YYYY-MM-DD, for the date field. */
  nextRenewalOn: string | null;
  canEditRenewal: boolean;
  actions: { to: string; label: string }[];
}

export interface MembershipRowError {
  id: string;
  message?: string;
  renewalError?: string;
  renewal?: string;
}

export function ClientMembershipsPage(p: {
  businessId: string;
  clientId: string;
  clientName: string;
  enabled: boolean;
  memberships: HeldMembershipRow[];
  plans: { id: string; label: string }[];
  start: { plan: string; startedOn: string; key: string; errors: { plan?: string; startedOn?: string } };
  rowError?: MembershipRowError | null;
  today: string;
  notice?: string | null;
}) {
  const base = `/manage/${p.businessId}/clients/${p.clientId}/memberships`;
  return (
    <section aria-labelledby="client-memberships-heading">
      <p>
        <a href={`/manage/${p.businessId}/clients/${p.clientId}`}>← {p.clientName}</a>
      </p>
      <h1 id="client-memberships-heading">Memberships · {p.clientName}</h1>
      <SwitchNote enabled={p.enabled} businessId={p.businessId} />
      <Notice text={p.notice} />
      {p.memberships.length === 0 ? <p>No memberships yet.</p> : null}
      <ul class="settings-list">
        {p.memberships.map((x) => {
          const err = p.rowError?.id === x.id ? p.rowError : null;
          return (
            <li id={`membership-${x.id}`} class="card">
              <h2>
                {x.planName} <span class={`status ${STATUS_CLASS[x.status] ?? ''}`}>{x.statusLabel}</span>
              </h2>
              {err?.message ? (
                <p class="error" id={`membership-${x.id}-error`} role="alert">
                  {err.message}
                </p>
              ) : null}
              <dl>
                {x.perks ? (
                  <>
                    <dt>Perks</dt>
                    <dd>{x.perks}</dd>
                  </>
                ) : null}
                <dt>Price</dt>
                <dd>{x.price}</dd>
                {x.started ? (
                  <>
                    <dt>Started</dt>
                    <dd>{x.started}</dd>
                  </>
                ) : null}
                <dt>Next renewal</dt>
                <dd class="next-renewal">{x.nextRenewal ?? 'None'}</dd>
              </dl>
              {x.actions.length ? (
                <div class="actions">
                  {x.actions.map((a) => (
                    <form method="post" action={`${base}/${x.id}/status`}>
                      <input type="hidden" name="from" value={x.status} />
                      <input type="hidden" name="to" value={a.to} />
                      <button type="submit" class={a.to === 'canceled' ? 'secondary' : undefined} aria-label={`${a.label}: ${x.planName}`}>
                        {a.label}
                      </button>
                    </form>
                  ))}
                </div>
              ) : null}
              {x.canEditRenewal ? (
                <form method="post" action={`${base}/${x.id}/renewal`}>
                  <Field
                    id={`renewal-${x.id}`}
                    name="nextRenewalOn"
                    label={`Next renewal date for ${x.planName}`}
                    type="date"
                    min={p.today}
                    value={err?.renewal ?? x.nextRenewalOn ?? ''}
                    error={err?.renewalError}
                  />
                  <button type="submit" class="secondary">
                    Change date
                  </button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
      <form method="post" action={base} class="card" novalidate>
        <h2>Start a membership</h2>
        <p class="muted small">Take the payment as you usually do: Pawtal records the membership, it does not charge the client.</p>
        <input type="hidden" name="key" value={p.start.key} />
        {p.plans.length === 0 && !p.start.errors.plan ? (
          <p>
            No membership plans offered. <a href={`/manage/${p.businessId}/memberships`}>Add a membership plan</a> first.
          </p>
        ) : (
          <>
            <SelectField
              id="plan"
              name="plan"
              label="Membership plan"
              error={p.start.errors.plan}
              options={[
                { value: '', label: 'Choose a plan', checked: p.start.plan === '' },
                ...p.plans.map((x) => ({ value: x.id, label: x.label, checked: x.id === p.start.plan })),
              ]}
            />
            <Field id="startedOn" name="startedOn" label="Starts on" type="date" value={p.start.startedOn} error={p.start.errors.startedOn} />
            <button type="submit">Start membership</button>
          </>
        )}
      </form>
    </section>
  );
}
