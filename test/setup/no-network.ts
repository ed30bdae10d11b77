/**
 * Unexpected outbound network calls fail the test (DESIGN.md rule 10): only the test libSQL
 * server may be reached, and the fault lab's database and control server (./fault-lab.ts).
 * The guard replaces fetch for the whole test file as a plain function
 * (not a spy), so a test that mocks an outside service (Twilio, email) with vi.spyOn — and
 * keeps "the real fetch" for the database — wraps the guard, and restoring mocks returns to it.
 */
import { env } from 'cloudflare:workers';
import { inject } from 'vitest';

const realFetch = globalThis.fetch;
const allowedOrigins = new Set([env.LIBSQL_URL, inject('faultDbUrl'), inject('faultLabUrl')].map((url) => new URL(url).origin));

globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (allowedOrigins.has(url.origin)) return realFetch(input, init);
  return Promise.reject(new Error(`Unexpected outbound request in a test: ${init?.method ?? 'GET'} ${url.origin}${url.pathname}`));
};
