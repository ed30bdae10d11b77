/**
 * Factories for the display-only account sections (SPEC §8, §10): store credit transactions,
 * packages, memberships, group classes with sessions, enrollments and attendance. Additive to
 * factories.ts; unique ids, so test files never collide in the shared database.
 */
import * as schema from '../../src/db/schema';
import { newId } from '../../src/domain/ids';
import { db } from './factories';

type ClientRef = { id: string; businessId: string };

export async function createCreditTransaction(
  client: ClientRef,
  input: { amountMinor: number; reason?: string; currency?: string; createdAt?: Date; appointmentId?: string | null },
) {
  const row = {
    id: newId('scr'),
    businessId: client.businessId,
    clientId: client.id,
    amountMinor: input.amountMinor,
    currency: input.currency ?? 'USD',
    reason: input.reason ?? 'Goodwill credit',
    appointmentId: input.appointmentId ?? null,
    createdAt: input.createdAt ?? new Date(),
  } satisfies typeof schema.storeCreditTransactions.$inferInsert;
  await db.insert(schema.storeCreditTransactions).values(row);
  return row;
}

export async function createPackage(client: ClientRef, overrides: Partial<typeof schema.clientPackages.$inferInsert> = {}) {
  const row = {
    id: newId('pkg'),
    businessId: client.businessId,
    clientId: client.id,
    name: '10 daycare days',
    covers: 'Full-day daycare, any weekday',
    totalQuantity: 10,
    remainingQuantity: 7,
    purchasedOn: '2026-01-10',
    expiresOn: '2099-01-10',
    ...overrides,
  } satisfies typeof schema.clientPackages.$inferInsert;
  await db.insert(schema.clientPackages).values(row);
  return row;
}

export async function createMembership(client: ClientRef, overrides: Partial<typeof schema.clientMemberships.$inferInsert> = {}) {
  const row = {
    id: newId('mem'),
    businessId: client.businessId,
    clientId: client.id,
    planName: 'Daycare Club',
    status: 'active' as const,
    perks: '10% off boarding',
    priceMinor: 4900,
    currency: 'USD',
    period: 'month' as const,
    nextRenewalOn: '2099-02-01',
    ...overrides,
  } satisfies typeof schema.clientMemberships.$inferInsert;
  await db.insert(schema.clientMemberships).values(row);
  return row;
}

/** A class with one session per start instant (each `durationMs` long, default 1 hour). */
export async function createGroupClass(businessId: string, input: { name?: string; description?: string | null; sessionStarts: Date[]; durationMs?: number }) {
  const klass = { id: newId('cls'), businessId, name: input.name ?? 'Puppy Basics', description: input.description ?? null };
  const sessions = input.sessionStarts.map((startsAt) => ({
    id: newId('csn'),
    businessId,
    classId: klass.id,
    startsAt,
    endsAt: new Date(startsAt.getTime() + (input.durationMs ?? 3600_000)),
  }));
  await db.insert(schema.groupClasses).values(klass);
  if (sessions.length > 0) await db.insert(schema.classSessions).values(sessions);
  return { ...klass, sessions };
}

/** Enrolls `pet` in the class and records attendance at `attendedSessionIds`. */
export async function enrollPet(klass: { id: string; businessId: string }, pet: { id: string; clientId: string }, attendedSessionIds: string[] = []) {
  const enrollment = {
    id: newId('enr'),
    businessId: klass.businessId,
    classId: klass.id,
    clientId: pet.clientId,
    petId: pet.id,
    enrolledAt: new Date(),
  };
  await db.insert(schema.classEnrollments).values(enrollment);
  if (attendedSessionIds.length > 0) {
    await db
      .insert(schema.classAttendance)
      .values(attendedSessionIds.map((sessionId) => ({ enrollmentId: enrollment.id, sessionId, businessId: klass.businessId })));
  }
  return enrollment;
}
