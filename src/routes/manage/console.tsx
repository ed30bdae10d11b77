/**
 * The business console's daily loop, part 1 (SPEC §11): the business chooser, the request
 * inbox (confirm / decline through the booking lock, via the one decideRequest()), the
 * notification feed with its unread count, and the owners' audit log. Every page is one
 * batch (middleware/console.ts); every change writes its audit row in its own batch.
 */
import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import {
  AUDIT_LIMIT,
  INBOX_LIMIT,
  auditActionsStatement,
  auditStatement,
  emailPreferenceStatement,
  feedStatement,
  inboxStatements,
  markReadStatements,
  newRequestsStatement,
  setEmailPreferenceStatements,
  unreadCountStatement,
} from '../../db/queries/console';
import { statusLabel } from '../../domain/appointment-status';
import { placesOfBookedVisit } from '../../domain/capacity';
import { decisionStatements } from '../../db/queries/staff';
import { asMember } from '../../db/queries/console';
import { appointments, staff as staffTable } from '../../db/schema';
import { formatMoney } from '../../domain/money';
import { newId } from '../../domain/ids';
import { formatDate, formatDateTimeRange, formatMoment, timeZoneLabel } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireOwner, requireStaff, type Membership } from '../../middleware/console';
import { respond } from '../../middleware/htmx';
import { Page } from '../../../templates/layouts/page';
import { UnreadBadge } from '../../../templates/manage/shell';
import { consolePage } from './page';
import { AuditLog, BusinessChooser, Feed, Inbox, InboxNews, type FeedItem, type InboxItem } from '../../../templates/manage/pages';
import { PlainConsoleHeader } from '../../../templates/manage/shell';
import { serviceTypeLabel } from '../../../templates/appointments/labels';
import { conflictWords } from '../appointment-changes';
import { decideRequest } from '../decide-request';
import { onboardingStatement } from '../../db/queries/settings';
import { OnboardingChecklist, onboardingProgress } from '../../../templates/manage/settings';

export const consoleRoutes = new Hono<AppEnv>();

const NOTIFICATION_LABELS: Record<string, string> = {
  new_request: 'New request',
  canceled_by_client: 'Canceled by the client',
  rescheduled_by_client: 'Rescheduled by the client',
  pet_added: 'Pet added',
  agreement_signed: 'Agreement signed',
  certificate_uploaded: 'Certificate to review',
};

function ago(ms: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - ms) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

consoleRoutes.get('/manage', async (c) => {
  const { staff } = await loadStaff(c, () => ({}));
  const open = staff.memberships.filter((m) => m.open);
  if (staff.memberships.length > 0 && open.length === 0) return c.redirect(staff.enrolled ? '/manage/two-step' : '/manage/two-step/setup', 303);
  if (staff.memberships.length === 1 && open.length === 1) return c.redirect(`/manage/${open[0]!.businessId}/inbox`, 303);
  return respond(c, {
    page: () => (
      <Page title="Your businesses" masthead={<PlainConsoleHeader />}>
        <BusinessChooser name={staff.name} businesses={staff.memberships} />
      </Page>
    ),
  });
});

// ---- Inbox ------------------------------------------------------------------------------------

async function inboxPage(c: Context<AppEnv>, extra: { notice?: string | null; error?: { id: string; message: string } | null; status?: 200 | 409 | 422 } = {}) {
  const businessId = c.req.param('businessId')!;
  const db = c.get('db');
  const {
    staff,
    results: r,
    now,
  } = await loadStaff(c, (tokenHash, now) => ({
    ...inboxStatements(db, businessId, tokenHash, now),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
    onboarding: onboardingStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(staff, businessId);
  const capacity = r.capacity[0];
  const takenOf = new Map(r.taken.map((t) => [t.resource, Number(t.taken)]));
  const groomers = r.groomers.map((g) => ({ id: g.id, name: `${g.firstName} ${g.lastName}` }));
  const items: InboxItem[] = r.requests.map((a) => {
    const petsOf = r.pets.filter((p) => p.appointmentId === a.id);
    const linesOf = (appointmentPetId: string) => r.lines.filter((l) => l.appointmentPetId === appointmentPetId);
    const places = placesOfBookedVisit({
      serviceType: a.serviceType,
      startsAt: a.startsAt.getTime(),
      endsAt: a.endsAt.getTime(),
      timeZone: m.timeZone,
      petCount: petsOf.length,
      groomerIds: [],
    });
    return {
      id: a.id,
      statusLabel: statusLabel(a.status),
      waitlisted: a.status === 'waitlisted',
      client: `${a.clientFirstName} ${a.clientLastName}`,
      phone: a.clientPhone,
      kind: serviceTypeLabel(a.serviceType),
      when: `${formatDateTimeRange(a.startsAt, a.endsAt, m.timeZone, m.locale)} ${timeZoneLabel(m.timeZone, a.startsAt, m.locale)}`,
      requestedAgo: ago(a.createdAt.getTime(), now),
      pets: petsOf.map((p) => ({
        name: p.name,
        services: linesOf(p.appointmentPetId).map((l) =>
          l.staffFirstName ? `${l.name} (${l.staffFirstName} ${l.staffLastName ?? ''}${l.staffRequested ? ', asked for' : ''})`.replace(' )', ')') : l.name,
        ),
        addOns: r.addOns.filter((x) => x.appointmentPetId === p.appointmentPetId).map((x) => x.name),
      })),
      // "Any groomer" pets: the business may give them another groomer when confirming.
      groomerChoices:
        a.serviceType === 'grooming'
          ? petsOf
              .filter((p) => linesOf(p.appointmentPetId).some((l) => !l.staffRequested))
              .map((p) => ({
                appointmentPetId: p.appointmentPetId,
                petName: p.name,
                current: linesOf(p.appointmentPetId).find((l) => !l.staffRequested)?.staffId ?? null,
              }))
          : [],
      notes: a.notes,
      deposit: a.depositRequiredMinor ? formatMoney(a.depositRequiredMinor, m.currency, m.locale) : null,
      vaccinationRecordNeeded: a.vaccinationRecordNeeded,
      capacity: places.map(({ resource, units }) => {
        const [kind, date] = resource.split(':') as [string, string];
        const total = kind === 'boarding' ? (capacity?.boarding ?? 0) : (capacity?.daycare ?? 0);
        const taken = takenOf.get(resource) ?? 0;
        const day = formatDate(Date.parse(`${date}T12:00:00Z`), 'UTC', m.locale, { weekday: 'short', day: 'numeric', month: 'short' });
        const free = Math.max(0, total - taken);
        const fits = a.status === 'waitlisted' ? (free >= units ? ' (room for this request)' : ' (not enough for this request)') : '';
        return `${kind === 'boarding' ? 'Boarding night' : 'Daycare'} ${day}: ${taken} of ${total} places taken, ${free} free${fits}`;
      }),
    };
  });
  return consolePage(
    c,
    'Requests',
    { staff, membership: m, unread: Number(r.unread[0]?.unread ?? 0), current: 'inbox' },
    () => (
      <>
        <OnboardingChecklist businessId={businessId} progress={onboardingProgress(r.onboarding[0])} />
        <Inbox businessId={businessId} loadedAt={now} items={items} groomers={groomers} notice={extra.notice} error={extra.error} limit={INBOX_LIMIT} />
      </>
    ),
    extra.status,
  );
}

const DECIDED: Record<string, string> = {
  confirm: 'Confirmed. The client has been told by text.',
  decline: 'Declined. The client has been told by text.',
  waitlist: 'Moved to the waitlist; its places are free for others. The client has been told by text.',
};

consoleRoutes.get('/manage/:businessId/inbox', (c) => inboxPage(c, { notice: DECIDED[c.req.query('done') ?? ''] ?? null }));

/** A form's groomer choices (`groomer:<appointment pet id>` = staff id), each one of the business's active staff, or a 422 message. */
function groomerChoices(form: Record<string, unknown>, businessStaff: { id: string }[]): Record<string, string> | string {
  const known = new Set(businessStaff.map((s) => s.id));
  const chosen: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) {
    if (!name.startsWith('groomer:') || typeof value !== 'string' || value === '') continue;
    if (!known.has(value)) return 'Choose a groomer from the list.';
    chosen[name.slice('groomer:'.length)] = value;
  }
  return chosen;
}

consoleRoutes.post('/manage/:businessId/requests/:appointmentId/:decision{confirm|decline|waitlist}', async (c) => {
  const businessId = c.req.param('businessId');
  const appointmentId = c.req.param('appointmentId');
  const decision = c.req.param('decision') as 'confirm' | 'decline' | 'waitlist';
  const form = await c.req.parseBody();
  const db = c.get('db');
  const { staff, results } = await loadStaff(c, (tokenHash, now) => {
    const named = decisionStatements(db, appointmentId, and(eq(appointments.businessId, businessId), asMember(appointments.businessId, tokenHash, now)));
    return {
      ...named,
      groomers: db
        .select({ id: staffTable.id, name: staffTable.firstName })
        .from(staffTable)
        .where(and(eq(staffTable.businessId, businessId), eq(staffTable.active, true), asMember(staffTable.businessId, tokenHash, now))),
    };
  });
  requireStaff(staff, businessId);
  const row = results.request[0];
  if (!row) throw new HTTPException(404);
  const groomerFor = decision === 'confirm' ? groomerChoices(form, results.groomers) : {};
  if (typeof groomerFor === 'string') return inboxPage(c, { error: { id: appointmentId, message: groomerFor }, status: 422 });
  const picked = Object.values(groomerFor)
    .map((id) => results.groomers.find((g) => g.id === id)?.name)
    .filter(Boolean);
  const outcome = await decideRequest(c, {
    appointmentId,
    decision,
    rows: results,
    reason: form.reason,
    groomerFor,
    audit: {
      id: newId('aud'),
      staffAccountId: staff.staffAccountId,
      detail:
        decision === 'decline' && typeof form.reason === 'string' && form.reason.trim()
          ? form.reason.trim().slice(0, 500)
          : picked.length && row.serviceType === 'grooming'
            ? `groomer: ${picked.join(', ')}`
            : null,
      ipAddress: clientIp(c),
    },
  });
  if (outcome.status === 'conflict') {
    const message =
      outcome.reason === 'status_changed' && outcome.currentStatus === 'canceled'
        ? 'This request was just canceled by the client (or declined by a colleague). Nothing was changed.'
        : outcome.reason === 'status_changed' && outcome.currentStatus === 'confirmed'
          ? 'This request is already confirmed (from another window, or by a colleague). Nothing was changed; it is on the Schedule.'
          : outcome.reason === 'status_changed' && decision === 'waitlist' && outcome.currentStatus === 'waitlisted'
            ? 'This request is already on the waitlist.'
            : outcome.reason === 'full'
              ? row.serviceType === 'grooming'
                ? 'That groomer is busy at this time. Nothing was changed; choose another groomer.'
                : 'There is no free place for this request any more. It stays as it is.'
              : conflictWords(outcome, row.businessName);
    return inboxPage(c, { error: { id: appointmentId, message }, status: 409 });
  }
  return c.redirect(`/manage/${businessId}/inbox?done=${decision}`, 303);
});

// ---- Notifications ----------------------------------------------------------------------------

consoleRoutes.get('/manage/:businessId/notifications', async (c) => {
  const businessId = c.req.param('businessId');
  const db = c.get('db');
  const { staff, results, now } = await loadStaff(c, (tokenHash, now) => ({
    feed: feedStatement(db, businessId, tokenHash, now),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
    emailMe: emailPreferenceStatement(db, businessId, tokenHash, now),
  }));
  const m: Membership = requireStaff(staff, businessId);
  const unread = Number(results.unread[0]?.unread ?? 0);
  const items: FeedItem[] = results.feed.map((n) => ({
    id: n.id,
    label: NOTIFICATION_LABELS[n.kind] ?? n.kind,
    summary: n.summary,
    at: `${formatMoment(n.createdAt.getTime(), m.timeZone, m.locale)} · ${ago(n.createdAt.getTime(), now)}`,
    unread: n.readAt === null,
  }));
  return consolePage(c, 'Notifications', { staff, membership: m, unread, current: 'notifications' }, () => (
    <Feed
      businessId={businessId}
      items={items}
      unread={unread}
      emailMe={!!results.emailMe[0]?.on}
      email={staff.email}
      notice={EMAIL_NOTICES[c.req.query('email') ?? ''] ?? null}
    />
  ));
});

const EMAIL_NOTICES: Record<string, string> = {
  on: 'Done: you will get an email for each new request.',
  off: 'Done: no more emails for new requests.',
};

/** "Email me new requests": the staff member's own choice for this business, with its audit row; another business 404. */
consoleRoutes.post('/manage/:businessId/notifications/email', async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const on = form.email_new_requests === 'on';
  const db = c.get('db');
  const { staff, tokenHash, now } = await loadStaff(c, () => ({}));
  requireStaff(staff, businessId);
  await db.batch(
    setEmailPreferenceStatements(db, { businessId, staffAccountId: staff.staffAccountId, tokenHash, now, auditId: newId('aud'), ipAddress: clientIp(c), on }),
  );
  return c.redirect(`/manage/${businessId}/notifications?email=${on ? 'on' : 'off'}`, 303);
});

/** The inbox's "new since this page was loaded" line alone: what htmx polls every 30 s on Requests. */
consoleRoutes.get('/manage/:businessId/inbox/news', async (c) => {
  const businessId = c.req.param('businessId');
  const raw = c.req.query('since') ?? '';
  const since = /^\d{1,15}$/.test(raw) ? Number(raw) : Date.now();
  const db = c.get('db');
  const { staff, results } = await loadStaff(c, (tokenHash, now) => ({ news: newRequestsStatement(db, businessId, tokenHash, now, since) }));
  requireStaff(staff, businessId);
  const news = () => <InboxNews businessId={businessId} since={since} count={Number(results.news[0]?.count ?? 0)} />;
  return respond(c, {
    page: () => (
      <Page title="New requests" masthead={<PlainConsoleHeader />}>
        {news()}
        <p>
          <a href={`/manage/${businessId}/inbox`}>Back to Requests</a>
        </p>
      </Page>
    ),
    fragment: news,
  });
});

/** The header's badge alone: what htmx polls every 30 s. */
consoleRoutes.get('/manage/:businessId/notifications/unread', async (c) => {
  const businessId = c.req.param('businessId');
  const db = c.get('db');
  const { staff, results } = await loadStaff(c, (tokenHash, now) => ({ unread: unreadCountStatement(db, businessId, tokenHash, now) }));
  requireStaff(staff, businessId);
  const badge = () => <UnreadBadge businessId={businessId} unread={Number(results.unread[0]?.unread ?? 0)} />;
  return respond(c, {
    page: () => (
      <Page title="Unread" masthead={<PlainConsoleHeader />}>
        {badge()}
      </Page>
    ),
    fragment: badge,
  });
});

/** Marks one notification (or all unread) read, with its audit row; nothing for another business. */
async function markRead(c: Context<AppEnv>, id: string | null) {
  const businessId = c.req.param('businessId')!;
  const db = c.get('db');
  const { staff, tokenHash, now } = await loadStaff(c, () => ({}));
  requireStaff(staff, businessId);
  await db.batch(
    markReadStatements(db, { businessId, id, tokenHash, now, staffAccountId: staff.staffAccountId, auditId: newId('aud'), ipAddress: clientIp(c) }),
  );
  return c.redirect(`/manage/${businessId}/notifications`, 303);
}

consoleRoutes.post('/manage/:businessId/notifications/read-all', (c) => markRead(c, null));
consoleRoutes.post('/manage/:businessId/notifications/:notificationId/read', (c) => markRead(c, c.req.param('notificationId')));

// ---- Audit log (owners) -----------------------------------------------------------------------

consoleRoutes.get('/manage/:businessId/audit', async (c) => {
  const businessId = c.req.param('businessId');
  const raw = c.req.query('action') ?? '';
  const action = /^[a-z_]+(\.[a-z_]+)+$/.test(raw) && raw.length <= 64 ? raw : null;
  const db = c.get('db');
  const { staff, results } = await loadStaff(c, (tokenHash, now) => ({
    audit: auditStatement(db, businessId, tokenHash, now, action),
    actions: auditActionsStatement(db, businessId, tokenHash, now),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireOwner(staff, businessId);
  const rows = results.audit.map((a) => ({
    at: formatMoment(a.createdAt.getTime(), m.timeZone, m.locale),
    who: a.staffName ?? 'API key',
    action: a.action,
    record: `${a.recordType} ${a.recordId}`,
    detail: a.detail,
    ip: a.ipAddress,
  }));
  return consolePage(c, 'Audit log', { staff, membership: m, unread: Number(results.unread[0]?.unread ?? 0), current: 'audit' }, () => (
    <AuditLog businessId={businessId} rows={rows.slice(0, AUDIT_LIMIT)} action={action} actions={results.actions.map((a) => a.action)} />
  ));
});
