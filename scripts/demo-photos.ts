/**
 * Puts the demo report-card photos (scripts/demo-photos/*.png, listed in
 * scripts/demo-report-cards.ts) into the LOCAL R2 bucket bound as PHOTOS, where `wrangler dev`
 * reads it. The seed runs in Node against libSQL and cannot reach R2, so the bytes go in here,
 * through wrangler's own local bindings (`getPlatformProxy`, the same storage `wrangler dev`
 * persists to). Puts overwrite, so running it again is harmless.
 *
 * Run: `node --import tsx scripts/demo-photos.ts [--persist-to <dir>]` (the same directory as
 * `wrangler dev --persist-to`; default .wrangler/state), or call `putDemoPhotos` (stack.ts).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_REPORT_CARD_PHOTOS } from './demo-report-cards';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_PHOTO_DIR = join(ROOT, 'scripts', 'demo-photos');

/** Every object to put: R2 key → file under scripts/demo-photos/. */
export function demoPhotoObjects(): { key: string; file: string }[] {
  return DEMO_REPORT_CARD_PHOTOS.map((p) => ({ key: p.objectKey, file: p.file }));
}

/**
 * Writes the demo photos into the local PHOTOS bucket.
 * @param opts.persistTo The directory given to `wrangler dev --persist-to` (wrangler keeps its
 *   state under `<dir>/v3`); omitted = wrangler's default, .wrangler/state.
 * @returns How many objects were written.
 */
export async function putDemoPhotos(opts: { persistTo?: string } = {}): Promise<number> {
  // Imported here so that importing this module (e.g. for the list) never loads wrangler.
  const { getPlatformProxy } = await import('wrangler');
  const proxy = await getPlatformProxy<{ PHOTOS: R2Bucket }>({
    configPath: join(ROOT, 'wrangler.toml'),
    persist: { path: join(resolve(ROOT, opts.persistTo ?? '.wrangler/state'), 'v3') },
    remoteBindings: false,
    envFiles: [],
  });
  try {
    const objects = demoPhotoObjects();
    for (const { key, file } of objects) {
      const bytes = await readFile(join(DEMO_PHOTO_DIR, file));
      await proxy.env.PHOTOS.put(key, bytes, { httpMetadata: { contentType: 'image/png' } });
    }
    return objects.length;
  } finally {
    await proxy.dispose();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'persist-to': { type: 'string' } } });
  putDemoPhotos({ persistTo: values['persist-to'] }).then(
    (n) => console.log(`${n} demo photos put into the local PHOTOS bucket.`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
