/**
 * Wrong-password limits as pure transitions (SPEC §3.3). The Durable Object tests
 * (test/durable-objects/credential-guard.test.ts) check the same rules end to end, concurrency
 * included.
 */
import { describe, expect, it } from 'vitest';
import {
  applyPasswordAttempt,
  applyPasswordSuccess,
  emptyPasswordAttemptState,
  isEmptyPasswordAttemptState,
  PASSWORD_FAILURES_PER_LOCK,
  passwordLockDurationMs,
  RESET_CODE_TTL_MS,
  type PasswordAttemptState,
} from '../../src/domain/credential-policy';

const MIN = 60_000;
const T0 = 1_900_000_000_000;

describe('constants', () => {
  it('match SPEC §3.3 and the brief', () => {
    expect(PASSWORD_FAILURES_PER_LOCK).toBe(5);
    expect(RESET_CODE_TTL_MS).toBe(24 * 60 * MIN);
  });
});

describe('passwordLockDurationMs', () => {
  it('doubles from 15 minutes and stops at a day', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => passwordLockDurationMs(n) / MIN)).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440, 1440]);
  });
});

describe('applyPasswordAttempt', () => {
  it('counts the attempt before the check and locks at the fifth', () => {
    let s: PasswordAttemptState = emptyPasswordAttemptState();
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      const step = applyPasswordAttempt(s, T0 + i);
      if (step.result.status !== 'allowed') throw new Error('expected allowed');
      left.push(step.result.attemptsLeft);
      s = step.state;
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(s).toEqual({ failures: 5, lockedUntil: T0 + 4 + 15 * MIN });
    const locked = applyPasswordAttempt(s, T0 + 5);
    expect(locked.result).toEqual({ status: 'locked', retryAfterMs: 15 * MIN - 1 });
    expect(locked.state).toBe(s);
  });

  it('after a lockout ends allows another 5, the last of which locks twice as long', () => {
    let s: PasswordAttemptState = { failures: 5, lockedUntil: T0 };
    let last: ReturnType<typeof applyPasswordAttempt> | undefined;
    for (let i = 0; i < 5; i++) {
      last = applyPasswordAttempt(s, T0 + i);
      s = last.state;
    }
    expect(last!.result).toEqual({ status: 'allowed', attemptsLeft: 0, lockMsIfWrong: 30 * MIN });
    expect(s).toEqual({ failures: 10, lockedUntil: T0 + 4 + 30 * MIN });
  });

  it('success empties the state', () => {
    expect(isEmptyPasswordAttemptState(applyPasswordSuccess())).toBe(true);
  });
});
