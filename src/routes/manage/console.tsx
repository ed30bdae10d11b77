/**
 * The business console's daily loop, part 1 (SPEC §11): the business chooser, the request
 * inbox (confirm / decline through the booking lock, via the one decideRequest()), the
 * notification feed with its unread count, and the owners' audit log. Every page is one
 * batch (middleware/console.ts); every change writes its audit row in its own batch.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import {
  AUDIT_LIMIT,
  INBOX_LIMIT,
  auditActionsStatement,
  auditStatement,
  feedStatement,
  inboxStatements,
  markReadStatements,
  requestForDecision,
  unreadCountStatement,
} from '../../db/queries/console';
import { statusLabel } from '../../domain/appointment-status';
import { formatMoney } from '../../domain/money';
import { newId } from '../../domain/ids';
import { formatDate, formatDateTimeRange, formatMoment, timeZoneLabel } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireOwner, requireStaff, type Membership } from '../../middleware/console';
import { respond } from '../../middleware/htmx';
import { Page } from '../../../templates/layouts/page';
import { UnreadBadge } from '../../../templates/manage/shell';
import { consolePage } from './page';
import { AuditLog, BusinessChooser, Feed, Inbox, type FeedItem, type InboxItem } from '../../../templates/manage/pages';
import { PlainConsoleHeader } from '../../../templates/manage/shell';
import { serviceTypeLabel } from '../../../templates/appointments/labels';
import { conflictWords } from '../appointment-changes';
import { decideRequest } from '../decide-request';

export const consoleRoutes = new Hono<AppEnv>();

const NOTIFICATION_LABELS: Record<string, string> = {
  new_request: 'New request',
  canceled_by_client: 'Canceled by the client',
  rescheduled_by_client: 'Rescheduled by the client',
  pet_added: 'Pet added',
  agreement_signed: 'Agreement signed',
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
  }));
  const m = requireStaff(staff, businessId);
  const capacity = r.capacity[0];
  const takenOf = new Map(r.taken.map((t) => [t.resource, Number(t.taken)]));
  const items: InboxItem[] = r.requests.map((a) => {
    const petsOf = r.pets.filter((p) => p.appointmentId === a.id);
    const held = r.held.filter((h) => h.appointmentId === a.id).map((h) => h.resource);
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
        services: r.lines
          .filter((l) => l.appointmentPetId === p.appointmentPetId)
          .map((l) => (l.staffFirstName ? `${l.name} (${l.staffFirstName} ${l.staffLastName ?? ''})`.replace(' )', ')') : l.name)),
        addOns: r.addOns.filter((x) => x.appointmentPetId === p.appointmentPetId).map((x) => x.name),
      })),
      notes: a.notes,
      deposit: a.depositRequiredMinor ? formatMoney(a.depositRequiredMinor, m.currency, m.locale) : null,
      vaccinationRecordNeeded: a.vaccinationRecordNeeded,
      capacity: [...new Set(held)].map((resource) => {
        const [kind, date] = resource.split(':') as [string, string];
        const total = kind === 'boarding' ? (capacity?.boarding ?? 0) : (capacity?.daycare ?? 0);
        const day = formatDate(Date.parse(`${date}T12:00:00Z`), 'UTC', m.locale, { weekday: 'short', day: 'numeric', month: 'short' });
        return `${kind === 'boarding' ? 'Boarding night' : 'Daycare'} ${day}: ${takenOf.get(resource) ?? 0} of ${total} places taken`;
      }),
    };
  });
  return consolePage(
    c,
    'Requests',
    { staff, membership: m, unread: Number(r.unread[0]?.unread ?? 0), current: 'inbox' },
    () => <Inbox businessId={businessId} items={items} notice={extra.notice} error={extra.error} limit={INBOX_LIMIT} />,
    extra.status,
  );
}

const DECIDED: Record<string, string> = {
  confirm: 'Confirmed. The client has been told by text.',
  decline: 'Declined. The client has been told by text.',
};

consoleRoutes.get('/manage/:businessId/inbox', (c) => inboxPage(c, { notice: DECIDED[c.req.query('done') ?? ''] ?? null }));

consoleRoutes.post('/manage/:businessId/requests/:appointmentId/:decision{confirm|decline}', async (c) => {
  const businessId = c.req.param('businessId');
  const appointmentId = c.req.param('appointmentId');
  const decision = c.req.param('decision') as 'confirm' | 'decline';
  const form = await c.req.parseBody();
  const db = c.get('db');
  const { staff, results } = await loadStaff(c, (tokenHash, now) => ({ request: requestForDecision(db, businessId, appointmentId, tokenHash, now) }));
  requireStaff(staff, businessId);
  const row = results.request[0];
  if (!row) throw new HTTPException(404);
  const outcome = await decideRequest(c, {
    appointmentId,
    decision,
    context: row,
    reason: form.reason,
    audit: {
      id: newId('aud'),
      staffAccountId: staff.staffAccountId,
      detail: decision === 'decline' && typeof form.reason === 'string' && form.reason.trim() ? form.reason.trim().slice(0, 500) : null,
      ipAddress: clientIp(c),
    },
  });
  if (outcome.status === 'conflict') {
    const message =
      outcome.reason === 'status_changed' && outcome.currentStatus === 'canceled'
        ? 'This request was just canceled by the client (or declined by a colleague). Nothing was changed.'
        : outcome.reason === 'full'
          ? 'There is no free place for this request any more. It stays as it is.'
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
    <Feed businessId={businessId} items={items} unread={unread} />
  ));
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
