/** The icon set and manifest the layout links: present, valid, cached for a year under versioned names. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STATIC = join(import.meta.dirname, '..', '..', 'static');

describe('static/icons', () => {
  it('has a manifest whose icons exist: the SVG, and the 192 and 512 px PNGs browsers want to install the app', () => {
    const manifest = JSON.parse(readFileSync(join(STATIC, 'icons', 'manifest-v2.webmanifest'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'Pawtal', start_url: '/', display: 'standalone' });
    for (const icon of manifest.icons as { src: string; sizes: string; type: string }[]) {
      const bytes = readFileSync(join(STATIC, icon.src));
      if (icon.type === 'image/svg+xml') {
        expect(bytes.toString()).toMatch(/^<svg /);
        continue;
      }
      // A PNG's IHDR: the signature, then width and height (big-endian) at bytes 16 and 20.
      expect(icon.type).toBe('image/png');
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    expect((manifest.icons as { sizes: string }[]).map((i) => i.sizes)).toEqual(['any', '192x192', '512x512']);
  });

  it('is served with a year-long immutable cache (static/_headers)', () => {
    expect(readFileSync(join(STATIC, '_headers'), 'utf8')).toMatch(/\/icons\/\*\n\s+Cache-Control: public, max-age=31536000, immutable/);
  });
});
