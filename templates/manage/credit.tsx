/**
 * A client's store credit in the console: the balance, the append-only ledger (who made each
 * entry, when, why, for which appointment) and the form to add or deduct credit. A mistake is
 * put right with a new entry; nothing here edits or removes one.
 */
import type { CreditField, CreditFormValues } from '../../src/domain/credit-entry';
import { Choices, SelectField } from '../booking/steps';
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export interface LedgerRow {
  id: string;
  amount: string;
  positive: boolean;
  when: string;
  reason: string;
  by: string;
  appointment: string | null;
}

export function CreditLedger(p: {
  businessId: string;
  clientId: string;
  clientName: string;
  balance: string;
  otherBalances: string[];
  rows: LedgerRow[];
  limit: number;
  currency: string;
  isOwner: boolean;
  appointments: { id: string; label: string }[];
  values: CreditFormValues;
  errors: Partial<Record<CreditField, string>>;
  formError?: string | null;
  notice?: string | null;
}) {
  const v = p.values;
  const e = p.errors;
  return (
    <section aria-labelledby="credit-heading">
      <p>
        <a href={`/manage/${p.businessId}/clients/${p.clientId}`}>← {p.clientName}</a>
      </p>
      <h1 id="credit-heading">Store credit · {p.clientName}</h1>
      <Notice text={p.notice} />
      <p class="balance">
        Balance: <strong id="balance">{p.balance}</strong>
        {p.otherBalances.length > 0 ? <span class="muted"> (also {p.otherBalances.join(', ')})</span> : null}
      </p>
      <form method="post" action={`/manage/${p.businessId}/clients/${p.clientId}/credit`} class="card" novalidate>
        <h2>Add or deduct credit</h2>
        <input type="hidden" name="key" value={v.key} />
        {p.formError ? (
          <p class="error" role="alert" id="credit-form-error">
            {p.formError}
          </p>
        ) : null}
        <Choices
          name="direction"
          legend="What to do"
          type="radio"
          error={e.direction}
          options={[
            { value: 'add', label: 'Add credit', checked: v.direction === 'add' },
            { value: 'deduct', label: 'Deduct credit', checked: v.direction === 'deduct' },
          ]}
        />
        <Field id="amount" name="amount" label={`Amount (${p.currency})`} inputmode="text" value={v.amount} error={e.amount} />
        <Field id="reason" name="reason" label="Reason (the client sees it)" value={v.reason} error={e.reason} maxlength={200} />
        <SelectField
          id="appointment"
          name="appointment"
          label="For an appointment (optional)"
          error={e.appointment}
          options={[
            { value: '', label: 'None', checked: v.appointment === '' },
            ...p.appointments.map((a) => ({ value: a.id, label: a.label, checked: a.id === v.appointment })),
          ]}
        />
        {p.isOwner ? (
          <label class="choice">
            <input type="checkbox" name="allowNegative" value="1" checked={v.allowNegative} /> Allow the balance to go below zero (owners only)
          </label>
        ) : null}
        <button type="submit">Save entry</button>
      </form>
      <h2>History</h2>
      {p.rows.length === 0 ? <p>No store credit yet.</p> : null}
      {p.rows.length >= p.limit ? <p class="muted">The {p.limit} most recent entries.</p> : null}
      <ol class="settings-list ledger">
        {p.rows.map((r) => (
          <li id={`entry-${r.id}`} class="card">
            <strong class={r.positive ? 'credit-plus' : 'credit-minus'}>{r.amount}</strong> · {r.reason}
            <br />
            <span class="muted small">
              {r.when} · {r.by}
              {r.appointment ? ` · for ${r.appointment}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
