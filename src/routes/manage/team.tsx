/**
 * The owners' team page (issue: console part 1, item 1) and the invited person's page.
 * - GET /manage/:businessId/team — members, pending invitations, the invite form (owners only).
 * - POST …/team/invitations — invite by email: the invitation (token hashed, 7 days) and its email
 *   (the existing email provider / outbox, delivered as decision 0010 says) in one batch.
 * - POST …/team/invitations/:staffInvitationId/revoke, …/team/members/:memberId/role|remove —
 *   removing someone ends their console sessions in the same batch; the last owner stays.
 * - GET/POST /manage/invite/:token — set name + password (checkNewPassword), or an existing
 *   account's password, then the second factor's enrolment (/manage/two-step/setup). A dead
 *   link (unknown 404, expired / revoked / used 410) changes nothing.
 * Every change writes its audit row in its own batch; staff get 403, another business 404.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { createDb } from '../../db/client';
import {
  acceptStatements,
  changeRoleStatements,
  inviteStatements,
  removeMemberStatements,
  revokeStaffInvitationStatements,
  staffInvitationByTokenHash,
  teamStatements,
} from '../../db/queries/team';
import { STAFF_ROLES, type StaffRole } from '../../db/schema';
import { MAX_EMAIL_LENGTH, normalizeEmail } from '../../domain/email-address';
import { newId } from '../../domain/ids';
import { checkNewPassword, hashPassword, verifyPassword } from '../../domain/password';
import { loadCommonPasswords } from '../../domain/common-passwords';
import {
  STAFF_INVITATION_TTL_MS,
  checkStaffName,
  isWellFormedStaffInvitationToken,
  newStaffInvitationToken,
  staffInvitationEmail,
  staffInvitationState,
  staffInvitationTokenHash,
} from '../../domain/staff-invitation';
import { formatDate, formatMoment } from '../../domain/time';
import { credentialGuardForStaff } from '../../durable-objects/stubs';
import { DELIVERY_CHUNK, deliverQueued, deliveryModeFor, type DeliveryMode } from '../../messaging/delivery';
import { publicOrigin } from '../../messaging/public-host';
import { clientIp } from '../../middleware/client-ip';
import { respond } from '../../middleware/htmx';
import { newSessionToken } from '../../middleware/session';
import { setStaffSessionCookie, staffTokenHash } from '../../middleware/staff-session';
import { Page } from '../../../templates/layouts/page';
import { PlainConsoleHeader } from '../../../templates/manage/shell';
import { JoinDead, JoinForm, Team } from '../../../templates/manage/team';
import { minutes } from '../codes';
import { WRONG_PASSWORD, field } from '../password';
import { loadOwnerPage, ownerPage, type OwnerCtx, ownerActor } from './owner-page';

export const teamRoutes = new Hono<AppEnv>();

const NOTICES: Record<string, string> = {
  invited: 'Invitation sent. The link works for 7 days.',
  revoked: 'Invitation withdrawn. Its link no longer works.',
  role: 'Role changed.',
  removed: 'Removed. Their console sessions have ended.',
};

const REFUSALS: Record<string, string> = {
  role: 'That role could not be changed: the business needs at least one owner (or the member has left).',
  remove: 'That member could not be removed: the business needs at least one owner (or they have left already).',
  delivery: 'The invitation email cannot be sent here: email delivery is not set up. Nothing was saved.',
};

type TeamRows = Awaited<ReturnType<typeof loadTeam>>['results'];

function loadTeam(c: Context<AppEnv>, businessId: string) {
  const db = c.get('db');
  return loadOwnerPage(c, businessId, (tokenHash, now) => teamStatements(db, businessId, tokenHash, now));
}

function render(
  c: Context<AppEnv>,
  ctx: OwnerCtx,
  rows: Pick<TeamRows, 'members' | 'invitations'>,
  extra: { email?: string; emailError?: string; role?: StaffRole; status?: 200 | 409 | 422 } = {},
) {
  const { m, staff } = ctx;
  const members = rows.members.map((r) => ({
    staffAccountId: r.staffAccountId,
    name: r.name,
    email: r.email,
    role: r.role,
    since: formatDate(r.since.getTime(), m.timeZone, m.locale),
    enrolled: !!r.enrolled,
    you: r.staffAccountId === staff.staffAccountId,
  }));
  const invitations = rows.invitations.map((i) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    expires: formatMoment(i.expiresAt.getTime(), m.timeZone, m.locale),
  }));
  const done = c.req.query('done') ?? '';
  const refused = c.req.query('refused') ?? '';
  return ownerPage(
    c,
    { title: 'Team', section: 'team', staff, m, unread: ctx.unread },
    () => (
      <Team
        businessId={m.businessId}
        members={members}
        invitations={invitations}
        notice={NOTICES[done] ?? null}
        error={REFUSALS[refused] ?? null}
        email={extra.email}
        emailError={extra.emailError}
        role={extra.role}
      />
    ),
    extra.status,
  );
}

function readRole(raw: unknown): StaffRole | null {
  return typeof raw === 'string' && (STAFF_ROLES as readonly string[]).includes(raw) ? (raw as StaffRole) : null;
}

teamRoutes.get('/manage/:businessId/team', async (c) => {
  const loaded = await loadTeam(c, c.req.param('businessId'));
  return render(c, loaded, loaded.results);
});

teamRoutes.post('/manage/:businessId/team/invitations', async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const loaded = await loadTeam(c, businessId);
  const rawEmail = field(form, 'email', MAX_EMAIL_LENGTH + 64);
  const email = normalizeEmail(rawEmail);
  const role = readRole(form.role) ?? 'staff';
  if (!email.ok) return render(c, loaded, loaded.results, { email: rawEmail, emailError: email.message, role, status: 422 });
  if (loaded.results.members.some((mb) => mb.email === email.email)) {
    return render(c, loaded, loaded.results, { email: email.email, emailError: 'This person is already a member of the team.', role, status: 422 });
  }
  const db = c.get('db');
  let mode: DeliveryMode;
  let origin: string;
  try {
    mode = deliveryModeFor(c.env, db, 'email');
    origin = publicOrigin(c.env, c.req.url);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'staff invitation not created', requestId: c.get('requestId'), error: String(error) }));
    return c.redirect(`/manage/${businessId}/team?refused=delivery`, 303);
  }
  const token = newStaffInvitationToken();
  const expiresAt = loaded.now + STAFF_INVITATION_TTL_MS;
  const words = staffInvitationEmail({
    businessName: loaded.m.businessName,
    inviterName: loaded.staff.name,
    role,
    link: `${origin}/manage/invite/${token}`,
    expires: formatMoment(expiresAt, loaded.m.timeZone, loaded.m.locale),
  });
  await db.batch(
    inviteStatements(db, {
      ...ownerActor(c, loaded),
      id: newId('sinv'),
      email: email.email,
      role,
      inviteTokenHash: await staffInvitationTokenHash(token),
      expiresAt,
      message: { outboxId: newId('eml'), subject: words.subject, text: words.text, provider: mode.provider, immediate: mode.immediate },
    }),
  );
  if (!mode.immediate) {
    const requestId = c.get('requestId');
    c.executionCtx.waitUntil(
      deliverQueued(c.env, createDb(c.env, { roundTrips: 0, durationMs: 0 }), { limit: DELIVERY_CHUNK }).catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'staff invitation delivery failed', requestId, error: String(error) }));
      }),
    );
  }
  return c.redirect(`/manage/${businessId}/team?done=invited`, 303);
});

teamRoutes.post('/manage/:businessId/team/invitations/:staffInvitationId/revoke', async (c) => {
  const businessId = c.req.param('businessId');
  const ctx = await loadOwnerPage(c, businessId, () => ({}));
  const db = c.get('db');
  await db.batch(revokeStaffInvitationStatements(db, { ...ownerActor(c, ctx), invitationId: c.req.param('staffInvitationId') }));
  return c.redirect(`/manage/${businessId}/team?done=revoked`, 303);
});

teamRoutes.post('/manage/:businessId/team/members/:memberId/role', async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const ctx = await loadOwnerPage(c, businessId, () => ({}));
  const role = readRole(form.role);
  if (!role) return c.redirect(`/manage/${businessId}/team?refused=role`, 303);
  const db = c.get('db');
  const [, changed] = await db.batch(changeRoleStatements(db, { ...ownerActor(c, ctx), memberId: c.req.param('memberId'), role }));
  return c.redirect(`/manage/${businessId}/team?${changed.length ? 'done=role' : 'refused=role'}`, 303);
});

teamRoutes.post('/manage/:businessId/team/members/:memberId/remove', async (c) => {
  const businessId = c.req.param('businessId');
  const memberId = c.req.param('memberId');
  const ctx = await loadOwnerPage(c, businessId, () => ({}));
  const db = c.get('db');
  const [, removed] = await db.batch(removeMemberStatements(db, { ...ownerActor(c, ctx), memberId }));
  if (removed.length && memberId === ctx.staff.staffAccountId) return c.redirect('/manage/sign-in', 303);
  return c.redirect(`/manage/${businessId}/team?${removed.length ? 'done=removed' : 'refused=remove'}`, 303);
});

// ---- The invited person ----------------------------------------------------------------------

type Found =
  | { kind: 'dead'; reason: 'unknown' | 'expired' | 'revoked' | 'used'; businessName?: string }
  | { kind: 'valid'; invitation: Awaited<ReturnType<typeof staffInvitationByTokenHash>>[number] };

async function findInvitation(c: Context<AppEnv>): Promise<Found> {
  const token = c.req.param('token') ?? '';
  if (!isWellFormedStaffInvitationToken(token)) return { kind: 'dead', reason: 'unknown' };
  const [row] = await staffInvitationByTokenHash(c.get('db'), await staffInvitationTokenHash(token));
  if (!row) return { kind: 'dead', reason: 'unknown' };
  const state = staffInvitationState(row, Date.now());
  return state === 'valid' ? { kind: 'valid', invitation: row } : { kind: 'dead', reason: state, businessName: row.businessName };
}

function plain(c: Context<AppEnv>, title: string, body: () => unknown, status: 200 | 404 | 410 | 422 | 429 = 200) {
  c.header('X-Robots-Tag', 'noindex');
  c.header('Referrer-Policy', 'no-referrer');
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

function deadPage(c: Context<AppEnv>, found: Extract<Found, { kind: 'dead' }>) {
  return plain(c, 'Invitation', () => <JoinDead reason={found.reason} businessName={found.businessName} />, found.reason === 'unknown' ? 404 : 410);
}

teamRoutes.get('/manage/invite/:token', async (c) => {
  const found = await findInvitation(c);
  if (found.kind === 'dead') return deadPage(c, found);
  const i = found.invitation;
  return plain(c, `Join ${i.businessName}`, () => (
    <JoinForm token={c.req.param('token')} businessName={i.businessName} email={i.email} existing={i.accountId !== null} />
  ));
});

teamRoutes.post('/manage/invite/:token', async (c) => {
  const found = await findInvitation(c);
  if (found.kind === 'dead') return deadPage(c, found);
  const i = found.invitation;
  const token = c.req.param('token');
  const form = await c.req.parseBody();
  const password = field(form, 'password', 1024);
  const rawName = field(form, 'name', 200);
  const again = (props: { nameError?: string; passwordError?: string }, status: 422 | 429) =>
    plain(
      c,
      `Join ${i.businessName}`,
      () => <JoinForm token={token} businessName={i.businessName} email={i.email} existing={i.accountId !== null} name={rawName} {...props} />,
      status,
    );

  let newAccount: { email: string; name: string; passwordHash: string } | null = null;
  if (i.accountId) {
    // An existing account joins with its own password, limited like sign-in.
    const guard = credentialGuardForStaff(c.env, 'password', i.email);
    const attempt = await guard.beginPasswordAttempt();
    if (attempt.status === 'locked') return again({ passwordError: `Too many wrong passwords. Try again in ${minutes(attempt.retryAfterMs)}.` }, 429);
    if (!(await verifyPassword(password, i.accountPasswordHash))) {
      if (attempt.attemptsLeft === 0) return again({ passwordError: `Too many wrong passwords. Try again in ${minutes(attempt.lockMsIfWrong)}.` }, 429);
      return again({ passwordError: WRONG_PASSWORD.replace('email or password', 'password') }, 422);
    }
    await guard.passwordSucceeded();
  } else {
    const name = checkStaffName(rawName);
    const check = checkNewPassword(password, await loadCommonPasswords(c.env.ASSETS), { email: i.email, name: name.ok ? name.name : null });
    if (!name.ok || !check.ok) return again({ nameError: name.ok ? undefined : name.message, passwordError: check.ok ? undefined : check.message }, 422);
    newAccount = { email: i.email, name: name.name, passwordHash: await hashPassword(password) };
  }

  const staffAccountId = i.accountId ?? newId('sta');
  const { token: sessionToken, tokenHash } = await newSessionToken();
  const db = c.get('db');
  const [used] = await db.batch(
    acceptStatements(db, {
      invitationId: i.id,
      businessId: i.businessId,
      role: i.role,
      staffAccountId,
      newAccount,
      sessionTokenHash: tokenHash,
      previousTokenHash: await staffTokenHash(c),
      userAgent: c.req.header('user-agent') ?? null,
      auditId: newId('aud'),
      ipAddress: clientIp(c),
      now: Date.now(),
    }),
  );
  // The link died between the read and the batch (used in another tab, revoked): nothing was written.
  if (used.length === 0) return deadPage(c, (await findInvitation(c)) as Extract<Found, { kind: 'dead' }>);
  setStaffSessionCookie(c, sessionToken);
  return c.redirect(i.accountId && i.accountEnrolled ? '/manage/two-step' : '/manage/two-step/setup', 303);
});
