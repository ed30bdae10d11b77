/** The booking form's state, its steps, the review's key and signature (pure, node project). */
import { describe, expect, it } from 'vitest';
import {
  BOOKING_FORM_TTL_MS,
  BOOKING_STEPS,
  RESCHEDULE_STEPS,
  bookingFields,
  checkBookingForm,
  parseBookingState,
  reviewKey,
  signBooking,
  stepAfter,
  stepBefore,
  stepNumber,
} from '../../../src/domain/booking';

const SECRET = 'test-pepper';

describe('parseBookingState', () => {
  it('keeps several services per pet, in order, without repeats', () => {
    const s = parseBookingState(new URLSearchParams('type=grooming&pet=pet_rex&service.pet_rex=svc_bath&service.pet_rex=svc_nails&service.pet_rex=svc_bath'));
    expect(s.pets).toEqual([{ petId: 'pet_rex', serviceIds: ['svc_bath', 'svc_nails'], addOnIds: [], staffId: null }]);
  });

  it.each(['2026-02-30', '2026-13-45', '0000-00-00'])('drops the impossible date %s and names the field, never throws', (bad) => {
    const s = parseBookingState(new URLSearchParams({ type: 'daycare', day: bad, checkin: bad }));
    expect(s.days).toEqual([]);
    expect(s.checkIn).toBeNull();
    expect(s.invalid.sort()).toEqual(['checkin', 'day']);
  });

  it('drops an impossible clock time rather than passing it on', () => {
    const s = parseBookingState(new URLSearchParams({ dropoff: '25:99', pickup: '16:00' }));
    expect(s.dropOff).toBeNull();
    expect(s.pickUp).toBe('16:00');
  });

  it('carries the draft id through the fields it writes', () => {
    const s = parseBookingState(new URLSearchParams({ draft: 'AAAAbbbbCCCCdddd', type: 'daycare' }));
    expect(bookingFields(s)[0]).toEqual(['draft', 'AAAAbbbbCCCCdddd']);
    expect(parseBookingState(new URLSearchParams(bookingFields(s)))).toEqual(s);
  });
});

describe('steps', () => {
  it('are written once, in order, and each flow walks its own', () => {
    expect(BOOKING_STEPS).toEqual(['who', 'services', 'time', 'notes', 'review']);
    expect(stepAfter(BOOKING_STEPS, 'time')).toBe('notes');
    expect(stepBefore(BOOKING_STEPS, 'who')).toBeNull();
    expect(stepAfter(RESCHEDULE_STEPS, 'time')).toBe('review');
    expect(stepBefore(RESCHEDULE_STEPS, 'review')).toBe('time');
    expect(stepBefore(RESCHEDULE_STEPS, 'time')).toBeNull();
    expect(stepNumber('review')).toBe(5);
  });
});

describe('reviewKey', () => {
  const s = parseBookingState(new URLSearchParams('draft=AAAAbbbbCCCCdddd&type=grooming&pet=pet_rex&service.pet_rex=svc_groom&start=1800000000000'));

  it('is the same for every render of one review (Back, refresh, a second window)', async () => {
    const a = await reviewKey(SECRET, 'cli_1', 'draft:x', s);
    expect(await reviewKey(SECRET, 'cli_1', 'draft:x', s)).toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('changes with any choice, another draft, another client or another secret', async () => {
    const a = await reviewKey(SECRET, 'cli_1', 'draft:x', s);
    expect(await reviewKey(SECRET, 'cli_1', 'draft:x', { ...s, start: 1800000900000 })).not.toBe(a);
    expect(await reviewKey(SECRET, 'cli_1', 'draft:y', s)).not.toBe(a);
    expect(await reviewKey(SECRET, 'cli_2', 'draft:x', s)).not.toBe(a);
    expect(await reviewKey('other', 'cli_1', 'draft:x', s)).not.toBe(a);
  });
});

describe('checkBookingForm', () => {
  const s = parseBookingState(new URLSearchParams('type=daycare&pet=pet_rex&service.pet_rex=svc_daycare&day=2026-12-08&dropoff=08:00&pickup=16:00'));
  const issuedAt = 1_800_000_000_000;

  it('accepts the choices it signed, within the form’s life', async () => {
    const signature = await signBooking(SECRET, 'cli_1', 'key_0123456789abcdef', issuedAt, s);
    expect(await checkBookingForm(SECRET, 'cli_1', { key: 'key_0123456789abcdef', issuedAt, signature }, s, issuedAt + 60_000)).toEqual({ ok: true });
  });

  it('refuses changed choices, another client or another key as tampered', async () => {
    const signature = await signBooking(SECRET, 'cli_1', 'key_0123456789abcdef', issuedAt, s);
    const form = { key: 'key_0123456789abcdef', issuedAt, signature };
    expect(await checkBookingForm(SECRET, 'cli_1', form, { ...s, days: ['2026-12-09'] }, issuedAt)).toEqual({ ok: false, reason: 'tampered' });
    expect(await checkBookingForm(SECRET, 'cli_2', form, s, issuedAt)).toEqual({ ok: false, reason: 'tampered' });
    expect(await checkBookingForm(SECRET, 'cli_1', { ...form, key: 'key_0123456789abcdeX' }, s, issuedAt)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('says expired once the form is older than its life, or issued in the future', async () => {
    const signature = await signBooking(SECRET, 'cli_1', 'key_0123456789abcdef', issuedAt, s);
    const form = { key: 'key_0123456789abcdef', issuedAt, signature };
    expect(await checkBookingForm(SECRET, 'cli_1', form, s, issuedAt + BOOKING_FORM_TTL_MS + 1)).toEqual({ ok: false, reason: 'expired' });
    expect(await checkBookingForm(SECRET, 'cli_1', form, s, issuedAt - 5 * 60_000)).toEqual({ ok: false, reason: 'expired' });
  });
});
