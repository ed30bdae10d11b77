/**
 * The credential guard end to end in workerd: real Durable Object, real SQLite-backed storage,
 * real alarms. Time is driven through the methods' `now` option (at or after the real clock,
 * so no alarm fires on its own mid-test); stored state is read with runInDurableObject, so
 * counts are checked exactly. Every test uses its own email address.
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import type { PasswordAttemptState } from '../../src/domain/credential-policy';
import { hmacCode, type OtpState } from '../../src/domain/otp-policy';
import { credentialGuardForEmail } from '../../src/durable-objects/stubs';
import type { CredentialGuard } from '../../src/durable-objects/credential-guard';

const testEnv = env as unknown as Env;
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let seq = 0;
function fresh() {
  seq += 1;
  const email = `guard-${seq}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  return { email, guard: credentialGuardForEmail(testEnv, email), t0: Date.now() };
}

type Stub = DurableObjectStub<CredentialGuard>;

function storedPassword(stub: Stub): Promise<PasswordAttemptState | undefined> {
  return runInDurableObject(stub, (_i: CredentialGuard, state) => state.storage.kv.get<PasswordAttemptState>('password:v1'));
}

function storedReset(stub: Stub): Promise<OtpState | undefined> {
  return runInDurableObject(stub, (_i: CredentialGuard, state) => state.storage.kv.get<OtpState>('reset:v1'));
}

async function issue(guard: Stub, now: number): Promise<string> {
  const r = await guard.requestResetCode({ deliverable: true, now });
  if (r.status !== 'issued' || r.code === null) throw new Error(`expected a code, got ${JSON.stringify(r)}`);
  return r.code;
}

function wrongFor(code: string): string {
  return code === '000000' ? '000001' : '000000';
}

describe('credentialGuardForEmail', () => {
  it('refuses a name that is not a normalised email (another spelling would dodge the limits)', () => {
    expect(() => credentialGuardForEmail(testEnv, 'Ann@Example.com')).toThrow(TypeError);
    expect(() => credentialGuardForEmail(testEnv, ' ann@example.com')).toThrow(TypeError);
    expect(() => credentialGuardForEmail(testEnv, 'not-an-email')).toThrow(TypeError);
  });
});

describe('beginPasswordAttempt', () => {
  it('allows 5 attempts in a row, counting each before the password is checked, then locks for 15 minutes', async () => {
    const { guard, t0 } = fresh();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await guard.beginPasswordAttempt({ now: t0 + i }));
    expect(answers).toEqual([
      { status: 'allowed', attemptsLeft: 4, lockMsIfWrong: 15 * MIN },
      { status: 'allowed', attemptsLeft: 3, lockMsIfWrong: 15 * MIN },
      { status: 'allowed', attemptsLeft: 2, lockMsIfWrong: 15 * MIN },
      { status: 'allowed', attemptsLeft: 1, lockMsIfWrong: 15 * MIN },
      { status: 'allowed', attemptsLeft: 0, lockMsIfWrong: 15 * MIN },
    ]);
    expect(await storedPassword(guard)).toEqual({ failures: 5, lockedUntil: t0 + 4 + 15 * MIN });
    expect(await guard.beginPasswordAttempt({ now: t0 + 5 * MIN })).toEqual({ status: 'locked', retryAfterMs: 10 * MIN + 4 });
    // A refused attempt is not counted: it cannot succeed.
    expect((await storedPassword(guard))?.failures).toBe(5);
  });

  it('doubles the lockout on each repeat and never forgets by time alone', async () => {
    const { guard, t0 } = fresh();
    let at = t0;
    const lockLengths = [];
    for (let round = 0; round < 4; round++) {
      let last: Awaited<ReturnType<typeof guard.beginPasswordAttempt>> | undefined;
      for (let i = 0; i < 5; i++) last = await guard.beginPasswordAttempt({ now: at + i });
      expect(last).toMatchObject({ status: 'allowed', attemptsLeft: 0 });
      const state = await storedPassword(guard);
      lockLengths.push(state!.lockedUntil! - (at + 4));
      // Wait out the lockout, plus a long quiet time: the ladder is still remembered.
      at = state!.lockedUntil! + 3 * DAY;
    }
    expect(lockLengths).toEqual([15 * MIN, 30 * MIN, HOUR, 2 * HOUR]);
    expect((await storedPassword(guard))?.failures).toBe(20);
  });

  it('caps a lockout at one day', async () => {
    const { guard, t0 } = fresh();
    let at = t0;
    const lockLengths = [];
    for (let round = 0; round < 9; round++) {
      for (let i = 0; i < 5; i++) await guard.beginPasswordAttempt({ now: at + i });
      const lockedUntil = (await storedPassword(guard))!.lockedUntil!;
      lockLengths.push(lockedUntil - (at + 4));
      at = lockedUntil;
    }
    expect(lockLengths.map((ms) => ms / MIN)).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
  });

  it('is cleared by a success: the count, the lockout and its ladder', async () => {
    const { guard, t0 } = fresh();
    for (let i = 0; i < 4; i++) await guard.beginPasswordAttempt({ now: t0 + i });
    await guard.passwordSucceeded();
    expect(await storedPassword(guard)).toBeUndefined();
    expect(await guard.beginPasswordAttempt({ now: t0 + 10 })).toMatchObject({ attemptsLeft: 4 });
  });

  it('counts 20 concurrent wrong passwords exactly: 5 get through, the other 15 meet the lockout', async () => {
    const { guard, t0 } = fresh();
    const answers = await Promise.all(Array.from({ length: 20 }, () => guard.beginPasswordAttempt({ now: t0 })));
    const tally = answers.map((a) => (a.status === 'allowed' ? `allowed:${a.attemptsLeft}` : a.status)).sort();
    expect(tally).toEqual(['allowed:0', 'allowed:1', 'allowed:2', 'allowed:3', 'allowed:4', ...Array(15).fill('locked')].sort());
    expect(await storedPassword(guard)).toEqual({ failures: 5, lockedUntil: t0 + 15 * MIN });
  });

  it('sets no alarm: the password count never expires by itself', async () => {
    const { guard, t0 } = fresh();
    await guard.beginPasswordAttempt({ now: t0 });
    expect(await runInDurableObject(guard, (_i: CredentialGuard, state) => state.storage.getAlarm())).toBeNull();
  });
});

describe('requestResetCode', () => {
  it('issues a 6-digit code valid for 24 hours and stores only its HMAC, bound to the email', async () => {
    const { email, guard, t0 } = fresh();
    const r = await guard.requestResetCode({ deliverable: true, now: t0 });
    expect(r).toEqual({ status: 'issued', code: expect.stringMatching(/^\d{6}$/), expiresAt: t0 + DAY });
    const code = (r as { code: string }).code;
    const s = await storedReset(guard);
    expect(s?.code).toEqual({
      hash: await hmacCode('test-pepper-not-secret', `password-reset:${email}`, code),
      expiresAt: t0 + DAY,
      tries: 0,
    });
    expect(JSON.stringify(s)).not.toContain(code);
    expect(await runInDurableObject(guard, (_i: CredentialGuard, state) => state.storage.getAlarm())).toBe(t0 + DAY);
  });

  it('spaces sends 30 s apart and caps them at 5 an hour, like SMS codes', async () => {
    const { guard, t0 } = fresh();
    await issue(guard, t0);
    expect(await guard.requestResetCode({ deliverable: true, now: t0 + 10 * SEC })).toEqual({
      status: 'refused',
      reason: 'too_soon',
      retryAfterMs: 20 * SEC,
    });
    for (let i = 1; i < 5; i++) await issue(guard, t0 + i * MIN);
    expect(await guard.requestResetCode({ deliverable: true, now: t0 + 10 * MIN })).toEqual({
      status: 'refused',
      reason: 'hourly_limit',
      retryAfterMs: 50 * MIN,
    });
  });

  it('answers an email without an account exactly like one with an account, and no code verifies for it', async () => {
    const known = fresh();
    const unknown = fresh();
    const seq = async (guard: Stub, deliverable: boolean) => {
      const out = [];
      for (const dt of [0, 10 * SEC, 40 * SEC]) {
        const r = await guard.requestResetCode({ deliverable, now: known.t0 + dt });
        out.push(r.status === 'issued' ? { status: r.status, expiresIn: r.expiresAt - (known.t0 + dt) } : r);
      }
      return out;
    };
    expect(await seq(unknown.guard, false)).toEqual(await seq(known.guard, true));
    const guesses = [];
    for (const g of ['000000', '123456', '999999']) guesses.push(await unknown.guard.verifyResetCode(g, { now: known.t0 + MIN }));
    expect(guesses.map((a) => (a.status === 'wrong' ? a.triesLeft : a.status))).toEqual([4, 3, 2]);
  });
});

describe('verifyResetCode', () => {
  it('accepts the code once (single use)', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    expect(await guard.verifyResetCode(code, { now: t0 + HOUR })).toEqual({ status: 'ok' });
    expect(await guard.verifyResetCode(code, { now: t0 + HOUR + 1 })).toEqual({ status: 'no_code' });
  });

  it('says expired once 24 hours have passed', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    expect(await guard.verifyResetCode(code, { now: t0 + DAY })).toEqual({ status: 'expired' });
    expect(await guard.verifyResetCode(code, { now: t0 + DAY - 1 })).toEqual({ status: 'ok' });
  });

  it('gives a code 5 tries, then the code is dead even for the right digits', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await guard.verifyResetCode(wrongFor(code), { now: t0 + i + 1 }));
    expect(answers.map((a) => (a.status === 'wrong' ? a.triesLeft : a.status))).toEqual([4, 3, 2, 1, 0, 'dead']);
    expect(await guard.verifyResetCode(code, { now: t0 + 10 })).toEqual({ status: 'dead' });
  });

  it('counts 20 concurrent wrong codes exactly once each', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    const answers = await Promise.all(Array.from({ length: 20 }, () => guard.verifyResetCode(wrongFor(code), { now: t0 + 1 })));
    const tally = answers.map((a) => (a.status === 'wrong' ? `wrong:${a.triesLeft}` : a.status)).sort();
    expect(tally).toEqual([...Array(15).fill('dead'), 'wrong:0', 'wrong:1', 'wrong:2', 'wrong:3', 'wrong:4'].sort());
    expect(await storedReset(guard)).toMatchObject({ failures: 5, code: { tries: 5 } });
  });

  it('a completed reset also clears a password lockout (whoever reads the mailbox may set the password)', async () => {
    const { guard, t0 } = fresh();
    for (let i = 0; i < 5; i++) await guard.beginPasswordAttempt({ now: t0 + i });
    expect(await guard.beginPasswordAttempt({ now: t0 + SEC })).toMatchObject({ status: 'locked' });
    const code = await issue(guard, t0 + SEC);
    expect(await guard.verifyResetCode(code, { now: t0 + 2 * SEC })).toEqual({ status: 'ok' });
    expect(await storedPassword(guard)).toBeUndefined();
    expect(await guard.beginPasswordAttempt({ now: t0 + 3 * SEC })).toMatchObject({ status: 'allowed', attemptsLeft: 4 });
  });

  it('a wrong reset code does not touch the password count, nor a wrong password the reset code', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    await guard.beginPasswordAttempt({ now: t0 + 1 });
    await guard.verifyResetCode(wrongFor(code), { now: t0 + 2 });
    expect(await storedPassword(guard)).toEqual({ failures: 1, lockedUntil: null });
    expect((await storedReset(guard))?.code?.tries).toBe(1);
  });
});

describe('email verification codes', () => {
  it('are bound to the account that asked: single use, and useless to any other account', async () => {
    const { email, guard, t0 } = fresh();
    const r = await guard.requestEmailVerification({ accountId: 'acc_a', now: t0 });
    expect(r).toEqual({ status: 'issued', code: expect.stringMatching(/^\d{6}$/), expiresAt: t0 + DAY });
    const code = (r as { code: string }).code;
    const stored = await runInDurableObject(guard, (_i: CredentialGuard, state) => state.storage.kv.get<OtpState>('verify:v1'));
    expect(stored?.code?.hash).toBe(await hmacCode('test-pepper-not-secret', `verify-email:${email}:acc_a`, code));
    expect(await guard.verifyEmailCode(code, { accountId: 'acc_b', now: t0 + 1 })).toEqual({ status: 'wrong', triesLeft: 4 });
    expect(await guard.verifyEmailCode(code, { accountId: 'acc_a', now: t0 + 2 })).toEqual({ status: 'ok' });
    expect(await guard.verifyEmailCode(code, { accountId: 'acc_a', now: t0 + 3 })).toEqual({ status: 'no_code' });
  });

  it('are kept apart from reset codes: neither works as the other, each has its own send spacing', async () => {
    const { guard, t0 } = fresh();
    const reset = await issue(guard, t0);
    const v = await guard.requestEmailVerification({ accountId: 'acc_a', now: t0 });
    expect(v.status).toBe('issued');
    const verifyCode = (v as { code: string }).code;
    expect((await guard.verifyResetCode(verifyCode, { now: t0 + 1 })).status).toBe(verifyCode === reset ? 'ok' : 'wrong');
    expect((await guard.verifyEmailCode(reset, { accountId: 'acc_a', now: t0 + 2 })).status).toBe(verifyCode === reset ? 'ok' : 'wrong');
    expect(await guard.requestEmailVerification({ accountId: 'acc_a', now: t0 + 10 * SEC })).toMatchObject({ reason: 'too_soon' });
  });

  it('for an address another account has: counted the same, no code given, and none can verify', async () => {
    const { email, guard, t0 } = fresh();
    const r = await guard.requestEmailVerification({ accountId: 'acc_a', deliverable: false, now: t0 });
    expect(r).toEqual({ status: 'issued', code: null, expiresAt: t0 + DAY });
    const stored = await runInDurableObject(guard, (_i: CredentialGuard, state) => state.storage.kv.get<OtpState>('verify:v1'));
    expect(stored?.code?.hash).toMatch(/\S/);
    expect(stored?.sends).toHaveLength(1);
    for (const code of ['000000', '123456']) {
      expect(stored?.code?.hash).not.toBe(await hmacCode('test-pepper-not-secret', `verify-email:${email}:acc_a`, code));
    }
    expect(await guard.requestEmailVerification({ accountId: 'acc_a', deliverable: false, now: t0 + 10 * SEC })).toMatchObject({ reason: 'too_soon' });
  });

  it('expire after 24 hours and leave nothing behind after the alarm', async () => {
    const { guard } = fresh();
    const issuedAt = Date.now() - DAY - MIN;
    const r = await guard.requestEmailVerification({ accountId: 'acc_a', now: issuedAt });
    await runDurableObjectAlarm(guard);
    expect(await runInDurableObject(guard, (_i: CredentialGuard, state) => [...state.storage.kv.list()])).toEqual([]);
    expect(await guard.verifyEmailCode((r as { code: string }).code, { accountId: 'acc_a' })).toEqual({ status: 'no_code' });
  });
});

describe('alarm', () => {
  it('drops an expired reset code (its sends age out over the same day, so the whole record goes)', async () => {
    const { guard } = fresh();
    const code = await issue(guard, Date.now() - DAY - MIN);
    await runDurableObjectAlarm(guard);
    expect(await storedReset(guard)).toBeUndefined();
    expect(await guard.verifyResetCode(code)).toEqual({ status: 'no_code' });
  });

  it('running the alarm early changes nothing', async () => {
    const { guard, t0 } = fresh();
    const code = await issue(guard, t0);
    const before = await storedReset(guard);
    await runInDurableObject(guard, (instance: CredentialGuard) => instance.alarm());
    expect(await storedReset(guard)).toEqual(before);
    expect(await guard.verifyResetCode(code, { now: t0 + 1 })).toEqual({ status: 'ok' });
  });

  it('clears the storage when nothing is left, but keeps a password count', async () => {
    const a = fresh();
    await issue(a.guard, Date.now() - 3 * DAY);
    await runDurableObjectAlarm(a.guard);
    expect(await runInDurableObject(a.guard, (_i: CredentialGuard, state) => [...state.storage.kv.list()])).toEqual([]);
    expect(await runInDurableObject(a.guard, (_i: CredentialGuard, state) => state.storage.getAlarm())).toBeNull();

    const b = fresh();
    await b.guard.beginPasswordAttempt();
    await issue(b.guard, Date.now() - 3 * DAY);
    await runDurableObjectAlarm(b.guard);
    expect(await storedReset(b.guard)).toBeUndefined();
    expect((await storedPassword(b.guard))?.failures).toBe(1);
  });
});
