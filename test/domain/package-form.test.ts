import { describe, expect, it } from 'vitest';
import {
  checkPackagePlanForm,
  checkPackageUse,
  checkPlanChoice,
  packageExpiresOn,
  packagePlanFormValues,
  type HeldPackage,
} from '../../src/domain/package-form';

const form = (over: Record<string, string> = {}) =>
  packagePlanFormValues({
    name: ' 10 daycare days ',
    covers: 'Ten full days',
    serviceType: 'daycare',
    quantity: '10',
    price: '250.00',
    validityDays: '90',
    ...over,
  });

describe('checkPackagePlanForm', () => {
  it('reads a plan in minor units, trimmed; an empty service type is any, an empty validity is never', () => {
    expect(checkPackagePlanForm(form(), 'USD')).toEqual({
      ok: true,
      value: { name: '10 daycare days', covers: 'Ten full days', serviceType: 'daycare', quantity: 10, priceMinor: 25000, validityDays: 90 },
    });
    expect(checkPackagePlanForm(form({ serviceType: '', validityDays: '' }), 'JPY')).toMatchObject({ ok: false });
    expect(checkPackagePlanForm(form({ serviceType: '', validityDays: '', price: '2500' }), 'JPY')).toMatchObject({
      ok: true,
      value: { serviceType: null, validityDays: null, priceMinor: 2500 },
    });
  });
  it.each([
    [{ quantity: '0' }, 'quantity', 'at least 1'],
    [{ quantity: '' }, 'quantity', 'how many visits'],
    [{ quantity: '2.5' }, 'quantity', 'whole number'],
    [{ quantity: '1001' }, 'quantity', 'at most 1000'],
    [{ price: '-1' }, 'price', 'cannot be negative'],
    [{ price: 'ten' }, 'price', 'as a number'],
    [{ price: '1.234' }, 'price', 'at most 2 decimals'],
    [{ validityDays: '0' }, 'validityDays', 'at least 1 day'],
    [{ validityDays: 'soon' }, 'validityDays', 'whole number'],
    [{ serviceType: 'swimming' }, 'serviceType', 'Choose the service'],
    [{ name: '' }, 'name', 'Give the package a name'],
    [{ name: '\u200b' }, 'name', 'invisible'],
    [{ covers: 'x'.repeat(201) }, 'covers', '200 characters'],
  ])('refuses %j at %s', (over, field, message) => {
    const r = checkPackagePlanForm(form(over), 'USD');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field as keyof typeof r.errors]).toContain(message);
  });
  it('names every bad field at once', () => {
    const r = checkPackagePlanForm(form({ name: '', quantity: '0', price: '' }), 'USD');
    expect(r.ok === false && Object.keys(r.errors).sort()).toEqual(['name', 'price', 'quantity']);
  });
});

describe('packageExpiresOn', () => {
  it('counts the validity in calendar days from the sale, across months and leap days', () => {
    expect(packageExpiresOn('2027-01-31', 30)).toBe('2027-03-02');
    expect(packageExpiresOn('2028-02-28', 1)).toBe('2028-02-29');
    expect(packageExpiresOn('2027-01-31', null)).toBeNull();
  });
});

describe('checkPlanChoice', () => {
  const plans = [
    { id: 'ppl_a', retired: false },
    { id: 'ppl_b', retired: true },
  ];
  it('takes a plan on sale and refuses an unknown, another business’s or a retired one', () => {
    expect(checkPlanChoice('ppl_a', plans, 'package')).toEqual({ ok: true });
    expect(checkPlanChoice('', plans, 'package')).toMatchObject({ ok: false, message: 'Choose a package plan.' });
    expect(checkPlanChoice('ppl_other', plans, 'package')).toMatchObject({ ok: false, message: expect.stringContaining('not this business’s') });
    expect(checkPlanChoice('ppl_b', plans, 'membership')).toMatchObject({ ok: false, message: expect.stringContaining('retired') });
  });
});

describe('checkPackageUse', () => {
  const pkg = (over: Partial<HeldPackage> = {}): HeldPackage => ({
    id: 'cpk_a',
    name: 'Daycare 10',
    remainingQuantity: 3,
    expiresOn: '2027-06-30',
    serviceType: 'daycare',
    ...over,
  });
  const visit = { id: 'apt_a', serviceType: 'daycare' as const, usedPackageName: null };
  const today = '2027-05-01';
  it('allows a covered, unexpired package with some left', () => {
    expect(checkPackageUse('cpk_a', 'apt_a', [pkg()], [visit], today)).toEqual({ ok: true });
    expect(checkPackageUse('cpk_a', 'apt_a', [pkg({ serviceType: null })], [{ ...visit, serviceType: 'grooming' }], today)).toEqual({ ok: true });
    expect(checkPackageUse('cpk_a', 'apt_a', [pkg({ expiresOn: today })], [visit], today)).toEqual({ ok: true });
  });
  it('refuses a visit that already used a package, as a conflict', () => {
    const r = checkPackageUse('cpk_a', 'apt_a', [pkg()], [{ ...visit, usedPackageName: 'Daycare 10' }], today);
    expect(r).toMatchObject({ ok: false, conflict: true, errors: { appointment: expect.stringContaining('already used Daycare 10') } });
  });
  it.each([
    [{ expiresOn: '2027-04-30' }, 'expired on 2027-04-30'],
    [{ remainingQuantity: 0 }, 'used up'],
    [{ serviceType: 'grooming' as const }, 'covers grooming visits'],
  ])('refuses %j', (over, message) => {
    expect(checkPackageUse('cpk_a', 'apt_a', [pkg(over)], [visit], today)).toMatchObject({ ok: false, errors: { package: expect.stringContaining(message) } });
  });
  it('refuses someone else’s package or visit at its field', () => {
    expect(checkPackageUse('cpk_x', 'apt_x', [pkg()], [visit], today)).toMatchObject({
      ok: false,
      errors: { package: expect.stringContaining('this client’s packages'), appointment: expect.stringContaining('finished visits') },
    });
  });
});
