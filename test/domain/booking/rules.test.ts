/**
 * What choices mean on the calendar (pure, node project): parallel groomers, a time that is
 * not on the date shown, the same pet's overlapping visits, species and vaccinations,
 * daycare windows, prices with their unit.
 */
import { describe, expect, it } from 'vitest';
import { checkBooking, planTiming, priceBooking, timeErrors, validateUpTo } from '../../../src/domain/booking';
import { NOW, at, catalogue, day, emptyLoad, state } from '../../helpers/booking-catalogue';

const groom = (petId: string, extra: Partial<{ serviceIds: string[]; staffId: string | null }> = {}) => ({
  petId,
  serviceIds: ['svc_groom'],
  addOnIds: [],
  staffId: null,
  ...extra,
});

describe('grooming times', () => {
  it('puts two pets with "any groomer" side by side when two groomers are free', () => {
    const t = planTiming(state({ type: 'grooming', pets: [groom('pet_rex'), groom('pet_lulu')], start: at(2, '10:00') }), catalogue(), emptyLoad(), NOW);
    expect(t.ok).toBe(true);
    if (!t.ok || t.kind !== 'grooming') return;
    expect(t.segments.map((s) => s.startsAt)).toEqual([at(2, '10:00'), at(2, '10:00')]);
    expect(new Set(t.segments.map((s) => s.staffId)).size).toBe(2);
    expect(t.endsAt).toBe(at(2, '11:00'));
  });

  it('grooms them one after another when only one groomer is free', () => {
    const load = { ...emptyLoad(), busy: [{ staffId: 'stf_sam', startsAt: at(2, '09:00'), endsAt: at(2, '17:00') }] };
    const t = planTiming(state({ type: 'grooming', pets: [groom('pet_rex'), groom('pet_lulu')], start: at(2, '10:00') }), catalogue(), load, NOW);
    expect(t.ok && t.kind === 'grooming' && t.segments.map((s) => [s.staffId, s.startsAt])).toEqual([
      ['stf_robin', at(2, '10:00')],
      ['stf_robin', at(2, '11:00')],
    ]);
  });

  it('adds up several services and add-ons of one pet, and only a groomer who does them all takes it', () => {
    const pet = { petId: 'pet_rex', serviceIds: ['svc_bath', 'svc_nails'], addOnIds: ['add_teeth'], staffId: null };
    const t = planTiming(state({ type: 'grooming', pets: [pet], start: at(2, '10:00') }), catalogue(), emptyLoad(), NOW);
    expect(t.ok && t.kind === 'grooming' && t.segments[0]).toMatchObject({ staffId: 'stf_robin', endsAt: at(2, '11:00') });
  });

  it('refuses a listed time sent with another date (the date changed without "Show times")', () => {
    const errors = timeErrors(state({ type: 'grooming', pets: [groom('pet_rex')], date: day(3), start: at(2, '10:00') }), catalogue(), emptyLoad(), NOW);
    expect(errors).toEqual({ start: 'That time is not on the date shown. Choose one of the times listed for this date.' });
  });
});

describe('the same pet twice', () => {
  const daycare = (days: string[], petId = 'pet_rex') =>
    state({ type: 'daycare', pets: [{ petId, serviceIds: ['svc_daycare'], addOnIds: [], staffId: null }], days, dropOff: '08:00', pickUp: '16:00' });
  const confirmedDaycare = {
    appointmentId: 'apt_1',
    petId: 'pet_rex',
    serviceType: 'daycare' as const,
    status: 'confirmed',
    startsAt: at(4, '08:00'),
    endsAt: at(4, '17:00'),
    submissionKey: null,
  };

  it('refuses daycare on a day the pet already has daycare, naming that visit', () => {
    const errors = timeErrors(daycare([day(3), day(4)]), catalogue(), { ...emptyLoad(), petVisits: [confirmedDaycare] }, NOW);
    expect(errors.day).toBe('Rex already has daycare then (Sat, Dec 5, 2026, 8:00 AM, confirmed). Choose another time.');
  });

  it('lets another pet, another day, or a groom during the stay through', () => {
    const load = { ...emptyLoad(), petVisits: [confirmedDaycare] };
    expect(timeErrors(daycare([day(4)], 'pet_lulu'), catalogue({ vaccinationPolicy: 'flag' }), load, NOW)).toEqual({});
    expect(timeErrors(daycare([day(5)]), catalogue(), load, NOW)).toEqual({});
    expect(timeErrors(state({ type: 'grooming', pets: [groom('pet_rex')], date: day(4), start: at(4, '10:00') }), catalogue(), load, NOW)).toEqual({});
  });
});

describe('eligibility', () => {
  const daycareFor = (petId: string, date = day(4)) =>
    state({ type: 'daycare', pets: [{ petId, serviceIds: ['svc_daycare'], addOnIds: [], staffId: null }], days: [date], dropOff: '08:00', pickUp: '16:00' });

  it('refuses a cat in dog daycare at the service field', () => {
    const check = validateUpTo('services', daycareFor('pet_tom'), catalogue(), emptyLoad(), NOW);
    expect(check).toEqual({ step: 'services', errors: { 'service.pet_tom': 'Daycare day is for dogs only, and Tom is a cat.' } });
  });

  it('refuses a pet whose required vaccination expires before the visit', () => {
    const errors = timeErrors(daycareFor('pet_lulu', day(5)), catalogue(), emptyLoad(), NOW);
    expect(errors.day).toContain("Lulu's Bordetella vaccination will have expired by then");
  });

  it('accepts the same pet on a date the vaccination still covers, matching names without case', () => {
    expect(timeErrors(daycareFor('pet_lulu', day(2)), catalogue(), emptyLoad(), NOW)).toEqual({});
  });

  it('with the "flag" policy, sends the request marked "vaccination record needed"', () => {
    const check = checkBooking(daycareFor('pet_lulu', day(5)), catalogue({ vaccinationPolicy: 'flag' }), emptyLoad(), NOW);
    expect(check.ok && check.vaccinationRecordNeeded).toBe(true);
  });
});

describe('daycare windows', () => {
  it('puts "pick-up before drop-off" at the pick-up field', () => {
    const s = state({
      type: 'daycare',
      pets: [{ petId: 'pet_rex', serviceIds: ['svc_daycare'], addOnIds: [], staffId: null }],
      days: [day(3)],
      dropOff: '16:00',
      pickUp: '16:00',
    });
    const c = catalogue();
    c.windows.push({ kind: 'drop_off', starts: '16:00', ends: '17:00' });
    expect(Object.keys(timeErrors(s, c, emptyLoad(), NOW))).toEqual(['pickup']);
  });
});

describe('priceBooking', () => {
  it('prices a stay per night with its unit, add-ons once, and the deposit', () => {
    const s = state({
      type: 'boarding',
      pets: [{ petId: 'pet_rex', serviceIds: ['svc_board'], addOnIds: [], staffId: null }],
      checkIn: day(3),
      checkOut: day(6),
    });
    const p = priceBooking(s, catalogue());
    expect(p.lines).toEqual([{ petName: 'Rex', label: 'Boarding night', quantity: 3, unit: 'night', amountMinor: 15000 }]);
    expect(p.depositMinor).toBe(3000);
  });
});

describe('notes', () => {
  const base = {
    type: 'daycare' as const,
    pets: [{ petId: 'pet_rex', serviceIds: ['svc_daycare'], addOnIds: [], staffId: null }],
    days: [day(3)],
    dropOff: '08:00',
    pickUp: '16:00',
  };

  it('keep line breaks as a browser sends them (CRLF) and tabs', () => {
    expect(validateUpTo('notes', state({ ...base, notes: 'Line one\r\nLine two\twith a tab' }), catalogue(), emptyLoad(), NOW)).toEqual({
      step: null,
      errors: {},
    });
  });

  it('refuse NUL and other control characters at the notes field', () => {
    expect(validateUpTo('notes', state({ ...base, notes: 'Kong\u0000 at nap time' }), catalogue(), emptyLoad(), NOW)).toMatchObject({
      step: 'notes',
      errors: { notes: expect.stringContaining('cannot be used here') },
    });
  });
});
