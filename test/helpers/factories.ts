/**
 * Test factories: every test builds its own business, clients, pets and appointments with
 * unique ids and phone numbers, because the libSQL database is shared by all test files
 * (only Durable Object storage is isolated per file). Writes go through the real libSQL server
 * over HTTP, like the app's.
 */
import { env } from 'cloudflare:workers';
import { createClient as createLibsqlClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from '../../src/db/schema';
import { newId, randomToken, sha256Hex } from '../../src/domain/ids';
import { SESSION_ABSOLUTE_MS } from '../../src/domain/session-policy';

export const db = drizzle(createLibsqlClient({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN || undefined }), {
  schema,
});

const HOUR = 60 * 60 * 1000;

/** A US mobile-shaped number nobody else in the test run has: +1 206 NXX XXXX. */
export function uniquePhone(): string {
  const bytes = crypto.getRandomValues(new Uint32Array(2));
  let exchange = 200 + (bytes[0]! % 800);
  if (exchange % 100 === 11 || exchange === 555) exchange += 1;
  const line = String(bytes[1]! % 10_000).padStart(4, '0');
  return `+1206${exchange}${line}`;
}

export type BusinessOverrides = Partial<typeof schema.businesses.$inferInsert>;

export async function createBusiness(overrides: BusinessOverrides = {}) {
  const row = {
    id: newId('biz'),
    name: `Test Kennels ${randomToken(4)}`,
    offersBoarding: true,
    offersDaycare: true,
    timeZone: 'America/Los_Angeles',
    country: 'US',
    currency: 'USD',
    locale: 'en-US',
    phone: '(206) 555-0199',
    address: '1 Test Street\nSeattle, WA',
    createdAt: new Date(),
    ...overrides,
  } satisfies typeof schema.businesses.$inferInsert;
  await db.insert(schema.businesses).values(row);
  return row;
}

export async function createClientRecord(businessId: string, overrides: Partial<typeof schema.clients.$inferInsert> = {}) {
  const row = {
    id: newId('cli'),
    businessId,
    firstName: 'Sam',
    lastName: 'Tester',
    phoneE164: uniquePhone(),
    email: null,
    createdAt: new Date(),
    ...overrides,
  } satisfies typeof schema.clients.$inferInsert;
  await db.insert(schema.clients).values(row);
  return row;
}

export async function createPet(client: { id: string; businessId: string }, overrides: Partial<typeof schema.pets.$inferInsert> = {}) {
  const row = {
    id: newId('pet'),
    businessId: client.businessId,
    clientId: client.id,
    name: 'Biscuit',
    species: 'dog' as const,
    breed: 'Beagle',
    createdAt: new Date(),
    ...overrides,
  } satisfies typeof schema.pets.$inferInsert;
  await db.insert(schema.pets).values(row);
  return row;
}

export interface AppointmentInput {
  client: { id: string; businessId: string };
  pets: { id: string }[];
  serviceType?: schema.ServiceType;
  status?: schema.AppointmentStatus;
  startsAt?: Date;
  endsAt?: Date;
  notes?: string | null;
  cancelReason?: string | null;
  cameraRoom?: string | null;
  /** Adds a service line (and optionally an add-on) with a staff member for each pet. */
  withServices?: { serviceName: string; staffFirstName?: string; addOnName?: string };
  onlinePayment?: { kind: 'prepayment' | 'deposit'; minor: number; currency: string };
}

export async function createAppointment(input: AppointmentInput) {
  const now = Date.now();
  const startsAt = input.startsAt ?? new Date(now + 48 * HOUR);
  const endsAt = input.endsAt ?? new Date(startsAt.getTime() + 2 * HOUR);
  const businessId = input.client.businessId;
  const appointment = {
    id: newId('apt'),
    businessId,
    clientId: input.client.id,
    serviceType: input.serviceType ?? 'grooming',
    status: input.status ?? 'confirmed',
    startsAt,
    endsAt,
    notes: input.notes ?? null,
    cancelReason: input.cancelReason ?? null,
    onlinePaymentKind: input.onlinePayment?.kind ?? null,
    onlinePaymentMinor: input.onlinePayment?.minor ?? null,
    onlinePaymentCurrency: input.onlinePayment?.currency ?? null,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  } satisfies typeof schema.appointments.$inferInsert;
  const statements: any[] = [db.insert(schema.appointments).values(appointment)];
  let service: { id: string } | undefined;
  let staffRow: { id: string } | undefined;
  let addOn: { id: string } | undefined;
  if (input.withServices) {
    service = { id: newId('svc') };
    statements.push(
      db.insert(schema.services).values({
        id: service.id,
        businessId,
        name: input.withServices.serviceName,
        type: appointment.serviceType,
        durationMinutes: 60,
        priceMinor: 5000,
      }),
    );
    if (input.withServices.staffFirstName) {
      staffRow = { id: newId('stf') };
      statements.push(db.insert(schema.staff).values({ id: staffRow.id, businessId, firstName: input.withServices.staffFirstName, lastName: 'Groomer' }));
    }
    if (input.withServices.addOnName) {
      addOn = { id: newId('add') };
      statements.push(db.insert(schema.addOns).values({ id: addOn.id, businessId, name: input.withServices.addOnName, priceMinor: 1000 }));
    }
  }
  for (const pet of input.pets) {
    const appointmentPetId = newId('apet');
    statements.push(
      db.insert(schema.appointmentPets).values({
        id: appointmentPetId,
        businessId,
        appointmentId: appointment.id,
        petId: pet.id,
        cameraRoom: input.cameraRoom ?? null,
      }),
    );
    if (service) {
      statements.push(
        db.insert(schema.appointmentServices).values({
          id: newId('asvc'),
          businessId,
          appointmentPetId,
          serviceId: service.id,
          staffId: staffRow?.id ?? null,
          priceMinor: 5000,
        }),
      );
    }
    if (addOn) {
      statements.push(db.insert(schema.appointmentAddOns).values({ id: newId('aadd'), businessId, appointmentPetId, addOnId: addOn.id, priceMinor: 1000 }));
    }
  }
  await db.batch(statements as [any, ...any[]]);
  return appointment;
}

/**
 * A signed-in parent: an account for `phoneE164`, linked to every client record with that
 * number (as sign-in does), and a live session. Returns the Cookie header to send.
 */
export async function signedInAs(phoneE164: string, opts: { createdAt?: number; lastSeenAt?: number; expiresAt?: number } = {}) {
  const now = Date.now();
  const accountId = newId('acc');
  const token = randomToken(32);
  const tokenHash = await sha256Hex(token);
  await db
    .insert(schema.portalAccounts)
    .values({ id: accountId, phoneE164, createdAt: new Date(now) })
    .onConflictDoNothing();
  const account = await db.query.portalAccounts.findFirst({ where: (a, { eq }) => eq(a.phoneE164, phoneE164) });
  const clientRows = await db.query.clients.findMany({ where: (c, { eq }) => eq(c.phoneE164, phoneE164) });
  for (const client of clientRows) {
    await db
      .insert(schema.accountClientLinks)
      .values({ accountId: account!.id, clientId: client.id, businessId: client.businessId, createdAt: new Date(now) })
      .onConflictDoNothing();
  }
  await db.insert(schema.sessions).values({
    tokenHash,
    accountId: account!.id,
    createdAt: new Date(opts.createdAt ?? now),
    lastSeenAt: new Date(opts.lastSeenAt ?? now),
    expiresAt: new Date(opts.expiresAt ?? now + SESSION_ABSOLUTE_MS),
  });
  return { cookie: `__Host-pawtal_session=${token}`, token, tokenHash, accountId: account!.id };
}
