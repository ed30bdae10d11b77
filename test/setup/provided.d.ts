/** Values test/setup/global-setup.ts provides to the "workers" project (read with `inject`). */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the local libSQL server, e.g. http://127.0.0.1:41234 */
    dbUrl: string;
    /** Bearer token that server requires. */
    dbToken: string;
    /** The fault lab's database (test/setup/fault-lab.ts), which tests stop and pause. */
    faultDbUrl: string;
    /** The fault lab's control server: POST /stop, /start, /pause, /resume. */
    faultLabUrl: string;
  }
}
