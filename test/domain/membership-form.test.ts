import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  checkDate,
  checkMembershipChange,
  checkMembershipPlanForm,
  membershipActions,
  membershipPlanFormValues,
} from '../../src/domain/membership-form';

const form = (over: Record<string, string> = {}) =>
  membershipPlanFormValues({ name: ' Daycare club ', perks: '10% off baths', price: '49.99', period: 'month', ...over });

describe('checkMembershipPlanForm', () => {
  it('reads a plan in minor units; perks are optional', () => {
    expect(checkMembershipPlanForm(form(), 'USD')).toEqual({
      ok: true,
      value: { name: 'Daycare club', perks: '10% off baths', priceMinor: 4999, period: 'month' },
    });
    expect(checkMembershipPlanForm(form({ perks: '' }), 'USD')).toMatchObject({ ok: true, value: { perks: null } });
  });
  it.each([
    [{ price: '' }, 'price', 'Enter a price'],
    [{ price: '-5' }, 'price', 'cannot be negative'],
    [{ price: '5.5' }, 'price', 'whole numbers'],
    [{ period: 'fortnight' }, 'period', 'every week, month or year'],
    [{ name: '' }, 'name', 'Give the plan a name'],
    [{ perks: 'p'.repeat(301) }, 'perks', '300 characters'],
  ])('refuses %j at %s', (over, field, message) => {
    const r = checkMembershipPlanForm(form(over), 'JPY');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field as keyof typeof r.errors]).toContain(message);
  });
});

describe('addPeriod', () => {
  it('adds a week, a month or a year, keeping the day or the month’s last one', () => {
    expect(addPeriod('2027-12-28', 'week')).toBe('2028-01-04');
    expect(addPeriod('2027-01-31', 'month')).toBe('2027-02-28');
    expect(addPeriod('2028-01-31', 'month')).toBe('2028-02-29');
    expect(addPeriod('2027-12-15', 'month')).toBe('2028-01-15');
    expect(addPeriod('2028-02-29', 'year')).toBe('2029-02-28');
    expect(addPeriod('2027-03-10', 'year')).toBe('2028-03-10');
  });
});

describe('checkDate', () => {
  it('takes a real date in range and says what is wrong otherwise', () => {
    expect(checkDate('2027-05-01', '2027-05-01', '2027-05-01', 'renewal')).toEqual({ ok: true, day: '2027-05-01' });
    expect(checkDate('2027-04-30', '2027-05-01', '2027-05-01', 'renewal')).toMatchObject({ ok: false, message: 'The next renewal is today or later.' });
    expect(checkDate('2027-02-30', '2027-05-01', '2026-05-01', 'start')).toMatchObject({ ok: false, message: expect.stringContaining('real date') });
    expect(checkDate('', '2027-05-01', '2026-05-01', 'start')).toMatchObject({ ok: false, message: 'Enter the day it starts.' });
    expect(checkDate('2040-01-01', '2027-05-01', '2026-05-01', 'start')).toMatchObject({ ok: false, message: expect.stringContaining('5 years') });
  });
});

describe('checkMembershipChange', () => {
  it('pauses and cancels an active one, resumes or cancels a paused one', () => {
    expect(checkMembershipChange('active', 'paused')).toEqual({ ok: true, to: 'paused' });
    expect(checkMembershipChange('active', 'canceled')).toEqual({ ok: true, to: 'canceled' });
    expect(checkMembershipChange('paused', 'active')).toEqual({ ok: true, to: 'active' });
    expect(checkMembershipChange('paused', 'canceled')).toEqual({ ok: true, to: 'canceled' });
    expect(membershipActions('active').map((a) => a.label)).toEqual(['Pause', 'Cancel membership']);
    expect(membershipActions('canceled')).toEqual([]);
  });
  it('never changes a canceled one, nor to the status it has, nor to a made-up one', () => {
    expect(checkMembershipChange('canceled', 'paused')).toMatchObject({
      ok: false,
      message: expect.stringContaining('A canceled membership cannot be paused'),
    });
    expect(checkMembershipChange('canceled', 'active')).toMatchObject({ ok: false, message: expect.stringContaining('cannot be resumed') });
    expect(checkMembershipChange('paused', 'paused')).toMatchObject({ ok: false, message: expect.stringContaining('already paused') });
    expect(checkMembershipChange('active', 'frozen')).toMatchObject({ ok: false });
  });
});
