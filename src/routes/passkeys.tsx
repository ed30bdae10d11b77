/**
 * Parents' passkeys (issue 15 item 2): add one from the account (`/account/passkeys`), list and
 * remove them, and sign in with one on /sign-in instead of a text-message code.
 *
 * Each ceremony is two requests. The page's script POSTs to `…/options` and gets WebAuthn
 * options as JSON, with a fresh challenge stored server-side (webauthn_challenges, 5 minutes,
 * bound to the purpose and, for adding, to the account). The browser's answer comes back in an
 * ordinary form post, which uses the challenge up (deleted as it is read: a replay finds nothing)
 * and is verified by domain/passkeys.ts against the request's host and origin.
 *
 * A passkey sign-in starts the session an SMS sign-in starts, with the same statements
 * (`signInStatements`) and cookie. The user handle the authenticator returns must be the
 * passkey's own account: a credential presented for another account is refused. A removed
 * passkey is simply unknown. Adding one needs a recent sign-in, as changing the password does.
 */
import { clientIp } from '../middleware/client-ip';
import { otpGuardForIp } from '../durable-objects/stubs';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env';
import { signInStatements, signOutStatement } from '../db/queries/accounts';
import { accountSettingsStatement } from '../db/queries/credentials';
import {
  accountPasskeysStatement,
  consumeChallengeStatement,
  insertPasskeyStatement,
  issueChallengeStatements,
  markPasskeyUsedStatement,
  passkeyByCredentialStatement,
  removePasskeyStatement,
  type PasskeyListRow,
} from '../db/queries/passkeys';
import { toSessionContext } from '../db/queries/portal';
import { isRecentlyAuthenticated } from '../domain/credential-policy';
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
} from '../domain/passkeys';
import { formatPhoneForDisplay } from '../domain/phone';
import { formatDate } from '../domain/time';
import { t, viewLocale } from '../i18n';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../domain/passkeys';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { availableProfiles, headerFor, loadSignedIn, profileHome } from '../middleware/portal';
import { newSessionToken, setSessionCookie } from '../middleware/session';
import { Page } from '../../templates/layouts/page';
import { PhoneForm } from '../../templates/auth/sign-in';
import { PasskeysPage, type PasskeyItem, type PasskeysPageProps } from '../../templates/account/passkeys';

export const passkeyRoutes = new Hono<AppEnv>();

const NOTICES: Record<string, () => string> = {
  added: () => t('passkeys.notice.added'),
  removed: () => t('passkeys.notice.removed'),
};

/** WebAuthn options are per request and secret-bearing (the challenge): never cached. */
function optionsJson(c: Context<AppEnv>, options: unknown, status: 200 | 403 | 429 = 200) {
  c.header('Cache-Control', 'no-store');
  return c.json(options, status);
}

/** Dates as the parent's (first) business writes them (the caller passes the locale: viewLocale on the portal). */
export function passkeyItems(rows: PasskeyListRow[], timeZone: string, locale: string): PasskeyItem[] {
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    created: formatDate(r.createdAt.getTime(), timeZone, locale),
    lastUsed: r.lastUsedAt ? formatDate(r.lastUsedAt.getTime(), timeZone, locale) : null,
  }));
}

async function loadPasskeys(c: Context<AppEnv>) {
  const db = c.get('db');
  const loaded = await loadSignedIn(c, (hash) => [accountSettingsStatement(db, hash)] as const);
  const settings = loaded.results[0][0];
  if (!settings) throw new Error('account settings missing for a live session');
  const recent = isRecentlyAuthenticated(
    { authenticatedAt: settings.authenticatedAt?.getTime() ?? null, createdAt: settings.sessionCreatedAt.getTime() },
    loaded.now,
  );
  return { ...loaded, recent };
}

async function passkeysPage(
  c: Context<AppEnv>,
  loaded: Awaited<ReturnType<typeof loadPasskeys>>,
  props: Partial<PasskeysPageProps> = {},
  status: 200 | 403 | 422 = 200,
) {
  const rows = await accountPasskeysStatement(c.get('db'), loaded.session.accountId);
  const business = loaded.session.profiles[0]?.business;
  const items = passkeyItems(rows, business?.timeZone ?? 'UTC', viewLocale(business?.locale ?? 'en-US'));
  return respond(
    c,
    {
      page: () => (
        <Page title={t('passkeys.title')} header={headerFor(loaded.session)}>
          <PasskeysPage passkeys={items} recent={loaded.recent} {...props} />
        </Page>
      ),
    },
    status,
  );
}

// ---- Adding, listing, removing (signed in) --------------------------------------------------

passkeyRoutes.get('/account/passkeys', async (c) => {
  const loaded = await loadPasskeys(c);
  const key = Object.keys(c.req.query()).find((k) => Object.hasOwn(NOTICES, k));
  const notice = key ? NOTICES[key]!() : undefined;
  return passkeysPage(c, loaded, { notice });
});

passkeyRoutes.post('/account/passkeys/options', async (c) => {
  const loaded = await loadPasskeys(c);
  if (!loaded.recent) return optionsJson(c, { error: PASSKEY_MESSAGES.confirmFirst }, 403);
  const db = c.get('db');
  const { session, now } = loaded;
  const challenge = newChallenge();
  const [, , existing] = await db.batch([
    ...issueChallengeStatements(db, { challenge, purpose: 'parent_register', subjectId: session.accountId, now }),
    accountPasskeysStatement(db, session.accountId),
  ]);
  const profile = session.profiles[0];
  const phone = formatPhoneForDisplay(session.phoneE164);
  return optionsJson(
    c,
    registrationOptions({
      rp: relyingPartyFor(c.req.url),
      challenge,
      ownerId: session.accountId,
      userName: phone,
      displayName: profile ? `${profile.firstName} ${profile.lastName}` : phone,
      existing,
    }),
  );
});

passkeyRoutes.post('/account/passkeys', async (c) => {
  const loaded = await loadPasskeys(c);
  if (!loaded.recent) return passkeysPage(c, loaded, { error: PASSKEY_MESSAGES.confirmFirst }, 403);
  const form = await c.req.parseBody();
  const parsed = parseResponse<RegistrationResponseJSON>(form.response);
  if (!parsed) return passkeysPage(c, loaded, { error: PASSKEY_MESSAGES.registerFailed }, 422);
  const db = c.get('db');
  const accountId = loaded.session.accountId;
  const now = Date.now();
  const [consumed] = await consumeChallengeStatement(db, { challenge: parsed.challenge, purpose: 'parent_register', subjectId: accountId, now });
  if (!consumed) return passkeysPage(c, loaded, { error: PASSKEY_MESSAGES.expired }, 422);
  const credential = await verifyRegistration(parsed.json, consumed.challenge, relyingPartyFor(c.req.url));
  if (!credential) return passkeysPage(c, loaded, { error: PASSKEY_MESSAGES.registerFailed }, 422);
  const [stored] = await insertPasskeyStatement(db, { owner: { accountId }, credential, name: passkeyName(form.name, c.req.header('user-agent')), now });
  if (!stored) return passkeysPage(c, loaded, { error: PASSKEY_MESSAGES.duplicate }, 422);
  return redirectAfterPost(c, '/account/passkeys?added');
});

passkeyRoutes.post('/account/passkeys/:passkeyId/remove', async (c) => {
  const db = c.get('db');
  const { session } = await loadSignedIn(c, () => [] as const);
  const [removed] = await removePasskeyStatement(db, { id: c.req.param('passkeyId'), owner: { accountId: session.accountId } });
  if (!removed) return c.notFound();
  return redirectAfterPost(c, '/account/passkeys?removed');
});

// ---- Signing in -------------------------------------------------------------------------------

function refused(c: Context<AppEnv>, error: string) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('passkeys.signInTitle')}>
          <PhoneForm passkeyError={error} />
        </Page>
      ),
    },
    422,
  );
}

passkeyRoutes.post('/sign-in/passkey/options', async (c) => {
  const db = c.get('db');
  const challenge = newChallenge();
  // No session needed here, and each challenge is a row until it expires: a per-IP hourly cap.
  const cap = await otpGuardForIp(c.env, clientIp(c)).countIpPasskeyChallenge();
  if (!cap.allowed) return optionsJson(c, { error: passkeyLimitWords(cap.retryAfterMs) }, 429);
  await db.batch(issueChallengeStatements(db, { challenge, purpose: 'parent_sign_in', subjectId: null, now: Date.now() }));
  return optionsJson(c, authenticationOptions({ rp: relyingPartyFor(c.req.url), challenge }));
});

passkeyRoutes.post('/sign-in/passkey', async (c) => {
  const form = await c.req.parseBody();
  const parsed = parseResponse<AuthenticationResponseJSON>(form.response);
  if (!parsed) return refused(c, PASSKEY_MESSAGES.failed);
  const db = c.get('db');
  const now = Date.now();
  const [consumed, found] = await db.batch([
    consumeChallengeStatement(db, { challenge: parsed.challenge, purpose: 'parent_sign_in', subjectId: null, now }),
    passkeyByCredentialStatement(db, parsed.credentialId),
  ]);
  if (!consumed[0]) return refused(c, PASSKEY_MESSAGES.expired);
  const passkey = found[0];
  if (!passkey?.accountId || !passkey.phoneE164) return refused(c, PASSKEY_MESSAGES.unknown);
  // A discoverable credential names its account: it must be the one the passkey was added to.
  if (parsed.userHandle !== userHandleFor(passkey.accountId)) return refused(c, PASSKEY_MESSAGES.failed);
  const verified = await verifyAssertion(parsed.json, consumed[0].challenge, relyingPartyFor(c.req.url), passkey);
  if (!verified) return refused(c, PASSKEY_MESSAGES.failed);

  const { token, tokenHash } = await newSessionToken();
  const [used, ...signIn] = await db.batch([
    markPasskeyUsedStatement(db, { id: passkey.id, checkedCount: passkey.signCount, newCounter: verified.newCounter, now }),
    ...signInStatements(db, {
      phoneE164: passkey.phoneE164,
      tokenHash,
      previousTokenHash: c.get('sessionTokenHash'),
      userAgent: c.req.header('user-agent') ?? null,
      now,
    }),
  ]);
  if (used.length === 0) {
    // Removed (or used elsewhere with a newer counter) between the check and now: no session.
    await signOutStatement(db, tokenHash);
    return refused(c, PASSKEY_MESSAGES.unknown);
  }
  const session = toSessionContext(signIn[4]);
  setSessionCookie(c, token);
  const available = session ? availableProfiles(session) : [];
  return redirectAfterPost(c, available.length === 1 ? profileHome(available[0]!.clientId) : '/');
});
