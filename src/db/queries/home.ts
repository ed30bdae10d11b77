/**
 * The parent's home (`/`): for every client profile linked to the session, in one batch, the
 * next scheduled visit, the pending requests, the agreements waiting to be signed and the
 * report cards sent since the parent last opened that profile's report cards (decision 0021).
 * Every statement covers all profiles at once (a window function keeps the first few per
 * profile) and is scoped to the session in SQL (`visibleTo`), so a foreign row never matches.
 */
import { and, asc, count, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { accountClientLinks, appointmentPets, appointments, pets, reportCards, sessions } from '../schema';
import { qualified, visibleTo } from './portal';
import { agreementsToSignStatement } from './agreements';
import { IN_PROGRESS_STATUSES, OPEN_STATUSES, PENDING_REQUEST_STATUSES } from '../../domain/appointment-status';
import { SESSION_IDLE_MS } from '../../domain/session-policy';

/** Items of each kind shown per business on the home; the rest are one link away. */
export const HOME_ITEMS_PER_BUSINESS = 3;
/** A report card older than this is never "new", even when its profile's cards were never opened. */
export const NEW_CARD_WINDOW_MS = 30 * 86_400_000;

export interface HomeScope {
  tokenHash: string;
  now: number;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The client ids linked to the live session (raw SQL, for subqueries). */
function linkedClients(scope: HomeScope): SQL {
  return sql`(select l.client_id from ${accountClientLinks} l join ${sessions} s on s.account_id = l.account_id
    where s.token_hash = ${scope.tokenHash} and s.expires_at > ${scope.now} and s.last_seen_at > ${scope.now - SESSION_IDLE_MS})`;
}

/** Upcoming (as domain/appointment-status.ts defines it) for the alias `a`. */
function upcomingOf(now: number): SQL {
  return sql`(a.status in (${list(IN_PROGRESS_STATUSES)}) or (a.status in (${list(OPEN_STATUSES)}) and a.ends_at >= ${now}))`;
}

/** Condition on `appointments`: among the first `n` upcoming ones of its client matching `statusCondition`, soonest first. */
function firstUpcoming(scope: HomeScope, statusCondition: SQL, n: number): SQL {
  return sql`${qualified(appointments.id)} in (select id from (select a.id, row_number() over (partition by a.client_id order by a.starts_at, a.id) as rn
    from ${appointments} a where a.client_id in ${linkedClients(scope)} and ${upcomingOf(scope.now)} and ${statusCondition}) where rn <= ${n})`;
}

// Pet names in name order (group_concat follows the subquery's order in SQLite).
const petNames = sql<string | null>`(select group_concat(name, ', ') from (select p.name as name from ${appointmentPets} ap
  join ${pets} p on p.id = ap.pet_id where ap.appointment_id = ${qualified(appointments.id)} order by p.name, p.id))`;

function appointmentRows(db: Db, scope: HomeScope, where: SQL) {
  return db
    .select({
      id: appointments.id,
      clientId: appointments.clientId,
      serviceType: appointments.serviceType,
      status: appointments.status,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      petNames,
    })
    .from(appointments)
    .where(and(where, visibleTo(appointments.clientId, scope.tokenHash, scope.now)))
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
}

/** The report cards of a profile that are "new": sent after its seen mark and within the window. */
function newCard(scope: HomeScope): SQL {
  return sql`${qualified(reportCards.sentAt)} > max(${scope.now - NEW_CARD_WINDOW_MS}, coalesce((select l.report_cards_seen_at
    from ${accountClientLinks} l join ${sessions} s on s.account_id = l.account_id
    where s.token_hash = ${scope.tokenHash} and l.client_id = ${qualified(reportCards.clientId)}), 0))`;
}

export function homeStatements(db: Db, scope: HomeScope) {
  const scheduled = sql`a.status not in (${list(PENDING_REQUEST_STATUSES)})`;
  const pending = sql`a.status in (${list(PENDING_REQUEST_STATUSES)})`;
  const nextVisits = appointmentRows(db, scope, firstUpcoming(scope, scheduled, 1));
  const requests = appointmentRows(db, scope, firstUpcoming(scope, pending, HOME_ITEMS_PER_BUSINESS));
  const requestTotals = db
    .select({ clientId: appointments.clientId, total: count() })
    .from(appointments)
    .where(
      and(
        visibleTo(appointments.clientId, scope.tokenHash, scope.now),
        inArray(appointments.status, [...PENDING_REQUEST_STATUSES]),
        sql`${qualified(appointments.endsAt)} >= ${scope.now}`,
      ),
    )
    .groupBy(appointments.clientId);
  const toSign = agreementsToSignStatement(db, scope);
  const cardScope = and(isNotNull(reportCards.sentAt), visibleTo(reportCards.clientId, scope.tokenHash, scope.now), newCard(scope)) as SQL;
  const newCards = db
    .select({ id: reportCards.id, clientId: reportCards.clientId, sentAt: reportCards.sentAt, petName: pets.name })
    .from(reportCards)
    .innerJoin(pets, and(eq(pets.id, reportCards.petId), eq(pets.clientId, reportCards.clientId)))
    .where(
      and(
        cardScope,
        sql`${qualified(reportCards.id)} in (select id from (select rc.id, row_number() over (partition by rc.client_id order by rc.sent_at desc, rc.id desc) as rn
          from ${reportCards} rc where rc.client_id in ${linkedClients(scope)} and rc.sent_at > ${scope.now - NEW_CARD_WINDOW_MS}
          and rc.sent_at > coalesce((select l2.report_cards_seen_at from ${accountClientLinks} l2 join ${sessions} s2 on s2.account_id = l2.account_id
            where s2.token_hash = ${scope.tokenHash} and l2.client_id = rc.client_id), 0)) where rn <= ${HOME_ITEMS_PER_BUSINESS})`,
      ),
    )
    .orderBy(sql`${reportCards.sentAt} desc`, sql`${reportCards.id} desc`);
  const newCardTotals = db.select({ clientId: reportCards.clientId, total: count() }).from(reportCards).where(cardScope).groupBy(reportCards.clientId);
  return { nextVisits, requests, requestTotals, toSign, newCards, newCardTotals };
}

/**
 * Marks the profile's report cards as seen (for the report-cards page's batch): only the
 * session's own link row matches, so a foreign client id changes nothing.
 */
export function markReportCardsSeen(db: Db, clientId: string, scope: HomeScope) {
  return db
    .update(accountClientLinks)
    .set({ reportCardsSeenAt: new Date(scope.now) })
    .where(
      and(
        eq(accountClientLinks.clientId, clientId),
        sql`${qualified(accountClientLinks.accountId)} = (select s.account_id from ${sessions} s where s.token_hash = ${scope.tokenHash}
          and s.expires_at > ${scope.now} and s.last_seen_at > ${scope.now - SESSION_IDLE_MS})`,
      ),
    );
}

export type HomeAppointmentRow = Awaited<ReturnType<typeof homeStatements>['nextVisits']>[number];
