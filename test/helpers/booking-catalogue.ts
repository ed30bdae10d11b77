/**
 * A booking catalogue and calendar load as plain data, for the pure tests of
 * src/domain/booking (no database): a Los Angeles business open 08:00–18:00 every day, two
 * groomers who both do the full groom (only Robin does the bath), daycare for dogs with
 * rabies and Bordetella required, boarding, windows 08:00–10:00 and 16:00–18:00.
 */
import type { BookingCatalogue, BookingState, CalendarLoad } from '../../src/domain/booking';
import { emptyBookingState } from '../../src/domain/booking';
import { addDays, localDateString, zonedDateTimeToUtc } from '../../src/domain/time';

export const TZ = 'America/Los_Angeles';
/** A fixed "now": Tue 1 Dec 2026, 09:00 in Los Angeles. */
export const NOW = zonedDateTimeToUtc('2026-12-01', '09:00', TZ);

export function day(offset: number): string {
  return addDays(localDateString(NOW, TZ), offset);
}

export function at(offset: number, time: string): number {
  return zonedDateTimeToUtc(day(offset), time, TZ);
}

export function catalogue(overrides: Partial<BookingCatalogue['business']> = {}): BookingCatalogue {
  const weekdays = [0, 1, 2, 3, 4, 5, 6];
  return {
    business: {
      id: 'biz_test',
      name: 'Happy Test Tails',
      timeZone: TZ,
      locale: 'en-US',
      currency: 'USD',
      onlineBookingEnabled: true,
      offersBoarding: true,
      offersDaycare: true,
      offersGrooming: true,
      minNoticeHours: 12,
      bookingHorizonDays: 30,
      slotIntervalMinutes: 30,
      maxDaysPerRequest: 5,
      waitlistAllowed: true,
      depositRule: 'percentage',
      depositValue: 2000,
      boardingNightlyCapacity: 2,
      daycareDailyCapacity: 2,
      changePolicy: 'not_allowed',
      changePolicyHours: null,
      vaccinationPolicy: 'refuse',
      maxLiveRequestsPerDay: 3,
      ...overrides,
    },
    pets: [
      { id: 'pet_rex', name: 'Rex', species: 'dog', breed: 'Beagle' },
      { id: 'pet_lulu', name: 'Lulu', species: 'dog', breed: null },
      { id: 'pet_tom', name: 'Tom', species: 'cat', breed: null },
    ],
    vaccinations: [
      { petId: 'pet_rex', name: 'Rabies', expiresOn: day(365) },
      { petId: 'pet_rex', name: 'Bordetella', expiresOn: day(365) },
      { petId: 'pet_lulu', name: 'rabies', expiresOn: day(365) },
      { petId: 'pet_lulu', name: 'Bordetella', expiresOn: day(3) },
    ],
    services: [
      { id: 'svc_groom', name: 'Full groom', type: 'grooming', durationMinutes: 60, priceMinor: 6000, speciesAllowed: null, requiredVaccinations: null },
      { id: 'svc_bath', name: 'Bath & brush', type: 'grooming', durationMinutes: 30, priceMinor: 3000, speciesAllowed: null, requiredVaccinations: null },
      { id: 'svc_nails', name: 'Nail trim', type: 'grooming', durationMinutes: 15, priceMinor: 1500, speciesAllowed: null, requiredVaccinations: null },
      {
        id: 'svc_daycare',
        name: 'Daycare day',
        type: 'daycare',
        durationMinutes: 480,
        priceMinor: 4000,
        speciesAllowed: 'dog',
        requiredVaccinations: 'Rabies,Bordetella',
      },
      { id: 'svc_board', name: 'Boarding night', type: 'boarding', durationMinutes: 1440, priceMinor: 5000, speciesAllowed: null, requiredVaccinations: null },
    ],
    addOns: [{ id: 'add_teeth', name: 'Teeth brushing', serviceType: 'grooming', durationMinutes: 15, priceMinor: 1000 }],
    staff: [
      { id: 'stf_robin', firstName: 'Robin', lastName: 'Groomer' },
      { id: 'stf_sam', firstName: 'Sam', lastName: 'Shears' },
    ],
    staffServices: [
      { staffId: 'stf_robin', serviceId: 'svc_groom' },
      { staffId: 'stf_robin', serviceId: 'svc_bath' },
      { staffId: 'stf_robin', serviceId: 'svc_nails' },
      { staffId: 'stf_sam', serviceId: 'svc_groom' },
      { staffId: 'stf_sam', serviceId: 'svc_nails' },
    ],
    schedules: weekdays.flatMap((weekday) => [
      { staffId: 'stf_robin', weekday, starts: '09:00', ends: '17:00' },
      { staffId: 'stf_sam', weekday, starts: '09:00', ends: '17:00' },
    ]),
    exceptions: [],
    hours: weekdays.map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })),
    closedDates: [day(10)],
    windows: [
      { kind: 'drop_off', starts: '08:00', ends: '10:00' },
      { kind: 'pick_up', starts: '16:00', ends: '18:00' },
    ],
  };
}

export function emptyLoad(): CalendarLoad {
  return { busy: [], occupancy: {}, petVisits: [] };
}

export function state(fields: Partial<BookingState>): BookingState {
  return { ...emptyBookingState(), ...fields };
}
