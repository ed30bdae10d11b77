/**
 * Fingerprinted static file names. static/_headers caches these for a year (immutable), so a
 * change to a file must change its name: `npm run assets` (scripts/fingerprint.ts) rewrites this file.
 */
export const ASSETS = {
  css: '/app-15fc9009af.css',
  htmx: '/htmx-4.0.1.min.js',
  js: '/app-18017cf334.js',
} as const;
