/**
 * The Worker's bindings and secrets, and the per-request variables middleware sets.
 * Bindings are declared in wrangler.toml; secrets come from `wrangler secret put` (production)
 * or .dev.vars (local, see .dev.vars.example).
 */
import type { OtpGuard } from './durable-objects/otp-guard';
import type { BookingLock } from './durable-objects/booking-lock';
import type { CredentialGuard } from './durable-objects/credential-guard';

export interface Env {
  /** libSQL over HTTP: Turso's https:// URL in production, the local dev server otherwise. */
  LIBSQL_URL: string;
  /** Turso database token (secret); empty for the local dev server. */
  LIBSQL_AUTH_TOKEN?: string;
  /** Time limit of one database round trip in ms (default 4000, db/client.ts); past it the request answers 503. */
  LIBSQL_TIMEOUT_MS?: string;
  /** Secret pepper for the HMAC of one-time codes. */
  OTP_PEPPER: string;
  /** "development" enables /dev/outbox; "test" is used by the test suite; else production. */
  APP_ENV: string;
  /** "twilio" or "outbox" (development and tests). */
  SMS_PROVIDER: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  /** Sender number or Messaging Service SID (MG…) for Twilio. */
  TWILIO_FROM?: string;
  /** "postmark" or "outbox" (development and tests; refused in production). See src/email. */
  EMAIL_PROVIDER?: string;
  /** Sender of Pawtal's emails, e.g. `Pawtal <no-reply@pawtal.app>` (a Postmark sender signature). */
  EMAIL_FROM?: string;
  /** Postmark server API token (secret). */
  POSTMARK_SERVER_TOKEN?: string;
  /** Postmark transactional message stream; empty = "outbound". */
  POSTMARK_MESSAGE_STREAM?: string;
  /**
   * Host of the links Pawtal texts and emails and of the WebOTP line (`@host #code`). Required
   * outside development and tests (nothing is sent without it); there, empty = the request's host.
   */
  PUBLIC_HOST?: string;
  /** Bearer token for the staff operations (confirm/decline requests); unset = routes off. */
  STAFF_API_TOKEN?: string;
  /** Region for phone numbers typed without a country code when no business says otherwise. */
  DEFAULT_REGION?: string;
  /** R2 bucket of photos (pets, report cards), their small copies and drawn signatures; served only through routes that check access. */
  PHOTOS: R2Bucket;
  /** Cloudflare Images: makes the small copies of photos (storage/photo-copies.ts); sharp in local mode. */
  IMAGES: ImagesBinding;
  /** Static files (static/), served before the Worker runs. */
  ASSETS: Fetcher;
  /** One per phone number (and per client IP): sign-in code attempts and send limits. */
  OTP_GUARD: DurableObjectNamespace<OtpGuard>;
  /** One per business: serialises changes to booking requests and capacity. */
  BOOKING_LOCK: DurableObjectNamespace<BookingLock>;
  /** One per normalised email address: wrong-password limits and password-reset codes. */
  CREDENTIAL_GUARD: DurableObjectNamespace<CredentialGuard>;
}
