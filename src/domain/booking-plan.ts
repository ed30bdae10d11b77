/**
 * What the booking routes hand to the booking lock, and what they get back (SPEC §5), plus the
 * lock's pure decisions: which capacity units a request takes, or whether it is waitlisted or
 * refused as full.
 *
 * The division of work: the route reads the form and the calendar in ONE database batch, builds
 * a plan (ids, prices, times, the capacity each appointment needs and the units it saw in use),
 * and makes ONE call to the business's BookingLock, which decides against its own ledger and
 * writes the whole change in ONE database batch (docs/decisions/0006-booking-lock.md).
 *
 * Everything here is plain data (structured-clonable, so it crosses the Durable Object RPC
 * boundary unchanged). Pure: no I/O, no module state.
 */
import type { AppointmentStatus, ServiceType } from '../db/schema';
import { freeUnits, isClientLimit } from './capacity';

// ---- Plans (route → lock) ---------------------------------------------------------------------

/** Capacity one appointment needs of one resource (see capacity.ts for the keys). */
export interface ResourceNeed {
  /** e.g. `daycare:2026-11-30`, `boarding:2026-11-30`, `staff:<id>:<slot ms>` */
  resource: string;
  /** Units taken, e.g. 2 pets on a night; a staff slot is 1. */
  units: number;
  /** Units the resource has: pets per night/day, 1 for a staff slot (`resourceCapacity`). */
  capacity: number;
  /**
   * Unit numbers in use for this resource per the route's database read just before the call
   * (`capacity_claims`). The lock trusts them only to start (or restart) its own ledger.
   */
  observedUnits: number[];
}

/** A priced service or add-on line for one pet. */
export interface PlannedLine {
  id: string;
  /** The service id (services) or add-on id (add_ons). */
  itemId: string;
  staffId: string | null;
  /** Services: true when the parent asked for this groomer (false or absent = any groomer). */
  staffRequested?: boolean;
  priceMinor: number;
}

export interface PlannedPet {
  appointmentPetId: string;
  petId: string;
  services: PlannedLine[];
  addOns: PlannedLine[];
}

export interface PlannedAppointment {
  id: string;
  serviceType: ServiceType;
  startsAt: number;
  endsAt: number;
  notes: string | null;
  depositRequiredMinor: number | null;
  /** Sent while a required vaccination is missing or expired (the business's policy `flag`). */
  vaccinationRecordNeeded?: boolean;
  pets: PlannedPet[];
  needs: ResourceNeed[];
}

/** A new booking request: one appointment, or one per daycare day. */
export interface SubmissionPlan {
  businessId: string;
  clientId: string;
  /** From the form; one submission per key and business, whatever is retried. */
  idempotencyKey: string;
  /** Id of the booking_submissions row (fresh per call). */
  submissionId: string;
  now: number;
  waitlistAllowed: boolean;
  appointments: PlannedAppointment[];
  /** Who, what, when — the business notification's text, written by the route. */
  notificationSummary: string;
  /**
   * The email for staff members who turned on "Email me new requests": queued in the same batch
   * as the notification, one per opted-in member of this business. Absent = no such email.
   */
  staffEmail?: StaffRequestEmail;
}

/** The new-request email to every opted-in staff member (the same text for each). */
export interface StaffRequestEmail {
  subject: string;
  text: string;
  /** The email provider's name (`postmark`, `outbox`). */
  provider: string;
  /** True for the development outbox: storing the row is the delivery. */
  immediate: boolean;
}

/** A parent moving a request (or, under the change policy, a confirmed appointment). */
export interface ReschedulePlan {
  businessId: string;
  clientId: string;
  appointmentId: string;
  /** The version the parent saw; any change since then is a conflict. */
  expectedVersion: number;
  idempotencyKey: string;
  submissionId: string;
  now: number;
  waitlistAllowed: boolean;
  startsAt: number;
  endsAt: number;
  /** Capacity of the NEW time (observedUnits may include this appointment's own units). */
  needs: ResourceNeed[];
  /**
   * This appointment's own claims as the route read them. Optional, but give them: they let a
   * move reuse its own places (a stay shifted by one night keeps the nights it overlaps).
   */
  currentClaims?: { resource: string; unit: number }[];
  staffChanges?: { lineId: string; staffId: string | null }[];
  /** requested + waitlisted, plus confirmed when the business's change policy allows it. */
  allowedStatuses: AppointmentStatus[];
  notificationSummary: string;
}

export interface CancelPlan {
  businessId: string;
  clientId: string;
  appointmentId: string;
  expectedVersion: number;
  now: number;
  allowedStatuses: AppointmentStatus[];
  /** "Canceled by the client" */
  reason: string;
  notificationSummary: string;
}

/** The business confirming or declining a request. */
export interface DecisionPlan {
  businessId: string;
  appointmentId: string;
  /**
   * confirm: → confirmed; decline: → canceled ("Declined by <business>"), places released;
   * waitlist: a requested request → waitlisted, its places released for others.
   */
  decision: 'confirm' | 'decline' | 'waitlist';
  now: number;
  /** Decline only; default {@link DECLINED_REASON}. */
  reason?: string;
  /**
   * Confirm only: the places the appointment must hold once confirmed (`placesOfBookedVisit`),
   * given when confirming a WAITLISTED request (it holds none) or when `staffChanges` move it
   * to another groomer. The lock reads the database's claims on them first, then the
   * appointment's old claims are swapped for these in the decision's batch. Without them a
   * waitlisted request cannot be confirmed (it would hold no place).
   */
  needs?: ResourceNeed[];
  /** Confirm only: service lines given to another groomer ("any groomer" requests). */
  staffChanges?: { lineId: string; staffId: string }[];
  /** The text telling the parent; stored in the same batch, only if the decision applies. */
  parentMessage?: QueuedSms;
  /**
   * Who decided: the audit row, stored in the same batch, only if the decision applies. A null
   * staff account is an integration API key (named in `detail`).
   */
  audit?: { id: string; staffAccountId: string | null; detail: string | null; ipAddress: string | null };
}

/** A text message to store in `sms_outbox` with a change: queued for delivery, or the outbox itself (`immediate`). */
export interface QueuedSms {
  id: string;
  toE164: string;
  body: string;
  /** The provider's name (`twilio`, `outbox`). */
  provider: string;
  /** True for the development outbox: storing the row is the delivery. */
  immediate: boolean;
}

// ---- Outcomes (lock → route) ------------------------------------------------------------------

export type SubmissionOutcome =
  | {
      /** 'waitlisted' when at least one appointment is (see waitlistedIds). */
      status: 'requested' | 'waitlisted';
      appointmentIds: string[];
      /** The appointments saved as waitlisted (a subset of appointmentIds; [] when requested). */
      waitlistedIds: string[];
      /** True when this is the stored answer to an earlier call with the same key. */
      replayed: boolean;
    }
  /** No waitlist and not enough capacity: nothing saved. */
  | { status: 'full'; fullResources: string[] };

export type ConflictReason = 'status_changed' | 'version_changed' | 'not_found' | 'full';

export type ChangeOutcome =
  | { status: 'ok'; appointmentId: string; newStatus: AppointmentStatus; version: number; replayed?: boolean }
  | {
      status: 'conflict';
      reason: ConflictReason;
      /** What the appointment is now (absent for not_found and full). */
      currentStatus?: AppointmentStatus;
      fullResources?: string[];
    };

// ---- Constants --------------------------------------------------------------------------------

/**
 * Start of the message of the one error the lock throws on purpose: the database did not answer,
 * so the change may or may not be saved. The route should say "try again" (503) — a retry with
 * the same idempotency key gets the saved answer if there is one. RPC keeps only the message.
 */
export const BOOKING_LOCK_UNAVAILABLE = 'booking-lock: database unavailable';

/** True for the lock's "database unavailable, try again" error (see {@link BOOKING_LOCK_UNAVAILABLE}). */
export function isBookingLockUnavailable(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith(BOOKING_LOCK_UNAVAILABLE);
}

export const CANCELED_BY_CLIENT_REASON = 'Canceled by the client';
export const DECLINED_REASON = 'Declined by the business';

/** Statuses a business may confirm or decline (waitlisted: confirm needs capacity). */
export const DECIDABLE_STATUSES = ['requested', 'waitlisted', 'unconfirmed'] as const satisfies readonly AppointmentStatus[];

/** How long a reserved place waits for its database write before the alarm looks at it. */
export const HOLD_TTL_MS = 30_000;

/**
 * A ledger entry with no pending hold and no change for this long is no longer trusted: the
 * next observation from the database replaces it (it may have changed behind the lock's back).
 */
export const LEDGER_STALE_MS = 60_000;

/** How long the lock remembers an answer by idempotency key (the database keeps it for good). */
export const OUTCOME_TTL_MS = 24 * 60 * 60 * 1000;

// ---- Pure decisions ---------------------------------------------------------------------------

/** One unit of one resource, given to an appointment. */
export interface Claim {
  resource: string;
  unit: number;
  appointmentId: string;
}

/** Units in use per resource, as the lock's ledger knows them. */
export type TakenUnits = (resource: string) => Iterable<number>;

/** Where one appointment goes: it takes these claims, or waits on the waitlist. */
export interface Placement {
  appointmentId: string;
  status: 'requested' | 'waitlisted';
  claims: Claim[];
  /** Why it is waitlisted ([] when requested). */
  fullResources: string[];
}

export type PlacementDecision =
  | { kind: 'place'; placements: Placement[] }
  /** Not enough capacity and no waitlist: nothing may be saved. */
  | { kind: 'full'; fullResources: string[] };

/**
 * Units for every need of one appointment from `taken` (which the caller's earlier claims in
 * the same decision already include), lowest free numbers first; or the resources short of
 * units. Needs of the same resource add up.
 */
export function allocate(
  appointmentId: string,
  needs: readonly ResourceNeed[],
  taken: TakenUnits,
): { ok: true; claims: Claim[] } | { ok: false; fullResources: string[] } {
  const used = new Map<string, Set<number>>();
  const claims: Claim[] = [];
  const full: string[] = [];
  for (const need of needs) {
    let set = used.get(need.resource);
    if (!set) used.set(need.resource, (set = new Set(taken(need.resource))));
    const units = freeUnits(set, need.capacity, need.units);
    if (!units) {
      if (!full.includes(need.resource)) full.push(need.resource);
      continue;
    }
    for (const unit of units) {
      set.add(unit);
      claims.push({ resource: need.resource, unit, appointmentId });
    }
  }
  return full.length ? { ok: false, fullResources: full } : { ok: true, claims };
}

/**
 * Places each appointment of a submission in order (so two days of one submission never take
 * the same unit): requested with its units when every need fits, else waitlisted when allowed.
 * Without a waitlist, one appointment short of capacity makes the whole submission full.
 */
export function decidePlacements(
  appointments: readonly { id: string; needs: readonly ResourceNeed[] }[],
  waitlistAllowed: boolean,
  taken: TakenUnits,
): PlacementDecision {
  const mine = new Map<string, number[]>();
  const takenWithMine: TakenUnits = (resource) => [...taken(resource), ...(mine.get(resource) ?? [])];
  const placements: Placement[] = [];
  const full: string[] = [];
  for (const appointment of appointments) {
    const result = allocate(appointment.id, appointment.needs, takenWithMine);
    // A client over their own per-day limit is refused, not waitlisted (a waitlist is for places).
    if (!result.ok && result.fullResources.some(isClientLimit)) return { kind: 'full', fullResources: result.fullResources };
    if (result.ok) {
      for (const c of result.claims) mine.set(c.resource, [...(mine.get(c.resource) ?? []), c.unit]);
      placements.push({ appointmentId: appointment.id, status: 'requested', claims: result.claims, fullResources: [] });
    } else {
      for (const r of result.fullResources) if (!full.includes(r)) full.push(r);
      placements.push({ appointmentId: appointment.id, status: 'waitlisted', claims: [], fullResources: result.fullResources });
    }
  }
  if (full.length && !waitlistAllowed) return { kind: 'full', fullResources: full };
  return { kind: 'place', placements };
}

/** The same submission with every appointment on the waitlist (the honest fallback). */
export function waitlistAll(appointments: readonly { id: string; needs: readonly ResourceNeed[] }[], waitlistAllowed: boolean): PlacementDecision {
  const resources = [...new Set(appointments.flatMap((a) => a.needs.map((n) => n.resource)))];
  if (!waitlistAllowed) return { kind: 'full', fullResources: resources };
  return {
    kind: 'place',
    placements: appointments.map((a) => ({
      appointmentId: a.id,
      status: 'waitlisted' as const,
      claims: [],
      fullResources: [...new Set(a.needs.map((n) => n.resource))],
    })),
  };
}

/** What the parent is told about a saved submission (and what a retry with its key gets). */
export function submissionOutcome(placements: readonly Placement[], replayed = false): SubmissionOutcome {
  const waitlistedIds = placements.filter((p) => p.status === 'waitlisted').map((p) => p.appointmentId);
  return {
    status: waitlistedIds.length ? 'waitlisted' : 'requested',
    appointmentIds: placements.map((p) => p.appointmentId),
    waitlistedIds,
    replayed,
  };
}

/**
 * Why a conditional change did not apply, from the appointment as it is now (null: no such
 * appointment for this business and client). `otherwise` covers a change refused although
 * status and version still match (a confirmed appointment cannot move onto the waitlist).
 */
export function conflictFor(
  current: { status: AppointmentStatus; version: number } | null,
  expected: { allowedStatuses: readonly AppointmentStatus[]; expectedVersion?: number },
  otherwise: Extract<ChangeOutcome, { status: 'conflict' }> = { status: 'conflict', reason: 'status_changed' },
): Extract<ChangeOutcome, { status: 'conflict' }> {
  if (!current) return { status: 'conflict', reason: 'not_found' };
  if (!expected.allowedStatuses.includes(current.status)) {
    return { status: 'conflict', reason: 'status_changed', currentStatus: current.status };
  }
  if (expected.expectedVersion !== undefined && current.version !== expected.expectedVersion) {
    return { status: 'conflict', reason: 'version_changed', currentStatus: current.status };
  }
  return { ...otherwise, currentStatus: current.status };
}

/**
 * Checks the shape of a plan's needs (a programming error in the route otherwise, so it throws):
 * positive whole units, whole non-negative capacity, whole non-negative observed units.
 */
export function assertNeeds(needs: readonly ResourceNeed[]): void {
  for (const n of needs) {
    const ok =
      typeof n.resource === 'string' &&
      n.resource.length > 0 &&
      Number.isInteger(n.units) &&
      n.units >= 1 &&
      Number.isInteger(n.capacity) &&
      n.capacity >= 0 &&
      Array.isArray(n.observedUnits) &&
      n.observedUnits.every((u) => Number.isInteger(u) && u >= 0);
    if (!ok) throw new TypeError(`booking plan: malformed resource need ${JSON.stringify(n)}`);
  }
}
