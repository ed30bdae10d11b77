/**
 * Invitation links (SPEC §3.2).
 *
 * Staff API (bearer STAFF_API_TOKEN, JSON; until the business console exists):
 * - POST /staff/businesses/:businessId/invitations `{ clientIds, channel }`: one invitation per
 *   client of that business, each with a fresh token that travels only in its message; one
 *   read, then one write batch (revoke earlier unused links, insert invitations and messages).
 *   Messages go out as decision record 0010 describes (src/messaging/delivery.ts), through
 *   routes/invite-clients.ts, which the console's invitations use too.
 * - POST /staff/invitations/:invitationId/revoke.
 *
 * The parent's pages (no session needed; every page works without JS):
 * - GET /invite/:token — who invites whom, the phone on file masked, "Text me a code";
 * - POST /invite/:token/code-request → the OTP guard of the invitation's phone (same limits and
 *   words as sign-in, routes/phone-code.ts and codes.ts) → GET /invite/:token/code, the code form;
 * - POST /invite/:token/verify — the code, then ONE batch: account (new or existing), links to
 *   every client record with the number, a new session, and the invitation marked used only if
 *   still live; the new account lands on GET /c/:clientId/welcome.
 * A malformed or unknown token gets the same generic page (404); a real but dead one (expired,
 * revoked, used, phone changed since sending) names the business and what to do next (410).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env';
import {
  invitationByTokenHash,
  invitationTargetStatements,
  registrationStatements,
  revokeInvitationStatements,
  type InvitationWithClient,
} from '../db/queries/invitations';
import { toSessionContext } from '../db/queries/portal';
import { portalAvailability } from '../domain/access';
import { invitationState, invitationTokenHash, isWellFormedInvitationToken, parseInvitationRequest, phoneEnding } from '../domain/invitation';
import { otpGuardForPhone } from '../durable-objects/stubs';
import { DELIVERY_CHUNK } from '../messaging/delivery';
import { invitationDelivery, sendInvitations } from './invite-clients';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { headerFor, loadSignedIn, profileHome, requireProfile } from '../middleware/portal';
import { newSessionToken, setSessionCookie } from '../middleware/session';
import { codeProblem, readCode } from './codes';
import { requestPhoneCode } from './phone-code';
import { requireStaffToken } from './staff';
import { Page } from '../../templates/layouts/page';
import { InvitationCode, InvitationDead, InvitationStart, Welcome, type DeadReason } from '../../templates/invitations/invitation';
import { t, useReturnPath } from '../i18n';

export const invitationRoutes = new Hono<AppEnv>();

// ---- Staff API --------------------------------------------------------------------------------

invitationRoutes.post('/staff/businesses/:businessId/invitations', requireStaffToken, async (c) => {
  const businessId = c.req.param('businessId');
  const request = parseInvitationRequest(await c.req.json().catch(() => null));
  if (!request.ok) return c.json({ error: 'invalid_request', message: request.message }, 400);

  const delivery = invitationDelivery(c, request.channel);
  if (!delivery.ok) return c.json({ error: 'delivery_not_configured', message: delivery.message }, 503);
  const { mode } = delivery;

  const db = c.get('db');
  const [[business], targets] = await db.batch(invitationTargetStatements(db, businessId, request.clientIds));
  if (!business) return c.json({ error: 'business_not_found' }, 404);
  if (portalAvailability(business) !== 'on') {
    return c.json({ error: 'portal_not_available', message: `The client portal is not available yet for ${business.name}.` }, 409);
  }

  const { plan, expiresAt, revoked } = await sendInvitations(c, {
    businessId,
    businessName: business.name,
    channel: request.channel,
    delivery,
    requestedIds: request.clientIds,
    duplicates: request.duplicates,
    targets,
    now: Date.now(),
  });
  const created = plan.invitations.map((i) => ({ invitationId: i.invitationId, clientId: i.clientId }));
  const answer = { businessId, channel: request.channel, created, refused: plan.refused };
  if (plan.invitations.length === 0) return c.json({ ...answer, revoked: [] }, 422);
  return c.json(
    {
      ...answer,
      expiresAt: new Date(expiresAt).toISOString(),
      // Earlier unused links of these clients, revoked by this request.
      revoked: revoked.map((r) => ({ invitationId: r.id, clientId: r.clientId })),
      delivery: {
        provider: mode.provider,
        status: mode.immediate ? 'sent' : 'queued',
        messages: plan.invitations.length,
        // Sent right after this answer; the rest by the scheduled drain, a chunk a minute.
        sendingNow: mode.immediate ? 0 : Math.min(plan.invitations.length, DELIVERY_CHUNK),
      },
    },
    201,
  );
});

invitationRoutes.post('/staff/invitations/:invitationId/revoke', requireStaffToken, async (c) => {
  const invitationId = c.req.param('invitationId');
  const db = c.get('db');
  const [done, [row]] = await db.batch(revokeInvitationStatements(db, invitationId, Date.now()));
  if (!row) return c.json({ error: 'not_found' }, 404);
  if (row.usedAt) return c.json({ invitationId, status: 'used', error: 'already_used' }, 409);
  return c.json({ invitationId, status: 'revoked', revokedAt: row.revokedAt?.toISOString(), alreadyRevoked: done.length === 0 });
});

// ---- The parent's pages -----------------------------------------------------------------------

type Found = { kind: 'dead'; reason: DeadReason; businessName?: string } | { kind: 'valid'; invitation: InvitationWithClient };

/** The invitation of the URL's token, if it still works (one database read; none for a malformed token). */
async function findInvitation(c: Context<AppEnv>): Promise<Found> {
  const token = c.req.param('token') ?? '';
  if (!isWellFormedInvitationToken(token)) return { kind: 'dead', reason: 'unknown' };
  const [row] = await invitationByTokenHash(c.get('db'), await invitationTokenHash(token));
  if (!row) return { kind: 'dead', reason: 'unknown' };
  const state = invitationState(row, row.client, Date.now());
  if (state !== 'valid') return { kind: 'dead', reason: state, businessName: row.businessName };
  return { kind: 'valid', invitation: row };
}

/** 404 for a token we know nothing about, 410 for a real one that no longer works. */
function deadPage(c: Context<AppEnv>, found: Extract<Found, { kind: 'dead' }>) {
  c.header('X-Robots-Tag', 'noindex');
  // The language switcher must not echo a guessed token: every unknown one gets the same page.
  if (found.reason === 'unknown') useReturnPath('/');
  return respond(
    c,
    {
      page: () => (
        <Page title={t('auth.invitation.deadTitle')}>
          <InvitationDead reason={found.reason} businessName={found.businessName} />
        </Page>
      ),
    },
    found.reason === 'unknown' ? 404 : 410,
  );
}

function startPage(c: Context<AppEnv>, invitation: InvitationWithClient, error?: string, status: 200 | 429 = 200) {
  c.header('X-Robots-Tag', 'noindex');
  return respond(
    c,
    {
      page: () => (
        <Page title={t('auth.invitation.title')}>
          <InvitationStart
            token={c.req.param('token') ?? ''}
            businessName={invitation.businessName}
            firstName={invitation.client.firstName}
            phoneEnding={phoneEnding(invitation.phoneE164)}
            error={error}
          />
        </Page>
      ),
    },
    status,
  );
}

function codePage(
  c: Context<AppEnv>,
  invitation: InvitationWithClient,
  props: { error?: string; notice?: string; codeUsable?: boolean } = {},
  status: 200 | 422 | 429 = 200,
) {
  c.header('X-Robots-Tag', 'noindex');
  return respond(
    c,
    {
      page: () => (
        <Page title={t('auth.code.heading')}>
          <InvitationCode
            token={c.req.param('token') ?? ''}
            businessName={invitation.businessName}
            phoneEnding={phoneEnding(invitation.phoneE164)}
            {...props}
          />
        </Page>
      ),
    },
    status,
  );
}

invitationRoutes.get('/invite/:token', async (c) => {
  const found = await findInvitation(c);
  return found.kind === 'valid' ? startPage(c, found.invitation) : deadPage(c, found);
});

invitationRoutes.post('/invite/:token/code-request', async (c) => {
  const found = await findInvitation(c);
  if (found.kind !== 'valid') return deadPage(c, found);
  const form = await c.req.parseBody();
  const resend = form.resend === '1';
  // A valid invitation's phone is the client's phone on file, so the code is always deliverable.
  const refusal = await requestPhoneCode(c, found.invitation.phoneE164, () => true);
  if (refusal) return resend ? codePage(c, found.invitation, { error: refusal }, 429) : startPage(c, found.invitation, refusal, 429);
  return redirectAfterPost(c, `/invite/${c.req.param('token')}/code${resend ? '?resent' : ''}`);
});

invitationRoutes.get('/invite/:token/code', async (c) => {
  const found = await findInvitation(c);
  if (found.kind !== 'valid') return deadPage(c, found);
  return codePage(c, found.invitation, { notice: c.req.query('resent') !== undefined ? t('auth.newCodeSent') : undefined });
});

invitationRoutes.post('/invite/:token/verify', async (c) => {
  const found = await findInvitation(c);
  if (found.kind !== 'valid') return deadPage(c, found);
  const { invitation } = found;
  const form = await c.req.parseBody();
  const code = readCode(form.code, 'sms');
  if (!code.ok) return codePage(c, invitation, { error: code.error }, 422);
  const problem = codeProblem(await otpGuardForPhone(c.env, invitation.phoneE164).verifyCode(code.code), 'sms');
  if (problem) return codePage(c, invitation, { error: problem.error, codeUsable: problem.codeUsable }, problem.status);

  // The phone is verified: from here on this is sign-in for that number, plus the invitation.
  const { token, tokenHash } = await newSessionToken();
  const db = c.get('db');
  const results = await db.batch(
    registrationStatements(db, {
      invitationId: invitation.id,
      phoneE164: invitation.phoneE164,
      tokenHash,
      previousTokenHash: c.get('sessionTokenHash'),
      userAgent: c.req.header('user-agent') ?? null,
      now: Date.now(),
    }),
  );
  const accountExisted = results[0].length > 0;
  const registered = results[5].length > 0;
  const session = toSessionContext(results[6]);
  setSessionCookie(c, token);
  if (registered && !accountExisted) return redirectAfterPost(c, `/c/${invitation.clientId}/welcome`);
  // An existing account is simply signed in. If the link died between the first read and the
  // batch (another request used it, or it was revoked), the verified phone still signs in, as
  // phone sign-in would, but the invitation stays as it was.
  const linked = session?.profiles.some((p) => p.clientId === invitation.clientId);
  return redirectAfterPost(c, linked ? profileHome(invitation.clientId) : '/');
});

invitationRoutes.get('/c/:clientId/welcome', async (c) => {
  const { session } = await loadSignedIn(c, () => [] as const);
  const profile = requireProfile(session, c.req.param('clientId'));
  return respond(c, {
    page: () => (
      <Page title={t('auth.invitation.welcomeTitle')} header={headerFor(session, profile)}>
        <Welcome firstName={profile.firstName} businessName={profile.business.name} appointmentsHref={profileHome(profile.clientId)} />
      </Page>
    ),
  });
});
