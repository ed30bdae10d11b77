/**
 * Loading a signed-in page in one database round trip: the session statements and the page's
 * own statements go out as one `db.batch`, then the guards run on the answer:
 * - no live session → sign in;
 * - a client id the account is not linked to → 404 (foreign ids are "not found", SPEC §12);
 * - a business whose portal is not available yet → the "not available yet" page.
 * This is the "session → business" step of the middleware chain in DESIGN.md, written as a
 * function because it must share the page's batch.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { AppEnv } from '../app-env';
import { sessionStatements, toSessionContext, type ClientProfile, type SessionContext } from '../db/queries/portal';
import { portalAvailability, showsSection } from '../domain/access';
import { sha256Hex } from '../domain/ids';
import { t, useAccountLanguage } from '../i18n';
import type { HeaderProps } from '../../templates/components/site-header';
import type { ServiceType } from '../db/schema';

export class SignInRequired extends Error {
  constructor() {
    super('Sign in required');
  }
}

export interface PageScope {
  businessId: string;
  clientId: string;
  tokenHash: string;
  now: number;
}

type Statements = readonly BatchItem<'sqlite'>[];

/**
 * Runs the session statements plus `statements` as one batch. Throws SignInRequired when
 * there is no live session.
 */
export async function loadSignedIn<T extends Statements>(
  c: Context<AppEnv>,
  build: (tokenHash: string, now: number) => T,
): Promise<{ session: SessionContext; results: BatchResponse<T>; now: number; tokenHash: string }> {
  const tokenHash = c.get('sessionTokenHash');
  if (!tokenHash) throw new SignInRequired();
  const now = Date.now();
  const db = c.get('db');
  const { touch, link, context } = sessionStatements(db, tokenHash, now);
  const extra = build(tokenHash, now);
  const [, , contextRows, ...results] = await db.batch([touch, link, context, ...extra]);
  const session = toSessionContext(contextRows);
  if (!session) throw new SignInRequired();
  if (session.language) useAccountLanguage(session.language);
  c.header(ACCOUNT_MARKER_HEADER, await accountMarker(c.env.OTP_PEPPER, session.accountId));
  return { session, results: results as BatchResponse<T>, now, tokenHash };
}

/**
 * Every signed-in parent response names its account by an opaque marker, so the service
 * worker (static/sw.js) keeps one account’s pages only (docs/decisions/0027-offline-reading.md).
 */
export const ACCOUNT_MARKER_HEADER = 'Pawtal-Account';

/** A keyed hash of the account id (128 bits, hex): stable per account, says nothing about it. */
export async function accountMarker(pepper: string, accountId: string): Promise<string> {
  return (await sha256Hex(`${pepper}:offline-account:${accountId}`)).slice(0, 32);
}

type NamedStatements = Record<string, BatchItem<'sqlite'>>;

/**
 * `loadSignedIn` with the page's statements named: the answer comes back under the same names
 * (`results.pets`, not `results[1]`), still one batch.
 */
export async function loadSignedInNamed<T extends NamedStatements>(
  c: Context<AppEnv>,
  build: (tokenHash: string, now: number) => T,
): Promise<{ session: SessionContext; results: { [K in keyof T]: Awaited<T[K]> }; now: number; tokenHash: string }> {
  let names: string[] = [];
  const loaded = await loadSignedIn(c, (tokenHash, now) => {
    const named = build(tokenHash, now);
    names = Object.keys(named);
    return Object.values(named) as unknown as Statements;
  });
  const results = Object.fromEntries(names.map((name, i) => [name, (loaded.results as unknown[])[i]]));
  return { ...loaded, results: results as { [K in keyof T]: Awaited<T[K]> } };
}

/** Profiles whose business has the portal on (SPEC §2). */
export function availableProfiles(session: SessionContext): ClientProfile[] {
  return session.profiles.filter((p) => portalAvailability(p.business) === 'on');
}

export class PortalNotAvailable extends Error {
  constructor(readonly businesses: { name: string; phone: string | null; address: string | null }[]) {
    super('Portal not available yet');
  }
}

/**
 * The profile for `clientId`, or 404 when the account is not linked to it; PortalNotAvailable
 * when its business has not turned the portal on.
 */
export function requireProfile(session: SessionContext, clientId: string): ClientProfile {
  const profile = session.profiles.find((p) => p.clientId === clientId);
  if (!profile) throw new HTTPException(404);
  if (portalAvailability(profile.business) !== 'on') throw new PortalNotAvailable([profile.business]);
  return profile;
}

/** Where a profile's portal starts. */
export function profileHome(clientId: string): string {
  return `/c/${clientId}/appointments`;
}

/** An appointment a row points at (a credit entry, a report card), as a link; null when it has none. */
export interface LinkedAppointment {
  href: string;
  serviceType: ServiceType;
  startsAt: Date;
}

export function linkedAppointment(
  clientId: string,
  r: { appointmentId: string | null; appointmentServiceType: ServiceType | null; appointmentStartsAt: Date | null },
): LinkedAppointment | null {
  return r.appointmentId && r.appointmentServiceType && r.appointmentStartsAt
    ? { href: `${profileHome(clientId)}/${r.appointmentId}`, serviceType: r.appointmentServiceType, startsAt: r.appointmentStartsAt }
    : null;
}

const accountLink = () => ({ href: '/account', label: t('layout.nav.account') });

/**
 * The sections of a profile for the nav: the everyday ones in the bar, the rest under "More"
 * (two taps at most on a phone), each only when the business has that feature on (SPEC §2).
 */
export function sectionsOf(current: ClientProfile): NonNullable<HeaderProps['nav']> {
  const base = `/c/${current.clientId}`;
  const b = current.business;
  return {
    primary: [
      { href: profileHome(current.clientId), label: t('layout.nav.appointments') },
      ...(b.onlineBookingEnabled ? [{ href: `${base}/book`, label: t('layout.nav.book') }] : []),
      { href: `${base}/pets`, label: t('layout.nav.pets') },
    ],
    more: [
      { href: `${base}/report-cards`, label: t('layout.nav.reportCards') },
      { href: `${base}/agreements`, label: t('layout.nav.agreements') },
      { href: `${base}/credit`, label: t('layout.nav.credit') },
      ...(showsSection(b, 'packages') ? [{ href: `${base}/packages`, label: t('layout.nav.packages') }] : []),
      ...(showsSection(b, 'memberships') ? [{ href: `${base}/memberships`, label: t('layout.nav.memberships') }] : []),
      ...(showsSection(b, 'group_classes') ? [{ href: `${base}/classes`, label: t('layout.nav.classes') }] : []),
      accountLink(),
    ],
  };
}

/** Header props: the business switcher lists every available profile. */
export function headerFor(session: SessionContext, current?: ClientProfile): HeaderProps {
  const profiles = availableProfiles(session);
  const businessCounts = new Map<string, number>();
  for (const p of profiles) businessCounts.set(p.business.id, (businessCounts.get(p.business.id) ?? 0) + 1);
  const nav = current ? sectionsOf(current) : { primary: [], more: [accountLink()] };
  return {
    signedIn: true,
    nav,
    businessName: current?.business.name,
    accent: current?.business.accentColour,
    logo: current?.business.logoKey ? `/${current.business.logoKey}` : null,
    switcher: profiles.map((p) => ({
      href: profileHome(p.clientId),
      // Two profiles in one business (SPEC §3.4) are told apart by the client's name.
      label: (businessCounts.get(p.business.id) ?? 0) > 1 ? `${p.business.name} (${p.firstName} ${p.lastName})` : p.business.name,
      current: p.clientId === current?.clientId,
    })),
  };
}
