import { describe, expect, it } from 'vitest';
import { classProgress } from '../../src/domain/class-progress';

const HOUR = 3600_000;
const now = Date.UTC(2030, 0, 15, 12);
const session = (id: string, startOffsetHours: number) => ({
  id,
  startsAt: new Date(now + startOffsetHours * HOUR),
  endsAt: new Date(now + (startOffsetHours + 1) * HOUR),
});

describe('classProgress', () => {
  it('counts attended sessions, remaining (not yet started) sessions and picks the next one', () => {
    const sessions = [session('d', 48), session('a', -72), session('c', 24), session('b', -24)];
    const p = classProgress(sessions, new Set(['a']), now);
    expect(p.attended).toBe(1);
    expect(p.remaining).toBe(2);
    expect(p.next?.id).toBe('c');
    expect(p.schedule.map((s) => [s.id, s.attended, s.past])).toEqual([
      ['a', true, true],
      ['b', false, true],
      ['c', false, false],
      ['d', false, false],
    ]);
  });

  it('treats a session under way as neither remaining nor next', () => {
    const p = classProgress([session('now', -0.5), session('later', 5)], new Set(), now);
    expect(p.remaining).toBe(1);
    expect(p.next?.id).toBe('later');
  });

  it('has no next session when all are past, and ignores attendance for other sessions', () => {
    const p = classProgress([session('a', -5)], new Set(['elsewhere']), now);
    expect(p).toMatchObject({ attended: 0, remaining: 0, next: null });
  });

  it('counts a session marked attended before it starts (attendance taken that morning) as attended, not also remaining', () => {
    const p = classProgress([session('today', 2), session('next-week', 24 * 7)], new Set(['today']), now);
    expect(p).toMatchObject({ attended: 1, remaining: 1 });
    expect(p.next?.id).toBe('next-week');
  });

  it('is empty for a class with no sessions', () => {
    expect(classProgress([], new Set(), now)).toEqual({ attended: 0, remaining: 0, next: null, schedule: [] });
  });
});
