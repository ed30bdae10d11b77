/**
 * The OTP guard: one Durable Object per phone number (named by its E.164 form) holding that
 * number's sign-in code, failure counters, lockout and send history; the same class, named
 * `ip:<bucket>`, counts per client IP the code sends and the password sign-in attempts it
 * started (each in its own rolling hour). Always reach it through ./stubs.ts.
 *
 * Why a Durable Object: every limit in SPEC §3.1 is a read-modify-write on shared counters; one
 * single-threaded object per number makes them exact worldwide under concurrent requests.
 *
 * Concurrency rule: a DO only runs one event at a time while it awaits its OWN storage. So each
 * method first does its async, state-independent work (generate a code, HMAC it with Web Crypto),
 * then reads, decides (pure functions in domain/otp-policy.ts) and writes inside one
 * `transactionSync` with no await in between. Only after that does it await the alarm update,
 * which re-reads the then-current state, so interleaving cannot lose an update.
 *
 * Storage choice: the synchronous KV API (`ctx.storage.kv`) of the SQLite backend. The whole
 * state of a number is one small structured-clonable record (≤ 10 send times), read and written
 * whole, so SQL tables would add schema/migration code and buy nothing. `transactionSync` still
 * applies (the KV data lives in the same SQLite database). Keys carry a version suffix so a
 * future shape change can migrate explicitly.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import {
  applyRequestCode,
  applyVerify,
  checkIpPasskeyChallenge,
  checkIpPasswordAttempt,
  checkIpSend,
  emptyOtpState,
  expireOtpState,
  generateCode,
  hmacCode,
  HOUR_MS,
  isEmptyOtpState,
  isWellFormedCode,
  nextOtpExpiry,
  pruneSends,
  unguessableHash,
  type OtpState,
  type RequestCodeResult,
  type VerifyResult,
} from '../domain/otp-policy';

export type { RequestCodeResult, VerifyResult } from '../domain/otp-policy';

/** KV key of a phone number's {@link OtpState}. */
const OTP_KEY = 'otp:v1';
/** KV keys of an IP bucket's code send times and password attempt times (ascending, last hour). */
const IP_SENDS_KEY = 'ip-sends:v1';
const IP_PASSWORDS_KEY = 'ip-passwords:v1';
const IP_PASSKEYS_KEY = 'ip-passkeys:v1';
const IP_KEYS = [IP_SENDS_KEY, IP_PASSWORDS_KEY, IP_PASSKEYS_KEY] as const;
type IpKey = (typeof IP_KEYS)[number];
/** Name prefix of the per-IP objects (see stubs.ts). */
const IP_PREFIX = 'ip:';

/** Sign-in code attempts and send limits for one phone number, or send counts for one client IP. */
export class OtpGuard extends DurableObject<Env> {
  /**
   * Issues a new code for this number if no lockout or send limit forbids it.
   *
   * Sends to unknown numbers are counted exactly like sends to known ones (the caller passes
   * `deliverable: false` and simply sends nothing), so the limits give no enumeration tell.
   * On success only the HMAC of the code is stored (an unguessable value when undeliverable),
   * with its expiry and a fresh try counter; it replaces any previous code. The consecutive
   * failure count is NOT reset by a resend.
   *
   * @param opts.deliverable - whether an SMS will actually be sent to this number
   * @param opts.now - epoch ms, for tests only; production passes nothing (Date.now())
   * @returns `{status:'issued', code, expiresAt}` (code null when undeliverable) or
   *   `{status:'refused', reason, retryAfterMs}` with reason locked | daily_limit |
   *   hourly_limit | too_soon (the one with the longest wait when several apply)
   */
  async requestCode(opts: { deliverable: boolean; now?: number }): Promise<RequestCodeResult> {
    this.assertPhoneObject('requestCode');
    const now = opts.now ?? Date.now();
    // Async work first, before state is read. Both paths hash, so they cost the same.
    const code = generateCode();
    const hash = await hmacCode(this.env.OTP_PEPPER, this.subject(), code);
    const stored = opts.deliverable ? hash : unguessableHash();

    const result = this.ctx.storage.transactionSync(() => {
      const step = applyRequestCode(this.readOtp(), now, stored);
      this.writeOtp(step.state);
      return step.result;
    });
    await this.syncAlarm();
    if (result.status === 'refused') return result;
    return { status: 'issued', code: opts.deliverable ? code : null, expiresAt: result.expiresAt };
  }

  /**
   * Checks a submitted code against this number's current code.
   *
   * Single use: success consumes the code and resets the consecutive failures (and the lockout
   * ladder). A wrong or malformed code costs one of the code's 5 tries and counts as one
   * consecutive failure; the 10th consecutive failure (across codes and resends) locks the
   * number for 1 h, doubling on each repeat lockout (max 24 h). Guesses that cannot succeed
   * (locked, no code, expired, dead) are answered without counting. Hashes are compared in
   * constant time. Never throws on bad input.
   *
   * @param code - what the user typed (anything; only 6 ASCII digits can ever match)
   * @param opts.now - epoch ms, for tests only
   */
  async verifyCode(code: string, opts: { now?: number } = {}): Promise<VerifyResult> {
    this.assertPhoneObject('verifyCode');
    const now = opts.now ?? Date.now();
    const candidate = isWellFormedCode(code) ? await hmacCode(this.env.OTP_PEPPER, this.subject(), code) : null;

    const result = this.ctx.storage.transactionSync(() => {
      const step = applyVerify(this.readOtp(), now, candidate);
      this.writeOtp(step.state);
      return step.result;
    });
    await this.syncAlarm();
    return result;
  }

  /**
   * Counts one send started from this IP bucket (call it on an `ip:` object, before asking the
   * number's guard), if the hourly per-IP cap allows it; a refused attempt is not counted.
   *
   * @param opts.now - epoch ms, for tests only
   * @returns allowed, or not allowed with the wait until one more send fits the window
   */
  async countIpSend(opts: { now?: number } = {}): Promise<{ allowed: boolean; retryAfterMs: number }> {
    return this.countIpEvent('countIpSend', IP_SENDS_KEY, checkIpSend, opts.now ?? Date.now());
  }

  /**
   * Counts one password sign-in attempt started from this IP bucket (call it on an `ip:` object,
   * before the email's credential guard), if the hourly per-IP cap allows it; a refused attempt
   * is not counted. Right and wrong passwords count alike: the cap is on checks started.
   *
   * @param opts.now - epoch ms, for tests only
   * @returns allowed, or not allowed with the wait until one more attempt fits the window
   */
  async countIpPasswordAttempt(opts: { now?: number } = {}): Promise<{ allowed: boolean; retryAfterMs: number }> {
    return this.countIpEvent('countIpPasswordAttempt', IP_PASSWORDS_KEY, checkIpPasswordAttempt, opts.now ?? Date.now());
  }

  /**
   * Counts one passkey challenge issued to this IP bucket (call it on an `ip:` object), if the
   * hourly per-IP cap allows it; a refused one is not counted.
   *
   * @param opts.now - epoch ms, for tests only
   * @returns allowed, or not allowed with the wait until one more fits the window
   */
  async countIpPasskeyChallenge(opts: { now?: number } = {}): Promise<{ allowed: boolean; retryAfterMs: number }> {
    return this.countIpEvent('countIpPasskeyChallenge', IP_PASSKEYS_KEY, checkIpPasskeyChallenge, opts.now ?? Date.now());
  }

  /**
   * The health check's Durable Object call (routes/health.ts, on the object named by
   * `otpGuardForHealth`): one read of this object's storage, nothing written, so the object
   * stays empty. Answers "ok" when the runtime could start the object and reach its storage.
   */
  async ping(): Promise<'ok'> {
    this.ctx.storage.kv.get(OTP_KEY);
    return 'ok';
  }

  /**
   * Cleanup: drops expired codes and aged-out send times, failures and lockout history, then
   * re-arms itself for the next expiry, or clears the object's storage (alarm included) when
   * nothing is left. Idempotent, so at-least-once delivery and retries are harmless; answers
   * never depend on it having run (every method applies the same aging first).
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const empty = this.ctx.storage.transactionSync(() => {
      const otp = this.ctx.storage.kv.get<OtpState>(OTP_KEY);
      if (otp) this.writeOtp(expireOtpState(otp, now));
      for (const key of IP_KEYS) {
        const times = this.ctx.storage.kv.get<number[]>(key);
        if (times) this.writeIpTimes(key, pruneSends(times, now, HOUR_MS));
      }
      return this.nextDueAt() === null;
    });
    if (empty) await this.ctx.storage.deleteAll();
    else await this.syncAlarm();
  }

  // ---------------------------------------------------------------------------------------------

  /** What the code HMAC is bound to: the object's name (the E.164 number). */
  private subject(): string {
    return this.ctx.id.name ?? this.ctx.id.toString();
  }

  private assertPhoneObject(method: string): void {
    if (this.ctx.id.name?.startsWith(IP_PREFIX)) {
      throw new Error(`OtpGuard.${method} called on an IP object (${this.ctx.id.name}); use otpGuardForPhone`);
    }
  }

  private assertIpObject(method: string): void {
    const name = this.ctx.id.name;
    if (name !== undefined && !name.startsWith(IP_PREFIX)) {
      throw new Error(`OtpGuard.${method} called on a phone object; use otpGuardForIp`);
    }
  }

  /** Read → decide → write one rolling-hour counter of this IP bucket, then re-arm the alarm. */
  private async countIpEvent(
    method: string,
    key: IpKey,
    check: (times: readonly number[], now: number) => { allowed: boolean; retryAfterMs: number },
    now: number,
  ): Promise<{ allowed: boolean; retryAfterMs: number }> {
    this.assertIpObject(method);
    const result = this.ctx.storage.transactionSync(() => {
      const times = pruneSends(this.ctx.storage.kv.get<number[]>(key) ?? [], now, HOUR_MS);
      const decision = check(times, now);
      if (decision.allowed) times.push(now);
      this.writeIpTimes(key, times);
      return decision;
    });
    await this.syncAlarm();
    return result;
  }

  private readOtp(): OtpState {
    return this.ctx.storage.kv.get<OtpState>(OTP_KEY) ?? emptyOtpState();
  }

  /** Writes the state, or deletes the key when there is nothing worth keeping. */
  private writeOtp(state: OtpState): void {
    if (isEmptyOtpState(state)) this.ctx.storage.kv.delete(OTP_KEY);
    else this.ctx.storage.kv.put(OTP_KEY, state);
  }

  private writeIpTimes(key: IpKey, times: number[]): void {
    if (times.length === 0) this.ctx.storage.kv.delete(key);
    else this.ctx.storage.kv.put(key, times);
  }

  /** Earliest time anything stored expires, from the current state; null when nothing is stored. */
  private nextDueAt(): number | null {
    const otp = this.ctx.storage.kv.get<OtpState>(OTP_KEY);
    const ipLasts = IP_KEYS.map((key) => this.ctx.storage.kv.get<number[]>(key)?.at(-1));
    const times = [otp ? nextOtpExpiry(otp) : null, ...ipLasts.map((last) => (last !== undefined ? last + HOUR_MS : null))].filter(
      (t): t is number => t !== null,
    );
    return times.length ? Math.min(...times) : null;
  }

  /** Points the alarm at the next expiry of the CURRENT state (re-read, so the latest call wins correctly). */
  private async syncAlarm(): Promise<void> {
    const due = this.nextDueAt();
    if (due === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(due);
  }
}
