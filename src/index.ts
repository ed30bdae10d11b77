/**
 * The Worker entry: the Hono app answers requests, a cron (src/cron.ts) drains queued messages
 * (decision 0010) and deletes rows past their time (decision 0015), and the Durable Object
 * classes the runtime instantiates (declared in wrangler.toml) are exported by name.
 */
import { app } from './app';
import type { Env } from './env';
import { scheduled } from './cron';

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Env>;
export { OtpGuard } from './durable-objects/otp-guard';
export { BookingLock } from './durable-objects/booking-lock';
export { CredentialGuard } from './durable-objects/credential-guard';
