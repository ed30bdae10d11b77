/**
 * Sending invitation links (SPEC §3.2) to clients of one business: the one code both the staff
 * API (routes/invitations.tsx) and the console (routes/manage/clients.tsx) call.
 * `invitationDelivery` says how messages go out (or why they cannot); `sendInvitations` plans
 * the invitations for the targets the caller read (its own read, scoped its own way), writes
 * them with their messages — and any `extra` statements, such as the console's audit rows — in
 * ONE batch, then starts the queued delivery after the answer.
 */
import type { Context } from 'hono';
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppEnv } from '../app-env';
import { createDb } from '../db/client';
import { createInvitationsStatements } from '../db/queries/invitations';
import { invitationExpiry, planInvitations, type InvitationChannel, type InvitationPlan, type InvitationTarget } from '../domain/invitation';
import { DELIVERY_CHUNK, deliverQueued, deliveryModeFor, type DeliveryMode } from '../messaging/delivery';
import { publicOrigin } from '../messaging/public-host';

export type InvitationDelivery = { ok: true; mode: DeliveryMode; host: string } | { ok: false; message: string };

/** How the messages of `channel` go out from this request, or the configuration problem. */
export function invitationDelivery(c: Context<AppEnv>, channel: InvitationChannel): InvitationDelivery {
  try {
    return { ok: true, mode: deliveryModeFor(c.env, c.get('db'), channel), host: publicOrigin(c.env, c.req.url) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: 'error', msg: 'invitations not created', requestId: c.get('requestId'), error: message }));
    return { ok: false, message };
  }
}

export interface SendInvitationsInput {
  businessId: string;
  businessName: string;
  channel: InvitationChannel;
  delivery: { mode: DeliveryMode; host: string };
  requestedIds: string[];
  duplicates: string[];
  /** The clients of `businessId` among `requestedIds`, as the caller read them. */
  targets: InvitationTarget[];
  now: number;
  /** More statements for the same batch, given the plan (e.g. audit rows); written only when something is created. */
  extra?: (plan: InvitationPlan) => BatchItem<'sqlite'>[];
}

export interface SentInvitations {
  plan: InvitationPlan;
  expiresAt: number;
  /** Earlier unused links of these clients, revoked by this send. */
  revoked: { id: string; clientId: string }[];
}

/** Plans and writes the invitations (one batch; none when nothing can be created) and starts delivery. */
export async function sendInvitations(c: Context<AppEnv>, input: SendInvitationsInput): Promise<SentInvitations> {
  const { mode, host } = input.delivery;
  const plan = await planInvitations({
    requestedIds: input.requestedIds,
    duplicates: input.duplicates,
    targets: input.targets,
    channel: input.channel,
    businessName: input.businessName,
    host,
  });
  const expiresAt = invitationExpiry(input.now);
  if (plan.invitations.length === 0) return { plan, expiresAt, revoked: [] };
  const db = c.get('db');
  const statements = createInvitationsStatements(db, {
    businessId: input.businessId,
    channel: input.channel,
    now: input.now,
    expiresAt,
    invitations: plan.invitations,
    delivery: mode,
  });
  const [revoked] = (await db.batch([...statements, ...(input.extra?.(plan) ?? [])] as unknown as [
    (typeof statements)[0],
    ...BatchItem<'sqlite'>[],
  ])) as unknown as [{ id: string; clientId: string }[]];
  if (!mode.immediate) {
    const requestId = c.get('requestId');
    c.executionCtx.waitUntil(
      deliverQueued(c.env, createDb(c.env, { roundTrips: 0, durationMs: 0 }), { limit: DELIVERY_CHUNK }).catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'invitation delivery failed', requestId, error: String(error) }));
      }),
    );
  }
  return { plan, expiresAt, revoked };
}
