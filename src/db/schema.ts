/**
 * Schema v1 of Pawtal's database (Turso/libSQL). The single source of truth: migrations are
 * generated from this file by drizzle-kit (`npm run db:generate`), row types come from
 * `$inferSelect`.
 *
 * Conventions:
 * - Every tenant-owned table has `business_id` (the tenant column) with an index, and nested
 *   rows are reached through their parent (business → client → pet → appointment).
 * - Ids are random text (see domain/ids.ts); timestamps are UTC epoch milliseconds; calendar
 *   dates (birthdays, vaccination expiries) are ISO `YYYY-MM-DD` text.
 * - Money is an integer in minor units next to an ISO 4217 currency code.
 * - Enums are text columns guarded by CHECK constraints, so the database refuses what the
 *   TypeScript types would.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/** Builds `CHECK (col IN ('a','b'))` for an enum column. */
function inList(column: string, values: readonly string[]) {
  return sql.raw(`"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`);
}

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });
const flag = (name: string) => integer(name, { mode: 'boolean' }).notNull().default(false);

export const SERVICE_TYPES = ['boarding', 'daycare', 'grooming', 'training'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const APPOINTMENT_STATUSES = [
  'requested',
  'waitlisted',
  'unconfirmed',
  'confirmed',
  'checked_in',
  'ready_for_pickup',
  'finished',
  'canceled',
  'no_show',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const PAYMENT_KINDS = ['prepayment', 'deposit'] as const;
export const PET_SPECIES = ['dog', 'cat', 'other'] as const;
export const PET_SEXES = ['male', 'female', 'unknown'] as const;
export const NOTIFICATION_KINDS = [
  'new_request',
  'canceled_by_client',
  'rescheduled_by_client',
  'pet_added',
  'agreement_signed',
] as const;
export const SMS_STATUSES = ['queued', 'sent', 'failed'] as const;

export const businesses = sqliteTable(
  'businesses',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Service types offered; the portal is on automatically with boarding or daycare. */
    offersBoarding: flag('offers_boarding'),
    offersDaycare: flag('offers_daycare'),
    offersGrooming: flag('offers_grooming'),
    offersTraining: flag('offers_training'),
    /** IANA time zone, e.g. America/Los_Angeles. All times are shown in it. */
    timeZone: text('time_zone').notNull(),
    /** ISO 3166-1 alpha-2; the default region when parsing phone numbers. */
    country: text('country').notNull(),
    currency: text('currency').notNull(),
    /** BCP 47 locale used for dates and money when the viewer gives none. */
    locale: text('locale').notNull().default('en-US'),
    phone: text('phone'),
    address: text('address'),
    onlineBookingEnabled: flag('online_booking_enabled'),
    packagesEnabled: flag('packages_enabled'),
    membershipsEnabled: flag('memberships_enabled'),
    groupClassesEnabled: flag('group_classes_enabled'),
    /** Grooming-only (or grooming + training) businesses need this granted by an operator. */
    groomingBetaGranted: flag('grooming_beta_granted'),
    /** iDogCam: configured when the feed URL is set. Rooms are per appointment pet. */
    idogcamFeedUrl: text('idogcam_feed_url'),
    idogcamAccountId: text('idogcam_account_id'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [check('businesses_country_format', sql`length(${t.country}) = 2`)],
);

export const staff = sqliteTable(
  'staff',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [index('staff_business_idx').on(t.businessId)],
);

export const services = sqliteTable(
  'services',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    name: text('name').notNull(),
    type: text('type', { enum: SERVICE_TYPES }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    priceMinor: integer('price_minor').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    index('services_business_idx').on(t.businessId),
    check('services_type_enum', inList('type', SERVICE_TYPES)),
    check('services_duration_positive', sql`${t.durationMinutes} > 0`),
    check('services_price_nonnegative', sql`${t.priceMinor} >= 0`),
  ],
);

export const addOns = sqliteTable(
  'add_ons',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(0),
    priceMinor: integer('price_minor').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    index('add_ons_business_idx').on(t.businessId),
    check('add_ons_price_nonnegative', sql`${t.priceMinor} >= 0`),
  ],
);

export const clients = sqliteTable(
  'clients',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** E.164, e.g. +12065550100. Accounts link to every client record with their number. */
    phoneE164: text('phone_e164').notNull(),
    email: text('email'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('clients_business_idx').on(t.businessId),
    index('clients_phone_idx').on(t.phoneE164),
    check('clients_phone_e164', sql`${t.phoneE164} GLOB '+[1-9]*' AND length(${t.phoneE164}) <= 16`),
  ],
);

/** A pet parent's login: a verified phone number, spanning every business that has it. */
export const portalAccounts = sqliteTable(
  'portal_accounts',
  {
    id: text('id').primaryKey(),
    phoneE164: text('phone_e164').notNull(),
    email: text('email'),
    passwordHash: text('password_hash'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('portal_accounts_phone_unique').on(t.phoneE164),
    uniqueIndex('portal_accounts_email_unique').on(t.email),
  ],
);

/** Which client records (each in one business) an account may see. */
export const accountClientLinks = sqliteTable(
  'account_client_links',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => portalAccounts.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.clientId] }),
    index('account_client_links_client_idx').on(t.clientId),
    index('account_client_links_business_idx').on(t.businessId),
  ],
);

/** Pets belong to one client record of one business (SPEC §6). */
export const pets = sqliteTable(
  'pets',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    name: text('name').notNull(),
    species: text('species', { enum: PET_SPECIES }).notNull(),
    breed: text('breed'),
    sex: text('sex', { enum: PET_SEXES }).notNull().default('unknown'),
    /** YYYY-MM-DD */
    birthday: text('birthday'),
    weightGrams: integer('weight_grams'),
    colour: text('colour'),
    spayedNeutered: integer('spayed_neutered', { mode: 'boolean' }),
    vetName: text('vet_name'),
    vetPhone: text('vet_phone'),
    medications: text('medications'),
    feeding: text('feeding'),
    behaviourNotes: text('behaviour_notes'),
    /** Object-store key of the photo; null when none. */
    photoKey: text('photo_key'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('pets_business_idx').on(t.businessId),
    index('pets_client_idx').on(t.clientId),
    check('pets_species_enum', inList('species', PET_SPECIES)),
    check('pets_sex_enum', inList('sex', PET_SEXES)),
    check('pets_weight_positive', sql`${t.weightGrams} IS NULL OR ${t.weightGrams} > 0`),
  ],
);

export const petVaccinations = sqliteTable(
  'pet_vaccinations',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    petId: text('pet_id')
      .notNull()
      .references(() => pets.id),
    name: text('name').notNull(),
    /** YYYY-MM-DD */
    expiresOn: text('expires_on'),
  },
  (t) => [
    index('pet_vaccinations_business_idx').on(t.businessId),
    index('pet_vaccinations_pet_idx').on(t.petId),
  ],
);

export const appointments = sqliteTable(
  'appointments',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    /** What kind of visit this is; boarding shows check-in/check-out days. */
    serviceType: text('service_type', { enum: SERVICE_TYPES }).notNull(),
    status: text('status', { enum: APPOINTMENT_STATUSES }).notNull(),
    startsAt: timestamp('starts_at').notNull(),
    endsAt: timestamp('ends_at').notNull(),
    notes: text('notes'),
    cancelReason: text('cancel_reason'),
    /** Paid through online booking (only this is shown, not the full payment status). */
    onlinePaymentKind: text('online_payment_kind', { enum: PAYMENT_KINDS }),
    onlinePaymentMinor: integer('online_payment_minor'),
    onlinePaymentCurrency: text('online_payment_currency'),
    /** Idempotency key of the online submission that created it (one per business). */
    idempotencyKey: text('idempotency_key'),
    /** Optimistic concurrency: every change does `WHERE version = ?` and increments it. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [
    index('appointments_business_idx').on(t.businessId),
    index('appointments_client_starts_idx').on(t.clientId, t.startsAt),
    index('appointments_business_starts_idx').on(t.businessId, t.startsAt),
    uniqueIndex('appointments_idempotency_unique').on(t.businessId, t.idempotencyKey),
    check('appointments_status_enum', inList('status', APPOINTMENT_STATUSES)),
    check('appointments_service_type_enum', inList('service_type', SERVICE_TYPES)),
    check('appointments_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'appointments_payment_kind_enum',
      sql`${t.onlinePaymentKind} IS NULL OR ${t.onlinePaymentKind} IN ('prepayment', 'deposit')`,
    ),
    check(
      'appointments_payment_complete',
      sql`(${t.onlinePaymentKind} IS NULL) = (${t.onlinePaymentMinor} IS NULL) AND (${t.onlinePaymentMinor} IS NULL) = (${t.onlinePaymentCurrency} IS NULL)`,
    ),
    check(
      'appointments_payment_nonnegative',
      sql`${t.onlinePaymentMinor} IS NULL OR ${t.onlinePaymentMinor} >= 0`,
    ),
    check(
      'appointments_cancel_reason_only_when_canceled',
      sql`${t.cancelReason} IS NULL OR ${t.status} = 'canceled'`,
    ),
    check('appointments_version_positive', sql`${t.version} >= 1`),
  ],
);

/** One row per pet in an appointment. `cameraRoom` is the iDogCam room the pet stays in. */
export const appointmentPets = sqliteTable(
  'appointment_pets',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    appointmentId: text('appointment_id')
      .notNull()
      .references(() => appointments.id),
    petId: text('pet_id')
      .notNull()
      .references(() => pets.id),
    cameraRoom: text('camera_room'),
  },
  (t) => [
    index('appointment_pets_business_idx').on(t.businessId),
    index('appointment_pets_appointment_idx').on(t.appointmentId),
    index('appointment_pets_pet_idx').on(t.petId),
    uniqueIndex('appointment_pets_unique').on(t.appointmentId, t.petId),
  ],
);

/** A service given to one pet in an appointment, with the staff member doing it. */
export const appointmentServices = sqliteTable(
  'appointment_services',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    appointmentPetId: text('appointment_pet_id')
      .notNull()
      .references(() => appointmentPets.id),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    staffId: text('staff_id').references(() => staff.id),
    priceMinor: integer('price_minor').notNull(),
  },
  (t) => [
    index('appointment_services_business_idx').on(t.businessId),
    index('appointment_services_pet_idx').on(t.appointmentPetId),
    index('appointment_services_service_idx').on(t.serviceId),
    index('appointment_services_staff_idx').on(t.staffId),
  ],
);

export const appointmentAddOns = sqliteTable(
  'appointment_add_ons',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    appointmentPetId: text('appointment_pet_id')
      .notNull()
      .references(() => appointmentPets.id),
    addOnId: text('add_on_id')
      .notNull()
      .references(() => addOns.id),
    staffId: text('staff_id').references(() => staff.id),
    priceMinor: integer('price_minor').notNull(),
  },
  (t) => [
    index('appointment_add_ons_business_idx').on(t.businessId),
    index('appointment_add_ons_pet_idx').on(t.appointmentPetId),
    index('appointment_add_ons_add_on_idx').on(t.addOnId),
    index('appointment_add_ons_staff_idx').on(t.staffId),
  ],
);

/**
 * Signed-in sessions. The cookie holds a random token; only its SHA-256 is stored, so a
 * leaked table cannot be replayed. Absolute expiry is fixed at sign-in; idle expiry is
 * `last_seen_at + 14 days`.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => portalAccounts.id),
    createdAt: timestamp('created_at').notNull(),
    lastSeenAt: timestamp('last_seen_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/**
 * Every SMS Pawtal sends, with the provider's outcome. In development it is the outbox
 * listed at /dev/outbox; in production it is the delivery log.
 */
export const smsOutbox = sqliteTable(
  'sms_outbox',
  {
    id: text('id').primaryKey(),
    toE164: text('to_e164').notNull(),
    body: text('body').notNull(),
    provider: text('provider').notNull(),
    status: text('status', { enum: SMS_STATUSES }).notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('sms_outbox_to_idx').on(t.toE164, t.createdAt),
    check('sms_outbox_status_enum', inList('status', SMS_STATUSES)),
  ],
);

/** What a business is told about its clients' actions (SPEC §11). */
export const businessNotifications = sqliteTable(
  'business_notifications',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    clientId: text('client_id').references(() => clients.id),
    appointmentId: text('appointment_id').references(() => appointments.id),
    /** Human-readable summary: who, what, when. */
    summary: text('summary').notNull(),
    createdAt: timestamp('created_at').notNull(),
    readAt: timestamp('read_at'),
  },
  (t) => [
    index('business_notifications_business_idx').on(t.businessId, t.createdAt),
    index('business_notifications_client_idx').on(t.clientId),
    index('business_notifications_appointment_idx').on(t.appointmentId),
    check('business_notifications_kind_enum', inList('kind', NOTIFICATION_KINDS)),
  ],
);

export type Business = typeof businesses.$inferSelect;
export type Client = typeof clients.$inferSelect;
export type Pet = typeof pets.$inferSelect;
export type Appointment = typeof appointments.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type SmsMessage = typeof smsOutbox.$inferSelect;
