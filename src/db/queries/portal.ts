/**
 * The signed-in parent's context: their session, account and every client profile (one per
 * business record) they may see. These statements open every signed-in page's batch, and
 * `visibleTo` scopes the page's own statements to the session in SQL, so a page view is one
 * round trip and a foreign id matches no row (SPEC §12).
 */
import { and, eq, getTableName, gt, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { accountClientLinks, businesses, clients, portalAccounts, sessions } from '../schema';
import { SESSION_IDLE_MS, SESSION_TOUCH_INTERVAL_MS } from '../../domain/session-policy';
import type { Language } from '../../i18n';

/** A business as the portal shows it (no secrets, no settings it does not use). */
export interface PortalBusiness {
  id: string;
  name: string;
  timeZone: string;
  country: string;
  currency: string;
  locale: string;
  phone: string | null;
  address: string | null;
  offersBoarding: boolean;
  offersDaycare: boolean;
  offersGrooming: boolean;
  offersTraining: boolean;
  groomingBetaGranted: boolean;
  onlineBookingEnabled: boolean;
  packagesEnabled: boolean;
  membershipsEnabled: boolean;
  groupClassesEnabled: boolean;
  idogcamFeedUrl: string | null;
  idogcamAccountId: string | null;
  changePolicy: 'not_allowed' | 'until_hours_before';
  changePolicyHours: number | null;
  /** The portal header's colour (`#rrggbb`), or null for Pawtal's own. */
  accentColour: string | null;
  /** R2 key (and path) of the logo's small copy, or null. */
  logoKey: string | null;
}

/** One client record the account is linked to, with its business. */
export interface ClientProfile {
  clientId: string;
  firstName: string;
  lastName: string;
  business: PortalBusiness;
}

export interface SessionContext {
  accountId: string;
  phoneE164: string;
  /** The parent's chosen language, or null when they have not chosen one. */
  language: Language | null;
  profiles: ClientProfile[];
}

export const businessColumns = {
  id: businesses.id,
  name: businesses.name,
  timeZone: businesses.timeZone,
  country: businesses.country,
  currency: businesses.currency,
  locale: businesses.locale,
  phone: businesses.phone,
  address: businesses.address,
  offersBoarding: businesses.offersBoarding,
  offersDaycare: businesses.offersDaycare,
  offersGrooming: businesses.offersGrooming,
  offersTraining: businesses.offersTraining,
  groomingBetaGranted: businesses.groomingBetaGranted,
  onlineBookingEnabled: businesses.onlineBookingEnabled,
  packagesEnabled: businesses.packagesEnabled,
  membershipsEnabled: businesses.membershipsEnabled,
  groupClassesEnabled: businesses.groupClassesEnabled,
  idogcamFeedUrl: businesses.idogcamFeedUrl,
  idogcamAccountId: businesses.idogcamAccountId,
  changePolicy: businesses.changePolicy,
  changePolicyHours: businesses.changePolicyHours,
  accentColour: businesses.accentColour,
  logoKey: businesses.logoKey,
};

function liveSession(tokenHash: string, now: number): SQL {
  return and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date(now)), gt(sessions.lastSeenAt, new Date(now - SESSION_IDLE_MS))) as SQL;
}

/**
 * `"table"."column"` for use inside raw SQL. drizzle writes a bare `"column"` for queries
 * without joins, which inside a subquery would bind to the subquery's own table.
 */
export function qualified(column: AnyColumn): SQL {
  return sql.raw(`"${getTableName(column.table)}"."${column.name}"`);
}

/**
 * SQL condition: the client record in `clientIdColumn` is linked to the account of the live
 * session `tokenHash`. Every signed-in read adds it, so the database itself refuses foreign ids.
 */
export function visibleTo(clientIdColumn: AnyColumn, tokenHash: string, now: number): SQL {
  return sql`exists (select 1 from ${accountClientLinks} l join ${sessions} s on s.account_id = l.account_id
    where l.client_id = ${qualified(clientIdColumn)} and s.token_hash = ${tokenHash}
    and s.expires_at > ${now} and s.last_seen_at > ${now - SESSION_IDLE_MS})`;
}

/**
 * The statements that open a signed-in page's batch: refresh `last_seen_at` (only when older
 * than the touch interval, and never reviving an expired session), link client records added
 * since, then read the account with its profiles.
 */
export function sessionStatements(db: Db, tokenHash: string, now: number) {
  const touch = db
    .update(sessions)
    .set({ lastSeenAt: new Date(now) })
    .where(and(liveSession(tokenHash, now), lt(sessions.lastSeenAt, new Date(now - SESSION_TOUCH_INTERVAL_MS))));
  // A client record a business added since (with the account's number) is linked now, so it
  // appears at this page view with no action from the parent (SPEC §3.4). Inserts nothing
  // — and costs no round trip — when everything is linked already.
  const link = db.run(sql`insert or ignore into ${accountClientLinks} (account_id, client_id, business_id, created_at)
    select s.account_id, c.id, c.business_id, ${now}
    from ${sessions} s join ${portalAccounts} a on a.id = s.account_id join ${clients} c on c.phone_e164 = a.phone_e164
    where s.token_hash = ${tokenHash} and s.expires_at > ${now} and s.last_seen_at > ${now - SESSION_IDLE_MS}
    and not exists (select 1 from ${accountClientLinks} l where l.account_id = s.account_id and l.client_id = c.id)`);
  const context = db
    .select({
      accountId: sessions.accountId,
      phoneE164: portalAccounts.phoneE164,
      language: portalAccounts.language,
      clientId: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      business: businessColumns,
    })
    .from(sessions)
    .innerJoin(portalAccounts, eq(portalAccounts.id, sessions.accountId))
    .leftJoin(accountClientLinks, eq(accountClientLinks.accountId, sessions.accountId))
    .leftJoin(clients, eq(clients.id, accountClientLinks.clientId))
    .leftJoin(businesses, eq(businesses.id, clients.businessId))
    .where(liveSession(tokenHash, now))
    .orderBy(businesses.name, clients.lastName, clients.firstName);
  return { touch, link, context };
}

type ContextRow = Awaited<ReturnType<typeof sessionStatements>['context']>[number];

/** Folds the context rows into a SessionContext, or null when the session is not live. */
export function toSessionContext(rows: ContextRow[]): SessionContext | null {
  const first = rows[0];
  if (!first) return null;
  const profiles: ClientProfile[] = [];
  for (const row of rows) {
    if (row.clientId && row.firstName !== null && row.lastName !== null && row.business) {
      profiles.push({
        clientId: row.clientId,
        firstName: row.firstName,
        lastName: row.lastName,
        business: row.business as PortalBusiness,
      });
    }
  }
  return { accountId: first.accountId, phoneE164: first.phoneE164, language: first.language, profiles };
}

/** Stores the signed-in parent's language on their account (nothing when the session is not live). */
export function setAccountLanguage(db: Db, tokenHash: string, now: number, language: Language) {
  return db
    .update(portalAccounts)
    .set({ language })
    .where(sql`${portalAccounts.id} = (select ${sessions.accountId} from ${sessions} where ${liveSession(tokenHash, now)})`);
}
