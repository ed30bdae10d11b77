/**
 * The Worker entry: the Hono app as the default export, and the Durable Object classes the
 * runtime instantiates (declared in wrangler.toml).
 */
import { app } from './app';

export default app;
export { OtpGuard } from './durable-objects/otp-guard';
export { BookingLock } from './durable-objects/booking-lock';
export { CredentialGuard } from './durable-objects/credential-guard';
