/**
 * Staff passkeys (issue 15 item 2). A staff member adds passkeys on `/manage/passkeys` (their
 * console account's security page; a session that has passed its second factor), lists and
 * removes them, and then uses one either
 * - instead of password + TOTP on /manage/sign-in: a discoverable passkey with user
 *   verification is both factors (something held, and the fingerprint or PIN that unlocks it),
 *   so the new console session starts with its second factor passed; or
 * - as the second factor after the password, on /manage/two-step: only a passkey of the
 *   pending session's own account counts.
 * Ceremonies, challenges and checks are the parents' (routes/passkeys.tsx, domain/passkeys.ts);
 * sessions are the console's own (`newStaffSessionStatements`, `__Host-pawtal_staff`).
 */
import { clientIp } from '../../middleware/client-ip';
import { otpGuardForIp } from '../../durable-objects/stubs';
import { Hono, type Context } from 'hono';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../domain/passkeys';
import type { AppEnv } from '../../app-env';
import { endStaffSession, newStaffSessionStatements, pendingSessionAccount } from '../../db/queries/console';
import {
  consumeChallengeStatement,
  insertPasskeyStatement,
  issueChallengeStatements,
  markPasskeyUsedStatement,
  passkeyByCredentialStatement,
  passSecondFactorByPasskeyStatement,
  removePasskeyStatement,
  staffPasskeysStatement,
} from '../../db/queries/passkeys';
import {
  passkeyLimitWords,
  authenticationOptions,
  newChallenge,
  PASSKEY_MESSAGES,
  parseResponse,
  passkeyName,
  registrationOptions,
  relyingPartyFor,
  userHandleFor,
  verifyAssertion,
  verifyRegistration,
} from '../../domain/passkeys';
import { loadStaff, type StaffContext } from '../../middleware/console';
import { respond } from '../../middleware/htmx';
import { newSessionToken } from '../../middleware/session';
import { setStaffSessionCookie, staffTokenHash } from '../../middleware/staff-session';
import { Page } from '../../../templates/layouts/page';
import { PlainConsoleHeader } from '../../../templates/manage/shell';
import { StaffSignInForm, TwoStepForm } from '../../../templates/manage/auth';
import { StaffPasskeysPage, type StaffPasskeysPageProps } from '../../../templates/manage/passkeys';
import { passkeyItems } from '../passkeys';

export const consolePasskeyRoutes = new Hono<AppEnv>();

type Status = 200 | 403 | 422;

const NOTICES: Record<string, string> = {
  added: 'Your passkey is saved. Next time, sign in with it instead of your password and code.',
  removed: 'The passkey is removed. It can no longer sign you in.',
};

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

function optionsJson(c: Context<AppEnv>, options: unknown, status: 200 | 403 | 429 = 200) {
  c.header('Cache-Control', 'no-store');
  return c.json(options, status);
}

/** The signed-in staff member, only once the session has passed its second factor (or needs none). */
async function loadSecured(c: Context<AppEnv>): Promise<StaffContext | null> {
  const { staff } = await loadStaff(c, () => ({}));
  return staff.secondFactorPassed ? staff : null;
}

function twoStepFirst(c: Context<AppEnv>) {
  return c.redirect('/manage/two-step', 303);
}

async function passkeysPage(c: Context<AppEnv>, staff: StaffContext, props: Partial<StaffPasskeysPageProps> = {}, status: Status = 200) {
  const rows = await staffPasskeysStatement(c.get('db'), staff.staffAccountId);
  const m = staff.memberships[0];
  const passkeys = passkeyItems(rows, m?.timeZone ?? 'UTC', m?.locale ?? 'en-US');
  return page(c, 'Passkeys', () => <StaffPasskeysPage passkeys={passkeys} name={staff.name} {...props} />, status);
}

// ---- The security page: add, list, remove -------------------------------------------------------

consolePasskeyRoutes.get('/manage/passkeys', async (c) => {
  const staff = await loadSecured(c);
  if (!staff) return twoStepFirst(c);
  const notice = NOTICES[Object.keys(c.req.query()).find((k) => k in NOTICES) ?? ''];
  return passkeysPage(c, staff, { notice });
});

consolePasskeyRoutes.post('/manage/passkeys/options', async (c) => {
  const staff = await loadSecured(c);
  if (!staff) return optionsJson(c, { error: 'Finish signing in first.' }, 403);
  const db = c.get('db');
  const challenge = newChallenge();
  const [, , existing] = await db.batch([
    ...issueChallengeStatements(db, { challenge, purpose: 'staff_register', subjectId: staff.staffAccountId, now: Date.now() }),
    staffPasskeysStatement(db, staff.staffAccountId),
  ]);
  return optionsJson(
    c,
    registrationOptions({
      rp: relyingPartyFor(c.req.url),
      challenge,
      ownerId: staff.staffAccountId,
      userName: staff.email,
      displayName: staff.name,
      existing,
    }),
  );
});

consolePasskeyRoutes.post('/manage/passkeys', async (c) => {
  const staff = await loadSecured(c);
  if (!staff) return twoStepFirst(c);
  const form = await c.req.parseBody();
  const parsed = parseResponse<RegistrationResponseJSON>(form.response);
  if (!parsed) return passkeysPage(c, staff, { error: PASSKEY_MESSAGES.registerFailed }, 422);
  const db = c.get('db');
  const now = Date.now();
  const [consumed] = await consumeChallengeStatement(db, { challenge: parsed.challenge, purpose: 'staff_register', subjectId: staff.staffAccountId, now });
  if (!consumed) return passkeysPage(c, staff, { error: PASSKEY_MESSAGES.expired }, 422);
  const credential = await verifyRegistration(parsed.json, consumed.challenge, relyingPartyFor(c.req.url));
  if (!credential) return passkeysPage(c, staff, { error: PASSKEY_MESSAGES.registerFailed }, 422);
  const name = passkeyName(form.name, c.req.header('user-agent'));
  const [stored] = await insertPasskeyStatement(db, { owner: { staffAccountId: staff.staffAccountId }, credential, name, now });
  if (!stored) return passkeysPage(c, staff, { error: PASSKEY_MESSAGES.duplicate }, 422);
  return c.redirect('/manage/passkeys?added', 303);
});

consolePasskeyRoutes.post('/manage/passkeys/:passkeyId/remove', async (c) => {
  const staff = await loadSecured(c);
  if (!staff) return twoStepFirst(c);
  const [removed] = await removePasskeyStatement(c.get('db'), { id: c.req.param('passkeyId'), owner: { staffAccountId: staff.staffAccountId } });
  if (!removed) return c.notFound();
  return c.redirect('/manage/passkeys?removed', 303);
});

// ---- Signing in with a passkey (both factors) -----------------------------------------------------

/** Checks a posted assertion: the challenge (used up), the passkey, its owner's user handle, the signature. */
async function checkAssertion(c: Context<AppEnv>, purpose: 'staff_sign_in' | 'staff_second_factor', subjectId: string | null) {
  const form = await c.req.parseBody();
  const parsed = parseResponse<AuthenticationResponseJSON>(form.response);
  if (!parsed) return { error: PASSKEY_MESSAGES.failed } as const;
  const db = c.get('db');
  const now = Date.now();
  const [consumed, found] = await db.batch([
    consumeChallengeStatement(db, { challenge: parsed.challenge, purpose, subjectId, now }),
    passkeyByCredentialStatement(db, parsed.credentialId),
  ]);
  if (!consumed[0]) return { error: PASSKEY_MESSAGES.expired } as const;
  const passkey = found[0];
  if (!passkey?.staffAccountId) return { error: PASSKEY_MESSAGES.unknown } as const;
  // After the password, only a passkey of that same account is a second factor.
  if (subjectId !== null && passkey.staffAccountId !== subjectId) return { error: PASSKEY_MESSAGES.failed } as const;
  if (parsed.userHandle !== userHandleFor(passkey.staffAccountId)) return { error: PASSKEY_MESSAGES.failed } as const;
  const verified = await verifyAssertion(parsed.json, consumed[0].challenge, relyingPartyFor(c.req.url), passkey);
  if (!verified) return { error: PASSKEY_MESSAGES.failed } as const;
  return {
    staffAccountId: passkey.staffAccountId,
    passkeyId: passkey.id,
    now,
    markUsed: markPasskeyUsedStatement(db, { id: passkey.id, checkedCount: passkey.signCount, newCounter: verified.newCounter, now }),
  } as const;
}

consolePasskeyRoutes.post('/manage/sign-in/passkey/options', async (c) => {
  const db = c.get('db');
  const challenge = newChallenge();
  // No session needed here, and each challenge is a row until it expires: a per-IP hourly cap.
  const cap = await otpGuardForIp(c.env, clientIp(c)).countIpPasskeyChallenge();
  if (!cap.allowed) return optionsJson(c, { error: passkeyLimitWords(cap.retryAfterMs) }, 429);
  await db.batch(issueChallengeStatements(db, { challenge, purpose: 'staff_sign_in', subjectId: null, now: Date.now() }));
  return optionsJson(c, authenticationOptions({ rp: relyingPartyFor(c.req.url), challenge }));
});

consolePasskeyRoutes.post('/manage/sign-in/passkey', async (c) => {
  const checked = await checkAssertion(c, 'staff_sign_in', null);
  if ('error' in checked) return page(c, 'Business sign-in', () => <StaffSignInForm passkeyError={checked.error} />, 422);
  const db = c.get('db');
  const { token, tokenHash } = await newSessionToken();
  const [used] = await db.batch([
    checked.markUsed,
    ...newStaffSessionStatements(db, {
      staffAccountId: checked.staffAccountId,
      tokenHash,
      previousTokenHash: await staffTokenHash(c),
      secondFactor: true,
      userAgent: c.req.header('user-agent') ?? null,
      now: checked.now,
    }),
  ]);
  if (used.length === 0) {
    await endStaffSession(db, tokenHash);
    return page(c, 'Business sign-in', () => <StaffSignInForm passkeyError={PASSKEY_MESSAGES.unknown} />, 422);
  }
  setStaffSessionCookie(c, token);
  return c.redirect('/manage', 303);
});

// ---- A passkey as the second factor after the password ---------------------------------------------

async function pending(c: Context<AppEnv>) {
  const tokenHash = await staffTokenHash(c);
  if (!tokenHash) return null;
  const [account] = await pendingSessionAccount(c.get('db'), tokenHash, Date.now());
  return account ? { account, tokenHash } : null;
}

consolePasskeyRoutes.post('/manage/two-step/passkey/options', async (c) => {
  const p = await pending(c);
  if (!p) return optionsJson(c, { error: 'Your sign-in timed out. Sign in again.' }, 403);
  const db = c.get('db');
  const challenge = newChallenge();
  const staffAccountId = p.account.staffAccountId;
  const [, , own] = await db.batch([
    ...issueChallengeStatements(db, { challenge, purpose: 'staff_second_factor', subjectId: staffAccountId, now: Date.now() }),
    staffPasskeysStatement(db, staffAccountId),
  ]);
  return optionsJson(c, authenticationOptions({ rp: relyingPartyFor(c.req.url), challenge, allow: own }));
});

consolePasskeyRoutes.post('/manage/two-step/passkey', async (c) => {
  const p = await pending(c);
  if (!p) return c.redirect('/manage/sign-in', 303);
  const checked = await checkAssertion(c, 'staff_second_factor', p.account.staffAccountId);
  if ('error' in checked) return page(c, 'Two-step sign-in', () => <TwoStepForm passkeyError={checked.error} />, 422);
  const db = c.get('db');
  const [used, marked] = await db.batch([
    checked.markUsed,
    passSecondFactorByPasskeyStatement(db, { tokenHash: p.tokenHash, staffAccountId: checked.staffAccountId, passkeyId: checked.passkeyId, now: checked.now }),
  ]);
  if (used.length === 0 || marked.length === 0) return page(c, 'Two-step sign-in', () => <TwoStepForm passkeyError={PASSKEY_MESSAGES.unknown} />, 422);
  return c.redirect('/manage', 303);
});
