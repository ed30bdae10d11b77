/**
 * The sign-in code rules (SPEC §3.1) as pure functions: limits, lockout ladder, transitions,
 * code generation, HMAC and constant-time comparison. The Durable Object tests
 * (test/durable-objects/otp-guard.test.ts) check the same rules end to end.
 */
import { describe, expect, it } from 'vitest';
import {
  applyRequestCode,
  applyVerify,
  CODE_TTL_MS,
  checkIpSend,
  checkPhoneSend,
  constantTimeEqual,
  DAY_MS,
  emptyOtpState,
  expireOtpState,
  FAILURE_MEMORY_MS,
  forgetOtpState,
  generateCode,
  hmacCode,
  HOUR_MS,
  ipRateKey,
  isEmptyOtpState,
  isWellFormedCode,
  LOCKOUT_MEMORY_MS,
  lockoutDurationMs,
  MAX_SENDS_PER_DAY,
  MAX_SENDS_PER_HOUR,
  MAX_SENDS_PER_IP_PER_HOUR,
  MAX_PASSWORD_ATTEMPTS_PER_IP_PER_HOUR,
  checkIpPasswordAttempt,
  MAX_TRIES_PER_CODE,
  nextOtpExpiry,
  SEND_SPACING_MS,
  unguessableHash,
  windowRetryAfterMs,
  type OtpState,
} from '../../src/domain/otp-policy';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const MIN = 60_000;
const RIGHT = 'a'.repeat(64);
const WRONG = 'b'.repeat(64);

/** A state holding a fresh code (hash RIGHT) issued at `at`. */
function withCode(at = T0, base: OtpState = emptyOtpState()): OtpState {
  const step = applyRequestCode(base, at, RIGHT);
  expect(step.result.status).toBe('issued');
  return step.state;
}

describe('constants', () => {
  it('match SPEC §3.1', async () => {
    const p = await import('../../src/domain/otp-policy');
    expect(p.CODE_LENGTH).toBe(6);
    expect(p.CODE_TTL_MS).toBe(10 * MIN);
    expect(p.MAX_TRIES_PER_CODE).toBe(5);
    expect(p.LOCK_AFTER_CONSECUTIVE_FAILURES).toBe(10);
    expect(p.LOCKOUT_BASE_MS).toBe(60 * MIN);
    expect(p.SEND_SPACING_MS).toBe(30_000);
    expect(p.MAX_SENDS_PER_HOUR).toBe(5);
    expect(p.MAX_SENDS_PER_DAY).toBe(10);
    expect(p.MAX_SENDS_PER_IP_PER_HOUR).toBe(20);
  });
});

describe('isWellFormedCode', () => {
  it.each(['000000', '123456', '999999'])('accepts %s', (s) => expect(isWellFormedCode(s)).toBe(true));
  it.each(['', '12345', '1234567', '12345a', ' 123456', '123 456', '١٢٣٤٥٦', '+12345', '12345\n'])('rejects %j', (s) =>
    expect(isWellFormedCode(s)).toBe(false),
  );
  it('rejects non-strings without throwing', () => {
    expect(isWellFormedCode(123456)).toBe(false);
    expect(isWellFormedCode(null)).toBe(false);
    expect(isWellFormedCode(undefined)).toBe(false);
  });
});

describe('generateCode', () => {
  it('makes 6 ASCII digits', () => {
    for (let i = 0; i < 200; i++) expect(isWellFormedCode(generateCode())).toBe(true);
  });

  it('keeps leading zeros', () => {
    expect(generateCode((b) => b.fill(42))).toBe('000042');
  });

  it('draws again for values that would bias the modulo (rejection sampling)', () => {
    // 4_294_000_000 is the largest multiple of 10^6 below 2^32: it and above must be rejected.
    const values = [4_294_967_295, 4_294_000_000, 4_293_999_999];
    let calls = 0;
    const code = generateCode((b) => {
      b[0] = values[calls++] as number;
      return b;
    });
    expect(calls).toBe(3);
    expect(code).toBe('999999');
  });

  it('throws instead of looping forever on a broken random source', () => {
    expect(() => generateCode((b) => b.fill(0xffffffff))).toThrow(/random source/);
  });
});

describe('hmacCode and constantTimeEqual', () => {
  it('is HMAC-SHA-256 over phone + newline + code, as 64 hex chars', async () => {
    const mac = await hmacCode('pepper', '+14155550123', '123456');
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('pepper'), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const bytes = new Uint8Array(mac.match(/../g)!.map((h) => parseInt(h, 16)));
    const ok = await crypto.subtle.verify('HMAC', key, bytes, new TextEncoder().encode('+14155550123\n123456'));
    expect(ok).toBe(true);
  });

  it('depends on pepper, phone and code', async () => {
    const base = await hmacCode('p', '+14155550123', '123456');
    expect(await hmacCode('p', '+14155550123', '123456')).toBe(base);
    expect(await hmacCode('q', '+14155550123', '123456')).not.toBe(base);
    expect(await hmacCode('p', '+14155550124', '123456')).not.toBe(base);
    expect(await hmacCode('p', '+14155550123', '123457')).not.toBe(base);
  });

  it('refuses an empty pepper', async () => {
    await expect(hmacCode('', '+14155550123', '123456')).rejects.toThrow(/OTP_PEPPER/);
  });

  it('compares equal strings as equal and anything else as different', () => {
    expect(constantTimeEqual(RIGHT, 'a'.repeat(64))).toBe(true);
    expect(constantTimeEqual(RIGHT, WRONG)).toBe(false);
    expect(constantTimeEqual(RIGHT, `${'a'.repeat(63)}b`)).toBe(false);
    expect(constantTimeEqual(RIGHT, 'a'.repeat(63))).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('unguessableHash looks like an HMAC but is random', () => {
    const a = unguessableHash();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(unguessableHash()).not.toBe(a);
  });
});

describe('windowRetryAfterMs', () => {
  it('is 0 while the window has room', () => {
    expect(windowRetryAfterMs([T0, T0 + 1], T0 + 2, HOUR_MS, 3)).toBe(0);
  });

  it('waits for the send that must leave the window, exactly', () => {
    const sends = [T0, T0 + 10 * MIN, T0 + 20 * MIN];
    expect(windowRetryAfterMs(sends, T0 + 30 * MIN, HOUR_MS, 3)).toBe(30 * MIN);
    expect(windowRetryAfterMs(sends, T0 + 30 * MIN, HOUR_MS, 2)).toBe(40 * MIN);
    // At T0 + 1 h the first send no longer counts.
    expect(windowRetryAfterMs(sends, T0 + HOUR_MS, HOUR_MS, 3)).toBe(0);
    expect(windowRetryAfterMs(sends, T0 + HOUR_MS - 1, HOUR_MS, 3)).toBe(1);
  });
});

describe('checkPhoneSend', () => {
  it('allows the first send', () => {
    expect(checkPhoneSend([], T0)).toBeNull();
  });

  it('needs 30 s between sends', () => {
    expect(checkPhoneSend([T0], T0 + SEND_SPACING_MS - 1)).toEqual({ reason: 'too_soon', retryAfterMs: 1 });
    expect(checkPhoneSend([T0], T0 + 10_000)).toEqual({ reason: 'too_soon', retryAfterMs: 20_000 });
    expect(checkPhoneSend([T0], T0 + SEND_SPACING_MS)).toBeNull();
  });

  it('allows 5 per rolling hour', () => {
    const sends = Array.from({ length: MAX_SENDS_PER_HOUR }, (_, i) => T0 + i * MIN);
    expect(checkPhoneSend(sends.slice(0, 4), T0 + 10 * MIN)).toBeNull();
    expect(checkPhoneSend(sends, T0 + 10 * MIN)).toEqual({ reason: 'hourly_limit', retryAfterMs: 50 * MIN });
    expect(checkPhoneSend(sends, T0 + HOUR_MS)).toBeNull();
  });

  it('allows 10 per rolling day', () => {
    // Two per hour, ten hours: never more than 5 in an hour.
    const sends = Array.from({ length: MAX_SENDS_PER_DAY }, (_, i) => T0 + i * 30 * MIN);
    const now = T0 + 6 * HOUR_MS;
    expect(checkPhoneSend(sends.slice(0, 9), now)).toBeNull();
    expect(checkPhoneSend(sends, now)).toEqual({ reason: 'daily_limit', retryAfterMs: DAY_MS - 6 * HOUR_MS });
    expect(checkPhoneSend(sends, T0 + DAY_MS)).toBeNull();
  });

  it('reports the limit with the longest wait when several apply', () => {
    const sends = Array.from({ length: 5 }, (_, i) => T0 + i * 1_000);
    // Hourly (wait ~1 h) beats spacing (wait ~26 s).
    expect(checkPhoneSend(sends, T0 + 5_000)?.reason).toBe('hourly_limit');
  });
});

describe('checkIpSend', () => {
  it('allows 20 per rolling hour per IP', () => {
    const sends = Array.from({ length: MAX_SENDS_PER_IP_PER_HOUR }, (_, i) => T0 + i);
    expect(checkIpSend(sends.slice(1), T0 + 100)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(checkIpSend(sends, T0 + 100)).toEqual({ allowed: false, retryAfterMs: HOUR_MS - 100 });
  });
});

describe('checkIpPasswordAttempt', () => {
  it('allows 30 password attempts per rolling hour per IP, then says how long to wait', () => {
    expect(MAX_PASSWORD_ATTEMPTS_PER_IP_PER_HOUR).toBe(30);
    const attempts = Array.from({ length: 30 }, (_, i) => T0 + i * 1_000);
    expect(checkIpPasswordAttempt(attempts.slice(1), T0 + 60_000)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(checkIpPasswordAttempt(attempts, T0 + 60_000)).toEqual({ allowed: false, retryAfterMs: HOUR_MS - 60_000 });
    // The oldest attempt ages out after an hour: one more fits.
    expect(checkIpPasswordAttempt(attempts, T0 + HOUR_MS)).toEqual({ allowed: true, retryAfterMs: 0 });
  });
});

describe('lockoutDurationMs', () => {
  it('is 1 h, doubling on each repeat, capped at 24 h', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((n) => lockoutDurationMs(n) / HOUR_MS)).toEqual([1, 2, 4, 8, 16, 24, 24, 24]);
  });
});

describe('applyRequestCode', () => {
  it('issues a code that expires in 10 minutes and records the send', () => {
    const step = applyRequestCode(emptyOtpState(), T0, RIGHT);
    expect(step.result).toEqual({ status: 'issued', expiresAt: T0 + CODE_TTL_MS });
    expect(step.state.code).toEqual({ hash: RIGHT, expiresAt: T0 + CODE_TTL_MS, tries: 0 });
    expect(step.state.sends).toEqual([T0]);
  });

  it('replaces the old code but keeps the failure count', () => {
    let s = withCode();
    s = applyVerify(s, T0 + 1, WRONG).state;
    s = applyVerify(s, T0 + 2, WRONG).state;
    const step = applyRequestCode(s, T0 + MIN, 'c'.repeat(64));
    expect(step.state.code).toEqual({ hash: 'c'.repeat(64), expiresAt: T0 + MIN + CODE_TTL_MS, tries: 0 });
    expect(step.state.failures).toBe(2);
  });

  it('refuses while locked, without recording a send', () => {
    const s: OtpState = { ...emptyOtpState(), lockedUntil: T0 + HOUR_MS, lockouts: 1 };
    const step = applyRequestCode(s, T0, RIGHT);
    expect(step.result).toEqual({ status: 'refused', reason: 'locked', retryAfterMs: HOUR_MS });
    expect(step.state.sends).toEqual([]);
    expect(step.state.code).toBeNull();
  });

  it('refuses too soon, without replacing the code', () => {
    const s = withCode();
    const step = applyRequestCode(s, T0 + 1_000, WRONG);
    expect(step.result).toEqual({ status: 'refused', reason: 'too_soon', retryAfterMs: 29_000 });
    expect(step.state.code?.hash).toBe(RIGHT);
    expect(step.state.sends).toEqual([T0]);
  });
});

describe('applyVerify', () => {
  it('accepts the right hash once (single use) and resets the failures', () => {
    let s = withCode();
    s = applyVerify(s, T0 + 1, WRONG).state;
    const ok = applyVerify(s, T0 + 2, RIGHT);
    expect(ok.result).toEqual({ status: 'ok' });
    expect(ok.state.failures).toBe(0);
    expect(ok.state.code).toBeNull();
    expect(applyVerify(ok.state, T0 + 3, RIGHT).result).toEqual({ status: 'no_code' });
  });

  it('counts wrong and malformed guesses, 5 per code, then the code is dead', () => {
    let s = withCode();
    const answers = [];
    for (let i = 0; i < 7; i++) {
      const step = applyVerify(s, T0 + i, i % 2 ? null : WRONG);
      answers.push(step.result);
      s = step.state;
    }
    expect(answers).toEqual([
      { status: 'wrong', triesLeft: 4 },
      { status: 'wrong', triesLeft: 3 },
      { status: 'wrong', triesLeft: 2 },
      { status: 'wrong', triesLeft: 1 },
      { status: 'wrong', triesLeft: 0 },
      { status: 'dead' },
      { status: 'dead' },
    ]);
    expect(s.failures).toBe(MAX_TRIES_PER_CODE);
    // Even the right code no longer works on a dead code.
    expect(applyVerify(s, T0 + 10, RIGHT).result).toEqual({ status: 'dead' });
  });

  it('says expired from the moment the code expires', () => {
    const s = withCode();
    expect(applyVerify(s, T0 + CODE_TTL_MS - 1, RIGHT).result).toEqual({ status: 'ok' });
    const late = applyVerify(s, T0 + CODE_TTL_MS, RIGHT);
    expect(late.result).toEqual({ status: 'expired' });
    expect(late.state.failures).toBe(0);
  });

  it('locks for 1 h on the 10th consecutive failure, across a resend, and drops the code', () => {
    let s = withCode();
    for (let i = 0; i < 5; i++) s = applyVerify(s, T0 + i, WRONG).state;
    s = withCode(T0 + MIN, s);
    for (let i = 0; i < 4; i++) s = applyVerify(s, T0 + MIN + i, WRONG).state;
    expect(s.failures).toBe(9);
    const tenth = applyVerify(s, T0 + 2 * MIN, WRONG);
    expect(tenth.result).toEqual({ status: 'locked', retryAfterMs: HOUR_MS });
    expect(tenth.state).toMatchObject({ code: null, failures: 0, lockedUntil: T0 + 2 * MIN + HOUR_MS, lockouts: 1 });
    expect(applyVerify(tenth.state, T0 + 3 * MIN, RIGHT).result).toEqual({
      status: 'locked',
      retryAfterMs: HOUR_MS - MIN,
    });
  });

  it('doubles the lockout on a repeat, and starts again at 1 h after a quiet day', () => {
    const lockAt = (s: OtpState, at: number) => {
      let state = s;
      for (let round = 0; round < 2; round++) {
        state = withCode(at + round * MIN, state);
        for (let i = 0; i < 5; i++) state = applyVerify(state, at + round * MIN + i + 1, WRONG).state;
      }
      return state;
    };
    const first = lockAt(emptyOtpState(), T0);
    expect(first.lockedUntil! - (T0 + MIN + 5)).toBe(HOUR_MS);
    const secondAt = first.lockedUntil! + 1;
    const second = lockAt(first, secondAt);
    expect(second.lockouts).toBe(2);
    expect(second.lockedUntil! - (secondAt + MIN + 5)).toBe(2 * HOUR_MS);
    const quietAt = second.lockedUntil! + LOCKOUT_MEMORY_MS;
    const third = lockAt(second, quietAt);
    expect(third.lockouts).toBe(1);
    expect(third.lockedUntil! - (quietAt + MIN + 5)).toBe(HOUR_MS);
  });

  it('forgets failures a day after the last one', () => {
    let s = withCode();
    s = applyVerify(s, T0 + 1, WRONG).state;
    expect(forgetOtpState(s, T0 + 1 + FAILURE_MEMORY_MS - 1).failures).toBe(1);
    expect(forgetOtpState(s, T0 + 1 + FAILURE_MEMORY_MS).failures).toBe(0);
  });
});

describe('expiry and cleanup', () => {
  it('expireOtpState drops an expired code; the state empties once everything aged out', () => {
    const s = withCode();
    expect(expireOtpState(s, T0 + CODE_TTL_MS - 1).code).not.toBeNull();
    const expired = expireOtpState(s, T0 + CODE_TTL_MS);
    expect(expired.code).toBeNull();
    expect(isEmptyOtpState(expired)).toBe(false); // the send still counts for a day
    expect(isEmptyOtpState(expireOtpState(s, T0 + DAY_MS))).toBe(true);
  });

  it('nextOtpExpiry is the earliest pending change, null when empty', () => {
    expect(nextOtpExpiry(emptyOtpState())).toBeNull();
    const s = withCode();
    expect(nextOtpExpiry(s)).toBe(T0 + CODE_TTL_MS);
    expect(nextOtpExpiry(expireOtpState(s, T0 + CODE_TTL_MS))).toBe(T0 + DAY_MS);
  });
});

describe('ipRateKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:aa:bb:1:2:3:4', '2001:db8:aa:bb::/64'],
    ['2001:DB8:AA:BB::99', '2001:db8:aa:bb::/64'],
    ['2001:0db8:00aa:00bb:ffff::1', '2001:db8:aa:bb::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (ip, key) => expect(ipRateKey(ip)).toBe(key));

  it('puts two addresses of one /64 in one bucket', () => {
    expect(ipRateKey('2001:db8:1:2::a')).toBe(ipRateKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(ipRateKey('2001:db8:1:2::a')).not.toBe(ipRateKey('2001:db8:1:3::a'));
  });
});
