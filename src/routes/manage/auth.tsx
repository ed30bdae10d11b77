/**
 * Signing in to the business console (issue: console part 1): email + password with the
 * parents' hashing and a credential guard of its own (`staff:<email>`), then the second
 * factor — a TOTP code (each good once) or a one-time recovery code, its tries limited by
 * the same guard rules (`staff-two-step:<account>`) — or, when it is required and not yet
 * set up, enrolment. Sessions are the console's own (`__Host-pawtal_staff`, 12 h idle).
 */
import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../../app-env';
import { staffAccounts } from '../../db/schema';
import {
  endStaffSession,
  enrolStatements,
  newStaffSessionStatements,
  passRecoveryStatements,
  passTotpStatements,
  pendingSessionAccount,
  staffAccountByEmail,
} from '../../db/queries/console';
import { MAX_EMAIL_LENGTH, normalizeEmail } from '../../domain/email-address';
import { newId, sha256Hex } from '../../domain/ids';
import { hashPassword, needsRehash, verifyPassword } from '../../domain/password';
import { open, seal } from '../../domain/secret-box';
import { TWO_STEP_MESSAGES, checkTotp, groupedSecret, newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, totpUri } from '../../domain/two-step';
import { credentialGuardForStaff, otpGuardForIp } from '../../durable-objects/stubs';
import { clientIp } from '../../middleware/client-ip';
import { respond } from '../../middleware/htmx';
import { newSessionToken } from '../../middleware/session';
import { clearStaffSessionCookie, setStaffSessionCookie, staffTokenHash } from '../../middleware/staff-session';
import { Page } from '../../../templates/layouts/page';
import { PlainConsoleHeader } from '../../../templates/manage/shell';
import { EnrolForm, RecoveryCodes, StaffSignInForm, TwoStepForm } from '../../../templates/manage/auth';
import { minutes } from '../codes';
import { WRONG_PASSWORD, field } from '../password';

export const consoleAuthRoutes = new Hono<AppEnv>();

/** Purposes of sealed secrets: the one stored, and the one carried by the enrolment form. */
const TOTP_PURPOSE = 'staff-totp';
const enrolPurpose = (staffAccountId: string) => `staff-totp-enrol:${staffAccountId}`;

type Status = 200 | 409 | 422 | 429;

function page(c: Context<AppEnv>, title: string, body: () => unknown, status: Status = 200) {
  return respond(
    c,
    {
      page: () => (
        <Page title={title} masthead={<PlainConsoleHeader />}>
          {body() as never}
        </Page>
      ),
    },
    status,
  );
}

function lockedWords(ms: number, what: 'password' | 'code'): string {
  return what === 'password'
    ? `Too many wrong passwords were entered for this email. Sign-in is paused for ${minutes(ms)}; ask the business owner if you need in sooner.`
    : `Too many wrong codes. Two-step sign-in is paused for ${minutes(ms)}.`;
}

consoleAuthRoutes.get('/manage/sign-in', (c) => page(c, 'Business sign-in', () => <StaffSignInForm />));

consoleAuthRoutes.post('/manage/sign-in', async (c) => {
  const form = await c.req.parseBody();
  const rawEmail = field(form, 'email', MAX_EMAIL_LENGTH + 64);
  const password = field(form, 'password', 1024);
  const email = normalizeEmail(rawEmail);
  const again = (props: Parameters<typeof StaffSignInForm>[0], status: Status) => page(c, 'Business sign-in', () => <StaffSignInForm {...props} />, status);
  if (!email.ok) return again({ email: rawEmail, emailError: email.message }, 422);
  if (password === '') return again({ email: email.email, passwordError: 'Enter your password.' }, 422);

  const network = await otpGuardForIp(c.env, clientIp(c)).countIpPasswordAttempt();
  if (!network.allowed)
    return again({ email: email.email, passwordError: `Too many sign-ins were tried from your network. Try again in ${minutes(network.retryAfterMs)}.` }, 429);

  const db = c.get('db');
  const guard = credentialGuardForStaff(c.env, 'password', email.email);
  const [attempt, rows] = await Promise.all([guard.beginPasswordAttempt(), staffAccountByEmail(db, email.email)]);
  if (attempt.status === 'locked') {
    await verifyPassword(password, null);
    return again({ email: email.email, passwordError: lockedWords(attempt.retryAfterMs, 'password') }, 429);
  }
  const account = rows[0];
  const right = await verifyPassword(password, account?.passwordHash ?? null);
  if (!right || !account) {
    if (attempt.attemptsLeft === 0) return again({ email: email.email, passwordError: lockedWords(attempt.lockMsIfWrong, 'password') }, 429);
    return again({ email: email.email, passwordError: WRONG_PASSWORD }, 422);
  }
  await guard.passwordSucceeded();
  const { token, tokenHash } = await newSessionToken();
  const enrolled = account.totpSecretSealed !== null;
  // Without a second factor set up, and none required by a business or an owner's role, the password is the whole sign-in.
  const passwordIsEnough = !enrolled && !account.ownsOrMustPass;
  const rehash = needsRehash(account.passwordHash) ? await hashPassword(password) : null;
  await db.batch([
    ...newStaffSessionStatements(db, {
      staffAccountId: account.id,
      tokenHash,
      previousTokenHash: await staffTokenHash(c),
      secondFactor: passwordIsEnough,
      userAgent: c.req.header('user-agent') ?? null,
      now: Date.now(),
    }),
    // A hash made with fewer iterations than today's is replaced while the password is at hand.
    ...(rehash ? [db.update(staffAccounts).set({ passwordHash: rehash }).where(eq(staffAccounts.id, account.id))] : []),
  ]);
  setStaffSessionCookie(c, token);
  return c.redirect(enrolled ? '/manage/two-step' : passwordIsEnough ? '/manage' : '/manage/two-step/setup', 303);
});

/** The pending session's account, or a redirect to sign in. */
async function pending(c: Context<AppEnv>) {
  const tokenHash = await staffTokenHash(c);
  if (!tokenHash) return null;
  const [account] = await pendingSessionAccount(c.get('db'), tokenHash, Date.now());
  return account ? { account, tokenHash } : null;
}

consoleAuthRoutes.get('/manage/two-step', async (c) => {
  const p = await pending(c);
  if (!p) return c.redirect('/manage/sign-in', 303);
  if (!p.account.totpSecretSealed) return c.redirect('/manage/two-step/setup', 303);
  return page(c, 'Two-step sign-in', () => <TwoStepForm />);
});

consoleAuthRoutes.post('/manage/two-step', async (c) => {
  const p = await pending(c);
  if (!p) return c.redirect('/manage/sign-in', 303);
  const { account, tokenHash } = p;
  if (!account.totpSecretSealed) return c.redirect('/manage/two-step/setup', 303);
  const form = await c.req.parseBody();
  const code = field(form, 'code', 32);
  const recovery = field(form, 'recovery', 64);
  const guard = credentialGuardForStaff(c.env, 'two-step', account.staffAccountId);
  const attempt = await guard.beginPasswordAttempt();
  const refuse = (props: Parameters<typeof TwoStepForm>[0], status: Status) => page(c, 'Two-step sign-in', () => <TwoStepForm {...props} />, status);
  if (attempt.status === 'locked') return refuse({ codeError: lockedWords(attempt.retryAfterMs, 'code') }, 429);
  const db = c.get('db');
  const now = Date.now();
  let passed = false;
  let problem: Parameters<typeof TwoStepForm>[0] = {};
  if (recovery) {
    const normalized = normalizeRecoveryCode(recovery);
    if (normalized) {
      const [spent, marked] = await db.batch(
        passRecoveryStatements(db, {
          staffAccountId: account.staffAccountId,
          codeHash: await sha256Hex(`${account.staffAccountId}:${normalized}`),
          tokenHash,
          now,
        }),
      );
      passed = spent.length === 1 && marked.length === 1;
    }
    if (!passed) problem = { recoveryError: TWO_STEP_MESSAGES.recovery };
  } else {
    const secret = await open(c.env.OTP_PEPPER, TOTP_PURPOSE, account.totpSecretSealed);
    const check = secret ? checkTotp(secret, code, now, account.totpLastStep) : ({ ok: false, reason: 'wrong' } as const);
    if (check.ok) {
      const [stepStored, marked] = await db.batch(passTotpStatements(db, { staffAccountId: account.staffAccountId, tokenHash, step: check.step, now }));
      passed = stepStored.length === 1 && marked.length === 1;
      if (!passed) problem = { codeError: TWO_STEP_MESSAGES.reused };
    } else {
      problem = { codeError: TWO_STEP_MESSAGES[check.reason] };
    }
  }
  if (!passed) {
    if (attempt.attemptsLeft === 0) return refuse({ codeError: lockedWords(attempt.lockMsIfWrong, 'code') }, 429);
    return refuse(problem, 422);
  }
  await guard.passwordSucceeded();
  return c.redirect('/manage', 303);
});

consoleAuthRoutes.get('/manage/two-step/setup', async (c) => {
  const p = await pending(c);
  if (!p) return c.redirect('/manage/sign-in', 303);
  if (p.account.totpSecretSealed) return c.redirect(p.account.secondFactorAt ? '/manage' : '/manage/two-step', 303);
  const secret = newTotpSecret();
  const sealed = await seal(c.env.OTP_PEPPER, enrolPurpose(p.account.staffAccountId), secret);
  return page(c, 'Set up two-step sign-in', () => (
    <EnrolForm secretGrouped={groupedSecret(secret)} uri={totpUri(secret, p.account.email)} sealed={sealed} required />
  ));
});

consoleAuthRoutes.post('/manage/two-step/setup', async (c) => {
  const p = await pending(c);
  if (!p) return c.redirect('/manage/sign-in', 303);
  const { account, tokenHash } = p;
  // Enrolled already (a second tab, or a reload of this POST): nothing to change.
  if (account.totpSecretSealed) return c.redirect('/manage', 303);
  const form = await c.req.parseBody();
  const sealedForm = field(form, 'sealed', 512);
  const secret = await open(c.env.OTP_PEPPER, enrolPurpose(account.staffAccountId), sealedForm);
  if (!secret) return c.redirect('/manage/two-step/setup', 303);
  const now = Date.now();
  const check = checkTotp(secret, field(form, 'code', 32), now, null);
  if (!check.ok) {
    return page(
      c,
      'Set up two-step sign-in',
      () => (
        <EnrolForm
          secretGrouped={groupedSecret(secret)}
          uri={totpUri(secret, account.email)}
          sealed={sealedForm}
          codeError={TWO_STEP_MESSAGES[check.reason]}
          required
        />
      ),
      422,
    );
  }
  const codes = newRecoveryCodes();
  const db = c.get('db');
  const [stored] = await db.batch(
    enrolStatements(db, {
      staffAccountId: account.staffAccountId,
      sealedSecret: await seal(c.env.OTP_PEPPER, TOTP_PURPOSE, secret),
      step: check.step,
      codeHashes: await Promise.all(codes.map((code) => sha256Hex(`${account.staffAccountId}:${code.replace('-', '')}`))),
      tokenHash,
      now,
      ids: codes.map(() => newId('rcv')),
    }),
  );
  if (stored.length === 0) return c.redirect('/manage', 303);
  // Shown once, in the answer to this POST: they are stored only as hashes.
  return page(c, 'Recovery codes', () => <RecoveryCodes codes={codes} />);
});

consoleAuthRoutes.post('/manage/sign-out', async (c) => {
  const tokenHash = await staffTokenHash(c);
  if (tokenHash) await endStaffSession(c.get('db'), tokenHash);
  clearStaffSessionCookie(c);
  return c.redirect('/manage/sign-in', 303);
});
