/**
 * Vaccination expiry reminders, sent by the cron (issue 14 item 5): 30 and 7 days before a
 * REQUIRED vaccination expires — one whose name (case-insensitive) is in the required list of
 * an active service of the business, as booking checks it — the parent is texted once for each,
 * on the phone on file (the channel report cards use), in the parent's language (an account's
 * stored choice, else the business's text language: one more column of the due-vaccinations
 * read). "Days before" are counted on the business's calendar, in its time zone.
 *
 * Once each: the reminder row (PK vaccination, expiry, lead) and its message go in one batch,
 * the message only when the reminder row was just written (`changes() = 1`), so two runs — or
 * two at once — never text twice; a renewed vaccination (a new expiry) is reminded again.
 * Bounded: at most {@link REMINDER_BATCH} per run, the rest in the next one. A run costs three
 * round trips (the time zones, the due vaccinations, the batch); the messages are queued and go
 * out with the outbox's delivery (messaging/delivery.ts), or are delivered at once by the
 * development outbox.
 */
import { sql } from 'drizzle-orm';
import { createDb, type Db } from '../db/client';
import { businesses, clients, petVaccinations, portalAccounts, pets, services, smsOutbox, vaccinationReminders } from '../db/schema';
import type { Env } from '../env';
import { newId } from '../domain/ids';
import { addDays, formatDate, localDateString } from '../domain/time';
import { REMINDER_LEADS, reminderLeadOn, type ReminderLead } from '../domain/vaccination-upload';
import { DEFAULT_LANGUAGE, intlLocale, translator, type Language } from '../i18n';
import { deliveryModeFor, type DeliveryEnv } from './delivery';
import { publicOrigin } from './public-host';
import { textLanguageOf } from './text-language';

/** Reminders sent per run at most. */
export const REMINDER_BATCH = 100;
/** The cron runs every minute; reminders are a daily matter, so every 10 minutes (at minute 5, 15, …: not with retention). */
export const REMINDERS_EVERY_MINUTES = 10;

export function runsReminders(scheduledTime: number): boolean {
  return Math.floor(scheduledTime / 60_000) % REMINDERS_EVERY_MINUTES === 5;
}

export interface ReminderInput {
  businessName: string;
  petName: string;
  vaccine: string;
  expiresOn: string;
  daysBefore: ReminderLead;
  locale: string;
  /** The parent's language, else the business's text language; English when not given. */
  language?: Language;
  link: string;
}

/**
 * The text, in `language`: who, which pet, which vaccine, the date (the business's region) and
 * where to send the new certificate.
 */
export function reminderMessage(m: ReminderInput): string {
  const language = m.language ?? DEFAULT_LANGUAGE;
  const [y, mo, d] = m.expiresOn.split('-').map(Number) as [number, number, number];
  const date = formatDate(Date.UTC(y, mo - 1, d), 'UTC', intlLocale(language, m.locale), { day: 'numeric', month: 'short', year: 'numeric' });
  return translator(language)('messages.reminder.vaccination', {
    business: m.businessName,
    pet: m.petName,
    vaccine: m.vaccine,
    date,
    days: m.daysBefore,
    link: m.link,
  });
}

type ReminderEnv = DeliveryEnv & Pick<Env, 'APP_ENV' | 'PUBLIC_HOST'>;

/**
 * Queues the reminders due at `now` (epoch ms), at most `limit`; returns how many were queued.
 * @throws when the SMS provider or PUBLIC_HOST is not configured, or the database fails (nothing is recorded then)
 */
export async function sendVaccinationReminders(env: ReminderEnv, db: Db, now: number, limit = REMINDER_BATCH): Promise<number> {
  // The time zones of businesses that require a vaccination: each has its own "today".
  const zones = await db.all<{ tz: string }>(sql`SELECT DISTINCT b.time_zone AS tz FROM ${businesses} b
    WHERE EXISTS (SELECT 1 FROM ${services} s WHERE s.business_id = b.id AND s.active = 1 AND s.required_vaccinations IS NOT NULL)`);
  if (zones.length === 0) return 0;
  const due = zones.flatMap(({ tz }) => {
    const today = localDateString(now, tz);
    return REMINDER_LEADS.map((lead) => sql`(${tz}, ${addDays(today, lead)}, ${lead})`);
  });
  const rows = await db.all<{
    vaccinationId: string;
    name: string;
    expiresOn: string;
    businessId: string;
    businessName: string;
    timeZone: string;
    locale: string;
    language: string | null;
    petId: string;
    petName: string;
    clientId: string;
    phoneE164: string;
  }>(sql`WITH due(tz, expires_on, lead) AS (VALUES ${sql.join(due, sql`, `)})
    SELECT v.id AS vaccinationId, v.name AS name, v.expires_on AS expiresOn, b.id AS businessId, b.name AS businessName,
      b.time_zone AS timeZone, b.locale AS locale, coalesce(pa.language, b.text_language) AS language, p.id AS petId, p.name AS petName, c.id AS clientId, c.phone_e164 AS phoneE164
    FROM ${petVaccinations} v
    JOIN ${pets} p ON p.id = v.pet_id AND p.business_id = v.business_id
    JOIN ${clients} c ON c.id = p.client_id AND c.business_id = p.business_id
    JOIN ${businesses} b ON b.id = v.business_id
    LEFT JOIN ${portalAccounts} pa ON pa.phone_e164 = c.phone_e164
    JOIN due ON due.tz = b.time_zone AND due.expires_on = v.expires_on
    WHERE EXISTS (SELECT 1 FROM ${services} s WHERE s.business_id = v.business_id AND s.active = 1
        AND instr(',' || lower(s.required_vaccinations) || ',', ',' || lower(trim(v.name)) || ',') > 0)
      AND NOT EXISTS (SELECT 1 FROM ${vaccinationReminders} r
        WHERE r.vaccination_id = v.id AND r.expires_on = v.expires_on AND r.days_before = due.lead)
    ORDER BY v.expires_on, v.id
    LIMIT ${limit}`);
  if (rows.length === 0) return 0;

  const mode = deliveryModeFor(env, db, 'sms');
  const origin = publicOrigin(env, 'http://localhost');
  const statements = rows.flatMap((r) => {
    const lead = reminderLeadOn(localDateString(now, r.timeZone), r.expiresOn);
    if (!lead) return [];
    const id = newId('sms');
    const body = reminderMessage({
      businessName: r.businessName,
      petName: r.petName,
      vaccine: r.name,
      expiresOn: r.expiresOn,
      daysBefore: lead,
      locale: r.locale,
      language: textLanguageOf(r.language),
      link: `${origin}/c/${r.clientId}/pets/${r.petId}/vaccinations/new`,
    });
    return [
      db.run(sql`INSERT INTO ${vaccinationReminders} ("vaccination_id", "expires_on", "days_before", "business_id", "sent_at")
        VALUES (${r.vaccinationId}, ${r.expiresOn}, ${lead}, ${r.businessId}, CAST(${now} AS INTEGER))
        ON CONFLICT DO NOTHING`),
      // Only when the line above wrote the reminder: a second run (or one at the same time) queues nothing.
      db.run(sql`INSERT INTO ${smsOutbox} ("id", "to_e164", "body", "provider", "status", "provider_message_id", "error", "created_at")
        SELECT ${id}, ${r.phoneE164}, ${body}, ${mode.provider}, ${mode.immediate ? 'sent' : 'queued'}, ${mode.immediate ? id : null}, NULL, CAST(${now} AS INTEGER)
        WHERE changes() = 1`),
    ];
  });
  if (statements.length === 0) return 0;
  const results = await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
  return results.filter((_, i) => i % 2 === 1).reduce((n, r) => n + r.rowsAffected, 0);
}

/**
 * The cron's step (src/cron.ts): on reminder minutes, queue what is due and log it. Never
 * throws: a failed run (a provider or PUBLIC_HOST not set, the database down) is logged and the
 * next one tries again.
 */
export async function runVaccinationReminders(env: Env, scheduledTime: number, cron: string): Promise<void> {
  if (!runsReminders(scheduledTime)) return;
  try {
    const queued = await sendVaccinationReminders(env as ReminderEnv, createDb(env, { roundTrips: 0, durationMs: 0 }), Date.now());
    if (queued > 0) console.log(JSON.stringify({ level: 'info', msg: 'vaccination reminders queued', cron, queued }));
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'vaccination reminders not sent', cron, error: String(error) }));
  }
}
