/**
 * Picks the email provider from the environment (EMAIL_PROVIDER), so routes never know which one
 * they talk to. A misconfiguration is a clear error at the first send, not a silent drop.
 */
import type { Db } from '../db/client';
import { PostmarkEmailProvider } from './http';
import { emailOutboxStore, OutboxEmailProvider, withEmailDeliveryLog } from './outbox';
import type { EmailProvider } from './provider';

export {
  assertSendable,
  emailCodeMessage,
  EmailSendError,
  type EmailCodePurpose,
  type EmailProvider,
  type OutgoingEmail,
} from './provider';
export { emailOutboxStore, listEmailOutbox, type EmailOutboxRow, type EmailOutboxStore } from './outbox';

/**
 * The settings this module reads. They are not in src/env.ts yet; once they are, this is
 * `Pick<Env, keyof EmailEnv>`.
 */
export interface EmailEnv {
  /** "postmark" or "outbox" (development and tests). */
  EMAIL_PROVIDER?: string;
  /** "production" refuses the outbox. */
  APP_ENV: string;
  /** Postmark server API token (secret). */
  POSTMARK_SERVER_TOKEN?: string;
  /** Sender, e.g. `Pawtal <no-reply@pawtal.app>`: a Postmark sender signature or verified domain. */
  EMAIL_FROM?: string;
  /** Postmark transactional stream id; empty = "outbound". */
  POSTMARK_MESSAGE_STREAM?: string;
}

/** EMAIL_PROVIDER or POSTMARK_* settings that cannot work. */
export class EmailConfigError extends Error {
  override readonly name = 'EmailConfigError';
}

/**
 * The provider for this environment:
 * - `postmark`: Postmark's HTTP API (needs POSTMARK_SERVER_TOKEN and EMAIL_FROM), with each
 *   attempt logged in `email_outbox` with codes and link paths masked;
 * - `outbox`: emails are stored in `email_outbox` (and shown at /dev/outbox); refused when
 *   APP_ENV is "production", because reset codes would sit in the database unsent.
 * @throws {EmailConfigError} for an unknown or unset provider, missing Postmark settings, or the
 *   outbox in production
 */
export function emailProviderFor(env: EmailEnv, db: Db): EmailProvider {
  switch (env.EMAIL_PROVIDER) {
    case 'postmark': {
      const missing = (['POSTMARK_SERVER_TOKEN', 'EMAIL_FROM'] as const).filter((k) => !env[k]);
      if (missing.length) {
        throw new EmailConfigError(
          `EMAIL_PROVIDER is "postmark" but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (wrangler secret put …)`,
        );
      }
      const postmark = new PostmarkEmailProvider({
        serverToken: env.POSTMARK_SERVER_TOKEN as string,
        from: env.EMAIL_FROM as string,
        ...(env.POSTMARK_MESSAGE_STREAM ? { messageStream: env.POSTMARK_MESSAGE_STREAM } : {}),
      });
      return withEmailDeliveryLog(postmark, emailOutboxStore(db));
    }
    case 'outbox':
      if (env.APP_ENV === 'production') {
        throw new EmailConfigError('EMAIL_PROVIDER "outbox" is for development and tests; set it to "postmark" in production');
      }
      return new OutboxEmailProvider(emailOutboxStore(db));
    default:
      throw new EmailConfigError(
        `${env.EMAIL_PROVIDER === undefined ? 'EMAIL_PROVIDER is not set' : `Unknown EMAIL_PROVIDER ${JSON.stringify(env.EMAIL_PROVIDER)}`}: expected "postmark" or "outbox"`,
      );
  }
}
