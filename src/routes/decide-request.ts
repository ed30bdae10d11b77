/**
 * The business confirming, declining or waitlisting a booking request (SPEC §11), one way for both callers:
 * the integration API (routes/staff.ts) and the console's inbox (routes/manage/). It goes
 * through the business's booking lock like every parent change, so a confirm racing a
 * parent's cancel ends with exactly one outcome; the text telling the parent (and, from the
 * console, the audit row) is written in the decision's own batch, only if it applies, and the
 * text is delivered after the answer (or by the cron).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { createDb } from '../db/client';
import type { DecisionRows } from '../db/queries/staff';
import type { ChangeOutcome, DecisionPlan, QueuedSms } from '../domain/booking-plan';
import { planConfirmation } from '../domain/booking';
import { newId } from '../domain/ids';
import { bookingLockForBusiness } from '../durable-objects/stubs';
import { decisionMessage } from '../messaging/decision-message';
import { DELIVERY_CHUNK, deliverQueued, deliveryModeFor } from '../messaging/delivery';
import { publicOrigin } from '../messaging/public-host';
import { textLanguageOf } from '../messaging/text-language';

export type DecisionContext = DecisionRows['request'][number];

export const MAX_DECLINE_REASON = 500;

/** A decline reason as given (trimmed, at most 500 characters), or undefined for none. */
export function declineReason(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() ? raw.trim().slice(0, MAX_DECLINE_REASON) : undefined;
}

export async function decideRequest(
  c: Context<AppEnv>,
  input: {
    appointmentId: string;
    decision: DecisionPlan['decision'];
    /** What {@link decisionStatements} read (the request row is known to exist). */
    rows: DecisionRows;
    reason?: unknown;
    /** Confirm only: another groomer per appointment pet, already checked to be one of the business's. */
    groomerFor?: Record<string, string>;
    audit?: DecisionPlan['audit'];
  },
): Promise<ChangeOutcome> {
  const { appointmentId, decision, rows } = input;
  const row = rows.request[0]!;
  const db = c.get('db');
  const reason = decision === 'decline' ? declineReason(input.reason) : undefined;
  let parentMessage: QueuedSms | undefined;
  try {
    const mode = deliveryModeFor(c.env, db, 'sms');
    const origin = publicOrigin(c.env, c.req.url);
    parentMessage = {
      id: newId('sms'),
      toE164: row.phoneE164,
      body: decisionMessage({
        decision,
        businessName: row.businessName,
        serviceType: row.serviceType,
        startsAt: row.startsAt.getTime(),
        timeZone: row.timeZone,
        locale: row.locale,
        language: textLanguageOf(row.language),
        reason,
        link: `${origin}/c/${row.clientId}/appointments/${appointmentId}`,
      }),
      provider: mode.provider,
      immediate: mode.immediate,
    };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'decision text not stored', requestId: c.get('requestId'), error: String(error) }));
  }

  const confirmation = decision === 'confirm' ? planConfirmation(requestToConfirm(rows), input.groomerFor) : { staffChanges: [] };
  const outcome = await bookingLockForBusiness(c.env, row.businessId).decide({
    businessId: row.businessId,
    appointmentId,
    decision,
    now: Date.now(),
    reason,
    needs: confirmation.needs,
    staffChanges: confirmation.staffChanges.length ? confirmation.staffChanges : undefined,
    parentMessage,
    audit: input.audit,
  });
  if (outcome.status === 'ok' && parentMessage && !parentMessage.immediate) {
    const requestId = c.get('requestId');
    c.executionCtx.waitUntil(
      deliverQueued(c.env, createDb(c.env, { roundTrips: 0, durationMs: 0 }), { limit: DELIVERY_CHUNK }).catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'decision text delivery failed', requestId, error: String(error) }));
      }),
    );
  }
  return outcome;
}

/** The request as the confirmation plan needs it, from the decision's rows. */
function requestToConfirm(rows: DecisionRows) {
  const row = rows.request[0]!;
  const pets = new Map<string, { lineId: string; staffId: string | null; staffRequested: boolean }[]>();
  for (const l of rows.lines) {
    const lines = pets.get(l.appointmentPetId) ?? [];
    if (l.lineId) lines.push({ lineId: l.lineId, staffId: l.staffId, staffRequested: Boolean(l.staffRequested) });
    pets.set(l.appointmentPetId, lines);
  }
  return {
    status: row.status,
    serviceType: row.serviceType,
    startsAt: row.startsAt.getTime(),
    endsAt: row.endsAt.getTime(),
    timeZone: row.timeZone,
    pets: [...pets].map(([appointmentPetId, lines]) => ({ appointmentPetId, lines })),
    heldLimits: rows.limits.map((l) => l.resource),
    business: {
      boardingNightlyCapacity: row.boardingNightlyCapacity,
      daycareDailyCapacity: row.daycareDailyCapacity,
      maxLiveRequestsPerDay: row.maxLiveRequestsPerDay,
    },
  };
}
