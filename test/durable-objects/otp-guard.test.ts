/**
 * The OTP guard end to end in workerd: real Durable Object, real SQLite-backed storage, real
 * alarms. Time is driven through the methods' `now` option (always at or after the real clock,
 * so no alarm fires on its own during a test); the stored state is read with
 * runInDurableObject, so counts are checked exactly. DO storage is shared by all tests of this
 * file: every test uses its own phone number / IP.
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { hmacCode, type OtpState } from '../../src/domain/otp-policy';
import { otpGuardForIp, otpGuardForPhone } from '../../src/durable-objects/stubs';
import type { OtpGuard } from '../../src/durable-objects/otp-guard';

const testEnv = env as unknown as Env;
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let phoneSeq = 0;
/** A phone number no other test in this file uses. */
function freshPhone(): string {
  phoneSeq += 1;
  return `+1415555${String(1000 + phoneSeq).padStart(4, '0')}`;
}

/** The guard of a fresh number and a base time (now, by the real clock). */
function fresh() {
  const phone = freshPhone();
  return { phone, guard: otpGuardForPhone(testEnv, phone), t0: Date.now() };
}

/** The stored state of an object (undefined when nothing is stored). */
function stored(stub: DurableObjectStub<OtpGuard>): Promise<OtpState | undefined> {
  return runInDurableObject(stub, (_instance: OtpGuard, state) => state.storage.kv.get<OtpState>('otp:v1'));
}

/** Issues a deliverable code at `now` and returns it. */
async function issue(guard: DurableObjectStub<OtpGuard>, now: number): Promise<string> {
  const r = await guard.requestCode({ deliverable: true, now });
  if (r.status !== 'issued' || r.code === null) throw new Error(`expected a code, got ${JSON.stringify(r)}`);
  return r.code;
}

/** A 6-digit code that is not `code`. */
function wrongFor(code: string): string {
  return code === '000000' ? '000001' : '000000';
}

describe('requestCode', () => {
  it('issues a 6-digit code valid for 10 minutes and stores only its HMAC', async () => {
    const { phone, guard, t0 } = fresh();
    const r = await guard.requestCode({ deliverable: true, now: t0 });
    expect(r).toEqual({ status: 'issued', code: expect.stringMatching(/^\d{6}$/), expiresAt: t0 + 10 * MIN });
    const s = await stored(guard);
    const code = (r as { code: string }).code;
    expect(s?.code).toEqual({ hash: await hmacCode('test-pepper-not-secret', phone, code), expiresAt: t0 + 10 * MIN, tries: 0 });
    expect(JSON.stringify(s)).not.toContain(code);
  });

  it('arms the cleanup alarm for the code expiry', async () => {
    const { guard, t0 } = fresh();
    await issue(guard, t0);
    const alarm = await runInDurableObject(guard, (_i: OtpGuard, state) => state.storage.getAlarm());
    expect(alarm).toBe(t0 + 10 * MIN);
  });

  it('needs 30 s between sends', async () => {
    const { guard, t0 } = fresh();
    await issue(guard, t0);
    expect(await guard.requestCode({ deliverable: true, now: t0 + 29 * SEC })).toEqual({
      status: 'refused',
      reason: 'too_soon',
      retryAfterMs: 1 * SEC,
    });
    await issue(guard, t0 + 30 * SEC);
    expect((await stored(guard))?.sends).toEqual([t0, t0 + 30 * SEC]);
  });

  it('allows 5 sends per rolling hour', async () => {
    const { guard, t0 } = fresh();
    for (let i = 0; i < 5; i++) await issue(guard, t0 + i * MIN);
    expect(await guard.requestCode({ deliverable: true, now: t0 + 10 * MIN })).toEqual({
      status: 'refused',
      reason: 'hourly_limit',
      retryAfterMs: 50 * MIN,
    });
    await issue(guard, t0 + HOUR);
  });

  it('allows 10 sends per rolling day', async () => {
    const { guard, t0 } = fresh();
    // Two an hour for five hours: within the hourly cap, at the daily one.
    for (let i = 0; i < 10; i++) await issue(guard, t0 + i * 30 * MIN);
    expect(await guard.requestCode({ deliverable: true, now: t0 + 6 * HOUR })).toEqual({
      status: 'refused',
      reason: 'daily_limit',
      retryAfterMs: DAY - 6 * HOUR,
    });
    await issue(guard, t0 + DAY);
  });

  it('counts sends to undeliverable numbers exactly like deliverable ones', async () => {
    const known = fresh();
    const unknown = fresh();
    const answers = async (guard: DurableObjectStub<OtpGuard>, deliverable: boolean, t0: number) => {
      const out = [];
      for (const dt of [0, 10 * SEC, 40 * SEC, 80 * SEC, 120 * SEC, 160 * SEC, 200 * SEC]) {
        const r = await guard.requestCode({ deliverable, now: t0 + dt });
        out.push(r.status === 'issued' ? { status: r.status, expiresIn: r.expiresAt - (t0 + dt) } : r);
      }
      return out;
    };
    const a = await answers(known.guard, true, known.t0);
    const b = await answers(unknown.guard, false, known.t0);
    expect(b).toEqual(a);
    expect(a.map((r) => ('reason' in r ? r.reason : r.status))).toEqual(['issued', 'too_soon', 'issued', 'issued', 'issued', 'issued', 'hourly_limit']);
  });
});

describe('verifyCode', () => {
  it('accepts the code once (single use)', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    expect(await guard.verifyCode(code, { now: t0 + MIN })).toEqual({ status: 'ok' });
    expect(await guard.verifyCode(code, { now: t0 + MIN + 1 })).toEqual({ status: 'no_code' });
  });

  it('says no_code when none was requested', async () => {
    const { guard, t0 } = fresh();
    expect(await guard.verifyCode('123456', { now: t0 })).toEqual({ status: 'no_code' });
    expect(await stored(guard)).toBeUndefined();
  });

  it('says expired once 10 minutes have passed', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    expect(await guard.verifyCode(code, { now: t0 + 10 * MIN })).toEqual({ status: 'expired' });
    expect(await guard.verifyCode(code, { now: t0 + 10 * MIN - 1 })).toEqual({ status: 'ok' });
  });

  it('gives each code 5 tries, then the code is dead (even for the right code)', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await guard.verifyCode(wrongFor(code), { now: t0 + i + 1 }));
    expect(answers.map((a) => (a.status === 'wrong' ? a.triesLeft : a.status))).toEqual([4, 3, 2, 1, 0, 'dead']);
    expect(await guard.verifyCode(code, { now: t0 + 10 })).toEqual({ status: 'dead' });
  });

  it('counts malformed input as a wrong try, without throwing', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    for (const junk of ['', '12345', '1234567', 'abcdef', '12 456', 'x'.repeat(10_000)]) {
      expect((await guard.verifyCode(junk, { now: t0 + 1 })).status).toMatch(/^(wrong|dead)$/);
    }
    expect((await stored(guard))?.failures).toBe(5);
    expect(await guard.verifyCode(code, { now: t0 + 2 })).toEqual({ status: 'dead' });
  });

  it('does not reset the failure count on a resend; success does', async () => {
    const { guard, t0 } = fresh();
    const first = await issue(guard, t0);
    for (let i = 0; i < 3; i++) await guard.verifyCode(wrongFor(first), { now: t0 + i + 1 });
    const second = await issue(guard, t0 + MIN);
    expect(await guard.verifyCode(first, { now: t0 + MIN + 1 })).toEqual({ status: 'wrong', triesLeft: 4 });
    expect((await stored(guard))?.failures).toBe(4);
    expect(await guard.verifyCode(second, { now: t0 + MIN + 2 })).toEqual({ status: 'ok' });
    expect((await stored(guard))?.failures).toBe(0);
  });

  it('never verifies an undeliverable number, and answers it like any other', async () => {
    const { guard, t0 } = fresh();
    const r = await guard.requestCode({ deliverable: false, now: t0 });
    expect(r).toEqual({ status: 'issued', code: null, expiresAt: t0 + 10 * MIN });
    // No code was sent; not even a code computed with the right pepper and phone matches.
    const answers = [];
    for (const guess of ['000000', '123456', '999999', '555555', '424242']) {
      answers.push(await guard.verifyCode(guess, { now: t0 + 1 }));
    }
    expect(answers.map((a) => (a.status === 'wrong' ? a.triesLeft : a.status))).toEqual([4, 3, 2, 1, 0]);
    const s = await stored(guard);
    expect(s?.code?.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('lockout', () => {
  /** Two codes, five wrong guesses each: the 10th consecutive failure. */
  async function failTenTimes(guard: DurableObjectStub<OtpGuard>, at: number) {
    const answers = [];
    for (let round = 0; round < 2; round++) {
      const code = await issue(guard, at + round * MIN);
      for (let i = 0; i < 5; i++) answers.push(await guard.verifyCode(wrongFor(code), { now: at + round * MIN + i + 1 }));
    }
    return answers;
  }

  it('locks the number for 1 h after 10 consecutive failures across codes', async () => {
    const { guard, t0 } = fresh();
    const answers = await failTenTimes(guard, t0);
    const lockedAt = t0 + MIN + 5;
    expect(answers.at(-1)).toEqual({ status: 'locked', retryAfterMs: HOUR });
    expect(answers.slice(0, 9).every((a) => a.status === 'wrong')).toBe(true);
    // Locked: no code can be verified or requested.
    expect(await guard.verifyCode('123456', { now: lockedAt + 1 })).toEqual({ status: 'locked', retryAfterMs: HOUR - 1 });
    expect(await guard.requestCode({ deliverable: true, now: lockedAt + 10 * MIN })).toEqual({
      status: 'refused',
      reason: 'locked',
      retryAfterMs: 50 * MIN,
    });
    // After the hour: usable again.
    const code = await issue(guard, lockedAt + HOUR);
    expect(await guard.verifyCode(code, { now: lockedAt + HOUR + 1 })).toEqual({ status: 'ok' });
  });

  it('doubles the lockout on a repeat', async () => {
    const { guard, t0 } = fresh();
    await failTenTimes(guard, t0);
    const firstEnd = t0 + MIN + 5 + HOUR;
    const second = await failTenTimes(guard, firstEnd);
    expect(second.at(-1)).toEqual({ status: 'locked', retryAfterMs: 2 * HOUR });
    const secondEnd = firstEnd + MIN + 5 + 2 * HOUR;
    const third = await failTenTimes(guard, secondEnd);
    expect(third.at(-1)).toEqual({ status: 'locked', retryAfterMs: 4 * HOUR });
    expect((await stored(guard))?.lockouts).toBe(3);
  });

  it('serialises 20 concurrent wrong guesses: every one is counted exactly once', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    const wrong = wrongFor(code);
    const guesses = (at: number) => Promise.all(Array.from({ length: 20 }, () => guard.verifyCode(wrong, { now: at })));

    // A code takes 5 wrong guesses; the other 15 find it dead. A lost update would show up as
    // a repeated triesLeft value or more than 5 "wrong" answers.
    const first = await guesses(t0 + 1);
    const tally = (answers: typeof first) => answers.map((a) => (a.status === 'wrong' ? `wrong:${a.triesLeft}` : a.status)).sort();
    expect(tally(first)).toEqual([...Array(15).fill('dead'), 'wrong:0', 'wrong:1', 'wrong:2', 'wrong:3', 'wrong:4'].sort());
    expect(await stored(guard)).toMatchObject({ failures: 5, code: { tries: 5 } });

    // Resend (failures are kept): exactly 4 more wrong answers, the 10th failure locks, and
    // everything after it sees the lock.
    await issue(guard, t0 + MIN);
    const second = await guesses(t0 + MIN + 1);
    expect(tally(second)).toEqual([...Array(16).fill('locked'), 'wrong:1', 'wrong:2', 'wrong:3', 'wrong:4'].sort());
    expect(await stored(guard)).toMatchObject({ failures: 0, code: null, lockouts: 1, lockedUntil: t0 + MIN + 1 + HOUR });
    expect(await guard.verifyCode(code, { now: t0 + 2 * MIN })).toMatchObject({ status: 'locked' });
  });

  it('issues exactly one code from 20 concurrent requests (30 s spacing)', async () => {
    const { guard, t0 } = fresh();
    const results = await Promise.all(Array.from({ length: 20 }, () => guard.requestCode({ deliverable: true, now: t0 })));
    expect(results.filter((r) => r.status === 'issued')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'refused' && r.reason === 'too_soon')).toHaveLength(19);
    expect((await stored(guard))?.sends).toEqual([t0]);
  });
});

describe('countIpSend', () => {
  it('allows 20 sends per IP per rolling hour', async () => {
    const ip = `198.51.100.${++phoneSeq % 250}`;
    const guard = otpGuardForIp(testEnv, ip);
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) expect(await guard.countIpSend({ now: t0 + i * SEC })).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await guard.countIpSend({ now: t0 + 30 * SEC })).toEqual({ allowed: false, retryAfterMs: HOUR - 30 * SEC });
    // A refused attempt is not counted: once the first send ages out, one more fits.
    expect(await guard.countIpSend({ now: t0 + HOUR })).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('counts an IPv6 /64 as one client', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      expect((await otpGuardForIp(testEnv, `2001:db8:77:1::${i + 1}`).countIpSend({ now: t0 + i })).allowed).toBe(true);
    }
    expect((await otpGuardForIp(testEnv, '2001:db8:77:1:ffff::1').countIpSend({ now: t0 + 100 })).allowed).toBe(false);
    expect((await otpGuardForIp(testEnv, '2001:db8:77:2::1').countIpSend({ now: t0 + 100 })).allowed).toBe(true);
  });

  it('is exact under 30 concurrent calls', async () => {
    const guard = otpGuardForIp(testEnv, '192.0.2.250');
    const t0 = Date.now();
    const results = await Promise.all(Array.from({ length: 30 }, () => guard.countIpSend({ now: t0 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
  });

  it('refuses to count IP sends on a phone object, and phone calls on an IP object', async () => {
    // Called on the instance: a rejecting RPC through the stub leaks an unhandled rejection in
    // @cloudflare/vitest-plugin (workers-sdk#14736); runInDurableObject does not.
    const { guard } = fresh();
    await runInDurableObject(guard, async (instance: OtpGuard) => {
      await expect(instance.countIpSend()).rejects.toThrow(/phone object/);
    });
    await runInDurableObject(otpGuardForIp(testEnv, '192.0.2.1'), async (instance: OtpGuard) => {
      await expect(instance.requestCode({ deliverable: true })).rejects.toThrow(/IP object/);
      await expect(instance.verifyCode('123456')).rejects.toThrow(/IP object/);
    });
  });
});

describe('countIpPasswordAttempt', () => {
  it('allows 30 password attempts per IP per rolling hour, counted apart from code sends', async () => {
    const guard = otpGuardForIp(testEnv, `203.0.113.${++phoneSeq % 250}`);
    const t0 = Date.now();
    for (let i = 0; i < 30; i++) expect(await guard.countIpPasswordAttempt({ now: t0 + i * SEC })).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await guard.countIpPasswordAttempt({ now: t0 + 40 * SEC })).toEqual({ allowed: false, retryAfterMs: HOUR - 40 * SEC });
    // Its own counter: code sends from the same IP are still allowed, and do not use it up.
    expect(await guard.countIpSend({ now: t0 + 41 * SEC })).toEqual({ allowed: true, retryAfterMs: 0 });
    // A refused attempt is not counted: once the first ages out, one more fits.
    expect(await guard.countIpPasswordAttempt({ now: t0 + HOUR })).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('is exact under 45 concurrent calls', async () => {
    const guard = otpGuardForIp(testEnv, '192.0.2.249');
    const t0 = Date.now();
    const results = await Promise.all(Array.from({ length: 45 }, () => guard.countIpPasswordAttempt({ now: t0 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(30);
  });

  it('arms the cleanup alarm for the last attempt, and the alarm clears the counter once it ages out', async () => {
    const guard = otpGuardForIp(testEnv, '192.0.2.248');
    const t0 = Date.now();
    await guard.countIpPasswordAttempt({ now: t0 });
    expect(await runInDurableObject(guard, (_i: OtpGuard, state) => state.storage.getAlarm())).toBe(t0 + HOUR);
    // Stored an hour ago by the real clock: the alarm prunes it and, nothing left, clears storage.
    await runInDurableObject(guard, (_i: OtpGuard, state) => state.storage.kv.put('ip-passwords:v1', [Date.now() - HOUR - SEC]));
    await runDurableObjectAlarm(guard);
    expect(await runInDurableObject(guard, (_i: OtpGuard, state) => [...state.storage.kv.list()].length)).toBe(0);
  });

  it('refuses to count password attempts on a phone object', async () => {
    const { guard } = fresh();
    await runInDurableObject(guard, async (instance: OtpGuard) => {
      await expect(instance.countIpPasswordAttempt()).rejects.toThrow(/countIpPasswordAttempt called on a phone object/);
    });
  });
});

describe('alarm', () => {
  it('removes an expired code and re-arms for the send history', async () => {
    const { guard } = fresh();
    // Issued 11 minutes ago by the real clock: the alarm (which uses the real clock) is due.
    const issuedAt = Date.now() - 11 * MIN;
    await issue(guard, issuedAt);
    await runDurableObjectAlarm(guard); // false if it already fired on its own; either way it ran
    const s = await stored(guard);
    expect(s?.code).toBeNull();
    expect(s?.sends).toEqual([issuedAt]);
    expect(await guard.verifyCode('123456')).toEqual({ status: 'no_code' });
    const alarm = await runInDurableObject(guard, (_i: OtpGuard, state) => state.storage.getAlarm());
    expect(alarm).toBe(issuedAt + DAY);
  });

  it('clears the whole storage when nothing is left, and is idempotent', async () => {
    const { guard } = fresh();
    await issue(guard, Date.now() - 25 * HOUR);
    await runDurableObjectAlarm(guard);
    await runInDurableObject(guard, async (instance: OtpGuard, state) => {
      expect([...state.storage.kv.list()]).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();
      // At-least-once: running it again changes nothing and does not throw.
      await instance.alarm();
      await instance.alarm();
      expect([...state.storage.kv.list()]).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();
    });
    // The object still works after being cleared.
    const code = await issue(guard, Date.now());
    expect(await guard.verifyCode(code)).toEqual({ status: 'ok' });
  });

  it('running the alarm early changes nothing', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    const before = await stored(guard);
    await runInDurableObject(guard, (instance: OtpGuard) => instance.alarm());
    expect(await stored(guard)).toEqual(before);
    expect(await guard.verifyCode(code, { now: t0 + 1 })).toEqual({ status: 'ok' });
  });

  it('prunes IP send times older than an hour and clears the IP object', async () => {
    const guard = otpGuardForIp(testEnv, '192.0.2.77');
    await guard.countIpSend({ now: Date.now() - 2 * HOUR });
    await runDurableObjectAlarm(guard);
    const keys = await runInDurableObject(guard, (_i: OtpGuard, state) => [...state.storage.kv.list()]);
    expect(keys).toEqual([]);
  });
});
