/**
 * The booking lock: one Durable Object per business that will serialise changes to that
 * business's booking requests and capacity (SPEC §5: exactly one of two racing changes wins,
 * no overbooking, no lost update).
 *
 * It deliberately has no methods yet: they arrive with the booking issue. The class exists now
 * only because wrangler.toml binds BOOKING_LOCK to it (and declares it in the v1 SQLite
 * migration), so the Worker must export it. Nothing may rely on it doing anything today.
 * Reach it only through `bookingLockForBusiness` in ./stubs.ts.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** Placeholder for the per-business booking serialiser: no methods until the booking issue. */
export class BookingLock extends DurableObject<Env> {}
