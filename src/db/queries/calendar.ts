/**
 * Reads and writes behind the calendar (issue 15 item 1): one visit as the "Add to calendar"
 * file needs it (scoped to the signed-in session with `visibleTo`, like the detail page), the
 * private feed's visits found by the hash of its token, and the account's one feed
 * (`calendar_feeds`: only the token's SHA-256 is stored). Each function returns statements for
 * the caller's one batch and never awaits them itself.
 */
import { and, asc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import {
  accountClientLinks,
  appointmentPets,
  appointmentServices,
  appointments,
  businesses,
  calendarFeeds,
  pets,
  portalAccounts,
  services,
  sessions,
} from '../schema';
import { qualified, visibleTo } from './portal';
import { IN_PROGRESS_STATUSES } from '../../domain/appointment-status';
import { SESSION_IDLE_MS } from '../../domain/session-policy';

/** The feed holds upcoming visits and those of the last 30 days. */
export const FEED_PAST_DAYS = 30;
/** A ceiling on one feed's size, far above what a parent books, so one answer stays small. */
export const FEED_MAX_VISITS = 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

function jsonNames(raw: unknown): string[] {
  if (typeof raw !== 'string') return [];
  const parsed: unknown = JSON.parse(raw);
  return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
}

/** What an event needs of a visit and its business (domain/icalendar.ts `CalendarVisit`), plus what decides the portal is on. */
const visitColumns = {
  id: appointments.id,
  clientId: appointments.clientId,
  serviceType: appointments.serviceType,
  status: appointments.status,
  declinedByBusiness: appointments.declinedByBusiness,
  startsAt: appointments.startsAt,
  endsAt: appointments.endsAt,
  version: appointments.version,
  updatedAt: appointments.updatedAt,
  petNames: sql`(select json_group_array(name) from (select p.name as name from ${appointmentPets} ap
    join ${pets} p on p.id = ap.pet_id where ap.appointment_id = ${qualified(appointments.id)} order by p.name))`.mapWith(jsonNames),
  // Each service once, in name order.
  serviceNames: sql`(select json_group_array(name) from (select distinct sv.name as name from ${appointmentPets} ap
    join ${appointmentServices} asv on asv.appointment_pet_id = ap.id
    join ${services} sv on sv.id = asv.service_id where ap.appointment_id = ${qualified(appointments.id)} order by sv.name))`.mapWith(jsonNames),
  business: {
    name: businesses.name,
    timeZone: businesses.timeZone,
    locale: businesses.locale,
    address: businesses.address,
    phone: businesses.phone,
    /** The words of a feed whose account chose no language (a calendar app sends no cookie). */
    textLanguage: businesses.textLanguage,
    offersBoarding: businesses.offersBoarding,
    offersDaycare: businesses.offersDaycare,
    offersGrooming: businesses.offersGrooming,
    offersTraining: businesses.offersTraining,
    groomingBetaGranted: businesses.groomingBetaGranted,
  },
};

/** One appointment of the client `clientId`, only when that client is linked to the live session. */
export function visitStatement(db: Db, scope: { clientId: string; tokenHash: string; now: number }, appointmentId: string) {
  return db
    .select(visitColumns)
    .from(appointments)
    .innerJoin(businesses, eq(businesses.id, appointments.businessId))
    .where(and(eq(appointments.id, appointmentId), eq(appointments.clientId, scope.clientId), visibleTo(appointments.clientId, scope.tokenHash, scope.now)));
}

export type VisitRow = Awaited<ReturnType<typeof visitStatement>>[number];

/**
 * The feed of the token whose SHA-256 is `tokenSha256`: whether it exists, and every visit of
 * every client record its account is linked to that is upcoming or ended within the last
 * FEED_PAST_DAYS days (a visit in progress whatever its planned end; canceled ones too, so
 * a subscribed calendar sees them become CANCELLED), soonest first; with the account's stored
 * language (null when it chose none), which the feed's words follow. Two statements, one batch.
 */
export function feedStatements(db: Db, tokenSha256: string, now: number) {
  const feed = db
    .select({ accountId: calendarFeeds.accountId, language: portalAccounts.language })
    .from(calendarFeeds)
    .innerJoin(portalAccounts, eq(portalAccounts.id, calendarFeeds.accountId))
    .where(eq(calendarFeeds.tokenSha256, tokenSha256));
  const visits = db
    .select(visitColumns)
    .from(calendarFeeds)
    .innerJoin(accountClientLinks, eq(accountClientLinks.accountId, calendarFeeds.accountId))
    .innerJoin(appointments, eq(appointments.clientId, accountClientLinks.clientId))
    .innerJoin(businesses, eq(businesses.id, appointments.businessId))
    .where(
      and(
        eq(calendarFeeds.tokenSha256, tokenSha256),
        or(gte(appointments.endsAt, new Date(now - FEED_PAST_DAYS * DAY_MS)), inArray(appointments.status, [...IN_PROGRESS_STATUSES])),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .limit(FEED_MAX_VISITS);
  return [feed, visits] as const;
}

/** The account of the live session `tokenHash`, as a scalar subquery. */
function sessionAccount(tokenHash: string, now: number): SQL {
  return sql`(select s.account_id from ${sessions} s where s.token_hash = ${tokenHash}
    and s.expires_at > ${now} and s.last_seen_at > ${now - SESSION_IDLE_MS})`;
}

/** The signed-in account's feed (its token's hash and when it was made), if it has one. */
export function accountFeedStatement(db: Db, tokenHash: string, now: number) {
  return db
    .select({ tokenSha256: calendarFeeds.tokenSha256, createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(sql`${calendarFeeds.accountId} = ${sessionAccount(tokenHash, now)}`);
}

export type AccountFeedRow = Awaited<ReturnType<typeof accountFeedStatement>>[number];

/**
 * Gives the signed-in account the feed token whose hash is `feedSha256`: a new feed, or the
 * replacement of its old one (whose URL stops working at once: only one hash is kept).
 * Writes nothing when the session is not live.
 */
export function saveFeedStatement(db: Db, input: { tokenHash: string; now: number; feedSha256: string }) {
  return db.run(sql`insert into ${calendarFeeds} (account_id, token_sha256, created_at)
    select s.account_id, ${input.feedSha256}, ${input.now} from ${sessions} s where s.token_hash = ${input.tokenHash}
    and s.expires_at > ${input.now} and s.last_seen_at > ${input.now - SESSION_IDLE_MS}
    on conflict (account_id) do update set token_sha256 = excluded.token_sha256, created_at = excluded.created_at`);
}

/** Removes the signed-in account's feed: its URL answers 404 from now on. */
export function removeFeedStatement(db: Db, tokenHash: string, now: number) {
  return db.delete(calendarFeeds).where(sql`${calendarFeeds.accountId} = ${sessionAccount(tokenHash, now)}`);
}
