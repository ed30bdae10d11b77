/**
 * Fingerprinted static file names. static/_headers caches these for a year (immutable), so a
 * change to a file must change its name here: scripts/fingerprint.ts rewrites this file.
 */
export const ASSETS = {
  css: '/app-v1.css',
  htmx: '/htmx-4.0.1.min.js',
} as const;
