/**
 * The booking lock's ledger: which capacity units of its business are in use, kept in the
 * Durable Object's own SQLite storage so it survives eviction. Every method is synchronous and
 * meant to run inside the lock's `transactionSync`, so a decision and its reservation are one
 * atomic step (TECH.md §6); see docs/decisions/0006-booking-lock.md for the whole mechanism.
 *
 * Tables (created on first use; a later shape change adds a numbered step to MIGRATIONS):
 * - `ledger_resources(resource, changed_at)`: resources the ledger vouches for. A resource
 *   without a row is unknown: the next plan's observation (the route's database read) starts
 *   it. One not changed for LEDGER_STALE_MS and without a hold is stale: the next observation
 *   restarts it.
 * - `ledger_committed(resource, unit, appointment_id)`: units taken in the database, with the
 *   appointment when known (units that came from an observation have none).
 * - `ledger_held(resource, unit, hold_id, appointment_id)`: units reserved by a change whose
 *   database batch has not answered yet. In use = committed ∪ held.
 * - `holds(id, …)`: one row per such change, so the alarm can settle it if its answer is lost.
 * - `outcomes(idempotency_key, …)`: answers already given, for replays (the database keeps them
 *   for good in booking_submissions; this is the fast path, pruned after OUTCOME_TTL_MS).
 */
import { LEDGER_STALE_MS, OUTCOME_TTL_MS, type Claim, type ResourceNeed } from '../domain/booking-plan';

/** A change waiting for its database batch; its id is the submission id (or a fresh id for decide). */
export interface HoldRecord {
  id: string;
  kind: 'create' | 'reschedule' | 'decide';
  businessId: string;
  clientId: string | null;
  idempotencyKey: string | null;
  submissionId: string | null;
  appointmentIds: string[];
  expiresAt: number;
}

export interface StoredOutcome {
  kind: 'create' | 'reschedule';
  clientId: string;
  /** The outcome as first returned, without `replayed`. */
  outcome: unknown;
}

const MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS ledger_resources (resource TEXT PRIMARY KEY, changed_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS ledger_resources_changed ON ledger_resources(changed_at);
   CREATE TABLE IF NOT EXISTS ledger_committed (resource TEXT NOT NULL, unit INTEGER NOT NULL, appointment_id TEXT,
     PRIMARY KEY (resource, unit));
   CREATE INDEX IF NOT EXISTS ledger_committed_appointment ON ledger_committed(appointment_id);
   CREATE TABLE IF NOT EXISTS ledger_held (resource TEXT NOT NULL, unit INTEGER NOT NULL, hold_id TEXT NOT NULL,
     appointment_id TEXT NOT NULL, PRIMARY KEY (resource, unit));
   CREATE INDEX IF NOT EXISTS ledger_held_hold ON ledger_held(hold_id);
   CREATE TABLE IF NOT EXISTS holds (id TEXT PRIMARY KEY, record TEXT NOT NULL, idempotency_key TEXT, expires_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS holds_key ON holds(idempotency_key);
   CREATE TABLE IF NOT EXISTS outcomes (idempotency_key TEXT PRIMARY KEY, kind TEXT NOT NULL, client_id TEXT NOT NULL,
     outcome TEXT NOT NULL, stored_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS outcomes_stored ON outcomes(stored_at);`,
];

export class BookingLedger {
  private readonly sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.sql = storage.sql;
    storage.transactionSync(() => {
      this.sql.exec('CREATE TABLE IF NOT EXISTS ledger_meta (version INTEGER NOT NULL)');
      const version = this.sql.exec<{ version: number }>('SELECT version FROM ledger_meta').toArray()[0]?.version ?? 0;
      for (let v = version; v < MIGRATIONS.length; v++) this.sql.exec(MIGRATIONS[v]!);
      if (version === 0) this.sql.exec('INSERT INTO ledger_meta (version) VALUES (?)', MIGRATIONS.length);
      else if (version < MIGRATIONS.length) this.sql.exec('UPDATE ledger_meta SET version = ?', MIGRATIONS.length);
    });
  }

  // ---- Capacity ---------------------------------------------------------------------------------

  /**
   * Starts (or restarts) the entry of each need's resource from the route's observation when the
   * ledger does not know it, or knows it only stale: no hold and no change for LEDGER_STALE_MS.
   */
  observe(needs: readonly ResourceNeed[], now: number): void {
    for (const need of needs) {
      const entry = this.sql
        .exec<{ changed_at: number; held: number }>(
          `SELECT changed_at, EXISTS (SELECT 1 FROM ledger_held WHERE resource = ?1) AS held
           FROM ledger_resources WHERE resource = ?1`,
          need.resource,
        )
        .toArray()[0];
      if (entry && (entry.held || entry.changed_at >= now - LEDGER_STALE_MS)) continue;
      this.sql.exec('DELETE FROM ledger_committed WHERE resource = ?', need.resource);
      for (const unit of new Set(need.observedUnits)) {
        this.sql.exec('INSERT INTO ledger_committed (resource, unit) VALUES (?, ?)', need.resource, unit);
      }
      this.upsertEntry(need.resource, now);
    }
  }

  /** Names the appointment as the holder of these committed units where the ledger knew no holder. */
  adopt(appointmentId: string, units: readonly { resource: string; unit: number }[]): void {
    for (const u of units) {
      this.sql.exec(
        'UPDATE ledger_committed SET appointment_id = ? WHERE resource = ? AND unit = ? AND appointment_id IS NULL',
        appointmentId,
        u.resource,
        u.unit,
      );
    }
  }

  /** Units of a resource in use (committed or held); `except`'s own committed units count as free. */
  taken(resource: string, except?: string): number[] {
    return this.sql
      .exec<{ unit: number }>(
        `SELECT unit FROM ledger_committed WHERE resource = ?1 AND (appointment_id IS NULL OR appointment_id IS NOT ?2)
         UNION SELECT unit FROM ledger_held WHERE resource = ?1`,
        resource,
        except ?? null,
      )
      .toArray()
      .map((r) => r.unit);
  }

  /** Reserves units for a change about to write to the database. */
  hold(record: HoldRecord, claims: readonly Claim[], now: number): void {
    this.sql.exec(
      'INSERT INTO holds (id, record, idempotency_key, expires_at) VALUES (?, ?, ?, ?)',
      record.id,
      JSON.stringify(record),
      record.idempotencyKey,
      record.expiresAt,
    );
    for (const c of claims) {
      this.sql.exec('INSERT INTO ledger_held (resource, unit, hold_id, appointment_id) VALUES (?, ?, ?, ?)', c.resource, c.unit, record.id, c.appointmentId);
    }
    this.touch(
      claims.map((c) => c.resource),
      now,
    );
  }

  /** The change was written: its held units are now committed. */
  commit(holdId: string, now: number): void {
    const resources = this.heldResources(holdId);
    this.sql.exec(
      `INSERT OR REPLACE INTO ledger_committed (resource, unit, appointment_id)
       SELECT resource, unit, appointment_id FROM ledger_held WHERE hold_id = ?`,
      holdId,
    );
    this.dropHold(holdId);
    this.touch(resources, now);
  }

  /** The change was not written: its held units are free again. */
  release(holdId: string, now: number): void {
    const resources = this.heldResources(holdId);
    this.dropHold(holdId);
    this.touch(resources, now);
  }

  /**
   * Units the database no longer holds for this appointment (its claims were deleted): free
   * them, unless the ledger already knows another holder.
   */
  releaseUnits(appointmentId: string, units: readonly { resource: string; unit: number }[], now: number): void {
    for (const u of units) {
      this.sql.exec(
        'DELETE FROM ledger_committed WHERE resource = ? AND unit = ? AND (appointment_id IS NULL OR appointment_id = ?)',
        u.resource,
        u.unit,
        appointmentId,
      );
    }
    this.touch(
      units.map((u) => u.resource),
      now,
    );
  }

  /** The appointment holds exactly these units now (read from the database): forget others it held. */
  syncAppointment(appointmentId: string, claims: readonly Claim[], now: number): void {
    const before = this.sql
      .exec<{ resource: string }>('SELECT resource FROM ledger_committed WHERE appointment_id = ?', appointmentId)
      .toArray()
      .map((r) => r.resource);
    this.sql.exec('DELETE FROM ledger_committed WHERE appointment_id = ?', appointmentId);
    for (const c of claims) {
      // Only resources the ledger vouches for; others start from their next observation.
      this.sql.exec(
        `INSERT OR REPLACE INTO ledger_committed (resource, unit, appointment_id)
         SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM ledger_resources WHERE resource = ?1)`,
        c.resource,
        c.unit,
        appointmentId,
      );
    }
    this.touch([...before, ...claims.map((c) => c.resource)], now);
  }

  /** Replaces what the ledger knows of these resources with the database's claims (holds stay). */
  refresh(resources: readonly string[], claims: readonly Claim[], now: number): void {
    for (const resource of new Set(resources)) {
      this.sql.exec('DELETE FROM ledger_committed WHERE resource = ?', resource);
      this.upsertEntry(resource, now);
    }
    for (const c of claims) {
      this.sql.exec('INSERT OR REPLACE INTO ledger_committed (resource, unit, appointment_id) VALUES (?, ?, ?)', c.resource, c.unit, c.appointmentId);
    }
  }

  // ---- Holds ------------------------------------------------------------------------------------

  holds(): HoldRecord[] {
    return this.sql
      .exec<{ record: string }>('SELECT record FROM holds ORDER BY expires_at')
      .toArray()
      .map((r) => JSON.parse(r.record) as HoldRecord);
  }

  hasHold(id: string): boolean {
    return this.sql.exec('SELECT 1 FROM holds WHERE id = ?', id).toArray().length > 0;
  }

  holdByKey(idempotencyKey: string): HoldRecord | null {
    const row = this.sql.exec<{ record: string }>('SELECT record FROM holds WHERE idempotency_key = ?', idempotencyKey).toArray()[0];
    return row ? (JSON.parse(row.record) as HoldRecord) : null;
  }

  /** Settles a hold without touching committed units (the caller has synced them from the database). */
  dropHold(id: string): void {
    this.sql.exec('DELETE FROM ledger_held WHERE hold_id = ?', id);
    this.sql.exec('DELETE FROM holds WHERE id = ?', id);
  }

  // ---- Outcomes ---------------------------------------------------------------------------------

  outcome(idempotencyKey: string): StoredOutcome | null {
    const row = this.sql
      .exec<{ kind: string; client_id: string; outcome: string }>('SELECT kind, client_id, outcome FROM outcomes WHERE idempotency_key = ?', idempotencyKey)
      .toArray()[0];
    return row ? { kind: row.kind as StoredOutcome['kind'], clientId: row.client_id, outcome: JSON.parse(row.outcome) } : null;
  }

  storeOutcome(idempotencyKey: string, stored: StoredOutcome, now: number): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO outcomes (idempotency_key, kind, client_id, outcome, stored_at) VALUES (?, ?, ?, ?, ?)',
      idempotencyKey,
      stored.kind,
      stored.clientId,
      JSON.stringify(stored.outcome),
      now,
    );
  }

  // ---- Housekeeping -----------------------------------------------------------------------------

  /** Forgets stale resources (as good as unknown) and old outcomes. */
  prune(now: number): void {
    const stale = `SELECT resource FROM ledger_resources r WHERE changed_at < ?
                   AND NOT EXISTS (SELECT 1 FROM ledger_held h WHERE h.resource = r.resource)`;
    this.sql.exec(`DELETE FROM ledger_committed WHERE resource IN (${stale})`, now - LEDGER_STALE_MS);
    this.sql.exec(`DELETE FROM ledger_resources WHERE resource IN (${stale})`, now - LEDGER_STALE_MS);
    this.sql.exec('DELETE FROM ledger_committed WHERE resource NOT IN (SELECT resource FROM ledger_resources)');
    this.sql.exec('DELETE FROM outcomes WHERE stored_at < ?', now - OUTCOME_TTL_MS);
  }

  /**
   * When the alarm should next run: the earliest hold expiry (holds still being written, `busy`,
   * count from `now`), or when the oldest resource or outcome can be pruned; null if nothing is stored.
   */
  nextAlarm(now: number, busy: ReadonlySet<string>, holdTtlMs: number): number | null {
    const times = this.holds().map((h) => (busy.has(h.id) ? Math.max(h.expiresAt, now + holdTtlMs) : h.expiresAt));
    const prune = this.sql
      .exec<{ resources: number | null; outcomes: number | null }>(
        'SELECT (SELECT MIN(changed_at) FROM ledger_resources) AS resources, (SELECT MIN(stored_at) FROM outcomes) AS outcomes',
      )
      .one();
    if (prune.resources !== null) times.push(prune.resources + LEDGER_STALE_MS + 1);
    if (prune.outcomes !== null) times.push(prune.outcomes + OUTCOME_TTL_MS + 1);
    return times.length ? Math.min(...times) : null;
  }

  // ---------------------------------------------------------------------------------------------

  private heldResources(holdId: string): string[] {
    return this.sql
      .exec<{ resource: string }>('SELECT DISTINCT resource FROM ledger_held WHERE hold_id = ?', holdId)
      .toArray()
      .map((r) => r.resource);
  }

  private upsertEntry(resource: string, now: number): void {
    this.sql.exec(
      `INSERT INTO ledger_resources (resource, changed_at) VALUES (?, ?)
       ON CONFLICT (resource) DO UPDATE SET changed_at = excluded.changed_at`,
      resource,
      now,
    );
  }

  /** Marks known resources as changed now (never creates an entry: that needs an observation). */
  private touch(resources: readonly string[], now: number): void {
    for (const resource of new Set(resources)) {
      this.sql.exec('UPDATE ledger_resources SET changed_at = ? WHERE resource = ?', now, resource);
    }
  }
}
