/**
 * Renders the app icon (static/icons/pawtal-v1.svg) as the 192 and 512 px PNGs the web app
 * manifest lists (static/icons/manifest-v2.webmanifest): browsers want PNGs of those sizes to
 * offer "Install" / "Add to Home Screen". sharp is the one wrangler's local Images binding
 * already installs. Icons are cached for a year under versioned names (static/_headers): a
 * changed icon needs a new name (pawtal-v2…) and a new manifest name, not an overwrite.
 *
 * Run: node --import tsx scripts/icons.ts
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const ICONS = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'static', 'icons');
const SVG_VIEWBOX = 64;

for (const size of [192, 512]) {
  // Rasterise at the density that gives `size` pixels for the 64-unit viewBox, so nothing is scaled up.
  await sharp(join(ICONS, 'pawtal-v1.svg'), { density: Math.ceil((72 * size) / SVG_VIEWBOX) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(join(ICONS, `pawtal-v1-${size}.png`));
  console.log(`static/icons/pawtal-v1-${size}.png`);
}
