// Types for `env` and `exports` from 'cloudflare:workers' inside the tests: the Worker's own
// Env and its main module (so exports.default is the app).
import type { Env as WorkerEnv } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import('../src/index');
      durableNamespaces: 'OtpGuard' | 'BookingLock';
    }
  }
}
