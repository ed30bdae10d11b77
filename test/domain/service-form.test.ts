/**
 * The services settings forms as pure rules: prices in major units into minor units per
 * currency, the service / add-on fields, a groomer's working periods, and the appointments a
 * removal would touch.
 */
import { describe, expect, it } from 'vitest';
import {
  appointmentsInPeriod,
  appointmentsOutside,
  appointmentsWithServices,
  dayAndPeriods,
  decimalsMessage,
  EXCEPTION_MESSAGES,
  exceptionOverlapMessage,
  overlapMessage,
  parseAddOnForm,
  parseExceptionForm,
  parsePeriodForm,
  parsePrice,
  parseServiceForm,
  periodOccurrences,
  PERIOD_MESSAGES,
  PRICE_MESSAGES,
  priceInput,
  SERVICE_MESSAGES,
  serviceFormValues,
} from '../../src/domain/service-form';
import { zonedDateTimeToUtc } from '../../src/domain/time';

describe('parsePrice', () => {
  it.each([
    ['45.50', 'USD', 4550],
    ['45.5', 'USD', 4550],
    ['45', 'USD', 4500],
    [' 0 ', 'USD', 0],
    ['.99', 'USD', 99],
    ['007.10', 'GBP', 710],
    ['1500', 'JPY', 1500],
    ['1.250', 'KWD', 1250],
    ['999999.99', 'USD', 99999999],
  ])('reads %s %s as %i minor units', (typed, currency, minor) => {
    expect(parsePrice(typed, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['', 'USD', PRICE_MESSAGES.missing, 'missing'],
    ['  ', 'USD', PRICE_MESSAGES.missing, 'missing'],
    ['-5', 'USD', PRICE_MESSAGES.negative, 'negative'],
    ['-0.50', 'USD', PRICE_MESSAGES.negative, 'negative'],
    ['abc', 'USD', PRICE_MESSAGES.number, 'number'],
    ['$45', 'USD', PRICE_MESSAGES.number, 'number'],
    ['45,50', 'EUR', PRICE_MESSAGES.number, 'number'],
    ['1e3', 'USD', PRICE_MESSAGES.number, 'number'],
    ['45.505', 'USD', 'USD prices have at most 2 decimals, e.g. 45.50.', 'decimals'],
    ['1500.5', 'JPY', 'JPY prices are whole numbers, without decimals.', 'decimals'],
    ['1.2345', 'KWD', decimalsMessage('KWD'), 'decimals'],
    ['1000000', 'USD', PRICE_MESSAGES.tooBig, 'tooBig'],
  ])('refuses %j in %s', (typed, currency, message, problem) => {
    expect(parsePrice(typed, currency)).toEqual({ ok: false, problem, message });
  });

  it('shows minor units back as typed', () => {
    expect(priceInput(4550, 'USD')).toBe('45.50');
    expect(priceInput(5, 'USD')).toBe('0.05');
    expect(priceInput(1500, 'JPY')).toBe('1500');
    expect(priceInput(1250, 'KWD')).toBe('1.250');
  });
});

const good = { name: 'Full groom', type: 'grooming', duration: '60', price: '45.50', species: ['dog', 'cat', 'other'], vaccinations: '' };

describe('parseServiceForm', () => {
  const opts = { currency: 'USD', offered: ['grooming', 'daycare'] as const };

  it('reads a service: every species is null, vaccinations tidied', () => {
    const r = parseServiceForm({ ...good, vaccinations: ' Rabies , bordetella,, rabies ' }, opts);
    expect(r).toMatchObject({
      ok: true,
      value: { name: 'Full groom', type: 'grooming', durationMinutes: 60, priceMinor: 4550, speciesAllowed: null, requiredVaccinations: 'Rabies,bordetella' },
    });
    expect(parseServiceForm({ ...good, species: ['dog'] }, opts)).toMatchObject({ ok: true, value: { speciesAllowed: 'dog' } });
  });

  it.each([
    ['name', '', SERVICE_MESSAGES.nameMissing],
    ['name', 'x'.repeat(81), SERVICE_MESSAGES.nameLong],
    ['type', 'boarding', SERVICE_MESSAGES.type],
    ['type', 'spa', SERVICE_MESSAGES.type],
    ['duration', '0', SERVICE_MESSAGES.serviceDuration],
    ['duration', '1441', SERVICE_MESSAGES.serviceDuration],
    ['duration', '1.5', SERVICE_MESSAGES.durationNumber],
    ['price', '-1', PRICE_MESSAGES.negative],
    ['vaccinations', 'Rabies; DROP TABLE', SERVICE_MESSAGES.vaccinationChar],
  ])('refuses %s %j with its message, keeping what was typed', (field, value, message) => {
    const r = parseServiceForm({ ...good, [field]: value }, opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({ [field]: message });
    expect(r.values[field as 'name']).toBe(value);
  });

  it('refuses no species', () => {
    const r = parseServiceForm({ ...good, species: [] }, opts);
    expect(r.ok ? null : r.errors).toEqual({ species: SERVICE_MESSAGES.species });
  });

  it('keeps an existing service type even if it is no longer offered', () => {
    expect(parseServiceForm({ ...good, type: 'spa' }, { ...opts, offered: [], fixedType: 'boarding' })).toMatchObject({
      ok: true,
      value: { type: 'boarding' },
    });
  });

  it('round-trips an existing service into the form', () => {
    const v = serviceFormValues(
      { name: 'Bath', type: 'grooming', durationMinutes: 30, priceMinor: 3000, speciesAllowed: 'dog,cat', requiredVaccinations: 'Rabies,Bordetella' },
      'USD',
    );
    expect(v).toEqual({ name: 'Bath', type: 'grooming', duration: '30', price: '30.00', species: ['dog', 'cat'], vaccinations: 'Rabies, Bordetella' });
  });
});

describe('parseAddOnForm', () => {
  const opts = { currency: 'GBP', offered: ['grooming'] as const };
  it('reads an add-on for any service, no extra time by default', () => {
    expect(parseAddOnForm({ name: 'Teeth', service_type: '', duration: '', price: '5' }, opts)).toMatchObject({
      ok: true,
      value: { name: 'Teeth', serviceType: null, durationMinutes: 0, priceMinor: 500 },
    });
  });
  it('refuses a type not offered, a long time and a bad price, each at its field', () => {
    const r = parseAddOnForm({ name: 'Teeth', service_type: 'boarding', duration: '481', price: '5.555' }, opts);
    expect(r.ok ? null : r.errors).toEqual({
      serviceType: SERVICE_MESSAGES.addOnType,
      duration: SERVICE_MESSAGES.addOnDuration,
      price: 'GBP prices have at most 2 decimals, e.g. 45.50.',
    });
  });
});

describe('parsePeriodForm', () => {
  const existing = [{ weekday: 1, starts: '09:00', ends: '12:00' }];
  it('reads a period, several a day allowed', () => {
    expect(parsePeriodForm({ weekday: '1', starts: '13:00', ends: '17:30' }, existing)).toMatchObject({
      ok: true,
      value: { weekday: 1, starts: '13:00', ends: '17:30' },
    });
    expect(parsePeriodForm({ weekday: '1', starts: '12:00', ends: '24:00' }, existing).ok).toBe(true);
    expect(parsePeriodForm({ weekday: '2', starts: '9:00', ends: '12:00' }, existing)).toMatchObject({ ok: true, value: { starts: '09:00' } });
  });
  it.each([
    [{ weekday: '7', starts: '09:00', ends: '10:00' }, { weekday: PERIOD_MESSAGES.weekday }],
    [{ weekday: '2', starts: '25:00', ends: '10:00' }, { starts: PERIOD_MESSAGES.time }],
    [{ weekday: '2', starts: '09:00', ends: 'soon' }, { ends: PERIOD_MESSAGES.time }],
    [{ weekday: '2', starts: '10:00', ends: '10:00' }, { ends: PERIOD_MESSAGES.order }],
    [{ weekday: '1', starts: '11:00', ends: '14:00' }, { starts: overlapMessage(existing[0]!) }],
    [{ weekday: '1', starts: '08:00', ends: '09:30' }, { starts: overlapMessage(existing[0]!) }],
  ])('refuses %j', (form, errors) => {
    const r = parsePeriodForm(form, existing);
    expect(r.ok ? null : r.errors).toEqual(errors);
  });
});

describe('the appointments a removal touches', () => {
  const tz = 'Europe/London';
  // Monday 7 Dec 2026
  const a = (id: string, time: string, minutes = 60, serviceId = 'svc_a') => {
    const startsAt = zonedDateTimeToUtc('2026-12-07', time, tz);
    return { appointmentId: id, serviceId, startsAt, endsAt: startsAt + minutes * 60_000 };
  };
  it('finds those running in the removed weekly period, in the business zone', () => {
    const list = [a('one', '09:00'), a('two', '11:30'), a('three', '12:00'), a('one', '09:00', 60, 'svc_b')];
    expect(appointmentsInPeriod(list, { weekday: 1, starts: '09:00', ends: '12:00' }, tz).map((x) => x.appointmentId)).toEqual(['one', 'two']);
    expect(appointmentsInPeriod(list, { weekday: 2, starts: '09:00', ends: '12:00' }, tz)).toEqual([]);
  });
  it('finds those with a removed service', () => {
    const list = [a('one', '09:00', 60, 'svc_a'), a('two', '11:00', 60, 'svc_b')];
    expect(appointmentsWithServices(list, ['svc_b']).map((x) => x.appointmentId)).toEqual(['two']);
  });
});

describe('periodOccurrences', () => {
  it('lists each week the period falls on ahead, in UTC across a DST change', () => {
    const tz = 'America/Los_Angeles';
    // Tue 27 Oct 2026 09:00 LA; DST ends Sun 1 Nov.
    const from = zonedDateTimeToUtc('2026-10-27', '09:00', tz);
    const until = zonedDateTimeToUtc('2026-11-12', '00:00', tz);
    const sundays = periodOccurrences({ weekday: 0, starts: '09:00', ends: '24:00' }, tz, from, until);
    expect(sundays).toEqual([
      { starts: Date.parse('2026-11-01T17:00:00Z'), ends: Date.parse('2026-11-02T08:00:00Z') },
      { starts: Date.parse('2026-11-08T17:00:00Z'), ends: Date.parse('2026-11-09T08:00:00Z') },
    ]);
    // Today's own period counts from now on while it has not ended.
    const tuesdays = periodOccurrences({ weekday: 2, starts: '08:00', ends: '12:00' }, tz, from, until);
    expect(tuesdays.map((o) => new Date(o.starts).toISOString())).toEqual(['2026-10-27T15:00:00.000Z', '2026-11-03T16:00:00.000Z', '2026-11-10T16:00:00.000Z']);
  });
});

describe('parseExceptionForm', () => {
  const today = '2026-12-07';
  const existing = [
    { date: '2026-12-10', starts: '09:00', ends: '12:00' },
    { date: '2026-12-11', starts: null, ends: null },
  ];
  const parse = (form: Record<string, string>) => parseExceptionForm(form, { today, existing });

  it('reads a day off (no times) with its reason, trimmed', () => {
    expect(parse({ date: '2026-12-07', starts: '', ends: '', reason: '  Holiday ' })).toMatchObject({
      ok: true,
      value: { date: '2026-12-07', starts: null, ends: null, reason: 'Holiday' },
    });
  });

  it('reads other hours on a date, and an empty reason as none', () => {
    expect(parse({ date: '2026-12-10', starts: '13:00', ends: '15:30', reason: '' })).toMatchObject({
      ok: true,
      value: { date: '2026-12-10', starts: '13:00', ends: '15:30', reason: null },
    });
  });

  it.each([
    [{ date: '' }, { date: EXCEPTION_MESSAGES.date }],
    [{ date: '2026-02-30' }, { date: EXCEPTION_MESSAGES.date }],
    [{ date: '2026-12-06' }, { date: EXCEPTION_MESSAGES.past }],
    [{ date: '2026-12-08', starts: '09:00' }, { ends: EXCEPTION_MESSAGES.both }],
    [{ date: '2026-12-08', ends: '09:00' }, { starts: EXCEPTION_MESSAGES.both }],
    [
      { date: '2026-12-08', starts: '9am', ends: '25:00' },
      { starts: EXCEPTION_MESSAGES.time, ends: EXCEPTION_MESSAGES.time },
    ],
    [{ date: '2026-12-08', starts: '12:00', ends: '11:00' }, { ends: EXCEPTION_MESSAGES.order }],
    [{ date: '2026-12-08', reason: 'x'.repeat(201) }, { reason: EXCEPTION_MESSAGES.reason }],
    [{ date: '2026-12-11', starts: '09:00', ends: '10:00' }, { date: EXCEPTION_MESSAGES.offAlready }],
    [{ date: '2026-12-10' }, { date: EXCEPTION_MESSAGES.hoursAlready }],
    [{ date: '2026-12-10', starts: '11:00', ends: '14:00' }, { starts: exceptionOverlapMessage({ starts: '09:00', ends: '12:00' }) }],
  ])('refuses %j', (form, errors) => {
    const r = parse(form);
    expect(r.ok ? null : r.errors).toEqual(errors);
  });

  it('keeps what was typed when it refuses', () => {
    const r = parse({ date: '2026-12-06', starts: '10:00', ends: '11:00', reason: 'Vet' });
    expect(r.values).toEqual({ date: '2026-12-06', starts: '10:00', ends: '11:00', reason: 'Vet' });
  });
});

describe('the appointments an exception leaves outside the hours', () => {
  const tz = 'Europe/London';
  const a = (id: string, date: string, time: string, minutes = 60) => {
    const startsAt = zonedDateTimeToUtc(date, time, tz);
    return { appointmentId: id, serviceId: 'svc_a', startsAt, endsAt: startsAt + minutes * 60_000 };
  };
  const list = [a('one', '2026-12-07', '09:00'), a('two', '2026-12-07', '13:30'), a('two', '2026-12-07', '13:30'), a('three', '2026-12-08', '09:00')];

  it('finds every appointment that date on a day off, once each', () => {
    expect(appointmentsOutside(list, '2026-12-07', [], tz).map((x) => x.appointmentId)).toEqual(['one', 'two']);
  });

  it('finds those not wholly inside the hours left that date', () => {
    expect(appointmentsOutside(list, '2026-12-07', [{ starts: '08:00', ends: '14:00' }], tz).map((x) => x.appointmentId)).toEqual(['two']);
    expect(
      appointmentsOutside(
        list,
        '2026-12-07',
        [
          { starts: '08:00', ends: '10:00' },
          { starts: '13:00', ends: '15:00' },
        ],
        tz,
      ),
    ).toEqual([]);
  });

  it('gives the day and the hours as UTC ranges for the database to check', () => {
    expect(dayAndPeriods('2026-07-01', [{ starts: '09:00', ends: '24:00' }], tz)).toEqual({
      dayStart: Date.parse('2026-06-30T23:00:00Z'),
      dayEnd: Date.parse('2026-07-01T23:00:00Z'),
      periods: [{ starts: Date.parse('2026-07-01T08:00:00Z'), ends: Date.parse('2026-07-01T23:00:00Z') }],
    });
  });
});
