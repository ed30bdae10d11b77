/**
 * Packages in the console (issue 14 item 4): the business's package plans with the form to add
 * one and a Retire button each; a client's packages (what is left, when bought and by whom, when
 * it expires, which visits used it) with the form to sell a plan and the form to use a package
 * for a finished visit by hand. Plain forms; view models in, markup out.
 */
import type { PackagePlanField, PackagePlanFormValues, UseField } from '../../src/domain/package-form';
import { SelectField } from '../booking/steps';
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export interface PlanRow {
  id: string;
  name: string;
  covers: string;
  service: string;
  quantity: number;
  price: string;
  validity: string;
  retired: boolean;
}

function SwitchNote({ enabled, businessId, noun }: { enabled: boolean; businessId: string; noun: string }) {
  return enabled ? null : (
    <p class="notice" id="feature-off">
      {noun} are off for this business: clients do not see them in their portal. An owner can turn them on in{' '}
      <a href={`/manage/${businessId}/settings`}>Settings</a>.
    </p>
  );
}

export function PackagePlansPage(p: {
  businessId: string;
  enabled: boolean;
  currency: string;
  plans: PlanRow[];
  serviceOptions: { value: string; label: string }[];
  values: PackagePlanFormValues;
  errors: Partial<Record<PackagePlanField, string>>;
  notice?: string | null;
  error?: string | null;
}) {
  const v = p.values;
  const e = p.errors;
  const onSale = p.plans.filter((x) => !x.retired);
  const retired = p.plans.filter((x) => x.retired);
  const row = (x: PlanRow) => (
    <li id={`plan-${x.id}`} class="card">
      <strong>{x.name}</strong> · {x.price}
      <br />
      <span class="small">
        {x.covers} · {x.quantity} × {x.service} · {x.validity}
      </span>
      {x.retired ? (
        <p class="muted small">Retired: no longer sold. Clients keep the packages they bought.</p>
      ) : (
        <form method="post" action={`/manage/${p.businessId}/packages/${x.id}/retire`}>
          <button type="submit" class="secondary">
            Retire {x.name}
          </button>
        </form>
      )}
    </li>
  );
  return (
    <section aria-labelledby="packages-heading">
      <h1 id="packages-heading">Packages</h1>
      <SwitchNote enabled={p.enabled} businessId={p.businessId} noun="Packages" />
      <Notice text={p.notice} />
      {p.error ? (
        <p class="error" role="alert">
          {p.error}
        </p>
      ) : null}
      <p class="muted small">
        Sell a package from a client’s page (Clients → the client → Packages). A visit the package covers uses one when you check it out on the schedule.
      </p>
      <h2>On sale</h2>
      {onSale.length === 0 ? <p>No package plans yet. Add one below.</p> : null}
      <ul class="settings-list">{onSale.map(row)}</ul>
      <form method="post" action={`/manage/${p.businessId}/packages`} class="card" novalidate>
        <h2>Add a package plan</h2>
        <input type="hidden" name="key" value={v.key} />
        <Field id="name" name="name" label="Name" value={v.name} error={e.name} maxlength={80} hint="e.g. 10 daycare days" />
        <Field id="covers" name="covers" label="What it covers (the client reads it)" value={v.covers} error={e.covers} maxlength={200} />
        <SelectField
          id="serviceType"
          name="serviceType"
          label="Visits that use it"
          error={e.serviceType}
          options={p.serviceOptions.map((o) => ({ value: o.value, label: o.label, checked: o.value === v.serviceType }))}
        />
        <Field id="quantity" name="quantity" label="How many visits" inputmode="numeric" value={v.quantity} error={e.quantity} />
        <Field id="price" name="price" label={`Price (${p.currency})`} inputmode="text" value={v.price} error={e.price} />
        <Field
          id="validityDays"
          name="validityDays"
          label="Valid for (days after the sale)"
          inputmode="numeric"
          value={v.validityDays}
          error={e.validityDays}
          hint="Leave empty for no expiry."
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

export interface HeldPackageRow {
  id: string;
  name: string;
  covers: string;
  remaining: number;
  total: number;
  bought: string;
  soldBy: string | null;
  price: string | null;
  expires: string;
  state: 'expired' | 'used_up' | null;
  uses: { when: string; visit: string; by: string | null }[];
}

export interface UseFormValues {
  package: string;
  appointment: string;
  key: string;
}

export function ClientPackagesPage(p: {
  businessId: string;
  clientId: string;
  clientName: string;
  enabled: boolean;
  packages: HeldPackageRow[];
  plans: { id: string; label: string }[];
  sell: { plan: string; key: string; error?: string };
  use: UseFormValues & { errors: Partial<Record<UseField, string>> };
  packageOptions: { id: string; label: string }[];
  visitOptions: { id: string; label: string }[];
  notice?: string | null;
}) {
  const base = `/manage/${p.businessId}/clients/${p.clientId}/packages`;
  return (
    <section aria-labelledby="client-packages-heading">
      <p>
        <a href={`/manage/${p.businessId}/clients/${p.clientId}`}>← {p.clientName}</a>
      </p>
      <h1 id="client-packages-heading">Packages · {p.clientName}</h1>
      <SwitchNote enabled={p.enabled} businessId={p.businessId} noun="Packages" />
      <Notice text={p.notice} />
      {p.packages.length === 0 ? <p>No packages yet.</p> : null}
      <ul class="settings-list">
        {p.packages.map((x) => (
          <li id={`package-${x.id}`} class="card">
            <h2>
              {x.name}{' '}
              {x.state === 'expired' ? <span class="status s-canceled">Expired</span> : x.state === 'used_up' ? <span class="status">Used up</span> : null}
            </h2>
            <dl>
              <dt>Covers</dt>
              <dd>{x.covers}</dd>
              <dt>Remaining</dt>
              <dd class="remaining">
                {x.remaining} of {x.total}
              </dd>
              <dt>Bought</dt>
              <dd>
                {x.bought}
                {x.price ? ` · ${x.price}` : ''}
                {x.soldBy ? ` · sold by ${x.soldBy}` : ''}
              </dd>
              <dt>{x.state === 'expired' ? 'Expired' : 'Expires'}</dt>
              <dd>{x.expires}</dd>
            </dl>
            {x.uses.length ? (
              <>
                <h3>Used for</h3>
                <ul class="uses">
                  {x.uses.map((u) => (
                    <li>
                      {u.visit} <span class="muted small">· recorded {u.when}</span>
                      {u.by ? <span class="muted small"> by {u.by}</span> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <form method="post" action={base} class="card" novalidate>
        <h2>Sell a package</h2>
        <p class="muted small">Take the payment as you usually do: Pawtal records the sale, it does not charge the client.</p>
        <input type="hidden" name="key" value={p.sell.key} />
        {p.plans.length === 0 && !p.sell.error ? (
          <p>
            No package plans on sale. <a href={`/manage/${p.businessId}/packages`}>Add a package plan</a> first.
          </p>
        ) : (
          <>
            <SelectField
              id="plan"
              name="plan"
              label="Package plan"
              error={p.sell.error}
              options={[
                { value: '', label: 'Choose a plan', checked: p.sell.plan === '' },
                ...p.plans.map((x) => ({ value: x.id, label: x.label, checked: x.id === p.sell.plan })),
              ]}
            />
            <button type="submit">Record the sale</button>
          </>
        )}
      </form>
      {(p.packageOptions.length && p.visitOptions.length) || Object.keys(p.use.errors).length ? (
        <form method="post" action={`${base}/use`} class="card" novalidate>
          <h2>Use a package for a finished visit</h2>
          <p class="muted small">Checking a visit out on the schedule does this by itself. Here for a visit it did not cover then.</p>
          <input type="hidden" name="key" value={p.use.key} />
          <SelectField
            id="package"
            name="package"
            label="Package"
            error={p.use.errors.package}
            options={[
              { value: '', label: 'Choose a package', checked: p.use.package === '' },
              ...p.packageOptions.map((x) => ({ value: x.id, label: x.label, checked: x.id === p.use.package })),
            ]}
          />
          <SelectField
            id="appointment"
            name="appointment"
            label="Finished visit"
            error={p.use.errors.appointment}
            options={[
              { value: '', label: 'Choose a visit', checked: p.use.appointment === '' },
              ...p.visitOptions.map((x) => ({ value: x.id, label: x.label, checked: x.id === p.use.appointment })),
            ]}
          />
          <button type="submit">Use one</button>
        </form>
      ) : null}
    </section>
  );
}
