/**
 * The `email_outbox` table, waiting to move into src/db/schema.ts (the one source of truth that
 * drizzle-kit generates migrations from). Until then it lives here so ./outbox.ts can be written
 * and tested; no migration creates it yet.
 *
 * To adopt it: paste the part below the line into schema.ts next to `smsOutbox` (schema.ts has
 * its own `inList` and `timestamp`, identical to the two helpers here), add
 * `export type EmailMessage = typeof emailOutbox.$inferSelect;`, run `npm run db:generate`,
 * point the import in ./outbox.ts at '../db/schema', and delete this file. The migration should
 * come out as (test/email/outbox.test.ts creates exactly this when it is missing):
 *
 *   CREATE TABLE `email_outbox` (
 *     `id` text PRIMARY KEY NOT NULL,
 *     `to_address` text NOT NULL,
 *     `subject` text NOT NULL,
 *     `body_text` text NOT NULL,
 *     `provider` text NOT NULL,
 *     `status` text NOT NULL,
 *     `provider_message_id` text,
 *     `error` text,
 *     `created_at` integer NOT NULL,
 *     CONSTRAINT "email_outbox_status_enum" CHECK("status" IN ('queued', 'sent', 'failed'))
 *   );
 *   CREATE INDEX `email_outbox_to_idx` ON `email_outbox` (`to_address`,`created_at`);
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

function inList(column: string, values: readonly string[]) {
  return sql.raw(`"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`);
}
const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

// ---- paste into src/db/schema.ts from here --------------------------------------------------

export const EMAIL_STATUSES = ['queued', 'sent', 'failed'] as const;

/**
 * Emails: in development and tests the outbox itself (every message stored in full and shown at
 * /dev/outbox); in production a delivery log of what Postmark accepted or refused, with codes
 * and link paths masked (src/email/outbox.ts).
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
  (t) => [
    index('email_outbox_to_idx').on(t.toAddress, t.createdAt),
    check('email_outbox_status_enum', inList('status', EMAIL_STATUSES)),
  ],
);
