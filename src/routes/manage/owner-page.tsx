/**
 * What the owners' console pages (settings, team, API keys, webhooks) share: the page in the console's
 * masthead (fragment for htmx partial requests), and the load of an owner page — the staff
 * session, the unread badge and the page's statements in one batch, then `requireOwner`.
 */
import type { Context } from 'hono';
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppEnv } from '../../app-env';
import { unreadCountStatement } from '../../db/queries/console';
import { newId } from '../../domain/ids';
import { formatMoment } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireOwner, type Membership, type StaffContext } from '../../middleware/console';
import { consolePage } from './page';

export type OwnerSection = 'settings' | 'team' | 'api-keys' | 'webhooks';

/** What an owner page knows about who is looking, after its load. */
export interface OwnerCtx {
  staff: StaffContext;
  m: Membership;
  unread: number;
  tokenHash: string;
  now: number;
}

/** The owner page's batch: `build`'s statements plus the unread count; 404 / 403 by the guards. */
export async function loadOwnerPage<T extends Record<string, BatchItem<'sqlite'>>>(
  c: Context<AppEnv>,
  businessId: string,
  build: (tokenHash: string, now: number) => T,
) {
  const db = c.get('db');
  const loaded = await loadStaff(c, (tokenHash, now) => ({ ...build(tokenHash, now), unread: unreadCountStatement(db, businessId, tokenHash, now) }));
  const m = requireOwner(loaded.staff, businessId);
  return { ...loaded, m, unread: Number((loaded.results.unread as { unread: number }[])[0]?.unread ?? 0) };
}

export function ownerPage(
  c: Context<AppEnv>,
  p: { title: string; section: OwnerSection; staff: StaffContext; m: Membership; unread: number },
  body: () => unknown,
  status: 200 | 409 | 422 = 200,
) {
  return consolePage(c, p.title, { staff: p.staff, membership: p.m, unread: p.unread, current: p.section }, body, status);
}

/** Who makes an owner page's change, for its statements' guard and audit row (a fresh audit id). */
export function ownerActor(c: Context<AppEnv>, ctx: OwnerCtx) {
  return {
    businessId: ctx.m.businessId,
    staffAccountId: ctx.staff.staffAccountId,
    tokenHash: ctx.tokenHash,
    now: ctx.now,
    auditId: newId('aud'),
    ipAddress: clientIp(c),
  };
}

/** A moment in the business's zone, or the words for none. */
export function momentOr(ms: Date | null, m: Membership, none: string): string {
  return ms ? formatMoment(ms.getTime(), m.timeZone, m.locale) : none;
}
