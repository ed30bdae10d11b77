import { describe, expect, it } from 'vitest';
import { canonicalLocale, contrastWithWhite, isCurrency, isTimeZone, parseProfile, parseRules } from '../../src/domain/business-settings';

describe('contrastWithWhite', () => {
  it('follows WCAG 2: white on black is 21:1, on white 1:1, #767676 just passes AA', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastWithWhite('#767676')).toBeGreaterThanOrEqual(4.5);
    expect(contrastWithWhite('#777777')).toBeLessThan(4.5);
    expect(contrastWithWhite('#0b5fa5')).toBeGreaterThan(4.5); // Pawtal's own blue
  });
});

describe('zone, locale and currency checks', () => {
  it('knows IANA zones, BCP 47 locales and ISO 4217 codes', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(canonicalLocale('en-gb')).toBe('en-GB');
    expect(canonicalLocale('en_US')).toBeNull();
    expect(isCurrency('GBP')).toBe(true);
    expect(isCurrency('GB')).toBe(false);
  });
});

describe('parseProfile', () => {
  const form = {
    name: '  Harbour Hounds ',
    phone: '020 7946 0155',
    address: 'Line 1\r\nLine 2',
    timeZone: 'Europe/London',
    country: 'gb',
    locale: 'en-gb',
    currency: 'gbp',
    offers_grooming: '1',
    accentColour: '#135',
  };
  it('normalises what it keeps: trimmed name, international phone, upper-case codes, six-digit colour', () => {
    const r = parseProfile(form);
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'Harbour Hounds',
        phone: '+44 20 7946 0155',
        address: 'Line 1\nLine 2',
        timeZone: 'Europe/London',
        country: 'GB',
        locale: 'en-GB',
        currency: 'GBP',
        offersBoarding: false,
        offersDaycare: false,
        offersGrooming: true,
        offersTraining: false,
        accentColour: '#113355',
      },
    });
  });
  it('refuses every bad field at once', () => {
    const r = parseProfile({ name: '', country: 'XX', timeZone: 'x', locale: '', currency: 'x', accentColour: '#fff' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['accentColour', 'country', 'currency', 'locale', 'name', 'serviceTypes', 'timeZone']);
  });
});

describe('parseRules', () => {
  const base = {
    boardingNightlyCapacity: '12',
    daycareDailyCapacity: '20',
    minNoticeHours: '24',
    bookingHorizonDays: '90',
    slotIntervalMinutes: '15',
    maxDaysPerRequest: '14',
    maxLiveRequestsPerDay: '3',
    depositRule: 'fixed',
    depositFixed: '25.50',
    changePolicy: 'until_hours_before',
    changePolicyHours: '48',
    vaccinationPolicy: 'flag',
    waitlistAllowed: '1',
  };
  it('stores a fixed deposit in minor units and a percentage in basis points', () => {
    const fixed = parseRules(base, 'USD');
    expect(fixed.ok && fixed.value).toMatchObject({
      depositRule: 'fixed',
      depositValue: 2550,
      changePolicyHours: 48,
      waitlistAllowed: true,
      onlineBookingEnabled: false,
    });
    const pct = parseRules({ ...base, depositRule: 'percentage', depositPercent: '12.5 %' }, 'USD');
    expect(pct.ok && pct.value.depositValue).toBe(1250);
  });
  it('keeps no change-policy hours when changes are not allowed', () => {
    const r = parseRules({ ...base, changePolicy: 'not_allowed' }, 'USD');
    expect(r.ok && r.value.changePolicyHours).toBeNull();
  });
  it('refuses an account id without a feed, and a feed that is not https', () => {
    const r = parseRules({ ...base, idogcamAccountId: 'acc_1' }, 'USD');
    expect(!r.ok && r.errors.idogcamFeedUrl).toContain('feed address too');
    const s = parseRules({ ...base, idogcamFeedUrl: 'https://user:pw@cam.example/x' }, 'USD');
    expect(!s.ok && s.errors.idogcamFeedUrl).toContain('https://');
  });
});
