import { describe, expect, it } from 'vitest';
import { checkCreditForm, creditFormValues } from '../../src/domain/credit-entry';

const form = (over: Record<string, string> = {}) => creditFormValues({ direction: 'add', amount: '12.50', reason: ' Refund ', ...over });

describe('checkCreditForm', () => {
  it('adds in minor units and deducts as a negative amount, the reason trimmed', () => {
    expect(checkCreditForm(form(), 'USD', [])).toEqual({ ok: true, amountMinor: 1250, reason: 'Refund', appointmentId: null });
    expect(checkCreditForm(form({ direction: 'deduct', amount: '3' }), 'USD', [])).toMatchObject({ ok: true, amountMinor: -300 });
    expect(checkCreditForm(form({ amount: '1500' }), 'JPY', [])).toMatchObject({ ok: true, amountMinor: 1500 });
  });
  it('links only one of the client’s own appointments', () => {
    expect(checkCreditForm(form({ appointment: 'apt_a' }), 'USD', ['apt_a'])).toMatchObject({ ok: true, appointmentId: 'apt_a' });
    const r = checkCreditForm(form({ appointment: 'apt_b' }), 'USD', ['apt_a']);
    expect(r.ok === false && r.errors.appointment).toContain('this client’s appointments');
  });
  it('names every bad field at once', () => {
    const r = checkCreditForm(creditFormValues({ direction: 'x', amount: '1.5', reason: '\u200b' }), 'JPY', []);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors).sort()).toEqual(['amount', 'direction', 'reason']);
      expect(r.errors.amount).toContain('whole numbers');
    }
  });
  it('reads only an owner’s explicit tick as allowing a negative balance', () => {
    expect(creditFormValues({ allowNegative: '1' }).allowNegative).toBe(true);
    expect(creditFormValues({ allowNegative: 'yes' }).allowNegative).toBe(false);
  });
});
