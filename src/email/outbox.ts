/**
 * The `email_outbox` table: in development and tests it IS the email provider (every message is
 * stored in full, so a developer or a browser test can read the code, and shown at /dev/outbox
 * instead of being sent); in production it is a delivery log of what Postmark accepted or
 * refused, with codes and link paths masked, so the database never holds a usable reset code or
 * invitation token.
 *
 * Storage goes through a two-method {@link EmailOutboxStore}, so the provider is testable without
 * a database; {@link emailOutboxStore} is the libSQL one.
 */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newId } from '../domain/ids';
import { withSendLog } from '../messaging/delivery-log';
import { assertSendable, type EmailProvider, type OutgoingEmail } from './provider';
import { emailOutbox } from '../db/schema';

/** One stored email (a row of `email_outbox`). */
export type EmailOutboxRow = typeof emailOutbox.$inferSelect;

/** Where outbox rows are kept. */
export interface EmailOutboxStore {
  insert(row: EmailOutboxRow): Promise<void>;
  /** Newest first (ties broken by id, descending); at most `limit`; only to `to` when given. */
  list(opts: { limit: number; to?: string }): Promise<EmailOutboxRow[]>;
}

/** The `email_outbox` table through the request's database handle. */
export function emailOutboxStore(db: Db): EmailOutboxStore {
  return {
    async insert(row) {
      await db.insert(emailOutbox).values(row);
    },
    async list({ limit, to }) {
      return db
        .select()
        .from(emailOutbox)
        .where(to === undefined ? undefined : eq(emailOutbox.toAddress, to))
        .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
        .limit(limit);
    },
  };
}

/**
 * The newest stored emails first.
 * @param limit - at most this many rows (clamped to 1…500)
 * @param opts.to - only emails to this address
 */
export async function listEmailOutbox(store: EmailOutboxStore, limit = 50, opts: { to?: string } = {}): Promise<EmailOutboxRow[]> {
  const n = Math.min(500, Math.max(1, Math.floor(limit)));
  return store.list(opts.to === undefined ? { limit: n } : { limit: n, to: opts.to });
}

/** Stores emails in the outbox instead of sending them (development and tests only). */
export class OutboxEmailProvider implements EmailProvider {
  readonly name = 'outbox';
  readonly #store: EmailOutboxStore;
  readonly #now: () => number;

  /**
   * @param store - where to keep the messages ({@link emailOutboxStore} in the app)
   * @param now - clock, for tests; defaults to Date.now
   */
  constructor(store: EmailOutboxStore, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  /**
   * Stores the message (status "sent", text body in full: the outbox exists so a developer can
   * read the code). The HTML part is not kept: it says the same as the text.
   * @returns the new row's id as the provider message id
   * @throws TypeError for a malformed message, as the real provider would
   */
  async send(msg: OutgoingEmail): Promise<{ providerMessageId: string | null }> {
    assertSendable(msg);
    const id = newId('eml');
    await this.#store.insert({
      id,
      toAddress: msg.to,
      subject: msg.subject,
      bodyText: msg.text,
      provider: this.name,
      status: 'sent',
      providerMessageId: id,
      error: null,
      createdAt: new Date(this.#now()),
    });
    return { providerMessageId: id };
  }
}

/**
 * What a production log may keep of an email: every run of 4 or more digits masked with `*`
 * (codes), and every URL cut to its origin (`https://pawtal.app/…`: invitation and other links
 * carry tokens in their path or query).
 */
export function redactSecrets(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s/?#<>"]+[^\s<>"]*|\d{4,}/gi, (match) => {
    if (/^\d+$/.test(match)) return '*'.repeat(match.length);
    const origin = /^https?:\/\/[^\s/?#<>"]+/i.exec(match)![0];
    return match.length > origin.length ? `${origin}/…` : origin;
  });
}

/**
 * Wraps a real provider so each attempt is also logged in the outbox table (status sent/failed,
 * body through {@link redactSecrets}); best effort, as messaging/delivery-log.ts says.
 */
export function withEmailDeliveryLog(provider: EmailProvider, store: EmailOutboxStore, now: () => number = Date.now): EmailProvider {
  return withSendLog<OutgoingEmail>(provider, 'email', (msg, outcome) =>
    store.insert({
      id: newId('eml'),
      toAddress: msg.to,
      subject: redactSecrets(msg.subject),
      bodyText: redactSecrets(msg.text),
      provider: provider.name,
      status: outcome.status,
      providerMessageId: outcome.providerMessageId ?? null,
      error: outcome.error ?? null,
      createdAt: new Date(now()),
    }),
  );
}
