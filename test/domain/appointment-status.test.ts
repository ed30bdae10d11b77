import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES, SERVICE_TYPES, type AppointmentStatus } from '../../src/db/schema';
import {
  CLOSED_STATUSES,
  IN_PROGRESS_STATUSES,
  OPEN_STATUSES,
  STATUS_LABELS,
  isPendingRequest,
  isUpcoming,
  showsLiveCamera,
  splitUpcomingAndHistory,
  statusLabel,
} from '../../src/domain/appointment-status';

const NOW = Date.UTC(2026, 5, 1, 12);
const HOUR = 3_600_000;

describe('statusLabel', () => {
  it('names every status of the schema in plain words (SPEC §4)', () => {
    expect(APPOINTMENT_STATUSES.map(statusLabel)).toEqual([
      'Requested',
      'Waitlisted',
      'Unconfirmed',
      'Confirmed',
      'Checked in',
      'Ready for pickup',
      'Finished',
      'Canceled',
      'No-show',
    ]);
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...APPOINTMENT_STATUSES].sort());
  });
});

describe('status groups', () => {
  it('put every status in exactly one of open, in progress and closed', () => {
    const grouped = [...OPEN_STATUSES, ...IN_PROGRESS_STATUSES, ...CLOSED_STATUSES];
    expect(grouped.sort()).toEqual([...APPOINTMENT_STATUSES].sort());
  });
});

describe('isPendingRequest', () => {
  it('is true only for Requested and Waitlisted', () => {
    const pending = APPOINTMENT_STATUSES.filter(isPendingRequest);
    expect(pending).toEqual(['requested', 'waitlisted']);
  });
});

describe('isUpcoming', () => {
  const endingIn = (ms: number, status: AppointmentStatus) => ({ status, endsAt: new Date(NOW + ms) });

  it.each(OPEN_STATUSES)('%s is Upcoming until it ends, History after', (status) => {
    expect(isUpcoming(endingIn(HOUR, status), NOW)).toBe(true);
    expect(isUpcoming(endingIn(0, status), NOW)).toBe(true);
    expect(isUpcoming(endingIn(-1, status), NOW)).toBe(false);
  });

  it.each(IN_PROGRESS_STATUSES)('%s stays Upcoming even past its planned end (pet still on site)', (status) => {
    expect(isUpcoming(endingIn(HOUR, status), NOW)).toBe(true);
    expect(isUpcoming(endingIn(-24 * HOUR, status), NOW)).toBe(true);
  });

  it.each(CLOSED_STATUSES)('%s is History even when its date is ahead', (status) => {
    expect(isUpcoming(endingIn(30 * 24 * HOUR, status), NOW)).toBe(false);
    expect(isUpcoming(endingIn(-HOUR, status), NOW)).toBe(false);
  });

  it('takes epoch ms as well as Dates', () => {
    expect(isUpcoming({ status: 'confirmed', endsAt: NOW + 1 }, new Date(NOW))).toBe(true);
  });
});

describe('splitUpcomingAndHistory', () => {
  const at = (id: string, status: AppointmentStatus, startsInHours: number, lengthHours = 1) => ({
    id,
    status,
    startsAt: new Date(NOW + startsInHours * HOUR),
    endsAt: new Date(NOW + (startsInHours + lengthHours) * HOUR),
  });

  it('orders Upcoming soonest first and History most recent first', () => {
    const list = [
      at('a', 'confirmed', 48),
      at('b', 'finished', -48),
      at('c', 'checked_in', -24, 72),
      at('d', 'canceled', 24),
      at('e', 'requested', 2),
      at('f', 'no_show', -200),
      at('g', 'unconfirmed', -5),
    ];
    const { upcoming, history } = splitUpcomingAndHistory(list, NOW);
    expect(upcoming.map((a) => a.id)).toEqual(['c', 'e', 'a']);
    expect(history.map((a) => a.id)).toEqual(['d', 'g', 'b', 'f']);
  });

  it('breaks ties by id so pages are stable', () => {
    const { history } = splitUpcomingAndHistory([at('y', 'finished', -5), at('x', 'finished', -5)], NOW);
    expect(history.map((a) => a.id)).toEqual(['x', 'y']);
  });
});

describe('showsLiveCamera', () => {
  const FEED = 'https://idogcam.example/feeds/happy-tails';

  it('shows for a checked-in boarding or daycare appointment of a business with iDogCam', () => {
    expect(showsLiveCamera({ serviceType: 'boarding', status: 'checked_in', idogcamFeedUrl: FEED })).toBe(true);
    expect(showsLiveCamera({ serviceType: 'daycare', status: 'checked_in', idogcamFeedUrl: FEED })).toBe(true);
  });

  it.each(APPOINTMENT_STATUSES.filter((s) => s !== 'checked_in'))('hides while %s', (status) => {
    expect(showsLiveCamera({ serviceType: 'boarding', status, idogcamFeedUrl: FEED })).toBe(false);
  });

  it.each(SERVICE_TYPES.filter((t) => t !== 'boarding' && t !== 'daycare'))('hides for %s', (serviceType) => {
    expect(showsLiveCamera({ serviceType, status: 'checked_in', idogcamFeedUrl: FEED })).toBe(false);
  });

  it.each([null, undefined, '', '   '])('hides when the feed URL is %j', (idogcamFeedUrl) => {
    expect(showsLiveCamera({ serviceType: 'boarding', status: 'checked_in', idogcamFeedUrl })).toBe(false);
  });
});
