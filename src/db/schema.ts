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
import { type AnySQLiteColumn, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
export const VACCINATION_POLICIES = ['refuse', 'flag'] as const;
export const PET_SEXES = ['male', 'female', 'unknown'] as const;
export const NOTIFICATION_KINDS = [
  'new_request',
  'canceled_by_client',
  'rescheduled_by_client',
  'pet_added',
  'agreement_signed',
  'certificate_uploaded',
] as const;
export const SMS_STATUSES = ['queued', 'sent', 'failed'] as const;
export const DEPOSIT_RULES = ['none', 'fixed', 'percentage'] as const;
export const CHANGE_POLICIES = ['not_allowed', 'until_hours_before'] as const;
export const WINDOW_KINDS = ['drop_off', 'pick_up'] as const;
export const SUBMISSION_KINDS = ['create', 'reschedule'] as const;
export const INVITATION_CHANNELS = ['sms', 'email'] as const;
export const EMAIL_STATUSES = ['queued', 'sent', 'failed'] as const;
export const MEMBERSHIP_STATUSES = ['active', 'paused', 'canceled'] as const;
export const MEMBERSHIP_PERIODS = ['week', 'month', 'year'] as const;
export const LANGUAGES = ['en', 'es'] as const;
export const SIGNATURE_METHODS = ['drawn', 'typed'] as const;
export const VACCINATION_UPLOAD_STATUSES = ['pending', 'accepted', 'rejected'] as const;

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
    /**
     * Language of the texts and emails a client gets when they have not chosen one (issue 15).
     * Column-level CHECK by hand in the migration (decision 0005).
     */
    textLanguage: text('text_language', { enum: LANGUAGES }).notNull().default('en'),
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
    // Online booking settings (SPEC §5). Hours, closed dates, staff schedules and drop-off
    // windows are tables below.
    /** Earliest bookable start = now + this many hours. */
    minNoticeHours: integer('min_notice_hours').notNull().default(24),
    /** Latest bookable local date = today + this many days. */
    bookingHorizonDays: integer('booking_horizon_days').notNull().default(60),
    /** Grooming start times step, from each opening time. */
    slotIntervalMinutes: integer('slot_interval_minutes').notNull().default(30),
    /** Daycare days or boarding nights in one request. */
    maxDaysPerRequest: integer('max_days_per_request').notNull().default(14),
    waitlistAllowed: flag('waitlist_allowed'),
    depositRule: text('deposit_rule', { enum: DEPOSIT_RULES }).notNull().default('none'),
    /** Minor units for a fixed deposit; basis points (2000 = 20 %) for a percentage. */
    depositValue: integer('deposit_value').notNull().default(0),
    /** Confirmed appointments: not changeable in the portal (default), or until N hours before. */
    changePolicy: text('change_policy', { enum: CHANGE_POLICIES }).notNull().default('not_allowed'),
    changePolicyHours: integer('change_policy_hours'),
    /** Pets per night (boarding) and per day (daycare). */
    boardingNightlyCapacity: integer('boarding_nightly_capacity').notNull().default(0),
    daycareDailyCapacity: integer('daycare_daily_capacity').notNull().default(0),
    /**
     * A pet whose vaccination required by a service is missing or expired on the visit's
     * dates: the request is refused (`refuse`, default) or sent marked "vaccination record
     * needed" (`flag`) for the business to check. Its CHECK is column-level, written into
     * the migration by hand (decision 0005: a table-level one would recreate the table).
     */
    vaccinationPolicy: text('vaccination_policy', { enum: VACCINATION_POLICIES }).notNull().default('refuse'),
    /**
     * Live requests (holding a place) one client may have for one service type on one day;
     * counted by the booking lock (capacity.ts `clientDayResource`). Column-level CHECK ≥ 1 by
     * hand in the migration (decision 0005).
     */
    maxLiveRequestsPerDay: integer('max_live_requests_per_day').notNull().default(3),
    /** Every staff member must pass a second factor (owners always must). */
    requireTwoStep: flag('require_two_step'),
    /**
     * The portal header's accent colour, `#rrggbb`, or null for Pawtal's own. Settings refuse a
     * colour that fails WCAG AA (4.5:1) against white text.
     */
    accentColour: text('accent_colour'),
    /** Online booking asks the client to sign every agreement's newest version first (settings, booking rules). */
    agreementsBeforeBooking: flag('agreements_before_booking'),
    /** R2 key of the business's logo (a small WebP copy), shown in the portal header; null = none. */
    logoKey: text('logo_key'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    check('businesses_country_format', sql`length(${t.country}) = 2`),
    check('businesses_deposit_rule_enum', inList('deposit_rule', DEPOSIT_RULES)),
    check('businesses_change_policy_enum', inList('change_policy', CHANGE_POLICIES)),
    check(
      'businesses_change_policy_hours',
      sql`(${t.changePolicy} = 'until_hours_before') = (${t.changePolicyHours} IS NOT NULL) AND coalesce(${t.changePolicyHours}, 0) >= 0`,
    ),
    check(
      'businesses_booking_limits',
      sql`${t.minNoticeHours} >= 0 AND ${t.bookingHorizonDays} >= 1 AND ${t.slotIntervalMinutes} BETWEEN 5 AND 240 AND ${t.maxDaysPerRequest} >= 1 AND ${t.depositValue} >= 0 AND ${t.boardingNightlyCapacity} >= 0 AND ${t.daycareDailyCapacity} >= 0`,
    ),
    check('businesses_percentage_deposit_max', sql`${t.depositRule} <> 'percentage' OR ${t.depositValue} <= 10000`),
  ],
);

const hhmm = (name: string) => text(name).notNull();
function hhmmCheck(column: string) {
  return sql.raw(`"${column}" GLOB '[0-2][0-9]:[0-5][0-9]' AND "${column}" <= '24:00'`);
}

/** Opening hours per weekday (0 = Sunday), in the business's time zone; several per day allowed. */
export const businessHours = sqliteTable(
  'business_hours',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    weekday: integer('weekday').notNull(),
    opens: hhmm('opens'),
    closes: hhmm('closes'),
    /**
     * The service type these hours are for; null = every type the business offers. A type with
     * rows of its own for a weekday uses those instead of the shared ones (console settings).
     * Its CHECK is column-level, written into the migration by hand (decision 0005).
     */
    serviceType: text('service_type', { enum: SERVICE_TYPES }),
  },
  (t) => [
    index('business_hours_business_idx').on(t.businessId, t.weekday),
    check('business_hours_weekday', sql`${t.weekday} BETWEEN 0 AND 6`),
    check('business_hours_opens_format', hhmmCheck('opens')),
    check('business_hours_closes_format', hhmmCheck('closes')),
    check('business_hours_order', sql`${t.opens} < ${t.closes}`),
  ],
);

/** Whole local days the business is closed (holidays). */
export const closedDates = sqliteTable(
  'closed_dates',
  {
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    /** YYYY-MM-DD in the business's time zone */
    date: text('date').notNull(),
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.date] }), check('closed_dates_format', sql`${t.date} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`)],
);

/** When drop-off and pick-up happen for boarding and daycare (the parent picks one). */
export const serviceWindows = sqliteTable(
  'service_windows',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    kind: text('kind', { enum: WINDOW_KINDS }).notNull(),
    starts: hhmm('starts'),
    ends: hhmm('ends'),
  },
  (t) => [
    index('service_windows_business_idx').on(t.businessId),
    check('service_windows_kind_enum', inList('kind', WINDOW_KINDS)),
    check('service_windows_starts_format', hhmmCheck('starts')),
    check('service_windows_ends_format', hhmmCheck('ends')),
    check('service_windows_order', sql`${t.starts} < ${t.ends}`),
  ],
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

/** A staff member's working periods per weekday (0 = Sunday), business time zone. */
export const staffSchedules = sqliteTable(
  'staff_schedules',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    weekday: integer('weekday').notNull(),
    starts: hhmm('starts'),
    ends: hhmm('ends'),
  },
  (t) => [
    index('staff_schedules_business_idx').on(t.businessId),
    index('staff_schedules_staff_idx').on(t.staffId, t.weekday),
    check('staff_schedules_weekday', sql`${t.weekday} BETWEEN 0 AND 6`),
    check('staff_schedules_starts_format', hhmmCheck('starts')),
    check('staff_schedules_ends_format', hhmmCheck('ends')),
    check('staff_schedules_order', sql`${t.starts} < ${t.ends}`),
  ],
);

/**
 * A day a staff member's weekly pattern does not hold (business time zone): off all day (no
 * times), or working only `starts`–`ends` that day. Availability uses it instead of the
 * weekday's periods for that date.
 */
export const staffScheduleExceptions = sqliteTable(
  'staff_schedule_exceptions',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    /** YYYY-MM-DD in the business's time zone. */
    date: text('date').notNull(),
    /** Both null: off all day. */
    starts: text('starts'),
    ends: text('ends'),
    reason: text('reason'),
  },
  (t) => [
    index('staff_schedule_exceptions_business_idx').on(t.businessId, t.date),
    uniqueIndex('staff_schedule_exceptions_staff_date_unique').on(t.staffId, t.date, t.starts),
    check('staff_schedule_exceptions_date_format', sql`${t.date} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
    check(
      'staff_schedule_exceptions_times',
      sql`(${t.starts} IS NULL AND ${t.ends} IS NULL) OR (${t.starts} GLOB '[0-2][0-9]:[0-5][0-9]' AND ${t.ends} GLOB '[0-2][0-9]:[0-5][0-9]' AND ${t.starts} < ${t.ends} AND ${t.ends} <= '24:00')`,
    ),
  ],
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
    /** Species it takes, comma-separated (`dog,cat`); null = every species. */
    speciesAllowed: text('species_allowed'),
    /** Vaccinations that must be valid on every visit date, comma-separated names (`Rabies,Bordetella`); null = none. */
    requiredVaccinations: text('required_vaccinations'),
  },
  (t) => [
    index('services_business_idx').on(t.businessId),
    check('services_type_enum', inList('type', SERVICE_TYPES)),
    check('services_duration_positive', sql`${t.durationMinutes} > 0`),
    check('services_price_nonnegative', sql`${t.priceMinor} >= 0`),
  ],
);

/** Which staff members do which (grooming) services. */
export const staffServices = sqliteTable(
  'staff_services',
  {
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.serviceId] }),
    index('staff_services_service_idx').on(t.serviceId),
    index('staff_services_business_idx').on(t.businessId),
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
    /** The kind of service it can be added to; null = any. */
    serviceType: text('service_type', { enum: SERVICE_TYPES }),
    durationMinutes: integer('duration_minutes').notNull().default(0),
    priceMinor: integer('price_minor').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    index('add_ons_business_idx').on(t.businessId),
    check('add_ons_service_type_enum', sql`${t.serviceType} IS NULL OR ${t.serviceType} IN ('boarding', 'daycare', 'grooming', 'training')`),
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
    /**
     * The parent's chosen language (null: not chosen — pages follow the browser, texts the
     * business). Column-level CHECK by hand in the migration (decision 0005).
     */
    language: text('language', { enum: LANGUAGES }),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('portal_accounts_phone_unique').on(t.phoneE164), uniqueIndex('portal_accounts_email_unique').on(t.email)],
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
    /** When the parent last opened this profile's report cards: cards sent after it are "new" on the home (decision 0021). */
    reportCardsSeenAt: timestamp('report_cards_seen_at'),
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
    /** The "Add a pet" form's submission key: a double tap or a resend adds the pet once. */
    submissionKey: text('submission_key'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('pets_business_idx').on(t.businessId),
    index('pets_client_idx').on(t.clientId),
    uniqueIndex('pets_submission_unique').on(t.clientId, t.submissionKey),
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
    /** When staff checked it against a certificate the parent uploaded; null = typed in by the business. */
    verifiedAt: timestamp('verified_at'),
    /** The upload it was accepted from, if any. */
    uploadId: text('upload_id'),
  },
  (t) => [index('pet_vaccinations_business_idx').on(t.businessId), index('pet_vaccinations_pet_idx').on(t.petId)],
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
    /** Online submission (booking_submissions) that created it, or last rescheduled it. */
    submissionId: text('submission_id'),
    /** Deposit the business asks for on an online request (recorded; payment is out of scope). */
    depositRequiredMinor: integer('deposit_required_minor'),
    /** Sent while a vaccination a service requires was missing or expired (business policy `flag`). */
    vaccinationRecordNeeded: integer('vaccination_record_needed', { mode: 'boolean' }).notNull().default(false),
    /** Canceled because the business declined the request: the parent sees "Declined by <business>", never "Canceled". */
    declinedByBusiness: integer('declined_by_business', { mode: 'boolean' }).notNull().default(false),
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
    check('appointments_payment_kind_enum', sql`${t.onlinePaymentKind} IS NULL OR ${t.onlinePaymentKind} IN ('prepayment', 'deposit')`),
    check(
      'appointments_payment_complete',
      sql`(${t.onlinePaymentKind} IS NULL) = (${t.onlinePaymentMinor} IS NULL) AND (${t.onlinePaymentMinor} IS NULL) = (${t.onlinePaymentCurrency} IS NULL)`,
    ),
    check('appointments_payment_nonnegative', sql`${t.onlinePaymentMinor} IS NULL OR ${t.onlinePaymentMinor} >= 0`),
    check('appointments_cancel_reason_only_when_canceled', sql`${t.cancelReason} IS NULL OR ${t.status} = 'canceled'`),
    check('appointments_version_positive', sql`${t.version} >= 1`),
    check('appointments_deposit_nonnegative', sql`${t.depositRequiredMinor} IS NULL OR ${t.depositRequiredMinor} >= 0`),
    index('appointments_submission_idx').on(t.submissionId),
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
    /** True when the parent asked for this groomer; false = "any groomer" (a reschedule may pick another). */
    staffRequested: integer('staff_requested', { mode: 'boolean' }).notNull().default(false),
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
 * The capacity ledger, the database's last word against overbooking: a live appointment holds
 * one row per unit of capacity it uses — a pet on a boarding night (`boarding:2026-11-30`), a pet
 * on a daycare day (`daycare:2026-11-30`), a groomer's 15-minute slot
 * (`staff:<id>:<slot start ms>`, unit 0 only). Units are numbered 0…capacity-1 by the booking
 * lock; UNIQUE(business, resource, unit) means two requests can never take the same place even
 * if everything above the database were wrong. Waitlisted and canceled appointments hold none.
 */
export const capacityClaims = sqliteTable(
  'capacity_claims',
  {
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    resource: text('resource').notNull(),
    unit: integer('unit').notNull(),
    appointmentId: text('appointment_id')
      .notNull()
      .references(() => appointments.id),
  },
  (t) => [
    primaryKey({ columns: [t.businessId, t.resource, t.unit] }),
    index('capacity_claims_appointment_idx').on(t.appointmentId),
    check('capacity_claims_unit_nonnegative', sql`${t.unit} >= 0`),
  ],
);

/**
 * One row per online submission (new request or reschedule), keyed by the form's idempotency
 * key: a double tap, a retry or a back-button resubmit finds the first outcome here instead of
 * creating a second request.
 */
export const bookingSubmissions = sqliteTable(
  'booking_submissions',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    idempotencyKey: text('idempotency_key').notNull(),
    kind: text('kind', { enum: SUBMISSION_KINDS }).notNull(),
    /** JSON: what the parent was told (status and appointment ids). */
    outcome: text('outcome').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('booking_submissions_key_unique').on(t.businessId, t.idempotencyKey),
    index('booking_submissions_client_idx').on(t.clientId),
    check('booking_submissions_kind_enum', inList('kind', SUBMISSION_KINDS)),
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
    /**
     * When this session last proved who it is (a code or a password). Changing the email or
     * password needs this within 10 minutes; null = `created_at`.
     */
    authenticatedAt: timestamp('authenticated_at'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/**
 * A business's invitation to one client to register (SPEC §3.2). Only the SHA-256 of the
 * link's token is stored; the link works once, until it expires or is revoked. The phone on
 * file when it was sent is kept: if the client's number changes, the link stops working.
 */
export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    tokenHash: text('token_hash').notNull(),
    channel: text('channel', { enum: INVITATION_CHANNELS }).notNull(),
    /** The client's phone (E.164) when the invitation was made. */
    phoneE164: text('phone_e164').notNull(),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    revokedAt: timestamp('revoked_at'),
    usedAt: timestamp('used_at'),
    usedByAccountId: text('used_by_account_id').references(() => portalAccounts.id),
  },
  (t) => [
    uniqueIndex('invitations_token_unique').on(t.tokenHash),
    index('invitations_business_idx').on(t.businessId),
    index('invitations_client_idx').on(t.clientId),
    index('invitations_used_by_idx').on(t.usedByAccountId),
    check('invitations_channel_enum', inList('channel', INVITATION_CHANNELS)),
    check('invitations_expiry_after_creation', sql`${t.expiresAt} > ${t.createdAt}`),
    check('invitations_used_has_account', sql`(${t.usedAt} IS NULL) = (${t.usedByAccountId} IS NULL)`),
  ],
);

/**
 * Every email Pawtal sends (password-reset codes, invitations), with the provider's outcome:
 * the development outbox, and the delivery log in production (codes masked there).
 */
export const emailOutbox = sqliteTable(
  'email_outbox',
  {
    id: text('id').primaryKey(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    provider: text('provider').notNull(),
    status: text('status', { enum: EMAIL_STATUSES }).notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('email_outbox_to_idx').on(t.toAddress, t.createdAt), check('email_outbox_status_enum', inList('status', EMAIL_STATUSES))],
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
  (t) => [index('sms_outbox_to_idx').on(t.toE164, t.createdAt), check('sms_outbox_status_enum', inList('status', SMS_STATUSES))],
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

/** Store credit movements of a client (SPEC §8): display only in the portal. */
export const storeCreditTransactions = sqliteTable(
  'store_credit_transactions',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    /** Signed: positive adds credit, negative spends it. */
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    appointmentId: text('appointment_id').references(() => appointments.id),
    createdAt: timestamp('created_at').notNull(),
    /** The staff member who made the entry in the console; null for entries from elsewhere (imports, the demo). */
    createdBy: text('created_by').references((): AnySQLiteColumn => staffAccounts.id),
  },
  (t) => [
    index('store_credit_business_idx').on(t.businessId),
    index('store_credit_client_idx').on(t.clientId, t.createdAt),
    index('store_credit_appointment_idx').on(t.appointmentId),
    check('store_credit_amount_nonzero', sql`${t.amountMinor} <> 0`),
  ],
);

/** Prepaid packages a client holds (SPEC §10), e.g. "10 daycare days". */
export const clientPackages = sqliteTable(
  'client_packages',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    name: text('name').notNull(),
    /** What it covers, in the business's words. */
    covers: text('covers').notNull(),
    totalQuantity: integer('total_quantity').notNull(),
    remainingQuantity: integer('remaining_quantity').notNull(),
    /** YYYY-MM-DD */
    purchasedOn: text('purchased_on').notNull(),
    expiresOn: text('expires_on'),
    /** The package definition it was sold from (null for rows older than package plans). */
    planId: text('plan_id').references(() => packagePlans.id),
    /** Price paid (outside Pawtal), minor units; null for older rows. */
    priceMinor: integer('price_minor'),
    /** Staff account that recorded the sale. */
    soldBy: text('sold_by'),
  },
  (t) => [
    index('client_packages_business_idx').on(t.businessId),
    index('client_packages_client_idx').on(t.clientId),
    check('client_packages_quantities', sql`${t.totalQuantity} > 0 AND ${t.remainingQuantity} BETWEEN 0 AND ${t.totalQuantity}`),
  ],
);

/** Memberships a client holds (SPEC §10). */
export const clientMemberships = sqliteTable(
  'client_memberships',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    planName: text('plan_name').notNull(),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull(),
    perks: text('perks'),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency').notNull(),
    period: text('period', { enum: MEMBERSHIP_PERIODS }).notNull(),
    /** YYYY-MM-DD; null when canceled. */
    nextRenewalOn: text('next_renewal_on'),
    /** The plan it was sold from (null for rows older than membership plans). */
    planId: text('plan_id').references(() => membershipPlans.id),
    /** YYYY-MM-DD */
    startedOn: text('started_on'),
  },
  (t) => [
    index('client_memberships_business_idx').on(t.businessId),
    index('client_memberships_client_idx').on(t.clientId),
    check('client_memberships_status_enum', inList('status', MEMBERSHIP_STATUSES)),
    check('client_memberships_period_enum', inList('period', MEMBERSHIP_PERIODS)),
    check('client_memberships_price_nonnegative', sql`${t.priceMinor} >= 0`),
  ],
);

/** A group class a business runs (SPEC §10), with its sessions. */
export const groupClasses = sqliteTable(
  'group_classes',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    name: text('name').notNull(),
    description: text('description'),
    /** Pets one class takes; null = no limit (older rows). Column-level CHECK > 0 by hand (decision 0005). */
    capacity: integer('capacity'),
  },
  (t) => [index('group_classes_business_idx').on(t.businessId)],
);

export const classSessions = sqliteTable(
  'class_sessions',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    classId: text('class_id')
      .notNull()
      .references(() => groupClasses.id),
    startsAt: timestamp('starts_at').notNull(),
    endsAt: timestamp('ends_at').notNull(),
  },
  (t) => [
    index('class_sessions_business_idx').on(t.businessId),
    index('class_sessions_class_idx').on(t.classId, t.startsAt),
    check('class_sessions_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** A pet enrolled in a class; attendance is recorded per session. */
export const classEnrollments = sqliteTable(
  'class_enrollments',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    classId: text('class_id')
      .notNull()
      .references(() => groupClasses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    petId: text('pet_id')
      .notNull()
      .references(() => pets.id),
    enrolledAt: timestamp('enrolled_at').notNull(),
  },
  (t) => [
    index('class_enrollments_business_idx').on(t.businessId),
    index('class_enrollments_client_idx').on(t.clientId),
    index('class_enrollments_pet_idx').on(t.petId),
    uniqueIndex('class_enrollments_unique').on(t.classId, t.petId),
  ],
);

export const classAttendance = sqliteTable(
  'class_attendance',
  {
    enrollmentId: text('enrollment_id')
      .notNull()
      .references(() => classEnrollments.id),
    sessionId: text('session_id')
      .notNull()
      .references(() => classSessions.id),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
  },
  (t) => [
    primaryKey({ columns: [t.enrollmentId, t.sessionId] }),
    index('class_attendance_session_idx').on(t.sessionId),
    index('class_attendance_business_idx').on(t.businessId),
  ],
);

/**
 * Report cards (SPEC §7): written by staff about one pet's visit; parents see only sent ones
 * (`sent_at` set). Photos live in the object store, referenced by key.
 */
export const reportCards = sqliteTable(
  'report_cards',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    petId: text('pet_id')
      .notNull()
      .references(() => pets.id),
    appointmentId: text('appointment_id').references(() => appointments.id),
    staffId: text('staff_id').references(() => staff.id),
    mood: text('mood'),
    activities: text('activities'),
    eating: text('eating'),
    potty: text('potty'),
    staffComment: text('staff_comment'),
    createdAt: timestamp('created_at').notNull(),
    /** Null while a draft: the portal never shows it. */
    sentAt: timestamp('sent_at'),
  },
  (t) => [
    index('report_cards_business_idx').on(t.businessId),
    index('report_cards_client_idx').on(t.clientId, t.sentAt),
    index('report_cards_pet_idx').on(t.petId),
    index('report_cards_appointment_idx').on(t.appointmentId),
    index('report_cards_staff_idx').on(t.staffId),
  ],
);

export const reportCardPhotos = sqliteTable(
  'report_card_photos',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    reportCardId: text('report_card_id')
      .notNull()
      .references(() => reportCards.id),
    /** Object-store key of the image as the business stored it; the portal serves only its copies (storage/photo-copies.ts). */
    objectKey: text('object_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('report_card_photos_business_idx').on(t.businessId),
    index('report_card_photos_card_idx').on(t.reportCardId, t.position),
    check('report_card_photos_size_positive', sql`${t.width} > 0 AND ${t.height} > 0`),
  ],
);

/** Agreements a business asks every client to sign (SPEC §9); the text is versioned. */
export const agreements = sqliteTable(
  'agreements',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    title: text('title').notNull(),
    /** JSON array of service types whose clients must sign; null = every client. */
    appliesTo: text('applies_to'),
    /** Online booking waits until the client has signed the newest version. */
    blocksBooking: flag('blocks_booking'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('agreements_business_idx').on(t.businessId)],
);

/** One published text of an agreement; the newest version is the one to sign. */
export const agreementVersions = sqliteTable(
  'agreement_versions',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    agreementId: text('agreement_id')
      .notNull()
      .references(() => agreements.id),
    version: integer('version').notNull(),
    body: text('body').notNull(),
    publishedAt: timestamp('published_at').notNull(),
  },
  (t) => [
    index('agreement_versions_business_idx').on(t.businessId),
    uniqueIndex('agreement_versions_unique').on(t.agreementId, t.version),
    check('agreement_versions_version_positive', sql`${t.version} >= 1`),
  ],
);

/**
 * A client's signature of one agreement version, with its audit trail: who, how, the exact
 * text's SHA-256, when (UTC), from where. One per client and version; never updated.
 */
export const agreementSignatures = sqliteTable(
  'agreement_signatures',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    agreementVersionId: text('agreement_version_id')
      .notNull()
      .references(() => agreementVersions.id),
    signerName: text('signer_name').notNull(),
    method: text('method', { enum: SIGNATURE_METHODS }).notNull(),
    /** Object-store key of the drawn signature (PNG); null when typed. */
    signatureKey: text('signature_key'),
    textSha256: text('text_sha256').notNull(),
    consentGiven: integer('consent_given', { mode: 'boolean' }).notNull(),
    signedAt: timestamp('signed_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('agreement_signatures_business_idx').on(t.businessId),
    index('agreement_signatures_version_idx').on(t.agreementVersionId),
    uniqueIndex('agreement_signatures_unique').on(t.clientId, t.agreementVersionId),
    check('agreement_signatures_method_enum', inList('method', SIGNATURE_METHODS)),
    check('agreement_signatures_drawn_has_image', sql`(${t.method} = 'drawn') = (${t.signatureKey} IS NOT NULL)`),
    check('agreement_signatures_consent', sql`${t.consentGiven} = 1`),
    check('agreement_signatures_hash_format', sql`length(${t.textSha256}) = 64`),
  ],
);

/** A package a business sells (issue 14): what it covers, how many, price, how long it lasts. */
export const packagePlans = sqliteTable(
  'package_plans',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    name: text('name').notNull(),
    /** What it covers, in the business's words (shown to the parent). */
    covers: text('covers').notNull(),
    /** Visits of this service type use it up; null = any service type. */
    serviceType: text('service_type', { enum: SERVICE_TYPES }),
    quantity: integer('quantity').notNull(),
    priceMinor: integer('price_minor').notNull(),
    /** Days from the sale until it expires; null = never. */
    validityDays: integer('validity_days'),
    /** No longer sold; clients keep what they bought. */
    retiredAt: timestamp('retired_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('package_plans_business_idx').on(t.businessId),
    check('package_plans_quantity_positive', sql`${t.quantity} > 0`),
    check('package_plans_price_nonnegative', sql`${t.priceMinor} >= 0`),
    check('package_plans_validity_positive', sql`${t.validityDays} IS NULL OR ${t.validityDays} > 0`),
  ],
);

/** One use of a client's package by one visit: UNIQUE(package, appointment) so a visit never uses it twice. */
export const packageUses = sqliteTable(
  'package_uses',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientPackageId: text('client_package_id')
      .notNull()
      .references(() => clientPackages.id),
    appointmentId: text('appointment_id')
      .notNull()
      .references(() => appointments.id),
    usedAt: timestamp('used_at').notNull(),
    /** Staff account that checked the visit out. */
    usedBy: text('used_by'),
  },
  (t) => [
    index('package_uses_business_idx').on(t.businessId),
    index('package_uses_appointment_idx').on(t.appointmentId),
    uniqueIndex('package_uses_once_per_visit').on(t.clientPackageId, t.appointmentId),
  ],
);

/** A membership plan a business offers (issue 14). */
export const membershipPlans = sqliteTable(
  'membership_plans',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    name: text('name').notNull(),
    perks: text('perks'),
    priceMinor: integer('price_minor').notNull(),
    period: text('period', { enum: MEMBERSHIP_PERIODS }).notNull(),
    retiredAt: timestamp('retired_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('membership_plans_business_idx').on(t.businessId),
    check('membership_plans_price_nonnegative', sql`${t.priceMinor} >= 0`),
    check('membership_plans_period_enum', inList('period', MEMBERSHIP_PERIODS)),
  ],
);

/**
 * A vaccination certificate a parent uploaded (issue 14), with the vaccines and expiry dates
 * they read off it; staff accept it (the pet's record is updated) or reject it with a reason.
 */
export const vaccinationUploads = sqliteTable(
  'vaccination_uploads',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    petId: text('pet_id')
      .notNull()
      .references(() => pets.id),
    /** Object-store key of the certificate as uploaded (image or PDF). */
    objectKey: text('object_key').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** JSON array of { name, expiresOn } as the parent typed them. */
    entries: text('entries').notNull(),
    status: text('status', { enum: VACCINATION_UPLOAD_STATUSES }).notNull().default('pending'),
    rejectReason: text('reject_reason'),
    uploadedAt: timestamp('uploaded_at').notNull(),
    decidedAt: timestamp('decided_at'),
    /** Staff account that accepted or rejected it. */
    decidedBy: text('decided_by'),
  },
  (t) => [
    index('vaccination_uploads_business_idx').on(t.businessId, t.status),
    index('vaccination_uploads_pet_idx').on(t.petId),
    check('vaccination_uploads_status_enum', inList('status', VACCINATION_UPLOAD_STATUSES)),
    check('vaccination_uploads_size', sql`${t.sizeBytes} > 0 AND ${t.sizeBytes} <= 10485760`),
    check('vaccination_uploads_rejected_has_reason', sql`(${t.status} = 'rejected') = (${t.rejectReason} IS NOT NULL)`),
  ],
);

/** Expiry reminders sent to a parent (30 and 7 days before): one per vaccination, expiry and lead. */
export const vaccinationReminders = sqliteTable(
  'vaccination_reminders',
  {
    vaccinationId: text('vaccination_id')
      .notNull()
      .references(() => petVaccinations.id),
    /** The expiry the reminder was for: a renewed vaccination is reminded again. */
    expiresOn: text('expires_on').notNull(),
    daysBefore: integer('days_before').notNull(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    sentAt: timestamp('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.vaccinationId, t.expiresOn, t.daysBefore] }), index('vaccination_reminders_business_idx').on(t.businessId)],
);

/** A parent's private calendar feed (issue 15): one per account; only the token's SHA-256 is kept. */
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    accountId: text('account_id')
      .primaryKey()
      .references(() => portalAccounts.id),
    tokenSha256: text('token_sha256').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('calendar_feeds_token_unique').on(t.tokenSha256)],
);

// ---- The business console (issue: console part 1) -------------------------------------------

export const STAFF_ROLES = ['owner', 'staff'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * A person who signs in to the business console: separate from parents' portal accounts and
 * from `staff` (the groomers a business schedules). One account may belong to several
 * businesses (`staff_memberships`).
 */
export const staffAccounts = sqliteTable(
  'staff_accounts',
  {
    id: text('id').primaryKey(),
    /** Normalised (email-address.ts). */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** The TOTP secret, sealed with a key derived from OTP_PEPPER (secret-box.ts); null until enrolled. */
    totpSecretSealed: text('totp_secret_sealed'),
    /** The last 30-second step whose code was accepted: a code is good once. */
    totpLastStep: integer('totp_last_step'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('staff_accounts_email_unique').on(t.email)],
);

export const staffMemberships = sqliteTable(
  'staff_memberships',
  {
    staffAccountId: text('staff_account_id')
      .notNull()
      .references(() => staffAccounts.id),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    /** This staff member wants an email for each new request (through the email provider). */
    emailNewRequests: flag('email_new_requests'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.staffAccountId, t.businessId] }),
    index('staff_memberships_business_idx').on(t.businessId),
    check('staff_memberships_role_enum', inList('role', STAFF_ROLES)),
  ],
);

/** One-time recovery codes for the second factor: ten per enrolment, stored as SHA-256. */
export const staffRecoveryCodes = sqliteTable(
  'staff_recovery_codes',
  {
    id: text('id').primaryKey(),
    staffAccountId: text('staff_account_id')
      .notNull()
      .references(() => staffAccounts.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at'),
  },
  (t) => [index('staff_recovery_codes_account_idx').on(t.staffAccountId), uniqueIndex('staff_recovery_codes_hash_unique').on(t.codeHash)],
);

/**
 * Console sessions, like parents' (token hashed; 30 days absolute) but 12 hours idle. A
 * session is `pending` between the password and the second factor: it opens no console page.
 */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffAccountId: text('staff_account_id')
      .notNull()
      .references(() => staffAccounts.id),
    createdAt: timestamp('created_at').notNull(),
    lastSeenAt: timestamp('last_seen_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    /** When the second factor was passed; null = password only (enough only where none is required). */
    secondFactorAt: timestamp('second_factor_at'),
    userAgent: text('user_agent'),
  },
  (t) => [index('staff_sessions_account_idx').on(t.staffAccountId)],
);

/** Every staff action that changes data: who, what, which record, when, from where. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    staffAccountId: text('staff_account_id').references(() => staffAccounts.id),
    /** e.g. `request.confirm`, `request.decline`, `notification.read` */
    action: text('action').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    /** Short, human-readable: the reason given, the groomer picked… */
    detail: text('detail'),
    ipAddress: text('ip_address'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('audit_log_business_idx').on(t.businessId, t.createdAt), index('audit_log_record_idx').on(t.recordType, t.recordId)],
);

/**
 * Integration API keys, per business (issue: console part 1, item 6): shown once, stored as
 * SHA-256, named, revocable, last use recorded. A key only ever touches its own business.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The first characters of the key, to tell keys apart in the list. */
    prefix: text('prefix').notNull(),
    createdBy: text('created_by').references(() => staffAccounts.id),
    createdAt: timestamp('created_at').notNull(),
    lastUsedAt: timestamp('last_used_at'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_unique').on(t.keyHash), index('api_keys_business_idx').on(t.businessId)],
);

/** An owner's invitation of a staff member by email: a unique link (token stored hashed), 7 days, revocable. */
export const staffInvitations = sqliteTable(
  'staff_invitations',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    email: text('email').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: text('invited_by').references(() => staffAccounts.id),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    acceptedAt: timestamp('accepted_at'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [
    uniqueIndex('staff_invitations_token_unique').on(t.tokenHash),
    index('staff_invitations_business_idx').on(t.businessId),
    check('staff_invitations_role_enum', inList('role', STAFF_ROLES)),
  ],
);

/** An owner's HTTPS endpoint that receives every notification as signed JSON. */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    url: text('url').notNull(),
    /** The signing secret, sealed like TOTP secrets (secret-box.ts); shown once to the owner. */
    secretSealed: text('secret_sealed').notNull(),
    createdBy: text('created_by').references(() => staffAccounts.id),
    createdAt: timestamp('created_at').notNull(),
    disabledAt: timestamp('disabled_at'),
  },
  (t) => [index('webhook_endpoints_business_idx').on(t.businessId)],
);

export const WEBHOOK_DELIVERY_STATUSES = ['queued', 'delivered', 'failed'] as const;

/** One event for one endpoint, retried with backoff by the cron for at least 24 hours. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id')
      .notNull()
      .references(() => businesses.id),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    /** The event type (`new_request`, …, or `test`). */
    event: text('event').notNull(),
    /** The exact JSON body sent (and signed). */
    body: text('body').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at').notNull(),
    deliveredAt: timestamp('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    check('webhook_deliveries_status_enum', inList('status', WEBHOOK_DELIVERY_STATUSES)),
  ],
);

/**
 * WebAuthn passkeys (issue 15 item 2): discoverable credentials with user verification, each
 * owned by exactly one parent account or one staff account. `publicKey` is the COSE key,
 * base64url; `signCount` the authenticator's counter (0 for most synced passkeys).
 */
export const passkeys = sqliteTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    /** The credential id, base64url, as the authenticator reports it. */
    credentialId: text('credential_id').notNull(),
    accountId: text('account_id').references(() => portalAccounts.id),
    staffAccountId: text('staff_account_id').references(() => staffAccounts.id),
    publicKey: text('public_key').notNull(),
    signCount: integer('sign_count').notNull().default(0),
    /** JSON array of transports ("internal", "hybrid", …), as reported at registration. */
    transports: text('transports'),
    name: text('name').notNull(),
    createdAt: timestamp('created_at').notNull(),
    lastUsedAt: timestamp('last_used_at'),
  },
  (t) => [
    uniqueIndex('passkeys_credential_unique').on(t.credentialId),
    index('passkeys_account_idx').on(t.accountId),
    index('passkeys_staff_account_idx').on(t.staffAccountId),
    check('passkeys_one_owner', sql`("account_id" IS NULL) <> ("staff_account_id" IS NULL)`),
  ],
);

export const WEBAUTHN_PURPOSES = ['parent_register', 'parent_sign_in', 'staff_register', 'staff_sign_in', 'staff_second_factor'] as const;
export type WebauthnPurpose = (typeof WEBAUTHN_PURPOSES)[number];

/**
 * WebAuthn challenges, kept server-side: each is used once (deleted as it is checked) and
 * short-lived. `subjectId` is the account (parent or staff) it was issued to, null for a
 * discoverable sign-in where nobody is known yet.
 */
export const webauthnChallenges = sqliteTable(
  'webauthn_challenges',
  {
    challenge: text('challenge').primaryKey(),
    purpose: text('purpose', { enum: WEBAUTHN_PURPOSES }).notNull(),
    subjectId: text('subject_id'),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
  },
  (t) => [index('webauthn_challenges_expires_idx').on(t.expiresAt), check('webauthn_challenges_purpose_enum', inList('purpose', WEBAUTHN_PURPOSES))],
);

export type Business = typeof businesses.$inferSelect;
export type Client = typeof clients.$inferSelect;
export type Pet = typeof pets.$inferSelect;
export type Appointment = typeof appointments.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type SmsMessage = typeof smsOutbox.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type EmailMessage = typeof emailOutbox.$inferSelect;
