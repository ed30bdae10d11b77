/** The booking steps' view models (pure, node project): money, units, windows in the business's clock, the daycare month. */
import { describe, expect, it } from 'vitest';
import { servicesView, timeView } from '../../../src/routes/booking-views';
import { NOW, catalogue, day, emptyLoad, state } from '../../helpers/booking-catalogue';

describe('servicesView', () => {
  it('formats prices with the currency’s own decimals: ¥1,500 stays ¥1,500 (not ¥15)', () => {
    const c = catalogue({ currency: 'JPY', locale: 'ja-JP' });
    c.services = c.services.map((s) => (s.id === 'svc_daycare' ? { ...s, priceMinor: 1500 } : s));
    const [pet] = servicesView(
      state({ type: 'daycare', pets: [{ petId: 'pet_rex', serviceIds: [], addOnIds: [], staffId: null }] }),
      { catalogue: c, load: emptyLoad(), now: NOW, closedReasons: {} },
      {},
    );
    expect(pet!.services[0]!.hint).toMatch(/^[￥¥]1,500 per day$/);
  });

  it('offers several grooming services per pet, one stay service', () => {
    const v = { catalogue: catalogue(), load: emptyLoad(), now: NOW, closedReasons: {} };
    const pets = [{ petId: 'pet_rex', serviceIds: [], addOnIds: [], staffId: null }];
    expect(servicesView(state({ type: 'grooming', pets }), v, {})[0]!.several).toBe(true);
    expect(servicesView(state({ type: 'boarding', pets }), v, {})[0]!.services[0]!.hint).toBe('$50.00 per night');
  });
});

describe('timeView', () => {
  const v = { catalogue: catalogue(), load: emptyLoad(), now: NOW, closedReasons: { [day(10)]: 'Staff training' } };
  const daycare = state({ type: 'daycare', pets: [{ petId: 'pet_rex', serviceIds: ['svc_daycare'], addOnIds: [], staffId: null }] });

  it('shows drop-off and pick-up windows in the business’s clock, with valid defaults (first drop-off, last pick-up)', () => {
    const view = timeView(daycare, v, {}, '/book');
    if (view.kind !== 'daycare') throw new Error('daycare view expected');
    expect(view.dropOff).toEqual([{ value: '08:00', label: '8:00 AM–10:00 AM', checked: true }]);
    expect(view.pickUp).toEqual([{ value: '16:00', label: '4:00 PM–6:00 PM', checked: true }]);
  });

  it('lays the days out month by month, Monday first, up to the horizon, closed days with their reason', () => {
    const view = timeView(daycare, { ...v, catalogue: catalogue({ bookingHorizonDays: 45 }) }, {}, '/book');
    if (view.kind !== 'daycare') throw new Error('daycare view expected');
    expect(view.months.map((m) => m.heading)).toEqual(['December 2026', 'January 2027']);
    const cells = view.months.flatMap((m) => m.weeks.flat()).filter((c) => c !== null);
    // Today (1 Dec) to the horizon (today + 45 days = 15 Jan).
    expect(cells).toHaveLength(46);
    expect(cells.at(-1)!.date).toBe(day(45));
    // 1 Dec 2026 is a Tuesday: one empty Monday before it.
    expect(view.months[0]!.weeks[0]![0]).toBeNull();
    expect(view.months[0]!.weeks[0]![1]!.date).toBe(day(0));
    expect(view.months.every((m) => m.weeks.every((w) => w.length === 7))).toBe(true);
    const closed = cells.find((c) => c!.date === day(10))!;
    expect(closed).toMatchObject({ disabled: true, note: 'Closed: Staff training' });
    expect(view.weekdays[0]).toBe('Monday');
  });
});
