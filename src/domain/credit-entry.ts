/**
 * The console's store-credit form as pure rules (console part 2, item 3): add or deduct an
 * amount typed in major units, with a reason and optionally the appointment it is for. Whether
 * the balance may go below zero is decided with the ledger, in SQL (queries/console-credit.ts);
 * this only says what is wrong with what was typed.
 */
import { lineProblem, NAME_MESSAGES } from './name-text';
import { parsePrice } from './service-form';

export const CREDIT_REASON_MAX = 200;

export type CreditField = 'direction' | 'amount' | 'reason' | 'appointment';

export interface CreditFormValues {
  direction: string;
  amount: string;
  reason: string;
  appointment: string;
  allowNegative: boolean;
}

export type CreditFormResult =
  | { ok: true; amountMinor: number; reason: string; appointmentId: string | null }
  | { ok: false; errors: Partial<Record<CreditField, string>> };

export function creditFormValues(form: Record<string, unknown>): CreditFormValues {
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).slice(0, 500) : '');
  return {
    direction: s('direction'),
    amount: s('amount'),
    reason: s('reason').trim(),
    appointment: s('appointment'),
    allowNegative: form.allowNegative === '1',
  };
}

/** `appointmentIds`: the client's appointments an entry may name. */
export function checkCreditForm(v: CreditFormValues, currency: string, appointmentIds: readonly string[]): CreditFormResult {
  const errors: Partial<Record<CreditField, string>> = {};
  if (v.direction !== 'add' && v.direction !== 'deduct') errors.direction = 'Choose whether to add credit or deduct it.';
  const price = parsePrice(v.amount, currency);
  if (v.amount.trim() === '') errors.amount = 'Enter the amount, e.g. 25.00.';
  else if (!price.ok)
    errors.amount = price.message
      .replace(/a price/g, 'an amount')
      .replace(/price/g, 'amount')
      .replace(/Price/g, 'Amount');
  else if (price.minor === 0) errors.amount = 'Enter an amount above zero.';
  if (v.reason === '') errors.reason = 'Say why, e.g. “Refund for the canceled stay” — the client sees it.';
  else if (v.reason.length > CREDIT_REASON_MAX) errors.reason = `Keep the reason to ${CREDIT_REASON_MAX} characters or fewer.`;
  else {
    const problem = lineProblem(v.reason, { name: true });
    if (problem) errors.reason = NAME_MESSAGES[problem];
  }
  if (v.appointment !== '' && !appointmentIds.includes(v.appointment)) errors.appointment = 'Choose one of this client’s appointments, or none.';
  if (Object.keys(errors).length > 0 || !price.ok) return { ok: false, errors };
  return { ok: true, amountMinor: v.direction === 'deduct' ? -price.minor : price.minor, reason: v.reason, appointmentId: v.appointment || null };
}
