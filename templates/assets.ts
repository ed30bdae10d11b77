/**
 * Fingerprinted static file names. static/_headers caches these for a year (immutable), so a
 * change to a file must change its name: `npm run assets` (scripts/fingerprint.ts) rewrites this file.
 */
export const ASSETS = {
  css: '/app-15fc9009af.css',
  htmx: '/htmx-4.0.1.min.js',
  js: '/app-3a2ba9a2dd.js',
} as const;
