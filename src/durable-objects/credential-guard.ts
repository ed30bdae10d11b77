/**
 * The credential guard: one Durable Object per normalised email address (SPEC §3.3), holding
 * that email's wrong-password count and lockout, its password-reset code, and the code that
 * verifies the address before an account may use it — each code with its tries, failures and
 * send history. Always reach it through ./stubs.ts (`credentialGuardForEmail`).
 *
 * It knows nothing about accounts: an email with no account gets exactly the same counting and
 * answers (its reset code is an unguessable stored value that no code can match), so the guard
 * is no way to learn who has an account. The route runs one password check per allowed attempt
 * whether or not the account exists (against a dummy hash when it does not).
 *
 * Concurrency follows the OTP guard (otp-guard.ts): async, state-independent work first (code
 * generation and HMAC), then read → decide (pure functions of domain/credential-policy.ts and
 * domain/otp-policy.ts) → write inside one `transactionSync`, then the alarm update, which
 * re-reads the current state. A password attempt is counted when it STARTS (the password is
 * checked in the Worker), so 20 concurrent wrong passwords let exactly 5 through and lock.
 *
 * Storage: the synchronous KV API of the SQLite backend, one small record per concern.
 * - `password:v1` — {@link PasswordAttemptState}; never expires by time (only a success clears
 *   it), so it needs no alarm;
 * - `reset:v1` — the reset code's {@link OtpState}; the alarm drops it as it ages out;
 * - `verify:v1` — the code that proves an account may use this address (set or change its
 *   email), bound to that account; the same rules, its own tries and send counts.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import {
  applyPasswordAttempt,
  applyPasswordSuccess,
  emptyPasswordAttemptState,
  isEmptyPasswordAttemptState,
  RESET_CODE_TTL_MS,
  type PasswordAttemptResult,
  type PasswordAttemptState,
} from '../domain/credential-policy';
import {
  applyRequestCode,
  applyVerify,
  emptyOtpState,
  expireOtpState,
  generateCode,
  hmacCode,
  isEmptyOtpState,
  isWellFormedCode,
  nextOtpExpiry,
  unguessableHash,
  type OtpState,
  type RequestCodeResult,
  type VerifyResult,
} from '../domain/otp-policy';

export type { PasswordAttemptResult } from '../domain/credential-policy';
export type { RequestCodeResult, VerifyResult } from '../domain/otp-policy';

const PASSWORD_KEY = 'password:v1';
const RESET_KEY = 'reset:v1';
const VERIFY_KEY = 'verify:v1';
const CODE_KEYS = [RESET_KEY, VERIFY_KEY] as const;
type CodeKey = (typeof CODE_KEYS)[number];

/** Wrong-password limits, password-reset codes and address-verification codes for one email address. */
export class CredentialGuard extends DurableObject<Env> {
  /**
   * Starts one password sign-in attempt. Call it BEFORE checking the password: the attempt is
   * counted as a failure now (atomically, so concurrent attempts are counted exactly), and
   * `passwordSucceeded` undoes the count when the password was right.
   *
   * @param opts.now - epoch ms, for tests only; production passes nothing (Date.now())
   * @returns allowed (with the tries left before a lockout), or locked with the wait
   */
  async beginPasswordAttempt(opts: { now?: number } = {}): Promise<PasswordAttemptResult> {
    const now = opts.now ?? Date.now();
    return this.ctx.storage.transactionSync(() => {
      const step = applyPasswordAttempt(this.readPassword(), now);
      this.writePassword(step.state);
      return step.result;
    });
  }

  /** The password of an allowed attempt was right: clears the count and any lockout. */
  async passwordSucceeded(): Promise<void> {
    this.ctx.storage.transactionSync(() => this.writePassword(applyPasswordSuccess()));
  }

  /**
   * Issues a password-reset code (6 digits, 24 h) if no lockout or send limit forbids it.
   * Same rules as sign-in codes: at least 30 s apart, 5 an hour, 10 a day; a new code replaces
   * the previous one and does not reset the failure count.
   *
   * @param opts.deliverable - whether an account has this email (else nothing will be sent, and
   *   an unguessable value is stored instead of the code's HMAC; limits are counted the same)
   * @param opts.now - epoch ms, for tests only
   * @returns issued (with the code to email, null when undeliverable) or refused with the reason
   */
  async requestResetCode(opts: { deliverable: boolean; now?: number }): Promise<RequestCodeResult> {
    return this.issueCode(RESET_KEY, this.resetSubject(), opts.deliverable, opts.now ?? Date.now());
  }

  /**
   * Checks a reset code. Single use: success consumes it and also clears the wrong-password
   * count and lockout (whoever reads this mailbox may set the password anyway). A wrong or
   * malformed code costs one of its 5 tries; 10 consecutive failures lock resets for 1 h
   * (doubling). Hashes are compared in constant time. Never throws on bad input.
   *
   * @param code - what the user typed
   * @param opts.now - epoch ms, for tests only
   */
  async verifyResetCode(code: string, opts: { now?: number } = {}): Promise<VerifyResult> {
    return this.checkCode(RESET_KEY, this.resetSubject(), code, opts.now ?? Date.now(), () => this.writePassword(applyPasswordSuccess()));
  }

  /**
   * Issues a code that proves `accountId` may use this address (before it becomes the
   * account's email). Same rules as a reset code (24 h, single use, 5 tries, send limits);
   * the code's HMAC is bound to the account, so no other account can use it.
   *
   * @param opts.accountId - the account that asked (the signed-in session's)
   * @param opts.deliverable - false when another account already has this address: the ask is
   *   counted exactly the same (send limits, lockout), but an unguessable value is stored and no
   *   code is returned, so the asker learns nothing and can never verify it (default true)
   * @param opts.now - epoch ms, for tests only
   */
  async requestEmailVerification(opts: { accountId: string; deliverable?: boolean; now?: number }): Promise<RequestCodeResult> {
    return this.issueCode(VERIFY_KEY, this.verifySubject(opts.accountId), opts.deliverable ?? true, opts.now ?? Date.now());
  }

  /**
   * Checks a verification code for `accountId` (single use, 5 tries, constant-time compare).
   * @param opts.now - epoch ms, for tests only
   */
  async verifyEmailCode(code: string, opts: { accountId: string; now?: number }): Promise<VerifyResult> {
    return this.checkCode(VERIFY_KEY, this.verifySubject(opts.accountId), code, opts.now ?? Date.now());
  }

  /**
   * Cleanup: drops an expired reset code and aged-out sends and failures, re-arms itself for the
   * next expiry, and clears the storage when nothing is left. Idempotent; answers never depend
   * on it having run (every method ages the state first).
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const empty = this.ctx.storage.transactionSync(() => {
      for (const key of CODE_KEYS) {
        const state = this.ctx.storage.kv.get<OtpState>(key);
        if (state) this.writeCodeState(key, expireOtpState(state, now));
      }
      return this.nextDueAt() === null && this.ctx.storage.kv.get(PASSWORD_KEY) === undefined;
    });
    if (empty) await this.ctx.storage.deleteAll();
    else await this.syncAlarm();
  }

  // ---------------------------------------------------------------------------------------------

  /** The address this object guards (its name). */
  private email(): string {
    return this.ctx.id.name ?? this.ctx.id.toString();
  }

  /** What a reset code's HMAC is bound to: the purpose and the email (never valid for a phone). */
  private resetSubject(): string {
    return `password-reset:${this.email()}`;
  }

  /** What a verification code's HMAC is bound to: the purpose, the email and the account. */
  private verifySubject(accountId: string): string {
    return `verify-email:${this.email()}:${accountId}`;
  }

  /** Issues a code into the state under `key`; see requestResetCode. */
  private async issueCode(key: CodeKey, subject: string, deliverable: boolean, now: number): Promise<RequestCodeResult> {
    // Async work first, before state is read. Both paths hash, so they cost the same.
    const code = generateCode();
    const hash = await hmacCode(this.env.OTP_PEPPER, subject, code);
    const stored = deliverable ? hash : unguessableHash();

    const result = this.ctx.storage.transactionSync(() => {
      const step = applyRequestCode(this.readCodeState(key), now, stored, RESET_CODE_TTL_MS);
      this.writeCodeState(key, step.state);
      return step.result;
    });
    await this.syncAlarm();
    if (result.status === 'refused') return result;
    return { status: 'issued', code: deliverable ? code : null, expiresAt: result.expiresAt };
  }

  /** Checks a code against the state under `key`; `onOk` runs in the same transaction. */
  private async checkCode(key: CodeKey, subject: string, code: string, now: number, onOk?: () => void): Promise<VerifyResult> {
    const candidate = isWellFormedCode(code) ? await hmacCode(this.env.OTP_PEPPER, subject, code) : null;
    const result = this.ctx.storage.transactionSync(() => {
      const step = applyVerify(this.readCodeState(key), now, candidate);
      this.writeCodeState(key, step.state);
      if (step.result.status === 'ok') onOk?.();
      return step.result;
    });
    await this.syncAlarm();
    return result;
  }

  private readPassword(): PasswordAttemptState {
    return this.ctx.storage.kv.get<PasswordAttemptState>(PASSWORD_KEY) ?? emptyPasswordAttemptState();
  }

  private writePassword(state: PasswordAttemptState): void {
    if (isEmptyPasswordAttemptState(state)) this.ctx.storage.kv.delete(PASSWORD_KEY);
    else this.ctx.storage.kv.put(PASSWORD_KEY, state);
  }

  private readCodeState(key: CodeKey): OtpState {
    return this.ctx.storage.kv.get<OtpState>(key) ?? emptyOtpState();
  }

  private writeCodeState(key: CodeKey, state: OtpState): void {
    if (isEmptyOtpState(state)) this.ctx.storage.kv.delete(key);
    else this.ctx.storage.kv.put(key, state);
  }

  /** When a code state next changes by itself; null when there is none. */
  private nextDueAt(): number | null {
    const times = CODE_KEYS.map((key) => {
      const state = this.ctx.storage.kv.get<OtpState>(key);
      return state ? nextOtpExpiry(state) : null;
    }).filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  private async syncAlarm(): Promise<void> {
    const due = this.nextDueAt();
    if (due === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(due);
  }
}
