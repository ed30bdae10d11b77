/**
 * The console's store-credit form as pure rules (console part 2, item 3): add or deduct an
 * amount typed in major units, with a reason and optionally the appointment it is for. Whether
 * the balance may go below zero is decided with the ledger, in SQL (queries/console-credit.ts);
 * this only says what is wrong with what was typed.
 */
import { lineProblem, NAME_MESSAGES } from './name-text';
import { decimalsMessage, parsePrice, type PriceProblem } from './service-form';

export const CREDIT_REASON_MAX = 200;

/** The amount field's words for each way parsePrice refuses it (decimals: decimalsMessage). */
const AMOUNT_MESSAGES: Record<Exclude<PriceProblem, 'decimals'>, string> = {
  missing: 'Enter the amount, e.g. 25.00.',
  negative: 'An amount cannot be negative: choose “Deduct credit” instead.',
  number: 'Enter the amount as a number, e.g. 25.00, without the currency sign.',
  tooBig: 'Enter an amount under 1,000,000.',
};

export type CreditField = 'direction' | 'amount' | 'reason' | 'appointment';

export interface CreditFormValues {
  direction: string;
  amount: string;
  reason: string;
  appointment: string;
  allowNegative: boolean;
  /** The form's submission key (one per form shown), or '' when missing or malformed. */
  key: string;
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
    key: /^[A-Za-z0-9_-]{16,32}$/.test(s('key')) ? s('key') : '',
  };
}

/** `appointmentIds`: the client's appointments an entry may name. */
export function checkCreditForm(v: CreditFormValues, currency: string, appointmentIds: readonly string[]): CreditFormResult {
  const errors: Partial<Record<CreditField, string>> = {};
  if (v.direction !== 'add' && v.direction !== 'deduct') errors.direction = 'Choose whether to add credit or deduct it.';
  const price = parsePrice(v.amount, currency);
  if (!price.ok) errors.amount = price.problem === 'decimals' ? decimalsMessage(currency, 'amounts') : AMOUNT_MESSAGES[price.problem];
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
